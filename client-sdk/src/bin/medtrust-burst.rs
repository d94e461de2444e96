//! `medtrust-burst`: a burst of transactions from the eight dev organisations against a running
//! dev node, through the SDK or as a standard client would send them, and what the chain made
//! of it.
//!
//! - `--mode sdk`: one [`MedtrustClient`], every transaction in `submit_batch` (one block
//!   subscription for all of them);
//! - `--mode watched`: pre-signed by the SDK, then submitted with
//!   `author_submitAndWatchExtrinsic` over `--connections` WebSockets, one subscription per
//!   transaction, as polkadot.js does;
//! - `--mode unwatched`: pre-signed, submitted with `author_submitExtrinsic` over
//!   `--connections` WebSockets.
//!
//! `--over S` spreads the transactions evenly over S seconds instead of sending them at once.
//! Afterwards it reads every block of the run and checks that each transaction is on chain
//! exactly once; it prints the blocks' transaction counts, the longest gap between blocks (by
//! their timestamps) and its own peak memory. Nothing is asserted; the exit code is 1 when a
//! transaction is missing or repeated.

use std::{
	collections::HashMap,
	time::{Duration, Instant},
};

use clap::{Parser, ValueEnum};
use futures::StreamExt;
use medtrust_client::{
	runtime,
	subxt::rpcs::{client::rpc_params, RpcClient},
	Ed25519Signer, MedtrustClient, SignedTransaction, Wait, H256,
};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Mode {
	Sdk,
	Watched,
	Unwatched,
}

#[derive(Parser)]
#[command(name = "medtrust-burst", about = "A burst of transactions from eight organisations against a dev node")]
struct Args {
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// Transactions in all, shared round-robin by the eight organisations.
	#[arg(long, default_value_t = 5_000)]
	transactions: usize,
	#[arg(long, value_enum, default_value_t = Mode::Sdk)]
	mode: Mode,
	/// WebSocket connections a standard client spreads its submissions over.
	#[arg(long, default_value_t = 4)]
	connections: usize,
	/// Seconds to spread the transactions over (0: all at once).
	#[arg(long, default_value_t = 0)]
	over: u64,
}

const ORGANISATIONS: [&str; 8] = ["alice", "bob", "charlie", "dave", "eve", "ferdie", "one", "two"];

#[tokio::main]
async fn main() -> anyhow::Result<()> {
	let args = Args::parse();
	let signers: Vec<Ed25519Signer> = ORGANISATIONS.into_iter().map(Ed25519Signer::dev).collect();
	let client = MedtrustClient::connect_as_member(&args.url, &signers[0]).await?;
	// The standard client's connections carry the same member's token.
	let credential = medtrust_client::Credential::Member(medtrust_client::credential::member_token(
		&signers[0],
		client.api().genesis_hash(),
		medtrust_client::credential::MEMBER_TOKEN_LIFETIME,
	));
	let credential = match medtrust_client::Credential::from_env()? {
		medtrust_client::Credential::Public => credential,
		from_env => from_env,
	};
	// Empty remarks, the one remark the runtime's call filter admits; each signer's nonces keep
	// them distinct.
	let remark = runtime::tx().system().remark(Vec::new());
	let transactions: Vec<_> = (0..args.transactions).map(|n| (remark.clone(), &signers[n % signers.len()])).collect();
	let first_block = client.at_best_block().await?.block_number();

	// Sent in waves, one per second when spread.
	let waves = args.over.max(1) as usize;
	let per_wave = args.transactions.div_ceil(waves);
	let started = Instant::now();
	let mut hashes = Vec::new();
	let mut refused = 0usize;
	let mut failed = 0usize;
	match args.mode {
		Mode::Sdk => {
			let mut running = Vec::new();
			for (w, wave) in transactions.chunks(per_wave).enumerate() {
				tokio::time::sleep_until((started + Duration::from_secs(w as u64)).into()).await;
				let (client, wave) = (client.clone(), wave.iter().map(|(c, s)| (c.clone(), (*s).clone())).collect::<Vec<_>>());
				running.push(tokio::spawn(async move {
					let wave: Vec<_> = wave.iter().map(|(c, s)| (c.clone(), s)).collect();
					client.submit_batch(&wave, Wait::InBlock, |_, _| {}).await
				}));
			}
			for wave in running {
				for outcome in wave.await? {
					match outcome {
						Ok(included) => hashes.push(included.extrinsic_hash),
						Err(medtrust_client::SubmitError::Rejected { reason }) => {
							refused += 1;
							eprintln!("refused: {reason}");
						},
						Err(e) => {
							failed += 1;
							eprintln!("{e}");
						},
					}
				}
			}
		},
		Mode::Watched | Mode::Unwatched => {
			let signed = client.sign_all(&transactions).await?;
			let mut connections = Vec::new();
			for _ in 0..args.connections.max(1) {
				connections.push(RpcClient::from_insecure_url(&credential.on_url(&args.url)).await?);
			}
			let mut running = Vec::new();
			for (w, wave) in signed.chunks(per_wave).enumerate() {
				tokio::time::sleep_until((started + Duration::from_secs(w as u64)).into()).await;
				for (k, tx) in wave.iter().enumerate() {
					let rpc = connections[k % connections.len()].clone();
					running.push(tokio::spawn(send(rpc, tx.clone(), args.mode == Mode::Watched)));
				}
			}
			for outcome in futures::stream::iter(running).buffered(usize::MAX).collect::<Vec<_>>().await {
				match outcome? {
					Ok(hash) => hashes.push(hash),
					Err(e) => {
						refused += 1;
						eprintln!("{e}");
					},
				}
			}
		},
	}
	let submitted_for = started.elapsed();
	eprintln!("submitted in {:.1} s; checking the chain", submitted_for.as_secs_f64());
	// Unwatched transactions are reported when the node has them; wait for the pool to drain.
	let mut last_block = client.at_best_block().await?.block_number();
	let (found, blocks, gap) = loop {
		let (found, blocks, gap) = on_chain(&client, first_block + 1, last_block, &hashes).await?;
		eprintln!("blocks {}..={last_block}: {} of {} found", first_block + 1, found.len(), hashes.len());
		if found.len() == hashes.len() || started.elapsed() > submitted_for + Duration::from_secs(120) {
			break (found, blocks, gap);
		}
		tokio::time::sleep(Duration::from_secs(3)).await;
		last_block = client.at_best_block().await?.block_number();
	};
	let elapsed = started.elapsed().as_secs_f64();
	let repeated = found.values().filter(|n| **n > 1).count();
	let missing = hashes.len() - found.len();
	let full: Vec<usize> = blocks.iter().map(|(_, n)| *n).filter(|n| *n > 0).collect();
	println!(
		"{} transactions ({:?} mode, {} connection(s), over {} s): {} on chain exactly once, {missing} missing, {repeated} repeated, {refused} refused, {failed} failed",
		args.transactions,
		match args.mode {
			Mode::Sdk => "sdk",
			Mode::Watched => "watched",
			Mode::Unwatched => "unwatched",
		},
		if args.mode == Mode::Sdk { 1 } else { args.connections },
		args.over,
		found.values().filter(|n| **n == 1).count(),
	);
	println!(
		"blocks {}..={last_block}: {} held ours {full:?}; longest gap between blocks {gap} ms; {:.0} transactions/s from first submission to last inclusion ({elapsed:.1} s)",
		first_block + 1,
		full.len(),
		hashes.len() as f64 / elapsed,
	);
	println!("client peak memory: {} MB", peak_memory_mb());
	anyhow::ensure!(missing == 0 && repeated == 0, "not every transaction landed exactly once");
	Ok(())
}

