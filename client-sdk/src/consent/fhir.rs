//! What auditors read, as HL7 FHIR R4 resources: an access log entry as an `AuditEvent`, a
//! consent version as a `Consent`. Subjects, organisations and documents appear as
//! identifiers (`urn:medtrust:…`), never as personal data.

use medtrust_primitives::consent::{
	audit::{ConsentRecord, LoggedAccess},
	hex32::to_hex,
	Action, Basis, ConsentStatus, ConsentTerms, DataClasses, Grantee, Grantees, LoggedDecision, Moment, Period,
	Provision, ProvisionKind, Purpose, Purposes, Version,
};
use serde_json::{json, Value};

const ACT_REASON: &str = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

/// A Unix-millisecond time as an ISO 8601 UTC instant.
pub fn instant(millis: Moment) -> String {
	let date = medtrust_primitives::trace::date_of_unix_millis(millis);
	let rem = millis / 1000 % 86_400;
	format!(
		"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
		date / 10_000,
		date / 100 % 100,
		date % 100,
		rem / 3600,
		rem % 3600 / 60,
		rem % 60,
		millis % 1000
	)
}

fn purpose_code(purpose: Purpose) -> &'static str {
	match purpose {
		Purpose::Treatment => "TREAT",
		Purpose::Payment => "HPAYMT",
		Purpose::Research => "HRESCH",
		Purpose::PublicHealth => "PUBHLTH",
		Purpose::Operations => "HOPERAT",
		Purpose::PatientRequest => "PATRQT",
	}
}

fn identifier(system: &str, value: impl ToString) -> Value {
	json!({ "identifier": { "system": format!("urn:medtrust:{system}"), "value": value.to_string() } })
}

/// An `AuditEvent`'s id: FHIR allows 64 characters of `[A-Za-z0-9.-]`, so the 64 hex digits
/// of the BLAKE2-256 of (subject, index), which name one entry of one log; the subject and
/// the index are in the resource's entity.
pub fn audit_event_id(access: &LoggedAccess) -> String {
	use codec::Encode;
	hex::encode(sp_crypto_hashing::blake2_256(&(access.subject, access.index).encode()))
}

/// An access log entry as a FHIR `AuditEvent`.
pub fn audit_event(access: &LoggedAccess) -> Value {
	let entry = &access.entry;
	let (action, interaction) = match entry.action {
		Action::Read => ("R", "read"),
		Action::Copy => ("C", "copy"),
		Action::Disclose => ("E", "disclose"),
	};
	let mut purposes = vec![json!({ "coding": [{ "system": ACT_REASON, "code": purpose_code(entry.purpose) }] })];
	if entry.decision == LoggedDecision::BreakGlass {
		purposes.push(json!({ "coding": [{ "system": ACT_REASON, "code": "BTG", "display": "break the glass" }] }));
	}
	let basis = match entry.basis {
		Basis::Consent { consent, version } => json!({ "type": "consent", "valueString": format!("Consent/{consent}/_history/{version}") }),
		Basis::Statutory(code) => json!({ "type": "legal-basis", "valueString": code.name() }),
		Basis::None => json!({ "type": "basis", "valueString": "none" }),
	};
	json!({
		"resourceType": "AuditEvent",
		"id": audit_event_id(access),
		"type": { "system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110110", "display": "Patient Record" },
		"subtype": [{ "system": "urn:medtrust:action", "code": interaction }],
		"action": action,
		"recorded": instant(entry.accessed_at),
		"outcome": if entry.decision == LoggedDecision::Deny { "4" } else { "0" },
		"outcomeDesc": match entry.decision {
			LoggedDecision::Permit => "permit",
			LoggedDecision::Deny => "deny",
			LoggedDecision::BreakGlass => "break_glass",
		},
		"purposeOfEvent": purposes,
		"agent": [{
			"who": identifier("organization", entry.organization),
			"role": [{ "text": entry.role.name() }],
			"requestor": true,
		}],
		"source": { "observer": { "display": format!("medtrust block {}", entry.block) } },
		"entity": [
			{
				"what": identifier("subject", to_hex(&access.subject)),
				"type": { "system": "http://terminology.hl7.org/CodeSystem/audit-entity-type", "code": "1", "display": "Person" },
				"detail": [{ "type": "log-index", "valueString": access.index.to_string() }],
			},
			{
				"what": identifier("record-hash", to_hex(&entry.record)),
				"securityLabel": [{ "system": "urn:medtrust:data-class", "code": entry.data_class.name() }],
				"detail": [basis, { "type": "log-hash-previous", "valueString": to_hex(&entry.previous) }],
			},
		],
	})
}

