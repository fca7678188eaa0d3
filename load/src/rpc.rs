//! JSON-RPC over HTTP/1.1 with kept-alive connections (hyper's pooled client), as an
//! application that queries a node does: each concurrent caller reuses its connection.

use std::sync::atomic::{AtomicU64, Ordering};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::{
	client::legacy::{connect::HttpConnector, Client},
	rt::TokioExecutor,
};
use serde_json::{json, Value};

use crate::Error;

/// A JSON-RPC error object the node answered with.
#[derive(Clone, Debug)]
pub struct RpcError {
	/// Its code (`1010` invalid transaction, `1014` priority too low, `1016` pool full, ...).
	pub code: i64,
	/// Its message and data.
	pub message: String,
}

impl std::fmt::Display for RpcError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "{} ({})", self.message, self.code)
	}
}

/// A node's JSON-RPC endpoint.
pub struct Rpc {
	client: Client<HttpConnector, Full<Bytes>>,
	uri: hyper::Uri,
	next_id: AtomicU64,
}

impl Rpc {
	/// A client of the node at `url` (`http://127.0.0.1:9944`).
	pub fn new(url: &str) -> Result<Self, Error> {
		let uri: hyper::Uri =
			url.parse().map_err(|e| Error(format!("{url:?} is not a URL: {e}")))?;
		if uri.scheme_str() != Some("http") {
			return Err(Error(format!("{url:?}: only http:// URLs are supported (loopback)")));
		}
		let mut connector = HttpConnector::new();
		connector.set_nodelay(true);
		let client = Client::builder(TokioExecutor::new()).build(connector);
		Ok(Self { client, uri, next_id: AtomicU64::new(1) })
	}

	/// Sends one request; the node's answer, which may be a JSON-RPC error.
	pub async fn call_raw(
		&self,
		method: &str,
		params: Value,
	) -> Result<Result<Value, RpcError>, Error> {
		let id = self.next_id.fetch_add(1, Ordering::Relaxed);
		let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
		let text = self.post(&self.uri, body.to_string()).await?;
		let mut answer: Value = serde_json::from_slice(&text)
			.map_err(|e| Error(format!("{method}: the answer is not JSON: {e}")))?;
		if let Some(error) = answer.get("error") {
			return Ok(Err(RpcError {
				code: error["code"].as_i64().unwrap_or_default(),
				message: match error.get("data") {
					Some(data) => format!("{}: {data}", error["message"]),
					None => error["message"].to_string(),
				},
			}));
		}
		Ok(Ok(answer["result"].take()))
	}

	/// Sends one request and fails on a JSON-RPC error.
	pub async fn call(&self, method: &str, params: Value) -> Result<Value, Error> {
		self.call_raw(method, params).await?.map_err(|e| Error(format!("{method}: {e}")))
	}

	/// A plain `GET` (Prometheus' text format, say).
	pub async fn get(&self, url: &str) -> Result<String, Error> {
		let uri: hyper::Uri =
			url.parse().map_err(|e| Error(format!("{url:?} is not a URL: {e}")))?;
		let request = hyper::Request::get(uri.clone()).body(Full::new(Bytes::new()));
		let body = self.send(&uri, request).await?;
		String::from_utf8(body.to_vec()).map_err(|e| Error(format!("GET {url}: {e}")))
	}

	async fn post(&self, uri: &hyper::Uri, body: String) -> Result<Bytes, Error> {
		let request = hyper::Request::post(uri.clone())
			.header(hyper::header::CONTENT_TYPE, "application/json")
			.body(Full::new(Bytes::from(body)));
		self.send(uri, request).await
	}

	/// Sends `request` to `uri`; the body of a successful answer.
	async fn send(
		&self,
		uri: &hyper::Uri,
		request: Result<hyper::Request<Full<Bytes>>, hyper::http::Error>,
	) -> Result<Bytes, Error> {
		let request = request.map_err(|e| Error(format!("request to {uri}: {e}")))?;
		let response = self
			.client
			.request(request)
			.await
			.map_err(|e| Error(format!("no answer from {uri}: {e}")))?;
		let status = response.status();
		let body = response
			.into_body()
			.collect()
			.await
			.map_err(|e| Error(format!("the answer from {uri} broke off: {e}")))?
			.to_bytes();
		if !status.is_success() {
			return Err(Error(format!(
				"{uri} answered HTTP {status}: {}",
				String::from_utf8_lossy(&body)
			)));
		}
		Ok(body)
	}
}
