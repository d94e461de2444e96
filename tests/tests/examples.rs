//! The example files of `client-sdk/examples/`, which the README's quick starts use: each reads
//! with the SDK's types, and they agree with each other (the same patient, the product the
//! coverage names, the invoice's key). A mismatch prints the file as it should be.

use std::path::PathBuf;

use anyhow::{ensure, Context, Result};
use medtrust_client::{
	claims::{CoverageTerms, InvoiceAnchor, InvoiceKeys, ProductRules},
	consent::{CommitmentAlgorithm, SubjectKey},
	trace::{LotDescription, ProductDescription},
};
use medtrust_e2e::fixtures;
use medtrust_primitives::consent::{ConsentTerms, Period};

/// The quick starts' patient (a made-up ID card number).
const PATIENT: &str = "110105198001010017";
/// 2026-01-01T00:00:00Z and 2031-01-01T00:00:00Z.
const FROM: u64 = 1_767_225_600_000;
const UNTIL: u64 = 1_924_992_000_000;
/// The invoice's service: 2026-11-30T08:00:00Z.
const SERVICE_AT: u64 = 1_796_025_600_000;
const INSURER: u32 = 6;

fn example(name: &str) -> PathBuf {
	PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../client-sdk/examples").join(name)
}

fn read<T: serde::de::DeserializeOwned>(name: &str) -> Result<T> {
	let text = std::fs::read_to_string(example(name)).with_context(|| format!("reading {name}"))?;
	serde_json::from_str(&text).with_context(|| format!("{name} does not read"))
}

/// `name` must hold `expected`; if not, the message gives the file as it should be.
fn agrees<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq>(name: &str, expected: &T) -> Result<()> {
	let found: Option<T> = read(name).ok();
	ensure!(
		found.as_ref() == Some(expected),
		"{name} is not what the other examples make; it should be:\n{}",
		serde_json::to_string_pretty(expected)?
	);
	Ok(())
}

#[test]
fn the_examples_read_and_agree() -> Result<()> {
	let product: ProductDescription = read("product.json")?;
	product.info()?;
	let lot: LotDescription = read("lot.json")?;
	lot.fields()?;
	ensure!(lot.product_code()? == medtrust_client::trace::product_code(product.gtin.as_deref(), None)?, "the lot is of the product");
	let serials = std::fs::read_to_string(example("serials.csv"))?;
	ensure!(serials.lines().skip(1).all(|s| !s.is_empty() && s.len() <= 20), "a serial per line, after the header");

	let subject_key = SubjectKey::new(&std::fs::read(example("hospital-subject.key"))?, CommitmentAlgorithm::HmacSha256)?;
	let subject = subject_key.commit(PATIENT);
	let mut consent = fixtures::claims_consent(subject, INSURER);
	consent.period = Period { start: FROM, end: Some(UNTIL) };
	agrees::<ConsentTerms>("consent-terms.json", &consent)?;

	let rules = fixtures::example_rules(INSURER);
	agrees::<ProductRules>("product-rules.json", &rules)?;
	let mut coverage = fixtures::example_coverage(subject, &rules);
	coverage.period = medtrust_client::claims::CoveragePeriod { start: FROM, end: UNTIL };
	agrees::<CoverageTerms>("coverage.json", &coverage)?;

	let organization: serde_json::Value = read("organization.json")?;
	for role in organization["roles"].as_array().context("roles")? {
		ensure!(role.as_str().and_then(medtrust_primitives::Role::from_name).is_some(), "no role {role}");
	}
	for account in organization["accounts"].as_array().context("accounts")? {
		let account = account.as_str().context("an account is a string")?;
		ensure!(account.parse::<medtrust_client::AccountId32>().is_ok(), "not an account: {account}");
	}
	let gln = organization["gln"].as_str().context("a GLN")?;
	ensure!(medtrust_primitives::Gln::parse(gln.as_bytes()).is_ok(), "a GLN with its check digit: {gln}");

	let invoice_keys = InvoiceKeys::new(&std::fs::read(example("consortium-invoice.key"))?)?;
	let mut invoice = fixtures::example_invoice(invoice_keys.key("144032209110", "00012345", "12440300455755541X"), subject);
	invoice.service_at = SERVICE_AT;
	agrees::<InvoiceAnchor>("invoice.json", &invoice)?;
	Ok(())
}
