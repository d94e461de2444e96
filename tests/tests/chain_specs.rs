//! `chain-spec/*.json` are what `scripts/export-chain-specs.sh` exports from the runtime's
//! genesis presets: names, boot nodes and genesis configuration must match. The runtime code in
//! them is not compared: a wasm build embeds the paths it was built from.

use std::process::Command;

use anyhow::{Context, Result};
use medtrust_e2e::node_binary;
use serde_json::Value;

fn exported(chain: &str) -> Result<Value> {
	let output = Command::new(node_binary()?).args(["export-chain-spec", "--chain", chain]).output()?;
	anyhow::ensure!(output.status.success(), "export failed: {}", String::from_utf8_lossy(&output.stderr));
	Ok(serde_json::from_slice(&output.stdout)?)
}

fn committed(chain: &str) -> Result<Value> {
	let path = format!("{}/../chain-spec/{chain}.json", env!("CARGO_MANIFEST_DIR"));
	let text = std::fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
	Ok(serde_json::from_str(&text)?)
}

fn without_code(mut spec: Value) -> Value {
	if let Some(genesis) = spec.pointer_mut("/genesis/runtimeGenesis").and_then(Value::as_object_mut) {
		genesis.remove("code");
	}
	spec
}

#[test]
fn committed_chain_specs_match_the_runtime_presets() -> Result<()> {
	for chain in ["dev", "local"] {
		let fresh = exported(chain)?;
		assert!(fresh.pointer("/genesis/runtimeGenesis/code").is_some(), "{chain}: no runtime code");
		assert_eq!(
			without_code(committed(chain)?),
			without_code(fresh),
			"chain-spec/{chain}.json is stale: run scripts/export-chain-specs.sh and commit the result"
		);
	}
	Ok(())
}

#[test]
fn the_local_consortium_is_four_validating_organisations_with_an_allow_list() -> Result<()> {
	let spec = committed("local")?;
	let patch = spec.pointer("/genesis/runtimeGenesis/patch").context("a preset patch")?;
	let organizations = patch.pointer("/organizations/organizations").and_then(Value::as_array).unwrap();
	assert_eq!(organizations.len(), 4);
	let roles: Vec<&Value> = organizations.iter().map(|o| &o["roles"]).collect();
	assert_eq!(roles.iter().filter(|r| r.to_string().contains("regulator")).count(), 1);
	assert_eq!(roles.iter().filter(|r| r.to_string().contains("hospital")).count(), 3);
	assert_eq!(patch.pointer("/validatorSet/validators").and_then(Value::as_array).map(Vec::len), Some(4));
	assert_eq!(patch.pointer("/nodeAuthorization/nodes").and_then(Value::as_array).map(Vec::len), Some(4));
	assert!(patch.pointer("/sudo/key").map_or(true, Value::is_null), "the consortium has no sudo key");
	Ok(())
}
