//! Governance: the consortium council's motions, which admit, suspend and change organisations,
//! choose validators and keep the list of nodes allowed to connect.
//!
//! A motion is any runtime call, proposed by a council member with the number of ayes it needs
//! (two thirds of the members for the organisations pallet's `AdminOrigin`), voted on by the
//! members and closed by anyone once decided; closing executes it.

use codec::Decode;
use medtrust_primitives::{OrganizationId, Roles};
use subxt::{error::DispatchError, tx::Payload};

use crate::{
	runtime::{self, runtime_types::medtrust_runtime::RuntimeCall},
	trace::recode,
	Ed25519Signer, Included, MedtrustClient, SubmitError, Wait, H256,
};

/// The weight a closing member allows the motion's call: a fifth of a block's computation,
/// far above what any governance call of the runtime needs.
const PROPOSAL_WEIGHT_BOUND: (u64, u64) = (300_000_000_000, 1_000_000);

/// A motion before the council.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Motion {
	/// The hash of the proposed call, which names the motion in votes.
	pub hash: H256,
	/// Its index among all motions ever proposed.
	pub index: u32,
	/// The length of the encoded call, which closing must bound.
	pub length: u32,
}

impl MedtrustClient {
	/// Proposes each of `calls` to the council as its own motion, all in one block; `threshold`
	/// ayes pass each. Origin: a council member.
	pub async fn propose_all<Call: Payload>(
		&self,
		calls: &[Call],
		threshold: u32,
		proposer: &Ed25519Signer,
	) -> Result<Vec<Motion>, SubmitError> {
		let tx = self.api().tx().await.map_err(node)?;
		let mut proposals = Vec::with_capacity(calls.len());
		let mut lengths = Vec::with_capacity(calls.len());
		for call in calls {
			let encoded = tx.call_data(call).map_err(node)?;
			let proposal = RuntimeCall::decode(&mut &encoded[..]).map_err(node)?;
			lengths.push(encoded.len() as u32);
			proposals.push(runtime::tx().council().propose(threshold, proposal, encoded.len() as u32));
		}
		let included = self.submit_all(&proposals, proposer, Wait::InBlock, |_, _| {}).await?;
		included
			.iter()
			.zip(lengths)
			.map(|(included, length)| {
				let proposed = included
					.event::<runtime::council::events::Proposed>("Council.Proposed")
					.ok_or_else(|| SubmitError::Node("the council recorded no motion".into()))?;
				Ok(Motion { hash: proposed.proposal_hash, index: proposed.proposal_index, length })
			})
			.collect()
	}

	/// Votes on each of `motions`, all in one block. Origin: a council member.
	pub async fn vote_all(
		&self,
		motions: &[Motion],
		aye: bool,
		member: &Ed25519Signer,
	) -> Result<Vec<Included>, SubmitError> {
		let votes: Vec<_> = motions.iter().map(|m| runtime::tx().council().vote(m.hash, m.index, aye)).collect();
		self.submit_all(&votes, member, Wait::InBlock, |_, _| {}).await
	}

	/// Closes decided motions, executing those that passed; an error if one did not pass or
	/// its call failed.
	pub async fn close_all(&self, motions: &[Motion], closer: &Ed25519Signer) -> Result<Vec<Included>, SubmitError> {
		let (ref_time, proof_size) = PROPOSAL_WEIGHT_BOUND;
		let closes: Vec<_> = motions
			.iter()
			.map(|m| {
				let bound = runtime::runtime_types::sp_weights::weight_v2::Weight { ref_time, proof_size };
				runtime::tx().council().close(m.hash, m.index, bound, m.length)
			})
			.collect();
		let included = self.submit_all(&closes, closer, Wait::InBlock, |_, _| {}).await?;
		for closed in &included {
			match closed.event::<runtime::council::events::Executed>("Council.Executed") {
				Some(executed) if executed.result.is_ok() => {},
				Some(executed) => {
					let metadata = self.at_best_block().await?.metadata();
					let reason = match &executed.result {
						Err(error) => DispatchError::decode_from(codec::Encode::encode(error), metadata)
							.map(|e| crate::follower::dispatch_error_name(&e))
							.unwrap_or_else(|e| format!("an error this SDK cannot read ({e})")),
						Ok(()) => unreachable!("matched above; qed"),
					};
					return Err(SubmitError::Failed {
						block_hash: closed.block_hash,
						block_number: closed.block_number,
						index: closed.index,
						error: format!("the council's motion passed but its call failed: {reason}"),
					})
				},
				None => {
					return Err(SubmitError::Failed {
						block_hash: closed.block_hash,
						block_number: closed.block_number,
						index: closed.index,
						error: format!("the council's motion did not pass ({:?})", closed.events),
					})
				},
			}
		}
		Ok(included)
	}

