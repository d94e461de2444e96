//! `medtrust claim …`: direct claims for insurers (submit, pay, clear), hospitals (anchor,
//! eligibility, appeal) and regulators (overdue deadlines).

use std::process::ExitCode;

use clap::Subcommand;
use medtrust_client::{
	claims::{
		self, calls, catalogue_code, fhir, hex32, parse_hash, parse_yuan, yuan, ClaimItem, ClaimRecord,
		CoverageTerms, EligibilityQuery, ExplanationOfBenefits, InvoiceAnchor, InvoiceEstimate, ProductRules,
	},
	Wait,
};

use crate::context::{negative, Context, Failure};

#[derive(Subcommand)]
pub enum ClaimCommand {
	/// Submits a claim on your coverage for an anchored invoice (insurers); it is adjudicated
	/// in the block that includes it.
	Submit {
		/// The coverage claimed under.
		#[arg(long)]
		coverage: u64,
		/// The invoice's key (64 hex digits; see `claim invoice-key`).
		#[arg(long)]
		invoice: String,
		/// An item as CATALOGUE-CODE=YUAN, e.g. `XA01AAA001=860.00`; repeat for each.
		#[arg(long = "item", required = true)]
		items: Vec<String>,
		/// An approved pre-authorisation to use.
		#[arg(long)]
		preauth: Option<u64>,
	},
	/// Shows a claim: its adjudication breakdown and state (--json: the record; --fhir: a FHIR
	/// ClaimResponse).
	Show {
		id: u64,
		#[arg(long)]
		fhir: bool,
		/// The items as claimed (CATALOGUE-CODE=YUAN, repeated), from your own records: the
		/// chain keeps only their hash, and FHIR item lines are given when they match it.
		#[arg(long = "item")]
		items: Vec<String>,
	},
	/// Records that you paid the hospital an agreed claim (insurers).
	Pay {
		id: u64,
		/// The payment order or bank reference (hashed; or 64 hex digits, kept as is).
		#[arg(long)]
		reference: String,
	},
	/// A claim's explanation of benefits (--json: a FHIR ExplanationOfBenefit).
	Eob {
		id: u64,
		/// The items as claimed, as for `claim show`.
		#[arg(long = "item")]
		items: Vec<String>,
	},
	/// The paid, uncleared claims to a hospital in a period, reconciled; --settle records the
	/// clearing statement (insurers).
	Clearing {
		/// The paid hospital's organisation id.
		#[arg(long)]
		hospital: u32,
		/// The period's start: YYYY-MM-DD (UTC) or Unix milliseconds.
		#[arg(long, default_value = "1970-01-01")]
		from: String,
		/// The period's end (exclusive): YYYY-MM-DD (UTC) or Unix milliseconds.
		#[arg(long, default_value = "9999-12-31")]
		to: String,
		/// Settle the listed claims as a statement.
		#[arg(long)]
		settle: bool,
	},
	/// Prints an e-invoice's key: the same at every insurer, under the consortium's invoice
	/// key.
	InvoiceKey {
		/// A file holding the consortium's invoice key (at least 16 bytes).
		#[arg(long, env = "MEDTRUST_INVOICE_KEY_FILE")]
		key_file: std::path::PathBuf,
		/// The invoice code.
		code: String,
		/// The invoice number.
		number: String,
		/// The issuing hospital's unified social credit code.
		issuer: String,
	},
	/// Anchors an e-invoice and its basic insurance settlement from a JSON file (hospitals).
	Anchor { file: std::path::PathBuf },
	/// Registers a product's rules from a JSON file (insurers); prints its version hash.
	Product { file: std::path::PathBuf },
	/// Registers a coverage from a JSON file (insurers); prints its id.
	Coverage { file: std::path::PathBuf },
	/// An invoice and every claim on it.
	Invoice { key: String },
	/// A coverage's accumulators in a policy year (default: the current one).
	Accumulators {
		coverage: u64,
		#[arg(long)]
		year: Option<u16>,
	},
	/// Does a coverage cover this patient now? With --total, what the insurer would pay.
	Eligibility {
		#[arg(long)]
		coverage: u64,
		/// The patient's subject commitment (64 hex digits).
		#[arg(long)]
		subject: String,
		/// The invoice total, in yuan.
		#[arg(long)]
		total: Option<String>,
		/// What basic medical insurance pays, in yuan (0 if it does not settle).
		#[arg(long, default_value = "0")]
		basic: String,
	},
	/// Appeals a partial or denied claim (hospitals); the insurer must decide within 30 days.
	Appeal {
		id: u64,
		/// The grounds (hashed; or 64 hex digits, kept as is).
		#[arg(long)]
		grounds: String,
	},
	/// Statutory deadlines past due (regulators): payments, appeals, pre-authorisations.
	Overdue,
	/// Cancels a claim not yet paid (insurers): the invoice can be claimed again.
	Cancel { id: u64 },
	/// Reverses a paid claim (insurers), e.g. after an audit finding; it awaits readjudication.
	Reverse {
		id: u64,
		/// The reason's document (hashed; or 64 hex digits, kept as is).
		#[arg(long)]
		reason: String,
	},
	/// Adjudicates a reversed or appealed claim again with corrected items (insurers).
	Readjudicate {
		id: u64,
		/// An item as CATALOGUE-CODE=YUAN; repeat for each.
		#[arg(long = "item", required = true)]
		items: Vec<String>,
	},
	/// Asks an insurer to pre-authorise a planned service (hospitals); prints its id.
	PreauthRequest {
		#[arg(long)]
		coverage: u64,
		/// The patient's subject commitment (64 hex digits).
		#[arg(long)]
		subject: String,
		/// The encounter's document (hashed; or 64 hex digits).
		#[arg(long)]
		encounter: String,
		/// The estimated cost, in yuan.
		#[arg(long)]
		estimate: String,
	},
	/// Decides a pre-authorisation (insurers): --approve an amount until a date, or --deny.
	PreauthDecide {
		id: u64,
		/// The approved amount, in yuan.
		#[arg(long, conflicts_with = "deny", requires = "until")]
		approve: Option<String>,
		/// The last day the approval can be used (YYYY-MM-DD, UTC) or Unix milliseconds.
		#[arg(long)]
		until: Option<String>,
		#[arg(long)]
		deny: bool,
	},
	/// Shows a pre-authorisation.
	Preauth { id: u64 },
}

