//! What insurers, hospitals and patients read, as HL7 FHIR R4 resources: an adjudicated claim
//! as a `ClaimResponse`, and with its invoice, product and coverage standing as an
//! `ExplanationOfBenefit`. The breakdown is `adjudication` with the categories of
//! `http://terminology.hl7.org/CodeSystem/adjudication` and X12 claim adjustment reason
//! codes; amounts are CNY. Patients, organisations and documents appear as identifiers
//! (`urn:medtrust:…`), never as personal data.

use serde_json::{json, Value};

use super::{yuan, ClaimItem, ClaimRecord, ClaimState, ExplanationOfBenefits, Fen, Outcome};
use crate::consent::fhir::instant;
use medtrust_primitives::consent::hex32::to_hex;

const ADJUDICATION: &str = "http://terminology.hl7.org/CodeSystem/adjudication";
const MEDTRUST_ADJUDICATION: &str = "urn:medtrust:adjudication";
const CARC: &str = "https://x12.org/codes/claim-adjustment-reason-codes";

fn money(fen: Fen) -> Value {
	// Yuan for display only: every amount is computed in integer fen. Up to the chain's largest
	// amount (10^13 fen) the nearest double prints as the exact decimal.
	json!({ "value": fen as f64 / 100.0, "currency": "CNY" })
}

fn reference(system: &str, value: impl ToString) -> Value {
	json!({ "identifier": { "system": format!("urn:medtrust:{system}"), "value": value.to_string() } })
}

fn line(system: &str, code: &str, fen: Fen, reason: Option<(&str, &str)>) -> Value {
	let mut line = json!({ "category": { "coding": [{ "system": system, "code": code }] }, "amount": money(fen) });
	if let Some((carc, display)) = reason {
		line["reason"] = json!({ "coding": [{ "system": CARC, "code": carc, "display": display }] });
	}
	line
}

/// The claim's breakdown: submitted, what other payers paid, excluded, eligible, deductible,
/// coinsurance, copay, cap reduction and benefit.
fn breakdown(record: &ClaimRecord) -> Vec<Value> {
	let a = &record.claim.adjudication;
	let mut lines = vec![line(ADJUDICATION, "submitted", a.submitted, None)];
	if a.basic_paid + a.other_insurers_paid > 0 {
		let prior = Some(("23", "impact of prior payer(s) adjudication"));
		lines.push(line(MEDTRUST_ADJUDICATION, "prior-payers", a.basic_paid + a.other_insurers_paid, prior));
	}
	if a.excluded > 0 {
		lines.push(line(MEDTRUST_ADJUDICATION, "excluded", a.excluded, Some(("96", "non-covered charge(s)"))));
	}
	lines.push(line(ADJUDICATION, "eligible", a.eligible, None));
	lines.push(line(ADJUDICATION, "deductible", a.deductible, Some(("1", "deductible amount"))));
	let percent = a.ratio.0 as f64 / 100.0;
	lines.push(json!({ "category": { "coding": [{ "system": ADJUDICATION, "code": "eligpercent" }] }, "value": percent }));
	lines.push(line(MEDTRUST_ADJUDICATION, "coinsurance", a.coinsurance, Some(("2", "coinsurance amount"))));
	if a.copay > 0 {
		lines.push(line(ADJUDICATION, "copay", a.copay, Some(("3", "co-payment amount"))));
	}
	if a.cap_reduction > 0 {
		lines.push(line(MEDTRUST_ADJUDICATION, "cap", a.cap_reduction, Some(("119", "benefit maximum reached"))));
	}
	lines.push(line(ADJUDICATION, "benefit", a.benefit, None));
	lines
}

/// Which resource an item line is for: FHIR R4 numbers a `ClaimResponse` item by the claim's
/// `itemSequence` and gives no product (the claim has it), while an `ExplanationOfBenefit`
/// item carries its own `sequence` and `productOrService`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ItemsFor {
	ClaimResponse,
	ExplanationOfBenefit,
}

/// The item lines, from the items the hospital or insurer kept off chain; none when they are not
/// given or do not match the claim's hash of its items.
fn items(record: &ClaimRecord, items: Option<&[ClaimItem]>, excluded: &dyn Fn(&[u8]) -> bool, shape: ItemsFor) -> Vec<Value> {
	let Some(items) = items.filter(|items| crate::claims::items_match(&record.claim, items)) else { return Vec::new() };
	items
		.iter()
		.enumerate()
		.map(|(i, item)| {
			let code = String::from_utf8_lossy(&item.code).into_owned();
			let mut adjudication = vec![line(ADJUDICATION, "submitted", item.amount, None)];
			if excluded(&item.code) {
				adjudication.push(line(ADJUDICATION, "eligible", 0, Some(("96", "non-covered charge(s)"))));
			}
			let product = json!({ "coding": [{ "system": "urn:medtrust:catalogue", "code": code }] });
			match shape {
				ItemsFor::ClaimResponse => json!({ "itemSequence": i + 1, "adjudication": adjudication }),
				ItemsFor::ExplanationOfBenefit =>
					json!({ "sequence": i + 1, "productOrService": product, "adjudication": adjudication }),
			}
		})
		.collect()
}

fn status(state: ClaimState) -> &'static str {
	match state {
		ClaimState::Cancelled => "cancelled",
		_ => "active",
	}
}

