//! Storage migrations of the claims pallet.

use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};

use crate::{pallet::*, types::*};

/// Version 0 to 1: a claim keeps the hash of its items and their number, not the catalogue
/// codes in clear against the subject.
pub mod v1 {
	use super::*;
	use codec::{Decode, Encode};
	use medtrust_primitives::claims::{items_hash, Adjudication, ClaimState, Payment, PolicyYear, PreauthId, StatementId};

	/// A claim as version 0 stored it.
	#[derive(Encode, Decode)]
	pub struct OldClaim {
		pub coverage: CoverageId,
		pub insurer: medtrust_primitives::OrganizationId,
		pub hospital: medtrust_primitives::OrganizationId,
		pub invoice: InvoiceKey,
		pub policy_year: PolicyYear,
		pub items: ClaimItems,
		pub preauth: Option<PreauthId>,
		pub adjudication: Adjudication,
		pub revision: u8,
		pub state: ClaimState,
		pub submitted_at: Moment,
		pub decided_at: Moment,
		pub appeal: Option<(Moment, DocumentHash)>,
		pub payment: Option<Payment>,
		pub statement: Option<StatementId>,
	}

	impl OldClaim {
		fn upgraded(self) -> Claim {
			Claim {
				coverage: self.coverage,
				insurer: self.insurer,
				hospital: self.hospital,
				invoice: self.invoice,
				policy_year: self.policy_year,
				items_hash: items_hash(&self.items),
				item_count: self.items.len() as u8,
				preauth: self.preauth,
				adjudication: self.adjudication,
				revision: self.revision,
				state: self.state,
				submitted_at: self.submitted_at,
				decided_at: self.decided_at,
				appeal: self.appeal,
				payment: self.payment,
				statement: self.statement,
			}
		}
	}

	/// Rewrites every claim; a consortium's claims number in the millions over years, which a
	/// runtime upgrade block can rewrite only at a few hundred thousand, so a chain with more
	/// must run this as a multi-block migration (none has yet: the pallet is new).
	pub struct InnerMigrateV0ToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut count = 0u64;
			Claims::<T>::translate::<OldClaim, _>(|_, old| {
				count += 1;
				Some(old.upgraded())
			});
			T::DbWeight::get().reads_writes(count, count)
		}
	}

	/// The migration, run once: from storage version 0 to 1.
	pub type MigrateV0ToV1<T> =
		VersionedMigration<0, 1, InnerMigrateV0ToV1<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}

/// Version 1 to 2: the deadlines still to be met are listed in due order
/// (`PaymentDeadlineOrder`, `DecisionDeadlineOrder`), so that the regulator's list of overdue
/// deadlines is read a page at a time instead of walking every deadline.
pub mod v2 {
	use super::*;
	use alloc::vec::Vec;

	/// Lists every open deadline, the first due first. Open deadlines are bounded by the
	/// claims and pre-authorisations of the last 30 days, which one upgrade block handles.
	pub struct InnerMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut open: Vec<(DeadlineFor, Deadline)> = Deadlines::<T>::iter().collect();
			open.sort_by_key(|(_, deadline)| deadline.due);
			let count = open.len() as u64;
			// `set_deadline` appends to the right list and writes the deadline back unchanged.
			for (what, deadline) in open {
				Pallet::<T>::set_deadline(what, deadline);
			}
			T::DbWeight::get().reads_writes(count, count.saturating_mul(3))
		}
	}

	/// The migration, run once: from storage version 1 to 2.
	pub type MigrateV1ToV2<T> =
		VersionedMigration<1, 2, InnerMigrateV1ToV2<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
