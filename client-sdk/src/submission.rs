//! Signing many transactions with consecutive nonces, submitting them together and tracking
//! each to its outcome through the client's one [`Follower`].
//!
//! - **Signing** happens offline against one recent finalised block, mortal for
//!   [`MORTALITY`] blocks, so a transaction waiting behind a burst is not dropped for age.
//! - **Nonces** come from the node (`system_accountNextIndex`, which counts the pool) and a
//!   per-client cache, so batches from one signer can be pipelined.
//! - **Submission** is unwatched (`author_submitExtrinsic`), [`IN_FLIGHT`] requests at a time;
//!   the node's refusal comes back at once, with its reason.
//! - **Tracking**: the follower reports the block and index each transaction landed at, with
//!   its events or its dispatch error by name. A transaction not seen after
//!   [`RESUBMIT_AFTER`] blocks is submitted again (a node that already has it says so); one
//!   whose nonce the chain used for something else (a reorganisation, a competing
//!   transaction) or whose mortality ran out is re-signed with a fresh nonce, at most
//!   [`MAX_RESIGNS`] times. Each transaction's outcome is reported exactly once.

use std::collections::HashMap;

use futures::{stream::FuturesUnordered, StreamExt};
use subxt::{config::polkadot::PolkadotExtrinsicParamsBuilder, tx::Payload, utils::AccountId32};

use crate::{
	client::{explain_rejection, node_error, user_error_text, Included, MedtrustClient, SubmitError, Wait},
	follower::{Follower, Landed, Tip},
	Ed25519Signer, MedtrustConfig, H256,
};

/// Blocks a transaction stays valid for (a power of two; about 51 minutes at 3 s blocks).
pub const MORTALITY: u64 = 1024;
/// Submissions awaiting the node's answer at once, per batch.
pub const IN_FLIGHT: usize = 64;
/// Blocks after which a transaction not seen yet is submitted again.
pub const RESUBMIT_AFTER: u64 = 10;
/// How many times one transaction may be re-signed with a fresh nonce.
pub const MAX_RESIGNS: u32 = 3;

/// A signed transaction, ready for `author_submitExtrinsic`.
#[derive(Clone, Debug)]
pub struct SignedTransaction {
	/// Its hash, as blocks and the pool name it.
	pub hash: H256,
	/// Its SCALE encoding.
	pub bytes: Vec<u8>,
}

/// One transaction of a batch, as signed.
struct Signed {
	hash: H256,
	bytes: Vec<u8>,
	nonce: u64,
	birth: u64,
	submitted_at: u64,
	resigns: u32,
}

impl MedtrustClient {
	/// Signs each `(call, signer)` with consecutive nonces per signer, submits them together
	/// and tracks every one to its outcome with the client's one block subscription. Returns
	/// each transaction's outcome in the order given; `on_outcome` is called with the index
	/// as each arrives.
	pub async fn submit_batch<Call: Payload>(
		&self,
		transactions: &[(Call, &Ed25519Signer)],
		wait: Wait,
		mut on_outcome: impl FnMut(usize, &Result<Included, SubmitError>),
	) -> Vec<Result<Included, SubmitError>> {
		let mut outcomes: Vec<Option<Result<Included, SubmitError>>> = (0..transactions.len()).map(|_| None).collect();
		let follower = match self.follower().await {
			Ok(follower) => follower,
			Err(e) => return transactions.iter().map(|_| Err(SubmitError::Node(e.clone()))).collect(),
		};
		let mut tip = follower.tip();
		let mut signed: HashMap<usize, Signed> = HashMap::new();
		let mut pending = FuturesUnordered::new();

		// Sign everything, register every hash, then submit.
		match self.sign_batch(transactions, &(0..transactions.len()).collect::<Vec<_>>()).await {
			Ok(batch) =>
				for (i, tx) in batch {
					pending.push(tracked(i, tx.hash, follower.track(tx.hash, wait)));
					signed.insert(i, tx);
				},
			Err(e) => return transactions.iter().map(|_| Err(e.clone())).collect(),
		}
		let order: Vec<usize> = (0..transactions.len()).collect();
		let mut refused_nonces = Vec::new();
		for (i, refusal) in self.submit_signed(&order, &signed).await {
			if let Some(tx) = signed.remove(&i) {
				follower.forget(&tx.hash);
				refused_nonces.push((transactions[i].1, tx.nonce));
			}
			let outcome = Err(refusal);
			on_outcome(i, &outcome);
			outcomes[i] = Some(outcome);
		}
		if !refused_nonces.is_empty() {
			self.close_gaps(transactions, &refused_nonces, &signed).await;
		}

		while !signed.is_empty() {
			tokio::select! {
				Some((i, hash, landed)) = pending.next() => {
					if let Some(outcome) = settle(&mut signed, i, hash, landed) {
						on_outcome(i, &outcome);
						outcomes[i] = Some(outcome);
					}
				},
				changed = tip.changed() => {
					if changed.is_err() || !follower.is_alive() {
						break;
					}
					let Some(now) = *tip.borrow_and_update() else { continue };
					// Outcomes of blocks up to the tip were sent before it: take them first.
					while let Some(Some((i, hash, landed))) = futures::FutureExt::now_or_never(pending.next()) {
						if let Some(outcome) = settle(&mut signed, i, hash, landed) {
							on_outcome(i, &outcome);
							outcomes[i] = Some(outcome);
						}
					}
					for (i, refusal) in self.look_after(transactions, &mut signed, &follower, &mut pending, now, wait).await {
						on_outcome(i, &Err(refusal.clone()));
						outcomes[i] = Some(Err(refusal));
					}
				},
			}
		}
		for i in signed.keys() {
			let outcome = Err(SubmitError::Node("the node's block subscription ended".into()));
			on_outcome(*i, &outcome);
			outcomes[*i] = Some(outcome);
		}
		outcomes.into_iter().map(|o| o.expect("every transaction has an outcome; qed")).collect()
	}

