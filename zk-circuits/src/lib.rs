//! # didimo-zk
//!
//! DIDimo's zero-knowledge layer, on arkworks over BLS12-381. It will hold the Poseidon hash
//! shared with the revocation pallet, the credential-presentation circuits (Groth16), the
//! prover and the verifier; the verifier side builds `no_std` (`default-features = false`) so
//! the runtime can call it.
//!
//! Today it holds what every later part stands on: the canonical encoding of BLS12-381 scalar
//! field elements ([`field`]), which rejects non-canonical input instead of reducing it; the
//! validation of Jubjub public keys ([`jubjub`]), which the DID registry uses for
//! zero-knowledge issuer keys; and the crate's error type ([`Error`]).

#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]

pub mod field;
pub mod jubjub;

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
}
