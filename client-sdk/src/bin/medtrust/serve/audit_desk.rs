//! The auditor's pages: a subject's access log with its filters, unreviewed and overdue
//! break-glass accesses, checking an exported log, and a printable report.
//!
//! Every query is signed with the desk's key; the runtime decides what the auditor may read.

use std::sync::Arc;

use axum::{
	extract::{Query, State},
	http::HeaderMap,
	Form,
};
use maud::{html, Markup};
use medtrust_client::consent::{parse_subject, ExportCheck, ExportedLog};
use medtrust_primitives::consent::{
	audit::{AuditAnswer, AuditQuery, LogFilter, LoggedAccess, MAX_AUDIT_RESULTS},
	hex32,
};

use super::{
	html::{error, layout},
	Desk, READ_LIMIT,
};
use crate::consent::in_words;

/// The log filters, as the page offers them: (value, label, filter).
const FILTERS: &[(&str, &str, LogFilter)] = &[
	("all", "every access", LogFilter::All),
	("denied", "denied", LogFilter::Denied),
	("break_glass", "break-glass", LogFilter::BreakGlass),
	("disclosures", "disclosures to third parties", LogFilter::Disclosures),
	("after_withdrawal", "after a withdrawal or expiry", LogFilter::AfterWithdrawalOrExpiry),
];

#[derive(serde::Deserialize)]
pub struct LogQuery {
	#[serde(default)]
	subject: String,
	#[serde(default)]
	filter: String,
}

pub async fn log(State(desk): State<Arc<Desk>>, headers: HeaderMap, Query(query): Query<LogQuery>) -> Markup {
	let selected = FILTERS.iter().find(|(value, ..)| *value == query.filter).unwrap_or(&FILTERS[0]);
	let answer = if query.subject.trim().is_empty() {
		None
	} else {
		Some(subject_log(&desk, query.subject.trim(), selected.2).await)
	};
	let body = html! {
		h1 { "A subject's access log" }
		form method="get" action="/audit" {
			label { "Subject commitment (64 hex digits) " input name="subject" value=(query.subject) size="70" autofocus; }
			label { "Show " select name="filter" {
				@for (value, label, _) in FILTERS { option value=(value) selected[*value == selected.0] { (label) } }
			} }
			button { "Show the log" }
		}
		@match answer {
			None => {},
			Some(Err(message)) => (error(&message)),
			Some(Ok((length, accesses))) => {
				p { "The log has " (length) " entries; " (accesses.len()) " shown (" (selected.1) "). "
					a href={ "/audit/report?subject=" (query.subject.trim()) } { "Printable report" } }
				(access_table(&accesses))
			},
		}
	};
	layout(&desk, &headers, "Access log", body)
}

async fn subject_log(desk: &Desk, subject: &str, filter: LogFilter) -> Result<(u32, Vec<LoggedAccess>), String> {
	let subject = parse_subject(subject).map_err(|e| e.to_string())?;
	let client = desk.client().await?;
	let (head, accesses) =
		desk.within(READ_LIMIT, client.subject_log(&subject, filter, &desk.signer)).await.map_err(|e| format!("The node did not answer: {e}"))?;
	Ok((head.length, accesses))
}

fn access_table(accesses: &[LoggedAccess]) -> Markup {
	html! {
		table.accesses {
			tr { th { "#" } th { "Time (UTC)" } th { "Organisation" } th { "Decision" } th { "Action" } th { "Data" } th { "Purpose" } th { "Basis" } th { "Review" } }
			@for access in accesses {
				@let w = in_words(access);
				tr {
					td { (w.index) } td.nowrap { (w.time) } td { (w.organization) " (" (w.role) ")" } td.nowrap { (w.decision) }
					td { (w.action) } td { (w.data_class) } td { (w.purpose) } td { (w.basis) } td { (w.flags.join("; ")) }
				}
			}
		}
	}
}

#[derive(serde::Deserialize)]
pub struct BreakGlassQuery {
	#[serde(default)]
	overdue: bool,
	#[serde(default)]
	from: u64,
}

pub async fn break_glass(State(desk): State<Arc<Desk>>, headers: HeaderMap, Query(query): Query<BreakGlassQuery>) -> Markup {
	let asked = AuditQuery::UnreviewedBreakGlassFrom { overdue_only: query.overdue, cursor: query.from, limit: MAX_AUDIT_RESULTS };
	let answer = match desk.client().await {
		Ok(client) => desk.within(READ_LIMIT, client.audit(&asked, &desk.signer)).await.map_err(|e| format!("The node did not answer: {e}")),
		Err(message) => Err(message),
	};
	let body = html! {
		h1 { @if query.overdue { "Overdue break-glass accesses" } @else { "Unreviewed break-glass accesses" } }
		p { a href="/audit/break-glass" { "unreviewed" } " · " a href="/audit/break-glass?overdue=true" { "overdue only" } }
		@match answer {
			Err(message) => (error(&message)),
			Ok(AuditAnswer::Accesses { accesses, next }) => {
				p { (accesses.len()) " shown." }
				(access_table(&accesses))
				@if let Some(next) = next {
					p { a href={ "/audit/break-glass?overdue=" (query.overdue) "&from=" (next) } { "More (the list was cut here)" } }
				}
			},
			Ok(_) => (error("The node answered with something other than accesses.")),
		}
	};
	layout(&desk, &headers, "Break-glass reviews", body)
}

