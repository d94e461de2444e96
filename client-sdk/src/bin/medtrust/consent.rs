//! `medtrust consent …` for hospitals and `medtrust audit …` for auditors and regulators.

use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use medtrust_client::{
	consent::{
		calls, fhir, parse_subject, AccessReport, CommitmentAlgorithm, ExportCheck, ExportedLog, SubjectKey,
	},
	Ed25519Signer, MedtrustClient, Wait,
};
use medtrust_primitives::{
	consent::{
		audit::{AuditAnswer, AuditQuery, LogFilter, LoggedAccess, MAX_AUDIT_RESULTS},
		hex32, AccessRequest, Action, Basis, ConsentTerms, DataClass, Decision, LoggedDecision, Purpose,
		StatutoryBasis,
	},
	Role,
};

use crate::context::{negative, Context, Failure};

#[derive(Subcommand)]
pub enum ConsentCommand {
	/// Prints the subject commitment of a patient identifier under the hospital's key.
	SubjectId {
		/// The patient identifier (ID card number, medical record number, …).
		patient_id: String,
		/// A file holding the hospital's subject key (at least 16 bytes).
		#[arg(long, env = "MEDTRUST_SUBJECT_KEY_FILE")]
		key_file: std::path::PathBuf,
		#[arg(long, value_enum, default_value = "hmac-sha256")]
		algorithm: CommitmentAlgorithm,
	},
	/// Registers a subject your hospital holds the relationship with.
	Register {
		subject: String,
		/// An organisation the grantor authorised to manage consents for them.
		#[arg(long)]
		delegate: Option<u32>,
	},
	/// Records a consent from a JSON file of its terms (see the README), or a new version.
	Record {
		file: std::path::PathBuf,
		/// The consent this version supersedes.
		#[arg(long)]
		supersedes: Option<u64>,
	},
	/// Withdraws a consent from the next block on.
	Withdraw {
		consent: u64,
		#[arg(long)]
		entered_in_error: bool,
	},
	/// May an organisation do this now? Exits 0 for permit, 2 for deny.
	Decide(Question),
	/// Logs an access your organisation made, refused, or made by breaking the glass.
	Access {
		#[command(flatten)]
		question: Question,
		/// The hash of a pointer to the record accessed (64 hex digits).
		#[arg(long)]
		record: String,
		/// The consent version it rested on, as ID/VERSION.
		#[arg(long, conflicts_with_all = ["statutory", "deny", "break_glass"])]
		consent: Option<String>,
		/// A legal basis other than consent.
		#[arg(long, value_parser = parse_name::<StatutoryBasis>)]
		statutory: Option<StatutoryBasis>,
		/// The request was refused.
		#[arg(long)]
		deny: bool,
		/// Emergency access without consent (hospitals; needs --reason).
		#[arg(long)]
		break_glass: bool,
		/// The hash of the stated reason (64 hex digits).
		#[arg(long)]
		reason: Option<String>,
	},
	/// Records that the key behind a subject's commitment was destroyed.
	Erase { subject: String },
}

