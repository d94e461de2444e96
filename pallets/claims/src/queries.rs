//! The answers of the claims runtime API, read from storage.

use alloc::vec::Vec;
use medtrust_primitives::{
	claims::{
		adjudicate,
		queries::{
			ClaimRecord, ClearingDraft, ClearingLine, CoverageStanding, Eligibility, EligibilityQuery,
			ExplanationOfBenefits, Ineligibility, InvoiceClaims, Overdue, OverdueCursor, OverduePage,
			MAX_OVERDUE_ANSWER, MAX_OVERDUE_SCAN,
		},
		statement_claims_hash, AdjudicationInput, ClaimItem,
	},
	OrganizationId,
};

use crate::{pallet::*, types::*};


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

	/// The statutory deadlines past due at the current block, the longest overdue first, from
	/// `cursor` on: at most `limit` (up to [`MAX_OVERDUE_ANSWER`]), after looking at most at
	/// [`MAX_OVERDUE_SCAN`] entries. The two due-ordered lists are merged, so the page is in
	/// due order and ends, complete, at the first deadline not yet due.
	pub fn overdue(cursor: OverdueCursor, limit: u32) -> OverduePage {
		let now = Self::now();
		let limit = limit.clamp(1, MAX_OVERDUE_ANSWER) as usize;
		let mut at = cursor;
		let mut scanned = 0u32;
		let mut overdue = Vec::new();
		loop {
			if overdue.len() == limit || scanned >= MAX_OVERDUE_SCAN {
				return OverduePage { overdue, next: Some(at) };
			}
			let (payments, decisions) = (PaymentDeadlineCount::<T>::get(), DecisionDeadlineCount::<T>::get());
			let payment = Self::live_deadline(&PaymentDeadlineOrder::<T>::get, payments, &mut at.payment, &mut scanned);
			let decision = Self::live_deadline(&DecisionDeadlineOrder::<T>::get, decisions, &mut at.decision, &mut scanned);
			// A list whose head was not found for want of scan is not finished: cut here.
			let unfinished = (payment.is_none() && at.payment < payments) || (decision.is_none() && at.decision < decisions);
			if unfinished {
				return OverduePage { overdue, next: Some(at) };
			}
			let (what, deadline, take_payment) = match (payment, decision) {
				(Some(p), Some(d)) if p.1.due <= d.1.due => (p.0, p.1, true),
				(Some(p), None) => (p.0, p.1, true),
				(_, Some(d)) => (d.0, d.1, false),
				(None, None) => return OverduePage { overdue, next: None },
			};
			if deadline.due >= now {
				return OverduePage { overdue, next: None };
			}
			overdue.push(Overdue { what, insurer: deadline.insurer, due: deadline.due, late_by: now - deadline.due });
			if take_payment {
				at.payment += 1;
			} else {
				at.decision += 1;
			}
		}
	}

	/// The first deadline at or after `*position` of one due-ordered list that is still to
	/// be met; moves `*position` past the met ones, counting each entry looked at.
	fn live_deadline(
		entry: &dyn Fn(u64) -> Option<(DeadlineFor, Moment)>,
		count: u64,
		position: &mut u64,
		scanned: &mut u32,
	) -> Option<(DeadlineFor, Deadline)> {
		while *position < count && *scanned < MAX_OVERDUE_SCAN {
			*scanned += 1;
			if let Some((what, due)) = entry(*position) {
				match Deadlines::<T>::get(what) {
					Some(deadline) if deadline.due == due => return Some((what, deadline)),
					_ => {},
				}
			}
			*position += 1;
		}
		None
	}
}
