//! The `consent_*` JSON-RPC methods: access decisions for hospitals and the access log for
//! auditors.
//!
//! `consent_decide` is the hot path: it reads the subject's consents straight from the state
//! database and runs the runtime's own decision code (`medtrust_primitives::consent::decide`)
//! natively; `consent_decideInRuntime` asks the runtime API, so the two can be compared.
//!
//! `consent_audit` answers auditors' questions through the runtime API. The question must be
//! signed (ed25519, as the SDK signs, or sr25519) by an account of the asking organisation over
//! `medtrust_primitives::consent::audit::signing_payload`, within five minutes of the node's
//! clock; the runtime then checks that the organisation may read what it asks.

use std::{
	sync::Arc,
	time::{SystemTime, UNIX_EPOCH},
};

use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use medtrust_primitives::{
	consent::{
		self,
		audit::{signing_payload, AuditAnswer, AuditQuery, AuditSignature, AUDIT_SIGNATURE_VALIDITY_MS},
		keys, AccessRequest, ConsentHead, ConsentId, ConsentTerms, ConsentView, DecisionReport, LogHead, Subject,
		SubjectRecord, Version,
	},
	OrganizationId, Role,
};
use medtrust_runtime::{opaque::Block, AccountId};
use pallet_consent::runtime_api::ConsentApi;
use sc_client_api::{Backend, StateBackend};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{
	crypto::{Ss58Codec, UncheckedFrom},
	ed25519, sr25519,
};

use crate::native_state::{internal, invalid_params, read, Hash, NativeView};

#[rpc(server, namespace = "consent")]
pub trait ConsentRpc {
	/// May `request.organization`, acting as `request.role`, do `request.action` on
	/// `request.data_class` of `request.subject` for `request.purpose` now (at the best block,
	/// or `at`)?
	#[method(name = "decide")]
	fn decide(&self, request: serde_json::Value, at: Option<Hash>) -> RpcResult<DecisionReport>;

	/// The same decision, computed by the runtime API.
	#[method(name = "decideInRuntime")]
	fn decide_in_runtime(&self, request: serde_json::Value, at: Option<Hash>) -> RpcResult<DecisionReport>;

	/// The head of a subject's access log (its length and last hash), for checking an export.
	#[method(name = "logHead")]
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

/// The account that signed `query`, if the signature is good and fresh.
fn signer(query: &AuditQuery, signed: &AuditSignature) -> RpcResult<AccountId> {
	let account = AccountId::from_ss58check(&signed.account)
		.map_err(|e| invalid_params(format!("the account is not an SS58 address: {e:?}")))?;
	let now = SystemTime::now().duration_since(UNIX_EPOCH).map_err(internal)?.as_millis() as u64;
	if now.abs_diff(signed.issued_at) > AUDIT_SIGNATURE_VALIDITY_MS {
		return Err(invalid_params("the signature is not fresh: sign the question again (5 minutes' validity)"));
	}
	let bytes = hex::decode(signed.signature.trim_start_matches("0x"))
		.ok()
		.and_then(|bytes| <[u8; 64]>::try_from(bytes).ok())
		.ok_or_else(|| invalid_params("a signature is 64 bytes as hex"))?;
	// Accounts are ed25519 keys (the SDK's signer) or sr25519 keys: either scheme is accepted.
	let raw = <[u8; 32]>::from(account.clone());
	let payload = signing_payload(query, signed.issued_at);
	let by_ed25519 = <ed25519::Pair as sp_core::Pair>::verify(
		&ed25519::Signature::from_raw(bytes),
		&payload,
		&ed25519::Public::unchecked_from(raw),
	);
	let by_sr25519 = || {
		<sr25519::Pair as sp_core::Pair>::verify(
			&sr25519::Signature::from_raw(bytes),
			&payload,
			&sr25519::Public::unchecked_from(raw),
		)
	};
	if !(by_ed25519 || by_sr25519()) {
		return Err(invalid_params("the signature does not match the account and the question"));
	}
	Ok(account)
}

impl<C, B> ConsentRpcServer for ConsentRpcImpl<C, B>
where
	C: HeaderBackend<Block> + ProvideRuntimeApi<Block> + Send + Sync + 'static,
	C::Api: ConsentApi<Block, AccountId>,
	B: Backend<Block> + Send + Sync + 'static,
{
	fn decide(&self, request: serde_json::Value, at: Option<Hash>) -> RpcResult<DecisionReport> {
		let request: AccessRequest = read("request", request)?;
		let view = NativeView::at(&self.client, &self.backend, at)?;
		Ok(consent::decide(&view, &request, view.now_millis()).into())
	}

	fn decide_in_runtime(&self, request: serde_json::Value, at: Option<Hash>) -> RpcResult<DecisionReport> {
		let request: AccessRequest = read("request", request)?;
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		Ok(self.client.runtime_api().decide(hash, request).map_err(internal)?.into())
	}

	fn log_head(&self, subject: String, at: Option<Hash>) -> RpcResult<LogHead> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().log_head(hash, parse_subject(&subject)?).map_err(internal)
	}

	fn audit(&self, query: serde_json::Value, signed: AuditSignature, at: Option<Hash>) -> RpcResult<AuditAnswer> {
		let query: AuditQuery = read("query", query)?;
		let account = signer(&query, &signed)?;
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client
			.runtime_api()
			.audit(hash, account, query)
			.map_err(internal)?
			.map_err(|refusal| invalid_params(format!("audit refused: {}", refusal.message())))
	}
}
