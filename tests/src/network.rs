//! A consortium of real nodes: the `local` chain's validators on 127.0.0.1, each with its own
//! base path, session keys and well-known node identity, connected to each other by those
//! identities. Nodes can be killed (SIGKILL), restarted on their database, isolated from their
//! peers and rejoined. Every process is stopped when the network is dropped, whatever happened.

use std::{
	net::TcpListener,
	time::{Duration, Instant},
};

use anyhow::{bail, Context, Result};
use medtrust_client::{subxt::rpcs::client::rpc_params, MedtrustClient, H256};

use crate::{Node, NodeConfig};

/// The libp2p identities of the well-known node keys `00…01` to `00…04`, which the `local`
/// chain's node-authorisation list admits.
pub const WELL_KNOWN_PEER_IDS: [&str; 4] = [
	"12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp",
	"12D3KooWHdiAxVd8uMQR1hGWXccidmfCwLqcMpGwR6QcTP6QRMuD",
	"12D3KooWSCufgHzV4fCwRijfH2k3abrpAJxTKxEvN1FDuRXA2U9x",
	"12D3KooWSsChzF81YDUKpe9Uk5AHV5oqAaXAcWNSPYgoLauUk4st",
];

/// The validators of the `local` chain, in the order of their node keys.
pub const LOCAL_VALIDATORS: [&str; 4] = ["alice", "bob", "charlie", "dave"];

/// Distinct free TCP ports on 127.0.0.1: all are held until all are chosen.
pub fn free_ports(count: usize) -> Result<Vec<u16>> {
	let listeners = (0..count).map(|_| TcpListener::bind("127.0.0.1:0")).collect::<std::io::Result<Vec<_>>>()?;
	listeners.iter().map(|l| Ok(l.local_addr()?.port())).collect()
}

/// The loopback multiaddress of the well-known node `rank` (0 to 3) listening on `p2p_port`.
pub fn multiaddr(rank: usize, p2p_port: u16) -> String {
	format!("/ip4/127.0.0.1/tcp/{p2p_port}/p2p/{}", WELL_KNOWN_PEER_IDS[rank])
}

/// A block a node reports: its number and hash.
pub type BlockId = (u64, H256);

/// The finalised head of the node `client` talks to.
pub async fn finalized_head(client: &MedtrustClient) -> Result<BlockId> {
	let hash: H256 = client.rpc("chain_getFinalizedHead", rpc_params![]).await?;
	Ok((block_number(client, hash).await?.context("the finalised head has no header")?, hash))
}

/// The best block of the node `client` talks to.
pub async fn best_head(client: &MedtrustClient) -> Result<BlockId> {
	let hash: H256 = client.rpc("chain_getBlockHash", rpc_params![]).await?;
	Ok((block_number(client, hash).await?.context("the best block has no header")?, hash))
}

/// The number of block `hash`, if the node has it.
pub async fn block_number(client: &MedtrustClient, hash: H256) -> Result<Option<u64>> {
	let header: Option<serde_json::Value> = client.rpc("chain_getHeader", rpc_params![hash]).await?;
	header
		.map(|h| {
			let hex = h["number"].as_str().context("a header names its number")?;
			Ok(u64::from_str_radix(hex.trim_start_matches("0x"), 16)?)
		})
		.transpose()
}

/// The hash of block `number` on the node's best chain, if it has one.
pub async fn canonical_hash(client: &MedtrustClient, number: u64) -> Result<Option<H256>> {
	Ok(client.rpc("chain_getBlockHash", rpc_params![number]).await?)
}

