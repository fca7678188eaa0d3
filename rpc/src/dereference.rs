//! DID URL dereferencing (W3C DID Resolution §5) of `did:didimo` DID URLs, for the
//! `did_dereference` JSON-RPC method and the node's HTTP resolver.
//!
//! What a DID URL can name:
//! - the DID document: a bare DID, or one with `versionId` / `versionTime`;
//! - a verification method or service of the document: `<did>#<fragment>`;
//! - a service endpoint: `<did>?service=<fragment>`, with `relativeRef=<reference>` resolved
//!   against the endpoint (RFC 3986), and a fragment carried over to it;
//! - a status list: `<did>/status-lists/<registry>`, the registry's W3C
//!   `BitstringStatusListCredential` as of the block (or of `versionTime`), if `<did>` is the
//!   registry's issuer.
//!
//! DID URL parameters and resolution options are the same four names (`versionId`,
//! `versionTime`, `service`, `relativeRef`) and may come from either; a name given twice with
//! different values is an error. `hl` is refused (`FEATURE_NOT_SUPPORTED`) rather than ignored,
//! since ignoring an integrity check would be unsafe; other parameters are ignored.

use std::sync::Arc;

use didimo_primitives::{time::ChainTimeApi, AccountId, Balance, BlockNumber};
use jsonrpsee::{core::RpcResult, types::error::ErrorObjectOwned};
use pallet_did_runtime_api::DidApi as DidRuntimeApi;
use pallet_revocation_runtime_api::{RegistryId, RevocationApi as RevocationRuntimeApi};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

use crate::{
	did::{
		block_at_time, legacy_error, CachedResolution, DocumentMetadata, ErrorKind, Outcome,
		ResolutionCache, ResolutionError, ResolutionMetadata, ResolutionOptions, ResolutionResult,
		ResolveDid, VersionSelector, DID_MEDIA_TYPE, DOCUMENT_CONTEXT, PRUNED, RESOLUTION_CACHE,
		RESOLUTION_CONTEXT,
	},
	error::Error,
	limit::Limiter,
	revocation::{self, StatusListCache, StatusListCredential},
};

/// The media type of a Verifiable Credential (VC Data Model 2.0), a status list's.
pub const VC_MEDIA_TYPE: &str = "application/vc";
/// The media type of a list of URIs, a selected service endpoint's.
pub const URI_LIST: &str = "text/uri-list";
/// The path of a status list under its issuer's DID, before the registry number.
pub const STATUS_LISTS_PATH: &str = "/status-lists/";

/// A DID URL split into its parts (DID Core §3.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DidUrl {
	/// `did:<method>:<method-specific id>`.
	pub did: String,
	/// The path (from its `/`), empty if none.
	pub path: String,
	/// The query's parameters, percent-decoded, in order.
	pub params: Vec<(String, String)>,
	/// The fragment, percent-decoded.
	pub fragment: Option<String>,
}

impl DidUrl {
	/// Splits `url`; an error says what is malformed.
	pub fn parse(url: &str) -> Result<Self, String> {
		let (rest, fragment) = match url.split_once('#') {
			Some((rest, fragment)) => {
				let decoded = percent_encoding::percent_decode_str(fragment)
					.decode_utf8()
					.map_err(|_| "the fragment is not valid percent-encoded UTF-8".to_owned())?;
				(rest, Some(decoded.into_owned()))
			},
			None => (url, None),
		};
		let (rest, query) = match rest.split_once('?') {
			Some((rest, query)) => (rest, Some(query)),
			None => (rest, None),
		};
		let (did, path) = match rest.find('/') {
			Some(at) => rest.split_at(at),
			None => (rest, ""),
		};
		if !did.starts_with("did:") {
			return Err(format!("{url:?} is not a DID URL: it must start with did:"));
		}
		// RFC 3986 query parameters: `&`-separated `name=value`, percent-decoded; unlike HTML
		// forms, `+` is a plus (a `versionTime` offset), not a space.
		let decode = |text: &str| {
			percent_encoding::percent_decode_str(text)
				.decode_utf8()
				.map(|t| t.into_owned())
				.map_err(|_| {
					format!("the query parameter {text:?} is not valid percent-encoded UTF-8")
				})
		};
		let params = query
			.unwrap_or_default()
			.split('&')
			.filter(|pair| !pair.is_empty())
			.map(|pair| {
				let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
				Ok((decode(name)?, decode(value)?))
			})
			.collect::<Result<Vec<_>, String>>()?;
		Ok(Self { did: did.to_owned(), path: path.to_owned(), params, fragment })
	}
}

