//! What a call may add to the chain's state, in bytes: each organisation has a budget of it per
//! day (the organisations pallet's `DailyStateBudget`), so that no member grows every other
//! member's database without bound. Each pallet states the most its calls add, from the
//! largest encoding of what they write (`MaxEncodedLen`); the budget is charged that worst
//! case before the call runs.

use codec::MaxEncodedLen;

/// What a new storage entry costs besides its value: its key (the pallet's and the item's
/// 16-byte prefixes and a hashed map key of up to 64 bytes) and its share of the trie's nodes
/// above it, rounded up.
pub const ENTRY_OVERHEAD: u64 = 160;

/// The most a new storage entry holding a `V` adds.
pub fn entry<V: MaxEncodedLen>() -> u64 {
	(V::max_encoded_len() as u64).saturating_add(ENTRY_OVERHEAD)
}

/// The most a value holding a `V` grows by when one is added to it (a list in a record).
pub fn growth<V: MaxEncodedLen>() -> u64 {
	V::max_encoded_len() as u64
}

/// The most new state a call adds, in bytes.
pub trait StateGrowth<Call> {
	/// The most `call` adds to the state.
	fn new_state(call: &Call) -> u64;
}

impl<Call> StateGrowth<Call> for () {
	fn new_state(_: &Call) -> u64 {
		0
	}
}
