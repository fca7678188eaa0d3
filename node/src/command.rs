//! Runs the subcommand the command line names, or the node.

use std::io::Write;

use didimo_runtime::opaque::Block;
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;

use crate::{
	chain_spec,
	cli::{Cli, ProductionSpecCmd, Subcommand},
	service,
};

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"DIDimo Node".into()
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
		"https://github.com/didimo/didimo/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		if id.is_empty() {
			return Err("no chain given: use --dev, or --chain with `dev`, `local` or the path \
			            of a chain spec file"
				.into());
		}
		Ok(Box::new(match chain_spec::BuiltInChain::from_id(id) {
			Some(chain) => chain.chain_spec()?,
			None => chain_spec::from_file(id)?,
		}))
	}
}

/// `production-spec`: prints a real network's chain spec on standard output.
fn production_spec(cmd: &ProductionSpecCmd) -> sc_cli::Result<()> {
	let json = chain_spec::production_spec_json(cmd)?;
	if !cmd.endowments.iter().any(|endowment| endowment.account == cmd.root) {
		eprintln!(
			"note: the root account {} is not endowed; it needs a balance (a transfer, or \
			 --endow) to pay for its transactions",
			cmd.root
		);
	}
	let mut stdout = std::io::stdout().lock();
	stdout.write_all(json.as_bytes())?;
	stdout.write_all(b"\n")?;
	stdout.flush()?;
	Ok(())
}

/// Parses the command line and runs what it asks for.
pub fn run() -> sc_cli::Result<()> {
	// Addresses the node prints (`key generate`, `key inspect`, logs) are DIDimo addresses.
	sp_core::crypto::set_default_ss58_version(sp_core::crypto::Ss58AddressFormat::custom(
		didimo_primitives::token::SS58_PREFIX,
	));
	let cli = Cli::from_args();

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::ProductionSpec(cmd)) => production_spec(cmd),
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let chain_spec = cli.load_spec(&cmd.chain)?;
			cmd.run(chain_spec)
		},
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
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
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
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
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config)?;
				let aux_revert = Box::new(|client, _, blocks| {
					sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		},
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<Block>(&config))
		},
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(cmd)) => {
			use frame_benchmarking_cli::BenchmarkCmd;
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| {
				match cmd {
				BenchmarkCmd::Pallet(cmd) => cmd
					.run_with_spec::<
						sp_runtime::traits::HashingFor<Block>,
						sp_crypto_ec_utils::bls12_381::host_calls::HostFunctions,
					>(Some(config.chain_spec)),
				BenchmarkCmd::Machine(cmd) => {
					cmd.run(&config, frame_benchmarking_cli::SUBSTRATE_REFERENCE_HARDWARE.clone())
				},
				_ => Err("this benchmark is not offered by didimo-node; use `benchmark pallet` \
				          or `benchmark machine`"
					.into()),
			}
			})
		},
		None => {
			let runner = cli.create_runner(&cli.run)?;
			// A real network must not start with public keys in charge (docs/operators.md).
			let spec = &runner.config().chain_spec;
			let development = chain_spec::is_development_chain(
				cli.run.shared_params.is_dev(),
				cli.run.shared_params.chain.as_deref(),
				&spec.chain_type(),
			);
			chain_spec::check_dev_keys(spec.as_ref(), development, cli.allow_dev_keys)?;
			let did_resolver = cli.did_resolver.addr();
			runner.run_node_until_exit(|config| async move {
				match config.network.network_backend {
					sc_network::config::NetworkBackendType::Libp2p => service::new_full::<
						sc_network::NetworkWorker<
							Block,
							<Block as sp_runtime::traits::Block>::Hash,
						>,
					>(config, did_resolver)
					.map_err(sc_cli::Error::Service),
					sc_network::config::NetworkBackendType::Litep2p => {
						service::new_full::<sc_network::Litep2pNetworkBackend>(config, did_resolver)
							.map_err(sc_cli::Error::Service)
					},
				}
			})
		},
	}
}
