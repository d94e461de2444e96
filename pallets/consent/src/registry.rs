//! Subjects and consents: registering a subject, recording, superseding and withdrawing
//! consents, and erasure.

use frame_support::{ensure, pallet_prelude::DispatchResult, traits::Get};
use medtrust_primitives::{
	consent::{
		Actions, Categories, DataClasses, Grantee, Purposes, VersionSpan, MAX_PROVISION_DEPTH,
	},
	OrganizationId, OrganizationInspect,
};

use crate::{pallet::*, types::*};

impl<T: Config> Pallet<T> {
	fn is_organization(id: OrganizationId) -> bool {
		T::Organizations::is_active_organization(id)
	}

	/// The subject's record, if `org` manages it and it is not erased.
	fn managed_subject(org: OrganizationId, subject: &Subject) -> Result<SubjectRecord, Error<T>> {
		let record = Subjects::<T>::get(subject).ok_or(Error::<T>::UnknownSubject)?;
		ensure!(record.is_managed_by(org), Error::<T>::NotTheSubjectsOrganization);
		ensure!(record.erased_at.is_none(), Error::<T>::SubjectErased);
		Ok(record)
	}

	/// Registers `subject` for hospital `org`, which the caller has checked acts for the
	/// signer (also used by other pallets' benchmarks to set up consents).
	pub fn do_register_subject(
		org: OrganizationId,
		subject: Subject,
		delegate: Option<OrganizationId>,
	) -> DispatchResult {
		ensure!(!Subjects::<T>::contains_key(subject), Error::<T>::SubjectExists);
		ensure!(delegate.is_none_or(Self::is_organization), Error::<T>::UnknownOrganization);
		let record = SubjectRecord { home: org, delegate, consents: Default::default(), erased_at: None };
		Subjects::<T>::insert(subject, record);
		Self::deposit_event(Event::SubjectRegistered { subject, home: org });
		Ok(())
	}

	pub(crate) fn do_set_delegate(
		org: OrganizationId,
		subject: Subject,
		delegate: Option<OrganizationId>,
	) -> DispatchResult {
		let mut record = Subjects::<T>::get(subject).ok_or(Error::<T>::UnknownSubject)?;
		ensure!(record.home == org, Error::<T>::NotTheSubjectsOrganization);
		ensure!(record.erased_at.is_none(), Error::<T>::SubjectErased);
		ensure!(delegate.is_none_or(Self::is_organization), Error::<T>::UnknownOrganization);
		record.delegate = delegate;
		Subjects::<T>::insert(subject, record);
		Self::deposit_event(Event::DelegateSet { subject, delegate });
		Ok(())
	}

	/// Checks the terms on their own: vocabularies, periods, grantees and the provision tree.
	fn validate_terms(terms: &ConsentTerms) -> Result<(), Error<T>> {
		let known = |p: Purposes, c: DataClasses, a: Actions| -> Result<(), Error<T>> {
			ensure!(p.is_known(), Error::<T>::UnknownPurpose);
			ensure!(c.is_known(), Error::<T>::UnknownDataClass);
			ensure!(a.is_known(), Error::<T>::UnknownAction);
			Ok(())
		};
		known(terms.purposes, terms.data_classes, terms.actions)?;
		ensure!(!terms.purposes.is_empty(), Error::<T>::UnknownPurpose);
		ensure!(!terms.data_classes.is_empty(), Error::<T>::UnknownDataClass);
		ensure!(!terms.actions.is_empty(), Error::<T>::UnknownAction);
		ensure!(terms.categories.0 & !Categories::KNOWN == 0, Error::<T>::UnknownCategory);
		ensure!(!terms.grantees.is_empty(), Error::<T>::NoGrantee);
		ensure!(terms.period.is_well_formed(), Error::<T>::InvalidPeriod);
		let grantees_known = |grantees: &[Grantee]| {
			grantees.iter().all(|g| match g {
				Grantee::Organization(id) => Self::is_organization(*id),
				Grantee::Role(_) => true,
			})
		};
		ensure!(grantees_known(&terms.grantees), Error::<T>::UnknownOrganization);
		let mut depths = alloc::vec::Vec::with_capacity(terms.provisions.len());
		for (index, provision) in terms.provisions.iter().enumerate() {
			// A parent must come earlier, so its depth is already known.
			let depth = match provision.parent {
				None => 1,
				Some(parent) => depths
					.get(parent as usize)
					.filter(|_| (parent as usize) < index)
					.map(|d: &u8| d.saturating_add(1))
					.ok_or(Error::<T>::InvalidProvisionParent)?,
			};
			ensure!(depth <= MAX_PROVISION_DEPTH, Error::<T>::ProvisionTooDeep);
			depths.push(depth);
			known(provision.purposes, provision.data_classes, provision.actions)?;
			ensure!(grantees_known(&provision.grantees), Error::<T>::UnknownOrganization);
			if let Some(period) = provision.period {
				ensure!(period.is_well_formed(), Error::<T>::InvalidPeriod);
				ensure!(period.within(&terms.period), Error::<T>::ProvisionOutsidePeriod);
			}
		}
		Ok(())
	}

