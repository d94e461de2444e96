//! Connecting to a node and submitting transactions.

use std::{
	collections::HashMap,
	sync::{Arc, Mutex},
};

use subxt::{
	backend::LegacyBackend,
	rpcs::{client::RpcParams, RpcClient},
	tx::Payload,
	OnlineClient,
};

use crate::{
	credential::Credential,
	follower::{Follower, Legacy},
	Ed25519Signer, MedtrustConfig, H256,
};

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
	/// That block's number.
	pub block_number: u64,
	/// The transaction's index in the block.
	pub index: u32,
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
#[derive(Clone, Debug, thiserror::Error)]
pub enum SubmitError {
	/// The node refused the transaction before it reached the pool: it never entered a block.
	#[error("the node refused the transaction: {reason}")]
	Rejected {
		/// What was wrong, in plain words.
		reason: String,
	},
	/// The transaction was included but the call failed; nothing it would have written was.
	#[error("the transaction failed in block {block_number} ({block_hash:?}) at index {index}: {error}")]
	Failed {
		/// The block it is in.
		block_hash: H256,
		/// That block's number.
		block_number: u64,
		/// The transaction's index in the block.
		index: u32,
		/// The runtime's error, as `Pallet::Error: its documentation`.
		error: String,
	},
	/// The node could not be reached or answered something unexpected.
	#[error("talking to the node failed: {0}")]
	Node(String),
}

/// A connection to a medtrust node.
///
/// It reads through subxt's legacy backend (plain `chain_*`/`state_*` calls, no chainHead
/// follow subscription) and tracks every transaction it submits with one block subscription
/// (see [`MedtrustClient::submit_batch`]), however many are in flight.
#[derive(Clone)]
pub struct MedtrustClient {
	pub(crate) api: OnlineClient<MedtrustConfig>,
	rpc: RpcClient,
	pub(crate) legacy: Legacy,
	follower: Arc<tokio::sync::Mutex<Option<Arc<Follower>>>>,
	/// The next nonce this client will use per signer, past what the node has seen yet.
	pub(crate) nonces: Arc<Mutex<HashMap<[u8; 32], u64>>>,
}

impl MedtrustClient {
	/// Connects to a node's JSON-RPC WebSocket endpoint, e.g. `ws://127.0.0.1:9944`, with the
	/// credential in the environment ([`Credential::from_env`]), or as the public.
	pub async fn connect(url: &str) -> Result<Self, SubmitError> {
		Self::connect_with(url, &Credential::from_env()?).await
	}

	/// Connects as a member: `signer`'s account signs a member token for the node's chain.
	/// An operator's cookie in the environment is used instead if there is one.
	pub async fn connect_as_member(url: &str, signer: &Ed25519Signer) -> Result<Self, SubmitError> {
		let from_env = Credential::from_env()?;
		if from_env != Credential::Public {
			return Self::connect_with(url, &from_env).await;
		}
		let cannot = |e: &dyn std::fmt::Display| SubmitError::Node(format!("cannot connect to {url}: {e}"));
		let rpc = RpcClient::from_insecure_url(url).await.map_err(|e| cannot(&e))?;
		let genesis = Legacy::new(rpc).genesis_hash().await.map_err(|e| cannot(&e))?;
		let token = crate::credential::member_token(signer, genesis, crate::credential::MEMBER_TOKEN_LIFETIME);
		Self::connect_with(url, &Credential::Member(token)).await
	}

	/// Connects with `credential`.
	pub async fn connect_with(url: &str, credential: &Credential) -> Result<Self, SubmitError> {
		let cannot = |e: &dyn std::fmt::Display| SubmitError::Node(format!("cannot connect to {url}: {e}"));
		let rpc = RpcClient::from_insecure_url(&credential.on_url(url)).await.map_err(|e| cannot(&e))?;
		let backend = LegacyBackend::<MedtrustConfig>::builder().build(rpc.clone());
		let api = OnlineClient::<MedtrustConfig>::from_backend(Arc::new(backend)).await.map_err(|e| cannot(&e))?;
		let legacy = Legacy::new(rpc.clone());
		Ok(Self { api, rpc, legacy, follower: Default::default(), nonces: Default::default() })
	}

	/// The client's block follower, started on first use and again if it stopped.
	pub(crate) async fn follower(&self) -> Result<Arc<Follower>, String> {
		let mut slot = self.follower.lock().await;
		if let Some(follower) = slot.as_ref().filter(|f| f.is_alive()) {
			return Ok(follower.clone());
		}
		let follower = Arc::new(Follower::start(self.api.clone(), self.legacy.clone(), self.rpc.clone()).await?);
		*slot = Some(follower.clone());
		Ok(follower)
	}

