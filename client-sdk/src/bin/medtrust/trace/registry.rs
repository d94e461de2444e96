//! Products, lots and commissioning: what a manufacturer registers before a pack moves.

use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use medtrust_client::{
	trace::{calls, LotDescription, ProductDescription},
	MedtrustClient, Wait,
};
use medtrust_primitives::trace::Serial;

use super::{done, err};
use crate::context::{Context, Failure};

fn read_json<T: serde::de::DeserializeOwned>(file: &Path) -> Result<T, Failure> {
	let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
	Ok(serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?)
}

pub async fn product(ctx: &Context, client: &MedtrustClient, file: &Path) -> Result<(), Failure> {
	let description: ProductDescription = read_json(file)?;
	let info = description.info().map_err(|e| format!("{}: {e}", file.display()))?;
	let code = medtrust_client::trace::product_code(description.gtin.as_deref(), description.china_drug_id.as_deref()).map_err(err)?;
	let included = client.submit(&calls::register_product(info), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
	let id = client.product_id(&code).await.map_err(err)?.ok_or("the product was registered but cannot be found")?;
	if ctx.json() {
		return ctx.print(&serde_json::json!({ "product": id, "block": format!("{:?}", included.block_hash) }), String::new);
	}
	done(ctx, format!("product {id} registered: {} {} {}", description.name, description.strength, description.form), included.block_hash)
}

pub async fn lot(ctx: &Context, client: &MedtrustClient, file: &Path) -> Result<(), Failure> {
	let description: LotDescription = read_json(file)?;
	let shown = |e: medtrust_client::trace::TraceError| format!("{}: {e}", file.display());
	let code = description.product_code().map_err(shown)?;
	let (number, expiry, production) = description.fields().map_err(shown)?;
	let product = client
		.product_id(&code)
		.await
		.map_err(err)?
		.ok_or_else(|| format!("{}: no registered product has this code: register it first (trace product)", file.display()))?;
	let call = calls::create_lot(product, &number, expiry, production);
	let included = client.submit(&call, &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
	let id = client.lot_id(product, &number).await.map_err(err)?.ok_or("the lot was created but cannot be found")?;
	if ctx.json() {
		return ctx.print(&serde_json::json!({ "lot": id, "product": product, "block": format!("{:?}", included.block_hash) }), String::new);
	}
	done(ctx, format!("lot {id} created: {number} of product {product}, expires {}", description.expiry), included.block_hash)
}

pub async fn commission(ctx: &Context, client: &MedtrustClient, lot: u32, file: &PathBuf, batch: usize) -> Result<(), Failure> {
	let signer = ctx.signer()?;
	let serials = read_serials(file)?;
	let batch = batch.clamp(1, 10_000);
	let calls: Vec<_> = serials.chunks(batch).map(|chunk| calls::commission(lot, chunk)).collect();
	let bar = if ctx.json() { ProgressBar::hidden() } else { ProgressBar::new(serials.len() as u64) };
	bar.set_style(
		ProgressStyle::with_template("{bar:40} {pos}/{len} serials commissioned ({per_sec}, {elapsed})").map_err(err)?,
	);
	let sizes: Vec<usize> = serials.chunks(batch).map(<[Serial]>::len).collect();
	let included = client
		.submit_all(&calls, &signer, Wait::InBlock, |i, _| bar.inc(sizes[i] as u64))
		.await
		.map_err(err)?;
	bar.finish();
	let blocks: std::collections::BTreeSet<_> = included.iter().map(|i| i.block_hash).collect();
	let summary = serde_json::json!({ "lot": lot, "serials": serials.len(), "transactions": calls.len(), "blocks": blocks.len() });
	ctx.print(&summary, || {
		format!("{} serial(s) commissioned into lot {lot} in {} transaction(s), {} block(s)\n", serials.len(), calls.len(), blocks.len())
	})
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

