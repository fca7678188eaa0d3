//! `didimo-light`: DIDimo's reads from an embedded light client, trusting no RPC node.
//!
//! [`LightClient`] embeds smoldot (`smoldot-light` 3, whose executor has the BLS12-381 host
//! calls the runtime's presentation verification uses). It starts from a chain spec, follows
//! the chain's headers itself (Aura, GRANDPA justifications; warp sync when it is far behind)
//! and answers every read as a runtime call at a finalized block: smoldot asks a full node for
//! a call proof, runs the runtime's wasm locally over it and checks every storage value the
//! call reads against that block's state root. A lying node can withhold answers, not forge
//! them.
//!
//! The typed reads are the runtime APIs the node's JSON-RPC wraps: a DID's resolution and its
//! W3C document (built by `didimo_rpc::did::document`, the code the RPC uses), a credential's
//! status and non-revocation witness, a consent check, and a presentation's verification
//! (`PresentationApi_verify`, the chain's own rules and Groth16 check). Any other runtime API
//! is one [`LightClient::runtime_call`] away.
//!
//! A runtime API a light client can run must read what it checks: smoldot answers an
//! existence check (`exists`) by reading the value, and a node's call proof of a
//! `contains_key` on a value over 32 bytes (kept hashed in the trie) holds only the value's
//! hash, so the call fails with `MissingProofEntry`. DIDimo's pallets read instead
//! (`pallet_did`'s `is_active`, the presentation pallet's nullifier checks).
//!
//! Licence: smoldot is GPL-3.0-or-later WITH Classpath-exception-2.0. The exception lets this
//! crate, which links it without modifying it, keep the workspace's Apache-2.0 licence; a
//! binary that includes it must still offer smoldot's source under its licence (the node
//! already links `sc-*` crates under the same terms).

use std::{
	iter,
	num::NonZero,
	sync::Arc,
	time::{Duration, Instant},
};

use codec::{Decode, Encode};
use didimo_primitives::{
	did::DidIdentifier,
	revocation::{Digest, RegistryId},
};
use didimo_runtime::{AccountId, Balance, BlockNumber};
use pallet_consent_runtime_api::{Action, CheckError, CheckResult, Moment};
use pallet_did_runtime_api::DidResolution;
use pallet_presentation_runtime_api::{PresentError, Presented, RequestId};
use pallet_revocation_runtime_api::{StatusAt, Witness};
use serde_json::{json, Value};
use smoldot_light::{
	lifecycle_service::Phase, platform::DefaultPlatform, AddChainConfig, AddChainConfigJsonRpc,
	ChainId, Client, JsonRpcResponses,
};

type Platform = Arc<DefaultPlatform>;

/// How many JSON-RPC requests may wait in the client at once (one at a time here).
const MAX_PENDING: u32 = 16;

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
	/// The chain spec was refused.
	Spec(String),
	/// Nothing within the time allowed: no peer answered, or the chain is not synced.
	Timeout(String),
	/// The light client answered with an error (a missing proof, an unknown block, ...).
	Rpc(String),
	/// An answer did not decode.
	Decode(String),
}

impl std::fmt::Display for Error {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Error::Spec(e) => write!(f, "the chain spec is refused: {e}"),
			Error::Timeout(what) => write!(f, "timed out: {what}"),
			Error::Rpc(e) => write!(f, "the light client answered: {e}"),
			Error::Decode(e) => write!(f, "an answer does not decode: {e}"),
		}
	}
}

impl std::error::Error for Error {}

/// A result of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// A finalized block the light client verified: reads are made at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
	/// `0x` hex.
	pub hash: String,
	pub number: BlockNumber,
}

/// How a light client caught up with the chain ([`LightClient::wait_ready`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Synced {
	/// Whether it caught up by a GRANDPA warp sync (proofs of the authority-set changes and a
	/// justification of the latest finalized block, not every header), which smoldot does
	/// when the network's finality is more than 32 blocks ahead of it; otherwise it followed
	/// the chain block by block.
	pub warp_synced: bool,
}

/// An embedded light client following one DIDimo chain.
pub struct LightClient {
	client: Client<Platform>,
	chain: ChainId,
	responses: JsonRpcResponses<Platform>,
	next_id: u64,
	started: Instant,
}

