//! Benchmarks of every call, each on its most expensive path: products with every exclusion at
//! the longest code, claims with every item, invoices carrying as many claims as allowed and
//! beneficiaries holding as many coverages as allowed, all of which the payer order check
//! reads.

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::BoundedVec;
use frame_system::RawOrigin;
use medtrust_primitives::{
	claims::{rules_hash, MAX_CATALOGUE_CODE_LEN},
	consent::MAX_CONSENTS_PER_SUBJECT,
	OrganizationId,
};

const SUBJECT: Subject = [7; 32];
/// Far enough in the future for every benchmark, from a genesis clock at 0.
const FAR: Moment = u64::MAX / 2;

fn member<T: Config>(name: &'static str) -> (T::AccountId, OrganizationId) {
	let who: T::AccountId = account(name, 0, 0);
	let org = T::BenchmarkHelper::member(&who);
	(who, org)
}

/// A catalogue code of the longest length, distinct for each `i`.
fn code(prefix: u8, i: u32) -> CatalogueCode {
	let mut text = alloc::format!("{}{:08}", prefix as char, i).into_bytes();
	text.resize(MAX_CATALOGUE_CODE_LEN as usize, b'0');
	text.try_into().expect("at the bound; qed")
}

/// Rules with every exclusion; the per-claim cap keeps each benefit small so that an invoice
/// can carry as many claims as allowed.
fn rules(insurer: OrganizationId, variant: u8) -> ProductRules {
	ProductRules {
		insurer,
		terms: [variant; 32],
		deductible: 0,
		ratio_with_basic: Ratio::percent(90),
		ratio_without_basic: Ratio::percent(60),
		copay: 0,
		per_claim_cap: 100,
		annual_cap: MAX_AMOUNT,
		exclusions: (0..MAX_EXCLUSIONS).map(|i| code(b'X', i)).collect::<Vec<_>>().try_into().expect("at the bound; qed"),
	}
}

/// Every item, one of them excluded (so that the outcome is partial and may be appealed).
fn items() -> ClaimItems {
	first_items(MAX_CLAIM_ITEMS)
}

/// The first `n` of [`items`]; the second is the excluded one.
fn first_items(n: u32) -> ClaimItems {
	(0..n)
		.map(|i| ClaimItem { code: if i == 1 { code(b'X', 0) } else { code(b'A', i) }, amount: 1_000 })
		.collect::<Vec<_>>()
		.try_into()
		.expect("at most the bound; qed")
}

fn invoice(key: u32) -> InvoiceAnchor {
	let mut bytes = [0u8; 32];
	bytes[..4].copy_from_slice(&key.to_le_bytes());
	InvoiceAnchor {
		key: bytes,
		subject: SUBJECT,
		encounter: [1; 32],
		lines: [2; 32],
		service_at: 0,
		total: 10_000_000,
		basic_settled: true,
		basic_paid: 4_000_000,
		self_pay: SelfPay { within_catalogue: 6_000_000, outside_catalogue: 0 },
	}
}

struct Setup {
	insurer: OrganizationId,
	hospital: OrganizationId,
	product: RulesHash,
}

/// An insurer with a product, a hospital, and the subject's consent naming the insurer among
/// as many consents as a subject may have.
fn setup<T: Config>() -> Setup {
	setup_with::<T>(MAX_CONSENTS_PER_SUBJECT)
}

/// [`setup`] with `consents` consents of the subject.
fn setup_with<T: Config>(consents: u32) -> Setup {
	let (_, insurer) = member::<T>("insurer");
	let (_, hospital) = member::<T>("hospital");
	let rules = rules(insurer, 0);
	let product = rules_hash(&rules);
	Pallet::<T>::do_register_product(insurer, rules).expect("valid rules; qed");
	T::BenchmarkHelper::grant_claims_consent(hospital, SUBJECT, insurer, consents);
	Setup { insurer, hospital, product }
}

fn coverage<T: Config>(s: &Setup, order: u8) -> CoverageId {
	let id = NextCoverageId::<T>::get();
	let terms = CoverageTerms {
		beneficiary: SUBJECT,
		product: s.product,
		period: CoveragePeriod { start: 0, end: FAR },
		order,
		policy: [3; 32],
	};
	Pallet::<T>::do_register_coverage(s.insurer, terms).expect("valid coverage; qed");
	id
}

