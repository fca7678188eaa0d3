//! `revocation_*`: credential status from the revocation registries, over the
//! `RevocationApi` runtime API.
//!
//! - `revocation_status(registry, index, at?)`: `active`, `revoked`, `suspended` or `unknown`
//!   (an unknown registry, a closing one, or an index out of range: never `active`), with
//!   the block it is as of ([`StatusAnswer`]).
//! - `revocation_witness(registry, index, at?)`: a non-revocation witness (leaf, Merkle path
//!   from the leaf up, root) for a zero-knowledge proof, or `null` ([`WitnessAnswer`]).
//! - `revocation_statusList(registry, at?)`: the registry as a W3C Bitstring Status List v1.0
//!   credential ([`StatusListCredential`]), built from chain state at the block and naming
//!   that block, or `null`.
//!
//! The status list credential carries no proof: its authority is the chain state it was read
//! from, which a verifier checks by reading the same block itself (a light client can, with
//! `state_call` of `RevocationApi_status_list`). `encodedList` is the multibase base64url
//! (`u` prefix, no padding) of the GZIP-compressed bitstring, padded with zeros to the
//! specification's 16 KiB minimum (131,072 entries) when the registry is smaller; entries at
//! and beyond the registry's capacity are not credentials and read `unknown` from
//! `revocation_status`.
//!
//! `revocation_witness` and `revocation_statusList` are the heavy methods. A status list reads
//! up to 128 KiB of state and compresses it at the best level. They run on the blocking pool
//! under the node's [`Limiter`], so only a few run at once, and a request that cannot get a
//! turn in time gets "server is busy" (`-32009`). Status lists are also cached per (registry,
//! block hash) in a [`StatusListCache`]: concurrent requests for the same list at the same
//! block share one computation, and repeated ones cost nothing until the chain moves on.

use std::{
	collections::VecDeque,
	future::Future,
	io::Write,
	marker::PhantomData,
	sync::{Arc, Mutex, PoisonError},
};

use base64::Engine;
use didimo_primitives::{
	did::format_did, revocation::Digest, time::ChainTimeApi, AccountId, Balance, BlockNumber,
};
use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
	tokio::sync::OnceCell,
	types::error::ErrorObjectOwned,
};
use pallet_revocation_runtime_api::{
	RegistryId, RevocationApi as RevocationRuntimeApi, StatusAt, StatusList, StatusPurpose, Witness,
};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

use crate::{
	chain_time::{block_time, xml_datetime},
	error::Error,
	limit::Limiter,
};

/// The W3C Bitstring Status List minimum bitstring size, in bytes (131,072 entries).
pub const MIN_LIST_BYTES: usize = 16 * 1024;
/// How many (registry, block) status lists the node keeps encoded. A 2^20-slot list with
/// random bits encodes to about 175 KB, so at most about 3 MB.
pub const STATUS_LIST_CACHE: usize = 16;
/// The JSON-LD context of a W3C Verifiable Credential (Data Model 2.0).
pub const CREDENTIALS_V2: &str = "https://www.w3.org/ns/credentials/v2";

/// A credential's status, as `revocation_status` answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusAnswer<Hash> {
	/// The registry asked about.
	pub registry: RegistryId,
	/// The index asked about.
	pub index: u32,
	/// The status and the block number it holds as of.
	#[serde(flatten)]
	pub status: StatusAt<BlockNumber>,
	/// The hash of that block.
	pub block_hash: Hash,
}

/// A non-revocation witness, as `revocation_witness` answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WitnessAnswer<Hash> {
	/// The registry asked about.
	pub registry: RegistryId,
	/// The index, leaf, path, root, status and block number.
	#[serde(flatten)]
	pub witness: Witness<BlockNumber>,
	/// The hash of that block.
	pub block_hash: Hash,
}

