//! Who is calling: the operator's cookie, a member's token, or nobody (the public).
//!
//! The operator's cookie is a random secret the node writes on every start into
//! `<base path>/rpc.cookie`, readable by the node's user only (as bitcoind's RPC cookie). A
//! member's token is a [`MemberToken`] signed by one of its organisation's accounts; the
//! organisation is looked up at the best block on every call, so a suspension takes effect at
//! once. Nothing is trusted for the address it comes from.

use std::{
	io::Write,
	path::{Path, PathBuf},
	sync::Arc,
	time::{SystemTime, UNIX_EPOCH},
};

use medtrust_primitives::{
	access::{MemberToken, TokenError, TOKEN_PREFIX},
	OrganizationId, Role, Roles,
};
use sp_core::{crypto::UncheckedFrom, ed25519, sr25519, Pair};

use crate::native_state::Hash;

/// The name of the operator's cookie file in the node's base path.
pub const COOKIE_FILE: &str = "rpc.cookie";

/// The caller of one RPC call, as the node's methods see it (in the call's extensions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
	/// The node's operator: every method.
	Operator,
	/// An account of an active member organisation.
	Member(Member),
	/// An unauthenticated client.
	Public,
	/// A client whose credential was refused; every call gets the reason.
	Refused(String),
}

/// A member organisation's account, as found at the best block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
	/// The signing account.
	pub account: [u8; 32],
	/// The organisation it acts for.
	pub organization: OrganizationId,
	/// That organisation's roles.
	pub roles: Roles,
}

impl Caller {
	/// The caller of a call, as the gate put it in the call's extensions (the public if none:
	/// a method called from inside the node).
	pub fn of(ext: &jsonrpsee::Extensions) -> Caller {
		ext.get::<Caller>().cloned().unwrap_or(Caller::Public)
	}

	/// The member organisation, if the caller is one.
	pub fn member(&self) -> Option<&Member> {
		match self {
			Caller::Member(member) => Some(member),
			_ => None,
		}
	}

	/// Whether the caller may read whatever the domain RPCs hold: the operator, auditors and
	/// regulators.
	pub fn is_overseer(&self) -> bool {
		match self {
			Caller::Operator => true,
			Caller::Member(m) => m.roles.contains(Role::Auditor) || m.roles.contains(Role::Regulator),
			_ => false,
		}
	}

	/// Whether the caller is the operator or acts for `organization`.
	pub fn is_or_operator(&self, organization: OrganizationId) -> bool {
		match self {
			Caller::Operator => true,
			Caller::Member(m) => m.organization == organization,
			_ => false,
		}
	}
}

/// Reads the chain's organisations for the gate, at the best block.
pub trait Directory: Send + Sync {
	/// The best block's hash.
	fn best(&self) -> Hash;
	/// The chain's genesis hash.
	fn genesis(&self) -> [u8; 32];
	/// The organisation `account` acts for at `at`, its roles and whether it is active.
	fn membership(&self, account: &[u8; 32], at: Hash) -> Option<(OrganizationId, Roles, bool)>;
}

/// The operator's secret.
#[derive(Clone)]
pub struct Cookie(String);

impl Cookie {
	/// A fresh random secret, written to `<base_path>/rpc.cookie` with mode 0600.
	pub fn create(base_path: &Path) -> std::io::Result<(Cookie, PathBuf)> {
		use rand::RngCore;
		use std::os::unix::fs::OpenOptionsExt;
		let mut secret = [0u8; 32];
		rand::rngs::OsRng.fill_bytes(&mut secret);
		let cookie = Cookie(hex::encode(secret));
		std::fs::create_dir_all(base_path)?;
		let path = base_path.join(COOKIE_FILE);
		// Written afresh (never appended to) and private from the first byte.
		let _ = std::fs::remove_file(&path);
		let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path)?;
		file.write_all(cookie.0.as_bytes())?;
		Ok((cookie, path))
	}

	/// Whether `text` is this secret, compared in constant time.
	fn matches(&self, text: &str) -> bool {
		let (a, b) = (self.0.as_bytes(), text.as_bytes());
		a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
	}
}

/// A connection's credential, checked once when the connection (or HTTP request) arrives.
#[derive(Clone, Debug)]
pub enum Credential {
	/// The operator's cookie.
	Operator,
	/// A member token whose signature, chain and lifetime were checked.
	Member { account: [u8; 32], expires_at: u64 },
	/// No credential.
	Public,
	/// A credential that was refused, and why.
	Refused(&'static str),
}

/// Unix milliseconds now.
pub fn now_millis() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or_default()
}

impl Credential {
	/// Reads the credential a client presented (`Authorization: Bearer …` or `?token=…`).
	pub fn read(presented: Option<&str>, cookie: &Cookie, genesis: &[u8; 32]) -> Credential {
		let Some(text) = presented.map(str::trim).filter(|t| !t.is_empty()) else { return Credential::Public };
		if cookie.matches(text) {
			return Credential::Operator;
		}
		if !text.starts_with(TOKEN_PREFIX) {
			return Credential::Refused(TokenError::Malformed.message());
		}
		match Self::check_token(text, genesis) {
			Ok(token) => Credential::Member { account: token.account, expires_at: token.expires_at },
			Err(error) => Credential::Refused(error.message()),
		}
	}

