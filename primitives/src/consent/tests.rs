//! The decision rule and the log's hash chain over an in-memory view.

use alloc::{collections::BTreeMap, vec, vec::Vec};

use super::*;
use crate::Role;

const SUBJECT: Subject = [7; 32];
const HOSPITAL: crate::OrganizationId = 1;
const OTHER_HOSPITAL: crate::OrganizationId = 2;
const INSURER: crate::OrganizationId = 6;
const DAY: Moment = 86_400_000;

#[derive(Default)]
struct Memory {
	subject: Option<SubjectRecord>,
	heads: BTreeMap<ConsentId, ConsentHead>,
	terms: BTreeMap<(ConsentId, Version), ConsentTerms>,
}

impl ConsentView for Memory {
	fn subject(&self, subject: &Subject) -> Option<SubjectRecord> {
		self.subject.clone().filter(|_| *subject == SUBJECT)
	}
	fn consent_head(&self, id: ConsentId) -> Option<ConsentHead> {
		self.heads.get(&id).cloned()
	}
	fn consent_terms(&self, id: ConsentId, version: Version) -> Option<ConsentTerms> {
		self.terms.get(&(id, version)).cloned()
	}
	fn organization_has_role(&self, organization: crate::OrganizationId, role: Role) -> bool {
		match organization {
			HOSPITAL | OTHER_HOSPITAL => role == Role::Hospital,
			INSURER => role == Role::Insurer,
			_ => false,
		}
	}
}

impl Memory {
	fn new() -> Self {
		let subject = SubjectRecord { home: HOSPITAL, delegate: None, consents: Default::default(), erased_at: None };
		Memory { subject: Some(subject), ..Default::default() }
	}

	/// Records `terms` as a new consent in force from `from`.
	fn record(&mut self, id: ConsentId, terms: ConsentTerms, from: Moment) {
		let span = VersionSpan { recorded_block: 1, from, until: None, status: ConsentStatus::Active };
		let head = ConsentHead { subject: SUBJECT, recorded_by: HOSPITAL, versions: vec![span].try_into().unwrap() };
		self.heads.insert(id, head);
		self.terms.insert((id, 1), terms);
		self.subject.as_mut().unwrap().consents.try_push(id).unwrap();
	}

	fn end(&mut self, id: ConsentId, at: Moment, status: ConsentStatus) {
		let span = self.heads.get_mut(&id).unwrap().versions.last_mut().unwrap();
		span.until = Some(at);
		span.status = status;
	}
}

fn terms(grantees: &[Grantee], classes: &[DataClass], provisions: Vec<Provision>) -> ConsentTerms {
	ConsentTerms {
		subject: SUBJECT,
		grantor: Grantor::Patient,
		grantees: grantees.to_vec().try_into().unwrap(),
		purposes: Purposes::of(&[Purpose::Treatment, Purpose::Payment]),
		data_classes: DataClasses::of(classes),
		actions: Actions::of(&[Action::Read, Action::Copy, Action::Disclose]),
		period: Period { start: 0, end: Some(100 * DAY) },
		categories: Categories::ORDINARY,
		provisions: provisions.try_into().unwrap(),
		policy_hash: [1; 32],
		form_hash: [2; 32],
	}
}

fn provision(parent: Option<u8>, kind: ProvisionKind, classes: &[DataClass]) -> Provision {
	Provision {
		parent,
		kind,
		grantees: Default::default(),
		purposes: Purposes::default(),
		data_classes: DataClasses::of(classes),
		actions: Actions::default(),
		period: None,
	}
}

fn request(organization: crate::OrganizationId, data_class: DataClass) -> AccessRequest {
	AccessRequest {
		subject: SUBJECT,
		organization,
		role: if organization == INSURER { Role::Insurer } else { Role::Hospital },
		purpose: Purpose::Treatment,
		action: Action::Read,
		data_class,
	}
}

const DEFAULT_GRANTEES: &[Grantee] = &[Grantee::Role(Role::Hospital)];

#[test]
fn no_consent_means_deny_and_a_consent_permits_only_its_scope() {
	let mut view = Memory::new();
	let deny = |reason| Decision::Deny { reason };
	assert_eq!(decide(&view, &request(HOSPITAL, DataClass::Imaging), DAY), deny(DenyReason::NoConsent));
	view.record(1, terms(DEFAULT_GRANTEES, &[DataClass::Imaging], vec![]), 0);
	assert_eq!(decide(&view, &request(HOSPITAL, DataClass::Imaging), DAY), Decision::Permit { consent: 1, version: 1 });
	assert_eq!(decide(&view, &request(HOSPITAL, DataClass::LabResults), DAY), deny(DenyReason::NoConsent));
	let research = AccessRequest { purpose: Purpose::Research, ..request(HOSPITAL, DataClass::Imaging) };
	assert_eq!(decide(&view, &research, DAY), deny(DenyReason::NoConsent));
	// Outside the consent's period, and an organisation claiming a role it does not hold.
	assert_eq!(decide(&view, &request(HOSPITAL, DataClass::Imaging), 100 * DAY), deny(DenyReason::NoConsent));
	let pretending = AccessRequest { role: Role::Hospital, ..request(INSURER, DataClass::Imaging) };
	assert_eq!(decide(&view, &pretending, DAY), deny(DenyReason::RoleNotHeld));
	assert_eq!(decide(&Memory::default(), &request(HOSPITAL, DataClass::Imaging), DAY), deny(DenyReason::UnknownSubject));
}

