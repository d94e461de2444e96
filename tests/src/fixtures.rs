//! The records of `claims.md`'s worked example, shared by the end-to-end tests and the bench:
//! the patient's claims consent, the insurer's product rules and the hospital's invoice.

use medtrust_client::claims::{rules_hash, ClaimItem, CoveragePeriod, CoverageTerms, InvoiceAnchor, ProductRules, Ratio, SelfPay};
use medtrust_primitives::consent::{
	Action, Actions, Categories, ConsentTerms, DataClass, DataClasses, Grantee, Grantor, Period, Purpose, Purposes,
	Subject,
};

use crate::now_millis;

/// A day in milliseconds.
pub const DAY: u64 = 86_400_000;

/// "One case, one authorisation": the patient lets the hospital provide billing data to
/// `insurer` for payment, from a minute ago for 30 days.
pub fn claims_consent(subject: Subject, insurer: u32) -> ConsentTerms {
	ConsentTerms {
		subject,
		grantor: Grantor::Patient,
		grantees: vec![Grantee::Organization(insurer)].try_into().expect("one grantee; qed"),
		purposes: Purposes::of(&[Purpose::Payment]),
		data_classes: DataClasses::of(&[DataClass::Billing]),
		actions: Actions::of(&[Action::Read, Action::Disclose]),
		period: Period { start: now_millis() - 60_000, end: Some(now_millis() + 30 * DAY) },
		categories: Categories(Categories::THIRD_PARTY),
		provisions: Default::default(),
		policy_hash: [1; 32],
		form_hash: [2; 32],
	}
}

/// The worked example's product: 100 yuan deductible, 70 % with basic insurance settled (60 %
/// without), 50,000 yuan per claim, 200,000 yuan a year, no exclusions.
pub fn example_rules(insurer: u32) -> ProductRules {
	ProductRules {
		insurer,
		terms: [9; 32],
		deductible: 10_000,
		ratio_with_basic: Ratio::percent(70),
		ratio_without_basic: Ratio::percent(60),
		copay: 0,
		per_claim_cap: 5_000_000,
		annual_cap: 20_000_000,
		exclusions: Default::default(),
	}
}

/// The patient's coverage under `rules`, from a day ago for a year, first in order.
pub fn example_coverage(beneficiary: Subject, rules: &ProductRules) -> CoverageTerms {
	CoverageTerms {
		beneficiary,
		product: rules_hash(rules),
		period: CoveragePeriod { start: now_millis() - DAY, end: now_millis() + 365 * DAY },
		order: 1,
		policy: [8; 32],
	}
}

/// The worked example's invoice: 860 yuan, 450 paid by basic insurance, 410 self-paid within
/// the catalogue; the service a minute ago.
pub fn example_invoice(key: [u8; 32], subject: Subject) -> InvoiceAnchor {
	InvoiceAnchor {
		key,
		subject,
		encounter: [3; 32],
		lines: [4; 32],
		service_at: now_millis() - 60_000,
		total: 86_000,
		basic_settled: true,
		basic_paid: 45_000,
		self_pay: SelfPay { within_catalogue: 41_000, outside_catalogue: 0 },
	}
}

/// A claim item: a catalogue code and an amount in fen.
pub fn item(code: &str, amount: u64) -> ClaimItem {
	ClaimItem { code: code.as_bytes().to_vec().try_into().expect("a short code; qed"), amount }
}

/// The consortium's invoice key of the tests (members hold it off chain).
pub const CONSORTIUM_INVOICE_KEY: &[u8] = b"medtrust-test-consortium-invoice-key";

/// An e-invoice's key under the tests' consortium key.
pub fn invoice_key(code: &str, number: &str, issuer: &str) -> [u8; 32] {
	medtrust_client::claims::InvoiceKeys::new(CONSORTIUM_INVOICE_KEY).expect("long enough; qed").key(code, number, issuer)
}
