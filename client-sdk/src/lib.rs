//! # medtrust client SDK
//!
//! Talks to a medtrust node over JSON-RPC (WebSocket) with [`subxt`], the ecosystem's client:
//! transactions are built and encoded from the runtime's metadata, never by hand.
//!
//! - [`MedtrustClient`] connects to a node, submits a signed call and waits for its inclusion
//!   or finality, turning a refusal into a sentence a person can act on ([`SubmitError`]).
//! - [`Credential`] is who the client is to the node: its operator (the node's cookie), a
//!   member (a token its account signs, [`MedtrustClient::connect_as_member`]) or the public.
//! - [`Ed25519Signer`] signs with an ed25519 key given as a Substrate secret URI (`//Alice`,
//!   a BIP39 phrase with junctions, or a raw seed).
//! - [`organizations`] reads the consortium's organisations; [`governance`] passes the
//!   council's motions that admit, suspend and reinstate them.
//! - [`trace`] verifies scans (over the node's native `trace_verify` RPC), reads histories and
//!   alerts, and builds the traceability calls; [`epcis`] turns an EPCIS 2.0 document into one
//!   all-or-nothing call.
//! - [`consent`] makes subject commitments (HMAC-SHA-256 or HMAC-SM3), asks for access
//!   decisions, signs audit queries, checks exported logs against the chain's head and renders
//!   FHIR `AuditEvent` and `Consent` JSON.
//! - [`claims`] asks for claims, invoices, explanations of benefits, accumulators, eligibility,
//!   clearing drafts and overdue deadlines, builds the claims pallet's calls and renders FHIR
//!   `ClaimResponse` and `ExplanationOfBenefit` JSON.
//! - [`runtime`] is the typed interface generated from `metadata/medtrust.scale`, the metadata
//!   of the runtime in this repository (a runtime test fails if the file is stale; regenerate it
//!   with `scripts/update-metadata.sh`).
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use medtrust_client::{Ed25519Signer, MedtrustClient, Wait};
//! let client = MedtrustClient::connect("ws://127.0.0.1:9944").await?;
//! // The empty remark: the one remark the runtime's call filter lets members send.
//! let remark = medtrust_client::runtime::tx().system().remark(Vec::new());
//! let included = client.submit(&remark, &Ed25519Signer::dev("eve"), Wait::Finalized).await?;
//! println!("in block {}", included.block_hash);
//! # Ok(()) }
//! ```

pub mod claims;
mod client;
pub mod consent;
pub mod credential;
mod follower;
pub mod epcis;
pub mod governance;
pub mod organizations;
mod signer;
mod submission;
pub mod trace;

pub use client::{Included, MedtrustClient, SubmitError, Wait};
pub use credential::Credential;
pub use submission::{SignedTransaction, IN_FLIGHT, MAX_RESIGNS, MORTALITY, RESUBMIT_AFTER};
pub use signer::{Ed25519Signer, KeyError};

/// The typed interface of the medtrust runtime, generated from its metadata.
#[subxt::subxt(
	runtime_metadata_path = "metadata/medtrust.scale",
	derive_for_all_types = "Clone, PartialEq, Eq, ::subxt::ext::codec::Encode, ::subxt::ext::codec::Decode"
)]
pub mod runtime {}

/// Hashes, accounts and the chain's configuration as the SDK uses them.
pub use subxt::{config::PolkadotConfig as MedtrustConfig, utils::AccountId32, utils::H256};

/// The subxt version the SDK is built on, for RPC parameters and raw queries.
pub use subxt;
