//! The 4-organisation `local` consortium keeps outsiders out: a node whose identity the council
//! has not listed cannot join and sync (once the council lists it, the same node does); a
//! transaction signed by a key of no organisation is refused before the pool by every node; once
//! the council suspends an organisation, its next transaction is refused by every node, and after
//! reinstatement it is accepted again.

use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use medtrust_client::{governance, runtime, Ed25519Signer, SubmitError, Wait};
use medtrust_e2e::{
	cast::council,
	network::{best_head, wait_for_block},
	Network, Node, NodeConfig,
};

const SCENARIO_LIMIT: Duration = Duration::from_secs(300);

/// How long the outsider node is given to join; the consortium makes several blocks meanwhile.
const OUTSIDER_WAIT: Duration = Duration::from_secs(30);

/// How long a newly listed node is given to connect and sync.
const NEWCOMER_SYNC: Duration = Duration::from_secs(120);

/// Children's Hospital, `//Dave`.
const CHILDRENS_HOSPITAL: u32 = 3;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outsiders_are_kept_out_of_the_consortium() -> Result<()> {
	let mut network = Network::start_local(4).await?;
	network
		.run(SCENARIO_LIMIT, async |network| {
			// Every node authorises its peers from the chain once it imports a block.
			network.wait_until_agreed(2, Duration::from_secs(120)).await?;
			unauthorised_node(network).await?;
			outsider_transactions(network).await?;
			suspended_organisation(network).await
		})
		.await
}

/// The libp2p identity of the node key `00…05`, which the `local` chain does not list.
const NEWCOMER_PEER_ID: &str = "12D3KooWSuTq6MG9gPt7qZqLFKkYrfxMewTZhj9nmRHJkPwzWDG2";

/// A node with the unlisted key `00…05` is told every consortium node's address and waits: it
/// has no peer and no block. Then the council adds it to the list (a second node of Children's
/// Hospital), and the same running node joins and syncs.
async fn unauthorised_node(network: &mut Network) -> Result<()> {
	let config = NodeConfig {
		chain: "local".into(),
		key: None,
		node_key: Some(format!("{:064x}", 5)),
		bootnodes: network.bootnodes(),
		extra_args: Vec::new(),
	};
	let newcomer = Node::start(config).await?;
	let alice = network.client(0).await?;
	let start = best_head(&alice).await?.0;
	tokio::time::sleep(OUTSIDER_WAIT).await;
	let consortium = best_head(&alice).await?.0;
	let client = newcomer.client().await?;
	let (synced, _) = best_head(&client).await?;
	let health: serde_json::Value = client.rpc("system_health", medtrust_client::subxt::rpcs::client::rpc_params![]).await?;
	println!("consortium at block {consortium} (from {start}); the unauthorised node at {synced}, health {health}");
	ensure!(consortium >= start + 5, "the consortium stalled while the outsider tried to join");
	ensure!(synced == 0, "the unauthorised node synced to block {synced}:\n{}", newcomer.log_tail(40));
	ensure!(health["peers"] == 0, "the unauthorised node has peers: {health}\n{}", newcomer.log_tail(40));

	// The control: once the council lists its identity, the same node joins and syncs.
	let owner = Ed25519Signer::dev("dave");
	let authorised = alice.pass_motion(governance::calls::authorize_node(NEWCOMER_PEER_ID, &owner)?, &council()).await?;
	ensure!(authorised.events.iter().any(|e| e == "NodeAuthorization.NodeAdded"), "{:?}", authorised.events);
	let listed_at = Instant::now();
	let number = wait_for_block(&client, authorised.block_hash, NEWCOMER_SYNC)
		.await
		.with_context(|| format!("the node did not sync once authorised:\n{}", newcomer.log_tail(40)))?;
	println!("the council listed node 00…05 in block {number}; it joined and synced that block {:.1} s later", listed_at.elapsed().as_secs_f64());
	Ok(())
}

/// A key of no organisation is refused by every node before its pool.
async fn outsider_transactions(network: &mut Network) -> Result<()> {
	let outsider = Ed25519Signer::from_seed(&[7; 32]);
	let remark = runtime::tx().system().remark(b"let me in".to_vec());
	for i in 0..network.nodes.len() {
		match network.client(i).await?.submit(&remark, &outsider, Wait::InBlock).await {
			Err(SubmitError::Rejected { reason }) =>
				ensure!(reason.contains("acts for no organisation"), "node {i}: {reason}"),
			other => anyhow::bail!("node {i} did not refuse an outsider: {other:?}"),
		}
	}
	Ok(())
}

/// The council suspends Children's Hospital: every node refuses its next transaction; the
/// council reinstates it and its transactions go through again.
async fn suspended_organisation(network: &mut Network) -> Result<()> {
	let alice = network.client(0).await?;
	let hospital = Ed25519Signer::dev("dave");
	let remark = runtime::tx().system().remark(Vec::new());
	network.client(3).await?.submit(&remark, &hospital, Wait::InBlock).await?;

	let suspended = alice.pass_motion(governance::calls::suspend_organization(CHILDRENS_HOSPITAL), &council()).await?;
	ensure!(suspended.events.iter().any(|e| e == "Organizations.OrganizationSuspended"), "{:?}", suspended.events);
	for i in 0..network.nodes.len() {
		let client = network.client(i).await?;
		wait_for_block(&client, suspended.block_hash, Duration::from_secs(30)).await?;
		match client.submit(&remark, &hospital, Wait::InBlock).await {
			Err(SubmitError::Rejected { reason }) => ensure!(reason.contains("suspended"), "node {i}: {reason}"),
			other => anyhow::bail!("node {i} accepted a suspended organisation's transaction: {other:?}"),
		}
	}
	// A suspended organisation still runs its validator: the chain goes on.
	let before = best_head(&alice).await?.0;
	network.wait_until_agreed(before, Duration::from_secs(60)).await?;

	let reinstated = alice.pass_motion(governance::calls::reinstate_organization(CHILDRENS_HOSPITAL), &council()).await?;
	let dave = network.client(3).await?;
	wait_for_block(&dave, reinstated.block_hash, Duration::from_secs(30)).await?;
	dave.submit(&remark, &hospital, Wait::InBlock).await?;
	Ok(())
}
