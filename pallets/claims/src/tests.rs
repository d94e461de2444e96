use frame_support::{assert_noop, assert_ok, BoundedVec};
use medtrust_primitives::claims::{
	queries::{EligibilityQuery, Ineligibility, InvoiceEstimate, Overdue, OverduePage},
	rules_hash, DAY_MS,
};

use crate::{
	mock::*,
	pallet::{
		Accumulators, BeneficiaryCoverages, Claims as ClaimStore, Coverages, Deadlines, Event, Invoices, NextClaimId, NextCoverageId,
		Preauthorizations, Products, Statements, Uncleared,
	},
	types::*,
	Error,
};

const PATIENT: Subject = [7; 32];
const OTHER_PATIENT: Subject = [8; 32];

fn signed(account: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(account)
}

fn code(text: &str) -> CatalogueCode {
	text.as_bytes().to_vec().try_into().expect("short code")
}

fn items(list: &[(&str, Fen)]) -> ClaimItems {
	list.iter()
		.map(|(c, amount)| ClaimItem { code: code(c), amount: *amount })
		.collect::<Vec<_>>()
		.try_into()
		.expect("few items")
}

/// The product of claims.md's worked example: deductible 10,000 fen, 70% with basic insurance
/// settlement, 60% without; cosmetic items (`XB`) excluded.
fn example_rules(insurer: u64) -> ProductRules {
	ProductRules {
		insurer: org(insurer),
		terms: [1; 32],
		deductible: 10_000,
		ratio_with_basic: Ratio::percent(70),
		ratio_without_basic: Ratio::percent(60),
		copay: 0,
		per_claim_cap: 5_000_000,
		annual_cap: 20_000_000,
		exclusions: vec![code("XB0001"), code("XB0002")].try_into().expect("two"),
	}
}

fn product(insurer: u64, rules: ProductRules) -> RulesHash {
	let hash = rules_hash(&rules);
	assert_ok!(Claims::register_product(signed(insurer), rules));
	hash
}

fn coverage_terms(product: RulesHash, order: u8) -> CoverageTerms {
	CoverageTerms {
		beneficiary: PATIENT,
		product,
		period: CoveragePeriod { start: START_MILLIS - 30 * DAY, end: START_MILLIS + 335 * DAY },
		order,
		policy: [2; 32],
	}
}

/// Registers a coverage, with the beneficiary's claims consent to the insurer it needs.
fn coverage(insurer: u64, product: RulesHash, order: u8) -> CoverageId {
	grant_consent(PATIENT, org(insurer));
	let id = NextCoverageId::<Test>::get();
	assert_ok!(Claims::register_coverage(signed(insurer), coverage_terms(product, order)));
	id
}

fn invoice(key: u8, total: Fen, basic_paid: Fen) -> InvoiceAnchor {
	InvoiceAnchor {
		key: [key; 32],
		subject: PATIENT,
		encounter: [3; 32],
		lines: [4; 32],
		service_at: START_MILLIS - DAY,
		total,
		basic_settled: true,
		basic_paid,
		self_pay: SelfPay { within_catalogue: total - basic_paid, outside_catalogue: 0 },
	}
}

fn anchor(key: u8, total: Fen, basic_paid: Fen) -> InvoiceKey {
	assert_ok!(Claims::anchor_invoice(signed(HOSPITAL), invoice(key, total, basic_paid)));
	[key; 32]
}

fn submit(insurer: u64, coverage: CoverageId, invoice: InvoiceKey, amount: Fen) -> ClaimId {
	let id = NextClaimId::<Test>::get();
	assert_ok!(Claims::submit_claim(signed(insurer), coverage, invoice, items(&[("A0001", amount)]), None));
	id
}

/// Every overdue deadline, from the first page (large enough for any test).
fn overdue_all() -> Vec<Overdue> {
	let page = Claims::overdue(Default::default(), 1_000);
	assert_eq!(page.next, None, "one page holds a test's deadlines");
	page.overdue
}

fn claim(id: ClaimId) -> Claim {
	ClaimStore::<Test>::get(id).expect("claim exists")
}

/// The worked example's insurer, product, coverage and consent.
fn example() -> CoverageId {
	grant_consent(PATIENT, org(INSURER));
	let product = product(INSURER, example_rules(INSURER));
	coverage(INSURER, product, 1)
}

#[test]
fn the_worked_example_is_adjudicated_in_the_including_call() {
	new_test_ext().execute_with(|| {
		let cover = example();
		let key = anchor(1, 86_000, 45_000);
		let id = submit(INSURER, cover, key, 86_000);

		let result = claim(id);
		assert_eq!(result.state, ClaimState::Adjudicated);
		let a = result.adjudication;
		assert_eq!((a.submitted, a.residual, a.eligible, a.deductible), (86_000, 41_000, 41_000, 10_000));
		assert_eq!((a.coinsurance, a.benefit, a.outcome), (9_300, 21_700, Outcome::Approved));
		assert_eq!(Accumulators::<Test>::get(cover, 0), Accumulator { deductible_used: 10_000, paid_used: 21_700 });
		assert_eq!(Invoices::<Test>::get(key).map(|i| i.commercial_paid), Some(21_700));
		assert_eq!(
			Deadlines::<Test>::get(DeadlineFor::ClaimPayment(id)),
			Some(Deadline { insurer: org(INSURER), due: START_MILLIS + 10 * DAY_MS })
		);
		System::assert_last_event(
			Event::ClaimAdjudicated {
				claim: id,
				coverage: cover,
				invoice: key,
				revision: 1,
				outcome: Outcome::Approved,
				benefit: 21_700,
			}
			.into(),
		);

		// The deductible is met: the next invoice in the policy year gets 70% of its residual.
		let next = anchor(2, 20_000, 10_000);
		let second = submit(INSURER, cover, next, 20_000);
		assert_eq!(claim(second).adjudication.benefit, 7_000);
		assert_eq!(Accumulators::<Test>::get(cover, 0).paid_used, 28_700);
	});
}

