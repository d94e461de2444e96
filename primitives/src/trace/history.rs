//! An item's history, page by page: its commissioning, its own events, and after each time it
//! was packed the events of that container (and of the containers it was packed in) until the
//! item's next event, its unpacking. A reusable container's history can be far longer than any
//! one stay in it, so a stay is found by a binary search on the container's events, which are
//! in block order.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use scale_info::TypeInfo;

use super::{
	history_entries, BizStep, BlockNumber, Disposition, HistoryEntry, Item, ItemKey, TraceabilityView, MAX_NESTING,
	RECENT_EVENTS,
};

/// The most entries one page of history lists.
pub const MAX_HISTORY_PAGE: u32 = 500;
/// The most entries one page looks at after its cursor (entries skipped to reach the cursor
/// within an event are not counted); a page cut here gives its cursor.
pub const MAX_HISTORY_SCAN: u32 = 10_000;

/// Where a page of history starts: the item's `event`-th own event (0 is its commissioning,
/// 1 its first recorded event) and how many entries of that event (the event itself, then the
/// containers' events while the item was in them) were already listed.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct HistoryCursor {
	/// The item's own event: 0 for its commissioning, `n` for its `n`-th recorded event.
	pub event: u32,
	/// Entries of that event already listed.
	pub within: u32,
}

/// One page of an item's history, oldest first.
#[derive(Clone, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo)]
pub struct HistoryPage {
	/// Each entry with the item (the asked one or a container) it is an event of.
	pub entries: Vec<(ItemKey, HistoryEntry)>,
	/// Where the next page starts, if this one was cut (by its limit or the scan bound).
	pub next: Option<HistoryCursor>,
}

/// At most `limit` (1 to [`MAX_HISTORY_PAGE`]) entries of `key`'s history from `cursor` on.
pub fn history_page(view: &impl TraceabilityView, key: &ItemKey, cursor: HistoryCursor, limit: u32) -> HistoryPage {
	let Some(item) = view.item(key) else { return HistoryPage::default() };
	let mut walk = Walk {
		entries: Vec::new(),
		limit: limit.clamp(1, MAX_HISTORY_PAGE) as usize,
		scan: MAX_HISTORY_SCAN,
		skip: cursor.within,
		seen: 0,
	};
	let mut event = cursor.event;
	if event == 0 {
		if let ItemKey::Unit { product, .. } = key {
			if let Some(product) = view.product(*product) {
				let commissioning = HistoryEntry {
					at: item.commissioned_at,
					organization: product.manufacturer,
					biz_step: BizStep::Commissioning,
					disposition: Disposition::Active,
					container: None,
				};
				if !walk.visit(key, &commissioning) {
					return walk.cut(0);
				}
			}
		}
		event = 1;
		walk.next_event();
	}
	let mut own = Entries::new(key, &item, event - 1);
	while let Some(entry) = own.next(view) {
		if !walk.visit(key, &entry) {
			return walk.cut(event);
		}
		if let (BizStep::Packing, Some(container)) = (entry.biz_step, &entry.container) {
			let until = own.peek(view).map_or(BlockNumber::MAX, |later| later.at);
			if !stay(view, container, entry.at, until, 1, &mut walk) {
				return walk.cut(event);
			}
		}
		event += 1;
		walk.next_event();
	}
	HistoryPage { entries: walk.entries, next: None }
}

/// Lists `container`'s events in blocks `from..=until` (and those of the containers it was
/// packed in meanwhile); false when the page was cut.
fn stay(
	view: &impl TraceabilityView,
	container: &ItemKey,
	from: BlockNumber,
	until: BlockNumber,
	depth: u8,
	walk: &mut Walk,
) -> bool {
	let Some(record) = view.item(container) else { return true };
	let mut entries = Entries::new(container, &record, first_at_or_after(view, container, &record, from));
	while let Some(entry) = entries.next(view) {
		if entry.at > until {
			break;
		}
		if !walk.visit(container, &entry) {
			return false;
		}
		if let (BizStep::Packing, Some(outer), true) = (entry.biz_step, &entry.container, depth < MAX_NESTING) {
			let end = entries.peek(view).map_or(until, |later| later.at.min(until));
			if !stay(view, outer, entry.at, end, depth + 1, walk) {
				return false;
			}
		}
	}
	true
}

