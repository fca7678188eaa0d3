//! Circuit versions and the domain tags of version 2's hashes.
//!
//! Version 1 separates its Poseidon hashes only by their input counts (the sponge's capacity
//! starts at `len · 2^64`). Version 2 tags every use: the capacity starts at
//! `tag · 2^128 + len · 2^64` ([`crate::poseidon::hash_tagged`]) with
//! `tag = version · 2^8 + use`, so no two uses, and no use of two versions, share a state.
//! Attribute encodings ([`crate::credential::attribute::hash_bytes`]) stay untagged: they are
//! values, not hashes the circuit computes, and no version-2 hash shares their domain 0.
//! The Merkle compressions ([`crate::poseidon::hash2`], capacity 3) are unchanged: the status
//! trees and trusted-issuer trees are the chain's, shared by both versions, and their
//! fixed depths keep leaves and inner nodes apart.

/// A version of the presentation circuit. The version fixes the statement's layout, the
/// circuit, its keys, and the credential format (version 2 tags the credential's hashes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Version {
	/// The first circuit: one public input, the Poseidon hash of the statement; nullifiers
	/// per credential.
	V1,
	/// The current circuit: the statement as 22 public inputs, holder nullifiers, the
	/// registry's capacity, domain tags, NOT IN, NOT BETWEEN and disclosure-only requests,
	/// and EdDSA scalars below the group order.
	V2,
}

impl Version {
	/// Every version, oldest first.
	pub const ALL: [Version; 2] = [Version::V1, Version::V2];
	/// The version new credentials, keys and proofs are made for.
	pub const CURRENT: Version = Version::V2;

	/// The version's number (1, 2), as requests and the chain name it.
	pub const fn number(self) -> u32 {
		match self {
			Self::V1 => 1,
			Self::V2 => 2,
		}
	}

	/// The version numbered `number`, if this crate knows it.
	pub const fn from_number(number: u32) -> Option<Self> {
		match number {
			1 => Some(Self::V1),
			2 => Some(Self::V2),
			_ => None,
		}
	}

	/// The number of Groth16 public inputs of the version's circuit.
	pub const fn public_inputs(self) -> usize {
		match self {
			Self::V1 => 1,
			Self::V2 => crate::statement::V2_PUBLIC_INPUTS,
		}
	}

	/// The version whose circuit has `inputs` public inputs (the versions differ in it).
	pub fn from_public_inputs(inputs: usize) -> Option<Self> {
		Self::ALL.into_iter().find(|version| version.public_inputs() == inputs)
	}

	/// The domain tag of `purpose` in this version: 0 (untagged) in version 1,
	/// `version · 2^8 + purpose` from version 2.
	pub const fn tag(self, purpose: Purpose) -> u64 {
		match self {
			Self::V1 => 0,
			Self::V2 => ((self.number() as u64) << 8) | purpose as u64,
		}
	}
}

/// What a Poseidon hash is for: the low byte of its domain tag ([`Version::tag`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Purpose {
	/// The credential commitment the issuer signs.
	Credential = 1,
	/// The holder's commitment to its secret.
	Holder = 2,
	/// The holder's nullifier in a scope.
	Nullifier = 3,
	/// The EdDSA challenge `h`.
	SignatureChallenge = 4,
	/// The EdDSA nonce derivation.
	SignatureNonce = 5,
	/// The commitment to an IN or NOT IN predicate's set.
	Set = 6,
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn versions_round_trip_and_tags_are_distinct() {
		for version in Version::ALL {
			assert_eq!(Version::from_number(version.number()), Some(version));
			assert_eq!(Version::from_public_inputs(version.public_inputs()), Some(version));
		}
		assert_eq!(Version::from_number(0), None);
		assert_eq!(Version::from_number(3), None);
		let purposes = [
			Purpose::Credential,
			Purpose::Holder,
			Purpose::Nullifier,
			Purpose::SignatureChallenge,
			Purpose::SignatureNonce,
			Purpose::Set,
		];
		let tags: alloc::collections::BTreeSet<u64> =
			purposes.iter().map(|p| Version::V2.tag(*p)).collect();
		assert_eq!(tags.len(), purposes.len());
		assert!(!tags.contains(&0), "version 1's untagged domain is not reused");
		assert!(purposes.iter().all(|p| Version::V1.tag(*p) == 0));
	}
}
