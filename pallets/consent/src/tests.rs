//! Every call's effects and errors, nothing written on an error, and the log's hash chain.

use frame_support::{assert_noop, assert_ok};
use medtrust_primitives::{
	consent::{
		audit::{AuditAnswer, AuditError, AuditQuery, LogFilter, MAX_AUDIT_RESULTS},
		verify_log, Actions, Categories, DataClasses, Grantee, Period, Provision, ProvisionKind, Purposes,
		StatutoryBasis,
	},
	Role,
};

use crate::{mock::*, pallet::*, types::*, Error};

const PATIENT: Subject = [7; 32];

fn terms(grantees: &[Grantee], classes: &[DataClass]) -> ConsentTerms {
	ConsentTerms {
		subject: PATIENT,
		grantor: medtrust_primitives::consent::Grantor::Patient,
		grantees: grantees.to_vec().try_into().unwrap(),
		purposes: Purposes::of(&[Purpose::Treatment]),
		data_classes: DataClasses::of(classes),
		actions: Actions::of(&[Action::Read, Action::Copy]),
		period: Period { start: START_MILLIS, end: Some(START_MILLIS + 365 * DAY) },
		categories: Categories::ORDINARY,
		provisions: Default::default(),
		policy_hash: [1; 32],
		form_hash: [2; 32],
	}
}

fn other_hospital() -> Vec<Grantee> {
	vec![Grantee::Organization(org(OTHER_HOSPITAL))]
}

fn report(class: DataClass, basis: Basis, decision: LoggedDecision) -> AccessReport {
	AccessReport {
		subject: PATIENT,
		role: Role::Hospital,
		purpose: Purpose::Treatment,
		action: Action::Read,
		data_class: class,
		accessed_at: Consent::now(),
		record: [3; 32],
		basis,
		decision,
		reason: None,
	}
}

/// Logs one access.
fn record_access(origin: RuntimeOrigin, report: AccessReport) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Consent::record_access(origin, vec![report].try_into().unwrap())
}

const V1: Basis = Basis::Consent { consent: 0, version: 1 };

/// A registered patient with consent 0: the other hospital may read imaging for treatment.
fn with_consent(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		assert_ok!(Consent::register_subject(RuntimeOrigin::signed(HOSPITAL), PATIENT, None));
		assert_ok!(Consent::record_consent(
			RuntimeOrigin::signed(HOSPITAL),
			terms(&other_hospital(), &[DataClass::Imaging]),
			None
		));
		test()
	})
}

fn advance(blocks: u32, millis: u64) {
	System::set_block_number(System::block_number() + blocks as u64);
	set_now_millis(Consent::now() + millis);
}

#[test]
fn only_a_hospital_registers_a_subject_and_only_once() {
	new_test_ext().execute_with(|| {
		assert_noop!(Consent::register_subject(RuntimeOrigin::signed(INSURER), PATIENT, None), Error::<Test>::MissingRole);
		assert_noop!(Consent::register_subject(RuntimeOrigin::signed(OUTSIDER), PATIENT, None), Error::<Test>::NotAMember);
		assert_noop!(
			Consent::register_subject(RuntimeOrigin::signed(SUSPENDED_HOSPITAL), PATIENT, None),
			Error::<Test>::OrganizationSuspended
		);
		assert_noop!(
			Consent::register_subject(RuntimeOrigin::signed(HOSPITAL), PATIENT, Some(77)),
			Error::<Test>::UnknownOrganization
		);
		assert_ok!(Consent::register_subject(RuntimeOrigin::signed(HOSPITAL), PATIENT, Some(org(DELEGATE))));
		System::assert_last_event(Event::SubjectRegistered { subject: PATIENT, home: org(HOSPITAL) }.into());
		assert_noop!(
			Consent::register_subject(RuntimeOrigin::signed(OTHER_HOSPITAL), PATIENT, None),
			Error::<Test>::SubjectExists
		);
	})
}

