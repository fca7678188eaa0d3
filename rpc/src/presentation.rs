//! `presentation_*`: zero-knowledge presentations verified by the node, and the reads a
//! verifier or a wallet needs, over the `PresentationApi` runtime API.
//!
//! - `presentation_verify(presentation, at?)`: is a presentation true for its verification
//!   request at a block ([`VerifyAnswer`]): `verified`, the `reason` when not (the runtime's
//!   `PresentError`, camelCase: a stable code), the nullifier and whether the request's scope
//!   already used it, the disclosed values when verified, and the block.
//! - `presentation_verifyBatch(presentations, at?)`: up to [`MAX_BATCH`] at once, one answer
//!   each, in order; proofs under the same circuit key are checked with one random linear
//!   combination of their pairing equations, and one by one only if that fails.
//! - `presentation_challenge(request, nonce, at?)`: the challenge a holder proves for a
//!   verifier's nonce.
//! - `presentation_request(request, at?)`, `presentation_trustedList(list, at?)`,
//!   `presentation_circuits(at?)`: the runtime API's reads, as they are.
//!
//! `at` is a block hash, `"best"` (the default) or `"finalized"`.
//!
//! ## One implementation of the rules
//! A presentation's rules (the request, its expiry, the circuit, the time window, the issuer
//! or list root, the registry and its root, the nullifier, the disclosure) are the pallet's
//! [`Pallet::presentation_statement`], which `present` and the `verify` runtime API also run.
//! The node runs the same function natively, over the block's state (`sp-state-machine`'s
//! `Ext`, reads only), when its native runtime is the block's (same `spec_name` and
//! `spec_version`); then it checks the Groth16 proof natively with a [`NativeKey`] kept per
//! circuit key hash ([`KeyCache`]). For any other block (a runtime upgrade the node's binary
//! predates), it calls the `verify` runtime API in wasm instead: slower, the same answer. The
//! node's end-to-end tests compare the two on valid and invalid presentations.
//!
//! ## Load
//! Verification runs on the blocking pool under the node's verification [`Limiter`] (as many
//! at once as the machine has cores, a bounded queue, "server is busy" (`-32009`) beyond it),
//! never on the async executor. Single presentations that wait at the same time are verified
//! together ([`Verifier::verify_one`]): a job takes every one queued and checks their proofs
//! with one batch check per circuit key, so under load a pairing check is shared by many
//! presentations, and a presentation alone is checked at once. Each still gets its own
//! answer, the one it would get alone: a batch that fails is checked one by one.
//!
//! [`Pallet::presentation_statement`]: pallet_presentation::Pallet::presentation_statement

use std::{
	collections::HashMap,
	marker::PhantomData,
	panic::{catch_unwind, AssertUnwindSafe},
	sync::{
		atomic::{AtomicU64, Ordering},
		Arc, Mutex, PoisonError,
	},
};

use didimo_primitives::{revocation::Digest, AccountId, Balance, BlockNumber};
use didimo_runtime::Runtime;
use didimo_zk::{
	native::NativeKey,
	verifier::{ArkBls12_381, PreparedVerifyingKey, Proof},
	Fr,
};
use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
	tokio::sync::oneshot,
};
use pallet_presentation::{present::StatementChecked, Pallet as Presentation};
use pallet_presentation_runtime_api::{
	CircuitInfo, ListId, PresentError, PresentationApi as PresentationRuntimeApi, Presented,
	RegistryId, RequestId, RequestInfo, TrustedListInfo, ATTRIBUTES,
};
use serde::{Deserialize, Serialize};
use sp_api::{ApiExt, CallApiAt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::{Block as BlockT, HashingFor, Header as HeaderT};
use sp_state_machine::{Ext, OverlayedChanges};

use crate::{
	error::Error,
	limit::{LimitError, Limiter},
};

/// The most presentations one `presentation_verifyBatch` call takes.
pub const MAX_BATCH: usize = didimo_zk::native::MAX_BATCH;
/// How many prepared circuit keys the node keeps (circuit versions are few).
pub const KEY_CACHE: usize = 16;

/// What a holder presents, as JSON: the values of the statement the proof is for that the
/// request does not fix. Digests are `0x` hex of 32 bytes, canonical field elements.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PresentedJson {
	/// The presentation time (Unix seconds) the proof states.
	pub time: u64,
	/// The revocation registry of the credential.
	pub registry: RegistryId,
	/// The registry root the holder proved non-revocation against.
	#[serde(with = "didimo_primitives::json::hex")]
	pub revocation_root: Digest,
	/// For a request naming a trusted-issuer list: the list root proved against.
	#[serde(default, with = "didimo_primitives::json::optional_hex")]
	pub issuer_root: Option<Digest>,
	/// The holder's nullifier in the request's scope.
	#[serde(with = "didimo_primitives::json::hex")]
	pub nullifier: Digest,
	/// The disclosed values, one per bit of the request's disclosure mask, in slot order.
	#[serde(default, with = "didimo_primitives::json::hex_list")]
	pub disclosed: Vec<Digest>,
}

