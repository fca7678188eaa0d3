//! `did_resolve`: W3C DID Resolution of `did:didimo` DIDs, over JSON-RPC and (through
//! [`resolve`]) the node's Universal Resolver HTTP driver.
//!
//! The answer is the DID Resolution result: `didDocument`, `didDocumentMetadata` and
//! `didResolutionMetadata`. Resolution errors (`invalidDid`, `methodNotSupported`,
//! `notFound`) are in `didResolutionMetadata.error`, not JSON-RPC errors. The DID state comes
//! from the `DidApi` runtime API; the node adds only the block timestamps of `created` and
//! `updated`, which live in the state of those blocks.

use std::{marker::PhantomData, sync::Arc};

use didimo_primitives::{
	did::{format_did, parse_did, DidIdentifier, DidParseError, DidPublicKey, Relationship},
	AccountId, Balance, BlockNumber,
};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use pallet_did_runtime_api::{DidApi as DidRuntimeApi, DidResolution, ResolvedDid};
use sc_client_api::StorageProvider;
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

use crate::error::Error;

/// The media type of a DID document in a resolution result.
pub const DID_LD_JSON: &str = "application/did+ld+json";

/// How a resolution ended, which the HTTP binding maps to its status codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
	/// A live DID's document (HTTP 200).
	Found,
	/// The string is not a valid DID (HTTP 400, `invalidDid`).
	InvalidDid,
	/// A DID of another method (HTTP 501, `methodNotSupported`).
	MethodNotSupported,
	/// No such DID (HTTP 404, `notFound`).
	NotFound,
	/// The DID was deactivated (HTTP 410).
	Deactivated,
}

impl Outcome {
	/// The DID Resolution HTTP binding's status code.
	pub fn http_status(self) -> u16 {
		match self {
			Self::Found => 200,
			Self::InvalidDid => 400,
			Self::MethodNotSupported => 501,
			Self::NotFound => 404,
			Self::Deactivated => 410,
		}
	}
}

/// Resolves `did` at block `at` (the best block if `None`): the resolution result and how it
/// ended.
pub fn resolve<Block, C, BE>(
	client: &C,
	did: &str,
	at: Option<Block::Hash>,
) -> Result<(Outcome, Value), Error>
where
	Block: BlockT,
	Block::Header: sp_runtime::traits::Header<Number = BlockNumber>,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + StorageProvider<Block, BE>,
	C::Api: DidRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	BE: sc_client_api::Backend<Block>,
{
	let identifier = match parse_did(did) {
		Ok(identifier) => identifier,
		Err(DidParseError::MethodNotSupported) => {
			return Ok((
				Outcome::MethodNotSupported,
				error_result("methodNotSupported", DidParseError::MethodNotSupported),
			))
		},
		Err(error) => return Ok((Outcome::InvalidDid, error_result("invalidDid", error))),
	};
	let at = at.unwrap_or_else(|| client.info().best_hash);
	let resolution = client
		.runtime_api()
		.resolve(at, identifier.clone())
		.map_err(|e| Error::RuntimeApi(e.to_string()))?;
	Ok(match resolution {
		DidResolution::Active(record) => {
			let created = block_time(client, record.created)?;
			let updated = block_time(client, record.updated)?;
			(Outcome::Found, found_result(&identifier, &record, created, updated))
		},
		DidResolution::Deactivated { at: block } => {
			let when = block_time(client, block)?;
			(
				Outcome::Deactivated,
				json!({
					"@context": "https://w3id.org/did-resolution/v1",
					"didDocument": null,
					"didDocumentMetadata": {
						"deactivated": true,
						"updated": when,
						"didimoDeactivatedBlock": block,
					},
					"didResolutionMetadata": { "contentType": DID_LD_JSON },
				}),
			)
		},
		DidResolution::NotFound => (
			Outcome::NotFound,
			json!({
				"@context": "https://w3id.org/did-resolution/v1",
				"didDocument": null,
				"didDocumentMetadata": {},
				"didResolutionMetadata": {
					"error": "notFound",
					"errorMessage": "no DID with this identifier exists on this chain",
				},
			}),
		),
	})
}