#[test]
fn only_the_patients_organization_or_delegate_records_and_withdraws() {
	new_test_ext().execute_with(|| {
		let t = terms(&other_hospital(), &[DataClass::Imaging]);
		assert_noop!(Consent::record_consent(RuntimeOrigin::signed(HOSPITAL), t.clone(), None), Error::<Test>::UnknownSubject);
		assert_ok!(Consent::register_subject(RuntimeOrigin::signed(HOSPITAL), PATIENT, None));
		assert_noop!(
			Consent::record_consent(RuntimeOrigin::signed(OTHER_HOSPITAL), t.clone(), None),
			Error::<Test>::NotTheSubjectsOrganization
		);
		assert_noop!(
			Consent::record_consent(RuntimeOrigin::signed(DELEGATE), t.clone(), None),
			Error::<Test>::NotTheSubjectsOrganization
		);
		assert_noop!(
			Consent::set_delegate(RuntimeOrigin::signed(DELEGATE), PATIENT, Some(org(DELEGATE))),
			Error::<Test>::NotTheSubjectsOrganization
		);
		assert_ok!(Consent::set_delegate(RuntimeOrigin::signed(HOSPITAL), PATIENT, Some(org(DELEGATE))));
		assert_ok!(Consent::record_consent(RuntimeOrigin::signed(DELEGATE), t, None));
		System::assert_last_event(
			Event::ConsentRecorded { consent: 0, version: 1, subject: PATIENT, by: org(DELEGATE) }.into(),
		);
		assert_noop!(
			Consent::withdraw_consent(RuntimeOrigin::signed(OTHER_HOSPITAL), 0, false),
			Error::<Test>::NotTheSubjectsOrganization
		);
		assert_noop!(Consent::withdraw_consent(RuntimeOrigin::signed(HOSPITAL), 5, false), Error::<Test>::UnknownConsent);
		assert_ok!(Consent::withdraw_consent(RuntimeOrigin::signed(HOSPITAL), 0, false));
		assert_noop!(Consent::withdraw_consent(RuntimeOrigin::signed(HOSPITAL), 0, false), Error::<Test>::ConsentNotActive);
	})
}

#[test]
fn malformed_terms_are_refused_with_a_precise_error() {
	with_consent(|| {
		let record = |t: ConsentTerms| Consent::record_consent(RuntimeOrigin::signed(HOSPITAL), t, None);
		let base = || terms(&[Grantee::Role(Role::Insurer)], &[DataClass::Billing]);
		let mut t = base();
		t.period.end = Some(t.period.start);
		assert_noop!(record(t), Error::<Test>::InvalidPeriod);
		let mut t = base();
		t.purposes = Purposes(1 << 20);
		assert_noop!(record(t), Error::<Test>::UnknownPurpose);
		let mut t = base();
		t.data_classes = DataClasses(0);
		assert_noop!(record(t), Error::<Test>::UnknownDataClass);
		let mut t = base();
		t.data_classes = DataClasses(1 << 31);
		assert_noop!(record(t), Error::<Test>::UnknownDataClass);
		let mut t = base();
		t.actions = Actions(1 << 5);
		assert_noop!(record(t), Error::<Test>::UnknownAction);
		let mut t = base();
		t.categories = Categories(4);
		assert_noop!(record(t), Error::<Test>::UnknownCategory);
		let mut t = base();
		t.grantees = Default::default();
		assert_noop!(record(t), Error::<Test>::NoGrantee);
		let mut t = base();
		t.grantees = vec![Grantee::Organization(55)].try_into().unwrap();
		assert_noop!(record(t), Error::<Test>::UnknownOrganization);
		let provision = |parent| Provision {
			parent,
			kind: ProvisionKind::Deny,
			grantees: Default::default(),
			purposes: Purposes::default(),
			data_classes: DataClasses::default(),
			actions: Actions::default(),
			period: None,
		};
		let mut t = base();
		t.provisions = vec![provision(Some(0))].try_into().unwrap();
		assert_noop!(record(t), Error::<Test>::InvalidProvisionParent);
		let mut t = base();
		t.provisions = (0..5u8).map(|i| provision(i.checked_sub(1))).collect::<Vec<_>>().try_into().unwrap();
		assert_noop!(record(t), Error::<Test>::ProvisionTooDeep);
		let mut t = base();
		let mut outside = provision(None);
		outside.period = Some(Period { start: START_MILLIS - 1, end: None });
		t.provisions = vec![outside].try_into().unwrap();
		assert_noop!(record(t), Error::<Test>::ProvisionOutsidePeriod);
		// The same grantees and category over an overlapping period: supersede instead.
		let mut t = terms(&other_hospital(), &[DataClass::LabResults]);
		t.period = Period { start: START_MILLIS + 30 * DAY, end: None };
		assert_noop!(record(t.clone()), Error::<Test>::OverlappingConsent);
		t.period = Period { start: START_MILLIS + 365 * DAY, end: None };
		assert_ok!(record(t));
	})
}

