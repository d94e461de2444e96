//! Direct insurance claims against the real `medtrust-node --dev`, through the client SDK and
//! the CLI: the patient's consent → the hospital's invoice → the insurer's claim, adjudicated
//! in the block that includes it → paid → cleared; the fraud the ledger stops; the RPC
//! queries and the FHIR resources.

use std::{
	process::Command,
	time::{Duration, Instant},
};

use anyhow::{ensure, Context, Result};
use medtrust_client::{
	claims::{calls, ClaimState, EligibilityQuery, InvoiceEstimate, Outcome, ProductRules},
	consent::{self, CommitmentAlgorithm, SubjectKey},
	runtime, Ed25519Signer, MedtrustClient, Wait,
};
use medtrust_e2e::{
	cli_binary,
	fixtures::{self, example_invoice, item, DAY},
	now_millis, on_dev_node, refused_with,
};
use medtrust_primitives::consent::{hex32, ConsentTerms, Subject};

const SCENARIO_LIMIT: Duration = Duration::from_secs(300);

/// Organisations of the development preset.
const HOSPITAL: u32 = 1;
const INSURER: u32 = 6;

fn hospital() -> Ed25519Signer {
	Ed25519Signer::dev("bob")
}
fn insurer() -> Ed25519Signer {
	Ed25519Signer::dev("one")
}


#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consent_invoice_claim_payment_and_clearing_on_a_dev_node() -> Result<()> {
	on_dev_node(SCENARIO_LIMIT, |client, url| async move { scenario(&client, &url).await }).await
}

fn claims_consent(subject: Subject) -> ConsentTerms {
	fixtures::claims_consent(subject, INSURER)
}

/// The product of `claims.md`'s worked example, excluding one catalogue code.
fn example_rules() -> ProductRules {
	let mut rules = fixtures::example_rules(INSURER);
	rules.exclusions = vec![b"XB0001".to_vec().try_into().expect("short")].try_into().expect("one");
	rules
}

