//! What every `medtrust` command shares: where the node is, who signs, how to print, and the
//! connection, opened only by the commands that need one.

use std::{
	path::{Path, PathBuf},
	process::ExitCode,
};

use clap::Args;
use medtrust_client::{Credential, Ed25519Signer, MedtrustClient, SubmitError};
use tokio::sync::OnceCell;

/// The options every command takes.
#[derive(Args, Clone)]
pub struct GlobalArgs {
	/// The node's JSON-RPC WebSocket endpoint.
	#[arg(long, global = true, env = "MEDTRUST_URL", default_value = "ws://127.0.0.1:9944")]
	pub url: String,

	/// Print JSON instead of text (errors too, as `{"error": {…}}` on standard output).
	#[arg(long, global = true)]
	pub json: bool,

	/// The signing key's file (`medtrust key generate`): a secret URI (BIP39 phrase or 0x seed,
	/// with junctions), readable by its owner only.
	#[arg(long, global = true, env = "MEDTRUST_KEY_FILE", conflicts_with = "key")]
	pub key_file: Option<PathBuf>,

	/// A development key (`//Alice` … `//Ferdie`, `//One`, `//Two`). Real keys go in
	/// --key-file: a secret on the command line is visible in `ps` and shell history.
	#[arg(long, global = true, env = "MEDTRUST_KEY", hide_env_values = true)]
	pub key: Option<String>,

	/// The node operator's cookie file (`<base path>/rpc.cookie`): call as the operator.
	#[arg(long, global = true, env = "MEDTRUST_RPC_COOKIE")]
	pub cookie: Option<PathBuf>,

	/// A member token to call with (by default one is signed with the key; without either, the
	/// node serves the public's methods only).
	#[arg(long, global = true, env = "MEDTRUST_RPC_TOKEN", hide_env_values = true)]
	pub token: Option<String>,

	/// The organisation a scan is verified for, or a decision made for (default: the one the
	/// key acts for).
	#[arg(long, global = true, env = "MEDTRUST_ORG")]
	pub org: Option<u32>,

	/// What the site's scanners send for the GS1 group separator, besides ASCII 29 and `^]`
	/// (e.g. `<GS>`, `{GS}`, `|`, `~`).
	#[arg(long, global = true, env = "MEDTRUST_GS")]
	pub gs: Option<String>,
}

/// Why a command did not do what was asked. A negative answer (not genuine, deny) is not a
/// failure: it is an `Ok` with exit code 2.
#[derive(Debug)]
pub enum Failure {
	/// The command line is wrong (exit 64, EX_USAGE).
	Usage(String),
	/// Anything else went wrong (exit 1).
	Error(String),
}

impl From<String> for Failure {
	fn from(message: String) -> Self {
		Failure::Error(message)
	}
}

impl From<&str> for Failure {
	fn from(message: &str) -> Self {
		Failure::Error(message.into())
	}
}

/// The exit codes `--help` and the README document.
pub mod exit {
	/// A negative answer: not genuine, deny, not covered, tampered.
	pub const NEGATIVE: u8 = 2;
	/// A usage error (sysexits' EX_USAGE).
	pub const USAGE: u8 = 64;
}

/// The negative answer's exit code.
pub fn negative() -> ExitCode {
	ExitCode::from(exit::NEGATIVE)
}

/// The shared context of one run.
pub struct Context {
	pub args: GlobalArgs,
	client: OnceCell<MedtrustClient>,
}

impl Context {
	pub fn new(args: GlobalArgs) -> Self {
		Context { args, client: OnceCell::new() }
	}

	/// Whether to print JSON.
	pub fn json(&self) -> bool {
		self.args.json
	}

	/// The signing key: from `--key-file`, or a development key from `--key`.
	pub fn signer(&self) -> Result<Ed25519Signer, Failure> {
		if let Some(path) = &self.args.key_file {
			return read_key_file(path);
		}
		let uri = self.args.key.as_deref().ok_or_else(|| {
			Failure::Usage("this command signs: give --key-file (or MEDTRUST_KEY_FILE), or a dev --key".into())
		})?;
		dev_signer(uri)
	}

