//! `didimo did ...`: creating a DID, resolving it, and every change to its document, as
//! DID-signed calls (`Did.submit_did_call`) signed with the wallet's DID key and paid for by an
//! account.

use clap::Subcommand;
use codec::Encode;
use didimo_primitives::did::{
	format_did, parse_did, DidIdentifier, DidPublicKey, DidSignature, DidVerificationKey,
	Relationship, Relationships, X25519Key, ZkIssuerKey,
};
use didimo_runtime::{AccountId, Balance, BlockNumber, Runtime, RuntimeCall};
use pallet_did::{
	key_possession_payload, DidCallOperation, DidCreation, FragmentId, Service, VerificationMethod,
};
use pallet_did_runtime_api::{DidResolution, ResolvedDid};
use serde_json::{json, Value};
use sp_runtime::BoundedVec;

use crate::{
	chain::{Chain, Receipt},
	commands::{add_account, receipt_text, valid_name, Ctx},
	error::{Error, Result},
	keys::KeyPair,
	wallet::{DidEntry, Scheme},
};

/// How many blocks a DID signature stays valid for (the chain allows up to an hour of blocks).
const VALIDITY: u32 = 50;

#[derive(Debug, Subcommand)]
pub enum DidCommand {
	/// Creates a DID whose first key (`key-1`, all signing relationships) is a new key pair
	/// called <NAME>, or the account --key; --from pays the deposit and fee.
	Create {
		name: String,
		#[arg(long)]
		from: String,
		#[arg(long)]
		key: Option<String>,
		#[arg(long, value_enum, default_value = "sr25519")]
		scheme: Scheme,
	},
	/// Resolves a DID (a wallet name or did:didimo:...) to its W3C DID document.
	Show { did: String },
	/// Lists the wallet's DIDs.
	List,
	/// Adds a verification method: the account --key (a signing key, which proves possession),
	/// an X25519 key-agreement key (--x25519 <hex>) or a zero-knowledge issuer key
	/// (--zk-issuer <wallet issuer key name or hex>).
	AddKey {
		did: String,
		#[arg(long)]
		id: String,
		#[arg(long, conflicts_with_all = ["x25519", "zk_issuer"])]
		key: Option<String>,
		#[arg(long, conflicts_with = "zk_issuer")]
		x25519: Option<String>,
		#[arg(long)]
		zk_issuer: Option<String>,
		/// Comma-separated: authentication, assertionMethod, keyAgreement,
		/// capabilityInvocation, capabilityDelegation (default: what the key type is for).
		#[arg(long, value_delimiter = ',')]
		relationships: Vec<String>,
		#[arg(long)]
		from: String,
	},
	/// Removes a verification method.
	RemoveKey {
		did: String,
		#[arg(long)]
		id: String,
		#[arg(long)]
		from: String,
	},
	/// Sets the relationships a verification method serves.
	SetRelationships {
		did: String,
		#[arg(long)]
		id: String,
		#[arg(long, value_delimiter = ',', required = true)]
		relationships: Vec<String>,
		#[arg(long)]
		from: String,
	},
	/// Replaces a verification method's key with the account --key's (which proves
	/// possession); the wallet then signs with it if it signed with the old one.
	Rotate {
		did: String,
		#[arg(long)]
		id: String,
		#[arg(long)]
		key: String,
		#[arg(long)]
		from: String,
	},
	/// Adds a service endpoint.
	AddService {
		did: String,
		#[arg(long)]
		id: String,
		#[arg(long = "type", required = true)]
		types: Vec<String>,
		#[arg(long = "endpoint", required = true)]
		endpoints: Vec<String>,
		#[arg(long)]
		from: String,
	},
	/// Removes a service.
	RemoveService {
		did: String,
		#[arg(long)]
		id: String,
		#[arg(long)]
		from: String,
	},
	/// Adds a controller DID, whose capabilityInvocation keys may then change this document.
	AddController {
		did: String,
		#[arg(long)]
		controller: String,
		#[arg(long)]
		from: String,
	},
	/// Removes a controller DID.
	RemoveController {
		did: String,
		#[arg(long)]
		controller: String,
		#[arg(long)]
		from: String,
	},
	/// Deactivates the DID for good (its identifier can never be used again).
	Deactivate {
		did: String,
		#[arg(long)]
		from: String,
	},
}

