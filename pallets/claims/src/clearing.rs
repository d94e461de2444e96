//! Direct pay and clearing: the insurer records its payment of an agreed claim to the
//! hospital, then settles the paid claims of a period with the hospital in a statement.

use frame_support::{ensure, pallet_prelude::DispatchResult, BoundedVec};
use medtrust_primitives::{claims::statement_claims_hash, OrganizationId};

use crate::{pallet::*, types::*};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_pay_claim(insurer: OrganizationId, id: ClaimId, reference: DocumentHash) -> DispatchResult {
		let mut claim = Self::own_claim(insurer, id)?;
		ensure!(claim.state == ClaimState::Adjudicated, Error::<T>::InvalidClaimState);
		ensure!(claim.adjudication.outcome != Outcome::Denied, Error::<T>::ClaimDenied);
		let amount = claim.adjudication.benefit;
		claim.payment = Some(Payment { paid_at: Self::now(), amount, reference });
		claim.state = ClaimState::Paid;
		Uncleared::<T>::insert((insurer, claim.hospital), id, ());
		Deadlines::<T>::remove(DeadlineFor::ClaimPayment(id));
		let hospital = claim.hospital;
		Claims::<T>::insert(id, claim);
		Self::deposit_event(Event::ClaimPaid { claim: id, hospital, amount });
		Ok(())
	}

	pub(crate) fn do_settle_clearing(
		insurer: OrganizationId,
		hospital: OrganizationId,
		from: Moment,
		to: Moment,
		ids: BoundedVec<ClaimId, frame_support::traits::ConstU32<MAX_STATEMENT_CLAIMS>>,
		total: Fen,
	) -> DispatchResult {
		ensure!(!ids.is_empty(), Error::<T>::EmptyStatement);
		ensure!(from < to, Error::<T>::InvalidPeriod);
		ensure!(ids.windows(2).all(|pair| pair[0] < pair[1]), Error::<T>::StatementClaimsNotInOrder);
		let statement = Self::next_id::<NextStatementId<T>>()?;
		let mut lines = alloc::vec::Vec::with_capacity(ids.len());
		let mut sum: Fen = 0;
		for &id in ids.iter() {
			let mut claim = Self::own_claim(insurer, id)?;
			ensure!(claim.hospital == hospital, Error::<T>::ClaimOfAnotherHospital);
			let payment = match (claim.state, claim.payment) {
				(ClaimState::Paid, Some(payment)) => payment,
				_ => return Err(Error::<T>::InvalidClaimState.into()),
			};
			ensure!(from <= payment.paid_at && payment.paid_at < to, Error::<T>::PaymentOutsidePeriod);
			sum = sum.checked_add(payment.amount).ok_or(Error::<T>::Overflow)?;
			lines.push((id, payment.amount));
			claim.state = ClaimState::Cleared;
			claim.statement = Some(statement);
			Claims::<T>::insert(id, claim);
			Uncleared::<T>::remove((insurer, hospital), id);
		}
		ensure!(sum == total, Error::<T>::StatementTotalMismatch);
		let claims = lines.len() as u32;
		Statements::<T>::insert(
			statement,
			ClearingStatement {
				insurer,
				hospital,
				from,
				to,
				claims,
				total,
				claims_hash: statement_claims_hash(&lines),
				settled_at: Self::now(),
			},
		);
		Self::deposit_event(Event::ClearingSettled { statement, insurer, hospital, claims, total });
		Ok(())
	}
}
