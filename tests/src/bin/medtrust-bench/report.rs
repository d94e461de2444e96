//! Percentiles and the printed table.

use std::{
	collections::BTreeMap,
	time::{Duration, Instant},
};

use medtrust_client::MedtrustClient;
use medtrust_e2e::network::{best_head, finalized_head};

/// What one stream did.
pub struct StreamReport {
	pub name: &'static str,
	/// Whether its operations are transactions (else JSON-RPC reads).
	pub is_transaction: bool,
	/// Requests answered or transactions included.
	pub operations: usize,
	/// Pack events, for the unit stream.
	pub units: usize,
	/// Each operation's latency: request → answer, or submission → inclusion in a block.
	pub latencies: Vec<Duration>,
	/// Failures, each with how often.
	pub errors: BTreeMap<String, usize>,
}

impl StreamReport {
	pub fn new(name: &'static str, is_transaction: bool) -> Self {
		Self { name, is_transaction, operations: 0, units: 0, latencies: Vec::new(), errors: BTreeMap::new() }
	}

	pub fn failed(&mut self, error: impl std::fmt::Display) {
		let text: String = error.to_string().chars().take(120).collect();
		*self.errors.entry(text).or_default() += 1;
	}

	pub fn print_table(streams: &[StreamReport], seconds: f64) {
		println!(
			"{:<34} {:>8} {:>9} {:>9} {:>9} {:>9} {:>9}",
			"stream", "ops", "ops/s", "p50 ms", "p95 ms", "p99 ms", "max ms"
		);
		for s in streams {
			let mut l = s.latencies.clone();
			l.sort_unstable();
			println!(
				"{:<34} {:>8} {:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>9.1}",
				s.name,
				s.operations,
				s.operations as f64 / seconds,
				millis(percentile(&l, 0.50)),
				millis(percentile(&l, 0.95)),
				millis(percentile(&l, 0.99)),
				millis(percentile(&l, 1.0)),
			);
			if s.units > 0 {
				println!("{:<34} {:>8} {:>9.1}", "  └ pack events", s.units, s.units as f64 / seconds);
			}
			for (error, count) in &s.errors {
				println!("  ! {count} × {error}");
			}
		}
	}
}

fn millis(d: Duration) -> f64 {
	d.as_secs_f64() * 1_000.0
}

/// The `p` quantile of sorted latencies (zero when there are none).
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
	if sorted.is_empty() {
		return Duration::ZERO;
	}
	sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}

pub struct Latencies;

impl Latencies {
	pub fn summary(latencies: &[Duration]) -> String {
		let mut l = latencies.to_vec();
		l.sort_unstable();
		format!(
			"{} blocks, p50 {:.1} s, p95 {:.1} s, max {:.1} s",
			l.len(),
			percentile(&l, 0.5).as_secs_f64(),
			percentile(&l, 0.95).as_secs_f64(),
			percentile(&l, 1.0).as_secs_f64()
		)
	}
}

