//! Which caller may call which method: the node's one policy table.
//!
//! Every method the node serves is in [`POLICY`]; a method that is not (a new one added by
//! an upgrade of Substrate) is the operator's only, so nothing new is exposed by default.
//! Methods that read state or call the runtime are checked by parameter as well: anyone may
//! read the directory of organisations and products ([`PUBLIC_STORAGE`]), a member also the
//! storage a standard client needs ([`MEMBER_STORAGE`]) and the runtime APIs a client needs to
//! sign and submit ([`MEMBER_RUNTIME_CALLS`]), and nothing else raw. The
//! domain methods check the rest themselves (whose claim, whose subject) with the caller the
//! gate puts in the call's extensions. The README shows this table.

use std::sync::OnceLock;

use jsonrpsee::types::{ErrorObject, ErrorObjectOwned, Params};
use medtrust_primitives::Role;
use sp_crypto_hashing::twox_128;

use super::credentials::Caller;

/// The JSON-RPC error code of a call without a usable credential.
pub const NOT_AUTHENTICATED: i32 = -32040;
/// The JSON-RPC error code of a call the caller's kind or role may not make.
pub const NOT_ALLOWED: i32 = -32041;
/// The JSON-RPC error code of a public call over its connection's rate.
pub const RATE_LIMITED: i32 = -32042;

/// Who may call a method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
	/// Every client, authenticated or not (submitting a signed transaction: the signature is
	/// the authentication).
	Everyone,
	/// The public too: chain basics and the scan's verdict. Rate-limited per connection.
	Public,
	/// Members holding one of the roles (any role if none is named), and the operator.
	Member(&'static [Role]),
	/// Raw storage under [`PUBLIC_STORAGE`] for the public, and under [`MEMBER_STORAGE`] too
	/// for members; the keys (or a listing's prefix) are at the position given.
	Storage(Keys),
	/// The public and members for the runtime APIs in [`PUBLIC_RUNTIME_CALLS`] and
	/// [`MEMBER_RUNTIME_CALLS`]; parameter `n` names the function.
	RuntimeCall(usize),
	/// The node's operator only.
	Operator,
}

/// Where a storage method's keys are among its parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keys {
	/// One key, at this position.
	One(usize),
	/// A list of keys, at this position; none (all keys) is the operator's only.
	List(usize),
	/// `chainHead_v1_storage`'s items (`[{key, type}]`), at this position.
	Items(usize),
}

const ANY_ROLE: &[Role] = &[];
const CLAIM_PARTIES: &[Role] = &[Role::Hospital, Role::Insurer, Role::Auditor, Role::Regulator];

