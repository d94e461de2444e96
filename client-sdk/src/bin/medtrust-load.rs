//! `medtrust-load`: measures traceability throughput against a running dev node.
//!
//! 1. commissions one lot of `--units` packs in batches of 10,000 (the manufacturer, //Charlie),
//!    submitted together, and reports the transactions and blocks it took;
//! 2. ships every pack loose in batches of 1,000 to the distributor (//Dave), who receives
//!    them, and reports unit events per second, overall and per block; then the distributor
//!    packs them onto SSCC pallets of 1,000 and ships and receives the pallets, which moves
//!    every pack in one call each;
//! 3. runs `--clients` concurrent JSON-RPC clients calling `trace_verify` on random packs for
//!    `--seconds`, and reports verifications per second and latency percentiles.
//!
//! Numbers go to standard output; nothing is asserted.

use std::{
	collections::BTreeMap,
	sync::Arc,
	time::{Duration, Instant},
};

use clap::Parser;
use medtrust_client::{
	trace::{calls, product_info},
	Ed25519Signer, Included, MedtrustClient, Wait, H256,
};
use medtrust_primitives::{
	gs1_check_digit,
	trace::{report::VerificationReport, ItemKey, ProductKind, Serial, Verdict},
};
use medtrust_client::{
	credential::{member_token, MEMBER_TOKEN_LIFETIME},
	Credential,
};
use subxt::rpcs::{client::rpc_params, RpcClient};

#[derive(Parser)]
#[command(name = "medtrust-load", about = "Traceability throughput against a dev node")]
struct Args {
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// Packs in the lot.
	#[arg(long, default_value_t = 100_000)]
	units: u32,
	/// Concurrent verification clients.
	#[arg(long, default_value_t = 64)]
	clients: usize,
	/// How long to verify for.
	#[arg(long, default_value_t = 20)]
	seconds: u64,
	/// Skip the unit-event phase (ship and receive).
	#[arg(long)]
	no_events: bool,
	/// Serials per commissioning transaction (the runtime allows 10,000).
	#[arg(long, default_value_t = 10_000)]
	commission_batch: usize,
	/// Packs per shipping or receiving transaction (the runtime allows 1,000).
	#[arg(long, default_value_t = 1_000)]
	move_batch: usize,
}
const DISTRIBUTOR: u32 = 3;

fn serial(i: u32) -> Serial {
	Serial::truncate_from(format!("U{i:09}").into_bytes())
}

/// An SSCC for pallet `i` of this run (extension digit and serial reference from the clock).
fn sscc(i: u32) -> ItemKey {
	let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970").as_secs();
	let body = format!("{}0614141{:09}", nanos % 10, (nanos % 100_000) * 1_000 + u64::from(i) % 1_000);
	let check = gs1_check_digit(body.as_bytes()).expect("digits");
	ItemKey::Sscc(format!("{body}{check}").into_bytes().try_into().expect("18 digits"))
}

/// A GTIN no earlier run used: 0 + 12 digits of the clock + check digit.
fn fresh_gtin() -> [u8; 14] {
	let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970").as_nanos();
	let body = format!("0{:012}", nanos / 1_000 % 1_000_000_000_000);
	let check = gs1_check_digit(body.as_bytes()).expect("digits");
	format!("{body}{check}").into_bytes().try_into().expect("14 digits")
}

/// Units per block and the blocks' numbers, from the inclusions of a wave of calls.
async fn per_block(client: &MedtrustClient, included: &[Included], units: &[usize]) -> BTreeMap<u64, usize> {
	let mut by_hash: BTreeMap<H256, usize> = BTreeMap::new();
	for (done, n) in included.iter().zip(units) {
		*by_hash.entry(done.block_hash).or_default() += n;
	}
	let mut by_number = BTreeMap::new();
	for (hash, n) in by_hash {
		let number = client.api().at_block(hash).await.map(|at| at.block_number()).unwrap_or_default();
		by_number.insert(number, n);
	}
	by_number
}