impl TryFrom<PresentedJson> for Presented {
	type Error = Error;

	fn try_from(json: PresentedJson) -> Result<Self, Error> {
		let disclosed = json
			.disclosed
			.try_into()
			.map_err(|_| Error::InvalidParams(format!("at most {ATTRIBUTES} disclosed values")))?;
		Ok(Presented {
			time: json.time,
			registry: json.registry,
			revocation_root: json.revocation_root,
			issuer_root: json.issuer_root,
			nullifier: json.nullifier,
			disclosed,
		})
	}
}

/// A presentation to verify (`docs/presentations.md`, section 4): the request it answers, the proof (192 bytes compressed or 384
/// uncompressed, `0x` hex), what the holder presents, and the verifier's nonce the
/// challenge was derived from (`presentation_challenge`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PresentationJson {
	/// The verification request's id.
	#[serde(with = "didimo_primitives::json::hex")]
	pub request: RequestId,
	/// The Groth16 proof.
	#[serde(with = "didimo_primitives::json::hex")]
	pub proof: Vec<u8>,
	/// What the holder presents.
	pub presented: PresentedJson,
	/// The verifier's nonce.
	#[serde(with = "didimo_primitives::json::hex")]
	pub nonce: [u8; 32],
}

/// A block to read at: a hash, or `"best"` / `"finalized"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum At<Hash> {
	/// A named block.
	Tag(BlockTag),
	/// A block hash.
	Hash(Hash),
}

/// The blocks `at` may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockTag {
	/// The best block (the default).
	Best,
	/// The last finalized block.
	Finalized,
}

/// A disclosed attribute value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Disclosed {
	/// The attribute slot.
	pub slot: u8,
	/// Its value, a field element.
	#[serde(with = "didimo_primitives::json::hex")]
	pub value: Digest,
}

/// The answer of `presentation_verify`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyAnswer<Hash> {
	/// Whether the presentation is true for its request at the block.
	pub verified: bool,
	/// Why not, when not.
	pub reason: Option<PresentError>,
	/// The presented nullifier.
	#[serde(with = "didimo_primitives::json::hex")]
	pub nullifier: Digest,
	/// Whether the request's nullifier scope already holds it (`null` when the request keeps
	/// no nullifiers, or is unknown).
	pub nullifier_used: Option<bool>,
	/// The disclosed values the proof proves, by slot (empty unless verified).
	pub disclosed: Vec<Disclosed>,
	/// The block number read at.
	pub block: BlockNumber,
	/// The block hash read at.
	pub block_hash: Hash,
}

/// Prepared circuit keys by key hash, shared by every RPC server of the node.
#[derive(Default)]
pub struct KeyCache {
	keys: Mutex<HashMap<[u8; 32], Arc<NativeKey>>>,
}

