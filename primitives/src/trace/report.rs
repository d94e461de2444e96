//! A verification as readable JSON, the shape the node's `trace_verify` RPC returns and the SDK
//! reads back, and the human-readable text of scan errors.

use alloc::{format, string::String, vec::Vec};
use core::fmt;

use super::records::*;
use super::scan::{Scan, ScanError, ScanForm, ScannedItem};
use super::verdict::{Verdict, Verification};
use crate::gs1::Gs1Error;
use crate::OrganizationId;

/// A verification in readable form: codes as text, dates as `YYYY-MM-DD`.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
pub struct VerificationReport {
	pub verdict: Verdict,
	/// The verdict in plain words.
	pub message: String,
	pub product: Option<ProductReport>,
	pub lot: Option<LotReport>,
	/// The serial number, or the SSCC of a logistic unit.
	pub serial: Option<String>,
	pub sscc: Option<String>,
	pub state: Option<ItemState>,
	pub custodian: Option<OrganizationId>,
	pub in_transit_to: Option<OrganizationId>,
	/// The outermost container the item is packed in, as text.
	pub container: Option<String>,
	pub recalled: bool,
	pub quarantined: bool,
	pub expired: bool,
	pub cold_chain_excursion: bool,
	pub last_events: Vec<EventReport>,
	/// What was read from the scan, whatever the verdict.
	pub read: ScanReport,
}

/// What a scan says, as read: its form, the identifiers it carries, and every AI.
#[derive(Clone, PartialEq, Eq, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ScanReport {
	pub form: Option<ScanForm>,
	pub gtin: Option<String>,
	/// The 7-digit product id of a China drug traceability code.
	pub china_drug_id: Option<String>,
	pub lot: Option<String>,
	/// `YYYY-MM-DD`, with day `00` read as the month's last day.
	pub expiry: Option<String>,
	pub serial: Option<String>,
	pub sscc: Option<String>,
	pub elements: Vec<ElementReport>,
}

/// One AI as read: its digits, its title in the GS1 table and its value.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
pub struct ElementReport {
	pub ai: String,
	pub title: String,
	pub value: String,
}

impl ScanReport {
	/// The report of a scan read on `today` (`YYYYMMDD`, for the century of two-digit years).
	pub fn new(scan: &Scan, today: Date) -> Self {
		let year = (today / 10_000) as u16;
		let (product, serial, sscc) = match &scan.item {
			ScannedItem::Unit { product, serial } => (Some(product), Some(text(serial)), None),
			ScannedItem::Class { product } => (Some(product), None, None),
			ScannedItem::Sscc(sscc) => (None, None, Some(text(sscc))),
		};
		ScanReport {
			form: Some(scan.form),
			gtin: match product {
				Some(ProductCode::Gtin(gtin)) => Some(text(gtin)),
				_ => None,
			},
			china_drug_id: match product {
				Some(ProductCode::ChinaDrug(id)) => Some(text(id)),
				_ => None,
			},
			lot: scan.lot.as_ref().map(|l| text(l)),
			expiry: scan.expiry.map(|d| date_text(d.as_yyyymmdd(year))),
			serial,
			sscc,
			elements: scan
				.elements
				.iter()
				.map(|e| ElementReport { ai: e.entry.ai.into(), title: e.entry.title.into(), value: text(&e.value) })
				.collect(),
		}
	}
}

impl VerificationReport {
	/// The report of a verification of `scan` on `today` (`YYYYMMDD`).
	pub fn new(verification: &Verification, scan: &Scan, today: Date) -> Self {
		VerificationReport { read: ScanReport::new(scan, today), ..VerificationReport::from(verification) }
	}

	/// What the public is told of a scan (a patient checking a pack, as 码上放心 allows): the
	/// verdict, the product and its lot's expiry and status; not who holds the pack, where it
	/// is going, what it is packed in or its history.
	pub fn for_public(self) -> Self {
		VerificationReport {
			state: None,
			custodian: None,
			in_transit_to: None,
			container: None,
			last_events: Vec::new(),
			..self
		}
	}
}

