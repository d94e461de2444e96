//! Traceability: verifying scans, reading histories and alerts, and building the calls that
//! commission, move and dispense packs.
//!
//! Scans are parsed with the same code the runtime uses (`medtrust_primitives::trace`), so the
//! SDK refuses a malformed scan with the same message before anything is submitted.

use codec::{Decode, Encode};
use medtrust_primitives::trace::{
	self,
	report::{AlertReport, AlertReportPage, EventReport, EventReportPage, VerificationReport},
	AlertId, HistoryCursor, ItemKey, LotId, LotNumber, ProductCode, ProductId, ScanBytes, ScannedItem, Serial, MAX_ALERT_PAGE, MAX_HISTORY_PAGE,
};
use subxt::rpcs::client::rpc_params;

use crate::{
	runtime::{self, runtime_types::pallet_traceability::types as call_types},
	MedtrustClient, SubmitError, H256,
};

pub use call_types::{AlertResolution, EndReason, ProductInfo, Target};

/// Re-encodes a value as another type with the same SCALE encoding: the SDK's domain types
/// (from `medtrust_primitives`) into the types generated from the runtime's metadata.
pub fn recode<A: Encode, B: Decode>(value: &A) -> B {
	B::decode(&mut &value.encode()[..]).expect("the generated type mirrors the runtime's; qed")
}

/// Why a traceability request could not be made.
#[derive(Debug, thiserror::Error)]
pub enum TraceError {
	/// The scan cannot be read (the message says what and where).
	#[error("cannot read the scan: {0}")]
	Scan(String),
	/// The scan names no product or item the chain knows.
	#[error("{0}")]
	Unknown(String),
	#[error(transparent)]
	Submit(#[from] SubmitError),
}

/// Parses a scan as the runtime would.
pub fn parse(scan: &str) -> Result<trace::Scan, TraceError> {
	trace::parse_scan(scan.as_bytes()).map_err(|e| TraceError::Scan(e.to_string()))
}

/// A scan as a keyboard-wedge scanner typed it, with its group separators put back as ASCII 29
/// (GS). Scanners that cannot type ASCII 29 send Ctrl+] (`^]` where it is shown); the desk's
/// scan field shows a GS as `␝` (U+241D, SYMBOL FOR GROUP SEPARATOR); and a site may configure
/// its scanners to send another string (`<GS>`, `{GS}`, `|`, `~`). Neither `^]` nor `␝` can be
/// GS1 data, so both are always read as GS; a configured `substitute` is replaced only when
/// given, since `<GS>` is valid data where no scanner sends it.
pub fn restore_separators(typed: &str, substitute: Option<&str>) -> String {
	let mut scan = typed.replace('\u{241D}', "\u{1d}").replace("^]", "\u{1d}");
	if let Some(substitute) = substitute.filter(|s| !s.is_empty()) {
		scan = scan.replace(substitute, "\u{1d}");
	}
	// A wedge ends a scan with Enter; a pasted one may carry the line end.
	scan.trim_end_matches(['\r', '\n']).to_string()
}

/// A scan as the chain's bounded bytes.
pub fn scan_bytes(scan: &str) -> Result<ScanBytes, TraceError> {
	parse(scan)?;
	Ok(ScanBytes::truncate_from(scan.as_bytes().to_vec()))
}

fn node(e: impl std::fmt::Display) -> SubmitError {
	SubmitError::Node(e.to_string())
}

impl MedtrustClient {
	/// The verdict on `scan` made by `organization`, answered natively by the node
	/// (`trace_verify`).
	pub async fn verify(&self, scan: &str, organization: u32) -> Result<VerificationReport, TraceError> {
		parse(scan)?;
		Ok(self.rpc("trace_verify", rpc_params![scan, organization]).await?)
	}

	/// The same verdict computed by the runtime API (`trace_verifyInRuntime`).
	pub async fn verify_in_runtime(&self, scan: &str, organization: u32) -> Result<VerificationReport, TraceError> {
		parse(scan)?;
		Ok(self.rpc("trace_verifyInRuntime", rpc_params![scan, organization]).await?)
	}

	/// The history of the item `scan` names, oldest first: every page at the best block.
	pub async fn history(&self, scan: &str) -> Result<Vec<EventReport>, TraceError> {
		let at: H256 = self.rpc("chain_getBlockHash", rpc_params![]).await?;
		let mut events = Vec::new();
		let mut from = HistoryCursor::default();
		loop {
			let page = self.history_page(scan, from, MAX_HISTORY_PAGE, Some(at)).await?;
			events.extend(page.events);
			match page.next {
				Some(next) => from = next,
				None => return Ok(events),
			}
		}
	}