impl LightClient {
	/// Starts a light client for the chain of `spec` (a chain spec's JSON, raw or not, with
	/// bootnodes it can dial: TCP or non-secure WebSocket multiaddrs with a `/p2p/` peer id).
	/// It connects and syncs in the background, on its own threads.
	pub fn start(spec: &str) -> Result<Self> {
		let mut client = Client::new(DefaultPlatform::new(
			"didimo-light".into(),
			env!("CARGO_PKG_VERSION").into(),
		));
		let added = client
			.add_chain(AddChainConfig {
				user_data: (),
				specification: spec,
				database_content: "",
				potential_relay_chains: iter::empty(),
				json_rpc: AddChainConfigJsonRpc::Enabled {
					max_pending_requests: NonZero::<u32>::MIN.saturating_add(MAX_PENDING - 1),
					max_subscriptions: 0,
				},
				statement_protocol_config: None,
			})
			.map_err(|e| Error::Spec(e.to_string()))?;
		let responses = added
			.json_rpc_responses
			.ok_or_else(|| Error::Spec("JSON-RPC is not enabled".into()))?;
		Ok(LightClient {
			client,
			chain: added.chain_id,
			responses,
			next_id: 0,
			started: Instant::now(),
		})
	}

	/// How long ago [`Self::start`] was called.
	pub fn age(&self) -> Duration {
		self.started.elapsed()
	}

	/// Waits until the client has peers and has caught up with them.
	pub fn wait_ready(&mut self, timeout: Duration) -> Result<Synced> {
		let mut states = self.client.lifecycle_state(self.chain);
		within(timeout, "the light client to sync", async move {
			let mut synced = Synced { warp_synced: false };
			while let Some(state) = states.next().await {
				match state.phase {
					Phase::Syncing { .. } => synced.warp_synced = true,
					Phase::Ready => return Ok(synced),
					Phase::Connecting => {},
				}
			}
			Err(Error::Rpc("the chain was removed".into()))
		})
	}

	/// Calls the light client's JSON-RPC `method` and waits for its answer.
	pub fn request(&mut self, method: &str, params: Value, timeout: Duration) -> Result<Value> {
		self.next_id += 1;
		let id = self.next_id;
		let text = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
		self.client
			.json_rpc_request(text.to_string(), self.chain)
			.map_err(|e| Error::Rpc(e.to_string()))?;
		let responses = &mut self.responses;
		within(timeout, method, async move {
			loop {
				let text = responses.next().await.ok_or_else(|| Error::Rpc("closed".into()))?;
				let answer: Value =
					serde_json::from_str(&text).map_err(|e| Error::Decode(e.to_string()))?;
				// Answers to earlier, timed-out requests and notifications are skipped.
				if answer.get("id") != Some(&json!(id)) {
					continue;
				}
				return match answer.get("error") {
					Some(error) => Err(Error::Rpc(error.to_string())),
					None => Ok(answer.get("result").cloned().unwrap_or(Value::Null)),
				};
			}
		})
	}

	/// The latest finalized block the client verified.
	pub fn finalized(&mut self, timeout: Duration) -> Result<Block> {
		let hash = self.request("chain_getFinalizedHead", json!([]), timeout)?;
		let hash = hash.as_str().ok_or_else(|| Error::Decode(format!("a hash: {hash}")))?;
		let header = self.request("chain_getHeader", json!([hash]), timeout)?;
		let number = header["number"]
			.as_str()
			.and_then(|n| BlockNumber::from_str_radix(n.trim_start_matches("0x"), 16).ok())
			.ok_or_else(|| Error::Decode(format!("a header: {header}")))?;
		Ok(Block { hash: hash.to_owned(), number })
	}

	/// Waits until the client has verified a finalized block numbered `number` or later, and
	/// returns the latest.
	pub fn wait_finalized(&mut self, number: BlockNumber, timeout: Duration) -> Result<Block> {
		let deadline = Instant::now() + timeout;
		loop {
			let left = deadline.saturating_duration_since(Instant::now());
			let block = self.finalized(left)?;
			if block.number >= number {
				return Ok(block);
			}
			if left.is_zero() {
				return Err(Error::Timeout(format!("a finalized block #{number}")));
			}
			std::thread::sleep(Duration::from_millis(200).min(left));
		}
	}

	/// Runs the runtime API function `method` (`DidApi_resolve`) with SCALE `args` at `at`,
	/// from a call proof, and decodes its answer.
	pub fn runtime_call<R: Decode>(
		&mut self,
		method: &str,
		args: &[u8],
		at: &Block,
		timeout: Duration,
	) -> Result<R> {
		let params = json!([method, array_bytes::bytes2hex("0x", args), at.hash]);
		let answer = self.request("state_call", params, timeout)?;
		let bytes = answer
			.as_str()
			.and_then(|text| array_bytes::hex2bytes(text).ok())
			.ok_or_else(|| Error::Decode(format!("{method}: not hex: {answer}")))?;
		R::decode(&mut &bytes[..]).map_err(|e| Error::Decode(format!("{method}: {e}")))
	}

