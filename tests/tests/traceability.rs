//! Traceability against the real `medtrust-node --dev`, through the client SDK and the CLI:
//! every verdict of a pharmacy scan, answered by the node's native `trace_verify` and by the
//! runtime API alike; an alert raised at dispensing; histories; and the GS1 EPCIS examples in
//! `../shared/epcis-examples` (copied in `tests/epcis-examples`), imported when supported and
//! refused whole otherwise.

use std::{path::PathBuf, process::Command, time::Duration};

use anyhow::{ensure, Context, Result};
use medtrust_client::{
	trace::{calls, product_info, scan_bytes, EndReason},
	Ed25519Signer, MedtrustClient, SubmitError, Wait,
};
use medtrust_e2e::{cli_binary, on_dev_node};
use medtrust_primitives::trace::{parse_scan, ItemKey, ProductCode, ProductKind, ScannedItem, Serial, Verdict};

const SCENARIO_LIMIT: Duration = Duration::from_secs(300);

/// Organisations of the development preset.
const MANUFACTURER: u32 = 2;
const DISTRIBUTOR: u32 = 3;
const PHARMACY: u32 = 4;

const GTIN: &str = "09521234543213";

fn manufacturer() -> Ed25519Signer {
	Ed25519Signer::dev("charlie")
}

fn pharmacy() -> Ed25519Signer {
	Ed25519Signer::dev("eve")
}

fn scan(lot: &str, expiry: &str, serial: &str) -> String {
	format!("]d201{GTIN}17{expiry}10{lot}\u{1d}21{serial}")
}

