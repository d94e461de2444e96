//! Provisional weights for `pallet_traceability`; `scripts/benchmark-pallets.sh` replaces them
//! with generated ones.

#![allow(unused_parens)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// The weight of each call of `pallet_traceability`.
pub trait WeightInfo {
	fn register_product() -> Weight;
	fn create_lot() -> Weight;
	fn commission(n: u32, ) -> Weight;
	fn pack(n: u32, ) -> Weight;
	fn unpack(n: u32, ) -> Weight;
	fn ship(n: u32, ) -> Weight;
	fn receive(n: u32, ) -> Weight;
	fn dispense(n: u32, ) -> Weight;
	fn administer(n: u32, ) -> Weight;
	fn end_life(n: u32, ) -> Weight;
	fn undo() -> Weight;
	fn recall() -> Weight;
	fn set_quarantine() -> Weight;
	fn record_excursion() -> Weight;
	fn resolve_alert() -> Weight;
	fn apply_epcis_events(n: u32, ) -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_product() -> Weight {
		Weight::from_parts(30_000_000, 4000).saturating_add(T::DbWeight::get().reads(4)).saturating_add(T::DbWeight::get().writes(4))
	}
	fn create_lot() -> Weight {
		Weight::from_parts(30_000_000, 4000).saturating_add(T::DbWeight::get().reads(4)).saturating_add(T::DbWeight::get().writes(4))
	}
	fn commission(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4000).saturating_add(Weight::from_parts(50_000_000, 3000).saturating_mul(n.into())).saturating_add(T::DbWeight::get().reads(3)).saturating_add(T::DbWeight::get().writes(2)).saturating_add(T::DbWeight::get().reads(2).saturating_mul(n.into())).saturating_add(T::DbWeight::get().writes(2).saturating_mul(n.into()))
	}
	fn pack(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4000).saturating_add(Weight::from_parts(50_000_000, 3000).saturating_mul(n.into())).saturating_add(T::DbWeight::get().reads(3)).saturating_add(T::DbWeight::get().writes(2)).saturating_add(T::DbWeight::get().reads(2).saturating_mul(n.into())).saturating_add(T::DbWeight::get().writes(2).saturating_mul(n.into()))
	}
	fn unpack(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4000).saturating_add(Weight::from_parts(50_000_000, 3000).saturating_mul(n.into())).saturating_add(T::DbWeight::get().reads(3)).saturating_add(T::DbWeight::get().writes(2)).saturating_add(T::DbWeight::get().reads(2).saturating_mul(n.into())).saturating_add(T::DbWeight::get().writes(2).saturating_mul(n.into()))
	}
	fn ship(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4000).saturating_add(Weight::from_parts(50_000_000, 3000).saturating_mul(n.into())).saturating_add(T::DbWeight::get().reads(3)).saturating_add(T::DbWeight::get().writes(2)).saturating_add(T::DbWeight::get().reads(2).saturating_mul(n.into())).saturating_add(T::DbWeight::get().writes(2).saturating_mul(n.into()))
	}
	fn receive(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4000).saturating_add(Weight::from_parts(50_000_000, 3000).saturating_mul(n.into())).saturating_add(T::DbWeight::get().reads(3)).saturating_add(T::DbWeight::get().writes(2)).saturating_add(T::DbWeight::get().reads(2).saturating_mul(n.into())).saturating_add(T::DbWeight::get().writes(2).saturating_mul(n.into()))
	}
	fn dispense(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4000).saturating_add(Weight::from_parts(50_000_000, 3000).saturating_mul(n.into())).saturating_add(T::DbWeight::get().reads(3)).saturating_add(T::DbWeight::get().writes(2)).saturating_add(T::DbWeight::get().reads(2).saturating_mul(n.into())).saturating_add(T::DbWeight::get().writes(2).saturating_mul(n.into()))
	}
	fn administer(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4000).saturating_add(Weight::from_parts(50_000_000, 3000).saturating_mul(n.into())).saturating_add(T::DbWeight::get().reads(3)).saturating_add(T::DbWeight::get().writes(2)).saturating_add(T::DbWeight::get().reads(2).saturating_mul(n.into())).saturating_add(T::DbWeight::get().writes(2).saturating_mul(n.into()))
	}
	fn end_life(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4000).saturating_add(Weight::from_parts(50_000_000, 3000).saturating_mul(n.into())).saturating_add(T::DbWeight::get().reads(3)).saturating_add(T::DbWeight::get().writes(2)).saturating_add(T::DbWeight::get().reads(2).saturating_mul(n.into())).saturating_add(T::DbWeight::get().writes(2).saturating_mul(n.into()))
	}
	fn undo() -> Weight {
		Weight::from_parts(30_000_000, 4000).saturating_add(T::DbWeight::get().reads(4)).saturating_add(T::DbWeight::get().writes(4))
	}
	fn recall() -> Weight {
		Weight::from_parts(30_000_000, 4000).saturating_add(T::DbWeight::get().reads(4)).saturating_add(T::DbWeight::get().writes(4))
	}
	fn set_quarantine() -> Weight {
		Weight::from_parts(30_000_000, 4000).saturating_add(T::DbWeight::get().reads(4)).saturating_add(T::DbWeight::get().writes(4))
	}
	fn record_excursion() -> Weight {
		Weight::from_parts(30_000_000, 4000).saturating_add(T::DbWeight::get().reads(4)).saturating_add(T::DbWeight::get().writes(4))
	}
	fn resolve_alert() -> Weight {
		Weight::from_parts(30_000_000, 4000).saturating_add(T::DbWeight::get().reads(4)).saturating_add(T::DbWeight::get().writes(4))
	}
	fn apply_epcis_events(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4000).saturating_add(Weight::from_parts(50_000_000, 3000).saturating_mul(n.into())).saturating_add(T::DbWeight::get().reads(3)).saturating_add(T::DbWeight::get().writes(2)).saturating_add(T::DbWeight::get().reads(2).saturating_mul(n.into())).saturating_add(T::DbWeight::get().writes(2).saturating_mul(n.into()))
	}
}

