//! Any JSON an outsider can put in a JSON-RPC call's parameters: the node reads it as the
//! domain type the method takes (`medtrust_primitives::rpc_params::read`, the node's own
//! function) or says what is wrong, never panics; a parameter that reads writes back to JSON
//! that reads as the same value. Strings are also read as the methods' text parameters: a
//! subject or an invoice key (64 hex digits) and a scan.
//!
//! `scripts/fuzz.sh [SECONDS] rpc_params`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use medtrust_primitives::{
	claims::queries::{EligibilityQuery, OverdueCursor},
	consent::{audit::AuditQuery, hex32, AccessRequest},
	rpc_params::read,
	trace::{parse_scan, HistoryCursor},
};
use serde_json::Value;

/// Reads `value` as a `T` as the node does; what reads round-trips through JSON.
fn check<T>(what: &str, value: &Value)
where
	T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + core::fmt::Debug,
{
	match read::<T>(what, value.clone()) {
		Ok(param) => {
			let written = serde_json::to_value(&param).expect("a domain type writes as JSON; qed");
			let again = read::<T>(what, written).expect("what the node reads, it reads again once written");
			assert_eq!(again, param, "the {what} changed through JSON");
		},
		Err(message) => assert!(message.starts_with(&format!("cannot read the {what}: ")), "{message}"),
	}
}

fuzz_target!(|data: &[u8]| {
	// jsonrpsee hands the node parameters serde_json parsed, with its recursion limit.
	let Ok(value) = serde_json::from_slice::<Value>(data) else { return };
	check::<AccessRequest>("request", &value);
	check::<AuditQuery>("query", &value);
	check::<EligibilityQuery>("eligibility query", &value);
	check::<OverdueCursor>("cursor", &value);
	check::<HistoryCursor>("cursor", &value);
	if let Value::String(text) = &value {
		if let Some(bytes) = hex32::from_hex(text) {
			assert!(hex32::from_hex(&hex32::to_hex(&bytes)) == Some(bytes), "hex did not round-trip");
		}
		let _ = parse_scan(text.as_bytes());
	}
});
