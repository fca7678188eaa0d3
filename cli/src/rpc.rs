//! JSON-RPC 2.0 over HTTP to a node's RPC port (the node serves HTTP and WebSocket on the same
//! port, so `ws://host:9944` is reached as `http://host:9944`).

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::error::{Error, Result};

/// How long one request may take (a node answering a heavy read is still well within this).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// JSON-RPC's invalid-parameters error code: the node's answer to a bad argument.
pub const INVALID_PARAMS: i64 = -32_602;

/// A JSON-RPC error the node answered.
#[derive(Debug, Clone)]
pub struct RpcError {
	pub code: i64,
	pub message: String,
	pub data: Option<Value>,
}

impl std::fmt::Display for RpcError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "{} ({})", self.message, self.code)?;
		if let Some(data) = &self.data {
			match data {
				Value::String(s) => write!(f, ": {s}")?,
				other => write!(f, ": {other}")?,
			}
		}
		Ok(())
	}
}

/// A node's JSON-RPC endpoint.
#[derive(Clone, Debug)]
pub struct Rpc {
	url: String,
}

impl Rpc {
	/// The endpoint at `url` (`ws://`, `http://`). TLS (`wss://`, `https://`) is not built in:
	/// reach a remote node through a tunnel or a local node.
	pub fn new(url: &str) -> Result<Self> {
		let url = url.trim();
		let http = if let Some(rest) = url.strip_prefix("ws://") {
			format!("http://{rest}")
		} else if url.starts_with("http://") {
			url.to_owned()
		} else if url.starts_with("wss://") || url.starts_with("https://") {
			return Err(Error::Usage(format!(
				"{url}: TLS endpoints are not supported by this build; use a local node or an SSH \
				 tunnel to the node's RPC port (ws://127.0.0.1:9944)"
			)));
		} else {
			return Err(Error::Usage(format!(
				"{url}: expected ws://host:port or http://host:port"
			)));
		};
		Ok(Rpc { url: http })
	}

	/// The endpoint's URL, as used.
	pub fn url(&self) -> &str {
		&self.url
	}

	/// Calls `method`; a JSON-RPC error is returned as `Ok(Err(..))` for the caller to judge.
	pub fn call_raw(
		&self,
		method: &str,
		params: Value,
	) -> Result<std::result::Result<Value, RpcError>> {
		let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params });
		let response = attohttpc::post(&self.url)
			.connect_timeout(CONNECT_TIMEOUT)
			.timeout(REQUEST_TIMEOUT)
			.header("Content-Type", "application/json")
			.text(body.to_string())
			.send()
			.map_err(|e| Error::Network(format!("cannot reach the node at {}: {e}", self.url)))?;
		let status = response.status();
		let text = response
			.text()
			.map_err(|e| Error::Network(format!("{method}: reading the node's answer: {e}")))?;
		let answer: Value = serde_json::from_str(&text).map_err(|_| {
			Error::Network(format!(
				"{method}: the node at {} answered HTTP {status} without JSON-RPC: {}",
				self.url,
				text.chars().take(200).collect::<String>()
			))
		})?;
		if let Some(error) = answer.get("error") {
			return Ok(Err(RpcError {
				code: error["code"].as_i64().unwrap_or_default(),
				message: error["message"].as_str().unwrap_or_default().to_owned(),
				data: error.get("data").cloned(),
			}));
		}
		Ok(Ok(answer.get("result").cloned().unwrap_or(Value::Null)))
	}

	/// Calls `method`, which must succeed, and reads its result as `T`. An invalid-parameters
	/// answer is a usage error; any other JSON-RPC error a network one.
	pub fn call<T: DeserializeOwned>(&self, method: &str, params: Value) -> Result<T> {
		let value = self.call_raw(method, params)?.map_err(|e| match e.code {
			// The node's answer to a bad argument is the user's error, not the network's.
			INVALID_PARAMS => Error::Usage(format!("{method}: {e}")),
			_ => Error::Network(format!("{method} failed: {e}")),
		})?;
		serde_json::from_value(value)
			.map_err(|e| Error::Network(format!("{method}: unexpected answer: {e}")))
	}
}
