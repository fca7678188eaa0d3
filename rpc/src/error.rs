//! Errors of DIDimo's RPC methods, as numeric codes mapped to JSON-RPC error objects.

use jsonrpsee::types::error::ErrorObjectOwned;
use serde::{Deserialize, Serialize};

/// An RFC 9457 problem details object: DID Resolution's errors ([`crate::did::ErrorKind`])
/// and VC-API's ([`crate::vc_api`]) both take this shape.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
	/// A URI naming the kind of problem.
	#[serde(rename = "type")]
	pub kind: String,
	/// A short summary of the kind of problem.
	pub title: String,
	/// What went wrong in this case, for a person.
	pub detail: String,
}

/// The base of DIDimo's RPC error codes (server errors are -32000 to -32099).
const BASE: i32 = -32_050;

/// Why an RPC call failed (as opposed to a DID resolution error, which is part of a
/// successful answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
	/// Calling the runtime API failed (for example, the block's state was pruned).
	RuntimeApi(String),
	/// Reading chain data failed.
	Client(String),
	/// Encoding or decoding a result failed (for example, compressing a status list).
	Encoding(String),
	/// A parameter is malformed (a DID, an action name): JSON-RPC's invalid-params code.
	InvalidParams(String),
}

impl Error {
	/// The JSON-RPC error code.
	pub fn code(&self) -> i32 {
		match self {
			Self::RuntimeApi(_) => BASE,
			Self::Client(_) => BASE - 1,
			Self::Encoding(_) => BASE - 2,
			Self::InvalidParams(_) => jsonrpsee::types::error::INVALID_PARAMS_CODE,
		}
	}
}

impl core::fmt::Display for Error {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Self::RuntimeApi(e) => write!(f, "runtime API call failed: {e}"),
			Self::Client(e) => write!(f, "reading chain data failed: {e}"),
			Self::Encoding(e) => write!(f, "encoding failed: {e}"),
			Self::InvalidParams(e) => write!(f, "invalid parameter: {e}"),
		}
	}
}

impl std::error::Error for Error {}

impl From<Error> for ErrorObjectOwned {
	fn from(error: Error) -> Self {
		ErrorObjectOwned::owned(error.code(), error.to_string(), None::<()>)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn errors_map_to_distinct_server_error_codes() {
		let a: ErrorObjectOwned = Error::RuntimeApi("x".into()).into();
		let b: ErrorObjectOwned = Error::Client("y".into()).into();
		assert_eq!(a.code(), -32_050);
		assert_eq!(b.code(), -32_051);
		assert!(a.message().contains("runtime API call failed: x"));
	}
}