	/// One page of the history of the item `scan` names, from `from`, at most `limit` events
	/// (up to [`MAX_HISTORY_PAGE`]), at block `at` (the best block if `None`).
	pub async fn history_page(
		&self,
		scan: &str,
		from: HistoryCursor,
		limit: u32,
		at: Option<H256>,
	) -> Result<EventReportPage, TraceError> {
		parse(scan)?;
		Ok(self.rpc("trace_history", rpc_params![scan, from, limit, at]).await?)
	}

	/// Alerts not yet cleared or confirmed, oldest first: every page at the best block.
	pub async fn alerts(&self) -> Result<Vec<AlertReport>, TraceError> {
		let at: H256 = self.rpc("chain_getBlockHash", rpc_params![]).await?;
		let mut alerts = Vec::new();
		let mut from = 0;
		loop {
			let page = self.alerts_page(from, MAX_ALERT_PAGE, Some(at)).await?;
			alerts.extend(page.alerts);
			match page.next {
				Some(next) => from = next,
				None => return Ok(alerts),
			}
		}
	}

	/// One page of the open alerts from alert number `from`, at most `limit` (up to
	/// [`MAX_ALERT_PAGE`]), at block `at` (the best block if `None`).
	pub async fn alerts_page(&self, from: AlertId, limit: u32, at: Option<H256>) -> Result<AlertReportPage, TraceError> {
		Ok(self.rpc("trace_alerts", rpc_params![from, limit, at]).await?)
	}

	/// The product a GTIN or China drug id names.
	pub async fn product_id(&self, code: &ProductCode) -> Result<Option<ProductId>, TraceError> {
		let at = self.at_best_block().await?;
		let entry = at.storage().entry(runtime::storage().traceability().product_codes()).map_err(node)?;
		let value = entry.try_fetch((recode::<_, runtime::runtime_types::medtrust_primitives::trace::records::ProductCode>(code),)).await.map_err(node)?;
		Ok(match value {
			Some(value) => Some(value.decode().map_err(node)?),
			None => None,
		})
	}

	/// The lot a product's lot number names.
	pub async fn lot_id(&self, product: ProductId, number: &str) -> Result<Option<LotId>, TraceError> {
		let number = LotNumber::truncate_from(number.as_bytes().to_vec());
		let at = self.at_best_block().await?;
		let entry = at.storage().entry(runtime::storage().traceability().lot_ids()).map_err(node)?;
		let value = entry.try_fetch(((product, recode(&number)),)).await.map_err(node)?;
		Ok(match value {
			Some(value) => Some(value.decode().map_err(node)?),
			None => None,
		})
	}

	/// The organisation holding a GLN.
	pub async fn organization_by_gln(&self, gln: &medtrust_primitives::Gln) -> Result<Option<u32>, TraceError> {
		let at = self.at_best_block().await?;
		let entry = at.storage().entry(runtime::storage().organizations().glns()).map_err(node)?;
		let value = entry.try_fetch((recode(gln),)).await.map_err(node)?;
		Ok(match value {
			Some(value) => Some(value.decode().map_err(node)?),
			None => None,
		})
	}

	/// The organisation an account acts for.
	pub async fn organization_of(&self, account: &crate::AccountId32) -> Result<Option<u32>, TraceError> {
		let at = self.at_best_block().await?;
		let entry = at.storage().entry(runtime::storage().organizations().account_organization()).map_err(node)?;
		let value = entry.try_fetch((*account,)).await.map_err(node)?;
		Ok(match value {
			Some(value) => Some(value.decode().map_err(node)?),
			None => None,
		})
	}

	/// The item a scan (or EPC URN, or Digital Link) names: its product must be registered; an
	/// SSCC needs no registration.
	pub async fn item_key(&self, scan: &str) -> Result<ItemKey, TraceError> {
		match parse(scan)?.item {
			ScannedItem::Sscc(sscc) => Ok(ItemKey::Sscc(sscc)),
			ScannedItem::Unit { product, serial } => {
				let id = self.product_id(&product).await?.ok_or_else(|| {
					TraceError::Unknown(format!("{scan}: no registered product has this GTIN or drug code"))
				})?;
				Ok(ItemKey::Unit { product: id, serial })
			},
			ScannedItem::Class { .. } =>
				Err(TraceError::Unknown(format!("{scan}: names a product or lot, not a serialised pack"))),
		}
	}
}

/// A product as its manufacturer describes it in a file (`client-sdk/examples/product.json`),
/// for `register_product`.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductDescription {
	/// `drug`, `vaccine` or `device`.
	pub kind: trace::ProductKind,
	/// `each` (the default), `bundle` or `case`.
	#[serde(default = "each")]
	pub pack_level: trace::PackLevel,
	/// The GTIN-14 (or GTIN-13, -12, -8, padded with zeros), check digit included.
	#[serde(default)]
	pub gtin: Option<String>,
	/// The 7-digit product id of China's drug traceability code.
	#[serde(default)]
	pub china_drug_id: Option<String>,
	pub name: String,
	pub form: String,
	pub strength: String,
}