/// Runs a DID command.
pub fn run(ctx: &mut Ctx, command: DidCommand) -> Result<()> {
	match command {
		DidCommand::Create { name, from, key, scheme } => create(ctx, &name, &from, key, scheme),
		DidCommand::Show { did } => show(ctx, &did),
		DidCommand::List => {
			let wallet = ctx.wallet()?;
			let dids = wallet.data.dids.clone();
			let human = dids
				.iter()
				.map(|d| format!("{}\t{}\t{} ({})", d.name, d.did, d.key, d.key_id))
				.collect::<Vec<_>>()
				.join("\n");
			let json: Vec<Value> = dids
				.iter()
				.map(|d| json!({ "name": d.name, "did": d.did, "key": d.key, "keyId": d.key_id }))
				.collect();
			ctx.emit(human, json!({ "dids": json }));
			Ok(())
		},
		DidCommand::AddKey { did, id, key, x25519, zk_issuer, relationships, from } => {
			let entry = entry(ctx, &did)?;
			let (public, signer) = if let Some(key) = key {
				let pair = ctx.key(&key)?;
				(DidPublicKey::Verification(pair.did_key()), Some(pair))
			} else if let Some(hex) = x25519 {
				(DidPublicKey::KeyAgreement(X25519Key(bytes32(&hex, "--x25519")?)), None)
			} else if let Some(text) = zk_issuer {
				// A wallet issuer key by name, or a public key in hex.
				let public = match text.starts_with("0x") {
					true => bytes32(&text, "--zk-issuer")?,
					false => crate::credential::issuer_public_key(ctx, &text)?,
				};
				(DidPublicKey::ZkIssuer(ZkIssuerKey(public)), None)
			} else {
				return Err(Error::Usage("which key? pass --key, --x25519 or --zk-issuer".into()));
			};
			let relationships = if relationships.is_empty() {
				match public {
					DidPublicKey::Verification(_) => {
						Relationships::NONE.with(Relationship::Authentication)
					},
					DidPublicKey::KeyAgreement(_) => {
						Relationships::NONE.with(Relationship::KeyAgreement)
					},
					DidPublicKey::ZkIssuer(_) => {
						Relationships::NONE.with(Relationship::AssertionMethod)
					},
				}
			} else {
				parse_relationships(&relationships)?
			};
			let id_bytes = fragment(&id)?;
			let receipt = did_call(ctx, &entry, &from, |chain, did, counter| {
				let key_proof = signer.as_ref().map(|pair| prove(chain, did, counter, pair));
				let method = VerificationMethod { id: id_bytes, key: public, relationships };
				Ok(RuntimeCall::Did(pallet_did::Call::add_verification_method {
					method,
					key_proof,
				}))
			})?;
			report(ctx, &format!("{}: added {id}", entry.did), &receipt);
			Ok(())
		},
		DidCommand::RemoveKey { did, id, from } => {
			let entry = entry(ctx, &did)?;
			if id == entry.key_id {
				return Err(Error::Usage(format!(
					"the wallet signs for {} with {id}: rotate it (`didimo did rotate`) instead",
					entry.did
				)));
			}
			let key_id = fragment(&id)?;
			let receipt = did_call(ctx, &entry, &from, |_, _, _| {
				Ok(RuntimeCall::Did(pallet_did::Call::remove_verification_method { key_id }))
			})?;
			report(ctx, &format!("{}: removed {id}", entry.did), &receipt);
			Ok(())
		},
		DidCommand::SetRelationships { did, id, relationships, from } => {
			let entry = entry(ctx, &did)?;
			let relationships = parse_relationships(&relationships)?;
			// A signing key given a new relationship proves possession: sign if the wallet
			// holds the method's key.
			let method_key = method_key(ctx, &entry, &id)?;
			let signer = match method_key {
				Some(DidPublicKey::Verification(key)) => wallet_key_for(ctx, &key)?,
				_ => None,
			};
			let key_id = fragment(&id)?;
			let receipt = did_call(ctx, &entry, &from, |chain, did, counter| {
				let key_proof = signer.as_ref().map(|pair| prove(chain, did, counter, pair));
				Ok(RuntimeCall::Did(pallet_did::Call::set_relationships {
					key_id,
					relationships,
					key_proof,
				}))
			})?;
			let names: Vec<&str> = relationships.iter().map(|r| r.name()).collect();
			report(ctx, &format!("{}: {id} now serves {}", entry.did, names.join(", ")), &receipt);
			Ok(())
		},
		DidCommand::Rotate { did, id, key, from } => {
			let entry = entry(ctx, &did)?;
			let pair = ctx.key(&key)?;
			let key_id = fragment(&id)?;
			let new_key = DidPublicKey::Verification(pair.did_key());
			let receipt = did_call(ctx, &entry, &from, |chain, did, counter| {
				let key_proof = Some(prove(chain, did, counter, &pair));
				Ok(RuntimeCall::Did(pallet_did::Call::rotate_key { key_id, new_key, key_proof }))
			})?;
			if id == entry.key_id && receipt.block.is_some() {
				let wallet = ctx.wallet()?;
				if let Some(e) = wallet.data.dids.iter_mut().find(|d| d.did == entry.did) {
					e.key = key.clone();
				}
				wallet.save()?;
			}
			report(ctx, &format!("{}: {id} rotated to {key}", entry.did), &receipt);
			Ok(())
		},
		DidCommand::AddService { did, id, types, endpoints, from } => {
			let entry = entry(ctx, &did)?;
			let service = Service::<Runtime> {
				id: fragment(&id)?,
				types: bounded_list(&types, "--type")?,
				endpoints: bounded_list(&endpoints, "--endpoint")?,
			};
			let receipt = did_call(ctx, &entry, &from, |_, _, _| {
				Ok(RuntimeCall::Did(pallet_did::Call::add_service { service }))
			})?;
			report(ctx, &format!("{}: added service {id}", entry.did), &receipt);
			Ok(())
		},
		DidCommand::RemoveService { did, id, from } => {
			let entry = entry(ctx, &did)?;
			let service_id = fragment(&id)?;
			let receipt = did_call(ctx, &entry, &from, |_, _, _| {
				Ok(RuntimeCall::Did(pallet_did::Call::remove_service { service_id }))
			})?;
			report(ctx, &format!("{}: removed service {id}", entry.did), &receipt);
			Ok(())
		},
		DidCommand::AddController { did, controller, from } => {
			let entry = entry(ctx, &did)?;
			let controller = did_id(ctx, &controller)?;
			let receipt = did_call(ctx, &entry, &from, |_, _, _| {
				Ok(RuntimeCall::Did(pallet_did::Call::add_controller { controller }))
			})?;
			report(ctx, &format!("{}: controller added", entry.did), &receipt);
			Ok(())
		},
		DidCommand::RemoveController { did, controller, from } => {
			let entry = entry(ctx, &did)?;
			let controller = did_id(ctx, &controller)?;
			let receipt = did_call(ctx, &entry, &from, |_, _, _| {
				Ok(RuntimeCall::Did(pallet_did::Call::remove_controller { controller }))
			})?;
			report(ctx, &format!("{}: controller removed", entry.did), &receipt);
			Ok(())
		},
		DidCommand::Deactivate { did, from } => {
			let entry = entry(ctx, &did)?;
			let receipt = did_call(ctx, &entry, &from, |_, _, _| {
				Ok(RuntimeCall::Did(pallet_did::Call::deactivate {}))
			})?;
			report(ctx, &format!("{}: deactivated", entry.did), &receipt);
			Ok(())
		},
	}
}

