//! `medtrust`: the command-line tool for people who work with a medtrust node.

use std::process::ExitCode;

use clap::{error::ErrorKind, Parser, Subcommand};

mod claim;
mod consent;
mod context;
mod council_cmd;
mod key_cmd;
mod org_cmd;
mod serve;
mod trace;

use context::{exit, Context, Failure, GlobalArgs};

const EXIT_CODES: &str = "\
Exit codes:
  0   done; for a question, the answer is yes (genuine, permit, covered, intact)
  1   an error (the node is down, a file is missing, the chain refused the call)
  2   a negative answer: not genuine, deny, not covered, tampered
  64  a usage error (an unknown option, a missing argument)

With --json, an error is printed on standard output as {\"error\": {\"code\": N, \"message\": …}}.";

/// Work with a medtrust node.
#[derive(Parser)]
#[command(name = "medtrust", version, about, after_help = EXIT_CODES)]
struct Cli {
	#[command(flatten)]
	global: GlobalArgs,

	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// The consortium's organisations.
	#[command(subcommand)]
	Org(org_cmd::OrgCommand),
	/// Traceability of drugs, vaccines and devices.
	#[command(subcommand)]
	Trace(trace::TraceCommand),
	/// Subjects, consents, access decisions and logging accesses (hospitals).
	#[command(subcommand)]
	Consent(consent::ConsentCommand),
	/// Access logs, consents and break-glass reviews (auditors, regulators, the patient's
	/// hospital); queries are signed with the key.
	#[command(subcommand)]
	Audit(consent::AuditCommand),
	/// Direct insurance claims: invoices, claims, payments, clearing, eligibility and
	/// overdue deadlines.
	#[command(subcommand)]
	Claim(claim::ClaimCommand),
	/// The consortium council: motions to admit, suspend and reinstate organisations, change
	/// roles, validators and the node allow-list; votes; closing; open motions.
	#[command(subcommand)]
	Council(council_cmd::CouncilCommand),
	/// Signing keys in files: generate one, inspect one, hash a desk user's password.
	#[command(subcommand)]
	Key(key_cmd::KeyCommand),
	/// Prints a member token signed with the key, for other clients (curl, polkadot.js):
	/// `Authorization: Bearer <token>` or `?token=<token>`.
	Token {
		/// How long it is valid, in hours (at most 12).
		#[arg(long, default_value_t = 12)]
		hours: u64,
	},
	/// The organisation's desk: a web server for its pharmacists, vaccination staff, auditors,
	/// claims desk or regulators, signing with the organisation's key file.
	Serve(serve::ServeArgs),
}

#[tokio::main]
async fn main() -> ExitCode {
	// Known before parsing, so that a usage error is JSON too.
	let json = std::env::args().any(|arg| arg == "--json");
	let cli = match Cli::try_parse() {
		Ok(cli) => cli,
		Err(error) => {
			let usage = !matches!(error.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion);
			if usage && json {
				print_error(exit::USAGE, &error.render().to_string());
			} else {
				let _ = error.print();
			}
			return if usage { ExitCode::from(exit::USAGE) } else { ExitCode::SUCCESS };
		},
	};
	let ctx = Context::new(cli.global);
	match run(&ctx, cli.command).await {
		Ok(code) => code,
		Err(failure) => {
			let (code, message) = match failure {
				Failure::Usage(message) => (exit::USAGE, message),
				Failure::Error(message) => (1, message),
			};
			if ctx.json() {
				print_error(code, &message);
			} else {
				eprintln!("medtrust: {message}");
			}
			ExitCode::from(code)
		},
	}
}

fn print_error(code: u8, message: &str) {
	let error = serde_json::json!({ "error": { "code": code, "message": message.trim_end() } });
	println!("{}", serde_json::to_string_pretty(&error).expect("a JSON value serialises; qed"));
}

async fn run(ctx: &Context, command: Command) -> Result<ExitCode, Failure> {
	match command {
		Command::Key(command) => key_cmd::run(ctx, command),
		Command::Token { hours } => {
			let signer = ctx.signer()?;
			let public = medtrust_client::MedtrustClient::connect_with(&ctx.args.url, &medtrust_client::Credential::Public)
				.await
				.map_err(|e| e.to_string())?;
			let lifetime = std::time::Duration::from_secs(hours.min(12) * 3600);
			let token = medtrust_client::credential::member_token(&signer, public.api().genesis_hash(), lifetime);
			ctx.print(&serde_json::json!({ "token": token }), || format!("{token}\n"))?;
			Ok(ExitCode::SUCCESS)
		},
		Command::Serve(args) => serve::run(ctx, args).await,
		Command::Org(command) => org_cmd::run(ctx, command).await,
		Command::Trace(command) => trace::run(ctx, command).await,
		Command::Consent(command) => consent::run_consent(ctx, command).await,
		Command::Audit(command) => consent::run_audit(ctx, command).await,
		Command::Claim(command) => claim::run(ctx, command).await,
		Command::Council(command) => council_cmd::run(ctx, command).await,
	}
}