#[test]
fn every_call_checks_the_signers_role() {
	new_test_ext().execute_with(|| {
		let cover = example();
		let key = anchor(1, 86_000, 45_000);
		assert_noop!(Claims::anchor_invoice(signed(PHARMACY), invoice(9, 100, 0)), Error::<Test>::MissingRole);
		assert_noop!(Claims::anchor_invoice(signed(INSURER), invoice(9, 100, 0)), Error::<Test>::MissingRole);
		assert_noop!(
			Claims::submit_claim(signed(HOSPITAL), cover, key, items(&[("A0001", 1)]), None),
			Error::<Test>::MissingRole
		);
		assert_noop!(
			Claims::register_product(signed(OUTSIDER), example_rules(OUTSIDER)),
			Error::<Test>::NotAMember
		);
		assert_noop!(
			Claims::register_product(signed(SUSPENDED_INSURER), example_rules(SUSPENDED_INSURER)),
			Error::<Test>::OrganizationSuspended
		);
		let id = submit(INSURER, cover, key, 86_000);
		assert_noop!(Claims::pay_claim(signed(OTHER_INSURER), id, [0; 32]), Error::<Test>::NotYourCoverage);
		assert_noop!(Claims::cancel_claim(signed(OTHER_HOSPITAL), id), Error::<Test>::NotYourClaim);
		assert_noop!(Claims::cancel_claim(signed(REGULATOR), id), Error::<Test>::NotYourClaim);
	});
}

#[test]
fn malformed_products_are_refused_without_a_write() {
	new_test_ext().execute_with(|| {
		let rules = example_rules(INSURER);
		let mut above = rules.clone();
		above.ratio_with_basic = Ratio(10_001);
		assert_noop!(Claims::register_product(signed(INSURER), above), Error::<Test>::RatioAbove100Percent);
		let mut huge = rules.clone();
		huge.annual_cap = MAX_AMOUNT + 1;
		assert_noop!(Claims::register_product(signed(INSURER), huge), Error::<Test>::AmountTooLarge);
		let mut unsorted = rules.clone();
		unsorted.exclusions = vec![code("XB2"), code("XB1")].try_into().expect("two");
		assert_noop!(Claims::register_product(signed(INSURER), unsorted), Error::<Test>::ExclusionsNotSorted);
		let mut repeated = rules.clone();
		repeated.exclusions = vec![code("XB1"), code("XB1")].try_into().expect("two");
		assert_noop!(Claims::register_product(signed(INSURER), repeated), Error::<Test>::ExclusionsNotSorted);
		let mut malformed = rules.clone();
		malformed.exclusions = vec![code("XB 1")].try_into().expect("one");
		assert_noop!(Claims::register_product(signed(INSURER), malformed), Error::<Test>::MalformedCatalogueCode);
		assert_noop!(
			Claims::register_product(signed(OTHER_INSURER), rules.clone()),
			Error::<Test>::ProductOfAnotherInsurer
		);
		let hash = product(INSURER, rules.clone());
		assert_noop!(Claims::register_product(signed(INSURER), rules), Error::<Test>::ProductExists);

		assert_noop!(
			Claims::register_coverage(signed(OTHER_INSURER), coverage_terms(hash, 1)),
			Error::<Test>::ProductOfAnotherInsurer
		);
		assert_noop!(
			Claims::register_coverage(signed(INSURER), coverage_terms([9; 32], 1)),
			Error::<Test>::UnknownProduct
		);
		assert_noop!(Claims::register_coverage(signed(INSURER), coverage_terms(hash, 0)), Error::<Test>::InvalidOrder);
		let mut backwards = coverage_terms(hash, 1);
		backwards.period.end = backwards.period.start;
		assert_noop!(Claims::register_coverage(signed(INSURER), backwards), Error::<Test>::InvalidPeriod);
		for _ in 0..MAX_COVERAGES_PER_BENEFICIARY {
			coverage(INSURER, hash, 1);
		}
		assert_noop!(
			Claims::register_coverage(signed(INSURER), coverage_terms(hash, 1)),
			Error::<Test>::TooManyCoverages
		);
	});
}

