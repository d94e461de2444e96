//! A runtime with `frame_system` and this pallet. Organisations are a fixed table: account
//! `10 * n + k` acts for organisation `n`.

use core::cell::{Cell, RefCell};
use frame_support::{derive_impl, parameter_types};
use medtrust_primitives::{MembershipError, OrganizationId, OrganizationInspect, Role};
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
pub const SUSPENDED_HOSPITAL: u64 = 90;
pub const OUTSIDER: u64 = 999;

/// The organisation an account acts for.
pub fn org(account: u64) -> OrganizationId {
	(account / 10) as OrganizationId
}

fn roles_of(org: OrganizationId) -> &'static [Role] {
	match org {
		1 | 2 | 9 => &[Role::Hospital],
		3 => &[Role::Insurer],
		4 => &[Role::Auditor],
		5 => &[Role::Regulator],
		6 => &[Role::Pharmacy],
		7 => &[Role::Hospital, Role::Pharmacy],
		id if id >= BENCHMARK_ORGANIZATIONS => &Role::ALL,
		_ => &[],
	}
}

pub struct Organizations;
impl OrganizationInspect<u64> for Organizations {
	fn organization_of(who: &u64) -> Option<OrganizationId> {
		if let Some(index) = BENCHMARK_MEMBERS.with(|m| m.borrow().iter().position(|a| a == who)) {
			return Some(BENCHMARK_ORGANIZATIONS + index as OrganizationId);
		}
		(*who < 10 * BENCHMARK_ORGANIZATIONS as u64 && !roles_of(org(*who)).is_empty()).then(|| org(*who))
	}
	fn ensure_role(who: &u64, role: Role) -> Result<OrganizationId, MembershipError> {
		let id = Self::ensure_active_member(who)?;
		roles_of(id).contains(&role).then_some(id).ok_or(MembershipError::MissingRole)
	}
	fn ensure_active_member(who: &u64) -> Result<OrganizationId, MembershipError> {
		let id = Self::organization_of(who).ok_or(MembershipError::NotAMember)?;
		if id == 9 {
			return Err(MembershipError::OrganizationSuspended);
		}
		Ok(id)
	}
	fn organization_has_role(id: OrganizationId, role: Role) -> bool {
		id != 9 && roles_of(id).contains(&role)
	}
}

/// Organisations from this id on hold every role; the benchmarks' members act for them.
const BENCHMARK_ORGANIZATIONS: OrganizationId = 1_000;

/// 2026-11-23 00:00 UTC.
pub const START_MILLIS: u64 = 1_795_392_000_000;
pub const DAY: u64 = 86_400_000;

thread_local! {
	static BENCHMARK_MEMBERS: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
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
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkMembers;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkMembers;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for BenchmarkMembers {
	fn member(who: &u64) -> OrganizationId {
		BENCHMARK_MEMBERS.with(|m| m.borrow_mut().push(*who));
		Organizations::organization_of(who).expect("just enrolled; qed")
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	set_now_millis(START_MILLIS);
	ext
}