#[test]
fn a_new_version_supersedes_the_old_from_its_block_and_the_old_terms_stay() {
	with_consent(|| {
		advance(1, 1000);
		let mut wider = terms(&other_hospital(), &[DataClass::Imaging, DataClass::LabResults]);
		wider.subject = [8; 32];
		assert_noop!(
			Consent::record_consent(RuntimeOrigin::signed(HOSPITAL), wider.clone(), Some(0)),
			Error::<Test>::UnknownSubject
		);
		assert_ok!(Consent::register_subject(RuntimeOrigin::signed(HOSPITAL), [8; 32], None));
		assert_noop!(
			Consent::record_consent(RuntimeOrigin::signed(HOSPITAL), wider.clone(), Some(0)),
			Error::<Test>::SubjectMismatch
		);
		wider.subject = PATIENT;
		assert_noop!(
			Consent::record_consent(RuntimeOrigin::signed(HOSPITAL), wider.clone(), Some(9)),
			Error::<Test>::UnknownConsent
		);
		assert_ok!(Consent::record_consent(RuntimeOrigin::signed(HOSPITAL), wider.clone(), Some(0)));
		let head = ConsentHeads::<Test>::get(0).unwrap();
		assert_eq!(head.latest(), 2);
		assert_eq!(head.versions[0].status, ConsentStatus::Superseded);
		assert_eq!(head.versions[0].until, Some(Consent::now()));
		assert_eq!(ConsentVersions::<Test>::get(0, 1).unwrap().data_classes, DataClasses::of(&[DataClass::Imaging]));
		assert_eq!(ConsentVersions::<Test>::get(0, 2).unwrap(), wider);
		// An access a moment before the new version still cites version 1.
		let mut earlier = report(DataClass::Imaging, V1, LoggedDecision::Permit);
		earlier.accessed_at -= 1;
		assert_ok!(record_access(RuntimeOrigin::signed(OTHER_HOSPITAL), earlier));
		assert_noop!(
			record_access(RuntimeOrigin::signed(OTHER_HOSPITAL), report(DataClass::Imaging, V1, LoggedDecision::Permit)),
			Error::<Test>::ConsentDoesNotPermit
		);
		let v2 = Basis::Consent { consent: 0, version: 2 };
		assert_ok!(record_access(RuntimeOrigin::signed(OTHER_HOSPITAL), report(DataClass::LabResults, v2, LoggedDecision::Permit)));
	})
}

#[test]
fn withdrawal_is_not_retroactive_for_the_log() {
	with_consent(|| {
		let before = Consent::now();
		advance(1, 60_000);
		assert_ok!(Consent::withdraw_consent(RuntimeOrigin::signed(HOSPITAL), 0, false));
		advance(1, 60_000);
		// An access made before the withdrawal may be logged after it, citing the consent ...
		let mut late = report(DataClass::Imaging, V1, LoggedDecision::Permit);
		late.accessed_at = before;
		assert_ok!(record_access(RuntimeOrigin::signed(OTHER_HOSPITAL), late));
		// ... but one made after it may not.
		assert_noop!(
			record_access(RuntimeOrigin::signed(OTHER_HOSPITAL), report(DataClass::Imaging, V1, LoggedDecision::Permit)),
			Error::<Test>::ConsentDoesNotPermit
		);
	})
}

