//! Who may call what: every method the node serves (listed from `rpc_methods`, so a new one
//! cannot slip through) is called as the public, a pharmacy, an insurer, an auditor and the
//! operator, and the refusals are checked against the policy table. Then the paths around the
//! table: raw storage, block bodies and events, the runtime API and the domain methods give no
//! non-operator a subject's log, consents or claims; credentials that are expired, for another
//! chain or forged are refused with the reason; the public is rate-limited per connection.

use std::{collections::BTreeMap, time::Duration};

use anyhow::{bail, ensure, Context, Result};
use medtrust_client::{
	consent::calls as consent_calls,
	credential::member_token,
	subxt::rpcs::{client::RpcParams, RpcClient},
	Credential, Ed25519Signer, MedtrustClient, Wait,
};
use medtrust_e2e::{bounded_outcome, Node, NodeConfig};
use medtrust_primitives::{
	access::MemberToken,
	consent::audit::{AuditAnswer, AuditError, AuditQuery, SignedAuditQuery},
};
use sp_crypto_hashing::twox_128;

const SCENARIO_LIMIT: Duration = Duration::from_secs(240);
const NOT_AUTHENTICATED: i32 = -32040;
const NOT_ALLOWED: i32 = -32041;
const RATE_LIMITED: i32 = -32042;

/// The callers, in the order of each row below.
const CALLERS: [&str; 5] = ["public", "pharmacy", "insurer", "auditor", "operator"];

/// What each caller gets of each method: `y` served, `-` refused (the policy in the README).
fn expected() -> BTreeMap<&'static str, &'static str> {
	let mut rows = BTreeMap::new();
	let everyone = "yyyyy";
	let members = "-yyyy";
	let operator = "----y";
	for method in [
		"author_submitExtrinsic", "author_submitAndWatchExtrinsic", "author_unwatchExtrinsic", "transaction_v1_broadcast",
		"transaction_v1_stop", "transactionWatch_v1_submitAndWatch", "transactionWatch_v1_unwatch", "rpc_methods",
		"chain_getHeader", "chain_getBlockHash", "chain_getHead", "chain_getFinalizedHead", "chain_getFinalisedHead",
		"chain_getRuntimeVersion", "chain_subscribeAllHeads", "chain_unsubscribeAllHeads", "chain_subscribeNewHeads",
		"chain_unsubscribeNewHeads", "chain_subscribeNewHead", "chain_unsubscribeNewHead", "subscribe_newHead",
		"unsubscribe_newHead", "chain_subscribeFinalizedHeads", "chain_unsubscribeFinalizedHeads",
		"chain_subscribeFinalisedHeads", "chain_unsubscribeFinalisedHeads", "chain_subscribeRuntimeVersion",
		"chain_unsubscribeRuntimeVersion", "chainSpec_v1_chainName", "chainSpec_v1_genesisHash", "chainSpec_v1_properties",
		"state_getMetadata", "state_getRuntimeVersion", "state_subscribeRuntimeVersion", "state_unsubscribeRuntimeVersion",
		"system_chain", "system_chainType", "system_name", "system_version", "system_properties", "system_health",
		"trace_verify", "state_call", "state_callAt", "chainHead_v1_call",
	] {
		rows.insert(method, everyone);
	}
	for method in [
		"system_accountNextIndex", "account_nextIndex", "system_syncState", "system_nodeRoles", "submission_outcomes",
		"chainHead_v1_follow", "chainHead_v1_unfollow", "chainHead_v1_header", "chainHead_v1_unpin",
		"chainHead_v1_continue", "chainHead_v1_stopOperation", "chainHead_v1_storage",
		"state_getStorage", "state_getStorageAt", "state_getStorageHash", "state_getStorageHashAt", "state_getStorageSize",
		"state_getStorageSizeAt", "state_queryStorage", "state_queryStorageAt", "state_subscribeStorage",
		"state_getKeysPaged", "state_getKeysPagedAt",
		"state_unsubscribeStorage", "trace_verifyInRuntime", "trace_history", "trace_alerts", "consent_decide",
		"consent_decideInRuntime", "consent_logHead", "consent_audit",
	] {
		rows.insert(method, members);
	}
	for method in [
		"claims_claim", "claims_invoice", "claims_eob", "claims_accumulators", "claims_eligibility", "claims_preauth",
		"claims_clearing", "claims_statement",
	] {
		rows.insert(method, "--yyy");
	}
	rows.insert("claims_overdue", "---yy");
	for method in [
		"chain_getBlock", "chainHead_v1_body", "state_getKeys",
		"state_getPairs", "state_getReadProof", "state_getChildReadProof", "state_callRecorded", "state_traceBlock",
		"childstate_getKeys", "childstate_getKeysPaged", "childstate_getKeysPagedAt", "childstate_getStorage",
		"childstate_getStorageEntries", "childstate_getStorageHash", "childstate_getStorageSize",
		"author_pendingExtrinsics", "author_removeExtrinsic", "author_insertKey", "author_rotateKeys",
		"author_rotateKeysWithOwner", "author_hasKey", "author_hasSessionKeys", "system_dryRun", "system_dryRunAt",
		"system_localPeerId", "system_localListenAddresses", "system_peers", "system_unstable_networkState",
		"system_addReservedPeer", "system_removeReservedPeer", "system_reservedPeers", "system_addLogFilter",
		"system_resetLogFilter", "offchain_localStorageGet", "offchain_localStorageSet", "offchain_localStorageClear",
		"bitswap_v1_get",
	] {
		rows.insert(method, operator);
	}
	rows
}