	/// Signs each `(call, signer)` as [`MedtrustClient::submit_batch`] would, without
	/// submitting: the encoded transactions, for any client to submit (watched or not). The
	/// nonces are reserved in this client, so its later batches follow them.
	pub async fn sign_all<Call: Payload>(
		&self,
		transactions: &[(Call, &Ed25519Signer)],
	) -> Result<Vec<SignedTransaction>, SubmitError> {
		let indices: Vec<usize> = (0..transactions.len()).collect();
		let signed = self.sign_batch(transactions, &indices).await?;
		Ok(signed.into_iter().map(|(_, tx)| SignedTransaction { hash: tx.hash, bytes: tx.bytes }).collect())
	}

	/// Signs `indices` of `transactions`, each signer's with its next nonces, against the
	/// latest finalised block.
	async fn sign_batch<Call: Payload>(
		&self,
		transactions: &[(Call, &Ed25519Signer)],
		indices: &[usize],
	) -> Result<Vec<(usize, Signed)>, SubmitError> {
		let reference = self.legacy.chain_get_finalized_head().await.map_err(node_error)?;
		let header = self
			.legacy
			.chain_get_header(Some(reference))
			.await
			.map_err(node_error)?
			.ok_or_else(|| SubmitError::Node("the finalised head has no header".into()))?;
		let at = self.api.at_block_hash_and_number(reference, header.number).await.map_err(node_error)?;
		let tx_client = at.tx();
		// Reserve each signer's range of nonces at once, so that batches signed concurrently
		// by one client never share a nonce.
		let mut counts: Vec<([u8; 32], u64)> = Vec::new();
		for &i in indices {
			let account = transactions[i].1.account_id().0;
			match counts.iter_mut().find(|(a, _)| *a == account) {
				Some((_, n)) => *n += 1,
				None => counts.push((account, 1)),
			}
		}
		let mut next: HashMap<[u8; 32], u64> = HashMap::new();
		for (account, count) in counts {
			let from_node = self.legacy.system_account_next_index(&AccountId32(account)).await.map_err(node_error)?;
			let mut cache = self.nonces.lock().expect("no panic while locked; qed");
			let start = cache.get(&account).copied().unwrap_or_default().max(from_node);
			cache.insert(account, start + count);
			next.insert(account, start);
		}
		let mut batch = Vec::with_capacity(indices.len());
		for &i in indices {
			let (call, signer) = &transactions[i];
			let nonce = next.get_mut(&signer.account_id().0).expect("every signer has a range; qed");
			batch.push((i, sign_with(&tx_client, call, signer, *nonce, (header.number, reference))?));
			*nonce += 1;
		}
		Ok(batch)
	}

	/// Submits the signed transactions at `order`, [`IN_FLIGHT`] at a time; returns those the
	/// node refused, with the reason. "Already imported" is not a refusal.
	async fn submit_signed(&self, order: &[usize], signed: &HashMap<usize, Signed>) -> Vec<(usize, SubmitError)> {
		let to_submit: Vec<(usize, Vec<u8>)> = order.iter().filter_map(|i| signed.get(i).map(|tx| (*i, tx.bytes.clone()))).collect();
		futures::stream::iter(to_submit)
			.map(|(i, bytes)| async move { (i, self.legacy.author_submit_extrinsic(&bytes).await) })
			.buffer_unordered(IN_FLIGHT)
			.filter_map(|(i, answer)| async move {
				match answer {
					Ok(_) => None,
					Err(subxt::rpcs::Error::User(user)) if user.code == ALREADY_IMPORTED => None,
					Err(e) => Some((i, refusal(e))),
				}
			})
			.collect()
			.await
	}

