//! `medtrust-consent-load`: measures the consent pallet against a running dev node.
//!
//! 1. the hospital (//Bob) registers a fresh subject and records `--consents` consents for the
//!    insurer (organisation 6), so that every decision and every log entry weighs them all;
//! 2. the insurer (//One) logs `--entries` accesses in batches of `--batch`, submitted together,
//!    and the tool reports entries per block and per second;
//! 3. it prints the subject, for `wrk -s scripts/wrk-consent-decide.lua` to measure
//!    `consent_decide` with many concurrent connections.
//!
//! Numbers go to standard output; nothing is asserted.

use std::{
	collections::BTreeMap,
	time::{Duration, Instant},
};

use clap::Parser;
use medtrust_client::{
	consent::{calls, AccessReport},
	Ed25519Signer, MedtrustClient, Wait, H256,
};
use medtrust_primitives::{
	consent::{
		hex32, Action, Actions, Basis, Categories, ConsentTerms, DataClass, DataClasses, Grantee, Grantor,
		LoggedDecision, Period, Purpose, Purposes,
	},
	Role,
};

#[derive(Parser)]
#[command(name = "medtrust-consent-load", about = "Consent decisions and access logging against a dev node")]
struct Args {
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// Consents the subject has (at most 8 here: each names the insurer a different number of times).
	#[arg(long, default_value_t = 4)]
	consents: u32,
	/// Accesses to log.
	#[arg(long, default_value_t = 20_000)]
	entries: u32,
	/// Accesses per transaction (the runtime allows 100).
	#[arg(long, default_value_t = 100)]
	batch: u32,
}

const INSURER: u32 = 6;

fn now_millis() -> u64 {
	std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970").as_millis() as u64
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
	let args = Args::parse();
	anyhow::ensure!((1..=8).contains(&args.consents), "--consents: 1 to 8");
	let (hospital, insurer) = (Ed25519Signer::dev("bob"), Ed25519Signer::dev("one"));
	// The decisions are the insurer's own; transactions are followed through any member's token.
	let client = MedtrustClient::connect_as_member(&args.url, &insurer).await?;

	let mut subject = [0u8; 32];
	subject[..16].copy_from_slice(&now_millis().to_le_bytes().repeat(2));
	client.submit(&calls::register_subject(subject, None), &hospital, Wait::InBlock).await?;
	let consents: Vec<_> = (0..args.consents)
		.map(|i| {
			let terms = ConsentTerms {
				subject,
				grantor: Grantor::Patient,
				grantees: vec![Grantee::Organization(INSURER); i as usize + 1].try_into().expect("at most 8"),
				purposes: Purposes::of(&[Purpose::Payment]),
				data_classes: DataClasses::of(&[DataClass::Billing, DataClass::Diagnoses, DataClass::LabResults]),
				actions: Actions::of(&[Action::Read]),
				period: Period { start: 0, end: None },
				categories: Categories::ORDINARY,
				provisions: Default::default(),
				policy_hash: [1; 32],
				form_hash: [2; 32],
			};
			calls::record_consent(&terms, None)
		})
		.collect();
	client.submit_all(&consents, &hospital, Wait::InBlock, |_, _| {}).await?;
	tokio::time::sleep(Duration::from_secs(2)).await;
	let probe = client
		.decide(&medtrust_primitives::consent::AccessRequest {
			subject,
			organization: INSURER,
			role: Role::Insurer,
			purpose: Purpose::Payment,
			action: Action::Read,
			data_class: DataClass::Billing,
		})
		.await?;
	let medtrust_primitives::consent::Decision::Permit { consent, version } = probe.decision else {
		anyhow::bail!("the seeded subject is not permitted: {}", probe.message);
	};

	let batches: Vec<_> = (0..args.entries.div_ceil(args.batch))
		.map(|b| {
			let n = args.batch.min(args.entries - b * args.batch);
			let reports: Vec<AccessReport> = (0..n)
				.map(|i| AccessReport {
					subject,
					role: Role::Insurer,
					purpose: Purpose::Payment,
					action: Action::Read,
					data_class: DataClass::Billing,
					accessed_at: now_millis() - 1_000,
					record: H256::from_low_u64_be((b * args.batch + i) as u64).0,
					basis: Basis::Consent { consent, version },
					decision: LoggedDecision::Permit,
					reason: None,
				})
				.collect();
			calls::record_access(&reports)
		})
		.collect();
	let started = Instant::now();
	let included = client.submit_all(&batches, &insurer, Wait::InBlock, |_, _| {}).await?;
	let elapsed = started.elapsed().as_secs_f64();
	let mut by_block: BTreeMap<u64, u32> = BTreeMap::new();
	for (i, done) in included.iter().enumerate() {
		let number = client.api().at_block(done.block_hash).await.map(|at| at.block_number()).unwrap_or_default();
		*by_block.entry(number).or_default() += args.batch.min(args.entries - i as u32 * args.batch);
	}
	let busiest = by_block.values().max().copied().unwrap_or_default();
	let head = client.log_head(&subject).await?;
	println!(
		"record_access: {} entries ({} consents each) in {} transactions, {} blocks {:?}; {:.0} entries/s wall clock; busiest block {busiest} entries = {:.0}/s at 3 s blocks; log length {}",
		args.entries,
		args.consents,
		batches.len(),
		by_block.len(),
		by_block.keys().collect::<Vec<_>>(),
		args.entries as f64 / elapsed,
		busiest as f64 / 3.0,
		head.length,
	);
	println!("seeded: SUBJECT={} ORG={INSURER} ROLE=insurer", hex32::to_hex(&subject));
	Ok(())
}