fn storage_key(pallet: &str, item: &str) -> String {
	format!("0x{}{}", hex::encode(twox_128(pallet.as_bytes())), hex::encode(twox_128(item.as_bytes())))
}

/// Parameters a member may pass to the methods checked by parameter (runtime calls by
/// function: `Core_version` is the public's too); `[]` for the rest (a
/// method served with bad parameters answers "invalid params", which is not a refusal).
fn params_for(method: &str) -> serde_json::Value {
	let number = storage_key("System", "Number");
	match method {
		"state_call" | "state_callAt" => serde_json::json!(["Core_version", "0x"]),
		"chainHead_v1_call" => serde_json::json!(["none", "0x00", "Core_version", "0x"]),
		"chainHead_v1_storage" => serde_json::json!(["none", "0x00", [{"key": number, "type": "value"}], null]),
		"state_queryStorage" | "state_queryStorageAt" | "state_subscribeStorage" => serde_json::json!([[number]]),
		m if m.starts_with("state_getStorage") => serde_json::json!([number]),
		m if m.starts_with("state_getKeysPaged") => serde_json::json!([number, 10]),
		_ => serde_json::json!([]),
	}
}

fn rpc_params(value: serde_json::Value) -> RpcParams {
	let mut params = RpcParams::new();
	for v in value.as_array().cloned().unwrap_or_default() {
		params.push(v).expect("JSON values serialise; qed");
	}
	params
}

/// The refusal code of a call, if it was refused by the policy.
async fn refusal(rpc: &RpcClient, method: &str, params: serde_json::Value) -> Result<Option<i32>> {
	match rpc.request::<serde_json::Value>(method, rpc_params(params)).await {
		Ok(_) => Ok(None),
		Err(medtrust_client::subxt::rpcs::Error::User(e)) if [NOT_AUTHENTICATED, NOT_ALLOWED].contains(&e.code) =>
			Ok(Some(e.code)),
		Err(medtrust_client::subxt::rpcs::Error::User(_)) => Ok(None),
		Err(other) => bail!("`{method}` failed outside the policy: {other}"),
	}
}

struct Callers {
	rpcs: Vec<RpcClient>,
	public_url: String,
}

