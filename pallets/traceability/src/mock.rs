//! A runtime with `frame_system` and this pallet. Organisations are a fixed table: account
//! `10 * n + k` acts for organisation `n`.

use core::cell::Cell;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use medtrust_primitives::{
	membership::testing::{FixedOrganizations, OrganizationTable},
	OrganizationId, Role,
};
use sp_runtime::BuildStorage;

use crate as pallet_traceability;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Traceability: pallet_traceability,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	/// The weights' own database costs, so that refunds of writes not made show.
	type DbWeight = frame_support::weights::constants::RocksDbWeight;
}

pub const MANUFACTURER: u64 = 10;
pub const DISTRIBUTOR: u64 = 20;
pub const PHARMACY: u64 = 30;
pub const HOSPITAL: u64 = 40;
pub const VACCINATION_SITE: u64 = 50;
pub const REGULATOR: u64 = 60;
pub const OTHER_MANUFACTURER: u64 = 70;
pub const OTHER_PHARMACY: u64 = 80;
pub const SUSPENDED_PHARMACY: u64 = 90;
pub const INSURER: u64 = 100;
pub const OUTSIDER: u64 = 999;

/// The organisation an account acts for.
pub fn org(account: u64) -> OrganizationId {
	(account / 10) as OrganizationId
}

/// The test's organisations and their roles; organisation 9 is suspended.
pub struct Table;
impl OrganizationTable for Table {
	const SUSPENDED: OrganizationId = 9;
	fn roles_of(id: OrganizationId) -> &'static [Role] {
		match id {
			1 | 7 => &[Role::Manufacturer],
			2 => &[Role::Distributor],
			3 | 8 | 9 => &[Role::Pharmacy],
			4 => &[Role::Hospital],
			5 => &[Role::VaccinationSite],
			6 => &[Role::Regulator],
			10 => &[Role::Insurer],
			_ => &[],
		}
	}
}

pub type Organizations = FixedOrganizations<Table>;

thread_local! {
	static NOW_MILLIS: Cell<u64> = const { Cell::new(1_795_392_000_000) }; // 2026-11-23
}

/// Sets the wall clock the pallet sees.
pub fn set_today_millis(millis: u64) {
	NOW_MILLIS.with(|now| now.set(millis));
}

pub struct Clock;
impl frame_support::traits::UnixTime for Clock {
	fn now() -> core::time::Duration {
		core::time::Duration::from_millis(NOW_MILLIS.with(|now| now.get()))
	}
}

parameter_types! {
	pub const UndoWindow: u64 = 10;
}

impl pallet_traceability::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Organizations = Organizations;
	type UnixTime = Clock;
	type MaxCommissionBatch = ConstU32<100>;
	type MaxItemBatch = ConstU32<20>;
	type MaxScanBatch = ConstU32<10>;
	type MaxEpcisEvents = ConstU32<4>;
	type UndoWindow = UndoWindow;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkMembers;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkMembers;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for BenchmarkMembers {
	fn member(who: &u64) -> OrganizationId {
		medtrust_primitives::membership::testing::enrol_benchmark_member(*who)
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	set_today_millis(1_795_392_000_000);
	ext
}