/// A W3C `BitstringStatusListCredential`, as `revocation_statusList` answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusListCredential<Hash> {
	/// [`CREDENTIALS_V2`] and [`crate::did::DIDIMO_CONTEXT`] (which defines `didimoChainState`).
	#[serde(rename = "@context")]
	pub context: Vec<String>,
	/// `<issuer DID>/status-lists/<registry>`.
	pub id: String,
	/// `VerifiableCredential`, `BitstringStatusListCredential`.
	#[serde(rename = "type")]
	pub kind: Vec<String>,
	/// The issuer DID.
	pub issuer: String,
	/// When the block it was read at was made; left out if unknown.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub valid_from: Option<String>,
	/// The status list.
	pub credential_subject: StatusListSubject,
	/// Where on chain it was read.
	pub didimo_chain_state: StatusListChainState<Hash>,
}

/// The `credentialSubject` of a status list credential.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusListSubject {
	/// `<credential id>#list`.
	pub id: String,
	/// `BitstringStatusList`.
	#[serde(rename = "type")]
	pub kind: String,
	/// `revocation` or `suspension`.
	pub status_purpose: StatusPurpose,
	/// See [`encode_list`].
	pub encoded_list: String,
}

/// The chain state a status list credential was read from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusListChainState<Hash> {
	/// The registry.
	pub registry: RegistryId,
	/// Its capacity: indices at and above it are not credentials.
	pub capacity: u32,
	/// The registry's Merkle root, for zero-knowledge non-revocation proofs.
	#[serde(with = "didimo_primitives::json::hex")]
	pub root: Digest,
	/// The block number read at.
	pub block: BlockNumber,
	/// The block hash read at.
	pub block_hash: Hash,
}

/// The `revocation_*` methods.
#[rpc(client, server)]
pub trait RevocationApi<BlockHash> {
	/// A credential's status as of block `at` (the best block if omitted).
	#[method(name = "revocation_status")]
	fn status(
		&self,
		registry: RegistryId,
		index: u32,
		at: Option<BlockHash>,
	) -> RpcResult<StatusAnswer<BlockHash>>;

	/// A non-revocation witness for `index`, or `null` for an unknown or closing registry or
	/// an index out of range. Runs under the heavy-read limiter.
	#[method(name = "revocation_witness")]
	async fn witness(
		&self,
		registry: RegistryId,
		index: u32,
		at: Option<BlockHash>,
	) -> RpcResult<Option<WitnessAnswer<BlockHash>>>;

	/// The registry as a W3C `BitstringStatusListCredential`, or `null`. Runs under the
	/// heavy-read limiter, once per (registry, block) while the answer stays cached.
	#[method(name = "revocation_statusList")]
	async fn status_list(
		&self,
		registry: RegistryId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<StatusListCredential<BlockHash>>>;
}

/// A cached `revocation_statusList` answer, or the error every request that shared its
/// computation gets.
type CachedList<Hash> = Result<Option<Arc<StatusListCredential<Hash>>>, ErrorObjectOwned>;

/// One cache slot: filled once, by whichever request computes it first.
struct CacheEntry<Hash> {
	registry: RegistryId,
	block: Hash,
	answer: Arc<OnceCell<CachedList<Hash>>>,
}

/// The last [`STATUS_LIST_CACHE`] (or so) status list answers, by (registry, block hash),
/// least recently used first out.
///
/// Requests for a list that is being computed wait for that computation instead of starting
/// their own, so N concurrent requests for one list at one block compute it once. A failed
/// computation (busy, a pruned block) is handed to the requests that waited for it and then
/// forgotten, so the next request tries again. A computation whose caller went away is taken
/// over by one of the requests waiting for it.
pub struct StatusListCache<Hash> {
	capacity: usize,
	entries: Mutex<VecDeque<CacheEntry<Hash>>>,
}

impl<Hash: Clone + PartialEq> StatusListCache<Hash> {
	/// A cache of at most `capacity` answers (at least one).
	pub fn new(capacity: usize) -> Self {
		let capacity = capacity.max(1);
		Self { capacity, entries: Mutex::new(VecDeque::with_capacity(capacity)) }
	}

