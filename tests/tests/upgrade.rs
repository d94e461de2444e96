//! A runtime upgrade by council motion on the four-validator network: the consortium starts
//! on the previous release's runtime (`tests/fixtures/previous-release`, the `local` chain
//! spec of `spec_version` 105), records consents, and three quarters of the council authorise
//! this tree's runtime, which anyone then applies. Afterwards every node runs the new
//! `spec_version`, the consent pallet's storage migration (v1 → v2: a subject's consents
//! listed by position) has run, what was recorded before reads back through the query that
//! needs the migrated storage, and the four go on producing and finalising blocks.

use std::time::Duration;

use anyhow::{ensure, Context, Result};
use medtrust_client::{
	consent::{calls, CommitmentAlgorithm, SubjectKey},
	governance::calls as governance,
	subxt::rpcs::client::rpc_params,
	Ed25519Signer, MedtrustClient, Wait, H256,
};
use medtrust_e2e::{fixtures, network::LOCAL_VALIDATORS, node_binary, Network};
use medtrust_primitives::consent::Grantee;
use serde_json::Value;

const SCENARIO_LIMIT: Duration = Duration::from_secs(300);
const PREVIOUS_SPEC_VERSION: u64 = 105;

/// The previous release's `local` chain spec, with its runtime, in `dir`.
fn previous_release_spec(dir: &std::path::Path) -> Result<String> {
	let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/previous-release");
	let mut spec: Value = serde_json::from_str(&std::fs::read_to_string(format!("{fixtures}/local.json"))?)?;
	let code = std::fs::read(format!("{fixtures}/runtime.compact.compressed.wasm"))?;
	spec["genesis"]["runtimeGenesis"]["code"] = Value::String(format!("0x{}", hex::encode(code)));
	let path = dir.join("previous-release.json");
	std::fs::write(&path, serde_json::to_vec(&spec)?)?;
	Ok(path.display().to_string())
}

/// This tree's runtime, as the node built from it exports it.
fn this_runtime() -> Result<Vec<u8>> {
	let output = std::process::Command::new(node_binary()?).args(["export-chain-spec", "--chain", "local"]).output()?;
	ensure!(output.status.success(), "export failed: {}", String::from_utf8_lossy(&output.stderr));
	let spec: Value = serde_json::from_slice(&output.stdout)?;
	let code = spec.pointer("/genesis/runtimeGenesis/code").and_then(Value::as_str).context("runtime code")?;
	Ok(hex::decode(code.trim_start_matches("0x"))?)
}

async fn spec_version(client: &MedtrustClient) -> Result<u64> {
	let version: Value = client.rpc("state_getRuntimeVersion", rpc_params![]).await?;
	version["specVersion"].as_u64().context("specVersion")
}

/// The consent pallet's storage version, read raw (`:__STORAGE_VERSION__:` under its prefix).
async fn consent_storage_version(client: &MedtrustClient) -> Result<u16> {
	let key = [sp_crypto_hashing::twox_128(b"Consent"), sp_crypto_hashing::twox_128(b":__STORAGE_VERSION__:")].concat();
	let value: Option<String> = client.rpc("state_getStorage", rpc_params![format!("0x{}", hex::encode(key))]).await?;
	let bytes = hex::decode(value.context("no storage version")?.trim_start_matches("0x"))?;
	Ok(u16::from_le_bytes(bytes.try_into().map_err(|_| anyhow::anyhow!("a u16"))?))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_council_upgrades_the_runtime_and_the_chain_goes_on_with_its_state() -> Result<()> {
	let dir = tempfile::tempdir()?;
	let new_code = this_runtime()?;
	let mut network = Network::start_local_from(&previous_release_spec(dir.path())?, 4).await?;
	network
		.run(SCENARIO_LIMIT, async |network| {
			network.wait_until_agreed(1, Duration::from_secs(60)).await?;
			let client = network.client(1).await?;
			ensure!(spec_version(&client).await? == PREVIOUS_SPEC_VERSION, "the network starts on the previous release");
			ensure!(consent_storage_version(&client).await? == 1);

			// Before: a hospital registers a patient and records two consents.
			let hospital = Ed25519Signer::dev("bob");
			let key = SubjectKey::new(b"hospital 1 subject key, kept in its HSM", CommitmentAlgorithm::HmacSm3)?;
			let subject = key.commit("110105194912310021");
			client.submit(&calls::register_subject(subject, None), &hospital, Wait::InBlock).await?;
			for grantee in [2, 3] {
				let terms = fixtures::claims_consent(subject, grantee);
				client.submit(&calls::record_consent(&terms, None), &hospital, Wait::InBlock).await?;
			}

			// Three quarters of the council (all four members here) authorise the new code as
			// Root; anyone applies it.
			let council: Vec<Ed25519Signer> = LOCAL_VALIDATORS.iter().map(|key| Ed25519Signer::dev(key)).collect();
			let code_hash = H256(sp_crypto_hashing::blake2_256(&new_code));
			client.pass_motion(governance::authorize_upgrade(code_hash), &council).await?;
			let applied = client.apply_authorized_upgrade(&new_code).await?;

			// After: every node runs the new version, on a chain that keeps finalising.
			let applied_at = medtrust_e2e::network::block_number(&client, applied).await?.context("the upgrade block")?;
			let agreed = network.wait_until_agreed(applied_at + 3, Duration::from_secs(90)).await?;
			for i in 0..4 {
				let node = network.client(i).await?;
				let version = spec_version(&node).await?;
				ensure!(version > PREVIOUS_SPEC_VERSION, "node {i} runs spec_version {version}");
				ensure!(consent_storage_version(&node).await? == 2, "node {i}: the migration did not run");
			}
			// What was recorded before reads back in order through the query the migration
			// made possible, from another node than the one it was written through.
			let reader = network.client(2).await?;
			let consents = reader.subject_consents(&subject, &hospital).await?;
			let grantees: Vec<Vec<Grantee>> = consents.iter().map(|c| c.versions[0].grantees.to_vec()).collect();
			ensure!(grantees == [[Grantee::Organization(2)], [Grantee::Organization(3)]], "{consents:?}");
			ensure!(consents[0].id < consents[1].id, "{consents:?}");
			// And the new runtime takes new transactions.
			let terms = fixtures::claims_consent(subject, 0);
			reader.submit(&calls::record_consent(&terms, None), &hospital, Wait::InBlock).await?;
			ensure!(reader.subject_consents(&subject, &hospital).await?.len() == 3);
			network.wait_until_agreed(agreed.0 + 2, Duration::from_secs(60)).await?;
			Ok(())
		})
		.await
}
