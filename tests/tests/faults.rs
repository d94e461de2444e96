//! The 4-organisation `local` consortium under a steady load of transactions, through faults:
//!
//! 1. one validator of four is killed: blocks and finality go on;
//! 2. a second is killed (more than a third): finality stalls, blocks may go on; both are
//!    restarted on their databases and finality resumes, with no finalised block reverted;
//! 3. a restarted node is killed with SIGKILL as soon as it imports a block it missed (up to
//!    three times, until the kill lands before it has caught up), and restarted again on the
//!    same database: it opens and catches up;
//! 4. a node is isolated from its peers, then rejoins and agrees again.
//!
//! Every transaction the SDK reported as included is finalised exactly once.

use std::{
	collections::HashMap,
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc,
	},
	time::{Duration, Instant},
};

use anyhow::{ensure, Context, Result};
use medtrust_client::{
	consent,
	subxt::rpcs::{client::rpc_params, RpcClient},
	Ed25519Signer, MedtrustClient, Wait, H256,
};
use medtrust_client::trace;
use medtrust_e2e::{
	cast::Cast,
	network::{best_head, canonical_hash, finalized_head},
	Network,
};
use medtrust_primitives::trace::{ProductCode, ProductKind, Serial};

const SCENARIO_LIMIT: Duration = Duration::from_secs(540);
/// Subjects registered per transaction batch of the load.
const BATCH: u32 = 5;

/// A hospital registering patient commitments through one node, batch after batch.
struct Load {
	stop: Arc<AtomicBool>,
	task: tokio::task::JoinHandle<LoadReport>,
}

#[derive(Default, Debug)]
struct LoadReport {
	/// Hashes of the transactions the SDK reported included in a block.
	included: Vec<H256>,
	/// What went wrong, if anything (each error and how often).
	errors: HashMap<String, usize>,
}

impl Load {
	fn start(client: MedtrustClient, hospital: Ed25519Signer, tag: u8) -> Self {
		let stop = Arc::new(AtomicBool::new(false));
		let flag = stop.clone();
		let task = tokio::spawn(async move {
			let mut report = LoadReport::default();
			let mut n: u32 = 0;
			while !flag.load(Ordering::Relaxed) {
				let calls: Vec<_> = (n..n + BATCH)
					.map(|i| {
						let mut subject = [tag; 32];
						subject[..4].copy_from_slice(&i.to_le_bytes());
						consent::calls::register_subject(subject, None)
					})
					.collect();
				n += BATCH;
				match client.submit_all(&calls, &hospital, Wait::InBlock, |_, _| {}).await {
					Ok(included) => report.included.extend(included.iter().map(|i| i.extrinsic_hash)),
					Err(e) => {
						*report.errors.entry(e.to_string()).or_default() += 1;
						tokio::time::sleep(Duration::from_secs(1)).await;
					},
				}
			}
			report
		});
		Self { stop, task }
	}

	async fn finish(self) -> Result<LoadReport> {
		self.stop.store(true, Ordering::Relaxed);
		Ok(self.task.await?)
	}
}

/// The finalised head of each of `nodes`.
async fn finalized_heads(network: &Network, nodes: &[usize]) -> Result<Vec<u64>> {
	let mut heads = Vec::new();
	for &i in nodes {
		heads.push(finalized_head(&network.client(i).await?).await?.0);
	}
	Ok(heads)
}

/// The hashes of blocks `1..=up_to` on node `i`'s chain.
async fn chain(network: &Network, i: usize, up_to: u64) -> Result<Vec<H256>> {
	let client = network.client(i).await?;
	let mut hashes = Vec::new();
	for number in 1..=up_to {
		hashes.push(canonical_hash(&client, number).await?.with_context(|| format!("node {i} has no block {number}"))?);
	}
	Ok(hashes)
}

/// How often each extrinsic occurs in blocks `1..=up_to` of node `i`'s chain.
async fn extrinsic_counts(network: &Network, i: usize, up_to: u64) -> Result<HashMap<H256, usize>> {
	let client = network.client(i).await?;
	let mut counts = HashMap::new();
	for hash in chain(network, i, up_to).await? {
		let block: serde_json::Value = client.rpc("chain_getBlock", rpc_params![hash]).await?;
		for extrinsic in block["block"]["extrinsics"].as_array().context("extrinsics")? {
			let bytes = hex::decode(extrinsic.as_str().context("hex")?.trim_start_matches("0x"))?;
			*counts.entry(H256(sp_crypto_hashing::blake2_256(&bytes))).or_default() += 1;
		}
	}
	Ok(counts)
}

