//! The `claims_*` JSON-RPC methods: claims, invoices, explanations of benefits, coverages'
//! accumulators and eligibility for hospitals and insurers; clearing drafts for
//! reconciliation; overdue deadlines for the regulator. Each answers through the claims
//! runtime API at the best block (or `at`), and only to the record's parties (its insurer, its
//! hospital), auditors, regulators and the node's operator; unknown ids get an invalid-params
//! error naming what was not found.

use std::sync::Arc;

use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use medtrust_primitives::{
	claims::{
		queries::{
			ClaimRecord, ClearingDraft, CoverageStanding, Eligibility, EligibilityQuery, ExplanationOfBenefits,
			InvoiceClaims, OverdueCursor, OverduePage,
		},
		ClaimId, ClearingStatement, CoverageId, Moment, PolicyYear, PreauthId, Preauthorization, StatementId,
	},
	consent::hex32,
	OrganizationId,
};
use medtrust_runtime::opaque::Block;
use medtrust_runtime_api::ClaimsApi;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;

use crate::{
	gate::{credentials::Caller, policy::not_allowed},
	native_state::{internal, invalid_params, read, Hash},
};

/// Whether the caller is an overseer (auditor, regulator, the operator) or one of `parties`.
fn ensure_party(ext: &jsonrpsee::Extensions, parties: &[OrganizationId], what: &str) -> RpcResult<()> {
	let caller = Caller::of(ext);
	if caller.is_overseer() || parties.iter().any(|party| caller.is_or_operator(*party)) {
		return Ok(());
	}
	Err(not_allowed(format!("only {what}, auditors and regulators may read this")))
}

#[rpc(server, namespace = "claims")]
pub trait ClaimsRpc {
	/// A claim: its items, adjudication breakdown, state, payment and clearing.
	#[method(name = "claim", with_extensions)]
	fn claim(&self, id: ClaimId, at: Option<Hash>) -> RpcResult<ClaimRecord>;

	/// An anchored invoice (by its key, as 64 hex digits) and every claim on it.
	#[method(name = "invoice", with_extensions)]
	fn invoice(&self, key: String, at: Option<Hash>) -> RpcResult<InvoiceClaims>;

	/// A claim's explanation of benefits: the claim, the invoice, the product's rules and the
	/// coverage's standing in the claim's policy year.
	#[method(name = "eob", with_extensions)]
	fn eob(&self, id: ClaimId, at: Option<Hash>) -> RpcResult<ExplanationOfBenefits>;

	/// A coverage's accumulators in a policy year (the current one if none is given).
	#[method(name = "accumulators", with_extensions)]
	fn accumulators(&self, coverage: CoverageId, year: Option<PolicyYear>, at: Option<Hash>)
		-> RpcResult<CoverageStanding>;

	/// Whether a coverage covers a patient's service, and what an invoice would get.
	#[method(name = "eligibility", with_extensions)]
	fn eligibility(&self, query: serde_json::Value, at: Option<Hash>) -> RpcResult<Eligibility>;

	/// A pre-authorisation.
	#[method(name = "preauth", with_extensions)]
	fn preauth(&self, id: PreauthId, at: Option<Hash>) -> RpcResult<Preauthorization>;

	/// The paid, uncleared claims of an insurer to a hospital paid in `[from, to)`, with their
	/// total and the hash a statement settling them will keep.
	#[method(name = "clearing", with_extensions)]
	fn clearing(&self,
		insurer: OrganizationId,
		hospital: OrganizationId,
		from: Moment,
		to: Moment,
		at: Option<Hash>,
	) -> RpcResult<ClearingDraft>;

	/// A settled clearing statement.
	#[method(name = "statement", with_extensions)]
	fn statement(&self, id: StatementId, at: Option<Hash>) -> RpcResult<ClearingStatement>;

	/// A page of the statutory deadlines past due (payment within 10 days of agreement,
	/// decisions within 30 days), the longest overdue first, from `cursor` (the start if
	/// none), at most `limit` (1,000 if none, at most 1,000); the answer's `next` is the cursor
	/// of the following page.
	#[method(name = "overdue", with_extensions)]
	fn overdue(&self, cursor: Option<OverdueCursor>, limit: Option<u32>, at: Option<Hash>) -> RpcResult<OverduePage>;
}

/// The `claims_*` methods over a client.
pub struct ClaimsRpcImpl<C> {
	client: Arc<C>,
}

impl<C> ClaimsRpcImpl<C> {
	pub fn new(client: Arc<C>) -> Self {
		ClaimsRpcImpl { client }
	}
}

fn found<T>(answer: Option<T>, what: impl FnOnce() -> String) -> RpcResult<T> {
	answer.ok_or_else(|| invalid_params(what()))
}

impl<C> ClaimsRpcImpl<C>
where
	C: HeaderBackend<Block> + ProvideRuntimeApi<Block>,
{
	fn at(&self, at: Option<Hash>) -> Hash {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}
}