async fn wave<C: subxt::tx::Payload>(
	client: &MedtrustClient,
	label: &str,
	calls: Vec<C>,
	units: Vec<usize>,
	signer: &Ed25519Signer,
) -> anyhow::Result<()> {
	let started = Instant::now();
	let included = client.submit_all(&calls, signer, Wait::InBlock, |_, _| {}).await?;
	let elapsed = started.elapsed();
	let blocks = per_block(client, &included, &units).await;
	let total: usize = units.iter().sum();
	let busiest = blocks.values().max().copied().unwrap_or_default();
	println!(
		"{label}: {total} unit events in {} transactions, {} blocks ({:?}); {:.0} events/s wall clock; busiest block {busiest} events = {:.0}/s at 3 s blocks",
		calls.len(),
		blocks.len(),
		blocks.keys().collect::<Vec<_>>(),
		total as f64 / elapsed.as_secs_f64(),
		busiest as f64 / 3.0,
	);
	Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
	let args = Args::parse();
	let manufacturer = Ed25519Signer::dev("charlie");
	let distributor = Ed25519Signer::dev("dave");
	let client = MedtrustClient::connect_as_member(&args.url, &manufacturer).await?;

	let gtin = fresh_gtin();
	let info = product_info(ProductKind::Drug, Some(gtin), None, "Load test", "tablet", "1 mg");
	client.submit(&calls::register_product(info), &manufacturer, Wait::InBlock).await?;
	let gtin_text = String::from_utf8_lossy(&gtin).into_owned();
	let product = client
		.product_id(&medtrust_primitives::trace::ProductCode::Gtin(gtin))
		.await?
		.ok_or_else(|| anyhow::anyhow!("product {gtin_text} not registered"))?;
	client.submit(&calls::create_lot(product, "LOAD", 20301231, None), &manufacturer, Wait::InBlock).await?;
	let lot = client.lot_id(product, "LOAD").await?.ok_or_else(|| anyhow::anyhow!("lot not created"))?;

	let serials: Vec<Serial> = (0..args.units).map(serial).collect();
	let commission: Vec<_> = serials.chunks(args.commission_batch).map(|chunk| calls::commission(lot, chunk)).collect();
	let sizes: Vec<usize> = serials.chunks(args.commission_batch).map(<[Serial]>::len).collect();
	wave(&client, "commission", commission, sizes, &manufacturer).await?;

	let keys: Vec<ItemKey> = serials.iter().map(|serial| ItemKey::Unit { product, serial: serial.clone() }).collect();
	let holder = if args.no_events {
		2
	} else {
		let sizes: Vec<usize> = keys.chunks(args.move_batch).map(<[ItemKey]>::len).collect();
		let ship: Vec<_> = keys.chunks(args.move_batch).map(|chunk| calls::ship(chunk, Some(DISTRIBUTOR))).collect();
		wave(&client, "ship", ship, sizes.clone(), &manufacturer).await?;
		let receive: Vec<_> = keys.chunks(args.move_batch).map(calls::receive).collect();
		wave(&client, "receive", receive, sizes.clone(), &distributor).await?;
		// The same packs on SSCC pallets of `move_batch` each: packing costs what loose
		// shipping does, then shipping the pallets moves every pack in them at once.
		let pallets: Vec<ItemKey> = (0..sizes.len()).map(|i| sscc(i as u32)).collect();
		let pack: Vec<_> = keys.chunks(args.move_batch).zip(&pallets).map(|(chunk, p)| calls::pack(p, chunk)).collect();
		wave(&client, "pack onto pallets", pack, sizes.clone(), &distributor).await?;
		wave(&client, "ship pallets", vec![calls::ship(&pallets, Some(DISTRIBUTOR))], vec![keys.len()], &distributor).await?;
		wave(&client, "receive pallets", vec![calls::receive(&pallets)], vec![keys.len()], &distributor).await?;
		DISTRIBUTOR
	};

	// Verification: every client its own WebSocket connection, one request at a time.
	let scans: Arc<Vec<String>> =
		Arc::new((0..args.units).map(|i| format!("]d201{gtin_text}17301231\u{1d}10LOAD\u{1d}21U{i:09}")).collect());
	println!("seeded: GTIN {gtin_text}, lot LOAD (expiry 301231), serials U000000000 to U{:09}, held by organisation {holder}", args.units - 1);
	// The scanning clients are the holder's: a member's scan is verified for its own
	// organisation (the public gets no custody and is rate-limited).
	let holder_key = if holder == DISTRIBUTOR { &distributor } else { &manufacturer };
	let credential = match Credential::from_env()? {
		Credential::Public => Credential::Member(member_token(holder_key, client.api().genesis_hash(), MEMBER_TOKEN_LIFETIME)),
		from_env => from_env,
	};
	let scanner = MedtrustClient::connect_with(&args.url, &credential).await?;
	let probe: VerificationReport = scanner.rpc("trace_verify", rpc_params![scans[0].clone(), holder]).await?;
	anyhow::ensure!(probe.verdict == Verdict::Genuine, "the seeded pack is not genuine: {:?}", probe.verdict);
	let deadline = Instant::now() + Duration::from_secs(args.seconds);
	let mut tasks = Vec::new();
	for c in 0..args.clients {
		let scans = scans.clone();
		let url = credential.on_url(&args.url);
		tasks.push(tokio::spawn(async move {
			let rpc = RpcClient::from_insecure_url(&url).await.expect("connects");
			let mut latencies = Vec::new();
			let mut i = c * 7919;
			while Instant::now() < deadline {
				let scan = scans[i % scans.len()].clone();
				i += 1;
				let started = Instant::now();
				let report: VerificationReport = rpc.request("trace_verify", rpc_params![scan, holder]).await.expect("answers");
				latencies.push(started.elapsed().as_micros() as u32);
				assert_eq!(report.verdict, Verdict::Genuine);
			}
			latencies
		}));
	}
	let started = Instant::now();
	let mut latencies = Vec::new();
	for task in tasks {
		latencies.extend(task.await?);
	}
	let elapsed = started.elapsed().as_secs_f64();
	latencies.sort_unstable();
	let percentile = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)] as f64 / 1_000.0;
	println!(
		"verify: {} clients, {} verifications in {elapsed:.1} s = {:.0}/s; latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
		args.clients,
		latencies.len(),
		latencies.len() as f64 / elapsed,
		percentile(0.50),
		percentile(0.99),
		percentile(1.0),
	);
	Ok(())
}
