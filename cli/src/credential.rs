//! `didimo credential ...`: zero-knowledge issuer keys, holder secrets, and credentials as W3C
//! Verifiable Credentials (VC Data Model 2.0) carrying the issuer's EdDSA-Poseidon signature
//! (`docs/cli.md`, "The credential document", specifies the format).
//!
//! An issuer signs a credential's commitment with its Jubjub key (the first zero-knowledge
//! `assertionMethod` key of its DID document, the one the chain checks presentations against)
//! and binds it to a slot of one of its revocation registries. A holder imports it only after
//! checking the signature against the issuer's key on chain, that the registry is the issuer's,
//! that the document's readable values are the signed ones and that it is bound to one of the
//! wallet's holder secrets.

use std::{collections::BTreeMap, fs, path::PathBuf};

use base64::Engine;
use clap::Subcommand;
use codec::{Decode, Encode};
use didimo_primitives::{
	did::{format_did, DidIdentifier, DidPublicKey, Relationship},
	revocation::StatusPurpose,
};
use didimo_runtime::{AccountId, Balance, BlockNumber};
use didimo_zk::{
	credential::{attribute, issue, Credential, HolderSecret, SignedCredential, ATTRIBUTES},
	eddsa::{PublicKey, SecretKey, Signature},
	field, Fr, Version,
};
use pallet_revocation_runtime_api::{CredentialStatus, RegistryInfo, StatusAt};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::{
	chain::{hex, Chain},
	commands::{valid_name, Ctx},
	did::{did_id, resolve},
	error::{Error, Result},
	wallet::{CredentialEntry, HolderEntry, IssuedEntry, IssuerKeyEntry, Secret},
};

/// The VC 2.0 context, the document's only one: every other term is issuer-dependent
/// (`@vocab`) or a Data Integrity term.
pub const CREDENTIALS_V2: &str = "https://www.w3.org/ns/credentials/v2";
/// The Data Integrity cryptosuite of a credential's signature.
pub const CRYPTOSUITE: &str = "didimo-jubjub-poseidon-2026";
/// The `type` of the credential schema object.
pub const SCHEMA_TYPE: &str = "DidimoAttributeSchema2026";
/// The prefix of a credential's id.
pub const CREDENTIAL_URN: &str = "urn:didimo:credential:";
/// The holder secret used unless one is named.
pub const DEFAULT_HOLDER: &str = "default";
/// How many random slots `issue` tries before giving up on finding a free one.
const INDEX_TRIES: u32 = 64;

#[derive(Debug, Subcommand)]
pub enum CredentialCommand {
	/// Makes a zero-knowledge issuer key (Jubjub) called <NAME>, or shows it; prints its
	/// public key for `did add-key --zk-issuer <NAME>`.
	IssuerKey { name: String },
	/// Makes the holder secret --holder (once) and prints its commitment: what an issuer
	/// binds a credential to (`credential issue --holder <COMMITMENT>`).
	HolderId {
		#[arg(long, default_value = DEFAULT_HOLDER)]
		holder: String,
	},
	/// Issues a credential from the wallet's issuer DID <DID>, signed with its zero-knowledge
	/// key, in a random free slot of the registry (or --index), written to --out.
	Issue {
		did: String,
		/// The schema: a JSON file {"id": "<uri>", "attributes": [{"name", "type":
		/// integer|date|boolean|string}, ...]} (at most 8 attributes, in slot order).
		#[arg(long)]
		schema: PathBuf,
		/// The attribute values: a JSON file {"<name>": value, ...}, one per schema attribute.
		#[arg(long)]
		attributes: PathBuf,
		/// The holder's commitment (`credential holder-id` on the holder's side), 0x hex.
		#[arg(long)]
		holder: String,
		/// The issuer's revocation registry the credential's status lives in.
		#[arg(long)]
		registry: u64,
		/// The slot in the registry (default: a random free one).
		#[arg(long)]
		index: Option<u32>,
		/// Expiry: an RFC 3339 time or Unix seconds (default: one year from now).
		#[arg(long)]
		expires: Option<String>,
		/// Where to write the credential document.
		#[arg(long)]
		out: PathBuf,
	},
	/// Imports a credential document into the wallet, after checking it against the chain.
	Import {
		file: PathBuf,
		/// The name to keep it under (default: cred-<n>).
		#[arg(long)]
		name: Option<String>,
	},
	/// Lists the wallet's credentials, with their status on chain.
	List,
	/// Prints a credential's document.
	Show { name: String },
}

