//! How the node reads a JSON-RPC parameter that is a domain type (an access request, an audit
//! question, an eligibility query). It lives here, beside the types, so that the node and the
//! fuzzer (`fuzz/fuzz_targets/rpc_params.rs`) run the same code.

use alloc::{format, string::String};
use serde_json::Value;

/// Reads `value` as a `T`, or says precisely what is wrong with it (an unknown purpose, a
/// malformed subject, a negative amount, …); `what` names the parameter in the message.
pub fn read<T: serde::de::DeserializeOwned>(what: &str, value: Value) -> Result<T, String> {
	// With arbitrary precision (as the node builds serde_json) a negative number read as an
	// unsigned integer is only "invalid number": name it first.
	if let Some((path, number)) = negative_number(&value, String::new()) {
		return Err(format!("cannot read the {what}: `{path}` is {number}, but amounts, ids and times are never negative"));
	}
	serde_json::from_value(value).map_err(|e| format!("cannot read the {what}: {e}"))
}

/// The first negative number in `value` and its path. JSON-RPC parameters come parsed by
/// serde_json, whose recursion limit bounds the depth.
fn negative_number(value: &Value, path: String) -> Option<(String, String)> {
	match value {
		Value::Number(n) if n.to_string().starts_with('-') => Some((path, n.to_string())),
		Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| negative_number(item, format!("{path}[{i}]"))),
		Value::Object(fields) => fields.iter().find_map(|(name, field)| {
			negative_number(field, if path.is_empty() { name.clone() } else { format!("{path}.{name}") })
		}),
		_ => None,
	}
}

#[cfg(test)]
mod tests {
	use super::read;
	use crate::consent::AccessRequest;

	#[test]
	fn a_negative_number_is_named_with_its_path() {
		let value = serde_json::json!({ "subject": "00", "organization": -1 });
		let error = read::<AccessRequest>("request", value).expect_err("a negative organisation");
		assert!(error.contains("`organization` is -1"), "{error}");
	}

	#[test]
	fn a_wrong_field_says_which_parameter() {
		let error = read::<AccessRequest>("request", serde_json::json!({ "subject": 1 })).expect_err("not a request");
		assert!(error.starts_with("cannot read the request: "), "{error}");
	}
}