#[test]
fn a_coverage_needs_the_beneficiarys_consent_and_an_ended_one_frees_its_place() {
	new_test_ext().execute_with(|| {
		let hash = product(INSURER, example_rules(INSURER));
		// Without the beneficiary's claims consent an insurer cannot take their places.
		assert_noop!(Claims::register_coverage(signed(INSURER), coverage_terms(hash, 1)), Error::<Test>::NoConsent);
		let first = coverage(INSURER, hash, 1);
		for _ in 1..MAX_COVERAGES_PER_BENEFICIARY {
			coverage(INSURER, hash, 1);
		}
		assert_noop!(Claims::register_coverage(signed(INSURER), coverage_terms(hash, 1)), Error::<Test>::TooManyCoverages);

		// Only its insurer ends it, never in the past, and only earlier than it ends.
		let end = START_MILLIS + DAY;
		assert_noop!(Claims::end_coverage(signed(OTHER_INSURER), first, end), Error::<Test>::NotYourCoverage);
		assert_noop!(Claims::end_coverage(signed(INSURER), first, START_MILLIS - 1), Error::<Test>::InvalidPeriod);
		assert_noop!(Claims::end_coverage(signed(INSURER), first, START_MILLIS + 400 * DAY), Error::<Test>::InvalidPeriod);
		assert_ok!(Claims::end_coverage(signed(INSURER), first, end));
		System::assert_last_event(Event::CoverageEnded { coverage: first, end }.into());
		// It still holds its place until its end has passed.
		assert_noop!(Claims::register_coverage(signed(INSURER), coverage_terms(hash, 1)), Error::<Test>::TooManyCoverages);
		set_now_millis(end);
		let next = NextCoverageId::<Test>::get();
		assert_ok!(Claims::register_coverage(signed(INSURER), coverage_terms(hash, 1)));
		let held = BeneficiaryCoverages::<Test>::get(PATIENT);
		assert!(!held.contains(&first) && held.contains(&next));
		assert_eq!(held.len() as u32, MAX_COVERAGES_PER_BENEFICIARY);
	});
}

#[test]
fn invoices_must_balance_and_are_anchored_once() {
	new_test_ext().execute_with(|| {
		let mut unbalanced = invoice(1, 86_000, 45_000);
		unbalanced.self_pay.within_catalogue -= 1;
		assert_noop!(Claims::anchor_invoice(signed(HOSPITAL), unbalanced), Error::<Test>::InvoiceDoesNotBalance);
		assert_noop!(Claims::anchor_invoice(signed(HOSPITAL), invoice(1, 0, 0)), Error::<Test>::InvoiceDoesNotBalance);
		let mut unsettled = invoice(1, 86_000, 45_000);
		unsettled.basic_settled = false;
		assert_noop!(Claims::anchor_invoice(signed(HOSPITAL), unsettled), Error::<Test>::InvoiceDoesNotBalance);
		let mut huge = invoice(1, 86_000, 0);
		huge.total = MAX_AMOUNT + 1;
		huge.self_pay.within_catalogue = MAX_AMOUNT + 1;
		assert_noop!(Claims::anchor_invoice(signed(HOSPITAL), huge), Error::<Test>::AmountTooLarge);
		let mut future = invoice(1, 86_000, 45_000);
		future.service_at = START_MILLIS + 1;
		assert_noop!(Claims::anchor_invoice(signed(HOSPITAL), future), Error::<Test>::ServiceInFuture);
		anchor(1, 86_000, 45_000);
		assert_noop!(
			Claims::anchor_invoice(signed(OTHER_HOSPITAL), invoice(1, 86_000, 45_000)),
			Error::<Test>::InvoiceExists
		);
		assert_eq!(Invoices::<Test>::get([1; 32]).map(|i| i.issuer), Some(org(HOSPITAL)));
	});
}

#[test]
fn bad_claims_get_a_precise_error_and_no_write() {
	new_test_ext().execute_with(|| {
		let cover = example();
		let key = anchor(1, 86_000, 45_000);
		let claim_of = |insurer, cover, key, amount| {
			Claims::submit_claim(signed(insurer), cover, key, items(&[("A0001", amount)]), None)
		};
		// Someone else's coverage.
		assert_noop!(claim_of(OTHER_INSURER, cover, key, 1_000), Error::<Test>::NotYourCoverage);
		assert_noop!(claim_of(INSURER, 99, key, 1_000), Error::<Test>::UnknownCoverage);
		// No invoice anchored by the issuing hospital.
		assert_noop!(claim_of(INSURER, cover, [9; 32], 1_000), Error::<Test>::UnknownInvoice);
		// More than the anchored total.
		assert_noop!(claim_of(INSURER, cover, key, 86_001), Error::<Test>::ClaimAboveInvoiceTotal);
		assert_noop!(claim_of(INSURER, cover, key, MAX_AMOUNT + 1), Error::<Test>::AmountTooLarge);
		assert_noop!(
			Claims::submit_claim(signed(INSURER), cover, key, items(&[]), None),
			Error::<Test>::NoItems
		);
		assert_noop!(
			Claims::submit_claim(signed(INSURER), cover, key, items(&[("A 1", 5)]), None),
			Error::<Test>::MalformedCatalogueCode
		);
		// Another patient's invoice.
		let mut theirs = invoice(2, 1_000, 0);
		theirs.subject = OTHER_PATIENT;
		assert_ok!(Claims::anchor_invoice(signed(HOSPITAL), theirs));
		assert_noop!(claim_of(INSURER, cover, [2; 32], 1_000), Error::<Test>::BeneficiaryMismatch);
		// A service after the coverage expired.
		set_now_millis(START_MILLIS + 400 * DAY);
		let mut late = invoice(3, 1_000, 0);
		late.service_at = START_MILLIS + 399 * DAY;
		assert_ok!(Claims::anchor_invoice(signed(HOSPITAL), late));
		assert_noop!(claim_of(INSURER, cover, [3; 32], 1_000), Error::<Test>::CoverageNotInForce);
		// No consent naming the insurer.
		withdraw_consent(PATIENT, org(INSURER));
		assert_noop!(claim_of(INSURER, cover, key, 1_000), Error::<Test>::NoConsent);
		grant_consent(PATIENT, org(INSURER));
		// One claim per coverage and invoice.
		submit(INSURER, cover, key, 86_000);
		assert_noop!(claim_of(INSURER, cover, key, 1_000), Error::<Test>::DuplicateClaim);
	});
}

