//! Commercial insurance direct claims: queries over the node's `claims_*` RPC methods, the
//! claims pallet's calls, and FHIR `ClaimResponse` / `ExplanationOfBenefit` JSON ([`fhir`]).
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use medtrust_client::{claims, Ed25519Signer, MedtrustClient, Wait};
//! let client = MedtrustClient::connect("ws://127.0.0.1:9944").await?;
//! let keys = claims::InvoiceKeys::new(&std::fs::read("consortium-invoice.key")?)?;
//! let key = keys.key("144032209110", "00012345", "12440300455755541X");
//! let on_invoice = client.invoice_claims(&key).await?;
//! for claim in &on_invoice.claims {
//!     println!("claim {} pays {} fen", claim.id, claim.claim.adjudication.benefit);
//! }
//! # Ok(()) }
//! ```

pub mod fhir;

use subxt::rpcs::client::rpc_params;

pub use medtrust_primitives::claims::{
	adjudicate, invoice_key_preimage, items_hash, queries::*, rules_hash, Accumulator, Adjudication, AdjudicationInput, CatalogueCode, Claim,
	ClaimId, ClaimItem, ClaimState, ClearingStatement, Coverage, CoverageId, CoveragePeriod, CoverageTerms,
	DeadlineFor, Fen, Invoice, InvoiceAnchor, InvoiceKey, Outcome, Payment, PolicyYear, PreauthId, PreauthState,
	Preauthorization, ProductRules, Ratio, RulesHash, SelfPay, StatementId, MAX_STATEMENT_CLAIMS,
};
pub use medtrust_primitives::consent::{hex32, DocumentHash, Moment, Subject};
use medtrust_primitives::OrganizationId;

use crate::{MedtrustClient, SubmitError, H256};

/// The consortium's invoice key: every member that anchors or claims e-invoices holds the same
/// one, off chain, so that the same paper invoice gives the same lock at every insurer while a
/// person holding the invoice, or reading raw state, cannot find the patient's claims.
pub struct InvoiceKeys {
	key: zeroize::Zeroizing<Vec<u8>>,
}

impl InvoiceKeys {
	/// A key of at least 16 bytes.
	pub fn new(key: &[u8]) -> Result<Self, ClaimsError> {
		if key.len() < 16 {
			return Err(ClaimsError::Input("the consortium's invoice key needs at least 16 bytes".into()));
		}
		Ok(InvoiceKeys { key: zeroize::Zeroizing::new(key.to_vec()) })
	}

	/// An e-invoice's key: HMAC-SHA-256 under the consortium's key of the invoice's code,
	/// number and issuing hospital's unified social credit code ([`invoice_key_preimage`]).
	pub fn key(&self, invoice_code: &str, invoice_number: &str, issuer_credit_code: &str) -> InvoiceKey {
		use hmac::{Mac, SimpleHmac};
		let mut mac = SimpleHmac::<sha2::Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length; qed");
		mac.update(&invoice_key_preimage(invoice_code, invoice_number, issuer_credit_code));
		mac.finalize().into_bytes().into()
	}
}

/// Whether `items` are the ones a claim was adjudicated on (the chain keeps their hash).
pub fn items_match(claim: &Claim, items: &[ClaimItem]) -> bool {
	items_hash(items) == claim.items_hash
}

/// Why a claims request could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ClaimsError {
	/// The input is malformed (the message says how).
	#[error("{0}")]
	Input(String),
	/// The node refused or could not answer (an unknown claim, invoice or coverage included).
	#[error(transparent)]
	Node(#[from] SubmitError),
}

/// Reads an invoice key, rules hash or document hash given as 64 hex digits.
pub fn parse_hash(what: &str, text: &str) -> Result<[u8; 32], ClaimsError> {
	hex32::from_hex(text).ok_or_else(|| ClaimsError::Input(format!("the {what} must be 32 bytes as 64 hex digits: {text}")))
}

/// Reads a catalogue code.
pub fn catalogue_code(text: &str) -> Result<CatalogueCode, ClaimsError> {
	let text = text.trim();
	if !medtrust_primitives::claims::is_catalogue_code(text.as_bytes()) {
		return Err(ClaimsError::Input(format!("not a catalogue code (ASCII letters, digits, '-', '.'): {text:?}")));
	}
	CatalogueCode::try_from(text.as_bytes().to_vec())
		.map_err(|_| ClaimsError::Input(format!("a catalogue code has at most 32 characters: {text}")))
}