#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
pub struct ProductReport {
	pub id: ProductId,
	pub gtin: Option<String>,
	pub china_drug_id: Option<String>,
	pub name: String,
	pub form: String,
	pub strength: String,
	pub kind: ProductKind,
	pub pack_level: PackLevel,
	pub manufacturer: OrganizationId,
	pub recalled: bool,
}

#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
pub struct LotReport {
	pub id: LotId,
	pub number: String,
	pub expiry: String,
	pub production: Option<String>,
	pub status: LotStatus,
	pub cold_chain_excursion: bool,
}

#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
pub struct EventReport {
	/// The item the event happened to: the scanned one or a container it travels in.
	pub item: String,
	pub block: BlockNumber,
	pub organization: OrganizationId,
	pub biz_step: BizStep,
	pub disposition: Disposition,
}

/// A page of an item's history, as the `trace_history` RPC answers.
#[derive(Clone, PartialEq, Eq, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct EventReportPage {
	/// The events, oldest first.
	pub events: Vec<EventReport>,
	/// Where the next page starts, if this one was cut; `None` at the end of the history.
	pub next: Option<crate::trace::HistoryCursor>,
}

/// An open alert, as the `trace_alerts` RPC lists it.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
pub struct AlertReport {
	pub id: AlertId,
	pub verdict: Verdict,
	/// The scan as the dispenser delivered it.
	pub scan: String,
	pub item: Option<String>,
	pub raised_by: OrganizationId,
	pub raised_at: BlockNumber,
	pub status: AlertStatus,
}

/// A page of open alerts, as the `trace_alerts` RPC answers.
#[derive(Clone, PartialEq, Eq, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct AlertReportPage {
	/// The open alerts, the oldest first.
	pub alerts: Vec<AlertReport>,
	/// The alert number to ask from for the next page, if this one was cut; `None` when no
	/// later alert is open.
	pub next: Option<AlertId>,
}

/// Bytes as text, replacing what is not UTF-8.
pub fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

/// `YYYYMMDD` as `YYYY-MM-DD`.
pub fn date_text(date: Date) -> String {
	format!("{:04}-{:02}-{:02}", date / 10_000, date / 100 % 100, date % 100)
}

/// An item key as text: `sscc:<18 digits>` or `product <id> serial <serial>`.
pub fn item_text(key: &ItemKey) -> String {
	match key {
		ItemKey::Sscc(sscc) => format!("sscc:{}", text(sscc)),
		ItemKey::Unit { product, serial } => format!("product {} serial {}", product, text(serial)),
	}
}

impl ProductReport {
	pub fn new(id: ProductId, product: &Product) -> Self {
		ProductReport {
			id,
			gtin: product.gtin.as_ref().map(|g| text(g)),
			china_drug_id: product.china_drug_id.as_ref().map(|c| text(c)),
			name: text(&product.name),
			form: text(&product.form),
			strength: text(&product.strength),
			kind: product.kind,
			pack_level: product.pack_level,
			manufacturer: product.manufacturer,
			recalled: product.recalled,
		}
	}
}

impl LotReport {
	pub fn new(id: LotId, lot: &Lot) -> Self {
		LotReport {
			id,
			number: text(&lot.number),
			expiry: date_text(lot.expiry),
			production: lot.production.map(date_text),
			status: lot.status,
			cold_chain_excursion: lot.cold_chain_excursion,
		}
	}
}

impl From<&Verification> for VerificationReport {
	fn from(v: &Verification) -> Self {
		let (serial, sscc) = match &v.item_key {
			Some(ItemKey::Unit { serial, .. }) => (Some(text(serial)), None),
			Some(ItemKey::Sscc(sscc)) => (None, Some(text(sscc))),
			None => (None, None),
		};
		VerificationReport {
			verdict: v.verdict,
			message: v.verdict.explain().into(),
			product: v.product.as_ref().map(|(id, p)| ProductReport::new(*id, p)),
			lot: v.lot.as_ref().map(|(id, lot)| LotReport::new(*id, lot)),
			serial,
			sscc,
			state: v.state,
			custodian: v.custodian,
			in_transit_to: v.destination.filter(|_| v.state == Some(ItemState::InTransit)),
			container: v.container.as_ref().map(item_text),
			recalled: v.recalled,
			quarantined: v.quarantined,
			expired: v.expired,
			cold_chain_excursion: v.cold_chain_excursion,
			read: ScanReport::default(),
			last_events: v
				.last_events
				.iter()
				.map(|(key, e)| EventReport {
					item: item_text(key),
					block: e.at,
					organization: e.organization,
					biz_step: e.biz_step,
					disposition: e.disposition,
				})
				.collect(),
		}
	}
}

