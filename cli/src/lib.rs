//! `didimo`: one command-line tool for DIDimo's holders, issuers, verifiers and operators, with
//! an encrypted wallet ([`wallet`]). docs/cli.md walks through it.
//!
//! # The client
//!
//! The tool builds and signs transactions with the workspace's own runtime types
//! (`didimo_runtime::{RuntimeCall, SignedPayload, UncheckedExtrinsic}`, `pallet_did`'s
//! operation types) and talks JSON-RPC over HTTP to the node's RPC port. subxt, the
//! ecosystem's standard client, was the alternative; it was not taken because:
//!
//! - **Build cost and duplication.** The runtime types are compiled for the node already, so
//!   the tool costs its own crate and a link. subxt 0.50 (the line this polkadot-sdk release
//!   pins) would add 33 crates, subxt-signer 39 more: a second `darling`, a second `secp256k1`
//!   with its C build, a second `secrecy`, proc-macro code generation; its latest release
//!   brings a second `jsonrpsee` (0.26 beside 0.24).
//! - **Exact encodings.** DID-signed calls sign the SCALE encoding of a `DidCallOperation`
//!   that nests a `RuntimeCall`; the runtime's own types produce those bytes by construction
//!   (the pallet's tests pin them), where subxt's would be generated from metadata.
//! - **Robustness to runtime upgrades** is the cost: a call whose encoding changes needs a new
//!   build of the tool. The tool checks at connection that the chain's `transaction_version` is
//!   the one it encodes and refuses otherwise, and takes the chain's `spec_version` for what it
//!   signs, so upgrades that keep the calls need no new build.
//!
//! # Trusting no node: `--light`
//!
//! With `--light <chain spec>`, the reads a verifier or holder relies on (`did show`,
//! `revocation status`, `verify`) run in an embedded light client ([`didimo_light`]): it
//! follows the chain's headers itself and checks every answer against a finalized block's
//! state root, so the node at `--url` is not trusted (nor needed) for them. Transactions
//! still go to `--url`.
//!
//! TLS endpoints (`wss://`) are not built in (attohttpc without TLS, the client the node's tests
//! already use); the light-client issue adds an embedded client.
//!
//! # Exit codes
//!
//! 0 success, 2 usage (bad arguments or input), 3 wallet (wrong pass phrase, damaged file),
//! 4 network (node unreachable or unreadable answer), 5 chain rejection (pool refusal or a
//! failed transaction, with the pallet's named error), 6 verification failure.

pub mod chain;
mod commands;
mod consent;
mod credential;
mod did;
pub mod error;
pub mod keys;
mod revocation;
pub mod rpc;
mod verification;
pub mod wallet;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use commands::run;
use wallet::Scheme;