/// Reads an amount in yuan (`860`, `860.5`, `860.50`) as fen, refusing negative amounts,
/// more than two decimals and amounts above the chain's maximum.
pub fn parse_yuan(text: &str) -> Result<Fen, ClaimsError> {
	let bad = || ClaimsError::Input(format!("not an amount in yuan with at most two decimals: {text:?}"));
	let text = text.trim();
	let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
	if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || fraction.len() > 2 ||
		!fraction.bytes().all(|b| b.is_ascii_digit())
	{
		return Err(bad());
	}
	let whole: Fen = whole.parse().map_err(|_| bad())?;
	let fraction: Fen = format!("{fraction:0<2}").parse().map_err(|_| bad())?;
	let fen = whole.checked_mul(100).and_then(|f| f.checked_add(fraction)).ok_or_else(bad)?;
	if fen > medtrust_primitives::claims::MAX_AMOUNT {
		return Err(ClaimsError::Input(format!("{text} yuan is above the largest amount the chain accepts")));
	}
	Ok(fen)
}

/// Fen as yuan with two decimals, e.g. `217.00`.
pub fn yuan(fen: Fen) -> String {
	format!("{}.{:02}", fen / 100, fen % 100)
}

impl MedtrustClient {
	/// A claim at the best block.
	pub async fn claim(&self, id: ClaimId) -> Result<ClaimRecord, ClaimsError> {
		Ok(self.rpc("claims_claim", rpc_params![id]).await?)
	}

	/// An anchored invoice and its claims.
	pub async fn invoice_claims(&self, key: &InvoiceKey) -> Result<InvoiceClaims, ClaimsError> {
		Ok(self.rpc("claims_invoice", rpc_params![hex32::to_hex(key)]).await?)
	}

	/// A claim's explanation of benefits.
	pub async fn explanation_of_benefits(&self, id: ClaimId) -> Result<ExplanationOfBenefits, ClaimsError> {
		Ok(self.rpc("claims_eob", rpc_params![id]).await?)
	}

	/// A coverage's accumulators in a policy year (the current one if `None`).
	pub async fn accumulators(&self, coverage: CoverageId, year: Option<PolicyYear>) -> Result<CoverageStanding, ClaimsError> {
		Ok(self.rpc("claims_accumulators", rpc_params![coverage, year]).await?)
	}

	/// Whether a coverage covers a patient's service, with an estimate if asked.
	pub async fn eligibility(&self, query: &EligibilityQuery) -> Result<Eligibility, ClaimsError> {
		Ok(self.rpc("claims_eligibility", rpc_params![query]).await?)
	}

	/// A pre-authorisation.
	pub async fn preauthorization(&self, id: PreauthId) -> Result<Preauthorization, ClaimsError> {
		Ok(self.rpc("claims_preauth", rpc_params![id]).await?)
	}

	/// The paid, uncleared claims of `insurer` to `hospital` paid in `[from, to)`.
	pub async fn clearing_draft(
		&self,
		insurer: OrganizationId,
		hospital: OrganizationId,
		from: Moment,
		to: Moment,
	) -> Result<ClearingDraft, ClaimsError> {
		Ok(self.rpc("claims_clearing", rpc_params![insurer, hospital, from, to]).await?)
	}

	/// A settled clearing statement.
	pub async fn statement(&self, id: StatementId) -> Result<ClearingStatement, ClaimsError> {
		Ok(self.rpc("claims_statement", rpc_params![id]).await?)
	}

	/// The statutory deadlines past due, the longest overdue first, for the regulator: every
	/// page at the best block.
	pub async fn overdue(&self) -> Result<Vec<Overdue>, ClaimsError> {
		let at: H256 = self.rpc("chain_getBlockHash", rpc_params![]).await?;
		let mut overdue = Vec::new();
		let mut cursor = OverdueCursor::default();
		loop {
			let page = self.overdue_page(cursor, MAX_OVERDUE_ANSWER, Some(at)).await?;
			overdue.extend(page.overdue);
			match page.next {
				Some(next) => cursor = next,
				None => return Ok(overdue),
			}
		}
	}

