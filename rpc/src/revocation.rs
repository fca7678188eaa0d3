//! `revocation_*`: credential status from the revocation registries, over the
//! `RevocationApi` runtime API.
//!
//! - `revocation_status(registry, index, at?)`: `active`, `revoked`, `suspended` or `unknown`
//!   (an unknown registry, a closing one, or an index out of range: never `active`), with
//!   the block it is as of.
//! - `revocation_witness(registry, index, at?)`: a non-revocation witness (leaf, Merkle path
//!   from the leaf up, root) for a zero-knowledge proof, or `null`.
//! - `revocation_statusList(registry, at?)`: the registry as a W3C Bitstring Status List v1.0
//!   credential (`BitstringStatusListCredential`), built from chain state at the block and
//!   naming that block, or `null`.
//!
//! The status list credential carries no proof: its authority is the chain state it was read
//! from, which a verifier checks by reading the same block itself (a light client can, with
//! `state_call` of `RevocationApi_status_list`). `encodedList` is the multibase base64url
//! (`u` prefix, no padding) of the GZIP-compressed bitstring, padded with zeros to the
//! specification's 16 KiB minimum (131,072 entries) when the registry is smaller; entries at
//! and beyond the registry's capacity are not credentials and read `unknown` from
//! `revocation_status`.

use std::{io::Write, marker::PhantomData, sync::Arc};

use base64::Engine;
use didimo_primitives::{did::format_did, AccountId, Balance, BlockNumber};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use pallet_revocation_runtime_api::{
	CredentialStatus, RegistryId, RevocationApi as RevocationRuntimeApi, StatusList, Witness,
};
use sc_client_api::StorageProvider;
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

use crate::{did::block_time, error::Error, hex};

/// The W3C Bitstring Status List minimum bitstring size, in bytes (131,072 entries).
pub const MIN_LIST_BYTES: usize = 16 * 1024;

/// The `revocation_*` methods.
#[rpc(client, server)]
pub trait RevocationApi<BlockHash> {
	/// A credential's status as of block `at` (the best block if omitted).
	#[method(name = "revocation_status")]
	fn status(&self, registry: RegistryId, index: u32, at: Option<BlockHash>) -> RpcResult<Value>;

	/// A non-revocation witness for `index`, or `null` for an unknown or closing registry or
	/// an index out of range.
	#[method(name = "revocation_witness")]
	fn witness(&self, registry: RegistryId, index: u32, at: Option<BlockHash>) -> RpcResult<Value>;

	/// The registry as a W3C `BitstringStatusListCredential`, or `null`.
	#[method(name = "revocation_statusList")]
	fn status_list(&self, registry: RegistryId, at: Option<BlockHash>) -> RpcResult<Value>;
}

/// The `revocation_*` RPC module.
pub struct Revocation<C, Block, BE> {
	client: Arc<C>,
	_marker: PhantomData<(Block, BE)>,
}

impl<C, Block, BE> Revocation<C, Block, BE> {
	/// A module reading through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

/// The JSON name of a status.
pub fn status_name(status: CredentialStatus) -> &'static str {
	match status {
		CredentialStatus::Active => "active",
		CredentialStatus::Revoked => "revoked",
		CredentialStatus::Suspended => "suspended",
		CredentialStatus::Unknown => "unknown",
	}
}