#[test]
fn the_deepest_matching_provision_decides() {
	// Full record permitted; lab results denied (depth 1); but HIV-free lab results... a permit
	// for the other hospital's lab results nested under the deny (depth 2).
	let mut inner = provision(Some(0), ProvisionKind::Permit, &[]);
	inner.grantees = vec![Grantee::Organization(OTHER_HOSPITAL)].try_into().unwrap();
	let provisions = vec![provision(None, ProvisionKind::Deny, &[DataClass::LabResults]), inner];
	let mut view = Memory::new();
	view.record(1, terms(DEFAULT_GRANTEES, &[DataClass::FullRecord], provisions), 0);
	assert!(decide(&view, &request(HOSPITAL, DataClass::Imaging), DAY).is_permit());
	assert_eq!(
		decide(&view, &request(HOSPITAL, DataClass::LabResults), DAY),
		Decision::Deny { reason: DenyReason::DeniedByProvision { consent: 1, version: 1 } }
	);
	assert!(decide(&view, &request(OTHER_HOSPITAL, DataClass::LabResults), DAY).is_permit());
}

#[test]
fn at_equal_depth_deny_wins() {
	let provisions = vec![
		provision(None, ProvisionKind::Permit, &[DataClass::Imaging]),
		provision(None, ProvisionKind::Deny, &[DataClass::Imaging, DataClass::LabResults]),
	];
	let terms = terms(DEFAULT_GRANTEES, &[DataClass::FullRecord], provisions);
	assert_eq!(evaluate(&terms, &request(HOSPITAL, DataClass::Imaging), DAY), ConsentVerdict::Deny);
	assert_eq!(evaluate(&terms, &request(HOSPITAL, DataClass::Prescriptions), DAY), ConsentVerdict::Permit);
	assert_eq!(evaluate(&terms, &request(INSURER, DataClass::Prescriptions), DAY), ConsentVerdict::NotApplicable);
}

#[test]
fn across_consents_deny_overrides() {
	let mut view = Memory::new();
	view.record(1, terms(DEFAULT_GRANTEES, &[DataClass::Imaging], vec![]), 0);
	let excluded = vec![provision(None, ProvisionKind::Deny, &[DataClass::Imaging])];
	view.record(2, terms(DEFAULT_GRANTEES, &[DataClass::FullRecord], excluded), 0);
	assert_eq!(
		decide(&view, &request(HOSPITAL, DataClass::Imaging), DAY),
		Decision::Deny { reason: DenyReason::DeniedByProvision { consent: 2, version: 1 } }
	);
}

#[test]
fn withdrawal_takes_effect_from_its_block_and_is_not_retroactive() {
	let mut view = Memory::new();
	view.record(1, terms(DEFAULT_GRANTEES, &[DataClass::Imaging], vec![]), DAY);
	view.end(1, 10 * DAY, ConsentStatus::Withdrawn);
	let asked = request(HOSPITAL, DataClass::Imaging);
	assert!(!decide(&view, &asked, DAY - 1).is_permit(), "before it was recorded");
	assert!(decide(&view, &asked, 10 * DAY - 1).is_permit(), "before the withdrawal: still permitted");
	assert!(!decide(&view, &asked, 10 * DAY).is_permit(), "from the withdrawal on");
}

#[test]
fn sensitive_data_needs_a_separate_consent() {
	let mut view = Memory::new();
	view.record(1, terms(DEFAULT_GRANTEES, &[DataClass::FullRecord], vec![]), 0);
	let hiv = request(HOSPITAL, DataClass::InfectiousDisease);
	assert_eq!(decide(&view, &hiv, DAY), Decision::Deny { reason: DenyReason::NeedsSeparateConsent });
	let mut separate = terms(DEFAULT_GRANTEES, &[DataClass::InfectiousDisease], vec![]);
	separate.categories = Categories(Categories::SENSITIVE);
	view.record(2, separate, 0);
	assert_eq!(decide(&view, &hiv, DAY), Decision::Permit { consent: 2, version: 1 });
}