/// Runs a credential command.
pub fn run(ctx: &mut Ctx, command: CredentialCommand) -> Result<()> {
	match command {
		CredentialCommand::IssuerKey { name } => issuer_key(ctx, &name),
		CredentialCommand::HolderId { holder } => {
			let secret = holder_secret(ctx, &holder, true)?;
			let commitment = hex(&field::to_bytes(&secret.commitment(Version::V2)));
			ctx.emit(
				format!("holder `{holder}`: commitment {commitment}"),
				json!({ "holder": holder, "commitment": commitment }),
			);
			Ok(())
		},
		CredentialCommand::Issue {
			did,
			schema,
			attributes,
			holder,
			registry,
			index,
			expires,
			out,
		} => {
			let request =
				IssueRequest { did, schema, attributes, holder, registry, index, expires };
			issue_command(ctx, request, out)
		},
		CredentialCommand::Import { file, name } => import(ctx, file, name),
		CredentialCommand::List => list(ctx),
		CredentialCommand::Show { name } => {
			let entry = ctx
				.wallet()?
				.data
				.credential(&name)
				.cloned()
				.ok_or_else(|| Error::Usage(format!("no credential `{name}` in the wallet")))?;
			let text = serde_json::to_string_pretty(&entry.document).unwrap_or_default();
			ctx.emit(text, entry.document);
			Ok(())
		},
	}
}

fn issuer_key(ctx: &mut Ctx, name: &str) -> Result<()> {
	valid_name(name)?;
	let wallet = ctx.wallet()?;
	let (key, created) = match wallet.data.issuer_key(name) {
		Some(entry) => (secret_key(&entry.secret)?, false),
		None => {
			let key = SecretKey::generate(&mut rand::rngs::OsRng);
			let secret = Secret::new(hex(&key.to_bytes()));
			wallet.data.issuer_keys.push(IssuerKeyEntry { name: name.to_owned(), secret });
			wallet.save()?;
			(key, true)
		},
	};
	let public = hex(&key.public_key().to_bytes());
	let verb = if created { "new" } else { "existing" };
	ctx.emit(
		format!("{verb} issuer key `{name}`: public key {public}\nadd it to a DID with `didimo did add-key <DID> --id zk-1 --zk-issuer {name} --from <ACCOUNT>`"),
		json!({ "name": name, "publicKey": public, "created": created }),
	);
	Ok(())
}

/// The secret key of a wallet entry.
fn secret_key(secret: &Secret) -> Result<SecretKey> {
	let bytes = crate::chain::unhex(secret.expose())
		.map_err(|_| Error::Wallet("an issuer key is not hex".into()))?;
	SecretKey::from_bytes(&bytes)
		.map_err(|e| Error::Wallet(format!("an issuer key does not decode: {e:?}")))
}

/// The public key of the wallet's issuer key `name`.
pub fn issuer_public_key(ctx: &mut Ctx, name: &str) -> Result<[u8; 32]> {
	let entry = ctx
		.wallet()?
		.data
		.issuer_key(name)
		.cloned()
		.ok_or_else(|| Error::Usage(format!("no issuer key `{name}` in the wallet")))?;
	Ok(secret_key(&entry.secret)?.public_key().to_bytes())
}

/// The holder secret `name`, made and saved first if `create` and it does not exist.
pub fn holder_secret(ctx: &mut Ctx, name: &str, create: bool) -> Result<HolderSecret> {
	valid_name(name)?;
	let wallet = ctx.wallet()?;
	if let Some(entry) = wallet.data.holder(name) {
		let bytes = crate::chain::unhex(entry.secret.expose())
			.map_err(|_| Error::Wallet("a holder secret is not hex".into()))?;
		let value = field::from_bytes(&bytes)
			.map_err(|e| Error::Wallet(format!("a holder secret does not decode: {e:?}")))?;
		return Ok(HolderSecret::from_field(value));
	}
	if !create {
		return Err(Error::Usage(format!(
			"no holder secret `{name}` in the wallet: make one with `didimo credential holder-id`"
		)));
	}
	let secret = HolderSecret::generate(&mut rand::rngs::OsRng);
	let text = Secret::new(hex(&field::to_bytes(&secret.value())));
	wallet.data.holders.push(HolderEntry { name: name.to_owned(), secret: text });
	wallet.save()?;
	Ok(secret)
}

/// An attribute's kind, as a schema names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
	/// An integer below 2^64 (comparable in predicates).
	Integer,
	/// A date `YYYY-MM-DD`, encoded as days since 1970-01-01 (comparable).
	Date,
	/// `true` or `false`, encoded as 1 or 0.
	Boolean,
	/// Any text, encoded as its Poseidon hash (equality and sets only).
	String,
}

/// One attribute of a schema.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeDef {
	pub name: String,
	#[serde(rename = "type")]
	pub kind: Kind,
}

/// A credential schema: its identifier (hashed into the credential) and its attributes in
/// slot order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
	pub id: String,
	pub attributes: Vec<AttributeDef>,
}

