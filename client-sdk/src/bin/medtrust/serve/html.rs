//! The desk's page frame: the organisation's name, the pages its roles use, print styles.

use std::sync::Arc;

use axum::{
	extract::State,
	http::HeaderMap,
	response::{IntoResponse, Redirect, Response},
};
use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::{auth, Desk};

/// The pages a role works at: (role, path, title).
const PAGES: &[(&str, &str, &str)] = &[
	("pharmacy", "/scan", "Scan and dispense"),
	("vaccination_site", "/scan", "Scan and administer"),
	("hospital", "/scan", "Scan and dispense"),
	("auditor", "/audit", "Access logs"),
	("auditor", "/audit/break-glass", "Break-glass reviews"),
	("auditor", "/audit/verify", "Verify an export"),
	("regulator", "/audit", "Access logs"),
	("regulator", "/audit/break-glass", "Break-glass reviews"),
	("regulator", "/oversight", "Alerts and deadlines"),
	("insurer", "/claims", "Claims"),
	("insurer", "/eligibility", "Eligibility"),
	("insurer", "/clearing", "Clearing"),
];

/// The pages this desk's organisation works at, each once.
fn pages(desk: &Desk) -> Vec<(&'static str, &'static str)> {
	let mut pages: Vec<(&str, &str)> = Vec::new();
	for (role, path, title) in PAGES {
		if desk.has_role(role) && !pages.iter().any(|(p, _)| p == path) {
			pages.push((path, title));
		}
	}
	pages
}

const STYLE: &str = r#"
body { font-family: system-ui, sans-serif; margin: 0; color: #111; }
header { background: #234; color: #fff; padding: .6em 1em; display: flex; gap: 1.5em; align-items: baseline; flex-wrap: wrap; }
header a { color: #fff; }
header .org { font-weight: bold; }
main { padding: 1em; max-width: 70em; }
.error { background: #fde2e1; border: 2px solid #b3261e; padding: .6em; }
.ok { background: #e3f6e8; border: 2px solid #1e7b34; padding: .6em; }
.verdict { font-size: 2.2em; padding: .8em; margin: .5em 0; border-radius: .3em; }
.verdict.genuine { background: #1e7b34; color: #fff; }
.verdict.refuse { background: #b3261e; color: #fff; }
.verdict small { display: block; font-size: .45em; margin-top: .3em; }
input[name=scan] { font-size: 1.6em; width: 100%; box-sizing: border-box; font-family: monospace; }
table { border-collapse: collapse; margin: .5em 0; }
td, th { border: 1px solid #bbb; padding: .25em .5em; text-align: left; vertical-align: top; }
td.nowrap { white-space: nowrap; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }
dl.facts dt { font-weight: bold; }
form.inline { display: inline; }
label { display: block; margin: .4em 0; }
pre { background: #f4f4f4; padding: .6em; overflow-x: auto; }
@media print {
  header, form, .noprint { display: none; }
  main { max-width: none; padding: 0; }
  body { font-size: 10pt; }
  a { color: #000; text-decoration: none; }
}
"#;

/// A page with the desk's header.
pub fn layout(desk: &Desk, headers: &HeaderMap, title: &str, body: Markup) -> Markup {
	let user = auth::user_of(desk, headers);
	page(desk, title, html! {
		header {
			span.org { (desk.organization.name) " (organisation " (desk.organization.id) ", " (desk.organization.roles.join(", ")) ")" }
			@for (path, title) in pages(desk) { a href=(path) { (title) } }
			@if let Some(user) = user {
				span { "signed in as " (user) }
				form.inline method="post" action="/signout" { button { "Sign out" } }
			}
		}
		main { (body) }
	})
}

/// A page without the header (signing in).
pub fn layout_bare(desk: &Desk, title: &str, body: Markup) -> Markup {
	page(desk, title, html! { main { (body) } })
}

fn page(desk: &Desk, title: &str, body: Markup) -> Markup {
	html! {
		(DOCTYPE)
		html lang="en" {
			head {
				meta charset="utf-8";
				meta name="viewport" content="width=device-width, initial-scale=1";
				title { (title) " · " (desk.organization.name) " · medtrust" }
				style { (PreEscaped(STYLE)) }
			}
			body { (body) }
		}
	}
}

/// A message that nothing was done, and why.
pub fn error(message: &str) -> Markup {
	html! { p.error role="alert" { (message) } }
}

/// The home page: straight to the page of an organisation's one role, else a list.
pub async fn home(State(desk): State<Arc<Desk>>, headers: HeaderMap) -> Response {
	let pages = pages(&desk);
	if let (Some((path, _)), 1) = (pages.first(), desk.organization.roles.len()) {
		return Redirect::to(path).into_response();
	}
	layout(&desk, &headers, "Desk", html! {
		h1 { "Desk of " (desk.organization.name) }
		@if pages.is_empty() { p { "No desk page serves this organisation's roles yet; use the medtrust CLI." } }
		ul { @for (path, title) in &pages { li { a href=(path) { (title) } } } }
	})
	.into_response()
}

/// A serde value's snake_case name (a verdict, a status), as the RPC writes it.
pub fn name(value: &impl serde::Serialize) -> String {
	serde_json::to_value(value).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

/// A snake_case name in words: `already_dispensed` → `already dispensed`.
pub fn words(value: &impl serde::Serialize) -> String {
	name(value).replace('_', " ")
}