pub async fn verify_form(State(desk): State<Arc<Desk>>, headers: HeaderMap) -> Markup {
	layout(&desk, &headers, "Verify an export", verify_body(None))
}

fn verify_body(outcome: Option<Markup>) -> Markup {
	html! {
		h1 { "Verify an exported log" }
		p { "An export (medtrust audit export) is checked against the head the chain had at the export's block: entries changed, removed or added show." }
		form method="post" action="/audit/verify" {
			label { "Choose the export's file " input #export-file type="file" accept=".json,application/json"; }
			label { "or paste it " textarea #export name="export" rows="8" cols="90" {} }
			button { "Verify" }
		}
		@if let Some(outcome) = outcome { (outcome) }
		script { (maud::PreEscaped(r#"
document.getElementById('export-file').addEventListener('change', function (e) {
  var file = e.target.files[0]; if (!file) { return; }
  file.text().then(function (text) { document.getElementById('export').value = text; });
});"#)) }
	}
}

#[derive(serde::Deserialize)]
pub struct VerifyForm {
	#[serde(default)]
	export: String,
}

pub async fn verify(State(desk): State<Arc<Desk>>, headers: HeaderMap, Form(form): Form<VerifyForm>) -> Markup {
	let outcome = match check(&desk, &form.export).await {
		Ok(markup) => markup,
		Err(message) => error(&message),
	};
	layout(&desk, &headers, "Verify an export", verify_body(Some(outcome)))
}

async fn check(desk: &Desk, export: &str) -> Result<Markup, String> {
	if export.trim().is_empty() {
		return Err("Choose or paste an export first.".into());
	}
	let log: ExportedLog = serde_json::from_str(export).map_err(|e| format!("This is not an exported log: {e}"))?;
	let client = desk.client().await?;
	let checked = desk.within(READ_LIMIT, client.check_export(&log, Some(&desk.signer))).await;
	Ok(match checked.map_err(|e| format!("The node did not answer: {e}"))? {
		ExportCheck::Intact { head } => html! {
			p #outcome.ok role="status" data-outcome="intact" {
				"INTACT: the " (log.entries.len()) " entries chain to the head " code { (hex32::to_hex(&head.hash)) }
				" the chain had at block " (log.block) "."
			}
		},
		ExportCheck::Tampered { head, problem, first_difference } => html! {
			p #outcome.error role="alert" data-outcome="tampered" {
				"TAMPERED: " (problem.message()) ". The chain had " (head.length) " entries at block " (log.block)
				", the export has " (log.entries.len()) "."
				@if let Some(index) = first_difference { " Entry " (index) " is the first that differs from the chain's." }
			}
		},
	})
}

#[derive(serde::Deserialize)]
pub struct ReportQuery {
	#[serde(default)]
	subject: String,
}

/// A subject's log as a report to print (or save as PDF), with the chain's check of it.
pub async fn report(State(desk): State<Arc<Desk>>, headers: HeaderMap, Query(query): Query<ReportQuery>) -> Markup {
	let body = match report_body(&desk, query.subject.trim()).await {
		Ok(body) => body,
		Err(message) => html! { h1 { "Access report" } (error(&message)) },
	};
	layout(&desk, &headers, "Access report", body)
}

async fn report_body(desk: &Desk, subject_text: &str) -> Result<Markup, String> {
	let subject = parse_subject(subject_text).map_err(|e| e.to_string())?;
	let client = desk.client().await?;
	let export = desk.within(READ_LIMIT, client.export_log(&subject, &desk.signer)).await.map_err(|e| format!("The node did not answer: {e}"))?;
	let check = desk.within(READ_LIMIT, client.check_export(&export, Some(&desk.signer))).await.map_err(|e| format!("The node did not answer: {e}"))?;
	let (accesses_head, accesses) = desk
		.within(READ_LIMIT, client.subject_log(&subject, LogFilter::All, &desk.signer))
		.await
		.map_err(|e| format!("The node did not answer: {e}"))?;
	let intact = matches!(check, ExportCheck::Intact { .. });
	let generated = medtrust_client::consent::fhir::instant(
		std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0),
	);
	Ok(html! {
		h1 { "Access report" }
		p.noprint { button onclick="window.print()" { "Print" } }
		dl.facts {
			dt { "Subject" } dd { code { (subject_text) } }
			dt { "Prepared by" } dd { (desk.organization.name) " (organisation " (desk.organization.id) ")" }
			dt { "Prepared at" } dd { (generated) }
			dt { "Finalised block" } dd { (export.block) " " code { (format!("{:?}", export.at)) } }
			dt { "Log head" } dd { (export.head.length) " entries, " code { (hex32::to_hex(&export.head.hash)) } }
			dt { "Hash chain" } dd #chain-check {
				@if intact { "intact: every entry chains to the chain's head at that block" }
				@else { "NOT INTACT: the log read does not chain to the head" }
			}
			dt { "Entries at the best block" } dd { (accesses_head.length) }
		}
		(access_table(&accesses))
		p { "Records are identified by hashes; the subject by a keyed commitment. No personal health information is on the chain or in this report." }
	})
}