	/// How many answers (or computations in progress) it holds.
	pub fn len(&self) -> usize {
		self.entries.lock().unwrap_or_else(PoisonError::into_inner).len()
	}

	/// Whether it holds nothing.
	pub fn is_empty(&self) -> bool {
		self.len() == 0
	}

	/// The answer for `registry` at `block`: the cached one, the one being computed, or
	/// `compute`'s, which is then cached if it is not an error.
	pub async fn get_or_compute<F, Fut>(
		&self,
		registry: RegistryId,
		block: Hash,
		compute: F,
	) -> RpcResult<Option<StatusListCredential<Hash>>>
	where
		F: FnOnce() -> Fut,
		Fut: Future<Output = RpcResult<Option<StatusListCredential<Hash>>>>,
	{
		let slot = self.slot(registry, &block);
		let answer = slot
			.get_or_init(move || async move { compute().await.map(|answer| answer.map(Arc::new)) })
			.await;
		match answer {
			Ok(answer) => Ok(answer.as_deref().cloned()),
			Err(error) => {
				self.forget(&slot);
				Err(error.clone())
			},
		}
	}

	/// The slot for (`registry`, `block`), made (and the least recently used one dropped) if
	/// there is none, and marked most recently used.
	fn slot(&self, registry: RegistryId, block: &Hash) -> Arc<OnceCell<CachedList<Hash>>> {
		let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
		let found = entries.iter().position(|e| e.registry == registry && e.block == *block);
		let entry = match found.and_then(|i| entries.remove(i)) {
			Some(entry) => entry,
			None => {
				CacheEntry { registry, block: block.clone(), answer: Arc::new(OnceCell::new()) }
			},
		};
		let answer = entry.answer.clone();
		entries.push_back(entry);
		while entries.len() > self.capacity {
			entries.pop_front();
		}
		answer
	}