fn create(
	ctx: &mut Ctx,
	name: &str,
	from: &str,
	key: Option<String>,
	scheme: Scheme,
) -> Result<()> {
	valid_name(name)?;
	if ctx.wallet()?.data.did(name).is_some() {
		return Err(Error::Usage(format!("the wallet already has a DID `{name}`")));
	}
	let payer = ctx.key(from)?;
	// A new key is saved before anything is submitted, so it is never lost.
	let (pair, key_name) = match key {
		Some(key) => (ctx.key(&key)?, key),
		None => {
			let (pair, secret) = KeyPair::generate(scheme);
			add_account(ctx, name, scheme, secret)?;
			(pair, name.to_owned())
		},
	};
	let did_key = pair.did_key();
	let did = did_key.derive_did();
	let chain = ctx.chain()?;
	let best = chain.best_number()?;
	let details = DidCreation::<Runtime> {
		did: did.clone(),
		submitter: payer.account(),
		valid_until: best + VALIDITY,
		methods: BoundedVec::truncate_from(vec![VerificationMethod {
			id: BoundedVec::truncate_from(b"key-1".to_vec()),
			key: DidPublicKey::Verification(did_key),
			relationships: Relationships::SIGNING,
		}]),
		controllers: BoundedVec::new(),
		services: BoundedVec::new(),
	};
	let signature = pair.did_sign(&details.signing_payload(&chain.genesis));
	let call = RuntimeCall::Did(pallet_did::Call::create {
		details: Box::new(details),
		signature,
		key_proofs: BoundedVec::new(),
	});
	let wait = ctx.wait;
	let receipt = ctx.chain()?.submit(&payer, call, wait)?;
	let text = format_did(&did);
	let wallet = ctx.wallet()?;
	wallet.data.dids.push(DidEntry {
		name: name.to_owned(),
		did: text.clone(),
		key: key_name,
		key_id: "key-1".into(),
	});
	wallet.save()?;
	let mut answer = json!({ "name": name, "did": text });
	answer["receipt"] = receipt.json();
	ctx.emit(format!("created {text} ({name})\n{}", receipt_text(&receipt)), answer);
	Ok(())
}

