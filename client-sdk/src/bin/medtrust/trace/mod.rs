//! `medtrust trace …`: what manufacturers, distributors, pharmacies, vaccination sites and
//! regulators do with packs. One file per part of a pack's life: [`registry`] (products, lots,
//! commissioning), [`movement`] (packing, shipping, dispensing, administering, end of life),
//! [`oversight`] (recalls, quarantines, excursions, alerts); verifying, histories and EPCIS
//! import here.

use std::{path::PathBuf, process::ExitCode};

use clap::{Args, Subcommand};
use medtrust_client::{
	trace::{calls, Target},
	MedtrustClient, Wait,
};
use medtrust_primitives::trace::{
	report::{EventReport, VerificationReport},
	ItemKey, Verdict,
};

use crate::context::{negative, Context, Failure};

mod movement;
mod oversight;
mod registry;

#[derive(Subcommand)]
pub enum TraceCommand {
	/// Verifies a scanned code: the verdict first, then what the chain knows of the pack.
	/// Exits with 0 only for a genuine pack (2 for any other verdict).
	Verify {
		/// The scan as the scanner delivered it (GS1 element string, Digital Link, EPC URN or
		/// China drug code); a GS as ASCII 29, `^]` or the --gs substitute.
		scan: String,
	},
	/// Registers a product from a JSON file (manufacturers; see client-sdk/examples/product.json)
	/// and prints its id.
	Product { file: PathBuf },
	/// Creates a lot of a registered product from a JSON file (manufacturers; see
	/// client-sdk/examples/lot.json) and prints its id.
	Lot { file: PathBuf },
	/// Commissions the serials listed in a CSV file (first column; a header row is skipped)
	/// into a lot, in batches submitted together (manufacturers).
	Commission {
		/// The lot's id (`trace lot` prints it).
		#[arg(long)]
		lot: u32,
		/// The CSV file of serials.
		file: PathBuf,
		/// Serials per transaction (at most 10,000).
		#[arg(long, default_value_t = 10_000)]
		batch: usize,
	},
	/// Packs items into a case or pallet (an SSCC or a serialised case).
	Pack {
		/// The container's scan.
		#[arg(long)]
		into: String,
		/// Scans of the items packed.
		#[arg(required = true)]
		scans: Vec<String>,
	},
	/// Takes items out of a case or pallet.
	Unpack {
		/// The container's scan.
		#[arg(long)]
		from: String,
		#[arg(required = true)]
		scans: Vec<String>,
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
	/// Dispenses scanned packs (pharmacies, hospitals). A pack that is not genuine is not
	/// dispensed; an alert is raised and the exit code is 2.
	Dispense {
		#[arg(required = true)]
		scans: Vec<String>,
	},
	/// Administers a vaccine dose to a recipient (vaccination sites). The recipient's
	/// identifier is read from standard input, never the command line, and turned into its
	/// commitment here with the site's subject key.
	Administer {
		/// The dose's scan.
		scan: String,
		/// The site's subject key file.
		#[arg(long, env = "MEDTRUST_SUBJECT_KEY_FILE", required_unless_present = "recipient_commitment")]
		subject_key_file: Option<PathBuf>,
		/// The key's commitment algorithm.
		#[arg(long, value_enum, default_value = "hmac-sha256")]
		algorithm: medtrust_client::consent::CommitmentAlgorithm,
		/// The recipient's commitment (64 hex digits), if already computed.
		#[arg(long, conflicts_with = "subject_key_file")]
		recipient_commitment: Option<String>,
	},
	/// Ends items' life other than by reaching a patient.
	EndLife {
		#[arg(long, value_enum)]
		reason: movement::Reason,
		#[arg(required = true)]
		scans: Vec<String>,
	},
	/// Undoes the last event of an item you recorded by mistake (a wrong dispensing, say).
	Undo { scan: String },
	/// Recalls a product, a lot or one item (manufacturers, regulators).
	Recall(TargetArgs),
	/// Quarantines a product, a lot or one item (regulators, manufacturers); --lift ends it.
	Quarantine {
		#[command(flatten)]
		target: TargetArgs,
		/// Lift the quarantine instead.
		#[arg(long)]
		lift: bool,
	},
	/// Records a cold-chain excursion on a product, lot or item.
	Excursion(TargetArgs),
	/// The full history of the item a scan names.
	History { scan: String },
	/// Open alerts.
	Alerts,
	/// Resolves an alert (regulators).
	Resolve {
		/// The alert's number (`trace alerts` lists them).
		alert: u32,
		/// What is decided.
		#[arg(long, value_enum)]
		decision: oversight::Decision,
	},
	/// Imports an EPCIS 2.0 JSON-LD document, all or nothing.
	Import { file: PathBuf },
}

/// What a recall, quarantine or excursion applies to: one of them.
#[derive(Args)]
#[group(required = true, multiple = false)]
pub struct TargetArgs {
	/// A product's id.
	#[arg(long)]
	product: Option<u32>,
	/// A lot's id.
	#[arg(long)]
	lot: Option<u32>,
	/// One item, by its scan.
	#[arg(long)]
	scan: Option<String>,
}

impl TargetArgs {
	async fn target(&self, ctx: &Context, client: &MedtrustClient) -> Result<Target, Failure> {
		Ok(match (self.product, self.lot, &self.scan) {
			(Some(product), _, _) => Target::Product(product),
			(_, Some(lot), _) => Target::Lot(lot),
			(_, _, Some(scan)) => calls::item_target(&client.item_key(&ctx.scan(scan)).await.map_err(err)?),
			_ => return Err(Failure::Usage("say what: --product, --lot or --scan".into())),
		})
	}
}

/// The chain's item keys of scans, each read with the site's separator.
async fn keys(ctx: &Context, client: &MedtrustClient, scans: &[String]) -> Result<Vec<ItemKey>, Failure> {
	let mut out = Vec::with_capacity(scans.len());
	for scan in scans {
		out.push(client.item_key(&ctx.scan(scan)).await.map_err(err)?);
	}
	Ok(out)
}

fn err(e: impl std::fmt::Display) -> String {
	e.to_string()
}

/// Says what was done, and in which block (as JSON under --json).
fn done(ctx: &Context, what: String, block: medtrust_client::H256) -> Result<(), Failure> {
	let block = format!("{block:?}");
	ctx.print(&serde_json::json!({ "done": what, "block": block }), || format!("{what} (block {block})\n"))
}

pub async fn run(ctx: &Context, command: TraceCommand) -> Result<ExitCode, Failure> {
	let client = ctx.client().await?;
	match command {
		TraceCommand::Verify { scan } => {
			let org = ctx.organization().await?;
			let report = client.verify(&ctx.scan(&scan), org).await.map_err(err)?;
			ctx.print(&report, || describe(&report))?;
			return Ok(if report.verdict == Verdict::Genuine { ExitCode::SUCCESS } else { negative() });
		},
		TraceCommand::Product { file } => registry::product(ctx, client, &file).await?,
		TraceCommand::Lot { file } => registry::lot(ctx, client, &file).await?,
		TraceCommand::Commission { lot, file, batch } => registry::commission(ctx, client, lot, &file, batch).await?,
		TraceCommand::Pack { into, scans } => movement::pack(ctx, client, &into, &scans, true).await?,
		TraceCommand::Unpack { from, scans } => movement::pack(ctx, client, &from, &scans, false).await?,
		TraceCommand::Ship { to, scans } => {
			let items = keys(ctx, client, &scans).await?;
			let included = client.submit(&calls::ship(&items, to), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
			done(ctx, format!("{} item(s) shipped", items.len()), included.block_hash)?;
		},
		TraceCommand::Receive { scans } => {
			let items = keys(ctx, client, &scans).await?;
			let included = client.submit(&calls::receive(&items), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
			done(ctx, format!("{} item(s) received", items.len()), included.block_hash)?;
		},
		TraceCommand::Dispense { scans } => return movement::dispense(ctx, client, &scans).await,
		TraceCommand::Administer { scan, subject_key_file, algorithm, recipient_commitment } =>
			return movement::administer(ctx, client, &scan, subject_key_file.as_deref(), algorithm, recipient_commitment.as_deref())
				.await,
		TraceCommand::EndLife { reason, scans } => movement::end_life(ctx, client, reason, &scans).await?,
		TraceCommand::Undo { scan } => movement::undo(ctx, client, &scan).await?,
		TraceCommand::Recall(target) => oversight::recall(ctx, client, &target).await?,
		TraceCommand::Quarantine { target, lift } => oversight::quarantine(ctx, client, &target, lift).await?,
		TraceCommand::Excursion(target) => oversight::excursion(ctx, client, &target).await?,
		TraceCommand::Alerts => oversight::alerts(ctx, client).await?,
		TraceCommand::Resolve { alert, decision } => oversight::resolve(ctx, client, alert, decision).await?,
		TraceCommand::History { scan } => {
			let history = client.history(&ctx.scan(&scan)).await.map_err(err)?;
			ctx.print(&history, || history.iter().map(|e| describe_event(e) + "\n").collect())?;
		},
		TraceCommand::Import { file } => {
			let document = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
			let plan = client.plan_epcis_import(&document).await.map_err(err)?;
			let summary = plan.summary.clone();
			let included = client.submit(&plan.call(), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
			if !ctx.json() {
				for line in summary {
					println!("{line}");
				}
			}
			done(ctx, format!("imported {}", file.display()), included.block_hash)?;
		},
	}
	Ok(ExitCode::SUCCESS)
}

/// A value's snake_case name, as serde writes it.
pub fn name(value: &impl serde::Serialize) -> String {
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
	if !r.read.elements.is_empty() {
		text += &format!("  read ({}):\n", name(&r.read.form).replace('_', " "));
		for element in &r.read.elements {
			text += &format!("    {:<30} {}\n", format!("({}) {}", element.ai, element.title), element.value);
		}
	} else if let Some(id) = &r.read.china_drug_id {
		text += &format!("  read (china drug code): product id {id}, serial {}\n", r.read.serial.clone().unwrap_or_default());
	}
	if !r.last_events.is_empty() {
		text += "  last events:\n";
		for event in &r.last_events {
			text += &format!("    {}\n", describe_event(event));
		}
	}
	text
}

pub fn describe_event(e: &EventReport) -> String {
	format!("block {:>6}  {:<15}  {:<20}  organisation {:<3}  {}", e.block, name(&e.biz_step), name(&e.disposition), e.organization, e.item)
}
