//! Verifiers' and holders' commands: `request create | show | close`, `trusted-list create |
//! add | remove | show`, `present` (a holder proves a request from its credential and chain
//! state, on chain or into a presentation file) and `verify` (a verifier checks a presentation
//! file with the node, or with the chain's runtime in wasm).

use std::{fs, path::PathBuf};

use clap::Subcommand;
use codec::Encode;
use didimo_primitives::{did::format_did, revocation::Digest};
use didimo_rpc::vc_api::{self, VerifyOptions, VerifyPresentationRequest};
use didimo_runtime::{AccountId, Balance, BlockNumber, Runtime, RuntimeCall, RuntimeEvent};
use didimo_zk::{
	circuit::Witness,
	credential::{attribute, ATTRIBUTES},
	field,
	prover::{dev_setup, prove, ProvingKey},
	statement::{set, trusted_issuers, Issuer, Predicate, Statement},
	status_tree::NonRevocationWitness,
	Fr, Version,
};
use pallet_presentation::{
	present::predicate, CircuitInfo, IssuerSpec, PredicateSpec, PresentError, Presented,
	RegistrySpec, RequestId, RequestInfo, RequestSpec, TrustedListInfo,
};
use pallet_revocation_runtime_api::{CredentialStatus, Witness as ChainWitness};
use serde_json::{json, Value};
use sp_runtime::BoundedVec;

use crate::{
	chain::{hex, unhex, Chain, Progress},
	commands::{receipt_text, Ctx},
	credential::{self, encode_value, holder_secret, Kind},
	did::{bytes32, did_call, did_id, entry},
	error::{Error, Result},
};

/// Blocks a request stays open unless --expires-in says otherwise (a day of 6-second blocks).
const DEFAULT_REQUEST_BLOCKS: u32 = 14_400;

#[derive(Debug, Subcommand)]
pub enum RequestCommand {
	/// Registers a verification request of the wallet's verifier DID <DID>; prints its id.
	Create {
		did: String,
		/// The credential schema's identifier (its URI).
		#[arg(long)]
		schema: String,
		/// Accept credentials of this issuer DID (a wallet name or did:didimo:...).
		#[arg(long, conflicts_with = "list", required_unless_present = "list")]
		issuer: Option<String>,
		/// Accept credentials of any issuer of this trusted-issuer list.
		#[arg(long)]
		list: Option<u64>,
		/// The attribute slot the predicate is on.
		#[arg(long, default_value_t = 0)]
		slot: u8,
		/// The predicate: eq:V, ne:V, lt:N, lte:N, gt:N, gte:N, between:LO..HI,
		/// not-between:LO..HI, in, not-in (with --set), or none. V is an integer, true/false,
		/// date:YYYY-MM-DD or text.
		#[arg(long, default_value = "none")]
		predicate: String,
		/// For in / not-in: a JSON file with the set's values (at most 16).
		#[arg(long)]
		set: Option<PathBuf>,
		/// Slots the holder must disclose, comma-separated.
		#[arg(long, value_delimiter = ',')]
		disclose: Vec<u8>,
		/// Accept only these registries (comma-separated; default: any of an accepted issuer).
		#[arg(long, value_delimiter = ',')]
		registry: Vec<u64>,
		/// How old a presentation's time may be, in seconds.
		#[arg(long, default_value_t = 3_600)]
		max_age: u64,
		/// A nullifier scope (0x hex of 32 bytes, or text, hashed): each holder presents once
		/// in it.
		#[arg(long)]
		scope: Option<String>,
		/// Blocks until the request expires.
		#[arg(long, default_value_t = DEFAULT_REQUEST_BLOCKS)]
		expires_in: u32,
		#[arg(long)]
		from: String,
	},
	/// Shows a request.
	Show { request: String },
	/// Closes a request of the wallet's verifier DID <DID>; its deposit goes back.
	Close {
		did: String,
		#[arg(long)]
		request: String,
		#[arg(long)]
		from: String,
	},
}

#[derive(Debug, Subcommand)]
pub enum TrustedListCommand {
	/// Creates a trusted-issuer list of the wallet's verifier DID <DID>; prints its id.
	Create {
		did: String,
		/// The issuer DIDs, comma-separated (each with a zero-knowledge issuer key).
		#[arg(long, value_delimiter = ',', required = true)]
		issuer: Vec<String>,
		#[arg(long)]
		from: String,
	},
	/// Adds an issuer to a list.
	Add(ListChange),
	/// Removes an issuer from a list.
	Remove(ListChange),
	/// Shows a list: its issuers and recent roots.
	Show { list: u64 },
}