#[test]
fn a_log_entry_must_rest_on_what_permitted_it() {
	with_consent(|| {
		let access = |who, r| record_access(RuntimeOrigin::signed(who), r);
		// Not a grantee, a class outside the consent, the wrong role, no basis.
		assert_noop!(access(HOSPITAL, report(DataClass::Imaging, V1, LoggedDecision::Permit)), Error::<Test>::ConsentDoesNotPermit);
		assert_noop!(access(OTHER_HOSPITAL, report(DataClass::Genetic, V1, LoggedDecision::Permit)), Error::<Test>::ConsentDoesNotPermit);
		let mut as_pharmacy = report(DataClass::Imaging, V1, LoggedDecision::Permit);
		as_pharmacy.role = Role::Pharmacy;
		assert_noop!(access(OTHER_HOSPITAL, as_pharmacy), Error::<Test>::MissingRole);
		assert_noop!(access(OTHER_HOSPITAL, report(DataClass::Imaging, Basis::None, LoggedDecision::Permit)), Error::<Test>::BasisRequired);
		let mut future = report(DataClass::Imaging, V1, LoggedDecision::Permit);
		future.accessed_at += 1;
		assert_noop!(access(OTHER_HOSPITAL, future), Error::<Test>::AccessTimeOutOfRange);
		let mut stale = report(DataClass::Imaging, V1, LoggedDecision::Permit);
		stale.accessed_at -= DAY + 1;
		assert_noop!(access(OTHER_HOSPITAL, stale), Error::<Test>::AccessTimeOutOfRange);
		let mut unknown = report(DataClass::Imaging, V1, LoggedDecision::Permit);
		unknown.subject = [9; 32];
		assert_noop!(access(OTHER_HOSPITAL, unknown), Error::<Test>::UnknownSubject);
		// A permit, a statutory basis, and a denial are all logged.
		assert_ok!(access(OTHER_HOSPITAL, report(DataClass::Imaging, V1, LoggedDecision::Permit)));
		let statutory = Basis::Statutory(StatutoryBasis::LegalObligation);
		assert_ok!(access(HOSPITAL, report(DataClass::InfectiousDisease, statutory, LoggedDecision::Permit)));
		assert_ok!(access(HOSPITAL, report(DataClass::Genetic, Basis::None, LoggedDecision::Deny)));
		System::assert_last_event(
			Event::AccessRecorded { subject: PATIENT, index: 2, organization: org(HOSPITAL), decision: LoggedDecision::Deny }
				.into(),
		);
		assert_eq!(OrganizationAccessCount::<Test>::get(org(HOSPITAL)), 2);
		assert_eq!(OrganizationAccesses::<Test>::get(org(HOSPITAL), 1), Some((PATIENT, 2)));
	})
}

#[test]
fn the_log_is_hash_chained_and_tampering_is_detected() {
	with_consent(|| {
		for _ in 0..4 {
			assert_ok!(record_access(
				RuntimeOrigin::signed(OTHER_HOSPITAL),
				report(DataClass::Imaging, V1, LoggedDecision::Permit)
			));
			advance(1, 1000);
		}
		let head = LogHeads::<Test>::get(PATIENT);
		assert_eq!(head.length, 4);
		let entries: Vec<_> = (0..4).map(|i| AccessLog::<Test>::get(PATIENT, i).unwrap()).collect();
		assert_eq!(entries[0].previous, [0; 32]);
		assert_eq!(verify_log(&entries, &head), Ok(()));
		let mut tampered = entries.clone();
		tampered[1].organization = org(HOSPITAL);
		assert!(verify_log(&tampered, &head).is_err());
		assert!(verify_log(&entries[1..], &head).is_err());
	})
}

#[test]
fn break_glass_is_for_hospitals_with_a_reason_and_is_reviewed_once() {
	with_consent(|| {
		let mut glass = report(DataClass::FullRecord, Basis::None, LoggedDecision::BreakGlass);
		assert_noop!(
			record_access(RuntimeOrigin::signed(HOSPITAL), glass.clone()),
			Error::<Test>::BreakGlassNotAllowed
		);
		glass.reason = Some([4; 32]);
		let mut by_insurer = glass.clone();
		by_insurer.role = Role::Insurer;
		assert_noop!(record_access(RuntimeOrigin::signed(INSURER), by_insurer), Error::<Test>::BreakGlassNotAllowed);
		assert_ok!(record_access(RuntimeOrigin::signed(HOSPITAL), glass));
		assert_eq!(PendingReviews::<Test>::get(PATIENT, 0), Some(101));
		let review = |who, index| Consent::review_break_glass(RuntimeOrigin::signed(who), PATIENT, index, true, [5; 32]);
		assert_noop!(review(HOSPITAL, 0), Error::<Test>::MissingRole);
		assert_noop!(review(AUDITOR, 3), Error::<Test>::UnknownAccess);
		assert_ok!(record_access(RuntimeOrigin::signed(OTHER_HOSPITAL), report(DataClass::Imaging, V1, LoggedDecision::Permit)));
		assert_noop!(review(AUDITOR, 1), Error::<Test>::NotBreakGlass);
		assert_ok!(review(REGULATOR, 0));
		assert_eq!(PendingReviews::<Test>::get(PATIENT, 0), None);
		assert_eq!(BreakGlassReviews::<Test>::get(PATIENT, 0).unwrap().reviewer, org(REGULATOR));
		assert_noop!(review(AUDITOR, 0), Error::<Test>::AlreadyReviewed);
	})
}

#[test]
fn no_one_reviews_their_own_break_glass_access() {
	with_consent(|| {
		let mut glass = report(DataClass::FullRecord, Basis::None, LoggedDecision::BreakGlass);
		glass.reason = Some([4; 32]);
		assert_ok!(record_access(RuntimeOrigin::signed(HOSPITAL_AUDITOR), glass));
		let review = |who| Consent::review_break_glass(RuntimeOrigin::signed(who), PATIENT, 0, true, [5; 32]);
		assert_noop!(review(HOSPITAL_AUDITOR), Error::<Test>::OwnBreakGlassAccess);
		assert_ok!(review(AUDITOR));
	})
}