impl Schema {
	fn check(&self) -> Result<()> {
		if self.id.is_empty() {
			return Err(Error::Usage("the schema's id is empty".into()));
		}
		if self.attributes.len() > ATTRIBUTES {
			return Err(Error::Usage(format!(
				"the schema has {} attributes: at most {ATTRIBUTES}",
				self.attributes.len()
			)));
		}
		for (i, def) in self.attributes.iter().enumerate() {
			if def.name.is_empty() || self.attributes[..i].iter().any(|d| d.name == def.name) {
				return Err(Error::Usage(format!("attribute `{}`: empty or repeated", def.name)));
			}
		}
		Ok(())
	}

	/// The attribute slots of `values` (an object with one value per attribute).
	pub fn encode(&self, values: &Value) -> Result<[Fr; ATTRIBUTES]> {
		let object = values.as_object().ok_or_else(|| {
			Error::Usage("the attribute values must be a JSON object {\"<name>\": value}".into())
		})?;
		if let Some(extra) = object.keys().find(|k| !self.attributes.iter().any(|d| &d.name == *k))
		{
			return Err(Error::Usage(format!("`{extra}` is not an attribute of the schema")));
		}
		let mut slots = [Fr::from(0u64); ATTRIBUTES];
		for (slot, def) in self.attributes.iter().enumerate() {
			let value = object
				.get(&def.name)
				.ok_or_else(|| Error::Usage(format!("no value for attribute `{}`", def.name)))?;
			slots[slot] = encode_value(def.kind, value)
				.map_err(|e| Error::Usage(format!("attribute `{}`: {e}", def.name)))?;
		}
		Ok(slots)
	}
}

/// One attribute value as a field element.
pub fn encode_value(kind: Kind, value: &Value) -> std::result::Result<Fr, String> {
	match (kind, value) {
		(Kind::Integer, Value::Number(n)) => {
			n.as_u64().map(attribute::integer).ok_or_else(|| "not an integer 0..2^64".into())
		},
		(Kind::Date, Value::String(text)) => {
			let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
				.map_err(|e| format!("`{text}` is not a date YYYY-MM-DD: {e}"))?;
			let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).ok_or("no epoch")?;
			let days = u32::try_from((date - epoch).num_days())
				.map_err(|_| format!("`{text}` is before 1970-01-01"))?;
			Ok(attribute::date_days(days))
		},
		(Kind::Boolean, Value::Bool(b)) => Ok(attribute::boolean(*b)),
		(Kind::String, Value::String(text)) => Ok(attribute::string(text)),
		(kind, value) => Err(format!("{value} is not a {kind:?} value").to_lowercase()),
	}
}

/// What a credential's `proofValue` carries (SCALE): everything signed besides the schema
/// id, which the document names.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct CredentialProof {
	/// The circuit version (2).
	pub version: u32,
	/// The holder's commitment.
	pub holder: [u8; 32],
	/// The credential's id (random).
	pub id: [u8; 32],
	/// Expiry, Unix seconds.
	pub expiry: u64,
	/// The revocation registry.
	pub registry: u64,
	/// The slot in it.
	pub index: u32,
	/// The attribute slots.
	pub attributes: [[u8; 32]; ATTRIBUTES],
	/// The EdDSA signature (`R` compressed, then `s`).
	pub signature: [u8; 64],
}

fn multibase(bytes: &[u8]) -> String {
	format!("u{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

fn xml_datetime(seconds: u64) -> Result<String> {
	let seconds = i64::try_from(seconds).map_err(|_| Error::Usage("a time out of range".into()))?;
	chrono::DateTime::from_timestamp(seconds, 0)
		.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
		.ok_or_else(|| Error::Usage("a time out of range".into()))
}

fn now_seconds() -> u64 {
	std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_secs())
		.unwrap_or_default()
}

/// Unix seconds from an RFC 3339 time or a number of seconds.
fn parse_time(text: &str) -> Result<u64> {
	if let Ok(seconds) = text.parse::<u64>() {
		return Ok(seconds);
	}
	let time = chrono::DateTime::parse_from_rfc3339(text).map_err(|e| {
		Error::Usage(format!("`{text}` is neither Unix seconds nor an RFC 3339 time: {e}"))
	})?;
	u64::try_from(time.timestamp()).map_err(|_| Error::Usage(format!("`{text}` is before 1970")))
}

/// The status list URL of `registry`: what the node dereferences.
fn status_list_url(issuer: &str, registry: u64) -> String {
	format!("{issuer}/status-lists/{registry}")
}

/// The credential document of `signed`.
fn document(
	signed: &SignedCredential,
	issuer: &str,
	method: &str,
	schema: &Schema,
	values: &Value,
	purpose: StatusPurpose,
	issued_at: u64,
) -> Result<Value> {
	let credential = &signed.credential;
	let proof = CredentialProof {
		version: credential.version.number(),
		holder: field::to_bytes(&credential.holder),
		id: field::to_bytes(&credential.id),
		expiry: credential.expiry,
		registry: credential.registry_id,
		index: credential.revocation_index,
		attributes: credential.attributes.map(|a| field::to_bytes(&a)),
		signature: signed.signature.to_bytes(),
	};
	let list = status_list_url(issuer, credential.registry_id);
	let index = credential.revocation_index;
	Ok(json!({
		"@context": [CREDENTIALS_V2],
		"id": format!("{CREDENTIAL_URN}{}", hex(&proof.id)),
		"type": ["VerifiableCredential"],
		"issuer": issuer,
		"validFrom": xml_datetime(issued_at)?,
		"validUntil": xml_datetime(credential.expiry)?,
		"credentialSchema": {
			"id": schema.id,
			"type": SCHEMA_TYPE,
			"attributes": schema.attributes,
		},
		"credentialSubject": values,
		"credentialStatus": {
			"id": format!("{list}#{index}"),
			"type": "BitstringStatusListEntry",
			"statusPurpose": purpose_name(purpose),
			"statusListIndex": index.to_string(),
			"statusListCredential": list,
		},
		"proof": {
			"type": "DataIntegrityProof",
			"cryptosuite": CRYPTOSUITE,
			"created": xml_datetime(issued_at)?,
			"verificationMethod": format!("{issuer}#{method}"),
			"proofPurpose": "assertionMethod",
			"proofValue": multibase(&proof.encode()),
		},
	}))
}

fn purpose_name(purpose: StatusPurpose) -> &'static str {
	match purpose {
		StatusPurpose::Revocation => "revocation",
		StatusPurpose::Suspension => "suspension",
	}
}

