//! The `claims_*` JSON-RPC methods: claims, invoices, explanations of benefits, coverages'
//! accumulators and eligibility for hospitals and insurers; clearing drafts for
//! reconciliation; overdue deadlines for the regulator. Each answers through the claims
//! runtime API at the best block (or `at`); unknown ids get an invalid-params error naming
//! what was not found.

use std::sync::Arc;

use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use medtrust_primitives::{
	claims::{
		queries::{
			ClaimRecord, ClearingDraft, CoverageStanding, Eligibility, EligibilityQuery, ExplanationOfBenefits,
			InvoiceClaims, Overdue,
		},
		ClaimId, ClearingStatement, CoverageId, Moment, PolicyYear, PreauthId, Preauthorization, StatementId,
	},
	consent::hex32,
	OrganizationId,
};
use medtrust_runtime::opaque::Block;
use pallet_claims::runtime_api::ClaimsApi;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;

use crate::native_state::{internal, invalid_params, read, Hash};

#[rpc(server, namespace = "claims")]
pub trait ClaimsRpc {
	/// A claim: its items, adjudication breakdown, state, payment and clearing.
	#[method(name = "claim")]
	fn claim(&self, id: ClaimId, at: Option<Hash>) -> RpcResult<ClaimRecord>;

	/// An anchored invoice (by its key, as 64 hex digits) and every claim on it.
	#[method(name = "invoice")]
	fn invoice(&self, key: String, at: Option<Hash>) -> RpcResult<InvoiceClaims>;

	/// A claim's explanation of benefits: the claim, the invoice, the product's rules and the
	/// coverage's standing in the claim's policy year.
	#[method(name = "eob")]
	fn eob(&self, id: ClaimId, at: Option<Hash>) -> RpcResult<ExplanationOfBenefits>;

	/// A coverage's accumulators in a policy year (the current one if none is given).
	#[method(name = "accumulators")]
	fn accumulators(&self, coverage: CoverageId, year: Option<PolicyYear>, at: Option<Hash>)
		-> RpcResult<CoverageStanding>;

	/// Whether a coverage covers a patient's service, and what an invoice would get.
	#[method(name = "eligibility")]
	fn eligibility(&self, query: serde_json::Value, at: Option<Hash>) -> RpcResult<Eligibility>;

	/// A pre-authorisation.
	#[method(name = "preauth")]
	fn preauth(&self, id: PreauthId, at: Option<Hash>) -> RpcResult<Preauthorization>;

	/// The paid, uncleared claims of an insurer to a hospital paid in `[from, to)`, with their
	/// total and the hash a statement settling them will keep.
	#[method(name = "clearing")]
	fn clearing(
		&self,
		insurer: OrganizationId,
		hospital: OrganizationId,
		from: Moment,
		to: Moment,
		at: Option<Hash>,
	) -> RpcResult<ClearingDraft>;

	/// A settled clearing statement.
	#[method(name = "statement")]
	fn statement(&self, id: StatementId, at: Option<Hash>) -> RpcResult<ClearingStatement>;

	/// The statutory deadlines past due (payment within 10 days of agreement, decisions within
	/// 30 days), the oldest first.
	#[method(name = "overdue")]
	fn overdue(&self, at: Option<Hash>) -> RpcResult<Vec<Overdue>>;
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
	fn claim(&self, id: ClaimId, at: Option<Hash>) -> RpcResult<ClaimRecord> {
		let answer = self.client.runtime_api().claim(self.at(at), id).map_err(internal)?;
		found(answer, || format!("no claim has id {id}"))
	}

	fn invoice(&self, key: String, at: Option<Hash>) -> RpcResult<InvoiceClaims> {
		let key = hex32::from_hex(&key).ok_or_else(|| invalid_params("an invoice key is 32 bytes as 64 hex digits"))?;
		let answer = self.client.runtime_api().invoice(self.at(at), key).map_err(internal)?;
		found(answer, || format!("no invoice with key {} was anchored", hex32::to_hex(&key)))
	}

	fn eob(&self, id: ClaimId, at: Option<Hash>) -> RpcResult<ExplanationOfBenefits> {
		let answer = self.client.runtime_api().explanation_of_benefits(self.at(at), id).map_err(internal)?;
		found(answer, || format!("no claim has id {id}"))
	}

	fn accumulators(
		&self,
		coverage: CoverageId,
		year: Option<PolicyYear>,
		at: Option<Hash>,
	) -> RpcResult<CoverageStanding> {
		let answer = self.client.runtime_api().standing(self.at(at), coverage, year).map_err(internal)?;
		found(answer, || format!("no coverage has id {coverage}"))
	}

	fn eligibility(&self, query: serde_json::Value, at: Option<Hash>) -> RpcResult<Eligibility> {
		let query: EligibilityQuery = read("eligibility query", query)?;
		self.client.runtime_api().eligibility(self.at(at), query).map_err(internal)
	}

	fn preauth(&self, id: PreauthId, at: Option<Hash>) -> RpcResult<Preauthorization> {
		let answer = self.client.runtime_api().preauthorization(self.at(at), id).map_err(internal)?;
		found(answer, || format!("no pre-authorisation has id {id}"))
	}

	fn clearing(
		&self,
		insurer: OrganizationId,
		hospital: OrganizationId,
		from: Moment,
		to: Moment,
		at: Option<Hash>,
	) -> RpcResult<ClearingDraft> {
		if from >= to {
			return Err(invalid_params("a clearing period's end must be after its start"));
		}
		self.client.runtime_api().clearing_draft(self.at(at), insurer, hospital, from, to).map_err(internal)
	}

	fn statement(&self, id: StatementId, at: Option<Hash>) -> RpcResult<ClearingStatement> {
		let answer = self.client.runtime_api().statement(self.at(at), id).map_err(internal)?;
		found(answer, || format!("no clearing statement has id {id}"))
	}

	fn overdue(&self, at: Option<Hash>) -> RpcResult<Vec<Overdue>> {
		self.client.runtime_api().overdue(self.at(at)).map_err(internal)
	}
}