fn disposition(record: &ClaimRecord) -> String {
	let a = &record.claim.adjudication;
	let outcome = match a.outcome {
		Outcome::Approved => "approved",
		Outcome::Partial => "partially approved",
		Outcome::Denied => "denied: nothing payable",
	};
	let state = match record.claim.state {
		ClaimState::Adjudicated => "awaiting payment",
		ClaimState::Paid => "paid",
		ClaimState::Cleared => "paid and cleared",
		ClaimState::Cancelled => "cancelled",
		ClaimState::Reversed => "reversed, awaiting readjudication",
		ClaimState::Appealed => "appealed, awaiting the insurer's decision",
	};
	format!("{outcome}, {} yuan payable to the hospital; {state}", yuan(a.benefit))
}

/// The common part of `ClaimResponse` and `ExplanationOfBenefit`.
fn common(resource: &str, record: &ClaimRecord, subject: &[u8; 32]) -> Value {
	let claim = &record.claim;
	let mut resource = json!({
		"resourceType": resource,
		"id": format!("claim-{}", record.id),
		"status": status(claim.state),
		"type": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "institutional" }] },
		"use": "claim",
		"patient": reference("subject", to_hex(subject)),
		"created": instant(claim.decided_at),
		"insurer": reference("organization", claim.insurer),
		"outcome": if claim.adjudication.outcome == Outcome::Partial { "partial" } else { "complete" },
		"disposition": disposition(record),
		"adjudication": breakdown(record),
		"total": [
			line(ADJUDICATION, "submitted", claim.adjudication.submitted, None),
			line(ADJUDICATION, "eligible", claim.adjudication.eligible, None),
			line(ADJUDICATION, "benefit", claim.adjudication.benefit, None),
		],
		"extension": [
			{ "url": "urn:medtrust:claim-revision", "valueInteger": claim.revision },
			{ "url": "urn:medtrust:invoice", "valueString": to_hex(&claim.invoice) },
		],
	});
	// A ClaimResponse has one pre-authorisation reference, an ExplanationOfBenefit a list.
	if let Some(preauth) = claim.preauth {
		let reference = format!("preauth-{preauth}");
		resource["preAuthRef"] = if resource["resourceType"] == "ClaimResponse" { json!(reference) } else { json!([reference]) };
	}
	if let Some(payment) = &claim.payment {
		resource["payment"] = json!({
			"type": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/ex-paymenttype", "code": "complete" }] },
			"date": instant(payment.paid_at)[..10],
			"amount": money(payment.amount),
			"identifier": { "system": "urn:medtrust:payment-reference", "value": to_hex(&payment.reference) },
		});
	}
	resource
}

/// An adjudicated claim as a FHIR `ClaimResponse`, for the hospital. `subject` is the
/// invoice's patient commitment. The chain keeps only the hash of the claim's items: the
/// item lines come from `items`, the hospital's or insurer's own copy, when it matches.
pub fn claim_response(record: &ClaimRecord, subject: &[u8; 32], claimed: Option<&[ClaimItem]>) -> Value {
	let mut response = common("ClaimResponse", record, subject);
	response["requestor"] = reference("organization", record.claim.hospital);
	response["request"] = reference("claim", record.id);
	let lines = items(record, claimed, &|_| false, ItemsFor::ClaimResponse);
	if !lines.is_empty() {
		response["item"] = json!(lines);
	}
	response
}

/// A claim with its invoice, product and the coverage's standing as a FHIR
/// `ExplanationOfBenefit`, for the patient and the regulator; item lines as in
/// [`claim_response`].
pub fn explanation_of_benefit(eob: &ExplanationOfBenefits, claimed: Option<&[ClaimItem]>) -> Value {
	let record = &eob.claim;
	let mut resource = common("ExplanationOfBenefit", record, &eob.invoice.anchor.subject);
	let excluded = |code: &[u8]| eob.product.exclusions.iter().any(|x| x.as_slice() == code);
	resource["provider"] = reference("organization", record.claim.hospital);
	resource["claim"] = reference("claim", record.id);
	resource["insurance"] = json!([{ "focal": true, "coverage": reference("coverage", eob.standing.id) }]);
	resource["billablePeriod"] = json!({ "end": instant(eob.invoice.anchor.service_at) });
	let lines = items(record, claimed, &excluded, ItemsFor::ExplanationOfBenefit);
	if !lines.is_empty() {
		resource["item"] = json!(lines);
	}
	let standing = &eob.standing;
	resource["benefitPeriod"] = json!({
		"start": instant(standing.coverage.terms.period.start + standing.policy_year as u64 * medtrust_primitives::claims::POLICY_YEAR_MS),
	});
	resource["benefitBalance"] = json!([{
		"category": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/ex-benefitcategory", "code": "1", "display": "Medical Care" }] },
		"financial": [
			{
				"type": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/benefit-type", "code": "deductible" }] },
				"allowedMoney": money(eob.product.deductible),
				"usedMoney": money(standing.accumulator.deductible_used),
			},
			{
				"type": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/benefit-type", "code": "benefit" }] },
				"allowedMoney": money(eob.product.annual_cap),
				"usedMoney": money(standing.accumulator.paid_used),
			},
		],
	}]);
	resource
}