#[test]
fn unreviewed_break_glass_becomes_a_finding_after_the_review_period() {
	with_consent(|| {
		let mut glass = report(DataClass::FullRecord, Basis::None, LoggedDecision::BreakGlass);
		glass.reason = Some([4; 32]);
		assert_ok!(record_access(RuntimeOrigin::signed(HOSPITAL), glass));
		let overdue = || match Consent::audit(&AUDITOR, AuditQuery::UnreviewedBreakGlass { overdue_only: true, limit: 10 }) {
			Ok(AuditAnswer::Accesses { accesses, .. }) => accesses.len(),
			other => panic!("{other:?}"),
		};
		assert_eq!(overdue(), 0);
		advance(101, 0);
		assert_eq!(overdue(), 1);
		assert_eq!(
			Consent::audit(&HOSPITAL, AuditQuery::UnreviewedBreakGlass { overdue_only: true, limit: 10 }),
			Err(AuditError::NotAuthorized)
		);
	})
}

/// The unreviewed break-glass accesses from `cursor`, as (log indexes, next cursor).
fn unreviewed(overdue_only: bool, cursor: u64, limit: u32) -> (Vec<u32>, Option<u64>) {
	match Consent::audit(&AUDITOR, AuditQuery::UnreviewedBreakGlassFrom { overdue_only, cursor, limit }) {
		Ok(AuditAnswer::Accesses { accesses, next }) => (accesses.iter().map(|a| a.index).collect(), next),
		other => panic!("{other:?}"),
	}
}

#[test]
fn unreviewed_break_glass_is_listed_in_due_order_with_a_cursor() {
	with_consent(|| {
		let mut glass = report(DataClass::FullRecord, Basis::None, LoggedDecision::BreakGlass);
		glass.reason = Some([4; 32]);
		for _ in 0..3 {
			assert_ok!(record_access(RuntimeOrigin::signed(OTHER_HOSPITAL), glass.clone()));
			advance(10, 0);
		}
		// A page of two says where the rest begins.
		assert_eq!(unreviewed(false, 0, 2), (vec![0, 1], Some(2)));
		assert_eq!(unreviewed(false, 2, 2), (vec![2], None));
		// A reviewed access leaves the list.
		assert_ok!(Consent::review_break_glass(RuntimeOrigin::signed(AUDITOR), PATIENT, 1, true, [5; 32]));
		assert_eq!(unreviewed(false, 0, 10), (vec![0, 2], None));
		// Overdue ones come first; the answer ends at the first not yet due.
		advance(75, 0);
		assert_eq!(unreviewed(true, 0, 10), (vec![0], None));
		assert_eq!(
			Consent::audit(&AUDITOR, AuditQuery::UnreviewedBreakGlass { overdue_only: false, limit: 0 }),
			Err(AuditError::InvalidLimit)
		);
	})
}

#[test]
fn a_filtered_log_query_stops_after_its_scan_bound_and_gives_the_cursor() {
	use medtrust_primitives::consent::audit::MAX_AUDIT_SCAN;
	with_consent(|| {
		// More entries than one query looks at, none of them break-glass.
		let reports: Vec<_> = (0..10).map(|_| report(DataClass::Imaging, V1, LoggedDecision::Permit)).collect();
		for _ in 0..(MAX_AUDIT_SCAN / 10 + 1) {
			assert_ok!(Consent::record_access(RuntimeOrigin::signed(OTHER_HOSPITAL), reports.clone().try_into().unwrap()));
		}
		let query = |from| AuditQuery::SubjectLog { subject: PATIENT, filter: LogFilter::BreakGlass, from, limit: 10 };
		match Consent::audit(&AUDITOR, query(0)) {
			Ok(AuditAnswer::Log { accesses, next, .. }) => {
				assert!(accesses.is_empty());
				assert_eq!(next, Some(MAX_AUDIT_SCAN));
			},
			other => panic!("{other:?}"),
		}
		match Consent::audit(&AUDITOR, query(MAX_AUDIT_SCAN)) {
			Ok(AuditAnswer::Log { accesses, next, .. }) => assert_eq!((accesses.len(), next), (0, None)),
			other => panic!("{other:?}"),
		}
	})
}

