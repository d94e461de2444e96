//! Consent and the access log against the real `medtrust-node --dev`, through the client SDK
//! and the CLI: decisions answered natively and by the runtime API alike, accesses checked
//! against the consent they cite, withdrawal, break-glass review, the auditor's queries, a
//! tampered export detected, and erasure.

use std::{process::Command, time::Duration};

use anyhow::{ensure, Context, Result};
use medtrust_client::{
	consent::{calls, AccessReport, CommitmentAlgorithm, ConsentError, SubjectKey},
	Ed25519Signer, MedtrustClient, Wait,
};
use medtrust_e2e::{cli_binary, export_when_final, now_millis, on_dev_node, refused_with};
use medtrust_primitives::{
	consent::{
		audit::{AuditAnswer, AuditQuery, LogFilter},
		hex32, AccessRequest, Action, Actions, Basis, Categories, ConsentTerms, DataClass, DataClasses, Decision,
		DenyReason, Grantee, Grantor, LogHead, LoggedDecision, Period, Provision, ProvisionKind, Purpose, Purposes, Subject,
	},
	Role,
};

const SCENARIO_LIMIT: Duration = Duration::from_secs(300);

/// Organisations of the development preset.
const INSURER: u32 = 6;

fn hospital() -> Ed25519Signer {
	Ed25519Signer::dev("bob")
}
fn insurer() -> Ed25519Signer {
	Ed25519Signer::dev("one")
}
fn auditor() -> Ed25519Signer {
	Ed25519Signer::dev("two")
}
fn pharmacy() -> Ed25519Signer {
	Ed25519Signer::dev("eve")
}


#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consent_access_log_and_audit_on_a_dev_node() -> Result<()> {
	on_dev_node(SCENARIO_LIMIT, |client, url| async move { scenario(&client, &url).await }).await
}

/// The insurer may read billing (not diagnoses) for payment; a nested provision denies diagnoses.
fn insurer_terms(subject: Subject) -> ConsentTerms {
	let deny_diagnoses = Provision {
		parent: None,
		kind: ProvisionKind::Deny,
		grantees: Default::default(),
		purposes: Purposes::default(),
		data_classes: DataClasses::of(&[DataClass::Diagnoses]),
		actions: Actions::default(),
		period: None,
	};
	ConsentTerms {
		subject,
		grantor: Grantor::Patient,
		grantees: vec![Grantee::Organization(INSURER)].try_into().expect("one grantee"),
		purposes: Purposes::of(&[Purpose::Payment]),
		data_classes: DataClasses::of(&[DataClass::Billing, DataClass::Diagnoses]),
		actions: Actions::of(&[Action::Read]),
		period: Period { start: now_millis() - 60_000, end: None },
		categories: Categories::ORDINARY,
		provisions: vec![deny_diagnoses].try_into().expect("one provision"),
		policy_hash: [1; 32],
		form_hash: [2; 32],
	}
}

fn question(subject: Subject, organization: u32, role: Role, class: DataClass) -> AccessRequest {
	AccessRequest { subject, organization, role, purpose: Purpose::Payment, action: Action::Read, data_class: class }
}

/// The decision, checked to be the same natively and in the runtime.
async fn decide(client: &MedtrustClient, request: &AccessRequest) -> Result<Decision> {
	let native = client.decide(request).await?;
	let runtime = client.decide_in_runtime(request).await?;
	ensure!(native == runtime, "native {native:?} and runtime {runtime:?} decisions differ");
	Ok(native.decision)
}

fn access(subject: Subject, role: Role, class: DataClass, basis: Basis, decision: LoggedDecision) -> AccessReport {
	AccessReport {
		subject,
		role,
		purpose: Purpose::Payment,
		action: Action::Read,
		data_class: class,
		accessed_at: now_millis() - 1_000,
		record: [3; 32],
		basis,
		decision,
		reason: (decision == LoggedDecision::BreakGlass).then_some([4; 32]),
	}
}


