//! The mixed load: what is set up first, and the streams that run together until the deadline.

use std::{
	sync::{Arc, Mutex},
	time::Instant,
};

use anyhow::{Context, Result};
use medtrust_client::{
	claims::{self, rules_hash, CoveragePeriod, CoverageTerms, InvoiceAnchor, ProductRules},
	consent::{self, AccessReport, CommitmentAlgorithm, SubjectKey},
	runtime,
	trace::{self, product_info},
	Ed25519Signer, MedtrustClient, Wait,
};
use medtrust_e2e::{
	cast::{Cast, Member},
	fixtures::{self, DAY},
	now_millis,
};
use medtrust_primitives::{
	consent::{
		AccessRequest, Action, Basis, DataClass, Decision, LoggedDecision, Purpose, Subject,
	},
	gs1_check_digit,
	trace::{ItemKey, ProductCode, ProductKind, Serial},
	Role,
};
use tokio::{
	sync::{mpsc, Semaphore},
	task::JoinSet,
};

use crate::report::StreamReport;

const COMMISSION_BATCH: usize = 10_000;

/// How the load is made up.
pub struct Shape {
	pub scanners: usize,
	pub checkers: usize,
	pub units_per_tx: usize,
	pub batch: usize,
	/// Invoices anchored, and so claims submitted, per round.
	pub claims_batch: usize,
	/// Rounds each writing stream keeps in flight at once.
	pub pipeline: usize,
}

/// What the streams work on.
pub struct Setup {
	/// The commissioned packs, and a scan of each.
	units: Vec<ItemKey>,
	scans: Vec<String>,
	/// A patient with a claims consent and a coverage.
	patient: Subject,
	basis: Basis,
	coverage: u64,
	/// A second account of the insurer, which logs its accesses.
	access_desk: Ed25519Signer,
	/// Unique to this run: invoice keys start with it.
	run: u64,
}

/// A GTIN no earlier run used: 0 + 12 digits of the clock + check digit.
fn fresh_gtin(run: u64) -> [u8; 14] {
	let body = format!("0{:012}", run % 1_000_000_000_000);
	let check = gs1_check_digit(body.as_bytes()).expect("digits; qed");
	format!("{body}{check}").into_bytes().try_into().expect("14 digits; qed")
}

