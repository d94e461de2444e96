//! The adjudication of a claim: deterministic, in integer fen, the same in the runtime (in the
//! block that includes the claim), in the eligibility estimate and in the SDK.
//!
//! 1. Submitted S = the sum of the claim's items; S above the invoice total T is refused.
//! 2. Residual R = T − B − O, with B what basic medical insurance paid and O what other
//!    commercial insurers already pay on the invoice; nothing left is refused.
//! 3. Eligible E = min(R, S) − X, floored at 0, with X the items the product excludes.
//! 4. Deductible d = min(E, deductible − deductible used this policy year).
//! 5. By ratio = (E − d) × ratio, **rounded down to the whole fen**; the ratio is the
//!    product's ratio with or without basic insurance settlement; the rest is coinsurance.
//! 6. After copay = by ratio − min(copay, by ratio).
//! 7. Benefit P = min(after copay, per-claim cap, annual cap − paid used this policy year,
//!    the pre-authorisation's limit if one is used).
//!
//! P ≤ R always, so B + all commercial benefits ≤ T on every invoice (the indemnity rule).

use super::records::*;

/// What one adjudication reads.
#[derive(Clone, Copy, Debug)]
pub struct AdjudicationInput<'a> {
	/// The anchored invoice.
	pub invoice: &'a InvoiceAnchor,
	/// What other commercial insurers' live claims pay on it.
	pub other_insurers_paid: Fen,
	/// The items claimed.
	pub items: &'a [ClaimItem],
	/// The product's rules.
	pub rules: &'a ProductRules,
	/// The coverage's accumulator for the service's policy year.
	pub accumulator: Accumulator,
	/// A pre-authorisation's limit, if the claim uses one.
	pub preauth_limit: Option<Fen>,
}

/// Why a claim cannot be adjudicated.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AdjudicationError {
	/// The claim has no items.
	NoItems,
	/// An amount, or the sum of the items, is above [`MAX_AMOUNT`].
	AmountTooLarge,
	/// The items add up to more than the invoice total.
	AboveInvoiceTotal,
	/// Basic insurance and other insurers have paid the whole invoice.
	NothingLeftToPay,
}

/// Adjudicates a claim.
pub fn adjudicate(input: AdjudicationInput) -> Result<Adjudication, AdjudicationError> {
	let AdjudicationInput { invoice, other_insurers_paid, items, rules, accumulator, preauth_limit } = input;
	if items.is_empty() {
		return Err(AdjudicationError::NoItems);
	}
	let (mut submitted, mut excluded) = (0 as Fen, 0 as Fen);
	for item in items {
		if item.amount > MAX_AMOUNT {
			return Err(AdjudicationError::AmountTooLarge);
		}
		// At most 64 items of at most MAX_AMOUNT each: the sums stay far inside 64 bits.
		submitted = submitted.saturating_add(item.amount);
		if rules.exclusions.binary_search(&item.code).is_ok() {
			excluded = excluded.saturating_add(item.amount);
		}
	}
	if submitted > MAX_AMOUNT {
		return Err(AdjudicationError::AmountTooLarge);
	}
	if submitted > invoice.total {
		return Err(AdjudicationError::AboveInvoiceTotal);
	}
	let residual = invoice
		.total
		.checked_sub(invoice.basic_paid)
		.and_then(|rest| rest.checked_sub(other_insurers_paid))
		.filter(|residual| *residual > 0)
		.ok_or(AdjudicationError::NothingLeftToPay)?;

	let eligible = residual.min(submitted).saturating_sub(excluded);
	let deductible = eligible.min(rules.deductible.saturating_sub(accumulator.deductible_used));
	let ratio = if invoice.basic_settled { rules.ratio_with_basic } else { rules.ratio_without_basic };
	let above_deductible = eligible - deductible;
	let by_ratio = ratio.of_rounding_down(above_deductible);
	let coinsurance = above_deductible - by_ratio;
	let copay = rules.copay.min(by_ratio);
	let after_copay = by_ratio - copay;
	let limit = rules
		.per_claim_cap
		.min(rules.annual_cap.saturating_sub(accumulator.paid_used))
		.min(preauth_limit.unwrap_or(Fen::MAX));
	let benefit = after_copay.min(limit);
	let cap_reduction = after_copay - benefit;

	let outcome = if benefit == 0 {
		Outcome::Denied
	} else if excluded > 0 || cap_reduction > 0 {
		Outcome::Partial
	} else {
		Outcome::Approved
	};
	Ok(Adjudication {
		submitted,
		basic_paid: invoice.basic_paid,
		other_insurers_paid,
		residual,
		excluded,
		eligible,
		deductible,
		ratio,
		coinsurance,
		copay,
		cap_reduction,
		benefit,
		outcome,
	})
}

impl Accumulator {
	/// The accumulator with `adjudication`'s deductible and benefit counted.
	pub fn charged(self, adjudication: &Adjudication) -> Accumulator {
		Accumulator {
			deductible_used: self.deductible_used.saturating_add(adjudication.deductible),
			paid_used: self.paid_used.saturating_add(adjudication.benefit),
		}
	}

	/// The accumulator with `adjudication`'s deductible and benefit released (a cancelled,
	/// reversed or readjudicated claim).
	pub fn released(self, adjudication: &Adjudication) -> Accumulator {
		Accumulator {
			deductible_used: self.deductible_used.saturating_sub(adjudication.deductible),
			paid_used: self.paid_used.saturating_sub(adjudication.benefit),
		}
	}
}