async fn log_indices(client: &MedtrustClient, subject: Subject, filter: LogFilter) -> Result<Vec<u32>> {
	let (_, accesses) = client.subject_log(&subject, filter, &auditor()).await?;
	Ok(accesses.iter().map(|a| a.index).collect())
}

async fn scenario(client: &MedtrustClient, url: &str) -> Result<()> {
	let key = SubjectKey::new(b"hospital 1 subject key, kept in its HSM", CommitmentAlgorithm::HmacSm3)?;
	let subject = key.commit("110105194912310021");
	client.submit(&calls::register_subject(subject, None), &hospital(), Wait::InBlock).await?;
	refused_with(
		client.submit(&calls::record_consent(&insurer_terms(subject), None), &insurer(), Wait::InBlock).await,
		"NotTheSubjectsOrganization",
	)?;
	client.submit(&calls::record_consent(&insurer_terms(subject), None), &hospital(), Wait::InBlock).await?;
	// Accesses are logged a second after they happen: let the consent's block be older than that.
	tokio::time::sleep(Duration::from_secs(2)).await;

	// Decisions: the consent, its nested deny, a class it does not name, a claimed role.
	let billing = question(subject, INSURER, Role::Insurer, DataClass::Billing);
	ensure!(decide(client, &billing).await? == Decision::Permit { consent: 0, version: 1 });
	let diagnoses = question(subject, INSURER, Role::Insurer, DataClass::Diagnoses);
	ensure!(
		decide(client, &diagnoses).await? ==
			Decision::Deny { reason: DenyReason::DeniedByProvision { consent: 0, version: 1 } }
	);
	let genetic = question(subject, INSURER, Role::Insurer, DataClass::Genetic);
	ensure!(decide(client, &genetic).await? == Decision::Deny { reason: DenyReason::NoConsent });
	let pretending = question(subject, INSURER, Role::Hospital, DataClass::Billing);
	ensure!(decide(client, &pretending).await? == Decision::Deny { reason: DenyReason::RoleNotHeld });
	let unknown_purpose: Result<serde_json::Value, _> = client
		.rpc(
			"consent_decide",
			medtrust_client::subxt::rpcs::client::rpc_params![serde_json::json!({
				"subject": hex32::to_hex(&subject), "organization": INSURER, "role": "insurer",
				"purpose": "marketing", "action": "read", "data_class": "billing"
			})],
		)
		.await;
	ensure!(format!("{unknown_purpose:?}").contains("unknown variant `marketing`"), "{unknown_purpose:?}");

	// The log: a checked permit, a refused citation, a break-glass access.
	let v1 = Basis::Consent { consent: 0, version: 1 };
	client
		.submit(&calls::record_access(&[access(subject, Role::Insurer, DataClass::Billing, v1, LoggedDecision::Permit)]), &insurer(), Wait::InBlock)
		.await?;
	refused_with(
		client
			.submit(&calls::record_access(&[access(subject, Role::Insurer, DataClass::Diagnoses, v1, LoggedDecision::Permit)]), &insurer(), Wait::InBlock)
			.await,
		"ConsentDoesNotPermit",
	)?;
	let glass = access(subject, Role::Hospital, DataClass::FullRecord, Basis::None, LoggedDecision::BreakGlass);
	client.submit(&calls::record_access(&[glass]), &hospital(), Wait::InBlock).await?;

	// Withdrawal: from its block on, the insurer is denied and may only log a denial.
	client.submit(&calls::withdraw_consent(0, false), &hospital(), Wait::InBlock).await?;
	tokio::time::sleep(Duration::from_secs(2)).await;
	ensure!(decide(client, &billing).await? == Decision::Deny { reason: DenyReason::NoConsent });
	let mut after = access(subject, Role::Insurer, DataClass::Billing, v1, LoggedDecision::Permit);
	after.accessed_at = now_millis() - 1000;
	refused_with(client.submit(&calls::record_access(&[after.clone()]), &insurer(), Wait::InBlock).await, "ConsentDoesNotPermit")?;
	after.decision = LoggedDecision::Deny;
	client.submit(&calls::record_access(&[after.clone()]), &insurer(), Wait::InBlock).await?;

	// The auditor's view.
	ensure!(log_indices(client, subject, LogFilter::All).await? == vec![0, 1, 2]);
	ensure!(log_indices(client, subject, LogFilter::Denied).await? == vec![2]);
	ensure!(log_indices(client, subject, LogFilter::BreakGlass).await? == vec![1]);
	let unreviewed = AuditQuery::UnreviewedBreakGlass { overdue_only: false, limit: 10 };
	let AuditAnswer::Accesses { accesses, .. } = client.audit(&unreviewed, &auditor()).await? else { anyhow::bail!("answer") };
	ensure!(accesses.iter().any(|a| a.subject == subject && a.index == 1), "{accesses:?}");
	let by_insurer = AuditQuery::OrganizationAccesses {
		organization: INSURER,
		from: now_millis() - 3_600_000,
		to: now_millis() + 60_000,
		cursor: 0,
		limit: 10,
		without_consent: false,
	};
	let AuditAnswer::Accesses { accesses, .. } = client.audit(&by_insurer, &auditor()).await? else { anyhow::bail!("answer") };
	ensure!(accesses.iter().map(|a| a.index).collect::<Vec<_>>() == vec![0, 2], "{accesses:?}");
	let outsider = client.subject_log(&subject, LogFilter::All, &pharmacy()).await;
	ensure!(format!("{outsider:?}").contains("audit refused"), "{outsider:?}");
	let (_, logged) = client.subject_log(&subject, LogFilter::All, &hospital()).await?;
	ensure!(logged.len() == 3, "the home hospital reads it");
	// Every entry as a FHIR AuditEvent, and every consent as a FHIR Consent, valid FHIR R4.
	for access in &logged {
		medtrust_e2e::fhir::assert_valid(&medtrust_client::consent::fhir::audit_event(access))?;
	}
	for record in client.subject_consents(&subject, &auditor()).await? {
		for version in 1..=record.versions.len() as u32 {
			if let Some(resource) = medtrust_client::consent::fhir::consent(&record, version, now_millis()) {
				medtrust_e2e::fhir::assert_valid(&resource)?;
			}
		}
	}

	// An exported log proves its completeness; an altered one does not.
	let export = export_when_final(client, &subject, &auditor(), 3).await?;
	let head = client.log_head(&subject).await?;
	ensure!(head.length == 3 && export.verify(&head).is_ok());
	let mut tampered = export.clone();
	tampered.entries[1].data_class = DataClass::Imaging;
	ensure!(matches!(tampered.verify(&head), Err(ConsentError::LogBroken(_))));
	let mut cut = export.clone();
	cut.entries.remove(1);
	ensure!(cut.verify(&head).is_err());

	cli(url, subject, &export).context("CLI")?;

	// Review, then erasure.
	client.submit(&calls::review_break_glass(subject, 1, true, [5; 32]), &auditor(), Wait::InBlock).await?;
	let AuditAnswer::Accesses { accesses, .. } = client.audit(&unreviewed, &auditor()).await? else { anyhow::bail!("answer") };
	ensure!(!accesses.iter().any(|a| a.subject == subject), "reviewed: {accesses:?}");
	client.submit(&calls::record_erasure(subject), &hospital(), Wait::InBlock).await?;
	ensure!(decide(client, &billing).await? == Decision::Deny { reason: DenyReason::Erased });
	// With the key destroyed, the identifier commits to nothing the chain knows.
	let replacement = SubjectKey::new(b"a new key after the old was destroyed", CommitmentAlgorithm::HmacSm3)?;
	let unlinked = question(replacement.commit("110105194912310021"), INSURER, Role::Insurer, DataClass::Billing);
	ensure!(decide(client, &unlinked).await? == Decision::Deny { reason: DenyReason::UnknownSubject });
	Ok(())
}

