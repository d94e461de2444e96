//! The command line: the standard Substrate node CLI.

use sc_cli::RunCmd;

/// `medtrust-node [SUBCOMMAND] [OPTIONS]`; without a subcommand, runs a node.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	#[clap(flatten)]
	pub run: RunCmd,

	#[clap(flatten)]
	pub gate: GateOptions,
}

/// How the node's JSON-RPC gate treats callers (see the README's policy table).
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct GateOptions {
	/// Calls per second an unauthenticated (public) client may make on one connection, with
	/// bursts of twice as many. Members and the operator are not limited.
	#[arg(long, default_value_t = std::num::NonZeroU32::new(20).expect("20 is not zero; qed"))]
	pub rpc_public_calls_per_second: std::num::NonZeroU32,
}

/// What else the binary can do besides running a node.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect, insert keys; derive a node's PeerId.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Export a chain specification (`--chain dev|local|<file>`), plain or `--raw`.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Benchmarks: `pallet` (extrinsic weights), `storage` (database weights), `block`, `machine`.
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Database meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),
}
