//! [`CheckMembership`]: only accounts of active organisations may transact, each within its
//! share of a block.
//!
//! Placed first in the runtime's transaction extensions, it runs when the transaction pool
//! validates a transaction, so an outsider's transaction never enters the pool, is never
//! gossiped and never takes block space. It also bounds what one organisation may place in one
//! block: [`Config::MaxTransactionsPerBlock`] transactions, and [`Config::BlockShare`] of the
//! block's normal weight and length. When a block is being built, an organisation over any of
//! them gets `ExhaustsResources`, which leaves the transaction in the pool for a later block
//! instead of dropping it, and the block builder goes on to other organisations' transactions.
//! A transaction that could never fit in one share is refused before the pool, and so is a
//! call the runtime's call filter would refuse to dispatch.
//!
//! It also keeps each organisation within [`Config::DailyStateBudget`]: every call is charged
//! the most new state it can add ([`Config::StateGrowth`]) when it is included, and given it
//! back if it fails. A transaction over the day's budget is refused, in the pool and in a
//! block, until the next day (UTC).

use codec::{Decode, DecodeWithMemTracking, Encode};
use frame_support::{
	dispatch::{DispatchClass, DispatchInfo, PostDispatchInfo},
	pallet_prelude::TransactionSource,
	traits::{Contains, Get},
	DebugNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use medtrust_primitives::{MembershipError, OrganizationId};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{AsSystemOriginSigner, DispatchInfoOf, Dispatchable, PostDispatchInfoOf, TransactionExtension, ValidateResult},
	transaction_validity::{InvalidTransaction, TransactionValidityError, ValidTransaction},
	DispatchResult, Weight,
};

use frame_support::traits::UnixTime;
use medtrust_primitives::state::StateGrowth;

use crate::{BlockUsage, Config, OrganizationBlockUsage, OrganizationStateUsage, Pallet, StateUsage, WeightInfo};

/// A day in seconds, for the state budget.
const DAY_SECONDS: u64 = 86_400;

/// The `InvalidTransaction::Custom` codes [`CheckMembership`] gives. The client SDK turns them
/// into sentences.
pub mod invalid_transaction {
	/// The signer acts for no organisation of the consortium.
	pub const NOT_A_MEMBER: u8 = 1;
	/// The signer's organisation is suspended.
	pub const ORGANIZATION_SUSPENDED: u8 = 2;
	/// The transaction's weight or length alone is more than one organisation's share of a
	/// block: it could never be included. Split it (a smaller batch).
	pub const EXCEEDS_BLOCK_SHARE: u8 = 3;
	/// The new state the transaction may add would take the organisation over its budget for
	/// the day. It may be sent again tomorrow (UTC).
	pub const DAILY_STATE_BUDGET: u8 = 4;
}

/// Refuses signed transactions from accounts that do not act for an active organisation, and
/// bounds each organisation's transactions, weight and bytes per block. Carries no data in the transaction.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Eq, PartialEq, TypeInfo, DebugNoBound)]
#[scale_info(skip_type_params(T))]
pub struct CheckMembership<T: Config + Send + Sync>(core::marker::PhantomData<T>);

impl<T: Config + Send + Sync> CheckMembership<T> {
	/// The extension as a transaction carries it.
	pub fn new() -> Self {
		Self(core::marker::PhantomData)
	}
}

impl<T: Config + Send + Sync> Default for CheckMembership<T> {
	fn default() -> Self {
		Self::new()
	}
}

impl<T: Config + Send + Sync> CheckMembership<T> {
	/// The organisation the signer acts for, if it is active.
	fn member_organization(who: &T::AccountId) -> Result<OrganizationId, TransactionValidityError> {
		<Pallet<T> as medtrust_primitives::OrganizationInspect<T::AccountId>>::ensure_active_member(who)
			.map_err(|e| {
				let code = match e {
					MembershipError::NotAMember | MembershipError::MissingRole =>
						invalid_transaction::NOT_A_MEMBER,
					MembershipError::OrganizationSuspended => invalid_transaction::ORGANIZATION_SUSPENDED,
				};
				InvalidTransaction::Custom(code).into()
			})
	}

	/// What `org`'s transactions have added to the state today, with `growth` more; refused
	/// when that is over the day's budget.
	fn state_with(org: OrganizationId, growth: u64) -> Result<OrganizationStateUsage, TransactionValidityError> {
		let today = u32::try_from(T::UnixTime::now().as_secs() / DAY_SECONDS).unwrap_or(u32::MAX);
		let usage = StateUsage::<T>::get(org);
		let used = if usage.day == today { usage.bytes } else { 0 };
		let bytes = used.saturating_add(growth);
		if bytes > T::DailyStateBudget::get() {
			return Err(InvalidTransaction::Custom(invalid_transaction::DAILY_STATE_BUDGET).into());
		}
		Ok(OrganizationStateUsage { day: today, bytes })
	}

	/// What `org` has already placed in block `now`.
	fn placed_in_block(org: OrganizationId, now: BlockNumberFor<T>) -> OrganizationBlockUsage<BlockNumberFor<T>> {
		let usage = BlockUsage::<T>::get(org);
		if usage.block == now {
			usage
		} else {
			OrganizationBlockUsage { block: now, ..Default::default() }
		}
	}
}

/// One organisation's share of a block: its weight and its length in bytes.
pub fn block_share<T: Config>() -> (Weight, u32) {
	let weights = T::BlockWeights::get();
	let normal_weight = weights.get(DispatchClass::Normal).max_total.unwrap_or(weights.max_block);
	let normal_length = *T::BlockLength::get().max.get(DispatchClass::Normal);
	let share = T::BlockShare::get();
	(share * normal_weight, share * normal_length)
}

