//! The command line: `didimo-node [run options]` runs a node; subcommands manage keys, chain
//! specs and the database.

use didimo_runtime::AccountId;
use sc_network::config::MultiaddrWithPeerId;

use crate::chain_spec::{self, AuthorityKeys, Endowment};

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

	/// Start even though the chain is not a development chain and its genesis has a well-known
	/// development key (`//Alice`, `//Bob`, ...) as its sudo key, an authority or an endowed
	/// account. For test networks only: anyone can sign with those keys.
	#[arg(long)]
	pub allow_dev_keys: bool,
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

	/// Build the chain specification of a real network (chain type Live) from its validators'
	/// keys, its root account and its endowed accounts; it holds no development key.
	ProductionSpec(ProductionSpecCmd),

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

/// `production-spec`: the chain spec of a real network, printed as JSON. Its genesis holds the
/// validators, the root (sudo) account and the endowed accounts given here, and nothing else.
/// Keys and accounts are SS58 addresses or 0x hex public keys (docs/operators.md).
#[derive(Debug, Clone, clap::Args)]
pub struct ProductionSpecCmd {
	/// The chain's name, as `system_chain` reports it.
	#[arg(long)]
	pub name: String,

	/// The chain's id (ASCII letters, digits, `_`, `-`); nodes keep its database under
	/// `chains/<id>`.
	#[arg(long)]
	pub id: String,

	/// The network protocol id; the chain id if not given.
	#[arg(long, value_name = "ID")]
	pub protocol_id: Option<String>,

	/// A validator: its Aura (sr25519) and GRANDPA (ed25519) public keys as `<aura>:<grandpa>`,
	/// or the 0x hex that `author_rotateKeys` returned on its node, optionally after its
	/// account and `=` (`<account>=<aura>:<grandpa>`; the Aura key's account if not given),
	/// which registers and rotates its session keys. Repeat for each validator.
	#[arg(
		long = "authority",
		value_name = "[ACCOUNT=]AURA:GRANDPA",
		required = true,
		value_parser = chain_spec::parse_authority
	)]
	pub authorities: Vec<AuthorityKeys>,

	/// How many blocks a session lasts: a change to the validator set takes effect one to two
	/// sessions after it is made. Governance can change it later
	/// (`ValidatorSet::set_session_length`).
	#[arg(
		long,
		value_name = "BLOCKS",
		default_value = "600",
		value_parser = chain_spec::parse_session_length
	)]
	pub session_length: didimo_runtime::BlockNumber,

	/// The root (sudo) account: it can dispatch any call, runtime upgrades included. Endow it
	/// (`--endow`) so that it can pay for its transactions.
	#[arg(long, value_name = "ACCOUNT", value_parser = chain_spec::parse_account)]
	pub root: AccountId,

	/// An account to endow at genesis, with its balance in DIDO (`<account>=1000000`,
	/// `<account>=0.5`). Repeat for each account; only these accounts hold tokens at genesis.
	#[arg(long = "endow", value_name = "ACCOUNT=DIDO", value_parser = chain_spec::parse_endowment)]
	pub endowments: Vec<Endowment>,

	/// A boot node (`/ip4/<address>/tcp/30333/p2p/<peer id>`). Repeat for each.
	#[arg(long = "boot-node", value_name = "MULTIADDR")]
	pub boot_nodes: Vec<MultiaddrWithPeerId>,

	/// Print the raw form (the genesis storage), which every node of the network must share.
	#[arg(long)]
	pub raw: bool,

	/// Accept well-known development keys among the keys and accounts given. For test networks
	/// only: anyone can sign with those keys, and a node refuses to start such a chain without
	/// its own `--allow-dev-keys`.
	#[arg(long)]
	pub allow_dev_keys: bool,
}
