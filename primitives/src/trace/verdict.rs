//! The verdict on a scan: one implementation, run inside the runtime (the traceability
//! pallet's dispensing and the runtime API) and natively by the node's scan RPC, each over its
//! own [`TraceabilityView`] of the same storage.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

use super::records::*;
use super::scan::{Scan, ScannedItem};
use crate::OrganizationId;

/// What a scan says about a pack, in the order the checks are made.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
	Genuine,
	UnknownProduct,
	NotCommissioned,
	LotMismatch,
	ExpiryMismatch,
	AlreadyDispensed,
	Decommissioned,
	Destroyed,
	/// Reported stolen: the state machine's fourth terminal state, reported by name.
	Stolen,
	Recalled,
	Expired,
	Quarantined,
	SuspectClone,
}

impl Verdict {
	/// The verdict in plain words, for the person holding the scanner.
	pub fn explain(self) -> &'static str {
		match self {
			Self::Genuine => "Genuine: commissioned by its manufacturer, in date, and held by you or on its way to you.",
			Self::UnknownProduct => "Do not dispense: no registered product has this code.",
			Self::NotCommissioned => "Do not dispense: the manufacturer never commissioned this serial number.",
			Self::LotMismatch => "Do not dispense: the lot printed on the pack is not the lot this serial was commissioned in.",
			Self::ExpiryMismatch => "Do not dispense: the expiry printed on the pack is not the expiry of its lot.",
			Self::AlreadyDispensed => "Do not dispense: this pack was already dispensed. It may be a copy.",
			Self::Decommissioned => "Do not dispense: this pack was taken out of the supply chain.",
			Self::Destroyed => "Do not dispense: this pack was recorded as destroyed.",
			Self::Stolen => "Do not dispense: this pack was reported stolen.",
			Self::Recalled => "Do not dispense: the product, lot or pack is recalled.",
			Self::Expired => "Do not dispense: the pack is past its expiry date.",
			Self::Quarantined => "Do not dispense: the pack or its lot is quarantined.",
			Self::SuspectClone => "Do not dispense: the chain places this pack with another organisation. It may be a clone.",
		}
	}
}

/// Read access to the traceability records (and organisation roles) at one block.
pub trait TraceabilityView {
	fn product_id(&self, code: &ProductCode) -> Option<ProductId>;
	fn product(&self, id: ProductId) -> Option<Product>;
	fn lot(&self, id: LotId) -> Option<Lot>;
	fn item(&self, key: &ItemKey) -> Option<Item>;
	/// Chunk `n` of the item's filed history (its entries `n * RECENT_EVENTS ..`).
	fn history_chunk(&self, key: &ItemKey, n: u32) -> Option<HistoryChunk>;
	/// Whether the organisation is an active regulator (regulators inspect anywhere).
	fn is_regulator(&self, organization: OrganizationId) -> bool;
}

/// How many recent events a verification reports.
pub const LAST_EVENTS: usize = 3;

/// The outcome of verifying a scan, with what the chain knows of the pack.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct Verification {
	pub verdict: Verdict,
	pub item_key: Option<ItemKey>,
	pub product: Option<(ProductId, Product)>,
	pub lot: Option<(LotId, Lot)>,
	pub item: Option<Item>,
	/// The outermost container the item is packed in, if any.
	pub container: Option<ItemKey>,
	/// The item's state, taking its container's logistic state while packed.
	pub state: Option<ItemState>,
	/// Who holds it (its outermost container's custodian while packed).
	pub custodian: Option<OrganizationId>,
	/// Where it is shipped to, while in transit.
	pub destination: Option<OrganizationId>,
	pub recalled: bool,
	pub quarantined: bool,
	pub expired: bool,
	pub cold_chain_excursion: bool,
	/// The most recent events of the item and its container, newest first.
	pub last_events: Vec<(ItemKey, HistoryEntry)>,
}

impl Verification {
	fn of(verdict: Verdict) -> Self {
		Verification {
			verdict,
			item_key: None,
			product: None,
			lot: None,
			item: None,
			container: None,
			state: None,
			custodian: None,
			destination: None,
			recalled: false,
			quarantined: false,
			expired: false,
			cold_chain_excursion: false,
			last_events: Vec::new(),
		}
	}
}

/// The item key a scan names, if its product is registered. `Err` carries the verdict for a
/// scan that names no commissioned item.
pub fn item_key_of(view: &impl TraceabilityView, scan: &Scan) -> Result<ItemKey, Verdict> {
	match &scan.item {
		ScannedItem::Unit { product, serial } => view
			.product_id(product)
			.map(|product| ItemKey::Unit { product, serial: serial.clone() })
			.ok_or(Verdict::UnknownProduct),
		ScannedItem::Sscc(sscc) => Ok(ItemKey::Sscc(*sscc)),
		ScannedItem::Class { product } => match view.product_id(product) {
			Some(_) => Err(Verdict::NotCommissioned),
			None => Err(Verdict::UnknownProduct),
		},
	}
}