/// DID resolution from chain state, for every client that can do it: callers (the RPC module,
/// the node's HTTP driver) name this one bound instead of the client's whole API surface.
pub trait ResolveDid<Block: BlockT, BE> {
	/// Resolves `did` at `at` (the best block if `None`); see [`resolve`].
	fn resolve_did(&self, did: &str, at: Option<Block::Hash>) -> Result<(Outcome, Value), Error>;
}

impl<Block, C, BE> ResolveDid<Block, BE> for C
where
	Block: BlockT,
	Block::Header: sp_runtime::traits::Header<Number = BlockNumber>,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + StorageProvider<Block, BE>,
	C::Api: DidRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	BE: sc_client_api::Backend<Block>,
{
	fn resolve_did(&self, did: &str, at: Option<Block::Hash>) -> Result<(Outcome, Value), Error> {
		resolve::<Block, C, BE>(self, did, at)
	}
}

fn error_result(error: &str, reason: DidParseError) -> Value {
	json!({
		"@context": "https://w3id.org/did-resolution/v1",
		"didDocument": null,
		"didDocumentMetadata": {},
		"didResolutionMetadata": { "error": error, "errorMessage": reason.describe() },
	})
}

/// The DID document and metadata of a live DID.
pub fn found_result(
	did: &DidIdentifier,
	record: &ResolvedDid<AccountId, Balance, BlockNumber>,
	created: Option<String>,
	updated: Option<String>,
) -> Value {
	let id = format_did(did);
	let fragment = |f: &[u8]| format!("{id}#{}", String::from_utf8_lossy(f));
	let methods: Vec<Value> = record
		.methods
		.iter()
		.map(|m| {
			let (kind, multibase) = key_multibase(&m.key);
			json!({
				"id": fragment(&m.id),
				"type": kind,
				"controller": id,
				"publicKeyMultibase": multibase,
			})
		})
		.collect();
	let mut document = json!({
		"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
		"id": id,
		"verificationMethod": methods,
	});
	let controllers: Vec<String> = record.controllers.iter().map(format_did).collect();
	document["controller"] = if controllers.is_empty() {
		json!(id)
	} else {
		json!(std::iter::once(id.clone()).chain(controllers).collect::<Vec<_>>())
	};
	for relationship in Relationship::ALL {
		let refs: Vec<String> = record
			.methods
			.iter()
			.filter(|m| m.relationships.contains(relationship))
			.map(|m| fragment(&m.id))
			.collect();
		if !refs.is_empty() {
			document[relationship.name()] = json!(refs);
		}
	}
	if !record.services.is_empty() {
		let one_or_many = |items: &[Vec<u8>]| -> Value {
			let strings: Vec<String> =
				items.iter().map(|i| String::from_utf8_lossy(i).into_owned()).collect();
			match strings.as_slice() {
				[single] => json!(single),
				_ => json!(strings),
			}
		};
		document["service"] = record
			.services
			.iter()
			.map(|s| {
				json!({
					"id": fragment(&s.id),
					"type": one_or_many(&s.types),
					"serviceEndpoint": one_or_many(&s.endpoints),
				})
			})
			.collect();
	}
	json!({
		"@context": "https://w3id.org/did-resolution/v1",
		"didDocument": document,
		"didDocumentMetadata": {
			"created": created,
			"updated": updated,
			"versionId": record.version.to_string(),
			"deactivated": false,
			"didimoCreatedBlock": record.created,
			"didimoUpdatedBlock": record.updated,
		},
		"didResolutionMetadata": { "contentType": DID_LD_JSON },
	})
}

/// A key's verification-method type and `publicKeyMultibase` (base58btc, `z` prefix, of the
/// multicodec varint and the key bytes).
pub fn key_multibase(key: &DidPublicKey) -> (&'static str, String) {
	let (codec, bytes): (&[u8], &[u8]) = match key {
		DidPublicKey::Verification(key) => key.multicodec(),
		// x25519-pub (0xec).
		DidPublicKey::KeyAgreement(key) => (&[0xec, 0x01], &key.0[..]),
		// No multicodec exists for Jubjub EdDSA keys: the raw compressed point, under a
		// DIDimo-specific type (see docs/did-method.md).
		DidPublicKey::ZkIssuer(key) => {
			return ("DidimoJubjubEdDSAKey2026", format!("z{}", bs58::encode(key.0).into_string()))
		},
	};
	let mut raw = codec.to_vec();
	raw.extend_from_slice(bytes);
	("Multikey", format!("z{}", bs58::encode(raw).into_string()))
}