#[test]
fn the_migration_indexes_pending_reviews_first_due_first() {
	use frame_support::traits::{OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		StorageVersion::new(0).put::<Consent>();
		PendingReviews::<Test>::insert([2; 32], 0, 300);
		PendingReviews::<Test>::insert([1; 32], 4, 200);
		crate::migrations::v1::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(BreakGlassCount::<Test>::get(), 2);
		assert_eq!(BreakGlassAccesses::<Test>::get(0), Some(([1; 32], 4)));
		assert_eq!(BreakGlassAccesses::<Test>::get(1), Some(([2; 32], 0)));
		assert_eq!(StorageVersion::get::<Consent>(), 1);
	})
}

#[test]
fn the_migration_lists_each_subjects_consents_in_order_of_recording() {
	use crate::migrations::v2::{MigrateV1ToV2, SubjectConsentHistory};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		StorageVersion::new(1).put::<Consent>();
		for (subject, id) in [([1; 32], 7), ([2; 32], 3), ([1; 32], 2), ([1; 32], 40)] {
			SubjectConsentHistory::<Test>::insert(subject, id, ());
		}
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		let list = |subject| (0..SubjectConsentCount::<Test>::get(subject)).map(|p| SubjectConsents::<Test>::get(subject, p).unwrap()).collect::<Vec<_>>();
		assert_eq!(list([1; 32]), vec![2, 7, 40]);
		assert_eq!(list([2; 32]), vec![3]);
		assert_eq!(SubjectConsentHistory::<Test>::iter().count(), 0, "the old set is gone");
		assert_eq!(Consent::on_chain_storage_version(), 2);
		// At version 2 it does nothing.
		SubjectConsentHistory::<Test>::insert([3; 32], 1, ());
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(SubjectConsentCount::<Test>::get([3; 32]), 0);
	})
}

#[test]
fn auditors_read_logs_others_may_not_and_late_accesses_are_flagged() {
	with_consent(|| {
		let statutory = Basis::Statutory(StatutoryBasis::CourtOrder);
		assert_ok!(record_access(RuntimeOrigin::signed(OTHER_HOSPITAL), report(DataClass::Imaging, V1, LoggedDecision::Permit)));
		advance(1, 1000);
		assert_ok!(Consent::withdraw_consent(RuntimeOrigin::signed(HOSPITAL), 0, false));
		advance(1, 1000);
		assert_ok!(record_access(RuntimeOrigin::signed(OTHER_HOSPITAL), report(DataClass::Imaging, statutory, LoggedDecision::Permit)));
		assert_ok!(record_access(RuntimeOrigin::signed(OTHER_HOSPITAL), report(DataClass::Imaging, Basis::None, LoggedDecision::Deny)));
		let log = |who, filter| Consent::audit(&who, AuditQuery::SubjectLog { subject: PATIENT, filter, from: 0, limit: 10 });
		let indices = |answer| match answer {
			Ok(AuditAnswer::Log { accesses, .. }) => accesses.iter().map(|a| a.index).collect::<Vec<_>>(),
			other => panic!("{other:?}"),
		};
		assert_eq!(indices(log(AUDITOR, LogFilter::All)), vec![0, 1, 2]);
		assert_eq!(indices(log(HOSPITAL, LogFilter::Denied)), vec![2]);
		assert_eq!(indices(log(REGULATOR, LogFilter::AfterWithdrawalOrExpiry)), vec![1]);
		assert_eq!(log(OTHER_HOSPITAL, LogFilter::All), Err(AuditError::NotAuthorized));
		assert_eq!(log(OUTSIDER, LogFilter::All), Err(AuditError::NotAMember));
		let by_org = |who, without_consent| {
			Consent::audit(&who, AuditQuery::OrganizationAccesses {
				organization: org(OTHER_HOSPITAL),
				from: START_MILLIS,
				to: START_MILLIS + DAY,
				cursor: 0,
				limit: 2,
				without_consent,
			})
		};
		match by_org(AUDITOR, false) {
			Ok(AuditAnswer::Accesses { accesses, next }) => {
				assert_eq!(accesses.len(), 2);
				assert_eq!(next, Some(2));
			},
			other => panic!("{other:?}"),
		}
		match by_org(OTHER_HOSPITAL, true) {
			Ok(AuditAnswer::Accesses { accesses, .. }) => assert_eq!(accesses.iter().map(|a| a.index).collect::<Vec<_>>(), vec![1]),
			other => panic!("{other:?}"),
		}
		assert_eq!(by_org(HOSPITAL, false), Err(AuditError::NotAuthorized));
		match Consent::audit(&AUDITOR, AuditQuery::SubjectConsents { subject: PATIENT }) {
			Ok(AuditAnswer::Consents { consents }) => {
				assert_eq!(consents.len(), 1);
				assert_eq!(consents[0].head.versions[0].status, ConsentStatus::Withdrawn);
			},
			other => panic!("{other:?}"),
		}
	})
}