/// A credential document, read and checked for consistency (not yet against the chain).
pub struct Parsed {
	/// The credential; its `issuer` is the key the proof's verification method must hold.
	pub credential: Credential,
	pub signature: Signature,
	/// The issuer DID.
	pub issuer: DidIdentifier,
	/// The verification method's fragment.
	pub method: String,
	pub schema: Schema,
}

/// Reads a credential document and checks that its readable values are the signed ones.
pub fn parse(document: &Value) -> Result<Parsed> {
	let bad = |what: &str| Error::Usage(format!("not a DIDimo credential: {what}"));
	if document["@context"].get(0).and_then(Value::as_str) != Some(CREDENTIALS_V2) {
		return Err(bad("@context must start with the VC 2.0 context"));
	}
	let types = document["type"].as_array().ok_or_else(|| bad("no type list"))?;
	if !types.iter().any(|t| t == "VerifiableCredential") {
		return Err(bad("type lacks VerifiableCredential"));
	}
	let proof = &document["proof"];
	if proof["type"] != "DataIntegrityProof" || proof["cryptosuite"] != CRYPTOSUITE {
		return Err(bad(&format!("the proof must be a DataIntegrityProof of {CRYPTOSUITE}")));
	}
	let issuer_text = document["issuer"].as_str().ok_or_else(|| bad("no issuer"))?;
	let issuer = didimo_primitives::did::parse_did(issuer_text)
		.map_err(|e| bad(&format!("issuer: {}", e.describe())))?;
	let method = proof["verificationMethod"]
		.as_str()
		.and_then(|vm| vm.strip_prefix(issuer_text))
		.and_then(|rest| rest.strip_prefix('#'))
		.ok_or_else(|| bad("the verification method is not one of the issuer's"))?
		.to_owned();
	let encoded = proof["proofValue"]
		.as_str()
		.and_then(|v| v.strip_prefix('u'))
		.ok_or_else(|| bad("proofValue must be multibase base64url (u...)"))?;
	let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
		.decode(encoded)
		.map_err(|e| bad(&format!("proofValue: {e}")))?;
	let value = CredentialProof::decode(&mut &bytes[..])
		.ok()
		.filter(|v| v.encode() == bytes)
		.ok_or_else(|| bad("proofValue does not decode"))?;
	let version = (value.version == Version::V2.number())
		.then_some(Version::V2)
		.ok_or_else(|| bad("only circuit version 2 credentials are supported"))?;
	let scalar = |bytes: &[u8; 32], what: &str| {
		field::from_bytes(bytes).map_err(|_| bad(&format!("{what} is not a canonical scalar")))
	};
	let mut attributes = [Fr::from(0u64); ATTRIBUTES];
	for (slot, bytes) in attributes.iter_mut().zip(&value.attributes) {
		*slot = scalar(bytes, "an attribute")?;
	}
	let schema: Schema = serde_json::from_value(json!({
		"id": document["credentialSchema"]["id"],
		"attributes": document["credentialSchema"]["attributes"],
	}))
	.map_err(|e| bad(&format!("credentialSchema: {e}")))?;
	schema.check()?;
	if document["credentialSchema"]["type"] != SCHEMA_TYPE {
		return Err(bad(&format!("credentialSchema.type must be {SCHEMA_TYPE}")));
	}
	// The readable values are the signed ones.
	if schema.encode(&document["credentialSubject"])? != attributes {
		return Err(bad("credentialSubject differs from the signed attributes"));
	}
	if document["validUntil"].as_str() != Some(xml_datetime(value.expiry)?.as_str()) {
		return Err(bad("validUntil differs from the signed expiry"));
	}
	let status = &document["credentialStatus"];
	let list = status_list_url(issuer_text, value.registry);
	if status["statusListCredential"].as_str() != Some(list.as_str())
		|| status["statusListIndex"].as_str() != Some(value.index.to_string().as_str())
	{
		return Err(bad("credentialStatus differs from the signed registry and slot"));
	}
	if document["id"].as_str() != Some(format!("{CREDENTIAL_URN}{}", hex(&value.id)).as_str()) {
		return Err(bad("id differs from the signed credential id"));
	}
	let signature = Signature::from_bytes(&value.signature)
		.map_err(|e| bad(&format!("the signature does not decode: {e:?}")))?;
	let credential = Credential {
		version,
		schema: attribute::string(&schema.id),
		holder: scalar(&value.holder, "the holder commitment")?,
		id: scalar(&value.id, "the credential id")?,
		expiry: value.expiry,
		registry_id: value.registry,
		revocation_index: value.index,
		attributes,
	};
	Ok(Parsed { credential, signature, issuer, method, schema })
}