fn serials(list: &[&str]) -> Vec<Serial> {
	list.iter().map(|s| Serial::truncate_from(s.as_bytes().to_vec())).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_verdict_alerts_and_epcis_import_on_a_dev_node() -> Result<()> {
	on_dev_node(SCENARIO_LIMIT, |client, url| async move {
		verdicts(&client, &url).await.context("verdicts")?;
		epcis_examples(&client).await.context("EPCIS examples")
	})
	.await
}

async fn product(client: &MedtrustClient, gtin: &str, kind: ProductKind) -> Result<u32> {
	let code: [u8; 14] = gtin.as_bytes().try_into()?;
	let info = product_info(kind, Some(code), None, "Amoxicillin", "capsule", "500 mg");
	client.submit(&calls::register_product(info), &manufacturer(), Wait::InBlock).await?;
	client.product_id(&ProductCode::Gtin(code)).await?.context("registered")
}

async fn lot(client: &MedtrustClient, product: u32, number: &str, expiry: u32, units: &[&str]) -> Result<u32> {
	client.submit(&calls::create_lot(product, number, expiry, None), &manufacturer(), Wait::InBlock).await?;
	let lot = client.lot_id(product, number).await?.context("created")?;
	client.submit(&calls::commission(lot, &serials(units)), &manufacturer(), Wait::InBlock).await?;
	Ok(lot)
}

async fn verdicts(client: &MedtrustClient, url: &str) -> Result<()> {
	let drug = product(client, GTIN, ProductKind::Drug).await?;
	lot(client, drug, "L1", 20281231, &["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S11"]).await?;
	lot(client, drug, "OLD", 20250131, &["E1"]).await?;
	let unit = |s: &str| ItemKey::Unit { product: drug, serial: Serial::truncate_from(s.as_bytes().to_vec()) };
	let delivered: Vec<ItemKey> = ["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "E1"].map(unit).to_vec();
	client.submit(&calls::ship(&delivered, Some(PHARMACY)), &manufacturer(), Wait::InBlock).await?;
	client.submit(&calls::receive(&delivered), &pharmacy(), Wait::InBlock).await?;

	let s = |serial: &str| scan("L1", "281231", serial);
	client.submit(&calls::dispense(&[scan_bytes(&s("S2"))?]), &pharmacy(), Wait::InBlock).await?;
	client.submit(&calls::end_life(&[unit("S3")], EndReason::Decommissioned), &pharmacy(), Wait::InBlock).await?;
	client.submit(&calls::end_life(&[unit("S4")], EndReason::Destroyed), &pharmacy(), Wait::InBlock).await?;
	client.submit(&calls::end_life(&[unit("S7")], EndReason::Stolen), &pharmacy(), Wait::InBlock).await?;
	client.submit(&calls::recall(calls::item_target(&unit("S5"))), &manufacturer(), Wait::InBlock).await?;
	client.submit(&calls::set_quarantine(calls::item_target(&unit("S6")), true), &manufacturer(), Wait::InBlock).await?;

	let expected = [
		(s("S1"), Verdict::Genuine),
		("(01)00614141000012(21)S1".to_string(), Verdict::UnknownProduct),
		(s("S99"), Verdict::NotCommissioned),
		(scan("L2", "281231", "S1"), Verdict::LotMismatch),
		(scan("L1", "291231", "S1"), Verdict::ExpiryMismatch),
		(s("S2"), Verdict::AlreadyDispensed),
		(s("S3"), Verdict::Decommissioned),
		(s("S4"), Verdict::Destroyed),
		(s("S7"), Verdict::Stolen),
		(s("S5"), Verdict::Recalled),
		(scan("OLD", "250131", "E1"), Verdict::Expired),
		(s("S6"), Verdict::Quarantined),
		(s("S11"), Verdict::SuspectClone),
	];
	for (scan, verdict) in &expected {
		let native = client.verify(scan, PHARMACY).await?;
		ensure!(native.verdict == *verdict, "{scan}: expected {verdict:?}, native RPC said {native:#?}");
		let runtime = client.verify_in_runtime(scan, PHARMACY).await?;
		ensure!(runtime == native, "{scan}: the runtime API and the native RPC disagree:\n{runtime:#?}\n{native:#?}");
	}
	// What was read is reported whatever the verdict: a pack the chain does not know, with an
	// AI the pharmacist can give the regulator.
	let unknown = client.verify("(01)00614141000012(21)S1(10)L9(17)281231(250)SEC9", PHARMACY).await?;
	ensure!(unknown.verdict == Verdict::UnknownProduct && unknown.product.is_none(), "{unknown:#?}");
	let read = &unknown.read;
	ensure!(read.gtin.as_deref() == Some("00614141000012") && read.serial.as_deref() == Some("S1"), "{read:#?}");
	ensure!(read.lot.as_deref() == Some("L9") && read.expiry.as_deref() == Some("2028-12-31"), "{read:#?}");
	let secondary = read.elements.iter().find(|e| e.ai == "250").context("(250) read")?;
	ensure!(secondary.title == "SECONDARY SERIAL" && secondary.value == "SEC9", "{secondary:#?}");
	ensure!(client.verify_in_runtime("(01)00614141000012(21)S1(10)L9(17)281231(250)SEC9", PHARMACY).await?.read == *read);
	let genuine = client.verify(&s("S1"), PHARMACY).await?;
	ensure!(genuine.custodian == Some(PHARMACY) && genuine.lot.as_ref().map(|l| l.expiry.as_str()) == Some("2028-12-31"));
	ensure!(genuine.product.as_ref().and_then(|p| p.gtin.as_deref()) == Some(GTIN), "{genuine:#?}");
	ensure!(genuine.last_events.first().map(|e| e.organization) == Some(PHARMACY), "{genuine:#?}");
	// The public (a patient checking the pack) gets the same verdict, product and expiry,
	// without who holds it or its history.
	let public = medtrust_client::MedtrustClient::connect_with(&public_url(url), &medtrust_client::Credential::Public).await?;
	let seen = public.verify(&s("S1"), PHARMACY).await?;
	ensure!(seen == genuine.clone().for_public(), "{seen:#?}");
	ensure!(seen.custodian.is_none() && seen.last_events.is_empty() && seen.product == genuine.product, "{seen:#?}");

	// A malformed scan gets a precise error, not a verdict.
	let malformed = client.verify("]d20109521234543214", PHARMACY).await;
	ensure!(format!("{:?}", malformed.err()).contains("check digit"), "a bad check digit was not named");
	let raw = client.rpc::<serde_json::Value>("trace_verify", subxt_params("]d20109521234543214")).await;
	ensure!(matches!(&raw, Err(SubmitError::Node(m)) if m.contains("wrong check digit at position")), "{raw:?}");

	// Dispensing a pack the pharmacy never received raises an alert; nothing is dispensed.
	let done = client.submit(&calls::dispense(&[scan_bytes(&s("S11"))?]), &pharmacy(), Wait::InBlock).await?;
	ensure!(done.events.iter().any(|e| e == "Traceability.AlertRaised"), "{:?}", done.events);
	let alerts = client.alerts().await?;
	ensure!(alerts.iter().any(|a| a.verdict == Verdict::SuspectClone && a.raised_by == PHARMACY), "{alerts:#?}");
	ensure!(client.verify(&s("S11"), MANUFACTURER).await?.verdict == Verdict::Genuine);

	// The history of a dispensed pack, oldest first.
	let steps: Vec<String> = client.history(&s("S2")).await?.iter().map(|e| format!("{:?}", e.biz_step)).collect();
	ensure!(steps == ["Commissioning", "Shipping", "Receiving", "Dispensing"], "{steps:?}");

	// The CLI: the verdict first, in words; exit status 0 only when genuine.
	let cli = |args: &[&str]| Command::new(cli_binary()?).arg("--url").arg(url).args(args).output().map_err(anyhow::Error::from);
	let out = cli(&["--org", "4", "trace", "verify", &s("S1")])?;
	let stdout = String::from_utf8_lossy(&out.stdout);
	ensure!(out.status.success() && stdout.starts_with("GENUINE: "), "{stdout}");
	let out = cli(&["--org", "4", "trace", "verify", &s("S2")])?;
	ensure!(out.status.code() == Some(2) && String::from_utf8_lossy(&out.stdout).starts_with("ALREADY_DISPENSED"));

	// Commissioning from a CSV file through the CLI.
	let csv = tempfile_with("serial\nC1\nC2\nC3\n")?;
	let lot = client.lot_id(drug, "L1").await?.context("lot L1")?;
	let out = cli(&["--key", "//Charlie", "trace", "commission", "--lot", &lot.to_string(), "--batch", "2", csv.to_str().unwrap_or_default()])?;
	ensure!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	ensure!(String::from_utf8_lossy(&out.stdout).contains("3 serial(s) commissioned"), "{}", String::from_utf8_lossy(&out.stdout));
	ensure!(client.verify(&s("C3"), MANUFACTURER).await?.verdict == Verdict::Genuine);
	Ok(())
}

/// The node's URL without the operator's credential the harness puts in it.
fn public_url(url: &str) -> String {
	url.split('?').next().unwrap_or(url).trim_end_matches('/').to_string()
}

fn subxt_params(scan: &str) -> medtrust_client::subxt::rpcs::client::RpcParams {
	medtrust_client::subxt::rpcs::client::rpc_params![scan, PHARMACY]
}

fn tempfile_with(content: &str) -> Result<PathBuf> {
	let path = std::env::temp_dir().join(format!("medtrust-serials-{}.csv", std::process::id()));
	std::fs::write(&path, content)?;
	Ok(path)
}

/// The product an EPC names, registered and its serials commissioned in lot "EPCIS".
async fn commission_epcs(client: &MedtrustClient, epcs: &[&str]) -> Result<Vec<ItemKey>> {
	let ScannedItem::Unit { product: ProductCode::Gtin(gtin), .. } = parse_scan(epcs[0].as_bytes()).map_err(|e| anyhow::anyhow!("{e}"))?.item else {
		anyhow::bail!("{} is not a serialised pack", epcs[0]);
	};
	let id = product(client, std::str::from_utf8(&gtin)?, ProductKind::Drug).await?;
	let serials: Vec<String> = epcs
		.iter()
		.map(|epc| match parse_scan(epc.as_bytes()).map(|s| s.item) {
			Ok(ScannedItem::Unit { serial, .. }) => String::from_utf8_lossy(&serial).into_owned(),
			_ => String::new(),
		})
		.collect();
	let refs: Vec<&str> = serials.iter().map(String::as_str).collect();
	lot(client, id, "EPCIS", 20301231, &refs).await?;
	Ok(refs.iter().map(|s| ItemKey::Unit { product: id, serial: Serial::truncate_from(s.as_bytes().to_vec()) }).collect())
}

/// The GS1 examples: `../shared/epcis-examples` beside the checkout when it is there (the copies
/// in `tests/epcis-examples` must then be identical), the copies otherwise.
fn examples_dir() -> Result<PathBuf> {
	let copies = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("epcis-examples");
	let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/epcis-examples");
	if !shared.is_dir() {
		return Ok(copies);
	}
	for file in std::fs::read_dir(&shared)? {
		let file = file?;
		let copy = copies.join(file.file_name());
		ensure!(
			std::fs::read(file.path())? == std::fs::read(&copy).unwrap_or_default(),
			"{} differs from {}: copy the shared examples again",
			copy.display(),
			file.path().display()
		);
	}
	Ok(shared)
}

async fn epcis_examples(client: &MedtrustClient) -> Result<()> {
	let dir = examples_dir()?;
	// What the supported examples presuppose: the packs they name, commissioned; the case of
	// the persistent-disposition example packed and shipped to the distributor.
	commission_epcs(client, &["urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgtin:0614141.107346.2018"]).await?;
	commission_epcs(client, &["https://id.gs1.org/01/70614141123451/21/2017", "https://id.gs1.org/01/70614141123451/21/2018"]).await?;
	let case = commission_epcs(client, &["urn:epc:id:sgtin:952001.1012345.22222223333"]).await?.remove(0);
	let children: Vec<String> = (1001..=1010).map(|i| format!("urn:epc:id:sgtin:9520001.012346.1000000{i}")).collect();
	let children = commission_epcs(client, &children.iter().map(String::as_str).collect::<Vec<_>>()).await?;
	client.submit(&calls::pack(&case, &children), &manufacturer(), Wait::InBlock).await?;
	client.submit(&calls::ship(&[case], Some(DISTRIBUTOR)), &manufacturer(), Wait::InBlock).await?;

	let importer = |file: &str| match file {
		"PersistentDisposition-example.jsonld" => Ed25519Signer::dev("dave"),
		_ => manufacturer(),
	};
	let supported = ["Example_9.6.1-ObjectEvent.jsonld", "Example_9.6.1-ObjectEventWithDigitalLink.jsonld", "PersistentDisposition-example.jsonld"];
	let mut files: Vec<_> = std::fs::read_dir(&dir)
		.with_context(|| dir.display().to_string())?
		.filter(|f| f.as_ref().map_or(true, |f| f.path().extension().is_some_and(|e| e == "jsonld")))
		.collect::<Result<_, _>>()?;
	files.sort_by_key(|f| f.file_name());
	ensure!(files.len() == 10, "expected the ten GS1 examples in {}", dir.display());
	for file in files {
		let name = file.file_name().to_string_lossy().into_owned();
		let document = std::fs::read_to_string(file.path())?;
		let plan = client.plan_epcis_import(&document).await;
		if supported.contains(&name.as_str()) {
			let plan = plan.with_context(|| format!("{name} should be imported"))?;
			client.submit(&plan.call(), &importer(&name), Wait::InBlock).await.with_context(|| name.clone())?;
		} else {
			let refused = plan.err().with_context(|| format!("{name} should be refused"))?.to_string();
			ensure!(refused.contains("nothing was submitted") && refused.contains("event 1"), "{name}: {refused}");
		}
	}
	// 9.6.1 shipped 2017 and 2018 and received 2018 back; the case was received and unpacked.
	let received = client.verify("urn:epc:id:sgtin:0614141.107346.2018", MANUFACTURER).await?;
	ensure!(received.state == Some(medtrust_primitives::trace::ItemState::Received), "{received:#?}");
	let shipped = client.verify("https://id.gs1.org/01/70614141123451/21/2017", MANUFACTURER).await?;
	ensure!(shipped.state == Some(medtrust_primitives::trace::ItemState::InTransit), "{shipped:#?}");
	let child = client.verify("urn:epc:id:sgtin:9520001.012346.10000001005", DISTRIBUTOR).await?;
	ensure!(child.verdict == Verdict::Genuine && child.container.is_none() && child.custodian == Some(DISTRIBUTOR), "{child:#?}");

	// The same document again: the chain refuses its repeated event identifiers.
	let again = client.plan_epcis_import(&std::fs::read_to_string(dir.join("Example_9.6.1-ObjectEvent.jsonld"))?).await?;
	match client.submit(&again.call(), &manufacturer(), Wait::InBlock).await {
		Err(SubmitError::Failed { error, .. }) => ensure!(error.contains("RepeatedEpcisEvent"), "{error}"),
		other => anyhow::bail!("a repeated EPCIS document was applied: {other:?}"),
	}
	Ok(())
}
