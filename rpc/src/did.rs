//! `did_resolve`: W3C DID Resolution of `did:didimo` DIDs, over JSON-RPC and (through
//! [`ResolveDid`]) the node's Universal Resolver HTTP driver.
//!
//! The answer is a [`ResolutionResult`]: `didDocument`, `didDocumentMetadata` and
//! `didResolutionMetadata`. Resolution errors (`invalidDid`, `methodNotSupported`, `notFound`)
//! are in `didResolutionMetadata.error`, not JSON-RPC errors. The DID state comes from the
//! `DidApi` runtime API and the dates of `created` and `updated` from `ChainTimeApi` at those
//! blocks, so a light client can build the same answer.

use std::{marker::PhantomData, sync::Arc};

use didimo_primitives::{
	did::{format_did, parse_did, DidIdentifier, DidParseError, DidPublicKey, Relationship},
	time::ChainTimeApi,
	AccountId, Balance, BlockNumber,
};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use pallet_did_runtime_api::{DidApi as DidRuntimeApi, DidResolution, ResolvedDid};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

use crate::{
	chain_time::{block_time, xml_datetime},
	error::Error,
};

/// The media type of a DID document in a resolution result.
pub const DID_LD_JSON: &str = "application/did+ld+json";
/// The JSON-LD context of a DID Resolution result.
pub const RESOLUTION_CONTEXT: &str = "https://w3id.org/did-resolution/v1";
/// The JSON-LD contexts of a DID document: DID Core and the Multikey vocabulary.
pub const DOCUMENT_CONTEXT: [&str; 2] =
	["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"];
/// The verification-method type of zero-knowledge issuer keys (see `docs/did-method.md`).
pub const JUBJUB_KEY_TYPE: &str = "DidimoJubjubEdDSAKey2026";

/// A W3C DID Resolution result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResolutionResult {
	/// `https://w3id.org/did-resolution/v1`.
	#[serde(rename = "@context")]
	pub context: String,
	/// The DID document: a live DID's, or a deactivated DID's last one (a minimal one if the
	/// node no longer has it); `null` when resolution failed.
	pub did_document: Option<DidDocument>,
	/// Metadata about the document.
	pub did_document_metadata: DocumentMetadata,
	/// Metadata about the resolution.
	pub did_resolution_metadata: ResolutionMetadata,
}

/// One value or several, as DID Core allows for `controller`, a service's `type` and
/// `serviceEndpoint`: a single value is written bare.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
	/// Exactly one.
	One(T),
	/// None or several.
	Many(Vec<T>),
}

impl<T> From<Vec<T>> for OneOrMany<T> {
	fn from(mut items: Vec<T>) -> Self {
		match items.len() {
			1 => OneOrMany::One(items.remove(0)),
			_ => OneOrMany::Many(items),
		}
	}
}

/// A W3C DID Core document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DidDocument {
	/// [`DOCUMENT_CONTEXT`].
	#[serde(rename = "@context")]
	pub context: Vec<String>,
	/// The DID.
	pub id: String,
	/// The DID itself, then its controllers.
	pub controller: OneOrMany<String>,
	/// Every key, in the order the chain stores them.
	pub verification_method: Vec<VerificationMethod>,
	/// References (`<did>#<fragment>`) to the keys serving each relationship; a relationship
	/// no key serves is left out.
	#[serde(default, skip_serializing_if = "Vec::is_empty")]
	pub authentication: Vec<String>,
	/// See [`Self::authentication`].
	#[serde(default, skip_serializing_if = "Vec::is_empty")]
	pub assertion_method: Vec<String>,
	/// See [`Self::authentication`].
	#[serde(default, skip_serializing_if = "Vec::is_empty")]
	pub key_agreement: Vec<String>,
	/// See [`Self::authentication`].
	#[serde(default, skip_serializing_if = "Vec::is_empty")]
	pub capability_invocation: Vec<String>,
	/// See [`Self::authentication`].
	#[serde(default, skip_serializing_if = "Vec::is_empty")]
	pub capability_delegation: Vec<String>,
	/// Services; left out when there are none.
	#[serde(default, skip_serializing_if = "Vec::is_empty")]
	pub service: Vec<Service>,
}

