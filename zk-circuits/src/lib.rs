//! # didimo-zk
//!
//! DIDimo's zero-knowledge layer, on arkworks over BLS12-381. It will hold the
//! credential-presentation circuits (Groth16), the prover and the verifier; the verifier side
//! builds `no_std` (`default-features = false`) so the runtime can call it.
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
//! - [`status_tree`]: the Merkle commitment to a W3C bitstring status list that the
//!   revocation pallet maintains, and the non-revocation witnesses proved against it;
//! - [`Error`], the crate's error type.

#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]

extern crate alloc;

pub mod field;
pub mod jubjub;
pub mod poseidon;
pub mod status_tree;

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
}