	/// Looks at the subject's consents once each before a new one is added: refuses one that
	/// is in force and would overlap `terms`, and drops those that ended (by status or period)
	/// more than the logging delay ago, which no late log entry can cite any more.
	fn consents_kept(subject: &SubjectRecord, terms: &ConsentTerms, now: Moment) -> Result<alloc::vec::Vec<ConsentId>, Error<T>> {
		let mut kept = alloc::vec::Vec::with_capacity(subject.consents.len() + 1);
		for &id in subject.consents.iter() {
			let Some(head) = ConsentHeads::<T>::get(id) else { continue };
			let Some(last) = head.versions.last() else { continue };
			let latest = ConsentVersions::<T>::get(id, head.latest());
			if let (None, Some(other)) = (last.until, &latest) {
				let overlapping = other.grantees == terms.grantees &&
					other.categories == terms.categories &&
					other.period.overlaps(&terms.period);
				ensure!(!overlapping, Error::<T>::OverlappingConsent);
			}
			let ended = last.until.or_else(|| latest.and_then(|other| other.period.end));
			if ended.is_none_or(|end| end.saturating_add(T::MaxLogDelay::get()) >= now) {
				kept.push(id);
			}
		}
		Ok(kept)
	}

	/// Records a consent for organisation `org`, which the caller has checked acts for the
	/// signer (also used by other pallets' benchmarks to set up consents).
	pub fn do_record_consent(
		org: OrganizationId,
		terms: ConsentTerms,
		supersedes: Option<ConsentId>,
	) -> DispatchResult {
		let mut subject = Self::managed_subject(org, &terms.subject)?;
		Self::validate_terms(&terms)?;
		let (now, block) = (Self::now(), Self::block());
		let span = VersionSpan { recorded_block: block, from: now, until: None, status: ConsentStatus::Active };
		let (id, version) = match supersedes {
			Some(id) => {
				let mut head = ConsentHeads::<T>::get(id).ok_or(Error::<T>::UnknownConsent)?;
				ensure!(head.subject == terms.subject, Error::<T>::SubjectMismatch);
				let last = head.versions.last_mut().ok_or(Error::<T>::UnknownConsent)?;
				ensure!(last.until.is_none(), Error::<T>::ConsentNotActive);
				last.until = Some(now);
				last.status = ConsentStatus::Superseded;
				head.versions.try_push(span).map_err(|_| Error::<T>::TooManyVersions)?;
				let version = head.latest();
				ConsentHeads::<T>::insert(id, head);
				(id, version)
			},
			None => {
				let mut kept = Self::consents_kept(&subject, &terms, now)?;
				let id = NextConsentId::<T>::get();
				kept.push(id);
				subject.consents = kept.try_into().map_err(|_| Error::<T>::TooManyConsents)?;
				NextConsentId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
				let versions = alloc::vec![span].try_into().expect("one version is within the bound; qed");
				ConsentHeads::<T>::insert(id, ConsentHead { subject: terms.subject, recorded_by: org, versions });
				let position = SubjectConsentCount::<T>::get(terms.subject);
				SubjectConsents::<T>::insert(terms.subject, position, id);
				SubjectConsentCount::<T>::insert(terms.subject, position.checked_add(1).ok_or(Error::<T>::Overflow)?);
				Subjects::<T>::insert(terms.subject, subject);
				(id, 1)
			},
		};
		let subject = terms.subject;
		ConsentVersions::<T>::insert(id, version, terms);
		Self::deposit_event(Event::ConsentRecorded { consent: id, version, subject, by: org });
		Ok(())
	}

	pub(crate) fn do_withdraw_consent(org: OrganizationId, id: ConsentId, entered_in_error: bool) -> DispatchResult {
		let mut head = ConsentHeads::<T>::get(id).ok_or(Error::<T>::UnknownConsent)?;
		let subject = Subjects::<T>::get(head.subject).ok_or(Error::<T>::UnknownSubject)?;
		ensure!(subject.is_managed_by(org), Error::<T>::NotTheSubjectsOrganization);
		let version = head.latest();
		let last = head.versions.last_mut().ok_or(Error::<T>::UnknownConsent)?;
		ensure!(last.until.is_none(), Error::<T>::ConsentNotActive);
		let status = if entered_in_error { ConsentStatus::EnteredInError } else { ConsentStatus::Withdrawn };
		last.until = Some(Self::now());
		last.status = status;
		ConsentHeads::<T>::insert(id, head);
		Self::deposit_event(Event::ConsentWithdrawn { consent: id, version, status, by: org });
		Ok(())
	}

	pub(crate) fn do_record_erasure(org: OrganizationId, subject: Subject) -> DispatchResult {
		let mut record = Self::managed_subject(org, &subject)?;
		// The home hospital holds the subject's key: only it can have destroyed it.
		ensure!(record.home == org, Error::<T>::NotTheHomeOrganization);
		record.erased_at = Some(Self::block());
		Subjects::<T>::insert(subject, record);
		Self::deposit_event(Event::SubjectErased { subject, by: org });
		Ok(())
	}
}