impl DidDocument {
	/// The references to the keys serving `relationship`.
	pub fn relationship(&self, relationship: Relationship) -> &[String] {
		match relationship {
			Relationship::Authentication => &self.authentication,
			Relationship::AssertionMethod => &self.assertion_method,
			Relationship::KeyAgreement => &self.key_agreement,
			Relationship::CapabilityInvocation => &self.capability_invocation,
			Relationship::CapabilityDelegation => &self.capability_delegation,
		}
	}

	fn relationship_mut(&mut self, relationship: Relationship) -> &mut Vec<String> {
		match relationship {
			Relationship::Authentication => &mut self.authentication,
			Relationship::AssertionMethod => &mut self.assertion_method,
			Relationship::KeyAgreement => &mut self.key_agreement,
			Relationship::CapabilityInvocation => &mut self.capability_invocation,
			Relationship::CapabilityDelegation => &mut self.capability_delegation,
		}
	}
}

/// A verification method of a DID document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerificationMethod {
	/// `<did>#<fragment>`.
	pub id: String,
	/// `Multikey`, or [`JUBJUB_KEY_TYPE`].
	#[serde(rename = "type")]
	pub kind: String,
	/// The DID.
	pub controller: String,
	/// The key: multibase base58btc (`z`) of the multicodec varint and the key bytes (only the
	/// key bytes for Jubjub keys, which have no multicodec).
	pub public_key_multibase: String,
}

/// A service of a DID document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
	/// `<did>#<fragment>`.
	pub id: String,
	/// Its type or types.
	#[serde(rename = "type")]
	pub kind: OneOrMany<String>,
	/// Its endpoint URI or URIs.
	pub service_endpoint: OneOrMany<String>,
}

/// DID document metadata.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentMetadata {
	/// When the DID was created (XML `dateTime`); left out if the node no longer has that
	/// block's state.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub created: Option<String>,
	/// When the document last changed, or when the DID was deactivated.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub updated: Option<String>,
	/// The document's version: 1 at creation, one more with every change.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub version_id: Option<String>,
	/// Whether the DID was deactivated; left out when it was not found.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub deactivated: Option<bool>,
	/// The block the DID was created in, in decimal: DID Core §7.3 allows metadata values
	/// that are strings, maps, lists, booleans or null, not numbers.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub didimo_created_block: Option<String>,
	/// The block of the document's last change, in decimal.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub didimo_updated_block: Option<String>,
	/// The block the DID was deactivated in, in decimal.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub didimo_deactivated_block: Option<String>,
}

/// DID resolution metadata: the document's media type, or the error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResolutionMetadata {
	/// The media type of the document's representation: set by the HTTP binding (DID
	/// Resolution's `resolveRepresentation`), [`DID_LD_JSON`]; never by `did_resolve`, the
	/// `resolve` function, whose document is the abstract data model.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub content_type: Option<String>,
	/// `invalidDid`, `methodNotSupported` or `notFound`.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub error: Option<String>,
	/// What was wrong, for people.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub error_message: Option<String>,
}

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

impl ResolutionResult {
	fn new(
		document: Option<DidDocument>,
		document_metadata: DocumentMetadata,
		resolution_metadata: ResolutionMetadata,
	) -> Self {
		Self {
			context: RESOLUTION_CONTEXT.into(),
			did_document: document,
			did_document_metadata: document_metadata,
			did_resolution_metadata: resolution_metadata,
		}
	}

	/// A resolution error (`invalidDid`, `methodNotSupported`, `notFound`) and its message.
	pub fn error(error: &str, message: &str) -> Self {
		Self::new(
			None,
			DocumentMetadata::default(),
			ResolutionMetadata {
				content_type: None,
				error: Some(error.into()),
				error_message: Some(message.into()),
			},
		)
	}