async fn callers(node: &Node, genesis: medtrust_client::H256) -> Result<Callers> {
	let token = |name: &str| Credential::Member(member_token(&Ed25519Signer::dev(name), genesis, Duration::from_secs(600)));
	let credentials = vec![Credential::Public, token("eve"), token("one"), token("two"), node.operator()];
	let mut rpcs = Vec::new();
	for credential in &credentials {
		rpcs.push(RpcClient::from_insecure_url(&node.url_with(credential)).await?);
	}
	Ok(Callers { rpcs, public_url: node.public_url() })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_method_answers_only_the_callers_the_policy_allows() -> Result<()> {
	let mut config = NodeConfig::dev();
	config.extra_args.extend(["--rpc-max-request-size".to_string(), "1".to_string()]);
	let node = Node::start(config).await?;
	let outcome = tokio::time::timeout(SCENARIO_LIMIT, scenario(&node)).await;
	bounded_outcome(outcome, SCENARIO_LIMIT, || format!("\n{}", node.log_tail(60)))
}

async fn scenario(node: &Node) -> Result<()> {
	node.wait_for_finalized(1, Duration::from_secs(90)).await?;
	let operator = node.client().await?;
	let genesis = operator.api().genesis_hash();
	let callers = callers(node, genesis).await?;
	the_table_holds_for_every_method(&callers).await?;
	no_raw_path_to_consents_and_logs(node, &callers, genesis).await?;
	credentials_are_refused_with_the_reason(node, genesis).await?;
	the_public_is_rate_limited(node, &callers).await?;
	a_suspended_organisation_is_refused_at_once(&operator, &callers).await
}

/// The council suspends the pharmacy; its open connection is refused from its next call.
async fn a_suspended_organisation_is_refused_at_once(operator: &MedtrustClient, callers: &Callers) -> Result<()> {
	let pharmacy = &callers.rpcs[1];
	ensure!(refusal(pharmacy, "trace_alerts", serde_json::json!([])).await?.is_none(), "the pharmacy is served before");
	let council: Vec<Ed25519Signer> =
		["alice", "bob", "charlie", "dave", "eve", "ferdie", "one", "two"].into_iter().map(Ed25519Signer::dev).collect();
	let suspended = operator.pass_motion(medtrust_client::governance::calls::suspend_organization(4), &council).await?;
	ensure!(suspended.events.iter().any(|e| e == "Organizations.OrganizationSuspended"), "{:?}", suspended.events);
	// The gate looks the organisation up at the best block, which includes the motion by now.
	match pharmacy.request::<serde_json::Value>("trace_alerts", RpcParams::new()).await {
		Err(medtrust_client::subxt::rpcs::Error::User(e)) if e.code == NOT_AUTHENTICATED && e.message.contains("suspended") => {},
		other => bail!("a suspended organisation's connection got {other:?}"),
	}
	println!("the pharmacy's connection is refused from the block that suspends it");
	Ok(())
}

/// Every method of `rpc_methods` is in the expected table, and each caller is served or
/// refused as the table says.
async fn the_table_holds_for_every_method(callers: &Callers) -> Result<()> {
	let listed: serde_json::Value = callers.rpcs[4].request("rpc_methods", RpcParams::new()).await?;
	let methods: Vec<String> = serde_json::from_value(listed["methods"].clone())?;
	let expected = expected();
	let unlisted: Vec<&String> = methods.iter().filter(|m| !expected.contains_key(m.as_str())).collect();
	ensure!(unlisted.is_empty(), "methods the policy test does not know (add them to the table and the README): {unlisted:?}");
	let mut wrong = Vec::new();
	for method in &methods {
		let row = expected[method.as_str()];
		// The public's rate is per connection: a fresh one per method keeps it under its limit.
		let public = RpcClient::from_insecure_url(&callers.public_url).await?;
		for (i, want) in row.chars().enumerate() {
			let rpc = if i == 0 { &public } else { &callers.rpcs[i] };
			let refused = refusal(rpc, method, params_for(method)).await?;
			if refused.is_some() != (want == '-') {
				wrong.push(format!("{method} as {}: {}", CALLERS[i], if refused.is_some() { "refused" } else { "served" }));
			}
		}
	}
	ensure!(wrong.is_empty(), "the policy does not hold: {wrong:#?}");
	println!("{} methods checked as {} callers", methods.len(), CALLERS.len());
	Ok(())
}

/// A hospital (a member, through its own token) registers a subject and logs an access. Then
/// no one but the operator reads the consent pallet's storage, a block's body or events, or
/// asks the runtime API on a bare account id; the audit answers the auditor, not the pharmacy.
async fn no_raw_path_to_consents_and_logs(node: &Node, callers: &Callers, genesis: medtrust_client::H256) -> Result<()> {
	let bob = Ed25519Signer::dev("bob");
	let hospital = MedtrustClient::connect_as_member(&node.public_url(), &bob).await?;
	let subject = [0x5a; 32];
	let included = hospital
		.submit(&consent_calls::register_subject(subject, None), &bob, Wait::InBlock)
		.await
		.context("a member submits and follows its own transaction through `submission_outcomes`")?;
	ensure!(included.events.iter().any(|e| e == "Consent.SubjectRegistered"), "{:?}", included.events);

	let consent_prefix = format!("0x{}", hex::encode(twox_128(b"Consent")));
	let claims_prefix = format!("0x{}", hex::encode(twox_128(b"Claims")));
	let events = storage_key("System", "Events");
	for (i, &who) in CALLERS.iter().enumerate().take(4) {
		for (method, params) in [
			("state_getKeysPaged", serde_json::json!([consent_prefix, 10])),
			("state_getKeysPaged", serde_json::json!([claims_prefix, 10])),
			("state_getStorage", serde_json::json!([storage_key("Claims", "Claims")])),
			("chainHead_v1_storage", serde_json::json!(["none", "0x00", [{"key": claims_prefix, "type": "descendantsValues"}], null])),
			("state_getStorage", serde_json::json!([format!("{consent_prefix}{}", hex::encode(twox_128(b"Subjects")))])),
			("state_getStorage", serde_json::json!([events])),
			("state_queryStorageAt", serde_json::json!([[events]])),
			("state_subscribeStorage", serde_json::json!([])),
			("chain_getBlock", serde_json::json!([format!("{:?}", included.block_hash)])),
			("state_call", serde_json::json!(["ConsentApi_log_head", format!("0x{}", hex::encode(subject))])),
			("state_call", serde_json::json!(["ClaimsApi_claim", "0x0000000000000000"])),
		] {
			let public = RpcClient::from_insecure_url(&callers.public_url).await?;
			let rpc = if i == 0 { &public } else { &callers.rpcs[i] };
			ensure!(refusal(rpc, method, params.clone()).await?.is_some(), "{who} was served {method} {params}");
		}
	}
	// The operator reads it all; anyone lists the directory of organisations.
	ensure!(refusal(&callers.rpcs[4], "state_getKeysPaged", serde_json::json!([consent_prefix, 10])).await?.is_none());
	let directory = format!("0x{}", hex::encode(twox_128(b"Organizations")));
	let public = RpcClient::from_insecure_url(&callers.public_url).await?;
	ensure!(refusal(&public, "state_getKeysPaged", serde_json::json!([directory, 10])).await?.is_none());

	// The runtime API checks the signature itself: the pharmacy's signature on the auditor's
	// account gets `BadSignature`, not the subject's consents.
	let eve = Ed25519Signer::dev("eve");
	let two = Ed25519Signer::dev("two");
	let header: serde_json::Value = callers.rpcs[1].request("chain_getHeader", RpcParams::new()).await?;
	let block = u32::from_str_radix(header["number"].as_str().unwrap_or("0x0").trim_start_matches("0x"), 16)?;
	let at = callers.rpcs[1].request::<String>("chain_getBlockHash", rpc_params(serde_json::json!([block]))).await?;
	let query = AuditQuery::SubjectConsents { subject };
	let issued_at = medtrust_e2e::now_millis();
	let payload = medtrust_primitives::consent::audit::signing_payload(genesis.as_ref(), block, issued_at, &query);
	let forged = SignedAuditQuery { query, requester: two.public_key(), block, issued_at, signature: (0u8, eve.sign_bytes(&payload)) };
	let bytes: String = callers.rpcs[1]
		.request("state_call", rpc_params(serde_json::json!(["ConsentApi_audit", format!("0x{}", hex::encode(codec::Encode::encode(&forged))), at])))
		.await?;
	let answer = <Result<AuditAnswer, AuditError> as codec::Decode>::decode(&mut &hex::decode(bytes.trim_start_matches("0x"))?[..])?;
	ensure!(answer == Err(AuditError::BadSignature), "the runtime API answered a forged question: {answer:?}");

	// Signed by its own key, the pharmacy is still not an auditor; the auditor is.
	let pharmacy = MedtrustClient::connect_as_member(&node.public_url(), &eve).await?;
	let refused = pharmacy.audit(&AuditQuery::SubjectConsents { subject }, &eve).await;
	ensure!(format!("{refused:?}").contains("only auditors"), "{refused:?}");
	let auditor = MedtrustClient::connect_as_member(&node.public_url(), &two).await?;
	let answer = auditor.audit(&AuditQuery::SubjectConsents { subject }, &two).await?;
	ensure!(matches!(answer, AuditAnswer::Consents { .. }), "{answer:?}");
	println!("no raw path: storage, bodies, events and runtime APIs refused to 4 callers; the audit answers the auditor only");
	Ok(())
}

/// Expired, foreign, forged and malformed credentials are refused with what is wrong.
async fn credentials_are_refused_with_the_reason(node: &Node, genesis: medtrust_client::H256) -> Result<()> {
	let eve = Ed25519Signer::dev("eve");
	let now = medtrust_e2e::now_millis();
	let signed = |genesis: [u8; 32], issued_at: u64, expires_at: u64| {
		let account = eve.public_key();
		let payload = MemberToken::signing_payload(&account, &genesis, issued_at, expires_at);
		MemberToken { account, genesis, issued_at, expires_at, signature: eve.sign_bytes(&payload) }
	};
	let mut forged = signed(genesis.0, now, now + 60_000);
	forged.account = Ed25519Signer::dev("two").public_key();
	let outsider = Ed25519Signer::from_seed(&[9; 32]);
	let cases = [
		(signed(genesis.0, now - 120_000, now - 60_000).to_text(), "expired"),
		(signed([1; 32], now, now + 60_000).to_text(), "another chain"),
		(forged.to_text(), "signature does not match"),
		(member_token(&outsider, genesis, Duration::from_secs(60)), "acts for no organisation"),
		("0123456789abcdef".to_string(), "neither this node's operator cookie nor a member token"),
	];
	let tokens: Vec<String> = cases.iter().map(|(token, _)| token.clone()).collect();
	for (token, reason) in cases {
		let rpc = RpcClient::from_insecure_url(&node.url_with(&Credential::Member(token))).await?;
		match rpc.request::<serde_json::Value>("system_health", RpcParams::new()).await {
			Err(medtrust_client::subxt::rpcs::Error::User(e)) if e.code == NOT_AUTHENTICATED && e.message.contains(reason) => {},
			other => bail!("a credential that is {reason} got {other:?}"),
		}
	}
	// The node's log is written asynchronously.
	for _ in 0..50 {
		if node.log().matches("refused the credential").count() >= tokens.len() {
			break;
		}
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
	let log = node.log();
	ensure!(log.matches("refused the credential").count() >= tokens.len(), "the node logs each refused credential");
	ensure!(tokens.iter().all(|t| !log.contains(&t[4..])), "the node's log holds a token");
	println!("5 bad credentials refused with their reasons, logged without secrets");

	// An oversized request is refused by the server before any method (the node here allows
	// 1 MiB: `--rpc-max-request-size 1`).
	let rpc = RpcClient::from_insecure_url(&node.url()).await?;
	let huge = format!("0x{}", "00".repeat(1 << 20));
	match rpc.request::<serde_json::Value>("author_submitExtrinsic", rpc_params(serde_json::json!([huge]))).await {
		Err(e) => println!("a 2 MiB request is refused: {e}"),
		Ok(answer) => bail!("a 2 MiB request was served: {answer}"),
	}
	Ok(())
}

/// The public's connection is limited; a member's is not.
async fn the_public_is_rate_limited(_node: &Node, callers: &Callers) -> Result<()> {
	let count = |rpc: RpcClient| async move {
		let mut limited = 0;
		for _ in 0..120 {
			if let Err(medtrust_client::subxt::rpcs::Error::User(e)) = rpc.request::<serde_json::Value>("system_health", RpcParams::new()).await {
				limited += usize::from(e.code == RATE_LIMITED);
			}
		}
		limited
	};
	let public = count(callers.rpcs[0].clone()).await;
	let member = count(callers.rpcs[1].clone()).await;
	ensure!(public > 0, "120 quick public calls on one connection were all served");
	ensure!(member == 0, "a member was rate-limited {member} times");
	println!("120 quick calls: the public was limited {public} times, a member never");
	Ok(())
}