impl Setup {
	pub async fn prepare(clients: &[MedtrustClient], cast: &Cast, units: u32) -> Result<Self> {
		let run = now_millis();
		let home = |m: &Member| &clients[m.node];
		let maker = &cast.manufacturer;
		let gtin = fresh_gtin(run);
		let info = product_info(ProductKind::Drug, Some(gtin), None, "Bench tablets", "tablet", "1 mg");
		home(maker).submit(&trace::calls::register_product(info), &maker.key, Wait::InBlock).await?;
		let product = home(maker).product_id(&ProductCode::Gtin(gtin)).await?.context("the product")?;
		home(maker).submit(&trace::calls::create_lot(product, "BENCH", 20301231, None), &maker.key, Wait::InBlock).await?;
		let lot = home(maker).lot_id(product, "BENCH").await?.context("the lot")?;
		let serials: Vec<Serial> = (0..units).map(|i| Serial::truncate_from(format!("B{i:09}").into_bytes())).collect();
		let commission: Vec<_> = serials.chunks(COMMISSION_BATCH).map(|c| trace::calls::commission(lot, c)).collect();
		home(maker).submit_all(&commission, &maker.key, Wait::InBlock, |_, _| {}).await?;
		let gtin = String::from_utf8_lossy(&gtin).into_owned();
		let scans = (0..units).map(|i| format!("]d201{gtin}17301231\u{1d}10BENCH\u{1d}21B{i:09}")).collect();
		let units = serials.into_iter().map(|serial| ItemKey::Unit { product, serial }).collect();

		let (hospital, insurer) = (&cast.hospital, &cast.insurer);
		let patient = SubjectKey::new(b"bench hospital key", CommitmentAlgorithm::HmacSha256)?.commit(&format!("bench {run}"));
		home(hospital).submit(&consent::calls::register_subject(patient, None), &hospital.key, Wait::InBlock).await?;
		let terms = fixtures::claims_consent(patient, insurer.id);
		home(hospital).submit(&consent::calls::record_consent(&terms, None), &hospital.key, Wait::InBlock).await?;

		let access_desk = Ed25519Signer::from_uri("//Insurer//access-desk")?;
		let add = runtime::tx().organizations().add_account(insurer.id, access_desk.account_id());
		if home(insurer).organization_of(&access_desk.account_id()).await?.is_none() {
			home(insurer).submit(&add, &insurer.key, Wait::InBlock).await?;
		}
		let mut terms_hash = [9; 32];
		terms_hash[..8].copy_from_slice(&run.to_le_bytes());
		// The worked example's product, with a cap no run reaches.
		let rules = ProductRules { terms: terms_hash, annual_cap: 1_000_000_000_000, ..fixtures::example_rules(insurer.id) };
		home(insurer).submit(&claims::calls::register_product(&rules), &insurer.key, Wait::InBlock).await?;
		let coverage_terms = CoverageTerms {
			beneficiary: patient,
			product: rules_hash(&rules),
			period: CoveragePeriod { start: run - DAY, end: run + 365 * DAY },
			order: 1,
			policy: [8; 32],
		};
		let included = home(insurer).submit(&claims::calls::register_coverage(&coverage_terms), &insurer.key, Wait::InBlock).await?;
		let coverage = included
			.event::<runtime::claims::events::CoverageRegistered>("Claims.CoverageRegistered")
			.context("the coverage's event")?
			.coverage;
		// The consent must be older than the accesses logged under it.
		tokio::time::sleep(std::time::Duration::from_secs(2)).await;
		let decision = home(insurer).decide(&billing_request(patient, insurer.id)).await?.decision;
		let Decision::Permit { consent, version } = decision else { anyhow::bail!("no consent: {decision:?}") };
		Ok(Self { units, scans, patient, basis: Basis::Consent { consent, version }, coverage, access_desk, run })
	}
}

fn billing_request(subject: Subject, insurer: u32) -> AccessRequest {
	AccessRequest {
		subject,
		organization: insurer,
		role: Role::Insurer,
		purpose: Purpose::Payment,
		action: Action::Read,
		data_class: DataClass::Billing,
	}
}

/// A writing stream: up to `pipeline` rounds in flight at once, each a batch submitted
/// together through the SDK and tracked to inclusion.
struct Writer {
	report: Arc<Mutex<StreamReport>>,
	slots: Arc<Semaphore>,
	rounds: JoinSet<()>,
}

impl Writer {
	fn new(name: &'static str, pipeline: usize) -> Self {
		Self {
			report: Arc::new(Mutex::new(StreamReport::new(name, true))),
			slots: Arc::new(Semaphore::new(pipeline.max(1))),
			rounds: JoinSet::new(),
		}
	}

	/// Starts a round once a slot is free; `then` learns whether every call was included.
	async fn round<Call>(
		&mut self,
		client: &MedtrustClient,
		calls: Vec<Call>,
		signer: &Ed25519Signer,
		units_per_call: usize,
		then: impl FnOnce(bool) + Send + 'static,
	) where
		Call: medtrust_client::subxt::tx::Payload + Send + Sync + 'static,
	{
		let slot = self.slots.clone().acquire_owned().await.expect("the semaphore is never closed; qed");
		let (client, signer, report) = (client.clone(), signer.clone(), self.report.clone());
		self.rounds.spawn(async move {
			let started = Instant::now();
			let mut latencies = Vec::new();
			let outcome = client.submit_all(&calls, &signer, Wait::InBlock, |_, _| latencies.push(started.elapsed())).await;
			{
				let mut report = report.lock().expect("no panic while locked; qed");
				report.operations += latencies.len();
				report.units += latencies.len() * units_per_call;
				report.latencies.extend(latencies);
				if let Err(e) = &outcome {
					report.failed(e);
				}
			}
			drop(slot);
			then(outcome.is_ok());
		});
	}

