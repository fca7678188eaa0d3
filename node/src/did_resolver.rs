//! The Universal Resolver driver endpoint, `GET /1.0/identifiers/{did}`, served when an
//! operator passes `--did-resolver-port` (bound to localhost unless `--did-resolver-external`).
//!
//! It answers with the same DID Resolution result as the `did_resolve` JSON-RPC method, with
//! the DID Resolution HTTP binding's status codes: 200 found, 400 invalid DID, 404 not found,
//! 410 deactivated, 501 another DID method. Requests are small and bounded: 8 KiB of request
//! head, 10 s per connection, at most 64 connections at once (more are turned away), and
//! resolution runs on the blocking pool, not the async executor.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use didimo_rpc::did::ResolveDid;
use sp_runtime::traits::Block as BlockT;
use tokio::{
	io::{AsyncReadExt, AsyncWriteExt},
	net::{TcpListener, TcpStream},
	sync::Semaphore,
};

/// The path prefix of the Universal Resolver driver API.
const PREFIX: &str = "/1.0/identifiers/";
/// The largest request head accepted.
const MAX_HEAD: usize = 8 * 1024;
/// How long one connection may take.
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once.
const MAX_CONNECTIONS: usize = 64;

/// Binds the endpoint's listener (before the node starts, so a bad address fails start-up).
pub fn bind(addr: SocketAddr) -> std::io::Result<std::net::TcpListener> {
	let listener = std::net::TcpListener::bind(addr)?;
	listener.set_nonblocking(true)?;
	Ok(listener)
}

/// Serves the endpoint until the node stops.
pub async fn serve<Block, C, BE>(listener: std::net::TcpListener, client: Arc<C>)
where
	Block: BlockT,
	C: ResolveDid<Block, BE> + Send + Sync + 'static,
	BE: Send + Sync + 'static,
{
	let listener = match TcpListener::from_std(listener) {
		Ok(listener) => listener,
		Err(e) => {
			log::error!(target: "did-resolver", "cannot serve the DID resolver: {e}");
			return;
		},
	};
	let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
	loop {
		let (stream, _) = match listener.accept().await {
			Ok(accepted) => accepted,
			Err(e) => {
				log::debug!(target: "did-resolver", "accept failed: {e}");
				tokio::time::sleep(Duration::from_millis(50)).await;
				continue;
			},
		};
		let Ok(slot) = slots.clone().try_acquire_owned() else {
			// Over the limit: close at once rather than queue.
			drop(stream);
			continue;
		};
		let client = client.clone();
		tokio::spawn(async move {
			let _slot = slot;
			let _ =
				tokio::time::timeout(CONNECTION_TIMEOUT, handle::<Block, C, BE>(stream, client))
					.await;
		});
	}
}

async fn handle<Block, C, BE>(mut stream: TcpStream, client: Arc<C>) -> std::io::Result<()>
where
	Block: BlockT,
	C: ResolveDid<Block, BE> + Send + Sync + 'static,
	BE: Send + Sync + 'static,
{
	let mut head = Vec::with_capacity(1024);
	let mut buf = [0u8; 1024];
	while !head.windows(4).any(|w| w == b"\r\n\r\n") {
		let n = stream.read(&mut buf).await?;
		if n == 0 {
			return Ok(());
		}
		head.extend_from_slice(&buf[..n]);
		if head.len() > MAX_HEAD {
			return respond(&mut stream, 431, &error_body("request head too large")).await;
		}
	}
	let head = String::from_utf8_lossy(&head);
	let mut request_line = head.lines().next().unwrap_or_default().split(' ');
	let (method, target) = (request_line.next().unwrap_or_default(), request_line.next());
	if method != "GET" {
		return respond(&mut stream, 405, &error_body("only GET is supported")).await;
	}
	let Some(encoded) = target.and_then(|t| t.strip_prefix(PREFIX)) else {
		return respond(&mut stream, 404, &error_body("use GET /1.0/identifiers/{did}")).await;
	};
	// A query string (`?...`) is not part of the DID.
	let encoded = encoded.split('?').next().unwrap_or_default();
	let Some(did) = percent_decode(encoded) else {
		return respond(&mut stream, 400, &error_body("the DID is not valid percent-encoding"))
			.await;
	};
	let resolved = tokio::task::spawn_blocking(move || client.resolve_did(&did, None)).await;
	match resolved {
		Ok(Ok((outcome, body))) => {
			respond(&mut stream, outcome.http_status(), &body.to_string()).await
		},
		Ok(Err(e)) => respond(&mut stream, 500, &error_body(&e.to_string())).await,
		Err(_) => respond(&mut stream, 500, &error_body("resolution failed")).await,
	}
}

fn error_body(message: &str) -> String {
	serde_json::json!({ "error": message }).to_string()
}

async fn respond(stream: &mut TcpStream, status: u16, body: &str) -> std::io::Result<()> {
	let reason = match status {
		200 => "OK",
		400 => "Bad Request",
		404 => "Not Found",
		405 => "Method Not Allowed",
		410 => "Gone",
		431 => "Request Header Fields Too Large",
		501 => "Not Implemented",
		_ => "Internal Server Error",
	};
	let response = format!(
		"HTTP/1.1 {status} {reason}\r\n\
		 Content-Type: application/ld+json;profile=\"https://w3id.org/did-resolution\"\r\n\
		 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
		body.len()
	);
	stream.write_all(response.as_bytes()).await?;
	stream.shutdown().await
}

/// Decodes `%XX` escapes; `None` for a malformed escape or non-UTF-8 result.
fn percent_decode(input: &str) -> Option<String> {
	let bytes = input.as_bytes();
	let mut out = Vec::with_capacity(bytes.len());
	let mut i = 0;
	while i < bytes.len() {
		if bytes[i] == b'%' {
			let hex = input.get(i + 1..i + 3)?;
			out.push(u8::from_str_radix(hex, 16).ok()?);
			i += 3;
		} else {
			out.push(bytes[i]);
			i += 1;
		}
	}
	String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
	use super::percent_decode;

	#[test]
	fn percent_decoding() {
		assert_eq!(percent_decode("did%3Adidimo%3Aabc").as_deref(), Some("did:didimo:abc"));
		assert_eq!(percent_decode("did:didimo:abc").as_deref(), Some("did:didimo:abc"));
		assert_eq!(percent_decode("%zz"), None);
		assert_eq!(percent_decode("%4"), None);
		assert_eq!(percent_decode("%ff"), None);
	}
}