/// Verifies a scan made by `scanner` on `today` (`YYYYMMDD`).
pub fn verify(view: &impl TraceabilityView, scan: &Scan, scanner: OrganizationId, today: Date) -> Verification {
	let key = match item_key_of(view, scan) {
		Ok(key) => key,
		Err(verdict) => {
			let mut out = Verification::of(verdict);
			if let ScannedItem::Class { product } = &scan.item {
				out.product = view.product_id(product).and_then(|id| Some((id, view.product(id)?)));
			}
			return out;
		},
	};
	let mut out = Verification::of(Verdict::NotCommissioned);
	if let ItemKey::Unit { product, .. } = &key {
		out.product = view.product(*product).map(|p| (*product, p));
	}
	out.item_key = Some(key.clone());
	let Some(item) = view.item(&key) else { return out };

	out.lot = item.lot.and_then(|id| Some((id, view.lot(id)?)));
	let current_year = (today / 10_000) as u16;

	// Follow the containers up to the outermost one; overlays on a container cover its contents.
	let mut flags_seen = item.flags;
	let mut root: Option<(ItemKey, Item)> = None;
	let mut parent = item.parent.clone();
	for _ in 0..=MAX_NESTING {
		let Some(parent_key) = parent else { break };
		let Some(container) = view.item(&parent_key) else { break };
		flags_seen |= container.flags;
		parent = container.parent.clone();
		root = Some((parent_key, container));
	}
	let (state, custodian, destination) = match (&root, item.state.is_terminal()) {
		(Some((_, container)), false) => (container.state, container.custodian, container.destination),
		_ => (item.state, item.custodian, item.destination),
	};
	out.state = Some(state);
	out.custodian = Some(custodian);
	out.destination = destination;
	out.container = root.as_ref().map(|(key, _)| key.clone());
	out.last_events = last_events(view, &key, &item, root.as_ref());

	let product_recalled = out.product.as_ref().is_some_and(|(_, p)| p.recalled);
	let lot_status = out.lot.as_ref().map(|(_, lot)| lot.status);
	out.recalled = product_recalled || lot_status == Some(LotStatus::Recalled) || flags_seen & flags::RECALLED != 0;
	out.quarantined =
		lot_status == Some(LotStatus::Quarantined) || flags_seen & (flags::QUARANTINED | flags::ALERT_HOLD) != 0;
	out.expired = out.lot.as_ref().is_some_and(|(_, lot)| lot.expiry < today);
	out.cold_chain_excursion = out.lot.as_ref().is_some_and(|(_, lot)| lot.cold_chain_excursion) ||
		flags_seen & flags::COLD_CHAIN_EXCURSION != 0;
	out.item = Some(item);

	let lot = out.lot.as_ref().map(|(_, lot)| lot);
	out.verdict = if scan.lot.as_ref().is_some_and(|scanned| Some(scanned) != lot.map(|l| &l.number)) {
		Verdict::LotMismatch
	} else if scan.expiry.is_some_and(|scanned| Some(scanned.as_yyyymmdd(current_year)) != lot.map(|l| l.expiry)) {
		Verdict::ExpiryMismatch
	} else if state == ItemState::Dispensed {
		Verdict::AlreadyDispensed
	} else if state == ItemState::Decommissioned {
		Verdict::Decommissioned
	} else if state == ItemState::Destroyed {
		Verdict::Destroyed
	} else if state == ItemState::Stolen {
		Verdict::Stolen
	} else if out.recalled {
		Verdict::Recalled
	} else if out.quarantined {
		Verdict::Quarantined
	} else if out.expired {
		Verdict::Expired
	} else if !may_hold(view, scanner, state, custodian, destination) {
		Verdict::SuspectClone
	} else {
		Verdict::Genuine
	};
	out
}

/// Whether `scanner` is where the chain places the item: its custodian, or downstream of it (the
/// organisation it is shipped to, or anyone who may receive a shipment addressed to nobody).
/// Regulators inspect anywhere.
fn may_hold(
	view: &impl TraceabilityView,
	scanner: OrganizationId,
	state: ItemState,
	custodian: OrganizationId,
	destination: Option<OrganizationId>,
) -> bool {
	if custodian == scanner {
		return true;
	}
	if view.is_regulator(scanner) {
		return true;
	}
	state == ItemState::InTransit && destination.is_none_or(|to| to == scanner)
}

