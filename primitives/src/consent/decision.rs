//! The access decision: may organisation O, acting as role R, perform action A on data class D
//! of subject S for purpose P at time t? One implementation, used by the pallet (to check what a
//! log entry cites), the runtime API and the node's native decision RPC.
//!
//! The rule (deny by default):
//! - within one consent, the request must fall inside the consent itself (grantee, purpose,
//!   data class, action, period); nested provisions refine it, the deepest matching provision
//!   decides, and at equal depth deny wins;
//! - across the subject's consents, deny overrides: a consent whose provisions deny the request
//!   denies it, whatever another consent permits (XACML deny-overrides); otherwise a permit
//!   from a consent in force at t permits it;
//! - sensitive data classes are permitted only by a separate consent for sensitive data, and a
//!   disclosure only by a third-party-provision consent;
//! - a consent version counts from the block that recorded it until the block that withdrew or
//!   superseded it: a withdrawal is never retroactive.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

use super::{
	codes::{Action, DataClass, Purpose},
	records::*,
};
use crate::{OrganizationId, Role};

/// The question asked.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct AccessRequest {
	/// The patient.
	#[serde(with = "super::hex32")]
	pub subject: Subject,
	/// The organisation that wants access.
	pub organization: OrganizationId,
	/// The role it acts in.
	pub role: Role,
	/// Why.
	pub purpose: Purpose,
	/// What it will do.
	pub action: Action,
	/// Which data.
	pub data_class: DataClass,
}

/// Why a request is denied.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum DenyReason {
	/// No organisation registered this subject.
	UnknownSubject,
	/// The subject's key was destroyed: nothing may be linked to them any more.
	Erased,
	/// The organisation is not active or does not hold the role it claims.
	RoleNotHeld,
	/// No consent in force covers the request.
	NoConsent,
	/// A consent's provision denies it.
	DeniedByProvision {
		/// The consent.
		consent: ConsentId,
		/// Its version.
		version: Version,
	},
	/// A consent covers it, but sensitive data needs a separate consent for sensitive data.
	NeedsSeparateConsent,
	/// A consent covers it, but a disclosure needs a third-party-provision consent.
	NeedsThirdPartyConsent,
}

impl DenyReason {
	/// The reason in plain words.
	pub fn message(&self) -> &'static str {
		match self {
			DenyReason::UnknownSubject => "no organisation registered this subject",
			DenyReason::Erased => "the subject's key was destroyed (erasure)",
			DenyReason::RoleNotHeld => "the organisation is not active in the role it claims",
			DenyReason::NoConsent => "no consent in force covers this request",
			DenyReason::DeniedByProvision { .. } => "a provision of the patient's consent denies it",
			DenyReason::NeedsSeparateConsent => "sensitive data needs a separate consent for it",
			DenyReason::NeedsThirdPartyConsent => "a disclosure needs a third-party-provision consent",
		}
	}
}

/// The answer.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "decision")]
pub enum Decision {
	/// Permitted under this consent version.
	Permit {
		/// The consent.
		consent: ConsentId,
		/// Its version.
		version: Version,
	},
	/// Denied.
	Deny {
		/// Why.
		#[serde(flatten)]
		reason: DenyReason,
	},
}

impl Decision {
	/// A denial for `reason`.
	pub fn deny(reason: DenyReason) -> Self {
		Decision::Deny { reason }
	}

	/// Whether the request is permitted.
	pub fn is_permit(&self) -> bool {
		matches!(self, Decision::Permit { .. })
	}
}

/// Read access to the consent records, over FRAME storage in the runtime or over the state
/// database in the node.
pub trait ConsentView {
	/// A subject's record.
	fn subject(&self, subject: &Subject) -> Option<SubjectRecord>;
	/// A consent's head: subject and version spans.
	fn consent_head(&self, id: ConsentId) -> Option<ConsentHead>;
	/// The terms of a consent version.
	fn consent_terms(&self, id: ConsentId, version: Version) -> Option<ConsentTerms>;
	/// Whether the organisation is active and holds the role.
	fn organization_has_role(&self, organization: OrganizationId, role: Role) -> bool;
}

/// What one consent version says about a request.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ConsentVerdict {
	/// The consent does not cover the request.
	NotApplicable,
	/// Its deepest matching provision (or the consent itself) permits.
	Permit,
	/// Its deepest matching provision denies.
	Deny,
}

fn grantees_match(grantees: &Grantees, request: &AccessRequest) -> bool {
	grantees.iter().any(|g| match g {
		Grantee::Organization(org) => *org == request.organization,
		Grantee::Role(role) => *role == request.role,
	})
}

