//! One organisation flooding the pool with its heaviest transactions cannot keep another
//! organisation's large transaction out for more than a block: each organisation fills at most
//! its share of a block (`CheckMembership`), and the block builder goes on to the others'.

use std::time::Duration;

use anyhow::{ensure, Context, Result};
use medtrust_client::{
	trace::{calls, product_info, scan_bytes},
	Ed25519Signer, MedtrustClient, Wait,
};
use medtrust_e2e::on_dev_node;
use medtrust_primitives::trace::{ProductCode, ProductKind, Serial};

const SCENARIO_LIMIT: Duration = Duration::from_secs(300);
const GTIN: &str = "09521234543213";
/// Commissions in the flood. Each is about a tenth of a block's normal weight, so that without
/// shares ten of them fill a block and leave no room for the pharmacy's transaction; with
/// shares the manufacturer fills half a block at most.
const FLOOD: usize = 40;
const SERIALS_PER_COMMISSION: usize = 2_500;
/// The pharmacy's scans in its one large transaction (the most a batch may hold).
const SCANS: usize = 500;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flooding_member_delays_another_members_large_transaction_by_at_most_a_block() -> Result<()> {
	on_dev_node(SCENARIO_LIMIT, |client, _| async move { scenario(&client).await }).await
}

async fn scenario(client: &MedtrustClient) -> Result<()> {
	let manufacturer = Ed25519Signer::dev("charlie");
	let pharmacy = Ed25519Signer::dev("eve");
	let code: [u8; 14] = GTIN.as_bytes().try_into()?;
	let info = product_info(ProductKind::Drug, Some(code), None, "Amoxicillin", "capsule", "500 mg");
	client.submit(&calls::register_product(info), &manufacturer, Wait::InBlock).await?;
	let product = client.product_id(&ProductCode::Gtin(code)).await?.context("registered")?;
	client.submit(&calls::create_lot(product, "L1", 20281231, None), &manufacturer, Wait::InBlock).await?;
	let lot = client.lot_id(product, "L1").await?.context("created")?;

	// The manufacturer's flood: every commission as heavy as a call may be, all at once.
	let flood: Vec<_> = (0..FLOOD)
		.map(|c| {
			let serials: Vec<Serial> = (0..SERIALS_PER_COMMISSION)
				.map(|i| Serial::truncate_from(format!("F{c:02}{i:04}").into_bytes()))
				.collect();
			calls::commission(lot, &serials)
		})
		.collect();
	let flooder = client.clone();
	let flooding = tokio::spawn(async move { flooder.submit_all(&flood, &manufacturer, Wait::InBlock, |_, _| {}).await });

	// Once the flood fills blocks, the pharmacy sends one large transaction: a batch of scans
	// of packs it does not hold, each of which raises an alert.
	let first_flood_block = wait_for_commission(client).await?;
	let scans: Vec<_> = (0..SCANS)
		.map(|i| scan_bytes(&format!("]d201{GTIN}17281231\u{1d}10L1\u{1d}21V{i:05}")))
		.collect::<Result<_, _>>()?;
	let submitted_at = client.at_best_block().await?.block_number();
	let dispensed = client.submit(&calls::dispense(&scans), &pharmacy, Wait::InBlock).await?;
	ensure!(dispensed.events.iter().any(|e| e == "Traceability.AlertRaised"), "{:?}", dispensed.events);

	let flood = flooding.await??;
	let blocks: Vec<u64> = flood.iter().map(|included| included.block_number).collect();
	let last_flood_block = *blocks.iter().max().context("the flood landed")?;
	println!(
		"flood of {FLOOD} commissions of {SERIALS_PER_COMMISSION}: blocks {first_flood_block}..={last_flood_block}; \
		 the pharmacy's {SCANS} scans sent at block {submitted_at}, included in block {}",
		dispensed.block_number
	);
	// The flood was still going when the pharmacy's transaction landed, so it did not just
	// wait for the flood to end.
	ensure!(last_flood_block > dispensed.block_number, "the flood ended (block {last_flood_block}) before the pharmacy's transaction");
	// Sent while block `submitted_at + 1` was being built: in it, or in the one after.
	ensure!(
		dispensed.block_number <= submitted_at + 2,
		"the pharmacy's transaction waited from block {submitted_at} to {}",
		dispensed.block_number
	);
	let per_block: Vec<usize> =
		(first_flood_block..=last_flood_block).map(|block| blocks.iter().filter(|b| **b == block).count()).collect();
	println!("the manufacturer's commissions per block: {per_block:?}");
	Ok(())
}

/// The number of the first block that holds one of the flood's commissions.
async fn wait_for_commission(client: &MedtrustClient) -> Result<u64> {
	let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
	let mut checked = client.at_best_block().await?.block_number();
	loop {
		let best = client.at_best_block().await?;
		let number = best.block_number();
		if number > checked {
			let events = best.events().fetch().await?;
			for event in events.iter() {
				let event = event?;
				if event.pallet_name() == "Traceability" && event.event_name() == "Commissioned" {
					return Ok(number);
				}
			}
			checked = number;
		}
		ensure!(tokio::time::Instant::now() < deadline, "no commission landed within 60 s");
		tokio::time::sleep(Duration::from_millis(250)).await;
	}
}
