//! The node's HTTP endpoint, served with hyper when an operator passes `--did-resolver-port`
//! (bound to localhost unless `--did-resolver-external`):
//!
//! - `GET /1.0/identifiers/{did or DID URL}`: DID Resolution's HTTP binding (and a Universal
//!   Resolver driver). A DID resolves (with `versionId` or `versionTime` as query
//!   parameters); a DID URL dereferences ([`didimo_rpc::dereference`]): a fragment to a
//!   verification method or service, `service` (and `relativeRef`) to a 303 redirect to the
//!   endpoint, `/status-lists/<n>` to the issuer's status list credential. The `Accept`
//!   header picks the representation ([`negotiate`]): the whole result
//!   (`application/did-resolution`, or the legacy
//!   `application/ld+json;profile="https://w3id.org/did-resolution"` with error tokens), or
//!   the content alone (`application/did`, `application/did+ld+json`, `application/vc`, ...);
//!   406 when none can be given. Status codes: 200, 303, 400 (invalid DID, DID URL or
//!   options), 404, 406, 410 (deactivated), 500, 501 (another method, `hl`), 503 (busy).
//!   Errors are RFC 9457 problem details (`application/problem+json` when the content
//!   alone was asked for).
//! - `GET /contexts/didimo/v1`: the DIDimo JSON-LD context (`contexts/didimo-v1.jsonld`),
//!   which `https://w3id.org/didimo/v1` names.
//! - `POST /presentations/verify`: the VC-API verifier of DIDimo presentations
//!   (`docs/presentations.md`): a W3C Verifiable Presentation whose Data Integrity proof is a
//!   Groth16 presentation, checked with the runtime's rules like `presentation_verify`, and
//!   answered with a VC-API verification result: 200 verified, 400 not (or malformed), 413 a
//!   body over [`MAX_BODY`], 415 not JSON, 503 the verification queue is full.
//!
//! It is bounded for an endpoint on the open internet: at most [`MAX_CONNECTIONS`]
//! connections at once and [`MAX_PER_CLIENT`] from one IP address (more are closed at once),
//! request heads of at most 8 KiB (hyper answers 431) and bodies of at most [`MAX_BODY`],
//! [`HEADER_TIMEOUT`] to send the head and [`CONNECTION_TIMEOUT`] per connection. Resolution
//! runs on the blocking pool and verification under the node's verification limiter (shared
//! with the JSON-RPC methods), never on the async executor.

use std::{
	collections::HashMap,
	convert::Infallible,
	net::{IpAddr, SocketAddr},
	sync::{Arc, Mutex},
	time::Duration,
};

