//! `did_resolve` and `did_dereference`: W3C DID Resolution and DID URL dereferencing of
//! `did:didimo` DIDs, over JSON-RPC and (through [`ResolveDid`] and
//! [`crate::dereference::Dereferencer`]) the node's HTTP resolver.
//!
//! The answer is a [`ResolutionResult`]: `didDocument`, `didDocumentMetadata` and
//! `didResolutionMetadata`. Resolution errors are in `didResolutionMetadata.error`, not
//! JSON-RPC errors: an RFC 9457 problem details object whose `type` is one of DID
//! Resolution's error URIs (`https://www.w3.org/ns/did#NOT_FOUND`, ...), or, for clients
//! that ask for the legacy media type over HTTP, the bare error token (`notFound`) with
//! `errorMessage` ([`ResolutionResult::to_legacy`]).
//!
//! Resolution options select a version: `versionId` (the document's version number) or
//! `versionTime` (the version current at a date-time). Both are found by binary search over
//! the chain's blocks (a DID's version only grows, as do block times), reading the state of
//! about 2·log2(blocks) blocks, so a node answers for versions whose blocks' state it still
//! has: every version on an archive node (`--state-pruning archive`), recent ones otherwise.
//! The answer names the next version (`nextVersionId`, `nextUpdate`) when there is one.
//!
//! The DID state comes from the `DidApi` runtime API and the dates from `ChainTimeApi` at
//! those blocks, so a light client can build the same answer.

use std::{
	marker::PhantomData,
	sync::{
		atomic::{AtomicU64, Ordering},
		Arc,
	},
};

use didimo_primitives::{
	consent::Moment,
	did::{format_did, parse_did, DidIdentifier, DidParseError, DidPublicKey, Relationship},
	time::ChainTimeApi,
	AccountId, Balance, BlockNumber,
};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use pallet_did_runtime_api::{DidApi as DidRuntimeApi, DidResolution, ResolvedDid};
use schnellru::{ByLength, LruMap};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

use crate::{
	chain_time::{block_time, xml_datetime},
	dereference::{Dereferencer, DereferencingResult},
	error::{Error, Problem},
};
use pallet_revocation_runtime_api::RevocationApi as RevocationRuntimeApi;

/// The legacy (DID Core 1.0) media type of a DID document as JSON-LD.
pub const DID_LD_JSON: &str = "application/did+ld+json";
/// The media type of a DID document (DID Resolution).
pub const DID_MEDIA_TYPE: &str = "application/did";
/// The URL of the DIDimo JSON-LD context, which defines every term the node emits beyond the
/// W3C contexts (`contexts/didimo-v1.jsonld`; the node serves it at `/contexts/didimo/v1`).
pub const DIDIMO_CONTEXT: &str = "https://w3id.org/didimo/v1";
/// The DIDimo JSON-LD context itself, bundled for offline document loaders.
pub const DIDIMO_CONTEXT_DOCUMENT: &str = include_str!("../../contexts/didimo-v1.jsonld");
/// The JSON-LD contexts of a DID Resolution (or DID URL dereferencing) result.
pub const RESOLUTION_CONTEXT: [&str; 2] = ["https://w3id.org/did-resolution/v1", DIDIMO_CONTEXT];
/// The JSON-LD contexts of a DID document: DID Core, the Multikey vocabulary and DIDimo's
/// (for `DidimoJubjubEdDSAKey2026` keys).
pub const DOCUMENT_CONTEXT: [&str; 3] =
	["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1", DIDIMO_CONTEXT];
/// The verification-method type of zero-knowledge issuer keys (see `docs/did-method.md`).
pub const JUBJUB_KEY_TYPE: &str = "DidimoJubjubEdDSAKey2026";

/// A W3C DID Resolution result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResolutionResult {
	/// [`RESOLUTION_CONTEXT`].
	#[serde(rename = "@context")]
	pub context: Vec<String>,
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
	/// The version that replaced this one, when a past version was resolved.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub next_version_id: Option<String>,
	/// When this version was replaced (or the DID deactivated), when a past version was
	/// resolved.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub next_update: Option<String>,
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
	/// The media type of the document's representation: set by the HTTP binding when it
	/// sends a representation; never by `did_resolve`, the `resolve` function, whose
	/// document is the abstract data model.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub content_type: Option<String>,
	/// Why resolution failed.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub error: Option<ResolutionError>,
	/// What was wrong, for people: only beside a legacy error token.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub error_message: Option<String>,
}

/// A resolution error as DID Resolution has it now (an RFC 9457 problem details object), or
/// as it had it before (a bare token, for clients of the legacy media type).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ResolutionError {
	/// `{"type": "https://www.w3.org/ns/did#NOT_FOUND", "title": ..., "detail": ...}`.
	Problem(Problem),
	/// `notFound`, `invalidDid`, ...
	Token(String),
}

