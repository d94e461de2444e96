//! `medtrust serve`: the organisation's desk, a web server next to its node.
//!
//! The desk holds the organisation's signing key and talks to the node through the SDK, so a
//! browser never sees a key or a member token. Pages are rendered on the server ([`maud`]);
//! the only script is the scan field's, which turns a scanner's Ctrl+] into a visible GS.
//!
//! On 127.0.0.1 (the default) whoever can reach the port is trusted, as with the node's own
//! loopback tools; with `--listen` on another address every desk user signs in first
//! ([`auth`]). Either way a POST from another site's page is refused ([`guard`]).

use std::{
	net::{IpAddr, Ipv4Addr, SocketAddr},
	path::PathBuf,
	process::ExitCode,
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};

use axum::{
	routing::{get, post},
	Router,
};
use clap::Args;
use medtrust_client::{
	consent::{CommitmentAlgorithm, SubjectKey},
	organizations::OrganizationInfo,
	Ed25519Signer, MedtrustClient,
};

use crate::context::{Context, Failure};

mod audit_desk;
mod auth;
pub use auth::hash_password;
mod claims_desk;
mod guard;
mod html;
mod oversight_desk;
mod scan_desk;

/// The default desk port, on 127.0.0.1.
pub const DEFAULT_PORT: u16 = 8080;

#[derive(Args)]
pub struct ServeArgs {
	/// The port on 127.0.0.1 (no sign-in: only this machine's users reach it).
	#[arg(long, default_value_t = DEFAULT_PORT, conflicts_with = "listen")]
	port: u16,
	/// Listen on this address instead (e.g. 0.0.0.0:8080, for the site's workstations); desk
	/// users must then sign in, with --users.
	#[arg(long, requires = "users")]
	listen: Option<SocketAddr>,
	/// The desk users: one `name:$argon2id$…` line each (`medtrust key hash-password` makes
	/// the hash).
	#[arg(long, env = "MEDTRUST_DESK_USERS")]
	users: Option<PathBuf>,
	/// The site's subject key file (vaccination sites): a recipient's identifier is turned into
	/// its commitment on this server, and never sent to the node.
	#[arg(long, env = "MEDTRUST_SUBJECT_KEY_FILE")]
	subject_key_file: Option<PathBuf>,
	/// The subject key's commitment algorithm.
	#[arg(long, value_enum, default_value = "hmac-sha256")]
	algorithm: CommitmentAlgorithm,
}

/// How long a page waits for a read, and for a transaction to be included.
const READ_LIMIT: Duration = Duration::from_secs(15);
const WRITE_LIMIT: Duration = Duration::from_secs(60);

/// How long the desk keeps one connection (and its member token, valid 12 hours).
const RECONNECT_AFTER: Duration = Duration::from_secs(11 * 3600);

/// The desk's state, shared by every request.
pub struct Desk {
	url: String,
	signer: Ed25519Signer,
	organization: OrganizationInfo,
	gs: Option<String>,
	subject_key: Option<SubjectKey>,
	connection: tokio::sync::Mutex<Option<(Arc<MedtrustClient>, Instant)>>,
	scans: Mutex<scan_desk::ScanLog>,
	users: Option<auth::Users>,
	sessions: auth::Sessions,
}

impl Desk {
	/// The connection to the node: reopened after an error or before the token expires, so a
	/// node that restarts, or a desk that runs for weeks, goes on working.
	async fn client(&self) -> Result<Arc<MedtrustClient>, String> {
		let mut connection = self.connection.lock().await;
		if let Some((client, opened)) = connection.as_ref() {
			if opened.elapsed() < RECONNECT_AFTER {
				return Ok(client.clone());
			}
		}
		let client = MedtrustClient::connect_as_member(&self.url, &self.signer)
			.await
			.map_err(|e| format!("the node at {} cannot be reached ({e}); nothing was written", self.url))?;
		let client = Arc::new(client);
		*connection = Some((client.clone(), Instant::now()));
		Ok(client)
	}

	/// Forgets the connection after an error, so that the next request opens a new one.
	async fn forget_connection(&self) {
		*self.connection.lock().await = None;
	}

