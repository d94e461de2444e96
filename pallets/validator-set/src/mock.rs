//! A runtime with `frame_system` and this pallet; membership is a fixed list, governance `Root`.

use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use medtrust_primitives::{MembershipError, OrganizationId, OrganizationInspect, Role};
use sp_runtime::BuildStorage;

use crate as pallet_validator_set;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		ValidatorSet: pallet_validator_set,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

parameter_types! {
	/// Each member account acts for the organisation with its own number.
	pub static Members: Vec<u64> = vec![1, 2, 3, 4, 5, 6];
	/// Members whose organisations are suspended.
	pub static Suspended: Vec<u64> = vec![6];
}

/// Accounts in [`Members`] act for organisation `account`; those in [`Suspended`] are suspended.
pub struct FixedMembers;
impl OrganizationInspect<u64> for FixedMembers {
	fn organization_of(who: &u64) -> Option<OrganizationId> {
		Members::get().contains(who).then_some(*who as u32)
	}
	fn ensure_active_member(who: &u64) -> Result<OrganizationId, MembershipError> {
		let id = Self::organization_of(who).ok_or(MembershipError::NotAMember)?;
		if Suspended::get().contains(who) {
			return Err(MembershipError::OrganizationSuspended);
		}
		Ok(id)
	}
	fn organization_has_role(id: OrganizationId, _role: Role) -> bool {
		Self::ensure_active_member(&(id as u64)).is_ok()
	}
}

#[cfg(feature = "runtime-benchmarks")]
pub struct EnrolInMembers;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for EnrolInMembers {
	fn enrol(who: &u64) {
		Members::mutate(|members| members.push(*who));
	}
}

impl pallet_validator_set::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type AdminOrigin = frame_system::EnsureRoot<u64>;
	type Organizations = FixedMembers;
	type MaxValidators = ConstU32<4>;
	type MinValidators = ConstU32<2>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = EnrolInMembers;
}

/// Validators 1 and 2 at genesis.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		validator_set: pallet_validator_set::GenesisConfig { validators: vec![1, 2] },
	}
	.build_storage()
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