/// The weight a transaction takes in a block: its call and extensions, and the base of its class.
fn transaction_weight<T: Config>(info: &DispatchInfo) -> Weight {
	info.total_weight().saturating_add(T::BlockWeights::get().get(info.class).base_extrinsic)
}

impl<T: Config + Send + Sync> TransactionExtension<T::RuntimeCall> for CheckMembership<T>
where
	T::RuntimeCall: Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo>,
	<T::RuntimeCall as Dispatchable>::RuntimeOrigin: AsSystemOriginSigner<T::AccountId> + Clone,
{
	const IDENTIFIER: &'static str = "CheckMembership";
	type Implicit = ();
	/// The signer's organisation, the new state the call may add and, while a block is built,
	/// what the organisation has placed in the block and added to the state today with this
	/// transaction counted; `None` for an unsigned transaction.
	type Val = Option<(
		OrganizationId,
		u64,
		Option<(OrganizationBlockUsage<BlockNumberFor<T>>, Option<OrganizationStateUsage>)>,
	)>;
	/// The organisation whose usage this transaction counts in and the state it was charged,
	/// to refund unspent weight and, if the call fails, the state.
	type Pre = Option<(OrganizationId, u64)>;

	fn weight(&self, call: &T::RuntimeCall) -> Weight {
		let check = <T as Config>::WeightInfo::check_membership();
		// A call that adds state also reads and writes its organisation's daily usage.
		if T::StateGrowth::new_state(call) > 0 {
			check.saturating_add(T::DbWeight::get().reads_writes(1, 1))
		} else {
			check
		}
	}

	fn validate(
		&self,
		origin: <T::RuntimeCall as Dispatchable>::RuntimeOrigin,
		call: &T::RuntimeCall,
		info: &DispatchInfoOf<T::RuntimeCall>,
		len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		source: TransactionSource,
	) -> ValidateResult<Self::Val, T::RuntimeCall> {
		let Some(who) = origin.as_system_origin_signer() else {
			return Ok((ValidTransaction::default(), None, origin));
		};
		let org = Self::member_organization(who)?;
		// Dispatch would refuse it anyway; refusing it here keeps it out of the pool and blocks.
		if !<T as frame_system::Config>::BaseCallFilter::contains(call) {
			return Err(InvalidTransaction::Call.into());
		}
		let (weight_share, length_share) = block_share::<T>();
		let weight = transaction_weight::<T>(info);
		let length = u32::try_from(len).unwrap_or(u32::MAX);
		if weight.any_gt(weight_share) || length > length_share {
			return Err(InvalidTransaction::Custom(invalid_transaction::EXCEEDS_BLOCK_SHARE).into());
		}
		// The pool checks the day's budget as of the last block; a block checks it again.
		// A call that adds no state reads neither the usage nor the clock.
		let growth = T::StateGrowth::new_state(call);
		let state = if growth > 0 { Some(Self::state_with(org, growth)?) } else { None };
		// The pool validates against the last block; the shares only apply in the block built.
		if source != TransactionSource::InBlock {
			return Ok((ValidTransaction::default(), Some((org, growth, None)), origin));
		}
		let mut usage = Self::placed_in_block(org, frame_system::Pallet::<T>::block_number());
		usage.transactions = usage.transactions.saturating_add(1);
		usage.weight = usage.weight.saturating_add(weight);
		usage.length = usage.length.saturating_add(length);
		if usage.transactions > T::MaxTransactionsPerBlock::get() ||
			usage.weight.any_gt(weight_share) ||
			usage.length > length_share
		{
			return Err(InvalidTransaction::ExhaustsResources.into());
		}
		Ok((ValidTransaction::default(), Some((org, growth, Some((usage, state)))), origin))
	}

	fn prepare(
		self,
		val: Self::Val,
		_origin: &<T::RuntimeCall as Dispatchable>::RuntimeOrigin,
		_call: &T::RuntimeCall,
		_info: &DispatchInfoOf<T::RuntimeCall>,
		_len: usize,
	) -> Result<Self::Pre, TransactionValidityError> {
		// `prepare` runs only while a block is built, right after `validate` with `InBlock`, so
		// the usage is the one `validate` counted.
		Ok(match val {
			Some((org, growth, Some((usage, state)))) => {
				BlockUsage::<T>::insert(org, usage);
				if let Some(state) = state {
					StateUsage::<T>::insert(org, state);
				}
				Some((org, growth))
			},
			_ => None,
		})
	}

	fn post_dispatch_details(
		pre: Self::Pre,
		info: &DispatchInfoOf<T::RuntimeCall>,
		post_info: &PostDispatchInfoOf<T::RuntimeCall>,
		_len: usize,
		result: &DispatchResult,
	) -> Result<Weight, TransactionValidityError> {
		// What the call did not use goes back to the organisation's share, as `CheckWeight`
		// gives it back to the block.
		if let Some((org, growth)) = pre {
			let unspent = post_info.calc_unspent(info);
			if unspent != Weight::zero() {
				BlockUsage::<T>::mutate(org, |usage| usage.weight = usage.weight.saturating_sub(unspent));
			}
			// A failed call's writes were undone: so is its charge.
			if result.is_err() && growth > 0 {
				StateUsage::<T>::mutate(org, |usage| usage.bytes = usage.bytes.saturating_sub(growth));
			}
		}
		Ok(Weight::zero())
	}
}
