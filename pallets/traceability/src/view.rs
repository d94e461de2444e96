//! The pallet's storage seen through `medtrust_primitives::trace::TraceabilityView`, so that
//! dispensing, the runtime API and the node's native scan RPC share one verdict, and the
//! queries behind the runtime API.

use alloc::vec::Vec;
use core::marker::PhantomData;
use medtrust_primitives::{
	trace::{
		self, AlertPage, HistoryChunk, HistoryEntry, Item, Lot, Product, ScanError, TraceabilityView,
		Verification, MAX_ALERT_PAGE, MAX_ALERT_SCAN,
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

/// The most history entries [`Pallet::history`] returns.
pub const MAX_HISTORY: usize = 512;

impl<T: Config> Pallet<T> {
	/// Verifies a scan as `scanner` would see it today.
	pub fn verify_scan(scan: &[u8], scanner: OrganizationId) -> Result<Verification, ScanError> {
		let scan = trace::parse_scan(scan)?;
		Ok(trace::verify(&StorageView::<T>::new(), &scan, scanner, Self::today()))
	}

	/// An item's history, oldest first: its commissioning, its own events, and the events of
	/// each container while the item was in it (a pallet's shipping is its contents' shipping).
	pub fn history(key: &ItemKey) -> Vec<(ItemKey, HistoryEntry)> {
		let Some(item) = Items::<T>::get(key) else { return Vec::new() };
		let mut out = Vec::new();
		if let ItemKey::Unit { product, .. } = key {
			if let Some(product) = Products::<T>::get(product) {
				out.push((key.clone(), HistoryEntry {
					at: item.commissioned_at,
					organization: product.manufacturer,
					biz_step: BizStep::Commissioning,
					disposition: Disposition::Active,
					container: None,
				}));
			}
		}
		Self::collect_history(key, &item, 0, u32::MAX, 0, &mut out);
		out.sort_by_key(|(_, entry)| entry.at);
		out.truncate(MAX_HISTORY);
		out
	}

	/// Adds `key`'s entries from blocks `from..=to`, and those of the containers it was packed in
	/// meanwhile.
	fn collect_history(key: &ItemKey, item: &Item, from: u32, to: u32, depth: u8, out: &mut Vec<(ItemKey, HistoryEntry)>) {
		let entries = trace::history_entries(&StorageView::<T>::new(), key, item, 0, MAX_HISTORY as u32);
		for (i, entry) in entries.iter().enumerate() {
			if entry.at < from || entry.at > to || out.len() >= MAX_HISTORY {
				continue;
			}
			out.push((key.clone(), entry.clone()));
			let (BizStep::Packing, Some(container)) = (entry.biz_step, &entry.container) else { continue };
			if depth >= trace::MAX_NESTING {
				continue;
			}
			// In the container until the next entry that took the item out of it.
			let until = entries[i + 1..]
				.iter()
				.find(|later| later.container.as_ref() == Some(container))
				.map_or(to, |later| later.at);
			if let Some(record) = Items::<T>::get(container) {
				Self::collect_history(container, &record, entry.at, until, depth + 1, out);
			}
		}
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