/// Every method the node serves, and who may call it.
pub const POLICY: &[(&str, Rule)] = &[
	// Submitting signed transactions.
	("author_submitExtrinsic", Rule::Everyone),
	("author_submitAndWatchExtrinsic", Rule::Everyone),
	("author_unwatchExtrinsic", Rule::Everyone),
	("transaction_v1_broadcast", Rule::Everyone),
	("transaction_v1_stop", Rule::Everyone),
	("transactionWatch_v1_submitAndWatch", Rule::Everyone),
	("transactionWatch_v1_unwatch", Rule::Everyone),
	// Chain and system basics.
	("rpc_methods", Rule::Public),
	("chain_getHeader", Rule::Public),
	("chain_getBlockHash", Rule::Public),
	("chain_getHead", Rule::Public),
	("chain_getFinalizedHead", Rule::Public),
	("chain_getFinalisedHead", Rule::Public),
	("chain_getRuntimeVersion", Rule::Public),
	("chain_subscribeAllHeads", Rule::Public),
	("chain_unsubscribeAllHeads", Rule::Public),
	("chain_subscribeNewHeads", Rule::Public),
	("chain_unsubscribeNewHeads", Rule::Public),
	("chain_subscribeNewHead", Rule::Public),
	("chain_unsubscribeNewHead", Rule::Public),
	("subscribe_newHead", Rule::Public),
	("unsubscribe_newHead", Rule::Public),
	("chain_subscribeFinalizedHeads", Rule::Public),
	("chain_unsubscribeFinalizedHeads", Rule::Public),
	("chain_subscribeFinalisedHeads", Rule::Public),
	("chain_unsubscribeFinalisedHeads", Rule::Public),
	("chain_subscribeRuntimeVersion", Rule::Public),
	("chain_unsubscribeRuntimeVersion", Rule::Public),
	("chainSpec_v1_chainName", Rule::Public),
	("chainSpec_v1_genesisHash", Rule::Public),
	("chainSpec_v1_properties", Rule::Public),
	("state_getMetadata", Rule::Public),
	("state_getRuntimeVersion", Rule::Public),
	("state_subscribeRuntimeVersion", Rule::Public),
	("state_unsubscribeRuntimeVersion", Rule::Public),
	("system_chain", Rule::Public),
	("system_chainType", Rule::Public),
	("system_name", Rule::Public),
	("system_version", Rule::Public),
	("system_properties", Rule::Public),
	("system_health", Rule::Public),
	("state_call", Rule::RuntimeCall(0)),
	("state_callAt", Rule::RuntimeCall(0)),
	// A pack's verdict; the public's answer leaves out custody and history.
	("trace_verify", Rule::Public),
	// What a member's client needs to sign, submit and follow its transactions.
	("system_accountNextIndex", Rule::Member(ANY_ROLE)),
	("account_nextIndex", Rule::Member(ANY_ROLE)),
	("system_syncState", Rule::Member(ANY_ROLE)),
	("system_nodeRoles", Rule::Member(ANY_ROLE)),
	("submission_outcomes", Rule::Member(ANY_ROLE)),
	("chainHead_v1_follow", Rule::Member(ANY_ROLE)),
	("chainHead_v1_unfollow", Rule::Member(ANY_ROLE)),
	("chainHead_v1_header", Rule::Member(ANY_ROLE)),
	("chainHead_v1_unpin", Rule::Member(ANY_ROLE)),
	("chainHead_v1_continue", Rule::Member(ANY_ROLE)),
	("chainHead_v1_stopOperation", Rule::Member(ANY_ROLE)),
	("chainHead_v1_call", Rule::RuntimeCall(2)),
	("chainHead_v1_storage", Rule::Storage(Keys::Items(2))),
	("state_getStorage", Rule::Storage(Keys::One(0))),
	("state_getStorageAt", Rule::Storage(Keys::One(0))),
	("state_getStorageHash", Rule::Storage(Keys::One(0))),
	("state_getStorageHashAt", Rule::Storage(Keys::One(0))),
	("state_getStorageSize", Rule::Storage(Keys::One(0))),
	("state_getStorageSizeAt", Rule::Storage(Keys::One(0))),
	("state_queryStorage", Rule::Storage(Keys::List(0))),
	("state_queryStorageAt", Rule::Storage(Keys::List(0))),
	("state_subscribeStorage", Rule::Storage(Keys::List(0))),
	("state_getKeysPaged", Rule::Storage(Keys::One(0))),
	("state_getKeysPagedAt", Rule::Storage(Keys::One(0))),
	("state_unsubscribeStorage", Rule::Member(ANY_ROLE)),
	// The domain: each method also checks whose record it is.
	("trace_verifyInRuntime", Rule::Member(ANY_ROLE)),
	("trace_history", Rule::Member(ANY_ROLE)),
	("trace_alerts", Rule::Member(ANY_ROLE)),
	("consent_decide", Rule::Member(ANY_ROLE)),
	("consent_decideInRuntime", Rule::Member(ANY_ROLE)),
	("consent_logHead", Rule::Member(ANY_ROLE)),
	("consent_audit", Rule::Member(ANY_ROLE)),
	("claims_claim", Rule::Member(CLAIM_PARTIES)),
	("claims_invoice", Rule::Member(CLAIM_PARTIES)),
	("claims_eob", Rule::Member(CLAIM_PARTIES)),
	("claims_accumulators", Rule::Member(CLAIM_PARTIES)),
	("claims_eligibility", Rule::Member(CLAIM_PARTIES)),
	("claims_preauth", Rule::Member(CLAIM_PARTIES)),
	("claims_clearing", Rule::Member(CLAIM_PARTIES)),
	("claims_statement", Rule::Member(CLAIM_PARTIES)),
	("claims_overdue", Rule::Member(&[Role::Auditor, Role::Regulator])),
	// Raw state, block bodies (their calls carry consents' terms and claims' items), the
	// pool, keys, network control and offchain storage.
	("chain_getBlock", Rule::Operator),
	("chainHead_v1_body", Rule::Operator),
	("state_getKeys", Rule::Operator),
	("state_getPairs", Rule::Operator),
	("state_getReadProof", Rule::Operator),
	("state_getChildReadProof", Rule::Operator),
	("state_callRecorded", Rule::Operator),
	("state_traceBlock", Rule::Operator),
	("childstate_getKeys", Rule::Operator),
	("childstate_getKeysPaged", Rule::Operator),
	("childstate_getKeysPagedAt", Rule::Operator),
	("childstate_getStorage", Rule::Operator),
	("childstate_getStorageEntries", Rule::Operator),
	("childstate_getStorageHash", Rule::Operator),
	("childstate_getStorageSize", Rule::Operator),
	("author_pendingExtrinsics", Rule::Operator),
	("author_removeExtrinsic", Rule::Operator),
	("author_insertKey", Rule::Operator),
	("author_rotateKeys", Rule::Operator),
	("author_rotateKeysWithOwner", Rule::Operator),
	("author_hasKey", Rule::Operator),
	("author_hasSessionKeys", Rule::Operator),
	("system_dryRun", Rule::Operator),
	("system_dryRunAt", Rule::Operator),
	("system_localPeerId", Rule::Operator),
	("system_localListenAddresses", Rule::Operator),
	("system_peers", Rule::Operator),
	("system_unstable_networkState", Rule::Operator),
	("system_addReservedPeer", Rule::Operator),
	("system_removeReservedPeer", Rule::Operator),
	("system_reservedPeers", Rule::Operator),
	("system_addLogFilter", Rule::Operator),
	("system_resetLogFilter", Rule::Operator),
	("offchain_localStorageGet", Rule::Operator),
	("offchain_localStorageSet", Rule::Operator),
	("offchain_localStorageClear", Rule::Operator),
	("bitswap_v1_get", Rule::Operator),
];