/// The parameters a dereference uses, from the DID URL and the options together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Parameters {
	version_id: Option<String>,
	version_time: Option<String>,
	service: Option<String>,
	relative_ref: Option<String>,
}

impl Parameters {
	/// The parameters of `url` and `options`; an error if they conflict or ask for `hl`.
	fn of(url: &DidUrl, options: ResolutionOptions) -> Result<Self, (ErrorKind, String)> {
		let mut parameters = Self {
			version_id: options.version_id,
			version_time: options.version_time,
			..Self::default()
		};
		for (name, value) in &url.params {
			let slot = match name.as_str() {
				"versionId" => &mut parameters.version_id,
				"versionTime" => &mut parameters.version_time,
				"service" => &mut parameters.service,
				"relativeRef" => &mut parameters.relative_ref,
				"hl" => {
					return Err((
						ErrorKind::FeatureNotSupported,
						"hashlinks (hl) are not supported: this resolver cannot check them".into(),
					))
				},
				_ => continue,
			};
			match slot {
				Some(existing) if existing != value => {
					return Err((
						ErrorKind::InvalidOptions,
						format!("{name} is given twice, as {existing:?} and {value:?}"),
					))
				},
				_ => *slot = Some(value.clone()),
			}
		}
		Ok(parameters)
	}

	fn resolution_options(&self) -> ResolutionOptions {
		ResolutionOptions {
			version_id: self.version_id.clone(),
			version_time: self.version_time.clone(),
		}
	}
}

/// What a DID URL dereferenced to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dereferenced<Hash> {
	/// The DID document: the DID's resolution (which may have failed).
	Document {
		/// How resolution ended.
		outcome: Outcome,
		/// The resolution result.
		resolution: ResolutionResult,
	},
	/// A verification method or service of the document, with the document's `@context`.
	Fragment {
		/// The node, as JSON-LD.
		content: serde_json::Value,
		/// The document's metadata.
		metadata: DocumentMetadata,
		/// Whether the DID was deactivated (the content is from its last document).
		deactivated: bool,
	},
	/// A service endpoint, selected by `service` (and `relativeRef`).
	ServiceEndpoint {
		/// The endpoint URL.
		url: String,
		/// The document's metadata.
		metadata: DocumentMetadata,
		/// Whether the DID was deactivated.
		deactivated: bool,
	},
	/// A status list credential.
	StatusList(Box<StatusListCredential<Hash>>),
	/// Dereferencing failed.
	Failed {
		/// The error.
		kind: ErrorKind,
		/// What went wrong.
		detail: String,
	},
}

/// A W3C DID URL dereferencing result, as `did_dereference` answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DereferencingResult {
	/// [`RESOLUTION_CONTEXT`].
	#[serde(rename = "@context")]
	pub context: Vec<String>,
	/// The content's media type, or the error.
	pub dereferencing_metadata: ResolutionMetadata,
	/// The content: a DID document, a node of one, a URL, or a status list credential;
	/// `null` when dereferencing failed.
	pub content: Option<serde_json::Value>,
	/// Metadata about the content: the DID document's metadata where the content comes from
	/// one.
	pub content_metadata: DocumentMetadata,
}

impl DereferencingResult {
	/// The result as the legacy media type has it: the error as a bare token.
	pub fn to_legacy(&mut self) {
		legacy_error(
			&mut self.dereferencing_metadata.error,
			&mut self.dereferencing_metadata.error_message,
		);
	}
}