	/// Waits for the rounds in flight; the stream's report.
	async fn finish(mut self) -> StreamReport {
		while self.rounds.join_next().await.is_some() {}
		let report = Arc::try_unwrap(self.report).ok().expect("every round has ended; qed");
		report.into_inner().expect("no panic while locked; qed")
	}
}

/// Runs every stream until `deadline`; returns their reports.
pub async fn run(
	clients: &[MedtrustClient],
	cast: &Cast,
	setup: Arc<Setup>,
	shape: &Shape,
	deadline: Instant,
) -> Result<Vec<StreamReport>> {
	let mut tasks: Vec<tokio::task::JoinHandle<StreamReport>> = Vec::new();

	// Reads, round the nodes.
	for k in 0..shape.scanners {
		let read = Read::Scan { setup: setup.clone(), organization: cast.manufacturer.id };
		tasks.push(tokio::spawn(read_stream(read, clients.to_vec(), k * 7_919, deadline)));
	}
	for k in 0..shape.checkers {
		let read = Read::Decide(billing_request(setup.patient, cast.insurer.id));
		tasks.push(tokio::spawn(read_stream(read, clients.to_vec(), k, deadline)));
	}

	// Unit events: the manufacturer ships packs to the distributor, who receives them.
	let (shipped_tx, mut shipped_rx) = mpsc::unbounded_channel::<Vec<ItemKey>>();
	{
		let (client, maker, to, setup) = (clients[cast.manufacturer.node].clone(), cast.manufacturer.clone(), cast.distributor.id, setup.clone());
		let (per_tx, batch, pipeline) = (shape.units_per_tx, shape.batch, shape.pipeline);
		tasks.push(tokio::spawn(async move {
			let mut writer = Writer::new("ship (manufacturer)", pipeline);
			for round in setup.units.chunks(per_tx * batch) {
				if Instant::now() >= deadline {
					break;
				}
				let calls: Vec<_> = round.chunks(per_tx).map(|c| trace::calls::ship(c, Some(to))).collect();
				let (shipped_tx, round) = (shipped_tx.clone(), round.to_vec());
				writer
					.round(&client, calls, &maker.key, per_tx, move |ok| {
						if ok {
							let _ = shipped_tx.send(round);
						}
					})
					.await;
			}
			drop(shipped_tx);
			writer.finish().await
		}));
	}
	{
		let (client, distributor, per_tx, pipeline) =
			(clients[cast.distributor.node].clone(), cast.distributor.clone(), shape.units_per_tx, shape.pipeline);
		tasks.push(tokio::spawn(async move {
			let mut writer = Writer::new("receive (distributor)", pipeline);
			while let Some(round) = shipped_rx.recv().await {
				let calls: Vec<_> = round.chunks(per_tx).map(trace::calls::receive).collect();
				writer.round(&client, calls, &distributor.key, per_tx, |_| {}).await;
			}
			writer.finish().await
		}));
	}

	// Accesses logged by the insurer under the patient's consent.
	{
		let (client, setup, batch, pipeline) = (clients[cast.insurer.node].clone(), setup.clone(), shape.batch, shape.pipeline);
		tasks.push(tokio::spawn(async move {
			let mut writer = Writer::new("access record (insurer)", pipeline);
			let mut n: u32 = 0;
			while Instant::now() < deadline {
				let calls: Vec<_> = (0..batch)
					.map(|_| {
						n += 1;
						let mut record = [7; 32];
						record[..4].copy_from_slice(&n.to_le_bytes());
						consent::calls::record_access(&[AccessReport {
							subject: setup.patient,
							role: Role::Insurer,
							purpose: Purpose::Payment,
							action: Action::Read,
							data_class: DataClass::Billing,
							accessed_at: now_millis() - 1_000,
							record,
							basis: setup.basis,
							decision: LoggedDecision::Permit,
							reason: None,
						}])
					})
					.collect();
				writer.round(&client, calls, &setup.access_desk, 0, |_| {}).await;
			}
			writer.finish().await
		}));
	}

	// Direct claims: the hospital anchors invoices, the insurer claims each.
	let (anchored_tx, mut anchored_rx) = mpsc::unbounded_channel::<Vec<[u8; 32]>>();
	{
		let (client, hospital, setup, batch, pipeline) =
			(clients[cast.hospital.node].clone(), cast.hospital.clone(), setup.clone(), shape.claims_batch, shape.pipeline);
		tasks.push(tokio::spawn(async move {
			let mut writer = Writer::new("invoice anchor (hospital)", pipeline);
			let mut n: u64 = 0;
			while Instant::now() < deadline {
				let anchors: Vec<InvoiceAnchor> = (0..batch)
					.map(|_| {
						n += 1;
						let mut key = [0; 32];
						key[..8].copy_from_slice(&setup.run.to_le_bytes());
						key[8..16].copy_from_slice(&n.to_le_bytes());
						fixtures::example_invoice(key, setup.patient)
					})
					.collect();
				let calls: Vec<_> = anchors.iter().map(claims::calls::anchor_invoice).collect();
				let (anchored_tx, keys) = (anchored_tx.clone(), anchors.iter().map(|a| a.key).collect::<Vec<_>>());
				writer
					.round(&client, calls, &hospital.key, 0, move |ok| {
						if ok {
							let _ = anchored_tx.send(keys);
						}
					})
					.await;
			}
			drop(anchored_tx);
			writer.finish().await
		}));
	}
	{
		let (client, insurer, coverage, pipeline) = (clients[cast.insurer.node].clone(), cast.insurer.clone(), setup.coverage, shape.pipeline);
		tasks.push(tokio::spawn(async move {
			let mut writer = Writer::new("claim adjudicated (insurer)", pipeline);
			let items = [fixtures::item("XA01AAA001", 86_000)];
			while let Some(keys) = anchored_rx.recv().await {
				let calls: Vec<_> = keys.iter().map(|k| claims::calls::submit_claim(coverage, *k, &items, None)).collect();
				writer.round(&client, calls, &insurer.key, 0, |_| {}).await;
			}
			writer.finish().await
		}));
	}

	let mut reports = Vec::new();
	for task in tasks {
		reports.push(task.await?);
	}
	Ok(merge(reports))
}

