//! The access log: one append-only, hash-chained list of entries per subject.
//!
//! Entry *n* carries the hash of entry *n − 1* (zero for the first), and the chain keeps the
//! hash of the last entry as the log's head. An auditor holding an exported log recomputes the
//! chain with [`verify_log`]: an entry removed, altered, reordered or left off the end changes
//! the head.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_crypto_hashing::blake2_256;

use super::{
	codes::{Action, DataClass, Purpose, StatutoryBasis},
	records::{ConsentId, DocumentHash, Moment, Subject, Version},
};
use crate::{trace::BlockNumber, OrganizationId, Role};

/// A hash in the access log's chain.
pub type LogHash = [u8; 32];

/// What an accessing organisation decided, as it reports it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoggedDecision {
	/// Access was given under a consent or a statutory basis.
	Permit,
	/// Access was refused.
	Deny,
	/// Emergency access without consent, to be reviewed by an auditor or regulator.
	BreakGlass,
}

/// What an access rested on.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
	/// A consent version, which the chain checked permitted the access at its time.
	Consent {
		/// The consent.
		consent: ConsentId,
		/// Its version.
		version: Version,
	},
	/// A legal basis other than consent, logged as cited.
	Statutory(StatutoryBasis),
	/// Nothing: a denied request or a break-glass access.
	None,
}

/// An access as the accessing organisation reports it (`Consent::record_access`); the chain
/// adds the block, the time check and the link to the previous entry.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct AccessReport {
	/// The patient.
	pub subject: Subject,
	/// The role the organisation acted in.
	pub role: Role,
	/// Why.
	pub purpose: Purpose,
	/// What it did.
	pub action: Action,
	/// Which data.
	pub data_class: DataClass,
	/// When, in Unix milliseconds: not after the block, and not before it by more than the
	/// runtime's logging delay (a day).
	pub accessed_at: Moment,
	/// The hash of a pointer to the record accessed.
	pub record: DocumentHash,
	/// The consent version or statutory basis. A consent is checked: it must have permitted
	/// exactly this access at `accessed_at`.
	pub basis: Basis,
	/// Permit, deny or break-glass.
	pub decision: LoggedDecision,
	/// The hash of the stated reason; required for break-glass.
	pub reason: Option<DocumentHash>,
}

/// One entry of a subject's access log.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct AccessEntry {
	/// The hash of the subject's previous entry; zero for the first.
	#[serde(with = "super::hex32")]
	pub previous: LogHash,
	/// The block that recorded it.
	pub block: BlockNumber,
	/// When the access happened (at most the recording block's time).
	pub accessed_at: Moment,
	/// The accessing organisation.
	pub organization: OrganizationId,
	/// The role it acted in.
	pub role: Role,
	/// Why.
	pub purpose: Purpose,
	/// What it did.
	pub action: Action,
	/// Which data.
	pub data_class: DataClass,
	/// The hash of a pointer to the record accessed (kept off chain).
	#[serde(with = "super::hex32")]
	pub record: DocumentHash,
	/// The consent version or statutory basis.
	pub basis: Basis,
	/// Permit, deny or break-glass.
	pub decision: LoggedDecision,
	/// The hash of the stated reason (a break-glass justification, a denial's explanation).
	#[serde(with = "super::hex32_option")]
	pub reason: Option<DocumentHash>,
}

impl AccessEntry {
	/// The entry's hash: BLAKE2b-256 of its SCALE encoding, which includes the previous hash.
	pub fn hash(&self) -> LogHash {
		blake2_256(&self.encode())
	}
}

/// The head of a subject's log: how many entries and the hash of the last.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct LogHead {
	/// How many entries the log holds.
	pub length: u32,
	/// The hash of the last entry; zero for an empty log.
	#[serde(with = "super::hex32")]
	pub hash: LogHash,
}

/// Where an exported log and the chain's head disagree.
#[derive(Clone, Copy, PartialEq, Eq, Debug, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum LogBreak {
	/// Entry `index` does not carry the hash of the entry before it: something before it was
	/// removed, altered or reordered.
	BrokenLink {
		/// The entry's position in the export.
		index: u32,
	},
	/// The export has a different number of entries than the chain's head says.
	WrongLength {
		/// Entries in the export.
		exported: u32,
		/// Entries according to the head.
		head: u32,
	},
	/// The last entry's hash is not the head's: the last entry was altered.
	WrongHead,
}

impl LogBreak {
	/// What the break shows, in plain words.
	pub fn message(&self) -> alloc::string::String {
		match self {
			Self::BrokenLink { index: 0 } => "entry 0 does not start the log: entries before it were removed".into(),
			Self::BrokenLink { index } => alloc::format!(
				"entry {index} does not carry the hash of entry {}: that entry was altered, or entries were removed or reordered before entry {index}",
				index - 1
			),
			Self::WrongLength { exported, head } =>
				alloc::format!("the export has {exported} entries where the chain's log had {head}"),
			Self::WrongHead => "the last entry is not the one the chain's log head names: it was altered".into(),
		}
	}
}

/// Checks an exported log, from its first entry, against the head the chain keeps.
pub fn verify_log(entries: &[AccessEntry], head: &LogHead) -> Result<(), LogBreak> {
	if entries.len() as u64 != head.length as u64 {
		return Err(LogBreak::WrongLength { exported: entries.len() as u32, head: head.length });
	}
	let mut previous = [0u8; 32];
	for (index, entry) in entries.iter().enumerate() {
		if entry.previous != previous {
			return Err(LogBreak::BrokenLink { index: index as u32 });
		}
		previous = entry.hash();
	}
	if previous == head.hash {
		Ok(())
	} else {
		Err(LogBreak::WrongHead)
	}
}
