//! The pharmacy's and the vaccination site's page: scan, see the verdict, dispense or
//! administer with one key press.
//!
//! The scan field is always focused. A keyboard-wedge scanner types the code and Enter; a GS
//! arrives as ASCII 29, as Ctrl+] or as the site's configured substitute (`--gs`), and the
//! field shows each as `␝`. After a genuine verdict, Enter on the empty field dispenses the
//! pack (a vaccination site types the recipient's identifier, then Enter).

use std::sync::Arc;

use axum::{extract::State, http::HeaderMap, Form};
use maud::{html, Markup, PreEscaped};
use medtrust_client::{
	trace::{calls, parse, restore_separators, scan_bytes},
	Wait,
};
use medtrust_primitives::trace::{report::VerificationReport, ProductCode, Scan, ScannedItem, Verdict};

use super::{
	html::{error, layout, name, words},
	Desk, READ_LIMIT, WRITE_LIMIT,
};

/// At most this many of today's scans are listed.
const MAX_LISTED: usize = 500;

/// One scan at this desk today.
struct ScanEntry {
	at: String,
	scan: String,
	outcome: String,
}

/// Today's scans, newest first (UTC day), kept in memory: the chain has the dispensings.
#[derive(Default)]
pub struct ScanLog {
	day: u64,
	entries: Vec<ScanEntry>,
}

impl ScanLog {
	fn add(&mut self, scan: &str, outcome: String) {
		let now = medtrust_client::consent::fhir::instant(now_millis());
		let day = now_millis() / 86_400_000;
		if day != self.day {
			self.day = day;
			self.entries.clear();
		}
		self.entries.insert(0, ScanEntry { at: now.get(11..19).unwrap_or(&now).to_string(), scan: shown(scan), outcome });
		self.entries.truncate(MAX_LISTED);
	}
}

