//! The council's seats follow the organisations' status.
//!
//! A suspended organisation cannot transact, so it cannot vote either; left on the council it
//! would count against every threshold, and suspending enough organisations would deadlock
//! governance. Suspension therefore vacates the organisation's seats and reinstatement gives
//! them back ([`crate::VacatedSeats`] remembers which accounts sat).

use alloc::vec::Vec;
use frame_support::weights::Weight;

/// The consortium council's seats, as the organisations pallet changes them.
pub trait CouncilSeats<AccountId> {
	/// Removes those of `accounts` that sit on the council, unless that would leave it empty,
	/// and returns the ones removed.
	fn vacate(accounts: &[AccountId]) -> Vec<AccountId>;
	/// Seats `accounts` again (those not already sitting, as far as the council has room).
	fn restore(accounts: &[AccountId]);
	/// The most either may cost.
	fn max_weight() -> Weight;
}

/// No council: nothing to vacate or restore.
impl<AccountId> CouncilSeats<AccountId> for () {
	fn vacate(_accounts: &[AccountId]) -> Vec<AccountId> {
		Vec::new()
	}

	fn restore(_accounts: &[AccountId]) {}

	fn max_weight() -> Weight {
		Weight::zero()
	}
}
