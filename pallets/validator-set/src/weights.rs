//! Placeholder weights; replaced by `scripts/benchmark-pallets.sh` output.
#![allow(unused_parens, unused_imports, missing_docs)]
use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::RocksDbWeight, Weight}};

pub trait WeightInfo {
	fn add_validator() -> Weight;
	fn remove_validator() -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn add_validator() -> Weight { Weight::from_parts(30_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(3, 1)) }
	fn remove_validator() -> Weight { Weight::from_parts(30_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(1, 1)) }
}

impl WeightInfo for () {
	fn add_validator() -> Weight { Weight::from_parts(30_000_000, 4000).saturating_add(RocksDbWeight::get().reads_writes(3, 1)) }
	fn remove_validator() -> Weight { Weight::from_parts(30_000_000, 4000).saturating_add(RocksDbWeight::get().reads_writes(1, 1)) }
}
