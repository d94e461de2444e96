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
//! - [`invoice_key`]: the one lock per e-invoice, the same whichever insurer computes it.

pub mod adjudication;
pub mod queries;
pub mod records;

pub use adjudication::{adjudicate, AdjudicationError, AdjudicationInput};
pub use records::*;

/// The key of an e-invoice: BLAKE2-256 over a domain tag and the SCALE encoding of the invoice
/// code, the invoice number and the issuer's unified social credit code.
///
/// It is deterministic, so every insurer (and the hospital that anchors the invoice) computes
/// the same key from the paper or electronic invoice, and the chain keeps one lock per
/// invoice across all insurers. The inputs are not personal data.
pub fn invoice_key(invoice_code: &str, invoice_number: &str, issuer_credit_code: &str) -> InvoiceKey {
	use codec::Encode;
	let mut preimage = b"medtrust/e-invoice/v1".to_vec();
	(invoice_code.trim(), invoice_number.trim(), issuer_credit_code.trim()).encode_to(&mut preimage);
	sp_crypto_hashing::blake2_256(&preimage)
}

/// The version of a product's rules: BLAKE2-256 of their SCALE encoding.
pub fn rules_hash(rules: &ProductRules) -> RulesHash {
	sp_crypto_hashing::blake2_256(&codec::Encode::encode(rules))
}

#[cfg(test)]
mod tests;