/// The errors of DID Resolution and DID URL dereferencing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
	/// The string is not a valid DID.
	InvalidDid,
	/// The string is not a valid DID URL.
	InvalidDidUrl,
	/// A resolution option is malformed, or two conflict.
	InvalidOptions,
	/// No such DID, version or resource.
	NotFound,
	/// None of the media types the client accepts can be produced.
	RepresentationNotSupported,
	/// A DID of another method.
	MethodNotSupported,
	/// A DID URL feature this resolver does not implement (`hl`).
	FeatureNotSupported,
	/// The node failed (a busy queue, a runtime error).
	InternalError,
}

impl ErrorKind {
	/// Every kind, for tests and documentation.
	pub const ALL: [Self; 8] = [
		Self::InvalidDid,
		Self::InvalidDidUrl,
		Self::InvalidOptions,
		Self::NotFound,
		Self::RepresentationNotSupported,
		Self::MethodNotSupported,
		Self::FeatureNotSupported,
		Self::InternalError,
	];

	/// The legacy error token.
	pub fn token(self) -> &'static str {
		match self {
			Self::InvalidDid => "invalidDid",
			Self::InvalidDidUrl => "invalidDidUrl",
			Self::InvalidOptions => "invalidOptions",
			Self::NotFound => "notFound",
			Self::RepresentationNotSupported => "representationNotSupported",
			Self::MethodNotSupported => "methodNotSupported",
			Self::FeatureNotSupported => "featureNotSupported",
			Self::InternalError => "internalError",
		}
	}

	/// The error's URI in DID Resolution.
	pub fn uri(self) -> String {
		let name = match self {
			Self::InvalidDid => "INVALID_DID",
			Self::InvalidDidUrl => "INVALID_DID_URL",
			Self::InvalidOptions => "INVALID_OPTIONS",
			Self::NotFound => "NOT_FOUND",
			Self::RepresentationNotSupported => "REPRESENTATION_NOT_SUPPORTED",
			Self::MethodNotSupported => "METHOD_NOT_SUPPORTED",
			Self::FeatureNotSupported => "FEATURE_NOT_SUPPORTED",
			Self::InternalError => "INTERNAL_ERROR",
		};
		format!("https://www.w3.org/ns/did#{name}")
	}

	/// A short summary, the problem's `title`.
	pub fn title(self) -> &'static str {
		match self {
			Self::InvalidDid => "Invalid DID",
			Self::InvalidDidUrl => "Invalid DID URL",
			Self::InvalidOptions => "Invalid options",
			Self::NotFound => "Not found",
			Self::RepresentationNotSupported => "Representation not supported",
			Self::MethodNotSupported => "Method not supported",
			Self::FeatureNotSupported => "Feature not supported",
			Self::InternalError => "Internal error",
		}
	}

	/// The DID Resolution HTTP binding's status code.
	pub fn http_status(self) -> u16 {
		match self {
			Self::InvalidDid | Self::InvalidDidUrl | Self::InvalidOptions => 400,
			Self::NotFound => 404,
			Self::RepresentationNotSupported => 406,
			Self::InternalError => 500,
			Self::MethodNotSupported | Self::FeatureNotSupported => 501,
		}
	}

	/// The problem details object of this error.
	pub fn problem(self, detail: impl Into<String>) -> Problem {
		Problem { kind: self.uri(), title: self.title().into(), detail: detail.into() }
	}

	/// The kind an error URI or legacy token names.
	pub fn of(error: &ResolutionError) -> Option<Self> {
		Self::ALL.into_iter().find(|kind| match error {
			ResolutionError::Problem(problem) => problem.kind == kind.uri(),
			ResolutionError::Token(token) => token == kind.token(),
		})
	}
}

/// How a resolution ended, which the HTTP binding maps to its status codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
	/// A live DID's document (HTTP 200).
	Found,
	/// The DID was deactivated (HTTP 410).
	Deactivated,
	/// Resolution failed.
	Failed(ErrorKind),
}

impl Outcome {
	/// The DID Resolution HTTP binding's status code.
	pub fn http_status(self) -> u16 {
		match self {
			Self::Found => 200,
			Self::Deactivated => 410,
			Self::Failed(kind) => kind.http_status(),
		}
	}
}

/// DID Resolution's options: which version of the document to resolve. Other options are
/// ignored, as DID Resolution allows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResolutionOptions {
	/// The version number (`versionId` in the document metadata).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub version_id: Option<String>,
	/// A date-time (RFC 3339 / XML Schema `dateTime`): the version current then.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub version_time: Option<String>,
}

/// A version of a document to resolve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionSelector {
	/// The current one.
	Current,
	/// The one with this number.
	Id(u32),
	/// The one current at this chain time (milliseconds since the Unix epoch): the last
	/// block made at or before it. A `versionTime` without fractional seconds is the last
	/// millisecond of its second.
	Time(Moment),
}