#[derive(Args)]
pub struct Question {
	subject: String,
	#[arg(long, value_parser = parse_name::<Role>)]
	role: Role,
	#[arg(long, value_parser = parse_name::<Purpose>)]
	purpose: Purpose,
	#[arg(long, value_parser = parse_name::<Action>)]
	action: Action,
	#[arg(long = "class", value_parser = parse_name::<DataClass>)]
	data_class: DataClass,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Filter {
	All,
	Denied,
	BreakGlass,
	Disclosures,
	AfterWithdrawal,
}

#[derive(Subcommand)]
pub enum AuditCommand {
	/// A subject's access log: who, when, which data, why, under which consent or basis.
	Log {
		subject: String,
		#[arg(long, value_enum, default_value = "all")]
		filter: Filter,
		/// Print FHIR AuditEvent resources.
		#[arg(long)]
		fhir: bool,
	},
	/// Every consent of a subject, with every version.
	Consents {
		subject: String,
		/// Print FHIR Consent resources.
		#[arg(long)]
		fhir: bool,
	},
	/// Every access an organisation recorded in a period (YYYY-MM-DD, the end excluded).
	Organization {
		organization: u32,
		#[arg(long)]
		from: String,
		#[arg(long)]
		to: String,
		/// Only accesses that rested on no consent (break-glass, statutory).
		#[arg(long)]
		without_consent: bool,
	},
	/// Break-glass accesses nobody reviewed; --overdue: past the deadline (findings).
	Unreviewed {
		#[arg(long)]
		overdue: bool,
	},
	/// Reviews a break-glass access.
	Review {
		subject: String,
		index: u32,
		#[arg(long)]
		unjustified: bool,
		/// The hash of the written findings (64 hex digits).
		#[arg(long)]
		findings: String,
	},
	/// Exports a subject's whole log as JSON, checked against the chain's head.
	Export { subject: String },
	/// Checks an exported log against the chain's head now: nothing removed or altered.
	VerifyLog { file: std::path::PathBuf },
}

fn parse_name<T: Named>(text: &str) -> Result<T, String> {
	T::from_name(text).ok_or_else(|| format!("unknown {}: {text} (one of: {})", T::WHAT, T::names().join(", ")))
}

trait Named: Sized + Clone + Send + Sync + 'static {
	const WHAT: &'static str;
	fn from_name(name: &str) -> Option<Self>;
	fn names() -> Vec<&'static str>;
}

macro_rules! named {
	($t:ty, $what:literal, $all:expr, $name:expr) => {
		impl Named for $t {
			const WHAT: &'static str = $what;
			fn from_name(name: &str) -> Option<Self> {
				<$t>::from_name(name)
			}
			fn names() -> Vec<&'static str> {
				$all.iter().map($name).collect()
			}
		}
	};
}
named!(Role, "role", Role::ALL, |r: &Role| r.name());
named!(Purpose, "purpose", Purpose::ALL, |p: &Purpose| p.name());
named!(Action, "action", Action::ALL, |a: &Action| a.name());
named!(DataClass, "data class", DataClass::ALL, |c: &DataClass| c.name());
named!(StatutoryBasis, "statutory basis", StatutoryBasis::ALL, |b: &StatutoryBasis| b.name());

fn err(e: impl ToString) -> String {
	e.to_string()
}

fn subject(text: &str) -> Result<[u8; 32], String> {
	parse_subject(text).map_err(err)
}

fn hash(text: &str, what: &str) -> Result<[u8; 32], String> {
	hex32::from_hex(text).ok_or_else(|| format!("--{what}: 64 hex digits expected"))
}

fn print_json(value: &impl serde::Serialize) -> Result<(), String> {
	println!("{}", serde_json::to_string_pretty(value).map_err(err)?);
	Ok(())
}

fn now_millis() -> u64 {
	std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

fn date_millis(text: &str) -> Result<u64, String> {
	let digits: String = text.chars().filter(char::is_ascii_digit).collect();
	let number: u32 = digits.parse().map_err(|_| format!("not a date (YYYY-MM-DD): {text}"))?;
	let (y, m, d) = (number / 10_000, number / 100 % 100, number % 100);
	if digits.len() != 8 || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
		return Err(format!("not a date (YYYY-MM-DD): {text}"));
	}
	// Days from civil (H. Hinnant).
	let (y, m) = (if m <= 2 { y as i64 - 1 } else { y as i64 }, m as i64);
	let era = y.div_euclid(400);
	let yoe = y - era * 400;
	let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
	let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	Ok(((era * 146_097 + doe - 719_468) * 86_400_000) as u64)
}