#[test]
fn several_insurers_pay_in_order_and_never_more_than_the_invoice() {
	new_test_ext().execute_with(|| {
		let primary = example();
		grant_consent(PATIENT, org(OTHER_INSURER));
		let mut full = example_rules(OTHER_INSURER);
		(full.deductible, full.ratio_with_basic) = (0, Ratio::FULL);
		let secondary = coverage(OTHER_INSURER, product(OTHER_INSURER, full), 2);
		let key = anchor(1, 86_000, 45_000);

		// The secondary payer waits for the primary.
		assert_noop!(
			Claims::submit_claim(signed(OTHER_INSURER), secondary, key, items(&[("A0001", 86_000)]), None),
			Error::<Test>::EarlierPayerNotClaimed
		);
		let first = submit(INSURER, primary, key, 86_000);
		let second = submit(OTHER_INSURER, secondary, key, 86_000);
		let a = claim(second).adjudication;
		assert_eq!((a.other_insurers_paid, a.residual, a.benefit), (21_700, 19_300, 19_300));
		let invoice = Invoices::<Test>::get(key).expect("anchored");
		assert_eq!(invoice.anchor.basic_paid + invoice.commercial_paid, invoice.anchor.total);
		assert_eq!(invoice.claims.to_vec(), vec![first, second]);

		// Nothing is left for a third claim: cancelling the primary frees its share.
		assert_noop!(
			Claims::submit_claim(signed(OTHER_INSURER), secondary, key, items(&[("A0001", 1)]), None),
			Error::<Test>::DuplicateClaim
		);
		let third = coverage(OTHER_INSURER, rules_hash(&{
			let mut r = example_rules(OTHER_INSURER);
			(r.deductible, r.ratio_with_basic) = (0, Ratio::FULL);
			r
		}), 3);
		assert_noop!(
			Claims::submit_claim(signed(OTHER_INSURER), third, key, items(&[("A0001", 1)]), None),
			Error::<Test>::NothingLeftToPay
		);
		// Cancelling the primary's claim frees its share; the primary claims again on what is
		// left after the secondary: (21,700 − 10,000) × 70%.
		assert_ok!(Claims::cancel_claim(signed(HOSPITAL), first));
		assert_eq!(Invoices::<Test>::get(key).map(|i| i.commercial_paid), Some(19_300));
		// Its place on the invoice is free again; its record stays.
		assert_eq!(Invoices::<Test>::get(key).map(|i| i.claims.to_vec()), Some(vec![second]));
		assert_eq!(claim(first).state, ClaimState::Cancelled);
		assert_eq!(Accumulators::<Test>::get(primary, 0), Accumulator::default());
		let again = submit(INSURER, primary, key, 86_000);
		assert_eq!(claim(again).adjudication.benefit, 8_190);
		assert_eq!(Invoices::<Test>::get(key).map(|i| i.claims.to_vec()), Some(vec![second, again]));
		assert_eq!(Accumulators::<Test>::get(primary, 0), Accumulator { deductible_used: 10_000, paid_used: 8_190 });
	});
}

#[test]
fn a_claim_is_charged_for_what_it_read() {
	use crate::weights::WeightInfo;
	use medtrust_primitives::consent::MAX_CONSENTS_PER_SUBJECT;
	new_test_ext().execute_with(|| {
		let cover = example();
		let key = anchor(1, 86_000, 45_000);
		let declared = <() as WeightInfo>::submit_claim(2, MAX_CONSENTS_PER_SUBJECT, MAX_COVERAGES_PER_BENEFICIARY - 1);
		let post = Claims::submit_claim(signed(INSURER), cover, key, items(&[("A0001", 80_000), ("A0002", 1)]), None)
			.expect("a valid claim");
		// The mock's one consent, no earlier claim, the beneficiary's only coverage.
		let actual = <() as WeightInfo>::submit_claim(2, 1, 0);
		assert_eq!(post.actual_weight, Some(actual));
		assert!(actual.all_lt(declared), "{actual:?} is not below {declared:?}");
	});
}

