//! One block subscription per client, shared by every transaction the client has in flight.
//!
//! A watcher per transaction does not scale: through subxt's chainHead backend every watcher
//! gets its own copy of every follow event and keeps blocks pinned until it is read, so a
//! burst of a few thousand transactions costs the client gigabytes and the node its pinning
//! limits. Instead the [`Follower`] subscribes once to the node's new best heads and once to
//! its finalised heads, asks the node once per block where it holds the transactions waiting
//! (`submission_outcomes`, which answers with only their own events), and tells each where it
//! landed.

use std::{
	collections::{HashMap, HashSet, VecDeque},
	sync::{Arc, Mutex},
};

use subxt::{
	config::{substrate::SubstrateHeader, RpcConfigFor},
	error::DispatchError,
	ext::codec::Encode,
	rpcs::{client::rpc_params, LegacyRpcMethods, RpcClient},
	OnlineClient,
};
use tokio::sync::{oneshot, watch};

use crate::{client::Wait, MedtrustConfig, H256};

/// How far back a new head's ancestry is searched for blocks the subscription skipped (a
/// reorganisation, or finality of several blocks at once).
const MAX_GAP: u64 = 256;
/// How many recent best blocks are remembered to find where a new head joins the chain.
const REMEMBERED_BLOCKS: usize = 1024;

pub(crate) type Legacy = LegacyRpcMethods<RpcConfigFor<MedtrustConfig>>;

/// Where a tracked transaction landed and what it did.
#[derive(Debug)]
pub(crate) struct Landed {
	pub block_hash: H256,
	pub block_number: u64,
	pub index: u32,
	/// `Ok(events)` when it succeeded, `Err("Pallet::Error: docs")` when its call failed.
	pub result: Result<Vec<(String, Vec<u8>)>, String>,
}

/// The chain as the follower last saw it; every outcome in blocks up to these was sent before
/// the tip was published.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tip {
	pub best: (u64, H256),
	pub finalized: (u64, H256),
}

struct Waiter {
	wait: Wait,
	landed: oneshot::Sender<Landed>,
}

/// The transactions waiting to land, by extrinsic hash.
type Waiters = Arc<Mutex<HashMap<H256, Waiter>>>;

/// A running follower: register a transaction's hash before submitting it, then await the
/// receiver.
pub(crate) struct Follower {
	waiters: Waiters,
	tip: watch::Receiver<Option<Tip>>,
	task: tokio::task::JoinHandle<()>,
}

impl Drop for Follower {
	fn drop(&mut self) {
		self.task.abort();
	}
}

impl Follower {
	/// Subscribes to the node's heads; returns once both subscriptions are open, so nothing
	/// included after this can be missed.
	pub(crate) async fn start(api: OnlineClient<MedtrustConfig>, legacy: Legacy, rpc: RpcClient) -> Result<Self, String> {
		let best = legacy.chain_subscribe_new_heads().await.map_err(|e| e.to_string())?;
		let finalized = legacy.chain_subscribe_finalized_heads().await.map_err(|e| e.to_string())?;
		let waiters: Waiters = Default::default();
		let (tip_tx, tip) = watch::channel(None);
		let state = State { api, legacy, rpc, waiters: waiters.clone(), recent: VecDeque::new(), recent_set: HashSet::new(), last_finalized: None, tip: Tip::default() };
		let task = tokio::spawn(state.run(best, finalized, tip_tx));
		Ok(Self { waiters, tip, task })
	}

	/// Whether the subscriptions are still running.
	pub(crate) fn is_alive(&self) -> bool {
		!self.task.is_finished()
	}

	/// Tracks a transaction by hash; the receiver gets where it landed.
	pub(crate) fn track(&self, hash: H256, wait: Wait) -> oneshot::Receiver<Landed> {
		let (landed, receiver) = oneshot::channel();
		self.waiters.lock().expect("no panic while locked; qed").insert(hash, Waiter { wait, landed });
		receiver
	}

	/// Stops tracking a transaction (refused, or replaced by a re-signed one).
	pub(crate) fn forget(&self, hash: &H256) {
		self.waiters.lock().expect("no panic while locked; qed").remove(hash);
	}

	/// The tip, published after the outcomes of its blocks were sent.
	pub(crate) fn tip(&self) -> watch::Receiver<Option<Tip>> {
		self.tip.clone()
	}
}

struct State {
	api: OnlineClient<MedtrustConfig>,
	legacy: Legacy,
	rpc: RpcClient,
	waiters: Waiters,
	/// Recent best-chain blocks already looked at, oldest first.
	recent: VecDeque<H256>,
	recent_set: HashSet<H256>,
	last_finalized: Option<u64>,
	tip: Tip,
}

