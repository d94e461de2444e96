//! What the organisations pallet stores about an organisation.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::ConstU32, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use medtrust_primitives::{CreditCode, Gln, Roles};
use scale_info::TypeInfo;

use crate::Config;

/// Identifier text as it arrives in a call, before validation. Longer than any identifier we
/// accept, so that a wrong length is a precise pallet error rather than a decoding failure.
pub type IdentifierText = BoundedVec<u8, ConstU32<32>>;

/// An organisation's display name: UTF-8, e.g. `北京协和医院`.
pub type NameOf<T> = BoundedVec<u8, <T as Config>::MaxNameLength>;

/// The accounts that act for an organisation.
pub type AccountsOf<T> = BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxAccountsPerOrganization>;

/// Whether an organisation may transact.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum OrganizationStatus {
	/// Its accounts may transact.
	Active,
	/// Its accounts' transactions are refused before they reach the pool.
	Suspended,
}

/// An organisation of the consortium.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct Organization<T: Config> {
	/// Display name, UTF-8.
	pub name: NameOf<T>,
	/// China's unified social credit code, if it has one.
	pub credit_code: Option<CreditCode>,
	/// Its GS1 Global Location Number, if it has one.
	pub gln: Option<Gln>,
	/// What it does in the consortium.
	pub roles: Roles,
	/// Whether its accounts may transact.
	pub status: OrganizationStatus,
	/// The accounts that act for it; never empty.
	pub accounts: AccountsOf<T>,
	/// The block in which it was admitted.
	pub admitted_at: frame_system::pallet_prelude::BlockNumberFor<T>,
}

/// An organisation written into the genesis block, in the chain specification's JSON.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenesisOrganization<AccountId> {
	/// Display name.
	pub name: alloc::string::String,
	/// Unified social credit code, if any.
	#[serde(default)]
	pub credit_code: Option<alloc::string::String>,
	/// GS1 GLN, if any.
	#[serde(default)]
	pub gln: Option<alloc::string::String>,
	/// Role names, e.g. `["hospital", "vaccination_site"]`.
	pub roles: alloc::vec::Vec<medtrust_primitives::Role>,
	/// The accounts that act for it.
	pub accounts: alloc::vec::Vec<AccountId>,
}

/// What one organisation's transactions have added to the state in one day.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct OrganizationStateUsage {
	/// The day (since 1970-01-01, UTC) the bytes are for; bytes of an earlier day read as zero.
	pub day: u32,
	/// The most state its transactions added that day, in bytes.
	pub bytes: u64,
}

/// What one organisation has placed in one block so far.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo)]
pub struct OrganizationBlockUsage<BlockNumber> {
	/// The block the counts are for; counts of an earlier block are stale and read as zero.
	pub block: BlockNumber,
	/// Signed transactions placed.
	pub transactions: u32,
	/// Their weight, as charged before dispatch less what dispatch refunded.
	pub weight: frame_support::weights::Weight,
	/// Their encoded length in bytes.
	pub length: u32,
}

// By hand, because `Weight`'s derived bound counts its two compact `u64`s as 8 bytes each,
// where a compact `u64` takes up to 9 (parity-scale-codec#302): the derived bound would be 2
// bytes short, as the `storage_values` fuzz target found.
impl<BlockNumber: MaxEncodedLen> MaxEncodedLen for OrganizationBlockUsage<BlockNumber> {
	fn max_encoded_len() -> usize {
		BlockNumber::max_encoded_len()
			.saturating_add(u32::max_encoded_len().saturating_mul(2))
			.saturating_add(codec::Compact::<u64>::max_encoded_len().saturating_mul(2))
	}
}