	/// `call`, given up after `limit`: a node that hangs must not hang the page.
	async fn within<T, E: std::fmt::Display>(
		&self,
		limit: Duration,
		call: impl std::future::Future<Output = Result<T, E>>,
	) -> Result<T, String> {
		match tokio::time::timeout(limit, call).await {
			Ok(Ok(value)) => Ok(value),
			Ok(Err(e)) => {
				self.forget_connection().await;
				Err(e.to_string())
			},
			Err(_) => {
				self.forget_connection().await;
				Err(format!("the node did not answer within {} s", limit.as_secs()))
			},
		}
	}

	fn has_role(&self, role: &str) -> bool {
		self.organization.roles.contains(&role)
	}
}

pub async fn run(ctx: &Context, args: ServeArgs) -> Result<ExitCode, Failure> {
	let signer = ctx.signer()?;
	let users = match &args.users {
		Some(path) => Some(auth::Users::read(path)?),
		None => None,
	};
	let subject_key = match &args.subject_key_file {
		Some(path) => {
			let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
			Some(SubjectKey::new(&bytes, args.algorithm).map_err(|e| e.to_string())?)
		},
		None => None,
	};
	let client = MedtrustClient::connect_as_member(&ctx.args.url, &signer).await.map_err(|e| e.to_string())?;
	let id = client
		.organization_of(&signer.account_id())
		.await
		.map_err(|e| e.to_string())?
		.ok_or("the key acts for no organisation: the desk signs for an organisation")?;
	let organization = client.organization(id).await.map_err(|e| e.to_string())?.ok_or("the organisation is gone")?;
	let address = args.listen.unwrap_or(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), args.port));
	let desk = Arc::new(Desk {
		url: ctx.args.url.clone(),
		signer,
		organization,
		gs: ctx.args.gs.clone(),
		subject_key,
		connection: tokio::sync::Mutex::new(Some((Arc::new(client), Instant::now()))),
		scans: Mutex::new(scan_desk::ScanLog::default()),
		users,
		sessions: auth::Sessions::default(),
	});
	let listener = tokio::net::TcpListener::bind(address).await.map_err(|e| format!("cannot listen on {address}: {e}"))?;
	let bound = listener.local_addr().map_err(|e| e.to_string())?;
	// The line a script (and the test suite) waits for.
	println!(
		"desk of {} (organisation {}) on http://{bound}/{}",
		desk.organization.name,
		desk.organization.id,
		if desk.users.is_some() { " (sign-in required)" } else { "" }
	);
	axum::serve(listener, router(desk)).await.map_err(|e| e.to_string())?;
	Ok(ExitCode::SUCCESS)
}

fn router(desk: Arc<Desk>) -> Router {
	Router::new()
		.route("/", get(html::home))
		.route("/scan", get(scan_desk::page).post(scan_desk::verify))
		.route("/dispense", post(scan_desk::dispense))
		.route("/administer", post(scan_desk::administer))
		.route("/audit", get(audit_desk::log))
		.route("/audit/break-glass", get(audit_desk::break_glass))
		.route("/audit/verify", get(audit_desk::verify_form).post(audit_desk::verify))
		.route("/audit/report", get(audit_desk::report))
		.route("/claims", get(claims_desk::list))
		.route("/claims/{id}", get(claims_desk::show))
		.route("/claims/{id}/pay", post(claims_desk::pay))
		.route("/eligibility", get(claims_desk::eligibility))
		.route("/clearing", get(claims_desk::clearing))
		.route("/clearing/settle", post(claims_desk::settle))
		.route("/oversight", get(oversight_desk::page))
		.route("/signin", get(auth::signin_form).post(auth::signin))
		.route("/signout", post(auth::signout))
		.layer(axum::middleware::from_fn_with_state(desk.clone(), auth::require_signin))
		.layer(axum::middleware::from_fn(guard::same_origin))
		// An exported log is JSON pasted or uploaded into a form: allow 16 MiB of it.
		.layer(axum::extract::DefaultBodyLimit::max(16 << 20))
		.with_state(desk)
}
