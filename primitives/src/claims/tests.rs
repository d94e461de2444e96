use super::*;
use proptest::prelude::*;

fn code(text: &str) -> CatalogueCode {
	CatalogueCode::try_from(text.as_bytes().to_vec()).expect("short code")
}

fn item(text: &str, amount: Fen) -> ClaimItem {
	ClaimItem { code: code(text), amount }
}

fn rules(deductible: Fen, ratio: Ratio) -> ProductRules {
	ProductRules {
		insurer: 6,
		terms: [7; 32],
		deductible,
		ratio_with_basic: ratio,
		ratio_without_basic: Ratio::percent(60),
		copay: 0,
		per_claim_cap: 100_000_000,
		annual_cap: 400_000_000,
		exclusions: BoundedVec::try_from(vec![code("XB01"), code("ZZ99")]).expect("two"),
	}
}

fn invoice(total: Fen, basic_paid: Fen) -> InvoiceAnchor {
	InvoiceAnchor {
		key: [1; 32],
		subject: [2; 32],
		encounter: [3; 32],
		lines: [4; 32],
		service_at: 0,
		total,
		basic_settled: true,
		basic_paid,
		self_pay: SelfPay { within_catalogue: total - basic_paid, outside_catalogue: 0 },
	}
}

fn run(invoice: &InvoiceAnchor, items: &[ClaimItem], rules: &ProductRules, accumulator: Accumulator) -> Adjudication {
	adjudicate(AdjudicationInput { invoice, other_insurers_paid: 0, items, rules, accumulator, preauth_limit: None })
		.expect("adjudicable")
}

#[test]
fn the_worked_example_of_claims_md() {
	// T = 86,000, B = 45,000 → R = 41,000; deductible 10,000; ratio 70% → P = 21,700.
	let invoice = invoice(86_000, 45_000);
	let result = run(&invoice, &[item("A001", 86_000)], &rules(10_000, Ratio::percent(70)), Accumulator::default());
	assert_eq!(result.residual, 41_000);
	assert_eq!(result.eligible, 41_000);
	assert_eq!(result.deductible, 10_000);
	assert_eq!(result.coinsurance, 9_300);
	assert_eq!(result.benefit, 21_700);
	assert_eq!(result.outcome, Outcome::Approved);
	let after = Accumulator::default().charged(&result);
	assert_eq!(after, Accumulator { deductible_used: 10_000, paid_used: 21_700 });
	assert_eq!(after.released(&result), Accumulator::default());
}

#[test]
fn the_ratio_rounds_down_to_the_fen() {
	// 333 × 33.33% = 110.9889 fen → 110; the patient's coinsurance takes the fraction.
	let invoice = invoice(333, 0);
	let result = run(&invoice, &[item("A001", 333)], &rules(0, Ratio(3_333)), Accumulator::default());
	assert_eq!((result.benefit, result.coinsurance), (110, 223));
	assert_eq!(Ratio(9_999).of_rounding_down(1), 0);
	assert_eq!(Ratio::FULL.of_rounding_down(MAX_AMOUNT), MAX_AMOUNT);
}

#[test]
fn exclusions_copay_and_caps_make_a_partial_benefit() {
	let invoice = invoice(100_000, 20_000);
	let mut rules = rules(0, Ratio::FULL);
	let result = run(&invoice, &[item("A001", 70_000), item("XB01", 30_000)], &rules, Accumulator::default());
	assert_eq!((result.excluded, result.eligible, result.benefit), (30_000, 50_000, 50_000));
	assert_eq!(result.outcome, Outcome::Partial);

	rules.copay = 1_000;
	rules.per_claim_cap = 40_000;
	let result = run(&invoice, &[item("A001", 100_000)], &rules, Accumulator::default());
	assert_eq!((result.copay, result.cap_reduction, result.benefit), (1_000, 39_000, 40_000));

	let spent = Accumulator { deductible_used: 0, paid_used: rules.annual_cap - 5_000 };
	assert_eq!(run(&invoice, &[item("A001", 100_000)], &rules, spent).benefit, 5_000);
	let exhausted = Accumulator { deductible_used: 0, paid_used: rules.annual_cap };
	let denied = run(&invoice, &[item("A001", 100_000)], &rules, exhausted);
	assert_eq!((denied.benefit, denied.outcome), (0, Outcome::Denied));
}

#[test]
fn without_basic_settlement_the_lower_ratio_applies_and_a_preauth_limits() {
	let mut invoice = invoice(10_000, 0);
	invoice.basic_settled = false;
	let rules = rules(0, Ratio::FULL);
	assert_eq!(run(&invoice, &[item("A001", 10_000)], &rules, Accumulator::default()).benefit, 6_000);
	let limited = adjudicate(AdjudicationInput {
		invoice: &invoice,
		other_insurers_paid: 0,
		items: &[item("A001", 10_000)],
		rules: &rules,
		accumulator: Accumulator::default(),
		preauth_limit: Some(2_500),
	})
	.expect("adjudicable");
	assert_eq!((limited.benefit, limited.cap_reduction), (2_500, 3_500));
}

