//! The node's JSON-RPC methods beyond Substrate's standard ones.

use std::sync::Arc;

use jsonrpsee::RpcModule;
use medtrust_runtime::{opaque::Block, AccountId, Nonce};
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the RPC methods need from the node.
pub struct FullDeps<C, P, B> {
	/// The client.
	pub client: Arc<C>,
	/// The database backend, for the native scan path.
	pub backend: Arc<B>,
	/// The transaction pool.
	pub pool: Arc<P>,
}

/// The RPC methods of a full node.
pub fn create_full<C, P, B>(deps: FullDeps<C, P, B>) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ sc_client_api::BlockBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: BlockBuilder<Block>,
	C::Api: medtrust_runtime_api::TraceabilityApi<Block>,
	C::Api: medtrust_runtime_api::ConsentApi<Block, AccountId, medtrust_runtime::Signature>,
	C::Api: medtrust_runtime_api::ClaimsApi<Block>,
	P: TransactionPool + 'static,
	B: sc_client_api::Backend<Block> + Send + Sync + 'static,
{
	use crate::{
		claims_rpc::{ClaimsRpcImpl, ClaimsRpcServer},
		consent_rpc::{ConsentRpcImpl, ConsentRpcServer},
		submission_rpc::{SubmissionRpcImpl, SubmissionRpcServer},
		trace_rpc::{Trace, TraceApiServer},
	};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool, backend } = deps;
	module.merge(Trace::new(client.clone(), backend.clone()).into_rpc())?;
	module.merge(ConsentRpcImpl::new(client.clone(), backend.clone()).into_rpc())?;
	module.merge(SubmissionRpcImpl::new(client.clone(), backend).into_rpc())?;
	module.merge(ClaimsRpcImpl::new(client.clone()).into_rpc())?;
	module.merge(System::new(client, pool).into_rpc())?;
	Ok(module)
}