	/// A DID's resolution (`DidApi_resolve`).
	pub fn resolve(
		&mut self,
		did: &DidIdentifier,
		at: &Block,
		timeout: Duration,
	) -> Result<DidResolution<AccountId, Balance, BlockNumber>> {
		self.runtime_call("DidApi_resolve", &did.encode(), at, timeout)
	}

	/// A live DID's W3C DID document, as the node's `did_resolve` builds it; `None` for a DID
	/// that is not on chain or is deactivated.
	pub fn did_document(
		&mut self,
		did: &DidIdentifier,
		at: &Block,
		timeout: Duration,
	) -> Result<Option<Value>> {
		Ok(match self.resolve(did, at, timeout)? {
			DidResolution::Active(record) => Some(
				serde_json::to_value(didimo_rpc::did::document(did, &record))
					.map_err(|e| Error::Decode(e.to_string()))?,
			),
			DidResolution::Deactivated { .. } | DidResolution::NotFound => None,
		})
	}

	/// A credential's status (`RevocationApi_status`).
	pub fn status(
		&mut self,
		registry: RegistryId,
		index: u32,
		at: &Block,
		timeout: Duration,
	) -> Result<StatusAt<BlockNumber>> {
		self.runtime_call("RevocationApi_status", &(registry, index).encode(), at, timeout)
	}

	/// A holder's non-revocation witness (`RevocationApi_witness`).
	pub fn witness(
		&mut self,
		registry: RegistryId,
		index: u32,
		at: &Block,
		timeout: Duration,
	) -> Result<Option<Witness<BlockNumber>>> {
		self.runtime_call("RevocationApi_witness", &(registry, index).encode(), at, timeout)
	}

	/// Whether `grantee` may perform `action` on `subject`'s data of `category` for `purpose`
	/// at chain time `time` (`None`: the block's) (`ConsentApi_check`).
	#[allow(clippy::too_many_arguments)]
	pub fn consent_check(
		&mut self,
		subject: &DidIdentifier,
		grantee: &DidIdentifier,
		category: &[u8],
		action: Action,
		purpose: &[u8],
		time: Option<Moment>,
		at: &Block,
		timeout: Duration,
	) -> Result<std::result::Result<CheckResult, CheckError>> {
		let args = (subject, grantee, category, action, purpose, time).encode();
		self.runtime_call("ConsentApi_check", &args, at, timeout)
	}

	/// Verifies a presentation for `request` made for the verifier's `nonce`
	/// (`PresentationApi_verify`): the chain's rules and its Groth16 check, run by the light
	/// client over the block's state.
	pub fn verify_presentation(
		&mut self,
		request: &RequestId,
		proof: &[u8],
		presented: &Presented,
		nonce: &[u8; 32],
		at: &Block,
		timeout: Duration,
	) -> Result<std::result::Result<(), PresentError>> {
		let args = (request, proof, presented, nonce).encode();
		self.runtime_call("PresentationApi_verify", &args, at, timeout)
	}

	/// Whether `nullifier` is used in `request`'s scope (`PresentationApi_nullifier_used`).
	pub fn nullifier_used(
		&mut self,
		request: &RequestId,
		nullifier: &Digest,
		at: &Block,
		timeout: Duration,
	) -> Result<Option<bool>> {
		self.runtime_call(
			"PresentationApi_nullifier_used",
			&(request, nullifier).encode(),
			at,
			timeout,
		)
	}
}

/// Runs `future` on this thread for at most `timeout`.
fn within<T>(
	timeout: Duration,
	what: &str,
	future: impl std::future::Future<Output = Result<T>>,
) -> Result<T> {
	let what = what.to_owned();
	smol::block_on(futures_lite::future::or(future, async move {
		smol::Timer::after(timeout).await;
		Err(Error::Timeout(what))
	}))
}

/// `spec` with `bootnodes` as its boot nodes (a chain spec's JSON).
pub fn with_bootnodes(spec: &str, bootnodes: &[String]) -> Result<String> {
	let mut value: Value = serde_json::from_str(spec).map_err(|e| Error::Spec(e.to_string()))?;
	value["bootNodes"] = json!(bootnodes);
	Ok(value.to_string())
}