/// The command line.
#[derive(Debug, Parser)]
#[command(
	name = "didimo",
	version,
	about = "DIDimo's command-line tool: DIDs, credentials, \
	consent and operations, with an encrypted wallet"
)]
pub struct Cli {
	/// The node's RPC endpoint [env: DIDIMO_URL] [default: ws://127.0.0.1:9944].
	#[arg(long, global = true)]
	pub url: Option<String>,
	/// The wallet file [env: DIDIMO_WALLET] [default: wallet.json in the user's data folder].
	#[arg(long, global = true)]
	pub wallet: Option<PathBuf>,
	/// A file holding the wallet's pass phrase (first line) [env: DIDIMO_PASSWORD_FILE; or
	/// DIDIMO_PASSWORD with the pass phrase itself]; otherwise it is asked for.
	#[arg(long, global = true)]
	pub password_file: Option<PathBuf>,
	/// Offer the development accounts (alice, bob, charlie, dave, eve, ferdie) by name, for dev
	/// and local chains.
	#[arg(long, global = true)]
	pub dev: bool,
	/// Read through an embedded light client started from this chain spec (JSON, with
	/// bootnodes) instead of trusting the node at --url: `did show`, `revocation status` and
	/// `verify` [env: DIDIMO_LIGHT].
	#[arg(long, global = true, value_name = "CHAIN_SPEC")]
	pub light: Option<PathBuf>,
	/// Print JSON on standard output instead of text (errors too: {"error": {...}}).
	#[arg(long, global = true)]
	pub json: bool,
	/// How far to follow a transaction.
	#[arg(long, global = true, value_enum, default_value = "in-block")]
	pub wait: chain::Wait,
	#[command(subcommand)]
	pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
	/// The wallet file itself.
	#[command(subcommand)]
	Wallet(WalletCommand),
	/// Accounts: key pairs that pay for transactions and can serve as DID keys.
	#[command(subcommand)]
	Account(AccountCommand),
	/// DIDs (did:didimo): create, resolve and change them.
	#[command(subcommand)]
	Did(did::DidCommand),
	/// Revocation registries: create, revoke, suspend, reinstate, delegates, close; status,
	/// witnesses and status lists.
	#[command(subcommand)]
	Revocation(revocation::RevocationCommand),
	/// Consent grants: grant, narrow, renew, revoke, decline; check, list, history, receipts.
	#[command(subcommand)]
	Consent(consent::ConsentCommand),
	/// Credentials: issuer keys and holder secrets; issue, import, list.
	#[command(subcommand)]
	Credential(credential::CredentialCommand),
	/// Verification requests (verifier): create, show, close.
	#[command(subcommand)]
	Request(verification::RequestCommand),
	/// Trusted-issuer lists (verifier): create, add, remove, show.
	#[command(subcommand)]
	TrustedList(verification::TrustedListCommand),
	/// Proves a verification request from a credential (holder): on chain with --from, or
	/// into a presentation file for a verifier's --nonce.
	Present(verification::PresentArgs),
	/// Verifies a presentation file (verifier), with the node or the chain's runtime.
	Verify(verification::VerifyArgs),
	/// The chain: best and finalized blocks, peers, runtime version.
	#[command(subcommand)]
	Chain(ChainCommand),
	/// Operator tasks on a node.
	#[command(subcommand)]
	Node(NodeCommand),
}

#[derive(Debug, Subcommand)]
pub enum WalletCommand {
	/// Creates an empty wallet, sealed with a new pass phrase.
	Init,
	/// Seals the wallet with a new pass phrase (asked for, or read from --new-password-file).
	ChangePassphrase {
		#[arg(long)]
		new_password_file: Option<PathBuf>,
	},
	/// Prints where the wallet is.
	Path,
}

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
	/// Generates a key pair; prints its recovery phrase once.
	New {
		name: String,
		#[arg(long, value_enum, default_value = "sr25519")]
		scheme: Scheme,
	},
	/// Imports a key pair from its phrase or secret URI, read from --secret-file or standard
	/// input (never from the command line, which other users can see).
	Import {
		name: String,
		#[arg(long, value_enum, default_value = "sr25519")]
		scheme: Scheme,
		#[arg(long)]
		secret_file: Option<PathBuf>,
	},
	/// Prints an account's recovery phrase or secret URI.
	Export { name: String },
	/// Lists the accounts with their addresses.
	List,
	/// Removes an account from the wallet (not from the chain).
	Remove { name: String },
}

#[derive(Debug, Subcommand)]
pub enum ChainCommand {
	/// Best and finalized blocks, peers, syncing, runtime version.
	Status,
}

#[derive(Debug, Subcommand)]
pub enum NodeCommand {
	/// Generates session keys in the node's keystore (`author_rotateKeysWithOwner`) and prints
	/// the `session.set_keys` call to register them; with --submit, submits it from --from.
	Keys {
		/// The validator account the keys are for (defaults to --from).
		#[arg(long)]
		owner: Option<String>,
		/// The account that submits `set_keys` (the validator's own account).
		#[arg(long)]
		from: Option<String>,
		#[arg(long)]
		submit: bool,
	},
}
