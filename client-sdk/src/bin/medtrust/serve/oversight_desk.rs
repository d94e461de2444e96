//! The regulator's page: open alerts (a quarantine among them), with their resolution, and
//! insurers' statutory deadlines past due.

use std::sync::Arc;

use axum::{extract::State, http::HeaderMap};
use maud::{html, Markup};

use super::{
	html::{error, layout, words},
	Desk, READ_LIMIT,
};
use crate::claim::deadline_words;

pub async fn page(State(desk): State<Arc<Desk>>, headers: HeaderMap) -> Markup {
	let (alerts, overdue) = match desk.client().await {
		Ok(client) => (
			desk.within(READ_LIMIT, client.alerts()).await.map_err(|e| format!("The node did not answer: {e}")),
			desk.within(READ_LIMIT, client.overdue()).await.map_err(|e| format!("The node did not answer: {e}")),
		),
		Err(message) => (Err(message.clone()), Err(message)),
	};
	let body = html! {
		h1 { "Alerts and deadlines" }
		h2 { "Open alerts" }
		@match alerts {
			Err(message) => (error(&message)),
			Ok(alerts) => {
				p { (alerts.len()) " open (quarantined ones included). Resolve one with "
					code { "medtrust trace resolve ALERT --decision quarantine|clear|illegitimate" } "." }
				@if !alerts.is_empty() {
					table #alerts {
						tr { th { "Alert" } th { "Verdict" } th { "Status" } th { "Raised by" } th { "At block" } th { "Scan" } th { "Item" } }
						@for a in &alerts {
							tr { td { (a.id) } td { (words(&a.verdict)) } td { (words(&a.status)) } td { "organisation " (a.raised_by) }
								td { (a.raised_at) } td { code { (a.scan.replace('\u{1d}', "\u{241D}")) } } td { (a.item.clone().unwrap_or_default()) } }
						}
					}
				}
			},
		}
		h2 { "Deadlines past due" }
		@match overdue {
			Err(message) => (error(&message)),
			Ok(overdue) => {
				p { (overdue.len()) " overdue." }
				@if !overdue.is_empty() {
					table #overdue {
						tr { th { "What" } th { "Insurer" } th { "Due" } th { "Days late" } }
						@for o in &overdue {
							tr { td { (deadline_words(&o.what)) } td { (o.insurer) } td { (medtrust_client::consent::fhir::instant(o.due)) } td { (o.late_by / 86_400_000) } }
						}
					}
				}
			},
		}
	};
	layout(&desk, &headers, "Alerts and deadlines", body)
}