/// A witness as JSON.
pub fn witness_json<H: core::fmt::Debug>(
	witness: &Witness<BlockNumber>,
	registry: RegistryId,
	hash: H,
) -> Value {
	json!({
		"registry": registry,
		"index": witness.index,
		"leaf": hex(&witness.leaf),
		"path": witness.path.iter().map(|d| hex(d)).collect::<Vec<_>>(),
		"root": hex(&witness.root),
		"status": status_name(witness.status),
		"block": witness.block,
		"blockHash": format!("{hash:?}"),
	})
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

/// The status list credential for a registry's list read at block `hash`.
pub fn status_list_credential<H: core::fmt::Debug>(
	registry: RegistryId,
	list: &StatusList<BlockNumber>,
	hash: H,
	valid_from: Option<String>,
) -> Result<Value, Error> {
	let issuer = format_did(&list.issuer);
	let id = format!("{issuer}/status-lists/{registry}");
	let mut credential = json!({
		"@context": ["https://www.w3.org/ns/credentials/v2"],
		"id": id,
		"type": ["VerifiableCredential", "BitstringStatusListCredential"],
		"issuer": issuer,
		"credentialSubject": {
			"id": format!("{id}#list"),
			"type": "BitstringStatusList",
			"statusPurpose": list.purpose.as_str(),
			"encodedList": encode_list(&list.bits)?,
		},
		"didimoChainState": {
			"registry": registry,
			"capacity": list.capacity,
			"root": hex(&list.root),
			"block": list.block,
			"blockHash": format!("{hash:?}"),
		},
	});
	if let Some(valid_from) = valid_from {
		credential["validFrom"] = json!(valid_from);
	}
	Ok(credential)
}

impl<C, Block, BE> RevocationApiServer<Block::Hash> for Revocation<C, Block, BE>
where
	Block: BlockT,
	Block::Header: sp_runtime::traits::Header<Number = BlockNumber>,
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ StorageProvider<Block, BE>
		+ Send
		+ Sync
		+ 'static,
	C::Api: RevocationRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	BE: sc_client_api::Backend<Block> + Send + Sync + 'static,
{
	fn status(
		&self,
		registry: RegistryId,
		index: u32,
		at: Option<Block::Hash>,
	) -> RpcResult<Value> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let answer = self
			.client
			.runtime_api()
			.status(hash, registry, index)
			.map_err(|e| Error::RuntimeApi(e.to_string()))?;
		Ok(json!({
			"registry": registry,
			"index": index,
			"status": status_name(answer.status),
			"block": answer.block,
			"blockHash": format!("{hash:?}"),
		}))
	}

	fn witness(
		&self,
		registry: RegistryId,
		index: u32,
		at: Option<Block::Hash>,
	) -> RpcResult<Value> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let witness = self
			.client
			.runtime_api()
			.witness(hash, registry, index)
			.map_err(|e| Error::RuntimeApi(e.to_string()))?;
		Ok(witness.map(|w| witness_json(&w, registry, hash)).unwrap_or(Value::Null))
	}

	fn status_list(&self, registry: RegistryId, at: Option<Block::Hash>) -> RpcResult<Value> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let list = self
			.client
			.runtime_api()
			.status_list(hash, registry)
			.map_err(|e| Error::RuntimeApi(e.to_string()))?;
		let Some(list) = list else { return Ok(Value::Null) };
		let valid_from = block_time::<Block, C, BE>(&self.client, list.block)?;
		Ok(status_list_credential(registry, &list, hash, valid_from)?)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_revocation_runtime_api::StatusPurpose;
	use sp_runtime::AccountId32;

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
		let credential =
			status_list_credential(3, &list, "0xabc", Some("2026-11-26T00:00:00Z".into()))
				.expect("builds");
		let issuer = format_did(&list.issuer);
		assert_eq!(credential["issuer"], json!(issuer));
		assert_eq!(credential["id"], json!(format!("{issuer}/status-lists/3")));
		assert_eq!(credential["type"][1], json!("BitstringStatusListCredential"));
		assert_eq!(credential["credentialSubject"]["type"], json!("BitstringStatusList"));
		assert_eq!(credential["credentialSubject"]["statusPurpose"], json!("suspension"));
		assert_eq!(credential["validFrom"], json!("2026-11-26T00:00:00Z"));
		assert_eq!(credential["didimoChainState"]["block"], json!(42));
		let encoded = credential["credentialSubject"]["encodedList"].as_str().expect("a string");
		assert_eq!(&decode_list(encoded).expect("decodes")[..125], &list.bits[..]);
	}
}
