//! Reading runtime storage natively, for the RPC methods on a hot path (`trace_verify`,
//! `consent_decide`): they read the records straight from the state database and run the
//! runtime's own decision code, without entering wasm.

use std::sync::Arc;

use codec::Decode;
use jsonrpsee::{
	core::RpcResult,
	types::{error::ErrorObjectOwned, ErrorObject},
};
use medtrust_primitives::{trace::keys, OrganizationId, Role};
use medtrust_runtime::opaque::Block;
use sc_client_api::{backend::TrieCacheContext, Backend, StateBackend};
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

pub type Hash = <Block as BlockT>::Hash;

/// An RPC error for a request the caller got wrong.
pub fn invalid_params(message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObject::owned(jsonrpsee::types::error::INVALID_PARAMS_CODE, message.into(), None::<()>)
}

/// An RPC error for a failure of the node.
pub fn internal(message: impl ToString) -> ErrorObjectOwned {
	ErrorObject::owned(jsonrpsee::types::error::INTERNAL_ERROR_CODE, message.to_string(), None::<()>)
}

/// The records in one block's state, read natively.
pub struct NativeView<S> {
	state: S,
}

impl<S: StateBackend<sp_runtime::traits::HashingFor<Block>>> NativeView<S> {
	/// The state at `at`, or at the best block.
	pub fn at<C, B>(client: &Arc<C>, backend: &Arc<B>, at: Option<Hash>) -> RpcResult<NativeView<B::State>>
	where
		C: HeaderBackend<Block>,
		B: Backend<Block, State = S>,
	{
		let hash = at.unwrap_or_else(|| client.info().best_hash);
		// A query reads a bounded handful of keys, so, like block import, it may use the
		// trusted context: what it reads is kept in the node's shared trie cache and the next
		// query of the same records is answered from memory.
		let state = backend.state_at(hash, TrieCacheContext::Trusted).map_err(internal)?;
		Ok(NativeView { state })
	}

	/// The value under `key`, decoded.
	pub fn get<T: Decode>(&self, key: &[u8]) -> Option<T> {
		let bytes = self.state.storage(key).ok()??;
		T::decode(&mut &bytes[..]).ok()
	}

	/// The bytes under `key`.
	pub fn raw(&self, key: &[u8]) -> Option<Vec<u8>> {
		self.state.storage(key).ok()?
	}

	/// The block's time, in Unix milliseconds.
	pub fn now_millis(&self) -> u64 {
		self.get::<u64>(&keys::timestamp_now()).unwrap_or_default()
	}

	/// Whether the organisation is active and holds the role. Roles and status lead the
	/// record, so only they are decoded.
	pub fn organization_has_role(&self, organization: OrganizationId, role: Role) -> bool {
		let Some(bytes) = self.state.storage(&keys::organization(organization)).ok().flatten() else { return false };
		keys::decode_organization_roles(&bytes).is_some_and(|roles| roles.contains(role)) &&
			keys::decode_organization_is_active(&bytes)
	}
}

/// Reads a JSON parameter, saying precisely what is wrong with it in the error's message
/// rather than in its data (`medtrust_primitives::rpc_params`, which the fuzzer runs too).
pub fn read<T: serde::de::DeserializeOwned>(what: &str, value: serde_json::Value) -> RpcResult<T> {
	medtrust_primitives::rpc_params::read(what, value).map_err(invalid_params)
}