fn show(ctx: &mut Ctx, did: &str) -> Result<()> {
	let text = match did.starts_with("did:") {
		true => did.to_owned(),
		false => entry(ctx, did)?.did,
	};
	let result: Value = match ctx.light()? {
		// Resolved in the light client, into the node's answer shape (without the creation
		// and update times, which would need those blocks' timestamps).
		Some((light, at)) => {
			let id =
				parse_did(&text).map_err(|e| Error::Usage(format!("{text}: {}", e.describe())))?;
			let answer = match light
				.resolve(&id, &at, std::time::Duration::from_secs(120))
				.map_err(crate::commands::light_error)?
			{
				DidResolution::Active(record) => {
					didimo_rpc::did::ResolutionResult::found(&id, &record, None, None)
				},
				DidResolution::Deactivated { at } => {
					didimo_rpc::did::ResolutionResult::deactivated(&id, at, None, None)
				},
				DidResolution::NotFound => {
					return Err(Error::Usage(format!("{text} does not resolve: notFound")))
				},
			};
			let mut value = serde_json::to_value(answer).unwrap_or_default();
			value["didResolutionMetadata"]["didimoLightClient"] =
				json!({ "block": at.number, "blockHash": at.hash });
			value
		},
		None => ctx.chain()?.rpc.call("did_resolve", json!([text]))?,
	};
	if let Some(error) = result["didResolutionMetadata"].get("error") {
		let title = error["title"].as_str().or(error.as_str()).unwrap_or("an error");
		return Err(Error::Usage(format!("{text} does not resolve: {title}")));
	}
	let mut human = serde_json::to_string_pretty(&result["didDocument"]).unwrap_or_default();
	let metadata = &result["didDocumentMetadata"];
	if metadata["deactivated"] == json!(true) {
		human = format!(
			"{text} is deactivated (block {}): its identifier can never be used again\n{human}",
			metadata["didimoDeactivatedBlock"].as_str().unwrap_or("?")
		);
	}
	ctx.emit(human, result);
	Ok(())
}

/// The wallet's DID called (or written) `name`.
pub(crate) fn entry(ctx: &mut Ctx, name: &str) -> Result<DidEntry> {
	let wallet = ctx.wallet()?;
	wallet.data.did(name).cloned().ok_or_else(|| {
		Error::Usage(format!(
			"no DID `{name}` in {}: only the wallet's DIDs can be changed",
			wallet.path().display()
		))
	})
}

/// A DID given by wallet name or text.
pub(crate) fn did_id(ctx: &mut Ctx, name: &str) -> Result<DidIdentifier> {
	let text = match name.starts_with("did:") {
		true => name.to_owned(),
		false => entry(ctx, name)?.did,
	};
	parse_did(&text).map_err(|e| Error::Usage(format!("{text}: {}", e.describe())))
}

/// The DID's current state on chain.
pub(crate) fn resolve(
	chain: &Chain,
	did: &DidIdentifier,
) -> Result<ResolvedDid<AccountId, Balance, BlockNumber>> {
	let text = format_did(did);
	match chain.runtime_call::<DidResolution<AccountId, Balance, BlockNumber>>(
		"DidApi_resolve",
		&did.encode(),
	)? {
		DidResolution::Active(record) => Ok(record),
		DidResolution::Deactivated { at } => {
			Err(Error::chain(format!("{text} was deactivated in block #{at}")))
		},
		DidResolution::NotFound => Err(Error::chain(format!("{text} is not on this chain"))),
	}
}

