//! The `consent_*` JSON-RPC methods: access decisions for hospitals and the access log for
//! auditors.
//!
//! `consent_decide` is the hot path: it reads the subject's consents straight from the state
//! database and runs the runtime's own decision code (`medtrust_primitives::consent::decide`)
//! natively; `consent_decideInRuntime` asks the runtime API, so the two can be compared.
//!
//! A member asks decisions for its own organisation (auditors and regulators for any), and
//! reads a log's head only for a subject it manages (auditors and regulators for any).
//!
//! `consent_audit` answers auditors' questions through the runtime API. The question must be
//! signed (ed25519, as the SDK signs, or sr25519) by an account of the asking organisation over
//! `medtrust_primitives::consent::audit::signing_payload` for the block it is asked at; the
//! runtime checks the signature, the block and the freshness itself, then that the
//! organisation may read what it asks.

use std::sync::Arc;

use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use medtrust_primitives::{
	consent::{
		self,
		audit::{signing_payload, AuditAnswer, AuditQuery, AuditSignature, SignedAuditQuery},
		keys, AccessRequest, ConsentHead, ConsentId, ConsentTerms, ConsentView, DecisionReport, LogHead, Subject,
		SubjectRecord, Version,
	},
	OrganizationId, Role,
};
use medtrust_runtime::{opaque::Block, AccountId, Signature};
use medtrust_runtime_api::ConsentApi;
use sc_client_api::{Backend, StateBackend};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{
	crypto::{Ss58Codec, UncheckedFrom},
	ed25519, sr25519,
};

use crate::{
	gate::{credentials::Caller, policy::not_allowed},
	native_state::{internal, invalid_params, read, Hash, NativeView},
};

#[rpc(server, namespace = "consent")]
pub trait ConsentRpc {
	/// May `request.organization`, acting as `request.role`, do `request.action` on
	/// `request.data_class` of `request.subject` for `request.purpose` now (at the best block,
	/// or `at`)?
	#[method(name = "decide", with_extensions)]
	fn decide(&self, request: serde_json::Value, at: Option<Hash>) -> RpcResult<DecisionReport>;

	/// The same decision, computed by the runtime API.
	#[method(name = "decideInRuntime", with_extensions)]
	fn decide_in_runtime(&self, request: serde_json::Value, at: Option<Hash>) -> RpcResult<DecisionReport>;

	/// The head of a subject's access log (its length and last hash), for checking an export.
	#[method(name = "logHead", with_extensions)]
	fn log_head(&self, subject: String, at: Option<Hash>) -> RpcResult<LogHead>;

	/// Answers a signed audit question.
	#[method(name = "audit")]
	fn audit(&self, query: serde_json::Value, signed: AuditSignature, at: Option<Hash>) -> RpcResult<AuditAnswer>;
}

/// The `consent_*` methods over a client and its database backend.
pub struct ConsentRpcImpl<C, B> {
	client: Arc<C>,
	backend: Arc<B>,
}

impl<C, B> ConsentRpcImpl<C, B> {
	pub fn new(client: Arc<C>, backend: Arc<B>) -> Self {
		ConsentRpcImpl { client, backend }
	}
}

impl<S: StateBackend<sp_runtime::traits::HashingFor<Block>>> ConsentView for NativeView<S> {
	fn subject(&self, subject: &Subject) -> Option<SubjectRecord> {
		self.get(&keys::subject(subject))
	}
	fn consent_head(&self, id: ConsentId) -> Option<ConsentHead> {
		self.get(&keys::consent_head(id))
	}
	fn consent_terms(&self, id: ConsentId, version: Version) -> Option<ConsentTerms> {
		self.get(&keys::consent_terms(id, version))
	}
	fn organization_has_role(&self, organization: OrganizationId, role: Role) -> bool {
		NativeView::organization_has_role(self, organization, role)
	}
}

fn parse_subject(text: &str) -> RpcResult<Subject> {
	consent::hex32::from_hex(text).ok_or_else(|| invalid_params("a subject is 32 bytes as 64 hex digits"))
}

