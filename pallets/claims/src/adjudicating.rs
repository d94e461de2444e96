//! Submitting a claim and adjudicating it (again): the checks a claim must pass, the
//! adjudication itself (`medtrust_primitives::claims::adjudicate`), and keeping the invoice's
//! lock and the coverage's accumulators in step with every live claim's benefit.

use frame_support::{
	ensure,
	pallet_prelude::{DispatchError, DispatchResult},
};
use medtrust_primitives::{
	claims::{adjudicate, is_catalogue_code, items_hash, AdjudicationError, AdjudicationInput, PAYMENT_DEADLINE_MS},
	consent::{AccessRequest, Action, ConsentInspect, DataClass, Decision, Purpose},
	OrganizationId, Role,
};

use crate::{pallet::*, types::*};

impl<T: Config> Pallet<T> {
	/// Whether `subject` permits `insurer` to receive its billing data for payment: the
	/// third-party-provision consent of "one case, one authorisation".
	pub(crate) fn ensure_claims_consent(subject: Subject, insurer: OrganizationId) -> Result<(), Error<T>> {
		Self::claims_consent(subject, insurer).map(|_| ())
	}

	/// [`Self::ensure_claims_consent`], giving how many of the subject's consents it read.
	pub(crate) fn claims_consent(subject: Subject, insurer: OrganizationId) -> Result<u32, Error<T>> {
		let request = AccessRequest {
			subject,
			organization: insurer,
			role: Role::Insurer,
			purpose: Purpose::Payment,
			action: Action::Disclose,
			data_class: DataClass::Billing,
		};
		let (decision, consents) = T::Consents::decide(&request);
		ensure!(matches!(decision, Decision::Permit { .. }), Error::<T>::NoConsent);
		Ok(consents)
	}

	/// The coverage, if it is `insurer`'s.
	pub(crate) fn own_coverage(insurer: OrganizationId, id: CoverageId) -> Result<Coverage, Error<T>> {
		let coverage = Coverages::<T>::get(id).ok_or(Error::<T>::UnknownCoverage)?;
		ensure!(coverage.insurer == insurer, Error::<T>::NotYourCoverage);
		Ok(coverage)
	}

	/// The claim, if it is `insurer`'s.
	pub(crate) fn own_claim(insurer: OrganizationId, id: ClaimId) -> Result<Claim, Error<T>> {
		let claim = Claims::<T>::get(id).ok_or(Error::<T>::UnknownClaim)?;
		ensure!(claim.insurer == insurer, Error::<T>::NotYourCoverage);
		Ok(claim)
	}

	pub(crate) fn do_submit_claim(
		insurer: OrganizationId,
		coverage_id: CoverageId,
		invoice_key: InvoiceKey,
		items: ClaimItems,
		preauth: Option<PreauthId>,
	) -> Result<ClaimReads, DispatchError> {
		let coverage = Self::own_coverage(insurer, coverage_id)?;
		let mut invoice = Invoices::<T>::get(invoice_key).ok_or(Error::<T>::UnknownInvoice)?;
		ensure!(coverage.terms.beneficiary == invoice.anchor.subject, Error::<T>::BeneficiaryMismatch);
		let policy_year =
			coverage.terms.period.policy_year(invoice.anchor.service_at).ok_or(Error::<T>::CoverageNotInForce)?;
		let consents = Self::claims_consent(invoice.anchor.subject, insurer)?;
		let earlier = Self::ensure_payer_order(coverage_id, &coverage, &invoice)?;
		let now = Self::now();
		let preauth_limit = preauth.map(|id| Self::approved_preauth(id, coverage_id, now)).transpose()?;

		let id = Self::next_id::<NextClaimId<T>>()?;
		invoice.claims.try_push(id).map_err(|_| Error::<T>::TooManyClaims)?;
		let adjudication = Self::adjudicate_on(&invoice, coverage_id, &coverage, policy_year, &items, preauth_limit)?;
		if let Some(preauth) = preauth {
			Preauthorizations::<T>::mutate(preauth, |p| {
				if let Some(p) = p {
					p.state = PreauthState::Consumed { claim: id, limit: preauth_limit.unwrap_or_default() };
				}
			});
		}
		let claim = Claim {
			coverage: coverage_id,
			insurer,
			hospital: invoice.issuer,
			invoice: invoice_key,
			policy_year,
			items_hash: items_hash(&items),
			item_count: items.len() as u8,
			preauth,
			adjudication,
			revision: 1,
			state: ClaimState::Adjudicated,
			submitted_at: now,
			decided_at: now,
			appeal: None,
			payment: None,
			statement: None,
		};
		Self::charge(&mut invoice, &claim);
		Invoices::<T>::insert(invoice_key, invoice);
		Self::adjudicated(id, claim);
		Ok(ClaimReads { consents, earlier })
	}

	pub(crate) fn do_readjudicate_claim(insurer: OrganizationId, id: ClaimId, items: ClaimItems) -> DispatchResult {
		let mut claim = Self::own_claim(insurer, id)?;
		ensure!(matches!(claim.state, ClaimState::Reversed | ClaimState::Appealed), Error::<T>::InvalidClaimState);
		let coverage = Coverages::<T>::get(claim.coverage).ok_or(Error::<T>::UnknownCoverage)?;
		let mut invoice = Invoices::<T>::get(claim.invoice).ok_or(Error::<T>::UnknownInvoice)?;
		if claim.state == ClaimState::Appealed {
			Self::release(&mut invoice, &claim);
			Deadlines::<T>::remove(DeadlineFor::AppealDecision(id));
		}
		let preauth_limit = claim.preauth.and_then(|p| match Preauthorizations::<T>::get(p)?.state {
			PreauthState::Consumed { limit, .. } => Some(limit),
			_ => None,
		});
		claim.adjudication = Self::adjudicate_on(&invoice, claim.coverage, &coverage, claim.policy_year, &items, preauth_limit)?;
		claim.items_hash = items_hash(&items);
		claim.item_count = items.len() as u8;
		claim.revision = claim.revision.saturating_add(1);
		claim.state = ClaimState::Adjudicated;
		claim.decided_at = Self::now();
		Self::charge(&mut invoice, &claim);
		Invoices::<T>::insert(claim.invoice, invoice);
		Self::adjudicated(id, claim);
		Ok(())
	}