	/// Drops `slot` from the cache (if it is still there).
	fn forget(&self, slot: &Arc<OnceCell<CachedList<Hash>>>) {
		let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
		entries.retain(|e| !Arc::ptr_eq(&e.answer, slot));
	}
}

/// The `revocation_*` RPC module.
pub struct Revocation<C, Block: BlockT> {
	client: Arc<C>,
	heavy: Limiter,
	lists: Arc<StatusListCache<Block::Hash>>,
	_marker: PhantomData<Block>,
}

impl<C, Block: BlockT> Revocation<C, Block> {
	/// A module reading through `client`, running its heavy methods under `heavy` and caching
	/// status lists in `lists`.
	pub fn new(client: Arc<C>, heavy: Limiter, lists: Arc<StatusListCache<Block::Hash>>) -> Self {
		Self { client, heavy, lists, _marker: PhantomData }
	}
}

/// `encodedList`: multibase base64url (no padding) of the GZIP of the bitstring padded to
/// [`MIN_LIST_BYTES`].
pub fn encode_list(bits: &[u8]) -> Result<String, Error> {
	let mut padded = bits.to_vec();
	if padded.len() < MIN_LIST_BYTES {
		padded.resize(MIN_LIST_BYTES, 0);
	}
	let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
	gz.write_all(&padded).map_err(|e| Error::Encoding(e.to_string()))?;
	let compressed = gz.finish().map_err(|e| Error::Encoding(e.to_string()))?;
	Ok(format!("u{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(compressed)))
}

/// Decodes an `encodedList` back to the bitstring (for verifiers and tests).
pub fn decode_list(encoded: &str) -> Result<Vec<u8>, Error> {
	use std::io::Read;
	let body = encoded.strip_prefix('u').ok_or_else(|| {
		Error::Encoding("encodedList must start with the multibase prefix u".into())
	})?;
	let compressed = base64::engine::general_purpose::URL_SAFE_NO_PAD
		.decode(body)
		.map_err(|e| Error::Encoding(e.to_string()))?;
	let mut bits = Vec::new();
	flate2::read::GzDecoder::new(compressed.as_slice())
		.read_to_end(&mut bits)
		.map_err(|e| Error::Encoding(e.to_string()))?;
	Ok(bits)
}

impl<Hash> StatusListCredential<Hash> {
	/// The credential for a registry's list read at block `hash`, made at `valid_from`.
	pub fn new(
		registry: RegistryId,
		list: &StatusList<BlockNumber>,
		hash: Hash,
		valid_from: Option<String>,
	) -> Result<Self, Error> {
		let issuer = format_did(&list.issuer);
		let id = format!("{issuer}/status-lists/{registry}");
		Ok(Self {
			context: vec![CREDENTIALS_V2.into(), crate::did::DIDIMO_CONTEXT.into()],
			credential_subject: StatusListSubject {
				id: format!("{id}#list"),
				kind: "BitstringStatusList".into(),
				status_purpose: list.purpose,
				encoded_list: encode_list(&list.bits)?,
			},
			id,
			kind: vec!["VerifiableCredential".into(), "BitstringStatusListCredential".into()],
			issuer,
			valid_from,
			didimo_chain_state: StatusListChainState {
				registry,
				capacity: list.capacity,
				root: list.root,
				block: list.block,
				block_hash: hash,
			},
		})
	}
}

/// `revocation_statusList`'s work: reads the list at `hash` and encodes it as a credential.
fn status_list_at<Block, C>(
	client: &C,
	registry: RegistryId,
	hash: Block::Hash,
) -> Result<Option<StatusListCredential<Block::Hash>>, Error>
where
	Block: BlockT,
	Block::Header: sp_runtime::traits::Header<Number = BlockNumber>,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
	C::Api: RevocationRuntimeApi<Block, AccountId, Balance, BlockNumber> + ChainTimeApi<Block>,
{
	let list = client
		.runtime_api()
		.status_list(hash, registry)
		.map_err(|e| Error::RuntimeApi(e.to_string()))?;
	let Some(list) = list else { return Ok(None) };
	let valid_from = block_time::<Block, C>(client, list.block)?.and_then(xml_datetime);
	Ok(Some(StatusListCredential::new(registry, &list, hash, valid_from)?))
}

#[async_trait]
impl<C, Block> RevocationApiServer<Block::Hash> for Revocation<C, Block>
where
	Block: BlockT,
	Block::Header: sp_runtime::traits::Header<Number = BlockNumber>,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: RevocationRuntimeApi<Block, AccountId, Balance, BlockNumber> + ChainTimeApi<Block>,
{
	fn status(
		&self,
		registry: RegistryId,
		index: u32,
		at: Option<Block::Hash>,
	) -> RpcResult<StatusAnswer<Block::Hash>> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let status = self
			.client
			.runtime_api()
			.status(hash, registry, index)
			.map_err(|e| Error::RuntimeApi(e.to_string()))?;
		Ok(StatusAnswer { registry, index, status, block_hash: hash })
	}

	async fn witness(
		&self,
		registry: RegistryId,
		index: u32,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<WitnessAnswer<Block::Hash>>> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let client = self.client.clone();
		let witness = self
			.heavy
			.run(move || {
				client
					.runtime_api()
					.witness(hash, registry, index)
					.map_err(|e| Error::RuntimeApi(e.to_string()))
			})
			.await??;
		Ok(witness.map(|witness| WitnessAnswer { registry, witness, block_hash: hash }))
	}

	async fn status_list(
		&self,
		registry: RegistryId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<StatusListCredential<Block::Hash>>> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		status_list(self.client.clone(), &self.heavy, &self.lists, registry, hash).await
	}
}

/// A registry's status list credential as of block `hash`: from `lists`, or computed on the
/// blocking pool under `heavy` (and cached). `revocation_statusList` and the dereferencing of
/// `<issuer DID>/status-lists/<registry>` both read lists through here.
pub async fn status_list<Block, C>(
	client: Arc<C>,
	heavy: &Limiter,
	lists: &StatusListCache<Block::Hash>,
	registry: RegistryId,
	hash: Block::Hash,
) -> RpcResult<Option<StatusListCredential<Block::Hash>>>
where
	Block: BlockT,
	Block::Header: sp_runtime::traits::Header<Number = BlockNumber>,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: RevocationRuntimeApi<Block, AccountId, Balance, BlockNumber> + ChainTimeApi<Block>,
{
	lists
		.get_or_compute(registry, hash, move || async move {
			let work = move || status_list_at::<Block, C>(&*client, registry, hash);
			match heavy.run(work).await {
				Ok(answer) => answer.map_err(ErrorObjectOwned::from),
				Err(busy_or_failed) => Err(busy_or_failed.into()),
			}
		})
		.await
}

#[cfg(test)]
mod tests {
	use super::*;
	use jsonrpsee::tokio::{
		runtime::{Builder, Runtime},
		time::sleep,
	};
	use pallet_revocation_runtime_api::CredentialStatus;
	use serde_json::json;
	use sp_core::H256;
	use sp_runtime::AccountId32;
	use std::{
		sync::atomic::{AtomicUsize, Ordering},
		time::Duration,
	};

	fn runtime() -> Runtime {
		Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a runtime")
	}

	/// A small status list credential read at block `block`.
	fn credential(block: BlockNumber) -> StatusListCredential<H256> {
		let list = StatusList {
			issuer: AccountId32::new([7; 32]),
			purpose: StatusPurpose::Revocation,
			capacity: 64,
			bits: vec![0x80u8; 8],
			root: [1u8; 32],
			block,
		};
		StatusListCredential::new(3, &list, H256::repeat_byte(1), None).expect("builds")
	}

	/// A computation that counts its runs and answers `credential(block)` after `delay`.
	async fn counted(
		runs: Arc<AtomicUsize>,
		block: BlockNumber,
		delay: Duration,
	) -> RpcResult<Option<StatusListCredential<H256>>> {
		runs.fetch_add(1, Ordering::SeqCst);
		sleep(delay).await;
		Ok(Some(credential(block)))
	}

	#[test]
	fn concurrent_requests_for_one_list_compute_it_once() {
		let rt = runtime();
		let cache = Arc::new(StatusListCache::<H256>::new(STATUS_LIST_CACHE));
		let runs = Arc::new(AtomicUsize::new(0));
		let requests: Vec<_> = (0..32)
			.map(|_| {
				let (cache, runs) = (cache.clone(), runs.clone());
				rt.spawn(async move {
					cache
						.get_or_compute(3, H256::repeat_byte(1), move || {
							counted(runs, 42, Duration::from_millis(500))
						})
						.await
				})
			})
			.collect();
		for request in requests {
			assert_eq!(rt.block_on(request).expect("joins"), Ok(Some(credential(42))));
		}
		assert_eq!(runs.load(Ordering::SeqCst), 1, "32 requests, one computation");
		// Later requests for the same list at the same block are answered from the cache.
		let again = rt.block_on(cache.get_or_compute(3, H256::repeat_byte(1), {
			let runs = runs.clone();
			move || counted(runs, 43, Duration::ZERO)
		}));
		assert_eq!(again, Ok(Some(credential(42))));
		assert_eq!(runs.load(Ordering::SeqCst), 1);
		assert_eq!(cache.len(), 1);
	}

	#[test]
	fn lists_are_cached_per_registry_and_block() {
		let rt = runtime();
		let cache = StatusListCache::<H256>::new(STATUS_LIST_CACHE);
		let runs = Arc::new(AtomicUsize::new(0));
		let get = |registry: RegistryId, hash: u8, block: BlockNumber| {
			let runs = runs.clone();
			rt.block_on(cache.get_or_compute(registry, H256::repeat_byte(hash), move || {
				counted(runs, block, Duration::ZERO)
			}))
		};
		assert_eq!(get(3, 1, 10), Ok(Some(credential(10))));
		// Another block, another registry: computed afresh.
		assert_eq!(get(3, 2, 11), Ok(Some(credential(11))));
		assert_eq!(get(4, 1, 12), Ok(Some(credential(12))));
		assert_eq!(runs.load(Ordering::SeqCst), 3);
		// The same ones again: from the cache.
		assert_eq!(get(3, 1, 99), Ok(Some(credential(10))));
		assert_eq!(get(3, 2, 99), Ok(Some(credential(11))));
		assert_eq!(runs.load(Ordering::SeqCst), 3);
		// `null` answers (an unknown registry) are cached too.
		async fn unknown_registry() -> RpcResult<Option<StatusListCredential<H256>>> {
			Ok(None)
		}
		let none = rt.block_on(cache.get_or_compute(5, H256::repeat_byte(1), unknown_registry));
		assert_eq!(none, Ok(None));
		assert_eq!(cache.len(), 4);
	}

	#[test]
	fn the_cache_is_bounded_and_drops_the_least_recently_used_list() {
		let rt = runtime();
		let cache = StatusListCache::<H256>::new(2);
		let runs = Arc::new(AtomicUsize::new(0));
		let get = |registry: RegistryId, block: BlockNumber| {
			let runs = runs.clone();
			rt.block_on(cache.get_or_compute(registry, H256::repeat_byte(1), move || {
				counted(runs, block, Duration::ZERO)
			}))
		};
		assert_eq!(get(1, 10), Ok(Some(credential(10))));
		assert_eq!(get(2, 20), Ok(Some(credential(20))));
		// Registry 1 is used again, so registry 2 is the least recently used...
		assert_eq!(get(1, 11), Ok(Some(credential(10))));
		// ...and goes when registry 3 comes in.
		assert_eq!(get(3, 30), Ok(Some(credential(30))));
		assert_eq!(cache.len(), 2);
		assert_eq!(runs.load(Ordering::SeqCst), 3);
		assert_eq!(get(1, 12), Ok(Some(credential(10))), "still cached");
		assert_eq!(get(2, 21), Ok(Some(credential(21))), "computed again");
		assert_eq!(runs.load(Ordering::SeqCst), 4);
		assert_eq!(cache.len(), 2);
	}

	#[test]
	fn a_failed_computation_reaches_its_waiters_and_is_not_cached() {
		/// A computation that counts its runs and finds the server busy.
		async fn busy(runs: Arc<AtomicUsize>) -> RpcResult<Option<StatusListCredential<H256>>> {
			runs.fetch_add(1, Ordering::SeqCst);
			sleep(Duration::from_millis(500)).await;
			Err(crate::limit::LimitError::Busy.into())
		}
		let rt = runtime();
		let cache = Arc::new(StatusListCache::<H256>::new(STATUS_LIST_CACHE));
		let runs = Arc::new(AtomicUsize::new(0));
		let requests: Vec<_> = (0..8)
			.map(|_| {
				let (cache, runs) = (cache.clone(), runs.clone());
				rt.spawn(async move {
					cache.get_or_compute(3, H256::repeat_byte(1), move || busy(runs)).await
				})
			})
			.collect();
		for request in requests {
			let answer = rt.block_on(request).expect("joins");
			assert_eq!(answer.map_err(|e| e.code()), Err(-32_009));
		}
		assert_eq!(runs.load(Ordering::SeqCst), 1, "the waiters shared the failure");
		assert!(cache.is_empty(), "failures are not cached");
		// The next request computes again.
		let retried = rt.block_on(cache.get_or_compute(3, H256::repeat_byte(1), {
			let runs = runs.clone();
			move || counted(runs, 42, Duration::ZERO)
		}));
		assert_eq!(retried, Ok(Some(credential(42))));
		assert_eq!(runs.load(Ordering::SeqCst), 2);
	}

	#[test]
	fn encoded_list_round_trips_and_is_padded_to_16_kib() {
		let mut bits = vec![0u8; 128];
		bits[0] = 0b1000_0000; // index 0
		bits[12] = 0b0000_0001; // index 103
		let encoded = encode_list(&bits).expect("encodes");
		assert!(encoded.starts_with('u'));
		assert!(!encoded.contains('=') && !encoded.contains('+') && !encoded.contains('/'));
		let decoded = decode_list(&encoded).expect("decodes");
		assert_eq!(decoded.len(), MIN_LIST_BYTES);
		assert_eq!(&decoded[..128], &bits[..]);
		assert!(decoded[128..].iter().all(|b| *b == 0));
	}

	#[test]
	fn lists_above_the_minimum_keep_their_length() {
		let bits = vec![0xa5u8; MIN_LIST_BYTES + 3];
		assert_eq!(decode_list(&encode_list(&bits).expect("encodes")).expect("decodes"), bits);
	}

	#[test]
	fn malformed_encoded_lists_are_errors() {
		assert!(decode_list("zabc").is_err());
		assert!(decode_list("u!!!").is_err());
		assert!(decode_list("uAAAA").is_err());
	}

	#[test]
	fn credential_names_issuer_purpose_and_block() {
		let list = StatusList {
			issuer: AccountId32::new([7; 32]),
			purpose: StatusPurpose::Suspension,
			capacity: 1000,
			bits: vec![0u8; 125],
			root: [1u8; 32],
			block: 42,
		};
		let hash = H256::repeat_byte(0xab);
		let credential = serde_json::to_value(
			StatusListCredential::new(3, &list, hash, Some("2026-11-26T00:00:00Z".into()))
				.expect("builds"),
		)
		.expect("serializes");
		let issuer = format_did(&list.issuer);
		assert_eq!(
			credential["@context"],
			json!(["https://www.w3.org/ns/credentials/v2", "https://w3id.org/didimo/v1"])
		);
		assert_eq!(credential["issuer"], json!(issuer));
		assert_eq!(credential["id"], json!(format!("{issuer}/status-lists/3")));
		assert_eq!(credential["type"][1], json!("BitstringStatusListCredential"));
		assert_eq!(credential["credentialSubject"]["type"], json!("BitstringStatusList"));
		assert_eq!(credential["credentialSubject"]["statusPurpose"], json!("suspension"));
		assert_eq!(credential["validFrom"], json!("2026-11-26T00:00:00Z"));
		assert_eq!(credential["didimoChainState"]["block"], json!(42));
		assert_eq!(credential["didimoChainState"]["blockHash"], json!(format!("{hash:?}")));
		assert_eq!(credential["didimoChainState"]["root"], json!(format!("0x{}", "01".repeat(32))));
		let encoded = credential["credentialSubject"]["encodedList"].as_str().expect("a string");
		assert_eq!(&decode_list(encoded).expect("decodes")[..125], &list.bits[..]);
	}

	#[test]
	fn status_and_witness_answers_are_flat() {
		let hash = H256::repeat_byte(1);
		let status = StatusAnswer {
			registry: 2,
			index: 5,
			status: StatusAt { status: CredentialStatus::Suspended, block: 9 },
			block_hash: hash,
		};
		let value = serde_json::to_value(&status).expect("serializes");
		assert_eq!(
			value,
			json!({
				"registry": 2, "index": 5, "status": "suspended",
				"block": 9, "blockHash": format!("{hash:?}"),
			})
		);
		assert_eq!(serde_json::from_value::<StatusAnswer<H256>>(value).expect("parses"), status);
		let witness = WitnessAnswer {
			registry: 2,
			witness: Witness {
				index: 5,
				leaf: [2; 32],
				path: vec![[3; 32]; 2],
				root: [4; 32],
				status: CredentialStatus::Active,
				block: 9,
			},
			block_hash: hash,
		};
		let value = serde_json::to_value(&witness).expect("serializes");
		assert_eq!(value["leaf"], json!(format!("0x{}", "02".repeat(32))));
		assert_eq!(value["path"][1], json!(format!("0x{}", "03".repeat(32))));
		assert_eq!(value["status"], json!("active"));
		assert_eq!(value["blockHash"], json!(format!("{hash:?}")));
		assert_eq!(serde_json::from_value::<WitnessAnswer<H256>>(value).expect("parses"), witness);
	}
}