/// The index of `item`'s first event in block `at` or later (its event count if none).
fn first_at_or_after(view: &impl TraceabilityView, key: &ItemKey, item: &Item, at: BlockNumber) -> u32 {
	let (mut low, mut high) = (0, item.events);
	while low < high {
		let middle = low + (high - low) / 2;
		match history_entries(view, key, item, middle, 1).first() {
			Some(entry) if entry.at < at => low = middle + 1,
			_ => high = middle,
		}
	}
	low
}

/// An item's events from an index on, read a chunk at a time.
struct Entries<'a> {
	key: &'a ItemKey,
	item: &'a Item,
	index: u32,
	buffer: Vec<HistoryEntry>,
}

impl<'a> Entries<'a> {
	fn new(key: &'a ItemKey, item: &'a Item, index: u32) -> Self {
		Self { key, item, index, buffer: Vec::new() }
	}

	fn fill(&mut self, view: &impl TraceabilityView) {
		if self.buffer.is_empty() && self.index < self.item.events {
			let mut batch = history_entries(view, self.key, self.item, self.index, RECENT_EVENTS);
			batch.reverse();
			self.buffer = batch;
		}
	}

	fn next(&mut self, view: &impl TraceabilityView) -> Option<HistoryEntry> {
		self.fill(view);
		let entry = self.buffer.pop()?;
		self.index += 1;
		Some(entry)
	}

	fn peek(&mut self, view: &impl TraceabilityView) -> Option<&HistoryEntry> {
		self.fill(view);
		self.buffer.last()
	}
}

/// The page being filled, and where in the current event it is.
struct Walk {
	entries: Vec<(ItemKey, HistoryEntry)>,
	limit: usize,
	/// Entries the page may still look at.
	scan: u32,
	/// Entries of the current event to pass over (listed by an earlier page).
	skip: u32,
	/// Entries of the current event looked at or passed over.
	seen: u32,
}

impl Walk {
	/// Lists one entry (or passes over it); false when the page is full.
	fn visit(&mut self, key: &ItemKey, entry: &HistoryEntry) -> bool {
		if self.seen >= self.skip {
			if self.entries.len() == self.limit || self.scan == 0 {
				return false;
			}
			self.entries.push((key.clone(), entry.clone()));
			self.scan -= 1;
		}
		self.seen += 1;
		true
	}

	fn next_event(&mut self) {
		self.skip = 0;
		self.seen = 0;
	}

	fn cut(self, event: u32) -> HistoryPage {
		HistoryPage { entries: self.entries, next: Some(HistoryCursor { event, within: self.seen }) }
	}
}

#[cfg(test)]
mod tests {
	use alloc::{collections::BTreeMap, vec, vec::Vec};

	use super::*;
	use crate::{
		trace::{HistoryChunk, ItemState, Lot, LotId, Product, ProductCode, ProductId},
		OrganizationId,
	};

	/// Items and their filed history, as the pallet keeps them, in memory.
	#[derive(Default)]
	struct Records(BTreeMap<ItemKey, Item>, BTreeMap<(ItemKey, u32), HistoryChunk>);

	impl Records {
		fn push(&mut self, key: &ItemKey, at: BlockNumber, biz_step: BizStep, container: Option<&ItemKey>) {
			let item = self.0.entry(key.clone()).or_insert_with(|| Item {
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
			});
			let entry =
				HistoryEntry { at, organization: 1, biz_step, disposition: Disposition::Active, container: container.cloned() };
			if let Some((n, chunk)) = item.push_event(entry) {
				self.1.insert((key.clone(), n), chunk);
			}
		}
	}

