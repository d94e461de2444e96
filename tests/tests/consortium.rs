//! A day in the life of the 4-organisation `local` consortium, end to end through the client
//! SDK: the council admits a manufacturer, a distributor, an insurer and an auditor; a vaccine
//! goes from the manufacturer through the distributor to the vaccination site and into a
//! child's arm; a recalled lot is refused; a hospital records a consent and an access and the
//! auditor reads the log; a hospital anchors an invoice and the insurer's claim is adjudicated
//! and paid. Each organisation writes through its own node and every check reads from another
//! one, so what is tested is replication. Afterwards no block and no storage value holds the
//! patients' identifiers or names in any encoding the SDK knows.

use std::time::Duration;

use anyhow::{ensure, Context, Result};
use medtrust_client::{
	claims::{self, ClaimState},
	consent::{self, AccessReport, CommitmentAlgorithm, SubjectKey},
	runtime,
	trace::{self, product_info, scan_bytes},
	Included, MedtrustClient, Wait,
};
use medtrust_e2e::{
	cast::{Cast, Member},
	fixtures,
	network::wait_for_block,
	now_millis, pii, Network,
};
use medtrust_primitives::{
	consent::{audit::LogFilter, AccessRequest, Action, Basis, DataClass, Decision, LoggedDecision, Purpose, Subject},
	trace::{ItemKey, ProductCode, ProductKind, Serial, Verdict},
	Role,
};

const SCENARIO_LIMIT: Duration = Duration::from_secs(420);
const REPLICATION_LIMIT: Duration = Duration::from_secs(30);

const VACCINE_GTIN: &str = "06901234500011";
const PALLET_SSCC: &str = "069012340000990003";

/// The patients of the day: what their hospital holds and the chain must never see.
const PATIENT_NAME: &str = "Zhang Wei";
const PATIENT_ID: &str = "110101199003074518";
const CHILD_NAME: &str = "Li Xiaoming";
const CHILD_ID: &str = "110101201803071235";

fn dose_scan(lot: &str, serial: &str) -> String {
	format!("]d201{VACCINE_GTIN}1728063010{lot}\u{1d}21{serial}")
}

/// The network the organisations' systems talk to: one connection per node.
struct Nodes(Vec<MedtrustClient>);

impl Nodes {
	/// The node `member` writes through.
	fn home(&self, member: &Member) -> &MedtrustClient {
		&self.0[member.node]
	}

	/// Another node than `member`'s, for reading what it wrote.
	fn other(&self, member: &Member) -> &MedtrustClient {
		&self.0[(member.node + 1) % self.0.len()]
	}