	/// A DID deactivated in block `block` (at `when`), with its last document: `last`, the
	/// record before deactivation (and when it was created), if the node still has that
	/// block's state; otherwise a minimal document (the DID, controlled by itself, with no
	/// keys). As DID Resolution has it: a document, `deactivated: true`, no error.
	pub fn deactivated(
		did: &DidIdentifier,
		block: BlockNumber,
		when: Option<String>,
		last: Option<(&ResolvedDid<AccountId, Balance, BlockNumber>, Option<String>)>,
	) -> Self {
		let document = match &last {
			Some((record, _)) => document(did, record),
			None => minimal_document(did),
		};
		let (created, version_id, created_block) = match last {
			Some((record, created)) => {
				(created, Some(record.version.to_string()), Some(record.created.to_string()))
			},
			None => (None, None, None),
		};
		Self::new(
			Some(document),
			DocumentMetadata {
				created,
				updated: when,
				version_id,
				deactivated: Some(true),
				didimo_created_block: created_block,
				didimo_updated_block: None,
				didimo_deactivated_block: Some(block.to_string()),
			},
			ResolutionMetadata::default(),
		)
	}

	/// The document and metadata of a live DID, created and last updated at the given times.
	pub fn found(
		did: &DidIdentifier,
		record: &ResolvedDid<AccountId, Balance, BlockNumber>,
		created: Option<String>,
		updated: Option<String>,
	) -> Self {
		Self::new(
			Some(document(did, record)),
			DocumentMetadata {
				created,
				updated,
				version_id: Some(record.version.to_string()),
				deactivated: Some(false),
				didimo_created_block: Some(record.created.to_string()),
				didimo_updated_block: Some(record.updated.to_string()),
				didimo_deactivated_block: None,
			},
			ResolutionMetadata::default(),
		)
	}
}

/// The document of a deactivated DID whose last document the node no longer has: the DID,
/// controlled by itself, with no keys.
pub fn minimal_document(did: &DidIdentifier) -> DidDocument {
	let id = format_did(did);
	DidDocument {
		context: DOCUMENT_CONTEXT.iter().map(|c| c.to_string()).collect(),
		id: id.clone(),
		controller: vec![id].into(),
		verification_method: Vec::new(),
		authentication: Vec::new(),
		assertion_method: Vec::new(),
		key_agreement: Vec::new(),
		capability_invocation: Vec::new(),
		capability_delegation: Vec::new(),
		service: Vec::new(),
	}
}

/// The W3C DID document of a live DID.
pub fn document(
	did: &DidIdentifier,
	record: &ResolvedDid<AccountId, Balance, BlockNumber>,
) -> DidDocument {
	let id = format_did(did);
	let fragment = |f: &[u8]| format!("{id}#{}", String::from_utf8_lossy(f));
	let text = |items: &[Vec<u8>]| -> OneOrMany<String> {
		items.iter().map(|i| String::from_utf8_lossy(i).into_owned()).collect::<Vec<_>>().into()
	};
	let controllers = std::iter::once(id.clone()).chain(record.controllers.iter().map(format_did));
	let mut document = DidDocument {
		context: DOCUMENT_CONTEXT.iter().map(|c| c.to_string()).collect(),
		id: id.clone(),
		controller: controllers.collect::<Vec<_>>().into(),
		verification_method: record
			.methods
			.iter()
			.map(|m| {
				let (kind, multibase) = key_multibase(&m.key);
				VerificationMethod {
					id: fragment(&m.id),
					kind: kind.into(),
					controller: id.clone(),
					public_key_multibase: multibase,
				}
			})
			.collect(),
		authentication: Vec::new(),
		assertion_method: Vec::new(),
		key_agreement: Vec::new(),
		capability_invocation: Vec::new(),
		capability_delegation: Vec::new(),
		service: record
			.services
			.iter()
			.map(|s| Service {
				id: fragment(&s.id),
				kind: text(&s.types),
				service_endpoint: text(&s.endpoints),
			})
			.collect(),
	};
	for method in &record.methods {
		for relationship in method.relationships.iter() {
			document.relationship_mut(relationship).push(fragment(&method.id));
		}
	}
	document
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
			return (JUBJUB_KEY_TYPE, format!("z{}", bs58::encode(key.0).into_string()))
		},
	};
	let mut raw = codec.to_vec();
	raw.extend_from_slice(bytes);
	("Multikey", format!("z{}", bs58::encode(raw).into_string()))
}

