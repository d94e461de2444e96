//! What the chain stores about products, lots and serialised items, shared by the traceability
//! pallet (which writes it) and the node's native scan path (which decodes it straight from
//! storage). Both use these very types, so a record can never be read differently from how it
//! was written.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
pub use bounded_collections::{BoundedVec, ConstU32};

use crate::OrganizationId;

/// Identifies a registered product. Assigned in order of registration.
pub type ProductId = u32;
/// Identifies a lot. Assigned in order of creation, across all products.
pub type LotId = u32;
/// Identifies an alert.
pub type AlertId = u32;
/// A block number, as the runtime counts them.
pub type BlockNumber = u32;
/// A date as the number `YYYYMMDD`, so that dates compare as numbers.
pub type Date = u32;

/// The longest lot or serial number: GS1 allows 20 characters of its set 82.
pub const MAX_LOT_OR_SERIAL: u32 = 20;
/// A serial number (GS1 AI 21, or the 13 digits after a China drug code's product id).
pub type Serial = BoundedVec<u8, ConstU32<MAX_LOT_OR_SERIAL>>;
/// A lot (batch) number (GS1 AI 10).
pub type LotNumber = BoundedVec<u8, ConstU32<MAX_LOT_OR_SERIAL>>;
/// A short text on a product: its name, dosage form or strength.
pub type ProductText = BoundedVec<u8, ConstU32<64>>;
/// The longest scan the chain accepts, in bytes. A GS1 Digital Link with every supported key
/// and a long host stays well below it.
pub const MAX_SCAN_LENGTH: u32 = 160;
/// A scanned code as the scanner delivered it.
pub type ScanBytes = BoundedVec<u8, ConstU32<MAX_SCAN_LENGTH>>;
/// How deep containers may nest: unit → case → pallet → … at most this many levels above a unit.
pub const MAX_NESTING: u8 = 4;

/// How a product is identified on its packs.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum ProductCode {
	/// A GTIN-14 (shorter GTINs are padded with leading zeros). Also a GS1-issued UDI-DI.
	Gtin([u8; 14]),
	/// The 7-digit product id that starts China's 20-digit drug traceability code.
	ChinaDrug([u8; 7]),
}

/// Identifies a serialised item: a pack of a product, or a logistic unit (SSCC).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum ItemKey {
	/// A serialised pack (unit, bundle or case) of a registered product.
	Unit { product: ProductId, serial: Serial },
	/// A logistic unit such as a pallet: its 18-digit Serial Shipping Container Code.
	Sscc([u8; 18]),
}

/// What kind of goods a product is; it decides who may hand it to a patient.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductKind {
	/// A medicine: dispensed by a pharmacy or hospital.
	Drug,
	/// A vaccine: administered by a vaccination site to a recipient commitment.
	Vaccine,
	/// A medical device or consumable (UDI): used or implanted by a hospital.
	Device,
}

/// The packaging level a product's serials denote.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PackLevel {
	/// The pack a patient receives.
	Each,
	/// A bundle of packs.
	Bundle,
	/// A shipping case of packs or bundles.
	Case,
}

/// A registered product.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Product {
	/// The organisation that registered it and alone may commission it.
	pub manufacturer: OrganizationId,
	pub kind: ProductKind,
	pub pack_level: PackLevel,
	/// GTIN-14, if the product carries GS1 codes (for devices this is the UDI-DI).
	pub gtin: Option<[u8; 14]>,
	/// The product id of China's 20-digit drug traceability code, if it carries one.
	pub china_drug_id: Option<[u8; 7]>,
	pub name: ProductText,
	/// Dosage form, e.g. "tablet", "suspension for injection".
	pub form: ProductText,
	/// Strength, e.g. "500 mg", "0.5 ml".
	pub strength: ProductText,
	/// Every lot and pack of the product is recalled.
	pub recalled: bool,
}

/// The status of a lot as its manufacturer or a regulator set it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LotStatus {
	Released,
	Quarantined,
	Recalled,
}

/// A lot (batch) of a product.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Lot {
	pub product: ProductId,
	pub number: LotNumber,
	/// Last day of use, `YYYYMMDD`.
	pub expiry: Date,
	/// Production date, `YYYYMMDD`, when the manufacturer gave one.
	pub production: Option<Date>,
	pub status: LotStatus,
	/// A cold-chain excursion was recorded against the whole lot.
	pub cold_chain_excursion: bool,
	/// How many serials have been commissioned in the lot.
	pub commissioned: u32,
}

/// Where a serialised item is in its life. Terminal states end it; recall, quarantine and expiry
/// are overlays kept elsewhere.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
	/// Commissioned (or, for an SSCC, first packed) and held by its custodian.
	Active,
	/// Shipped and not yet received.
	InTransit,
	/// Received by its custodian.
	Received,
	/// Dispensed to, administered to or implanted in a patient. Terminal.
	Dispensed,
	/// Destroyed. Terminal.
	Destroyed,
	/// Taken out of the supply chain (damaged, sample, export…). Terminal.
	Decommissioned,
	/// Reported stolen. Terminal.
	Stolen,
}

impl ItemState {
	/// Whether the state ends the item's life in the supply chain.
	pub fn is_terminal(self) -> bool {
		matches!(self, Self::Dispensed | Self::Destroyed | Self::Decommissioned | Self::Stolen)
	}
}

/// Who ended an item's life and when, kept so that the same organisation may undo it within
/// the undo window.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct TerminalRecord {
	pub by: OrganizationId,
	pub at: BlockNumber,
	/// The state the item was in before; an undo restores it.
	pub previous: ItemState,
}