#[test]
fn bad_claims_are_refused() {
	let invoice = invoice(10_000, 4_000);
	let rules = rules(0, Ratio::FULL);
	let input = |items: &'static [ClaimItem], other: Fen| AdjudicationInput {
		invoice: &invoice,
		other_insurers_paid: other,
		items,
		rules: &rules,
		accumulator: Accumulator::default(),
		preauth_limit: None,
	};
	assert_eq!(adjudicate(input(&[], 0)), Err(AdjudicationError::NoItems));
	let above: &'static [ClaimItem] = Box::leak(Box::new([item("A001", 10_001)]));
	assert_eq!(adjudicate(input(above, 0)), Err(AdjudicationError::AboveInvoiceTotal));
	let huge: &'static [ClaimItem] = Box::leak(Box::new([item("A001", MAX_AMOUNT + 1)]));
	assert_eq!(adjudicate(input(huge, 0)), Err(AdjudicationError::AmountTooLarge));
	let fine: &'static [ClaimItem] = Box::leak(Box::new([item("A001", 10_000)]));
	assert_eq!(adjudicate(input(fine, 6_000)), Err(AdjudicationError::NothingLeftToPay));
	assert_eq!(adjudicate(input(fine, 5_000)).map(|a| a.benefit), Ok(1_000));
}

#[test]
fn invoice_preimages_are_the_same_for_every_insurer_and_differ_by_issuer() {
	let key = invoice_key_preimage("144032209110", "00012345", "12440300455755541X");
	assert_eq!(key, invoice_key_preimage(" 144032209110", "00012345 ", "12440300455755541X"));
	assert_ne!(key, invoice_key_preimage("144032209110", "00012345", "12440300455755542X"));
	assert_ne!(key, invoice_key_preimage("14403220911", "000012345", "12440300455755541X"));
	let items = [ClaimItem { code: b"A001".to_vec().try_into().expect("4 bytes fit; qed"), amount: 1 }];
	assert_ne!(items_hash(&items), items_hash(&[]));
}

#[test]
fn claims_read_and_write_catalogue_codes_as_text() {
	let json = serde_json::to_string(&item("XB01.002", 5)).expect("serialises");
	assert_eq!(json, r#"{"code":"XB01.002","amount":5}"#);
	assert!(serde_json::from_str::<ClaimItem>(r#"{"code":"XB 01","amount":5}"#).is_err());
	assert!(serde_json::from_str::<ClaimItem>(r#"{"code":"XB01","amount":-5}"#).is_err());
	let rules = rules(0, Ratio::FULL);
	let back: ProductRules = serde_json::from_str(&serde_json::to_string(&rules).expect("serialises")).expect("reads");
	assert_eq!(back, rules);
	assert_eq!(rules_hash(&back), rules_hash(&rules));
}

proptest! {
	/// Whatever the invoice, items, product and accumulator, the benefit never exceeds the
	/// residual nor any cap, and the breakdown adds up.
	#[test]
	fn the_benefit_respects_the_residual_and_every_cap(
		total in 1..5_000_000u64,
		basic_share in 0..=100u64,
		other_share in 0..=100u64,
		amounts in proptest::collection::vec((0..5_000_000u64, any::<bool>()), 1..8),
		deductible in 0..100_000u64,
		ratio in 0..=10_000u16,
		copay in 0..5_000u64,
		per_claim_cap in 0..3_000_000u64,
		annual_cap in 0..6_000_000u64,
		deductible_used in 0..150_000u64,
		paid_used in 0..7_000_000u64,
	) {
		let basic = total * basic_share / 100;
		let other = (total - basic) * other_share / 100;
		let invoice = invoice(total, basic);
		let mut rules = rules(deductible, Ratio(ratio));
		(rules.copay, rules.per_claim_cap, rules.annual_cap) = (copay, per_claim_cap, annual_cap);
		let items: Vec<ClaimItem> = amounts
			.iter()
			.map(|(amount, excluded)| item(if *excluded { "ZZ99" } else { "A001" }, amount % (total + 1)))
			.collect();
		let accumulator = Accumulator { deductible_used, paid_used };
		let result = adjudicate(AdjudicationInput {
			invoice: &invoice, other_insurers_paid: other, items: &items, rules: &rules, accumulator, preauth_limit: None,
		});
		let submitted: Fen = items.iter().map(|i| i.amount).sum();
		match result {
			Err(AdjudicationError::AboveInvoiceTotal) => prop_assert!(submitted > total),
			Err(AdjudicationError::NothingLeftToPay) => prop_assert_eq!(basic + other, total),
			Err(e) => prop_assert!(false, "unexpected {:?}", e),
			Ok(a) => {
				prop_assert!(basic + other + a.benefit <= total);
				prop_assert!(a.benefit <= a.eligible && a.eligible <= a.residual);
				prop_assert!(a.benefit <= per_claim_cap);
				prop_assert!(paid_used + a.benefit <= annual_cap.max(paid_used));
				prop_assert!(deductible_used + a.deductible <= deductible.max(deductible_used));
				prop_assert_eq!(a.eligible, a.deductible + a.coinsurance + a.copay + a.cap_reduction + a.benefit);
			},
		}
	}
}