/// DID resolution from chain state, for every client that can do it: callers (the RPC module,
/// the node's HTTP driver) name this one bound instead of the client's whole API surface.
pub trait ResolveDid<Block: BlockT> {
	/// Resolves `did` at block `at` (the best block if `None`): the resolution result and how
	/// it ended.
	fn resolve_did(
		&self,
		did: &str,
		at: Option<Block::Hash>,
	) -> Result<(Outcome, ResolutionResult), Error>;
}

impl<Block, C> ResolveDid<Block> for C
where
	Block: BlockT,
	Block::Header: sp_runtime::traits::Header<Number = BlockNumber>,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
	C::Api: DidRuntimeApi<Block, AccountId, Balance, BlockNumber> + ChainTimeApi<Block>,
{
	fn resolve_did(
		&self,
		did: &str,
		at: Option<Block::Hash>,
	) -> Result<(Outcome, ResolutionResult), Error> {
		let identifier = match parse_did(did) {
			Ok(identifier) => identifier,
			Err(DidParseError::MethodNotSupported) => {
				return Ok((
					Outcome::MethodNotSupported,
					ResolutionResult::error(
						"methodNotSupported",
						DidParseError::MethodNotSupported.describe(),
					),
				))
			},
			Err(error) => {
				return Ok((
					Outcome::InvalidDid,
					ResolutionResult::error("invalidDid", error.describe()),
				))
			},
		};
		let at = at.unwrap_or_else(|| self.info().best_hash);
		let resolution = self
			.runtime_api()
			.resolve(at, identifier.clone())
			.map_err(|e| Error::RuntimeApi(e.to_string()))?;
		let date = |block| -> Result<Option<String>, Error> {
			Ok(block_time::<Block, C>(self, block)?.and_then(xml_datetime))
		};
		Ok(match resolution {
			DidResolution::Active(record) => {
				let (created, updated) = (date(record.created)?, date(record.updated)?);
				(Outcome::Found, ResolutionResult::found(&identifier, &record, created, updated))
			},
			DidResolution::Deactivated { at: block } => {
				// The last document: the state of the block before the deactivation, if the
				// node still has it (an archive node always does).
				let before = block
					.checked_sub(1)
					.and_then(|n| self.hash(n).ok().flatten())
					.and_then(|hash| self.runtime_api().resolve(hash, identifier.clone()).ok());
				let last = match before {
					Some(DidResolution::Active(record)) => {
						let created = date(record.created)?;
						Some((record, created))
					},
					_ => None,
				};
				let last = last.as_ref().map(|(record, created)| (record, created.clone()));
				(
					Outcome::Deactivated,
					ResolutionResult::deactivated(&identifier, block, date(block)?, last),
				)
			},
			DidResolution::NotFound => (
				Outcome::NotFound,
				ResolutionResult::error(
					"notFound",
					"no DID with this identifier exists on this chain",
				),
			),
		})
	}
}

/// The `did_*` JSON-RPC methods.
#[rpc(client, server)]
pub trait DidApi<BlockHash> {
	/// Resolves a DID at block `at` (default: the best block) to a W3C DID Resolution result.
	#[method(name = "did_resolve", blocking)]
	fn resolve(&self, did: String, at: Option<BlockHash>) -> RpcResult<ResolutionResult>;
}

/// The `did_*` JSON-RPC methods, over a client.
pub struct Did<C, Block> {
	client: Arc<C>,
	_marker: PhantomData<Block>,
}

