//! A currency in which every balance is zero, for `pallet_session::Config::Currency` on a chain
//! without a token. With a zero `KeyDeposit`, `pallet-session` never places a hold, so none of
//! these methods moves anything; they exist to satisfy the trait bounds.

use core::marker::PhantomData;
use frame_support::traits::tokens::{
	fungible::{hold, Inspect, Mutate, Unbalanced},
	DepositConsequence, Fortitude, Preservation, Provenance, WithdrawConsequence,
};
use sp_runtime::DispatchError;

/// Zero balances, zero holds, for hold reasons of type `Reason`.
pub struct NoKeyDeposit<Reason>(PhantomData<Reason>);

impl<AccountId, Reason> Inspect<AccountId> for NoKeyDeposit<Reason> {
	type Balance = u32;
	fn total_issuance() -> u32 {
		0
	}
	fn minimum_balance() -> u32 {
		0
	}
	fn total_balance(_: &AccountId) -> u32 {
		0
	}
	fn balance(_: &AccountId) -> u32 {
		0
	}
	fn reducible_balance(_: &AccountId, _: Preservation, _: Fortitude) -> u32 {
		0
	}
	fn can_deposit(_: &AccountId, _: u32, _: Provenance) -> DepositConsequence {
		DepositConsequence::Success
	}
	fn can_withdraw(_: &AccountId, _: u32) -> WithdrawConsequence<u32> {
		WithdrawConsequence::Success
	}
}

impl<AccountId, Reason> Unbalanced<AccountId> for NoKeyDeposit<Reason> {
	fn handle_dust(_: frame_support::traits::tokens::fungible::Dust<AccountId, Self>) {}
	fn write_balance(_: &AccountId, _: u32) -> Result<Option<u32>, DispatchError> {
		Ok(None)
	}
	fn set_total_issuance(_: u32) {}
}

impl<AccountId: Eq, Reason> Mutate<AccountId> for NoKeyDeposit<Reason> {}

impl<AccountId, Reason> hold::Inspect<AccountId> for NoKeyDeposit<Reason>
where
	Reason: codec::Encode + codec::Decode + codec::MaxEncodedLen + scale_info::TypeInfo + Clone + Eq + core::fmt::Debug + 'static,
{
	type Reason = Reason;
	fn total_balance_on_hold(_: &AccountId) -> u32 {
		0
	}
	fn balance_on_hold(_: &Reason, _: &AccountId) -> u32 {
		0
	}
}

impl<AccountId, Reason> hold::Unbalanced<AccountId> for NoKeyDeposit<Reason>
where
	Reason: codec::Encode + codec::Decode + codec::MaxEncodedLen + scale_info::TypeInfo + Clone + Eq + core::fmt::Debug + 'static,
{
	fn set_balance_on_hold(_: &Reason, _: &AccountId, _: u32) -> Result<(), DispatchError> {
		Ok(())
	}
}

impl<AccountId: Eq, Reason> hold::Mutate<AccountId> for NoKeyDeposit<Reason> where
	Reason: codec::Encode + codec::Decode + codec::MaxEncodedLen + scale_info::TypeInfo + Clone + Eq + core::fmt::Debug + 'static
{
}