impl KeyCache {
	/// The native key of a circuit whose key hash is `hash` and prepared key `bytes`, from the
	/// cache or decoded now (the chain validated the key when it was registered).
	pub fn get(&self, hash: [u8; 32], bytes: &[u8]) -> Option<Arc<NativeKey>> {
		if let Some(key) = self.keys.lock().unwrap_or_else(PoisonError::into_inner).get(&hash) {
			return Some(key.clone());
		}
		// A runtime from before storage version 3 stores keys without their shifted bases,
		// which the native verifier does not use: computed natively, they cost microseconds.
		let prepared = PreparedVerifyingKey::from_trusted_bytes(bytes)
			.or_else(|_| PreparedVerifyingKey::from_unshifted_trusted_bytes::<ArkBls12_381>(bytes))
			.ok()?;
		let key = Arc::new(NativeKey::new(prepared));
		let mut keys = self.keys.lock().unwrap_or_else(PoisonError::into_inner);
		if keys.len() >= KEY_CACHE {
			keys.clear();
		}
		keys.insert(hash, key.clone());
		Some(key)
	}

	/// How many keys are cached.
	pub fn len(&self) -> usize {
		self.keys.lock().unwrap_or_else(PoisonError::into_inner).len()
	}

	/// Whether no key is cached.
	pub fn is_empty(&self) -> bool {
		self.len() == 0
	}
}

/// The `presentation_*` JSON-RPC methods.
#[rpc(client, server)]
pub trait PresentationApi<BlockHash> {
	/// Verifies a presentation for its request at `at` (default: the best block).
	#[method(name = "presentation_verify")]
	async fn verify(
		&self,
		presentation: PresentationJson,
		at: Option<At<BlockHash>>,
	) -> RpcResult<VerifyAnswer<BlockHash>>;

	/// Verifies up to [`MAX_BATCH`] presentations at `at`; one answer each, in order.
	#[method(name = "presentation_verifyBatch")]
	async fn verify_batch(
		&self,
		presentations: Vec<PresentationJson>,
		at: Option<At<BlockHash>>,
	) -> RpcResult<Vec<VerifyAnswer<BlockHash>>>;

	/// The challenge a holder proves for `request` and a verifier's `nonce` (`0x` hex).
	#[method(name = "presentation_challenge")]
	fn challenge(
		&self,
		request: String,
		nonce: String,
		at: Option<At<BlockHash>>,
	) -> RpcResult<String>;

	/// A verification request, or `null`.
	#[method(name = "presentation_request")]
	fn verification_request(
		&self,
		request: String,
		at: Option<At<BlockHash>>,
	) -> RpcResult<Option<RequestInfo<AccountId, Balance, BlockNumber>>>;

	/// A trusted-issuer list with its leaves and recent roots, or `null`.
	#[method(name = "presentation_trustedList")]
	fn trusted_list(
		&self,
		list: ListId,
		at: Option<At<BlockHash>>,
	) -> RpcResult<Option<TrustedListInfo<BlockNumber>>>;

	/// The registered circuit versions.
	#[method(name = "presentation_circuits")]
	fn circuits(&self, at: Option<At<BlockHash>>) -> RpcResult<Vec<CircuitInfo<BlockNumber>>>;
}

/// The `presentation_*` RPC module.
pub struct PresentationRpc<C, Block: BlockT> {
	verifier: Arc<Verifier<C, Block>>,
	limiter: Limiter,
}

impl<C, Block: BlockT> PresentationRpc<C, Block> {
	/// A module verifying with `verifier` under `limiter`.
	pub fn new(verifier: Arc<Verifier<C, Block>>, limiter: Limiter) -> Self {
		Self { verifier, limiter }
	}
}

/// Verifies presentations at blocks of a client; what the RPC methods run on the blocking pool.
pub struct Verifier<C, Block: BlockT> {
	client: Arc<C>,
	keys: Arc<KeyCache>,
	/// Single presentations waiting for a verification job ([`Verifier::verify_one`]).
	pending: Mutex<Vec<Pending<Block::Hash>>>,
	/// The id of the next pending presentation.
	next_id: AtomicU64,
	_marker: PhantomData<Block>,
}

