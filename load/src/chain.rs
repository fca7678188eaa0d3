//! What the load generator knows of the chain: its genesis and versions, the keys it signs
//! with, extrinsics and DID-signed calls, and what each block held.

use codec::{Decode, Encode};
use didimo_primitives::did::{DidIdentifier, DidSignature, DidVerificationKey, Relationships};
use didimo_runtime::{
	AccountId, Runtime, RuntimeCall, RuntimeEvent, SignedPayload, TxExtension, UncheckedExtrinsic,
};
use frame_support::weights::Weight;
use pallet_did::{DidCallOperation, DidCreation, VerificationMethod};
use pallet_did_runtime_api::DidResolution;
use serde_json::{json, Value};
use sp_core::{sr25519, Pair, H256};
use sp_crypto_hashing::{blake2_256, twox_128};
use sp_runtime::{generic::Era, BoundedVec, MultiAddress};

use crate::{
	rpc::{Rpc, RpcError},
	Error,
};

/// The key of a load account, a DID or an issuer: derived from a label, so every run (and
/// every scenario) names the same keys, and much faster than a derivation path.
pub fn key(label: &str) -> sr25519::Pair {
	sr25519::Pair::from_seed(&blake2_256(format!("didimo-load/{label}").as_bytes()))
}

/// The DID whose first key is `pair`.
pub fn did_of(pair: &sr25519::Pair) -> DidIdentifier {
	DidVerificationKey::Sr25519(pair.public()).derive_did()
}

/// `0x`-prefixed hex.
pub fn hex(bytes: &[u8]) -> String {
	array_bytes::bytes2hex("0x", bytes)
}

/// Bytes from `0x`-prefixed hex.
pub fn unhex(value: &Value) -> Result<Vec<u8>, Error> {
	let text = value.as_str().ok_or_else(|| Error(format!("expected a hex string: {value}")))?;
	array_bytes::hex2bytes(text).map_err(|e| Error(format!("not hex ({e:?}): {text}")))
}

/// The storage key of a plain storage value.
pub fn storage_value_key(pallet: &str, item: &str) -> Vec<u8> {
	let mut key = twox_128(pallet.as_bytes()).to_vec();
	key.extend(twox_128(item.as_bytes()));
	key
}

/// What one block held.
#[derive(Clone, Debug, Default)]
pub struct BlockStats {
	/// Its number.
	pub number: u32,
	/// Its chain time (ms).
	pub time: u64,
	/// Extrinsics that succeeded, not counting inherents.
	pub succeeded: u32,
	/// Extrinsics that failed.
	pub failed: u32,
	/// The events the scenario counts (DIDs created, credentials revoked, grants given).
	pub counted: u64,
	/// DID-signed calls whose inner call failed.
	pub inner_failed: u32,
	/// Normal-class weight used, in parts per thousand of the class's limit.
	pub normal_permille: u64,
}

/// A connected chain.
pub struct Chain {
	/// Its JSON-RPC endpoint.
	pub rpc: Rpc,
	/// Its genesis hash.
	pub genesis: H256,
	spec_version: u32,
	tx_version: u32,
	normal_limit: Weight,
}

impl Chain {
	/// Connects to the node at `url`.
	pub async fn connect(url: &str) -> Result<Self, Error> {
		let rpc = Rpc::new(url)?;
		let genesis = H256::from_slice(&unhex(&rpc.call("chain_getBlockHash", json!([0])).await?)?);
		let version = rpc.call("state_getRuntimeVersion", json!([])).await?;
		let number = |field: &str| -> Result<u32, Error> {
			version[field]
				.as_u64()
				.and_then(|v| u32::try_from(v).ok())
				.ok_or_else(|| Error(format!("the runtime version has no {field}")))
		};
		let weights = didimo_runtime::configs::RuntimeBlockWeights::get();
		let normal = weights.get(frame_support::dispatch::DispatchClass::Normal);
		Ok(Self {
			rpc,
			genesis,
			spec_version: number("specVersion")?,
			tx_version: number("transactionVersion")?,
			normal_limit: normal.max_total.unwrap_or(weights.max_block),
		})
	}

