//! `medtrust-bench`: drives the 4-organisation `local` consortium with the mix of a day — scans,
//! unit events, consent decisions and access records, invoices and claims — and prints
//! throughput and latency percentiles.
//!
//! By default it starts the four validators itself on 127.0.0.1 (the end-to-end harness) and
//! stops them when done; `--url` (repeated) drives nodes that are already running the `local`
//! chain instead. Each organisation writes through its own node; scans and decisions go round
//! the nodes. The council admits the manufacturer, distributor, insurer and auditor first if
//! they are not members yet.
//!
//! ```sh
//! medtrust-bench --seconds 60
//! ```

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Parser;
use medtrust_client::MedtrustClient;
use medtrust_e2e::{
	cast::Cast,
	network::{best_head, finalized_head},
	Network,
};

mod report;
mod workload;

use report::{Latencies, StreamReport};

#[derive(Parser)]
#[command(name = "medtrust-bench", about = "Throughput and latency of the local consortium under a mixed load")]
struct Args {
	/// Nodes of a running `local` chain, node 0 first (`ws://…`); without it four are started.
	#[arg(long)]
	url: Vec<String>,
	/// How long the load runs, in seconds.
	#[arg(long, default_value_t = 60)]
	seconds: u64,
	/// Concurrent scanners calling `trace_verify`, each one request at a time.
	#[arg(long, default_value_t = 4)]
	scanners: usize,
	/// Concurrent consent checkers calling `consent_decide`.
	#[arg(long, default_value_t = 2)]
	checkers: usize,
	/// Packs the manufacturer commissions for the unit stream and the scans.
	#[arg(long, default_value_t = 60_000)]
	units: u32,
	/// Packs per ship or receive transaction.
	#[arg(long, default_value_t = 250)]
	units_per_tx: usize,
	/// Transactions each writing stream submits together per round.
	#[arg(long, default_value_t = 8)]
	batch: usize,
	/// Invoices, and so claims, per round of the claims streams (default: `--batch`).
	#[arg(long)]
	claims_batch: Option<usize>,
	/// Rounds each writing stream keeps in flight (1: wait for each round's block).
	#[arg(long, default_value_t = 1)]
	pipeline: usize,
	/// Print every block of the run (else only the summary of blocks).
	#[arg(long)]
	blocks: bool,
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<()> {
	let args = Args::parse();
	let mut network = None;
	let urls = if args.url.is_empty() {
		println!("starting the four validators of the local chain on 127.0.0.1 …");
		let mut started = Network::start_local(4).await?;
		started.wait_until_agreed(1, Duration::from_secs(120)).await?;
		let urls = (0..4).map(|i| started.url(i)).collect();
		network = Some(started);
		urls
	} else {
		args.url.clone()
	};
	let outcome = run(&args, &urls).await;
	if let (Err(_), Some(network)) = (&outcome, &network) {
		eprintln!("node logs:{}", network.log_tails(20));
	}
	outcome
}

async fn run(args: &Args, urls: &[String]) -> Result<()> {
	let mut clients = Vec::new();
	for url in urls {
		clients.push(MedtrustClient::connect(url).await.with_context(|| format!("connecting to {url}"))?);
	}
	let cast = Cast::admit(&clients[0]).await?;
	let started = Instant::now();
	let setup = std::sync::Arc::new(workload::Setup::prepare(&clients, &cast, args.units).await?);
	println!("setup: cast admitted, {} packs commissioned, consent and coverage in place ({} s)", args.units, started.elapsed().as_secs());

	let deadline = Instant::now() + Duration::from_secs(args.seconds);
	let (first_best, _) = best_head(&clients[0]).await?;
	let finality = tokio::spawn(report::finality_lag(clients[0].clone(), deadline));
	let shape = workload::Shape { scanners: args.scanners, checkers: args.checkers, units_per_tx: args.units_per_tx, batch: args.batch, claims_batch: args.claims_batch.unwrap_or(args.batch), pipeline: args.pipeline };
	let started = Instant::now();
	let streams = workload::run(&clients, &cast, setup, &shape, deadline).await?;
	let elapsed = started.elapsed().as_secs_f64();
	let (last_best, _) = best_head(&clients[0]).await?;
	let lag = finality.await?;
	// Let the last transactions finalise before counting blocks.
	tokio::time::sleep(Duration::from_secs(6)).await;
	let (finalized, _) = finalized_head(&clients[0]).await?;

	println!("\n{} nodes, {elapsed:.1} s of load, blocks {first_best}..{last_best} (finalised up to {finalized})", urls.len());
	StreamReport::print_table(&streams, elapsed);
	let transactions: usize = streams.iter().filter(|s| s.is_transaction).map(|s| s.operations).sum();
	println!(
		"\ntransactions: {transactions} included = {:.1}/s sustained over {} blocks ({:.1} per block)",
		transactions as f64 / elapsed,
		last_best.saturating_sub(first_best),
		transactions as f64 / last_best.saturating_sub(first_best).max(1) as f64,
	);
	println!("finality lag (block first seen as best → finalised, node 0): {}", Latencies::summary(&lag));
	report::print_blocks(&clients[0], first_best + 1, last_best, args.blocks).await?;
	Ok(())
}