fn failed<Hash>(kind: ErrorKind, detail: impl Into<String>) -> Dereferenced<Hash> {
	Dereferenced::Failed { kind, detail: detail.into() }
}

impl<Hash: Serialize> Dereferenced<Hash> {
	/// The DID Resolution HTTP binding's status code (a selected service endpoint is a
	/// redirect, 303, which the HTTP layer makes).
	pub fn http_status(&self) -> u16 {
		match self {
			Self::Document { outcome, .. } => outcome.http_status(),
			Self::Fragment { deactivated, .. } | Self::ServiceEndpoint { deactivated, .. } => {
				if *deactivated {
					410
				} else {
					200
				}
			},
			Self::StatusList(_) => 200,
			Self::Failed { kind, .. } => kind.http_status(),
		}
	}

	/// The media type of the content alone.
	pub fn content_type(&self) -> Option<&'static str> {
		match self {
			Self::Document { resolution, .. } => {
				resolution.did_document.as_ref().map(|_| DID_MEDIA_TYPE)
			},
			Self::Fragment { .. } => Some(DID_MEDIA_TYPE),
			Self::ServiceEndpoint { .. } => Some(URI_LIST),
			Self::StatusList(_) => Some(VC_MEDIA_TYPE),
			Self::Failed { .. } => None,
		}
	}

	/// The error, if dereferencing failed.
	pub fn error(&self) -> Option<(ErrorKind, String)> {
		match self {
			Self::Failed { kind, detail } => Some((*kind, detail.clone())),
			Self::Document { resolution, .. } => {
				let kind = resolution.error_kind()?;
				let detail = match &resolution.did_resolution_metadata.error {
					Some(ResolutionError::Problem(problem)) => problem.detail.clone(),
					_ => {
						resolution.did_resolution_metadata.error_message.clone().unwrap_or_default()
					},
				};
				Some((kind, detail))
			},
			_ => None,
		}
	}

	/// The content alone (`None` when dereferencing failed).
	pub fn content(&self) -> Option<serde_json::Value> {
		match self {
			Self::Document { resolution, .. } => {
				resolution.did_document.as_ref().and_then(|d| serde_json::to_value(d).ok())
			},
			Self::Fragment { content, .. } => Some(content.clone()),
			Self::ServiceEndpoint { url, .. } => Some(serde_json::Value::String(url.clone())),
			Self::StatusList(credential) => serde_json::to_value(credential).ok(),
			Self::Failed { .. } => None,
		}
	}

	/// The dereferencing result.
	pub fn into_result(self) -> DereferencingResult {
		let content = self.content();
		let content_type = self.content_type().map(str::to_owned);
		let error = self.error();
		let content_metadata = match self {
			Self::Document { resolution, .. } => resolution.did_document_metadata,
			Self::Fragment { metadata, .. } | Self::ServiceEndpoint { metadata, .. } => metadata,
			Self::StatusList(_) | Self::Failed { .. } => DocumentMetadata::default(),
		};
		DereferencingResult {
			context: RESOLUTION_CONTEXT.iter().map(|c| c.to_string()).collect(),
			dereferencing_metadata: ResolutionMetadata {
				content_type: if error.is_some() { None } else { content_type },
				error: error.map(|(kind, detail)| ResolutionError::Problem(kind.problem(detail))),
				error_message: None,
			},
			content,
			content_metadata,
		}
	}
}

/// Dereferences DID URLs: resolution on the blocking pool, status lists through the node's
/// heavy-read limiter and status list cache (shared with `revocation_statusList`).
pub struct Dereferencer<C, Block: BlockT> {
	client: Arc<C>,
	heavy: Limiter,
	lists: Arc<StatusListCache<Block::Hash>>,
	resolutions: ResolutionCache<Block::Hash>,
}