	/// Passes each of `calls` through the council in three blocks: the first of `members`
	/// proposes them with as many ayes needed as there are `members`, each member votes aye on
	/// all of them, and the first closes them. Returns each closing transaction.
	pub async fn pass_motions<Call: Payload>(
		&self,
		calls: &[Call],
		members: &[Ed25519Signer],
	) -> Result<Vec<Included>, SubmitError> {
		let first = members.first().ok_or_else(|| SubmitError::Node("a motion needs a member".into()))?;
		let motions = self.propose_all(calls, members.len() as u32, first).await?;
		// The members vote at once: their votes can share a block.
		let votes = members.iter().map(|member| self.vote_all(&motions, true, member));
		for vote in futures::future::join_all(votes).await {
			vote?;
		}
		self.close_all(&motions, first).await
	}

	/// Applies a runtime upgrade the council authorised ([`calls::authorize_upgrade`]): `code`
	/// is the runtime's compressed wasm, whose hash the motion named. The transaction is
	/// unsigned, as anyone may apply an authorised upgrade, and so counts against no
	/// organisation's share of a block. Waits until the block that applied it is finalised and
	/// returns that block's hash; the new runtime runs from the next block.
	pub async fn apply_authorized_upgrade(&self, code: &[u8]) -> Result<H256, SubmitError> {
		let call = runtime::tx().system().apply_authorized_upgrade(code.to_vec());
		let tx = self.api().tx().await.map_err(node)?;
		let progress = tx.create_unsigned(&call).map_err(node)?.submit_and_watch().await.map_err(node)?;
		let finalized = progress.wait_for_finalized().await.map_err(node)?;
		finalized.wait_for_success().await.map_err(node)?;
		Ok(finalized.block_hash())
	}

	/// Passes one call through the council (see [`Self::pass_motions`]).
	pub async fn pass_motion<Call: Payload>(&self, call: Call, members: &[Ed25519Signer]) -> Result<Included, SubmitError> {
		let mut closed = self.pass_motions(std::slice::from_ref(&call), members).await?;
		Ok(closed.remove(0))
	}
}

/// The governance calls the council passes, built from the SDK's domain types.
/// A motion before the council, as `medtrust council motions` lists it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OpenMotion {
	/// The proposal's hash (`0x…`), which votes and the close name.
	pub hash: String,
	pub index: u32,
	/// The call the motion makes, as `Pallet.call`.
	pub call: String,
	/// The length of the encoded call, which the close names.
	pub length: u32,
	/// The ayes it needs.
	pub threshold: u32,
	pub ayes: Vec<String>,
	pub nays: Vec<String>,
	/// The block after which anyone may close it, decided or not.
	pub end: u32,
}

impl MedtrustClient {
	/// The council's members.
	pub async fn council_members(&self) -> Result<Vec<crate::AccountId32>, SubmitError> {
		let at = self.at_best_block().await?;
		let entry = at.storage().entry(runtime::storage().council().members()).map_err(node)?;
		let members = entry.try_fetch(()).await.map_err(node)?;
		Ok(members.map(|m| m.decode()).transpose().map_err(node)?.unwrap_or_default())
	}

	/// The motions before the council, oldest first.
	pub async fn open_motions(&self) -> Result<Vec<OpenMotion>, SubmitError> {
		let at = self.at_best_block().await?;
		let storage = at.storage();
		let proposals = storage.entry(runtime::storage().council().proposals()).map_err(node)?;
		let hashes = proposals.try_fetch(()).await.map_err(node)?.map(|p| p.decode()).transpose().map_err(node)?;
		let metadata = at.metadata();
		let mut motions = Vec::new();
		for hash in hashes.map(|h| h.0).unwrap_or_default() {
			let voting = storage.entry(runtime::storage().council().voting()).map_err(node)?;
			let Some(votes) = voting.try_fetch((hash,)).await.map_err(node)? else { continue };
			let votes = votes.decode().map_err(node)?;
			let proposal_of = storage.entry(runtime::storage().council().proposal_of()).map_err(node)?;
			let encoded = match proposal_of.try_fetch((hash,)).await.map_err(node)? {
				Some(call) => codec::Encode::encode(&call.decode().map_err(node)?),
				None => Vec::new(),
			};
			let call = match encoded.as_slice() {
				[pallet, call, ..] => metadata
					.pallet_by_call_index(*pallet)
					.and_then(|p| p.call_variant_by_index(*call).map(|c| format!("{}.{}", p.name(), c.name)))
					.unwrap_or_else(|| "an unknown call".into()),
				_ => "an unknown call".into(),
			};
			motions.push(OpenMotion {
				hash: format!("{hash:?}"),
				index: votes.index,
				call,
				length: encoded.len() as u32,
				threshold: votes.threshold,
				ayes: votes.ayes.iter().map(ToString::to_string).collect(),
				nays: votes.nays.iter().map(ToString::to_string).collect(),
				end: votes.end,
			});
		}
		Ok(motions)
	}
}