/// A single presentation waiting to be verified, and where its answer goes.
struct Pending<Hash> {
	id: u64,
	item: Item,
	at: Option<At<Hash>>,
	reply: oneshot::Sender<Result<VerifyAnswer<Hash>, Error>>,
}

impl<C, Block: BlockT> Verifier<C, Block> {
	/// A verifier reading through `client`, with prepared keys kept in `keys`.
	pub fn new(client: Arc<C>, keys: Arc<KeyCache>) -> Self {
		Self {
			client,
			keys,
			pending: Mutex::new(Vec::new()),
			next_id: AtomicU64::new(0),
			_marker: PhantomData,
		}
	}
}

/// Why [`Verifier::verify_one`] gave no answer.
#[derive(Debug)]
pub enum VerifyOneError {
	/// The presentation or the block is invalid, or the chain could not be read.
	Rpc(Error),
	/// The verification queue was full, or the job failed.
	Limit(LimitError),
}

impl From<Error> for VerifyOneError {
	fn from(error: Error) -> Self {
		Self::Rpc(error)
	}
}

impl From<VerifyOneError> for jsonrpsee::types::ErrorObjectOwned {
	fn from(error: VerifyOneError) -> Self {
		match error {
			VerifyOneError::Rpc(e) => e.into(),
			VerifyOneError::Limit(e) => e.into(),
		}
	}
}

/// A presentation decoded from JSON.
struct Item {
	request: RequestId,
	proof: Vec<u8>,
	presented: Presented,
	nonce: [u8; 32],
}

impl TryFrom<PresentationJson> for Item {
	type Error = Error;

	fn try_from(json: PresentationJson) -> Result<Self, Error> {
		Ok(Item {
			request: json.request,
			proof: json.proof,
			presented: json.presented.try_into()?,
			nonce: json.nonce,
		})
	}
}

/// What the rules said of one item, read natively.
struct Ruled {
	statement: Result<StatementChecked<Runtime>, PresentError>,
	nullifier_used: Option<bool>,
}

fn parse_digest(what: &str, text: &str) -> Result<[u8; 32], Error> {
	let bytes = didimo_primitives::json::from_hex(text)
		.map_err(|e| Error::InvalidParams(format!("{what}: {e}")))?;
	bytes.try_into().map_err(|_| Error::InvalidParams(format!("{what}: 32 bytes of hex expected")))
}

fn disclosed(mask: u8, values: &[Digest]) -> Vec<Disclosed> {
	(0..ATTRIBUTES as u8)
		.filter(|slot| mask & (1 << slot) != 0)
		.zip(values)
		.map(|(slot, value)| Disclosed { slot, value: *value })
		.collect()
}

