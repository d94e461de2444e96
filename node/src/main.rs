//! The medtrust node: a Substrate node with Aura block production, GRANDPA finality, RocksDB
//! storage and JSON-RPC, running the medtrust runtime.

#![warn(missing_docs)]

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