pub mod calls {
	use super::*;
	use crate::runtime::organizations::calls as args;

	type Call<T> = subxt::tx::StaticPayload<T>;

	/// Admits an organisation with its roles and the accounts that act for it.
	pub fn admit_organization(
		name: &str,
		credit_code: Option<&str>,
		gln: Option<&str>,
		roles: Roles,
		accounts: &[Ed25519Signer],
	) -> Call<args::AdmitOrganization> {
		let accounts: Vec<_> = accounts.iter().map(Ed25519Signer::account_id).collect();
		admit_organization_with(name, credit_code, gln, roles, accounts)
	}

	/// [`admit_organization`] with the accounts by id (the organisation keeps its keys).
	pub fn admit_organization_with(
		name: &str,
		credit_code: Option<&str>,
		gln: Option<&str>,
		roles: Roles,
		accounts: Vec<crate::AccountId32>,
	) -> Call<args::AdmitOrganization> {
		let text = |t: &str| recode(&t.as_bytes().to_vec());
		runtime::tx().organizations().admit_organization(
			text(name),
			credit_code.map(text),
			gln.map(text),
			recode(&roles),
			recode(&accounts),
		)
	}

	/// Authorises a runtime upgrade to the code whose blake2-256 hash is `code_hash`: a call
	/// as `Root`, which only three quarters of the council may make. Anyone then applies it
	/// ([`MedtrustClient::apply_authorized_upgrade`]).
	pub fn authorize_upgrade(code_hash: H256) -> Call<args::DispatchAsRoot> {
		use crate::runtime::runtime_types::frame_system::pallet::Call as SystemCall;
		runtime::tx().organizations().dispatch_as_root(RuntimeCall::System(SystemCall::authorize_upgrade { code_hash }))
	}

	/// Suspends an organisation: its accounts' transactions are refused before the pool.
	pub fn suspend_organization(id: OrganizationId) -> Call<args::SuspendOrganization> {
		runtime::tx().organizations().suspend_organization(id)
	}

	/// Reinstates a suspended organisation.
	pub fn reinstate_organization(id: OrganizationId) -> Call<args::ReinstateOrganization> {
		runtime::tx().organizations().reinstate_organization(id)
	}

	/// Changes an organisation's roles.
	pub fn set_roles(id: OrganizationId, roles: Roles) -> Call<args::SetRoles> {
		runtime::tx().organizations().set_roles(id, recode(&roles))
	}

	/// Makes an account eligible to validate (from the next session).
	pub fn add_validator(account: crate::AccountId32) -> Call<crate::runtime::validator_set::calls::AddValidator> {
		runtime::tx().validator_set().add_validator(account)
	}

	/// Ends an account's validating (from the next session).
	pub fn remove_validator(account: crate::AccountId32) -> Call<crate::runtime::validator_set::calls::RemoveValidator> {
		runtime::tx().validator_set().remove_validator(account)
	}

	/// Removes a node from the list of nodes allowed to connect.
	pub fn remove_node(peer_id: &str) -> Result<Call<crate::runtime::node_authorization::calls::RemoveWellKnownNode>, SubmitError> {
		let bytes = bs58::decode(peer_id)
			.into_vec()
			.map_err(|e| SubmitError::Node(format!("the node identity {peer_id:?} is not base58: {e}")))?;
		Ok(runtime::tx().node_authorization().remove_well_known_node(recode(&bytes)))
	}

	/// Adds a node to the list of nodes allowed to connect, by its libp2p identity as
	/// `medtrust-node key inspect-node-key` prints it (`12D3KooW…`), owned by `owner`'s
	/// account. Fails on an identity that is not base58.
	pub fn authorize_node(
		peer_id: &str,
		owner: &Ed25519Signer,
	) -> Result<Call<crate::runtime::node_authorization::calls::AddWellKnownNode>, SubmitError> {
		allow_node(peer_id, owner.account_id())
	}

	/// [`authorize_node`] with the owner by account id.
	pub fn allow_node(
		peer_id: &str,
		owner: crate::AccountId32,
	) -> Result<Call<crate::runtime::node_authorization::calls::AddWellKnownNode>, SubmitError> {
		let bytes = bs58::decode(peer_id)
			.into_vec()
			.map_err(|e| SubmitError::Node(format!("the node identity {peer_id:?} is not base58: {e}")))?;
		let owner = subxt::utils::MultiAddress::<_, ()>::Id(owner);
		Ok(runtime::tx().node_authorization().add_well_known_node(recode(&bytes), recode(&owner)))
	}
}

fn node(e: impl std::fmt::Display) -> SubmitError {
	SubmitError::Node(e.to_string())
}