#[test]
fn direct_pay_and_a_clearing_statement_that_reconciles() {
	new_test_ext().execute_with(|| {
		let cover = example();
		let a = submit(INSURER, cover, anchor(1, 86_000, 45_000), 86_000);
		let b = submit(INSURER, cover, anchor(2, 20_000, 10_000), 20_000);
		let denied = NextClaimId::<Test>::get();
		let excluded_only = items(&[("XB0001", 1_000)]);
		assert_ok!(Claims::submit_claim(signed(INSURER), cover, anchor(3, 1_000, 0), excluded_only, None));
		assert_eq!(claim(denied).adjudication.outcome, Outcome::Denied);
		assert_noop!(Claims::pay_claim(signed(INSURER), denied, [0; 32]), Error::<Test>::ClaimDenied);

		assert_ok!(Claims::pay_claim(signed(INSURER), a, [5; 32]));
		advance_millis(DAY);
		assert_ok!(Claims::pay_claim(signed(INSURER), b, [6; 32]));
		assert_noop!(Claims::pay_claim(signed(INSURER), a, [5; 32]), Error::<Test>::InvalidClaimState);
		assert!(Deadlines::<Test>::get(DeadlineFor::ClaimPayment(a)).is_none());

		let draft = Claims::clearing_draft(org(INSURER), org(HOSPITAL), START_MILLIS, START_MILLIS + 2 * DAY);
		assert_eq!(draft.claims.iter().map(|l| l.claim).collect::<Vec<_>>(), vec![a, b]);
		assert_eq!(draft.total, 21_700 + 7_000);
		let ids: BoundedVec<ClaimId, _> = vec![a, b].try_into().expect("two");
		let settle = |ids: BoundedVec<ClaimId, _>, from, to, total| {
			Claims::settle_clearing(signed(INSURER), org(HOSPITAL), from, to, ids, total)
		};
		assert_noop!(settle(ids.clone(), START_MILLIS, START_MILLIS + 2 * DAY, 28_699), Error::<Test>::StatementTotalMismatch);
		assert_noop!(settle(ids.clone(), START_MILLIS, START_MILLIS + DAY, 28_700), Error::<Test>::PaymentOutsidePeriod);
		assert_noop!(
			settle(vec![b, a].try_into().expect("two"), START_MILLIS, START_MILLIS + 2 * DAY, 28_700),
			Error::<Test>::StatementClaimsNotInOrder
		);
		assert_noop!(
			Claims::settle_clearing(signed(INSURER), org(OTHER_HOSPITAL), START_MILLIS, START_MILLIS + 2 * DAY, ids.clone(), 28_700),
			Error::<Test>::ClaimOfAnotherHospital
		);
		assert_ok!(settle(ids.clone(), START_MILLIS, START_MILLIS + 2 * DAY, 28_700));
		let statement = Statements::<Test>::get(0).expect("settled");
		assert_eq!((statement.claims, statement.total, statement.claims_hash), (2, 28_700, draft.claims_hash));
		assert_eq!((claim(a).state, claim(a).statement), (ClaimState::Cleared, Some(0)));
		assert!(Claims::clearing_draft(org(INSURER), org(HOSPITAL), 0, u64::MAX).claims.is_empty());
		assert_noop!(settle(ids, START_MILLIS, START_MILLIS + 2 * DAY, 28_700), Error::<Test>::InvalidClaimState);
		assert_noop!(Claims::reverse_claim(signed(INSURER), a, [0; 32]), Error::<Test>::InvalidClaimState);
	});
}

#[test]
fn excluded_items_are_appealed_reversed_and_readjudicated() {
	new_test_ext().execute_with(|| {
		let cover = example();
		let key = anchor(1, 86_000, 45_000);
		assert_ok!(Claims::submit_claim(
			signed(INSURER),
			cover,
			key,
			items(&[("A0001", 66_000), ("XB0001", 20_000)]),
			None
		));
		let a = claim(0).adjudication;
		assert_eq!((a.excluded, a.eligible, a.benefit, a.outcome), (20_000, 21_000, 7_700, Outcome::Partial));
		// The hospital appeals the exclusion; the insurer must decide within 30 days.
		assert_noop!(Claims::appeal_claim(signed(OTHER_HOSPITAL), 0, [1; 32]), Error::<Test>::NotYourClaim);
		assert_ok!(Claims::appeal_claim(signed(HOSPITAL), 0, [1; 32]));
		assert_eq!(claim(0).state, ClaimState::Appealed);
		assert_eq!(
			Deadlines::<Test>::get(DeadlineFor::AppealDecision(0)).map(|d| d.due),
			Some(START_MILLIS + 30 * DAY_MS)
		);
		assert!(Deadlines::<Test>::get(DeadlineFor::ClaimPayment(0)).is_none());
		assert_noop!(Claims::pay_claim(signed(INSURER), 0, [0; 32]), Error::<Test>::InvalidClaimState);
		// Past 30 days it is overdue for the regulator.
		advance_millis(31 * DAY);
		let overdue = overdue_all();
		assert_eq!(overdue.len(), 1);
		assert_eq!((overdue[0].what, overdue[0].late_by), (DeadlineFor::AppealDecision(0), DAY));
		// The insurer reclassifies the line: readjudicated in full.
		assert_ok!(Claims::readjudicate_claim(signed(INSURER), 0, items(&[("A0001", 86_000)])));
		let readjudicated = claim(0);
		assert_eq!((readjudicated.revision, readjudicated.adjudication.benefit), (2, 21_700));
		assert_eq!(Accumulators::<Test>::get(cover, 0), Accumulator { deductible_used: 10_000, paid_used: 21_700 });
		assert_eq!(Invoices::<Test>::get(key).map(|i| i.commercial_paid), Some(21_700));
		assert!(overdue_all().is_empty());
		// An approved claim cannot be appealed; a paid one can be reversed and readjudicated.
		assert_noop!(Claims::appeal_claim(signed(HOSPITAL), 0, [1; 32]), Error::<Test>::InvalidClaimState);
		assert_ok!(Claims::pay_claim(signed(INSURER), 0, [2; 32]));
		assert_ok!(Claims::reverse_claim(signed(INSURER), 0, [3; 32]));
		assert_eq!((claim(0).state, claim(0).payment), (ClaimState::Reversed, None));
		assert_eq!(Accumulators::<Test>::get(cover, 0), Accumulator::default());
		assert!(Uncleared::<Test>::iter().next().is_none());
		assert_noop!(
			Claims::readjudicate_claim(signed(OTHER_INSURER), 0, items(&[("A0001", 1)])),
			Error::<Test>::NotYourCoverage
		);
		assert_ok!(Claims::readjudicate_claim(signed(INSURER), 0, items(&[("A0001", 20_000)])));
		assert_eq!((claim(0).revision, claim(0).adjudication.benefit), (3, 7_000));
	});
}

