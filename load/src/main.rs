//! # didimo-load
//!
//! A load generator for a DIDimo node on this machine (loopback only), bounded in time and
//! count, which stops by itself. `scripts/load.sh` starts a release dev node and runs every
//! scenario against it; `docs/load.md` has the figures.
//!
//! - `dids`: DID creations, one per extrinsic, from many accounts, as fast as the pool takes
//!   them: the sustained inclusion rate once blocks are full, and how far finality lags.
//! - `revocations`: revocation batches (DID-signed `revoke` of consecutive indices), the same.
//! - `consent`: consent grants (DID-signed `grant`), the same.
//! - `resolve`: `did_resolve` of existing DIDs from 1, 16, 64 concurrent clients: latency
//!   percentiles and throughput.
//!
//! Each run prints every block (what it included, its normal-class weight as a share of the
//! limit, the finalized block, the pool's size) and a summary with the node's and the tool's
//! CPU use, from which it says what limited the rate.

mod chain;
mod fill;
mod report;
mod resolve;
mod rpc;

use std::time::Duration;

use clap::{Parser, Subcommand};
use didimo_primitives::did::format_did;
use didimo_runtime::{AccountId, RuntimeCall, RuntimeEvent};
use pallet_revocation::StatusPurpose;
use serde_json::json;
use sp_core::Pair;

use chain::{did_of, key, Chain};
use fill::{Dids, Filled, Grants, Issuer, Limits, Revocations, Stop, Subject};
use report::Metrics;

/// A failure, said plainly.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.write_str(&self.0)
	}
}

/// The longest a run may last.
const MAX_SECONDS: u64 = 600;
/// The most units a run may submit.
const MAX_UNITS: u64 = 1_000_000;
/// The most concurrent `did_resolve` clients.
const MAX_CLIENTS: usize = 256;

#[derive(Parser, Debug)]
#[command(name = "didimo-load", about = "Load a DIDimo node on this machine and measure it.")]
struct Cli {
	/// The node's JSON-RPC endpoint; only loopback addresses are accepted.
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	url: String,
	/// The node's process id, to report its CPU use.
	#[arg(long)]
	node_pid: Option<u32>,
	/// The node's Prometheus endpoint, to report its pool's size.
	#[arg(long)]
	metrics: Option<String>,
	#[command(subcommand)]
	scenario: Scenario,
}

#[derive(Subcommand, Debug)]
enum Scenario {
	/// Fill blocks with DID creations.
	Dids {
		#[command(flatten)]
		fill: FillArgs,
		/// The number of the first DID to create (`did/<n>`); DIDs already on chain fail.
		#[arg(long, default_value_t = 0)]
		first: u64,
	},
	/// Fill blocks with revocation batches.
	Revocations {
		#[command(flatten)]
		fill: FillArgs,
		/// Indices revoked per call (at most 512, the runtime's `MaxBatch`).
		#[arg(long, default_value_t = 64)]
		batch: u32,
		/// Each issuer's registry capacity.
		#[arg(long, default_value_t = 1 << 16)]
		capacity: u32,
	},
	/// Fill blocks with consent grants.
	Consent {
		#[command(flatten)]
		fill: FillArgs,
		/// Grantee DIDs (`did/0` ...; created if missing).
		#[arg(long, default_value_t = 64)]
		grantees: u64,
	},
	/// Resolve existing DIDs from concurrent clients (creating them first if missing).
	Resolve {
		/// Concurrent clients per phase, comma-separated.
		#[arg(long, value_delimiter = ',', default_value = "1,16,64")]
		clients: Vec<usize>,
		/// Seconds per phase (after a one-second warm-up).
		#[arg(long, default_value_t = 10)]
		seconds: u64,
		/// Resolve `did/0` ... `did/<n-1>` in turn (1: the same DID every time).
		#[arg(long, default_value_t = 1)]
		dids: u64,
	},
}

#[derive(clap::Args, Debug)]
struct FillArgs {
	/// Stop submitting after this many seconds.
	#[arg(long, default_value_t = 60)]
	seconds: u64,
	/// ... or after this many units (DIDs, revoked credentials, grants).
	#[arg(long, default_value_t = 100_000)]
	max: u64,
	/// Accounts submitting in turn (each is funded by Alice).
	#[arg(long, default_value_t = 32)]
	accounts: usize,
	/// Transactions submitted ahead of inclusion, at most. The generator keeps two blocks'
	/// worth ahead (the most one block included, twice; 1,000 before the first).
	#[arg(long, default_value_t = 6_000)]
	backlog: u64,
}