/// The signed question as the runtime API takes it. The scheme (ed25519, as the SDK signs,
/// or sr25519) is the one the signature verifies under; the runtime checks it again, with
/// the block and the freshness.
fn signed_query(query: AuditQuery, signed: &AuditSignature, genesis: &[u8]) -> RpcResult<SignedAuditQuery<AccountId, Signature>> {
	let account = AccountId::from_ss58check(&signed.account)
		.map_err(|e| invalid_params(format!("the account is not an SS58 address: {e:?}")))?;
	let bytes = hex::decode(signed.signature.trim_start_matches("0x"))
		.ok()
		.and_then(|bytes| <[u8; 64]>::try_from(bytes).ok())
		.ok_or_else(|| invalid_params("a signature is 64 bytes as hex"))?;
	let raw = <[u8; 32]>::from(account.clone());
	let payload = signing_payload(genesis, signed.block, signed.issued_at, &query);
	let ed25519 = ed25519::Signature::from_raw(bytes);
	let signature = if <ed25519::Pair as sp_core::Pair>::verify(&ed25519, &payload, &ed25519::Public::unchecked_from(raw)) {
		Signature::Ed25519(ed25519)
	} else {
		Signature::Sr25519(sr25519::Signature::from_raw(bytes))
	};
	Ok(SignedAuditQuery { query, requester: account, block: signed.block, issued_at: signed.issued_at, signature })
}

/// A member asks decisions for its own organisation; auditors, regulators and the operator
/// for any.
fn ensure_own_request(ext: &jsonrpsee::Extensions, request: &AccessRequest) -> RpcResult<()> {
	let caller = Caller::of(ext);
	if caller.is_overseer() || caller.is_or_operator(request.organization) {
		return Ok(());
	}
	Err(not_allowed(format!("a member asks decisions for its own organisation, not {}", request.organization)))
}

impl<C, B> ConsentRpcServer for ConsentRpcImpl<C, B>
where
	C: HeaderBackend<Block> + ProvideRuntimeApi<Block> + Send + Sync + 'static,
	C::Api: ConsentApi<Block, AccountId, Signature>,
	B: Backend<Block> + Send + Sync + 'static,
{
	fn decide(&self, ext: &jsonrpsee::Extensions, request: serde_json::Value, at: Option<Hash>) -> RpcResult<DecisionReport> {
		let request: AccessRequest = read("request", request)?;
		ensure_own_request(ext, &request)?;
		let view = NativeView::at(&self.client, &self.backend, at)?;
		Ok(consent::decide(&view, &request, view.now_millis()).into())
	}

	fn decide_in_runtime(
		&self,
		ext: &jsonrpsee::Extensions,
		request: serde_json::Value,
		at: Option<Hash>,
	) -> RpcResult<DecisionReport> {
		let request: AccessRequest = read("request", request)?;
		ensure_own_request(ext, &request)?;
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		Ok(self.client.runtime_api().decide(hash, request).map_err(internal)?.into())
	}

	fn log_head(&self, ext: &jsonrpsee::Extensions, subject: String, at: Option<Hash>) -> RpcResult<LogHead> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let subject = parse_subject(&subject)?;
		let caller = Caller::of(ext);
		if !caller.is_overseer() {
			let view = NativeView::at(&self.client, &self.backend, Some(hash))?;
			let manages = caller.member().zip(view.subject(&subject)).is_some_and(|(m, r)| r.is_managed_by(m.organization));
			if !manages {
				return Err(not_allowed(
					"only the subject's home organisation, its delegate, auditors and regulators read its log's head",
				));
			}
		}
		self.client.runtime_api().log_head(hash, subject).map_err(internal)
	}

	fn audit(&self, query: serde_json::Value, signed: AuditSignature, at: Option<Hash>) -> RpcResult<AuditAnswer> {
		let query: AuditQuery = read("query", query)?;
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let signed = signed_query(query, &signed, self.client.info().genesis_hash.as_ref())?;
		self.client
			.runtime_api()
			.audit(hash, signed)
			.map_err(internal)?
			.map_err(|refusal| invalid_params(format!("audit refused: {}", refusal.message())))
	}
}
