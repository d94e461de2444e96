//! The answers of the claims runtime API, read from storage.

use alloc::vec::Vec;
use medtrust_primitives::{
	claims::{
		adjudicate,
		queries::{
			ClaimRecord, ClearingDraft, ClearingLine, CoverageStanding, Eligibility, EligibilityQuery,
			ExplanationOfBenefits, Ineligibility, InvoiceClaims, Overdue,
		},
		statement_claims_hash, AdjudicationInput, ClaimItem,
	},
	OrganizationId,
};

use crate::{pallet::*, types::*};

/// The most overdue items one answer lists, the oldest first.
pub const MAX_OVERDUE_ANSWER: usize = 1_000;

impl<T: Config> Pallet<T> {
	/// A claim.
	pub fn claim_record(id: ClaimId) -> Option<ClaimRecord> {
		Claims::<T>::get(id).map(|claim| ClaimRecord { id, claim })
	}

	/// An invoice and its claims.
	pub fn invoice_claims(key: InvoiceKey) -> Option<InvoiceClaims> {
		let invoice = Invoices::<T>::get(key)?;
		let claims = invoice.claims.iter().filter_map(|&id| Self::claim_record(id)).collect();
		Some(InvoiceClaims { invoice, claims })
	}

	/// A coverage's standing in a policy year: the year of the current block if none is
	/// given (the first year before the coverage starts, the last after it ends).
	pub fn standing(id: CoverageId, year: Option<PolicyYear>) -> Option<CoverageStanding> {
		let coverage = Coverages::<T>::get(id)?;
		let period = coverage.terms.period;
		let year = year.unwrap_or_else(|| {
			let now = Self::now().clamp(period.start, period.end.saturating_sub(1));
			period.policy_year(now).unwrap_or_default()
		});
		let rules = Products::<T>::get(coverage.terms.product)?;
		let accumulator = Accumulators::<T>::get(id, year);
		Some(CoverageStanding {
			id,
			coverage,
			policy_year: year,
			accumulator,
			deductible_left: rules.deductible.saturating_sub(accumulator.deductible_used),
			annual_left: rules.annual_cap.saturating_sub(accumulator.paid_used),
		})
	}

	/// A claim's explanation of benefits.
	pub fn explanation_of_benefits(id: ClaimId) -> Option<ExplanationOfBenefits> {
		let claim = Self::claim_record(id)?;
		let invoice = Invoices::<T>::get(claim.claim.invoice)?;
		let coverage = Coverages::<T>::get(claim.claim.coverage)?;
		let product = Products::<T>::get(coverage.terms.product)?;
		let standing = Self::standing(claim.claim.coverage, Some(claim.claim.policy_year))?;
		Some(ExplanationOfBenefits { claim, invoice, product, standing })
	}

	/// Whether a coverage covers a patient's service, with an estimate if asked.
	pub fn eligibility(query: EligibilityQuery) -> Eligibility {
		let mut answer = Eligibility { ineligible: None, standing: None, product: None, estimate: None };
		let Some(coverage) = Coverages::<T>::get(query.coverage) else {
			answer.ineligible = Some(Ineligibility::UnknownCoverage);
			return answer;
		};
		answer.product = Some(coverage.terms.product);
		let service_at = query.service_at.unwrap_or_else(Self::now);
		answer.ineligible = if coverage.terms.beneficiary != query.subject {
			Some(Ineligibility::BeneficiaryMismatch)
		} else if !coverage.terms.period.contains(service_at) {
			Some(Ineligibility::NotInForce)
		} else if Self::ensure_claims_consent(query.subject, coverage.insurer).is_err() {
			Some(Ineligibility::NoConsent)
		} else {
			None
		};
		if answer.ineligible.is_some() {
			return answer;
		}
		let year = coverage.terms.period.policy_year(service_at);
		answer.standing = Self::standing(query.coverage, year);
		if answer.standing.is_some_and(|s| s.annual_left == 0) {
			answer.ineligible = Some(Ineligibility::AnnualCapReached);
			return answer;
		}
		if let (Some(estimate), Some(standing), Some(rules)) =
			(query.estimate, answer.standing, Products::<T>::get(coverage.terms.product))
		{
			let invoice = InvoiceAnchor {
				key: [0; 32],
				subject: query.subject,
				encounter: [0; 32],
				lines: [0; 32],
				service_at,
				total: estimate.total,
				basic_settled: estimate.basic_settled,
				basic_paid: estimate.basic_paid,
				self_pay: SelfPay::default(),
			};
			let items = [ClaimItem {
				code: b"ESTIMATE".to_vec().try_into().expect("8 bytes fit a catalogue code; qed"),
				amount: estimate.total,
			}];
			answer.estimate = adjudicate(AdjudicationInput {
				invoice: &invoice,
				other_insurers_paid: 0,
				items: &items,
				rules: &rules,
				accumulator: standing.accumulator,
				preauth_limit: None,
			})
			.ok();
		}
		answer
	}

	/// The paid, uncleared claims of `insurer` to `hospital` paid in `[from, to)`.
	pub fn clearing_draft(insurer: OrganizationId, hospital: OrganizationId, from: Moment, to: Moment) -> ClearingDraft {
		let mut ids: Vec<ClaimId> = Uncleared::<T>::iter_key_prefix((insurer, hospital)).collect();
		ids.sort_unstable();
		let claims: Vec<ClearingLine> = ids
			.into_iter()
			.filter_map(|id| Claims::<T>::get(id).map(|claim| (id, claim)))
			.filter_map(|(id, claim)| Some(ClearingLine { claim: id, invoice: claim.invoice, payment: claim.payment? }))
			.filter(|line| from <= line.payment.paid_at && line.payment.paid_at < to)
			.take(MAX_STATEMENT_CLAIMS as usize)
			.collect();
		let pairs: Vec<(ClaimId, Fen)> = claims.iter().map(|line| (line.claim, line.payment.amount)).collect();
		ClearingDraft {
			insurer,
			hospital,
			from,
			to,
			total: pairs.iter().map(|(_, amount)| amount).sum(),
			claims_hash: statement_claims_hash(&pairs),
			claims,
		}
	}

	/// The statutory deadlines past due at the current block, the oldest first.
	pub fn overdue() -> Vec<Overdue> {
		let now = Self::now();
		let mut overdue: Vec<Overdue> = Deadlines::<T>::iter()
			.filter(|(_, deadline)| deadline.due < now)
			.map(|(what, deadline)| Overdue { what, insurer: deadline.insurer, due: deadline.due, late_by: now - deadline.due })
			.collect();
		overdue.sort_by_key(|o| o.due);
		overdue.truncate(MAX_OVERDUE_ANSWER);
		overdue
	}

}