/// The zero-knowledge issuer key the chain checks `did`'s credentials against: the first
/// `assertionMethod` method holding one, with its fragment.
pub fn chain_issuer_key(chain: &Chain, did: &DidIdentifier) -> Result<(String, PublicKey)> {
	let record = resolve(chain, did)?;
	record
		.methods
		.iter()
		.find_map(|method| match &method.key {
			DidPublicKey::ZkIssuer(key)
				if method.relationships.contains(Relationship::AssertionMethod) =>
			{
				Some((String::from_utf8_lossy(&method.id).into_owned(), key.0))
			},
			_ => None,
		})
		.ok_or_else(|| {
			Error::chain(format!(
				"{} has no zero-knowledge issuer key (assertionMethod)",
				format_did(did)
			))
		})
		.and_then(|(id, bytes)| {
			PublicKey::from_bytes(&bytes)
				.map(|key| (id, key))
				.map_err(|e| Error::chain(format!("the chain's issuer key does not decode: {e:?}")))
		})
}

/// A registry as the chain shows it, or an error naming it.
pub fn registry(
	chain: &Chain,
	registry: u64,
) -> Result<RegistryInfo<AccountId, Balance, BlockNumber>> {
	chain
		.runtime_call::<Option<RegistryInfo<AccountId, Balance, BlockNumber>>>(
			"RevocationApi_registry",
			&registry.encode(),
		)?
		.ok_or_else(|| Error::chain(format!("there is no registry {registry}")))
}

/// The status of a slot.
pub fn status(chain: &Chain, registry: u64, index: u32) -> Result<CredentialStatus> {
	let answer: StatusAt<BlockNumber> =
		chain.runtime_call("RevocationApi_status", &(registry, index).encode())?;
	Ok(answer.status)
}

struct IssueRequest {
	did: String,
	schema: PathBuf,
	attributes: PathBuf,
	holder: String,
	registry: u64,
	index: Option<u32>,
	expires: Option<String>,
}

fn read_json(path: &PathBuf) -> Result<Value> {
	let text = fs::read_to_string(path)
		.map_err(|e| Error::Usage(format!("cannot read {}: {e}", path.display())))?;
	serde_json::from_str(&text)
		.map_err(|e| Error::Usage(format!("{} is not JSON: {e}", path.display())))
}

