//! The traceability runtime API: verification, history and open alerts, answered by the
//! runtime. The node's `trace_verify` RPC answers the same question natively from storage with
//! the same verdict code, for speed; this API is the reference it is tested against.

use alloc::vec::Vec;
use medtrust_primitives::{
	trace::{AlertId, AlertPage, HistoryEntry, ItemKey, Verification},
	OrganizationId,
};

sp_api::decl_runtime_apis! {
	/// Queries of the traceability records. Version 2 pages the open alerts.
	#[api_version(2)]
	pub trait TraceabilityApi {
		/// The verdict on a scan made by `scanner` today, or why the scan cannot be read.
		fn verify(scan: Vec<u8>, scanner: OrganizationId) -> Result<Verification, Vec<u8>>;
		/// An item's history, oldest first, including its containers' events while it was in them.
		fn history(item: ItemKey) -> Vec<(ItemKey, HistoryEntry)>;
		/// Alerts not yet cleared or confirmed, oldest first, unpaged.
		#[changed_in(2)]
		fn open_alerts() -> Vec<(AlertId, medtrust_primitives::trace::Alert)>;
		/// A page of the alerts not yet cleared or confirmed, oldest first, from alert number
		/// `cursor` on.
		fn open_alerts(cursor: AlertId, limit: u32) -> AlertPage;
	}
}