/// A change of a list of the wallet's verifier DID <DID>.
#[derive(Debug, clap::Args)]
pub struct ListChange {
	did: String,
	#[arg(long)]
	list: u64,
	#[arg(long)]
	issuer: String,
	#[arg(long)]
	from: String,
}

/// `didimo present`.
#[derive(Debug, clap::Args)]
pub struct PresentArgs {
	/// The verification request's id (0x hex).
	#[arg(long)]
	request: String,
	/// The credential to present (default: the first that fits the request).
	#[arg(long)]
	credential: Option<String>,
	/// Submit on chain (`present`), paid by and bound to this account.
	#[arg(long, conflicts_with_all = ["nonce", "out"], required_unless_present = "nonce")]
	from: Option<String>,
	/// Off chain: the verifier's nonce (0x hex of 32 bytes); the presentation goes to --out.
	#[arg(long, requires = "out")]
	nonce: Option<String>,
	/// Where to write the presentation (a W3C Verifiable Presentation).
	#[arg(long)]
	out: Option<PathBuf>,
	/// For in / not-in requests: the set's values (the verifier publishes them).
	#[arg(long)]
	set: Option<PathBuf>,
	/// The circuit's proving key, from its ceremony (default: the development key, on chains
	/// that register it).
	#[arg(long)]
	proving_key: Option<PathBuf>,
}

/// `didimo verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
	/// The presentation file (a Verifiable Presentation, or a VC-API verify request body).
	file: PathBuf,
	/// The nonce the verifier gave the holder (0x hex); without it, any nonce is accepted.
	#[arg(long)]
	nonce: Option<String>,
	/// Check with the chain's runtime (the `verify` runtime API, in wasm, as a light client
	/// would) instead of the node's native verifier.
	#[arg(long)]
	runtime_api: bool,
}

/// Runs a request command.
pub fn request(ctx: &mut Ctx, command: RequestCommand) -> Result<()> {
	match command {
		RequestCommand::Create {
			did,
			schema,
			issuer,
			list,
			slot,
			predicate,
			set,
			disclose,
			registry,
			max_age,
			scope,
			expires_in,
			from,
		} => {
			let issuer = match (issuer, list) {
				(Some(issuer), _) => IssuerSpec::Did(did_id(ctx, &issuer)?),
				(None, Some(list)) => IssuerSpec::List(list),
				(None, None) => return Err(Error::Usage("--issuer or --list is required".into())),
			};
			let predicate = parse_predicate(&predicate, set.as_ref())?;
			let mut mask = 0u8;
			for slot in disclose {
				if usize::from(slot) >= ATTRIBUTES {
					return Err(Error::Usage(format!("slot {slot}: slots are 0 to 7")));
				}
				mask |= 1 << slot;
			}
			let registries = if registry.is_empty() {
				RegistrySpec::OfAcceptedIssuer
			} else {
				RegistrySpec::Only(
					BoundedVec::try_from(registry)
						.map_err(|_| Error::Usage("at most 8 registries (--registry)".into()))?,
				)
			};
			let entry = entry(ctx, &did)?;
			let expires_at = ctx.chain()?.best_number()?.saturating_add(expires_in);
			let spec = RequestSpec {
				version: Version::V2.number(),
				schema: field::to_bytes(&attribute::string(&schema)),
				issuer,
				slot,
				predicate,
				disclose: mask,
				registries,
				max_age,
				nullifier_scope: scope.as_deref().map(parse_scope).transpose()?,
				expires_at,
			};
			let receipt = did_call(ctx, &entry, &from, |_, _, _| {
				Ok(RuntimeCall::Presentation(pallet_presentation::Call::create_request {
					spec: spec.clone(),
				}))
			})?;
			let id = receipt.events.iter().find_map(|event| match event {
				RuntimeEvent::Presentation(pallet_presentation::Event::RequestCreated {
					request,
					..
				}) => Some(hex(request)),
				_ => None,
			});
			let human = match &id {
				Some(id) => format!(
					"request {id} (expires at block #{expires_at})\n{}",
					receipt_text(&receipt)
				),
				None => format!("submitted\n{}", receipt_text(&receipt)),
			};
			ctx.emit(human, json!({ "request": id, "spec": spec, "receipt": receipt.json() }));
		},
		RequestCommand::Show { request } => {
			let id = parse_request_id(&request)?;
			let info = request_info(ctx.chain()?, &id)?;
			let answer = serde_json::to_value(&info).unwrap_or_default();
			let human = serde_json::to_string_pretty(&answer).unwrap_or_default();
			ctx.emit(human, answer);
		},
		RequestCommand::Close { did, request, from } => {
			let id = parse_request_id(&request)?;
			let entry = entry(ctx, &did)?;
			let receipt = did_call(ctx, &entry, &from, |_, _, _| {
				Ok(RuntimeCall::Presentation(pallet_presentation::Call::close_request {
					request: id,
				}))
			})?;
			ctx.emit(
				format!("request {request} closed\n{}", receipt_text(&receipt)),
				json!({ "request": request, "closed": true, "receipt": receipt.json() }),
			);
		},
	}
	Ok(())
}

