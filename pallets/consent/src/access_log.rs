//! The access log: appending checked, hash-chained entries and reviewing break-glass accesses.

use frame_support::{
	ensure,
	pallet_prelude::{DispatchError, DispatchResult},
	traits::Get,
};
use medtrust_primitives::{
	consent::{audit::BreakGlassReview, permitting_consents, AccessRequest},
	OrganizationId, OrganizationInspect, Role,
};

use crate::{pallet::*, types::*, StorageView};

impl<T: Config> Pallet<T> {
	/// Checks what an entry rests on: a cited consent must have permitted exactly this access
	/// at its time; a permit needs a basis; break-glass is for hospitals, with a reason.
	fn check_basis(org: OrganizationId, report: &AccessReport) -> Result<(), Error<T>> {
		match (report.decision, report.basis) {
			(LoggedDecision::BreakGlass, _) => {
				ensure!(report.role == Role::Hospital && report.reason.is_some(), Error::<T>::BreakGlassNotAllowed)
			},
			(LoggedDecision::Permit, Basis::None) => return Err(Error::<T>::BasisRequired),
			_ => {},
		}
		if let Basis::Consent { consent, version } = report.basis {
			let request = AccessRequest {
				subject: report.subject,
				organization: org,
				role: report.role,
				purpose: report.purpose,
				action: report.action,
				data_class: report.data_class,
			};
			let permits = permitting_consents(&StorageView::<T>::new(), &request, report.accessed_at);
			let cited = permits.is_ok_and(|permits| permits.contains(&(consent, version)));
			// A denial may cite the consent it consulted; anything else must have been permitted.
			ensure!(cited || report.decision == LoggedDecision::Deny, Error::<T>::ConsentDoesNotPermit);
		}
		Ok(())
	}

	/// Appends the entry; returns how many consents the subject has (what its check cost).
	pub(crate) fn do_record_access(org: OrganizationId, report: AccessReport) -> Result<u32, DispatchError> {
		let subject = Subjects::<T>::get(report.subject).ok_or(Error::<T>::UnknownSubject)?;
		ensure!(subject.erased_at.is_none(), Error::<T>::SubjectErased);
		let now = Self::now();
		ensure!(
			report.accessed_at <= now && report.accessed_at.saturating_add(T::MaxLogDelay::get()) >= now,
			Error::<T>::AccessTimeOutOfRange
		);
		Self::check_basis(org, &report)?;

		let head = LogHeads::<T>::get(report.subject);
		let index = head.length;
		let org_index = OrganizationAccessCount::<T>::get(org);
		let entry = AccessEntry {
			previous: head.hash,
			block: Self::block(),
			accessed_at: report.accessed_at,
			organization: org,
			role: report.role,
			purpose: report.purpose,
			action: report.action,
			data_class: report.data_class,
			record: report.record,
			basis: report.basis,
			decision: report.decision,
			reason: report.reason,
		};
		let new_head = LogHead { length: index.checked_add(1).ok_or(Error::<T>::Overflow)?, hash: entry.hash() };
		let next_org_index = org_index.checked_add(1).ok_or(Error::<T>::Overflow)?;
		if report.decision == LoggedDecision::BreakGlass {
			let due = entry.block.saturating_add(T::BreakGlassReviewPeriod::get());
			let number = BreakGlassCount::<T>::get();
			BreakGlassCount::<T>::put(number.checked_add(1).ok_or(Error::<T>::Overflow)?);
			BreakGlassAccesses::<T>::insert(number, (report.subject, index));
			PendingReviews::<T>::insert(report.subject, index, due);
		}
		AccessLog::<T>::insert(report.subject, index, entry);
		LogHeads::<T>::insert(report.subject, new_head);
		OrganizationAccesses::<T>::insert(org, org_index, (report.subject, index));
		OrganizationAccessCount::<T>::insert(org, next_org_index);
		Self::deposit_event(Event::AccessRecorded {
			subject: report.subject,
			index,
			organization: org,
			decision: report.decision,
		});
		Ok(subject.consents.len() as u32)
	}

	pub(crate) fn do_review_break_glass(
		org: OrganizationId,
		subject: Subject,
		index: u32,
		justified: bool,
		findings: DocumentHash,
	) -> DispatchResult {
		ensure!(
			T::Organizations::organization_has_role(org, Role::Auditor) ||
				T::Organizations::organization_has_role(org, Role::Regulator),
			Error::<T>::MissingRole
		);
		let entry = AccessLog::<T>::get(subject, index).ok_or(Error::<T>::UnknownAccess)?;
		ensure!(entry.decision == LoggedDecision::BreakGlass, Error::<T>::NotBreakGlass);
		ensure!(entry.organization != org, Error::<T>::OwnBreakGlassAccess);
		ensure!(!BreakGlassReviews::<T>::contains_key(subject, index), Error::<T>::AlreadyReviewed);
		let review = BreakGlassReview { reviewer: org, justified, block: Self::block(), findings };
		BreakGlassReviews::<T>::insert(subject, index, review);
		PendingReviews::<T>::remove(subject, index);
		Self::deposit_event(Event::BreakGlassReviewed { subject, index, reviewer: org, justified });
		Ok(())
	}
}