impl<C, Block> Verifier<C, Block>
where
	Block: BlockT,
	Block::Header: HeaderT<Number = BlockNumber>,
	C: ProvideRuntimeApi<Block> + CallApiAt<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: PresentationRuntimeApi<Block, AccountId, Balance, BlockNumber>,
{
	/// The hash and number of the block `at` names.
	pub fn block(&self, at: Option<At<Block::Hash>>) -> Result<(Block::Hash, BlockNumber), Error> {
		let info = self.client.info();
		let hash = match at {
			None | Some(At::Tag(BlockTag::Best)) => info.best_hash,
			Some(At::Tag(BlockTag::Finalized)) => info.finalized_hash,
			Some(At::Hash(hash)) => hash,
		};
		let number = self
			.client
			.number(hash)
			.map_err(|e| Error::Client(e.to_string()))?
			.ok_or_else(|| Error::InvalidParams(format!("unknown block {hash:?}")))?;
		Ok((hash, number))
	}

	/// Whether the node's native runtime is the one of the block `hash`.
	fn native_runtime_at(&self, hash: Block::Hash) -> Result<bool, Error> {
		let version = self
			.client
			.runtime_version_at(hash, sp_api::CallContext::Offchain)
			.map_err(|e| Error::RuntimeApi(e.to_string()))?;
		let native = &didimo_runtime::VERSION;
		Ok(version.spec_name == native.spec_name && version.spec_version == native.spec_version)
	}

	/// Runs the pallet's rules for `items` natively over the state of block `hash`.
	fn rules(&self, hash: Block::Hash, items: &[Item]) -> Result<Vec<Ruled>, Error> {
		let state = self.client.state_at(hash).map_err(|e| Error::Client(e.to_string()))?;
		let mut overlay = OverlayedChanges::<HashingFor<Block>>::default();
		let mut ext = Ext::new(&mut overlay, &state, None);
		let run = || {
			items
				.iter()
				.map(|item| {
					let challenge =
						Presentation::<Runtime>::nonce_challenge(&item.request, &item.nonce);
					let statement = Presentation::<Runtime>::presentation_statement(
						&item.request,
						&item.presented,
						&challenge,
					);
					// A statement the rules accepted has an unused nullifier in the request's
					// scope, if it has one; otherwise it is read.
					let nullifier_used = match &statement {
						Ok(checked) => checked.scope.map(|_| false),
						Err(_) => Presentation::<Runtime>::nullifier_used(
							&item.request,
							&item.presented.nullifier,
						),
					};
					Ruled { statement, nullifier_used }
				})
				.collect()
		};
		// The rules never panic on any input (the pallet's tests); a panic would be corrupt
		// state, reported as an error rather than taking down the worker thread.
		catch_unwind(AssertUnwindSafe(|| {
			sp_externalities::set_and_run_with_externalities(&mut ext, run)
		}))
		.map_err(|_| {
			Error::RuntimeApi("the presentation rules failed on this block's state".into())
		})
	}

	/// Verifies `items` at `at`, one answer each.
	pub fn verify_all(
		&self,
		items: Vec<PresentationJson>,
		at: Option<At<Block::Hash>>,
	) -> Result<Vec<VerifyAnswer<Block::Hash>>, Error> {
		if items.len() > MAX_BATCH {
			return Err(Error::InvalidParams(format!(
				"at most {MAX_BATCH} presentations in a batch, got {}",
				items.len()
			)));
		}
		let items = items.into_iter().map(Item::try_from).collect::<Result<Vec<_>, _>>()?;
		self.verify_items(&items, at)
	}

	fn verify_items(
		&self,
		items: &[Item],
		at: Option<At<Block::Hash>>,
	) -> Result<Vec<VerifyAnswer<Block::Hash>>, Error> {
		let (hash, block) = self.block(at)?;
		let outcomes = if self.native_runtime_at(hash)? {
			self.verify_native(hash, items)?
		} else {
			self.verify_in_wasm(hash, items)?
		};
		Ok(items
			.iter()
			.zip(outcomes)
			.map(|(item, (result, nullifier_used, mask))| {
				let verified = result.is_ok();
				VerifyAnswer {
					verified,
					reason: result.err(),
					nullifier: item.presented.nullifier,
					nullifier_used,
					disclosed: match (verified, mask) {
						(true, Some(mask)) => disclosed(mask, &item.presented.disclosed),
						_ => Vec::new(),
					},
					block,
					block_hash: hash,
				}
			})
			.collect())
	}

	/// Verifies one presentation at `at` under `limiter`, together with the others waiting
	/// then: each call queues its presentation and asks `limiter` for a job, and a job takes
	/// every presentation queued (up to [`MAX_BATCH`]). Under load one job checks many proofs
	/// with one batch check (the `didimo_zk::native` module documentation); alone, a
	/// presentation is checked on its own at once. The answers are the ones one by one would
	/// give.
	pub async fn verify_one(
		self: &Arc<Self>,
		limiter: &Limiter,
		presentation: PresentationJson,
		at: Option<At<Block::Hash>>,
	) -> Result<VerifyAnswer<Block::Hash>, VerifyOneError> {
		let item = Item::try_from(presentation)?;
		let (reply, answer) = oneshot::channel();
		let id = self.next_id.fetch_add(1, Ordering::Relaxed);
		self.pending.lock().unwrap_or_else(PoisonError::into_inner).push(Pending {
			id,
			item,
			at,
			reply,
		});
		let verifier = self.clone();
		if let Err(e) = limiter.run(move || verifier.drain()).await {
			// No job of ours ran: take the presentation back, unless a job already took it
			// (and answers it).
			let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
			if let Some(index) = pending.iter().position(|p| p.id == id) {
				pending.swap_remove(index);
				return Err(VerifyOneError::Limit(e));
			}
		}
		match answer.await {
			Ok(result) => result.map_err(VerifyOneError::Rpc),
			Err(_) => Err(VerifyOneError::Limit(LimitError::Failed(
				"the verification job stopped".into(),
			))),
		}
	}

	/// A verification job: answers every presentation queued now (up to [`MAX_BATCH`]).
	fn drain(&self) {
		let mut taken: Vec<Pending<Block::Hash>> = {
			let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
			let count = pending.len().min(MAX_BATCH);
			pending.drain(..count).collect()
		};
		// One run of the rules and the proofs per block asked for.
		while let Some(first) = taken.first() {
			let at = first.at;
			let (group, rest): (Vec<_>, Vec<_>) = taken.into_iter().partition(|p| p.at == at);
			taken = rest;
			let (items, replies): (Vec<Item>, Vec<_>) =
				group.into_iter().map(|p| (p.item, p.reply)).unzip();
			match self.verify_items(&items, at) {
				Ok(answers) => {
					for (reply, answer) in replies.into_iter().zip(answers) {
						let _ = reply.send(Ok(answer));
					}
				},
				Err(e) => {
					for reply in replies {
						let _ = reply.send(Err(e.clone()));
					}
				},
			}
		}
	}

	/// The rules natively, then the proofs natively: grouped by circuit key, one batch check
	/// per key and one check per proof only if the batch fails.
	#[allow(clippy::type_complexity)]
	fn verify_native(
		&self,
		hash: Block::Hash,
		items: &[Item],
	) -> Result<Vec<(Result<(), PresentError>, Option<bool>, Option<u8>)>, Error> {
		let ruled = self.rules(hash, items)?;
		// What each answer takes from the rules besides the verdict: the nullifier's use and,
		// for an accepted statement, the request's disclosure mask.
		let extras: Vec<(Option<bool>, Option<u8>)> = ruled
			.iter()
			.map(|r| (r.nullifier_used, r.statement.as_ref().ok().map(|c| c.disclose)))
			.collect();
		let mut results: Vec<Result<(), PresentError>> = Vec::with_capacity(items.len());
		// Per key hash: the key and the (item, inputs, proof) to check under it.
		let mut groups: HashMap<[u8; 32], (Arc<NativeKey>, Vec<(usize, Vec<Fr>, Proof)>)> =
			HashMap::new();
		for (index, (item, ruled)) in items.iter().zip(ruled).enumerate() {
			let checked = match ruled.statement {
				Ok(checked) => checked,
				Err(reason) => {
					results.push(Err(reason));
					continue;
				},
			};
			// The order of `verify_with_circuit`: the proof's encoding, then the key.
			let Ok(proof) = didimo_zk::native::decode_proof(&item.proof) else {
				results.push(Err(PresentError::MalformedProof));
				continue;
			};
			let circuit = &checked.circuit;
			let Some(key) = self.keys.get(circuit.key_hash, &circuit.key) else {
				results.push(Err(PresentError::UnknownCircuit));
				continue;
			};
			results.push(Ok(()));
			groups.entry(circuit.key_hash).or_insert_with(|| (key, Vec::new())).1.push((
				index,
				checked.inputs,
				proof,
			));
		}
		let mut rng = rand::thread_rng();
		for (key, group) in groups.values() {
			let batch: Vec<(&[Fr], &Proof)> =
				group.iter().map(|(_, inputs, proof)| (inputs.as_slice(), proof)).collect();
			for ((index, _, _), result) in group.iter().zip(key.verify_each(&batch, &mut rng)) {
				// A wrong input count is `ProofRejected`, as in `verify_with_circuit`.
				results[*index] = result.map_err(|_| PresentError::ProofRejected);
			}
		}
		Ok(results
			.into_iter()
			.zip(extras)
			.map(|(result, (nullifier_used, mask))| (result, nullifier_used, mask))
			.collect())
	}

	/// The `verify` runtime API in wasm, one call per item: for blocks of a runtime the node's
	/// binary does not carry natively.
	#[allow(clippy::type_complexity)]
	fn verify_in_wasm(
		&self,
		hash: Block::Hash,
		items: &[Item],
	) -> Result<Vec<(Result<(), PresentError>, Option<bool>, Option<u8>)>, Error> {
		let api = self.client.runtime_api();
		let version = api
			.api_version::<dyn PresentationRuntimeApi<Block, AccountId, Balance, BlockNumber>>(hash)
			.map_err(|e| Error::RuntimeApi(e.to_string()))?
			.unwrap_or(0);
		let runtime = |e: sp_api::ApiError| Error::RuntimeApi(e.to_string());
		items
			.iter()
			.map(|item| {
				let result = api
					.verify(
						hash,
						item.request,
						item.proof.clone(),
						item.presented.clone(),
						item.nonce,
					)
					.map_err(runtime)?;
				let used = if version >= 3 {
					api.nullifier_used(hash, item.request, item.presented.nullifier)
						.map_err(runtime)?
				} else {
					None
				};
				let mask =
					api.request(hash, item.request).map_err(runtime)?.map(|r| r.spec.disclose);
				Ok((result, used, mask))
			})
			.collect()
	}
}

