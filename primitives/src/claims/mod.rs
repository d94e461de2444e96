//! Commercial health insurance one-stop (direct-pay) claims: the products, coverages, anchored
//! invoices and claims the chain keeps, the deterministic adjudication of a claim, and the
//! answers the runtime API gives.
//!
//! - [`records`]: amounts in fen, product rules, coverages, invoices, claims, pre-authorisations
//!   and clearing statements as stored;
//! - [`adjudication`]: the indemnity rule, one pure function used by the pallet (in the block
//!   that includes a claim), the eligibility estimate and the SDK;
//! - [`queries`]: what the runtime API answers (a claim, an invoice's claims, an explanation of
//!   benefits, accumulators, eligibility, a clearing draft, overdue items);
//! - [`invoice_key_preimage`]: what the one lock per e-invoice commits to; members key it with
//!   the consortium's invoice key, so everyone in the consortium computes the same lock and
//!   no one outside it can find a patient's claims from a paper invoice;
//! - [`items_hash`]: what a claim keeps of its items.

pub mod adjudication;
pub mod queries;
pub mod records;

pub use adjudication::{adjudicate, AdjudicationError, AdjudicationInput};
pub use records::*;

/// The bytes an e-invoice's key commits to: a domain tag and the SCALE encoding of the invoice
/// code, the invoice number and the issuer's unified social credit code, trimmed.
///
/// The key itself is HMAC-SHA-256 of these bytes under the consortium's invoice key, which
/// members hold off chain (the SDK's `claims::InvoiceKeys`): every insurer and the anchoring
/// hospital compute the same key, so the chain keeps one lock per invoice across all insurers,
/// but a person holding the paper invoice, or an operator reading raw state, cannot link it to
/// the patient's claims.
pub fn invoice_key_preimage(invoice_code: &str, invoice_number: &str, issuer_credit_code: &str) -> alloc::vec::Vec<u8> {
	use codec::Encode;
	let mut preimage = b"medtrust/e-invoice/v2".to_vec();
	(invoice_code.trim(), invoice_number.trim(), issuer_credit_code.trim()).encode_to(&mut preimage);
	preimage
}

/// What a claim keeps of its items: BLAKE2-256 of their SCALE encoding, in the order claimed.
pub fn items_hash(items: &[ClaimItem]) -> ItemsHash {
	sp_crypto_hashing::blake2_256(&codec::Encode::encode(items))
}

/// The version of a product's rules: BLAKE2-256 of their SCALE encoding.
pub fn rules_hash(rules: &ProductRules) -> RulesHash {
	sp_crypto_hashing::blake2_256(&codec::Encode::encode(rules))
}

#[cfg(test)]
mod tests;
