//! How a member organisation's client proves who it is to a node's JSON-RPC: a **member
//! token**, signed by one of the organisation's accounts and checked by the node against the
//! chain's organisations at its best block.
//!
//! A token names the account, the chain (its genesis hash) and when it expires. It is a bearer
//! credential for its short life, like a session cookie: the node refuses it once it has
//! expired, on another chain, with a lifetime over [`MAX_TOKEN_LIFETIME_MS`], or as soon as the
//! account's organisation is suspended or the account removed. The SDK signs one (ed25519, or
//! sr25519 for polkadot.js keys) and sends it as `Authorization: Bearer <token>` or, where a
//! client cannot set headers (a browser's WebSocket), as `?token=<token>` in the URL.

use alloc::{string::String, vec::Vec};
use codec::{Decode, Encode};

/// The longest a token may live, in milliseconds: a working day's session.
pub const MAX_TOKEN_LIFETIME_MS: u64 = 12 * 60 * 60 * 1000;
/// How far ahead of the node's clock a token's signing may be, for clocks that disagree.
pub const CLOCK_SKEW_MS: u64 = 60 * 1000;
/// What every token's text starts with, so that it is not mistaken for an operator's cookie.
pub const TOKEN_PREFIX: &str = "mt1.";
/// The domain separation of the signed bytes.
const CONTEXT: &[u8] = b"medtrust-rpc-token/1:";

/// A member token.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct MemberToken {
	/// The signing account (its 32-byte public key).
	pub account: [u8; 32],
	/// The genesis hash of the chain it is for.
	pub genesis: [u8; 32],
	/// When it was signed, in Unix milliseconds.
	pub issued_at: u64,
	/// When it expires, in Unix milliseconds.
	pub expires_at: u64,
	/// The signature (ed25519 or sr25519) over [`MemberToken::signing_payload`].
	pub signature: [u8; 64],
}

/// Why a token is refused, before the chain is asked about its account.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TokenError {
	/// Not a token's text (no `mt1.` prefix, not hex, or the wrong length).
	Malformed,
	/// Signed for another chain.
	WrongChain,
	/// Its expiry has passed.
	Expired,
	/// Signed in the future, or to live longer than [`MAX_TOKEN_LIFETIME_MS`].
	BadLifetime,
	/// The signature does not match the account and the token's fields.
	BadSignature,
}

impl TokenError {
	/// The refusal in plain words.
	pub fn message(&self) -> &'static str {
		match self {
			TokenError::Malformed => "the credential is neither this node's operator cookie nor a member token (mt1.<hex>)",
			TokenError::WrongChain => "the member token was signed for another chain (genesis hash)",
			TokenError::Expired => "the member token has expired: sign a new one",
			TokenError::BadLifetime =>
				"the member token is signed in the future or lives longer than 12 hours: sign a shorter one",
			TokenError::BadSignature => "the member token's signature does not match its account and fields",
		}
	}
}

impl MemberToken {
	/// The bytes the account signs.
	pub fn signing_payload(account: &[u8; 32], genesis: &[u8; 32], issued_at: u64, expires_at: u64) -> Vec<u8> {
		let mut payload = CONTEXT.to_vec();
		(genesis, account, issued_at, expires_at).encode_to(&mut payload);
		payload
	}

	/// The token as text: `mt1.` and the hex of its encoding.
	pub fn to_text(&self) -> String {
		let mut text = String::from(TOKEN_PREFIX);
		text.push_str(crate::consent::hex32::to_hex(&self.encode()).trim_start_matches("0x"));
		text
	}

	/// Reads a token's text.
	pub fn from_text(text: &str) -> Result<Self, TokenError> {
		let digits = text.strip_prefix(TOKEN_PREFIX).ok_or(TokenError::Malformed)?.as_bytes();
		if digits.len() != 2 * (32 + 32 + 8 + 8 + 64) {
			return Err(TokenError::Malformed);
		}
		let nibble = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
		let bytes = digits
			.chunks_exact(2)
			.map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?))
			.collect::<Option<Vec<u8>>>()
			.ok_or(TokenError::Malformed)?;
		MemberToken::decode(&mut &bytes[..]).map_err(|_| TokenError::Malformed)
	}

	/// Checks everything but the signature and the account's membership: the chain and the
	/// lifetime against `now` (Unix milliseconds).
	pub fn check_fields(&self, genesis: &[u8; 32], now: u64) -> Result<(), TokenError> {
		if &self.genesis != genesis {
			return Err(TokenError::WrongChain);
		}
		if self.expires_at <= now {
			return Err(TokenError::Expired);
		}
		if self.issued_at > now + CLOCK_SKEW_MS ||
			self.expires_at <= self.issued_at ||
			self.expires_at - self.issued_at > MAX_TOKEN_LIFETIME_MS
		{
			return Err(TokenError::BadLifetime);
		}
		Ok(())
	}

	/// The bytes its signature covers.
	pub fn payload(&self) -> Vec<u8> {
		Self::signing_payload(&self.account, &self.genesis, self.issued_at, self.expires_at)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn token() -> MemberToken {
		MemberToken { account: [1; 32], genesis: [2; 32], issued_at: 1_000, expires_at: 61_000, signature: [3; 64] }
	}

	#[test]
	fn text_round_trips_and_garbage_is_malformed() {
		let text = token().to_text();
		assert!(text.starts_with("mt1."));
		assert_eq!(MemberToken::from_text(&text), Ok(token()));
		assert_eq!(MemberToken::from_text(&text[..text.len() - 2]), Err(TokenError::Malformed));
		assert_eq!(MemberToken::from_text(&text.replace("mt1.", "")), Err(TokenError::Malformed));
		assert_eq!(MemberToken::from_text(&text.replacen('0', "g", 1)), Err(TokenError::Malformed));
	}

	#[test]
	fn fields_are_checked_against_chain_and_clock() {
		let t = token();
		assert_eq!(t.check_fields(&[2; 32], 2_000), Ok(()));
		assert_eq!(t.check_fields(&[9; 32], 2_000), Err(TokenError::WrongChain));
		assert_eq!(t.check_fields(&[2; 32], 61_000), Err(TokenError::Expired));
		let long = MemberToken { expires_at: 1_000 + MAX_TOKEN_LIFETIME_MS + 1, ..t.clone() };
		assert_eq!(long.check_fields(&[2; 32], 2_000), Err(TokenError::BadLifetime));
		let future = MemberToken { issued_at: 2_000 + CLOCK_SKEW_MS + 1, expires_at: 3_000 + CLOCK_SKEW_MS, ..t };
		assert_eq!(future.check_fields(&[2; 32], 2_000), Err(TokenError::BadLifetime));
	}

	#[test]
	fn the_payload_binds_every_field() {
		let t = token();
		let base = t.payload();
		assert_ne!(MemberToken { account: [9; 32], ..t.clone() }.payload(), base);
		assert_ne!(MemberToken { genesis: [9; 32], ..t.clone() }.payload(), base);
		assert_ne!(MemberToken { issued_at: 9, ..t.clone() }.payload(), base);
		assert_ne!(MemberToken { expires_at: 9, ..t }.payload(), base);
	}
}
