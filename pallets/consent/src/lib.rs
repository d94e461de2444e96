//! # Consent pallet
//!
//! Patient consent for record access between hospitals, the access log every accessing
//! organisation writes, and what auditors verify. No personal data is stored: a patient is a
//! **subject**, a keyed commitment made by their home hospital, and documents are hashes.
//!
//! - a **hospital** registers a subject it holds the relationship with; it (or a delegate the
//!   grantor chose) records the patient's **consents**: grantees (organisations or roles),
//!   purposes, data classes, actions, period, category (ordinary, separate consent for
//!   sensitive data, third-party provision), nested permit/deny provisions and the hashes of
//!   the policy text and the signed form. A change is a new **version** that supersedes the
//!   last; nothing is edited. A **withdrawal** takes effect from the block that records it;
//! - the decision on a request (`medtrust_primitives::consent::decide`) is deny by default;
//!   the runtime API and the node's native `consent_decide` RPC answer it;
//! - every organisation that accessed (or was refused, or broke the glass) records it with
//!   [`Pallet::record_access`]. A permit citing a consent is checked against the decision at
//!   the time of access. Each subject's log is a **hash chain** whose head is queryable, so an
//!   exported log proves its own completeness;
//! - a **break-glass** access must be reviewed by an auditor or regulator within
//!   [`Config::BreakGlassReviewPeriod`]; unreviewed ones past it are findings;
//! - an **erasure tombstone** records that the key behind a subject's commitment was destroyed.
//!   From then on every decision for the subject is deny; the log stays.
//!
//! Roles come from the organisations pallet through [`medtrust_primitives::OrganizationInspect`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

mod access_log;
mod audit;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
mod registry;
mod state_growth;
#[cfg(test)]
mod tests;
pub mod types;
mod view;
pub mod migrations;
pub mod weights;

pub use types::*;
pub use view::StorageView;
pub use weights::WeightInfo;