/// One access in words, for the CLI's lines and the desk's tables.
pub struct AccessInWords {
	pub index: u32,
	/// `YYYY-MM-DDTHH:MM:SS` (UTC).
	pub time: String,
	pub organization: u32,
	pub role: &'static str,
	pub decision: &'static str,
	pub action: &'static str,
	pub data_class: &'static str,
	pub purpose: &'static str,
	pub basis: String,
	/// After withdrawal or expiry; a break-glass access's review or its deadline.
	pub flags: Vec<String>,
}

pub fn in_words(access: &LoggedAccess) -> AccessInWords {
	let e = &access.entry;
	let basis = match e.basis {
		Basis::Consent { consent, version } => format!("consent {consent} v{version}"),
		Basis::Statutory(code) => format!("statutory: {}", code.name()),
		Basis::None => "-".into(),
	};
	let mut flags = Vec::new();
	if access.after_withdrawal_or_expiry {
		flags.push("AFTER WITHDRAWAL/EXPIRY".to_string());
	}
	if let Some(review) = &access.review {
		flags.push(format!("reviewed by org {}: {}", review.reviewer, if review.justified { "justified" } else { "UNJUSTIFIED" }));
	} else if let Some(due) = access.review_due {
		flags.push(format!("review due by block {due}"));
	}
	let decision = match e.decision {
		LoggedDecision::Permit => "permit",
		LoggedDecision::Deny => "DENY",
		LoggedDecision::BreakGlass => "BREAK-GLASS",
	};
	AccessInWords {
		index: access.index,
		time: fhir::instant(e.accessed_at)[..19].to_string(),
		organization: e.organization,
		role: e.role.name(),
		decision,
		action: e.action.name(),
		data_class: e.data_class.name(),
		purpose: e.purpose.name(),
		basis,
		flags,
	}
}

/// One access as a line: index, time, who, decision, what, why, basis, flags.
fn access_line(access: &LoggedAccess) -> String {
	let w = in_words(access);
	format!(
		"#{:<4} {}  org {} ({})  {:<11} {} {} for {}  [{}]  {}",
		w.index,
		w.time,
		w.organization,
		w.role,
		w.decision,
		w.action,
		w.data_class,
		w.purpose,
		w.basis,
		w.flags.join("; ")
	)
}

