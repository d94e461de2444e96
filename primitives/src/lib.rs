//! Domain types shared by the medtrust runtime, the node and the client SDK.
//!
//! Everything here is `no_std` and free of FRAME so that the runtime, the node's native
//! query path and the SDK all use one implementation:
//!
//! - [`roles`]: the roles an organisation can hold in the consortium and a compact set of them;
//! - [`identifiers`]: official organisation identifiers (China's unified social credit code,
//!   the GS1 Global Location Number) and the GS1 check digit;
//! - [`gs1`]: GS1 element strings as scanners deliver them, with check digits and date rules;
//! - [`trace`]: traceability records, every scan notation, and the verdict on a scan, shared
//!   by the pallet, the runtime API and the node's native scan RPC;
//! - [`consent`]: consents, the access decision, the hash-chained access log and the
//!   auditor's questions, shared by the consent pallet, its runtime API and the node's native
//!   decision RPC;
//! - [`claims`]: commercial insurance products, coverages, anchored invoices, claims and the
//!   deterministic adjudication, shared by the claims pallet, its runtime API and the SDK;
//! - [`access`]: the member token a client signs to be served by a node's JSON-RPC as its
//!   organisation;
//! - [`membership`]: the question every pallet asks of the organisations pallet — "does this
//!   account act for an active organisation with this role?" — as a trait.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod access;
pub mod claims;
pub mod consent;
pub mod gs1;
pub mod identifiers;
pub mod membership;
pub mod roles;
#[cfg(feature = "std")]
pub mod rpc_params;
pub mod state;
pub mod trace;

pub use identifiers::{gs1_check_digit, CreditCode, Gln, IdentifierError};
pub use membership::{MembershipError, OrganizationInspect};
pub use roles::{Role, Roles};

/// Identifies an organisation of the consortium. Assigned in order of admission.
pub type OrganizationId = u32;
