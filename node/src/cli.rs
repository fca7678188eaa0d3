//! The command line: `didimo-node [run options]` runs a node; subcommands manage keys, chain
//! specs and the database.

/// DIDimo node command line.
#[derive(Debug, clap::Parser)]
#[command(
	propagate_version = true,
	args_conflicts_with_subcommands = true,
	subcommand_negates_reqs = true
)]
pub struct Cli {
	/// A subcommand; without one, the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Options for running the node.
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// The DID resolver HTTP endpoint.
	#[clap(flatten)]
	pub did_resolver: DidResolverParams,
}

/// The Universal Resolver driver endpoint (`GET /1.0/identifiers/{did}`): off unless a port
/// is given, and on localhost unless `--did-resolver-external`.
#[derive(Debug, Clone, clap::Args)]
pub struct DidResolverParams {
	/// Serve DID resolution over HTTP (`GET /1.0/identifiers/{did}`) on this port.
	#[arg(long, value_name = "PORT")]
	pub did_resolver_port: Option<u16>,

	/// Listen on all interfaces instead of 127.0.0.1 (put a proxy with rate limits in front).
	#[arg(long, requires = "did_resolver_port")]
	pub did_resolver_external: bool,
}

impl DidResolverParams {
	/// The address to serve on, if enabled.
	pub fn addr(&self) -> Option<std::net::SocketAddr> {
		let ip: std::net::IpAddr = if self.did_resolver_external {
			std::net::Ipv4Addr::UNSPECIFIED.into()
		} else {
			std::net::Ipv4Addr::LOCALHOST.into()
		};
		self.did_resolver_port.map(|port| (ip, port).into())
	}
}

/// What `didimo-node` can do besides running.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect, insert keys into the keystore, sign and verify.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification (JSON) from a built-in chain or a file.
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export the chain specification (JSON, `--raw` for the storage form).
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate and import a block without running a node.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks to a file.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state at a block as a raw chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks from a file.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain database.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to an earlier block (unfinalized blocks only).
	Revert(sc_cli::RevertCmd),

	/// Database metadata: the node's view of the chain.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Runtime and node benchmarks (built with `--features runtime-benchmarks`).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}
