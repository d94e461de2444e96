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
