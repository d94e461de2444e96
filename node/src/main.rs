//! The medtrust node: a Substrate node with Aura block production, GRANDPA finality, RocksDB
//! storage and JSON-RPC, running the medtrust runtime.

#![warn(missing_docs)]
// `sc_cli::Error` and `sc_service::Error`, which every command and the service return, are
// large by the Polkadot SDK's design; boxing them here would only wrap the SDK's own API.
#![allow(clippy::result_large_err)]

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod chain_spec;
mod claims_rpc;
mod cli;
mod command;
mod consent_rpc;
mod gate;
mod native_state;
mod rpc;
mod service;
mod submission_rpc;
mod trace_rpc;

fn main() -> sc_cli::Result<()> {
	command::run()
}
