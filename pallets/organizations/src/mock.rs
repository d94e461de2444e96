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
}

impl pallet_organizations::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type AdminOrigin = frame_system::EnsureRoot<u64>;
	type MaxOrganizations = ConstU32<4>;
	type MaxAccountsPerOrganization = ConstU32<3>;
	type MaxNameLength = ConstU32<64>;
	type MaxTransactionsPerBlock = MaxTransactionsPerBlock;
	type WeightInfo = ();
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
