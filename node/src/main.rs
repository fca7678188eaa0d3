//! `didimo-node`: the DIDimo validator and full node.
//!
//! - [`cli`]: the command line (the Substrate node CLI plus its subcommands).
//! - [`command`]: what each subcommand does.
//! - [`chain_spec`]: the built-in chains (`dev`, `local`), loading chain-spec files, the
//!   `production-spec` builder and the refusal of development keys on real chains.
//! - [`service`]: the node itself: database, import queue, networking, Aura block production,
//!   GRANDPA finality, off-chain workers and the JSON-RPC server.
//! - [`did_resolver`]: the optional Universal Resolver HTTP endpoint for `did:didimo`.

mod chain_spec;
mod cli;
mod command;
mod did_resolver;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
