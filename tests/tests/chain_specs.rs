//! `chain-spec/*.json` are what `scripts/export-chain-specs.sh` exports from the runtime's
//! genesis presets with a production node: names, boot nodes and genesis configuration must
//! match this tree's presets. Their runtime code is built without `runtime-benchmarks`, so it is
//! not byte for byte the test suite's (which is built with it): instead its imports must be host
//! functions a production node provides, and a node running it must report this tree's runtime
//! version and metadata.

use std::{collections::BTreeSet, process::Command, time::Duration};

use anyhow::{Context, Result};
use medtrust_client::subxt::rpcs::client::rpc_params;
use medtrust_e2e::{node_binary, Node, NodeConfig};
use serde_json::Value;
use sp_wasm_interface::HostFunctions;

fn exported(chain: &str) -> Result<Value> {
	let output = Command::new(node_binary()?).args(["export-chain-spec", "--chain", chain]).output()?;
	anyhow::ensure!(output.status.success(), "export failed: {}", String::from_utf8_lossy(&output.stderr));
	Ok(serde_json::from_slice(&output.stdout)?)
}

fn committed_path(chain: &str) -> String {
	format!("{}/../chain-spec/{chain}.json", env!("CARGO_MANIFEST_DIR"))
}

fn committed(chain: &str) -> Result<Value> {
	let path = committed_path(chain);
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
	assert!(patch.pointer("/sudo/key").is_none_or(Value::is_null), "the consortium has no sudo key");
	Ok(())
}

/// The functions `code` imports from its host, by name.
fn imported_functions(chain: &str, spec: &Value) -> Result<BTreeSet<String>> {
	let code = spec.pointer("/genesis/runtimeGenesis/code").and_then(Value::as_str).context("runtime code")?;
	let compressed = hex::decode(code.trim_start_matches("0x"))?;
	let wasm = sp_maybe_compressed_blob::decompress(&compressed, sp_maybe_compressed_blob::CODE_BLOB_BOMB_LIMIT)
		.with_context(|| format!("{chain}: decompressing the runtime"))?;
	let mut imports = BTreeSet::new();
	for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
		if let wasmparser::Payload::ImportSection(section) = payload? {
			for import in section {
				let import = import?;
				if matches!(import.ty, wasmparser::TypeRef::Func(_)) {
					imports.insert(import.name.to_owned());
				}
			}
		}
	}
	anyhow::ensure!(!imports.is_empty(), "{chain}: the runtime imports no host function; is it wasm?");
	Ok(imports)
}

#[test]
fn committed_runtimes_need_only_what_a_production_node_provides() -> Result<()> {
	// A node built without `runtime-benchmarks` provides exactly these (`node/src/service.rs`).
	let provided: BTreeSet<String> =
		sp_io::SubstrateHostFunctions::host_functions().iter().map(|f| f.name().to_owned()).collect();
	for chain in ["dev", "local"] {
		let imports = imported_functions(chain, &committed(chain)?)?;
		let benchmarking: Vec<&String> = imports.iter().filter(|name| name.starts_with("ext_benchmarking_")).collect();
		assert!(benchmarking.is_empty(), "chain-spec/{chain}.json's runtime was built with benchmarks: {benchmarking:?}");
		let missing: Vec<&String> = imports.difference(&provided).collect();
		assert!(missing.is_empty(), "a production node cannot run chain-spec/{chain}.json's runtime: {missing:?}");
	}
	// The test suite's own runtime does import them, so the check above can tell.
	let suite = imported_functions("the suite's local", &exported("local")?)?;
	assert!(suite.iter().any(|name| name.starts_with("ext_benchmarking_")));
	Ok(())
}

/// `metadata` (SCALE) without the value of `System`'s `Version` constant, the runtime version,
/// whose list of runtime APIs has the benchmarking one only in the test suite's runtime (the
/// version is compared apart, without it).
fn without_runtime_version(metadata: &[u8]) -> Result<Vec<u8>> {
	use codec::{Compact, Decode};
	let name = [&[7u8 << 2][..], b"Version"].concat();
	// From the magic number on (the answer's `Option` and length prefixes differ with it), and
	// the last `Version`, the constant's (an earlier one is a type's name).
	let metadata = &metadata[metadata.windows(4).position(|w| w == b"meta").context("no metadata")?..];
	let at = metadata.windows(name.len()).rposition(|w| w == name).context("no Version constant")? + name.len();
	let mut rest = &metadata[at..];
	Compact::<u32>::decode(&mut rest)?; // its type
	let start = metadata.len() - rest.len();
	let length = Compact::<u32>::decode(&mut rest)?.0 as usize;
	let end = metadata.len() - rest.len() + length;
	Ok([&metadata[..start], &metadata[end..]].concat())
}

/// The runtime version of a node started on `chain`, without the benchmarking API (which only
/// the test suite's runtime has), and its metadata at version 14 (pallets, calls, storage,
/// events, errors and constants, but not the runtime APIs) without the runtime version.
async fn version_and_metadata(chain: String) -> Result<(Value, Vec<u8>)> {
	let node = Node::start(NodeConfig { chain, ..NodeConfig::dev() }).await?;
	let client = node.client().await?;
	let mut version: Value = client.rpc("state_getRuntimeVersion", rpc_params![]).await?;
	let benchmark = format!("0x{}", hex::encode(sp_crypto_hashing::blake2_64(b"Benchmark")));
	if let Some(apis) = version.get_mut("apis").and_then(Value::as_array_mut) {
		apis.retain(|api| api[0].as_str() != Some(&benchmark));
		// The two builds list them in different orders.
		apis.sort_by_key(|api| api[0].as_str().map(str::to_owned));
	}
	let metadata: String = client.rpc("state_call", rpc_params!["Metadata_metadata_at_version", "0x0e000000"]).await?;
	let metadata = hex::decode(metadata.trim_start_matches("0x"))?;
	let metadata = without_runtime_version(&metadata)?;
	Ok((version, metadata))
}

#[tokio::test]
async fn the_committed_local_runtime_is_this_trees_runtime() -> Result<()> {
	let run = async {
		let (committed_version, committed_metadata) = version_and_metadata(committed_path("local")).await?;
		let (built_version, built_metadata) = version_and_metadata("local".into()).await?;
		assert_eq!(committed_version, built_version, "chain-spec/local.json is stale: run scripts/export-chain-specs.sh");
		assert!(
			committed_metadata == built_metadata,
			"chain-spec/local.json's runtime has other calls, storage or constants than this tree's: \
			 run scripts/export-chain-specs.sh"
		);
		anyhow::Ok(())
	};
	tokio::time::timeout(Duration::from_secs(180), run).await.context("timed out")?
}
