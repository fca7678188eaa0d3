//! The node's HTTP endpoint, served with hyper when an operator passes `--did-resolver-port`
//! (bound to localhost unless `--did-resolver-external`):
//!
//! - `GET /1.0/identifiers/{did}`: the Universal Resolver driver. It answers with the same DID
//!   Resolution result as the `did_resolve` JSON-RPC method, with the DID Resolution HTTP
//!   binding's status codes: 200 found, 400 invalid DID, 404 not found, 410 deactivated, 501
//!   another DID method.
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

use didimo_primitives::{AccountId, Balance, BlockNumber};
use didimo_rpc::{
	did::{ResolveDid, DID_LD_JSON},
	error::Error as RpcError,
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
use pallet_presentation_runtime_api::PresentationApi;
use serde::Serialize;
use sp_api::{CallApiAt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::{Block as BlockT, Header as HeaderT};
use tokio::net::TcpListener;

/// The path prefix of the Universal Resolver driver API.
pub const PREFIX: &str = "/1.0/identifiers/";
/// The media type of a DID Resolution result.
pub const RESOLUTION_MEDIA_TYPE: &str =
	"application/ld+json;profile=\"https://w3id.org/did-resolution\"";
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
/// The path of the VC-API presentation verifier.
pub const VERIFY_PATH: &str = "/presentations/verify";
/// The largest request body accepted (a presentation is about 1 KiB).
pub const MAX_BODY: usize = 64 * 1024;

/// What the endpoint needs of the node's client: DID resolution, the presentation runtime
/// API and the chain state the native verifier reads.
pub trait EndpointClient<Block: BlockT>:
	ResolveDid<Block>
	+ ProvideRuntimeApi<Block, Api: PresentationApi<Block, AccountId, Balance, BlockNumber>>
	+ CallApiAt<Block>
	+ HeaderBackend<Block>
	+ Send
	+ Sync
	+ 'static
{
}

impl<Block: BlockT, C> EndpointClient<Block> for C where
	C: ResolveDid<Block>
		+ ProvideRuntimeApi<Block, Api: PresentationApi<Block, AccountId, Balance, BlockNumber>>
		+ CallApiAt<Block>
		+ HeaderBackend<Block>
		+ Send
		+ Sync
		+ 'static
{
}

/// What `POST /presentations/verify` verifies with: the verifier (shared prepared keys) and
/// the node's verification limiter.
pub struct Verification<C, Block: BlockT> {
	/// The verifier.
	pub verifier: Arc<Verifier<C, Block>>,
	/// The bound on verifications at once, shared with `presentation_verify`.
	pub limiter: Limiter,
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
pub async fn serve<Block, C>(
	listener: std::net::TcpListener,
	client: Arc<C>,
	verification: Verification<C, Block>,
) where
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
		let client = client.clone();
		let verification = verification.clone();
		tokio::spawn(async move {
			let _slot = slot;
			let service = service_fn(move |request| {
				answer::<Block, C>(request, client.clone(), verification.clone())
			});
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

fn respond(status: StatusCode, body: Vec<u8>) -> Response<Full<Bytes>> {
	let mut response = Response::new(Full::new(Bytes::from(body)));
	*response.status_mut() = status;
	response
		.headers_mut()
		.insert(header::CONTENT_TYPE, header::HeaderValue::from_static(RESOLUTION_MEDIA_TYPE));
	response
}

fn error(status: StatusCode, message: &str) -> Response<Full<Bytes>> {
	let body = serde_json::to_vec(&HttpError { error: message }).unwrap_or_default();
	respond(status, body)
}

/// The DID a request path names (the path only: a query string is not part of the DID),
/// percent-decoded; or the status and message to answer with.
fn requested_did(path: &str) -> Result<String, (StatusCode, &'static str)> {
	let encoded = path
		.strip_prefix(PREFIX)
		.ok_or((StatusCode::NOT_FOUND, "use GET /1.0/identifiers/{did}"))?;
	percent_encoding::percent_decode_str(encoded)
		.decode_utf8()
		.map(|did| did.into_owned())
		.map_err(|_| (StatusCode::BAD_REQUEST, "the DID is not valid percent-encoded UTF-8"))
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
	client: Arc<C>,
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
		let mut response = respond(status, body);
		response
			.headers_mut()
			.insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/json"));
		return Ok(response);
	}
	if request.method() != Method::GET {
		return Ok(not_allowed("GET"));
	}
	let did = match requested_did(request.uri().path()) {
		Ok(did) => did,
		Err((status, message)) => return Ok(error(status, message)),
	};
	let resolved = tokio::task::spawn_blocking(move || client.resolve_did(&did, None)).await;
	Ok(match resolved {
		Ok(Ok((outcome, mut result))) => {
			// This is DID Resolution's `resolveRepresentation`: the document is sent as JSON-LD
			// and the metadata names its media type.
			if result.did_document.is_some() {
				result.did_resolution_metadata.content_type = Some(DID_LD_JSON.into());
			}
			match serde_json::to_vec(&result) {
				Ok(body) => respond(
					StatusCode::from_u16(outcome.http_status())
						.unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
					body,
				),
				Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
			}
		},
		Ok(Err(e)) => error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
		Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "resolution failed"),
	})
}

/// Whether a request's `Content-Type` is JSON (`application/json` or `application/ld+json`,
/// with any parameters).
fn is_json(content_type: Option<&header::HeaderValue>) -> bool {
	let Some(value) = content_type.and_then(|v| v.to_str().ok()) else { return false };
	let media = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
	media == "application/json" || media == "application/ld+json"
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
	if !is_json(request.headers().get(header::CONTENT_TYPE)) {
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
	fn request_paths_name_percent_encoded_dids() {
		let did = |path: &str| requested_did(path).map_err(|(status, _)| status);
		assert_eq!(did("/1.0/identifiers/did%3Adidimo%3Aabc"), Ok("did:didimo:abc".into()));
		assert_eq!(did("/1.0/identifiers/did:didimo:abc"), Ok("did:didimo:abc".into()));
		assert_eq!(did("/1.0/identifiers/%ff"), Err(StatusCode::BAD_REQUEST));
		assert_eq!(did("/2.0/identifiers/did:didimo:abc"), Err(StatusCode::NOT_FOUND));
		// Not an escape: left as it is, and the resolver reports the DID invalid.
		assert_eq!(did("/1.0/identifiers/%zz"), Ok("%zz".into()));
	}

	#[test]
	fn only_json_bodies_are_verified() {
		let json = |value: &'static str| is_json(Some(&header::HeaderValue::from_static(value)));
		assert!(json("application/json"));
		assert!(json("Application/JSON; charset=utf-8"));
		assert!(json("application/ld+json"));
		assert!(!json("text/plain"));
		assert!(!json("application/jsonx"));
		assert!(!is_json(None));
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
