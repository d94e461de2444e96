//! `medtrust trace …`: what pharmacies, distributors, manufacturers and regulators do with packs.

use std::{path::PathBuf, process::ExitCode};

use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use medtrust_client::{
	trace::{calls, scan_bytes, TraceError},
	Ed25519Signer, MedtrustClient, Wait,
};
use medtrust_primitives::trace::{
	report::{EventReport, VerificationReport},
	ItemKey, Serial, Verdict,
};

#[derive(Subcommand)]
pub enum TraceCommand {
	/// Verifies a scanned code: the verdict first, then what the chain knows of the pack.
	/// Exits with 0 only for a genuine pack.
	Verify {
		/// The scan as the scanner delivered it (GS1 element string, Digital Link, EPC URN or
		/// China drug code).
		scan: String,
	},
	/// Commissions the serials listed in a CSV file (first column; a header row is skipped)
	/// into a lot, in batches submitted together.
	Commission {
		/// The lot's id.
		#[arg(long)]
		lot: u32,
		/// The CSV file of serials.
		file: PathBuf,
		/// Serials per transaction (at most 10,000).
		#[arg(long, default_value_t = 10_000)]
		batch: usize,
	},
	/// Ships packs, cases or pallets (with their contents).
	Ship {
		/// The receiving organisation's id; without it, whoever receives may.
		#[arg(long)]
		to: Option<u32>,
		/// Scans of the items.
		#[arg(required = true)]
		scans: Vec<String>,
	},
	/// Receives shipped items.
	Receive {
		#[arg(required = true)]
		scans: Vec<String>,
	},
	/// Dispenses scanned packs. A pack that is not genuine is not dispensed; an alert is raised.
	Dispense {
		#[arg(required = true)]
		scans: Vec<String>,
	},
	/// Recalls a product, a lot or one item.
	Recall {
		#[arg(long, conflicts_with_all = ["lot", "scan"])]
		product: Option<u32>,
		#[arg(long, conflicts_with = "scan")]
		lot: Option<u32>,
		#[arg(long)]
		scan: Option<String>,
	},
	/// The full history of the item a scan names.
	History { scan: String },
	/// Open alerts.
	Alerts,
	/// Imports an EPCIS 2.0 JSON-LD document, all or nothing.
	Import { file: PathBuf },
}

pub fn signer(key: &Option<String>) -> Result<Ed25519Signer, String> {
	let uri = key.as_deref().ok_or("this command signs a transaction: give --key (or MEDTRUST_KEY)")?;
	Ed25519Signer::from_uri(uri).map_err(|e| format!("--key: {e}"))
}

fn err(e: impl std::fmt::Display) -> String {
	e.to_string()
}

async fn keys(client: &MedtrustClient, scans: &[String]) -> Result<Vec<ItemKey>, String> {
	let mut out = Vec::with_capacity(scans.len());
	for scan in scans {
		out.push(client.item_key(scan).await.map_err(err)?);
	}
	Ok(out)
}

/// The organisation a verification is made for: `--org`, or the one `--key` acts for.
pub async fn scanner(client: &MedtrustClient, org: Option<u32>, key: &Option<String>) -> Result<u32, String> {
	if let Some(org) = org {
		return Ok(org);
	}
	let account = signer(key).map_err(|_| "give --org (or --key) to say who is scanning".to_string())?.account_id();
	client.organization_of(&account).await.map_err(err)?.ok_or_else(|| "--key acts for no organisation".into())
}