#[async_trait]
impl<C, Block> PresentationApiServer<Block::Hash> for PresentationRpc<C, Block>
where
	Block: BlockT,
	Block::Header: HeaderT<Number = BlockNumber>,
	C: ProvideRuntimeApi<Block> + CallApiAt<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: PresentationRuntimeApi<Block, AccountId, Balance, BlockNumber>,
{
	async fn verify(
		&self,
		presentation: PresentationJson,
		at: Option<At<Block::Hash>>,
	) -> RpcResult<VerifyAnswer<Block::Hash>> {
		Ok(self.verifier.verify_one(&self.limiter, presentation, at).await?)
	}

	async fn verify_batch(
		&self,
		presentations: Vec<PresentationJson>,
		at: Option<At<Block::Hash>>,
	) -> RpcResult<Vec<VerifyAnswer<Block::Hash>>> {
		if presentations.len() > MAX_BATCH {
			return Err(Error::InvalidParams(format!(
				"at most {MAX_BATCH} presentations in a batch, got {}",
				presentations.len()
			))
			.into());
		}
		let verifier = self.verifier.clone();
		Ok(self.limiter.run(move || verifier.verify_all(presentations, at)).await??)
	}

	fn challenge(
		&self,
		request: String,
		nonce: String,
		at: Option<At<Block::Hash>>,
	) -> RpcResult<String> {
		let request = parse_digest("request", &request)?;
		let nonce = parse_digest("nonce", &nonce)?;
		let (hash, _) = self.verifier.block(at)?;
		let challenge = self
			.verifier
			.client
			.runtime_api()
			.challenge(hash, request, nonce)
			.map_err(|e| Error::RuntimeApi(e.to_string()))?;
		Ok(didimo_primitives::json::to_hex(&challenge))
	}

	fn verification_request(
		&self,
		request: String,
		at: Option<At<Block::Hash>>,
	) -> RpcResult<Option<RequestInfo<AccountId, Balance, BlockNumber>>> {
		let request = parse_digest("request", &request)?;
		let (hash, _) = self.verifier.block(at)?;
		Ok(self
			.verifier
			.client
			.runtime_api()
			.request(hash, request)
			.map_err(|e| Error::RuntimeApi(e.to_string()))?)
	}

	fn trusted_list(
		&self,
		list: ListId,
		at: Option<At<Block::Hash>>,
	) -> RpcResult<Option<TrustedListInfo<BlockNumber>>> {
		let (hash, _) = self.verifier.block(at)?;
		Ok(self
			.verifier
			.client
			.runtime_api()
			.trusted_list(hash, list)
			.map_err(|e| Error::RuntimeApi(e.to_string()))?)
	}

	fn circuits(&self, at: Option<At<Block::Hash>>) -> RpcResult<Vec<CircuitInfo<BlockNumber>>> {
		let (hash, _) = self.verifier.block(at)?;
		Ok(self
			.verifier
			.client
			.runtime_api()
			.circuits(hash)
			.map_err(|e| Error::RuntimeApi(e.to_string()))?)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn presentations_parse_from_json() {
		let json = serde_json::json!({
			"request": format!("0x{}", "11".repeat(32)),
			"proof": format!("0x{}", "22".repeat(192)),
			"presented": {
				"time": 1_700_000_000u64,
				"registry": 3,
				"revocationRoot": format!("0x{}", "33".repeat(32)),
				"nullifier": format!("0x{}", "44".repeat(32)),
				"disclosed": [format!("0x{}", "55".repeat(32))],
			},
			"nonce": format!("0x{}", "66".repeat(32)),
		});
		let parsed: PresentationJson = serde_json::from_value(json).expect("valid");
		let item = Item::try_from(parsed).expect("valid");
		assert_eq!(item.request, [0x11; 32]);
		assert_eq!(item.proof.len(), 192);
		assert_eq!(item.presented.issuer_root, None);
		assert_eq!(item.presented.disclosed.len(), 1);
	}

	#[test]
	fn bad_presentations_are_refused_with_a_reason() {
		let base = serde_json::json!({
			"request": format!("0x{}", "11".repeat(32)),
			"proof": "0x00",
			"presented": {
				"time": 1, "registry": 3,
				"revocationRoot": format!("0x{}", "33".repeat(32)),
				"nullifier": format!("0x{}", "44".repeat(32)),
			},
			"nonce": format!("0x{}", "66".repeat(32)),
		});
		let mut short = base.clone();
		short["request"] = serde_json::json!("0x1111");
		let error = serde_json::from_value::<PresentationJson>(short).expect_err("31 bytes short");
		assert!(error.to_string().contains("wrong length"), "{error}");
		let mut unknown = base.clone();
		unknown["presented"]["extra"] = serde_json::json!(1);
		assert!(serde_json::from_value::<PresentationJson>(unknown).is_err());
		let mut not_hex = base.clone();
		not_hex["nonce"] = serde_json::json!("0xzz");
		assert!(serde_json::from_value::<PresentationJson>(not_hex).is_err());
		let mut many = base;
		many["presented"]["disclosed"] =
			serde_json::json!(vec![format!("0x{}", "55".repeat(32)); 9]);
		let parsed: PresentationJson = serde_json::from_value(many).expect("well-formed JSON");
		assert!(matches!(Item::try_from(parsed), Err(Error::InvalidParams(_))));
	}

	#[test]
	fn at_names_blocks() {
		let best: At<sp_core::H256> =
			serde_json::from_value(serde_json::json!("best")).expect("best");
		assert_eq!(best, At::Tag(BlockTag::Best));
		let finalized: At<sp_core::H256> =
			serde_json::from_value(serde_json::json!("finalized")).expect("finalized");
		assert_eq!(finalized, At::Tag(BlockTag::Finalized));
		let hash: At<sp_core::H256> =
			serde_json::from_value(serde_json::json!(format!("0x{}", "ab".repeat(32))))
				.expect("a hash");
		assert_eq!(hash, At::Hash(sp_core::H256::repeat_byte(0xab)));
		assert!(serde_json::from_value::<At<sp_core::H256>>(serde_json::json!("latest")).is_err());
	}

	#[test]
	fn disclosed_values_follow_the_mask() {
		let values = [[1u8; 32], [2u8; 32]];
		assert_eq!(
			disclosed(0b1000_0100, &values),
			vec![Disclosed { slot: 2, value: [1; 32] }, Disclosed { slot: 7, value: [2; 32] }]
		);
		assert!(disclosed(0, &values).is_empty());
	}
}
