//! A runtime with `frame_system` and this pallet. Organisations are a fixed table: account
//! `10 * n + k` acts for organisation `n`. Consents are a set of (subject, insurer) pairs the
//! test grants.

use core::cell::{Cell, RefCell};
use frame_support::derive_impl;
use medtrust_primitives::{
	consent::{AccessRequest, ConsentInspect, Decision, DenyReason},
	membership::testing::{FixedOrganizations, OrganizationTable},
	OrganizationId, Role,
};
use sp_runtime::BuildStorage;
use std::collections::BTreeSet;

use crate::{self as pallet_claims, types::Subject};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Claims: pallet_claims,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

pub const HOSPITAL: u64 = 10;
pub const OTHER_HOSPITAL: u64 = 20;
pub const INSURER: u64 = 30;
pub const OTHER_INSURER: u64 = 40;
pub const REGULATOR: u64 = 50;
pub const PHARMACY: u64 = 60;
pub const SUSPENDED_INSURER: u64 = 90;
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
			1 | 2 => &[Role::Hospital],
			3 | 4 | 9 => &[Role::Insurer],
			5 => &[Role::Regulator],
			6 => &[Role::Pharmacy],
			_ => &[],
		}
	}
}

/// 2026-11-23 00:00 UTC.
pub const START_MILLIS: u64 = 1_795_392_000_000;
pub const DAY: u64 = 86_400_000;

thread_local! {
	static NOW_MILLIS: Cell<u64> = const { Cell::new(START_MILLIS) };
	static CONSENTS: RefCell<BTreeSet<(Subject, OrganizationId)>> = const { RefCell::new(BTreeSet::new()) };
}

/// Sets the wall clock the pallet sees.
pub fn set_now_millis(millis: u64) {
	NOW_MILLIS.with(|now| now.set(millis));
}

/// Moves the wall clock on.
pub fn advance_millis(millis: u64) {
	NOW_MILLIS.with(|now| now.set(now.get() + millis));
}

/// Records the subject's third-party-provision consent naming the insurer for payment.
pub fn grant_consent(subject: Subject, insurer: OrganizationId) {
	CONSENTS.with(|c| c.borrow_mut().insert((subject, insurer)));
}

/// Withdraws it.
pub fn withdraw_consent(subject: Subject, insurer: OrganizationId) {
	CONSENTS.with(|c| c.borrow_mut().remove(&(subject, insurer)));
}

pub struct Clock;
impl frame_support::traits::UnixTime for Clock {
	fn now() -> core::time::Duration {
		core::time::Duration::from_millis(NOW_MILLIS.with(|now| now.get()))
	}
}

/// The consents the test granted, for exactly the claims request.
pub struct Consents;
impl ConsentInspect for Consents {
	fn decide(request: &AccessRequest) -> (Decision, u32) {
		let claims_request = request.role == Role::Insurer
			&& request.purpose == medtrust_primitives::consent::Purpose::Payment
			&& request.action == medtrust_primitives::consent::Action::Disclose
			&& request.data_class == medtrust_primitives::consent::DataClass::Billing;
		if claims_request && CONSENTS.with(|c| c.borrow().contains(&(request.subject, request.organization))) {
			(Decision::Permit { consent: 0, version: 1 }, 1)
		} else {
			(Decision::deny(DenyReason::NoConsent), 1)
		}
	}
}

impl pallet_claims::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Organizations = FixedOrganizations<Table>;
	type Consents = Consents;
	type UnixTime = Clock;
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
	fn grant_claims_consent(_hospital: OrganizationId, subject: Subject, insurer: OrganizationId, _consents: u32) {
		grant_consent(subject, insurer);
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	set_now_millis(START_MILLIS);
	CONSENTS.with(|c| c.borrow_mut().clear());
	ext
}