type Header = SubstrateHeader<H256>;

fn header_hash(header: &Header) -> H256 {
	H256(sp_crypto_hashing::blake2_256(&header.encode()))
}

impl State {
	async fn run(
		mut self,
		mut best: subxt::rpcs::client::RpcSubscription<Header>,
		mut finalized: subxt::rpcs::client::RpcSubscription<Header>,
		tip: watch::Sender<Option<Tip>>,
	) {
		loop {
			let step = tokio::select! {
				head = best.next() => match head {
					Some(Ok(head)) => self.on_best(head).await,
					_ => return,
				},
				head = finalized.next() => match head {
					Some(Ok(head)) => self.on_finalized(head).await,
					_ => return,
				},
			};
			if step.is_err() {
				// The node stopped answering: drop the waiters so that they report it.
				self.waiters.lock().expect("no panic while locked; qed").clear();
				return;
			}
			let _ = tip.send(Some(self.tip));
		}
	}

	fn remember(&mut self, hash: H256) {
		if self.recent_set.insert(hash) {
			self.recent.push_back(hash);
			if self.recent.len() > REMEMBERED_BLOCKS {
				let old = self.recent.pop_front().expect("longer than the bound; qed");
				self.recent_set.remove(&old);
			}
		}
	}

	fn has_waiters(&self, wait: Wait) -> bool {
		self.waiters.lock().expect("no panic while locked; qed").values().any(|w| w.wait == wait)
	}

	/// A new best head: look at it and at any of its ancestors not looked at yet.
	async fn on_best(&mut self, head: Header) -> Result<(), String> {
		let hash = header_hash(&head);
		self.tip.best = (head.number, hash);
		if !self.has_waiters(Wait::InBlock) {
			self.remember(hash);
			return Ok(());
		}
		let mut chain = vec![(head.number, hash)];
		let mut parent = head.parent_hash;
		let mut number = head.number;
		while number > 0 && chain.len() < MAX_GAP as usize && !self.recent_set.is_empty() && !self.recent_set.contains(&parent) {
			let Some(header) = self.legacy.chain_get_header(Some(parent)).await.map_err(|e| e.to_string())? else { break };
			chain.push((header.number, parent));
			parent = header.parent_hash;
			number = header.number;
		}
		for (number, hash) in chain.into_iter().rev() {
			self.look_at(number, hash, Wait::InBlock).await?;
			self.remember(hash);
		}
		Ok(())
	}

	/// A new finalised head: look at every block finalised since the last one.
	async fn on_finalized(&mut self, head: Header) -> Result<(), String> {
		let hash = header_hash(&head);
		self.tip.finalized = (head.number, hash);
		let from = self.last_finalized.map_or(head.number, |n| n + 1).max(head.number.saturating_sub(MAX_GAP));
		self.last_finalized = Some(head.number);
		if !self.has_waiters(Wait::Finalized) {
			return Ok(());
		}
		let mut chain = vec![(head.number, hash)];
		let mut parent = head.parent_hash;
		for number in (from..head.number).rev() {
			chain.push((number, parent));
			let header = self.legacy.chain_get_header(Some(parent)).await.map_err(|e| e.to_string())?;
			parent = header.map(|h| h.parent_hash).unwrap_or_default();
		}
		for (number, hash) in chain.into_iter().rev() {
			self.look_at(number, hash, Wait::Finalized).await?;
		}
		Ok(())
	}

	/// Asks the node once where this block holds the transactions waiting for it, and tells
	/// each where it landed. The node answers with their indexes and their own events only
	/// (`submission_outcomes`): a member's client never reads a block's body or its other
	/// events, which carry other members' data.
	async fn look_at(&mut self, number: u64, hash: H256, wait: Wait) -> Result<(), String> {
		let asked: Vec<H256> = {
			let waiters = self.waiters.lock().expect("no panic while locked; qed");
			waiters.iter().filter(|(_, w)| w.wait == wait).map(|(h, _)| *h).collect()
		};
		if asked.is_empty() {
			return Ok(());
		}
		let mut found: Vec<ExtrinsicOutcome> = Vec::new();
		for chunk in asked.chunks(MAX_OUTCOMES_PER_CALL) {
			match self.rpc.request::<Vec<ExtrinsicOutcome>>("submission_outcomes", rpc_params![hash, chunk]).await {
				Ok(outcomes) => found.extend(outcomes),
				// A node from before `submission_outcomes` (during a rolling upgrade): read the
				// block's body and events, as its operator may.
				Err(subxt::rpcs::Error::User(e)) if e.code == METHOD_NOT_FOUND =>
					found.extend(self.outcomes_from_block(number, hash, chunk).await?),
				Err(e) => return Err(e.to_string()),
			}
		}
		if found.is_empty() {
			return Ok(());
		}
		let at = self.api.at_block_hash_and_number(hash, number).await.map_err(|e| e.to_string())?;
		for outcome in found {
			let Some(waiter) = self.waiters.lock().expect("no panic while locked; qed").remove(&outcome.extrinsic) else {
				continue;
			};
			let result = Self::outcome(&at, outcome.events);
			let _ = waiter.landed.send(Landed { block_hash: hash, block_number: number, index: outcome.index, result });
		}
		Ok(())
	}