pub async fn run(
	client: &MedtrustClient,
	command: TraceCommand,
	json: bool,
	key: &Option<String>,
	org: Option<u32>,
) -> Result<ExitCode, String> {
	let print_json = |value: &dyn erased::Json| value.print();
	match command {
		TraceCommand::Verify { scan } => {
			let org = scanner(client, org, key).await?;
			let report = client.verify(&scan, org).await.map_err(err)?;
			if json {
				print_json(&report);
			} else {
				print!("{}", describe(&report));
			}
			return Ok(if report.verdict == Verdict::Genuine { ExitCode::SUCCESS } else { ExitCode::from(2) });
		},
		TraceCommand::Commission { lot, file, batch } => {
			let signer = signer(key)?;
			let serials = read_serials(&file)?;
			let batch = batch.clamp(1, 10_000);
			let calls: Vec<_> = serials.chunks(batch).map(|chunk| calls::commission(lot, chunk)).collect();
			let bar = ProgressBar::new(serials.len() as u64);
			bar.set_style(
				ProgressStyle::with_template("{bar:40} {pos}/{len} serials commissioned ({per_sec}, {elapsed})")
					.map_err(err)?,
			);
			let sizes: Vec<usize> = serials.chunks(batch).map(<[Serial]>::len).collect();
			let included = client
				.submit_all(&calls, &signer, Wait::InBlock, |i, _| bar.inc(sizes[i] as u64))
				.await
				.map_err(err)?;
			bar.finish();
			let blocks: std::collections::BTreeSet<_> = included.iter().map(|i| i.block_hash).collect();
			println!("{} serial(s) commissioned into lot {lot} in {} transaction(s), {} block(s)", serials.len(), calls.len(), blocks.len());
		},
		TraceCommand::Ship { to, scans } => {
			let items = keys(client, &scans).await?;
			let done = client.submit(&calls::ship(&items, to), &signer(key)?, Wait::InBlock).await.map_err(err)?;
			println!("{} item(s) shipped (block {:?})", items.len(), done.block_hash);
		},
		TraceCommand::Receive { scans } => {
			let items = keys(client, &scans).await?;
			let done = client.submit(&calls::receive(&items), &signer(key)?, Wait::InBlock).await.map_err(err)?;
			println!("{} item(s) received (block {:?})", items.len(), done.block_hash);
		},
		TraceCommand::Dispense { scans } => {
			let bytes = scans.iter().map(|s| scan_bytes(s)).collect::<Result<Vec<_>, TraceError>>().map_err(err)?;
			let done = client.submit(&calls::dispense(&bytes), &signer(key)?, Wait::InBlock).await.map_err(err)?;
			let alerts = done.events.iter().filter(|e| e.as_str() == "Traceability.AlertRaised").count();
			println!("{} dispensed, {alerts} refused with an alert (block {:?})", scans.len() - alerts, done.block_hash);
			if alerts > 0 {
				println!("run `medtrust trace verify` on each pack to see why");
				return Ok(ExitCode::from(2));
			}
		},
		TraceCommand::Recall { product, lot, scan } => {
			use medtrust_client::trace::Target;
			let target = match (product, lot, scan) {
				(Some(product), _, _) => Target::Product(product),
				(_, Some(lot), _) => Target::Lot(lot),
				(_, _, Some(scan)) => calls::item_target(&client.item_key(&scan).await.map_err(err)?),
				_ => return Err("say what to recall: --product, --lot or --scan".into()),
			};
			let done = client.submit(&calls::recall(target), &signer(key)?, Wait::InBlock).await.map_err(err)?;
			println!("recalled (block {:?})", done.block_hash);
		},
		TraceCommand::History { scan } => {
			let history = client.history(&scan).await.map_err(err)?;
			if json {
				print_json(&history);
			} else {
				for event in &history {
					println!("{}", describe_event(event));
				}
			}
		},
		TraceCommand::Alerts => {
			let alerts = client.alerts().await.map_err(err)?;
			if json {
				print_json(&alerts);
			} else {
				println!("{:>5}  {:<18}  {:<12}  {:>7}  SCAN", "ALERT", "VERDICT", "STATUS", "BY ORG");
				for a in &alerts {
					println!("{:>5}  {:<18}  {:<12}  {:>7}  {}", a.id, name(&a.verdict), name(&a.status), a.raised_by, a.scan);
				}
				println!("{} open alert(s)", alerts.len());
			}
		},
		TraceCommand::Import { file } => {
			let document = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
			let plan = client.plan_epcis_import(&document).await.map_err(err)?;
			let summary = plan.summary.clone();
			let done = client.submit(&plan.call(), &signer(key)?, Wait::InBlock).await.map_err(err)?;
			for line in summary {
				println!("{line}");
			}
			println!("imported {} (block {:?})", file.display(), done.block_hash);
		},
	}
	Ok(ExitCode::SUCCESS)
}

