//! The rest of a claim's life before payment: cancellation, reversal, appeal; and
//! pre-authorisations with their 30-day decision deadline.

use frame_support::{ensure, pallet_prelude::DispatchResult};
use medtrust_primitives::{claims::DECISION_DEADLINE_MS, OrganizationId};

use crate::{pallet::*, types::*};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_cancel_claim(who: OrganizationId, id: ClaimId) -> DispatchResult {
		let mut claim = Claims::<T>::get(id).ok_or(Error::<T>::UnknownClaim)?;
		ensure!(who == claim.insurer || who == claim.hospital, Error::<T>::NotYourClaim);
		ensure!(
			matches!(claim.state, ClaimState::Adjudicated | ClaimState::Appealed | ClaimState::Reversed),
			Error::<T>::InvalidClaimState
		);
		let mut invoice = Invoices::<T>::get(claim.invoice).ok_or(Error::<T>::UnknownInvoice)?;
		if claim.state.is_live() {
			Self::release(&mut invoice, &claim);
		}
		// A cancelled claim gives its place on the invoice back (the invoice holds a bounded
		// number); its record stays, found by its id.
		invoice.claims.retain(|c| *c != id);
		Invoices::<T>::insert(claim.invoice, invoice);
		Self::clear_deadlines(id);
		claim.state = ClaimState::Cancelled;
		Claims::<T>::insert(id, claim);
		Self::deposit_event(Event::ClaimCancelled { claim: id, by: who });
		Ok(())
	}

	pub(crate) fn do_reverse_claim(insurer: OrganizationId, id: ClaimId, reason: DocumentHash) -> DispatchResult {
		let mut claim = Self::own_claim(insurer, id)?;
		ensure!(matches!(claim.state, ClaimState::Adjudicated | ClaimState::Paid), Error::<T>::InvalidClaimState);
		Self::release_on_invoice(&claim)?;
		if claim.payment.take().is_some() {
			Uncleared::<T>::remove((claim.insurer, claim.hospital), id);
		}
		Self::clear_deadlines(id);
		claim.state = ClaimState::Reversed;
		Claims::<T>::insert(id, claim);
		Self::deposit_event(Event::ClaimReversed { claim: id, reason });
		Ok(())
	}

	pub(crate) fn do_appeal_claim(hospital: OrganizationId, id: ClaimId, grounds: DocumentHash) -> DispatchResult {
		let mut claim = Claims::<T>::get(id).ok_or(Error::<T>::UnknownClaim)?;
		ensure!(claim.hospital == hospital, Error::<T>::NotYourClaim);
		ensure!(
			claim.state == ClaimState::Adjudicated && claim.adjudication.outcome != Outcome::Approved,
			Error::<T>::InvalidClaimState
		);
		let now = Self::now();
		let decide_by = now.saturating_add(DECISION_DEADLINE_MS);
		Deadlines::<T>::remove(DeadlineFor::ClaimPayment(id));
		Self::set_deadline(DeadlineFor::AppealDecision(id), Deadline { insurer: claim.insurer, due: decide_by });
		claim.state = ClaimState::Appealed;
		claim.appeal = Some((now, grounds));
		Claims::<T>::insert(id, claim);
		Self::deposit_event(Event::ClaimAppealed { claim: id, decide_by });
		Ok(())
	}

	pub(crate) fn do_request_preauth(
		hospital: OrganizationId,
		coverage_id: CoverageId,
		subject: Subject,
		encounter: DocumentHash,
		estimate: Fen,
	) -> DispatchResult {
		let coverage = Coverages::<T>::get(coverage_id).ok_or(Error::<T>::UnknownCoverage)?;
		ensure!(coverage.terms.beneficiary == subject, Error::<T>::BeneficiaryMismatch);
		let now = Self::now();
		ensure!(coverage.terms.period.contains(now), Error::<T>::CoverageNotInForce);
		ensure!(estimate <= MAX_AMOUNT, Error::<T>::AmountTooLarge);
		Self::ensure_claims_consent(subject, coverage.insurer)?;
		let id = Self::next_id::<NextPreauthId<T>>()?;
		let decide_by = now.saturating_add(DECISION_DEADLINE_MS);
		Preauthorizations::<T>::insert(
			id,
			Preauthorization {
				coverage: coverage_id,
				insurer: coverage.insurer,
				hospital,
				encounter,
				estimate,
				requested_at: now,
				state: PreauthState::Requested,
			},
		);
		Self::set_deadline(DeadlineFor::PreauthDecision(id), Deadline { insurer: coverage.insurer, due: decide_by });
		Self::deposit_event(Event::PreauthRequested { preauth: id, coverage: coverage_id, hospital, decide_by });
		Ok(())
	}

	pub(crate) fn do_decide_preauth(
		insurer: OrganizationId,
		id: PreauthId,
		approval: Option<(Fen, Moment)>,
	) -> DispatchResult {
		let mut preauth = Preauthorizations::<T>::get(id).ok_or(Error::<T>::UnknownPreauth)?;
		ensure!(preauth.insurer == insurer, Error::<T>::NotYourCoverage);
		ensure!(preauth.state == PreauthState::Requested, Error::<T>::PreauthAlreadyDecided);
		preauth.state = match approval {
			Some((limit, expires_at)) => {
				ensure!(limit <= MAX_AMOUNT, Error::<T>::AmountTooLarge);
				ensure!(expires_at > Self::now(), Error::<T>::InvalidPeriod);
				PreauthState::Approved { limit, expires_at }
			},
			None => PreauthState::Denied,
		};
		Preauthorizations::<T>::insert(id, preauth);
		Deadlines::<T>::remove(DeadlineFor::PreauthDecision(id));
		Self::deposit_event(Event::PreauthDecided { preauth: id, approved_limit: approval.map(|(limit, _)| limit) });
		Ok(())
	}

	/// Takes a live claim's benefit off its invoice and accumulator.
	fn release_on_invoice(claim: &Claim) -> DispatchResult {
		let mut invoice = Invoices::<T>::get(claim.invoice).ok_or(Error::<T>::UnknownInvoice)?;
		Self::release(&mut invoice, claim);
		Invoices::<T>::insert(claim.invoice, invoice);
		Ok(())
	}

	/// Sets a statutory deadline and appends it to its due-ordered list (payment or decision),
	/// which the regulator's list of overdue deadlines walks.
	pub(crate) fn set_deadline(what: DeadlineFor, deadline: Deadline) {
		let entry = (what, deadline.due);
		match what {
			DeadlineFor::ClaimPayment(_) => {
				let n = PaymentDeadlineCount::<T>::mutate(|n| core::mem::replace(n, n.saturating_add(1)));
				PaymentDeadlineOrder::<T>::insert(n, entry);
			},
			DeadlineFor::AppealDecision(_) | DeadlineFor::PreauthDecision(_) => {
				let n = DecisionDeadlineCount::<T>::mutate(|n| core::mem::replace(n, n.saturating_add(1)));
				DecisionDeadlineOrder::<T>::insert(n, entry);
			},
		}
		Deadlines::<T>::insert(what, deadline);
	}

	/// Removes a claim's deadlines: nothing is due for a cancelled or reversed claim.
	fn clear_deadlines(id: ClaimId) {
		Deadlines::<T>::remove(DeadlineFor::ClaimPayment(id));
		Deadlines::<T>::remove(DeadlineFor::AppealDecision(id));
	}
}