impl<C, Block> Dereferencer<C, Block>
where
	Block: BlockT,
	Block::Header: sp_runtime::traits::Header<Number = BlockNumber>,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DidRuntimeApi<Block, AccountId, Balance, BlockNumber>
		+ RevocationRuntimeApi<Block, AccountId, Balance, BlockNumber>
		+ ChainTimeApi<Block>,
{
	/// A dereferencer over `client`, reading status lists under `heavy` through `lists`.
	pub fn new(client: Arc<C>, heavy: Limiter, lists: Arc<StatusListCache<Block::Hash>>) -> Self {
		Self { client, heavy, lists, resolutions: ResolutionCache::new(RESOLUTION_CACHE) }
	}

	/// The status list cache, for `revocation_statusList` to share.
	pub fn lists(&self) -> Arc<StatusListCache<Block::Hash>> {
		self.lists.clone()
	}

	/// Dereferences `did_url` with `options` as of block `at` (the best block if `None`).
	/// A JSON-RPC error only when the node could not work (busy, a runtime failure);
	/// everything about the DID URL is in the answer.
	pub async fn dereference(
		&self,
		did_url: &str,
		options: ResolutionOptions,
		at: Option<Block::Hash>,
	) -> RpcResult<Dereferenced<Block::Hash>> {
		let url = match DidUrl::parse(did_url) {
			Ok(url) => url,
			Err(detail) => return Ok(failed(ErrorKind::InvalidDidUrl, detail)),
		};
		let parameters = match Parameters::of(&url, options) {
			Ok(parameters) => parameters,
			Err((kind, detail)) => return Ok(failed(kind, detail)),
		};
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		if !url.path.is_empty() {
			return self.path(&url, &parameters, at).await;
		}
		let answer = self.resolve(&url.did, parameters.resolution_options(), at).await?;
		let (outcome, resolution) = (answer.0, answer.1.clone());
		let Some(document) = resolution.did_document.clone() else {
			return Ok(Dereferenced::Document { outcome, resolution });
		};
		let deactivated = outcome == Outcome::Deactivated;
		let metadata = resolution.did_document_metadata.clone();
		if let Some(service) = &parameters.service {
			let id = format!("{}#{service}", document.id);
			let Some(found) = document.service.iter().find(|s| s.id == id) else {
				return Ok(failed(
					ErrorKind::NotFound,
					format!("the document has no service {id}"),
				));
			};
			let endpoint = match &found.service_endpoint {
				crate::did::OneOrMany::One(endpoint) => Some(endpoint),
				crate::did::OneOrMany::Many(endpoints) => endpoints.first(),
			};
			let Some(endpoint) = endpoint else {
				return Ok(failed(ErrorKind::NotFound, format!("service {id} has no endpoint")));
			};
			let url = match select_endpoint(
				endpoint,
				parameters.relative_ref.as_deref(),
				&url.fragment,
			) {
				Ok(url) => url,
				Err(detail) => return Ok(failed(ErrorKind::NotFound, detail)),
			};
			return Ok(Dereferenced::ServiceEndpoint { url, metadata, deactivated });
		}
		if parameters.relative_ref.is_some() {
			return Ok(failed(
				ErrorKind::InvalidDidUrl,
				"relativeRef needs a service parameter to apply to",
			));
		}
		let Some(fragment) = &url.fragment else {
			return Ok(Dereferenced::Document { outcome, resolution });
		};
		let id = format!("{}#{fragment}", document.id);
		let node = document
			.verification_method
			.iter()
			.find(|m| m.id == id)
			.map(serde_json::to_value)
			.or_else(|| document.service.iter().find(|s| s.id == id).map(serde_json::to_value));
		let Some(Ok(mut content)) = node else {
			return Ok(failed(
				ErrorKind::NotFound,
				format!("the document has no verification method or service {id}"),
			));
		};
		if let Some(object) = content.as_object_mut() {
			object.insert("@context".into(), serde_json::json!(DOCUMENT_CONTEXT));
		}
		Ok(Dereferenced::Fragment { content, metadata, deactivated })
	}

	/// Resolves `did` with `options` as of block `at`: a current-version answer from the
	/// resolution cache when it has one, otherwise on the blocking pool (and then cached).
	pub async fn resolve(
		&self,
		did: &str,
		options: ResolutionOptions,
		at: Block::Hash,
	) -> RpcResult<CachedResolution> {
		let cacheable = options.selector() == Ok(VersionSelector::Current);
		if cacheable {
			if let Some(answer) = self.resolutions.get(&at, did) {
				return Ok(answer);
			}
		}
		let (client, owned) = (self.client.clone(), did.to_owned());
		let answer = jsonrpsee::tokio::task::spawn_blocking(move || {
			client.resolve_did(&owned, &options, Some(at))
		})
		.await
		.map_err(|e| Error::Client(format!("resolution failed: {e}")))??;
		let answer = Arc::new(answer);
		if cacheable {
			self.resolutions.insert(at, did, answer.clone());
		}
		Ok(answer)
	}

	/// The resolution cache, to see how often it answers.
	pub fn resolutions(&self) -> &ResolutionCache<Block::Hash> {
		&self.resolutions
	}

	/// A DID URL with a path: a status list, or nothing.
	async fn path(
		&self,
		url: &DidUrl,
		parameters: &Parameters,
		at: Block::Hash,
	) -> RpcResult<Dereferenced<Block::Hash>> {
		let Some(registry) = url.path.strip_prefix(STATUS_LISTS_PATH).and_then(registry_number)
		else {
			return Ok(failed(
				ErrorKind::NotFound,
				format!(
					"nothing is at path {:?}: DIDimo DID URLs have paths only for status lists \
					 ({STATUS_LISTS_PATH}<registry>)",
					url.path
				),
			));
		};
		if url.fragment.is_some()
			|| parameters.service.is_some()
			|| parameters.relative_ref.is_some()
			|| parameters.version_id.is_some()
		{
			return Ok(failed(
				ErrorKind::InvalidDidUrl,
				"a status list URL takes no fragment, service, relativeRef or versionId \
				 (versionTime selects the list as of a time)",
			));
		}
		// The block: `at`, or the last one made by `versionTime`.
		let hash = match &parameters.version_time {
			None => at,
			Some(time) => {
				let options =
					ResolutionOptions { version_time: Some(time.clone()), ..Default::default() };
				let time = match options.selector() {
					Ok(VersionSelector::Time(time)) => time,
					Ok(_) => return Ok(failed(ErrorKind::InvalidOptions, "versionTime is empty")),
					Err(detail) => return Ok(failed(ErrorKind::InvalidOptions, detail)),
				};
				let client = self.client.clone();
				let block = jsonrpsee::tokio::task::spawn_blocking(move || {
					block_at_time::<Block, C>(&*client, at, time)
				})
				.await
				.map_err(|e| Error::Client(format!("the version search failed: {e}")))??;
				match block {
					Some(hash) => hash,
					None => return Ok(failed(ErrorKind::NotFound, PRUNED)),
				}
			},
		};
		let answer = self.resolve(&url.did, ResolutionOptions::default(), hash).await?;
		let (outcome, resolution) = (answer.0, &answer.1);
		if let Outcome::Failed(_) = outcome {
			return Ok(Dereferenced::Document { outcome, resolution: resolution.clone() });
		}
		let list =
			revocation::status_list(self.client.clone(), &self.heavy, &self.lists, registry, hash)
				.await?;
		let did = resolution.did_document.as_ref().map(|d| d.id.clone()).unwrap_or_default();
		match list {
			None => Ok(failed(ErrorKind::NotFound, format!("no status list {registry} exists"))),
			Some(list) if list.issuer != did => Ok(failed(
				ErrorKind::NotFound,
				format!("status list {registry} is not {did}'s (its issuer is {})", list.issuer),
			)),
			Some(list) => Ok(Dereferenced::StatusList(Box::new(list))),
		}
	}
}