fn anchored<T: Config>(s: &Setup, key: u32) -> InvoiceKey {
	let anchor = invoice(key);
	Pallet::<T>::do_anchor_invoice(s.hospital, anchor).expect("fresh invoice; qed");
	anchor.key
}

fn claim<T: Config>(s: &Setup, coverage: CoverageId, invoice: InvoiceKey) -> ClaimId {
	let id = NextClaimId::<T>::get();
	Pallet::<T>::do_submit_claim(s.insurer, coverage, invoice, items(), None).expect("valid claim; qed");
	id
}

/// An invoice already claimed by every coverage but the last one the beneficiary may hold,
/// which pays last: the payer order check reads them all.
fn crowded_invoice<T: Config>(s: &Setup) -> (CoverageId, InvoiceKey) {
	invoice_claimed_by::<T>(s, MAX_COVERAGES_PER_BENEFICIARY - 1)
}

/// An invoice claimed by `earlier` coverages, and the beneficiary's coverage that pays after
/// them.
fn invoice_claimed_by<T: Config>(s: &Setup, earlier: u32) -> (CoverageId, InvoiceKey) {
	let key = anchored::<T>(s, 0);
	for _ in 0..earlier {
		let earlier = coverage::<T>(s, 1);
		claim::<T>(s, earlier, key);
	}
	(coverage::<T>(s, 2), key)
}

fn paid_claim<T: Config>(s: &Setup, coverage: CoverageId, key: u32) -> ClaimId {
	let invoice = anchored::<T>(s, key);
	let id = claim::<T>(s, coverage, invoice);
	Pallet::<T>::do_pay_claim(s.insurer, id, [4; 32]).expect("agreed claim; qed");
	id
}