/// The runtime APIs the public may call: what a client needs to read the chain's metadata.
pub const PUBLIC_RUNTIME_CALLS: &[&str] =
	&["Core_version", "Metadata_metadata", "Metadata_metadata_at_version", "Metadata_metadata_versions"];

/// The runtime APIs members may call besides the public's: what a client needs to sign and
/// submit, and the audit API, which checks the question's signature itself.
pub const MEMBER_RUNTIME_CALLS: &[&str] = &[
	"AccountNonceApi_account_nonce",
	"TaggedTransactionQueue_validate_transaction",
	"AuraApi_slot_duration",
	"AuraApi_authorities",
	"GrandpaApi_grandpa_authorities",
	"ConsentApi_audit",
];

/// The storage anyone may read (and list, page by page): `(pallet, item)`, or `(pallet, "")`
/// for a whole pallet. The consortium's directory of organisations and the products' and
/// lots' master data, which a scan's verdict names anyway.
pub const PUBLIC_STORAGE: &[(&str, &str)] = &[
	("Organizations", ""),
	("Traceability", "Products"),
	("Traceability", "ProductCodes"),
	("Traceability", "Lots"),
	("Traceability", "LotIds"),
];

/// The storage members may read besides the public's: accounts' nonces, the block's number,
/// hashes and time, and the council's motions and votes (governance every member takes part
/// in). Never consents, logs, claims, packs' custody or a block's events.
pub const MEMBER_STORAGE: &[(&str, &str)] = &[
	("Council", ""),
	("System", "Account"),
	("System", "Number"),
	("System", "BlockHash"),
	("System", "ParentHash"),
	("System", "LastRuntimeUpgrade"),
	("Timestamp", "Now"),
];

/// The rule for `method`: the table's, or the operator's only for a method not in it.
pub fn rule(method: &str) -> Rule {
	POLICY.iter().find(|(name, _)| *name == method).map(|(_, rule)| *rule).unwrap_or(Rule::Operator)
}

fn prefixes(items: &[(&str, &str)]) -> Vec<Vec<u8>> {
	items
		.iter()
		.map(|(pallet, item)| {
			let mut prefix = twox_128(pallet.as_bytes()).to_vec();
			if !item.is_empty() {
				prefix.extend_from_slice(&twox_128(item.as_bytes()));
			}
			prefix
		})
		.collect()
}