#[test]
fn unpaid_agreed_claims_become_overdue_after_ten_days() {
	new_test_ext().execute_with(|| {
		let cover = example();
		let id = submit(INSURER, cover, anchor(1, 86_000, 45_000), 86_000);
		advance_millis(10 * DAY);
		assert!(overdue_all().is_empty());
		advance_millis(1);
		let overdue = overdue_all();
		assert_eq!(overdue.len(), 1);
		assert_eq!((overdue[0].what, overdue[0].insurer), (DeadlineFor::ClaimPayment(id), org(INSURER)));
		assert_ok!(Claims::pay_claim(signed(INSURER), id, [1; 32]));
		assert!(overdue_all().is_empty());
	});
}

#[test]
fn preauthorisation_limits_the_claim_until_it_expires() {
	new_test_ext().execute_with(|| {
		let cover = example();
		assert_noop!(
			Claims::request_preauth(signed(HOSPITAL), cover, OTHER_PATIENT, [1; 32], 50_000),
			Error::<Test>::BeneficiaryMismatch
		);
		assert_ok!(Claims::request_preauth(signed(HOSPITAL), cover, PATIENT, [1; 32], 50_000));
		assert_ok!(Claims::request_preauth(signed(HOSPITAL), cover, PATIENT, [2; 32], 50_000));
		assert_eq!(Deadlines::<Test>::iter().count(), 2);
		assert_noop!(
			Claims::decide_preauth(signed(OTHER_INSURER), 0, Some((10_000, START_MILLIS + DAY))),
			Error::<Test>::NotYourCoverage
		);
		assert_noop!(
			Claims::decide_preauth(signed(INSURER), 0, Some((10_000, START_MILLIS))),
			Error::<Test>::InvalidPeriod
		);
		assert_ok!(Claims::decide_preauth(signed(INSURER), 0, Some((10_000, START_MILLIS + DAY))));
		assert_ok!(Claims::decide_preauth(signed(INSURER), 1, None));
		assert_noop!(Claims::decide_preauth(signed(INSURER), 1, None), Error::<Test>::PreauthAlreadyDecided);
		assert_eq!(Deadlines::<Test>::iter().count(), 0);

		let key = anchor(1, 86_000, 45_000);
		let with = |preauth| Claims::submit_claim(signed(INSURER), cover, key, items(&[("A0001", 86_000)]), Some(preauth));
		assert_noop!(with(1), Error::<Test>::PreauthNotApproved);
		assert_noop!(with(7), Error::<Test>::UnknownPreauth);
		set_now_millis(START_MILLIS + DAY);
		assert_noop!(with(0), Error::<Test>::PreauthExpired);
		assert_eq!(Preauthorizations::<Test>::get(0).map(|p| p.state_at(START_MILLIS + DAY)), Some("expired"));
		set_now_millis(START_MILLIS + DAY - 1);
		assert_ok!(with(0));
		let a = claim(0).adjudication;
		assert_eq!((a.benefit, a.cap_reduction, a.outcome), (10_000, 11_700, Outcome::Partial));
		assert!(matches!(Preauthorizations::<Test>::get(0).map(|p| p.state), Some(PreauthState::Consumed { claim: 0, .. })));
	});
}

#[test]
fn the_migration_to_version_1_keeps_a_hash_of_the_items_not_the_codes() {
	use crate::migrations::v1::{MigrateV0ToV1, OldClaim};
	use codec::Encode;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		let items: ClaimItems = vec![ClaimItem { code: b"XA01AAA001".to_vec().try_into().expect("fits; qed"), amount: 86_000 }]
			.try_into()
			.expect("one item fits; qed");
		let old = OldClaim {
			coverage: 0,
			insurer: 6,
			hospital: 1,
			invoice: [7; 32],
			policy_year: 0,
			items: items.clone(),
			preauth: None,
			// All amounts zero, the first outcome.
			adjudication: codec::Decode::decode(&mut &[0u8; 256][..]).expect("zeros decode; qed"),
			revision: 1,
			state: ClaimState::Paid,
			submitted_at: 1,
			decided_at: 2,
			appeal: None,
			payment: None,
			statement: None,
		};
		frame_support::storage::unhashed::put_raw(&crate::Claims::<Test>::hashed_key_for(0), &old.encode());
		StorageVersion::new(0).put::<crate::Pallet<Test>>();
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		let claim = crate::Claims::<Test>::get(0).expect("migrated; qed");
		assert_eq!(claim.items_hash, medtrust_primitives::claims::items_hash(&items));
		assert_eq!((claim.item_count, claim.state, claim.decided_at), (1, ClaimState::Paid, 2));
		assert!(!frame_support::storage::unhashed::get_raw(&crate::Claims::<Test>::hashed_key_for(0))
			.expect("stored; qed")
			.windows(10)
			.any(|w| w == b"XA01AAA001"));
		assert_eq!(crate::Pallet::<Test>::on_chain_storage_version(), 1);
	});
}