/// A registry number in canonical decimal (no sign, no leading zero).
fn registry_number(text: &str) -> Option<RegistryId> {
	let canonical = !text.is_empty()
		&& text.bytes().all(|b| b.is_ascii_digit())
		&& (text == "0" || !text.starts_with('0'));
	canonical.then(|| text.parse().ok()).flatten()
}

/// The URL a service selection names: the endpoint, with `relative_ref` resolved against it
/// and `fragment` set, serialized as ASCII (a URL endpoint is normalized; one that is not a
/// URL is sent as it is when nothing applies to it). `relative_ref` must stay on the
/// endpoint's origin: an absolute or network-path reference (`https://…`, `//…`) is refused,
/// so a DID URL cannot turn the resolver into an open redirect.
pub fn select_endpoint(
	endpoint: &str,
	relative_ref: Option<&str>,
	fragment: &Option<String>,
) -> Result<String, String> {
	let base = match url::Url::parse(endpoint) {
		Ok(base) => base,
		Err(_) if relative_ref.is_none() && fragment.is_none() => return Ok(endpoint.to_owned()),
		Err(e) => return Err(format!("the service endpoint {endpoint:?} is not a URL ({e})")),
	};
	let mut url = match relative_ref {
		Some(reference) => {
			let joined = base.join(reference).map_err(|e| {
				format!("relativeRef {reference:?} does not apply to {endpoint} ({e})")
			})?;
			if url::Url::parse(reference).is_ok() || joined.origin() != base.origin() {
				return Err(format!(
					"relativeRef {reference:?} is not relative to the endpoint {endpoint}"
				));
			}
			joined
		},
		None => base,
	};
	if let Some(fragment) = fragment {
		url.set_fragment(Some(fragment));
	}
	Ok(url.into())
}

