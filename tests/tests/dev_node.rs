//! The real `medtrust-node --dev` binary: finality, a member's call through the client SDK, and
//! an outsider's call refused before the pool.

use std::time::Duration;

use anyhow::Result;
use medtrust_client::{runtime, Ed25519Signer, SubmitError, Wait};
use medtrust_e2e::{Node, NodeConfig};

/// The whole scenario may take this long at most; the node is killed whatever happens.
const SCENARIO_LIMIT: Duration = Duration::from_secs(240);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dev_node_serves_members_and_refuses_outsiders() -> Result<()> {
	let node = Node::start(NodeConfig::dev()).await?;
	let outcome = tokio::time::timeout(SCENARIO_LIMIT, scenario(&node)).await;
	medtrust_e2e::bounded_outcome(outcome, SCENARIO_LIMIT, || format!("\n{}", node.log_tail(60)))
}

async fn scenario(node: &Node) -> Result<()> {
	// The single dev validator produces blocks and GRANDPA finalises them.
	let finalized = node.wait_for_finalized(2, Duration::from_secs(90)).await?;
	assert!(finalized >= 2);
	// RocksDB is the default database.
	let chain_dir = node.base_path.path().join("data/chains/medtrust_dev");
	assert!(chain_dir.join("db/full").is_dir(), "no RocksDB database in {}", chain_dir.display());
	assert!(!chain_dir.join("paritydb").exists());

	let client = node.client().await?;

	// The development preset: one organisation of each role, all active.
	let organizations = client.organizations().await?;
	assert_eq!(organizations.len(), 8, "{organizations:#?}");
	let pharmacy = organizations.iter().find(|o| o.roles == ["pharmacy"]).expect("a pharmacy");
	assert_eq!(pharmacy.status, "active");
	assert_eq!(pharmacy.accounts, vec![Ed25519Signer::dev("eve").account_id().to_string()]);

	// A member's call: the pharmacy adds a second workstation account to itself.
	let workstation = Ed25519Signer::from_seed(&[42u8; 32]);
	let add = runtime::tx().organizations().add_account(pharmacy.id, workstation.account_id());
	let included = client.submit(&add, &Ed25519Signer::dev("eve"), Wait::Finalized).await?;
	assert!(included.events.iter().any(|e| e == "Organizations.AccountAdded"), "{:?}", included.events);
	let updated = client.organization(pharmacy.id).await?.expect("still there");
	assert!(updated.accounts.contains(&workstation.account_id().to_string()));

	// The new account is a member now, so its transactions go through.
	let remark = runtime::tx().system().remark(Vec::new());
	client.submit(&remark, &workstation, Wait::InBlock).await?;

	// A remark with content is no call of any role: refused before the pool, with the reason.
	let chatter = runtime::tx().system().remark(b"scan station online".to_vec());
	match client.submit(&chatter, &workstation, Wait::InBlock).await {
		Err(SubmitError::Rejected { reason }) =>
			assert!(reason.contains("members may not send this call"), "unexpected reason: {reason}"),
		other => anyhow::bail!("a remark with content was not refused: {other:?}"),
	}

	// An outsider's transaction is refused before it reaches the pool.
	let outsider = Ed25519Signer::from_seed(&[7u8; 32]);
	match client.submit(&remark, &outsider, Wait::InBlock).await {
		Err(SubmitError::Rejected { reason }) =>
			assert!(reason.contains("acts for no organisation"), "unexpected reason: {reason}"),
		other => anyhow::bail!("an outsider's transaction was not refused: {other:?}"),
	}

	// A member calling beyond its role fails in the block with the pallet's precise error.
	let suspend = runtime::tx().organizations().suspend_organization(0);
	match client.submit(&suspend, &Ed25519Signer::dev("eve"), Wait::InBlock).await {
		Err(SubmitError::Failed { error, .. }) => assert!(error.to_lowercase().contains("bad origin"), "{error}"),
		other => anyhow::bail!("a pharmacy suspended the regulator: {other:?}"),
	}
	Ok(())
}