fn now_millis() -> u64 {
	std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// A scan as the page shows it: each GS as `␝`.
fn shown(scan: &str) -> String {
	scan.replace('\u{1d}', "\u{241D}")
}

#[derive(serde::Deserialize)]
pub struct ScanForm {
	#[serde(default)]
	scan: String,
}

#[derive(serde::Deserialize)]
pub struct AdministerForm {
	#[serde(default)]
	scan: String,
	#[serde(default)]
	recipient: String,
}

/// What the page shows above the scan field.
enum Shown {
	Nothing,
	Message(Markup),
	Verdict { scan: String, read: Scan, report: Box<VerificationReport> },
}

pub async fn page(State(desk): State<Arc<Desk>>, headers: HeaderMap) -> Markup {
	render(&desk, &headers, Shown::Nothing)
}

pub async fn verify(State(desk): State<Arc<Desk>>, headers: HeaderMap, Form(form): Form<ScanForm>) -> Markup {
	let scan = restore_separators(&form.scan, desk.gs.as_deref());
	let shown = match check(&desk, &scan).await {
		Ok((read, report)) => {
			desk.log(&scan, words(&report.verdict));
			Shown::Verdict { scan, read, report: Box::new(report) }
		},
		Err(message) => {
			if !scan.is_empty() {
				desk.log(&scan, "not read".into());
			}
			Shown::Message(error(&message))
		},
	};
	render(&desk, &headers, shown)
}

async fn check(desk: &Desk, scan: &str) -> Result<(Scan, VerificationReport), String> {
	if scan.trim().is_empty() {
		return Err("Scan a pack: the scan was empty.".into());
	}
	// Read here first: a malformed scan is refused without asking the node.
	let read = parse(scan).map_err(|e| format!("{e}. Scan it again, or type the code printed on the pack."))?;
	let client = desk.client().await?;
	let report = desk
		.within(READ_LIMIT, client.verify(scan, desk.organization.id))
		.await
		.map_err(|e| format!("The node could not verify the scan ({e}); nothing was written."))?;
	Ok((read, report))
}

pub async fn dispense(State(desk): State<Arc<Desk>>, headers: HeaderMap, Form(form): Form<ScanForm>) -> Markup {
	let message = match act(&desk, &form.scan, None).await {
		Ok(text) => html! { p.ok role="status" { (text) } },
		Err(text) => error(&text),
	};
	render(&desk, &headers, Shown::Message(message))
}

pub async fn administer(State(desk): State<Arc<Desk>>, headers: HeaderMap, Form(form): Form<AdministerForm>) -> Markup {
	let message = match act(&desk, &form.scan, Some(&form.recipient)).await {
		Ok(text) => html! { p.ok role="status" { (text) } },
		Err(text) => error(&text),
	};
	render(&desk, &headers, Shown::Message(message))
}

/// Dispenses the pack, or administers it to `recipient`; a pack the chain finds not genuine
/// is refused there, with an alert, and nothing is dispensed.
async fn act(desk: &Desk, scan: &str, recipient: Option<&str>) -> Result<String, String> {
	let scan = &restore_separators(scan, desk.gs.as_deref());
	let bytes = scan_bytes(scan).map_err(|e| e.to_string())?;
	let call_result = match recipient {
		None => {
			let client = desk.client().await?;
			desk.within(WRITE_LIMIT, client.submit(&calls::dispense(&[bytes]), &desk.signer, Wait::InBlock)).await
		},
		Some(recipient) => {
			let recipient = recipient.trim();
			if recipient.is_empty() {
				return Err("Type the recipient's identifier, then Enter: nothing was administered.".into());
			}
			let key = desk.subject_key.as_ref().ok_or(
				"This desk has no subject key, so it cannot record a recipient: start it with --subject-key-file. Nothing was administered.",
			)?;
			let commitment = key.commit(recipient);
			let client = desk.client().await?;
			let call = calls::administer(&[(bytes, commitment)]);
			desk.within(WRITE_LIMIT, client.submit(&call, &desk.signer, Wait::InBlock)).await
		},
	};
	let included = call_result.map_err(|e| format!("Nothing was written: {e}"))?;
	let what = if recipient.is_some() { "administered" } else { "dispensed" };
	if included.events.iter().any(|e| e == "Traceability.AlertRaised") {
		desk.log(scan, format!("refused, not {what}"));
		return Err(format!(
			"Not {what}: the chain found the pack not genuine when it was recorded, and raised an alert. Scan it again to see why."
		));
	}
	desk.log(scan, what.into());
	Ok(format!("{}: {} (block {:?}).", capitalised(what), shown(scan), included.block_hash))
}

fn capitalised(word: &str) -> String {
	let mut chars = word.chars();
	chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

impl Desk {
	fn log(&self, scan: &str, outcome: String) {
		self.scans.lock().expect("no request panics holding the lock; qed").add(scan, outcome);
	}

	fn administers(&self) -> bool {
		self.has_role("vaccination_site")
	}
}

fn render(desk: &Desk, headers: &HeaderMap, shown: Shown) -> Markup {
	let title = if desk.administers() { "Scan and administer" } else { "Scan and dispense" };
	let body = html! {
		h1 { (title) }
		form #scan-form method="post" action="/scan" autocomplete="off" {
			label for="scan" { "Scan a pack (or type its code and Enter)" }
			input #scan name="scan" autofocus spellcheck="false";
		}
		@match &shown {
			Shown::Nothing => {},
			Shown::Message(message) => { (message) },
			Shown::Verdict { scan, read, report } => { (verdict(desk, scan, read, report)) },
		}
		(todays_scans(desk))
		script { (PreEscaped(SCAN_FIELD_SCRIPT)) }
	};
	layout(desk, headers, title, body)
}

fn verdict(desk: &Desk, scan: &str, read: &Scan, report: &VerificationReport) -> Markup {
	let genuine = report.verdict == Verdict::Genuine;
	let headline = if genuine {
		"GENUINE".to_string()
	} else {
		format!("DO NOT {}: {}", if desk.administers() { "ADMINISTER" } else { "DISPENSE" }, words(&report.verdict).to_uppercase())
	};
	html! {
		div id="verdict" class=(if genuine { "verdict genuine" } else { "verdict refuse" }) data-verdict=(name(&report.verdict)) role="alert" {
			(headline)
			small { (report.message) }
		}
		dl.facts {
			@if let Some(p) = &report.product {
				dt { "Product" } dd { (p.name) " " (p.strength) " " (p.form) " (manufacturer " (p.manufacturer) ")" }
			}
			@for (label, value) in what_was_read(read) { dt { (label) } dd { (value) } }
			@if let Some(l) = &report.lot {
				dt { "Lot on chain" } dd { (l.number) ", expires " (l.expiry) " (" (words(&l.status)) ")" }
			}
			@if let Some(custodian) = report.custodian { dt { "Held by" } dd { "organisation " (custodian) } }
			@for (on, warning) in [(report.recalled, "recalled"), (report.quarantined, "quarantined"), (report.expired, "expired"), (report.cold_chain_excursion, "cold-chain excursion recorded")] {
				@if on { dt { "Warning" } dd { (warning) } }
			}
		}
		@if genuine {
			@if desk.administers() {
				form #act method="post" action="/administer" {
					input type="hidden" name="scan" value=(shown(scan));
					label { "Recipient's identifier (turned into a commitment on this server) "
						input #recipient name="recipient" autocomplete="off" required; }
					button { "Administer" }
				}
			} @else {
				form #act method="post" action="/dispense" {
					input type="hidden" name="scan" value=(shown(scan));
					button { "Dispense (Enter)" }
				}
			}
		}
	}
}