/// Whether storage key `key` (hex) lies under one of the public's prefixes, or, for a
/// member, under one of the members' too.
fn may_read(key: &serde_json::Value, member: bool) -> bool {
	static PUBLIC: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
	static MEMBERS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
	let Some(bytes) = key.as_str().and_then(|k| hex::decode(k.trim_start_matches("0x")).ok()) else { return false };
	let under = |prefixes: &[Vec<u8>]| prefixes.iter().any(|prefix| bytes.starts_with(prefix));
	under(PUBLIC.get_or_init(|| prefixes(PUBLIC_STORAGE))) ||
		(member && under(MEMBERS.get_or_init(|| prefixes(MEMBER_STORAGE))))
}

fn refuse(code: i32, message: String) -> ErrorObjectOwned {
	ErrorObject::owned(code, message, None::<()>)
}

/// A domain method's refusal of a caller the table let through but the record's rules do not.
pub fn not_allowed(message: impl Into<String>) -> ErrorObjectOwned {
	refuse(NOT_ALLOWED, format!("not allowed: {}", message.into()))
}

fn not_authenticated(method: &str) -> ErrorObjectOwned {
	refuse(
		NOT_AUTHENTICATED,
		format!("not authenticated: `{method}` is for members (a member token) or the node's operator (its cookie)"),
	)
}

/// Whether `caller` may call `method` with `params`; the refusal says why.
pub fn check(caller: &Caller, method: &str, params: &Params) -> Result<(), ErrorObjectOwned> {
	if let Caller::Refused(why) = caller {
		return Err(refuse(NOT_AUTHENTICATED, format!("not authenticated: {why}")));
	}
	if *caller == Caller::Operator {
		return Ok(());
	}
	let positional = || -> Vec<serde_json::Value> {
		params.as_str().and_then(|p| serde_json::from_str(p).ok()).unwrap_or_default()
	};
	match rule(method) {
		Rule::Everyone | Rule::Public => Ok(()),
		Rule::Operator => Err(refuse(NOT_ALLOWED, format!("not allowed: `{method}` is for the node's operator only"))),
		Rule::Member(roles) => {
			let Some(member) = caller.member() else { return Err(not_authenticated(method)) };
			if roles.is_empty() || roles.iter().any(|role| member.roles.contains(*role)) {
				Ok(())
			} else {
				Err(refuse(
					NOT_ALLOWED,
					format!("role not allowed: `{method}` is for organisations with the role {}", names(roles)),
				))
			}
		},
		Rule::RuntimeCall(at) => {
			let params = positional();
			let function = params.get(at).and_then(|f| f.as_str()).unwrap_or_default();
			if PUBLIC_RUNTIME_CALLS.contains(&function) {
				return Ok(());
			}
			if caller.member().is_none() {
				return Err(not_authenticated(method));
			}
			if MEMBER_RUNTIME_CALLS.contains(&function) {
				Ok(())
			} else {
				Err(refuse(
					NOT_ALLOWED,
					format!(
						"not allowed: members may call only the runtime APIs a client needs to sign and submit \
						 ({}), not `{function}`; use the domain's RPC methods",
						MEMBER_RUNTIME_CALLS.join(", ")
					),
				))
			}
		},
		Rule::Storage(keys) => {
			let member = caller.member().is_some();
			let params = positional();
			let keys: Vec<serde_json::Value> = match keys {
				Keys::One(at) => params.get(at).cloned().into_iter().collect(),
				Keys::List(at) => params.get(at).and_then(|l| l.as_array()).cloned().unwrap_or_default(),
				Keys::Items(at) => params
					.get(at)
					.and_then(|l| l.as_array())
					.map(|items| items.iter().map(|i| i.get("key").cloned().unwrap_or_default()).collect())
					.unwrap_or_default(),
			};
			if !keys.is_empty() && keys.iter().all(|key| may_read(key, member)) {
				Ok(())
			} else if !member && !keys.is_empty() && keys.iter().all(|key| may_read(key, true)) {
				Err(not_authenticated(method))
			} else {
				Err(refuse(
					NOT_ALLOWED,
					"not allowed: raw storage is the operator's, but for Organizations and Traceability's \
					 products and lots (anyone) and the Council, System.Account, System.Number, \
					 System.BlockHash, System.ParentHash, System.LastRuntimeUpgrade and Timestamp.Now \
					 (members)"
						.into(),
				))
			}
		},
	}
}