/// A question the nodes answer over JSON-RPC.
enum Read {
	/// A pack's scan, verified for an organisation.
	Scan { setup: Arc<Setup>, organization: u32 },
	/// An access decision.
	Decide(AccessRequest),
}

impl Read {
	fn name(&self) -> &'static str {
		match self {
			Read::Scan { .. } => "scan (trace_verify)",
			Read::Decide(_) => "consent decision (consent_decide)",
		}
	}

	async fn ask(&self, client: &MedtrustClient, i: usize) -> Result<(), String> {
		match self {
			Read::Scan { setup, organization } =>
				client.verify(&setup.scans[i % setup.scans.len()], *organization).await.map(drop).map_err(|e| e.to_string()),
			Read::Decide(request) => client.decide(request).await.map(drop).map_err(|e| e.to_string()),
		}
	}
}

/// Asks `read` one request at a time, going round the nodes, until `deadline`.
async fn read_stream(read: Read, clients: Vec<MedtrustClient>, first: usize, deadline: Instant) -> StreamReport {
	let mut report = StreamReport::new(read.name(), false);
	let mut i = first;
	while Instant::now() < deadline {
		let started = Instant::now();
		match read.ask(&clients[i % clients.len()], i).await {
			Ok(()) => {
				report.latencies.push(started.elapsed());
				report.operations += 1;
			},
			Err(e) => report.failed(e),
		}
		i += 1;
	}
	report
}

/// One row per stream name: the scanners' and checkers' reports are added up.
fn merge(reports: Vec<StreamReport>) -> Vec<StreamReport> {
	let mut merged: Vec<StreamReport> = Vec::new();
	for report in reports {
		match merged.iter_mut().find(|m| m.name == report.name) {
			Some(m) => {
				m.operations += report.operations;
				m.units += report.units;
				m.latencies.extend(report.latencies);
				for (e, n) in report.errors {
					*m.errors.entry(e).or_default() += n;
				}
			},
			None => merged.push(report),
		}
	}
	merged
}
