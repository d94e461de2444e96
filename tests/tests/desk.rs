//! The desks (`medtrust serve`) in a real headless Chromium, against a `--dev` node: a
//! pharmacist signs in, scans with a GS typed as a scanner types it (ASCII 29, Ctrl+], the
//! site's substitute), sees the verdict and dispenses with Enter; a vaccination site
//! administers to a recipient; an auditor reads a log, checks an export and prints the report
//! as PDF; an insurer pays and clears a claim; a regulator sees the alert. Screenshots of each
//! page go to `$CARGO_TARGET_DIR/desk-screenshots/`.

use std::{
	io::{Read, Write},
	process::{Command, Stdio},
	time::Duration,
};

use anyhow::{ensure, Context, Result};
use medtrust_client::{
	claims,
	consent::{self, AccessReport, CommitmentAlgorithm, SubjectKey},
	runtime,
	trace::{calls, product_info, scan_bytes},
	Ed25519Signer, MedtrustClient, Wait,
};
use medtrust_e2e::{
	browser::{Browser, Desk},
	cli_binary,
	fixtures::{self, example_invoice, item},
	free_port, now_millis, Node, NodeConfig,
};
use medtrust_primitives::{
	consent::{hex32, Action, Basis, DataClass, LoggedDecision, Purpose, Subject},
	trace::{ItemKey, ProductCode, ProductKind, Serial, Verdict},
	Role,
};

const SCENARIO_LIMIT: Duration = Duration::from_secs(420);

const HOSPITAL: u32 = 1;
const PHARMACY: u32 = 4;
const VACCINATION_SITE: u32 = 5;
const INSURER: u32 = 6;

const DRUG_GTIN: &str = "09521234543213";
const VACCINE_GTIN: &str = "09521234543220";
const GS: char = '\u{1d}';
/// WebDriver's keys: Enter, Control, and the release of every modifier.
const ENTER: &str = "\u{E007}";
const CONTROL: &str = "\u{E009}";
const RELEASE: &str = "\u{E000}";

const PASSWORD: &str = "dispense carefully";

fn dev(name: &str) -> Ed25519Signer {
	Ed25519Signer::dev(name)
}

