//! Any bytes a scanner (or an attacker) can deliver: the parser answers with a scan or a
//! precise error, never a panic, and the verdict on whatever it reads never panics either.
//!
//! `scripts/fuzz.sh [SECONDS] parse_scan`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use medtrust_primitives::trace::{
	parse_scan, verify, HistoryChunk, Item, ItemKey, Lot, LotId, Product, ProductCode, ProductId,
	TraceabilityView,
};

/// A chain that knows nothing.
struct Empty;

impl TraceabilityView for Empty {
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
		None
	}
	fn history_chunk(&self, _: &ItemKey, _: u32) -> Option<HistoryChunk> {
		None
	}
	fn is_regulator(&self, _: u32) -> bool {
		false
	}
}

fuzz_target!(|data: &[u8]| {
	match parse_scan(data) {
		Ok(scan) => {
			let _ = verify(&Empty, &scan, 0, 20261123);
		},
		Err(error) => {
			let _ = error.to_string();
		},
	}
});
