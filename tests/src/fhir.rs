//! FHIR resources checked against HL7's FHIR R4 JSON schema (`fixtures/fhir/`).

use std::{
	collections::HashMap,
	sync::{Mutex, OnceLock},
};

use anyhow::{bail, Context, Result};
use serde_json::Value;

const SCHEMA: &str = include_str!("../fixtures/fhir/fhir.schema.json");

/// One validator per resource type: the schema with its root `oneOf` of every resource
/// narrowed to the one checked, so an error names the property, not 146 alternatives.
fn validator(resource_type: &str) -> Result<&'static jsonschema::Validator> {
	static VALIDATORS: OnceLock<Mutex<HashMap<String, &'static jsonschema::Validator>>> = OnceLock::new();
	let mut validators = VALIDATORS.get_or_init(Default::default).lock().expect("no test panics holding the lock");
	if let Some(validator) = validators.get(resource_type) {
		return Ok(validator);
	}
	let mut schema: Value = serde_json::from_str(SCHEMA).context("the vendored schema is JSON")?;
	if schema["definitions"].get(resource_type).is_none() {
		bail!("FHIR R4 has no resource {resource_type}");
	}
	schema["oneOf"] = serde_json::json!([{ "$ref": format!("#/definitions/{resource_type}") }]);
	if let Some(root) = schema.as_object_mut() {
		root.remove("discriminator");
	}
	let validator = jsonschema::draft6::new(&schema).map_err(|e| anyhow::anyhow!("the schema compiles: {e}"))?;
	let validator: &'static jsonschema::Validator = Box::leak(Box::new(validator));
	validators.insert(resource_type.to_string(), validator);
	Ok(validator)
}

/// Fails with every schema error of `resource`, each with where it is.
pub fn assert_valid(resource: &Value) -> Result<()> {
	let resource_type = resource["resourceType"].as_str().context("a FHIR resource has a resourceType")?;
	let errors: Vec<String> =
		validator(resource_type)?.iter_errors(resource).map(|e| format!("{} at {}", e, e.instance_path())).collect();
	if !errors.is_empty() {
		bail!("{resource_type} is not valid FHIR R4:\n  {}\n{resource:#}", errors.join("\n  "));
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_schema_refuses_what_fhir_refuses() {
		let valid = serde_json::json!({
			"resourceType": "ClaimResponse", "status": "active", "use": "claim", "created": "2026-12-01T00:00:00Z",
			"outcome": "complete",
			"type": { "coding": [{ "code": "institutional" }] },
			"patient": { "identifier": { "value": "x" } }, "insurer": { "identifier": { "value": "6" } },
		});
		assert_valid(&valid).expect("a minimal ClaimResponse");
		let mut long_id = valid.clone();
		long_id["id"] = serde_json::json!("a".repeat(65));
		assert!(assert_valid(&long_id).is_err(), "an id over 64 characters");
		let mut unknown = valid.clone();
		unknown["item"] = serde_json::json!([{ "itemSequence": 1, "productOrService": {} }]);
		assert!(assert_valid(&unknown).is_err(), "a property ClaimResponse.item does not have");
	}
}