/// The scan's own fields, read on this server: shown for every verdict, even when the chain
/// knows nothing of the code.
fn what_was_read(read: &Scan) -> Vec<(&'static str, String)> {
	let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
	let code = |code: &ProductCode| match code {
		ProductCode::Gtin(gtin) => ("GTIN", text(gtin)),
		ProductCode::ChinaDrug(id) => ("Drug code product", text(id)),
	};
	let mut facts = Vec::new();
	match &read.item {
		ScannedItem::Unit { product, serial } => {
			facts.push(code(product));
			facts.push(("Serial", text(serial)));
		},
		ScannedItem::Class { product } => facts.push(code(product)),
		ScannedItem::Sscc(sscc) => facts.push(("SSCC", text(sscc))),
	}
	if let Some(lot) = &read.lot {
		facts.push(("Lot on pack", text(lot)));
	}
	if let Some(expiry) = &read.expiry {
		facts.push(("Expiry on pack", format!("{:02}{:02}{:02} (YYMMDD)", expiry.yy, expiry.month, expiry.day)));
	}
	// Every other AI on the pack, by its title in the GS1 table.
	for element in read.elements.iter().filter(|e| !matches!(e.entry.ai, "00" | "01" | "10" | "17" | "21")) {
		facts.push((element.entry.title, format!("({}) {}", element.entry.ai, text(&element.value))));
	}
	facts
}

fn todays_scans(desk: &Desk) -> Markup {
	let log = desk.scans.lock().expect("no request panics holding the lock; qed");
	html! {
		h2 { "Today's scans (" (log.entries.len()) ")" }
		@if log.entries.is_empty() { p { "None yet." } } @else {
			table #today {
				tr { th { "Time (UTC)" } th { "Scan" } th { "Outcome" } }
				@for entry in &log.entries { tr { td { (entry.at) } td { code { (entry.scan) } } td { (entry.outcome) } } }
			}
		}
	}
}

/// Keeps the scan field focused, shows a GS (ASCII 29 or Ctrl+]) as `␝`, and makes Enter on
/// the empty field act on the genuine pack just verified.
const SCAN_FIELD_SCRIPT: &str = r#"
(function () {
  var field = document.getElementById('scan');
  var GS = '\u241D';
  function insert(text) {
    var start = field.selectionStart, end = field.selectionEnd;
    field.value = field.value.slice(0, start) + text + field.value.slice(end);
    field.selectionStart = field.selectionEnd = start + text.length;
  }
  field.addEventListener('keydown', function (e) {
    if (e.key === '\x1d' || (e.ctrlKey && (e.key === ']' || e.code === 'BracketRight'))) {
      e.preventDefault();
      insert(GS);
    } else if (e.key === 'Enter' && field.value === '') {
      var act = document.getElementById('act');
      if (!act) { e.preventDefault(); return; }
      e.preventDefault();
      var recipient = document.getElementById('recipient');
      if (recipient) { recipient.focus(); } else { act.submit(); }
    }
  });
  field.addEventListener('input', function () {
    if (field.value.indexOf('\x1d') >= 0) { field.value = field.value.split('\x1d').join(GS); }
  });
  document.addEventListener('keydown', function (e) {
    var target = document.activeElement;
    if (target === field || (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA'))) { return; }
    if (e.key.length === 1 && !e.altKey && !e.metaKey) { field.focus(); }
  });
  field.focus();
})();
"#;