	/// `member` submits `call` through its node; returns once every node has the block.
	async fn write<Call: medtrust_client::subxt::tx::Payload>(&self, member: &Member, call: &Call) -> Result<Included> {
		let included = self.home(member).submit(call, &member.key, Wait::InBlock).await?;
		for client in &self.0 {
			wait_for_block(client, included.block_hash, REPLICATION_LIMIT).await?;
		}
		Ok(included)
	}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_day_in_the_life_of_the_consortium_leaves_no_personal_data_on_chain() -> Result<()> {
	let mut network = Network::start_local(4).await?;
	network
		.run(SCENARIO_LIMIT, async |network| {
			network.wait_until_agreed(1, Duration::from_secs(120)).await?;
			let mut clients = Vec::new();
			for i in 0..4 {
				clients.push(network.client(i).await?);
			}
			let nodes = Nodes(clients);
			let cast = Cast::admit(&nodes.0[0]).await.context("admitting the cast")?;
			// The admissions are final on every node before anyone relies on them.
			let (admitted, _) = medtrust_e2e::network::best_head(&nodes.0[0]).await?;
			network.wait_until_agreed(admitted, Duration::from_secs(60)).await?;
			ensure!(nodes.0[3].organizations().await?.len() == 8, "node 3 does not see the admitted organisations");

			let child = vaccine_journey(&nodes, &cast).await.context("the vaccine's journey")?;
			let patient = consent_and_claim(&nodes, &cast).await.context("consent, access log and claim")?;

			let secrets = [PATIENT_NAME, PATIENT_ID, CHILD_NAME, CHILD_ID];
			let commitments = [patient, child];
			pii::assert_absent(&nodes.0[2], &secrets, &commitments).await.context("the personal-data scan")
		})
		.await
}

/// Manufacturer → distributor → vaccination site → a child; a recalled lot refused.
async fn vaccine_journey(nodes: &Nodes, cast: &Cast) -> Result<Subject> {
	let (maker, site) = (&cast.manufacturer, &cast.vaccination_site);
	let gtin: [u8; 14] = VACCINE_GTIN.as_bytes().try_into()?;
	let info = product_info(ProductKind::Vaccine, Some(gtin), None, "Hepatitis B vaccine", "injection", "10 µg/0.5 ml");
	nodes.write(maker, &trace::calls::register_product(info)).await?;
	let vaccine = nodes.other(maker).product_id(&ProductCode::Gtin(gtin)).await?.context("the vaccine on another node")?;
	let serial = |s: &str| Serial::truncate_from(s.as_bytes().to_vec());
	let unit = |s: &str| ItemKey::Unit { product: vaccine, serial: serial(s) };
	let mut lots = Vec::new();
	for (number, doses) in [("HB2611A", ["D1", "D2", "D3"]), ("HB2611R", ["R1", "R2", "R3"])] {
		nodes.write(maker, &trace::calls::create_lot(vaccine, number, 20280630, Some(20261101))).await?;
		let lot = nodes.other(maker).lot_id(vaccine, number).await?.context("the lot on another node")?;
		nodes.write(maker, &trace::calls::commission(lot, &doses.map(serial))).await?;
		lots.push(lot);
	}

	// One pallet of all six doses: shipped, received and shipped on, received.
	let pallet = ItemKey::Sscc(PALLET_SSCC.as_bytes().try_into()?);
	let doses: Vec<ItemKey> = ["D1", "D2", "D3", "R1", "R2", "R3"].map(unit).to_vec();
	nodes.write(maker, &trace::calls::pack(&pallet, &doses)).await?;
	nodes.write(maker, &trace::calls::ship(std::slice::from_ref(&pallet), Some(cast.distributor.id))).await?;
	let in_transit = nodes.other(maker).verify(&dose_scan("HB2611A", "D2"), cast.distributor.id).await?;
	ensure!(in_transit.in_transit_to == Some(cast.distributor.id), "{in_transit:#?}");
	nodes.write(&cast.distributor, &trace::calls::receive(std::slice::from_ref(&pallet))).await?;
	nodes.write(&cast.distributor, &trace::calls::ship(std::slice::from_ref(&pallet), Some(site.id))).await?;
	nodes.write(site, &trace::calls::receive(std::slice::from_ref(&pallet))).await?;

	// The site scans a dose: genuine, in its custody, read on another node.
	let d1 = dose_scan("HB2611A", "D1");
	let report = nodes.other(site).verify(&d1, site.id).await?;
	ensure!(report.verdict == Verdict::Genuine && report.custodian == Some(site.id), "{report:#?}");

	// The dose goes into the child's arm against a commitment under the site's own key.
	let key = SubjectKey::new(b"children's hospital vaccination key", CommitmentAlgorithm::HmacSm3)?;
	let child = key.commit(CHILD_ID);
	let administered = nodes.write(site, &trace::calls::administer(&[(scan_bytes(&d1)?, child)])).await?;
	ensure!(administered.events.iter().any(|e| e == "Traceability.Administered"), "{:?}", administered.events);
	ensure!(!administered.events.iter().any(|e| e == "Traceability.AlertRaised"), "{:?}", administered.events);
	for client in &nodes.0 {
		let again = client.verify(&d1, site.id).await?;
		ensure!(again.verdict == Verdict::AlreadyDispensed, "a second scan of the dose: {again:#?}");
	}

	// The manufacturer recalls a lot; the site's next scan of it is refused and raises an alert.
	nodes.write(maker, &trace::calls::recall(trace::Target::Lot(lots[1]))).await?;
	let r1 = dose_scan("HB2611R", "R1");
	ensure!(nodes.other(maker).verify(&r1, site.id).await?.verdict == Verdict::Recalled);
	let refused = nodes.write(site, &trace::calls::administer(&[(scan_bytes(&r1)?, child)])).await?;
	ensure!(refused.events.iter().any(|e| e == "Traceability.AlertRaised"), "{:?}", refused.events);
	ensure!(!refused.events.iter().any(|e| e == "Traceability.Administered"), "{:?}", refused.events);
	let alerts = nodes.other(site).alerts().await?;
	ensure!(alerts.iter().any(|a| a.verdict == Verdict::Recalled && a.raised_by == site.id), "{alerts:#?}");
	ensure!(nodes.other(site).verify(&r1, site.id).await?.verdict == Verdict::Recalled, "the recalled dose stays unused");
	Ok(child)
}

/// A consent, an access under it, the auditor's reading; an invoice, a claim, its payment.
async fn consent_and_claim(nodes: &Nodes, cast: &Cast) -> Result<Subject> {
	let (hospital, insurer) = (&cast.hospital, &cast.insurer);
	let key = SubjectKey::new(b"first provincial hospital subject key", CommitmentAlgorithm::HmacSha256)?;
	let patient = key.commit(PATIENT_ID);
	nodes.write(hospital, &consent::calls::register_subject(patient, None)).await?;
	nodes.write(hospital, &consent::calls::record_consent(&fixtures::claims_consent(patient, insurer.id), None)).await?;
	// Accesses are logged after they happen: let the consent's block be older than that.
	tokio::time::sleep(Duration::from_secs(2)).await;

	let billing = AccessRequest {
		subject: patient,
		organization: insurer.id,
		role: Role::Insurer,
		purpose: Purpose::Payment,
		action: Action::Read,
		data_class: DataClass::Billing,
	};
	let decision = nodes.other(hospital).decide(&billing).await?.decision;
	let Decision::Permit { consent, version } = decision else { anyhow::bail!("the insurer was not permitted: {decision:?}") };
	let access = AccessReport {
		subject: patient,
		role: Role::Insurer,
		purpose: Purpose::Payment,
		action: Action::Read,
		data_class: DataClass::Billing,
		accessed_at: now_millis() - 1_000,
		record: [3; 32],
		basis: Basis::Consent { consent, version },
		decision: LoggedDecision::Permit,
		reason: None,
	};
	nodes.write(insurer, &consent::calls::record_access(&[access])).await?;
	let auditor = &cast.auditor;
	let (head, log) = nodes.other(auditor).subject_log(&patient, LogFilter::All, &auditor.key).await?;
	ensure!(log.len() == 1 && log[0].entry.organization == insurer.id && head.length == 1, "{log:#?}");
	let export = medtrust_e2e::export_when_final(nodes.home(auditor), &patient, &auditor.key, 1).await?;
	ensure!(export.verify(&nodes.other(auditor).log_head(&patient).await?).is_ok(), "the exported log checks");

	// The insurer's product and the patient's coverage.
	let rules = fixtures::example_rules(insurer.id);
	nodes.write(insurer, &claims::calls::register_product(&rules)).await?;
	let terms = fixtures::example_coverage(patient, &rules);
	let included = nodes.write(insurer, &claims::calls::register_coverage(&terms)).await?;
	let coverage = included
		.event::<runtime::claims::events::CoverageRegistered>("Claims.CoverageRegistered")
		.context("the coverage's event")?
		.coverage;

	// The hospital anchors the invoice; the insurer's claim is adjudicated in its block.
	let invoice = fixtures::invoice_key("144032209110", "00012345", "123300004700001210");
	let anchor = fixtures::example_invoice(invoice, patient);
	nodes.write(hospital, &claims::calls::anchor_invoice(&anchor)).await?;
	let items = [fixtures::item("XA01AAA001", 86_000)];
	let included = nodes.write(insurer, &claims::calls::submit_claim(coverage, invoice, &items, None)).await?;
	let adjudicated = included
		.event::<runtime::claims::events::ClaimAdjudicated>("Claims.ClaimAdjudicated")
		.context("the claim was adjudicated in its block")?;
	ensure!(adjudicated.benefit == 21_700, "benefit {}", adjudicated.benefit);
	nodes.write(insurer, &claims::calls::pay_claim(adjudicated.claim, [5; 32])).await?;
	let record = nodes.other(insurer).claim(adjudicated.claim).await?;
	ensure!(record.claim.state == ClaimState::Paid, "{record:#?}");
	let on_invoice = nodes.other(hospital).invoice_claims(&invoice).await?;
	ensure!(on_invoice.invoice.commercial_paid == 21_700, "{on_invoice:#?}");
	Ok(patient)
}