/// What the terms of one consent version say about `request` at `t`.
pub fn evaluate(terms: &ConsentTerms, request: &AccessRequest, t: Moment) -> ConsentVerdict {
	let in_scope = grantees_match(&terms.grantees, request) &&
		terms.purposes.contains(request.purpose) &&
		terms.actions.contains(request.action) &&
		terms.data_classes.covers(request.data_class) &&
		terms.period.contains(t);
	if !in_scope {
		return ConsentVerdict::NotApplicable;
	}
	// Provisions name only earlier parents, so one pass settles each one's match and depth.
	let mut depth_of: Vec<Option<u8>> = Vec::with_capacity(terms.provisions.len());
	let (mut best_depth, mut best) = (0u8, ConsentVerdict::Permit);
	for provision in terms.provisions.iter() {
		let parent_depth = match provision.parent {
			None => Some(0),
			Some(parent) => depth_of.get(parent as usize).copied().flatten(),
		};
		let matched = parent_depth.filter(|_| {
			(provision.grantees.is_empty() || grantees_match(&provision.grantees, request)) &&
				(provision.purposes.is_empty() || provision.purposes.contains(request.purpose)) &&
				(provision.actions.is_empty() || provision.actions.contains(request.action)) &&
				(provision.data_classes.is_empty() || provision.data_classes.covers(request.data_class)) &&
				provision.period.is_none_or(|p| p.contains(t))
		});
		let depth = matched.map(|d| d.saturating_add(1));
		depth_of.push(depth);
		if let Some(depth) = depth {
			let verdict = match provision.kind {
				ProvisionKind::Permit => ConsentVerdict::Permit,
				ProvisionKind::Deny => ConsentVerdict::Deny,
			};
			if depth > best_depth || (depth == best_depth && verdict == ConsentVerdict::Deny) {
				(best_depth, best) = (depth, verdict);
			}
		}
	}
	best
}

/// Whether a consent's categories allow it to permit `request`.
fn category_allows(categories: Categories, request: &AccessRequest) -> Result<(), DenyReason> {
	if request.data_class.is_sensitive() && !categories.sensitive() {
		return Err(DenyReason::NeedsSeparateConsent);
	}
	if request.action == Action::Disclose && !categories.third_party() {
		return Err(DenyReason::NeedsThirdPartyConsent);
	}
	Ok(())
}

/// Every consent version in force at `t` that permits `request`, or why none does.
pub fn permitting_consents(
	view: &impl ConsentView,
	request: &AccessRequest,
	t: Moment,
) -> Result<Vec<(ConsentId, Version)>, DenyReason> {
	let subject = view.subject(&request.subject).ok_or(DenyReason::UnknownSubject)?;
	if subject.erased_at.is_some() {
		return Err(DenyReason::Erased);
	}
	if !view.organization_has_role(request.organization, request.role) {
		return Err(DenyReason::RoleNotHeld);
	}
	let mut permits = Vec::new();
	let mut category_refusal = None;
	for &id in subject.consents.iter() {
		let Some(head) = view.consent_head(id) else { continue };
		let Some((version, _)) = head.version_at(t) else { continue };
		let Some(terms) = view.consent_terms(id, version) else { continue };
		match evaluate(&terms, request, t) {
			ConsentVerdict::NotApplicable => {},
			ConsentVerdict::Deny => return Err(DenyReason::DeniedByProvision { consent: id, version }),
			ConsentVerdict::Permit => match category_allows(terms.categories, request) {
				Ok(()) => permits.push((id, version)),
				Err(reason) => category_refusal = category_refusal.or(Some(reason)),
			},
		}
	}
	if permits.is_empty() {
		Err(category_refusal.unwrap_or(DenyReason::NoConsent))
	} else {
		Ok(permits)
	}
}

/// The decision on `request` at `t`: the first permitting consent, or why it is denied.
pub fn decide(view: &impl ConsentView, request: &AccessRequest, t: Moment) -> Decision {
	match permitting_consents(view, request, t).map(|permits| permits.first().copied()) {
		Ok(Some((consent, version))) => Decision::Permit { consent, version },
		Ok(None) => Decision::deny(DenyReason::NoConsent),
		Err(reason) => Decision::deny(reason),
	}
}

/// A decision as the RPC and the CLI give it: the decision and, in plain words, why.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
pub struct DecisionReport {
	/// The decision.
	#[serde(flatten)]
	pub decision: Decision,
	/// Why, in plain words.
	pub message: alloc::string::String,
}

impl From<Decision> for DecisionReport {
	fn from(decision: Decision) -> Self {
		let message = match &decision {
			Decision::Permit { consent, version } =>
				alloc::format!("permitted under consent {consent} version {version}"),
			Decision::Deny { reason } => alloc::format!("denied: {}", reason.message()),
		};
		DecisionReport { decision, message }
	}
}
