//! Storage keys of the consent records, for the node's native decision path. A runtime test
//! checks each key against the pallet's own.

use alloc::vec::Vec;
use codec::Encode;

use super::records::{ConsentId, Subject, Version};
use crate::trace::keys::{blake2_128_concat, prefix, twox_64_concat};

/// The consent pallet's name in the runtime.
pub const CONSENT_PALLET: &[u8] = b"Consent";

/// `Consent::Subjects(subject)`.
pub fn subject(subject: &Subject) -> Vec<u8> {
	let mut key = prefix(CONSENT_PALLET, b"Subjects");
	blake2_128_concat(&mut key, &subject.encode());
	key
}

/// `Consent::ConsentHeads(id)`.
pub fn consent_head(id: ConsentId) -> Vec<u8> {
	let mut key = prefix(CONSENT_PALLET, b"ConsentHeads");
	twox_64_concat(&mut key, &id.encode());
	key
}

/// `Consent::ConsentVersions(id, version)`.
pub fn consent_terms(id: ConsentId, version: Version) -> Vec<u8> {
	let mut key = prefix(CONSENT_PALLET, b"ConsentVersions");
	twox_64_concat(&mut key, &id.encode());
	twox_64_concat(&mut key, &version.encode());
	key
}