/// The timestamp of block `number` as an XML datetime (`2026-11-26T01:02:03Z`); `None` if
/// the node no longer has that block's state (pruned).
pub(crate) fn block_time<Block, C, BE>(
	client: &C,
	number: BlockNumber,
) -> Result<Option<String>, Error>
where
	Block: BlockT,
	Block::Header: sp_runtime::traits::Header<Number = BlockNumber>,
	C: HeaderBackend<Block> + StorageProvider<Block, BE>,
	BE: sc_client_api::Backend<Block>,
{
	let Some(hash) = client.hash(number).map_err(|e| Error::Client(e.to_string()))? else {
		return Ok(None);
	};
	let mut key = sp_crypto_hashing::twox_128(b"Timestamp").to_vec();
	key.extend(sp_crypto_hashing::twox_128(b"Now"));
	let value = client.storage(hash, &sp_storage::StorageKey(key)).ok().flatten();
	Ok(value.and_then(|v| {
		let bytes: [u8; 8] = v.0.get(..8)?.try_into().ok()?;
		Some(xml_datetime(u64::from_le_bytes(bytes) / 1000))
	}))
}

/// Seconds since the Unix epoch as `YYYY-MM-DDThh:mm:ssZ` (proleptic Gregorian, UTC).
pub fn xml_datetime(secs: u64) -> String {
	let days = (secs / 86_400) as i64;
	let rem = secs % 86_400;
	// Howard Hinnant's days-to-civil.
	let z = days + 719_468;
	let era = z.div_euclid(146_097);
	let doe = z.rem_euclid(146_097);
	let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
	let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	let mp = (5 * doy + 2) / 153;
	let day = doy - (153 * mp + 2) / 5 + 1;
	let month = if mp < 10 { mp + 3 } else { mp - 9 };
	let year = yoe + era * 400 + i64::from(month <= 2);
	format!(
		"{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
		rem / 3_600,
		(rem % 3_600) / 60,
		rem % 60
	)
}

/// The `did_*` JSON-RPC methods.
#[rpc(client, server)]
pub trait DidApi<BlockHash> {
	/// Resolves a DID at block `at` (default: the best block) to a W3C DID Resolution result.
	#[method(name = "did_resolve", blocking)]
	fn resolve(&self, did: String, at: Option<BlockHash>) -> RpcResult<Value>;
}

/// The `did_*` JSON-RPC methods, over a client.
pub struct Did<C, Block, BE> {
	client: Arc<C>,
	_marker: PhantomData<(Block, BE)>,
}