impl FillArgs {
	fn limits(&self) -> Result<Limits, Error> {
		if self.seconds == 0 || self.seconds > MAX_SECONDS {
			return Err(Error(format!("--seconds must be 1 to {MAX_SECONDS}")));
		}
		if self.max == 0 || self.max > MAX_UNITS {
			return Err(Error(format!("--max must be 1 to {MAX_UNITS}")));
		}
		if self.accounts == 0 || self.accounts > 1024 {
			return Err(Error("--accounts must be 1 to 1024".into()));
		}
		Ok(Limits { seconds: self.seconds, max: self.max, backlog: self.backlog.max(1) })
	}
}

/// Refuses any endpoint not on this machine: the generator must never load someone else's
/// node.
fn check_loopback(url: &str) -> Result<(), Error> {
	let parsed = url::Url::parse(url).map_err(|e| Error(format!("{url:?}: {e}")))?;
	let loopback = match parsed.host() {
		Some(url::Host::Domain(name)) => name == "localhost",
		Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
		Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
		None => false,
	};
	if loopback {
		Ok(())
	} else {
		Err(Error(format!("{url}: the load generator only loads a node on loopback")))
	}
}

fn main() {
	let cli = Cli::parse();
	let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
		Ok(runtime) => runtime,
		Err(e) => {
			eprintln!("didimo-load: cannot start: {e}");
			std::process::exit(2);
		},
	};
	if let Err(e) = runtime.block_on(run(cli)) {
		eprintln!("didimo-load: {e}");
		std::process::exit(1);
	}
}

/// Refuses bad arguments before anything is sent.
fn validate(scenario: &Scenario) -> Result<(), Error> {
	match scenario {
		Scenario::Dids { fill, .. } | Scenario::Consent { fill, .. } => fill.limits().map(|_| ()),
		Scenario::Revocations { fill, batch, .. } => {
			if *batch == 0 || *batch > 512 {
				return Err(Error("--batch must be 1 to 512".into()));
			}
			fill.limits().map(|_| ())
		},
		Scenario::Resolve { clients, seconds, dids } => {
			if *seconds == 0 || *seconds > MAX_SECONDS {
				return Err(Error(format!("--seconds must be 1 to {MAX_SECONDS}")));
			}
			if clients.is_empty() || clients.iter().any(|&c| c == 0 || c > MAX_CLIENTS) {
				return Err(Error(format!("--clients must each be 1 to {MAX_CLIENTS}")));
			}
			if *dids == 0 || *dids > MAX_UNITS {
				return Err(Error(format!("--dids must be 1 to {MAX_UNITS}")));
			}
			Ok(())
		},
	}
}

async fn run(cli: Cli) -> Result<(), Error> {
	check_loopback(&cli.url)?;
	validate(&cli.scenario)?;
	let prometheus = match cli.metrics {
		Some(url) => {
			check_loopback(&url)?;
			Some((url.clone(), rpc::Rpc::new(&url)?))
		},
		None => None,
	};
	let metrics = Metrics { node_pid: cli.node_pid, prometheus };
	let chain = Chain::connect(&cli.url).await?;
	match cli.scenario {
		Scenario::Dids { fill, first } => {
			let limits = fill.limits()?;
			let pairs = fill::accounts(fill.accounts);
			fill::fund(&chain, &pairs).await?;
			let filled = fill::fill(&chain, &pairs, Dids { next: first }, limits, &metrics).await?;
			summarize("DID creations", "DIDs", &filled);
		},
		Scenario::Revocations { fill, batch, capacity } => {
			let limits = fill.limits()?;
			let pairs = fill::accounts(fill.accounts);
			fill::fund(&chain, &pairs).await?;
			let issuers = issuers(&chain, &pairs, capacity).await?;
			let work = Revocations { issuers, batch };
			let filled = fill::fill(&chain, &pairs, work, limits, &metrics).await?;
			summarize("Revocations", "credentials revoked", &filled);
		},
		Scenario::Consent { fill, grantees } => {
			let limits = fill.limits()?;
			let pairs = fill::accounts(fill.accounts);
			fill::fund(&chain, &pairs).await?;
			let grantee_keys: Vec<_> = (0..grantees).map(|k| key(&format!("did/{k}"))).collect();
			fill::ensure_dids(&chain, &grantee_keys, &pairs).await?;
			let subjects = actors(&chain, &pairs).await?;
			let mut list = Vec::new();
			for (pair, counter) in subjects {
				list.push(Subject { pair, counter, given: 0 });
			}
			let now = chain_time(&chain).await?;
			let work =
				Grants { subjects: list, grantees: grantee_keys.iter().map(did_of).collect(), now };
			let filled = fill::fill(&chain, &pairs, work, limits, &metrics).await?;
			summarize("Consent grants", "grants", &filled);
		},
		Scenario::Resolve { clients, seconds, dids } => {
			let keys: Vec<_> = (0..dids).map(|k| key(&format!("did/{k}"))).collect();
			let payers = fill::accounts(32);
			fill::fund(&chain, &payers).await?;
			fill::ensure_dids(&chain, &keys, &payers).await?;
			let names: Vec<String> = keys.iter().map(|k| format_did(&did_of(k))).collect();
			resolve::check_dids(&chain, &names).await?;
			println!(
				"did_resolve of {} existing DID{}, {seconds} s per phase:",
				names.len(),
				if names.len() == 1 { "" } else { "s (in turn)" }
			);
			for clients in clients {
				let phase = resolve::phase(&cli.url, &names, clients, seconds, &metrics).await?;
				println!("  {}", phase.line());
				if let Some(error) = &phase.first_error {
					println!("      first error: {error}");
				}
			}
		},
	}
	Ok(())
}