#[test]
fn the_runtime_api_answers_only_a_signed_fresh_question_for_this_block_and_chain() {
	use medtrust_primitives::consent::audit::{signing_payload, SignedAuditQuery, AUDIT_SIGNATURE_VALIDITY_MS};
	use sp_runtime::testing::TestSignature;
	with_consent(|| {
		let query = AuditQuery::SubjectConsents { subject: PATIENT };
		let genesis = System::block_hash(0);
		let block = Consent::block();
		let now = Consent::now();
		let signed = |requester: u64, signer: u64, block, issued_at, genesis: &[u8]| SignedAuditQuery {
			query: query.clone(),
			requester,
			block,
			issued_at,
			signature: TestSignature(signer, signing_payload(genesis, block, issued_at, &query)),
		};
		assert!(matches!(
			Consent::audit_signed(signed(AUDITOR, AUDITOR, block, now, genesis.as_ref())),
			Ok(AuditAnswer::Consents { .. })
		));
		// A bare account id with someone else's signature, another block, a stale signature
		// and another chain's question are each refused.
		assert_eq!(
			Consent::audit_signed(signed(AUDITOR, HOSPITAL, block, now, genesis.as_ref())),
			Err(AuditError::BadSignature)
		);
		assert_eq!(Consent::audit_signed(signed(AUDITOR, AUDITOR, block + 1, now, genesis.as_ref())), Err(AuditError::WrongBlock));
		let stale = now - AUDIT_SIGNATURE_VALIDITY_MS - 1;
		assert_eq!(Consent::audit_signed(signed(AUDITOR, AUDITOR, block, stale, genesis.as_ref())), Err(AuditError::NotFresh));
		assert_eq!(Consent::audit_signed(signed(AUDITOR, AUDITOR, block, now, &[7; 32])), Err(AuditError::BadSignature));
		// A good signature still needs the role.
		assert_eq!(
			Consent::audit_signed(signed(OTHER_HOSPITAL, OTHER_HOSPITAL, block, now, genesis.as_ref())),
			Err(AuditError::NotAuthorized)
		);
	})
}

#[test]
fn erasure_ends_every_decision_and_further_records() {
	with_consent(|| {
		assert_noop!(Consent::record_erasure(RuntimeOrigin::signed(OTHER_HOSPITAL), PATIENT), Error::<Test>::NotTheSubjectsOrganization);
		// A delegate manages consents but does not hold the key, so it cannot erase.
		assert_ok!(Consent::set_delegate(RuntimeOrigin::signed(HOSPITAL), PATIENT, Some(org(DELEGATE))));
		assert_noop!(Consent::record_erasure(RuntimeOrigin::signed(DELEGATE), PATIENT), Error::<Test>::NotTheHomeOrganization);
		assert_ok!(Consent::record_erasure(RuntimeOrigin::signed(HOSPITAL), PATIENT));
		System::assert_last_event(Event::SubjectErased { subject: PATIENT, by: org(HOSPITAL) }.into());
		let request = medtrust_primitives::consent::AccessRequest {
			subject: PATIENT,
			organization: org(OTHER_HOSPITAL),
			role: Role::Hospital,
			purpose: Purpose::Treatment,
			action: Action::Read,
			data_class: DataClass::Imaging,
		};
		assert!(!Consent::decide_now(&request).is_permit());
		assert_noop!(
			record_access(RuntimeOrigin::signed(OTHER_HOSPITAL), report(DataClass::Imaging, V1, LoggedDecision::Permit)),
			Error::<Test>::SubjectErased
		);
		assert_noop!(
			Consent::record_consent(RuntimeOrigin::signed(HOSPITAL), terms(&other_hospital(), &[DataClass::Imaging]), None),
			Error::<Test>::SubjectErased
		);
		assert_noop!(Consent::record_erasure(RuntimeOrigin::signed(HOSPITAL), PATIENT), Error::<Test>::SubjectErased);
	})
}

