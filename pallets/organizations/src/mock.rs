//! A runtime with only `frame_system` and this pallet; governance is `Root`.

use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use sp_runtime::BuildStorage;

use crate as pallet_organizations;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Organizations: pallet_organizations,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

parameter_types! {
	pub const MaxTransactionsPerBlock: u32 = 3;
	pub const BlockShare: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(50);
}

impl pallet_organizations::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type AdminOrigin = frame_system::EnsureRoot<u64>;
	type RootOrigin = frame_system::EnsureRoot<u64>;
	type RootCall = RuntimeCall;
	type Council = MockCouncil;
	type MaxOrganizations = ConstU32<4>;
	type MaxAccountsPerOrganization = ConstU32<3>;
	type MaxNameLength = ConstU32<64>;
	type MaxTransactionsPerBlock = MaxTransactionsPerBlock;
	type BlockShare = BlockShare;
	type StateGrowth = RemarkGrowth;
	type DailyStateBudget = frame_support::traits::ConstU64<1_000>;
	type UnixTime = MockTime;
	type WeightInfo = ();
}

parameter_types! {
	/// The mock's clock, in milliseconds since 1970.
	pub static NowMillis: u64 = 0;
}

/// A clock the tests set.
pub struct MockTime;
impl frame_support::traits::UnixTime for MockTime {
	fn now() -> core::time::Duration {
		core::time::Duration::from_millis(NowMillis::get())
	}
}

/// A remark adds as many bytes of state as it has, in the mock.
pub struct RemarkGrowth;
impl medtrust_primitives::state::StateGrowth<RuntimeCall> for RemarkGrowth {
	fn new_state(call: &RuntimeCall) -> u64 {
		match call {
			RuntimeCall::System(frame_system::Call::remark { remark }) => remark.len() as u64,
			_ => 0,
		}
	}
}

parameter_types! {
	/// The mock council's seats.
	pub static CouncilMembers: Vec<u64> = vec![1, 2, 3];
}

/// A council kept in a static, to see which seats suspension vacates.
pub struct MockCouncil;
impl pallet_organizations::CouncilSeats<u64> for MockCouncil {
	fn vacate(accounts: &[u64]) -> Vec<u64> {
		let members = CouncilMembers::get();
		let (out, stay): (Vec<u64>, Vec<u64>) = members.into_iter().partition(|m| accounts.contains(m));
		if stay.is_empty() {
			return Vec::new();
		}
		CouncilMembers::set(stay);
		out
	}

	fn restore(accounts: &[u64]) {
		let mut members = CouncilMembers::get();
		members.extend(accounts.iter().filter(|a| !members.contains(a)).copied().collect::<Vec<_>>());
		members.sort();
		CouncilMembers::set(members);
	}

	fn max_weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::from_parts(1_000, 0)
	}
}

/// Unified social credit codes printed on real business licences.
pub const CODE_A: &[u8] = b"91440300708461136T";
pub const CODE_B: &[u8] = b"91110108551385082Q";
pub const CODE_C: &[u8] = b"91330100799655058B";
/// A GLN with a correct check digit.
pub const GLN_A: &[u8] = b"0614141000005";

/// One hospital (id 0, accounts 1 and 2), admitted at genesis.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		organizations: pallet_organizations::GenesisConfig {
			organizations: vec![crate::GenesisOrganization {
				name: "Peking Union Medical College Hospital".into(),
				credit_code: Some(core::str::from_utf8(CODE_A).unwrap().into()),
				gln: None,
				roles: vec![medtrust_primitives::Role::Hospital],
				accounts: vec![1, 2],
			}],
		},
	}
	.build_storage()
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