	/// One page of the overdue deadlines from `cursor`, at most `limit` (up to
	/// [`MAX_OVERDUE_ANSWER`]), at block `at` (the best block if `None`).
	pub async fn overdue_page(&self, cursor: OverdueCursor, limit: u32, at: Option<H256>) -> Result<OverduePage, ClaimsError> {
		Ok(self.rpc("claims_overdue", rpc_params![cursor, limit, at]).await?)
	}
}

/// The calls of the claims pallet, built from the SDK's domain types.
pub mod calls {
	use super::*;
	use crate::{runtime, trace::recode};
	use runtime::claims::calls as args;

	type Call<T> = subxt::tx::StaticPayload<T>;

	pub fn register_product(rules: &ProductRules) -> Call<args::RegisterProduct> {
		runtime::tx().claims().register_product(recode(rules))
	}

	pub fn register_coverage(terms: &CoverageTerms) -> Call<args::RegisterCoverage> {
		runtime::tx().claims().register_coverage(recode(terms))
	}

	/// Ends an insurer's coverage at `end` (Unix milliseconds, now or later); once it has
	/// passed, the beneficiary's place is free for another coverage.
	pub fn end_coverage(coverage: CoverageId, end: Moment) -> Call<args::EndCoverage> {
		runtime::tx().claims().end_coverage(coverage, end)
	}

	pub fn anchor_invoice(invoice: &InvoiceAnchor) -> Call<args::AnchorInvoice> {
		runtime::tx().claims().anchor_invoice(recode(invoice))
	}

	/// Up to 64 items.
	pub fn submit_claim(
		coverage: CoverageId,
		invoice: InvoiceKey,
		items: &[ClaimItem],
		preauth: Option<PreauthId>,
	) -> Call<args::SubmitClaim> {
		runtime::tx().claims().submit_claim(coverage, invoice, recode(&items.to_vec()), preauth)
	}

	pub fn pay_claim(claim: ClaimId, reference: DocumentHash) -> Call<args::PayClaim> {
		runtime::tx().claims().pay_claim(claim, reference)
	}

	/// Settles up to 256 claims, in increasing order of id.
	pub fn settle_clearing(
		hospital: OrganizationId,
		from: Moment,
		to: Moment,
		claims: &[ClaimId],
		total: Fen,
	) -> Call<args::SettleClearing> {
		runtime::tx().claims().settle_clearing(hospital, from, to, recode(&claims.to_vec()), total)
	}

	pub fn cancel_claim(claim: ClaimId) -> Call<args::CancelClaim> {
		runtime::tx().claims().cancel_claim(claim)
	}

	pub fn reverse_claim(claim: ClaimId, reason: DocumentHash) -> Call<args::ReverseClaim> {
		runtime::tx().claims().reverse_claim(claim, reason)
	}

	pub fn readjudicate_claim(claim: ClaimId, items: &[ClaimItem]) -> Call<args::ReadjudicateClaim> {
		runtime::tx().claims().readjudicate_claim(claim, recode(&items.to_vec()))
	}

	pub fn appeal_claim(claim: ClaimId, grounds: DocumentHash) -> Call<args::AppealClaim> {
		runtime::tx().claims().appeal_claim(claim, grounds)
	}

	pub fn request_preauth(
		coverage: CoverageId,
		subject: Subject,
		encounter: DocumentHash,
		estimate: Fen,
	) -> Call<args::RequestPreauth> {
		runtime::tx().claims().request_preauth(coverage, subject, encounter, estimate)
	}

	pub fn decide_preauth(preauth: PreauthId, approval: Option<(Fen, Moment)>) -> Call<args::DecidePreauth> {
		runtime::tx().claims().decide_preauth(preauth, approval)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn yuan_amounts_are_read_exactly_and_negative_ones_refused() {
		assert_eq!(parse_yuan("860").unwrap(), 86_000);
		assert_eq!(parse_yuan("860.5").unwrap(), 86_050);
		assert_eq!(parse_yuan("0.07").unwrap(), 7);
		assert!(parse_yuan("-1").is_err());
		assert!(parse_yuan("1.234").is_err());
		assert!(parse_yuan("1e3").is_err());
		assert!(parse_yuan("100000000001").is_err(), "above the chain's maximum");
		assert!(parse_yuan("99999999999999999999").is_err(), "overflows");
		assert_eq!(yuan(21_700), "217.00");
		assert_eq!(yuan(7), "0.07");
	}
}