/// Waits until the node `client` talks to has block `hash` on its best chain, so that what the
/// block wrote can be read there: how a read on one node follows a write on another.
pub async fn wait_for_block(client: &MedtrustClient, hash: H256, limit: Duration) -> Result<u64> {
	let deadline = Instant::now() + limit;
	loop {
		if let Some(number) = block_number(client, hash).await? {
			if canonical_hash(client, number).await? == Some(hash) {
				return Ok(number);
			}
		}
		if Instant::now() > deadline {
			bail!("block {hash:?} did not reach this node's best chain within {limit:?}");
		}
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
}

/// The `local` consortium's validators as processes.
pub struct Network {
	/// The nodes, in the order of their well-known node keys; node `i` runs validator
	/// `LOCAL_VALIDATORS[i]`.
	pub nodes: Vec<Node>,
	/// Each node's own libp2p port (an isolated node listens elsewhere until it rejoins).
	p2p_ports: Vec<u16>,
}

impl Network {
	/// Starts `count` (1 to 4) validators of the `local` chain, each told the addresses of all
	/// the others, and waits until each answers JSON-RPC (at most 60 s).
	pub async fn start_local(count: usize) -> Result<Self> {
		Self::start_local_from("local", count).await
	}

	/// [`Network::start_local`] from another chain spec of the same four validators (a file,
	/// such as an earlier release's).
	pub async fn start_local_from(chain: &str, count: usize) -> Result<Self> {
		anyhow::ensure!((1..=4).contains(&count), "the local chain has four validators");
		let ports = free_ports(2 * count)?;
		let p2p_ports: Vec<u16> = ports[count..].to_vec();
		let mut nodes = Vec::with_capacity(count);
		for (rank, key) in LOCAL_VALIDATORS.iter().enumerate().take(count) {
			let mut config = NodeConfig::local_validator(key, rank as u8 + 1);
			config.chain = chain.into();
			config.bootnodes = (0..count).filter(|&j| j != rank).map(|j| multiaddr(j, p2p_ports[j])).collect();
			nodes.push(Node::spawn_on(config, ports[rank], p2p_ports[rank])?);
		}
		for node in &mut nodes {
			node.wait_for_rpc(Duration::from_secs(60)).await?;
		}
		Ok(Self { nodes, p2p_ports })
	}

	/// The addresses of every node, to give a newcomer as boot nodes.
	pub fn bootnodes(&self) -> Vec<String> {
		self.p2p_ports.iter().enumerate().map(|(rank, port)| multiaddr(rank, *port)).collect()
	}

	/// Node `i`'s JSON-RPC URL.
	pub fn url(&self, i: usize) -> String {
		self.nodes[i].url()
	}

	/// A new client SDK connection to node `i`.
	pub async fn client(&self, i: usize) -> Result<MedtrustClient> {
		self.nodes[i].client().await.with_context(|| format!("connecting to node {i}"))
	}

	/// Kills node `i` with SIGKILL, as a crash or a power cut would; its database stays.
	pub fn kill(&mut self, i: usize) {
		self.nodes[i].kill();
	}

	/// Restarts node `i` on its database, with its identity and peers.
	pub async fn restart(&mut self, i: usize) -> Result<()> {
		self.nodes[i].restart().await
	}

	/// Restarts node `i` cut off from its peers: it listens on another port and knows no
	/// address, so nobody reaches it and it reaches nobody.
	pub async fn isolate(&mut self, i: usize) -> Result<()> {
		let mut config = self.nodes[i].config().clone();
		config.bootnodes.clear();
		let port = free_ports(1)?[0];
		self.nodes[i].restart_as(config, port).await
	}

	/// Restarts node `i` connected again, on its own port and with its peers' addresses.
	pub async fn rejoin(&mut self, i: usize) -> Result<()> {
		let mut config = self.nodes[i].config().clone();
		config.bootnodes =
			(0..self.nodes.len()).filter(|&j| j != i).map(|j| multiaddr(j, self.p2p_ports[j])).collect();
		self.nodes[i].restart_as(config, self.p2p_ports[i]).await
	}

	/// The running nodes' indices.
	pub fn running(&mut self) -> Vec<usize> {
		(0..self.nodes.len()).filter(|&i| self.nodes[i].is_running()).collect()
	}

	/// Waits until every running node has finalised at least block `number` and all agree on
	/// the finalised chain (the same hash at the lowest of their finalised heights); returns
	/// that block.
	pub async fn wait_until_agreed(&mut self, number: u64, limit: Duration) -> Result<BlockId> {
		let deadline = Instant::now() + limit;
		let running = self.running();
		loop {
			match self.agreement(&running).await {
				Ok(Some(agreed)) if agreed.0 >= number => return Ok(agreed),
				outcome if Instant::now() > deadline =>
					bail!("the nodes {running:?} did not agree on a finalised block ≥ {number} within {limit:?}: {outcome:?}"),
				_ => tokio::time::sleep(Duration::from_millis(500)).await,
			}
		}
	}

	/// The lowest finalised head of the nodes, if they all have that block on their chain.
	async fn agreement(&self, nodes: &[usize]) -> Result<Option<BlockId>> {
		let mut clients = Vec::with_capacity(nodes.len());
		let mut lowest: Option<BlockId> = None;
		for &i in nodes {
			let client = self.client(i).await?;
			let head = finalized_head(&client).await?;
			if lowest.is_none_or(|l| head.0 < l.0) {
				lowest = Some(head);
			}
			clients.push(client);
		}
		let Some((number, hash)) = lowest else { return Ok(None) };
		for client in &clients {
			if canonical_hash(client, number).await? != Some(hash) {
				return Ok(None);
			}
		}
		Ok(Some((number, hash)))
	}

	/// The last `lines` lines of every node's log.
	pub fn log_tails(&self, lines: usize) -> String {
		let mut out = String::new();
		for (i, node) in self.nodes.iter().enumerate() {
			out.push_str(&format!("\n===== node {i} ({}) =====\n{}\n", LOCAL_VALIDATORS[i], node.log_tail(lines)));
		}
		out
	}

	/// Runs `scenario` within `limit`; on a failure every node's recent log is printed with the
	/// error (see [`crate::bounded_outcome`]). The nodes are stopped when the network is
	/// dropped, after this returns or panics.
	pub async fn run(&mut self, limit: Duration, scenario: impl AsyncFnOnce(&mut Network) -> Result<()>) -> Result<()> {
		let outcome = tokio::time::timeout(limit, scenario(self)).await;
		crate::bounded_outcome(outcome, limit, || self.log_tails(30))
	}
}
