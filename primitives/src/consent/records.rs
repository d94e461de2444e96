//! What the chain stores about subjects, consents and accesses, shared by the consent pallet
//! (which writes it), the node's native decision path (which decodes it straight from storage)
//! and the client SDK.
//!
//! There is no personal data here: a subject is a keyed commitment to the patient's identifier
//! made by the patient's home hospital, and documents are hashes.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

use super::codes::{Actions, DataClasses, Purposes};
use crate::{trace::BlockNumber, OrganizationId, Role};
pub use bounded_collections::{BoundedVec, ConstU32};

/// A patient as the chain knows them: `HMAC(key, patient id)` with a key held by the patient's
/// home hospital. Destroying the key unlinks every record from the patient.
pub type Subject = [u8; 32];
/// A hash of a document kept off chain: a policy text, a signed form, a record, a review.
pub type DocumentHash = [u8; 32];
/// Identifies a consent across its versions. Assigned in order of recording.
pub type ConsentId = u64;
/// A consent's version: 1 for the first, one more for each that supersedes it.
pub type Version = u32;
/// A time as milliseconds since the Unix epoch, as the timestamp pallet keeps it.
pub type Moment = u64;

/// How many grantees one consent or provision may name.
pub const MAX_GRANTEES: u32 = 8;
/// How many nested provisions one consent may carry.
pub const MAX_PROVISIONS: u32 = 16;
/// How deep provisions may nest below the consent itself.
pub const MAX_PROVISION_DEPTH: u8 = 4;
/// How many versions one consent may have.
pub const MAX_VERSIONS: u32 = 16;
/// How many consents of one subject may be in force (or recently ended) at once.
pub const MAX_CONSENTS_PER_SUBJECT: u32 = 16;

/// Who may act under a consent.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grantee {
	/// One organisation of the consortium, in whichever role it acts.
	Organization(OrganizationId),
	/// Any organisation acting in this role.
	Role(Role),
}

/// The grantees of a consent or provision.
pub type Grantees = BoundedVec<Grantee, ConstU32<MAX_GRANTEES>>;

/// Who gave the consent.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grantor {
	/// The patient.
	Patient,
	/// A parent, for a minor (PIPL art. 31).
	Parent,
	/// A legal guardian.
	Guardian,
	/// An agent the patient authorised.
	Agent,
}

/// Kinds of consent PIPL asks to be given separately. A consent without either is ordinary.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Categories(pub u8);

impl Categories {
	/// A separate consent for sensitive health data (PIPL art. 29).
	pub const SENSITIVE: u8 = 1;
	/// A separate consent for providing data to another organisation (PIPL art. 23).
	pub const THIRD_PARTY: u8 = 2;
	/// The bits that name a category.
	pub const KNOWN: u8 = Self::SENSITIVE | Self::THIRD_PARTY;

	/// An ordinary consent.
	pub const ORDINARY: Categories = Categories(0);

	/// Whether this is a separate consent for sensitive data.
	pub const fn sensitive(self) -> bool {
		self.0 & Self::SENSITIVE != 0
	}

	/// Whether this is a third-party-provision consent.
	pub const fn third_party(self) -> bool {
		self.0 & Self::THIRD_PARTY != 0
	}

	/// The categories' names, as the CLI and FHIR print them.
	pub fn names(self) -> alloc::vec::Vec<&'static str> {
		let mut names = alloc::vec::Vec::new();
		if self.0 & Self::KNOWN == 0 {
			names.push("ordinary");
		}
		if self.sensitive() {
			names.push("separate_sensitive");
		}
		if self.third_party() {
			names.push("third_party_provision");
		}
		names
	}
}

/// A period of time, `[start, end)`; an open end never expires.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Period {
	/// The first millisecond inside.
	pub start: Moment,
	/// The first millisecond after, if the period ends.
	pub end: Option<Moment>,
}

impl Period {
	/// Whether `t` falls inside.
	pub fn contains(&self, t: Moment) -> bool {
		self.start <= t && self.end.is_none_or(|end| t < end)
	}

	/// Whether the period is well formed: an end, if any, after the start.
	pub fn is_well_formed(&self) -> bool {
		self.end.is_none_or(|end| end > self.start)
	}

	/// Whether this period lies within `outer`.
	pub fn within(&self, outer: &Period) -> bool {
		self.start >= outer.start &&
			match (self.end, outer.end) {
				(_, None) => true,
				(Some(end), Some(outer_end)) => end <= outer_end,
				(None, Some(_)) => false,
			}
	}

	/// Whether the two periods share an instant.
	pub fn overlaps(&self, other: &Period) -> bool {
		self.end.is_none_or(|end| other.start < end) && other.end.is_none_or(|end| self.start < end)
	}
}

/// Whether a provision permits or denies what it matches.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProvisionKind {
	/// Permits.
	Permit,
	/// Denies.
	Deny,
}

