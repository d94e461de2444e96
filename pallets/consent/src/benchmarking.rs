//! Benchmarks of every call, each on its most expensive path: a subject with as many consents
//! in force as allowed, consents with every provision and grantee, a permit checked against
//! all of them.

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::BoundedVec;
use frame_system::RawOrigin;
use medtrust_primitives::{
	consent::{
		Actions, Categories, DataClasses, Grantee, Grantees, Grantor, Period, Provision, ProvisionKind, Purposes,
		MAX_CONSENTS_PER_SUBJECT, MAX_GRANTEES, MAX_PROVISIONS,
	},
	OrganizationId, Role,
};

const SUBJECT: Subject = [7; 32];

fn member<T: Config>() -> (T::AccountId, OrganizationId) {
	let who: T::AccountId = account("member", 0, 0);
	let org = T::BenchmarkHelper::member(&who);
	(who, org)
}

/// Consent terms naming `org` (`grantees` times) and every purpose, class and action, with
/// every provision: a chain of nested permits, so that evaluation walks all of them.
fn terms(org: OrganizationId, grantees: u32, categories: Categories) -> ConsentTerms {
	let provisions: Vec<Provision> = (0..MAX_PROVISIONS)
		.map(|i| Provision {
			parent: (i % 4).checked_sub(1).map(|p| (i - i % 4 + p) as u8),
			kind: ProvisionKind::Permit,
			grantees: alloc::vec![Grantee::Organization(org); MAX_GRANTEES as usize].try_into().expect("at the bound; qed"),
			purposes: Purposes::of(Purpose::ALL),
			data_classes: DataClasses::of(DataClass::ALL),
			actions: Actions::of(Action::ALL),
			period: Some(Period { start: 0, end: Some(u64::MAX - 1) }),
		})
		.collect();
	ConsentTerms {
		subject: SUBJECT,
		grantor: Grantor::Patient,
		grantees: alloc::vec![Grantee::Organization(org); grantees as usize].try_into().expect("within the bound; qed"),
		purposes: Purposes::of(Purpose::ALL),
		data_classes: DataClasses::of(DataClass::ALL),
		actions: Actions::of(Action::ALL),
		period: Period { start: 0, end: None },
		categories,
		provisions: provisions.try_into().expect("at the bound; qed"),
		policy_hash: [1; 32],
		form_hash: [2; 32],
	}
}

/// [`terms`] whose grantee lists (the consent's and each provision's) name organisations all
/// distinct from each other, so that checking that each exists reads each once.
fn terms_with_distinct_grantees<T: Config>(org: OrganizationId, categories: Categories) -> ConsentTerms {
	let mut terms = terms(org, MAX_GRANTEES, categories);
	let mut next = 0u32;
	let mut distinct = || -> Grantees {
		(0..MAX_GRANTEES)
			.map(|_| {
				next += 1;
				Grantee::Organization(T::BenchmarkHelper::member(&account("grantee", next, 0)))
			})
			.collect::<Vec<_>>()
			.try_into()
			.expect("at the bound; qed")
	};
	terms.grantees = distinct();
	for provision in terms.provisions.iter_mut() {
		provision.grantees = distinct();
	}
	terms
}

/// A subject managed by `org` with `n` consents in force, pairwise distinct so none overlaps.
fn subject_with_consents<T: Config>(org: OrganizationId, n: u32) {
	Pallet::<T>::do_register_subject(org, SUBJECT, None).expect("fresh subject; qed");
	for i in 0..n {
		let categories = Categories((i / MAX_GRANTEES) as u8 * Categories::SENSITIVE);
		Pallet::<T>::do_record_consent(org, terms(org, i % MAX_GRANTEES + 1, categories), None)
			.expect("distinct grantees or category; qed");
	}
}

