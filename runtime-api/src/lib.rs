//! # medtrust runtime APIs
//!
//! The questions the node asks the runtime, one versioned trait per domain. The runtime
//! implements them (`runtime/src/apis.rs`); the node's RPC (`node/src/*_rpc.rs`) calls them.
//! Both depend on this crate and on `medtrust-primitives` only, so the node is not built
//! against the pallets, and a trait's version says which questions a running runtime answers.
//!
//! ## Overview
//!
//! - [`traceability::TraceabilityApi`]: a scan's verdict, an item's history (paged) and the
//!   open alerts (paged).
//! - [`consent::ConsentApi`]: the access decision, a log's head and the auditor's signed
//!   queries.
//! - [`claims::ClaimsApi`]: claims, invoices, coverages, eligibility, clearing and the overdue
//!   deadlines (paged).
//!
//! Every type in a signature is a `medtrust-primitives` type, so the SDK decodes the answers
//! without this crate.
//!
//! ## Versions
//!
//! A method changed in version *n* keeps its old signature under `#[changed_in(n)]`, so a node
//! can still ask a runtime of the previous release during an upgrade.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod claims;
pub mod consent;
pub mod traceability;

// Globs, so that the `runtime_decl_for_*` modules `impl_runtime_apis!` looks for beside each
// trait are re-exported too (the client-side traits exist only with `std`).
pub use claims::*;
pub use consent::*;
pub use traceability::*;