fn err(e: impl std::fmt::Display) -> String {
	e.to_string()
}

/// A document hash: 64 hex digits as given, or the BLAKE2-256 of the text.
pub fn document_hash(text: &str) -> [u8; 32] {
	hex32::from_hex(text).unwrap_or_else(|| sp_crypto_hashing::blake2_256(text.as_bytes()))
}

fn item(text: &str) -> Result<ClaimItem, String> {
	let (code, amount) = text.split_once('=').ok_or_else(|| format!("an item is CODE=YUAN: {text}"))?;
	Ok(ClaimItem { code: catalogue_code(code).map_err(err)?, amount: parse_yuan(amount).map_err(err)? })
}

/// Unix milliseconds, or the start of a UTC day given as YYYY-MM-DD.
pub fn moment(text: &str) -> Result<u64, String> {
	if let Ok(millis) = text.parse::<u64>() {
		return Ok(millis);
	}
	let bad = || format!("not a date (YYYY-MM-DD) or Unix milliseconds: {text}");
	let parts: Vec<i64> = text.split('-').map(|p| p.parse::<i64>().map_err(|_| bad())).collect::<Result<_, _>>()?;
	let [y, m, d] = parts[..] else { return Err(bad()) };
	if !(1..=12).contains(&m) || !(1..=31).contains(&d) || y < 1970 {
		return Err(bad());
	}
	// Howard Hinnant's days-from-civil algorithm.
	let y = if m <= 2 { y - 1 } else { y };
	let era = y.div_euclid(400);
	let yoe = y - era * 400;
	let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
	let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	Ok(((era * 146_097 + doe - 719_468) * 86_400_000) as u64)
}

