//! # The medtrust runtime
//!
//! A permissioned chain for healthcare trust between organisations that do not trust each
//! other's databases. Blocks are produced by Aura and finalised by GRANDPA; the validators are
//! organisations' nodes, chosen by the consortium's governance (`pallet-validator-set` feeding
//! `pallet-session`). Only accounts that act for an active organisation may transact
//! (`pallet_organizations::CheckMembership`, first of the transaction extensions); there is no
//! token and there are no fees. Only nodes on the consortium's list may connect
//! (`pallet-node-authorization`).
//!
//! Governance is the consortium council (`pallet-collective`): the organisations' governance
//! accounts, deciding by two thirds, and by three quarters anything that needs `Root`
//! (`Organizations::dispatch_as_root`: runtime upgrades, emergency fixes). A suspended
//! organisation's seats are vacated until it is reinstated. Members may call only what some
//! role needs ([`governance::MemberCalls`]). `pallet-sudo` is configured only in the
//! `development` genesis preset.

#![cfg_attr(not(feature = "std"), no_std)]
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
pub mod governance;
pub mod weights;
#[cfg(test)]
mod tests;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_system::Call as SystemCall;
pub use pallet_organizations::{Call as OrganizationsCall, CheckMembership};
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Types the node needs to know without knowing the runtime's extrinsic format.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;
}

impl_opaque_keys! {
	/// The keys a validator's node signs with: Aura for blocks, GRANDPA for finality.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// The runtime's version. Bump `spec_version` with every change of behaviour.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("medtrust"),
	impl_name: alloc::borrow::Cow::Borrowed("medtrust"),
	authoring_version: 1,
	spec_version: 107,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// Block time. Three seconds keeps a pharmacy's or an insurer's wait for inclusion short.
pub const MILLISECS_PER_BLOCK: u64 = 3000;
/// Aura's slot length is the block time.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;
/// Blocks per minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// Transaction signatures: ed25519 (what the SDK signs with), sr25519 or ECDSA.
pub type Signature = MultiSignature;
/// An account: the 32-byte public key of its signer.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Transaction counter of an account.
pub type Nonce = u32;
/// Block hash.
pub type Hash = sp_core::H256;
/// Block number.
pub type BlockNumber = u32;
/// How an account is addressed in a call.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The checks every transaction goes through, in order. `CheckMembership` comes first so that
/// an outsider's transaction is refused with its own reason before anything else is checked.
pub type TxExtension = (
	pallet_organizations::CheckMembership<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// An extrinsic as it travels.
pub type UncheckedExtrinsic = generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload a transaction's signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations to run on the next runtime upgrade.
type Migrations = (
	pallet_claims::migrations::v1::MigrateV0ToV1<Runtime>,
	pallet_claims::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_consent::migrations::v1::MigrateV0ToV1<Runtime>,
	pallet_consent::migrations::v2::MigrateV1ToV2<Runtime>,
	// Replaced by `BlockUsage`, which counts weight and bytes as well as transactions.
	frame_support::migrations::RemoveStorage<
		OrganizationsPalletName,
		BlockTransactionsStorageName,
		<Runtime as frame_system::Config>::DbWeight,
	>,
);

frame_support::parameter_types! {
	pub const OrganizationsPalletName: &'static str = "Organizations";
	pub const BlockTransactionsStorageName: &'static str = "BlockTransactions";
}

/// Executes blocks.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	// Consensus. The order matters: the validator set feeds Session, which feeds Aura and GRANDPA.
	#[runtime::pallet_index(2)]
	pub type ValidatorSet = pallet_validator_set;
	#[runtime::pallet_index(3)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(4)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(5)]
	pub type Grandpa = pallet_grandpa;

	// Governance and permissioning.
	#[runtime::pallet_index(10)]
	pub type Council = pallet_collective<Instance1>;
	#[runtime::pallet_index(11)]
	pub type Organizations = pallet_organizations;
	#[runtime::pallet_index(12)]
	pub type NodeAuthorization = pallet_node_authorization;
	#[runtime::pallet_index(13)]
	pub type Sudo = pallet_sudo;

	#[runtime::pallet_index(20)]
	pub type Traceability = pallet_traceability;
	#[runtime::pallet_index(21)]
	pub type Consent = pallet_consent;
	#[runtime::pallet_index(22)]
	pub type Claims = pallet_claims;
}