#[test]
fn disclosure_needs_a_third_party_provision_consent() {
	let mut view = Memory::new();
	let insurer = &[Grantee::Organization(INSURER)];
	view.record(1, terms(insurer, &[DataClass::Billing], vec![]), 0);
	let disclose = AccessRequest { action: Action::Disclose, purpose: Purpose::Payment, ..request(INSURER, DataClass::Billing) };
	assert_eq!(decide(&view, &disclose, DAY), Decision::Deny { reason: DenyReason::NeedsThirdPartyConsent });
	let mut third_party = terms(insurer, &[DataClass::Billing], vec![]);
	third_party.categories = Categories(Categories::THIRD_PARTY);
	view.record(2, third_party, 0);
	assert_eq!(decide(&view, &disclose, DAY), Decision::Permit { consent: 2, version: 1 });
}

#[test]
fn an_erased_subject_is_denied_everything() {
	let mut view = Memory::new();
	view.record(1, terms(DEFAULT_GRANTEES, &[DataClass::FullRecord], vec![]), 0);
	view.subject.as_mut().unwrap().erased_at = Some(9);
	assert_eq!(decide(&view, &request(HOSPITAL, DataClass::Imaging), DAY), Decision::Deny { reason: DenyReason::Erased });
}

fn chained_log(n: u8) -> (Vec<AccessEntry>, LogHead) {
	let mut previous = [0u8; 32];
	let entries: Vec<_> = (0..n)
		.map(|i| {
			let entry = AccessEntry {
				previous,
				block: i as u32,
				accessed_at: i as u64 * 1000,
				organization: HOSPITAL,
				role: Role::Hospital,
				purpose: Purpose::Treatment,
				action: Action::Read,
				data_class: DataClass::Imaging,
				record: [i; 32],
				basis: Basis::Consent { consent: 1, version: 1 },
				decision: LoggedDecision::Permit,
				reason: None,
			};
			previous = entry.hash();
			entry
		})
		.collect();
	(entries, LogHead { length: n as u32, hash: previous })
}

#[test]
fn an_exported_log_that_was_altered_cut_or_reordered_fails_verification() {
	let (entries, head) = chained_log(5);
	assert_eq!(verify_log(&entries, &head), Ok(()));
	let mut altered = entries.clone();
	altered[2].data_class = DataClass::Genetic;
	assert_eq!(verify_log(&altered, &head), Err(LogBreak::BrokenLink { index: 3 }));
	let mut removed = entries.clone();
	removed.remove(1);
	assert_eq!(verify_log(&removed, &head), Err(LogBreak::WrongLength { exported: 4, head: 5 }));
	let forged_head = LogHead { length: 4, ..head };
	assert_eq!(verify_log(&removed, &forged_head), Err(LogBreak::BrokenLink { index: 1 }));
	let mut last_altered = entries.clone();
	last_altered[4].decision = LoggedDecision::Deny;
	assert_eq!(verify_log(&last_altered, &head), Err(LogBreak::WrongHead));
	assert_eq!(verify_log(&entries[..4], &LogHead { length: 4, hash: entries[4].previous }), Ok(()));
}

#[test]
fn periods_tell_containment_and_overlap() {
	let p = |start, end| Period { start, end };
	assert!(p(5, Some(10)).within(&p(0, None)));
	assert!(!p(5, None).within(&p(0, Some(10))));
	assert!(p(0, Some(10)).overlaps(&p(9, None)));
	assert!(!p(0, Some(10)).overlaps(&p(10, Some(20))));
	assert!(!p(10, Some(10)).is_well_formed());
	let json = serde_json::to_string(&request(HOSPITAL, DataClass::Imaging)).unwrap();
	assert!(json.contains("\"subject\":\"0x0707"), "{json}");
	assert_eq!(serde_json::from_str::<AccessRequest>(&json).unwrap(), request(HOSPITAL, DataClass::Imaging));
}

#[test]
fn decisions_read_as_flat_json() {
	let deny = DecisionReport::from(Decision::Deny { reason: DenyReason::DeniedByProvision { consent: 3, version: 2 } });
	let json = serde_json::to_value(&deny).unwrap();
	assert_eq!(json["decision"], "deny");
	assert_eq!(json["reason"], "denied_by_provision");
	assert_eq!(json["consent"], 3);
	assert_eq!(serde_json::from_value::<DecisionReport>(json).unwrap(), deny);
	let permit = serde_json::to_value(DecisionReport::from(Decision::Permit { consent: 1, version: 1 })).unwrap();
	assert_eq!(permit["message"], "permitted under consent 1 version 1");
	let unknown = r#"{"subject":"0x0707070707070707070707070707070707070707070707070707070707070707","organization":1,"role":"hospital","purpose":"marketing","action":"read","data_class":"imaging"}"#;
	let error = serde_json::from_str::<AccessRequest>(unknown).unwrap_err().to_string();
	assert!(error.contains("unknown variant `marketing`"), "{error}");
}