	/// At a new tip: submits again what has not been seen for a while, and re-signs what can
	/// no longer land (its nonce used, or its mortality ending). Returns final refusals.
	async fn look_after<Call: Payload>(
		&self,
		transactions: &[(Call, &Ed25519Signer)],
		signed: &mut HashMap<usize, Signed>,
		follower: &Follower,
		pending: &mut FuturesUnordered<Tracked>,
		now: Tip,
		wait: Wait,
	) -> Vec<(usize, SubmitError)> {
		let (number, at) = if wait == Wait::Finalized { now.finalized } else { now.best };
		let mut refused = Vec::new();
		let due: Vec<usize> =
			signed.iter().filter(|(_, tx)| number >= tx.submitted_at + RESUBMIT_AFTER).map(|(i, _)| *i).collect();
		if due.is_empty() {
			return refused;
		}
		// Whose nonce the chain has moved past: only a re-signed transaction can land now.
		// A nonce that cannot be read now is read again at the next tip.
		let mut chain_nonce: HashMap<[u8; 32], Option<u64>> = HashMap::new();
		let mut resign = Vec::new();
		for &i in &due {
			let account = transactions[i].1.account_id();
			let nonce = match chain_nonce.get(&account.0) {
				Some(n) => *n,
				None => {
					let n = self.nonce_at(&account, at).await.ok();
					chain_nonce.insert(account.0, n);
					n
				},
			};
			let tx = &signed[&i];
			if nonce.is_some_and(|n| n > tx.nonce) || number > tx.birth + MORTALITY {
				resign.push(i);
			}
		}
		let resend: Vec<usize> = due.iter().copied().filter(|i| !resign.contains(i)).collect();
		for i in &resend {
			signed.get_mut(i).expect("due ones are signed; qed").submitted_at = number;
		}
		// A refusal now (e.g. "outdated" while the block that has it is not final yet) is
		// not acted on: only the chain's nonce, read above, decides to re-sign.
		let _ = self.submit_signed(&resend, signed).await;
		if resign.is_empty() {
			return refused;
		}
		let mut fresh = Vec::new();
		for &i in &resign {
			let tx = signed.remove(&i).expect("due ones are signed; qed");
			follower.forget(&tx.hash);
			if tx.resigns >= MAX_RESIGNS {
				refused.push((i, SubmitError::Rejected { reason: format!("re-signed {MAX_RESIGNS} times and still not included") }));
			} else {
				fresh.push((i, tx.resigns + 1));
			}
		}
		let indices: Vec<usize> = fresh.iter().map(|(i, _)| *i).collect();
		match self.sign_batch(transactions, &indices).await {
			Ok(batch) => {
				for ((i, mut tx), (_, resigns)) in batch.into_iter().zip(fresh) {
					tx.resigns = resigns;
					pending.push(tracked(i, tx.hash, follower.track(tx.hash, wait)));
					signed.insert(i, tx);
				}
				for (i, error) in self.submit_signed(&indices, signed).await {
					if let Some(tx) = signed.remove(&i) {
						follower.forget(&tx.hash);
					}
					refused.push((i, error));
				}
			},
			Err(e) => refused.extend(indices.into_iter().map(|i| (i, e.clone()))),
		}
		refused
	}

	/// A refused transaction leaves its nonce unused. The signer's later transactions of the
	/// batch would wait for it forever, so an empty remark takes that nonce; at the end of the
	/// signer's nonces nothing waits, and the client's nonce cache is moved back instead.
	async fn close_gaps<Call: Payload>(
		&self,
		transactions: &[(Call, &Ed25519Signer)],
		refused: &[(&Ed25519Signer, u64)],
		signed: &HashMap<usize, Signed>,
	) {
		let mut accepted_up_to: HashMap<[u8; 32], u64> = HashMap::new();
		let mut reserved_up_to: HashMap<[u8; 32], u64> = HashMap::new();
		for (i, tx) in signed {
			let entry = accepted_up_to.entry(transactions[*i].1.account_id().0).or_default();
			*entry = (*entry).max(tx.nonce + 1);
		}
		for (signer, nonce) in refused {
			let entry = reserved_up_to.entry(signer.account_id().0).or_default();
			*entry = (*entry).max(nonce + 1);
		}
		let mut fillers = Vec::new();
		for (signer, nonce) in refused {
			let account = signer.account_id().0;
			match accepted_up_to.get(&account) {
				Some(end) if *end > *nonce => fillers.push((*signer, *nonce)),
				end => {
					// Only if no later batch has reserved nonces past this one's meanwhile.
					let reserved = reserved_up_to.get(&account).copied().unwrap_or_default().max(end.copied().unwrap_or_default());
					let mut cache = self.nonces.lock().expect("no panic while locked; qed");
					if cache.get(&account) == Some(&reserved) {
						match end {
							Some(end) => cache.insert(account, *end),
							None => cache.remove(&account),
						};
					}
				},
			}
		}
		if fillers.is_empty() {
			return;
		}
		let Ok(reference) = self.legacy.chain_get_finalized_head().await else { return };
		let Ok(Some(header)) = self.legacy.chain_get_header(Some(reference)).await else { return };
		let Ok(at) = self.api.at_block_hash_and_number(reference, header.number).await else { return };
		let tx_client = at.tx();
		let remark = crate::runtime::tx().system().remark(Vec::new());
		for (signer, nonce) in fillers {
			if let Ok(filler) = sign_with(&tx_client, &remark, signer, nonce, (header.number, reference)) {
				let _ = self.legacy.author_submit_extrinsic(&filler.bytes).await;
			}
		}
	}