impl<C, Block> Did<C, Block> {
	/// The methods over `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

impl<C, Block> DidApiServer<Block::Hash> for Did<C, Block>
where
	Block: BlockT,
	C: ResolveDid<Block> + Send + Sync + 'static,
{
	fn resolve(&self, did: String, at: Option<Block::Hash>) -> RpcResult<ResolutionResult> {
		self.client.resolve_did(&did, at).map(|(_, result)| result).map_err(Into::into)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use didimo_primitives::did::{DidVerificationKey, Relationships, X25519Key};
	use pallet_did_runtime_api::{ResolvedMethod, ResolvedService};
	use serde_json::json;
	use sp_core::{sr25519, Pair};

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
		let (did, record) = rich_record();
		let controller = DidIdentifier::new([7; 32]);
		let id = format_did(&did);
		let result = ResolutionResult::found(
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
				"didimoCreatedBlock": "10",
				"didimoUpdatedBlock": "12",
			},
			"didResolutionMetadata": {},
		});
		let value = serde_json::to_value(&result).expect("serializes");
		assert_eq!(value, expected);
		// The typed result reads back what it wrote.
		assert_eq!(serde_json::from_value::<ResolutionResult>(value).expect("parses"), result);
	}

	/// A DID of Alice's key with two keys, a controller and a service, at version 4.
	fn rich_record() -> (DidIdentifier, ResolvedDid<AccountId, Balance, BlockNumber>) {
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
		(did, record)
	}

	/// A deactivated DID whose last state the node has: that document, its creation and
	/// last version, the deactivation block, no error and no media type.
	#[test]
	fn deactivated_dids_resolve_to_their_last_document() {
		let (did, record) = rich_record();
		let result = ResolutionResult::deactivated(
			&did,
			13,
			Some("2026-11-26T00:00:13Z".into()),
			Some((&record, Some("2026-11-26T00:00:00Z".into()))),
		);
		assert_eq!(result.did_document, Some(document(&did, &record)));
		assert_eq!(
			serde_json::to_value(&result).expect("serializes")["didDocumentMetadata"],
			json!({
				"created": "2026-11-26T00:00:00Z",
				"updated": "2026-11-26T00:00:13Z",
				"versionId": "4",
				"deactivated": true,
				"didimoCreatedBlock": "10",
				"didimoDeactivatedBlock": "13",
			})
		);
		assert_eq!(result.did_resolution_metadata, ResolutionMetadata::default());
	}

	#[test]
	fn a_did_without_controllers_controls_itself() {
		let did = DidIdentifier::new([3; 32]);
		let record = ResolvedDid {
			methods: vec![],
			controllers: vec![],
			services: vec![],
			owner: AccountId::new([1; 32]),
			deposit: 0,
			counter: 0,
			created: 1,
			updated: 1,
			version: 1,
		};
		let value = serde_json::to_value(document(&did, &record)).expect("serializes");
		assert_eq!(value["controller"], json!(format_did(&did)));
		assert!(value.get("service").is_none() && value.get("authentication").is_none());
	}

	#[test]
	fn malformed_dids_resolve_to_resolution_errors() {
		let result = serde_json::to_value(ResolutionResult::error(
			"invalidDid",
			DidParseError::InvalidAddress.describe(),
		))
		.expect("serializes");
		assert_eq!(result["didResolutionMetadata"]["error"], "invalidDid");
		assert!(result["didDocument"].is_null());
		assert_eq!(result["didDocumentMetadata"], json!({}));
		assert_eq!(Outcome::InvalidDid.http_status(), 400);
		assert_eq!(Outcome::NotFound.http_status(), 404);
		assert_eq!(Outcome::Deactivated.http_status(), 410);
	}

	#[test]
	fn deactivated_dids_report_the_block_and_a_minimal_document_without_their_last_state() {
		let did = DidIdentifier::new([7; 32]);
		let id = format_did(&did);
		let result = serde_json::to_value(ResolutionResult::deactivated(
			&did,
			7,
			Some("2026-11-26T00:00:00Z".into()),
			None,
		))
		.expect("serializes");
		assert_eq!(
			result,
			json!({
				"@context": "https://w3id.org/did-resolution/v1",
				"didDocument": {
					"@context": DOCUMENT_CONTEXT,
					"id": id,
					"controller": id,
					"verificationMethod": [],
				},
				"didDocumentMetadata": {
					"deactivated": true,
					"updated": "2026-11-26T00:00:00Z",
					"didimoDeactivatedBlock": "7",
				},
				"didResolutionMetadata": {},
			})
		);
	}
}