/// Builds the call `build` gives (with the chain, the DID and the operation's counter), signs
/// it as the DID with the wallet's key and submits it from `from`.
pub(crate) fn did_call(
	ctx: &mut Ctx,
	entry: &DidEntry,
	from: &str,
	build: impl FnOnce(&Chain, &DidIdentifier, u64) -> Result<RuntimeCall>,
) -> Result<Receipt> {
	let payer = ctx.key(from)?;
	let did_key = ctx.key(&entry.key)?;
	let did = parse_did(&entry.did).map_err(|e| Error::Wallet(e.describe().into()))?;
	let wait = ctx.wait;
	let chain = ctx.chain()?;
	let record = resolve(chain, &did)?;
	let counter = record.counter + 1;
	let best = chain.best_number()?;
	let operation = DidCallOperation::<Runtime> {
		did: did.clone(),
		signer: did.clone(),
		key_id: fragment(&entry.key_id)?,
		counter,
		valid_from: best,
		valid_until: best + VALIDITY,
		spec_version: chain.spec_version,
		submitter: payer.account(),
		call: Box::new(build(chain, &did, counter)?),
	};
	let signature = did_key.did_sign(&operation.signing_payload(&chain.genesis));
	let call = RuntimeCall::Did(pallet_did::Call::submit_did_call {
		operation: Box::new(operation),
		signature,
	});
	chain.submit(&payer, call, wait)
}

/// `pair`'s proof that it serves `did` from the DID-signed call with `counter`.
fn prove(chain: &Chain, did: &DidIdentifier, counter: u64, pair: &KeyPair) -> DidSignature {
	pair.did_sign(&key_possession_payload(&chain.genesis, did, counter, &pair.did_key()))
}

/// The key of the DID's verification method `id`, if it has one.
fn method_key(ctx: &mut Ctx, entry: &DidEntry, id: &str) -> Result<Option<DidPublicKey>> {
	let did = parse_did(&entry.did).map_err(|e| Error::Wallet(e.describe().into()))?;
	let record = resolve(ctx.chain()?, &did)?;
	Ok(record.methods.into_iter().find(|m| m.id == id.as_bytes()).map(|m| m.key))
}

/// The wallet account whose key is `key`, as a pair.
fn wallet_key_for(ctx: &mut Ctx, key: &DidVerificationKey) -> Result<Option<KeyPair>> {
	let accounts = ctx.wallet()?.data.accounts.clone();
	for account in accounts {
		let pair = KeyPair::from_secret(account.scheme, &account.secret)?;
		if pair.did_key() == *key {
			return Ok(Some(pair));
		}
	}
	Ok(None)
}

fn report(ctx: &Ctx, what: &str, receipt: &Receipt) {
	ctx.emit(format!("{what}\n{}", receipt_text(receipt)), json!({ "receipt": receipt.json() }));
}

/// Relationship names (`authentication`, `assertionMethod`, ...).
fn parse_relationships(names: &[String]) -> Result<Relationships> {
	let mut set = Relationships::NONE;
	for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
		let relationship =
			Relationship::ALL.into_iter().find(|r| r.name() == name).ok_or_else(|| {
				let known: Vec<&str> = Relationship::ALL.iter().map(|r| r.name()).collect();
				Error::Usage(format!("unknown relationship `{name}`: one of {}", known.join(", ")))
			})?;
		set = set.with(relationship);
	}
	Ok(set)
}

/// A fragment id (`key-2`) as the chain takes it.
fn fragment(id: &str) -> Result<FragmentId<Runtime>> {
	BoundedVec::try_from(id.as_bytes().to_vec())
		.map_err(|_| Error::Usage(format!("`{id}`: too long for an id")))
}

/// A list of strings as the chain's bounded lists.
fn bounded_list<L, S>(items: &[String], what: &str) -> Result<BoundedVec<BoundedVec<u8, S>, L>>
where
	L: sp_core::Get<u32>,
	S: sp_core::Get<u32>,
{
	let inner = items
		.iter()
		.map(|i| {
			BoundedVec::try_from(i.as_bytes().to_vec())
				.map_err(|_| Error::Usage(format!("{what} `{i}`: too long")))
		})
		.collect::<Result<Vec<_>>>()?;
	BoundedVec::try_from(inner).map_err(|_| Error::Usage(format!("too many {what} values")))
}

/// 32 bytes from hex.
pub(crate) fn bytes32(text: &str, what: &str) -> Result<[u8; 32]> {
	array_bytes::hex2bytes(text)
		.ok()
		.and_then(|b| <[u8; 32]>::try_from(b).ok())
		.ok_or_else(|| Error::Usage(format!("{what}: expected 32 bytes of hex")))
}
