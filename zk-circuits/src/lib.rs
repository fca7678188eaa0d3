//! # didimo-zk
//!
//! DIDimo's zero-knowledge layer, on arkworks over BLS12-381: zero-knowledge credentials
//! (Jubjub EdDSA over Poseidon commitments), the Groth16 presentation circuit, its prover and
//! its verifier. Everything builds `no_std` (`default-features = false`), so the runtime can
//! call the verifier; `std` adds the OS random source for [`prover::prove`], `parallel`
//! multi-threaded proving. The format and the statement are specified in
//! `docs/zk-credentials.md`.
//!
//! Modules:
//!
//! - [`field`]: the canonical encoding of BLS12-381 scalar field elements, which rejects
//!   non-canonical input instead of reducing it;
//! - [`jubjub`]: the validation of Jubjub public keys, which the DID registry uses for
//!   zero-knowledge issuer keys;
//! - [`poseidon`]: the Poseidon hash (the reference instance `poseidonperm_x5_255_3`), its
//!   Merkle compression [`poseidon::hash2`] and its sponge [`poseidon::hash`], shared by the
//!   revocation pallet and the circuits;
//! - [`merkle`]: binary Poseidon Merkle trees of a fixed depth, their paths and the path
//!   gadget, shared by the status tree, the IN-predicate sets and the trusted-issuer lists;
//! - [`status_tree`]: the Merkle commitment to a W3C bitstring status list that the
//!   revocation pallet maintains, and the non-revocation witnesses proved against it;
//! - [`eddsa`]: Jubjub EdDSA with Poseidon, the issuers' signatures;
//! - [`domain`]: circuit versions ([`Version`]) and the Poseidon domain tags of version 2;
//! - [`credential`]: attribute encodings, holder secrets, credential commitments, issuance;
//! - [`statement`]: what a presentation proves, predicates, and the statement hash;
//! - [`circuit`]: the presentation circuit (versions 1 and 2) and its witness;
//! - [`r1cs`]: the constraint-building layer of the gadgets (`*/constraints.rs`);
//! - [`prover`]: key generation (development keys from a seed) and proving;
//! - [`verifier`]: validated proofs and verifying keys, verification;
//! - [`native`] (`std`): native verification with keys kept prepared, and batch verification;
//! - [`snarkjs`]: snarkjs-compatible JSON of verifying keys and proofs;
//! - [`Error`], the crate's error type.

#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]

extern crate alloc;

pub mod circuit;
pub mod credential;
pub mod domain;
pub mod eddsa;
pub mod field;
pub mod jubjub;
pub mod merkle;
#[cfg(feature = "std")]
pub mod native;
pub mod poseidon;
pub mod prover;
pub mod r1cs;
pub mod snarkjs;
pub mod statement;
pub mod status_tree;
pub mod verifier;

pub use domain::Version;
pub use field::Fr;

/// Everything that can go wrong in this crate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
	/// A field element was given in the wrong number of bytes.
	#[error("a field element is {expected} bytes, got {got}")]
	InvalidLength {
		/// The length an encoding must have.
		expected: usize,
		/// The length given.
		got: usize,
	},
	/// The bytes encode an integer at or above the field modulus.
	#[error("not a canonical field element: the value is not below the BLS12-381 scalar modulus")]
	NonCanonicalFieldElement,
	/// A status-list index is not below the status tree's capacity.
	#[error("status-list index {index} is out of range: the capacity is {capacity} bits")]
	IndexOutOfRange {
		/// The index given.
		index: u32,
		/// The number of indices ([`status_tree::MAX_CAPACITY`]).
		capacity: u32,
	},
	/// A status list is longer than the status tree holds.
	#[error("a status list holds at most {max} bytes, got {got}")]
	StatusListTooLong {
		/// The most bytes a list may have ([`status_tree::MAX_BYTES`]).
		max: usize,
		/// The length given.
		got: usize,
	},
	/// A status-tree leaf is not below `2^128`, so no status list has it.
	#[error("not a status-tree leaf: the value is not below 2^128")]
	LeafOutOfRange,
	/// A Merkle path does not lead to the expected status-tree root.
	#[error("the Merkle path does not lead to the status list's root")]
	RootMismatch,
	/// The status-list bit of the index is set: the credential is revoked (or suspended).
	#[error("the status-list bit is set: revoked or suspended")]
	Revoked,
	/// Bytes that are not a canonical, non-zero Jubjub scalar were given as a secret key.
	#[error("not a secret key: 32 bytes of a canonical non-zero Jubjub scalar expected")]
	InvalidSecretKey,
	/// Bytes that are not a valid Jubjub public key (on the curve, in the subgroup, not the
	/// identity, canonically encoded).
	#[error("not a valid issuer public key")]
	InvalidPublicKey,
	/// A malformed signature, or one that does not verify.
	#[error("the issuer signature is malformed or does not verify")]
	InvalidSignature,
	/// An IN predicate's set is empty or holds more than `statement::SET_CAPACITY` values.
	#[error("a predicate set holds 1 to 16 values")]
	InvalidSet,
	/// A trusted-issuer list is empty or holds more than `statement::ISSUER_CAPACITY` keys.
	#[error("a trusted-issuer list holds 1 to 32 keys")]
	InvalidTrustedIssuers,
	/// The credential's issuer is not in the statement's trusted-issuer list (or the witness
	/// has no path to its root).
	#[error("the credential's issuer is not in the trusted-issuer list")]
	UntrustedIssuer,
	/// The statement is malformed.
	#[error("invalid statement: {0}")]
	InvalidStatement(&'static str),
	/// The credential's expiry is before the statement's time.
	#[error("the credential expired before the statement's time")]
	Expired,
	/// The credential's attribute does not satisfy the statement's predicate.
	#[error("the attribute does not satisfy the predicate")]
	PredicateFalse,
	/// The witness does not fit the statement.
	#[error("the witness does not fit the statement: {0}")]
	WitnessMismatch(&'static str),
	/// Proof bytes that are not a canonical encoding of three valid, non-identity points.
	#[error("malformed proof: {0}")]
	InvalidProof(&'static str),
	/// Verifying- or proving-key bytes that are malformed or fail the key checks.
	#[error("invalid key: {0}")]
	InvalidKey(&'static str),
	/// A well-formed proof that does not verify for the statement.
	#[error("the proof does not verify for the statement")]
	ProofRejected,
	/// A circuit version this crate does not know, or a value made for one version used
	/// with another (a version-1 key with a version-2 statement, say).
	#[error("circuit version mismatch: {0}")]
	WrongVersion(&'static str),
	/// Circuit synthesis or proving failed.
	#[error("circuit synthesis failed: {0}")]
	Synthesis(ark_relations::gr1cs::SynthesisError),
}

impl From<ark_relations::gr1cs::SynthesisError> for Error {
	fn from(error: ark_relations::gr1cs::SynthesisError) -> Self {
		Self::Synthesis(error)
	}
}