impl WeightInfo for () {
	fn register_product() -> Weight {
		Weight::from_parts(30_000_000, 4000).saturating_add(RocksDbWeight::get().reads(4)).saturating_add(RocksDbWeight::get().writes(4))
	}
	fn create_lot() -> Weight {
		Weight::from_parts(30_000_000, 4000).saturating_add(RocksDbWeight::get().reads(4)).saturating_add(RocksDbWeight::get().writes(4))
	}
	fn commission(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4000).saturating_add(Weight::from_parts(50_000_000, 3000).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().reads(3)).saturating_add(RocksDbWeight::get().writes(2)).saturating_add(RocksDbWeight::get().reads(2).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().writes(2).saturating_mul(n.into()))
	}
	fn pack(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4000).saturating_add(Weight::from_parts(50_000_000, 3000).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().reads(3)).saturating_add(RocksDbWeight::get().writes(2)).saturating_add(RocksDbWeight::get().reads(2).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().writes(2).saturating_mul(n.into()))
	}
	fn unpack(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4000).saturating_add(Weight::from_parts(50_000_000, 3000).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().reads(3)).saturating_add(RocksDbWeight::get().writes(2)).saturating_add(RocksDbWeight::get().reads(2).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().writes(2).saturating_mul(n.into()))
	}
	fn ship(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4000).saturating_add(Weight::from_parts(50_000_000, 3000).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().reads(3)).saturating_add(RocksDbWeight::get().writes(2)).saturating_add(RocksDbWeight::get().reads(2).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().writes(2).saturating_mul(n.into()))
	}
	fn receive(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4000).saturating_add(Weight::from_parts(50_000_000, 3000).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().reads(3)).saturating_add(RocksDbWeight::get().writes(2)).saturating_add(RocksDbWeight::get().reads(2).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().writes(2).saturating_mul(n.into()))
	}
	fn dispense(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4000).saturating_add(Weight::from_parts(50_000_000, 3000).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().reads(3)).saturating_add(RocksDbWeight::get().writes(2)).saturating_add(RocksDbWeight::get().reads(2).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().writes(2).saturating_mul(n.into()))
	}
	fn administer(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4000).saturating_add(Weight::from_parts(50_000_000, 3000).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().reads(3)).saturating_add(RocksDbWeight::get().writes(2)).saturating_add(RocksDbWeight::get().reads(2).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().writes(2).saturating_mul(n.into()))
	}
	fn end_life(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4000).saturating_add(Weight::from_parts(50_000_000, 3000).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().reads(3)).saturating_add(RocksDbWeight::get().writes(2)).saturating_add(RocksDbWeight::get().reads(2).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().writes(2).saturating_mul(n.into()))
	}
	fn undo() -> Weight {
		Weight::from_parts(30_000_000, 4000).saturating_add(RocksDbWeight::get().reads(4)).saturating_add(RocksDbWeight::get().writes(4))
	}
	fn recall() -> Weight {
		Weight::from_parts(30_000_000, 4000).saturating_add(RocksDbWeight::get().reads(4)).saturating_add(RocksDbWeight::get().writes(4))
	}
	fn set_quarantine() -> Weight {
		Weight::from_parts(30_000_000, 4000).saturating_add(RocksDbWeight::get().reads(4)).saturating_add(RocksDbWeight::get().writes(4))
	}
	fn record_excursion() -> Weight {
		Weight::from_parts(30_000_000, 4000).saturating_add(RocksDbWeight::get().reads(4)).saturating_add(RocksDbWeight::get().writes(4))
	}
	fn resolve_alert() -> Weight {
		Weight::from_parts(30_000_000, 4000).saturating_add(RocksDbWeight::get().reads(4)).saturating_add(RocksDbWeight::get().writes(4))
	}
	fn apply_epcis_events(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4000).saturating_add(Weight::from_parts(50_000_000, 3000).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().reads(3)).saturating_add(RocksDbWeight::get().writes(2)).saturating_add(RocksDbWeight::get().reads(2).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().writes(2).saturating_mul(n.into()))
	}
}