fn origin<T: Config>(name: &'static str) -> RawOrigin<T::AccountId> {
	RawOrigin::Signed(account(name, 0, 0))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_product() {
		let s = setup::<T>();
		let rules = rules(s.insurer, 1);
		let product = rules_hash(&rules);

		#[extrinsic_call]
		_(origin::<T>("insurer"), rules);

		assert!(Products::<T>::contains_key(product));
	}

	#[benchmark]
	fn register_coverage() {
		let s = setup::<T>();
		for _ in 0..MAX_COVERAGES_PER_BENEFICIARY - 1 {
			coverage::<T>(&s, 1);
		}
		let terms = CoverageTerms {
			beneficiary: SUBJECT,
			product: s.product,
			period: CoveragePeriod { start: 0, end: FAR },
			order: 2,
			policy: [3; 32],
		};

		#[extrinsic_call]
		_(origin::<T>("insurer"), terms);

		assert_eq!(BeneficiaryCoverages::<T>::get(SUBJECT).len() as u32, MAX_COVERAGES_PER_BENEFICIARY);
	}

	#[benchmark]
	fn end_coverage() {
		let s = setup::<T>();
		let id = coverage::<T>(&s, 1);
		let now = Pallet::<T>::now();

		#[extrinsic_call]
		_(origin::<T>("insurer"), id, now);

		assert_eq!(Coverages::<T>::get(id).map(|c| c.terms.period.end), Some(now));
	}

	#[benchmark]
	fn anchor_invoice() {
		let _ = setup::<T>();
		let anchor = invoice(0);

		#[extrinsic_call]
		_(origin::<T>("hospital"), anchor);

		assert!(Invoices::<T>::contains_key(anchor.key));
	}

	/// `i` items, `c` consents of the subject, `p` earlier claims on the invoice (and as many
	/// other coverages of the beneficiary).
	#[benchmark]
	fn submit_claim(
		i: Linear<1, MAX_CLAIM_ITEMS>,
		c: Linear<1, MAX_CONSENTS_PER_SUBJECT>,
		p: Linear<0, { MAX_COVERAGES_PER_BENEFICIARY - 1 }>,
	) {
		let s = setup_with::<T>(c);
		let (last, key) = invoice_claimed_by::<T>(&s, p);
		let preauth = NextPreauthId::<T>::get();
		Pallet::<T>::do_request_preauth(s.hospital, last, SUBJECT, [5; 32], 1_000_000).expect("in force; qed");
		Pallet::<T>::do_decide_preauth(s.insurer, preauth, Some((1_000_000, FAR))).expect("requested; qed");
		let id = NextClaimId::<T>::get();

		#[extrinsic_call]
		_(origin::<T>("insurer"), last, key, first_items(i), Some(preauth));

		assert_eq!(Claims::<T>::get(id).map(|c| c.adjudication.benefit), Some(100));
	}

	#[benchmark]
	fn pay_claim() {
		let s = setup::<T>();
		let (last, key) = crowded_invoice::<T>(&s);
		let id = claim::<T>(&s, last, key);

		#[extrinsic_call]
		_(origin::<T>("insurer"), id, [4; 32]);

		assert_eq!(Claims::<T>::get(id).map(|c| c.state), Some(ClaimState::Paid));
	}

	#[benchmark]
	fn settle_clearing(c: Linear<1, MAX_STATEMENT_CLAIMS>) {
		let s = setup::<T>();
		let cover = coverage::<T>(&s, 1);
		let ids: Vec<ClaimId> = (0..c).map(|i| paid_claim::<T>(&s, cover, i)).collect();
		let total = 100 * c as Fen;
		let ids: BoundedVec<_, _> = ids.try_into().expect("within the bound; qed");

		#[extrinsic_call]
		_(origin::<T>("insurer"), s.hospital, 0, FAR, ids, total);

		assert_eq!(Statements::<T>::get(0).map(|st| st.claims), Some(c));
	}

	#[benchmark]
	fn cancel_claim() {
		let s = setup::<T>();
		let (last, key) = crowded_invoice::<T>(&s);
		let id = claim::<T>(&s, last, key);
		Pallet::<T>::do_appeal_claim(s.hospital, id, [6; 32]).expect("partial claim; qed");

		#[extrinsic_call]
		_(origin::<T>("hospital"), id);

		assert_eq!(Claims::<T>::get(id).map(|c| c.state), Some(ClaimState::Cancelled));
	}

	#[benchmark]
	fn reverse_claim() {
		let s = setup::<T>();
		let (last, key) = crowded_invoice::<T>(&s);
		let id = claim::<T>(&s, last, key);
		Pallet::<T>::do_pay_claim(s.insurer, id, [4; 32]).expect("agreed claim; qed");

		#[extrinsic_call]
		_(origin::<T>("insurer"), id, [6; 32]);

		assert_eq!(Claims::<T>::get(id).map(|c| c.state), Some(ClaimState::Reversed));
	}

	#[benchmark]
	fn readjudicate_claim() {
		let s = setup::<T>();
		let (last, key) = crowded_invoice::<T>(&s);
		let id = claim::<T>(&s, last, key);
		Pallet::<T>::do_appeal_claim(s.hospital, id, [6; 32]).expect("partial claim; qed");

		#[extrinsic_call]
		_(origin::<T>("insurer"), id, items());

		assert_eq!(Claims::<T>::get(id).map(|c| c.revision), Some(2));
	}

	#[benchmark]
	fn appeal_claim() {
		let s = setup::<T>();
		let (last, key) = crowded_invoice::<T>(&s);
		let id = claim::<T>(&s, last, key);

		#[extrinsic_call]
		_(origin::<T>("hospital"), id, [6; 32]);

		assert_eq!(Claims::<T>::get(id).map(|c| c.state), Some(ClaimState::Appealed));
	}

	#[benchmark]
	fn request_preauth() {
		let s = setup::<T>();
		let cover = coverage::<T>(&s, 1);

		#[extrinsic_call]
		_(origin::<T>("hospital"), cover, SUBJECT, [5; 32], 1_000_000);

		assert!(Preauthorizations::<T>::contains_key(0));
	}

	#[benchmark]
	fn decide_preauth() {
		let s = setup::<T>();
		let cover = coverage::<T>(&s, 1);
		Pallet::<T>::do_request_preauth(s.hospital, cover, SUBJECT, [5; 32], 1_000_000).expect("in force; qed");

		#[extrinsic_call]
		_(origin::<T>("insurer"), 0, Some((1_000_000, FAR)));

		assert!(!Deadlines::<T>::contains_key(DeadlineFor::PreauthDecision(0)));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
