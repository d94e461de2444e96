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
