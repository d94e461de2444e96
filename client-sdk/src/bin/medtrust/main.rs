//! `medtrust`: the command-line tool for people who work with a medtrust node.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod claim;
mod consent;
mod trace;
use medtrust_client::{organizations::OrganizationInfo, Credential, Ed25519Signer, MedtrustClient};

/// Work with a medtrust node.
#[derive(Parser)]
#[command(name = "medtrust", version, about)]
struct Cli {
	/// The node's JSON-RPC WebSocket endpoint.
	#[arg(long, global = true, env = "MEDTRUST_URL", default_value = "ws://127.0.0.1:9944")]
	url: String,

	/// Print JSON instead of text.
	#[arg(long, global = true)]
	json: bool,

	/// The signing key, as a secret URI (`//Eve`, a BIP39 phrase with junctions, or a hex seed).
	#[arg(long, global = true, env = "MEDTRUST_KEY", hide_env_values = true)]
	key: Option<String>,

	/// The node operator's cookie file (`<base path>/rpc.cookie`): call as the operator.
	#[arg(long, global = true, env = "MEDTRUST_RPC_COOKIE")]
	cookie: Option<std::path::PathBuf>,

	/// A member token to call with (by default one is signed with `--key`; without either,
	/// the node serves the public's methods only).
	#[arg(long, global = true, env = "MEDTRUST_RPC_TOKEN", hide_env_values = true)]
	token: Option<String>,

	/// The organisation a scan is verified for (default: the one `--key` acts for).
	#[arg(long, global = true, env = "MEDTRUST_ORG")]
	org: Option<u32>,

	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// The consortium's organisations.
	#[command(subcommand)]
	Org(OrgCommand),
	/// Traceability of drugs, vaccines and devices.
	#[command(subcommand)]
	Trace(trace::TraceCommand),
	/// Subjects, consents, access decisions and logging accesses (hospitals).
	#[command(subcommand)]
	Consent(consent::ConsentCommand),
	/// Access logs, consents and break-glass reviews (auditors, regulators, the patient's
	/// hospital); queries are signed with --key.
	#[command(subcommand)]
	Audit(consent::AuditCommand),
	/// Direct insurance claims: invoices, claims, payments, clearing, eligibility and
	/// overdue deadlines.
	#[command(subcommand)]
	Claim(claim::ClaimCommand),
	/// Prints a member token signed with --key, for other clients (curl, polkadot.js):
	/// `Authorization: Bearer <token>` or `?token=<token>`.
	Token {
		/// How long it is valid, in hours (at most 12).
		#[arg(long, default_value_t = 12)]
		hours: u64,
	},
}

#[derive(Subcommand)]
enum OrgCommand {
	/// Lists every organisation.
	List,
	/// Shows one organisation.
	Show {
		/// The organisation's id.
		id: u32,
	},
}

#[tokio::main]
async fn main() -> ExitCode {
	let cli = Cli::parse();
	match run(cli).await {
		Ok(code) => code,
		Err(message) => {
			eprintln!("medtrust: {message}");
			ExitCode::FAILURE
		},
	}
}

async fn run(cli: Cli) -> Result<ExitCode, String> {
	if let Command::Token { hours } = cli.command {
		let key = cli.key.as_deref().ok_or("a member token is signed with --key (or MEDTRUST_KEY)")?;
		let signer = Ed25519Signer::from_uri(key).map_err(|e| format!("cannot read --key: {e}"))?;
		let public = MedtrustClient::connect_with(&cli.url, &Credential::Public).await.map_err(|e| e.to_string())?;
		let lifetime = std::time::Duration::from_secs(hours.min(12) * 3600);
		println!("{}", medtrust_client::credential::member_token(&signer, public.api().genesis_hash(), lifetime));
		return Ok(ExitCode::SUCCESS);
	}
	let client = connect(&cli).await.map_err(|e| e.to_string())?;
	match cli.command {
		Command::Token { .. } => unreachable!("answered above; qed"),
		Command::Trace(command) => return trace::run(&client, command, cli.json, &cli.key, cli.org).await,
		Command::Consent(command) => return consent::run_consent(&client, command, cli.json, &cli.key, cli.org).await,
		Command::Audit(command) => return consent::run_audit(&client, command, cli.json, &cli.key).await,
		Command::Claim(command) => return claim::run(&client, command, cli.json, &cli.key, cli.org).await,
		Command::Org(OrgCommand::List) => {
			let all = client.organizations().await.map_err(|e| e.to_string())?;
			if cli.json {
				println!("{}", serde_json::to_string_pretty(&all).map_err(|e| e.to_string())?);
			} else {
				println!("{:>4}  {:<9}  {:<24}  NAME", "ID", "STATUS", "ROLES");
				for org in &all {
					println!("{:>4}  {:<9}  {:<24}  {}", org.id, org.status, org.roles.join(","), org.name);
				}
				println!("{} organisation(s)", all.len());
			}
		},
		Command::Org(OrgCommand::Show { id }) => {
			let org = client
				.organization(id)
				.await
				.map_err(|e| e.to_string())?
				.ok_or_else(|| format!("no organisation has id {id}"))?;
			if cli.json {
				println!("{}", serde_json::to_string_pretty(&org).map_err(|e| e.to_string())?);
			} else {
				print!("{}", describe(&org));
			}
		},
	}
	Ok(ExitCode::SUCCESS)
}

/// Connects as the operator (`--cookie`), with a member token (`--token`, or one signed with
/// `--key`), or as the public.
async fn connect(cli: &Cli) -> Result<MedtrustClient, medtrust_client::SubmitError> {
	if let Some(path) = &cli.cookie {
		return MedtrustClient::connect_with(&cli.url, &Credential::operator_cookie(path)?).await;
	}
	if let Some(token) = &cli.token {
		return MedtrustClient::connect_with(&cli.url, &Credential::Member(token.clone())).await;
	}
	match &cli.key {
		Some(key) => {
			let signer = Ed25519Signer::from_uri(key)
				.map_err(|e| medtrust_client::SubmitError::Node(format!("cannot read --key: {e}")))?;
			MedtrustClient::connect_as_member(&cli.url, &signer).await
		},
		None => MedtrustClient::connect_with(&cli.url, &Credential::Public).await,
	}
}

fn describe(org: &OrganizationInfo) -> String {
	let mut text = format!("{} (organisation {})\n", org.name, org.id);
	text += &format!("  status:       {}\n", org.status);
	text += &format!("  roles:        {}\n", org.roles.join(", "));
	text += &format!("  credit code:  {}\n", org.credit_code.as_deref().unwrap_or("-"));
	text += &format!("  GLN:          {}\n", org.gln.as_deref().unwrap_or("-"));
	text += &format!("  admitted at:  block {}\n", org.admitted_at);
	text += "  accounts:\n";
	for account in &org.accounts {
		text += &format!("    {account}\n");
	}
	text
}