	impl TraceabilityView for Records {
		fn product_id(&self, _: &ProductCode) -> Option<ProductId> {
			None
		}
		fn product(&self, _: ProductId) -> Option<Product> {
			None
		}
		fn lot(&self, _: LotId) -> Option<Lot> {
			None
		}
		fn item(&self, key: &ItemKey) -> Option<Item> {
			self.0.get(key).cloned()
		}
		fn history_chunk(&self, key: &ItemKey, n: u32) -> Option<HistoryChunk> {
			self.1.get(&(key.clone(), n)).cloned()
		}
		fn is_regulator(&self, _: OrganizationId) -> bool {
			false
		}
	}

	fn sscc(n: u8) -> ItemKey {
		ItemKey::Sscc([b'0' + n; 18])
	}

	/// A pack in a reusable case with a long history, the case on a pallet for a while.
	fn records() -> Records {
		let (pack, case, pallet) = (sscc(1), sscc(2), sscc(3));
		let mut records = Records::default();
		for at in 0..50 {
			records.push(&case, at, BizStep::Shipping, None);
			records.push(&pallet, at, BizStep::Receiving, None);
		}
		records.push(&pack, 100, BizStep::Packing, Some(&case));
		records.push(&case, 101, BizStep::Packing, Some(&pallet));
		records.push(&pallet, 102, BizStep::Shipping, None);
		records.push(&pallet, 103, BizStep::Receiving, None);
		records.push(&case, 104, BizStep::Unpacking, Some(&pallet));
		records.push(&pack, 105, BizStep::Unpacking, Some(&case));
		for at in 106..140 {
			records.push(&case, at, BizStep::Shipping, None);
			records.push(&pallet, at, BizStep::Shipping, None);
		}
		records.push(&pack, 150, BizStep::Dispensing, None);
		records
	}

	fn described(entries: &[(ItemKey, HistoryEntry)]) -> Vec<(u8, BlockNumber)> {
		entries
			.iter()
			.map(|(key, entry)| match key {
				ItemKey::Sscc(code) => (code[0] - b'0', entry.at),
				ItemKey::Unit { .. } => (0, entry.at),
			})
			.collect()
	}

	#[test]
	fn a_stay_lists_the_containers_events_while_the_item_was_in_them_only() {
		let records = records();
		let page = history_page(&records, &sscc(1), HistoryCursor::default(), MAX_HISTORY_PAGE);
		assert_eq!(page.next, None);
		assert_eq!(
			described(&page.entries),
			vec![(1, 100), (2, 101), (3, 102), (3, 103), (2, 104), (1, 105), (1, 150)]
		);
	}

	#[test]
	fn pages_of_any_size_add_up_to_the_whole_history() {
		let records = records();
		let whole = history_page(&records, &sscc(1), HistoryCursor::default(), MAX_HISTORY_PAGE).entries;
		for limit in 1..=whole.len() as u32 + 1 {
			let (mut cursor, mut read, mut pages) = (HistoryCursor::default(), Vec::new(), 0);
			loop {
				let page = history_page(&records, &sscc(1), cursor, limit);
				assert!(page.entries.len() <= limit as usize);
				read.extend(page.entries);
				pages += 1;
				match page.next {
					Some(next) => cursor = next,
					None => break,
				}
				assert!(pages <= whole.len(), "limit {limit}: no progress");
			}
			assert_eq!(read, whole, "limit {limit}");
		}
	}

	#[test]
	fn an_unknown_item_has_no_history_and_a_cursor_past_the_end_lists_nothing() {
		let records = records();
		assert_eq!(history_page(&records, &sscc(9), HistoryCursor::default(), 10), HistoryPage::default());
		let past = history_page(&records, &sscc(1), HistoryCursor { event: 40, within: 0 }, 10);
		assert_eq!(past, HistoryPage::default());
	}

	#[test]
	fn the_first_event_of_a_long_history_is_found_by_search() {
		let records = records();
		let case = records.item(&sscc(2)).unwrap();
		assert_eq!(first_at_or_after(&records, &sscc(2), &case, 0), 0);
		assert_eq!(first_at_or_after(&records, &sscc(2), &case, 100), 50);
		assert_eq!(first_at_or_after(&records, &sscc(2), &case, 104), 51);
		assert_eq!(first_at_or_after(&records, &sscc(2), &case, 1000), case.events);
	}
}