fn period(period: &Period) -> Value {
	let mut value = json!({ "start": instant(period.start) });
	if let Some(end) = period.end {
		value["end"] = json!(instant(end));
	}
	value
}

fn actors(grantees: &Grantees) -> Vec<Value> {
	grantees
		.iter()
		.map(|g| {
			let reference = match g {
				Grantee::Organization(id) => identifier("organization", id),
				Grantee::Role(role) => identifier("role", role.name()),
			};
			json!({ "role": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "code": "IRCP" }] }, "reference": reference })
		})
		.collect()
}

fn criteria(value: &mut Value, purposes: Purposes, classes: DataClasses, actions: medtrust_primitives::consent::Actions) {
	if !purposes.is_empty() {
		value["purpose"] = purposes.iter().map(|p| json!({ "system": ACT_REASON, "code": purpose_code(p) })).collect();
	}
	if !classes.is_empty() {
		value["class"] = classes.iter().map(|c| json!({ "system": "urn:medtrust:data-class", "code": c.name() })).collect();
	}
	if !actions.is_empty() {
		value["action"] = actions.iter().map(|a| json!({ "coding": [{ "system": "urn:medtrust:action", "code": a.name() }] })).collect();
	}
}

fn provision(provisions: &[Provision], index: usize) -> Value {
	let p = &provisions[index];
	let mut value = json!({ "type": if p.kind == ProvisionKind::Permit { "permit" } else { "deny" } });
	if !p.grantees.is_empty() {
		value["actor"] = actors(&p.grantees).into();
	}
	if let Some(period_of) = &p.period {
		value["period"] = period(period_of);
	}
	criteria(&mut value, p.purposes, p.data_classes, p.actions);
	let children: Vec<Value> = (0..provisions.len())
		.filter(|i| provisions[*i].parent == Some(index as u8))
		.map(|i| provision(provisions, i))
		.collect();
	if !children.is_empty() {
		value["provision"] = children.into();
	}
	value
}

/// Version `version` of a consent as a FHIR `Consent`, its status as of `now`.
pub fn consent(record: &ConsentRecord, version: Version, now: Moment) -> Option<Value> {
	let terms: &ConsentTerms = record.versions.get((version as usize).checked_sub(1)?)?;
	let span = record.head.span(version)?;
	let status = match span.status {
		ConsentStatus::EnteredInError => "entered-in-error",
		ConsentStatus::Active if terms.period.contains(now) => "active",
		_ => "inactive",
	};
	let mut root = json!({ "type": "permit", "period": period(&terms.period), "actor": actors(&terms.grantees) });
	criteria(&mut root, terms.purposes, terms.data_classes, terms.actions);
	let nested: Vec<Value> = (0..terms.provisions.len())
		.filter(|i| terms.provisions[*i].parent.is_none())
		.map(|i| provision(&terms.provisions, i))
		.collect();
	if !nested.is_empty() {
		root["provision"] = nested.into();
	}
	Some(json!({
		"resourceType": "Consent",
		"id": record.id.to_string(),
		"meta": { "versionId": version.to_string(), "lastUpdated": instant(span.until.unwrap_or(span.from)) },
		"status": status,
		"scope": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy" }] },
		"category": terms.categories.names().iter().map(|c| json!({ "coding": [{ "system": "urn:medtrust:consent-category", "code": c }] })).collect::<Vec<_>>(),
		"patient": identifier("subject", to_hex(&terms.subject)),
		"dateTime": instant(span.from),
		"performer": [identifier("grantor", format!("{:?}", terms.grantor).to_lowercase())],
		"organization": [identifier("organization", record.head.recorded_by)],
		"sourceAttachment": { "url": format!("urn:medtrust:form-hash:{}", to_hex(&terms.form_hash)) },
		"policy": [{ "uri": format!("urn:medtrust:policy-hash:{}", to_hex(&terms.policy_hash)) }],
		"provision": root,
	}))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn instants_are_iso_8601_utc() {
		assert_eq!(instant(0), "1970-01-01T00:00:00.000Z");
		assert_eq!(instant(1_795_392_000_000), "2026-11-23T00:00:00.000Z");
		assert_eq!(instant(951_782_400_123 + 3_723_000), "2000-02-29T01:02:03.123Z");
	}
}