impl ResolutionOptions {
	/// The version the options select, or why they are invalid.
	pub fn selector(&self) -> Result<VersionSelector, String> {
		match (&self.version_id, &self.version_time) {
			(Some(_), Some(_)) => Err("versionId and versionTime cannot be used together".into()),
			(Some(id), None) => match id.parse::<u32>() {
				Ok(version) if version >= 1 && !id.starts_with(['+', '0']) => {
					Ok(VersionSelector::Id(version))
				},
				_ => Err(format!(
					"versionId {id:?} is not a version: versions are numbered from 1, in decimal"
				)),
			},
			// A time to the second (as metadata gives them) covers its whole second, so the
			// `updated` time of a version selects that version.
			(None, Some(time)) => chrono::DateTime::parse_from_rfc3339(time)
				.ok()
				.and_then(|t| u64::try_from(t.timestamp_millis()).ok())
				.map(|ms| if time.contains('.') { ms } else { ms + 999 })
				.map(VersionSelector::Time)
				.ok_or_else(|| {
					format!(
						"versionTime {time:?} is not a date-time after 1970 \
						 (use RFC 3339, e.g. 2026-12-01T10:00:00Z)"
					)
				}),
			(None, None) => Ok(VersionSelector::Current),
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
			context: RESOLUTION_CONTEXT.iter().map(|c| c.to_string()).collect(),
			did_document: document,
			did_document_metadata: document_metadata,
			did_resolution_metadata: resolution_metadata,
		}
	}

	/// A failed resolution: no document, and the error as a problem details object.
	pub fn error(kind: ErrorKind, detail: impl Into<String>) -> Self {
		Self::new(
			None,
			DocumentMetadata::default(),
			ResolutionMetadata {
				content_type: None,
				error: Some(ResolutionError::Problem(kind.problem(detail))),
				error_message: None,
			},
		)
	}

	/// The error kind, if resolution failed.
	pub fn error_kind(&self) -> Option<ErrorKind> {
		self.did_resolution_metadata.error.as_ref().and_then(ErrorKind::of)
	}

	/// The result as the legacy media type has it: the error as a bare token with its
	/// detail in `errorMessage`.
	pub fn to_legacy(&mut self) {
		legacy_error(
			&mut self.did_resolution_metadata.error,
			&mut self.did_resolution_metadata.error_message,
		);
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
				..Default::default()
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
				..Default::default()
			},
			ResolutionMetadata::default(),
		)
	}
}

/// Turns a problem details error into the legacy token, its detail into `errorMessage`.
pub fn legacy_error(error: &mut Option<ResolutionError>, message: &mut Option<String>) {
	if let Some(ResolutionError::Problem(problem)) = error.take() {
		let token = ErrorKind::of(&ResolutionError::Problem(problem.clone()))
			.map(|kind| kind.token().to_owned())
			.unwrap_or_else(|| problem.kind.clone());
		*error = Some(ResolutionError::Token(token));
		*message = Some(problem.detail);
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
/// the node's HTTP resolver) name this one bound instead of the client's whole API surface.
pub trait ResolveDid<Block: BlockT> {
	/// Resolves `did` with `options` (a version) as of block `at` (the best block if `None`):
	/// the resolution result and how it ended.
	fn resolve_did(
		&self,
		did: &str,
		options: &ResolutionOptions,
		at: Option<Block::Hash>,
	) -> Result<(Outcome, ResolutionResult), Error>;
}

/// How many resolutions [`ResolutionCache`] keeps in the node: a few blocks' worth of answers
/// for thousands of distinct DIDs, about a kilobyte each.
pub const RESOLUTION_CACHE: u32 = 4096;

/// A resolution and how it ended, shared by every request that asks for it.
pub type CachedResolution = Arc<(Outcome, ResolutionResult)>;

/// Current-version resolutions per (block, DID), least recently used first out.
///
/// The answer for a DID as of a block never changes: it is that block's state and the times
/// of the (finalized, in practice) blocks where the DID was created and last updated. So the
/// node answers a DID again at the same block from here, without running the runtime API.
/// Each new best block starts new entries, and older ones age out. Only current-version
/// answers are kept: a `versionId` or `versionTime` search walks the canonical chain, which
/// may still change under a block that is not finalized, and is rarely asked twice.
pub struct ResolutionCache<Hash> {
	entries: std::sync::Mutex<LruMap<(Hash, String), CachedResolution, ByLength>>,
	hits: AtomicU64,
	misses: AtomicU64,
}

impl<Hash: std::hash::Hash + Eq + Clone> ResolutionCache<Hash> {
	/// A cache of at most `capacity` answers.
	pub fn new(capacity: u32) -> Self {
		Self {
			entries: std::sync::Mutex::new(LruMap::new(ByLength::new(capacity))),
			hits: AtomicU64::new(0),
			misses: AtomicU64::new(0),
		}
	}

	/// The cached answer for `did` as of block `at`, if there is one.
	pub fn get(&self, at: &Hash, did: &str) -> Option<CachedResolution> {
		let found = self.lock().get(&(at.clone(), did.to_owned())).cloned();
		let counter = if found.is_some() { &self.hits } else { &self.misses };
		counter.fetch_add(1, Ordering::Relaxed);
		found
	}

	/// Keeps `answer` as the resolution of `did` as of block `at`.
	pub fn insert(&self, at: Hash, did: &str, answer: CachedResolution) {
		self.lock().insert((at, did.to_owned()), answer);
	}

	/// How many answers are kept.
	pub fn len(&self) -> usize {
		self.lock().len()
	}

	/// Whether no answer is kept.
	pub fn is_empty(&self) -> bool {
		self.len() == 0
	}

	/// Lookups answered from the cache, and lookups that were not, since the start.
	pub fn stats(&self) -> (u64, u64) {
		(self.hits.load(Ordering::Relaxed), self.misses.load(Ordering::Relaxed))
	}

	fn lock(
		&self,
	) -> std::sync::MutexGuard<'_, LruMap<(Hash, String), CachedResolution, ByLength>> {
		// Nothing that runs under the lock can panic (only a failed allocation, which
		// aborts), so a poisoned lock still guards a whole map.
		self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
	}
}

/// A failed resolution, as [`ResolveDid::resolve_did`] answers it.
fn failed(kind: ErrorKind, detail: impl Into<String>) -> (Outcome, ResolutionResult) {
	(Outcome::Failed(kind), ResolutionResult::error(kind, detail))
}

/// Why a version search could not read a block.
enum Lookup {
	/// The node no longer has this block's state (or never had the block).
	Missing(BlockNumber),
	/// Reading failed otherwise.
	Failed(Error),
}

impl From<Error> for Lookup {
	fn from(error: Error) -> Self {
		Self::Failed(error)
	}
}

/// A DID's history on the best chain up to block `tip`, read block by block.
struct History<'a, C, Block: BlockT> {
	client: &'a C,
	did: &'a DidIdentifier,
	tip: BlockNumber,
	_block: PhantomData<Block>,
}