/// Runs a trusted-list command.
pub fn trusted_list(ctx: &mut Ctx, command: TrustedListCommand) -> Result<()> {
	match command {
		TrustedListCommand::Create { did, issuer, from } => {
			let mut issuers = Vec::new();
			for name in &issuer {
				issuers.push(did_id(ctx, name)?);
			}
			let issuers = BoundedVec::try_from(issuers)
				.map_err(|_| Error::Usage("at most 32 issuers in a list".into()))?;
			let entry = entry(ctx, &did)?;
			let receipt = did_call(ctx, &entry, &from, |_, _, _| {
				Ok(RuntimeCall::Presentation(pallet_presentation::Call::create_list {
					issuers: issuers.clone(),
				}))
			})?;
			let list = receipt.events.iter().find_map(|event| match event {
				RuntimeEvent::Presentation(pallet_presentation::Event::ListCreated {
					list,
					..
				}) => Some(*list),
				_ => None,
			});
			let human = match list {
				Some(list) => format!("list {list}\n{}", receipt_text(&receipt)),
				None => format!("submitted\n{}", receipt_text(&receipt)),
			};
			ctx.emit(human, json!({ "list": list, "receipt": receipt.json() }));
		},
		TrustedListCommand::Add(change) => list_change(ctx, change, true)?,
		TrustedListCommand::Remove(change) => list_change(ctx, change, false)?,
		TrustedListCommand::Show { list } => {
			let info = trusted_list_info(ctx.chain()?, list)?;
			let answer = serde_json::to_value(&info).unwrap_or_default();
			let issuers: Vec<String> = info.issuers.iter().flatten().map(format_did).collect();
			ctx.emit(
				format!(
					"list {list} of {}\nissuers:\n  {}",
					format_did(&info.owner),
					issuers.join("\n  ")
				),
				answer,
			);
		},
	}
	Ok(())
}

fn list_change(ctx: &mut Ctx, change: ListChange, add: bool) -> Result<()> {
	let issuer = did_id(ctx, &change.issuer)?;
	let entry = entry(ctx, &change.did)?;
	let list = change.list;
	let call = if add {
		pallet_presentation::Call::add_issuer { list, issuer }
	} else {
		pallet_presentation::Call::remove_issuer { list, issuer }
	};
	let receipt =
		did_call(ctx, &entry, &change.from, |_, _, _| Ok(RuntimeCall::Presentation(call)))?;
	let verb = if add { "added" } else { "removed" };
	ctx.emit(
		format!("list {list}: {} {verb}\n{}", change.issuer, receipt_text(&receipt)),
		json!({ "list": list, "issuer": change.issuer, verb: true, "receipt": receipt.json() }),
	);
	Ok(())
}

