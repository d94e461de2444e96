//! Placeholder weights for `pallet_consent` until `scripts/benchmark-pallets.sh` generates them.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// The weight of each call of `pallet_consent`.
pub trait WeightInfo {
	fn register_subject() -> Weight;
	fn set_delegate() -> Weight;
	fn record_consent() -> Weight;
	fn withdraw_consent() -> Weight;
	fn record_access() -> Weight;
	fn review_break_glass() -> Weight;
	fn record_erasure() -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_subject() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(40, 6))
	}
	fn set_delegate() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(40, 6))
	}
	fn record_consent() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(40, 6))
	}
	fn withdraw_consent() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(40, 6))
	}
	fn record_access() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(40, 6))
	}
	fn review_break_glass() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(40, 6))
	}
	fn record_erasure() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(40, 6))
	}
}

impl WeightInfo for () {
	fn register_subject() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(40, 6))
	}
	fn set_delegate() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(40, 6))
	}
	fn record_consent() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(40, 6))
	}
	fn withdraw_consent() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(40, 6))
	}
	fn record_access() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(40, 6))
	}
	fn review_break_glass() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(40, 6))
	}
	fn record_erasure() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(40, 6))
	}
}