	/// Calls one of the node's JSON-RPC methods, e.g. `trace_verify`. An error the node answers
	/// with (such as an unreadable scan) comes back as its message.
	pub async fn rpc<T: serde::de::DeserializeOwned>(&self, method: &str, params: RpcParams) -> Result<T, SubmitError> {
		self.rpc.request(method, params).await.map_err(|e| match e {
			subxt::rpcs::Error::User(user) => SubmitError::Node(user_error_text(&user)),
			other => SubmitError::Node(other.to_string()),
		})
	}

	/// The underlying subxt client, for queries the SDK does not wrap yet.
	pub fn api(&self) -> &OnlineClient<MedtrustConfig> {
		&self.api
	}

	/// Signs `call` with `signer`, submits it and waits as asked. A refusal by the node, a
	/// failed dispatch and a transaction that can no longer land are all errors.
	pub async fn submit<Call: Payload>(
		&self,
		call: &Call,
		signer: &Ed25519Signer,
		wait: Wait,
	) -> Result<Included, SubmitError> {
		let mut included = self.submit_all(std::slice::from_ref(call), signer, wait, |_, _| {}).await?;
		Ok(included.remove(0))
	}

	/// Submits several calls from one signer at once, with consecutive nonces, so that they
	/// can all enter the same block, and waits for each as asked, calling `on_included` with
	/// the index of each call as it is included. All are submitted and tracked to the end
	/// (see [`MedtrustClient::submit_batch`]); the first refusal or failure, in call order, is
	/// the error.
	pub async fn submit_all<Call: Payload>(
		&self,
		calls: &[Call],
		signer: &Ed25519Signer,
		wait: Wait,
		mut on_included: impl FnMut(usize, &Included),
	) -> Result<Vec<Included>, SubmitError> {
		let transactions: Vec<(Borrowed<'_, Call>, &Ed25519Signer)> = calls.iter().map(|call| (Borrowed(call), signer)).collect();
		let outcomes = self
			.submit_batch(&transactions, wait, |i, outcome| {
				if let Ok(included) = outcome {
					on_included(i, included)
				}
			})
			.await;
		outcomes.into_iter().collect()
	}
}

/// A call lent to a batch: subxt's `Payload` is implemented for owned and boxed calls only.
struct Borrowed<'a, P>(&'a P);

impl<P: Payload> Payload for Borrowed<'_, P> {
	type CallData = P::CallData;

	fn pallet_name(&self) -> &str {
		self.0.pallet_name()
	}
	fn call_name(&self) -> &str {
		self.0.call_name()
	}
	fn call_data(&self) -> &Self::CallData {
		self.0.call_data()
	}
	fn validation_details(&self) -> Option<subxt::tx::ValidationDetails<'_>> {
		self.0.validation_details()
	}
}

/// A JSON-RPC error as a sentence: its message and its `data`, where the author and state
/// RPCs put the reason ("Invalid Transaction" alone says nothing; its data says "Custom error:
/// 1", "Transaction is outdated", …). subxt's own display drops the data.
pub(crate) fn user_error_text(user: &subxt::rpcs::UserError) -> String {
	match user.data.as_deref() {
		Some(raw) => {
			let data = serde_json::from_str::<String>(raw.get()).unwrap_or_else(|_| raw.get().to_string());
			format!("{}: {data}", user.message)
		},
		None => user.message.clone(),
	}
}

pub(crate) fn node_error(e: impl std::fmt::Display) -> SubmitError {
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
	} else if custom_code == Some(3) {
		"the transaction is too large or too heavy for one organisation's share of a block; send a smaller batch"
	} else if custom_code == Some(4) {
		"the organisation is over its budget of new state for today (UTC); send it again tomorrow or ask the \
		 consortium for a larger budget"
	} else if message.contains("call is not expected") {
		"members may not send this call (the runtime's call filter admits only what some role needs)"
	} else if message.contains("Transaction is outdated") || message.contains("Stale") {
		"the nonce was already used (a transaction from this account was included meanwhile)"
	} else if message.contains("exhaust the block limits") || message.contains("ExhaustsResources") {
		// The pool checks a transaction against an empty block: it can never fit.
		"the transaction is too large or too heavy for a block"
	} else {
		return message.to_string();
	};
	format!("{reason} ({message})")
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
		let too_large = explain_rejection("Invalid Transaction: Custom error: 3");
		assert!(too_large.starts_with("the transaction is too large or too heavy for one organisation's share"), "{too_large}");
		let over_budget = explain_rejection("Invalid Transaction: Custom error: 4");
		assert!(over_budget.starts_with("the organisation is over its budget of new state for today"), "{over_budget}");
		let filtered = explain_rejection("Invalid Transaction: Transaction call is not expected");
		assert!(filtered.starts_with("members may not send this call"), "{filtered}");
		assert_eq!(explain_rejection("something else"), "something else");
		assert_eq!(explain_rejection("Invalid Transaction: Custom error: 12"), "Invalid Transaction: Custom error: 12");
	}
}