type Resolution = DidResolution<AccountId, Balance, BlockNumber>;

impl<C, Block> History<'_, C, Block>
where
	Block: BlockT,
	Block::Header: sp_runtime::traits::Header<Number = BlockNumber>,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
	C::Api: DidRuntimeApi<Block, AccountId, Balance, BlockNumber> + ChainTimeApi<Block>,
{
	fn hash(&self, number: BlockNumber) -> Result<Block::Hash, Lookup> {
		self.client
			.hash(number)
			.map_err(|e| Error::Client(e.to_string()))?
			.ok_or(Lookup::Missing(number))
	}

	/// The DID as of block `number`.
	fn at(&self, number: BlockNumber) -> Result<Resolution, Lookup> {
		let hash = self.hash(number)?;
		self.client
			.runtime_api()
			.resolve(hash, self.did.clone())
			.map_err(|_| Lookup::Missing(number))
	}

	/// The chain time of block `number`.
	fn time(&self, number: BlockNumber) -> Result<Moment, Lookup> {
		block_time::<Block, C>(self.client, number)?.ok_or(Lookup::Missing(number))
	}

	/// The first block of `from..=self.tip` at which `holds` is true, with the DID as of
	/// it; `holds` must be false up to some block and true from it on.
	fn first(
		&self,
		from: BlockNumber,
		holds: impl Fn(&Resolution) -> bool,
	) -> Result<Option<(BlockNumber, Resolution)>, Lookup> {
		// The answer is always the lowest block probed true, so its state is kept rather
		// than read again.
		let mut lowest: Option<(BlockNumber, Resolution)> = None;
		let found = first_true(from, self.tip, |n| {
			let resolution = self.at(n)?;
			let held = holds(&resolution);
			if held && lowest.as_ref().is_none_or(|(at, _)| n < *at) {
				lowest = Some((n, resolution));
			}
			Ok::<_, Lookup>(held)
		})?;
		match (found, lowest) {
			(Some(n), Some((at, resolution))) if n == at => Ok(Some((n, resolution))),
			(Some(n), _) => Ok(Some((n, self.at(n)?))),
			(None, _) => Ok(None),
		}
	}

	/// The last block of `0..=self.tip` made at or before chain time `time`.
	fn last_at_or_before(&self, time: Moment) -> Result<BlockNumber, Lookup> {
		last_at_or_before::<Block, C>(self.client, self.tip, time)
	}
}

/// The last block of `0..=tip` on the best chain made at or before chain time `time` (genesis,
/// which has no time, if every later block was made after it).
fn last_at_or_before<Block, C>(
	client: &C,
	tip: BlockNumber,
	time: Moment,
) -> Result<BlockNumber, Lookup>
where
	Block: BlockT,
	Block::Header: sp_runtime::traits::Header<Number = BlockNumber>,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
	C::Api: ChainTimeApi<Block>,
{
	let made_after = |n| -> Result<bool, Lookup> {
		Ok(block_time::<Block, C>(client, n)?.ok_or(Lookup::Missing(n))? > time)
	};
	Ok(first_true(1, tip, made_after)?.map_or(tip, |n| n - 1))
}

