//! The insurer's claims desk: its claims with their breakdown (the explanation of benefits in
//! words), eligibility, paying, and the clearing draft and its settlement.

use std::sync::Arc;

use axum::{
	extract::{Path, Query, State},
	http::HeaderMap,
	Form,
};
use maud::{html, Markup};
use medtrust_client::{
	claims::{calls, hex32, parse_hash, parse_yuan, yuan, ClaimRecord, EligibilityQuery, InvoiceEstimate},
	Wait,
};

use super::{
	html::{error, layout, words},
	Desk, READ_LIMIT, WRITE_LIMIT,
};
use crate::claim::{describe, document_hash, moment};

/// Claims are numbered from 0; the list asks this many ids a page.
const PAGE: u64 = 20;

#[derive(serde::Deserialize)]
pub struct ListQuery {
	#[serde(default)]
	from: u64,
}

/// The claims from claim `from` on: the node answers only the claims of this insurer (and
/// their hospitals), so others' ids are skipped. The list ends at the first id no claim has.
pub async fn list(State(desk): State<Arc<Desk>>, headers: HeaderMap, Query(query): Query<ListQuery>) -> Markup {
	let listed = claims_from(&desk, query.from).await;
	let body = html! {
		h1 { "Claims" }
		form method="get" action="/claims/0" onsubmit="this.action='/claims/'+this.elements.id.value" {
			label { "Open claim " input name="id" type="number" min="0" required; }
			button { "Open" }
		}
		@match listed {
			Err(message) => (error(&message)),
			Ok((claims, next)) => {
				@if claims.is_empty() { p { "No claim of yours from claim " (query.from) " on." } } @else {
					table #claims {
						tr { th { "Claim" } th { "Hospital" } th { "Outcome" } th { "State" } th { "Submitted" } th { "Benefit" } }
						@for record in &claims {
							tr {
								td { a href={ "/claims/" (record.id) } { (record.id) } }
								td { (record.claim.hospital) }
								td { (words(&record.claim.adjudication.outcome)) }
								td { (words(&record.claim.state)) }
								td { (yuan(record.claim.adjudication.submitted)) }
								td { (yuan(record.claim.adjudication.benefit)) }
							}
						}
					}
				}
				@if let Some(next) = next { p { a href={ "/claims?from=" (next) } { "Later claims (the list was cut here)" } } }
			},
		}
	};
	layout(&desk, &headers, "Claims", body)
}

async fn claims_from(desk: &Desk, from: u64) -> Result<(Vec<ClaimRecord>, Option<u64>), String> {
	let client = desk.client().await?;
	let mut claims = Vec::new();
	for id in from..from.saturating_add(PAGE) {
		let answer = tokio::time::timeout(READ_LIMIT, client.claim(id)).await.map_err(|_| "the node did not answer in time".to_string());
		match answer.map(|a| a.map_err(|e| e.to_string())) {
			Ok(Ok(record)) => claims.push(record),
			// Claims are numbered in order: the first id without one is the end.
			Ok(Err(e)) if e.contains("no claim has id") => return Ok((claims, None)),
			// Another insurer's claim: not ours to see.
			Ok(Err(e)) if e.contains("not allowed") || e.contains("-32041") => continue,
			Ok(Err(e)) | Err(e) => {
				desk.forget_connection().await;
				return Err(format!("The node did not answer: {e}"));
			},
		}
	}
	Ok((claims, Some(from.saturating_add(PAGE))))
}

pub async fn show(State(desk): State<Arc<Desk>>, headers: HeaderMap, Path(id): Path<u64>) -> Markup {
	layout(&desk, &headers, "Claim", claim_body(&desk, id, None).await)
}