/// A pack's scan with `separator` where a GS goes (after the variable-length lot).
fn pack(gtin: &str, serial: &str, separator: &str) -> String {
	format!("01{gtin}1728123110L1{separator}21{serial}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_works_at_its_desk_in_a_real_browser() -> Result<()> {
	let mut node = Node::start(NodeConfig::dev()).await?;
	let outcome = tokio::time::timeout(SCENARIO_LIMIT, scenario(&mut node)).await;
	medtrust_e2e::bounded_outcome(outcome, SCENARIO_LIMIT, || format!("\n{}", node.log_tail(60)))
}

async fn scenario(node: &mut Node) -> Result<()> {
	node.wait_for_finalized(1, Duration::from_secs(90)).await?;
	let client = node.client().await?;
	let chain = Chain::set_up(&client).await.context("setting the chain up")?;
	let url = node.public_url();

	// The pharmacy's desk listens beyond loopback's default, so its users sign in.
	let users = tempfile::NamedTempFile::new()?;
	std::fs::write(users.path(), format!("{}\n", hash_password("pharmacist")?))?;
	let users_path = users.path().to_str().context("a UTF-8 path")?.to_string();
	let pharmacy_address = format!("127.0.0.1:{}", free_port()?);
	let pharmacy = Desk::start(&url, &["--key", "//Eve", "--gs", "<GS>"], &["--listen", &pharmacy_address, "--users", &users_path])?;
	let key_file = tempfile::NamedTempFile::new()?;
	std::fs::write(key_file.path(), VACCINATION_SUBJECT_KEY)?;
	let key_path = key_file.path().to_str().context("a UTF-8 path")?.to_string();
	let vaccination = Desk::start(&url, &["--key", "//Ferdie"], &["--subject-key-file", &key_path])?;
	let auditor = Desk::start(&url, &["--key", "//Two"], &[])?;
	let insurer = Desk::start(&url, &["--key", "//One"], &[])?;
	let regulator = Desk::start(&url, &["--key", "//Alice"], &[])?;

	refuses_other_sites_posts(&pharmacy)?;

	let browser = Browser::start().await?;
	let outcome = async {
		pharmacist(&browser, &pharmacy, &client).await.context("the pharmacist's desk")?;
		vaccinator(&browser, &vaccination, &client).await.context("the vaccination site's desk")?;
		auditor_desk(&browser, &auditor, &client, &chain).await.context("the auditor's desk")?;
		insurer_desk(&browser, &insurer, &chain).await.context("the insurer's desk")?;
		regulator_desk(&browser, &regulator, &client).await.context("the regulator's desk")?;
		node_down(&browser, &pharmacy, node).await.context("a node that is down")
	}
	.await;
	let _ = browser.close().await;
	outcome
}

const VACCINATION_SUBJECT_KEY: &str = "district vaccination centre subject key";

/// What the scenario put on chain for the desks to show.
struct Chain {
	subject: Subject,
	coverage: u64,
}

impl Chain {
	/// The packs and the patient's records, the two made side by side: each step waits for a
	/// block, so the scenario takes about as many blocks as its longest chain of steps.
	async fn set_up(client: &MedtrustClient) -> Result<Self> {
		let (packs, patient) = tokio::join!(Self::packs(client), Self::patient(client));
		packs?;
		patient
	}

	/// A drug at the pharmacy and a vaccine at the vaccination site, three packs of each.
	async fn packs(client: &MedtrustClient) -> Result<()> {
		let manufacturer = dev("charlie");
		let products = [(DRUG_GTIN, ProductKind::Drug, "Amoxicillin"), (VACCINE_GTIN, ProductKind::Vaccine, "Hepatitis B vaccine")];
		let register: Vec<_> = products
			.iter()
			.map(|(gtin, kind, name)| -> Result<_> {
				let code: [u8; 14] = gtin.as_bytes().try_into()?;
				Ok(calls::register_product(product_info(*kind, Some(code), None, name, "capsule", "500 mg")))
			})
			.collect::<Result<_>>()?;
		client.submit_all(&register, &manufacturer, Wait::InBlock, |_, _| {}).await?;
		let mut ids = Vec::new();
		for (gtin, ..) in products {
			let code: [u8; 14] = gtin.as_bytes().try_into()?;
			ids.push(client.product_id(&ProductCode::Gtin(code)).await?.context("registered")?);
		}
		let lots: Vec<_> = ids.iter().map(|&product| calls::create_lot(product, "L1", 20281231, None)).collect();
		client.submit_all(&lots, &manufacturer, Wait::InBlock, |_, _| {}).await?;
		let serials: Vec<Serial> = ["S1", "S2", "S3"].iter().map(|s| Serial::truncate_from(s.as_bytes().to_vec())).collect();
		let mut commissions = Vec::new();
		for &product in &ids {
			commissions.push(calls::commission(client.lot_id(product, "L1").await?.context("created")?, &serials));
		}
		client.submit_all(&commissions, &manufacturer, Wait::InBlock, |_, _| {}).await?;
		let units = |product: u32| -> Vec<ItemKey> { serials.iter().map(|serial| ItemKey::Unit { product, serial: serial.clone() }).collect() };
		let ships = [calls::ship(&units(ids[0]), Some(PHARMACY)), calls::ship(&units(ids[1]), Some(VACCINATION_SITE))];
		client.submit_all(&ships, &manufacturer, Wait::InBlock, |_, _| {}).await?;
		let (at_pharmacy, at_site) = (calls::receive(&units(ids[0])), calls::receive(&units(ids[1])));
		let (eve, ferdie) = (dev("eve"), dev("ferdie"));
		let (pharmacy, site) = tokio::join!(
			client.submit(&at_pharmacy, &eve, Wait::InBlock),
			client.submit(&at_site, &ferdie, Wait::InBlock),
		);
		pharmacy?;
		site?;
		Ok(())
	}

	/// A patient with a claims consent, a coverage, an invoice and its claim, and one
	/// break-glass access to audit.
	async fn patient(client: &MedtrustClient) -> Result<Self> {
		let hospital = dev("bob");
		let insurer = dev("one");
		let key = SubjectKey::new(b"hospital 1 subject key, kept in its HSM", CommitmentAlgorithm::HmacSha256)?;
		let subject = key.commit("110105198001010017");
		let rules = fixtures::example_rules(INSURER);
		let (register_subject, register_product) =
			(consent::calls::register_subject(subject, None), claims::calls::register_product(&rules));
		let (registered, product) = tokio::join!(
			client.submit(&register_subject, &hospital, Wait::InBlock),
			client.submit(&register_product, &insurer, Wait::InBlock),
		);
		registered?;
		product?;
		let terms = fixtures::claims_consent(subject, INSURER);
		client.submit(&consent::calls::record_consent(&terms, None), &hospital, Wait::InBlock).await?;
		let glass = AccessReport {
			subject,
			role: Role::Hospital,
			purpose: Purpose::Treatment,
			action: Action::Read,
			data_class: DataClass::FullRecord,
			accessed_at: now_millis() - 1_000,
			record: [3; 32],
			basis: Basis::None,
			decision: LoggedDecision::BreakGlass,
			reason: Some([4; 32]),
		};
		let invoice = fixtures::invoice_key("144032209110", "00012345", "12440300455755541X");
		let register_coverage = claims::calls::register_coverage(&fixtures::example_coverage(subject, &rules));
		let coverage = client.submit(&register_coverage, &insurer, Wait::InBlock);
		let hospital_side = async {
			client.submit(&claims::calls::anchor_invoice(&example_invoice(invoice, subject)), &hospital, Wait::InBlock).await?;
			client.submit(&consent::calls::record_access(&[glass]), &hospital, Wait::InBlock).await
		};
		let (included, hospital_side) = tokio::join!(coverage, hospital_side);
		hospital_side?;
		let coverage = included?
			.event::<runtime::claims::events::CoverageRegistered>("Claims.CoverageRegistered")
			.context("the coverage's event")?
			.coverage;
		let items = [item("XA01AAA001", 86_000)];
		client.submit(&claims::calls::submit_claim(coverage, invoice, &items, None), &insurer, Wait::InBlock).await?;
		Ok(Chain { subject, coverage })
	}
}

/// `medtrust key hash-password USER`, the password on standard input.
fn hash_password(user: &str) -> Result<String> {
	let mut child = Command::new(cli_binary()?)
		.args(["key", "hash-password", user])
		.stdin(Stdio::piped())
		.stdout(Stdio::piped())
		.spawn()?;
	child.stdin.take().context("stdin")?.write_all(format!("{PASSWORD}\n").as_bytes())?;
	let output = child.wait_with_output()?;
	ensure!(output.status.success(), "hash-password failed");
	let line = String::from_utf8(output.stdout)?.trim().to_string();
	ensure!(line.starts_with(&format!("{user}:$argon2id$")), "{line}");
	Ok(line)
}

/// A form posted from another site's page is refused before it reaches the handler.
fn refuses_other_sites_posts(desk: &Desk) -> Result<()> {
	let authority = desk.url.trim_start_matches("http://");
	let body = "scan=0109521234543213";
	let request = format!(
		"POST /dispense HTTP/1.1\r\nHost: {authority}\r\nOrigin: http://attacker.example\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
		body.len()
	);
	let mut stream = std::net::TcpStream::connect(authority)?;
	stream.set_read_timeout(Some(Duration::from_secs(10)))?;
	stream.write_all(request.as_bytes())?;
	let mut response = String::new();
	stream.read_to_string(&mut response)?;
	ensure!(response.starts_with("HTTP/1.1 403"), "a cross-site POST was not refused: {response}");
	Ok(())
}

async fn pharmacist(browser: &Browser, desk: &Desk, client: &MedtrustClient) -> Result<()> {
	// Signing in: a wrong password is refused, the right one opens the scan page.
	browser.goto(&desk.page("/")).await?;
	browser.wait_for("input[name=password]").await?;
	browser.screenshot("pharmacy-signin").await?;
	browser.type_into("input[name=user]", "pharmacist").await?;
	browser.type_into("input[name=password]", &format!("wrong password{ENTER}")).await?;
	browser.wait_for_text("p.error", "Wrong user or password").await?;
	browser.type_into("input[name=user]", "pharmacist").await?;
	browser.type_into("input[name=password]", &format!("{PASSWORD}{ENTER}")).await?;
	browser.wait_for("input#scan").await?;
	browser.screenshot("pharmacy-scan").await?;

	// A scanner that sends ASCII 29 for the GS: genuine, with what was read.
	let scan = pack(DRUG_GTIN, "S1", &GS.to_string());
	browser.type_scan("#scan", &format!("{scan}{ENTER}")).await?;
	let verdict = browser.wait_for_verdict("genuine").await?;
	for shown in ["GENUINE", "Amoxicillin", "09521234543213", "S1", "L1"] {
		ensure!(verdict.contains(shown), "the genuine verdict does not show {shown}: {verdict}");
	}
	browser.screenshot("pharmacy-verdict-genuine").await?;
	// One key press: Enter on the (focused, empty) scan field dispenses it.
	browser.type_into("#scan", ENTER).await?;
	browser.wait_for_text("p.ok", "Dispensed").await?;
	browser.screenshot("pharmacy-dispensed").await?;
	ensure!(client.verify(&scan, PHARMACY).await?.verdict == Verdict::AlreadyDispensed, "the chain has the dispensing");

	// The same pack again, the GS typed as Ctrl+]: do not dispense, and why.
	browser.type_into("#scan", &format!("01{DRUG_GTIN}1728123110L1{CONTROL}]{RELEASE}21S1{ENTER}")).await?;
	let verdict = browser.wait_for_verdict("already_dispensed").await?;
	ensure!(verdict.contains("DO NOT DISPENSE") && verdict.contains("already dispensed"), "{verdict}");
	ensure!(browser.client.find(fantoccini::Locator::Css("form#act")).await.is_err(), "a refused pack offers no dispense button");
	browser.screenshot("pharmacy-verdict-refused").await?;

	// The site's scanners send `<GS>` (--gs): read as a GS.
	browser.type_into("#scan", &format!("{}{ENTER}", pack(DRUG_GTIN, "S2", "<GS>"))).await?;
	browser.wait_for_verdict("genuine").await?;

	// A malformed scan: a message on the page, nothing written.
	browser.type_into("#scan", &format!("0109521234543214{ENTER}")).await?;
	let message = browser.wait_for_text("p.error", "cannot read the scan").await?;
	ensure!(message.contains("check digit"), "{message}");
	browser.screenshot("pharmacy-unreadable").await?;
	let today = browser.text("#today").await?;
	ensure!(today.contains("dispensed") && today.contains("already dispensed") && today.contains("not read"), "{today}");
	Ok(())
}

async fn vaccinator(browser: &Browser, desk: &Desk, client: &MedtrustClient) -> Result<()> {
	browser.goto(&desk.page("/")).await?;
	let scan = pack(VACCINE_GTIN, "S1", &GS.to_string());
	browser.type_scan("#scan", &format!("{scan}{ENTER}")).await?;
	browser.wait_for_verdict("genuine").await?;
	// Enter on the empty scan field moves to the recipient; Enter there administers.
	browser.type_into("#scan", ENTER).await?;
	browser.type_into("#recipient", "110105201501010011").await?;
	browser.screenshot("vaccination-verdict-genuine").await?;
	browser.type_into("#recipient", ENTER).await?;
	browser.wait_for_text("p.ok", "Administered").await?;
	browser.screenshot("vaccination-administered").await?;
	ensure!(client.verify(&scan, VACCINATION_SITE).await?.verdict != Verdict::Genuine, "the dose is recorded");
	let body = browser.body_text().await?;
	ensure!(!body.contains("110105201501010011"), "the recipient's identifier is not shown back");
	Ok(())
}

async fn auditor_desk(browser: &Browser, desk: &Desk, client: &MedtrustClient, chain: &Chain) -> Result<()> {
	let subject = hex32::to_hex(&chain.subject);
	browser.goto(&desk.page(&format!("/audit?subject={subject}"))).await?;
	let log = browser.text("table.accesses").await?;
	ensure!(log.contains("BREAK-GLASS") && log.contains("full_record"), "{log}");
	browser.screenshot("auditor-log").await?;
	browser.goto(&desk.page("/audit/break-glass")).await?;
	ensure!(browser.text("table.accesses").await?.contains("BREAK-GLASS"), "the unreviewed break-glass access is listed");
	browser.screenshot("auditor-break-glass").await?;

	// An export checked: as exported, intact; with one entry's time changed, tampered.
	let export = client.export_log(&chain.subject, &dev("two")).await?;
	let mut json = serde_json::to_value(&export)?;
	for (expected, text) in [("intact", json.to_string()), ("tampered", {
		json["entries"][0]["accessed_at"] = serde_json::json!(json["entries"][0]["accessed_at"].as_u64().unwrap_or(0) + 1);
		json.to_string()
	})] {
		browser.goto(&desk.page("/audit/verify")).await?;
		browser.wait_for("#export").await?;
		browser.client.execute("document.getElementById('export').value = arguments[0];", vec![serde_json::json!(text)]).await?;
		browser.client.find(fantoccini::Locator::Css("main form button")).await?.click().await?;
		let outcome = browser.wait_for("#outcome").await?;
		ensure!(outcome.attr("data-outcome").await?.as_deref() == Some(expected), "{:?}", outcome.text().await?);
		browser.screenshot(&format!("auditor-verify-{expected}")).await?;
	}

	// The printable report, printed to PDF by Chromium, says what it reports.
	browser.goto(&desk.page(&format!("/audit/report?subject={subject}"))).await?;
	ensure!(browser.text("#chain-check").await?.starts_with("intact"), "the report's chain check");
	browser.screenshot("auditor-report").await?;
	let text = browser.print_to_pdf("auditor-report").await?;
	for expected in ["Access report", &subject[..16], "intact", "BREAK-GLASS", "Provincial Medical Audit Office"] {
		ensure!(text.contains(expected), "the PDF does not say {expected}:\n{text}");
	}
	ensure!(!text.contains("Access logs") && !text.contains("Print"), "the print styles hide the header and the controls:\n{text}");
	Ok(())
}

async fn insurer_desk(browser: &Browser, desk: &Desk, chain: &Chain) -> Result<()> {
	browser.goto(&desk.page("/claims")).await?;
	let claims = browser.text("#claims").await?;
	ensure!(claims.contains("approved") && claims.contains("860.00"), "{claims}");
	browser.screenshot("insurer-claims").await?;
	browser.client.find(fantoccini::Locator::Css("#claims a")).await?.click().await?;
	let breakdown = browser.text("#breakdown").await?;
	ensure!(breakdown.contains("benefit (paid to the hospital)") && breakdown.contains("217.00"), "{breakdown}");
	browser.type_into("input[name=reference]", &format!("ICBC-2026-0001{ENTER}")).await?;
	browser.wait_for_text("p.ok", "payment of claim 0 is recorded").await?;
	browser.screenshot("insurer-claim-paid").await?;

	let subject = hex32::to_hex(&chain.subject);
	browser.goto(&desk.page(&format!("/eligibility?coverage={}&subject={subject}&total=100&basic=0", chain.coverage))).await?;
	ensure!(browser.text("#eligibility").await?.starts_with("Eligible."), "the patient is covered");
	browser.screenshot("insurer-eligibility").await?;

	browser.goto(&desk.page(&format!("/clearing?hospital={HOSPITAL}"))).await?;
	ensure!(browser.text("#clearing").await?.contains("217.00"), "the paid claim is in the draft");
	browser.client.find(fantoccini::Locator::Css("form[action='/clearing/settle'] button")).await?.click().await?;
	browser.wait_for_text("p.ok", "settled as a statement").await?;
	browser.screenshot("insurer-clearing-settled").await?;
	Ok(())
}

async fn regulator_desk(browser: &Browser, desk: &Desk, client: &MedtrustClient) -> Result<()> {
	// The desk offered no dispensing of the pack already dispensed; a careless client
	// dispenses it again, and the chain raises the alert the regulator sees.
	let again = scan_bytes(&pack(DRUG_GTIN, "S1", &GS.to_string()))?;
	let included = client.submit(&calls::dispense(&[again]), &dev("eve"), Wait::InBlock).await?;
	ensure!(included.events.iter().any(|e| e == "Traceability.AlertRaised"), "{:?}", included.events);
	browser.goto(&desk.page("/oversight")).await?;
	let alerts = browser.text("#alerts").await?;
	ensure!(alerts.contains("already dispensed") && alerts.contains("organisation 4"), "{alerts}");
	browser.screenshot("regulator-oversight").await?;
	Ok(())
}

async fn node_down(browser: &Browser, desk: &Desk, node: &mut Node) -> Result<()> {
	node.kill();
	browser.goto(&desk.page("/scan")).await?;
	browser.type_scan("#scan", &format!("{}{ENTER}", pack(DRUG_GTIN, "S3", &GS.to_string()))).await?;
	let message = browser.wait_for_text("p.error", "node").await?;
	ensure!(browser.client.find(fantoccini::Locator::Css("#verdict")).await.is_err(), "no verdict without the node: {message}");
	browser.screenshot("pharmacy-node-down").await?;
	Ok(())
}