/// What a version search answers when the node no longer has a block's state it needs.
pub const PRUNED: &str = "this node no longer has the state of a block that this version \
	search needs: ask an archive node (--state-pruning archive)";

/// The hash of the last block on the best chain up to `at` made at or before chain time
/// `time`; `None` if the node no longer has the state the search needs.
pub fn block_at_time<Block, C>(
	client: &C,
	at: Block::Hash,
	time: Moment,
) -> Result<Option<Block::Hash>, Error>
where
	Block: BlockT,
	Block::Header: sp_runtime::traits::Header<Number = BlockNumber>,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
	C::Api: ChainTimeApi<Block>,
{
	let tip = client
		.number(at)
		.map_err(|e| Error::Client(e.to_string()))?
		.ok_or_else(|| Error::Client(format!("unknown block {at:?}")))?;
	match last_at_or_before::<Block, C>(client, tip, time) {
		Ok(block) => client.hash(block).map_err(|e| Error::Client(e.to_string())),
		Err(Lookup::Missing(_)) => Ok(None),
		Err(Lookup::Failed(error)) => Err(error),
	}
}

/// The first `n` in `from..=to` for which `holds(n)` is true: `holds` must be false below
/// some point and true from it on. The search gallops back from `to` (probing `to - 1`,
/// `to - 2`, `to - 4`, ...) until `holds` is false, then bisects that last step, so it reads
/// only blocks between the answer and the tip, about 2·log2(to - answer) of them: a node that
/// keeps only recent state still answers for recent versions.
pub fn first_true<E>(
	from: BlockNumber,
	to: BlockNumber,
	mut holds: impl FnMut(BlockNumber) -> Result<bool, E>,
) -> Result<Option<BlockNumber>, E> {
	if from > to || !holds(to)? {
		return Ok(None);
	}
	// holds(high) is true; find `low` with holds(low - 1) false (or low == from).
	let (mut high, mut step) = (to, 1u32);
	let mut low = loop {
		let probe = high.saturating_sub(step).max(from);
		if probe == high {
			break from;
		}
		if holds(probe)? {
			high = probe;
			if probe == from {
				break from;
			}
			step = step.saturating_mul(2);
		} else {
			break probe + 1;
		}
	};
	// holds is false below `low` (or `low` is `from`) and true at `high`.
	while low < high {
		let mid = low + (high - low) / 2;
		if holds(mid)? {
			high = mid;
		} else {
			low = mid + 1;
		}
	}
	Ok(Some(low))
}

/// Whether a DID was at version `version` or later (or deactivated) as of a block.
fn reached(resolution: &Resolution, version: u32) -> bool {
	match resolution {
		DidResolution::Active(record) => record.version >= version,
		DidResolution::Deactivated { .. } => true,
		DidResolution::NotFound => false,
	}
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
		options: &ResolutionOptions,
		at: Option<Block::Hash>,
	) -> Result<(Outcome, ResolutionResult), Error> {
		let identifier = match parse_did(did) {
			Ok(identifier) => identifier,
			Err(DidParseError::MethodNotSupported) => {
				return Ok(failed(
					ErrorKind::MethodNotSupported,
					DidParseError::MethodNotSupported.describe(),
				))
			},
			Err(error) => return Ok(failed(ErrorKind::InvalidDid, error.describe())),
		};
		let selector = match options.selector() {
			Ok(selector) => selector,
			Err(detail) => return Ok(failed(ErrorKind::InvalidOptions, detail)),
		};
		let at = at.unwrap_or_else(|| self.info().best_hash);
		let current = self
			.runtime_api()
			.resolve(at, identifier.clone())
			.map_err(|e| Error::RuntimeApi(e.to_string()))?;
		if selector == VersionSelector::Current {
			return result_at::<Block, C>(self, &identifier, current);
		}
		// DIDs are never removed (a deactivated one is tombstoned), so one unknown now never
		// existed: no version to search for.
		if current == DidResolution::NotFound {
			return Ok(failed(
				ErrorKind::NotFound,
				"no DID with this identifier exists on this chain",
			));
		}
		let tip = self
			.number(at)
			.map_err(|e| Error::Client(e.to_string()))?
			.ok_or_else(|| Error::Client(format!("unknown block {at:?}")))?;
		let history =
			History::<C, Block> { client: self, did: &identifier, tip, _block: PhantomData };
		match versioned(&history, current, selector) {
			Ok(answer) => Ok(answer),
			Err(Lookup::Failed(error)) => Err(error),
			Err(Lookup::Missing(block)) => {
				Ok(failed(ErrorKind::NotFound, format!("{PRUNED} (block {block})")))
			},
		}
	}
}