mod erased {
	/// Prints any serialisable value as pretty JSON.
	pub trait Json {
		fn print(&self);
	}
	impl<T: serde::Serialize> Json for T {
		fn print(&self) {
			println!("{}", serde_json::to_string_pretty(self).expect("reports serialise; qed"));
		}
	}
}

fn read_serials(file: &PathBuf) -> Result<Vec<Serial>, String> {
	let mut reader = csv::ReaderBuilder::new()
		.has_headers(false)
		.flexible(true)
		.from_path(file)
		.map_err(|e| format!("{}: {e}", file.display()))?;
	let mut serials = Vec::new();
	for (line, record) in reader.records().enumerate() {
		let record = record.map_err(|e| format!("{}: {e}", file.display()))?;
		let Some(serial) = record.get(0).map(str::trim).filter(|s| !s.is_empty()) else { continue };
		if line == 0 && serial.eq_ignore_ascii_case("serial") {
			continue;
		}
		if serial.len() > 20 {
			return Err(format!("{}: line {}: serial {serial} is longer than 20 characters", file.display(), line + 1));
		}
		serials.push(Serial::truncate_from(serial.as_bytes().to_vec()));
	}
	if serials.is_empty() {
		return Err(format!("{}: no serials", file.display()));
	}
	Ok(serials)
}

/// A value's snake_case name, as serde writes it.
fn name(value: &impl serde::Serialize) -> String {
	serde_json::to_value(value).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

pub fn describe(r: &VerificationReport) -> String {
	let mut text = format!("{}: {}\n", name(&r.verdict).to_uppercase(), r.message);
	if let Some(p) = &r.product {
		let code = p.gtin.clone().map(|g| format!("GTIN {g}")).or(p.china_drug_id.clone().map(|c| format!("drug id {c}")));
		text += &format!("  product:   {} {} {} ({}), product {}, manufacturer {}\n", p.name, p.strength, p.form, code.unwrap_or_default(), p.id, p.manufacturer);
	}
	if let Some(l) = &r.lot {
		text += &format!("  lot:       {}, expires {} ({})\n", l.number, l.expiry, name(&l.status));
	}
	if let Some(serial) = &r.serial {
		text += &format!("  serial:    {serial}\n");
	}
	if let Some(sscc) = &r.sscc {
		text += &format!("  SSCC:      {sscc}\n");
	}
	if let (Some(state), Some(custodian)) = (&r.state, r.custodian) {
		text += &format!("  state:     {}, held by organisation {custodian}", name(state));
		if let Some(to) = r.in_transit_to {
			text += &format!(", on its way to organisation {to}");
		}
		text += "\n";
	}
	if let Some(container) = &r.container {
		text += &format!("  packed in: {container}\n");
	}
	let flags: Vec<&str> = [
		(r.recalled, "recalled"),
		(r.quarantined, "quarantined"),
		(r.expired, "expired"),
		(r.cold_chain_excursion, "cold-chain excursion recorded"),
	]
	.into_iter()
	.filter_map(|(on, label)| on.then_some(label))
	.collect();
	if !flags.is_empty() {
		text += &format!("  warnings:  {}\n", flags.join(", "));
	}
	if !r.last_events.is_empty() {
		text += "  last events:\n";
		for event in &r.last_events {
			text += &format!("    {}\n", describe_event(event));
		}
	}
	text
}

fn describe_event(e: &EventReport) -> String {
	format!("block {:>6}  {:<15}  {:<20}  organisation {:<3}  {}", e.block, name(&e.biz_step), name(&e.disposition), e.organization, e.item)
}
