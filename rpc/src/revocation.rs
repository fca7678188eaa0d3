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

use std::{io::Write, marker::PhantomData, sync::Arc};

use base64::Engine;
use didimo_primitives::{
	did::format_did, revocation::Digest, time::ChainTimeApi, AccountId, Balance, BlockNumber,
};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
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
};

/// The W3C Bitstring Status List minimum bitstring size, in bytes (131,072 entries).
pub const MIN_LIST_BYTES: usize = 16 * 1024;
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
	/// [`CREDENTIALS_V2`].
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
	/// an index out of range.
	#[method(name = "revocation_witness", blocking)]
	fn witness(
		&self,
		registry: RegistryId,
		index: u32,
		at: Option<BlockHash>,
	) -> RpcResult<Option<WitnessAnswer<BlockHash>>>;

	/// The registry as a W3C `BitstringStatusListCredential`, or `null`.
	#[method(name = "revocation_statusList", blocking)]
	fn status_list(
		&self,
		registry: RegistryId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<StatusListCredential<BlockHash>>>;
}

/// The `revocation_*` RPC module.
pub struct Revocation<C, Block> {
	client: Arc<C>,
	_marker: PhantomData<Block>,
}

impl<C, Block> Revocation<C, Block> {
	/// A module reading through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
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
			context: vec![CREDENTIALS_V2.into()],
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

	fn witness(
		&self,
		registry: RegistryId,
		index: u32,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<WitnessAnswer<Block::Hash>>> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let witness = self
			.client
			.runtime_api()
			.witness(hash, registry, index)
			.map_err(|e| Error::RuntimeApi(e.to_string()))?;
		Ok(witness.map(|witness| WitnessAnswer { registry, witness, block_hash: hash }))
	}

	fn status_list(
		&self,
		registry: RegistryId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<StatusListCredential<Block::Hash>>> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let list = self
			.client
			.runtime_api()
			.status_list(hash, registry)
			.map_err(|e| Error::RuntimeApi(e.to_string()))?;
		let Some(list) = list else { return Ok(None) };
		let valid_from = block_time::<Block, C>(&self.client, list.block)?.and_then(xml_datetime);
		Ok(Some(StatusListCredential::new(registry, &list, hash, valid_from)?))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_revocation_runtime_api::CredentialStatus;
	use serde_json::json;
	use sp_core::H256;
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
		let hash = H256::repeat_byte(0xab);
		let credential = serde_json::to_value(
			StatusListCredential::new(3, &list, hash, Some("2026-11-26T00:00:00Z".into()))
				.expect("builds"),
		)
		.expect("serializes");
		let issuer = format_did(&list.issuer);
		assert_eq!(credential["@context"], json!(["https://www.w3.org/ns/credentials/v2"]));
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