/// The version `selector` names of the DID whose current state is `current`, with the next
/// version's number and time when it is not the last.
fn versioned<C, Block>(
	history: &History<'_, C, Block>,
	current: Resolution,
	selector: VersionSelector,
) -> Result<(Outcome, ResolutionResult), Lookup>
where
	Block: BlockT,
	Block::Header: sp_runtime::traits::Header<Number = BlockNumber>,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
	C::Api: DidRuntimeApi<Block, AccountId, Balance, BlockNumber> + ChainTimeApi<Block>,
{
	let not_found = |detail: String| Ok(failed(ErrorKind::NotFound, detail));
	let (block, resolution) = match selector {
		VersionSelector::Current => (history.tip, current.clone()),
		VersionSelector::Id(version) => {
			match &current {
				DidResolution::NotFound => {
					return not_found("no DID with this identifier exists on this chain".into())
				},
				DidResolution::Active(record) if record.version == version => {
					return result_at::<Block, C>(history.client, history.did, current)
						.map_err(Lookup::Failed)
				},
				DidResolution::Active(record) if record.version < version => {
					return not_found(format!(
						"version {version} does not exist: the latest is {}",
						record.version
					))
				},
				_ => {},
			}
			let from = match &current {
				DidResolution::Active(record) => record.created,
				_ => 0,
			};
			match history.first(from, |r| reached(r, version))? {
				Some((block, DidResolution::Active(record))) if record.version == version => {
					(block, DidResolution::Active(record))
				},
				Some((_, DidResolution::Active(record))) => {
					return not_found(format!(
						"version {version} was replaced by version {} in the block that made \
						 it, so no block's state holds it",
						record.version
					))
				},
				_ => return not_found(format!("version {version} does not exist")),
			}
		},
		VersionSelector::Time(time) => {
			let block = history.last_at_or_before(time)?;
			let resolution = history.at(block)?;
			if resolution == DidResolution::NotFound {
				return not_found("the DID did not exist at that time".into());
			}
			(block, resolution)
		},
	};
	// The next version, if this one is not the DID's state as of the tip.
	let next = match &resolution {
		DidResolution::Active(record) if resolution != current => {
			let next = record.version.saturating_add(1);
			history.first(block.saturating_add(1), |r| reached(r, next))?
		},
		_ => None,
	};
	let (outcome, mut result) =
		result_at::<Block, C>(history.client, history.did, resolution).map_err(Lookup::Failed)?;
	if let Some((next_block, next)) = next {
		let metadata = &mut result.did_document_metadata;
		if let DidResolution::Active(record) = next {
			metadata.next_version_id = Some(record.version.to_string());
		}
		metadata.next_update = history.time(next_block).ok().and_then(xml_datetime);
	}
	Ok((outcome, result))
}

/// The resolution result of a DID as of a block (`resolution`, read there).
fn result_at<Block, C>(
	client: &C,
	identifier: &DidIdentifier,
	resolution: Resolution,
) -> Result<(Outcome, ResolutionResult), Error>
where
	Block: BlockT,
	Block::Header: sp_runtime::traits::Header<Number = BlockNumber>,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
	C::Api: DidRuntimeApi<Block, AccountId, Balance, BlockNumber> + ChainTimeApi<Block>,
{
	let date = |block| -> Result<Option<String>, Error> {
		Ok(block_time::<Block, C>(client, block)?.and_then(xml_datetime))
	};
	Ok(match resolution {
		DidResolution::Active(record) => {
			let (created, updated) = (date(record.created)?, date(record.updated)?);
			(Outcome::Found, ResolutionResult::found(identifier, &record, created, updated))
		},
		DidResolution::Deactivated { at: block } => {
			// The last document: the state of the block before the deactivation, if the node
			// still has it (an archive node always does).
			let before = block
				.checked_sub(1)
				.and_then(|n| client.hash(n).ok().flatten())
				.and_then(|hash| client.runtime_api().resolve(hash, identifier.clone()).ok());
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
				ResolutionResult::deactivated(identifier, block, date(block)?, last),
			)
		},
		DidResolution::NotFound => {
			failed(ErrorKind::NotFound, "no DID with this identifier exists on this chain")
		},
	})
}

/// The `did_*` JSON-RPC methods.
#[rpc(client, server)]
pub trait DidApi<BlockHash> {
	/// Resolves a DID as of block `at` (default: the best block) to a W3C DID Resolution
	/// result; `options` may select a version (`versionId` or `versionTime`).
	#[method(name = "did_resolve")]
	async fn resolve(
		&self,
		did: String,
		at: Option<BlockHash>,
		options: Option<ResolutionOptions>,
	) -> RpcResult<ResolutionResult>;

	/// Dereferences a DID URL (a DID with a fragment, `service` and `relativeRef`, a
	/// version, or the path of a status list) as of block `at` (default: the best block) to
	/// a W3C DID URL dereferencing result.
	#[method(name = "did_dereference")]
	async fn dereference(
		&self,
		did_url: String,
		options: Option<ResolutionOptions>,
		at: Option<BlockHash>,
	) -> RpcResult<DereferencingResult>;
}