	/// The best block's number.
	pub async fn best(&self) -> Result<u32, Error> {
		header_number(&self.rpc.call("chain_getHeader", json!([])).await?)
	}

	/// The finalized block's number.
	pub async fn finalized(&self) -> Result<u32, Error> {
		let hash = self.rpc.call("chain_getFinalizedHead", json!([])).await?;
		header_number(&self.rpc.call("chain_getHeader", json!([hash])).await?)
	}

	/// The hash of canonical block `number`, if there is one yet.
	pub async fn hash(&self, number: u32) -> Result<Option<Value>, Error> {
		let hash = self.rpc.call("chain_getBlockHash", json!([number])).await?;
		Ok((!hash.is_null()).then_some(hash))
	}

	/// An account's next nonce, counting the pool.
	pub async fn nonce(&self, who: &AccountId) -> Result<u32, Error> {
		let nonce = self.rpc.call("system_accountNextIndex", json!([who.to_string()])).await?;
		nonce
			.as_u64()
			.and_then(|n| u32::try_from(n).ok())
			.ok_or_else(|| Error(format!("not a nonce: {nonce}")))
	}

	/// `call`, signed by `signer` with `nonce` (immortal, no tip).
	pub fn extrinsic(&self, signer: &sr25519::Pair, nonce: u32, call: RuntimeCall) -> Vec<u8> {
		let tx_ext: TxExtension = (
			frame_system::CheckNonZeroSender::new(),
			frame_system::CheckSpecVersion::new(),
			frame_system::CheckTxVersion::new(),
			frame_system::CheckGenesis::new(),
			frame_system::CheckEra::from(Era::Immortal),
			frame_system::CheckNonce::from(nonce),
			frame_system::CheckWeight::new(),
			pallet_transaction_payment::ChargeTransactionPayment::from(0),
			frame_metadata_hash_extension::CheckMetadataHash::new(false),
			frame_system::WeightReclaim::new(),
		);
		let implicit = (
			(),
			self.spec_version,
			self.tx_version,
			self.genesis,
			self.genesis,
			(),
			(),
			(),
			None,
			(),
		);
		let payload = SignedPayload::from_raw(call.clone(), tx_ext.clone(), implicit);
		let signature = payload.using_encoded(|bytes| signer.sign(bytes));
		let account = AccountId::from(signer.public());
		UncheckedExtrinsic::new_signed(call, MultiAddress::Id(account), signature.into(), tx_ext)
			.encode()
	}

	/// Submits an encoded extrinsic; the pool's refusal, if it refused.
	pub async fn submit(&self, extrinsic: &[u8]) -> Result<Result<(), RpcError>, Error> {
		Ok(self.rpc.call_raw("author_submitExtrinsic", json!([hex(extrinsic)])).await?.map(|_| ()))
	}

	/// The creation of the DID whose one key (`key-1`, every signing relationship) is `pair`,
	/// for `submitter` to submit before block `valid_until`.
	pub fn create_did(
		&self,
		pair: &sr25519::Pair,
		submitter: AccountId,
		valid_until: u32,
	) -> RuntimeCall {
		let key = DidVerificationKey::Sr25519(pair.public());
		let details = DidCreation::<Runtime> {
			did: key.derive_did(),
			submitter,
			valid_until,
			methods: BoundedVec::truncate_from(vec![VerificationMethod {
				id: BoundedVec::truncate_from(b"key-1".to_vec()),
				key: didimo_primitives::did::DidPublicKey::Verification(key),
				relationships: Relationships::SIGNING,
			}]),
			controllers: BoundedVec::new(),
			services: BoundedVec::new(),
		};
		let signature = DidSignature::Sr25519(pair.sign(&details.signing_payload(&self.genesis)));
		RuntimeCall::Did(pallet_did::Call::create {
			details: Box::new(details),
			signature,
			key_proofs: BoundedVec::new(),
		})
	}

