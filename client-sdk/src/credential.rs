//! How a client proves to a node who it is: the node's operator cookie, a member token, or
//! nothing (the public). See the README's policy table for what each may call.

use std::{
	path::Path,
	time::{Duration, SystemTime, UNIX_EPOCH},
};

use medtrust_primitives::access::{MemberToken, MAX_TOKEN_LIFETIME_MS};

use crate::{Ed25519Signer, SubmitError, H256};

/// The environment variable naming the operator's cookie file (`<base path>/rpc.cookie`).
pub const COOKIE_ENV: &str = "MEDTRUST_RPC_COOKIE";
/// The environment variable holding a member token.
pub const TOKEN_ENV: &str = "MEDTRUST_RPC_TOKEN";

/// A credential for a node's JSON-RPC.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Credential {
	/// None: the node serves the public's methods only.
	#[default]
	Public,
	/// The node's operator cookie (the secret in the file, not its path).
	Operator(String),
	/// A member token (`mt1.…`), see [`member_token`].
	Member(String),
}

impl Credential {
	/// The operator's credential from the node's cookie file.
	pub fn operator_cookie(path: &Path) -> Result<Self, SubmitError> {
		let secret = std::fs::read_to_string(path)
			.map_err(|e| SubmitError::Node(format!("cannot read the node's cookie {}: {e}", path.display())))?;
		Ok(Credential::Operator(secret.trim().to_string()))
	}

	/// A credential from the environment: the cookie file `$MEDTRUST_RPC_COOKIE`, or the
	/// token `$MEDTRUST_RPC_TOKEN`; the public if neither is set.
	pub fn from_env() -> Result<Self, SubmitError> {
		if let Some(path) = std::env::var_os(COOKIE_ENV).filter(|p| !p.is_empty()) {
			return Self::operator_cookie(Path::new(&path));
		}
		Ok(std::env::var(TOKEN_ENV).ok().filter(|t| !t.is_empty()).map(Credential::Member).unwrap_or_default())
	}

	/// `url` with the credential in its query (`?token=…`), as a WebSocket client that cannot
	/// set headers sends it; the node reads `Authorization: Bearer …` too.
	pub fn on_url(&self, url: &str) -> String {
		let secret = match self {
			Credential::Public => return url.to_string(),
			Credential::Operator(secret) | Credential::Member(secret) => secret,
		};
		if url.contains('?') {
			return format!("{url}&token={secret}");
		}
		// `ws://host:port` has no path: the query follows a `/`.
		let after_scheme = url.find("://").map_or(0, |i| i + 3);
		if url[after_scheme..].contains('/') {
			format!("{url}?token={secret}")
		} else {
			format!("{url}/?token={secret}")
		}
	}
}

/// A member token for `signer`'s account on the chain with genesis hash `genesis`, valid for
/// `lifetime` (at most 12 hours) from now.
pub fn member_token(signer: &Ed25519Signer, genesis: H256, lifetime: Duration) -> String {
	let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or_default();
	let expires_at = now + (lifetime.as_millis() as u64).min(MAX_TOKEN_LIFETIME_MS);
	let account = signer.public_key();
	let payload = MemberToken::signing_payload(&account, &genesis.0, now, expires_at);
	MemberToken { account, genesis: genesis.0, issued_at: now, expires_at, signature: signer.sign_bytes(&payload) }
		.to_text()
}

/// The longest-lived member token the node accepts.
pub const MEMBER_TOKEN_LIFETIME: Duration = Duration::from_millis(MAX_TOKEN_LIFETIME_MS);

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_credential_goes_into_the_query() {
		let member = Credential::Member("mt1.ab".into());
		assert_eq!(member.on_url("ws://127.0.0.1:9944"), "ws://127.0.0.1:9944/?token=mt1.ab");
		assert_eq!(member.on_url("ws://127.0.0.1:9944/"), "ws://127.0.0.1:9944/?token=mt1.ab");
		assert_eq!(member.on_url("ws://h:1/x?a=b"), "ws://h:1/x?a=b&token=mt1.ab");
		assert_eq!(Credential::Public.on_url("ws://h:1"), "ws://h:1");
	}

	#[test]
	fn a_member_token_is_signed_for_its_chain() {
		let signer = Ed25519Signer::dev("eve");
		let text = member_token(&signer, H256([7; 32]), Duration::from_secs(60));
		let token = MemberToken::from_text(&text).expect("well formed; qed");
		assert_eq!(token.account, signer.public_key());
		assert_eq!(token.genesis, [7; 32]);
		assert_eq!(token.expires_at - token.issued_at, 60_000);
	}
}
