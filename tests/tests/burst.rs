//! A burst through the SDK on a real `--dev` node: 1,200 transactions from the eight
//! organisations at once, submitted together and tracked with one block subscription. Every
//! one lands exactly once, at its own (block, index); an outsider's transaction and an
//! oversized one in the middle of a signer's run are refused with their reasons and do not
//! hold back that signer's later transactions; and the chain keeps its rhythm: no block
//! comes more than one slot late.

use std::{collections::HashMap, time::Duration};

use anyhow::{ensure, Context, Result};
use medtrust_client::{runtime, subxt::rpcs::client::rpc_params, Ed25519Signer, MedtrustClient, SubmitError, Wait, H256};
use medtrust_e2e::{Node, NodeConfig};

/// The whole scenario may take this long at most; the node is killed whatever happens.
const SCENARIO_LIMIT: Duration = Duration::from_secs(300);
/// Transactions per organisation.
const PER_SIGNER: usize = 150;
/// The dev chain's slot.
const SLOT_MILLIS: u64 = 3_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_1200_transactions_lands_exactly_once() -> Result<()> {
	let node = Node::start(NodeConfig::dev()).await?;
	let outcome = tokio::time::timeout(SCENARIO_LIMIT, scenario(&node)).await;
	medtrust_e2e::bounded_outcome(outcome, SCENARIO_LIMIT, || format!("\n{}", node.log_tail(60)))
}

async fn scenario(node: &Node) -> Result<()> {
	node.wait_for_finalized(1, Duration::from_secs(90)).await?;
	let client = node.client().await?;
	let members: Vec<Ed25519Signer> =
		["alice", "bob", "charlie", "dave", "eve", "ferdie", "one", "two"].into_iter().map(Ed25519Signer::dev).collect();
	let outsider = Ed25519Signer::from_seed(&[7u8; 32]);

	// Round-robin over the members, so every block sees all of them (empty remarks, the one
	// remark the call filter admits); the outsider's transaction and a 4 MiB remark, which no
	// member may send, sit in the middle.
	let mut transactions = Vec::new();
	for _ in 0..PER_SIGNER {
		for member in &members {
			transactions.push((runtime::tx().system().remark(Vec::new()), member));
		}
	}
	let oversized = PER_SIGNER / 2 * members.len() + 4;
	transactions[oversized].0 = runtime::tx().system().remark(vec![0u8; 4 * 1024 * 1024]);
	let outsider_at = transactions.len() / 3;
	transactions.insert(outsider_at, (runtime::tx().system().remark(b"not a member".to_vec()), &outsider));
	let oversized = oversized + 1;

	let first_block = client.at_best_block().await?.block_number();
	let mut reported = 0;
	let outcomes = client.submit_batch(&transactions, Wait::InBlock, |_, _| reported += 1).await;
	ensure!(reported == transactions.len(), "{reported} outcomes reported for {} transactions", transactions.len());

	// The two refusals, with their reasons.
	match &outcomes[outsider_at] {
		Err(SubmitError::Rejected { reason }) => ensure!(reason.contains("acts for no organisation"), "{reason}"),
		other => anyhow::bail!("the outsider's transaction was not refused: {other:?}"),
	}
	match &outcomes[oversized] {
		Err(SubmitError::Rejected { reason }) => ensure!(reason.contains("members may not send this call"), "{reason}"),
		other => anyhow::bail!("the 4 MiB remark was not refused: {other:?}"),
	}

	// Everything else landed, each at its own place.
	let mut ours: HashMap<H256, usize> = HashMap::new();
	let mut places = HashMap::new();
	let mut last_block = first_block;
	for (i, outcome) in outcomes.iter().enumerate() {
		if i == outsider_at || i == oversized {
			continue;
		}
		let included = outcome.as_ref().map_err(|e| anyhow::anyhow!("transaction {i}: {e}"))?;
		ensure!(included.events.iter().any(|e| e == "System.ExtrinsicSuccess"), "transaction {i}: {:?}", included.events);
		ensure!(places.insert((included.block_number, included.index), i).is_none(), "two transactions at one place");
		ours.insert(included.extrinsic_hash, i);
		last_block = last_block.max(included.block_number);
	}
	ensure!(ours.len() == transactions.len() - 2, "{} distinct hashes", ours.len());

	// Exactly once on the chain, and no block more than one slot after the one before.
	let mut seen: HashMap<H256, u32> = HashMap::new();
	let mut previous_timestamp = None;
	let mut blocks = Vec::new();
	for number in first_block..=last_block {
		let hash: H256 = client.rpc("chain_getBlockHash", rpc_params![number]).await?;
		let block: serde_json::Value = client.rpc("chain_getBlock", rpc_params![hash]).await?;
		let extrinsics = block["block"]["extrinsics"].as_array().context("a block has extrinsics")?;
		let mut count = 0;
		for extrinsic in extrinsics {
			let bytes = hex::decode(extrinsic.as_str().context("hex")?.trim_start_matches("0x"))?;
			let extrinsic_hash = H256(sp_crypto_hashing::blake2_256(&bytes));
			if ours.contains_key(&extrinsic_hash) {
				*seen.entry(extrinsic_hash).or_default() += 1;
				count += 1;
			}
		}
		let timestamp = timestamp_at(&client, hash).await?;
		if let Some(previous) = previous_timestamp {
			ensure!(
				timestamp - previous <= 2 * SLOT_MILLIS,
				"block {number} came {} ms after the one before (blocks so far: {blocks:?})",
				timestamp - previous
			);
		}
		previous_timestamp = Some(timestamp);
		blocks.push((number, count));
	}
	ensure!(seen.len() == ours.len(), "{} of {} transactions found on chain", seen.len(), ours.len());
	ensure!(seen.values().all(|n| *n == 1), "a transaction is on chain twice");
	println!("burst: {} transactions in blocks {first_block}..={last_block}: {blocks:?}", ours.len());

	// The signer's nonces have no gap left behind: its next transaction lands.
	let after = client.submit(&runtime::tx().system().remark(Vec::new()), &members[4], Wait::InBlock).await?;
	ensure!(after.block_number >= last_block);
	Ok(())
}

/// `Timestamp::Now` at a block.
async fn timestamp_at(client: &MedtrustClient, at: H256) -> Result<u64> {
	let key = [sp_crypto_hashing::twox_128(b"Timestamp"), sp_crypto_hashing::twox_128(b"Now")].concat();
	let value: String = client.rpc("state_getStorage", rpc_params![format!("0x{}", hex::encode(key)), at]).await?;
	let bytes = hex::decode(value.trim_start_matches("0x"))?;
	Ok(u64::from_le_bytes(bytes.try_into().map_err(|_| anyhow::anyhow!("a u64 timestamp"))?))
}
