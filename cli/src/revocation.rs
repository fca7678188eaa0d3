//! `didimo revocation ...`: an issuer's status registries (W3C Bitstring Status List bits and
//! their Poseidon Merkle root) and the reads anyone makes of them.

use clap::Subcommand;
use didimo_primitives::revocation::StatusPurpose;
use didimo_runtime::{RuntimeCall, RuntimeEvent};
use serde_json::{json, Value};
use sp_runtime::BoundedVec;

use crate::{
	chain::Receipt,
	commands::{receipt_text, Ctx},
	did::{did_call, did_id, entry},
	error::{Error, Result},
};

/// The most `close` steps the tool takes for one registry (each removes a page of storage).
const MAX_CLOSE_STEPS: u32 = 1_000;

#[derive(Debug, Subcommand)]
pub enum RevocationCommand {
	/// Creates a registry of <capacity> credential slots issued by the wallet's DID <did>
	/// (revocation, or with --suspension reversible suspension); prints its id.
	CreateRegistry {
		did: String,
		#[arg(long)]
		capacity: u32,
		#[arg(long)]
		suspension: bool,
		#[arg(long)]
		from: String,
	},
	/// Revokes credentials (their slots' bits set for good).
	Revoke(Change),
	/// Suspends credentials (suspension registries).
	Suspend(Change),
	/// Reinstates suspended credentials.
	Reinstate(Change),
	/// A credential's status: active, revoked, suspended or unknown.
	Status {
		#[arg(long)]
		registry: u64,
		#[arg(long)]
		index: u32,
	},
	/// A holder's non-revocation witness: the slot's leaf, Merkle path and the root.
	Witness {
		#[arg(long)]
		registry: u64,
		#[arg(long)]
		index: u32,
	},
	/// The registry as a W3C BitstringStatusListCredential.
	List {
		#[arg(long)]
		registry: u64,
	},
	/// Lets another DID revoke and reinstate in the registry.
	AddDelegate(Delegate),
	/// Withdraws a delegate.
	RemoveDelegate(Delegate),
	/// Closes the registry, step by step, until it is gone and its deposit is back.
	Close {
		did: String,
		#[arg(long)]
		registry: u64,
		#[arg(long)]
		from: String,
	},
}

/// A change of some slots of a registry, signed by the wallet's DID <did>.
#[derive(Debug, clap::Args)]
pub struct Change {
	did: String,
	#[arg(long)]
	registry: u64,
	/// Slot indices, comma-separated (at most 512).
	#[arg(long, value_delimiter = ',', required = true)]
	index: Vec<u32>,
	#[arg(long)]
	from: String,
}

/// A delegate change, signed by the wallet's DID <did>.
#[derive(Debug, clap::Args)]
pub struct Delegate {
	did: String,
	#[arg(long)]
	registry: u64,
	/// The delegate's DID (a wallet name or did:didimo:...).
	#[arg(long)]
	delegate: String,
	#[arg(long)]
	from: String,
}