#[test]
fn eligibility_answers_the_hospital_at_admission() {
	new_test_ext().execute_with(|| {
		let cover = example();
		let ask = |subject, service_at| {
			Claims::eligibility(EligibilityQuery {
				coverage: cover,
				subject,
				service_at,
				estimate: Some(InvoiceEstimate { total: 86_000, basic_paid: 45_000, basic_settled: true }),
			})
		};
		let yes = ask(PATIENT, None);
		assert_eq!(yes.ineligible, None);
		assert_eq!(yes.estimate.map(|a| a.benefit), Some(21_700));
		assert_eq!(yes.standing.map(|s| s.deductible_left), Some(10_000));
		assert_eq!(ask(OTHER_PATIENT, None).ineligible, Some(Ineligibility::BeneficiaryMismatch));
		assert_eq!(ask(PATIENT, Some(START_MILLIS + 400 * DAY)).ineligible, Some(Ineligibility::NotInForce));
		withdraw_consent(PATIENT, org(INSURER));
		assert_eq!(ask(PATIENT, None).ineligible, Some(Ineligibility::NoConsent));
		let unknown = Claims::eligibility(EligibilityQuery { coverage: 9, subject: PATIENT, service_at: None, estimate: None });
		assert_eq!(unknown.ineligible, Some(Ineligibility::UnknownCoverage));
	});
}

mod properties {
	use super::*;
	use proptest::prelude::*;

	/// One step of a random day at the claims desk.
	#[derive(Clone, Debug)]
	enum Step {
		Anchor { total: Fen, basic_share: u8 },
		Claim { coverage: u8, invoice: u8, amount_share: u8, excluded: bool },
		Cancel { claim: u8 },
		Reverse { claim: u8 },
		Readjudicate { claim: u8, amount_share: u8 },
		Pay { claim: u8 },
	}

	fn step() -> impl Strategy<Value = Step> {
		prop_oneof![
			2 => (1..2_000_000u64, 0..=100u8).prop_map(|(total, basic_share)| Step::Anchor { total, basic_share }),
			6 => (0..4u8, any::<u8>(), 0..=110u8, any::<bool>()).prop_map(|(coverage, invoice, amount_share, excluded)| {
				Step::Claim { coverage, invoice, amount_share, excluded }
			}),
			1 => (0..16u8).prop_map(|claim| Step::Cancel { claim }),
			1 => (0..16u8).prop_map(|claim| Step::Reverse { claim }),
			1 => (0..16u8, 0..=110u8).prop_map(|(claim, amount_share)| Step::Readjudicate { claim, amount_share }),
			2 => (0..16u8).prop_map(|claim| Step::Pay { claim }),
		]
	}

	/// Four coverages of one patient at two insurers, orders 1, 1, 2 and 3, with small caps
	/// so that the caps bind.
	fn coverages() -> Vec<(u64, CoverageId)> {
		grant_consent(PATIENT, org(INSURER));
		grant_consent(PATIENT, org(OTHER_INSURER));
		let plans: [(u64, Fen, u16, Fen, Fen, u8); 4] = [
			(INSURER, 10_000, 70, 300_000, 600_000, 1),
			(OTHER_INSURER, 0, 100, 200_000, 400_000, 1),
			(INSURER, 50_000, 90, 1_000_000, 1_500_000, 2),
			(OTHER_INSURER, 0, 55, 90_000, 100_000, 3),
		];
		plans
			.iter()
			.enumerate()
			.map(|(i, &(insurer, deductible, percent, per_claim_cap, annual_cap, order))| {
				let mut rules = example_rules(insurer);
				rules.terms = [i as u8; 32];
				(rules.deductible, rules.ratio_with_basic) = (deductible, Ratio::percent(percent));
				(rules.per_claim_cap, rules.annual_cap, rules.copay) = (per_claim_cap, annual_cap, 100 * i as Fen);
				let hash = product(insurer, rules);
				(insurer, coverage(insurer, hash, order))
			})
			.collect()
	}

	fn run(steps: &[Step]) {
		let covers = coverages();
		let mut invoices: Vec<InvoiceKey> = Vec::new();
		for step in steps {
			// Every step is a call that succeeds or fails as a whole; the invariants must hold
			// after either.
			let _ = match *step {
				Step::Anchor { total, basic_share } => {
					let key = invoices.len() as u8 + 1;
					let basic = total * basic_share as Fen / 100;
					let result = Claims::anchor_invoice(signed(HOSPITAL), invoice(key, total, basic));
					if result.is_ok() {
						invoices.push([key; 32]);
					}
					result
				},
				Step::Claim { coverage, invoice, amount_share, excluded } => {
					if invoices.is_empty() {
						continue;
					}
					let key = invoices[invoice as usize % invoices.len()];
					let total = Invoices::<Test>::get(key).expect("anchored").anchor.total;
					let (insurer, cover) = covers[coverage as usize];
					let code = if excluded { "XB0001" } else { "A0001" };
					let amount = total * amount_share as Fen / 100;
					Claims::submit_claim(signed(insurer), cover, key, items(&[(code, amount), ("A0002", 1)]), None)
						.map(|_| ())
						.map_err(|e| e.error)
				},
				Step::Cancel { claim } => Claims::cancel_claim(signed(HOSPITAL), claim as ClaimId),
				Step::Reverse { claim } => Claims::reverse_claim(signed(insurer_of(claim)), claim as ClaimId, [0; 32]),
				Step::Readjudicate { claim, amount_share } => {
					let Some(total) = ClaimStore::<Test>::get(claim as ClaimId)
						.and_then(|c| Invoices::<Test>::get(c.invoice))
						.map(|i| i.anchor.total)
					else {
						continue;
					};
					let amount = total * amount_share as Fen / 100;
					Claims::readjudicate_claim(signed(insurer_of(claim)), claim as ClaimId, items(&[("A0001", amount)]))
				},
				Step::Pay { claim } => Claims::pay_claim(signed(insurer_of(claim)), claim as ClaimId, [0; 32]),
			};
			check_invariants();
		}


	}