	/// The account's nonce in the state of block `at` (transactions in the pool not counted).
	async fn nonce_at(&self, account: &AccountId32, at: H256) -> Result<u64, SubmitError> {
		use subxt::ext::codec::{Decode, Encode};
		let params = subxt::rpcs::client::rpc_params![
			"AccountNonceApi_account_nonce",
			format!("0x{}", hex::encode(account.encode())),
			at
		];
		let answer: String = self.rpc("state_call", params).await?;
		let bytes = hex::decode(answer.trim_start_matches("0x")).map_err(node_error)?;
		let nonce = u32::decode(&mut &bytes[..]).map_err(node_error)?;
		Ok(nonce as u64)
	}
}

/// Signs `call` with `nonce`, mortal from block `reference`.
fn sign_with<Call: Payload>(
	tx_client: &subxt::transactions::TransactionsClient<MedtrustConfig, subxt::client::OnlineClientAtBlockImpl<MedtrustConfig>>,
	call: &Call,
	signer: &Ed25519Signer,
	nonce: u64,
	reference: (u64, H256),
) -> Result<Signed, SubmitError> {
	let params = PolkadotExtrinsicParamsBuilder::<MedtrustConfig>::new()
		.nonce(nonce)
		.mortal_from_unchecked(MORTALITY, reference.0, reference.1)
		.build();
	let signed = tx_client
		.create_signable_offline(call, params)
		.and_then(|mut signable| signable.sign(signer))
		.map_err(|e| SubmitError::Rejected { reason: format!("cannot build the transaction: {e}") })?;
	Ok(Signed { hash: signed.hash(), bytes: signed.into_encoded(), nonce, birth: reference.0, submitted_at: reference.0, resigns: 0 })
}

/// JSON-RPC error code of "Transaction Already Imported" (`sc-rpc-api`'s author errors).
const ALREADY_IMPORTED: i32 = 1013;

type Tracked = std::pin::Pin<Box<dyn std::future::Future<Output = (usize, H256, Result<Landed, tokio::sync::oneshot::error::RecvError>)> + Send>>;

fn tracked(i: usize, hash: H256, receiver: tokio::sync::oneshot::Receiver<Landed>) -> Tracked {
	Box::pin(async move { (i, hash, receiver.await) })
}

/// The outcome of transaction `i` from its follower report, unless a re-signed transaction
/// has replaced the one with this hash (its report is then stale).
fn settle(
	signed: &mut HashMap<usize, Signed>,
	i: usize,
	hash: H256,
	landed: Result<Landed, tokio::sync::oneshot::error::RecvError>,
) -> Option<Result<Included, SubmitError>> {
	if signed.get(&i).is_none_or(|tx| tx.hash != hash) {
		return None;
	}
	signed.remove(&i);
	Some(match landed {
		Ok(landed) => included(landed, hash),
		Err(_) => Err(SubmitError::Node("the node's block subscription ended".into())),
	})
}

fn included(landed: Landed, extrinsic_hash: H256) -> Result<Included, SubmitError> {
	match landed.result {
		Ok(events) => {
			let (events, event_fields) = events.into_iter().unzip();
			Ok(Included {
				block_hash: landed.block_hash,
				block_number: landed.block_number,
				index: landed.index,
				extrinsic_hash,
				events,
				event_fields,
			})
		},
		Err(error) => Err(SubmitError::Failed { block_hash: landed.block_hash, block_number: landed.block_number, index: landed.index, error }),
	}
}

/// The node's refusal of a submission, as a sentence.
pub(crate) fn refusal(error: subxt::rpcs::Error) -> SubmitError {
	match error {
		subxt::rpcs::Error::User(user) => SubmitError::Rejected { reason: explain_rejection(&user_error_text(&user)) },
		other => SubmitError::Node(other.to_string()),
	}
}