fn each() -> trace::PackLevel {
	trace::PackLevel::Each
}

/// A lot as its manufacturer describes it in a file (`client-sdk/examples/lot.json`), for
/// `create_lot`: its product named by code, its dates as printed (`YYYY-MM-DD`).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LotDescription {
	#[serde(default)]
	pub gtin: Option<String>,
	#[serde(default)]
	pub china_drug_id: Option<String>,
	/// The lot (batch) number, at most 20 characters.
	pub number: String,
	/// The expiry date, `YYYY-MM-DD`.
	pub expiry: String,
	/// The production date, `YYYY-MM-DD`, if printed.
	#[serde(default)]
	pub production: Option<String>,
}

/// A product code as text, checked as a scan of it would be (a GTIN's check digit, a drug
/// code's digits).
pub fn product_code(gtin: Option<&str>, china_drug_id: Option<&str>) -> Result<ProductCode, TraceError> {
	match (gtin, china_drug_id) {
		(Some(gtin), None) => {
			let gtin = gtin.trim();
			if gtin.is_empty() || gtin.len() > 14 || !gtin.bytes().all(|b| b.is_ascii_digit()) {
				return Err(TraceError::Scan(format!("a GTIN is 8 to 14 digits: {gtin}")));
			}
			match parse(&format!("01{gtin:0>14}"))?.item {
				ScannedItem::Class { product } => Ok(product),
				_ => Err(TraceError::Scan(format!("not a GTIN: {gtin}"))),
			}
		},
		(None, Some(id)) => {
			let id: [u8; 7] =
				id.trim().as_bytes().try_into().map_err(|_| TraceError::Scan(format!("a drug code's product id is 7 digits: {id}")))?;
			if !id.iter().all(u8::is_ascii_digit) {
				return Err(TraceError::Scan("a drug code's product id is 7 digits".into()));
			}
			Ok(ProductCode::ChinaDrug(id))
		},
		_ => Err(TraceError::Scan("give the product's gtin or its china_drug_id, one of them".into())),
	}
}

/// `YYYY-MM-DD` as the chain's `YYYYMMDD`.
pub fn date(text: &str) -> Result<u32, TraceError> {
	let bad = || TraceError::Scan(format!("not a date (YYYY-MM-DD): {text}"));
	let parts: Vec<u32> = text.trim().split('-').map(|p| p.parse::<u32>().map_err(|_| bad())).collect::<Result<_, _>>()?;
	let [y, m, d] = parts[..] else { return Err(bad()) };
	if !(2000..=2099).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
		return Err(bad());
	}
	Ok(y * 10_000 + m * 100 + d)
}

fn product_text(what: &str, text: &str) -> Result<trace::ProductText, TraceError> {
	trace::ProductText::try_from(text.as_bytes().to_vec())
		.map_err(|_| TraceError::Scan(format!("{what} is longer than 64 bytes: {text}")))
}

impl ProductDescription {
	/// The call's argument, every field checked.
	pub fn info(&self) -> Result<ProductInfo, TraceError> {
		let code = product_code(self.gtin.as_deref(), self.china_drug_id.as_deref())?;
		let (gtin, china_drug_id) = match code {
			ProductCode::Gtin(gtin) => (Some(gtin), None),
			ProductCode::ChinaDrug(id) => (None, Some(id)),
		};
		Ok(ProductInfo {
			kind: recode(&self.kind),
			pack_level: recode(&self.pack_level),
			gtin,
			china_drug_id,
			name: recode(&product_text("the name", &self.name)?),
			form: recode(&product_text("the form", &self.form)?),
			strength: recode(&product_text("the strength", &self.strength)?),
		})
	}
}

impl LotDescription {
	pub fn product_code(&self) -> Result<ProductCode, TraceError> {
		product_code(self.gtin.as_deref(), self.china_drug_id.as_deref())
	}

	/// The lot number, expiry and production date, checked.
	pub fn fields(&self) -> Result<(String, u32, Option<u32>), TraceError> {
		if LotNumber::try_from(self.number.as_bytes().to_vec()).is_err() {
			return Err(TraceError::Scan(format!("a lot number has at most 20 characters: {}", self.number)));
		}
		if self.number.trim().is_empty() {
			return Err(TraceError::Scan("a lot has a number".into()));
		}
		let production = self.production.as_deref().map(date).transpose()?;
		Ok((self.number.clone(), date(&self.expiry)?, production))
	}
}