#[test]
fn a_batch_of_accesses_is_all_or_nothing_and_refunds_unused_consent_weight() {
	with_consent(|| {
		let good = report(DataClass::Imaging, V1, LoggedDecision::Permit);
		let bad = report(DataClass::Genetic, V1, LoggedDecision::Permit);
		assert_noop!(
			Consent::record_access(RuntimeOrigin::signed(OTHER_HOSPITAL), vec![good.clone(), bad].try_into().unwrap()),
			Error::<Test>::ConsentDoesNotPermit
		);
		assert_noop!(Consent::record_access(RuntimeOrigin::signed(OTHER_HOSPITAL), Default::default()), Error::<Test>::EmptyBatch);
		let done = Consent::record_access(RuntimeOrigin::signed(OTHER_HOSPITAL), vec![good.clone(), good].try_into().unwrap())
			.expect("both permitted");
		assert_eq!(LogHeads::<Test>::get(PATIENT).length, 2);
		use crate::WeightInfo;
		assert_eq!(done.actual_weight, Some(<() as WeightInfo>::record_access(1).saturating_mul(2)));
		assert!(<() as WeightInfo>::record_access(16).all_gt(<() as WeightInfo>::record_access(1)));
	})
}

#[test]
fn consents_that_ended_long_ago_make_room_for_new_ones() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consent::register_subject(RuntimeOrigin::signed(HOSPITAL), PATIENT, None));
		// Sixteen consents that do not overlap: different grantee lists or categories.
		let distinct = |i: u32| {
			let mut t = terms(&vec![Grantee::Organization(org(OTHER_HOSPITAL)); (i % 8 + 1) as usize], &[DataClass::Imaging]);
			t.categories = Categories((i / 8) as u8);
			t
		};
		for i in 0..16 {
			assert_ok!(Consent::record_consent(RuntimeOrigin::signed(HOSPITAL), distinct(i), None));
		}
		assert_noop!(
			Consent::record_consent(RuntimeOrigin::signed(HOSPITAL), distinct(16), None),
			Error::<Test>::TooManyConsents
		);
		assert_ok!(Consent::withdraw_consent(RuntimeOrigin::signed(HOSPITAL), 3, false));
		// Within the logging delay a late entry may still cite it, so it keeps its place ...
		advance(1, DAY);
		assert_noop!(
			Consent::record_consent(RuntimeOrigin::signed(HOSPITAL), distinct(16), None),
			Error::<Test>::TooManyConsents
		);
		// ... after it, it makes room.
		advance(1, 1);
		assert_ok!(Consent::record_consent(RuntimeOrigin::signed(HOSPITAL), distinct(16), None));
		let consents = Subjects::<Test>::get(PATIENT).unwrap().consents;
		assert_eq!(consents.len(), 16);
		assert!(!consents.contains(&3) && consents.contains(&16));
		assert_eq!(SubjectConsents::<Test>::get(PATIENT, 3), Some(3), "auditors still see it, fourth recorded");
		assert_eq!(SubjectConsentCount::<Test>::get(PATIENT), 17);
		// Auditors page through all 17 in order of recording; a cut page says where to go on.
		let page = |cursor, limit| Consent::audit(&AUDITOR, AuditQuery::SubjectConsentsFrom { subject: PATIENT, cursor, limit });
		let ids = |answer: &AuditAnswer| match answer {
			AuditAnswer::ConsentPage { consents, .. } => consents.iter().map(|c| c.id).collect::<Vec<_>>(),
			other => panic!("{other:?}"),
		};
		let first = page(0, 10).unwrap();
		assert_eq!(ids(&first), (0..10).collect::<Vec<_>>());
		assert!(matches!(first, AuditAnswer::ConsentPage { next: Some(10), .. }));
		let second = page(10, 10).unwrap();
		assert_eq!(ids(&second), (10..=16).collect::<Vec<_>>());
		assert!(matches!(second, AuditAnswer::ConsentPage { next: None, .. }));
		assert_eq!(page(0, 0), Err(AuditError::InvalidLimit));
		assert_eq!(page(0, MAX_AUDIT_RESULTS + 1), Err(AuditError::InvalidLimit));
		match Consent::audit(&AUDITOR, AuditQuery::SubjectConsents { subject: PATIENT }) {
			Ok(AuditAnswer::Consents { consents }) => assert_eq!(consents.len(), 17, "all of them, in one answer"),
			other => panic!("{other:?}"),
		}
		assert_eq!(
			Consent::audit(&OTHER_HOSPITAL, AuditQuery::SubjectConsentsFrom { subject: PATIENT, cursor: 0, limit: 1 }),
			Err(AuditError::NotAuthorized)
		);
	})
}