fn issue_command(ctx: &mut Ctx, request: IssueRequest, out: PathBuf) -> Result<()> {
	let schema: Schema = serde_json::from_value(read_json(&request.schema)?)
		.map_err(|e| Error::Usage(format!("{}: not a schema: {e}", request.schema.display())))?;
	schema.check()?;
	let values = read_json(&request.attributes)?;
	let attributes = schema.encode(&values)?;
	let holder = crate::chain::unhex(&request.holder)
		.ok()
		.and_then(|bytes| field::from_bytes(&bytes).ok())
		.ok_or_else(|| Error::Usage("--holder must be a commitment: 0x hex of 32 bytes".into()))?;
	let issued_at = now_seconds();
	let expiry = match &request.expires {
		Some(text) => parse_time(text)?,
		None => issued_at + 365 * 24 * 3600,
	};
	if expiry <= issued_at {
		return Err(Error::Usage("the expiry is in the past".into()));
	}

	// The issuer: the wallet's DID, whose chain key must be one of the wallet's issuer keys.
	let did = did_id(ctx, &request.did)?;
	let did_text = format_did(&did);
	let (method, chain_key) = chain_issuer_key(ctx.chain()?, &did)?;
	let wanted = chain_key.to_bytes();
	let secret = ctx
		.wallet()?
		.data
		.issuer_keys
		.iter()
		.find_map(|entry| {
			secret_key(&entry.secret).ok().filter(|k| k.public_key().to_bytes() == wanted)
		})
		.ok_or_else(|| {
			Error::Usage(format!(
				"the wallet has no issuer key for {did_text}#{method} (public key {})",
				hex(&wanted)
			))
		})?;

	// The registry: the issuer's, and a free slot in it.
	let info = registry(ctx.chain()?, request.registry)?;
	if info.issuer != did {
		return Err(Error::Usage(format!(
			"registry {} belongs to {}, not {did_text}",
			request.registry,
			format_did(&info.issuer)
		)));
	}
	let used: Vec<u32> = ctx
		.wallet()?
		.data
		.issued
		.iter()
		.filter(|e| e.issuer == did_text && e.registry == request.registry)
		.map(|e| e.index)
		.collect();
	let index = match request.index {
		Some(index) => {
			if index >= info.capacity {
				return Err(Error::Usage(format!(
					"slot {index} is out of the registry's {} slots",
					info.capacity
				)));
			}
			if used.contains(&index) {
				return Err(Error::Usage(format!("this wallet already issued slot {index}")));
			}
			index
		},
		None => free_index(ctx.chain()?, request.registry, info.capacity, &used)?,
	};
	if status(ctx.chain()?, request.registry, index)? != CredentialStatus::Active {
		return Err(Error::Usage(format!(
			"slot {index} of registry {} is not active (revoked or suspended)",
			request.registry
		)));
	}

	let mut id = [0u8; 32];
	rand::rngs::OsRng.fill_bytes(&mut id);
	let credential = Credential {
		version: Version::V2,
		schema: attribute::string(&schema.id),
		holder,
		id: field::from_digest(id),
		expiry,
		registry_id: request.registry,
		revocation_index: index,
		attributes,
	};
	let signed =
		issue(&secret, credential).map_err(|e| Error::Usage(format!("cannot issue: {e:?}")))?;
	let doc = document(&signed, &did_text, &method, &schema, &values, info.purpose, issued_at)?;
	let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
	// Recorded before the file is written: a slot is never handed out twice.
	let wallet = ctx.wallet()?;
	let credential_id = doc["id"].as_str().unwrap_or_default().to_owned();
	wallet.data.issued.push(IssuedEntry {
		issuer: did_text.clone(),
		registry: request.registry,
		index,
		id: credential_id.clone(),
	});
	wallet.save()?;
	fs::write(&out, text + "\n")
		.map_err(|e| Error::Usage(format!("cannot write {}: {e}", out.display())))?;
	ctx.emit(
		format!(
			"issued {credential_id}\nregistry {}, slot {index}, expires {}\nwritten to {}",
			request.registry,
			xml_datetime(expiry)?,
			out.display()
		),
		json!({
			"id": credential_id, "registry": request.registry, "index": index,
			"expiry": expiry, "file": out.display().to_string(),
		}),
	);
	Ok(())
}

/// A random slot of the registry that this wallet has not issued and that is active.
fn free_index(chain: &Chain, registry: u64, capacity: u32, used: &[u32]) -> Result<u32> {
	if used.len() as u64 >= u64::from(capacity) {
		return Err(Error::Usage(format!("every slot of registry {registry} is issued")));
	}
	for _ in 0..INDEX_TRIES {
		let index = rand::rngs::OsRng.next_u32() % capacity;
		if !used.contains(&index) && status(chain, registry, index)? == CredentialStatus::Active {
			return Ok(index);
		}
	}
	Err(Error::Usage(format!(
		"no free slot found in registry {registry} after {INDEX_TRIES} tries: pass --index"
	)))
}

/// Checks a parsed credential against the chain: the issuer's current key signed it and the
/// registry is the issuer's.
pub fn check_on_chain(chain: &Chain, parsed: &Parsed) -> Result<SignedCredential> {
	let (method, key) = chain_issuer_key(chain, &parsed.issuer)?;
	let did = format_did(&parsed.issuer);
	if method != parsed.method {
		return Err(Error::Verification(format!(
			"the credential names {did}#{}, but the chain's issuer key is #{method}",
			parsed.method
		)));
	}
	let signed = SignedCredential {
		credential: parsed.credential.clone(),
		issuer: key,
		signature: parsed.signature,
	};
	signed.verify().map_err(|e| {
		Error::Verification(format!(
			"the issuer's signature does not verify with {did}#{method}: {e:?}"
		))
	})?;
	let info = registry(chain, parsed.credential.registry_id)?;
	if info.issuer != parsed.issuer {
		return Err(Error::Verification(format!(
			"registry {} is not {did}'s",
			parsed.credential.registry_id
		)));
	}
	Ok(signed)
}