/// A predicate from its command-line form.
fn parse_predicate(text: &str, set: Option<&PathBuf>) -> Result<PredicateSpec> {
	let (name, argument) = text.split_once(':').unwrap_or((text, ""));
	let number = |text: &str| {
		text.parse::<u64>()
			.map_err(|_| Error::Usage(format!("`{text}` is not an integer (predicate {name})")))
	};
	let range = |text: &str| {
		let (lo, hi) = text
			.split_once("..")
			.ok_or_else(|| Error::Usage(format!("{name} takes LO..HI, not `{text}`")))?;
		Ok::<_, Error>((number(lo)?, number(hi)?))
	};
	let set_commitment = || {
		let path = set.ok_or_else(|| Error::Usage(format!("{name} needs --set <file>")))?;
		let values = read_set(path)?;
		set::commitment(&values)
			.map(|c| field::to_bytes(&c))
			.map_err(|e| Error::Usage(format!("the set: {e:?}")))
	};
	Ok(match name {
		"eq" => PredicateSpec::Eq(field::to_bytes(&value_of(argument)?)),
		"ne" => PredicateSpec::Ne(field::to_bytes(&value_of(argument)?)),
		"lt" => PredicateSpec::Lt(number(argument)?),
		"lte" => PredicateSpec::Lte(number(argument)?),
		"gt" => PredicateSpec::Gt(number(argument)?),
		"gte" => PredicateSpec::Gte(number(argument)?),
		"between" => {
			let (lo, hi) = range(argument)?;
			PredicateSpec::Between(lo, hi)
		},
		"not-between" => {
			let (lo, hi) = range(argument)?;
			PredicateSpec::NotBetween(lo, hi)
		},
		"in" => PredicateSpec::In(set_commitment()?),
		"not-in" => PredicateSpec::NotIn(set_commitment()?),
		"none" => PredicateSpec::Noop,
		_ => {
			return Err(Error::Usage(format!(
				"unknown predicate `{text}`: eq:V, ne:V, lt:N, lte:N, gt:N, gte:N, \
				 between:LO..HI, not-between:LO..HI, in, not-in or none"
			)))
		},
	})
}

/// An attribute value from its command-line form: an integer, true/false,
/// date:YYYY-MM-DD, or text.
fn value_of(text: &str) -> Result<Fr> {
	let (kind, value) = if let Ok(n) = text.parse::<u64>() {
		(Kind::Integer, json!(n))
	} else if text == "true" || text == "false" {
		(Kind::Boolean, json!(text == "true"))
	} else if let Some(date) = text.strip_prefix("date:") {
		(Kind::Date, json!(date))
	} else {
		(Kind::String, json!(text))
	};
	encode_value(kind, &value).map_err(Error::Usage)
}

/// A set's values from a JSON list (integers, booleans, strings; "date:YYYY-MM-DD" dates).
fn read_set(path: &PathBuf) -> Result<Vec<Fr>> {
	let text = fs::read_to_string(path)
		.map_err(|e| Error::Usage(format!("cannot read {}: {e}", path.display())))?;
	let values: Vec<Value> = serde_json::from_str(&text)
		.map_err(|e| Error::Usage(format!("{}: a JSON list of values: {e}", path.display())))?;
	values
		.iter()
		.map(|value| match value {
			Value::String(s) => value_of(s),
			Value::Number(n) => value_of(&n.to_string()),
			Value::Bool(b) => value_of(&b.to_string()),
			other => Err(Error::Usage(format!("{other} is not a set value"))),
		})
		.collect()
}

/// A nullifier scope: 32 bytes of hex, or BLAKE2b-256 of text.
fn parse_scope(text: &str) -> Result<Digest> {
	if text.starts_with("0x") {
		return bytes32(text, &format!("scope `{text}`"));
	}
	Ok(sp_crypto_hashing::blake2_256(text.as_bytes()))
}

fn parse_request_id(text: &str) -> Result<RequestId> {
	bytes32(text, &format!("request `{text}`"))
}

fn parse_nonce(text: &str) -> Result<[u8; 32]> {
	bytes32(text, &format!("nonce `{text}`"))
}

fn request_info(
	chain: &Chain,
	id: &RequestId,
) -> Result<RequestInfo<AccountId, Balance, BlockNumber>> {
	chain
		.runtime_call::<Option<RequestInfo<AccountId, Balance, BlockNumber>>>(
			"PresentationApi_request",
			&id.encode(),
		)?
		.ok_or_else(|| Error::Usage(format!("there is no request {} on this chain", hex(id))))
}

fn trusted_list_info(chain: &Chain, list: u64) -> Result<TrustedListInfo<BlockNumber>> {
	chain
		.runtime_call::<Option<TrustedListInfo<BlockNumber>>>(
			"PresentationApi_trusted_list",
			&list.encode(),
		)?
		.ok_or_else(|| Error::Usage(format!("there is no trusted-issuer list {list}")))
}

/// The chain's time (the best block's timestamp), Unix seconds.
fn chain_time(chain: &Chain) -> Result<u64> {
	let mut key = sp_crypto_hashing::twox_128(b"Timestamp").to_vec();
	key.extend(sp_crypto_hashing::twox_128(b"Now"));
	let raw = chain.storage(&key, None)?.ok_or_else(|| Error::Network("no chain time".into()))?;
	let ms = <u64 as codec::Decode>::decode(&mut &raw[..])
		.map_err(|e| Error::Network(format!("the chain time does not decode: {e}")))?;
	Ok(ms / 1000)
}

