//! Connecting to a node and submitting transactions.

use subxt::{
	rpcs::{client::RpcParams, RpcClient},
	tx::{Payload, TransactionStatus},
	OnlineClient,
};

use crate::{Ed25519Signer, MedtrustConfig, H256};
use subxt::config::polkadot::PolkadotExtrinsicParamsBuilder;

/// How long a submission waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
	/// Until the transaction is in a block of the best chain (about one block time).
	InBlock,
	/// Until that block is finalised by GRANDPA (irreversible).
	Finalized,
}

/// A transaction that was included and succeeded.
#[derive(Clone, Debug)]
pub struct Included {
	/// The block it is in.
	pub block_hash: H256,
	/// The hash of the transaction itself.
	pub extrinsic_hash: H256,
	/// The events it emitted, as `Pallet.Event` names, in order.
	pub events: Vec<String>,
	/// Each event's SCALE-encoded fields, in the same order.
	pub event_fields: Vec<Vec<u8>>,
}

impl Included {
	/// The first event named `name` (`Pallet.Event`), decoded as the generated event type,
	/// e.g. `included.event::<runtime::claims::events::CoverageRegistered>("Claims.CoverageRegistered")`.
	pub fn event<E: subxt::ext::codec::Decode>(&self, name: &str) -> Option<E> {
		let index = self.events.iter().position(|e| e == name)?;
		E::decode(&mut &self.event_fields[index][..]).ok()
	}
}

/// Why a submission did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
	/// The node refused the transaction before it reached the pool: it never entered a block.
	#[error("the node refused the transaction: {reason}")]
	Rejected {
		/// What was wrong, in plain words.
		reason: String,
	},
	/// The transaction was included but the call failed; nothing it would have written was.
	#[error("the transaction failed in block {block_hash:?}: {error}")]
	Failed {
		/// The block it is in.
		block_hash: H256,
		/// The runtime's error, as `Pallet::Error` with its documentation.
		error: String,
	},
	/// The node could not be reached or answered something unexpected.
	#[error("talking to the node failed: {0}")]
	Node(String),
}

/// A connection to a medtrust node.
#[derive(Clone)]
pub struct MedtrustClient {
	api: OnlineClient<MedtrustConfig>,
	rpc: RpcClient,
}

impl MedtrustClient {
	/// Connects to a node's JSON-RPC WebSocket endpoint, e.g. `ws://127.0.0.1:9944`.
	pub async fn connect(url: &str) -> Result<Self, SubmitError> {
		let cannot = |e: &dyn std::fmt::Display| SubmitError::Node(format!("cannot connect to {url}: {e}"));
		let rpc = RpcClient::from_insecure_url(url).await.map_err(|e| cannot(&e))?;
		let api = OnlineClient::<MedtrustConfig>::from_rpc_client(rpc.clone()).await.map_err(|e| cannot(&e))?;
		Ok(Self { api, rpc })
	}

	/// Calls one of the node's JSON-RPC methods, e.g. `trace_verify`. An error the node answers
	/// with (such as an unreadable scan) comes back as its message.
	pub async fn rpc<T: serde::de::DeserializeOwned>(&self, method: &str, params: RpcParams) -> Result<T, SubmitError> {
		self.rpc.request(method, params).await.map_err(|e| match e {
			subxt::rpcs::Error::User(user) => SubmitError::Node(user.message),
			other => SubmitError::Node(other.to_string()),
		})
	}

	/// The underlying subxt client, for queries the SDK does not wrap yet.
	pub fn api(&self) -> &OnlineClient<MedtrustConfig> {
		&self.api
	}

	/// Signs `call` with `signer`, submits it and waits as asked. A refusal by the node, a
	/// failed dispatch and a transaction dropped from the pool are all errors.
	pub async fn submit<Call: Payload>(
		&self,
		call: &Call,
		signer: &Ed25519Signer,
		wait: Wait,
	) -> Result<Included, SubmitError> {
		// The nonce comes from the node's pool-aware count, so that a transaction may follow
		// one that is in a block but not yet finalised.
		let mut included = self.submit_all(std::slice::from_ref(call), signer, wait, |_, _| {}).await?;
		Ok(included.remove(0))
	}