/// Overlay flags on an item.
pub mod flags {
	/// The item itself (not just its lot or product) is recalled.
	pub const RECALLED: u8 = 1;
	/// The item is quarantined.
	pub const QUARANTINED: u8 = 1 << 1;
	/// A cold-chain excursion was recorded against the item (or a container it was in).
	pub const COLD_CHAIN_EXCURSION: u8 = 1 << 2;
	/// At least one alert holds the item (a regulator resolved it as quarantine or confirmed
	/// it illegitimate); kept apart from [`QUARANTINED`] so that clearing an alert never lifts
	/// a quarantine set for another reason.
	pub const ALERT_HOLD: u8 = 1 << 3;
}

/// A serialised item: a pack of a product or a logistic unit.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Item {
	/// The lot of a pack; `None` for an SSCC.
	pub lot: Option<LotId>,
	pub state: ItemState,
	/// Who holds it. While the item is packed in a container, the outermost container's
	/// custodian holds it and this field keeps the value it had when it was packed.
	pub custodian: OrganizationId,
	/// Where it is shipped to, while in transit; `None` also when shipped to whoever receives.
	pub destination: Option<OrganizationId>,
	/// The container it is packed in.
	pub parent: Option<ItemKey>,
	/// How many items are packed directly in it.
	pub children: u32,
	/// How many levels of containers it holds (0 for a pack with nothing in it).
	pub level: u8,
	/// Bits of [`flags`].
	pub flags: u8,
	/// Set while the item is in a terminal state.
	pub terminal: Option<TerminalRecord>,
	/// The block it was commissioned (packs) or first packed (SSCCs) in.
	pub commissioned_at: BlockNumber,
	/// How many history entries it has (see [`HistoryEntry`]): the filed ones and `recent`.
	pub events: u32,
	/// Its latest history entries, oldest first, not yet filed in the history (see
	/// [`RECENT_EVENTS`]).
	pub recent: HistoryChunk,
}

/// How many of an item's latest history entries its record keeps. The next entry files them in
/// the item's history as one chunk, so that an event on a loose pack writes the pack's record
/// alone, and its history once every `RECENT_EVENTS` events; a scan reads the latest events
/// with the record.
pub const RECENT_EVENTS: u32 = 8;

/// Up to [`RECENT_EVENTS`] consecutive history entries, oldest first: an item's recent ones, or
/// a filed chunk of its history.
pub type HistoryChunk = BoundedVec<HistoryEntry, ConstU32<RECENT_EVENTS>>;

impl Item {
	/// How many of its history entries are filed, in chunks of [`RECENT_EVENTS`].
	pub fn filed_events(&self) -> u32 {
		self.events.saturating_sub(self.recent.len() as u32)
	}

	/// Entry `index` of its history if its record holds it (it is one of the recent ones).
	pub fn recent_event(&self, index: u32) -> Option<&HistoryEntry> {
		index.checked_sub(self.filed_events()).and_then(|i| self.recent.get(i as usize))
	}

	/// Appends a history entry. When the recent ones were full, gives them, to be filed as
	/// chunk `n` of the history, with `n`.
	pub fn push_event(&mut self, entry: HistoryEntry) -> Option<(u32, HistoryChunk)> {
		let filed = if self.recent.is_full() {
			let chunk = self.filed_events() / RECENT_EVENTS;
			Some((chunk, core::mem::take(&mut self.recent)))
		} else {
			None
		};
		self.recent.try_push(entry).expect("emptied above when it was full; qed");
		self.events = self.events.saturating_add(1);
		filed
	}
}

/// The EPCIS business step of an event (CBV 2.0).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BizStep {
	Commissioning,
	Packing,
	Unpacking,
	Shipping,
	Receiving,
	Dispensing,
	Decommissioning,
	Destroying,
	Holding,
	Recalling,
	Inspecting,
}

/// The EPCIS disposition an event leaves an item in (CBV 2.0).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
	Active,
	InProgress,
	InTransit,
	SellableAccessible,
	Dispensed,
	Inactive,
	Destroyed,
	Stolen,
	Recalled,
	NonSellableOther,
	/// A cold-chain excursion: the goods may be damaged.
	Damaged,
}

/// One event in an item's history.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct HistoryEntry {
	pub at: BlockNumber,
	pub organization: OrganizationId,
	pub biz_step: BizStep,
	pub disposition: Disposition,
	/// For an item packed into or unpacked from a container: that container.
	pub container: Option<ItemKey>,
}

/// Where an alert stands. Alerts move open → quarantined → cleared | confirmed_illegitimate.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertStatus {
	Open,
	Quarantined,
	Cleared,
	ConfirmedIllegitimate,
}

/// The most open alerts one page lists.
pub const MAX_ALERT_PAGE: u32 = 500;
/// The most alert numbers one page looks at (resolved alerts are skipped); a page cut here
/// gives its cursor.
pub const MAX_ALERT_SCAN: u32 = 10_000;

/// One page of open alerts, the oldest first.
#[derive(Clone, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo)]
pub struct AlertPage {
	/// The open alerts, with their numbers.
	pub alerts: alloc::vec::Vec<(AlertId, Alert)>,
	/// The alert number to go on from, if the page was cut (by its limit or the scan bound);
	/// `None` when no later alert is open.
	pub next: Option<AlertId>,
}

/// A non-genuine scan raised at dispensing, for a regulator to resolve.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Alert {
	/// The scan as the dispenser delivered it.
	pub scan: ScanBytes,
	/// The item it names, when the chain knows one.
	pub item: Option<ItemKey>,
	pub verdict: crate::trace::Verdict,
	pub raised_by: OrganizationId,
	pub raised_at: BlockNumber,
	pub status: AlertStatus,
}
