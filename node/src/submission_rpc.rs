//! `submission_outcomes`: where a client's own transactions landed in a block, and their
//! events, without the block's body or its other events.
//!
//! A member's client may not read block bodies (`chain_getBlock`: their calls carry consents'
//! terms and claims' items) nor a block's events (`System.Events`: they name subjects and the
//! organisations that accessed their records). It knows the hashes of the transactions it
//! submitted, so it asks for those: the node finds each in the block and answers with its
//! index and only the events it emitted, SCALE-encoded as a block's event list is, so that a
//! client decodes them with the runtime's metadata as usual.

use std::sync::Arc;

use codec::{Decode, Encode};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use medtrust_runtime::{opaque::Block, RuntimeEvent};
use sc_client_api::{Backend, BlockBackend};
use sp_blockchain::HeaderBackend;
use sp_core::Bytes;

use crate::native_state::{internal, invalid_params, Hash, NativeView};

/// The most transactions one call asks about (a client's in-flight window is 64 per signer).
pub const MAX_OUTCOMES_PER_CALL: usize = 10_000;

type EventRecord = frame_system::EventRecord<RuntimeEvent, Hash>;

/// Where one transaction landed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExtrinsicOutcome {
	/// The transaction's hash, as asked.
	pub extrinsic: Hash,
	/// Its index in the block.
	pub index: u32,
	/// The events it emitted (its `ExtrinsicSuccess` or `ExtrinsicFailed` last), encoded as a
	/// block's `Vec<EventRecord>`.
	pub events: Bytes,
}

#[rpc(server, namespace = "submission")]
pub trait SubmissionRpc {
	/// For each transaction hash asked that is in block `block`: its index and its events.
	/// Hashes not in the block are left out.
	#[method(name = "outcomes")]
	fn outcomes(&self, block: Hash, extrinsics: Vec<Hash>) -> RpcResult<Vec<ExtrinsicOutcome>>;
}

/// The `submission_*` methods over a client and its database backend.
pub struct SubmissionRpcImpl<C, B> {
	client: Arc<C>,
	backend: Arc<B>,
}

impl<C, B> SubmissionRpcImpl<C, B> {
	pub fn new(client: Arc<C>, backend: Arc<B>) -> Self {
		SubmissionRpcImpl { client, backend }
	}
}

impl<C, B> SubmissionRpcServer for SubmissionRpcImpl<C, B>
where
	C: HeaderBackend<Block> + BlockBackend<Block> + Send + Sync + 'static,
	B: Backend<Block> + Send + Sync + 'static,
{
	fn outcomes(&self, block: Hash, extrinsics: Vec<Hash>) -> RpcResult<Vec<ExtrinsicOutcome>> {
		if extrinsics.len() > MAX_OUTCOMES_PER_CALL {
			return Err(invalid_params(format!("ask about at most {MAX_OUTCOMES_PER_CALL} transactions in one call")));
		}
		let body = self
			.client
			.block_body(block)
			.map_err(internal)?
			.ok_or_else(|| invalid_params(format!("this node has no block {block:?}")))?;
		let wanted: std::collections::HashSet<Hash> = extrinsics.into_iter().collect();
		let found: Vec<(u32, Hash)> = body
			.iter()
			.enumerate()
			.filter_map(|(index, extrinsic)| {
				let hash = Hash::from(sp_crypto_hashing::blake2_256(&extrinsic.encode()));
				wanted.contains(&hash).then_some((index as u32, hash))
			})
			.collect();
		if found.is_empty() {
			return Ok(Vec::new());
		}
		let view = NativeView::at(&self.client, &self.backend, Some(block))?;
		let events_key = [sp_crypto_hashing::twox_128(b"System"), sp_crypto_hashing::twox_128(b"Events")].concat();
		let records = match view.raw(&events_key) {
			Some(bytes) => Vec::<EventRecord>::decode(&mut &bytes[..]).map_err(internal)?,
			None => Vec::new(),
		};
		Ok(found
			.into_iter()
			.map(|(index, extrinsic)| {
				let own: Vec<&EventRecord> = records
					.iter()
					.filter(|r| r.phase == frame_system::Phase::ApplyExtrinsic(index))
					.collect();
				ExtrinsicOutcome { extrinsic, index, events: Bytes(own.encode()) }
			})
			.collect())
	}
}
