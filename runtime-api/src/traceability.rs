//! The traceability runtime API: verification, history and open alerts, answered by the
//! runtime. The node's `trace_verify` RPC answers the same question natively from storage with
//! the same verdict code, for speed; this API is the reference it is tested against.

use alloc::vec::Vec;
use medtrust_primitives::{
	trace::{AlertId, AlertPage, HistoryCursor, HistoryEntry, HistoryPage, ItemKey, Verification},
	OrganizationId,
};

sp_api::decl_runtime_apis! {
	/// Queries of the traceability records. Version 2 pages the open alerts; version 3 pages
	/// an item's history.
	#[api_version(3)]
	pub trait TraceabilityApi {
		/// The verdict on a scan made by `scanner` today, or why the scan cannot be read.
		fn verify(scan: Vec<u8>, scanner: OrganizationId) -> Result<Verification, Vec<u8>>;
		/// The first `MAX_HISTORY_PAGE` entries of an item's history, oldest first, including
		/// its containers' events while it was in them; `history_page` says when there are more.
		fn history(item: ItemKey) -> Vec<(ItemKey, HistoryEntry)>;
		/// A page of an item's history from `cursor` on, at most `limit` entries.
		#[api_version(3)]
		fn history_page(item: ItemKey, cursor: HistoryCursor, limit: u32) -> HistoryPage;
		/// Alerts not yet cleared or confirmed, oldest first, unpaged.
		#[changed_in(2)]
		fn open_alerts() -> Vec<(AlertId, medtrust_primitives::trace::Alert)>;
		/// A page of the alerts not yet cleared or confirmed, oldest first, from alert number
		/// `cursor` on.
		fn open_alerts(cursor: AlertId, limit: u32) -> AlertPage;
	}
}