	/// `call`, signed by the DID whose `key-1` is `pair` with `counter`, for `submitter`,
	/// valid from `best` for `window` blocks.
	pub fn did_call(
		&self,
		pair: &sr25519::Pair,
		counter: u64,
		submitter: AccountId,
		best: u32,
		window: u32,
		call: RuntimeCall,
	) -> RuntimeCall {
		let did = did_of(pair);
		let operation = DidCallOperation::<Runtime> {
			did: did.clone(),
			signer: did,
			key_id: BoundedVec::truncate_from(b"key-1".to_vec()),
			counter,
			valid_from: best,
			valid_until: best.saturating_add(window),
			spec_version: self.spec_version,
			submitter,
			call: Box::new(call),
		};
		let signature = DidSignature::Sr25519(pair.sign(&operation.signing_payload(&self.genesis)));
		RuntimeCall::Did(pallet_did::Call::submit_did_call {
			operation: Box::new(operation),
			signature,
		})
	}

	/// A DID as the best block has it.
	pub async fn resolve(
		&self,
		did: &DidIdentifier,
	) -> Result<DidResolution<AccountId, didimo_runtime::Balance, u32>, Error> {
		let answer =
			self.rpc.call("state_call", json!(["DidApi_resolve", hex(&did.encode())])).await?;
		Decode::decode(&mut &unhex(&answer)?[..])
			.map_err(|e| Error(format!("DidApi_resolve's answer does not decode: {e}")))
	}

	/// What block `hash` (number `number`) held; `count` picks the events the scenario counts
	/// and says how many each is worth.
	pub async fn block_stats(
		&self,
		number: u32,
		hash: &Value,
		count: fn(&RuntimeEvent) -> u64,
	) -> Result<BlockStats, Error> {
		let storage = |key: Vec<u8>| async move {
			self.rpc.call("state_getStorage", json!([hex(&key), hash])).await
		};
		let events = decode_events(&storage(storage_value_key("System", "Events")).await?)?;
		let time = storage(storage_value_key("Timestamp", "Now")).await?;
		let time =
			if time.is_null() { 0 } else { u64::decode(&mut &unhex(&time)?[..]).unwrap_or(0) };
		let weight = storage(storage_value_key("System", "BlockWeight")).await?;
		let normal = if weight.is_null() {
			Weight::zero()
		} else {
			<(Weight, Weight, Weight)>::decode(&mut &unhex(&weight)?[..])
				.map_err(|e| Error(format!("the block weight of #{number} does not decode: {e}")))?
				.0
		};
		let mut stats = BlockStats {
			number,
			time,
			normal_permille: normal.ref_time().saturating_mul(1000)
				/ self.normal_limit.ref_time().max(1),
			..Default::default()
		};
		for event in &events {
			match event {
				RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { dispatch_info })
					if dispatch_info.class == frame_support::dispatch::DispatchClass::Normal =>
				{
					stats.succeeded += 1
				},
				RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { .. }) => {
					stats.failed += 1
				},
				RuntimeEvent::Did(pallet_did::Event::DidCallDispatched {
					result: Err(_), ..
				}) => stats.inner_failed += 1,
				event => stats.counted += count(event),
			}
		}
		Ok(stats)
	}
}

/// A block's events from the hex of its `System.Events` (none if it is empty).
pub fn decode_events(value: &Value) -> Result<Vec<RuntimeEvent>, Error> {
	if value.is_null() {
		return Ok(Vec::new());
	}
	let records: Vec<frame_system::EventRecord<RuntimeEvent, H256>> =
		Decode::decode(&mut &unhex(value)?[..])
			.map_err(|e| Error(format!("a block's events do not decode: {e}")))?;
	Ok(records.into_iter().map(|record| record.event).collect())
}

/// The number of a header in JSON.
pub fn header_number(header: &Value) -> Result<u32, Error> {
	header["number"]
		.as_str()
		.and_then(|n| u32::from_str_radix(n.trim_start_matches("0x"), 16).ok())
		.ok_or_else(|| Error(format!("not a header: {header}")))
}