pub async fn run_consent(ctx: &Context, command: ConsentCommand) -> Result<ExitCode, Failure> {
	// Computed here, with no node: the key never leaves this machine.
	if let ConsentCommand::SubjectId { patient_id, key_file, algorithm } = &command {
		let bytes = std::fs::read(key_file).map_err(|e| format!("{}: {e}", key_file.display()))?;
		let subject_key = SubjectKey::new(&bytes, *algorithm).map_err(err)?;
		let subject = hex32::to_hex(&subject_key.commit(patient_id));
		ctx.print(&serde_json::json!({ "subject": subject }), || format!("{subject}\n"))?;
		return Ok(ExitCode::SUCCESS);
	}
	let client = ctx.client().await?;
	let json = ctx.json();
	let submit_done = |what: &str, block: String| println!("{what} in block {block}");
	match command {
		ConsentCommand::SubjectId { .. } => unreachable!("answered offline above; qed"),
		ConsentCommand::Register { subject: s, delegate } => {
			let done = client.submit(&calls::register_subject(subject(&s)?, delegate), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
			submit_done("registered", format!("{:?}", done.block_hash));
		},
		ConsentCommand::Record { file, supersedes } => {
			let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
			let terms: ConsentTerms = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
			let done = client.submit(&calls::record_consent(&terms, supersedes), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
			submit_done("consent recorded", format!("{:?}", done.block_hash));
		},
		ConsentCommand::Withdraw { consent, entered_in_error } => {
			let done = client.submit(&calls::withdraw_consent(consent, entered_in_error), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
			submit_done("consent withdrawn", format!("{:?}", done.block_hash));
		},
		ConsentCommand::Decide(q) => {
			let organization = ctx.organization().await?;
			let request = AccessRequest {
				subject: subject(&q.subject)?,
				organization,
				role: q.role,
				purpose: q.purpose,
				action: q.action,
				data_class: q.data_class,
			};
			let report = client.decide(&request).await.map_err(err)?;
			if json {
				print_json(&report)?;
			} else {
				println!("{}", report.message);
			}
			return Ok(if matches!(report.decision, Decision::Permit { .. }) { ExitCode::SUCCESS } else { negative() });
		},
		ConsentCommand::Access { question: q, record, consent, statutory, deny, break_glass, reason } => {
			let basis = match (consent, statutory) {
				(Some(text), _) => {
					let (id, version) = text.split_once('/').ok_or("--consent: ID/VERSION expected")?;
					Basis::Consent {
						consent: id.parse().map_err(|_| "--consent: ID/VERSION expected")?,
						version: version.parse().map_err(|_| "--consent: ID/VERSION expected")?,
					}
				},
				(None, Some(code)) => Basis::Statutory(code),
				(None, None) => Basis::None,
			};
			let decision = match (deny, break_glass) {
				(true, true) => return Err("--deny and --break-glass exclude each other".into()),
				(true, false) => LoggedDecision::Deny,
				(false, true) => LoggedDecision::BreakGlass,
				(false, false) => LoggedDecision::Permit,
			};
			let report = AccessReport {
				subject: subject(&q.subject)?,
				role: q.role,
				purpose: q.purpose,
				action: q.action,
				data_class: q.data_class,
				accessed_at: now_millis().saturating_sub(6_000),
				record: hash(&record, "record")?,
				basis,
				decision,
				reason: reason.map(|r| hash(&r, "reason")).transpose()?,
			};
			let done = client.submit(&calls::record_access(&[report]), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
			submit_done("access logged", format!("{:?}", done.block_hash));
		},
		ConsentCommand::Erase { subject: s } => {
			let done = client.submit(&calls::record_erasure(subject(&s)?), &ctx.signer()?, Wait::InBlock).await.map_err(err)?;
			submit_done("erasure recorded", format!("{:?}", done.block_hash));
		},
	}
	Ok(ExitCode::SUCCESS)
}

pub async fn run_audit(ctx: &Context, command: AuditCommand) -> Result<ExitCode, Failure> {
	let client = ctx.client().await?;
	let json = ctx.json();
	let key = || ctx.signer();
	match command {
		AuditCommand::Log { subject: s, filter, fhir: as_fhir } => {
			let filter = match filter {
				Filter::All => LogFilter::All,
				Filter::Denied => LogFilter::Denied,
				Filter::BreakGlass => LogFilter::BreakGlass,
				Filter::Disclosures => LogFilter::Disclosures,
				Filter::AfterWithdrawal => LogFilter::AfterWithdrawalOrExpiry,
			};
			let (head, accesses) = client.subject_log(&subject(&s)?, filter, &key()?).await.map_err(err)?;
			if as_fhir {
				print_json(&accesses.iter().map(fhir::audit_event).collect::<Vec<_>>())?;
			} else if json {
				print_json(&serde_json::json!({ "head": head, "accesses": accesses }))?;
			} else {
				for access in &accesses {
					println!("{}", access_line(access));
				}
				println!("{} of {} entries; log head {}", accesses.len(), head.length, hex32::to_hex(&head.hash));
			}
		},
		AuditCommand::Consents { subject: s, fhir: as_fhir } => {
			let consents = client.subject_consents(&subject(&s)?, &key()?).await.map_err(err)?;
			if as_fhir {
				let resources: Vec<_> = consents
					.iter()
					.flat_map(|c| (1..=c.head.latest()).filter_map(|v| fhir::consent(c, v, now_millis())))
					.collect();
				print_json(&resources)?;
			} else if json {
				print_json(&consents)?;
			} else {
				for c in &consents {
					for (i, (span, terms)) in c.head.versions.iter().zip(&c.versions).enumerate() {
						println!(
							"consent {} v{}: {:?} from {}{}; grantees {:?}; {} ; categories {}",
							c.id,
							i + 1,
							span.status,
							&fhir::instant(span.from)[..19],
							span.until.map(|u| format!(" until {}", &fhir::instant(u)[..19])).unwrap_or_default(),
							terms.grantees.iter().collect::<Vec<_>>(),
							terms.data_classes.iter().map(|c| c.name()).collect::<Vec<_>>().join(","),
							terms.categories.names().join(",")
						);
					}
				}
			}
		},
		AuditCommand::Organization { organization, from, to, without_consent } => {
			let (from, to) = (date_millis(&from)?, date_millis(&to)?);
			let all = every_access(client, &key()?, |cursor| AuditQuery::OrganizationAccesses {
				organization,
				from,
				to,
				cursor,
				limit: MAX_AUDIT_RESULTS,
				without_consent,
			})
			.await?;
			print_accesses(&all, json)?;
		},
		AuditCommand::Unreviewed { overdue } => {
			let all = every_access(client, &key()?, |cursor| AuditQuery::UnreviewedBreakGlassFrom {
				overdue_only: overdue,
				cursor,
				limit: MAX_AUDIT_RESULTS,
			})
			.await?;
			print_accesses(&all, json)?;
		},
		AuditCommand::Review { subject: s, index, unjustified, findings } => {
			let call = calls::review_break_glass(subject(&s)?, index, !unjustified, hash(&findings, "findings")?);
			let done = client.submit(&call, &key()?, Wait::InBlock).await.map_err(err)?;
			println!("review recorded in block {:?}", done.block_hash);
		},
		AuditCommand::Export { subject: s } => {
			print_json(&client.export_log(&subject(&s)?, &key()?).await.map_err(err)?)?;
		},
		AuditCommand::VerifyLog { file } => {
			let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
			let log: ExportedLog = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
			// With a key, a tampered export is compared with the chain's log entry by entry.
			let signer = key().ok();
			match client.check_export(&log, signer.as_ref()).await.map_err(err)? {
				ExportCheck::Intact { head } => println!(
					"intact: {} entries chain to the log head {} the chain had at block {} ({:?})",
					log.entries.len(),
					hex32::to_hex(&head.hash),
					log.block,
					log.at
				),
				ExportCheck::Tampered { head, problem, first_difference } => {
					println!(
						"TAMPERED: {}; the chain had {} entries at block {} ({:?}), the export has {}",
						problem.message(),
						head.length,
						log.block,
						log.at,
						log.entries.len()
					);
					match first_difference {
						Some(index) => println!("entry {index} is the first that differs from the chain's"),
						None => println!("(give an auditor's --key to find the first entry that differs from the chain's)"),
					}
					return Ok(negative());
				},
			}
		},
	}
	Ok(ExitCode::SUCCESS)
}

/// Every access a paged query answers: asked again from each answer's cursor until none is
/// left.
async fn every_access(
	client: &MedtrustClient,
	key: &Ed25519Signer,
	query_from: impl Fn(u64) -> AuditQuery,
) -> Result<Vec<LoggedAccess>, String> {
	let mut cursor = 0;
	let mut all = Vec::new();
	loop {
		let AuditAnswer::Accesses { accesses, next } = client.audit(&query_from(cursor), key).await.map_err(err)? else {
			return Err("unexpected answer".into());
		};
		all.extend(accesses);
		match next {
			Some(next) => cursor = next,
			None => return Ok(all),
		}
	}
}

fn print_accesses(accesses: &[LoggedAccess], json: bool) -> Result<(), String> {
	if json {
		return print_json(&accesses);
	}
	for access in accesses {
		println!("subject {}  {}", hex32::to_hex(&access.subject), access_line(access));
	}
	println!("{} access(es)", accesses.len());
	Ok(())
}
