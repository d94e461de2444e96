//! Benchmarks of `pallet-node-authorization`, which ships none (its default weights are
//! placeholders). Each call at its worst: the allow-list as full as it may be and every peer id
//! as long as it may be, so that decoding, searching and re-encoding the list is all measured.
//! Members cannot send the owner calls (`claim_node` … `remove_connections`: the runtime's call
//! filter refuses them, and `Root` cannot make them); they are measured so that every call has
//! a generated weight, `add_connections` and `remove_connections` with a list's worth of peers.

use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use frame_system::RawOrigin;
use pallet_node_authorization::{AdditionalConnections, Owners, WellKnownNodes};
use sp_core::OpaquePeerId;
use sp_runtime::traits::StaticLookup;

/// The pallet benchmarked, under its own name for `define_benchmarks!`.
pub struct Pallet<T: Config>(pallet_node_authorization::Pallet<T>);

/// What the benchmarks need of the runtime: only the pallet itself.
pub trait Config: pallet_node_authorization::Config {}

impl<T: pallet_node_authorization::Config> Config for T {}

/// The `i`th peer id, as long as `MaxPeerIdLength` allows (the pallet wants it shorter).
fn peer<T: Config>(i: u32) -> OpaquePeerId {
	let len = T::MaxPeerIdLength::get().saturating_sub(1).max(4) as usize;
	let mut id = i.to_le_bytes().to_vec();
	id.resize(len, 0xab);
	OpaquePeerId(id)
}

/// Fills the allow-list with `n` nodes, each owned by its own account; gives them back.
fn fill<T: Config>(n: u32) -> Vec<OpaquePeerId> {
	let nodes: Vec<_> = (0..n).map(peer::<T>).collect();
	WellKnownNodes::<T>::put(nodes.iter().cloned().collect::<alloc::collections::BTreeSet<_>>());
	for (i, node) in nodes.iter().enumerate() {
		Owners::<T>::insert(node, account::<T::AccountId>("owner", i as u32, 0));
	}
	nodes
}

/// The most nodes the list may hold before a call that adds one.
fn room_for_one<T: Config>() -> u32 {
	T::MaxWellKnownNodes::get().saturating_sub(1)
}

