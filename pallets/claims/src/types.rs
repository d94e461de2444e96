//! The claims pallet's types: the records shared with the runtime API and the SDK
//! (`medtrust_primitives::claims`).

pub use medtrust_primitives::claims::{
	Accumulator, Adjudication, CatalogueCode, Claim, ClaimId, ClaimItem, ClaimItems, ClaimState, ClearingStatement,
	Coverage, CoverageId, CoveragePeriod, CoverageTerms, Deadline, DeadlineFor, DocumentHash, Fen, Invoice,
	InvoiceAnchor, InvoiceKey, Moment, Outcome, Payment, PolicyYear, PreauthId, PreauthState, Preauthorization,
	ProductRules, Ratio, RulesHash, SelfPay, StatementId, Subject, MAX_AMOUNT, MAX_CLAIMS_PER_INVOICE,
	MAX_CLAIM_ITEMS, MAX_COVERAGES_PER_BENEFICIARY, MAX_EXCLUSIONS, MAX_STATEMENT_CLAIMS,
};

/// What a submitted claim read beyond its fixed cost, by which its weight is refunded.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ClaimReads {
	/// The subject's consents the consent decision read.
	pub consents: u32,
	/// The invoice's earlier claims or the beneficiary's other coverages, whichever is more.
	pub earlier: u32,
}