impl<C> ClaimsRpcServer for ClaimsRpcImpl<C>
where
	C: HeaderBackend<Block> + ProvideRuntimeApi<Block> + Send + Sync + 'static,
	C::Api: ClaimsApi<Block>,
{
	fn claim(&self, ext: &jsonrpsee::Extensions, id: ClaimId, at: Option<Hash>) -> RpcResult<ClaimRecord> {
		let answer = self.client.runtime_api().claim(self.at(at), id).map_err(internal)?;
		let record = found(answer, || format!("no claim has id {id}"))?;
		ensure_party(ext, &[record.claim.insurer, record.claim.hospital], "the claim's insurer and hospital")?;
		Ok(record)
	}

	fn invoice(&self, ext: &jsonrpsee::Extensions, key: String, at: Option<Hash>) -> RpcResult<InvoiceClaims> {
		let key = hex32::from_hex(&key).ok_or_else(|| invalid_params("an invoice key is 32 bytes as 64 hex digits"))?;
		let answer = self.client.runtime_api().invoice(self.at(at), key).map_err(internal)?;
		let invoice = found(answer, || format!("no invoice with key {} was anchored", hex32::to_hex(&key)))?;
		let mut parties = vec![invoice.invoice.issuer];
		parties.extend(invoice.claims.iter().map(|c| c.claim.insurer));
		ensure_party(ext, &parties, "the invoice's hospital and the insurers claimed from")?;
		Ok(invoice)
	}

	fn eob(&self, ext: &jsonrpsee::Extensions, id: ClaimId, at: Option<Hash>) -> RpcResult<ExplanationOfBenefits> {
		let answer = self.client.runtime_api().explanation_of_benefits(self.at(at), id).map_err(internal)?;
		let eob = found(answer, || format!("no claim has id {id}"))?;
		ensure_party(ext, &[eob.claim.claim.insurer, eob.claim.claim.hospital], "the claim's insurer and hospital")?;
		Ok(eob)
	}

	fn accumulators(&self, ext: &jsonrpsee::Extensions,
		coverage: CoverageId,
		year: Option<PolicyYear>,
		at: Option<Hash>,
	) -> RpcResult<CoverageStanding> {
		let answer = self.client.runtime_api().standing(self.at(at), coverage, year).map_err(internal)?;
		let standing = found(answer, || format!("no coverage has id {coverage}"))?;
		ensure_party(ext, &[standing.coverage.insurer], "the coverage's insurer")?;
		Ok(standing)
	}

	fn eligibility(&self, ext: &jsonrpsee::Extensions, query: serde_json::Value, at: Option<Hash>) -> RpcResult<Eligibility> {
		let query: EligibilityQuery = read("eligibility query", query)?;
		// A hospital asks for the patient in front of it: it must know the subject's commitment.
		let caller = Caller::of(ext);
		let is_hospital = caller.member().is_some_and(|m| m.roles.contains(medtrust_primitives::Role::Hospital));
		let eligibility = self.client.runtime_api().eligibility(self.at(at), query).map_err(internal)?;
		if !is_hospital {
			let insurer = eligibility.standing.map(|s| s.coverage.insurer).unwrap_or(OrganizationId::MAX);
			ensure_party(ext, &[insurer], "hospitals and the coverage's insurer")?;
		}
		Ok(eligibility)
	}

	fn preauth(&self, ext: &jsonrpsee::Extensions, id: PreauthId, at: Option<Hash>) -> RpcResult<Preauthorization> {
		let answer = self.client.runtime_api().preauthorization(self.at(at), id).map_err(internal)?;
		let preauth = found(answer, || format!("no pre-authorisation has id {id}"))?;
		ensure_party(ext, &[preauth.insurer, preauth.hospital], "the pre-authorisation's insurer and hospital")?;
		Ok(preauth)
	}

	fn clearing(&self, ext: &jsonrpsee::Extensions,
		insurer: OrganizationId,
		hospital: OrganizationId,
		from: Moment,
		to: Moment,
		at: Option<Hash>,
	) -> RpcResult<ClearingDraft> {
		if from >= to {
			return Err(invalid_params("a clearing period's end must be after its start"));
		}
		ensure_party(ext, &[insurer, hospital], "the insurer and the hospital clearing")?;
		self.client.runtime_api().clearing_draft(self.at(at), insurer, hospital, from, to).map_err(internal)
	}

	fn statement(&self, ext: &jsonrpsee::Extensions, id: StatementId, at: Option<Hash>) -> RpcResult<ClearingStatement> {
		let answer = self.client.runtime_api().statement(self.at(at), id).map_err(internal)?;
		let statement = found(answer, || format!("no clearing statement has id {id}"))?;
		ensure_party(ext, &[statement.insurer, statement.hospital], "the statement's insurer and hospital")?;
		Ok(statement)
	}

	fn overdue(
		&self,
		ext: &jsonrpsee::Extensions,
		cursor: Option<OverdueCursor>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<OverduePage> {
		ensure_party(ext, &[], "the consortium's overseers")?;
		let max = medtrust_primitives::claims::queries::MAX_OVERDUE_ANSWER;
		let limit = limit.unwrap_or(max);
		if limit == 0 || limit > max {
			return Err(invalid_params(format!("limit must be 1 to {max}")));
		}
		self.client.runtime_api().overdue(self.at(at), cursor.unwrap_or_default(), limit).map_err(internal)
	}
}