/// A manufacturer commissioning packs in bulk, which makes blocks slow to import.
struct Bulk {
	client: MedtrustClient,
	manufacturer: Ed25519Signer,
	lot: u32,
	next: std::sync::atomic::AtomicU32,
}

impl Bulk {
	/// The council admits the manufacturer (with the rest of the day's cast); it makes a lot.
	async fn prepare(client: &MedtrustClient) -> Result<Self> {
		let cast = Cast::admit(client).await?;
		let manufacturer = cast.manufacturer.key;
		let gtin = *b"06901234500028";
		let info = trace::product_info(ProductKind::Drug, Some(gtin), None, "Paracetamol", "tablet", "500 mg");
		client.submit(&trace::calls::register_product(info), &manufacturer, Wait::InBlock).await?;
		let product = client.product_id(&ProductCode::Gtin(gtin)).await?.context("the product")?;
		client.submit(&trace::calls::create_lot(product, "BULK", 20301231, None), &manufacturer, Wait::InBlock).await?;
		let lot = client.lot_id(product, "BULK").await?.context("the lot")?;
		Ok(Self { client: client.clone(), manufacturer, lot, next: 0.into() })
	}

	/// Commissions 20,000 packs in two transactions, waiting for their block.
	async fn commission(&self) -> Result<()> {
		let calls: Vec<_> = (0..2)
			.map(|_| {
				let first = self.next.fetch_add(10_000, Ordering::Relaxed);
				let serials: Vec<Serial> =
					(first..first + 10_000).map(|i| Serial::truncate_from(format!("P{i:09}").into_bytes())).collect();
				trace::calls::commission(self.lot, &serials)
			})
			.collect();
		self.client.submit_all(&calls, &self.manufacturer, Wait::InBlock, |_, _| {}).await?;
		Ok(())
	}
}

