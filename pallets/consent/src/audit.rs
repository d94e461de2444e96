//! The auditor's questions, answered for the runtime API: who may ask what, and the answers.

use alloc::{collections::BTreeMap, vec::Vec};
use medtrust_primitives::{
	consent::{
		audit::{
			signing_payload, AuditAnswer, AuditError, AuditQuery, ConsentRecord, LogFilter, LoggedAccess,
			SignedAuditQuery, AUDIT_SIGNATURE_VALIDITY_MS, MAX_AUDIT_RESULTS, MAX_AUDIT_SCAN, MAX_ENDED_CONSENTS_CHECKED,
		},
		Grantee, Grantees,
	},
	OrganizationId, OrganizationInspect, Role,
};

use crate::{pallet::*, types::*};

/// When each of a subject's most recent consents ended (withdrawal, error or the end of its
/// period), with whom it named: an access by one of them after that is reported to auditors.
/// Only the last [`MAX_ENDED_CONSENTS_CHECKED`] are read, so that a log query stays bounded
/// however long the subject's history.
struct EndedConsents(Vec<(Grantees, Moment)>);

impl EndedConsents {
	fn of<T: Config>(subject: &Subject) -> Self {
		let count = SubjectConsentCount::<T>::get(subject);
		let ended = (count.saturating_sub(MAX_ENDED_CONSENTS_CHECKED)..count)
			.filter_map(|position| SubjectConsents::<T>::get(subject, position))
			.filter_map(|id| {
				let head = ConsentHeads::<T>::get(id)?;
				let last = head.versions.last()?;
				let terms = ConsentVersions::<T>::get(id, head.latest())?;
				let withdrawn = last.until.filter(|_| last.status != ConsentStatus::Superseded);
				let end = match (withdrawn, terms.period.end) {
					(Some(a), Some(b)) => a.min(b),
					(a, b) => a.or(b)?,
				};
				Some((terms.grantees, end))
			})
			.collect();
		EndedConsents(ended)
	}

	fn flags(&self, entry: &AccessEntry) -> bool {
		entry.decision != LoggedDecision::Deny &&
			self.0.iter().any(|(grantees, end)| {
				*end <= entry.accessed_at &&
					grantees.iter().any(|g| match g {
						Grantee::Organization(o) => *o == entry.organization,
						Grantee::Role(r) => *r == entry.role,
					})
			})
	}
}

impl<T: Config> Pallet<T> {
	fn is_overseer(org: OrganizationId) -> bool {
		T::Organizations::organization_has_role(org, Role::Auditor) ||
			T::Organizations::organization_has_role(org, Role::Regulator)
	}

	/// Whether `org` may read the subject's log and consents.
	fn may_read_subject(org: OrganizationId, subject: &Subject) -> Result<(), AuditError> {
		let record = Subjects::<T>::get(subject).ok_or(AuditError::UnknownSubject)?;
		if Self::is_overseer(org) || record.is_managed_by(org) {
			Ok(())
		} else {
			Err(AuditError::NotAuthorized)
		}
	}

	fn logged_access(subject: Subject, index: u32, entry: AccessEntry, ended: &EndedConsents) -> LoggedAccess {
		let is_break_glass = entry.decision == LoggedDecision::BreakGlass;
		LoggedAccess {
			subject,
			index,
			review: is_break_glass.then(|| BreakGlassReviews::<T>::get(subject, index)).flatten(),
			review_due: is_break_glass.then(|| PendingReviews::<T>::get(subject, index)).flatten(),
			after_withdrawal_or_expiry: ended.flags(&entry),
			entry,
		}
	}

	/// Answers a signed audit query, for the runtime API: the signature must be the
	/// requester's over the question, this block's number and this chain's genesis hash, signed
	/// within [`AUDIT_SIGNATURE_VALIDITY_MS`] of this block's timestamp.
	pub fn audit_signed(
		signed: SignedAuditQuery<T::AccountId, T::AuditSignature>,
	) -> Result<AuditAnswer, AuditError> {
		use sp_runtime::traits::{Verify, Zero};
		if signed.block != Self::block() {
			return Err(AuditError::WrongBlock);
		}
		if Self::now().abs_diff(signed.issued_at) > AUDIT_SIGNATURE_VALIDITY_MS {
			return Err(AuditError::NotFresh);
		}
		let genesis = frame_system::Pallet::<T>::block_hash(frame_system::pallet_prelude::BlockNumberFor::<T>::zero());
		let payload = signing_payload(genesis.as_ref(), signed.block, signed.issued_at, &signed.query);
		if !signed.signature.verify(&payload[..], &signed.requester) {
			return Err(AuditError::BadSignature);
		}
		Self::audit(&signed.requester, signed.query)
	}

	/// Unreviewed break-glass accesses from break-glass access number `cursor` on, in the
	/// order they fall due. Overdue ones come first, so an overdue-only answer ends at the
	/// first that is not yet due.
	fn unreviewed_break_glass(
		org: OrganizationId,
		overdue_only: bool,
		cursor: u64,
		limit: u32,
	) -> Result<AuditAnswer, AuditError> {
		if !Self::is_overseer(org) {
			return Err(AuditError::NotAuthorized);
		}
		let limit = Self::valid_limit(limit)?;
		let now = Self::block();
		let count = BreakGlassCount::<T>::get();
		let scan_end = cursor.saturating_add(MAX_AUDIT_SCAN.into());
		let mut accesses = Vec::new();
		let mut next = None;
		for number in cursor..count {
			if accesses.len() == limit || number == scan_end {
				next = Some(number);
				break;
			}
			let Some((subject, index)) = BreakGlassAccesses::<T>::get(number) else { continue };
			let Some(due) = PendingReviews::<T>::get(subject, index) else { continue };
			if overdue_only && due >= now {
				break;
			}
			if let Some(entry) = AccessLog::<T>::get(subject, index) {
				accesses.push(Self::logged_access(subject, index, entry, &EndedConsents(Vec::new())));
			}
		}
		Ok(AuditAnswer::Accesses { accesses, next })
	}

