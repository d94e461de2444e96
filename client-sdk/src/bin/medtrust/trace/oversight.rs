//! Recalls, quarantines, cold-chain excursions and alerts: what regulators and manufacturers
//! decide about packs already out.

use medtrust_client::{
	trace::{calls, AlertResolution},
	MedtrustClient, Wait,
};

use super::{done, err, name, TargetArgs};
use crate::context::{Context, Failure};

/// A regulator's decision on an alert.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Decision {
	/// Hold the item while it is investigated.
	Quarantine,
	/// A false alarm (a scanning slip, a data error): lifts the item's quarantine.
	Clear,
	/// The pack is illegitimate: it stays quarantined.
	Illegitimate,
}

pub async fn recall(ctx: &Context, client: &MedtrustClient, target: &TargetArgs) -> Result<(), Failure> {
	let target = target.target(ctx, client).await?;
	let included = client.submit(&calls::recall(target), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
	done(ctx, "recalled".into(), included.block_hash)
}

pub async fn quarantine(ctx: &Context, client: &MedtrustClient, target: &TargetArgs, lift: bool) -> Result<(), Failure> {
	let target = target.target(ctx, client).await?;
	let included = client.submit(&calls::set_quarantine(target, !lift), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
	done(ctx, if lift { "quarantine lifted" } else { "quarantined" }.into(), included.block_hash)
}

pub async fn excursion(ctx: &Context, client: &MedtrustClient, target: &TargetArgs) -> Result<(), Failure> {
	let target = target.target(ctx, client).await?;
	let included = client.submit(&calls::record_excursion(target), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
	done(ctx, "cold-chain excursion recorded".into(), included.block_hash)
}

pub async fn alerts(ctx: &Context, client: &MedtrustClient) -> Result<(), Failure> {
	let alerts = client.alerts().await.map_err(err)?;
	ctx.print(&alerts, || {
		let mut text = format!("{:>5}  {:<18}  {:<12}  {:>7}  SCAN\n", "ALERT", "VERDICT", "STATUS", "BY ORG");
		for a in &alerts {
			let scan = a.scan.replace('\u{1d}', "\u{241D}");
			text += &format!("{:>5}  {:<18}  {:<12}  {:>7}  {scan}\n", a.id, name(&a.verdict), name(&a.status), a.raised_by);
		}
		text + &format!("{} open alert(s)\n", alerts.len())
	})
}

pub async fn resolve(ctx: &Context, client: &MedtrustClient, alert: u32, decision: Decision) -> Result<(), Failure> {
	let resolution = match decision {
		Decision::Quarantine => AlertResolution::Quarantine,
		Decision::Clear => AlertResolution::Clear,
		Decision::Illegitimate => AlertResolution::ConfirmIllegitimate,
	};
	let included = client.submit(&calls::resolve_alert(alert, resolution), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
	done(ctx, format!("alert {alert} resolved"), included.block_hash)
}