	/// Whether a key was given at all.
	pub fn has_key(&self) -> bool {
		self.args.key_file.is_some() || self.args.key.is_some()
	}

	/// The connection to the node, opened on first use: as the operator (`--cookie`), with a
	/// member token (`--token`, or one signed with the key), or as the public.
	pub async fn client(&self) -> Result<&MedtrustClient, Failure> {
		self.client
			.get_or_try_init(|| async {
				let url = &self.args.url;
				let connected = if let Some(path) = &self.args.cookie {
					MedtrustClient::connect_with(url, &Credential::operator_cookie(path).map_err(|e| Failure::Error(e.to_string()))?).await
				} else if let Some(token) = &self.args.token {
					MedtrustClient::connect_with(url, &Credential::Member(token.clone())).await
				} else if self.has_key() {
					let signer = self.signer()?;
					MedtrustClient::connect_as_member(url, &signer).await
				} else {
					MedtrustClient::connect_with(url, &Credential::Public).await
				};
				connected.map_err(|e: SubmitError| Failure::Error(e.to_string()))
			})
			.await
	}

	/// The organisation acting: `--org`, or the one the key acts for.
	pub async fn organization(&self) -> Result<u32, Failure> {
		if let Some(org) = self.args.org {
			return Ok(org);
		}
		let account = self
			.signer()
			.map_err(|_| Failure::Usage("give --org (or a key) to say which organisation acts".into()))?
			.account_id();
		self.client()
			.await?
			.organization_of(&account)
			.await
			.map_err(|e| Failure::Error(e.to_string()))?
			.ok_or_else(|| Failure::Error("the key acts for no organisation; pass --org".into()))
	}

	/// A scan as the scanner typed it, with the site's separator put back as ASCII 29.
	pub fn scan(&self, typed: &str) -> String {
		medtrust_client::trace::restore_separators(typed, self.args.gs.as_deref())
	}

	/// Prints `value` as JSON, or `text` as it is.
	pub fn print(&self, value: &impl serde::Serialize, text: impl FnOnce() -> String) -> Result<(), Failure> {
		if self.json() {
			println!("{}", serde_json::to_string_pretty(value).map_err(|e| Failure::Error(e.to_string()))?);
		} else {
			print!("{}", text());
		}
		Ok(())
	}
}

/// The development keys `--key` takes: `//Name` from the well-known development phrase.
pub fn dev_signer(uri: &str) -> Result<Ed25519Signer, Failure> {
	if !uri.starts_with("//") {
		return Err(Failure::Usage(
			"--key takes development keys only (//Alice, //Eve, …); put a real key in a file readable by you alone and give --key-file (medtrust key generate makes one)".into(),
		));
	}
	Ed25519Signer::from_uri(uri).map_err(|e| Failure::Usage(format!("--key {uri}: {e}")))
}

/// Reads a key file, refusing one that others can read.
pub fn read_key_file(path: &Path) -> Result<Ed25519Signer, Failure> {
	let shown = path.display();
	let metadata = std::fs::metadata(path).map_err(|e| Failure::Error(format!("{shown}: {e}")))?;
	#[cfg(unix)]
	{
		use std::os::unix::fs::PermissionsExt;
		let mode = metadata.permissions().mode() & 0o777;
		if mode & 0o077 != 0 {
			return Err(Failure::Error(format!(
				"{shown} is readable by others (mode {mode:03o}): run `chmod 600 {shown}`; a signing key must be its owner's alone"
			)));
		}
	}
	let text = zeroize::Zeroizing::new(std::fs::read_to_string(path).map_err(|e| Failure::Error(format!("{shown}: {e}")))?);
	let uri = text.trim();
	if uri.is_empty() {
		return Err(Failure::Error(format!("{shown} is empty")));
	}
	Ed25519Signer::from_uri(uri).map_err(|e| Failure::Error(format!("{shown}: {e}")))
}