fn read_json<T: serde::de::DeserializeOwned>(file: &std::path::Path) -> Result<T, String> {
	let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
	serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))
}

fn print_json(value: &impl serde::Serialize) -> Result<(), String> {
	println!("{}", serde_json::to_string_pretty(value).map_err(err)?);
	Ok(())
}

/// What a deadline is for, in words.
pub fn deadline_words(what: &claims::DeadlineFor) -> String {
	match what {
		claims::DeadlineFor::ClaimPayment(claim) => format!("payment of claim {claim}"),
		claims::DeadlineFor::AppealDecision(claim) => format!("decision on the appeal of claim {claim}"),
		claims::DeadlineFor::PreauthDecision(preauth) => format!("decision on pre-authorisation {preauth}"),
	}
}

/// A claim's breakdown as text.
pub fn describe(record: &ClaimRecord) -> String {
	let c = &record.claim;
	let a = &c.adjudication;
	let mut text = format!(
		"claim {}: {:?}, {:?} (revision {})\n",
		record.id, a.outcome, c.state, c.revision
	)
	.to_lowercase();
	text += &format!("  coverage {} of insurer {}, hospital {}, policy year {}\n", c.coverage, c.insurer, c.hospital, c.policy_year);
	text += &format!("  invoice {}\n", hex32::to_hex(&c.invoice));
	let row = |label: &str, fen| format!("  {label:<34}{:>14}\n", yuan(fen));
	text += &row("submitted", a.submitted);
	text += &row("paid by basic medical insurance", a.basic_paid);
	text += &row("paid by other commercial insurers", a.other_insurers_paid);
	text += &row("residual", a.residual);
	text += &row("excluded items", a.excluded);
	text += &row("eligible", a.eligible);
	text += &row("deductible", a.deductible);
	text += &format!("  {:<34}{:>13}%\n", "ratio", format!("{}.{:02}", a.ratio.0 / 100, a.ratio.0 % 100));
	text += &row("coinsurance (patient)", a.coinsurance);
	text += &row("copay", a.copay);
	text += &row("cap reduction", a.cap_reduction);
	text += &row("benefit (paid to the hospital)", a.benefit);
	if let Some(payment) = &c.payment {
		text += &format!("  paid {} yuan at {}\n", yuan(payment.amount), medtrust_client::consent::fhir::instant(payment.paid_at));
	}
	if let Some(statement) = c.statement {
		text += &format!("  cleared in statement {statement}\n");
	}
	text
}