	fn check_token(text: &str, genesis: &[u8; 32]) -> Result<MemberToken, TokenError> {
		let token = MemberToken::from_text(text)?;
		token.check_fields(genesis, now_millis())?;
		let payload = token.payload();
		// Accounts are ed25519 keys (the SDK's signer) or sr25519 keys (polkadot.js).
		let by_ed25519 = ed25519::Pair::verify(
			&ed25519::Signature::from_raw(token.signature),
			&payload,
			&ed25519::Public::unchecked_from(token.account),
		);
		let by_sr25519 = || {
			sr25519::Pair::verify(
				&sr25519::Signature::from_raw(token.signature),
				&payload,
				&sr25519::Public::unchecked_from(token.account),
			)
		};
		if by_ed25519 || by_sr25519() {
			Ok(token)
		} else {
			Err(TokenError::BadSignature)
		}
	}

	/// The caller this credential makes at the best block.
	pub fn caller(&self, directory: &Arc<dyn Directory>, best: Hash) -> Caller {
		match self {
			Credential::Operator => Caller::Operator,
			Credential::Public => Caller::Public,
			Credential::Refused(why) => Caller::Refused((*why).into()),
			Credential::Member { account, expires_at } => {
				if *expires_at <= now_millis() {
					return Caller::Refused(TokenError::Expired.message().into());
				}
				match directory.membership(account, best) {
					None => Caller::Refused("the member token's account acts for no organisation".into()),
					Some((_, _, false)) =>
						Caller::Refused("the member token's organisation is suspended".into()),
					Some((organization, roles, true)) =>
						Caller::Member(Member { account: *account, organization, roles }),
				}
			},
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_cookie_file_is_private_and_matches_only_itself() {
		use std::os::unix::fs::PermissionsExt;
		let dir = std::env::temp_dir().join(format!("medtrust-cookie-test-{}", std::process::id()));
		let (cookie, path) = Cookie::create(&dir).expect("writable; qed");
		let text = std::fs::read_to_string(&path).expect("written; qed");
		assert_eq!(std::fs::metadata(&path).expect("exists; qed").permissions().mode() & 0o777, 0o600);
		assert!(cookie.matches(&text));
		assert!(!cookie.matches(&text[1..]));
		assert!(!cookie.matches(""));
		let (again, _) = Cookie::create(&dir).expect("writable; qed");
		assert!(!again.matches(&text), "every start writes a new secret");
		let _ = std::fs::remove_dir_all(dir);
	}

	/// A directory where account 1 acts for active organisation 4 (a pharmacy) and account 2
	/// for suspended organisation 5.
	struct Table;
	impl Directory for Table {
		fn best(&self) -> Hash {
			Hash::repeat_byte(1)
		}
		fn genesis(&self) -> [u8; 32] {
			[0; 32]
		}
		fn membership(&self, account: &[u8; 32], _: Hash) -> Option<(OrganizationId, Roles, bool)> {
			match account[0] {
				1 => Some((4, Roles::of(&[Role::Pharmacy]), true)),
				2 => Some((5, Roles::of(&[Role::Hospital]), false)),
				_ => None,
			}
		}
	}

	#[test]
	fn a_member_is_found_at_the_best_block_and_a_suspended_one_refused() {
		let directory: Arc<dyn Directory> = Arc::new(Table);
		let member = |n: u8| Credential::Member { account: [n; 32], expires_at: now_millis() + 60_000 };
		assert_eq!(
			member(1).caller(&directory, directory.best()),
			Caller::Member(Member { account: [1; 32], organization: 4, roles: Roles::of(&[Role::Pharmacy]) })
		);
		assert_eq!(
			member(2).caller(&directory, directory.best()),
			Caller::Refused("the member token's organisation is suspended".into())
		);
		assert!(matches!(member(3).caller(&directory, directory.best()), Caller::Refused(_)));
		let expired = Credential::Member { account: [1; 32], expires_at: now_millis() - 1 };
		assert_eq!(expired.caller(&directory, directory.best()), Caller::Refused(TokenError::Expired.message().into()));
	}

	#[test]
	fn tokens_are_checked_for_signature_chain_and_lifetime() {
		let dir = std::env::temp_dir().join(format!("medtrust-token-test-{}", std::process::id()));
		let (cookie, _) = Cookie::create(&dir).expect("writable; qed");
		let genesis = [4u8; 32];
		let pair = ed25519::Pair::from_seed(&[7u8; 32]);
		let sign = |genesis: [u8; 32], issued_at: u64, expires_at: u64| {
			let account = pair.public().0;
			let payload = MemberToken::signing_payload(&account, &genesis, issued_at, expires_at);
			MemberToken { account, genesis, issued_at, expires_at, signature: pair.sign(&payload).0 }
		};
		let now = now_millis();
		let good = sign(genesis, now, now + 60_000);
		assert!(matches!(Credential::read(Some(&good.to_text()), &cookie, &genesis), Credential::Member { .. }));
		let refused = |token: &MemberToken| match Credential::read(Some(&token.to_text()), &cookie, &genesis) {
			Credential::Refused(why) => why,
			other => panic!("{other:?}"),
		};
		assert_eq!(refused(&sign([5; 32], now, now + 60_000)), TokenError::WrongChain.message());
		assert_eq!(refused(&sign(genesis, now - 120_000, now - 60_000)), TokenError::Expired.message());
		let mut forged = good.clone();
		forged.expires_at += 1;
		assert_eq!(refused(&forged), TokenError::BadSignature.message());
		assert!(matches!(Credential::read(Some("garbage"), &cookie, &genesis), Credential::Refused(_)));
		assert!(matches!(Credential::read(None, &cookie, &genesis), Credential::Public));
		let _ = std::fs::remove_dir_all(dir);
	}
}
