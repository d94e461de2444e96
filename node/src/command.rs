//! Dispatches the command line to the node or to a chain-operation subcommand.

use medtrust_runtime::Block;
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;

use crate::{
	chain_spec,
	cli::{Cli, Subcommand},
	service,
};

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"medtrust node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://example.invalid/medtrust/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		Ok(match id {
			"dev" => Box::new(chain_spec::development_chain_spec()?),
			"" | "local" => Box::new(chain_spec::local_chain_spec()?),
			path => Box::new(chain_spec::ChainSpec::from_json_file(std::path::PathBuf::from(path))?),
		})
	}
}

/// Defaults for clients with thousands of transactions in flight; each flag can still be set
/// on the command line.
const NODE_DEFAULTS: [(&str, &str); 4] = [
	// A standard client (polkadot.js, subxt) watches every transaction it submits with a
	// subscription of its own: Substrate's 1,024 per connection refuses the 1,025th.
	("rpc_max_subscriptions_per_connection", "16384"),
	// Each subscription's status messages queue in the connection's buffer: Substrate's 64
	// messages close a connection whose burst of statuses outruns its reader.
	("rpc_message_buffer_capacity_per_connection", "4096"),
	// The pool keeps a tenth of these for transactions whose nonce comes after a gap. Requests
	// served concurrently arrive out of nonce order, and with Substrate's 8,192 (819 waiting)
	// a burst of 5,000 unwatched transactions lost most of them without a word: the pool
	// dropped the waiting ones past its limit, and every later nonce of their signers waited
	// for ever. Measured: 5,000 of 5,000 land with these limits.
	("pool_limit", "65536"),
	("pool_kbytes", "65536"),
];

/// The standard Substrate command line with medtrust's defaults.
fn parse_command_line() -> Cli {
	use clap::{CommandFactory, FromArgMatches};
	let mut command = <Cli as SubstrateCli>::setup_command(Cli::command());
	for (id, value) in NODE_DEFAULTS {
		command = command.mut_arg(id, |arg| arg.default_value(value));
	}
	let matches = command.get_matches();
	Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// Parses the command line and runs what it asks for.
pub fn run() -> sc_cli::Result<()> {
	let cli = parse_command_line();

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let spec = cli.load_spec(&cmd.chain)?;
			cmd.run(spec)
		},
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		},
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		},
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		},
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } = service::new_partial(&config)?;
				let aux_revert = Box::new(|client, _, blocks| {
					sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		},
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(cmd)) => benchmark(&cli, cmd),
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<Block>(&config))
		},
		None => {
			let runner = cli.create_runner(&cli.run)?;
			let gate = cli.gate;
			runner.run_node_until_exit(|config| async move {
				match config.network.network_backend {
					sc_network::config::NetworkBackendType::Libp2p => service::new_full::<
						sc_network::NetworkWorker<
							medtrust_runtime::opaque::Block,
							<medtrust_runtime::opaque::Block as sp_runtime::traits::Block>::Hash,
						>,
					>(config, gate)
					.map_err(sc_cli::Error::Service),
					sc_network::config::NetworkBackendType::Litep2p =>
						service::new_full::<sc_network::Litep2pNetworkBackend>(config, gate).map_err(sc_cli::Error::Service),
				}
			})
		},
	}
}

/// `benchmark pallet|storage|block|overhead|extrinsic|machine`: only in a node built with
/// `runtime-benchmarks`, whose runtime has the benchmarking API.
#[cfg(feature = "runtime-benchmarks")]
fn benchmark(cli: &Cli, cmd: &frame_benchmarking_cli::BenchmarkCmd) -> sc_cli::Result<()> {
	use frame_benchmarking_cli::{BenchmarkCmd, ExtrinsicFactory, SUBSTRATE_REFERENCE_HARDWARE};

	use crate::benchmarking;

	let runner = cli.create_runner(cmd)?;
	runner.sync_run(|config| match cmd {
		BenchmarkCmd::Pallet(cmd) =>
			cmd.run_with_spec::<sp_runtime::traits::HashingFor<Block>, ()>(Some(config.chain_spec)),
		BenchmarkCmd::Block(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			cmd.run(client)
		},
		BenchmarkCmd::Storage(cmd) => {
			let PartialComponents { client, backend, .. } = service::new_partial(&config)?;
			let db = backend.expose_db();
			let storage = backend.expose_storage();
			cmd.run(config, client, db, storage, None)
		},
		BenchmarkCmd::Overhead(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			let remark = benchmarking::RemarkBuilder::new(client.clone());
			let inherents = benchmarking::inherent_benchmark_data()?;
			cmd.run(config.chain_spec.name().into(), client, inherents, Vec::new(), &remark, false)
		},
		BenchmarkCmd::Extrinsic(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			let builders = ExtrinsicFactory(vec![Box::new(benchmarking::RemarkBuilder::new(client.clone()))]);
			cmd.run(client, benchmarking::inherent_benchmark_data()?, Vec::new(), &builders)
		},
		BenchmarkCmd::Machine(cmd) => cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()),
	})
}
