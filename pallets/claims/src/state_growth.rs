//! The most new state each call adds, for each organisation's daily budget
//! (`medtrust_primitives::state`).

use medtrust_primitives::{
	claims::{
		Accumulator, Claim, ClaimId, ClearingStatement, Coverage, CoverageId, Deadline, DeadlineFor, Invoice, Moment,
		Preauthorization, ProductRules,
	},
	state::{entry, growth},
};

use crate::pallet::*;

/// A deadline and its place in its list, in due order.
fn deadline() -> u64 {
	entry::<Deadline>() + entry::<(DeadlineFor, Moment)>()
}

impl<T: Config> Call<T> {
	/// The most state this call adds, in bytes.
	pub fn new_state(&self) -> u64 {
		match self {
			Call::register_product { .. } => entry::<ProductRules>(),
			Call::register_coverage { .. } => entry::<Coverage>() + growth::<CoverageId>(),
			Call::anchor_invoice { .. } => entry::<Invoice>(),
			// The claim, its place on the invoice, the policy year's totals, its deadline and its
			// place among the claims awaiting clearing.
			Call::submit_claim { .. } =>
				entry::<Claim>() + growth::<ClaimId>() + entry::<Accumulator>() + deadline() + entry::<()>(),
			Call::pay_claim { .. } => entry::<()>(),
			Call::settle_clearing { .. } => entry::<ClearingStatement>(),
			Call::cancel_claim { .. } | Call::end_coverage { .. } => 0,
			Call::reverse_claim { .. } |
			Call::readjudicate_claim { .. } |
			Call::appeal_claim { .. } |
			Call::decide_preauth { .. } => deadline(),
			Call::request_preauth { .. } => entry::<Preauthorization>() + deadline(),
			Call::__Ignore(..) => 0,
		}
	}
}