/// Each account's actor DID (`actor/<i>`, created if missing) and its next counter.
async fn actors(
	chain: &Chain,
	pairs: &[sp_core::sr25519::Pair],
) -> Result<Vec<(sp_core::sr25519::Pair, u64)>, Error> {
	let keys: Vec<_> = (0..pairs.len()).map(|i| key(&format!("actor/{i}"))).collect();
	fill::ensure_dids(chain, &keys, pairs).await?;
	let mut actors = Vec::new();
	for pair in keys {
		let counter = fill::next_counter(chain, &did_of(&pair)).await?;
		actors.push((pair, counter));
	}
	Ok(actors)
}

/// One issuer per account: its actor DID with a new registry of `capacity`.
async fn issuers(
	chain: &Chain,
	pairs: &[sp_core::sr25519::Pair],
	capacity: u32,
) -> Result<Vec<Issuer>, Error> {
	let actors = actors(chain, pairs).await?;
	let from = chain.best().await?;
	let best = from;
	for (i, (pair, counter)) in actors.iter().enumerate() {
		let account = AccountId::from(pairs[i].public());
		let call = RuntimeCall::Revocation(pallet_revocation::Call::create_registry {
			purpose: StatusPurpose::Revocation,
			capacity,
		});
		let call = chain.did_call(pair, *counter, account.clone(), best, 40, call);
		let nonce = chain.nonce(&account).await?;
		chain
			.submit(&chain.extrinsic(&pairs[i], nonce, call))
			.await?
			.map_err(|e| Error(format!("creating a registry was refused: {e}")))?;
	}
	// Find each issuer's new registry in the blocks that follow.
	let mut registries = vec![None; actors.len()];
	let dids: Vec<_> = actors.iter().map(|(pair, _)| did_of(pair)).collect();
	let deadline = std::time::Instant::now() + Duration::from_secs(60);
	let mut next = from + 1;
	while registries.iter().any(Option::is_none) {
		if std::time::Instant::now() > deadline {
			return Err(Error("the issuers' registries were not created within a minute".into()));
		}
		let Some(hash) = chain.hash(next).await? else {
			tokio::time::sleep(Duration::from_millis(200)).await;
			continue;
		};
		let key = chain::storage_value_key("System", "Events");
		let events = chain.rpc.call("state_getStorage", json!([chain::hex(&key), hash])).await?;
		for event in chain::decode_events(&events)? {
			match event {
				RuntimeEvent::Revocation(pallet_revocation::Event::RegistryCreated {
					registry,
					issuer,
					..
				}) => {
					if let Some(i) = dids.iter().position(|d| *d == issuer) {
						registries[i] = Some(registry);
					}
				},
				RuntimeEvent::Did(pallet_did::Event::DidCallDispatched {
					did,
					result: Err(e),
					..
				}) if dids.contains(&did) => {
					return Err(Error(format!(
						"{} could not create its registry: {e:?}",
						format_did(&did)
					)))
				},
				_ => {},
			}
		}
		next += 1;
	}
	Ok(actors
		.into_iter()
		.zip(registries)
		.map(|((pair, counter), registry)| Issuer {
			pair,
			counter: counter + 1,
			registry: registry.unwrap_or_default(),
			next_index: 0,
			capacity,
		})
		.collect())
}

