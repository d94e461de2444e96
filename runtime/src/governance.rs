//! What members may call, and how the council governs: seats that follow the organisations'
//! status, and `Root` by a super-majority.

use alloc::vec::Vec;
use frame_support::{
	traits::{ChangeMembers, Contains, Get},
	weights::Weight,
};
use pallet_collective::WeightInfo as _;

use medtrust_primitives::state::StateGrowth;

use crate::{configs::CouncilInstance, AccountId, Runtime, RuntimeCall};

/// The most new state a member's call adds, for each organisation's daily budget: each domain
/// pallet states its own calls'. The other calls members may send (votes, session keys, the
/// empty remark) add a few bytes to lists their own pallets bound, and are charged nothing.
pub struct CallStateGrowth;

impl StateGrowth<RuntimeCall> for CallStateGrowth {
	fn new_state(call: &RuntimeCall) -> u64 {
		match call {
			RuntimeCall::Traceability(call) => call.new_state(),
			RuntimeCall::Consent(call) => call.new_state(),
			RuntimeCall::Claims(call) => call.new_state(),
			_ => 0,
		}
	}
}

/// The calls anyone but `Root` may dispatch; `Root` (a council super-majority through
/// `Organizations::dispatch_as_root`, or the development chain's sudo) is never filtered.
///
/// Members transact without fees, so a call no role needs is a call to spam with. The list
/// admits the consortium's own pallets, the council, session keys and the timestamp inherent, and
/// refuses the rest by name: remarks with content (an empty remark is how the SDK fills a
/// nonce it could not use), every upstream call that only `Root` should make, and
/// `pallet-node-authorization`'s owner calls, which would let a node's owner admit peers
/// without a vote. The same filter is applied when the pool validates a transaction
/// (`CheckMembership`), so a refused call never enters the pool.
pub struct MemberCalls;

impl Contains<RuntimeCall> for MemberCalls {
	fn contains(call: &RuntimeCall) -> bool {
		use pallet_node_authorization::Call as Nodes;
		match call {
			RuntimeCall::System(frame_system::Call::remark { remark }) => remark.is_empty(),
			// The second half of a runtime upgrade the council authorised: anyone may supply
			// the code whose hash was authorised.
			RuntimeCall::System(frame_system::Call::apply_authorized_upgrade { .. }) => true,
			RuntimeCall::System(_) => false,
			RuntimeCall::Timestamp(_) => true,
			RuntimeCall::Session(pallet_session::Call::set_keys { .. } | pallet_session::Call::purge_keys {}) => true,
			RuntimeCall::Session(_) | RuntimeCall::Grandpa(_) | RuntimeCall::Sudo(_) => false,
			// The allow-list changes only by the council's motion (their origin checks that).
			RuntimeCall::NodeAuthorization(
				Nodes::add_well_known_node { .. } |
				Nodes::remove_well_known_node { .. } |
				Nodes::swap_well_known_node { .. } |
				Nodes::reset_well_known_nodes { .. },
			) => true,
			RuntimeCall::NodeAuthorization(_) => false,
			RuntimeCall::ValidatorSet(_) |
			RuntimeCall::Council(_) |
			RuntimeCall::Organizations(_) |
			RuntimeCall::Traceability(_) |
			RuntimeCall::Consent(_) |
			RuntimeCall::Claims(_) => true,
		}
	}
}

/// The council's seats, kept in `pallet-collective`.
pub struct CouncilOfActiveOrganizations;

type Council = pallet_collective::Pallet<Runtime, CouncilInstance>;

impl pallet_organizations::CouncilSeats<AccountId> for CouncilOfActiveOrganizations {
	fn vacate(accounts: &[AccountId]) -> Vec<AccountId> {
		let members = pallet_collective::Members::<Runtime, CouncilInstance>::get();
		let (outgoing, staying): (Vec<_>, Vec<_>) = members.into_iter().partition(|m| accounts.contains(m));
		if outgoing.is_empty() || staying.is_empty() {
			return Vec::new();
		}
		// `Members` is kept sorted, so both halves are too.
		<Council as ChangeMembers<AccountId>>::change_members_sorted(&[], &outgoing, &staying);
		outgoing
	}

	fn restore(accounts: &[AccountId]) {
		let mut members = pallet_collective::Members::<Runtime, CouncilInstance>::get();
		let max: u32 = <Runtime as pallet_collective::Config<CouncilInstance>>::MaxMembers::get();
		let max = max as usize;
		let mut incoming: Vec<AccountId> = Vec::new();
		for account in accounts {
			if members.len() + incoming.len() < max && !members.contains(account) && !incoming.contains(account) {
				incoming.push(account.clone());
			}
		}
		if incoming.is_empty() {
			return;
		}
		incoming.sort();
		members.extend(incoming.iter().cloned());
		members.sort();
		<Council as ChangeMembers<AccountId>>::change_members_sorted(&incoming, &[], &members);
	}

	/// `pallet-collective`'s own measure of replacing every member with every motion open.
	fn max_weight() -> Weight {
		let max_members: u32 = <Runtime as pallet_collective::Config<CouncilInstance>>::MaxMembers::get();
		let max_proposals: u32 = <Runtime as pallet_collective::Config<CouncilInstance>>::MaxProposals::get();
		pallet_collective::weights::SubstrateWeight::<Runtime>::set_members(max_members, max_members, max_proposals)
	}
}