/// A JSON-RPC error that means the node is busy (a full queue), for the HTTP binding's 503.
pub fn is_busy(error: &ErrorObjectOwned) -> bool {
	error.code() == jsonrpsee::types::error::SERVER_IS_BUSY_CODE
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn did_urls_split_into_did_path_query_and_fragment() {
		let url = DidUrl::parse(
			"did:didimo:abc/status-lists/7?versionTime=2026-12-01T00%3A00%3A00Z#x%20y",
		)
		.expect("a DID URL");
		assert_eq!(url.did, "did:didimo:abc");
		assert_eq!(url.path, "/status-lists/7");
		assert_eq!(url.params, vec![("versionTime".into(), "2026-12-01T00:00:00Z".into())]);
		assert_eq!(url.fragment.as_deref(), Some("x y"));
		// `+` is a plus, not a space (RFC 3986, not HTML forms).
		let offset =
			DidUrl::parse("did:didimo:abc?versionTime=2026-12-01T02:00:00+01:00&relativeRef=a+b")
				.expect("a DID URL");
		assert_eq!(
			offset.params,
			vec![
				("versionTime".into(), "2026-12-01T02:00:00+01:00".into()),
				("relativeRef".into(), "a+b".into()),
			]
		);
		assert!(DidUrl::parse("did:didimo:abc?service=%ff").is_err());
		let bare = DidUrl::parse("did:didimo:abc").expect("a DID");
		assert_eq!((bare.path.as_str(), bare.params.len(), bare.fragment), ("", 0, None));
		// A fragment's `?` and `/` belong to the fragment.
		let fragment = DidUrl::parse("did:didimo:abc#a/b?c").expect("a DID URL");
		assert_eq!((fragment.path.as_str(), fragment.fragment.as_deref()), ("", Some("a/b?c")));
		assert!(DidUrl::parse("http://example.com").is_err());
		assert!(DidUrl::parse("did:didimo:abc#%ff").is_err());
	}

	#[test]
	fn parameters_come_from_the_url_and_the_options_and_must_agree() {
		let url = |text: &str| DidUrl::parse(text).expect("a DID URL");
		let options = |id: Option<&str>| ResolutionOptions {
			version_id: id.map(str::to_owned),
			version_time: None,
		};
		let p = Parameters::of(
			&url("did:didimo:a?service=web&relativeRef=%2Fx&foo=1"),
			options(Some("2")),
		)
		.expect("valid");
		assert_eq!(p.service.as_deref(), Some("web"));
		assert_eq!(p.relative_ref.as_deref(), Some("/x"));
		assert_eq!(p.version_id.as_deref(), Some("2"));
		// The same value twice is fine; two values are not.
		assert!(Parameters::of(&url("did:didimo:a?versionId=2"), options(Some("2"))).is_ok());
		assert_eq!(
			Parameters::of(&url("did:didimo:a?versionId=3"), options(Some("2"))).map_err(|e| e.0),
			Err(ErrorKind::InvalidOptions)
		);
		assert_eq!(
			Parameters::of(&url("did:didimo:a?service=a&service=b"), options(None))
				.map_err(|e| e.0),
			Err(ErrorKind::InvalidOptions)
		);
		// Hashlinks are refused, not ignored.
		assert_eq!(
			Parameters::of(&url("did:didimo:a?hl=zQm"), options(None)).map_err(|e| e.0),
			Err(ErrorKind::FeatureNotSupported)
		);
	}

	#[test]
	fn service_endpoints_take_relative_references_and_fragments() {
		let none = None;
		assert_eq!(
			select_endpoint("https://a.example/x/", None, &none),
			Ok("https://a.example/x/".into())
		);
		assert_eq!(
			select_endpoint("https://a.example/x/", Some("y?z=1"), &none),
			Ok("https://a.example/x/y?z=1".into())
		);
		assert_eq!(
			select_endpoint("https://a.example/x/", Some("/root"), &Some("f".into())),
			Ok("https://a.example/root#f".into())
		);
		// An endpoint that is not a URL is sent as it is, unless something must apply to it.
		assert_eq!(select_endpoint("not a url", None, &none), Ok("not a url".into()));
		assert!(select_endpoint("not a url", Some("x"), &none).is_err());
		// Serialized as ASCII, so it fits a Location header.
		assert_eq!(
			select_endpoint("https://bücher.example/ä", None, &none),
			Ok("https://xn--bcher-kva.example/%C3%A4".into())
		);
		// No open redirect: the reference stays on the endpoint's origin.
		for away in
			["https://evil.example/", "//evil.example/x", r"\\evil.example", "http://a.example/"]
		{
			assert!(select_endpoint("https://a.example/x/", Some(away), &none).is_err(), "{away}");
		}
	}

	#[test]
	fn status_list_numbers_are_canonical_decimals() {
		assert_eq!(registry_number("0"), Some(0));
		assert_eq!(registry_number("42"), Some(42));
		for bad in ["", "01", "+1", "-1", "1a", "1/2", "18446744073709551616"] {
			assert_eq!(registry_number(bad), None, "{bad}");
		}
	}

	#[test]
	fn failed_dereferences_carry_problem_details_or_legacy_tokens() {
		let failed =
			Dereferenced::<u32>::Failed { kind: ErrorKind::InvalidDidUrl, detail: "bad".into() };
		assert_eq!(failed.http_status(), 400);
		let mut result = failed.into_result();
		assert_eq!(result.content, None);
		assert_eq!(
			serde_json::to_value(&result.dereferencing_metadata).expect("serializes"),
			serde_json::json!({"error": {
				"type": "https://www.w3.org/ns/did#INVALID_DID_URL",
				"title": "Invalid DID URL",
				"detail": "bad",
			}})
		);
		result.to_legacy();
		assert_eq!(
			serde_json::to_value(&result.dereferencing_metadata).expect("serializes"),
			serde_json::json!({"error": "invalidDidUrl", "errorMessage": "bad"})
		);
		let endpoint = Dereferenced::<u32>::ServiceEndpoint {
			url: "https://a.example".into(),
			metadata: DocumentMetadata::default(),
			deactivated: false,
		};
		assert_eq!(endpoint.content_type(), Some(URI_LIST));
		let result = endpoint.into_result();
		assert_eq!(result.content, Some(serde_json::json!("https://a.example")));
		assert_eq!(result.dereferencing_metadata.content_type.as_deref(), Some(URI_LIST));
	}
}
