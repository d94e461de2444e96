//! The claims runtime API, behind the node's `claims_*` JSON-RPC methods.

use medtrust_primitives::{
	claims::{
		queries::{
			ClaimRecord, ClearingDraft, CoverageStanding, Eligibility, EligibilityQuery, ExplanationOfBenefits,
			InvoiceClaims, OverdueCursor, OverduePage,
		},
		ClaimId, ClearingStatement, CoverageId, InvoiceKey, Moment, PolicyYear, PreauthId, Preauthorization,
		StatementId,
	},
	OrganizationId,
};

sp_api::decl_runtime_apis! {
	/// Queries of claims, invoices, coverages and clearing. Version 2 pages the overdue
	/// deadlines.
	#[api_version(2)]
	pub trait ClaimsApi {
		/// A claim.
		fn claim(id: ClaimId) -> Option<ClaimRecord>;
		/// An anchored invoice and its claims.
		fn invoice(key: InvoiceKey) -> Option<InvoiceClaims>;
		/// A claim's explanation of benefits.
		fn explanation_of_benefits(id: ClaimId) -> Option<ExplanationOfBenefits>;
		/// A coverage's accumulators in a policy year (the current one if none).
		fn standing(coverage: CoverageId, year: Option<PolicyYear>) -> Option<CoverageStanding>;
		/// Whether a coverage covers a patient's service now (or at the time asked).
		fn eligibility(query: EligibilityQuery) -> Eligibility;
		/// A pre-authorisation.
		fn preauthorization(id: PreauthId) -> Option<Preauthorization>;
		/// The paid, uncleared claims of an insurer to a hospital paid in `[from, to)`.
		fn clearing_draft(insurer: OrganizationId, hospital: OrganizationId, from: Moment, to: Moment) -> ClearingDraft;
		/// A settled clearing statement.
		fn statement(id: StatementId) -> Option<ClearingStatement>;
		/// The statutory deadlines past due, for the regulator (at most 1,000, unpaged).
		#[changed_in(2)]
		fn overdue() -> alloc::vec::Vec<medtrust_primitives::claims::queries::Overdue>;
		/// A page of the statutory deadlines past due, the longest overdue first, from a cursor
		/// (the default cursor for the first page).
		fn overdue(cursor: OverdueCursor, limit: u32) -> OverduePage;
	}
}