	fn insurer_of(claim: u8) -> u64 {
		ClaimStore::<Test>::get(claim as ClaimId).map_or(INSURER, |c| c.insurer as u64 * 10)
	}

	/// The indemnity rule on every invoice, and every accumulator equal to its live claims
	/// and within its caps.
	fn check_invariants() {
		let claims: Vec<(ClaimId, Claim)> = ClaimStore::<Test>::iter().collect();
		for (key, invoice) in Invoices::<Test>::iter() {
			let live: Fen = claims
				.iter()
				.filter(|(_, c)| c.invoice == key && c.state.is_live())
				.map(|(_, c)| c.adjudication.benefit)
				.sum();
			assert_eq!(invoice.commercial_paid, live, "the invoice's lock counts its live claims");
			assert!(invoice.anchor.basic_paid + live <= invoice.anchor.total, "indemnity: B + commercial ≤ T");
		}
		for (coverage, year, accumulator) in Accumulators::<Test>::iter() {
			let rules = Products::<Test>::get(Coverages::<Test>::get(coverage).expect("covered").terms.product)
				.expect("registered");
			let mine = claims.iter().filter(|(_, c)| c.coverage == coverage && c.policy_year == year && c.state.is_live());
			let (deductible, paid) = mine.fold((0, 0), |(d, p), (_, c)| (d + c.adjudication.deductible, p + c.adjudication.benefit));
			assert_eq!(accumulator, Accumulator { deductible_used: deductible, paid_used: paid });
			assert!(accumulator.paid_used <= rules.annual_cap, "the annual cap holds");
			assert!(accumulator.deductible_used <= rules.deductible, "the deductible is taken once a year");
		}
		for (_, claim) in &claims {
			let rules = Products::<Test>::get(Coverages::<Test>::get(claim.coverage).expect("covered").terms.product)
				.expect("registered");
			assert!(claim.adjudication.benefit <= rules.per_claim_cap, "the per-claim cap holds");
		}
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(500))]
		/// Random invoices, four coverages at two insurers and random claim orders, cancellations,
		/// reversals, readjudications and payments: basic insurance plus all commercial benefits
		/// never exceed an invoice's total, and the caps and accumulators always hold.
		#[test]
		fn the_indemnity_rule_and_the_caps_hold_whatever_the_order(steps in proptest::collection::vec(step(), 1..60)) {
			new_test_ext().execute_with(|| run(&steps));
		}
	}
}

#[test]
fn overdue_deadlines_are_paged_in_due_order_across_payments_and_decisions() {
	use medtrust_primitives::claims::queries::OverdueCursor;
	new_test_ext().execute_with(|| {
		let cover = example();
		let a = submit(INSURER, cover, anchor(1, 86_000, 45_000), 86_000);
		// A pre-authorisation asked now is due in 30 days, after the payments.
		assert_ok!(Claims::request_preauth(signed(HOSPITAL), cover, PATIENT, [1; 32], 50_000));
		advance_millis(2 * DAY);
		let b = submit(INSURER, cover, anchor(2, 86_000, 45_000), 86_000);
		let c = submit(INSURER, cover, anchor(3, 86_000, 45_000), 86_000);
		advance_millis(31 * DAY);
		let what = |page: &OverduePage| page.overdue.iter().map(|o| o.what).collect::<Vec<_>>();
		let first = Claims::overdue(OverdueCursor::default(), 2);
		assert_eq!(what(&first), vec![DeadlineFor::ClaimPayment(a), DeadlineFor::ClaimPayment(b)]);
		assert_eq!(first.next, Some(OverdueCursor { payment: 2, decision: 0 }));
		let rest = Claims::overdue(first.next.unwrap(), 2);
		assert_eq!(what(&rest), vec![DeadlineFor::ClaimPayment(c), DeadlineFor::PreauthDecision(0)]);
		assert_eq!(rest.next, Some(OverdueCursor { payment: 3, decision: 1 }));
		assert_eq!(Claims::overdue(rest.next.unwrap(), 2), OverduePage { overdue: vec![], next: None });
		// A deadline met leaves the list; the order of the rest stays.
		assert_ok!(Claims::pay_claim(signed(INSURER), b, [1; 32]));
		let all: Vec<_> = overdue_all().iter().map(|o| o.what).collect();
		assert_eq!(all, vec![DeadlineFor::ClaimPayment(a), DeadlineFor::ClaimPayment(c), DeadlineFor::PreauthDecision(0)]);
	});
}

#[test]
fn the_migration_lists_open_deadlines_first_due_first() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		StorageVersion::new(1).put::<Claims>();
		Deadlines::<Test>::insert(DeadlineFor::ClaimPayment(7), Deadline { insurer: 3, due: 500 });
		Deadlines::<Test>::insert(DeadlineFor::ClaimPayment(8), Deadline { insurer: 3, due: 100 });
		Deadlines::<Test>::insert(DeadlineFor::AppealDecision(9), Deadline { insurer: 3, due: 300 });
		crate::migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Claims::on_chain_storage_version(), 2);
		let what = overdue_all().iter().map(|o| o.what).collect::<Vec<_>>();
		assert_eq!(what, vec![DeadlineFor::ClaimPayment(8), DeadlineFor::AppealDecision(9), DeadlineFor::ClaimPayment(7)]);
	});
}