/// The proving key of circuit `version` as the chain registers it: from --proving-key, or the
/// development key made from its seed when the chain registers that. Its verifying key's hash
/// must be the chain's.
fn proving_key(
	chain: &Chain,
	version: Version,
	path: Option<&PathBuf>,
	progress: bool,
) -> Result<ProvingKey> {
	let circuits: Vec<CircuitInfo<BlockNumber>> =
		chain.runtime_call("PresentationApi_circuits", &[])?;
	let info = circuits.iter().find(|c| c.version == version.number()).ok_or_else(|| {
		Error::chain(format!("the chain has no circuit version {}", version.number()))
	})?;
	if info.retired_at.is_some() {
		return Err(Error::chain(format!("circuit version {} is retired", version.number())));
	}
	let matches = |key: &ProvingKey| {
		key.verifying_key().map(|vk| field::to_bytes(&vk.hash()) == info.key_hash).unwrap_or(false)
	};
	let load = |bytes: &[u8]| {
		ProvingKey::from_uncompressed_bytes(bytes).or_else(|_| ProvingKey::from_bytes(bytes))
	};
	if let Some(path) = path {
		let bytes = fs::read(path)
			.map_err(|e| Error::Usage(format!("cannot read {}: {e}", path.display())))?;
		let key = load(&bytes)
			.map_err(|e| Error::Usage(format!("{} is not a proving key: {e:?}", path.display())))?;
		if !matches(&key) {
			return Err(Error::Usage(format!(
				"{} is not the chain's circuit version {} key (key hash {})",
				path.display(),
				version.number(),
				hex(&info.key_hash)
			)));
		}
		return Ok(key);
	}
	let dev = match version {
		Version::V1 => pallet_presentation::dev::KEY_HASH_V1,
		Version::V2 => pallet_presentation::dev::KEY_HASH_V2,
	};
	if info.key_hash != dev {
		return Err(Error::Usage(format!(
			"the chain's circuit version {} key ({}) is not the development key: pass \
			 --proving-key <file> with the proving key of its ceremony",
			version.number(),
			hex(&info.key_hash)
		)));
	}
	// The development key follows from its public seed; making it (about 2 s) is faster than
	// loading and validating a stored copy.
	let bar = Progress::new(progress, "making the development proving key");
	let made = dev_setup(version, [0; 32]);
	bar.finish();
	made.map(|(key, _)| key).map_err(|e| Error::Usage(format!("cannot make the key: {e:?}")))
}