fn import(ctx: &mut Ctx, file: PathBuf, name: Option<String>) -> Result<()> {
	let document = read_json(&file)?;
	let parsed = parse(&document)?;
	check_on_chain(ctx.chain()?, &parsed)?;
	// Bound to one of the wallet's holder secrets.
	let holders: Vec<HolderEntry> = ctx.wallet()?.data.holders.clone();
	let mut holder = None;
	for entry in &holders {
		if holder_secret(ctx, &entry.name, false)?.commitment(Version::V2)
			== parsed.credential.holder
		{
			holder = Some(entry.name.clone());
		}
	}
	let holder = holder.ok_or_else(|| {
		Error::Verification(
			"the credential is bound to a holder commitment of none of the wallet's holder secrets"
				.into(),
		)
	})?;
	let wallet = ctx.wallet()?;
	let id = document["id"].clone();
	if wallet.data.credentials.iter().any(|c| c.document["id"] == id) {
		return Err(Error::Usage(format!("the wallet already holds {id}")));
	}
	let name = match name {
		Some(name) => name,
		None => (1..)
			.map(|n| format!("cred-{n}"))
			.find(|n| wallet.data.credential(n).is_none())
			.unwrap_or_default(),
	};
	valid_name(&name)?;
	if wallet.data.credential(&name).is_some() {
		return Err(Error::Usage(format!("the wallet already has a credential `{name}`")));
	}
	wallet.data.credentials.push(CredentialEntry {
		name: name.clone(),
		holder: holder.clone(),
		document: document.clone(),
	});
	wallet.save()?;
	ctx.emit(
		format!(
			"imported `{name}`: {} from {} (schema {})",
			id.as_str().unwrap_or_default(),
			format_did(&parsed.issuer),
			parsed.schema.id
		),
		json!({ "name": name, "id": id, "issuer": format_did(&parsed.issuer), "holder": holder }),
	);
	Ok(())
}

fn list(ctx: &mut Ctx) -> Result<()> {
	let entries = ctx.wallet()?.data.credentials.clone();
	let mut rows = Vec::new();
	let mut lines = Vec::new();
	for entry in &entries {
		let parsed = parse(&entry.document)?;
		let credential = &parsed.credential;
		let status = match status(ctx.chain()?, credential.registry_id, credential.revocation_index)
		{
			Ok(status) => status_name(status).to_owned(),
			Err(e) => format!("unknown ({e})"),
		};
		let expired = credential.expiry < now_seconds();
		let subject: BTreeMap<String, Value> =
			serde_json::from_value(entry.document["credentialSubject"].clone()).unwrap_or_default();
		lines.push(format!(
			"{}  {}  schema {}  registry {} slot {}  {status}{}",
			entry.name,
			format_did(&parsed.issuer),
			parsed.schema.id,
			credential.registry_id,
			credential.revocation_index,
			if expired { " (expired)" } else { "" }
		));
		rows.push(json!({
			"name": entry.name, "id": entry.document["id"], "issuer": format_did(&parsed.issuer),
			"schema": parsed.schema.id, "registry": credential.registry_id,
			"index": credential.revocation_index, "status": status, "expired": expired,
			"holder": entry.holder, "credentialSubject": subject,
		}));
	}
	if lines.is_empty() {
		lines.push("no credentials".into());
	}
	ctx.emit(lines.join("\n"), Value::Array(rows));
	Ok(())
}