pub async fn run(ctx: &Context, command: ClaimCommand) -> Result<ExitCode, Failure> {
	// Computed here, with no node: the consortium's invoice key never leaves this machine.
	if let ClaimCommand::InvoiceKey { key_file, code, number, issuer } = &command {
		let bytes = std::fs::read(key_file).map_err(|e| format!("{}: {e}", key_file.display()))?;
		let keys = claims::InvoiceKeys::new(&bytes).map_err(err)?;
		let key = hex32::to_hex(&keys.key(code, number, issuer));
		ctx.print(&serde_json::json!({ "invoice_key": key }), || format!("{key}\n"))?;
		return Ok(ExitCode::SUCCESS);
	}
	let client = ctx.client().await?;
	let json = ctx.json();
	let done = |what: String, block: medtrust_client::H256| println!("{what} in block {block:?}");
	match command {
		ClaimCommand::Submit { coverage, invoice, items, preauth } => {
			let invoice = parse_hash("invoice key", &invoice).map_err(err)?;
			let items = items.iter().map(|i| item(i)).collect::<Result<Vec<_>, _>>()?;
			let included = client
				.submit(&calls::submit_claim(coverage, invoice, &items, preauth), &ctx.signer()?, Wait::InBlock)
				.await
				.map_err(err)?;
			let event = included
				.event::<medtrust_client::runtime::claims::events::ClaimAdjudicated>("Claims.ClaimAdjudicated")
				.ok_or("the claim was included but its adjudication event is missing")?;
			let record = client.claim(event.claim).await.map_err(err)?;
			if json {
				print_json(&record)?;
			} else {
				print!("{}", describe(&record));
				done(format!("claim {} adjudicated", event.claim), included.block_hash);
			}
		},
		ClaimCommand::Show { id, fhir, items } => {
			let record = client.claim(id).await.map_err(err)?;
			let items = claimed_items(&record.claim, &items)?;
			if fhir {
				let invoice = client.invoice_claims(&record.claim.invoice).await.map_err(err)?;
				print_json(&fhir::claim_response(&record, &invoice.invoice.anchor.subject, items.as_deref()))?;
			} else if json {
				print_json(&record)?;
			} else {
				print!("{}", describe(&record));
			}
		},
		ClaimCommand::Pay { id, reference } => {
			let included = client
				.submit(&calls::pay_claim(id, document_hash(&reference)), &ctx.signer()?, Wait::InBlock)
				.await
				.map_err(err)?;
			let record = client.claim(id).await.map_err(err)?;
			if json {
				print_json(&record)?;
			} else {
				let amount = record.claim.payment.map(|p| p.amount).unwrap_or_default();
				done(format!("claim {id}: {} yuan paid to hospital {}", yuan(amount), record.claim.hospital), included.block_hash);
			}
		},
		ClaimCommand::Eob { id, items } => {
			let eob: ExplanationOfBenefits = client.explanation_of_benefits(id).await.map_err(err)?;
			let items = claimed_items(&eob.claim.claim, &items)?;
			if json {
				print_json(&fhir::explanation_of_benefit(&eob, items.as_deref()))?;
			} else {
				print!("{}", describe(&eob.claim));
				let s = &eob.standing;
				println!(
					"  coverage {} policy year {}: deductible {} of {} yuan met, {} of {} yuan annual cap used",
					s.id,
					s.policy_year,
					yuan(s.accumulator.deductible_used),
					yuan(eob.product.deductible),
					yuan(s.accumulator.paid_used),
					yuan(eob.product.annual_cap)
				);
			}
		},
		ClaimCommand::Clearing { hospital, from, to, settle } => {
			let insurer = ctx.organization().await?;
			let draft = client.clearing_draft(insurer, hospital, moment(&from)?, moment(&to)?).await.map_err(err)?;
			if json && !settle {
				print_json(&draft)?;
			} else if !json {
				println!("clearing: insurer {insurer} → hospital {hospital}");
				println!("{:>8}  {:<66}  {:>14}  PAID AT", "CLAIM", "INVOICE", "YUAN");
				for line in &draft.claims {
					println!(
						"{:>8}  {:<66}  {:>14}  {}",
						line.claim,
						hex32::to_hex(&line.invoice),
						yuan(line.payment.amount),
						medtrust_client::consent::fhir::instant(line.payment.paid_at)
					);
				}
				println!("{} claim(s), {} yuan, claims hash {}", draft.claims.len(), yuan(draft.total), hex32::to_hex(&draft.claims_hash));
			}
			if settle {
				if draft.claims.is_empty() {
					return Err("nothing to settle: no paid, uncleared claim in the period".into());
				}
				let ids: Vec<u64> = draft.claims.iter().map(|l| l.claim).collect();
				let call = calls::settle_clearing(hospital, draft.from, draft.to, &ids, draft.total);
				let included = client.submit(&call, &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
				let event = included
					.event::<medtrust_client::runtime::claims::events::ClearingSettled>("Claims.ClearingSettled")
					.ok_or("the statement was included but its event is missing")?;
				let statement = client.statement(event.statement).await.map_err(err)?;
				if json {
					print_json(&statement)?;
				} else {
					done(format!("statement {} settled {} claim(s), {} yuan", event.statement, statement.claims, yuan(statement.total)), included.block_hash);
				}
			}
		},
		ClaimCommand::InvoiceKey { .. } => unreachable!("answered offline above; qed"),
		ClaimCommand::Anchor { file } => {
			let anchor: InvoiceAnchor = read_json(&file)?;
			let included = client.submit(&calls::anchor_invoice(&anchor), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
			done(format!("invoice {} anchored", hex32::to_hex(&anchor.key)), included.block_hash);
		},
		ClaimCommand::Product { file } => {
			let rules: ProductRules = read_json(&file)?;
			let included = client.submit(&calls::register_product(&rules), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
			done(format!("product {} registered", hex32::to_hex(&claims::rules_hash(&rules))), included.block_hash);
		},
		ClaimCommand::Coverage { file } => {
			let terms: CoverageTerms = read_json(&file)?;
			let included = client.submit(&calls::register_coverage(&terms), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
			let event = included
				.event::<medtrust_client::runtime::claims::events::CoverageRegistered>("Claims.CoverageRegistered")
				.ok_or("the coverage was included but its event is missing")?;
			done(format!("coverage {} registered", event.coverage), included.block_hash);
		},
		ClaimCommand::Invoice { key: invoice } => {
			let answer = client.invoice_claims(&parse_hash("invoice key", &invoice).map_err(err)?).await.map_err(err)?;
			if json {
				print_json(&answer)?;
			} else {
				let i = &answer.invoice;
				println!(
					"invoice {} of hospital {}: total {}, basic insurance {}, commercial {}, patient {}",
					hex32::to_hex(&i.anchor.key),
					i.issuer,
					yuan(i.anchor.total),
					yuan(i.anchor.basic_paid),
					yuan(i.commercial_paid),
					yuan(i.anchor.total - i.anchor.basic_paid - i.commercial_paid)
				);
				for record in &answer.claims {
					print!("{}", describe(record));
				}
			}
		},
		ClaimCommand::Accumulators { coverage, year } => {
			let standing = client.accumulators(coverage, year).await.map_err(err)?;
			if json {
				print_json(&standing)?;
			} else {
				println!(
					"coverage {} policy year {}: deductible used {} (left {}), paid {} (annual cap left {})",
					standing.id,
					standing.policy_year,
					yuan(standing.accumulator.deductible_used),
					yuan(standing.deductible_left),
					yuan(standing.accumulator.paid_used),
					yuan(standing.annual_left)
				);
			}
		},
		ClaimCommand::Eligibility { coverage, subject, total, basic } => {
			let subject = parse_hash("subject", &subject).map_err(err)?;
			let basic_paid = parse_yuan(&basic).map_err(err)?;
			let estimate = total
				.map(|t| parse_yuan(&t).map(|total| InvoiceEstimate { total, basic_paid, basic_settled: basic_paid > 0 }))
				.transpose()
				.map_err(err)?;
			let answer = client
				.eligibility(&EligibilityQuery { coverage, subject, service_at: None, estimate })
				.await
				.map_err(err)?;
			if json {
				print_json(&answer)?;
			} else {
				match answer.ineligible {
					Some(why) => println!("not eligible: {}", why.message()),
					None => println!("eligible"),
				}
				if let Some(a) = answer.estimate {
					println!("  estimated benefit {} yuan; the patient pays {} yuan", yuan(a.benefit), yuan(a.residual - a.benefit));
				}
			}
			if answer.ineligible.is_some() {
				return Ok(negative());
			}
		},
		ClaimCommand::Appeal { id, grounds } => {
			let included = client
				.submit(&calls::appeal_claim(id, document_hash(&grounds)), &ctx.signer()?, Wait::InBlock)
				.await
				.map_err(err)?;
			done(format!("claim {id} appealed"), included.block_hash);
		},
		ClaimCommand::Cancel { id } => {
			let included = client.submit(&calls::cancel_claim(id), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
			done(format!("claim {id} cancelled"), included.block_hash);
		},
		ClaimCommand::Reverse { id, reason } => {
			let call = calls::reverse_claim(id, document_hash(&reason));
			let included = client.submit(&call, &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
			done(format!("claim {id} reversed; it awaits readjudication"), included.block_hash);
		},
		ClaimCommand::Readjudicate { id, items } => {
			let items = items.iter().map(|i| item(i)).collect::<Result<Vec<_>, _>>()?;
			let call = calls::readjudicate_claim(id, &items);
			let included = client.submit(&call, &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
			let record = client.claim(id).await.map_err(err)?;
			if json {
				print_json(&record)?;
			} else {
				print!("{}", describe(&record));
				done(format!("claim {id} readjudicated"), included.block_hash);
			}
		},
		ClaimCommand::PreauthRequest { coverage, subject, encounter, estimate } => {
			let subject = parse_hash("subject", &subject).map_err(err)?;
			let estimate = parse_yuan(&estimate).map_err(err)?;
			let call = calls::request_preauth(coverage, subject, document_hash(&encounter), estimate);
			let included = client.submit(&call, &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
			let event = included
				.event::<medtrust_client::runtime::claims::events::PreauthRequested>("Claims.PreauthRequested")
				.ok_or("the request was included but its event is missing")?;
			if json {
				print_json(&serde_json::json!({ "preauth": event.preauth, "block": format!("{:?}", included.block_hash) }))?;
			} else {
				done(format!("pre-authorisation {} requested", event.preauth), included.block_hash);
			}
		},
		ClaimCommand::PreauthDecide { id, approve, until, deny } => {
			let approval = match (approve, until, deny) {
				(Some(amount), Some(until), false) => Some((parse_yuan(&amount).map_err(err)?, moment(&until)?)),
				(None, _, true) => None,
				_ => return Err(Failure::Usage("give --approve YUAN --until DATE, or --deny".into())),
			};
			let approved = approval.is_some();
			let included = client.submit(&calls::decide_preauth(id, approval), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
			done(format!("pre-authorisation {id} {}", if approved { "approved" } else { "denied" }), included.block_hash);
		},
		ClaimCommand::Preauth { id } => {
			let preauth = client.preauthorization(id).await.map_err(err)?;
			print_json(&preauth)?;
		},
		ClaimCommand::Overdue => {
			let overdue = client.overdue().await.map_err(err)?;
			if json {
				print_json(&overdue)?;
			} else {
				for item in &overdue {
					println!(
						"{}: insurer {}, due {}, {} day(s) late",
						deadline_words(&item.what),
						item.insurer,
						medtrust_client::consent::fhir::instant(item.due),
						item.late_by / 86_400_000
					);
				}
				println!("{} overdue", overdue.len());
			}
		},
	}
	Ok(ExitCode::SUCCESS)
}

/// The items given with `--item`, checked against the claim's hash of its items.
fn claimed_items(claim: &claims::Claim, given: &[String]) -> Result<Option<Vec<ClaimItem>>, String> {
	if given.is_empty() {
		return Ok(None);
	}
	let items = given.iter().map(|i| item(i)).collect::<Result<Vec<_>, _>>()?;
	if !claims::items_match(claim, &items) {
		return Err("the items given do not match the claim's hash of its items (same codes, amounts and order)".into());
	}
	Ok(Some(items))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dates_and_items_are_read() {
		assert_eq!(moment("1970-01-01"), Ok(0));
		assert_eq!(moment("2026-11-23"), Ok(1_795_392_000_000));
		assert_eq!(moment("1795392000000"), Ok(1_795_392_000_000));
		assert!(moment("2026-13-01").is_err());
		let parsed = item("XA01.001=860.50").expect("an item");
		assert_eq!((parsed.code.to_vec(), parsed.amount), (b"XA01.001".to_vec(), 86_050));
		assert!(item("XA01=-3").is_err());
		assert!(item("XA 01=3").is_err());
		assert!(item("XA01").is_err());
	}
}
