//! Placeholder weights; replaced by `scripts/benchmark-pallets.sh` output.
#![allow(unused_parens, unused_imports, missing_docs)]
use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::RocksDbWeight, Weight}};

pub trait WeightInfo {
	fn admit_organization(a: u32) -> Weight;
	fn suspend_organization() -> Weight;
	fn reinstate_organization() -> Weight;
	fn set_roles() -> Weight;
	fn update_details() -> Weight;
	fn add_account() -> Weight;
	fn remove_account() -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn admit_organization(a: u32) -> Weight { Weight::from_parts(50_000_000, 4000).saturating_add(Weight::from_parts(10_000_000, 2500).saturating_mul(a.into())).saturating_add(T::DbWeight::get().reads_writes(5, 6)).saturating_add(T::DbWeight::get().reads_writes(1, 2).saturating_mul(a.into())) }
	fn suspend_organization() -> Weight { Weight::from_parts(20_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(1, 1)) }
	fn reinstate_organization() -> Weight { Weight::from_parts(20_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(1, 1)) }
	fn set_roles() -> Weight { Weight::from_parts(20_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(1, 1)) }
	fn update_details() -> Weight { Weight::from_parts(40_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(3, 5)) }
	fn add_account() -> Weight { Weight::from_parts(30_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(4, 3)) }
	fn remove_account() -> Weight { Weight::from_parts(30_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(4, 3)) }
}

impl WeightInfo for () {
	fn admit_organization(a: u32) -> Weight { Weight::from_parts(50_000_000, 4000).saturating_add(Weight::from_parts(10_000_000, 2500).saturating_mul(a.into())).saturating_add(RocksDbWeight::get().reads_writes(5, 6)) }
	fn suspend_organization() -> Weight { Weight::from_parts(20_000_000, 4000).saturating_add(RocksDbWeight::get().reads_writes(1, 1)) }
	fn reinstate_organization() -> Weight { Weight::from_parts(20_000_000, 4000).saturating_add(RocksDbWeight::get().reads_writes(1, 1)) }
	fn set_roles() -> Weight { Weight::from_parts(20_000_000, 4000).saturating_add(RocksDbWeight::get().reads_writes(1, 1)) }
	fn update_details() -> Weight { Weight::from_parts(40_000_000, 4000).saturating_add(RocksDbWeight::get().reads_writes(3, 5)) }
	fn add_account() -> Weight { Weight::from_parts(30_000_000, 4000).saturating_add(RocksDbWeight::get().reads_writes(4, 3)) }
	fn remove_account() -> Weight { Weight::from_parts(30_000_000, 4000).saturating_add(RocksDbWeight::get().reads_writes(4, 3)) }
}