	/// A claim under a coverage of order k needs the invoice claimed under every coverage of
	/// the beneficiary with a lower order in force at the service; a coverage claims an
	/// invoice once. Gives how many claims or coverages it read, whichever is more.
	fn ensure_payer_order(coverage_id: CoverageId, coverage: &Coverage, invoice: &Invoice) -> Result<u32, Error<T>> {
		let live: alloc::vec::Vec<CoverageId> = invoice
			.claims
			.iter()
			.filter_map(Claims::<T>::get)
			.filter(|c| c.state != ClaimState::Cancelled)
			.map(|c| c.coverage)
			.collect();
		ensure!(!live.contains(&coverage_id), Error::<T>::DuplicateClaim);
		let service = invoice.anchor.service_at;
		let others = BeneficiaryCoverages::<T>::get(coverage.terms.beneficiary);
		let read = (invoice.claims.len() as u32).max((others.len() as u32).saturating_sub(1));
		for other in others {
			if other == coverage_id || live.contains(&other) {
				continue;
			}
			let Some(earlier) = Coverages::<T>::get(other) else { continue };
			let pays_first = earlier.terms.order < coverage.terms.order && earlier.terms.period.contains(service);
			ensure!(!pays_first, Error::<T>::EarlierPayerNotClaimed);
		}
		Ok(read)
	}

	/// The limit of an approved, unexpired pre-authorisation of the coverage.
	fn approved_preauth(id: PreauthId, coverage: CoverageId, now: Moment) -> Result<Fen, Error<T>> {
		let preauth = Preauthorizations::<T>::get(id).ok_or(Error::<T>::UnknownPreauth)?;
		ensure!(preauth.coverage == coverage, Error::<T>::PreauthForAnotherCoverage);
		match preauth.state {
			PreauthState::Approved { expires_at, .. } if now >= expires_at => Err(Error::<T>::PreauthExpired),
			PreauthState::Approved { limit, .. } => Ok(limit),
			_ => Err(Error::<T>::PreauthNotApproved),
		}
	}

	/// Adjudicates `items` on `invoice` under `coverage` with what other claims already pay.
	fn adjudicate_on(
		invoice: &Invoice,
		coverage_id: CoverageId,
		coverage: &Coverage,
		policy_year: PolicyYear,
		items: &ClaimItems,
		preauth_limit: Option<Fen>,
	) -> Result<Adjudication, Error<T>> {
		ensure!(items.iter().all(|item| is_catalogue_code(&item.code)), Error::<T>::MalformedCatalogueCode);
		let rules = Products::<T>::get(coverage.terms.product).ok_or(Error::<T>::UnknownProduct)?;
		adjudicate(AdjudicationInput {
			invoice: &invoice.anchor,
			other_insurers_paid: invoice.commercial_paid,
			items,
			rules: &rules,
			accumulator: Accumulators::<T>::get(coverage_id, policy_year),
			preauth_limit,
		})
		.map_err(|e| match e {
			AdjudicationError::NoItems => Error::<T>::NoItems,
			AdjudicationError::AmountTooLarge => Error::<T>::AmountTooLarge,
			AdjudicationError::AboveInvoiceTotal => Error::<T>::ClaimAboveInvoiceTotal,
			AdjudicationError::NothingLeftToPay => Error::<T>::NothingLeftToPay,
		})
	}

	/// Counts a live claim's benefit on its invoice and its deductible and benefit in its
	/// coverage's accumulator.
	pub(crate) fn charge(invoice: &mut Invoice, claim: &Claim) {
		invoice.commercial_paid = invoice.commercial_paid.saturating_add(claim.adjudication.benefit);
		Accumulators::<T>::mutate(claim.coverage, claim.policy_year, |a| *a = a.charged(&claim.adjudication));
	}

	/// Takes a claim's benefit off its invoice and its accumulator (cancelled, reversed or
	/// readjudicated).
	pub(crate) fn release(invoice: &mut Invoice, claim: &Claim) {
		invoice.commercial_paid = invoice.commercial_paid.saturating_sub(claim.adjudication.benefit);
		Accumulators::<T>::mutate(claim.coverage, claim.policy_year, |a| *a = a.released(&claim.adjudication));
	}

	/// Stores a freshly adjudicated claim; an agreed benefit must be paid within 10 days.
	fn adjudicated(id: ClaimId, claim: Claim) {
		if claim.adjudication.benefit > 0 {
			let due = claim.decided_at.saturating_add(PAYMENT_DEADLINE_MS);
			Self::set_deadline(DeadlineFor::ClaimPayment(id), Deadline { insurer: claim.insurer, due });
		}
		Self::deposit_event(Event::ClaimAdjudicated {
			claim: id,
			coverage: claim.coverage,
			invoice: claim.invoice,
			revision: claim.revision,
			outcome: claim.adjudication.outcome,
			benefit: claim.adjudication.benefit,
		});
		Claims::<T>::insert(id, claim);
	}
}