/// Up to `max` of `item`'s history entries from entry `from`, oldest first: the filed chunks
/// it needs, then the recent ones its record holds.
pub fn history_entries(view: &impl TraceabilityView, key: &ItemKey, item: &Item, from: u32, max: u32) -> Vec<HistoryEntry> {
	let to = item.events.min(from.saturating_add(max));
	let filed = item.filed_events();
	let mut entries = Vec::new();
	let mut index = from;
	while index < to.min(filed) {
		let n = index / RECENT_EVENTS;
		let Some(chunk) = view.history_chunk(key, n) else { break };
		let offset = (index % RECENT_EVENTS) as usize;
		let wanted = (to.min(filed) - index) as usize;
		entries.extend(chunk.into_iter().skip(offset).take(wanted));
		index = n.saturating_add(1).saturating_mul(RECENT_EVENTS);
	}
	entries.extend((from.max(filed)..to).filter_map(|i| item.recent_event(i).cloned()));
	entries
}

fn last_events(
	view: &impl TraceabilityView,
	key: &ItemKey,
	item: &Item,
	root: Option<&(ItemKey, Item)>,
) -> Vec<(ItemKey, HistoryEntry)> {
	let mut events = Vec::new();
	let mut take = |key: &ItemKey, record: &Item| {
		let from = record.events.saturating_sub(LAST_EVENTS as u32);
		for entry in history_entries(view, key, record, from, LAST_EVENTS as u32).into_iter().rev() {
			events.push((key.clone(), entry));
		}
	};
	take(key, item);
	if let Some((root_key, root_item)) = root {
		take(root_key, root_item);
	}
	events.sort_by_key(|event| core::cmp::Reverse(event.1.at));
	events.truncate(LAST_EVENTS);
	events
}

/// The calendar date (`YYYYMMDD`, UTC) of a Unix time in milliseconds.
pub fn date_of_unix_millis(millis: u64) -> Date {
	// Howard Hinnant's days-to-civil algorithm.
	let days = (millis / 86_400_000) as i64 + 719_468;
	let era = days.div_euclid(146_097);
	let day_of_era = days.rem_euclid(146_097);
	let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
	let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	let mp = (5 * day_of_year + 2) / 153;
	let day = day_of_year - (153 * mp + 2) / 5 + 1;
	let month = if mp < 10 { mp + 3 } else { mp - 9 };
	let year = year_of_era + era * 400 + i64::from(month <= 2);
	(year * 10_000 + month * 100 + day) as Date
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn unix_dates() {
		assert_eq!(date_of_unix_millis(0), 19700101);
		assert_eq!(date_of_unix_millis(951_782_400_000), 20000229);
		assert_eq!(date_of_unix_millis(1_795_392_000_000), 20261123);
		assert_eq!(date_of_unix_millis(1_795_391_999_999), 20261122);
	}

	/// An item's history as the pallet files it, in memory.
	struct Filed {
		item: Item,
		chunks: alloc::collections::BTreeMap<u32, HistoryChunk>,
	}

	impl TraceabilityView for Filed {
		fn product_id(&self, _: &ProductCode) -> Option<ProductId> {
			None
		}
		fn product(&self, _: ProductId) -> Option<Product> {
			None
		}
		fn lot(&self, _: LotId) -> Option<Lot> {
			None
		}
		fn item(&self, _: &ItemKey) -> Option<Item> {
			Some(self.item.clone())
		}
		fn history_chunk(&self, _: &ItemKey, n: u32) -> Option<HistoryChunk> {
			self.chunks.get(&n).cloned()
		}
		fn is_regulator(&self, _: OrganizationId) -> bool {
			false
		}
	}

	#[test]
	fn history_entries_read_any_range_across_chunks_and_the_record() {
		let key = ItemKey::Sscc(*b"106141412345678908");
		let entry = |at| HistoryEntry {
			at,
			organization: 1,
			biz_step: BizStep::Shipping,
			disposition: Disposition::InTransit,
			container: None,
		};
		let mut filed = Filed {
			item: Item {
				lot: None,
				state: ItemState::Active,
				custodian: 1,
				destination: None,
				parent: None,
				children: 0,
				level: 0,
				flags: 0,
				terminal: None,
				commissioned_at: 0,
				events: 0,
				recent: Default::default(),
			},
			chunks: Default::default(),
		};
		for events in 0..(3 * RECENT_EVENTS + 2) {
			for from in 0..=events + 1 {
				for max in 0..=events + 1 {
					let expected: Vec<u32> = (from..events.min(from + max)).collect();
					let read: Vec<u32> =
						history_entries(&filed, &key, &filed.item, from, max).iter().map(|e| e.at).collect();
					assert_eq!(read, expected, "{events} events, from {from}, max {max}");
				}
			}
			if let Some((n, chunk)) = filed.item.push_event(entry(events)) {
				assert!(filed.chunks.insert(n, chunk).is_none(), "chunk {n} filed twice");
			}
		}
		assert_eq!(filed.chunks.len() as u32, 3);
	}
}