/// An exception nested inside a consent (FHIR `Consent.provision.provision`). It applies only to
/// requests its parent matches; an empty criterion matches anything.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Provision {
	/// The index of the enclosing provision in the consent's list (always an earlier one), or
	/// `None` for a provision directly inside the consent.
	pub parent: Option<u8>,
	/// Permit or deny.
	pub kind: ProvisionKind,
	/// Who it applies to; empty: every grantee of the enclosing scope.
	pub grantees: Grantees,
	/// The purposes it applies to; empty: any.
	pub purposes: Purposes,
	/// The data classes it applies to; empty: any.
	pub data_classes: DataClasses,
	/// The actions it applies to; empty: any.
	pub actions: Actions,
	/// When it applies; `None`: the whole consent period.
	pub period: Option<Period>,
}

/// The provisions nested in a consent.
pub type Provisions = BoundedVec<Provision, ConstU32<MAX_PROVISIONS>>;

/// The terms of one version of a consent, as the grantor signed them. Never edited: a change is
/// a new version.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct ConsentTerms {
	/// The patient, as a keyed commitment.
	#[serde(with = "super::hex32")]
	pub subject: Subject,
	/// Who gave it.
	pub grantor: Grantor,
	/// Who may act under it.
	pub grantees: Grantees,
	/// For which purposes.
	pub purposes: Purposes,
	/// Which data classes.
	pub data_classes: DataClasses,
	/// Which actions.
	pub actions: Actions,
	/// When it is in force.
	pub period: Period,
	/// Ordinary, separate for sensitive data, and/or third-party provision.
	pub categories: Categories,
	/// Exceptions: deeper provisions decide; at equal depth deny wins.
	pub provisions: Provisions,
	/// The hash of the policy text the grantor was shown.
	#[serde(with = "super::hex32")]
	pub policy_hash: DocumentHash,
	/// The hash of the signed consent form.
	#[serde(with = "super::hex32")]
	pub form_hash: DocumentHash,
}

/// A consent version's status (FHIR `Consent.status`). Drafts stay off chain; expiry is read
/// from the period.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentStatus {
	/// In force (within its period).
	Active,
	/// The grantor withdrew it, from the block that recorded the withdrawal on.
	Withdrawn,
	/// A later version replaced it.
	Superseded,
	/// It was recorded by mistake; it ceased to apply when that was recorded.
	EnteredInError,
}

/// When one version of a consent was in force on chain.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct VersionSpan {
	/// The block that recorded the version.
	pub recorded_block: BlockNumber,
	/// The time of that block.
	pub from: Moment,
	/// The time of the block that ended it (withdrawal, supersession, error), if any.
	pub until: Option<Moment>,
	/// Its status.
	pub status: ConsentStatus,
}

impl VersionSpan {
	/// Whether the version was in force on chain at `t` (its own period aside).
	pub fn in_force_at(&self, t: Moment) -> bool {
		self.from <= t && self.until.is_none_or(|until| t < until)
	}
}

/// A consent across its versions: which subject, who recorded it, and when each version was in
/// force. Version *n*'s terms are stored under `(id, n)`.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct ConsentHead {
	/// The patient.
	#[serde(with = "super::hex32")]
	pub subject: Subject,
	/// The organisation that recorded the first version.
	pub recorded_by: OrganizationId,
	/// Version *n* is at index *n − 1*.
	pub versions: BoundedVec<VersionSpan, ConstU32<MAX_VERSIONS>>,
}

impl ConsentHead {
	/// The latest version's number.
	pub fn latest(&self) -> Version {
		self.versions.len() as Version
	}

	/// The version in force on chain at `t`, with its span.
	pub fn version_at(&self, t: Moment) -> Option<(Version, &VersionSpan)> {
		self.versions
			.iter()
			.enumerate()
			.rev()
			.find(|(_, span)| span.in_force_at(t))
			.map(|(i, span)| (i as Version + 1, span))
	}

	/// A version's span.
	pub fn span(&self, version: Version) -> Option<&VersionSpan> {
		self.versions.get((version as usize).checked_sub(1)?)
	}
}

/// A patient known to the chain: the home organisation that holds the relationship (and the key
/// behind the commitment), an optional delegate of the grantor, and the consents on record.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct SubjectRecord {
	/// The organisation holding the patient relationship.
	pub home: OrganizationId,
	/// An organisation the grantor authorised to record and withdraw consents for them.
	pub delegate: Option<OrganizationId>,
	/// Consents in force, or ended recently enough that a late log entry may still cite them.
	pub consents: BoundedVec<ConsentId, ConstU32<MAX_CONSENTS_PER_SUBJECT>>,
	/// Set when the home organisation recorded that the key behind the commitment was destroyed.
	pub erased_at: Option<BlockNumber>,
}

impl SubjectRecord {
	/// Whether `organization` may record and withdraw consents for this subject.
	pub fn is_managed_by(&self, organization: OrganizationId) -> bool {
		self.home == organization || self.delegate == Some(organization)
	}
}