use didimo_primitives::{time::ChainTimeApi, AccountId, Balance, BlockNumber};
use didimo_rpc::{
	dereference::{self, Dereferenced, Dereferencer},
	did::{
		ErrorKind, ResolutionOptions, ResolutionResult, DIDIMO_CONTEXT_DOCUMENT, DID_LD_JSON,
		DID_MEDIA_TYPE,
	},
	error::Error as RpcError,
	http::{
		is_json, negotiate, requested_did_url, Representation, DOCUMENT_REPRESENTATIONS,
		ENDPOINT_REPRESENTATIONS, ERROR_REPRESENTATIONS, FRAGMENT_REPRESENTATIONS,
		STATUS_LIST_REPRESENTATIONS,
	},
	limit::{LimitError, Limiter},
	presentation::{Verifier, VerifyOneError},
	vc_api::{self, VerificationResult, VerifyPresentationRequest},
};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::{
	body::{Bytes, Incoming},
	header,
	server::conn::http1,
	service::service_fn,
	Method, Request, Response, StatusCode,
};
use hyper_util::rt::{TokioIo, TokioTimer};
use pallet_did_runtime_api::DidApi;
use pallet_presentation_runtime_api::PresentationApi;
use pallet_revocation_runtime_api::RevocationApi;
use serde::Serialize;
use sp_api::{CallApiAt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::{Block as BlockT, Header as HeaderT};
use tokio::net::TcpListener;

pub use didimo_rpc::http::{
	CONTEXT_PATH, LEGACY_RESOLUTION_MEDIA_TYPE, PROBLEM_MEDIA_TYPE, RESOLUTION_MEDIA_TYPE,
	VERIFY_PATH,
};

/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 64;
/// Connections served at once to one IP address.
pub const MAX_PER_CLIENT: usize = 8;
/// How long a client has to send a request head.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one connection may last, keep-alive included.
pub const CONNECTION_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest request head accepted (hyper's minimum buffer).
const MAX_HEAD: usize = 8 * 1024;
/// The largest request body accepted (a presentation is about 1 KiB).
pub const MAX_BODY: usize = 64 * 1024;

/// What the endpoint needs of the node's client: DID resolution, the presentation runtime
/// API and the chain state the native verifier reads.
pub trait EndpointClient<Block: BlockT>:
	ProvideRuntimeApi<
		Block,
		Api: PresentationApi<Block, AccountId, Balance, BlockNumber>
		         + DidApi<Block, AccountId, Balance, BlockNumber>
		         + RevocationApi<Block, AccountId, Balance, BlockNumber>
		         + ChainTimeApi<Block>,
	> + CallApiAt<Block>
	+ HeaderBackend<Block>
	+ Send
	+ Sync
	+ 'static
{
}

impl<Block: BlockT, C> EndpointClient<Block> for C where
	C: ProvideRuntimeApi<
			Block,
			Api: PresentationApi<Block, AccountId, Balance, BlockNumber>
			         + DidApi<Block, AccountId, Balance, BlockNumber>
			         + RevocationApi<Block, AccountId, Balance, BlockNumber>
			         + ChainTimeApi<Block>,
		> + CallApiAt<Block>
		+ HeaderBackend<Block>
		+ Send
		+ Sync
		+ 'static
{
}

/// What the endpoint works with, shared with the JSON-RPC methods: the verifier (prepared
/// keys) and the node's verification limiter for `POST /presentations/verify`, and the DID
/// URL dereferencer (status list cache, heavy-read bound) for `GET /1.0/identifiers/`.
pub struct Verification<C, Block: BlockT> {
	/// The verifier.
	pub verifier: Arc<Verifier<C, Block>>,
	/// The bound on verifications at once, shared with `presentation_verify`.
	pub limiter: Limiter,
	/// The dereferencer, shared with `did_dereference` and `revocation_statusList`.
	pub dereferencer: Arc<Dereferencer<C, Block>>,
}

/// Binds the endpoint's listener (before the node starts, so a bad address fails start-up).
pub fn bind(addr: SocketAddr) -> std::io::Result<std::net::TcpListener> {
	let listener = std::net::TcpListener::bind(addr)?;
	listener.set_nonblocking(true)?;
	Ok(listener)
}

/// The connections being served, in all and per client address.
#[derive(Default)]
struct Connections {
	open: Mutex<(usize, HashMap<IpAddr, usize>)>,
}

/// A served connection's place; freed on drop.
struct Slot {
	connections: Arc<Connections>,
	client: IpAddr,
}

impl Connections {
	/// A place for a connection from `client`, unless the endpoint or that client is at its
	/// limit.
	fn admit(self: &Arc<Self>, client: IpAddr) -> Option<Slot> {
		let mut open = self.open.lock().ok()?;
		let (total, per_client) = &mut *open;
		// Checked before the entry is made, so turned-away clients leave nothing behind.
		if *total >= MAX_CONNECTIONS
			|| per_client.get(&client).copied().unwrap_or(0) >= MAX_PER_CLIENT
		{
			return None;
		}
		*per_client.entry(client).or_default() += 1;
		*total += 1;
		Some(Slot { connections: self.clone(), client })
	}
}

impl Drop for Slot {
	fn drop(&mut self) {
		if let Ok(mut open) = self.connections.open.lock() {
			let (total, per_client) = &mut *open;
			*total = total.saturating_sub(1);
			if let Some(count) = per_client.get_mut(&self.client) {
				*count = count.saturating_sub(1);
				if *count == 0 {
					per_client.remove(&self.client);
				}
			}
		}
	}
}

/// Serves the endpoint until the node stops.
pub async fn serve<Block, C>(listener: std::net::TcpListener, verification: Verification<C, Block>)
where
	Block: BlockT,
	Block::Header: HeaderT<Number = BlockNumber>,
	C: EndpointClient<Block>,
{
	let verification = Arc::new(verification);
	let listener = match TcpListener::from_std(listener) {
		Ok(listener) => listener,
		Err(e) => {
			log::error!(target: "did-resolver", "cannot serve the DID resolver: {e}");
			return;
		},
	};
	let connections = Arc::new(Connections::default());
	loop {
		let (stream, peer) = match listener.accept().await {
			Ok(accepted) => accepted,
			Err(e) => {
				log::debug!(target: "did-resolver", "accept failed: {e}");
				tokio::time::sleep(Duration::from_millis(50)).await;
				continue;
			},
		};
		let Some(slot) = connections.admit(peer.ip()) else {
			// Over a limit: close at once rather than queue.
			log::debug!(target: "did-resolver", "turned away a connection from {peer}");
			continue;
		};
		let verification = verification.clone();
		tokio::spawn(async move {
			let _slot = slot;
			let service =
				service_fn(move |request| answer::<Block, C>(request, verification.clone()));
			let connection = http1::Builder::new()
				.timer(TokioTimer::new())
				.header_read_timeout(HEADER_TIMEOUT)
				.max_buf_size(MAX_HEAD)
				.serve_connection(TokioIo::new(stream), service);
			match tokio::time::timeout(CONNECTION_TIMEOUT, connection).await {
				Ok(Err(e)) => log::debug!(target: "did-resolver", "connection from {peer}: {e}"),
				Err(_) => log::debug!(target: "did-resolver", "connection from {peer} timed out"),
				Ok(Ok(())) => {},
			}
		});
	}
}

/// The body of an HTTP-level error (a request that is not a resolution).
#[derive(Serialize)]
struct HttpError<'a> {
	error: &'a str,
}

fn respond(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response<Full<Bytes>> {
	let mut response = Response::new(Full::new(Bytes::from(body)));
	*response.status_mut() = status;
	if let Ok(value) = header::HeaderValue::from_str(content_type) {
		response.headers_mut().insert(header::CONTENT_TYPE, value);
	}
	response
}

fn error(status: StatusCode, message: &str) -> Response<Full<Bytes>> {
	let body = serde_json::to_vec(&HttpError { error: message }).unwrap_or_default();
	respond(status, "application/json", body)
}

fn status(code: u16) -> StatusCode {
	StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn not_allowed(allow: &'static str) -> Response<Full<Bytes>> {
	let mut response =
		error(StatusCode::METHOD_NOT_ALLOWED, &format!("only {allow} is supported here"));
	response.headers_mut().insert(header::ALLOW, header::HeaderValue::from_static(allow));
	response
}

/// Answers one request.
async fn answer<Block, C>(
	request: Request<Incoming>,
	verification: Arc<Verification<C, Block>>,
) -> Result<Response<Full<Bytes>>, Infallible>
where
	Block: BlockT,
	Block::Header: HeaderT<Number = BlockNumber>,
	C: EndpointClient<Block>,
{
	if request.uri().path() == VERIFY_PATH {
		if request.method() != Method::POST {
			return Ok(not_allowed("POST"));
		}
		let (status, result) = verify_presentation(request, &verification).await;
		let body = serde_json::to_vec(&result).unwrap_or_default();
		return Ok(respond(status, "application/json", body));
	}
	if request.method() != Method::GET {
		return Ok(not_allowed("GET"));
	}
	if request.uri().path() == CONTEXT_PATH {
		let mut response = respond(
			StatusCode::OK,
			"application/ld+json",
			DIDIMO_CONTEXT_DOCUMENT.as_bytes().to_vec(),
		);
		response.headers_mut().insert(
			header::CACHE_CONTROL,
			header::HeaderValue::from_static("public, max-age=86400"),
		);
		return Ok(response);
	}
	let url = match requested_did_url(request.uri().path(), request.uri().query()) {
		Ok(url) => url,
		Err((code, message)) => return Ok(error(status(code), message)),
	};
	let accept =
		request.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).map(str::to_owned);
	let dereferenced =
		verification.dereferencer.dereference(&url, ResolutionOptions::default(), None).await;
	let mut response = match dereferenced {
		Ok(dereferenced) => represent(dereferenced, accept.as_deref()),
		Err(e) if dereference::is_busy(&e) => {
			let failed = Dereferenced::<Block::Hash>::Failed {
				kind: ErrorKind::InternalError,
				detail: "the node is busy; retry later".into(),
			};
			let mut response = represent(failed, accept.as_deref());
			*response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
			response
		},
		Err(e) => represent(
			Dereferenced::<Block::Hash>::Failed {
				kind: ErrorKind::InternalError,
				detail: e.message().to_owned(),
			},
			accept.as_deref(),
		),
	};
	response.headers_mut().insert(header::VARY, header::HeaderValue::from_static("accept"));
	Ok(response)
}

/// The HTTP response of a dereferencing answer for an `Accept` header.
pub fn represent<Hash: Serialize>(
	dereferenced: Dereferenced<Hash>,
	accept: Option<&str>,
) -> Response<Full<Bytes>> {
	let code = status(dereferenced.http_status());
	let offered: &[Representation] = match &dereferenced {
		Dereferenced::Failed { .. } => &ERROR_REPRESENTATIONS,
		Dereferenced::Document { .. } if dereferenced.error().is_some() => &ERROR_REPRESENTATIONS,
		Dereferenced::Document { .. } => &DOCUMENT_REPRESENTATIONS,
		Dereferenced::Fragment { .. } => &FRAGMENT_REPRESENTATIONS,
		Dereferenced::StatusList(_) => &STATUS_LIST_REPRESENTATIONS,
		Dereferenced::ServiceEndpoint { .. } => &ENDPOINT_REPRESENTATIONS,
	};
	let failed = dereferenced.error().is_some();
	// An error is sent even to a client that accepts none of its forms (RFC 9110 §15.5.7
	// allows it): as problem details alone, the form of a client that wanted the content
	// alone. A success the client cannot accept is a 406.
	let representation = match negotiate(accept, offered) {
		Some(representation) => representation,
		None if failed => Representation::Content(PROBLEM_MEDIA_TYPE),
		None => {
			let kind = ErrorKind::RepresentationNotSupported;
			let detail = format!(
				"none of the media types asked for ({}) can be given; this resource is \
				 available as {}",
				accept.unwrap_or_default(),
				offered.iter().map(|r| r.media_type().0).collect::<Vec<_>>().join(", ")
			);
			let code = status(kind.http_status());
			if let Dereferenced::Document { .. } = dereferenced {
				return resolution_response(code, ResolutionResult::error(kind, detail), false);
			}
			let result = Dereferenced::<Hash>::Failed { kind, detail }.into_result();
			return respond(
				code,
				RESOLUTION_MEDIA_TYPE,
				serde_json::to_vec(&result).unwrap_or_default(),
			);
		},
	};
	let legacy = representation == Representation::LegacyResult;
	match (representation, dereferenced) {
		// A bare DID (or a version of its document), sent whole: a resolution result.
		(
			Representation::Result | Representation::LegacyResult,
			Dereferenced::Document { mut resolution, .. },
		) => {
			if resolution.did_document.is_some() {
				resolution.did_resolution_metadata.content_type =
					Some(if legacy { DID_LD_JSON } else { DID_MEDIA_TYPE }.into());
			}
			resolution_response(code, resolution, legacy)
		},
		(Representation::Result | Representation::LegacyResult, dereferenced) => {
			let mut result = dereferenced.into_result();
			let media = if legacy { LEGACY_RESOLUTION_MEDIA_TYPE } else { RESOLUTION_MEDIA_TYPE };
			if legacy {
				result.to_legacy();
			}
			respond(code, media, serde_json::to_vec(&result).unwrap_or_default())
		},
		// A deactivated DID's services are not followed: 410 with the result, which says so.
		(
			Representation::Content(_),
			endpoint @ Dereferenced::ServiceEndpoint { deactivated: true, .. },
		) => {
			let body = serde_json::to_vec(&endpoint.into_result()).unwrap_or_default();
			respond(StatusCode::GONE, RESOLUTION_MEDIA_TYPE, body)
		},
		(Representation::Content(_), endpoint @ Dereferenced::ServiceEndpoint { .. }) => {
			let location = match &endpoint {
				Dereferenced::ServiceEndpoint { url, .. } => {
					header::HeaderValue::from_str(url).ok()
				},
				_ => None,
			};
			match location {
				Some(location) => {
					let mut response =
						respond(StatusCode::SEE_OTHER, dereference::URI_LIST, Vec::new());
					response.headers_mut().insert(header::LOCATION, location);
					response
				},
				// An endpoint that is not a URL cannot be a Location: the result names it.
				None => {
					let body = serde_json::to_vec(&endpoint.into_result()).unwrap_or_default();
					respond(StatusCode::OK, RESOLUTION_MEDIA_TYPE, body)
				},
			}
		},
		(Representation::Content(media), dereferenced) => match dereferenced.error() {
			Some((kind, detail)) => problem_response(code, kind, detail),
			None => {
				let body =
					dereferenced.content().map(|c| serde_json::to_vec(&c).unwrap_or_default());
				respond(code, media, body.unwrap_or_default())
			},
		},
	}
}

/// A resolution result, in the current or the legacy form.
fn resolution_response(
	code: StatusCode,
	mut resolution: ResolutionResult,
	legacy: bool,
) -> Response<Full<Bytes>> {
	let media = if legacy {
		resolution.to_legacy();
		LEGACY_RESOLUTION_MEDIA_TYPE
	} else {
		RESOLUTION_MEDIA_TYPE
	};
	respond(code, media, serde_json::to_vec(&resolution).unwrap_or_default())
}

/// An RFC 9457 problem details response.
fn problem_response(code: StatusCode, kind: ErrorKind, detail: String) -> Response<Full<Bytes>> {
	respond(code, PROBLEM_MEDIA_TYPE, serde_json::to_vec(&kind.problem(detail)).unwrap_or_default())
}

/// `POST /presentations/verify`: the status and the VC-API result.
async fn verify_presentation<Block, C>(
	request: Request<Incoming>,
	verification: &Verification<C, Block>,
) -> (StatusCode, VerificationResult<Block::Hash>)
where
	Block: BlockT,
	Block::Header: HeaderT<Number = BlockNumber>,
	C: ProvideRuntimeApi<Block> + CallApiAt<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: PresentationApi<Block, AccountId, Balance, BlockNumber>,
{
	let malformed =
		|status, code: &str, detail: String| (status, VerificationResult::malformed(code, detail));
	if !is_json(request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok())) {
		return malformed(
			StatusCode::UNSUPPORTED_MEDIA_TYPE,
			"unsupportedMediaType",
			"send the request as application/json".into(),
		);
	}
	let declared = request
		.headers()
		.get(header::CONTENT_LENGTH)
		.and_then(|v| v.to_str().ok())
		.and_then(|v| v.parse::<usize>().ok());
	if declared.is_some_and(|length| length > MAX_BODY) {
		return malformed(
			StatusCode::PAYLOAD_TOO_LARGE,
			"bodyTooLarge",
			format!("the body is over {MAX_BODY} bytes"),
		);
	}
	let body = match Limited::new(request.into_body(), MAX_BODY).collect().await {
		Ok(body) => body.to_bytes(),
		Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
			return malformed(
				StatusCode::PAYLOAD_TOO_LARGE,
				"bodyTooLarge",
				format!("the body is over {MAX_BODY} bytes"),
			)
		},
		Err(e) => {
			return malformed(StatusCode::BAD_REQUEST, "malformedPresentation", e.to_string())
		},
	};
	let parsed = match serde_json::from_slice::<VerifyPresentationRequest>(&body) {
		Ok(request) => vc_api::parse(&request),
		Err(e) => Err(("malformedPresentation", format!("not a VC-API verify request: {e}"))),
	};
	let parsed = match parsed {
		Ok(parsed) => parsed,
		Err((code, detail)) => return malformed(StatusCode::BAD_REQUEST, code, detail),
	};
	let presentation = parsed.presentation.clone();
	match verification.verifier.verify_one(&verification.limiter, presentation, None).await {
		Ok(answer) => {
			let result = VerificationResult::from_answer(parsed, answer);
			let status = if result.verified { StatusCode::OK } else { StatusCode::BAD_REQUEST };
			(status, result)
		},
		Err(VerifyOneError::Rpc(RpcError::InvalidParams(detail))) => {
			malformed(StatusCode::BAD_REQUEST, "malformedPresentation", detail)
		},
		Err(VerifyOneError::Rpc(e)) => {
			malformed(StatusCode::INTERNAL_SERVER_ERROR, "internalError", e.to_string())
		},
		Err(VerifyOneError::Limit(LimitError::Busy)) => malformed(
			StatusCode::SERVICE_UNAVAILABLE,
			"busy",
			"the verification queue is full; retry later".into(),
		),
		Err(VerifyOneError::Limit(LimitError::Failed(e))) => {
			malformed(StatusCode::INTERNAL_SERVER_ERROR, "internalError", e)
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn errors_are_problem_details_or_legacy_tokens() {
		let failed = || Dereferenced::<u32>::Failed {
			kind: ErrorKind::NotFound,
			detail: "no such thing".into(),
		};
		let body = |response: Response<Full<Bytes>>| {
			let content_type =
				response.headers()[header::CONTENT_TYPE].to_str().expect("ASCII").to_owned();
			let status = response.status();
			let bytes = futures::executor::block_on(response.into_body().collect())
				.map(|b| b.to_bytes())
				.unwrap_or_default();
			(
				status,
				content_type,
				serde_json::from_slice::<serde_json::Value>(&bytes).expect("JSON"),
			)
		};
		let (status, media, json) = body(represent(failed(), None));
		assert_eq!((status, media.as_str()), (StatusCode::NOT_FOUND, RESOLUTION_MEDIA_TYPE));
		assert_eq!(
			json["dereferencingMetadata"]["error"],
			serde_json::json!({
				"type": "https://www.w3.org/ns/did#NOT_FOUND",
				"title": "Not found",
				"detail": "no such thing",
			})
		);
		let (_, media, json) = body(represent(failed(), Some(LEGACY_RESOLUTION_MEDIA_TYPE)));
		assert_eq!(media, LEGACY_RESOLUTION_MEDIA_TYPE);
		assert_eq!(json["dereferencingMetadata"]["error"], "notFound");
		assert_eq!(json["dereferencingMetadata"]["errorMessage"], "no such thing");
		let (_, media, json) = body(represent(failed(), Some("application/problem+json")));
		assert_eq!(media, PROBLEM_MEDIA_TYPE);
		assert_eq!(json["type"], "https://www.w3.org/ns/did#NOT_FOUND");
		// An error goes out even when the client accepts none of its forms: as problem details
		// alone, as for a client that wanted the content alone.
		for accept in ["image/png", "application/did", "application/vc"] {
			let (status, media, json) = body(represent(failed(), Some(accept)));
			assert_eq!((status, media.as_str()), (StatusCode::NOT_FOUND, PROBLEM_MEDIA_TYPE));
			assert_eq!(json["detail"], "no such thing");
		}
		// A deactivated DID's service is not a redirect.
		let gone = Dereferenced::<u32>::ServiceEndpoint {
			url: "https://a.example/".into(),
			metadata: Default::default(),
			deactivated: true,
		};
		let (status, media, json) = body(represent(gone, None));
		assert_eq!((status, media.as_str()), (StatusCode::GONE, RESOLUTION_MEDIA_TYPE));
		assert_eq!(json["content"], "https://a.example/");
		// A success nobody can accept is a 406, in the shape of its request.
		let list = Dereferenced::<u32>::ServiceEndpoint {
			url: "https://a.example/".into(),
			metadata: Default::default(),
			deactivated: false,
		};
		let (status, _, json) = body(represent(list, Some("image/png")));
		assert_eq!(status, StatusCode::NOT_ACCEPTABLE);
		assert_eq!(
			json["dereferencingMetadata"]["error"]["type"],
			"https://www.w3.org/ns/did#REPRESENTATION_NOT_SUPPORTED"
		);
	}

	#[test]
	fn connections_are_limited_in_all_and_per_client() {
		let connections = Arc::new(Connections::default());
		let a: IpAddr = [127, 0, 0, 1].into();
		let from_a: Vec<Slot> = (0..MAX_PER_CLIENT).filter_map(|_| connections.admit(a)).collect();
		assert_eq!(from_a.len(), MAX_PER_CLIENT);
		assert!(connections.admit(a).is_none(), "one client cannot take more");
		// Other clients fill the rest, then nobody gets in.
		let others: Vec<Slot> = (0..MAX_CONNECTIONS)
			.filter_map(|i| connections.admit([10, 0, (i / 200) as u8, (i % 200) as u8].into()))
			.collect();
		assert_eq!(others.len(), MAX_CONNECTIONS - MAX_PER_CLIENT);
		assert!(connections.admit([10, 9, 9, 9].into()).is_none());
		// Closing a connection frees its places.
		drop(from_a);
		assert!(connections.admit(a).is_some());
		drop(others);
		let open = connections.open.lock().expect("not poisoned");
		assert_eq!(open.0, 0);
		assert!(open.1.is_empty());
	}
}
