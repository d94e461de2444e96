//! A pack's movements: packing, shipping, dispensing, administering, and the end of its life.

use std::{path::Path, process::ExitCode};

use medtrust_client::{
	consent::{parse_subject, CommitmentAlgorithm, SubjectKey},
	trace::{calls, scan_bytes, EndReason, TraceError},
	MedtrustClient, Wait,
};

use super::{done, err, keys};
use crate::context::{negative, Context, Failure};

/// How an item's life ends, other than by reaching a patient.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Reason {
	/// Taken out of the supply chain: damaged, a sample, exported, returned to stock control.
	Decommissioned,
	Destroyed,
	Stolen,
}

pub async fn pack(ctx: &Context, client: &MedtrustClient, container: &str, scans: &[String], packing: bool) -> Result<(), Failure> {
	let parent = keys(ctx, client, &[container.to_string()]).await?.remove(0);
	let children = keys(ctx, client, scans).await?;
	let signer = ctx.signer()?;
	let included = if packing {
		client.submit(&calls::pack(&parent, &children), &signer, Wait::InBlock).await
	} else {
		client.submit(&calls::unpack(&parent, &children), &signer, Wait::InBlock).await
	}
	.map_err(err)?;
	let what = if packing { "packed into" } else { "unpacked from" };
	done(ctx, format!("{} item(s) {what} {container}", children.len()), included.block_hash)
}

/// The scans' bytes, each read as the runtime will (a malformed one is refused here).
fn scans_bytes(ctx: &Context, scans: &[String]) -> Result<Vec<medtrust_primitives::trace::ScanBytes>, Failure> {
	Ok(scans.iter().map(|s| scan_bytes(&ctx.scan(s))).collect::<Result<Vec<_>, TraceError>>().map_err(err)?)
}

pub async fn dispense(ctx: &Context, client: &MedtrustClient, scans: &[String]) -> Result<ExitCode, Failure> {
	let bytes = scans_bytes(ctx, scans)?;
	let included = client.submit(&calls::dispense(&bytes), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
	let alerts = included.events.iter().filter(|e| e.as_str() == "Traceability.AlertRaised").count();
	done(ctx, format!("{} dispensed, {alerts} refused with an alert", scans.len() - alerts), included.block_hash)?;
	if alerts > 0 {
		if !ctx.json() {
			println!("run `medtrust trace verify` on each pack to see why");
		}
		return Ok(negative());
	}
	Ok(ExitCode::SUCCESS)
}

pub async fn administer(
	ctx: &Context,
	client: &MedtrustClient,
	scan: &str,
	subject_key_file: Option<&Path>,
	algorithm: CommitmentAlgorithm,
	recipient_commitment: Option<&str>,
) -> Result<ExitCode, Failure> {
	let recipient = match (recipient_commitment, subject_key_file) {
		(Some(commitment), _) => parse_subject(commitment).map_err(err)?,
		(None, Some(file)) => {
			let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
			let key = SubjectKey::new(&bytes, algorithm).map_err(err)?;
			// From standard input: an identifier on the command line stays in shell history.
			let mut identifier = zeroize::Zeroizing::new(String::new());
			std::io::stdin().read_line(&mut identifier).map_err(|e| format!("standard input: {e}"))?;
			if identifier.trim().is_empty() {
				return Err(Failure::Usage("type the recipient's identifier on standard input".into()));
			}
			key.commit(&identifier)
		},
		(None, None) => return Err(Failure::Usage("give --subject-key-file or --recipient-commitment".into())),
	};
	let bytes = scans_bytes(ctx, &[scan.to_string()])?.remove(0);
	let included = client.submit(&calls::administer(&[(bytes, recipient)]), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
	if included.events.iter().any(|e| e == "Traceability.AlertRaised") {
		done(ctx, "not administered: the dose is not genuine, and an alert was raised".into(), included.block_hash)?;
		return Ok(negative());
	}
	done(ctx, "administered".into(), included.block_hash)?;
	Ok(ExitCode::SUCCESS)
}

pub async fn end_life(ctx: &Context, client: &MedtrustClient, reason: Reason, scans: &[String]) -> Result<(), Failure> {
	let items = keys(ctx, client, scans).await?;
	let reason = match reason {
		Reason::Decommissioned => EndReason::Decommissioned,
		Reason::Destroyed => EndReason::Destroyed,
		Reason::Stolen => EndReason::Stolen,
	};
	let included = client.submit(&calls::end_life(&items, reason), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
	done(ctx, format!("{} item(s) ended", items.len()), included.block_hash)
}

pub async fn undo(ctx: &Context, client: &MedtrustClient, scan: &str) -> Result<(), Failure> {
	let item = keys(ctx, client, &[scan.to_string()]).await?.remove(0);
	let included = client.submit(&calls::undo(&item), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
	done(ctx, "the item's last event is undone".into(), included.block_hash)
}
