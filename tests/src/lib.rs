//! # medtrust end-to-end harness
//!
//! Starts real `medtrust-node` processes on 127.0.0.1, each with its own base path and free
//! ports, and stops them whatever happens: on drop (including when a test panics), and — through
//! `PR_SET_PDEATHSIG` — when the test process itself dies. Every wait is bounded.
//!
//! The node binary is `$MEDTRUST_NODE_BIN`, or `medtrust-node` in the cargo target directory the
//! tests were built in (`.ci/run` builds it first).

use std::{
	net::TcpListener,
	os::unix::process::CommandExt,
	path::PathBuf,
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

use anyhow::{bail, Context, Result};
use medtrust_client::{Credential, MedtrustClient};

pub mod browser;
pub mod cast;
pub mod fhir;
pub mod fixtures;
pub mod network;
pub mod pii;
pub use network::Network;

/// The node binary under test.
pub fn node_binary() -> Result<PathBuf> {
	if let Some(path) = std::env::var_os("MEDTRUST_NODE_BIN") {
		return Ok(PathBuf::from(path));
	}
	// A test executable lives in `<target>/<profile>/deps/`, a tool such as `medtrust-bench`
	// in `<target>/<profile>/`; the node in `<target>/<profile>/`.
	let exe = std::env::current_exe()?;
	let dir = exe.parent().context("the executable has no folder")?;
	let candidates = [Some(dir), dir.parent()];
	for folder in candidates.into_iter().flatten() {
		let node = folder.join("medtrust-node");
		if node.exists() {
			return Ok(node);
		}
	}
	bail!("no medtrust-node beside {} or in its parent folder: build it first (cargo build --release -p medtrust-node)", exe.display())
}

/// The `medtrust` command-line tool, built beside the node.
pub fn cli_binary() -> Result<PathBuf> {
	let node = node_binary()?;
	let cli = node.with_file_name("medtrust");
	if !cli.exists() {
		bail!("{} does not exist: build it first (cargo build --release -p medtrust-client)", cli.display());
	}
	Ok(cli)
}

/// A free TCP port on 127.0.0.1 (the OS picks it; it is free when this returns).
pub fn free_port() -> Result<u16> {
	Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// How to start one node.
#[derive(Clone, Debug)]
pub struct NodeConfig {
	/// `--dev`, `local` or a chain-spec file.
	pub chain: String,
	/// Dev key to act with (`alice`, `bob`, …): inserts its session keys, makes it a validator.
	pub key: Option<String>,
	/// The libp2p secret key, hex (the local consortium's nodes use `00…01` to `00…04`).
	pub node_key: Option<String>,
	/// Nodes to connect to first, as multiaddresses.
	pub bootnodes: Vec<String>,
	/// Extra command-line arguments.
	pub extra_args: Vec<String>,
}

impl NodeConfig {
	/// A validator of the 4-organisation `local` consortium: `key` is `alice`, `bob`, `charlie`
	/// or `dave`, acting with the well-known node key of the same rank (`00…01` to `00…04`).
	pub fn local_validator(key: &str, node_key_rank: u8) -> Self {
		Self {
			chain: "local".into(),
			key: Some(key.into()),
			node_key: Some(format!("{:064x}", node_key_rank)),
			bootnodes: Vec::new(),
			extra_args: Vec::new(),
		}
	}
}

impl NodeConfig {
	/// A single-node development chain (`--dev`).
	pub fn dev() -> Self {
		Self { chain: "dev".into(), key: None, node_key: None, bootnodes: Vec::new(), extra_args: Vec::new() }
	}
}

/// A running node process. Dropping it kills the process and removes its base path.
pub struct Node {
	child: Option<Child>,
	/// Its JSON-RPC port on 127.0.0.1.
	pub rpc_port: u16,
	/// Its libp2p port on 127.0.0.1.
	pub p2p_port: u16,
	/// Where its database and keystore are.
	pub base_path: tempfile::TempDir,
	log_path: PathBuf,
	config: NodeConfig,
}

impl Node {
	/// Starts a node and waits until its JSON-RPC endpoint answers (at most 60 s).
	pub async fn start(config: NodeConfig) -> Result<Self> {
		let mut node = Self::spawn_on(config, free_port()?, free_port()?)?;
		node.wait_for_rpc(Duration::from_secs(60)).await?;
		Ok(node)
	}

	/// Starts a node process on the given ports without waiting for it.
	pub fn spawn_on(config: NodeConfig, rpc_port: u16, p2p_port: u16) -> Result<Self> {
		let base_path = tempfile::Builder::new().prefix("medtrust-node-").tempdir()?;
		let mut node =
			Node { child: None, rpc_port, p2p_port, log_path: base_path.path().join("node.log"), base_path, config };
		node.spawn()?;
		Ok(node)
	}

	/// Whether the process is running.
	pub fn is_running(&mut self) -> bool {
		self.child.as_mut().is_some_and(|c| matches!(c.try_wait(), Ok(None)))
	}

	/// How it was started.
	pub fn config(&self) -> &NodeConfig {
		&self.config
	}

	fn spawn(&mut self) -> Result<()> {
		let config = &self.config;
		let mut cmd = Command::new(node_binary()?);
		if config.chain == "dev" {
			cmd.arg("--dev");
		} else {
			cmd.args(["--chain", &config.chain]);
			if config.key.is_some() {
				cmd.arg("--validator");
			}
		}
		cmd.arg("--base-path").arg(self.base_path.path().join("data"));
		cmd.args(["--rpc-port", &self.rpc_port.to_string()]);
		cmd.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{}", self.p2p_port)]);
		cmd.args(["--no-prometheus", "--no-telemetry", "--no-mdns", "--rpc-max-connections", "1000"]);
		if let Some(key) = &config.key {
			cmd.arg(format!("--{key}"));
		}
		if let Some(node_key) = &config.node_key {
			cmd.args(["--node-key", node_key]);
		}
		for bootnode in &config.bootnodes {
			cmd.args(["--bootnodes", bootnode]);
		}
		cmd.args(&config.extra_args);
		let log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log_path)?;
		cmd.stdin(Stdio::null()).stdout(log.try_clone()?).stderr(log);
		// SAFETY: `prctl` is async-signal-safe; it only asks the kernel to kill this child when
		// the test process dies, so no node outlives a crashed or timed-out test.
		unsafe {
			cmd.pre_exec(|| {
				if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
					return Err(std::io::Error::last_os_error());
				}
				Ok(())
			});
		}
		self.child = Some(cmd.spawn().context("starting medtrust-node")?);
		Ok(())
	}

	/// The node's JSON-RPC WebSocket URL, with its operator's cookie: tests drive the node as
	/// its operator unless they ask for another caller ([`Node::public_url`],
	/// [`Node::url_with`]).
	pub fn url(&self) -> String {
		self.url_with(&self.operator())
	}

	/// The node's JSON-RPC WebSocket URL without a credential: the public's.
	pub fn public_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// The node's JSON-RPC WebSocket URL with `credential` in its query.
	pub fn url_with(&self, credential: &Credential) -> String {
		credential.on_url(&self.public_url())
	}

	/// The node's operator credential, from the cookie it wrote on its last start.
	pub fn operator(&self) -> Credential {
		Credential::operator_cookie(&self.cookie_path()).unwrap_or_default()
	}

	/// Where the node writes its operator's cookie.
	pub fn cookie_path(&self) -> PathBuf {
		self.base_path.path().join("data").join("rpc.cookie")
	}

	/// What the node has logged so far (for failure messages).
	pub fn log(&self) -> String {
		std::fs::read_to_string(&self.log_path).unwrap_or_default()
	}

	/// The last `lines` lines of the node's log.
	pub fn log_tail(&self, lines: usize) -> String {
		let log = self.log();
		let all: Vec<&str> = log.lines().collect();
		all[all.len().saturating_sub(lines)..].join("\n")
	}

	/// Waits until the node's JSON-RPC port accepts connections, or fails if it exits.
	pub async fn wait_for_rpc(&mut self, limit: Duration) -> Result<()> {
		let deadline = Instant::now() + limit;
		loop {
			if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().ok().flatten()) {
				bail!("medtrust-node exited with {status} before answering:\n{}", self.log_tail(40));
			}
			// The cookie is written before the port opens; a restart writes a new one.
			if std::net::TcpStream::connect(("127.0.0.1", self.rpc_port)).is_ok() && self.cookie_path().exists() {
				return Ok(());
			}
			if Instant::now() > deadline {
				bail!("medtrust-node did not open its RPC port within {limit:?}:\n{}", self.log_tail(40));
			}
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
	}

	/// Connects the client SDK to the node.
	pub async fn client(&self) -> Result<MedtrustClient> {
		MedtrustClient::connect(&self.url()).await.map_err(Into::into)
	}

	/// Waits until the node has finalised block `number` (bounded by `limit`).
	pub async fn wait_for_finalized(&self, number: u64, limit: Duration) -> Result<u64> {
		let client = self.client().await?;
		let deadline = Instant::now() + limit;
		loop {
			let finalized = client.finalized_block_number().await?;
			if finalized >= number {
				return Ok(finalized);
			}
			if Instant::now() > deadline {
				bail!("block {number} not finalised within {limit:?} (at {finalized}):\n{}", self.log_tail(40));
			}
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
	}

	/// Kills the process (SIGKILL) and waits for it; the base path is kept for a restart.
	pub fn kill(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}

	/// Starts the process again on the same base path and ports.
	pub async fn restart(&mut self) -> Result<()> {
		self.kill();
		self.spawn()?;
		self.wait_for_rpc(Duration::from_secs(60)).await
	}

	/// Starts the process again on the same base path with another configuration and libp2p
	/// port (to isolate it from its peers, or to reconnect it).
	pub async fn restart_as(&mut self, config: NodeConfig, p2p_port: u16) -> Result<()> {
		self.kill();
		self.config = config;
		self.p2p_port = p2p_port;
		self.spawn()?;
		self.wait_for_rpc(Duration::from_secs(60)).await
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		self.kill();
	}
}

/// Starts a dev node, waits for its first finalised block and runs `scenario` with a connected
/// client and the node's URL, within `limit`; a failure carries the node's log.
pub async fn on_dev_node<F, Fut>(limit: Duration, scenario: F) -> Result<()>
where
	F: FnOnce(MedtrustClient, String) -> Fut,
	Fut: std::future::Future<Output = Result<()>>,
{
	let node = Node::start(NodeConfig::dev()).await?;
	let outcome = tokio::time::timeout(limit, async {
		node.wait_for_finalized(1, Duration::from_secs(90)).await?;
		scenario(node.client().await?, node.url()).await
	})
	.await;
	bounded_outcome(outcome, limit, || format!("\n{}", node.log_tail(60)))
}

/// The result of a scenario run under `tokio::time::timeout(limit, …)`. On a failure the nodes'
/// logs (`logs`) are printed to stderr between two copies of the error, so whichever end of the
/// output a reader or a CI summary sees names what failed; the error is returned short.
pub fn bounded_outcome(
	outcome: Result<Result<()>, tokio::time::error::Elapsed>,
	limit: Duration,
	logs: impl FnOnce() -> String,
) -> Result<()> {
	let error = match outcome {
		Ok(Ok(())) => return Ok(()),
		Ok(Err(e)) => e,
		Err(_) => anyhow::anyhow!("the scenario exceeded {limit:?}"),
	};
	eprintln!("scenario failed: {error:#}\nnode logs:{}\nscenario failed: {error:#}", logs());
	Err(error)
}

/// The wall clock in Unix milliseconds.
pub fn now_millis() -> u64 {
	std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970").as_millis() as u64
}

/// Checks that a submission failed with `error` (a runtime error's name or a refusal's words).
pub fn refused_with(result: Result<impl std::fmt::Debug, medtrust_client::SubmitError>, error: &str) -> Result<()> {
	match result {
		Err(e) if e.to_string().contains(error) => Ok(()),
		other => bail!("expected {error}, got {other:?}"),
	}
}

/// A subject's log exported once the chain has finalised `entries` of its entries: an export is
/// read at the latest finalised block, which trails the best block by a few seconds. Tries for
/// up to 60 s, then gives the last answer.
pub async fn export_when_final(
	client: &medtrust_client::MedtrustClient,
	subject: &medtrust_primitives::consent::Subject,
	signer: &medtrust_client::Ed25519Signer,
	entries: usize,
) -> Result<medtrust_client::consent::ExportedLog> {
	let mut last = None;
	for _ in 0..60 {
		match client.export_log(subject, signer).await {
			Ok(export) if export.entries.len() == entries => return Ok(export),
			other => last = Some(other),
		}
		tokio::time::sleep(std::time::Duration::from_secs(1)).await;
	}
	match last {
		Some(Ok(export)) => anyhow::bail!("the finalised log still has {} entries, not {entries}", export.entries.len()),
		Some(Err(error)) => Err(error.into()),
		None => anyhow::bail!("no export tried"),
	}
}