async fn scenario(client: &MedtrustClient, url: &str) -> Result<()> {
	// The patient: a commitment under the hospital's key, and the claims consent.
	let key = SubjectKey::new(b"hospital 1 subject key, kept in its HSM", CommitmentAlgorithm::HmacSha256)?;
	let subject = key.commit("110105198001010017");
	client.submit(&consent::calls::register_subject(subject, None), &hospital(), Wait::InBlock).await?;
	client.submit(&consent::calls::record_consent(&claims_consent(subject), None), &hospital(), Wait::InBlock).await?;

	// The insurer's product and the patient's coverage.
	let rules = example_rules();
	client.submit(&calls::register_product(&rules), &insurer(), Wait::InBlock).await?;
	let terms = fixtures::example_coverage(subject, &rules);
	let included = client.submit(&calls::register_coverage(&terms), &insurer(), Wait::InBlock).await?;
	let coverage = included
		.event::<runtime::claims::events::CoverageRegistered>("Claims.CoverageRegistered")
		.context("the coverage's event")?
		.coverage;

	// At admission the hospital checks eligibility and what the patient will pay.
	let estimate = InvoiceEstimate { total: 86_000, basic_paid: 45_000, basic_settled: true };
	let eligibility = client
		.eligibility(&EligibilityQuery { coverage, subject, service_at: None, estimate: Some(estimate) })
		.await?;
	ensure!(eligibility.ineligible.is_none(), "{eligibility:?}");
	ensure!(eligibility.estimate.map(|a| a.benefit) == Some(21_700), "{eligibility:?}");

	// At discharge it anchors the e-invoice and the basic insurance settlement.
	let invoice = fixtures::invoice_key("144032209110", "00012345", "12440300455755541X");
	let anchor = example_invoice(invoice, subject);
	refused_with(client.submit(&calls::anchor_invoice(&anchor), &insurer(), Wait::InBlock).await, "MissingRole")?;
	client.submit(&calls::anchor_invoice(&anchor), &hospital(), Wait::InBlock).await?;

	// The fraud the ledger stops.
	let items = [item("XA01AAA001", 86_000)];
	refused_with(
		client.submit(&calls::submit_claim(coverage, [7; 32], &items, None), &insurer(), Wait::InBlock).await,
		"UnknownInvoice",
	)?;
	refused_with(
		client.submit(&calls::submit_claim(coverage, invoice, &[item("XA01AAA001", 86_001)], None), &insurer(), Wait::InBlock).await,
		"ClaimAboveInvoiceTotal",
	)?;

	// The claim: adjudicated in the block that includes it, then final.
	let started = Instant::now();
	let included = client.submit(&calls::submit_claim(coverage, invoice, &items, None), &insurer(), Wait::Finalized).await?;
	let to_finality = started.elapsed();
	let adjudicated = included
		.event::<runtime::claims::events::ClaimAdjudicated>("Claims.ClaimAdjudicated")
		.context("the claim was adjudicated in the block that includes it")?;
	println!("claim submitted → adjudicated and finalised in {} ms", to_finality.as_millis());
	ensure!(adjudicated.benefit == 21_700, "benefit {}", adjudicated.benefit);
	refused_with(
		client.submit(&calls::submit_claim(coverage, invoice, &items, None), &insurer(), Wait::InBlock).await,
		"DuplicateClaim",
	)?;

	let record = client.claim(adjudicated.claim).await?;
	let a = record.claim.adjudication;
	ensure!((a.residual, a.eligible, a.deductible, a.coinsurance) == (41_000, 41_000, 10_000, 9_300), "{a:?}");
	ensure!(a.outcome == Outcome::Approved && record.claim.state == ClaimState::Adjudicated);
	let on_invoice = client.invoice_claims(&invoice).await?;
	ensure!(on_invoice.invoice.commercial_paid == 21_700 && on_invoice.claims.len() == 1, "{on_invoice:?}");
	let standing = client.accumulators(coverage, None).await?;
	ensure!((standing.accumulator.deductible_used, standing.accumulator.paid_used) == (10_000, 21_700), "{standing:?}");
	ensure!(standing.deductible_left == 0 && standing.annual_left == 20_000_000 - 21_700);

	// Direct pay, then clearing with the hospital.
	client.submit(&calls::pay_claim(record.id, [5; 32]), &insurer(), Wait::InBlock).await?;
	let draft = client.clearing_draft(INSURER, HOSPITAL, 0, now_millis() + DAY).await?;
	ensure!(draft.claims.len() == 1 && draft.total == 21_700, "{draft:?}");
	let ids: Vec<u64> = draft.claims.iter().map(|l| l.claim).collect();
	let included = client
		.submit(&calls::settle_clearing(HOSPITAL, draft.from, draft.to, &ids, draft.total), &insurer(), Wait::InBlock)
		.await?;
	let settled = included
		.event::<runtime::claims::events::ClearingSettled>("Claims.ClearingSettled")
		.context("the statement's event")?;
	let statement = client.statement(settled.statement).await?;
	ensure!(statement.claims_hash == draft.claims_hash && statement.total == 21_700, "{statement:?}");
	ensure!(client.claim(record.id).await?.claim.state == ClaimState::Cleared);
	ensure!(client.overdue().await?.is_empty(), "nothing is overdue");

	// The explanation of benefits and the FHIR resources.
	let eob = client.explanation_of_benefits(record.id).await?;
	// The chain keeps the hash of the items, not their codes: the item lines come from the
	// insurer's own copy, and only when it matches.
	ensure!(medtrust_client::claims::items_match(&eob.claim.claim, &items), "the claim keeps the hash of its items");
	let wrong = [item("XA01AAA002", 86_000)];
	let without = medtrust_client::claims::fhir::explanation_of_benefit(&eob, Some(&wrong));
	ensure!(without.get("item").is_none(), "item lines from items that do not match: {without}");
	let fhir = medtrust_client::claims::fhir::explanation_of_benefit(&eob, Some(&items));
	ensure!(fhir["item"][0]["productOrService"]["coding"][0]["code"] == "XA01AAA001", "{fhir}");
	ensure!(fhir["item"][0]["sequence"] == 1, "{fhir}");
	let response = medtrust_client::claims::fhir::claim_response(&record, &subject, Some(&items));
	ensure!(response["item"][0]["itemSequence"] == 1 && response["item"][0].get("productOrService").is_none(), "{response}");
	// As rendered, and as a claim made under a pre-authorisation would be (ClaimResponse has
	// one `preAuthRef`, ExplanationOfBenefit a list).
	let mut preauthorised = record.clone();
	preauthorised.claim.preauth = Some(0);
	let mut preauthorised_eob = eob.clone();
	preauthorised_eob.claim.claim.preauth = Some(0);
	let preauth_response = medtrust_client::claims::fhir::claim_response(&preauthorised, &subject, Some(&items));
	ensure!(preauth_response["preAuthRef"] == "preauth-0", "{preauth_response}");
	for resource in [
		&fhir,
		&without,
		&response,
		&medtrust_client::claims::fhir::claim_response(&record, &subject, None),
		&preauth_response,
		&medtrust_client::claims::fhir::explanation_of_benefit(&preauthorised_eob, Some(&items)),
	] {
		medtrust_e2e::fhir::assert_valid(resource)?;
	}
	ensure!(fhir["resourceType"] == "ExplanationOfBenefit" && fhir["outcome"] == "complete", "{fhir}");
	let benefit = fhir["total"].as_array().and_then(|t| t.iter().find(|l| l["category"]["coding"][0]["code"] == "benefit"));
	ensure!(benefit.map(|b| b["amount"]["value"].clone()) == Some(serde_json::json!(217.0)), "{fhir}");
	ensure!(fhir["payment"]["amount"]["value"] == 217.0 && fhir["benefitBalance"][0]["financial"][0]["usedMoney"]["value"] == 100.0);

	// Unknown ids and malformed queries get a message, not a crash.
	let unknown = client.claim(9_999).await;
	ensure!(format!("{unknown:?}").contains("no claim has id 9999"), "{unknown:?}");
	let negative: Result<serde_json::Value, _> = client
		.rpc(
			"claims_eligibility",
			medtrust_client::subxt::rpcs::client::rpc_params![serde_json::json!({
				"coverage": coverage, "subject": hex32::to_hex(&subject),
				"estimate": { "total": -5, "basic_paid": 0, "basic_settled": false }
			})],
		)
		.await;
	ensure!(format!("{negative:?}").contains("`estimate.total` is -5, but amounts"), "{negative:?}");

	// The CLI: the breakdown as text, the ClaimResponse and EOB as FHIR.
	let run = |args: &[&str]| -> Result<std::process::Output> {
		Ok(Command::new(cli_binary()?).arg("--url").arg(url).args(args).output()?)
	};
	let id = record.id.to_string();
	let show = run(&["claim", "show", &id])?;
	let text = String::from_utf8_lossy(&show.stdout);
	ensure!(show.status.success() && text.contains("217.00") && text.contains("cleared in statement"), "{text}");
	let response = run(&["claim", "show", &id, "--fhir", "--item", "XA01AAA001=860.00"])?;
	let response: serde_json::Value = serde_json::from_slice(&response.stdout)?;
	ensure!(response["resourceType"] == "ClaimResponse" && response["requestor"]["identifier"]["value"] == "1", "{response}");
	ensure!(response["item"][0]["itemSequence"] == 1 && response["item"][0]["adjudication"].is_array(), "{response}");
	medtrust_e2e::fhir::assert_valid(&response)?;
	let mismatch = run(&["claim", "show", &id, "--item", "XA01AAA001=860.01"])?;
	ensure!(
		!mismatch.status.success() && String::from_utf8_lossy(&mismatch.stderr).contains("do not match the claim's hash"),
		"{}",
		String::from_utf8_lossy(&mismatch.stderr)
	);
	// The invoice's key is the consortium's keyed commitment, the same from the CLI as the SDK.
	let key_file = std::env::temp_dir().join(format!("medtrust-invoice-key-{}", std::process::id()));
	std::fs::write(&key_file, fixtures::CONSORTIUM_INVOICE_KEY)?;
	let key = run(&["claim", "invoice-key", "--key-file", &key_file.to_string_lossy(), "144032209110", "00012345", "12440300455755541X"])?;
	let _ = std::fs::remove_file(&key_file);
	ensure!(String::from_utf8_lossy(&key.stdout).trim() == hex32::to_hex(&invoice), "{}", String::from_utf8_lossy(&key.stderr));
	let eob = run(&["--json", "claim", "eob", &id])?;
	let eob: serde_json::Value = serde_json::from_slice(&eob.stdout)?;
	ensure!(eob["resourceType"] == "ExplanationOfBenefit", "{eob}");
	let eligible = run(&["claim", "eligibility", "--coverage", &coverage.to_string(), "--subject", &hex32::to_hex(&subject)])?;
	ensure!(eligible.status.success(), "{}", String::from_utf8_lossy(&eligible.stderr));
	let bad = run(&["--key", "//One", "claim", "submit", "--coverage", "0", "--invoice", "00", "--item", "A=1"])?;
	ensure!(!bad.status.success() && String::from_utf8_lossy(&bad.stderr).contains("the invoice key must be 32 bytes as 64 hex digits"));
	Ok(())
}