async fn claim_body(desk: &Desk, id: u64, message: Option<Markup>) -> Markup {
	let record = match desk.client().await {
		Ok(client) => desk.within(READ_LIMIT, client.explanation_of_benefits(id)).await.map_err(|e| e.to_string()),
		Err(message) => Err(message),
	};
	html! {
		h1 { "Claim " (id) }
		@if let Some(message) = message { (message) }
		@match record {
			Err(message) => (error(&message)),
			Ok(eob) => {
				h2 { "Explanation of benefits" }
				pre #breakdown { (describe(&eob.claim)) }
				p { "Coverage " (eob.standing.id) ", policy year " (eob.standing.policy_year) ": deductible "
					(yuan(eob.standing.accumulator.deductible_used)) " of " (yuan(eob.product.deductible)) " yuan met, "
					(yuan(eob.standing.accumulator.paid_used)) " of " (yuan(eob.product.annual_cap)) " yuan of the annual cap used." }
				@if eob.claim.claim.payment.is_none() && eob.claim.claim.adjudication.benefit > 0 {
					form method="post" action={ "/claims/" (id) "/pay" } {
						label { "Payment order or bank reference (hashed on this server) " input name="reference" required; }
						button { "Record the payment of " (yuan(eob.claim.claim.adjudication.benefit)) " yuan" }
					}
				}
			},
		}
	}
}

#[derive(serde::Deserialize)]
pub struct PayForm {
	#[serde(default)]
	reference: String,
}

pub async fn pay(State(desk): State<Arc<Desk>>, headers: HeaderMap, Path(id): Path<u64>, Form(form): Form<PayForm>) -> Markup {
	let message = match pay_claim(&desk, id, form.reference.trim()).await {
		Ok(text) => html! { p.ok role="status" { (text) } },
		Err(text) => error(&text),
	};
	layout(&desk, &headers, "Claim", claim_body(&desk, id, Some(message)).await)
}

async fn pay_claim(desk: &Desk, id: u64, reference: &str) -> Result<String, String> {
	if reference.is_empty() {
		return Err("Give the payment's reference: nothing was recorded.".into());
	}
	let client = desk.client().await?;
	let call = calls::pay_claim(id, document_hash(reference));
	let included =
		desk.within(WRITE_LIMIT, client.submit(&call, &desk.signer, Wait::InBlock)).await.map_err(|e| format!("Nothing was recorded: {e}"))?;
	Ok(format!("The payment of claim {id} is recorded (block {:?}).", included.block_hash))
}

#[derive(serde::Deserialize)]
pub struct EligibilityForm {
	#[serde(default)]
	coverage: String,
	#[serde(default)]
	subject: String,
	#[serde(default)]
	total: String,
	#[serde(default)]
	basic: String,
}

pub async fn eligibility(State(desk): State<Arc<Desk>>, headers: HeaderMap, Query(form): Query<EligibilityForm>) -> Markup {
	let answer = if form.coverage.is_empty() && form.subject.is_empty() { None } else { Some(ask_eligibility(&desk, &form).await) };
	let body = html! {
		h1 { "Eligibility" }
		form method="get" action="/eligibility" {
			label { "Coverage " input name="coverage" value=(form.coverage) required; }
			label { "Patient's subject commitment (64 hex digits) " input name="subject" value=(form.subject) size="70" required; }
			label { "Invoice total, yuan (for an estimate) " input name="total" value=(form.total); }
			label { "Paid by basic medical insurance, yuan " input name="basic" value=(form.basic); }
			button { "Ask" }
		}
		@match answer {
			None => {},
			Some(Err(message)) => (error(&message)),
			Some(Ok(text)) => p #eligibility.ok role="status" { (text) },
		}
	};
	layout(&desk, &headers, "Eligibility", body)
}

async fn ask_eligibility(desk: &Desk, form: &EligibilityForm) -> Result<String, String> {
	let coverage: u64 = form.coverage.trim().parse().map_err(|_| format!("A coverage is a number: {}", form.coverage))?;
	let subject = parse_hash("subject", form.subject.trim()).map_err(|e| e.to_string())?;
	let basic_paid = if form.basic.trim().is_empty() { 0 } else { parse_yuan(form.basic.trim()).map_err(|e| e.to_string())? };
	let estimate = if form.total.trim().is_empty() {
		None
	} else {
		let total = parse_yuan(form.total.trim()).map_err(|e| e.to_string())?;
		Some(InvoiceEstimate { total, basic_paid, basic_settled: basic_paid > 0 })
	};
	let client = desk.client().await?;
	let query = EligibilityQuery { coverage, subject, service_at: None, estimate };
	let answer = desk.within(READ_LIMIT, client.eligibility(&query)).await.map_err(|e| format!("The node did not answer: {e}"))?;
	let mut text = match answer.ineligible {
		Some(why) => format!("Not eligible: {}.", why.message()),
		None => "Eligible.".to_string(),
	};
	if let Some(a) = answer.estimate {
		text += &format!(" Estimated benefit {} yuan; the patient pays {} yuan.", yuan(a.benefit), yuan(a.residual - a.benefit));
	}
	Ok(text)
}