fn lookup<T: Config>(who: T::AccountId) -> <T::Lookup as StaticLookup>::Source {
	T::Lookup::unlookup(who)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn add_well_known_node() -> Result<(), BenchmarkError> {
		fill::<T>(room_for_one::<T>());
		let origin = T::AddOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let node = peer::<T>(u32::MAX);
		let owner = lookup::<T>(account("new owner", 0, 0));

		#[block]
		{
			pallet_node_authorization::Pallet::<T>::add_well_known_node(origin, node.clone(), owner)?;
		}

		assert!(WellKnownNodes::<T>::get().contains(&node));
		Ok(())
	}

	#[benchmark]
	fn remove_well_known_node() -> Result<(), BenchmarkError> {
		let nodes = fill::<T>(T::MaxWellKnownNodes::get());
		let node = nodes.last().cloned().ok_or(BenchmarkError::Weightless)?;
		AdditionalConnections::<T>::insert(&node, nodes.iter().cloned().collect::<alloc::collections::BTreeSet<_>>());
		let origin = T::RemoveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[block]
		{
			pallet_node_authorization::Pallet::<T>::remove_well_known_node(origin, node.clone())?;
		}

		assert!(!WellKnownNodes::<T>::get().contains(&node));
		Ok(())
	}

	#[benchmark]
	fn swap_well_known_node() -> Result<(), BenchmarkError> {
		let nodes = fill::<T>(T::MaxWellKnownNodes::get());
		let remove = nodes.last().cloned().ok_or(BenchmarkError::Weightless)?;
		AdditionalConnections::<T>::insert(&remove, nodes.iter().cloned().collect::<alloc::collections::BTreeSet<_>>());
		let add = peer::<T>(u32::MAX);
		let origin = T::SwapOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[block]
		{
			pallet_node_authorization::Pallet::<T>::swap_well_known_node(origin, remove, add.clone())?;
		}

		assert!(WellKnownNodes::<T>::get().contains(&add));
		Ok(())
	}

	#[benchmark]
	fn reset_well_known_nodes() -> Result<(), BenchmarkError> {
		fill::<T>(T::MaxWellKnownNodes::get());
		let nodes: Vec<_> = (0..room_for_one::<T>())
			.map(|i| (peer::<T>(u32::MAX - i), account::<T::AccountId>("new owner", i, 0)))
			.collect();
		let origin = T::ResetOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[block]
		{
			pallet_node_authorization::Pallet::<T>::reset_well_known_nodes(origin, nodes)?;
		}

		assert_eq!(WellKnownNodes::<T>::get().len() as u32, room_for_one::<T>());
		Ok(())
	}

	#[benchmark]
	fn claim_node() -> Result<(), BenchmarkError> {
		fill::<T>(T::MaxWellKnownNodes::get());
		let caller: T::AccountId = whitelisted_caller();
		let node = peer::<T>(u32::MAX);

		#[block]
		{
			pallet_node_authorization::Pallet::<T>::claim_node(RawOrigin::Signed(caller.clone()).into(), node.clone())?;
		}

		assert_eq!(Owners::<T>::get(&node), Some(caller));
		Ok(())
	}

	#[benchmark]
	fn remove_claim() -> Result<(), BenchmarkError> {
		let nodes = fill::<T>(T::MaxWellKnownNodes::get());
		let caller: T::AccountId = whitelisted_caller();
		let node = peer::<T>(u32::MAX);
		Owners::<T>::insert(&node, &caller);
		AdditionalConnections::<T>::insert(&node, nodes.into_iter().collect::<alloc::collections::BTreeSet<_>>());

		#[block]
		{
			pallet_node_authorization::Pallet::<T>::remove_claim(RawOrigin::Signed(caller).into(), node.clone())?;
		}

		assert_eq!(Owners::<T>::get(&node), None);
		Ok(())
	}

	#[benchmark]
	fn transfer_node() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let node = peer::<T>(u32::MAX);
		Owners::<T>::insert(&node, &caller);
		let target: T::AccountId = account("target", 0, 0);

		#[block]
		{
			pallet_node_authorization::Pallet::<T>::transfer_node(
				RawOrigin::Signed(caller).into(),
				node.clone(),
				lookup::<T>(target.clone()),
			)?;
		}

		assert_eq!(Owners::<T>::get(&node), Some(target));
		Ok(())
	}

	#[benchmark]
	fn add_connections() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let node = peer::<T>(u32::MAX);
		Owners::<T>::insert(&node, &caller);
		let connections: Vec<_> = (0..T::MaxWellKnownNodes::get()).map(peer::<T>).collect();

		#[block]
		{
			pallet_node_authorization::Pallet::<T>::add_connections(
				RawOrigin::Signed(caller).into(),
				node.clone(),
				connections,
			)?;
		}

		assert_eq!(AdditionalConnections::<T>::get(&node).len() as u32, T::MaxWellKnownNodes::get());
		Ok(())
	}

	#[benchmark]
	fn remove_connections() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let node = peer::<T>(u32::MAX);
		Owners::<T>::insert(&node, &caller);
		let connections: Vec<_> = (0..T::MaxWellKnownNodes::get()).map(peer::<T>).collect();
		AdditionalConnections::<T>::insert(&node, connections.iter().cloned().collect::<alloc::collections::BTreeSet<_>>());

		#[block]
		{
			pallet_node_authorization::Pallet::<T>::remove_connections(
				RawOrigin::Signed(caller).into(),
				node.clone(),
				connections,
			)?;
		}

		assert!(AdditionalConnections::<T>::get(&node).is_empty());
		Ok(())
	}
}