/// The `did_*` JSON-RPC methods, over a client.
pub struct Did<C, Block: BlockT> {
	client: Arc<C>,
	dereferencer: Arc<Dereferencer<C, Block>>,
}

impl<C, Block: BlockT> Did<C, Block> {
	/// The methods over `client`, dereferencing with `dereferencer`.
	pub fn new(client: Arc<C>, dereferencer: Arc<Dereferencer<C, Block>>) -> Self {
		Self { client, dereferencer }
	}
}

#[jsonrpsee::core::async_trait]
impl<C, Block> DidApiServer<Block::Hash> for Did<C, Block>
where
	Block: BlockT,
	Block::Header: sp_runtime::traits::Header<Number = BlockNumber>,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DidRuntimeApi<Block, AccountId, Balance, BlockNumber>
		+ RevocationRuntimeApi<Block, AccountId, Balance, BlockNumber>
		+ ChainTimeApi<Block>,
{
	async fn resolve(
		&self,
		did: String,
		at: Option<Block::Hash>,
		options: Option<ResolutionOptions>,
	) -> RpcResult<ResolutionResult> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let answer = self.dereferencer.resolve(&did, options.unwrap_or_default(), at).await?;
		Ok(answer.1.clone())
	}

	async fn dereference(
		&self,
		did_url: String,
		options: Option<ResolutionOptions>,
		at: Option<Block::Hash>,
	) -> RpcResult<DereferencingResult> {
		let dereferenced =
			self.dereferencer.dereference(&did_url, options.unwrap_or_default(), at).await?;
		Ok(dereferenced.into_result())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use didimo_primitives::did::{DidVerificationKey, Relationships, X25519Key};
	use pallet_did_runtime_api::{ResolvedMethod, ResolvedService};
	use serde_json::json;
	use sp_core::{sr25519, Pair};

	fn answer(detail: &str) -> CachedResolution {
		Arc::new(failed(ErrorKind::NotFound, detail))
	}

	#[test]
	fn resolutions_are_cached_per_block_and_did() {
		let cache = ResolutionCache::<u32>::new(2);
		assert!(cache.get(&1, "did:didimo:a").is_none());
		cache.insert(1, "did:didimo:a", answer("a at 1"));
		let hit = cache.get(&1, "did:didimo:a").expect("cached");
		assert_eq!(hit.1, failed(ErrorKind::NotFound, "a at 1").1);
		// Another block, or another DID, is another answer.
		assert!(cache.get(&2, "did:didimo:a").is_none());
		assert!(cache.get(&1, "did:didimo:b").is_none());
		assert_eq!(cache.stats(), (1, 3));
	}

	#[test]
	fn the_resolution_cache_keeps_the_most_recently_used() {
		let cache = ResolutionCache::<u32>::new(2);
		cache.insert(1, "did:didimo:a", answer("a"));
		cache.insert(1, "did:didimo:b", answer("b"));
		// Using `a` makes `b` the oldest, which the third answer pushes out.
		assert!(cache.get(&1, "did:didimo:a").is_some());
		cache.insert(2, "did:didimo:a", answer("a at 2"));
		assert_eq!(cache.len(), 2);
		assert!(cache.get(&1, "did:didimo:b").is_none());
		assert!(cache.get(&1, "did:didimo:a").is_some());
		assert!(cache.get(&2, "did:didimo:a").is_some());
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
			"@context": ["https://w3id.org/did-resolution/v1", "https://w3id.org/didimo/v1"],
			"didDocument": {
				"@context": [
					"https://www.w3.org/ns/did/v1",
					"https://w3id.org/security/multikey/v1",
					"https://w3id.org/didimo/v1",
				],
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
	fn malformed_dids_resolve_to_problem_details() {
		let mut result = ResolutionResult::error(
			ErrorKind::InvalidDid,
			DidParseError::InvalidAddress.describe(),
		);
		let value = serde_json::to_value(&result).expect("serializes");
		assert_eq!(
			value["didResolutionMetadata"],
			json!({"error": {
				"type": "https://www.w3.org/ns/did#INVALID_DID",
				"title": "Invalid DID",
				"detail": DidParseError::InvalidAddress.describe(),
			}})
		);
		assert!(value["didDocument"].is_null());
		assert_eq!(value["didDocumentMetadata"], json!({}));
		assert_eq!(result.error_kind(), Some(ErrorKind::InvalidDid));
		// The legacy form: the token and errorMessage.
		result.to_legacy();
		assert_eq!(
			serde_json::to_value(&result).expect("serializes")["didResolutionMetadata"],
			json!({"error": "invalidDid", "errorMessage": DidParseError::InvalidAddress.describe()})
		);
		assert_eq!(result.error_kind(), Some(ErrorKind::InvalidDid));
	}

	#[test]
	fn every_error_has_its_uri_token_and_status() {
		let expected = [
			("INVALID_DID", "invalidDid", 400),
			("INVALID_DID_URL", "invalidDidUrl", 400),
			("INVALID_OPTIONS", "invalidOptions", 400),
			("NOT_FOUND", "notFound", 404),
			("REPRESENTATION_NOT_SUPPORTED", "representationNotSupported", 406),
			("METHOD_NOT_SUPPORTED", "methodNotSupported", 501),
			("FEATURE_NOT_SUPPORTED", "featureNotSupported", 501),
			("INTERNAL_ERROR", "internalError", 500),
		];
		for (kind, (name, token, status)) in ErrorKind::ALL.into_iter().zip(expected) {
			assert_eq!(kind.uri(), format!("https://www.w3.org/ns/did#{name}"));
			assert_eq!((kind.token(), kind.http_status()), (token, status));
			assert_eq!(ErrorKind::of(&ResolutionError::Token(token.into())), Some(kind));
			assert_eq!(ErrorKind::of(&ResolutionError::Problem(kind.problem("x"))), Some(kind));
		}
		assert_eq!(Outcome::Found.http_status(), 200);
		assert_eq!(Outcome::Deactivated.http_status(), 410);
	}

	#[test]
	fn options_select_one_version() {
		let options = |id: Option<&str>, time: Option<&str>| ResolutionOptions {
			version_id: id.map(str::to_owned),
			version_time: time.map(str::to_owned),
		};
		assert_eq!(options(None, None).selector(), Ok(VersionSelector::Current));
		assert_eq!(options(Some("3"), None).selector(), Ok(VersionSelector::Id(3)));
		// A time to the second covers its second; a finer one is taken as it is.
		assert_eq!(
			options(None, Some("2026-11-26T01:00:00Z")).selector(),
			Ok(VersionSelector::Time(1_795_654_800_999))
		);
		assert_eq!(
			options(None, Some("2026-11-26T01:00:00.250Z")).selector(),
			Ok(VersionSelector::Time(1_795_654_800_250))
		);
		// Offsets are normalised to UTC.
		assert_eq!(
			options(None, Some("2026-11-26T02:00:00+01:00")).selector(),
			Ok(VersionSelector::Time(1_795_654_800_999))
		);
		for bad in ["0", "01", "+1", "-1", "x", "4294967296", ""] {
			assert!(options(Some(bad), None).selector().is_err(), "{bad}");
		}
		for bad in ["yesterday", "2026-11-26", "1969-12-31T23:59:59Z", ""] {
			assert!(options(None, Some(bad)).selector().is_err(), "{bad}");
		}
		assert!(options(Some("1"), Some("2026-11-26T01:00:00Z")).selector().is_err());
	}

	/// The binary search finds the first block where a monotone predicate holds, in about
	/// log2 steps, and `None` when it holds nowhere.
	#[test]
	fn binary_search_finds_the_first_block_that_holds() {
		for to in 0..40u32 {
			for from in 0..=to {
				for point in from..=to + 1 {
					let mut calls = 0;
					let found = first_true(from, to, |n| {
						calls += 1;
						Ok::<_, ()>(n >= point)
					});
					let expected = (point <= to).then_some(point);
					assert_eq!(found, Ok(expected), "{from}..={to}, true from {point}");
					// Galloping back from `to`, then bisecting: about 2·log2 of the distance.
					let distance = to - expected.unwrap_or(to) + 1;
					let bound = 2 + 2 * (32 - distance.leading_zeros());
					assert!(calls <= bound, "{calls} calls for {from}..={to}, true from {point}");
				}
			}
		}
		assert_eq!(first_true(5, 4, |_| Ok::<_, ()>(true)), Ok(None));
		assert_eq!(first_true(0, u32::MAX, |n| Ok::<_, ()>(n == u32::MAX)), Ok(Some(u32::MAX)));
		assert_eq!(first_true(0, u32::MAX, |_| Ok::<_, ()>(true)), Ok(Some(0)));
		// Only blocks near the tip are read when the answer is near the tip: a node without
		// old state still finds it.
		let mut lowest = u32::MAX;
		let found = first_true(0, 1_000_000, |n| {
			lowest = lowest.min(n);
			Ok::<_, ()>(n >= 999_990)
		});
		assert_eq!(found, Ok(Some(999_990)));
		assert!(lowest >= 1_000_000 - 32, "read block {lowest}");
		// An error stops the search.
		assert_eq!(
			first_true(0, 10, |n| if n == 10 { Err("pruned") } else { Ok(true) }),
			Err("pruned")
		);
	}

	#[test]
	fn a_version_is_reached_by_later_versions_and_deactivation() {
		let (_, record) = rich_record();
		let active = DidResolution::Active(record);
		assert!(reached(&active, 4) && reached(&active, 1) && !reached(&active, 5));
		assert!(reached(&DidResolution::Deactivated { at: 3 }, 99));
		assert!(!reached(&DidResolution::NotFound, 1));
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
				"@context": RESOLUTION_CONTEXT,
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
