//! [`CheckMembership`]: only accounts of active organisations may transact.
//!
//! Placed first in the runtime's transaction extensions, it runs when the transaction pool
//! validates a transaction, so an outsider's transaction never enters the pool, is never
//! gossiped and never takes block space. It also bounds how many transactions one organisation
//! may place in one block ([`Config::MaxTransactionsPerBlock`]): when a block is being built,
//! an organisation over its quota gets `ExhaustsResources`, which leaves the transaction in the
//! pool for a later block instead of dropping it.

use codec::{Decode, DecodeWithMemTracking, Encode};
use frame_support::{dispatch::DispatchInfo, pallet_prelude::TransactionSource, traits::Get, DebugNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use medtrust_primitives::{MembershipError, OrganizationId};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{AsSystemOriginSigner, DispatchInfoOf, Dispatchable, TransactionExtension, ValidateResult},
	transaction_validity::{InvalidTransaction, TransactionValidityError, ValidTransaction},
	Weight,
};

use crate::{BlockTransactions, Config, Pallet, WeightInfo};

/// The `InvalidTransaction::Custom` codes [`CheckMembership`] gives. The client SDK turns them
/// into sentences.
pub mod invalid_transaction {
	/// The signer acts for no organisation of the consortium.
	pub const NOT_A_MEMBER: u8 = 1;
	/// The signer's organisation is suspended.
	pub const ORGANIZATION_SUSPENDED: u8 = 2;
}

/// Refuses signed transactions from accounts that do not act for an active organisation, and
/// bounds each organisation's transactions per block. Carries no data in the transaction.
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

	/// How many transactions `org` has already placed in block `now`.
	fn placed_in_block(org: OrganizationId, now: BlockNumberFor<T>) -> u32 {
		match BlockTransactions::<T>::get(org) {
			(block, count) if block == now => count,
			_ => 0,
		}
	}
}

impl<T: Config + Send + Sync> TransactionExtension<T::RuntimeCall> for CheckMembership<T>
where
	T::RuntimeCall: Dispatchable<Info = DispatchInfo>,
	<T::RuntimeCall as Dispatchable>::RuntimeOrigin: AsSystemOriginSigner<T::AccountId> + Clone,
{
	const IDENTIFIER: &'static str = "CheckMembership";
	type Implicit = ();
	/// The signer's organisation and, while a block is built, how many transactions it has
	/// placed in the block so far; `None` for an unsigned transaction.
	type Val = Option<(OrganizationId, u32)>;
	type Pre = ();

	fn weight(&self, _call: &T::RuntimeCall) -> Weight {
		<T as Config>::WeightInfo::check_membership()
	}

	fn validate(
		&self,
		origin: <T::RuntimeCall as Dispatchable>::RuntimeOrigin,
		_call: &T::RuntimeCall,
		_info: &DispatchInfoOf<T::RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		source: TransactionSource,
	) -> ValidateResult<Self::Val, T::RuntimeCall> {
		let Some(who) = origin.as_system_origin_signer() else {
			return Ok((ValidTransaction::default(), None, origin));
		};
		let org = Self::member_organization(who)?;
		// The pool validates against the last block; the quota only applies in the block built.
		let placed = if source == TransactionSource::InBlock {
			let placed = Self::placed_in_block(org, frame_system::Pallet::<T>::block_number());
			if placed >= T::MaxTransactionsPerBlock::get() {
				return Err(InvalidTransaction::ExhaustsResources.into());
			}
			placed
		} else {
			0
		};
		Ok((ValidTransaction::default(), Some((org, placed)), origin))
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
		// `placed` is the count `validate` read.
		if let Some((org, placed)) = val {
			let now = frame_system::Pallet::<T>::block_number();
			BlockTransactions::<T>::insert(org, (now, placed.saturating_add(1)));
		}
		Ok(())
	}
}
