//! Which pallets' benchmarks the runtime runs, and the helpers they need.

frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_organizations, Organizations]
	[pallet_validator_set, ValidatorSet]
	[pallet_collective, Council]
	[pallet_node_authorization, NodeAuthorizationBench::<Runtime>]
	[pallet_traceability, Traceability]
	[pallet_consent, Consent]
	[pallet_claims, Claims]
);

pub use frame_system_benchmarking::{extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench};
pub use node_authorization::Pallet as NodeAuthorizationBench;

mod node_authorization;

use crate::{AccountId, Organizations};

/// Benchmarks of the validator set need validators that act for active organisations.
pub struct EnrolInOrganization;

impl pallet_validator_set::BenchmarkHelper<AccountId> for EnrolInOrganization {
	fn enrol(who: &AccountId) {
		Organizations::admit_for_benchmark(who.clone());
	}
}