/// Submits one pre-signed transaction; watched, follows it until it is in a block.
async fn send(rpc: RpcClient, tx: SignedTransaction, watched: bool) -> Result<H256, String> {
	let hex = format!("0x{}", hex::encode(&tx.bytes));
	if !watched {
		return rpc.request::<H256>("author_submitExtrinsic", rpc_params![hex]).await.map_err(|e| e.to_string());
	}
	let mut statuses = rpc
		.subscribe::<serde_json::Value>("author_submitAndWatchExtrinsic", rpc_params![hex], "author_unwatchExtrinsic")
		.await
		.map_err(|e| e.to_string())?;
	while let Some(status) = statuses.next().await {
		let status = status.map_err(|e| e.to_string())?;
		if status.get("inBlock").is_some() || status.get("finalized").is_some() {
			return Ok(tx.hash);
		}
		// `"dropped"` and `"invalid"` come as words, `{"usurped": hash}` as an object.
		if status.as_str().is_some_and(|w| w == "dropped" || w == "invalid") || status.get("usurped").is_some() {
			return Err(format!("{status}: {:?}", tx.hash));
		}
	}
	Err("the node ended the subscription".into())
}

/// How often each of `hashes` is in blocks `from..=to`, each block's count of them, and the
/// longest gap between consecutive blocks' timestamps.
async fn on_chain(
	client: &MedtrustClient,
	from: u64,
	to: u64,
	hashes: &[H256],
) -> anyhow::Result<(HashMap<H256, u32>, Vec<(u64, usize)>, u64)> {
	let ours: std::collections::HashSet<H256> = hashes.iter().copied().collect();
	let mut found: HashMap<H256, u32> = HashMap::new();
	let mut blocks = Vec::new();
	let (mut previous, mut gap) = (None, 0);
	let now_key = format!(
		"0x{}",
		hex::encode([sp_crypto_hashing::twox_128(b"Timestamp"), sp_crypto_hashing::twox_128(b"Now")].concat())
	);
	for number in from..=to {
		let hash: H256 = client.rpc("chain_getBlockHash", rpc_params![number]).await?;
		let block: serde_json::Value = client.rpc("chain_getBlock", rpc_params![hash]).await?;
		let mut count = 0;
		for extrinsic in block["block"]["extrinsics"].as_array().cloned().unwrap_or_default() {
			let bytes = hex::decode(extrinsic.as_str().unwrap_or_default().trim_start_matches("0x"))?;
			let extrinsic_hash = H256(sp_crypto_hashing::blake2_256(&bytes));
			if ours.contains(&extrinsic_hash) {
				*found.entry(extrinsic_hash).or_default() += 1;
				count += 1;
			}
		}
		let now: Option<String> = client.rpc("state_getStorage", rpc_params![now_key.clone(), hash]).await?;
		let bytes = hex::decode(now.unwrap_or_default().trim_start_matches("0x"))?;
		let timestamp = u64::from_le_bytes(bytes.try_into().unwrap_or_default());
		if let Some(previous) = previous {
			gap = gap.max(timestamp.saturating_sub(previous));
		}
		previous = Some(timestamp);
		blocks.push((number, count));
	}
	Ok((found, blocks, gap))
}

/// This process's peak resident memory (`VmHWM`), in MB.
fn peak_memory_mb() -> u64 {
	std::fs::read_to_string("/proc/self/status")
		.ok()
		.and_then(|status| {
			status.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
		})
		.map_or(0, |kb| kb / 1024)
}