fn access(org_role: Role, decision: LoggedDecision, basis: Basis) -> AccessReport {
	AccessReport {
		subject: SUBJECT,
		role: org_role,
		purpose: Purpose::Treatment,
		action: Action::Read,
		data_class: DataClass::Diagnoses,
		accessed_at: 0,
		record: [3; 32],
		basis,
		decision,
		reason: Some([4; 32]),
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_subject() {
		let (who, org) = member::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who), SUBJECT, Some(org));
		assert!(Subjects::<T>::contains_key(SUBJECT));
	}

	#[benchmark]
	fn set_delegate() {
		let (who, org) = member::<T>();
		Pallet::<T>::do_register_subject(org, SUBJECT, None).expect("fresh subject; qed");
		#[extrinsic_call]
		_(RawOrigin::Signed(who), SUBJECT, Some(org));
	}

	/// A new consent for a subject with one consent short of the bound in force (each checked
	/// for overlap and for pruning), with every grantee and provision, every grantee a distinct
	/// organisation.
	#[benchmark]
	fn record_consent() {
		let (who, org) = member::<T>();
		subject_with_consents::<T>(org, MAX_CONSENTS_PER_SUBJECT - 1);
		let fresh = terms_with_distinct_grantees::<T>(org, Categories(Categories::THIRD_PARTY));
		#[extrinsic_call]
		_(RawOrigin::Signed(who), fresh, None);
		assert_eq!(Subjects::<T>::get(SUBJECT).expect("registered; qed").consents.len() as u32, MAX_CONSENTS_PER_SUBJECT);
	}

	#[benchmark]
	fn withdraw_consent() {
		let (who, org) = member::<T>();
		subject_with_consents::<T>(org, 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), 0, false);
	}

	/// One access (a batch of one) at its dearest: the glass broken while citing the last of
	/// the subject's `c` consents, all in force and evaluated through every provision, so that
	/// both the consent check and the break-glass review queue are paid for. The log's length
	/// does not change the cost (the entry is appended after the head), but the subject and the
	/// organisation already have entries, so every counter is a read and a write of a value.
	/// A batch weighs the sum of its entries.
	#[benchmark]
	fn record_access(c: Linear<1, MAX_CONSENTS_PER_SUBJECT>) {
		let (who, org) = member::<T>();
		subject_with_consents::<T>(org, c);
		let basis = Basis::Consent { consent: c as u64 - 1, version: 1 };
		let mut earlier = access(Role::Hospital, LoggedDecision::Permit, basis);
		earlier.accessed_at = Pallet::<T>::now();
		Pallet::<T>::do_record_access(org, earlier).expect("a permit under a consent in force; qed");
		let mut report = access(Role::Hospital, LoggedDecision::BreakGlass, basis);
		report.accessed_at = Pallet::<T>::now();
		#[extrinsic_call]
		_(RawOrigin::Signed(who), BoundedVec::truncate_from(alloc::vec![report]));
		assert_eq!(LogHeads::<T>::get(SUBJECT).length, 2);
		assert!(PendingReviews::<T>::contains_key(SUBJECT, 1));
	}

	#[benchmark]
	fn review_break_glass() {
		let (who, org) = member::<T>();
		subject_with_consents::<T>(org, 0);
		// Another hospital broke the glass: no one reviews their own access.
		let hospital = T::BenchmarkHelper::member(&account("hospital", 0, 0));
		let mut report = access(Role::Hospital, LoggedDecision::BreakGlass, Basis::None);
		report.accessed_at = Pallet::<T>::now();
		Pallet::<T>::do_record_access(hospital, report).expect("a hospital with a reason; qed");
		#[extrinsic_call]
		_(RawOrigin::Signed(who), SUBJECT, 0, true, [5; 32]);
		assert!(BreakGlassReviews::<T>::contains_key(SUBJECT, 0));
	}

	#[benchmark]
	fn record_erasure() {
		let (who, org) = member::<T>();
		subject_with_consents::<T>(org, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), SUBJECT);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
