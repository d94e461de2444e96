//! Storage migrations of the consent pallet.

/// Version 0 → 1: index the break-glass accesses still awaiting review in
/// `BreakGlassAccesses`, the first due first, so that auditors can page through them.
/// Reviewed ones need no index: the query lists only unreviewed accesses.
pub mod v1 {
	use alloc::vec::Vec;
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};

	use crate::{BreakGlassAccesses, BreakGlassCount, Config, Pallet, PendingReviews};

	/// The unversioned step; [`MigrateV0ToV1`] runs it once, at version 0.
	pub struct IndexPendingReviews<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for IndexPendingReviews<T> {
		fn on_runtime_upgrade() -> Weight {
			// Pending reviews are few (each is a finding within days); one pass reads them all.
			let mut pending: Vec<_> = PendingReviews::<T>::iter().collect();
			pending.sort_by_key(|(subject, index, due)| (*due, *subject, *index));
			let count = pending.len() as u64;
			for (number, (subject, index, _)) in pending.into_iter().enumerate() {
				BreakGlassAccesses::<T>::insert(number as u64, (subject, index));
			}
			BreakGlassCount::<T>::put(count);
			T::DbWeight::get().reads_writes(count, count.saturating_add(1))
		}
	}

	/// Runs [`IndexPendingReviews`] at storage version 0 and sets version 1.
	pub type MigrateV0ToV1<T> =
		VersionedMigration<0, 1, IndexPendingReviews<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}

/// Version 1 → 2: a subject's consent history becomes a list by position in order of
/// recording (`SubjectConsents`, `SubjectConsentCount`), so that auditors page through it;
/// the set it replaces (`SubjectConsentHistory`, keyed by consent id under a hash) could only
/// be read whole.
pub mod v2 {
	use alloc::{collections::BTreeMap, vec::Vec};
	use frame_support::{
		migrations::VersionedMigration,
		pallet_prelude::*,
		storage_alias,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};
	use medtrust_primitives::consent::{ConsentId, Subject};

	use crate::{Config, Pallet, SubjectConsentCount, SubjectConsents};

	/// The version 1 set of every consent recorded for a subject.
	#[storage_alias]
	pub type SubjectConsentHistory<T: Config> =
		StorageDoubleMap<Pallet<T>, Blake2_128Concat, Subject, Twox64Concat, ConsentId, ()>;

	/// The unversioned step; [`MigrateV1ToV2`] runs it once, at version 1.
	pub struct ListConsentHistory<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for ListConsentHistory<T> {
		fn on_runtime_upgrade() -> Weight {
			// Consent ids are given in order, so sorting a subject's ids gives its order of
			// recording. One pass: every entry is read and removed once, and written once.
			let mut histories: BTreeMap<Subject, Vec<ConsentId>> = BTreeMap::new();
			let mut entries = 0u64;
			for (subject, id, ()) in SubjectConsentHistory::<T>::drain() {
				histories.entry(subject).or_default().push(id);
				entries += 1;
			}
			let subjects = histories.len() as u64;
			for (subject, mut ids) in histories {
				ids.sort_unstable();
				for (position, id) in ids.iter().enumerate() {
					SubjectConsents::<T>::insert(subject, position as u32, id);
				}
				SubjectConsentCount::<T>::insert(subject, ids.len() as u32);
			}
			T::DbWeight::get().reads_writes(entries, entries.saturating_mul(2).saturating_add(subjects))
		}
	}

	/// Runs [`ListConsentHistory`] at storage version 1 and sets version 2.
	pub type MigrateV1ToV2<T> =
		VersionedMigration<1, 2, ListConsentHistory<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
