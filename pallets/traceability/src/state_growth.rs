//! The most new state each call adds, for each organisation's daily budget
//! (`medtrust_primitives::state`).

use codec::MaxEncodedLen;
use medtrust_primitives::{
	state::{entry, ENTRY_OVERHEAD},
	trace::{Alert, AlertId, HistoryEntry, Item, Lot, LotId, Product, ProductId, RECENT_EVENTS},
};

use crate::{pallet::*, types::*};

/// One history entry: in the item's record until `RECENT_EVENTS` of them are filed as a chunk,
/// a new entry of its own.
fn event() -> u64 {
	HistoryEntry::max_encoded_len() as u64 + ENTRY_OVERHEAD / RECENT_EVENTS as u64
}

/// A raised alert: the alert, its place among the open ones and the hold on its item.
fn alert() -> u64 {
	entry::<Alert>() + entry::<()>() + entry::<u32>()
}

fn operation<S: frame_support::traits::Get<u32>, I: frame_support::traits::Get<u32>>(
	operation: &TraceOperation<S, I>,
) -> u64 {
	let n = |len: usize| len as u64;
	match operation {
		TraceOperation::Commission { serials, .. } => n(serials.len()) * entry::<Item>(),
		TraceOperation::Pack { children, .. } => entry::<Item>() + (n(children.len()) + 1) * event(),
		TraceOperation::Unpack { children, .. } => (n(children.len()) + 1) * event(),
		TraceOperation::Ship { items, .. } | TraceOperation::Receive { items } | TraceOperation::End { items, .. } =>
			n(items.len()) * event(),
	}
}

impl<T: Config> Call<T> {
	/// The most state this call adds, in bytes.
	pub fn new_state(&self) -> u64 {
		let n = |len: usize| len as u64;
		match self {
			Call::register_product { .. } => entry::<Product>() + 2 * entry::<ProductId>(),
			Call::create_lot { .. } => entry::<Lot>() + entry::<LotId>(),
			Call::commission { serials, .. } => n(serials.len()) * entry::<Item>(),
			Call::pack { children, .. } => entry::<Item>() + (n(children.len()) + 1) * event(),
			Call::unpack { children, .. } => (n(children.len()) + 1) * event(),
			Call::ship { items, .. } | Call::receive { items } | Call::end_life { items, .. } => n(items.len()) * event(),
			Call::dispense { scans } => n(scans.len()) * (event() + alert()),
			Call::administer { doses } => n(doses.len()) * (event() + alert() + entry::<RecipientCommitment>()),
			Call::undo { .. } => event(),
			Call::recall { .. } | Call::set_quarantine { .. } | Call::record_excursion { .. } => event() + entry::<u32>(),
			Call::resolve_alert { .. } => event() + entry::<AlertId>(),
			Call::apply_epcis_events { events } =>
				events.iter().map(|event| entry::<u32>() + operation(&event.operation)).sum(),
			Call::__Ignore(..) => 0,
		}
	}
}