/// Runs `present`.
pub fn present(ctx: &mut Ctx, args: PresentArgs) -> Result<()> {
	let request_id = parse_request_id(&args.request)?;
	let nonce = args.nonce.as_deref().map(parse_nonce).transpose()?;
	let progress = !ctx.json;
	let payer = match &args.from {
		Some(from) => Some(ctx.key(from)?),
		None => None,
	};
	let info = request_info(ctx.chain()?, &request_id)?;
	let spec = &info.spec;
	let version =
		Version::from_number(spec.version).filter(|v| *v == Version::V2).ok_or_else(|| {
			Error::Usage(format!(
				"request of circuit version {}: the tool proves version 2",
				spec.version
			))
		})?;
	let list = match &spec.issuer {
		IssuerSpec::List(list) => Some(trusted_list_info(ctx.chain()?, *list)?),
		IssuerSpec::Did(_) => None,
	};

	// The credential: the one named, or the first that fits.
	let entries = ctx.wallet()?.data.credentials.clone();
	let candidates: Vec<_> = match &args.credential {
		Some(name) => vec![entries
			.iter()
			.find(|e| &e.name == name)
			.ok_or_else(|| Error::Usage(format!("no credential `{name}` in the wallet")))?],
		None => entries.iter().collect(),
	};
	let mut reasons = Vec::new();
	let mut chosen = None;
	for entry in candidates {
		let parsed = credential::parse(&entry.document)?;
		match fits(&parsed, spec, list.as_ref()) {
			Ok(()) => {
				chosen = Some((entry.clone(), parsed));
				break;
			},
			Err(reason) => reasons.push(format!("{}: {reason}", entry.name)),
		}
	}
	let (entry, parsed) = chosen.ok_or_else(|| {
		Error::Verification(if reasons.is_empty() {
			"the wallet holds no credentials".into()
		} else {
			format!("no credential fits the request:\n  {}", reasons.join("\n  "))
		})
	})?;
	let holder = holder_secret(ctx, &entry.holder, false)?;
	let chain = ctx.chain()?;
	let signed = credential::check_on_chain(chain, &parsed)?;
	let credential = &signed.credential;

	// Chain state: time, the slot's path and the registry's capacity.
	let time = chain_time(chain)?;
	if credential.expiry < time {
		return Err(Error::Verification(format!("`{}` expired", entry.name)));
	}
	let witness: Option<ChainWitness<BlockNumber>> = chain.runtime_call(
		"RevocationApi_witness",
		&(credential.registry_id, credential.revocation_index).encode(),
	)?;
	let witness = witness.ok_or_else(|| {
		Error::Verification(format!("registry {} no longer exists", credential.registry_id))
	})?;
	if witness.status != CredentialStatus::Active {
		return Err(Error::Verification(format!(
			"`{}` is {} (registry {}, slot {})",
			entry.name,
			credential::status_name(witness.status),
			credential.registry_id,
			credential.revocation_index
		)));
	}
	let non_revocation = non_revocation(&witness)?;
	let capacity = credential::registry(chain, credential.registry_id)?.capacity;

	// The issuer: the key itself, or the list's tree and the key's path in it.
	let (issuer, issuer_membership, issuer_root) = match &list {
		None => (Issuer::Key(signed.issuer), None, None),
		Some(info) => {
			let leaves = info
				.leaves
				.iter()
				.map(|l| field::from_bytes(l))
				.collect::<std::result::Result<Vec<_>, _>>()
				.map_err(|_| Error::Network("a list leaf is not canonical".into()))?;
			let tree = trusted_issuers::ListTree::from_leaves(&leaves)
				.map_err(|e| Error::Network(format!("the list's tree: {e:?}")))?;
			let leaf = trusted_issuers::leaf(&signed.issuer);
			let slot = leaves
				.iter()
				.position(|l| *l == leaf)
				.ok_or_else(|| Error::Verification("the issuer's key is not in the list".into()))?;
			let root = field::to_bytes(&tree.root());
			(Issuer::Trusted(tree.root()), tree.path(slot), Some(root))
		},
	};

	let challenge = match (&nonce, &payer) {
		(Some(nonce), _) => {
			pallet_presentation::Pallet::<Runtime>::nonce_challenge(&request_id, nonce)
		},
		(None, Some(payer)) => {
			pallet_presentation::Pallet::<Runtime>::chain_challenge(&request_id, &payer.account())
		},
		(None, None) => return Err(Error::Usage("--from or --nonce is required".into())),
	};
	let scope = pallet_presentation::Pallet::<Runtime>::statement_scope(
		&info.verifier,
		spec.nullifier_scope.as_ref(),
		&request_id,
	);
	let nullifier = holder.nullifier_for(credential, &scope);
	// A holder presents once in a nullifier scope: say so before proving and paying.
	let used: Option<bool> = chain.runtime_call(
		"PresentationApi_nullifier_used",
		&(request_id, field::to_bytes(&nullifier)).encode(),
	)?;
	if used == Some(true) {
		return Err(Error::Verification(
			"this holder already presented in the request's nullifier scope".into(),
		));
	}
	let mut disclosed = [None; ATTRIBUTES];
	for (slot, value) in disclosed.iter_mut().enumerate() {
		if spec.disclose & (1 << slot) != 0 {
			*value = Some(credential.attributes[slot]);
		}
	}
	let statement_predicate = predicate(&spec.predicate).map_err(|e| {
		Error::Usage(format!("the request's predicate is not usable: {}", vc_api::code(e)))
	})?;
	let set_values = match statement_predicate {
		Predicate::In(_) | Predicate::NotIn(_) => {
			let path = args.set.as_ref().ok_or_else(|| {
				Error::Usage(
					"the request's predicate is a set: pass --set <file> with its values".into(),
				)
			})?;
			Some(
				set::padded(&read_set(path)?)
					.map_err(|e| Error::Usage(format!("the set: {e:?}")))?,
			)
		},
		_ => None,
	};
	let statement = Statement {
		version,
		issuer,
		schema: credential.schema,
		time,
		registry_id: credential.registry_id,
		revocation_root: non_revocation.root,
		capacity,
		slot: spec.slot,
		predicate: statement_predicate,
		disclosed,
		challenge,
		scope,
		nullifier,
	};
	let zk_witness = Witness {
		issuer_membership,
		set_values,
		..Witness::new(signed.clone(), holder, non_revocation)
	};
	// What the circuit enforces, checked natively first: a precise reason, no wasted proof.
	zk_witness.check(&statement).map_err(|e| {
		Error::Verification(format!("`{}` cannot satisfy the request: {e:?}", entry.name))
	})?;
	let key = proving_key(chain, version, args.proving_key.as_ref(), progress)?;
	let bar = Progress::new(progress, "proving");
	let proof = prove(&key, &statement, &zk_witness);
	bar.finish();
	let proof = proof.map_err(|e| Error::Verification(format!("proving failed: {e:?}")))?;
	let presented = Presented {
		time,
		registry: credential.registry_id,
		revocation_root: field::to_bytes(&statement.revocation_root),
		issuer_root,
		nullifier: field::to_bytes(&nullifier),
		disclosed: BoundedVec::truncate_from(
			disclosed.iter().flatten().map(field::to_bytes).collect::<Vec<_>>(),
		),
	};

	match (nonce, payer, &args.out) {
		(Some(nonce), _, Some(out)) => {
			// Off chain, the compressed form: half the size, and the node decodes it natively.
			let vp = vc_api::presentation(&request_id, &proof.to_bytes(), &presented, &nonce);
			let text = serde_json::to_string_pretty(&vp).unwrap_or_default();
			fs::write(out, text + "\n")
				.map_err(|e| Error::Usage(format!("cannot write {}: {e}", out.display())))?;
			ctx.emit(
				format!("presentation of `{}` written to {}", entry.name, out.display()),
				json!({ "credential": entry.name, "file": out.display().to_string(),
					"nullifier": hex(&presented.nullifier) }),
			);
		},
		(None, Some(payer), _) => {
			let call = RuntimeCall::Presentation(pallet_presentation::Call::present {
				request: request_id,
				// On chain, the uncompressed form: decoding it takes no square roots in the
				// runtime, so `present` weighs (and costs) about 1.2 ms less.
				proof: BoundedVec::truncate_from(proof.to_uncompressed_bytes().to_vec()),
				presented: presented.clone(),
			});
			let wait = ctx.wait;
			let receipt = ctx.chain()?.submit(&payer, call, wait)?;
			ctx.emit(
				format!(
					"presented `{}` on chain: verified\n{}",
					entry.name,
					receipt_text(&receipt)
				),
				json!({ "credential": entry.name, "verified": receipt.block.is_some(),
					"nullifier": hex(&presented.nullifier), "receipt": receipt.json() }),
			);
		},
		_ => return Err(Error::Usage("--from, or --nonce with --out, is required".into())),
	}
	Ok(())
}

