//! Traceability of serialised drugs, vaccines and devices: the records the chain keeps, the
//! codes scanners deliver, and the verdict on a scan.
//!
//! - [`records`]: products, lots, items, history entries and alerts as stored;
//! - [`scan`]: every supported code notation reduced to one [`Scan`];
//! - [`verdict`]: the verdict on a scan over any [`TraceabilityView`] of storage;
//! - [`keys`]: storage keys, for the node's native scan path;
//! - [`report`]: a verification as readable JSON.

pub mod history;
pub mod keys;
pub mod records;
pub mod report;
pub mod scan;
pub mod verdict;

pub use history::{history_page, HistoryCursor, HistoryPage, MAX_HISTORY_PAGE, MAX_HISTORY_SCAN};
pub use records::*;
pub use scan::{parse_epc_gln, parse_scan, Scan, ScanError, ScanForm, ScannedItem};
pub use verdict::{
	date_of_unix_millis, history_entries, item_key_of, verify, TraceabilityView, Verdict, Verification,
};