impl<C, Block, BE> Did<C, Block, BE> {
	/// The methods over `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

impl<C, Block, BE> DidApiServer<Block::Hash> for Did<C, Block, BE>
where
	Block: BlockT,
	Block::Header: sp_runtime::traits::Header<Number = BlockNumber>,
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ StorageProvider<Block, BE>
		+ Send
		+ Sync
		+ 'static,
	C::Api: DidRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	BE: sc_client_api::Backend<Block> + Send + Sync + 'static,
{
	fn resolve(&self, did: String, at: Option<Block::Hash>) -> RpcResult<Value> {
		resolve(&*self.client, &did, at).map(|(_, result)| result).map_err(Into::into)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use didimo_primitives::did::{DidVerificationKey, Relationships, X25519Key};
	use pallet_did_runtime_api::{ResolvedMethod, ResolvedService};
	use sp_core::{sr25519, Pair};

	#[test]
	fn xml_datetime_matches_known_dates() {
		assert_eq!(xml_datetime(0), "1970-01-01T00:00:00Z");
		assert_eq!(xml_datetime(951_782_400), "2000-02-29T00:00:00Z");
		assert_eq!(xml_datetime(1_795_654_800), "2026-11-26T01:00:00Z");
		assert_eq!(xml_datetime(4_107_542_399), "2100-02-28T23:59:59Z");
	}

	#[test]
	fn multikey_encodings_follow_multicodec() {
		let key = sr25519::Pair::from_string("//Alice", None).expect("dev seed").public();
		let (kind, multibase) =
			key_multibase(&DidPublicKey::Verification(DidVerificationKey::Sr25519(key)));
		assert_eq!(kind, "Multikey");
		let raw = bs58::decode(&multibase[1..]).into_vec().expect("base58btc");
		assert_eq!(&raw[..2], &[0xef, 0x01]);
		assert_eq!(&raw[2..], &key.0[..]);
		let (_, x) = key_multibase(&DidPublicKey::KeyAgreement(X25519Key([9; 32])));
		// ed25519 and x25519 multikeys start with z6Mk / z6LS.
		assert!(x.starts_with("z6LS"), "{x}");
		let ed = sp_core::ed25519::Pair::from_string("//Alice", None).expect("dev seed").public();
		let (_, e) = key_multibase(&DidPublicKey::Verification(DidVerificationKey::Ed25519(ed)));
		assert!(e.starts_with("z6Mk"), "{e}");
	}

	/// A rich DID renders to exactly the expected W3C document.
	#[test]
	fn rich_did_document_matches_the_expected_json() {
		let key = sr25519::Pair::from_string("//Alice", None).expect("dev seed").public();
		let did = DidVerificationKey::Sr25519(key).derive_did();
		let controller = DidIdentifier::new([7; 32]);
		let record = ResolvedDid {
			methods: vec![
				ResolvedMethod {
					id: b"key-1".to_vec(),
					key: DidPublicKey::Verification(DidVerificationKey::Sr25519(key)),
					relationships: Relationships::from(Relationship::Authentication)
						.with(Relationship::CapabilityInvocation),
				},
				ResolvedMethod {
					id: b"enc".to_vec(),
					key: DidPublicKey::KeyAgreement(X25519Key([9; 32])),
					relationships: Relationship::KeyAgreement.into(),
				},
			],
			controllers: vec![controller.clone()],
			services: vec![ResolvedService {
				id: b"web".to_vec(),
				types: vec![b"LinkedDomains".to_vec()],
				endpoints: vec![b"https://example.com".to_vec()],
			}],
			owner: AccountId::new([1; 32]),
			deposit: 5,
			counter: 3,
			created: 10,
			updated: 12,
			version: 4,
		};
		let id = format_did(&did);
		let result = found_result(
			&did,
			&record,
			Some("2026-11-26T00:00:00Z".into()),
			Some("2026-11-26T00:00:12Z".into()),
		);
		let (_, sr) = key_multibase(&record.methods[0].key);
		let (_, x) = key_multibase(&record.methods[1].key);
		let expected = json!({
			"@context": "https://w3id.org/did-resolution/v1",
			"didDocument": {
				"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
				"id": id,
				"controller": [id, format_did(&controller)],
				"verificationMethod": [
					{ "id": format!("{id}#key-1"), "type": "Multikey", "controller": id, "publicKeyMultibase": sr },
					{ "id": format!("{id}#enc"), "type": "Multikey", "controller": id, "publicKeyMultibase": x },
				],
				"authentication": [format!("{id}#key-1")],
				"keyAgreement": [format!("{id}#enc")],
				"capabilityInvocation": [format!("{id}#key-1")],
				"service": [{
					"id": format!("{id}#web"),
					"type": "LinkedDomains",
					"serviceEndpoint": "https://example.com",
				}],
			},
			"didDocumentMetadata": {
				"created": "2026-11-26T00:00:00Z",
				"updated": "2026-11-26T00:00:12Z",
				"versionId": "4",
				"deactivated": false,
				"didimoCreatedBlock": 10,
				"didimoUpdatedBlock": 12,
			},
			"didResolutionMetadata": { "contentType": "application/did+ld+json" },
		});
		assert_eq!(result, expected);
	}

	#[test]
	fn malformed_dids_resolve_to_resolution_errors() {
		let result = error_result("invalidDid", DidParseError::InvalidAddress);
		assert_eq!(result["didResolutionMetadata"]["error"], "invalidDid");
		assert!(result["didDocument"].is_null());
		assert_eq!(Outcome::InvalidDid.http_status(), 400);
		assert_eq!(Outcome::NotFound.http_status(), 404);
		assert_eq!(Outcome::Deactivated.http_status(), 410);
	}
}