/// `(17) USE BY or EXPIRY`: an AI by its digits and its title in the GS1 table.
struct AiName(u16);

impl fmt::Display for AiName {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match crate::gs1::table::AI_TABLE.iter().find(|e| e.number == self.0) {
			Some(entry) => write!(f, "({}) {}", entry.ai, entry.title),
			None => write!(f, "({:02})", self.0),
		}
	}
}

impl fmt::Display for Gs1Error {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match *self {
			Gs1Error::Empty => write!(f, "the scan is empty"),
			Gs1Error::UnknownAi { ai, position } =>
				write!(f, "no GS1 application identifier starts '{}' at position {position}", text(&ai).trim_end()),
			Gs1Error::Truncated { ai, position } => write!(f, "{} at position {position} is cut short", AiName(ai)),
			Gs1Error::InvalidCharacter { ai, position } =>
				write!(f, "{}: a character its character set does not allow at position {position}", AiName(ai)),
			Gs1Error::BadLength { ai, position, min, max } if min == max =>
				write!(f, "{} at position {position} must have {max} characters", AiName(ai)),
			Gs1Error::BadLength { ai, position, min, max } =>
				write!(f, "{} at position {position} must have {min} to {max} characters", AiName(ai)),
			Gs1Error::CheckDigit { ai, position } => write!(f, "{}: wrong check digit at position {position}", AiName(ai)),
			Gs1Error::InvalidDate { ai, position } => write!(f, "{} at position {position} is not a real date", AiName(ai)),
			Gs1Error::InvalidValue { ai, position, rule } => write!(f, "{} at position {position}: {rule}", AiName(ai)),
			Gs1Error::RepeatedAi { ai, position } =>
				write!(f, "{} appears again at position {position} with another value", AiName(ai)),
			Gs1Error::Requires { ai, position, requirement } => {
				write!(f, "{} at position {position} needs ", AiName(ai))?;
				for (i, group) in requirement.iter().enumerate() {
					if i > 0 {
						f.write_str(if i + 1 == requirement.len() { " or " } else { ", " })?;
					}
					for (j, member) in group.iter().enumerate() {
						write!(f, "{}({member})", if j > 0 { "+" } else { "" })?;
					}
				}
				Ok(())
			},
			Gs1Error::Excludes { ai, position, other } =>
				write!(f, "{} at position {position} may not stand with {}", AiName(ai), AiName(other)),
			Gs1Error::Envelope { format } =>
				write!(f, "an ISO/IEC 15434 envelope of format {}, not 05 (GS1 application identifiers)", text(&format)),
			Gs1Error::Malformed { position } => write!(f, "malformed element string at position {position}"),
		}
	}
}

impl fmt::Display for ScanError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			ScanError::Gs1(e) => write!(f, "GS1 element string: {e}"),
			ScanError::TooLong { max } => write!(f, "the scan is longer than {max} bytes"),
			ScanError::Malformed { form, position, reason } => {
				let form = match form {
					ScanForm::DigitalLink => "GS1 Digital Link",
					ScanForm::EpcUrn => "EPC URN",
					ScanForm::ChinaDrugCode => "China drug traceability code",
					ScanForm::ElementString => "GS1 element string",
				};
				write!(f, "{form}: {reason} (at position {position})")
			},
			ScanError::UnsupportedScheme(name) => write!(f, "unsupported code: {name}"),
			ScanError::NoIdentifier => write!(f, "the element string has neither (01) GTIN nor (00) SSCC"),
		}
	}
}
