//! # Presentation runtime API
//!
//! Reads of DIDimo's on-chain verification as a runtime API, so full nodes, the JSON-RPC layer
//! and light clients (through `state_call`) get the chain's own answer:
//!
//! - `circuits`: every registered version of the presentation circuit, its verifying-key hash
//!   and whether it is retired;
//! - `verify_proof`: whether a Groth16 proof verifies for a public input under a registered,
//!   unretired circuit version, or why not, without a transaction.
//!
//! `verify_proof` runs the pairing through the BLS12-381 host calls: an executor must provide
//! `sp_crypto_ec_utils::bls12_381::host_calls` (the DIDimo node does).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Codec, Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;

/// A presentation-circuit version number.
pub type CircuitVersion = u32;

/// A registered circuit version as the runtime API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct CircuitInfo<BlockNumber> {
	/// The version number.
	pub version: CircuitVersion,
	/// `didimo_zk::verifier::VerifyingKey::hash` of its verifying key, as 32 little-endian
	/// bytes (the canonical field encoding).
	pub key_hash: [u8; 32],
	/// The block it was registered in (0 for genesis).
	pub registered_at: BlockNumber,
	/// The block it was retired in, if it was.
	pub retired_at: Option<BlockNumber>,
}

/// Why a proof was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum VerifyError {
	/// No circuit of this version is registered.
	UnknownCircuit,
	/// The circuit version is retired: its proofs are no longer accepted.
	CircuitRetired,
	/// The proof bytes are not 192 bytes of three canonical, valid, non-identity points.
	MalformedProof,
	/// The public input is not a canonical BLS12-381 scalar.
	NonCanonicalInput,
	/// A well-formed proof that does not verify for the input.
	ProofRejected,
}

sp_api::decl_runtime_apis! {
	/// Reads and checks of the presentation pallet.
	pub trait PresentationApi<BlockNumber: Codec> {
		/// Every registered circuit version, in version order.
		fn circuits() -> Vec<CircuitInfo<BlockNumber>>;

		/// Whether `proof` (192 compressed bytes) verifies for `public_input` (32 bytes, a
		/// canonical little-endian BLS12-381 scalar) under circuit `version`.
		fn verify_proof(
			version: CircuitVersion,
			public_input: [u8; 32],
			proof: Vec<u8>,
		) -> Result<(), VerifyError>;
	}
}
