//! `medtrust-claims-load`: measures direct claims against a running dev node.
//!
//! 1. the hospital (//Bob) registers a fresh subject and records the patient's claims consent
//!    for the insurer (organisation 6); the insurer (//One) registers a product and a
//!    coverage;
//! 2. the hospital anchors `--claims` invoices, submitted together;
//! 3. the insurer submits one claim per invoice, together, each adjudicated in the block that
//!    includes it; the tool reports claims per block and per second;
//! 4. `--latency` more claims are submitted one at a time, and the tool reports the time from
//!    submission to inclusion (adjudicated) and to finality.
//!
//! Numbers go to standard output; nothing is asserted.

use std::{
	collections::BTreeMap,
	time::{Duration, Instant},
};

use clap::Parser;
use medtrust_client::{
	claims::{calls, rules_hash, ClaimItem, CoveragePeriod, CoverageTerms, InvoiceAnchor, ProductRules, Ratio, SelfPay},
	consent, runtime, Ed25519Signer, MedtrustClient, Wait, H256,
};
use medtrust_primitives::consent::{
	Action, Actions, Categories, ConsentTerms, DataClass, DataClasses, Grantee, Grantor, Period, Purpose, Purposes,
};

#[derive(Parser)]
#[command(name = "medtrust-claims-load", about = "Direct claims adjudicated per block against a dev node")]
struct Args {
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// Claims to submit together.
	#[arg(long, default_value_t = 2_000)]
	claims: u32,
	/// Items per claim (the runtime allows 64).
	#[arg(long, default_value_t = 8)]
	items: u32,
	/// Claims submitted one at a time to time submission → inclusion → finality.
	#[arg(long, default_value_t = 5)]
	latency: u32,
}

const INSURER: u32 = 6;
const DAY: u64 = 86_400_000;

fn now_millis() -> u64 {
	std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970").as_millis() as u64
}

fn invoice(subject: [u8; 32], run: u64, n: u32) -> InvoiceAnchor {
	let mut key = H256::from_low_u64_be(n as u64).0;
	key[..8].copy_from_slice(&run.to_le_bytes());
	InvoiceAnchor {
		key,
		subject,
		encounter: [3; 32],
		lines: [4; 32],
		service_at: now_millis() - 60_000,
		total: 86_000,
		basic_settled: true,
		basic_paid: 45_000,
		self_pay: SelfPay { within_catalogue: 41_000, outside_catalogue: 0 },
	}
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
	let args = Args::parse();
	anyhow::ensure!((1..=64).contains(&args.items), "--items: 1 to 64");
	let (hospital, insurer) = (Ed25519Signer::dev("bob"), Ed25519Signer::dev("one"));
	let client = MedtrustClient::connect_as_member(&args.url, &insurer).await?;
	let run = now_millis();

	let mut subject = [0u8; 32];
	subject[..16].copy_from_slice(&run.to_le_bytes().repeat(2));
	client.submit(&consent::calls::register_subject(subject, None), &hospital, Wait::InBlock).await?;
	let terms = ConsentTerms {
		subject,
		grantor: Grantor::Patient,
		grantees: vec![Grantee::Organization(INSURER)].try_into().expect("one grantee"),
		purposes: Purposes::of(&[Purpose::Payment]),
		data_classes: DataClasses::of(&[DataClass::Billing]),
		actions: Actions::of(&[Action::Disclose]),
		period: Period { start: 0, end: None },
		categories: Categories(Categories::THIRD_PARTY),
		provisions: Default::default(),
		policy_hash: [1; 32],
		form_hash: [2; 32],
	};
	client.submit(&consent::calls::record_consent(&terms, None), &hospital, Wait::InBlock).await?;
	let mut product_terms = [0u8; 32];
	product_terms[..8].copy_from_slice(&run.to_le_bytes());
	let rules = ProductRules {
		insurer: INSURER,
		terms: product_terms,
		deductible: 10_000,
		ratio_with_basic: Ratio::percent(70),
		ratio_without_basic: Ratio::percent(60),
		copay: 0,
		per_claim_cap: 5_000_000,
		annual_cap: medtrust_primitives::claims::MAX_AMOUNT,
		exclusions: Default::default(),
	};
	client.submit(&calls::register_product(&rules), &insurer, Wait::InBlock).await?;
	let coverage_terms = CoverageTerms {
		beneficiary: subject,
		product: rules_hash(&rules),
		period: CoveragePeriod { start: run - DAY, end: run + 365 * DAY },
		order: 1,
		policy: [8; 32],
	};
	let included = client.submit(&calls::register_coverage(&coverage_terms), &insurer, Wait::InBlock).await?;
	let coverage = included
		.event::<runtime::claims::events::CoverageRegistered>("Claims.CoverageRegistered")
		.ok_or_else(|| anyhow::anyhow!("no CoverageRegistered event"))?
		.coverage;

	let total = args.claims + args.latency;
	let anchors: Vec<_> = (0..total).map(|n| calls::anchor_invoice(&invoice(subject, run, n))).collect();
	client.submit_all(&anchors, &hospital, Wait::InBlock, |_, _| {}).await?;
	tokio::time::sleep(Duration::from_secs(1)).await;

	let items: Vec<ClaimItem> = (0..args.items)
		.map(|i| ClaimItem {
			code: format!("XA01AAA{i:03}").into_bytes().try_into().expect("10 bytes"),
			amount: 86_000 / args.items as u64,
		})
		.collect();
	let claims: Vec<_> =
		(0..args.claims).map(|n| calls::submit_claim(coverage, invoice(subject, run, n).key, &items, None)).collect();
	let started = Instant::now();
	let included = client.submit_all(&claims, &insurer, Wait::InBlock, |_, _| {}).await?;
	let elapsed = started.elapsed().as_secs_f64();
	let mut by_block: BTreeMap<u64, u32> = BTreeMap::new();
	for done in &included {
		anyhow::ensure!(done.events.iter().any(|e| e == "Claims.ClaimAdjudicated"), "a claim was not adjudicated in its block");
		*by_block.entry(done.block_number).or_default() += 1;
	}
	let busiest = by_block.values().max().copied().unwrap_or_default();
	println!(
		"submit_claim: {} claims of {} items, each adjudicated in its including block; {} blocks {:?}; {:.0} claims/s wall clock; busiest block {busiest} claims = {:.0}/s at 3 s blocks",
		args.claims,
		args.items,
		by_block.len(),
		by_block.values().collect::<Vec<_>>(),
		args.claims as f64 / elapsed,
		busiest as f64 / 3.0,
	);

	let mut samples = Vec::new();
	for n in args.claims..total {
		let call = calls::submit_claim(coverage, invoice(subject, run, n).key, &items, None);
		let started = Instant::now();
		let done = client.submit(&call, &insurer, Wait::InBlock).await?;
		let in_block = started.elapsed();
		let number = done.block_number;
		while client.finalized_block_number().await? < number {
			tokio::time::sleep(Duration::from_millis(50)).await;
		}
		let finalized = started.elapsed();
		let best = client.at_best_block().await?.block_number();
		samples.push((in_block.as_millis(), finalized.as_millis(), best.saturating_sub(number)));
	}
	for (i, (in_block, finalized, later)) in samples.iter().enumerate() {
		println!("claim {i}: submitted → adjudicated in block {in_block} ms, → final {finalized} ms ({later} block(s) built on top when it was final)");
	}
	Ok(())
}