	/// At most `limit` of `subject`'s consents from position `cursor` on, with every version,
	/// and the position after them if there are more.
	fn consent_page(subject: &Subject, cursor: u32, limit: usize) -> (Vec<ConsentRecord>, Option<u32>) {
		let count = SubjectConsentCount::<T>::get(subject);
		let end = cursor.saturating_add(limit as u32).min(count);
		let consents = (cursor..end)
			.filter_map(|position| SubjectConsents::<T>::get(subject, position))
			.filter_map(|id| {
				let head = ConsentHeads::<T>::get(id)?;
				let versions = (1..=head.latest()).filter_map(|v| ConsentVersions::<T>::get(id, v)).collect();
				Some(ConsentRecord { id, head, versions })
			})
			.collect();
		(consents, (end < count).then_some(end))
	}

	fn valid_limit(limit: u32) -> Result<usize, AuditError> {
		(1..=MAX_AUDIT_RESULTS).contains(&limit).then_some(limit as usize).ok_or(AuditError::InvalidLimit)
	}

	/// Answers an audit query asked by `requester`'s organisation, whose signature was checked.
	pub(crate) fn audit(requester: &T::AccountId, query: AuditQuery) -> Result<AuditAnswer, AuditError> {
		let org = T::Organizations::ensure_active_member(requester).map_err(|_| AuditError::NotAMember)?;
		match query {
			AuditQuery::SubjectLog { subject, filter, from, limit } => {
				Self::may_read_subject(org, &subject)?;
				let limit = Self::valid_limit(limit)?;
				let head = LogHeads::<T>::get(subject);
				let ended = EndedConsents::of::<T>(&subject);
				let mut accesses = Vec::new();
				let mut next = None;
				let scan_end = from.saturating_add(MAX_AUDIT_SCAN);
				for index in from..head.length {
					if accesses.len() == limit || index == scan_end {
						next = Some(index);
						break;
					}
					let Some(entry) = AccessLog::<T>::get(subject, index) else { continue };
					let access = Self::logged_access(subject, index, entry, &ended);
					let wanted = match filter {
						LogFilter::All => true,
						LogFilter::Denied => access.entry.decision == LoggedDecision::Deny,
						LogFilter::BreakGlass => access.entry.decision == LoggedDecision::BreakGlass,
						LogFilter::Disclosures => access.entry.action == Action::Disclose,
						LogFilter::AfterWithdrawalOrExpiry => access.after_withdrawal_or_expiry,
					};
					if wanted {
						accesses.push(access);
					}
				}
				Ok(AuditAnswer::Log { head, accesses, next })
			},
			AuditQuery::SubjectConsents { subject } => {
				Self::may_read_subject(org, &subject)?;
				let (consents, next) = Self::consent_page(&subject, 0, MAX_AUDIT_RESULTS as usize);
				Ok(match next {
					None => AuditAnswer::Consents { consents },
					Some(_) => AuditAnswer::ConsentPage { consents, next },
				})
			},
			AuditQuery::SubjectConsentsFrom { subject, cursor, limit } => {
				Self::may_read_subject(org, &subject)?;
				let (consents, next) = Self::consent_page(&subject, cursor, Self::valid_limit(limit)?);
				Ok(AuditAnswer::ConsentPage { consents, next })
			},
			AuditQuery::OrganizationAccesses { organization, from, to, cursor, limit, without_consent } => {
				if !(Self::is_overseer(org) || org == organization) {
					return Err(AuditError::NotAuthorized);
				}
				let limit = Self::valid_limit(limit)?;
				let count = OrganizationAccessCount::<T>::get(organization);
				let mut ended: BTreeMap<Subject, EndedConsents> = BTreeMap::new();
				let mut accesses = Vec::new();
				let mut next = None;
				let scan_end = cursor.saturating_add(MAX_AUDIT_SCAN.into());
				for seq in cursor..count {
					if accesses.len() == limit || seq == scan_end {
						next = Some(seq);
						break;
					}
					let Some((subject, index)) = OrganizationAccesses::<T>::get(organization, seq) else { continue };
					let Some(entry) = AccessLog::<T>::get(subject, index) else { continue };
					let in_period = from <= entry.accessed_at && entry.accessed_at < to;
					let lacks_consent = entry.decision == LoggedDecision::BreakGlass ||
						(entry.decision == LoggedDecision::Permit && !matches!(entry.basis, Basis::Consent { .. }));
					if in_period && (!without_consent || lacks_consent) {
						let ended = ended.entry(subject).or_insert_with(|| EndedConsents::of::<T>(&subject));
						accesses.push(Self::logged_access(subject, index, entry, ended));
					}
				}
				Ok(AuditAnswer::Accesses { accesses, next })
			},
			AuditQuery::UnreviewedBreakGlass { overdue_only, limit } =>
				Self::unreviewed_break_glass(org, overdue_only, 0, limit),
			AuditQuery::UnreviewedBreakGlassFrom { overdue_only, cursor, limit } =>
				Self::unreviewed_break_glass(org, overdue_only, cursor, limit),
		}
	}
}
