//! A runtime with `frame_system` and this pallet. Organisations are a fixed table: account
//! `10 * n + k` acts for organisation `n`.

use core::cell::Cell;
use frame_support::{derive_impl, parameter_types};
use medtrust_primitives::{
	membership::testing::{FixedOrganizations, OrganizationTable},
	OrganizationId, Role,
};
use sp_runtime::BuildStorage;

use crate as pallet_consent;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Consent: pallet_consent,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

pub const HOSPITAL: u64 = 10;
pub const OTHER_HOSPITAL: u64 = 20;
pub const INSURER: u64 = 30;
pub const AUDITOR: u64 = 40;
pub const REGULATOR: u64 = 50;
pub const DELEGATE: u64 = 70;
/// A hospital that is also an auditor (organisation 8).
pub const HOSPITAL_AUDITOR: u64 = 80;
pub const SUSPENDED_HOSPITAL: u64 = 90;
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
			1 | 2 | 9 => &[Role::Hospital],
			3 => &[Role::Insurer],
			4 => &[Role::Auditor],
			5 => &[Role::Regulator],
			6 => &[Role::Pharmacy],
			7 => &[Role::Hospital, Role::Pharmacy],
			8 => &[Role::Hospital, Role::Auditor],
			_ => &[],
		}
	}
}

pub type Organizations = FixedOrganizations<Table>;

/// 2026-11-23 00:00 UTC.
pub const START_MILLIS: u64 = 1_795_392_000_000;
pub const DAY: u64 = 86_400_000;

thread_local! {
	static NOW_MILLIS: Cell<u64> = const { Cell::new(START_MILLIS) };
}

/// Sets the wall clock the pallet sees.
pub fn set_now_millis(millis: u64) {
	NOW_MILLIS.with(|now| now.set(millis));
}

pub struct Clock;
impl frame_support::traits::UnixTime for Clock {
	fn now() -> core::time::Duration {
		core::time::Duration::from_millis(NOW_MILLIS.with(|now| now.get()))
	}
}

parameter_types! {
	pub const MaxLogDelay: u64 = DAY;
	pub const BreakGlassReviewPeriod: u32 = 100;
}

impl pallet_consent::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Organizations = Organizations;
	type UnixTime = Clock;
	type MaxLogDelay = MaxLogDelay;
	type MaxAccessBatch = frame_support::traits::ConstU32<10>;
	type BreakGlassReviewPeriod = BreakGlassReviewPeriod;
	type AuditSignature = sp_runtime::testing::TestSignature;
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
	set_now_millis(START_MILLIS);
	ext
}