fn cli(url: &str, subject: Subject, export: &medtrust_client::consent::ExportedLog) -> Result<()> {
	let run = |args: &[&str]| -> Result<std::process::Output> {
		Ok(Command::new(cli_binary()?).arg("--url").arg(url).args(args).output()?)
	};
	let hex = hex32::to_hex(&subject);
	let log = run(&["--key", "//Two", "audit", "log", &hex])?;
	let text = String::from_utf8_lossy(&log.stdout);
	ensure!(log.status.success() && text.contains("BREAK-GLASS") && text.contains("3 of 3 entries"), "{text}");
	let fhir = run(&["--key", "//Two", "audit", "log", &hex, "--fhir"])?;
	let events: serde_json::Value = serde_json::from_slice(&fhir.stdout)?;
	ensure!(events[0]["resourceType"] == "AuditEvent" && events[1]["purposeOfEvent"][1]["coding"][0]["code"] == "BTG");
	let consents = run(&["--key", "//Two", "audit", "consents", &hex, "--fhir"])?;
	let consents: serde_json::Value = serde_json::from_slice(&consents.stdout)?;
	ensure!(consents[0]["resourceType"] == "Consent" && consents[0]["status"] == "inactive", "{consents}");
	ensure!(consents[0]["provision"]["provision"][0]["type"] == "deny", "{consents}");
	let decide = run(&["--org", "6", "consent", "decide", &hex, "--role", "insurer", "--purpose", "payment", "--action", "read", "--class", "billing"])?;
	ensure!(decide.status.code() == Some(2), "denied after withdrawal: {decide:?}");
	let refused = run(&["--key", "//Eve", "audit", "log", &hex])?;
	ensure!(!refused.status.success() && String::from_utf8_lossy(&refused.stderr).contains("audit refused"), "{refused:?}");
	// An export verifies; the same export with an entry altered is reported tampered.
	let dir = std::env::temp_dir().join(format!("medtrust-audit-{}", std::process::id()));
	std::fs::create_dir_all(&dir)?;
	let good = dir.join("log.json");
	std::fs::write(&good, serde_json::to_vec(export)?)?;
	let verified = run(&["audit", "verify-log", good.to_str().context("path")?])?;
	ensure!(verified.status.success() && String::from_utf8_lossy(&verified.stdout).contains("intact"), "{verified:?}");
	let mut altered = export.clone();
	altered.entries[0].organization = 3;
	let bad = dir.join("altered.json");
	std::fs::write(&bad, serde_json::to_vec(&altered)?)?;
	let tampered = run(&["audit", "verify-log", bad.to_str().context("path")?])?;
	ensure!(tampered.status.code() == Some(2) && String::from_utf8_lossy(&tampered.stdout).contains("TAMPERED"), "{tampered:?}");
	// With an auditor's key, the entry that differs is named.
	let named = run(&["--key", "//Two", "audit", "verify-log", bad.to_str().context("path")?])?;
	let text = String::from_utf8_lossy(&named.stdout);
	ensure!(named.status.code() == Some(2) && text.contains("entry 0 is the first that differs"), "{named:?}");
	// Cut short and re-hashed, an export still chains to its own head; the chain's head at the
	// export's block finds it out.
	let mut cut = export.clone();
	cut.entries.pop();
	cut.head = LogHead { length: cut.entries.len() as u32, hash: cut.entries.last().context("entries")?.hash() };
	ensure!(cut.verify(&cut.head).is_ok(), "the forgery is self-consistent");
	let short = dir.join("short.json");
	std::fs::write(&short, serde_json::to_vec(&cut)?)?;
	let caught = run(&["audit", "verify-log", short.to_str().context("path")?])?;
	let text = String::from_utf8_lossy(&caught.stdout);
	ensure!(
		caught.status.code() == Some(2) && text.contains("the export has 2 entries where the chain's log had 3"),
		"{caught:?}"
	);
	std::fs::remove_dir_all(&dir)?;
	Ok(())
}