	/// Submits several calls from one signer at once, with consecutive nonces, so that they
	/// can all enter the same block; then waits for each as asked, calling `on_included` with
	/// the index of each call as it is included. Stops at the first refusal or failure.
	pub async fn submit_all<Call: Payload>(
		&self,
		calls: &[Call],
		signer: &Ed25519Signer,
		wait: Wait,
		mut on_included: impl FnMut(usize, &Included),
	) -> Result<Vec<Included>, SubmitError> {
		let account = signer.account_id();
		// The node's next nonce counts the signer's transactions already in the pool.
		let first: u64 = self.rpc("system_accountNextIndex", subxt::rpcs::client::rpc_params![account.to_string()]).await?;
		let mut tx = self.api.tx().await.map_err(node_error)?;
		let mut submitted = Vec::with_capacity(calls.len());
		for (i, call) in calls.iter().enumerate() {
			let params = PolkadotExtrinsicParamsBuilder::<MedtrustConfig>::new().nonce(first + i as u64).build();
			let progress = tx
				.sign_and_submit_then_watch(call, signer, params)
				.await
				.map_err(|e| SubmitError::Rejected { reason: explain_rejection(&e.to_string()) })?;
			submitted.push(progress);
		}
		let mut included = Vec::with_capacity(calls.len());
		for (i, progress) in submitted.into_iter().enumerate() {
			let done = watch(progress, wait).await?;
			on_included(i, &done);
			included.push(done);
		}
		Ok(included)
	}
}

async fn watch(
	mut progress: subxt::tx::TransactionProgress<MedtrustConfig, subxt::client::OnlineClientAtBlockImpl<MedtrustConfig>>,
	wait: Wait,
) -> Result<Included, SubmitError> {
	while let Some(status) = progress.next().await {
		let in_block = match status.map_err(node_error)? {
			TransactionStatus::InBestBlock(b) if wait == Wait::InBlock => b,
			TransactionStatus::InFinalizedBlock(b) => b,
			TransactionStatus::Error { message } |
			TransactionStatus::Invalid { message } |
			TransactionStatus::Dropped { message } =>
				return Err(SubmitError::Rejected { reason: explain_rejection(&message) }),
			_ => continue,
		};
		let block_hash = in_block.block_hash();
		let extrinsic_hash = in_block.extrinsic_hash();
		let events = in_block
			.wait_for_success()
			.await
			.map_err(|e| SubmitError::Failed { block_hash, error: e.to_string() })?;
		let (events, event_fields) = events
			.iter()
			.filter_map(|e| e.ok())
			.map(|e| (format!("{}.{}", e.pallet_name(), e.event_name()), e.field_bytes().to_vec()))
			.unzip();
		return Ok(Included { block_hash, extrinsic_hash, events, event_fields });
	}
	Err(SubmitError::Node("the node stopped reporting on the transaction".into()))
}

fn node_error(e: impl std::fmt::Display) -> SubmitError {
	SubmitError::Node(e.to_string())
}

/// Turns the node's refusal into a sentence. The codes are those of the runtime's
/// `CheckMembership` (`pallet_organizations::invalid_transaction`).
pub(crate) fn explain_rejection(message: &str) -> String {
	// subxt words it "Invalid transaction with custom error: 1", the node's RPC "Custom error: 1".
	let lowercase = message.to_ascii_lowercase();
	let custom_code = lowercase.split("custom error: ").nth(1).and_then(|rest| {
		let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
		digits.parse::<u8>().ok()
	});
	let reason = if custom_code == Some(1) {
		"the signing account acts for no organisation of the consortium"
	} else if custom_code == Some(2) {
		"the signing account's organisation is suspended"
	} else if message.contains("Transaction is outdated") || message.contains("Stale") {
		"the nonce was already used (a transaction from this account was included meanwhile)"
	} else if message.contains("ExhaustsResources") || message.contains("exhausts the resources") {
		"the block is full or the organisation's per-block quota is used; try again"
	} else {
		return message.to_string();
	};
	format!("{reason} ({message})")
}

#[cfg(test)]
mod tests {
	use super::explain_rejection;

	#[test]
	fn membership_codes_become_sentences() {
		let outsider = explain_rejection("Invalid Transaction: Custom error: 1");
		assert!(outsider.starts_with("the signing account acts for no organisation"), "{outsider}");
		let subxt_wording = explain_rejection("Invalid transaction with custom error: 1");
		assert!(subxt_wording.starts_with("the signing account acts for no organisation"), "{subxt_wording}");
		let suspended = explain_rejection("Invalid Transaction: Custom error: 2");
		assert!(suspended.starts_with("the signing account's organisation is suspended"), "{suspended}");
		assert_eq!(explain_rejection("something else"), "something else");
		assert_eq!(explain_rejection("Invalid Transaction: Custom error: 12"), "Invalid Transaction: Custom error: 12");
	}
}

impl MedtrustClient {
	/// The node's best block, for reads that must see what was just included (finality
	/// follows a few seconds later).
	pub async fn at_best_block(
		&self,
	) -> Result<subxt::client::ClientAtBlock<MedtrustConfig, subxt::client::OnlineClientAtBlockImpl<MedtrustConfig>>, SubmitError> {
		let best: H256 = self.rpc("chain_getBlockHash", subxt::rpcs::client::rpc_params![]).await?;
		self.api.at_block(best).await.map_err(node_error)
	}

	/// The number of the latest block GRANDPA has finalised.
	pub async fn finalized_block_number(&self) -> Result<u64, SubmitError> {
		Ok(self.api.at_current_block().await.map_err(node_error)?.block_number())
	}
}
