//! Weights for `pallet_claims`: placeholders until `scripts/benchmark-pallets.sh` generates
//! them from the pallet's benchmarks. Regenerate them, do not edit them.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// The weight of each call of `pallet_claims`.
pub trait WeightInfo {
	fn register_product() -> Weight;
	fn register_coverage() -> Weight;
	fn anchor_invoice() -> Weight;
	fn submit_claim() -> Weight;
	fn pay_claim() -> Weight;
	fn settle_clearing(c: u32, ) -> Weight;
	fn cancel_claim() -> Weight;
	fn reverse_claim() -> Weight;
	fn readjudicate_claim() -> Weight;
	fn appeal_claim() -> Weight;
	fn request_preauth() -> Weight;
	fn decide_preauth() -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_product() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn register_coverage() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn anchor_invoice() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn submit_claim() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn pay_claim() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn settle_clearing(c: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10)).saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(c.into()))
	}
	fn cancel_claim() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn reverse_claim() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn readjudicate_claim() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn appeal_claim() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn request_preauth() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn decide_preauth() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
}

// For tests: the same weights with RocksDB's database weights.
impl WeightInfo for () {
	fn register_product() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn register_coverage() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn anchor_invoice() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn submit_claim() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn pay_claim() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn settle_clearing(c: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10)).saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(c.into()))
	}
	fn cancel_claim() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn reverse_claim() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn readjudicate_claim() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn appeal_claim() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn request_preauth() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn decide_preauth() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
}
