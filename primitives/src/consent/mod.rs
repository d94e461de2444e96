//! Patient consent for record access and the access log: the records the chain keeps, the
//! decision on an access request, the hash-chained log and the auditor's questions.
//!
//! - [`codes`]: purposes, data classes, actions and statutory bases;
//! - [`records`]: subjects, consents and their versions as stored;
//! - [`decision`]: the deny-by-default decision over any [`ConsentView`] of storage;
//! - [`log`]: access log entries, their hash chain and the check of an exported log;
//! - [`audit`]: auditor queries and answers;
//! - [`keys`]: storage keys, for the node's native decision path.

pub mod audit;
pub mod codes;
pub mod decision;
pub mod keys;
pub mod log;
pub mod records;

pub use codes::*;
pub use decision::{
	decide, evaluate, permitting_consents, AccessRequest, ConsentVerdict, ConsentView, Decision, DecisionReport,
	DenyReason,
};
pub use log::{verify_log, AccessEntry, AccessReport, Basis, LogBreak, LogHash, LogHead, LoggedDecision};
pub use records::*;

/// The consent decision as other pallets ask it (the claims pallet, before an insurer may
/// claim), implemented by the consent pallet.
pub trait ConsentInspect {
	/// The decision on `request` at the current block, and how many of the subject's consents
	/// it read (the caller charges its weight by them).
	fn decide(request: &AccessRequest) -> (Decision, u32);
}

/// Serde for 32-byte hashes and commitments as `0x`-prefixed hex.
pub mod hex32 {
	use alloc::string::String;
	use serde::{de::Error, Deserialize, Deserializer, Serializer};

	/// Lower-case hex with a `0x` prefix.
	pub fn to_hex(bytes: &[u8]) -> String {
		const DIGITS: &[u8; 16] = b"0123456789abcdef";
		let mut out = String::with_capacity(2 + 2 * bytes.len());
		out.push_str("0x");
		for b in bytes {
			out.push(DIGITS[(b >> 4) as usize] as char);
			out.push(DIGITS[(b & 15) as usize] as char);
		}
		out
	}

	/// Reads 64 hex digits, with or without a `0x` prefix.
	pub fn from_hex(text: &str) -> Option<[u8; 32]> {
		let digits = text.strip_prefix("0x").unwrap_or(text).as_bytes();
		if digits.len() != 64 {
			return None;
		}
		let nibble = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
		let mut out = [0u8; 32];
		for (i, pair) in digits.chunks_exact(2).enumerate() {
			out[i] = nibble(pair[0])? << 4 | nibble(pair[1])?;
		}
		Some(out)
	}

	/// Serialises as hex.
	pub fn serialize<S: Serializer>(bytes: &[u8; 32], serializer: S) -> Result<S::Ok, S::Error> {
		serializer.serialize_str(&to_hex(bytes))
	}

	/// Deserialises from hex.
	pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<[u8; 32], D::Error> {
		let text = String::deserialize(deserializer)?;
		from_hex(&text).ok_or_else(|| D::Error::custom("expected 32 bytes as 64 hex digits"))
	}
}

/// Serde for optional 32-byte hashes as `0x`-prefixed hex or `null`.
pub mod hex32_option {
	use alloc::string::String;
	use serde::{de::Error, Deserialize, Deserializer, Serializer};

	/// Serialises as hex or `null`.
	pub fn serialize<S: Serializer>(bytes: &Option<[u8; 32]>, serializer: S) -> Result<S::Ok, S::Error> {
		match bytes {
			Some(bytes) => serializer.serialize_str(&super::hex32::to_hex(bytes)),
			None => serializer.serialize_none(),
		}
	}

	/// Deserialises from hex or `null`.
	pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<[u8; 32]>, D::Error> {
		Option::<String>::deserialize(deserializer)?
			.map(|text| super::hex32::from_hex(&text).ok_or_else(|| D::Error::custom("expected 64 hex digits")))
			.transpose()
	}
}

#[cfg(test)]
mod tests;