#[derive(serde::Deserialize)]
pub struct ClearingQuery {
	#[serde(default)]
	hospital: String,
	#[serde(default)]
	from: String,
	#[serde(default)]
	to: String,
}

pub async fn clearing(State(desk): State<Arc<Desk>>, headers: HeaderMap, Query(query): Query<ClearingQuery>) -> Markup {
	layout(&desk, &headers, "Clearing", clearing_body(&desk, &query, None).await)
}

async fn clearing_body(desk: &Desk, query: &ClearingQuery, message: Option<Markup>) -> Markup {
	let draft = if query.hospital.is_empty() { None } else { Some(draft(desk, query).await) };
	html! {
		h1 { "Clearing" }
		@if let Some(message) = message { (message) }
		form method="get" action="/clearing" {
			label { "Hospital (organisation id) " input name="hospital" value=(query.hospital) required; }
			label { "Paid from (YYYY-MM-DD, UTC) " input name="from" value=(query.from) placeholder="1970-01-01"; }
			label { "to, not including (YYYY-MM-DD) " input name="to" value=(query.to) placeholder="9999-12-31"; }
			button { "Draft" }
		}
		@match draft {
			None => {},
			Some(Err(message)) => (error(&message)),
			Some(Ok(draft)) => {
				table #clearing {
					tr { th { "Claim" } th { "Invoice" } th { "Yuan" } th { "Paid at" } }
					@for line in &draft.claims {
						tr { td { (line.claim) } td { code { (hex32::to_hex(&line.invoice)) } } td { (yuan(line.payment.amount)) }
							td { (medtrust_client::consent::fhir::instant(line.payment.paid_at)) } }
					}
				}
				p { (draft.claims.len()) " claim(s), " (yuan(draft.total)) " yuan; claims hash " code { (hex32::to_hex(&draft.claims_hash)) } }
				@if !draft.claims.is_empty() {
					form method="post" action="/clearing/settle" {
						input type="hidden" name="hospital" value=(query.hospital);
						input type="hidden" name="from" value=(query.from);
						input type="hidden" name="to" value=(query.to);
						button { "Settle these " (draft.claims.len()) " claim(s) as a statement" }
					}
				}
			},
		}
	}
}

async fn draft(desk: &Desk, query: &ClearingQuery) -> Result<medtrust_client::claims::ClearingDraft, String> {
	let hospital: u32 = query.hospital.trim().parse().map_err(|_| format!("A hospital is an organisation id: {}", query.hospital))?;
	let or = |text: &str, default: &str| if text.trim().is_empty() { default.to_string() } else { text.trim().to_string() };
	let from = moment(&or(&query.from, "1970-01-01"))?;
	let to = moment(&or(&query.to, "9999-12-31"))?;
	let client = desk.client().await?;
	desk.within(READ_LIMIT, client.clearing_draft(desk.organization.id, hospital, from, to)).await.map_err(|e| format!("The node did not answer: {e}"))
}

pub async fn settle(State(desk): State<Arc<Desk>>, headers: HeaderMap, Form(query): Form<ClearingQuery>) -> Markup {
	let message = match settle_draft(&desk, &query).await {
		Ok(text) => html! { p.ok role="status" { (text) } },
		Err(text) => error(&text),
	};
	layout(&desk, &headers, "Clearing", clearing_body(&desk, &query, Some(message)).await)
}

async fn settle_draft(desk: &Desk, query: &ClearingQuery) -> Result<String, String> {
	let draft = draft(desk, query).await?;
	if draft.claims.is_empty() {
		return Err("Nothing to settle: no paid, uncleared claim in the period.".into());
	}
	let ids: Vec<u64> = draft.claims.iter().map(|l| l.claim).collect();
	let call = calls::settle_clearing(draft.hospital, draft.from, draft.to, &ids, draft.total);
	let client = desk.client().await?;
	let included = desk.within(WRITE_LIMIT, client.submit(&call, &desk.signer, Wait::InBlock)).await.map_err(|e| format!("Nothing was settled: {e}"))?;
	Ok(format!("{} claim(s), {} yuan, settled as a statement (block {:?}).", ids.len(), yuan(draft.total), included.block_hash))
}