/// Kills node `i`; while it is down for 20 s, the manufacturer commissions packs in bulk; then
/// restarts it and kills it (SIGKILL) the moment its best block moves. Returns that block and
/// the others' best block when it restarted.
async fn kill_during_catch_up(network: &mut Network, i: usize, bulk: &Bulk) -> Result<(u64, u64)> {
	network.kill(i);
	let down = Instant::now();
	while down.elapsed() < Duration::from_secs(20) {
		bulk.commission().await?;
	}
	let target = best_head(&network.client(0).await?).await?.0;
	network.restart(i).await?;
	// One plain JSON-RPC connection, polled as fast as it answers.
	let rpc = RpcClient::from_insecure_url(&network.url(i)).await?;
	let best = || async {
		let header: serde_json::Value = rpc.request("chain_getHeader", rpc_params![]).await?;
		let hex = header["number"].as_str().context("a header names its number")?.to_string();
		anyhow::Ok(u64::from_str_radix(hex.trim_start_matches("0x"), 16)?)
	};
	let opened_at = best().await?;
	let deadline = Instant::now() + Duration::from_secs(60);
	loop {
		let now = best().await?;
		if now > opened_at {
			network.kill(i);
			return Ok((now, target));
		}
		ensure!(Instant::now() < deadline, "node {i} imported nothing within 60 s");
		tokio::time::sleep(Duration::from_millis(2)).await;
	}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_consortium_survives_crashes_and_loses_nothing() -> Result<()> {
	let mut network = Network::start_local(4).await?;
	network.run(SCENARIO_LIMIT, async |network| scenario(network).await).await
}

async fn scenario(network: &mut Network) -> Result<()> {
	network.wait_until_agreed(2, Duration::from_secs(120)).await?;
	let bulk = Bulk::prepare(&network.client(0).await?).await.context("the manufacturer's lot")?;
	// Two hospitals load the chain through the nodes that stay up (0 and 1).
	let loads = [
		Load::start(network.client(0).await?, Ed25519Signer::dev("bob"), 0xB0),
		Load::start(network.client(1).await?, Ed25519Signer::dev("charlie"), 0xC0),
	];
	tokio::time::sleep(Duration::from_secs(10)).await;

	// 1. One validator of four down: blocks and finality go on.
	network.kill(3);
	let before = finalized_heads(network, &[0, 1, 2]).await?;
	let best_before = best_head(&network.client(0).await?).await?.0;
	tokio::time::sleep(Duration::from_secs(20)).await;
	let after = finalized_heads(network, &[0, 1, 2]).await?;
	let best_after = best_head(&network.client(0).await?).await?.0;
	println!("one down: best {best_before} → {best_after}, finalised {before:?} → {after:?} in 20 s");
	ensure!(best_after >= best_before + 3, "blocks stopped with one validator down");
	ensure!(after.iter().zip(&before).all(|(a, b)| a >= &(b + 3)), "finality stopped: {before:?} → {after:?}");

	// 2. Two of four down: finality stalls; blocks may go on.
	network.kill(2);
	tokio::time::sleep(Duration::from_secs(6)).await;
	let stalled = finalized_heads(network, &[0, 1]).await?;
	let best_stalled = best_head(&network.client(0).await?).await?.0;
	tokio::time::sleep(Duration::from_secs(20)).await;
	let still = finalized_heads(network, &[0, 1]).await?;
	let best_still = best_head(&network.client(0).await?).await?.0;
	println!("two down: best {best_stalled} → {best_still}, finalised {stalled:?} → {still:?} in 20 s");
	ensure!(still == stalled, "finality went on with half the validators down: {stalled:?} → {still:?}");
	let final_before = *stalled.iter().max().expect("two nodes");
	let finalised_chain = chain(network, 0, final_before).await?;

	// Both come back on their databases: finality resumes, nothing finalised is reverted.
	let started = Instant::now();
	network.restart(2).await?;
	network.restart(3).await?;
	let (resumed, _) = network.wait_until_agreed(final_before + 3, Duration::from_secs(120)).await?;
	println!("restarted: all four agree on finalised block {resumed} after {} s", started.elapsed().as_secs());
	for i in 0..4 {
		ensure!(chain(network, i, final_before).await? == finalised_chain, "node {i} reverted a finalised block");
	}

	// 3. SIGKILL while importing: node 3 misses blocks, restarts, and is killed as soon as it
	// imports one, up to three times until the kill lands before it has caught up.
	for attempt in 1..=3 {
		let (killed_at, target) = kill_during_catch_up(network, 3, &bulk).await?;
		let mid_import = killed_at < target;
		println!("attempt {attempt}: node 3 killed at block {killed_at} while catching up to {target} (mid-import: {mid_import})");
		network.restart(3).await.context("node 3 opens its database after SIGKILL")?;
		let (caught_up, _) = network.wait_until_agreed(target, Duration::from_secs(120)).await?;
		println!("node 3 caught up: all four agree on finalised block {caught_up}");
		if mid_import {
			break;
		}
	}

	// 4. Node 2 isolated for a while, then rejoining.
	network.isolate(2).await?;
	tokio::time::sleep(Duration::from_secs(15)).await;
	let isolated = best_head(&network.client(2).await?).await?.0;
	let others = best_head(&network.client(0).await?).await?.0;
	network.rejoin(2).await?;
	let (rejoined, _) = network.wait_until_agreed(others, Duration::from_secs(120)).await?;
	println!("node 2 isolated at best {isolated} while the others reached {others}; agrees on {rejoined} after rejoining");

	// Every transaction reported included is finalised exactly once.
	let mut included = Vec::new();
	for load in loads {
		let report = load.finish().await?;
		println!("load: {} transactions included, errors {:?}", report.included.len(), report.errors);
		included.extend(report.included);
	}
	let last = best_head(&network.client(0).await?).await?.0;
	let (finalized, _) = network.wait_until_agreed(last, Duration::from_secs(60)).await?;
	let counts = extrinsic_counts(network, 1, finalized).await?;
	let missing: Vec<_> = included.iter().filter(|h| !counts.contains_key(h)).collect();
	let repeated: Vec<_> = included.iter().filter(|h| counts.get(h).is_some_and(|&c| c > 1)).collect();
	println!("{} reported transactions: {} missing, {} repeated in finalised blocks 1..={finalized}", included.len(), missing.len(), repeated.len());
	ensure!(included.len() >= 100, "the load was not steady: only {} transactions", included.len());
	ensure!(missing.is_empty() && repeated.is_empty(), "missing {missing:?}, repeated {repeated:?}");
	Ok(())
}
