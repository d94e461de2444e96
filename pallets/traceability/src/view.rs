//! The pallet's storage seen through `medtrust_primitives::trace::TraceabilityView`, so that
//! dispensing, the runtime API and the node's native scan RPC share one verdict, and the
//! queries behind the runtime API.

use alloc::vec::Vec;
use core::marker::PhantomData;
use medtrust_primitives::{
	trace::{
		self, AlertPage, HistoryChunk, HistoryCursor, HistoryEntry, HistoryPage, Item, Lot, Product, ScanError,
		TraceabilityView, Verification, MAX_ALERT_PAGE, MAX_ALERT_SCAN, MAX_HISTORY_PAGE,
	},
	OrganizationId, OrganizationInspect, Role,
};

use crate::{pallet::*, types::*};

/// The traceability records in the runtime's storage.
pub struct StorageView<T>(PhantomData<T>);

impl<T> StorageView<T> {
	pub fn new() -> Self {
		StorageView(PhantomData)
	}
}

impl<T> Default for StorageView<T> {
	fn default() -> Self {
		Self::new()
	}
}

impl<T: Config> TraceabilityView for StorageView<T> {
	fn product_id(&self, code: &ProductCode) -> Option<ProductId> {
		ProductCodes::<T>::get(code)
	}
	fn product(&self, id: ProductId) -> Option<Product> {
		Products::<T>::get(id)
	}
	fn lot(&self, id: LotId) -> Option<Lot> {
		Lots::<T>::get(id)
	}
	fn item(&self, key: &ItemKey) -> Option<Item> {
		Items::<T>::get(key)
	}
	fn history_chunk(&self, key: &ItemKey, n: u32) -> Option<HistoryChunk> {
		History::<T>::get(key, n)
	}
	fn is_regulator(&self, organization: OrganizationId) -> bool {
		T::Organizations::organization_has_role(organization, Role::Regulator)
	}
}

impl<T: Config> Pallet<T> {
	/// Verifies a scan as `scanner` would see it today.
	pub fn verify_scan(scan: &[u8], scanner: OrganizationId) -> Result<Verification, ScanError> {
		let scan = trace::parse_scan(scan)?;
		Ok(trace::verify(&StorageView::<T>::new(), &scan, scanner, Self::today()))
	}

	/// A page of an item's history, oldest first: its commissioning, its own events, and the
	/// events of each container while the item was in it (a pallet's shipping is its
	/// contents' shipping). See [`trace::history_page`].
	pub fn history_page(key: &ItemKey, cursor: HistoryCursor, limit: u32) -> HistoryPage {
		trace::history_page(&StorageView::<T>::new(), key, cursor, limit)
	}

	/// The first [`MAX_HISTORY_PAGE`] entries of an item's history: runtime API version 2's
	/// answer, which could not say it was cut. [`Pallet::history_page`] can.
	pub fn history(key: &ItemKey) -> Vec<(ItemKey, HistoryEntry)> {
		Self::history_page(key, HistoryCursor::default(), MAX_HISTORY_PAGE).entries
	}

	/// Alerts not yet cleared or confirmed, oldest first, from alert number `cursor` on: at
	/// most `limit` (up to [`MAX_ALERT_PAGE`]) after looking at most at [`MAX_ALERT_SCAN`]
	/// alert numbers. Alerts are numbered in order, so the walk needs no index.
	pub fn open_alerts(cursor: AlertId, limit: u32) -> AlertPage {
		let limit = limit.clamp(1, MAX_ALERT_PAGE) as usize;
		let end = NextAlertId::<T>::get();
		let scan_end = cursor.saturating_add(MAX_ALERT_SCAN);
		let mut alerts = Vec::new();
		for id in cursor..end {
			if alerts.len() == limit || id == scan_end {
				return AlertPage { alerts, next: Some(id) };
			}
			if OpenAlerts::<T>::contains_key(id) {
				if let Some(alert) = Alerts::<T>::get(id) {
					alerts.push((id, alert));
				}
			}
		}
		AlertPage { alerts, next: None }
	}
}