/// A status's name.
pub fn status_name(status: CredentialStatus) -> &'static str {
	match status {
		CredentialStatus::Active => "active",
		CredentialStatus::Revoked => "revoked",
		CredentialStatus::Suspended => "suspended",
		CredentialStatus::Unknown => "unknown",
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const ISSUER: &str = "did:didimo:kRs9i9k58fH6q6832JuRErmmGbY5ziDQfomodtD7fQTRMPuxS";

	fn schema() -> Schema {
		serde_json::from_value(json!({ "id": "https://didimo.example/schemas/member/v1",
			"attributes": [
				{ "name": "age", "type": "integer" }, { "name": "birthDate", "type": "date" },
				{ "name": "country", "type": "string" }, { "name": "member", "type": "boolean" },
			] }))
		.expect("a schema")
	}

	fn values() -> Value {
		json!({ "age": 30, "birthDate": "1970-01-11", "country": "CH", "member": true })
	}

	/// A signed credential's document, and the key that signed it.
	fn issued() -> (Value, SecretKey) {
		let key = SecretKey::from_bytes(&[7; 32]).expect("a key");
		let schema = schema();
		let credential = Credential {
			version: Version::V2,
			schema: attribute::string(&schema.id),
			holder: Fr::from(5u64),
			id: Fr::from(6u64),
			expiry: 2_000_000_000,
			registry_id: 3,
			revocation_index: 417,
			attributes: schema.encode(&values()).expect("values"),
		};
		let signed = issue(&key, credential).expect("signed");
		let doc = document(
			&signed,
			ISSUER,
			"zk-1",
			&schema,
			&values(),
			StatusPurpose::Revocation,
			1_900_000_000,
		)
		.expect("a document");
		(doc, key)
	}

	#[test]
	fn attributes_encode_by_their_schema_type() {
		let slots = schema().encode(&values()).expect("values");
		assert_eq!(slots[0], attribute::integer(30));
		assert_eq!(slots[1], attribute::date_days(10));
		assert_eq!(slots[2], attribute::string("CH"));
		assert_eq!(slots[3], attribute::boolean(true));
		assert_eq!(slots[4], Fr::from(0u64));
		let refused = [
			json!({ "age": 30, "birthDate": "1970-01-11", "country": "CH" }),
			json!({ "age": "30", "birthDate": "1970-01-11", "country": "CH", "member": true }),
			json!({ "age": -1, "birthDate": "1970-01-11", "country": "CH", "member": true }),
			json!({ "age": 30, "birthDate": "1969-12-31", "country": "CH", "member": true }),
			json!({ "age": 30, "birthDate": "11/01/1970", "country": "CH", "member": true }),
			json!({ "age": 30, "birthDate": "1970-01-11", "country": "CH", "member": true,
				"extra": 1 }),
			json!([30]),
		];
		for values in refused {
			assert!(schema().encode(&values).is_err(), "{values}");
		}
		let nine: Vec<Value> =
			(0..9).map(|i| json!({ "name": format!("a{i}"), "type": "integer" })).collect();
		let big: Schema =
			serde_json::from_value(json!({ "id": "x", "attributes": nine })).expect("parses");
		assert!(big.check().is_err());
		let twice: Schema = serde_json::from_value(json!({ "id": "x", "attributes": [
			{ "name": "a", "type": "integer" }, { "name": "a", "type": "string" }] }))
		.expect("parses");
		assert!(twice.check().is_err());
	}

	#[test]
	fn a_document_reads_back_as_the_signed_credential() {
		let (doc, key) = issued();
		let parsed = parse(&doc).expect("it parses");
		assert_eq!(format_did(&parsed.issuer), ISSUER);
		assert_eq!(parsed.method, "zk-1");
		assert_eq!(parsed.credential.revocation_index, 417);
		let signed = SignedCredential {
			credential: parsed.credential,
			issuer: key.public_key(),
			signature: parsed.signature,
		};
		assert_eq!(signed.verify(), Ok(()));
		assert_eq!(
			doc["credentialStatus"]["statusListCredential"],
			json!(format!("{ISSUER}/status-lists/3"))
		);
		assert_eq!(doc["validUntil"], json!("2033-05-18T03:33:20Z"));
	}

	#[test]
	fn every_readable_value_must_be_the_signed_one() {
		let (doc, _) = issued();
		let changes: [(&str, fn(&mut Value)); 9] = [
			("credentialSubject", |d| d["credentialSubject"]["age"] = json!(31)),
			("validUntil", |d| d["validUntil"] = json!("2033-05-18T03:33:21Z")),
			("credentialStatus", |d| d["credentialStatus"]["statusListIndex"] = json!("418")),
			("credentialStatus", |d| {
				d["credentialStatus"]["statusListCredential"] =
					json!(format!("{ISSUER}/status-lists/4"))
			}),
			("id", |d| d["id"] = json!("urn:didimo:credential:0x00")),
			("attributes", |d| d["credentialSchema"]["attributes"][0]["type"] = json!("string")),
			("proofValue", |d| {
				let v = d["proof"]["proofValue"].as_str().unwrap_or_default().to_owned();
				d["proof"]["proofValue"] = json!(format!("{v}AA"))
			}),
			("cryptosuite", |d| d["proof"]["cryptosuite"] = json!("eddsa-rdfc-2022")),
			("verification method", |d| {
				d["proof"]["verificationMethod"] = json!("did:didimo:other#zk-1")
			}),
		];
		for (what, change) in changes {
			let mut changed = doc.clone();
			change(&mut changed);
			assert!(parse(&changed).is_err(), "a changed {what} is refused");
		}
		// The schema's id is signed (as the schema field): another id fails the signature.
		let mut other = doc.clone();
		other["credentialSchema"]["id"] = json!("https://didimo.example/schemas/other");
		let parsed = parse(&other).expect("readable");
		let key = SecretKey::from_bytes(&[7; 32]).expect("a key");
		let signed = SignedCredential {
			credential: parsed.credential,
			issuer: key.public_key(),
			signature: parsed.signature,
		};
		assert!(signed.verify().is_err());
	}

	#[test]
	fn times_read_as_rfc_3339_or_unix_seconds() {
		assert_eq!(parse_time("1900000000").ok(), Some(1_900_000_000));
		assert_eq!(parse_time("2033-05-18T03:33:20Z").ok(), Some(2_000_000_000));
		assert_eq!(parse_time("2033-05-18T05:33:20+02:00").ok(), Some(2_000_000_000));
		assert!(parse_time("1969-12-31T23:59:59Z").is_err());
		assert!(parse_time("tomorrow").is_err());
	}
}