/// Creates members with roles for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Makes `who` act for a new active organisation holding every role.
	fn member(who: &AccountId) -> medtrust_primitives::OrganizationId;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::UnixTime};
	use frame_system::pallet_prelude::*;
	use medtrust_primitives::{consent::MAX_CONSENTS_PER_SUBJECT, OrganizationId, OrganizationInspect, Role};

	/// Version 1 indexes break-glass accesses in order ([`BreakGlassAccesses`]).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The consortium's organisations and their roles.
		type Organizations: OrganizationInspect<Self::AccountId>;

		/// Wall-clock time: consents' periods and accesses are in Unix milliseconds.
		type UnixTime: UnixTime;

		/// How long after an access, in milliseconds, it may still be logged.
		#[pallet::constant]
		type MaxLogDelay: Get<Moment>;

		/// How many accesses one `record_access` call may log.
		#[pallet::constant]
		type MaxAccessBatch: Get<u32>;

		/// Within how many blocks an auditor or regulator must review a break-glass access.
		#[pallet::constant]
		type BreakGlassReviewPeriod: Get<BlockNumber>;

		/// The signature an auditor's question carries to the runtime API, verified against the
		/// asking account.
		type AuditSignature: Parameter
			+ sp_runtime::traits::Verify<Signer: sp_runtime::traits::IdentifyAccount<AccountId = Self::AccountId>>;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;

		/// Creates members for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The id the next recorded consent gets.
	#[pallet::storage]
	pub type NextConsentId<T> = StorageValue<_, ConsentId, ValueQuery>;

	/// Subjects: their home organisation, delegate, consents in force and erasure.
	#[pallet::storage]
	pub type Subjects<T> = StorageMap<_, Blake2_128Concat, Subject, SubjectRecord>;

	/// Each consent's subject, recorder and version spans.
	#[pallet::storage]
	pub type ConsentHeads<T> = StorageMap<_, Twox64Concat, ConsentId, ConsentHead>;

	/// The terms of each consent version. Written once, never edited.
	#[pallet::storage]
	pub type ConsentVersions<T> =
		StorageDoubleMap<_, Twox64Concat, ConsentId, Twox64Concat, Version, ConsentTerms>;

	/// How many consents were ever recorded for each subject.
	#[pallet::storage]
	pub type SubjectConsentCount<T> = StorageMap<_, Blake2_128Concat, Subject, u32, ValueQuery>;

	/// Every consent ever recorded for a subject, by position in order of recording (from 0),
	/// so that auditors page through a history that grows for the patient's life.
	#[pallet::storage]
	pub type SubjectConsents<T> = StorageDoubleMap<_, Blake2_128Concat, Subject, Twox64Concat, u32, ConsentId>;

	/// The head of each subject's access log: its length and the hash of its last entry.
	#[pallet::storage]
	pub type LogHeads<T> = StorageMap<_, Blake2_128Concat, Subject, LogHead, ValueQuery>;

	/// Each subject's access log, by entry index.
	#[pallet::storage]
	pub type AccessLog<T> = StorageDoubleMap<_, Blake2_128Concat, Subject, Twox64Concat, u32, AccessEntry>;

	/// How many accesses each organisation has recorded.
	#[pallet::storage]
	pub type OrganizationAccessCount<T> = StorageMap<_, Twox64Concat, OrganizationId, u64, ValueQuery>;

	/// Each organisation's accesses in order: the subject and the entry's index in its log.
	#[pallet::storage]
	pub type OrganizationAccesses<T> =
		StorageDoubleMap<_, Twox64Concat, OrganizationId, Twox64Concat, u64, (Subject, u32)>;

	/// Break-glass accesses awaiting review, with the last block for it.
	#[pallet::storage]
	pub type PendingReviews<T> =
		StorageDoubleMap<_, Blake2_128Concat, Subject, Twox64Concat, u32, BlockNumber>;

	/// How many break-glass accesses were recorded.
	#[pallet::storage]
	pub type BreakGlassCount<T> = StorageValue<_, u64, ValueQuery>;

	/// Every break-glass access in the order recorded, which is the order their reviews fall
	/// due (the review period is the same for all): auditors page through the unreviewed ones
	/// from a cursor instead of walking `PendingReviews`.
	#[pallet::storage]
	pub type BreakGlassAccesses<T> = StorageMap<_, Twox64Concat, u64, (Subject, u32)>;

	/// Reviews of break-glass accesses.
	#[pallet::storage]
	pub type BreakGlassReviews<T> =
		StorageDoubleMap<_, Blake2_128Concat, Subject, Twox64Concat, u32, BreakGlassReview>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A hospital registered a subject it holds the relationship with.
		SubjectRegistered { subject: Subject, home: OrganizationId },
		/// A subject's delegate changed.
		DelegateSet { subject: Subject, delegate: Option<OrganizationId> },
		/// A consent version was recorded; for a version above 1, the previous one is superseded.
		ConsentRecorded { consent: ConsentId, version: Version, subject: Subject, by: OrganizationId },
		/// A consent was withdrawn (or marked entered in error), from this block on.
		ConsentWithdrawn { consent: ConsentId, version: Version, status: ConsentStatus, by: OrganizationId },
		/// An access was appended to a subject's log.
		AccessRecorded { subject: Subject, index: u32, organization: OrganizationId, decision: LoggedDecision },
		/// An auditor or regulator reviewed a break-glass access.
		BreakGlassReviewed { subject: Subject, index: u32, reviewer: OrganizationId, justified: bool },
		/// The key behind a subject's commitment was destroyed.
		SubjectErased { subject: Subject, by: OrganizationId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The signer acts for no organisation.
		NotAMember,
		/// The signer's organisation is suspended.
		OrganizationSuspended,
		/// The signer's organisation lacks the role this call needs.
		MissingRole,
		/// The subject is already registered.
		SubjectExists,
		/// No organisation registered this subject.
		UnknownSubject,
		/// Only the subject's home organisation or the grantor's delegate may do this.
		NotTheSubjectsOrganization,
		/// The delegate or a grantee organisation is not an active organisation.
		UnknownOrganization,
		/// The subject's key was destroyed; nothing more may be recorded for it.
		SubjectErased,
		/// A period is malformed: its end is not after its start.
		InvalidPeriod,
		/// A provision's period lies outside the consent's.
		ProvisionOutsidePeriod,
		/// A purpose code is unknown, or the consent names no purpose.
		UnknownPurpose,
		/// A data class code is unknown, or the consent names no data class.
		UnknownDataClass,
		/// An action code is unknown, or the consent names no action.
		UnknownAction,
		/// A category bit is unknown.
		UnknownCategory,
		/// The consent names no grantee.
		NoGrantee,
		/// A provision names a parent that is not an earlier provision.
		InvalidProvisionParent,
		/// Provisions nest deeper than allowed.
		ProvisionTooDeep,
		/// A consent in force for the subject has the same grantees and category and an
		/// overlapping period: supersede it instead.
		OverlappingConsent,
		/// No consent has this id.
		UnknownConsent,
		/// The consent's terms are for another subject.
		SubjectMismatch,
		/// The consent has been withdrawn, superseded or marked entered in error.
		ConsentNotActive,
		/// The consent has as many versions as allowed.
		TooManyVersions,
		/// The subject has as many consents in force as allowed.
		TooManyConsents,
		/// The access is in the future, or older than the logging delay allows.
		AccessTimeOutOfRange,
		/// The cited consent version did not permit this access at its time.
		ConsentDoesNotPermit,
		/// A permit must cite a consent version or a statutory basis.
		BasisRequired,
		/// Only a hospital may break the glass, and it must give a reason.
		BreakGlassNotAllowed,
		/// The subject's log has no entry at this index.
		UnknownAccess,
		/// The access was not a break-glass access.
		NotBreakGlass,
		/// The break-glass access was already reviewed.
		AlreadyReviewed,
		/// The batch is empty.
		EmptyBatch,
		/// A counter is exhausted.
		Overflow,
		/// Only the subject's home hospital may record its erasure; a delegate may not.
		NotTheHomeOrganization,
		/// An organisation may not review its own break-glass access; another auditor or the
		/// regulator must.
		OwnBreakGlassAccess,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a subject the signer's hospital holds the patient relationship with (and
		/// the key behind the commitment).
		///
		/// Origin: signed by a hospital. Errors: `SubjectExists`, `UnknownOrganization` (the
		/// delegate), membership errors. Event: `SubjectRegistered`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_subject())]
		pub fn register_subject(
			origin: OriginFor<T>,
			subject: Subject,
			delegate: Option<OrganizationId>,
		) -> DispatchResult {
			let org = Self::member_with(origin, Some(Role::Hospital))?;
			Self::do_register_subject(org, subject, delegate)
		}

		/// Sets or clears the organisation the grantor authorised to manage consents for them.
		///
		/// Origin: signed by the subject's home organisation. Errors: `UnknownSubject`,
		/// `NotTheSubjectsOrganization`, `UnknownOrganization`. Event: `DelegateSet`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_delegate())]
		pub fn set_delegate(
			origin: OriginFor<T>,
			subject: Subject,
			delegate: Option<OrganizationId>,
		) -> DispatchResult {
			let org = Self::member_with(origin, None)?;
			Self::do_set_delegate(org, subject, delegate)
		}

		/// Records a consent, or a new version of `supersedes`, which it supersedes from this
		/// block on.
		///
		/// Origin: signed by the subject's home organisation or the grantor's delegate. Errors:
		/// `UnknownSubject`, `NotTheSubjectsOrganization`, `SubjectErased`, `InvalidPeriod`,
		/// `ProvisionOutsidePeriod`, `UnknownPurpose`, `UnknownDataClass`, `UnknownAction`,
		/// `UnknownCategory`, `NoGrantee`, `UnknownOrganization`, `InvalidProvisionParent`,
		/// `ProvisionTooDeep`, `OverlappingConsent`, `UnknownConsent`, `SubjectMismatch`,
		/// `ConsentNotActive`, `TooManyVersions`, `TooManyConsents`. Event: `ConsentRecorded`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::record_consent())]
		pub fn record_consent(
			origin: OriginFor<T>,
			terms: ConsentTerms,
			supersedes: Option<ConsentId>,
		) -> DispatchResult {
			let org = Self::member_with(origin, None)?;
			Self::do_record_consent(org, terms, supersedes)
		}

		/// Withdraws a consent from this block on (not retroactively), or marks it entered in
		/// error.
		///
		/// Origin: signed by the subject's home organisation or the grantor's delegate. Errors:
		/// `UnknownConsent`, `NotTheSubjectsOrganization`, `ConsentNotActive`. Event:
		/// `ConsentWithdrawn`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::withdraw_consent())]
		pub fn withdraw_consent(origin: OriginFor<T>, consent: ConsentId, entered_in_error: bool) -> DispatchResult {
			let org = Self::member_with(origin, None)?;
			Self::do_withdraw_consent(org, consent, entered_in_error)
		}

		/// Appends accesses the signer's organisation made (or refused, or made by breaking
		/// the glass) to their subjects' logs, all or none.
		///
		/// Origin: signed by a member holding each report's role. Errors: `EmptyBatch`,
		/// `MissingRole`, `UnknownSubject`, `SubjectErased`, `AccessTimeOutOfRange`,
		/// `BasisRequired`, `ConsentDoesNotPermit`, `BreakGlassNotAllowed`, `Overflow`. Event:
		/// `AccessRecorded` for each.
		///
		/// Weight: each entry is charged as if its subject had as many consents as allowed; the
		/// part for consents the subjects do not have is refunded.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::record_access(MAX_CONSENTS_PER_SUBJECT).saturating_mul(reports.len() as u64))]
		pub fn record_access(
			origin: OriginFor<T>,
			reports: BoundedVec<AccessReport, T::MaxAccessBatch>,
		) -> DispatchResultWithPostInfo {
			let org = Self::member_with(origin, None)?;
			ensure!(!reports.is_empty(), Error::<T>::EmptyBatch);
			let mut used = Weight::zero();
			for report in reports {
				ensure!(T::Organizations::organization_has_role(org, report.role), Error::<T>::MissingRole);
				let consents = Self::do_record_access(org, report)?;
				used = used.saturating_add(T::WeightInfo::record_access(consents));
			}
			Ok(Some(used).into())
		}

		/// Records an auditor's or regulator's review of a break-glass access.
		///
		/// Origin: signed by an auditor or regulator other than the organisation that broke the
		/// glass. Errors: `MissingRole`, `UnknownAccess`, `NotBreakGlass`, `AlreadyReviewed`,
		/// `OwnBreakGlassAccess`. Event: `BreakGlassReviewed`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::review_break_glass())]
		pub fn review_break_glass(
			origin: OriginFor<T>,
			subject: Subject,
			index: u32,
			justified: bool,
			findings: DocumentHash,
		) -> DispatchResult {
			let org = Self::member_with(origin, None)?;
			Self::do_review_break_glass(org, subject, index, justified, findings)
		}

		/// Records that the key behind the subject's commitment was destroyed. Every later
		/// decision for the subject is deny; nothing more may be recorded for it.
		///
		/// Origin: signed by the subject's home organisation (the hospital that holds the key);
		/// a delegate may not erase. Errors: `UnknownSubject`, `NotTheHomeOrganization`,
		/// `SubjectErased`. Event: `SubjectErased`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::record_erasure())]
		pub fn record_erasure(origin: OriginFor<T>, subject: Subject) -> DispatchResult {
			let org = Self::member_with(origin, None)?;
			Self::do_record_erasure(org, subject)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The signer's active organisation, holding `role` if one is asked for.
		pub(crate) fn member_with(origin: OriginFor<T>, role: Option<Role>) -> Result<OrganizationId, DispatchError> {
			let who = ensure_signed(origin)?;
			T::Organizations::ensure_any_role(&who, role.as_slice()).map_err(|e| {
				match e {
					medtrust_primitives::MembershipError::NotAMember => Error::<T>::NotAMember,
					medtrust_primitives::MembershipError::OrganizationSuspended => Error::<T>::OrganizationSuspended,
					medtrust_primitives::MembershipError::MissingRole => Error::<T>::MissingRole,
				}
				.into()
			})
		}

		/// The time of the current block, in Unix milliseconds.
		pub fn now() -> Moment {
			T::UnixTime::now().as_millis() as Moment
		}

		/// The current block's number.
		pub fn block() -> BlockNumber {
			sp_runtime::traits::UniqueSaturatedInto::unique_saturated_into(frame_system::Pallet::<T>::block_number())
		}
	}
}
