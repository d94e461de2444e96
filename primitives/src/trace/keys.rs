//! Storage keys of the traceability records, for readers outside the runtime: the node's native
//! scan path reads them straight from the state database. A runtime test checks each key against
//! the pallet's own, so the two cannot drift apart.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use sp_crypto_hashing::{blake2_128, twox_128, twox_64};

use super::records::{ItemKey, LotId, ProductCode, ProductId};
use crate::{CreditCode, Gln, OrganizationId, Roles};

/// The traceability pallet's name in the runtime.
pub const TRACEABILITY_PALLET: &[u8] = b"Traceability";
/// The organisations pallet's name in the runtime.
pub const ORGANIZATIONS_PALLET: &[u8] = b"Organizations";

pub(crate) fn prefix(pallet: &[u8], storage: &[u8]) -> Vec<u8> {
	let mut key = Vec::with_capacity(96);
	key.extend_from_slice(&twox_128(pallet));
	key.extend_from_slice(&twox_128(storage));
	key
}

pub(crate) fn blake2_128_concat(key: &mut Vec<u8>, encoded: &[u8]) {
	key.extend_from_slice(&blake2_128(encoded));
	key.extend_from_slice(encoded);
}

pub(crate) fn twox_64_concat(key: &mut Vec<u8>, encoded: &[u8]) {
	key.extend_from_slice(&twox_64(encoded));
	key.extend_from_slice(encoded);
}

/// `Traceability::ProductCodes(code)`.
pub fn product_code(code: &ProductCode) -> Vec<u8> {
	let mut key = prefix(TRACEABILITY_PALLET, b"ProductCodes");
	blake2_128_concat(&mut key, &code.encode());
	key
}

/// `Traceability::Products(id)`.
pub fn product(id: ProductId) -> Vec<u8> {
	let mut key = prefix(TRACEABILITY_PALLET, b"Products");
	twox_64_concat(&mut key, &id.encode());
	key
}

/// `Traceability::Lots(id)`.
pub fn lot(id: LotId) -> Vec<u8> {
	let mut key = prefix(TRACEABILITY_PALLET, b"Lots");
	twox_64_concat(&mut key, &id.encode());
	key
}

/// `Traceability::Items(key)`.
pub fn item(item: &ItemKey) -> Vec<u8> {
	let mut key = prefix(TRACEABILITY_PALLET, b"Items");
	blake2_128_concat(&mut key, &item.encode());
	key
}

/// `Traceability::History(key, n)`: chunk `n` of an item's filed history.
pub fn history_chunk(item: &ItemKey, n: u32) -> Vec<u8> {
	let mut key = prefix(TRACEABILITY_PALLET, b"History");
	blake2_128_concat(&mut key, &item.encode());
	twox_64_concat(&mut key, &n.encode());
	key
}

/// `Organizations::Organizations(id)`.
pub fn organization(id: OrganizationId) -> Vec<u8> {
	let mut key = prefix(ORGANIZATIONS_PALLET, b"Organizations");
	twox_64_concat(&mut key, &id.encode());
	key
}

/// `Organizations::AccountOrganization(account)`: the organisation an account acts for.
pub fn account_organization(account: &[u8; 32]) -> Vec<u8> {
	let mut key = prefix(ORGANIZATIONS_PALLET, b"AccountOrganization");
	blake2_128_concat(&mut key, account);
	key
}

/// `Timestamp::Now`.
pub fn timestamp_now() -> Vec<u8> {
	prefix(b"Timestamp", b"Now")
}

/// The roles in an encoded organisation record, which starts with its name, credit code, GLN,
/// roles and status.
pub fn decode_organization_roles(encoded: &[u8]) -> Option<Roles> {
	decode_organization_head(encoded).map(|(roles, _)| roles)
}

/// Whether an encoded organisation record's status is active (the status's first variant).
pub fn decode_organization_is_active(encoded: &[u8]) -> bool {
	decode_organization_head(encoded).is_some_and(|(_, status)| status == 0)
}

fn decode_organization_head(mut encoded: &[u8]) -> Option<(Roles, u8)> {
	let (_name, _credit_code, _gln, roles, status) =
		<(Vec<u8>, Option<CreditCode>, Option<Gln>, Roles, u8)>::decode(&mut encoded).ok()?;
	Some((roles, status))
}