fn names(roles: &[Role]) -> String {
	roles.iter().map(|r| format!("{r:?}").to_lowercase()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::gate::credentials::Member;
	use medtrust_primitives::Roles;

	fn member(roles: &[Role]) -> Caller {
		Caller::Member(Member { account: [1; 32], organization: 3, roles: Roles::of(roles) })
	}

	fn code(caller: &Caller, method: &str, params: &str) -> Option<i32> {
		check(caller, method, &Params::new(Some(params))).err().map(|e| e.code())
	}

	#[test]
	fn the_table_names_each_method_once() {
		let mut names: Vec<_> = POLICY.iter().map(|(n, _)| *n).collect();
		names.sort();
		let before = names.len();
		names.dedup();
		assert_eq!(before, names.len());
	}

	#[test]
	fn storage_and_runtime_calls_are_checked_by_parameter() {
		let pharmacy = member(&[Role::Pharmacy]);
		let account_key = format!("[\"0x{}{}00\"]", hex::encode(twox_128(b"System")), hex::encode(twox_128(b"Account")));
		let events_key = format!("[\"0x{}{}\"]", hex::encode(twox_128(b"System")), hex::encode(twox_128(b"Events")));
		let consent_key = format!("[\"0x{}\"]", hex::encode(twox_128(b"Consent")));
		assert_eq!(code(&pharmacy, "state_getStorage", &account_key), None);
		assert_eq!(code(&pharmacy, "state_getStorage", &events_key), Some(NOT_ALLOWED));
		assert_eq!(code(&pharmacy, "state_getStorage", &consent_key), Some(NOT_ALLOWED));
		assert_eq!(code(&pharmacy, "state_subscribeStorage", "[]"), Some(NOT_ALLOWED), "all keys is the operator's");
		assert_eq!(code(&Caller::Public, "state_getStorage", &account_key), Some(NOT_AUTHENTICATED));
		let directory = format!("[\"0x{}\",10]", hex::encode(twox_128(b"Organizations")));
		assert_eq!(code(&Caller::Public, "state_getKeysPaged", &directory), None, "anyone lists the directory");
		assert_eq!(code(&Caller::Public, "state_getKeysPaged", "[\"0x\",10]"), Some(NOT_ALLOWED));
		assert_eq!(code(&pharmacy, "state_getKeysPaged", &consent_key), Some(NOT_ALLOWED));
		assert_eq!(code(&Caller::Operator, "state_getStorage", &consent_key), None);
		assert_eq!(code(&Caller::Public, "state_call", "[\"Metadata_metadata_at_version\",\"0x0f000000\"]"), None);
		assert_eq!(code(&Caller::Public, "state_call", "[\"ConsentApi_audit\",\"0x\"]"), Some(NOT_AUTHENTICATED));
		assert_eq!(code(&pharmacy, "state_call", "[\"ConsentApi_audit\",\"0x\"]"), None);
		assert_eq!(code(&pharmacy, "state_call", "[\"ConsentApi_decide\",\"0x\"]"), Some(NOT_ALLOWED));
		assert_eq!(code(&pharmacy, "state_call", "[\"ClaimsApi_claim\",\"0x\"]"), Some(NOT_ALLOWED));
	}

	#[test]
	fn roles_and_kinds_of_caller_are_told_apart() {
		assert_eq!(code(&Caller::Public, "trace_verify", "[]"), None);
		assert_eq!(code(&Caller::Public, "trace_history", "[]"), Some(NOT_AUTHENTICATED));
		assert_eq!(code(&member(&[Role::Pharmacy]), "claims_claim", "[1]"), Some(NOT_ALLOWED));
		assert_eq!(code(&member(&[Role::Insurer]), "claims_claim", "[1]"), None);
		assert_eq!(code(&member(&[Role::Auditor]), "state_getKeysPaged", "[]"), Some(NOT_ALLOWED));
		assert_eq!(code(&member(&[Role::Regulator]), "a_method_added_later", "[]"), Some(NOT_ALLOWED));
		assert_eq!(code(&Caller::Refused("expired".into()), "system_health", "[]"), Some(NOT_AUTHENTICATED));
		assert_eq!(code(&Caller::Public, "author_submitExtrinsic", "[\"0x00\"]"), None);
	}
}