/// Why a credential cannot answer a request, if it cannot.
fn fits(
	parsed: &credential::Parsed,
	spec: &RequestSpec<BlockNumber>,
	list: Option<&TrustedListInfo<BlockNumber>>,
) -> std::result::Result<(), String> {
	let credential = &parsed.credential;
	if field::to_bytes(&credential.schema) != spec.schema {
		return Err(format!("schema {} is not the request's", parsed.schema.id));
	}
	match (&spec.issuer, list) {
		(IssuerSpec::Did(did), _) if *did != parsed.issuer => {
			return Err(format!("issuer {} is not the request's", format_did(&parsed.issuer)))
		},
		(IssuerSpec::List(id), Some(list))
			if !list.issuers.iter().flatten().any(|d| *d == parsed.issuer) =>
		{
			return Err(format!("issuer {} is not in list {id}", format_did(&parsed.issuer)))
		},
		_ => {},
	}
	if let RegistrySpec::Only(registries) = &spec.registries {
		if !registries.contains(&credential.registry_id) {
			return Err(format!("registry {} is not accepted", credential.registry_id));
		}
	}
	Ok(())
}

fn non_revocation(witness: &ChainWitness<BlockNumber>) -> Result<NonRevocationWitness> {
	let scalar = |bytes: &Digest| {
		field::from_bytes(bytes)
			.map_err(|_| Error::Network("a witness value is not canonical".into()))
	};
	let path = witness.path.iter().map(scalar).collect::<Result<Vec<_>>>()?;
	Ok(NonRevocationWitness {
		index: witness.index,
		leaf: scalar(&witness.leaf)?,
		path: path
			.try_into()
			.map_err(|_| Error::Network("a witness path of the wrong depth".into()))?,
		root: scalar(&witness.root)?,
	})
}