/// Runs a revocation command.
pub fn run(ctx: &mut Ctx, command: RevocationCommand) -> Result<()> {
	match command {
		RevocationCommand::CreateRegistry { did, capacity, suspension, from } => {
			let entry = entry(ctx, &did)?;
			let purpose =
				if suspension { StatusPurpose::Suspension } else { StatusPurpose::Revocation };
			let receipt = did_call(ctx, &entry, &from, |_, _, _| {
				Ok(RuntimeCall::Revocation(pallet_revocation::Call::create_registry {
					purpose,
					capacity,
				}))
			})?;
			let registry = receipt.events.iter().find_map(|event| match event {
				RuntimeEvent::Revocation(pallet_revocation::Event::RegistryCreated {
					registry,
					..
				}) => Some(*registry),
				_ => None,
			});
			let mut answer = json!({ "registry": registry, "receipt": receipt.json() });
			answer["purpose"] = json!(purpose);
			let human = match registry {
				Some(id) => format!("registry {id} ({capacity} slots)\n{}", receipt_text(&receipt)),
				None => format!("submitted\n{}", receipt_text(&receipt)),
			};
			ctx.emit(human, answer);
		},
		RevocationCommand::Revoke(change) => change_slots(ctx, change, Slots::Revoke)?,
		RevocationCommand::Suspend(change) => change_slots(ctx, change, Slots::Suspend)?,
		RevocationCommand::Reinstate(change) => change_slots(ctx, change, Slots::Reinstate)?,
		RevocationCommand::Status { registry, index } => {
			let answer: Value = match ctx.light()? {
				Some((light, at)) => {
					let status = light
						.status(registry, index, &at, std::time::Duration::from_secs(120))
						.map_err(crate::commands::light_error)?;
					json!({ "status": status.status, "block": status.block,
						"blockHash": at.hash, "lightClient": true })
				},
				None => ctx.chain()?.rpc.call("revocation_status", json!([registry, index]))?,
			};
			let status = answer["status"].as_str().unwrap_or("unknown").to_owned();
			ctx.emit(format!("registry {registry}, slot {index}: {status}"), answer);
		},
		RevocationCommand::Witness { registry, index } => {
			let answer: Value =
				ctx.chain()?.rpc.call("revocation_witness", json!([registry, index]))?;
			if answer.is_null() {
				return Err(Error::Usage(format!("registry {registry} has no slot {index}")));
			}
			let human = serde_json::to_string_pretty(&answer).unwrap_or_default();
			ctx.emit(human, answer);
		},
		RevocationCommand::List { registry } => {
			let answer: Value =
				ctx.chain()?.rpc.call("revocation_statusList", json!([registry]))?;
			if answer.is_null() {
				return Err(Error::Usage(format!("no registry {registry}")));
			}
			let human = serde_json::to_string_pretty(&answer).unwrap_or_default();
			ctx.emit(human, answer);
		},
		RevocationCommand::AddDelegate(d) => delegate(ctx, d, true)?,
		RevocationCommand::RemoveDelegate(d) => delegate(ctx, d, false)?,
		RevocationCommand::Close { did, registry, from } => {
			let entry = entry(ctx, &did)?;
			let mut steps = 0;
			let receipt = loop {
				let receipt = did_call(ctx, &entry, &from, |_, _, _| {
					Ok(RuntimeCall::Revocation(pallet_revocation::Call::close { registry }))
				})?;
				steps += 1;
				let closed = receipt.events.iter().any(|event| {
					matches!(
						event,
						RuntimeEvent::Revocation(pallet_revocation::Event::RegistryClosed { .. })
					)
				});
				if closed || receipt.block.is_none() {
					break receipt;
				}
				if steps >= MAX_CLOSE_STEPS {
					return Err(Error::chain(format!(
						"registry {registry} is not closed after {steps} steps; run close again"
					)));
				}
			};
			ctx.emit(
				format!(
					"registry {registry} closed in {steps} step(s)\n{}",
					receipt_text(&receipt)
				),
				json!({ "registry": registry, "steps": steps, "receipt": receipt.json() }),
			);
		},
	}
	Ok(())
}

enum Slots {
	Revoke,
	Suspend,
	Reinstate,
}

fn change_slots(ctx: &mut Ctx, change: Change, what: Slots) -> Result<()> {
	let entry = entry(ctx, &change.did)?;
	let indices: BoundedVec<u32, _> = BoundedVec::try_from(change.index.clone())
		.map_err(|_| Error::Usage("at most 512 indices at once".into()))?;
	let registry = change.registry;
	let (verb, call) = match what {
		Slots::Revoke => ("revoked", pallet_revocation::Call::revoke { registry, indices }),
		Slots::Suspend => ("suspended", pallet_revocation::Call::suspend { registry, indices }),
		Slots::Reinstate => {
			("reinstated", pallet_revocation::Call::reinstate { registry, indices })
		},
	};
	let receipt: Receipt =
		did_call(ctx, &entry, &change.from, |_, _, _| Ok(RuntimeCall::Revocation(call)))?;
	ctx.emit(
		format!("registry {registry}: {verb} {:?}\n{}", change.index, receipt_text(&receipt)),
		json!({ "registry": registry, verb: change.index, "receipt": receipt.json() }),
	);
	Ok(())
}

fn delegate(ctx: &mut Ctx, d: Delegate, add: bool) -> Result<()> {
	let entry = entry(ctx, &d.did)?;
	let delegate = did_id(ctx, &d.delegate)?;
	let registry = d.registry;
	let call = if add {
		pallet_revocation::Call::add_delegate { registry, delegate }
	} else {
		pallet_revocation::Call::remove_delegate { registry, delegate }
	};
	let receipt = did_call(ctx, &entry, &d.from, |_, _, _| Ok(RuntimeCall::Revocation(call)))?;
	let verb = if add { "added" } else { "removed" };
	ctx.emit(
		format!("registry {registry}: delegate {} {verb}\n{}", d.delegate, receipt_text(&receipt)),
		json!({ "registry": registry, "delegate": d.delegate, verb: true,
			"receipt": receipt.json() }),
	);
	Ok(())
}
