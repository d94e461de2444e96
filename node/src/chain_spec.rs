//! The chain specifications built into the binary, from the runtime's genesis presets.

use medtrust_runtime::{genesis_config_presets, WASM_BINARY};
use sc_service::ChainType;

/// A chain specification of medtrust.
pub type ChainSpec = sc_service::GenericChainSpec;

fn wasm() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| "the node was built without the runtime's wasm (SKIP_WASM_BUILD?)".to_string())
}

fn properties() -> sc_service::Properties {
	let mut properties = sc_service::Properties::new();
	properties.insert("ss58Format".into(), 42.into());
	properties
}

/// `--dev`: one node, one organisation of each role, `//Alice` as validator and sudo.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("medtrust development")
		.with_id("medtrust_dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(genesis_config_presets::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// `--chain local`: the 4-organisation consortium (a regulator and three hospitals).
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	let boot_node = "/ip4/127.0.0.1/tcp/30333/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp"
		.parse()
		.map_err(|e| format!("boot node address: {e}"))?;
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("medtrust local consortium")
		.with_id("medtrust_local")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(genesis_config_presets::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_boot_nodes(vec![boot_node])
		.with_properties(properties())
		.build())
}