/// Runs `verify`.
pub fn verify(ctx: &mut Ctx, args: VerifyArgs) -> Result<()> {
	let text = fs::read_to_string(&args.file)
		.map_err(|e| Error::Usage(format!("cannot read {}: {e}", args.file.display())))?;
	let value: Value = serde_json::from_str(&text)
		.map_err(|e| Error::Usage(format!("{} is not JSON: {e}", args.file.display())))?;
	// A bare presentation, or a VC-API request body.
	let body = if value.get("verifiablePresentation").is_some() {
		value
	} else {
		json!({ "verifiablePresentation": value })
	};
	let mut request: VerifyPresentationRequest = serde_json::from_value(body).map_err(|e| {
		Error::Verification(format!("malformedPresentation: not a DIDimo presentation: {e}"))
	})?;
	if let Some(nonce) = &args.nonce {
		parse_nonce(nonce)?;
		request.options = VerifyOptions { challenge: Some(nonce.clone()), ..request.options };
	}
	let parsed = vc_api::parse(&request)
		.map_err(|(code, detail)| Error::Verification(format!("{code}: {detail}")))?;
	let warnings: Vec<String> = parsed.warnings.iter().map(|w| w.title.clone()).collect();
	let presentation = parsed.presentation;
	// With --light, the runtime in the light client checks it.
	let runtime_api = args.runtime_api || ctx.light()?.is_some();
	let (verified, reason, nullifier_used, answer) = if runtime_api {
		let presented: Presented = presentation
			.presented
			.clone()
			.try_into()
			.map_err(|e| Error::Verification(format!("malformedPresentation: {e:?}")))?;
		let result: std::result::Result<(), PresentError> = ctx.runtime_call(
			"PresentationApi_verify",
			&(
				presentation.request,
				presentation.proof.clone(),
				presented.clone(),
				presentation.nonce,
			)
				.encode(),
		)?;
		let used: Option<bool> = ctx.runtime_call(
			"PresentationApi_nullifier_used",
			&(presentation.request, presented.nullifier).encode(),
		)?;
		let reason = result.err().map(vc_api::code);
		// The disclosed values, by the request's mask (proved when verified).
		let mask = match reason {
			None => ctx
				.runtime_call::<Option<RequestInfo<AccountId, Balance, BlockNumber>>>(
					"PresentationApi_request",
					&presentation.request.encode(),
				)?
				.map_or(0, |info| info.spec.disclose),
			Some(_) => 0,
		};
		let disclosed: Vec<Value> = (0..ATTRIBUTES as u8)
			.filter(|slot| mask & (1 << slot) != 0)
			.zip(presented.disclosed.iter())
			.map(|(slot, value)| json!({ "slot": slot, "value": hex(value) }))
			.collect();
		let answer = json!({ "verified": reason.is_none(), "reason": reason,
			"nullifier": hex(&presented.nullifier), "nullifierUsed": used,
			"disclosed": disclosed,
			"via": if ctx.light()?.is_some() { "lightClient" } else { "runtimeApi" } });
		(reason.is_none(), reason, used, answer)
	} else {
		let mut answer: Value = ctx.chain()?.rpc.call(
			"presentation_verify",
			json!([serde_json::to_value(&presentation).unwrap_or_default(), "best"]),
		)?;
		let verified = answer["verified"] == json!(true);
		let reason = answer["reason"].as_str().map(str::to_owned);
		let used = answer["nullifierUsed"].as_bool();
		answer["via"] = json!("node");
		(verified, reason, used, answer)
	};
	let mut answer = answer;
	answer["warnings"] = json!(warnings);
	if !verified {
		let reason = reason.unwrap_or_else(|| "unknown".into());
		return Err(Error::Verification(format!("not verified: {reason}")));
	}
	let mut human = format!("verified: request {}", hex(&presentation.request));
	for item in answer["disclosed"].as_array().into_iter().flatten() {
		// An integer, boolean or date shows as its number; text as its hash.
		let value = item["value"].as_str().unwrap_or_default();
		let number = unhex(value)
			.ok()
			.and_then(|bytes| field::from_bytes(&bytes).ok())
			.and_then(|v| didimo_zk::statement::as_u64(&v));
		match number {
			Some(n) => human.push_str(&format!("\nslot {}: {n}", item["slot"])),
			None => human.push_str(&format!("\nslot {}: {value} (a text's hash)", item["slot"])),
		}
	}
	if nullifier_used == Some(true) {
		human.push_str("\nthe nullifier is already used in the request's scope (presented before)");
	}
	for warning in &warnings {
		human.push_str(&format!("\nwarning: {warning}"));
	}
	ctx.emit(human, answer);
	Ok(())
}