/// The best block's chain time (ms).
async fn chain_time(chain: &Chain) -> Result<u64, Error> {
	let key = chain::storage_value_key("Timestamp", "Now");
	let value = chain.rpc.call("state_getStorage", json!([chain::hex(&key)])).await?;
	<u64 as codec::Decode>::decode(&mut &chain::unhex(&value)?[..])
		.map_err(|e| Error(format!("Timestamp.Now does not decode: {e}")))
}

/// Prints a run's summary: the sustained rate over the blocks that included anything,
/// fullness, finality, CPU, and what limited the rate.
fn summarize(title: &str, unit: &str, filled: &Filled) {
	let blocks = &filled.blocks;
	let Some(first) = blocks.iter().position(|b| b.counted > 0) else {
		println!("{title}: nothing was included ({} submitted)", filled.submitted);
		return;
	};
	let last = blocks.iter().rposition(|b| b.counted > 0).unwrap_or(first);
	let included: u64 = blocks[first..=last].iter().map(|b| b.counted).sum();
	let failed: u32 = blocks.iter().map(|b| b.failed + b.inner_failed).sum();
	// From the end of the block before the first one that included anything.
	let since =
		if first > 0 { blocks[first - 1].time } else { blocks[first].time.saturating_sub(6_000) };
	let seconds = (blocks[last].time.saturating_sub(since)) as f64 / 1000.0;
	// Blocks before the last (which drains the backlog) show the steady state.
	let steady = &blocks[first..last.max(first + 1).min(blocks.len())];
	let peak = blocks.iter().max_by_key(|b| b.counted).map_or(0, |b| b.counted);
	// Full blocks alone: the rate once the chain is at its limit.
	let full: Vec<usize> =
		(first.max(1)..=last).filter(|&i| blocks[i].normal_permille >= 900).collect();
	let fullness = steady.iter().map(|b| b.normal_permille).sum::<u64>() as f64
		/ steady.len().max(1) as f64
		/ 10.0;
	println!("{title}:");
	println!(
		"  {included} {unit} included in blocks #{}..#{} ({} blocks, {seconds:.0} s): {:.0} {unit}/s",
		blocks[first].number,
		blocks[last].number,
		last - first + 1,
		included as f64 / seconds.max(1e-9)
	);
	println!(
		"  at most {peak} in a block; normal-class weight {fullness:.1}% of its limit on average \
		 before the last block"
	);
	if !full.is_empty() {
		let units: u64 = full.iter().map(|&i| blocks[i].counted).sum();
		let time: u64 =
			full.iter().map(|&i| blocks[i].time.saturating_sub(blocks[i - 1].time)).sum();
		println!(
			"  in the {} full blocks (weight >= 90%): {:.0} {unit} a block, {:.0} {unit}/s",
			full.len(),
			units as f64 / full.len() as f64,
			units as f64 / (time as f64 / 1000.0).max(1e-9)
		);
	}
	println!(
		"  {} submitted, {} refused by a full pool (retried), {failed} failed",
		filled.submitted, filled.refused
	);
	println!(
		"  finality: at most {} blocks behind the best; the last block was finalized {} after \
		 submission stopped",
		filled.max_lag,
		filled
			.finality_after_stop
			.map_or_else(|| "not".to_string(), |d| format!("{:.1} s", d.as_secs_f64()))
	);
	let usage = &filled.usage;
	println!(
		"  {}; at most {} transactions ready in the pool",
		usage.cpu(),
		usage.max_pool.map_or_else(|| "?".to_string(), |p| p.to_string())
	);
	let verdict = if filled.stopped_by != Stop::Time && fullness < 90.0 {
		"the run's size: it submitted all it was to (--max, or every account's registry or \
		 grants) before blocks were full"
	} else if fullness >= 90.0 {
		"the block weight limit: blocks were full"
	} else if usage.node_cpu.unwrap_or(0.0) + usage.tool_cpu.unwrap_or(0.0) >= 180.0 {
		"the CPU: both cores were busy (node and load generator) before blocks were full"
	} else if filled.refused > 0 {
		"the transaction pool: it was full before blocks were"
	} else {
		"the submission rate: neither blocks, pool nor CPU were full"
	};
	println!("  limited by {verdict}");
}