	/// What `submission_outcomes` would answer, from the block's body and all its events.
	async fn outcomes_from_block(&self, number: u64, hash: H256, asked: &[H256]) -> Result<Vec<ExtrinsicOutcome>, String> {
		let Some(block) = self.legacy.chain_get_block(Some(hash)).await.map_err(|e| e.to_string())? else {
			return Ok(Vec::new());
		};
		let at = self.api.at_block_hash_and_number(hash, number).await.map_err(|e| e.to_string())?;
		let events = at.events().fetch().await.map_err(|e| e.to_string())?;
		let mut found = Vec::new();
		for (index, extrinsic) in block.block.extrinsics.iter().enumerate() {
			let extrinsic_hash = H256(sp_crypto_hashing::blake2_256(extrinsic));
			if !asked.contains(&extrinsic_hash) {
				continue;
			}
			// Its event records, re-encoded as a list, as the node's method answers.
			let own: Vec<Vec<u8>> = events
				.iter()
				.filter_map(Result::ok)
				.filter(|e| e.phase() == subxt::events::Phase::ApplyExtrinsic(index as u32))
				.map(|e| e.bytes().to_vec())
				.collect();
			let mut bytes = subxt::ext::codec::Compact(own.len() as u32).encode();
			own.iter().for_each(|record| bytes.extend_from_slice(record));
			found.push(ExtrinsicOutcome { extrinsic: extrinsic_hash, index: index as u32, events: format!("0x{}", hex::encode(bytes)) });
		}
		Ok(found)
	}

	/// One transaction's events, or its dispatch error by name.
	fn outcome(
		at: &subxt::client::OnlineClientAtBlock<MedtrustConfig>,
		events: String,
	) -> Result<Vec<(String, Vec<u8>)>, String> {
		let bytes = hex::decode(events.trim_start_matches("0x")).map_err(|e| format!("the node's events are not hex: {e}"))?;
		let events = at.events().from_bytes(bytes);
		let metadata = at.metadata();
		let mut list = Vec::new();
		for event in events.iter() {
			let event = event.map_err(|e| e.to_string())?;
			if (event.pallet_name(), event.event_name()) == ("System", "ExtrinsicFailed") {
				let error = DispatchError::decode_from(event.field_bytes(), metadata.clone())
					.map(|e| dispatch_error_name(&e))
					.unwrap_or_else(|e| format!("an undecodable dispatch error: {e}"));
				return Err(error);
			}
			list.push((format!("{}.{}", event.pallet_name(), event.event_name()), event.field_bytes().to_vec()));
		}
		if list.is_empty() {
			return Err("the block has no outcome event for it".into());
		}
		Ok(list)
	}
}

/// What `submission_outcomes` answers for one transaction.
#[derive(serde::Deserialize)]
struct ExtrinsicOutcome {
	extrinsic: H256,
	index: u32,
	events: String,
}

/// JSON-RPC's code for a method the node does not have.
const METHOD_NOT_FOUND: i32 = -32601;

/// The most hashes one `submission_outcomes` call may ask about (the node's bound).
const MAX_OUTCOMES_PER_CALL: usize = 10_000;

/// `Pallet::Error: its documentation` for a module error, the variant's name otherwise.
pub(crate) fn dispatch_error_name(error: &DispatchError) -> String {
	match error {
		DispatchError::Module(module) => match module.details() {
			Ok(details) => {
				let docs = details.variant.docs.join(" ");
				if docs.is_empty() {
					format!("{}::{}", details.pallet.name(), details.variant.name)
				} else {
					format!("{}::{}: {}", details.pallet.name(), details.variant.name, docs.trim())
				}
			},
			Err(_) => module.details_string(),
		},
		other => other.to_string(),
	}
}