/// The calls of the traceability pallet, built from the SDK's domain types.
pub mod calls {
	use super::*;
	use crate::runtime::traceability::calls as args;

	type Call<T> = subxt::tx::StaticPayload<T>;

	pub fn register_product(info: ProductInfo) -> Call<args::RegisterProduct> {
		runtime::tx().traceability().register_product(info)
	}

	pub fn create_lot(product: ProductId, number: &str, expiry: u32, production: Option<u32>) -> Call<args::CreateLot> {
		let number = LotNumber::truncate_from(number.as_bytes().to_vec());
		runtime::tx().traceability().create_lot(product, recode(&number), expiry, production)
	}

	pub fn commission(lot: LotId, serials: &[Serial]) -> Call<args::Commission> {
		runtime::tx().traceability().commission(lot, recode(&serials.to_vec()))
	}

	pub fn pack(parent: &ItemKey, children: &[ItemKey]) -> Call<args::Pack> {
		runtime::tx().traceability().pack(recode(parent), recode(&children.to_vec()))
	}

	pub fn unpack(parent: &ItemKey, children: &[ItemKey]) -> Call<args::Unpack> {
		runtime::tx().traceability().unpack(recode(parent), recode(&children.to_vec()))
	}

	pub fn ship(items: &[ItemKey], to: Option<u32>) -> Call<args::Ship> {
		runtime::tx().traceability().ship(recode(&items.to_vec()), to)
	}

	pub fn receive(items: &[ItemKey]) -> Call<args::Receive> {
		runtime::tx().traceability().receive(recode(&items.to_vec()))
	}

	pub fn dispense(scans: &[ScanBytes]) -> Call<args::Dispense> {
		runtime::tx().traceability().dispense(recode(&scans.to_vec()))
	}

	pub fn administer(doses: &[(ScanBytes, [u8; 32])]) -> Call<args::Administer> {
		runtime::tx().traceability().administer(recode(&doses.to_vec()))
	}

	pub fn end_life(items: &[ItemKey], reason: EndReason) -> Call<args::EndLife> {
		runtime::tx().traceability().end_life(recode(&items.to_vec()), reason)
	}

	pub fn undo(item: &ItemKey) -> Call<args::Undo> {
		runtime::tx().traceability().undo(recode(item))
	}

	pub fn recall(target: Target) -> Call<args::Recall> {
		runtime::tx().traceability().recall(target)
	}

	pub fn set_quarantine(target: Target, quarantined: bool) -> Call<args::SetQuarantine> {
		runtime::tx().traceability().set_quarantine(target, quarantined)
	}

	pub fn record_excursion(target: Target) -> Call<args::RecordExcursion> {
		runtime::tx().traceability().record_excursion(target)
	}

	pub fn resolve_alert(alert: u32, resolution: AlertResolution) -> Call<args::ResolveAlert> {
		runtime::tx().traceability().resolve_alert(alert, resolution)
	}

	/// A target naming an item.
	pub fn item_target(item: &ItemKey) -> Target {
		Target::Item(recode(item))
	}
}

/// A product's description for `register_product`.
pub fn product_info(
	kind: trace::ProductKind,
	gtin: Option<[u8; 14]>,
	china_drug_id: Option<[u8; 7]>,
	name: &str,
	form: &str,
	strength: &str,
) -> ProductInfo {
	let text = |s: &str| trace::ProductText::truncate_from(s.as_bytes().to_vec());
	ProductInfo {
		kind: recode(&kind),
		pack_level: recode(&trace::PackLevel::Each),
		gtin,
		china_drug_id,
		name: recode(&text(name)),
		form: recode(&text(form)),
		strength: recode(&text(strength)),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const READ: &str = "0109521234543213\u{1d}10L1\u{1d}21S1";

	#[test]
	fn every_separator_a_scanner_types_is_read_as_gs() {
		assert_eq!(restore_separators("0109521234543213\u{1d}10L1\u{1d}21S1\r\n", None), READ);
		assert_eq!(restore_separators("0109521234543213^]10L1^]21S1", None), READ);
		assert_eq!(restore_separators("0109521234543213\u{241D}10L1\u{241D}21S1", None), READ);
		for substitute in ["<GS>", "{GS}", "|", "~"] {
			let typed = format!("0109521234543213{substitute}10L1{substitute}21S1");
			assert_eq!(restore_separators(&typed, Some(substitute)), READ, "{substitute}");
			// Not configured, a substitute is data (and `|` then makes the scan unreadable).
			assert_eq!(restore_separators(&typed, None), typed);
		}
		assert!(parse(&restore_separators("0109521234543213|10L1|21S1", Some("|"))).is_ok());
	}
}