/// Until `deadline`, watches node 0: when each block number first becomes best and when it
/// is finalised; returns the lag of every block finalised meanwhile.
pub async fn finality_lag(client: MedtrustClient, deadline: Instant) -> Vec<Duration> {
	let mut first_seen: BTreeMap<u64, Instant> = BTreeMap::new();
	let mut lags = Vec::new();
	let mut finalized_up_to = 0;
	while Instant::now() < deadline {
		if let (Ok((best, _)), Ok((finalized, _))) = (best_head(&client).await, finalized_head(&client).await) {
			let now = Instant::now();
			for number in first_seen.keys().last().map_or(best, |last| last + 1)..=best {
				first_seen.insert(number, now);
			}
			if finalized_up_to == 0 {
				finalized_up_to = finalized;
			}
			for number in finalized_up_to + 1..=finalized {
				if let Some(seen) = first_seen.get(&number) {
					lags.push(now - *seen);
				}
			}
			finalized_up_to = finalized_up_to.max(finalized);
		}
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
	lags
}

/// What one block held and used, as shares of the normal dispatch class.
struct BlockUse {
	number: u64,
	transactions: usize,
	weight: f64,
	proof: f64,
	length: f64,
	gap_ms: u64,
}

/// Reads every block from `from` to `to` on `client`'s node: its signed transactions, and
/// its normal-class weight (`System::BlockWeight`), proof size and length as % of the
/// runtime's normal-class limits; prints each block (with `each`) and which resource bound
/// the run.
pub async fn print_blocks(client: &MedtrustClient, from: u64, to: u64, each: bool) -> anyhow::Result<()> {
	use codec::{Compact, Decode};
	use medtrust_client::{runtime, subxt::rpcs::client::rpc_params, H256};
	let at = client.at_best_block().await?;
	let limits = at.constants().entry(runtime::constants().system().block_weights())?;
	let normal = limits.per_class.normal.max_total.unwrap_or(limits.max_block.clone());
	let max_length = at.constants().entry(runtime::constants().system().block_length())?.max.normal as f64;
	let key = |pallet: &[u8], item: &[u8]| {
		format!("0x{}", hex::encode([sp_crypto_hashing::twox_128(pallet), sp_crypto_hashing::twox_128(item)].concat()))
	};
	let mut blocks = Vec::new();
	let mut previous_timestamp = None;
	for number in from..=to {
		let hash: H256 = client.rpc("chain_getBlockHash", rpc_params![number]).await?;
		let block: serde_json::Value = client.rpc("chain_getBlock", rpc_params![hash]).await?;
		let extrinsics = block["block"]["extrinsics"].as_array().cloned().unwrap_or_default();
		// Length as the runtime counts it: every extrinsic's encoding.
		let length: usize = extrinsics.iter().map(|e| e.as_str().map_or(0, |h| (h.len() - 2) / 2)).sum();
		let weight: Option<String> = client.rpc("state_getStorage", rpc_params![key(b"System", b"BlockWeight"), hash]).await?;
		let bytes = hex::decode(weight.unwrap_or_default().trim_start_matches("0x"))?;
		let (ref_time, proof_size) = <(Compact<u64>, Compact<u64>)>::decode(&mut &bytes[..]).map(|(a, b)| (a.0, b.0)).unwrap_or_default();
		let now: Option<String> = client.rpc("state_getStorage", rpc_params![key(b"Timestamp", b"Now"), hash]).await?;
		let timestamp = u64::decode(&mut &hex::decode(now.unwrap_or_default().trim_start_matches("0x"))?[..]).unwrap_or_default();
		let gap_ms = previous_timestamp.map_or(0, |p| timestamp.saturating_sub(p));
		previous_timestamp = Some(timestamp);
		blocks.push(BlockUse {
			number,
			// The timestamp inherent is not a transaction.
			transactions: extrinsics.len().saturating_sub(1),
			weight: 100.0 * ref_time as f64 / normal.ref_time as f64,
			proof: 100.0 * proof_size as f64 / normal.proof_size.max(1) as f64,
			length: 100.0 * length as f64 / max_length,
			gap_ms,
		});
	}
	if each {
		println!("\n{:>7} {:>6} {:>9} {:>9} {:>9} {:>8}", "block", "txs", "weight %", "proof %", "length %", "gap ms");
		for b in &blocks {
			println!("{:>7} {:>6} {:>9.1} {:>9.1} {:>9.1} {:>8}", b.number, b.transactions, b.weight, b.proof, b.length, b.gap_ms);
		}
	}
	if blocks.is_empty() {
		return Ok(());
	}
	let n = blocks.len() as f64;
	let mean = |f: fn(&BlockUse) -> f64| blocks.iter().map(f).sum::<f64>() / n;
	let max = |f: fn(&BlockUse) -> f64| blocks.iter().map(f).fold(0.0, f64::max);
	let (weight, proof, length) = (mean(|b| b.weight), mean(|b| b.proof), mean(|b| b.length));
	let longest_gap = blocks.iter().skip(1).map(|b| b.gap_ms).max().unwrap_or_default();
	println!(
		"blocks {from}..={to}: {:.1} transactions per block (max {}); normal-class weight {weight:.1}% (max {:.1}%), proof size {proof:.1}% (max {:.1}%), length {length:.1}% (max {:.1}%); longest gap between blocks {longest_gap} ms",
		mean(|b| b.transactions as f64),
		blocks.iter().map(|b| b.transactions).max().unwrap_or_default(),
		max(|b| b.weight),
		max(|b| b.proof),
		max(|b| b.length),
	);
	let (resource, share) = [("weight", weight), ("proof size", proof), ("length", length)]
		.into_iter()
		.fold(("", 0.0), |best, next| if next.1 > best.1 { next } else { best });
	if share >= 80.0 {
		println!("bound: the blocks' {resource} ({share:.0}% of the normal class on average)");
	} else {
		println!(
			"bound: not the blocks (their fullest resource, {resource}, averaged {share:.0}%): the submission rate or the nodes' CPU"
		);
	}
	Ok(())
}
