//! Credentials: the attribute encodings, the holder's secret, the Poseidon commitment the
//! issuer signs, and issuance (see `docs/zk-credentials.md` for the format).
//!
//! A credential is the tuple
//! `(schema, holder, id, expiry, registry_id, revocation_index, attributes[8])`, committed as
//! `C = Poseidon::hash([schema, holder, id, expiry, registry_id, revocation_index,
//! attributes_0, ..., attributes_7])` (14 inputs) and signed by the issuer with
//! [`crate::eddsa`]. A credential is made for one circuit version ([`Credential::version`]):
//! version 2 computes the holder commitment, the credential commitment and the signature in
//! its own domains ([`crate::domain`]), so a credential proves only in its version.

use alloc::vec::Vec;

use ark_ff::{PrimeField, UniformRand, Zero};
use ark_std::rand::{CryptoRng, RngCore};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::{
	domain::{Purpose, Version},
	eddsa::{PublicKey, SecretKey, Signature},
	poseidon,
	status_tree::MAX_CAPACITY,
	Error, Fr,
};

/// Attribute slots in a credential (circuit version 1).
pub const ATTRIBUTES: usize = 8;

/// Attribute encodings: every attribute is one element of `Fr`.
pub mod attribute {
	use super::*;

	/// An unsigned integer (ages, amounts, counts): the integer itself. Comparison
	/// predicates need values below `2^64`.
	pub fn integer(value: u64) -> Fr {
		Fr::from(value)
	}

	/// A date as days since 1970-01-01 (UTC); dates before the epoch are not representable.
	pub fn date_days(days: u32) -> Fr {
		Fr::from(days)
	}

	/// A boolean: 1 for true, 0 for false.
	pub fn boolean(value: bool) -> Fr {
		Fr::from(value)
	}

	/// Strings and any other data: [`hash_bytes`] of the UTF-8 (or raw) bytes.
	pub fn string(value: &str) -> Fr {
		hash_bytes(value.as_bytes())
	}

	/// Bytes as field elements: 31-byte little-endian chunks (each below `2^248 < r`), the
	/// last one zero-padded, then the byte length, hashed with [`poseidon::hash`]. The length
	/// makes `"a"` and `"a\0"` differ.
	pub fn hash_bytes(bytes: &[u8]) -> Fr {
		let mut inputs: Vec<Fr> = bytes.chunks(31).map(Fr::from_le_bytes_mod_order).collect();
		inputs.push(Fr::from(bytes.len() as u64));
		poseidon::hash(&inputs)
	}
}

/// The holder's secret: binds credentials to the holder and keys the nullifiers.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct HolderSecret(Fr);

impl HolderSecret {
	/// A fresh secret from `rng`.
	pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
		Self(Fr::rand(rng))
	}

	/// The secret from a field element the wallet stored.
	pub fn from_field(secret: Fr) -> Self {
		Self(secret)
	}

	/// The secret's value (for the witness).
	pub fn value(&self) -> Fr {
		self.0
	}

	/// The commitment the issuer puts in a credential of `version`:
	/// `Poseidon::hash([secret])` in the version's [`Purpose::Holder`] domain.
	pub fn commitment(&self, version: Version) -> Fr {
		poseidon::hash_tagged(version.tag(Purpose::Holder), &[self.0])
	}

	/// Version 1's nullifier, per credential: `Poseidon::hash([secret, credential_id, scope])`.
	/// Two credentials of one holder have two nullifiers in a scope.
	pub fn nullifier(&self, credential_id: &Fr, scope: &Fr) -> Fr {
		poseidon::hash(&[self.0, *credential_id, *scope])
	}

	/// Version 2's nullifier, per holder (Semaphore's `H(scope, secret)`):
	/// `Poseidon::hash([secret, scope])` in the [`Purpose::Nullifier`] domain. Every
	/// credential of the holder gives the same one in a scope, so one holder presents once.
	pub fn holder_nullifier(&self, scope: &Fr) -> Fr {
		poseidon::hash_tagged(Version::V2.tag(Purpose::Nullifier), &[self.0, *scope])
	}

	/// The nullifier of a presentation of `credential` in `scope`: [`Self::nullifier`] for
	/// version 1, [`Self::holder_nullifier`] from version 2.
	pub fn nullifier_for(&self, credential: &Credential, scope: &Fr) -> Fr {
		match credential.version {
			Version::V1 => self.nullifier(&credential.id, scope),
			Version::V2 => self.holder_nullifier(scope),
		}
	}
}

impl core::fmt::Debug for HolderSecret {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.write_str("HolderSecret(..)")
	}
}

/// The contents of a credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credential {
	/// The circuit version the credential is made for: the domain of its hashes and its
	/// signature. Not an input of the commitment: the domain already binds it.
	pub version: Version,
	/// The schema id: [`attribute::hash_bytes`] of the schema's identifier (e.g. its URI).
	pub schema: Fr,
	/// The holder's commitment, [`HolderSecret::commitment`] for [`Self::version`].
	pub holder: Fr,
	/// The credential's id, unique per issuer (random): it keys the nullifier.
	pub id: Fr,
	/// Expiry as Unix time in seconds: valid at time `t` iff `t <= expiry`.
	pub expiry: u64,
	/// The on-chain revocation registry holding the credential's status bit.
	pub registry_id: u64,
	/// The credential's index in that registry's status list (`< 2^20`).
	pub revocation_index: u32,
	/// The attribute slots (unused slots are 0).
	pub attributes: [Fr; ATTRIBUTES],
}

impl Credential {
	/// The inputs of the commitment, in order.
	pub fn commitment_inputs(&self) -> [Fr; 6 + ATTRIBUTES] {
		let mut inputs = [Fr::zero(); 6 + ATTRIBUTES];
		inputs[..6].copy_from_slice(&[
			self.schema,
			self.holder,
			self.id,
			Fr::from(self.expiry),
			Fr::from(self.registry_id),
			Fr::from(self.revocation_index),
		]);
		inputs[6..].copy_from_slice(&self.attributes);
		inputs
	}

	/// `C = Poseidon::hash(commitment_inputs)` in the version's [`Purpose::Credential`]
	/// domain: what the issuer signs.
	pub fn commitment(&self) -> Fr {
		poseidon::hash_tagged(self.version.tag(Purpose::Credential), &self.commitment_inputs())
	}

	/// Checks what the circuit needs of the encoding: the revocation index is in range.
	pub fn validate(&self) -> Result<(), Error> {
		if self.revocation_index >= MAX_CAPACITY {
			return Err(Error::IndexOutOfRange {
				index: self.revocation_index,
				capacity: MAX_CAPACITY,
			});
		}
		Ok(())
	}
}

/// A credential with its issuer's signature on its commitment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedCredential {
	/// The contents.
	pub credential: Credential,
	/// The issuer's public key.
	pub issuer: PublicKey,
	/// The signature on [`Credential::commitment`].
	pub signature: Signature,
}

impl SignedCredential {
	/// Checks the encoding and the signature.
	pub fn verify(&self) -> Result<(), Error> {
		self.credential.validate()?;
		let credential = &self.credential;
		self.issuer.verify(credential.version, &credential.commitment(), &self.signature)
	}
}

/// Issues `credential`: validates it and signs its commitment with `issuer`.
pub fn issue(issuer: &SecretKey, credential: Credential) -> Result<SignedCredential, Error> {
	credential.validate()?;
	let signature = issuer.sign(credential.version, &credential.commitment());
	Ok(SignedCredential { credential, issuer: issuer.public_key(), signature })
}

#[cfg(test)]
mod tests {
	use super::*;
	use ark_std::rand::SeedableRng;
	use rand_chacha::ChaCha20Rng;

	#[test]
	fn byte_hashes_separate_lengths_and_contents() {
		assert_ne!(attribute::hash_bytes(b"a"), attribute::hash_bytes(b"a\0"));
		assert_ne!(attribute::string("alice"), attribute::string("alicf"));
		assert_ne!(attribute::hash_bytes(&[]), attribute::hash_bytes(&[0]));
		let long = [7u8; 100];
		assert_ne!(attribute::hash_bytes(&long), attribute::hash_bytes(&long[..99]));
	}

	#[test]
	fn issue_signs_the_commitment_and_checks_the_index() {
		let mut rng = ChaCha20Rng::from_seed([1; 32]);
		let issuer = SecretKey::generate(&mut rng);
		let holder = HolderSecret::generate(&mut rng);
		let mut credential = Credential {
			version: Version::V1,
			schema: attribute::string("https://didimo.example/schemas/age/v1"),
			holder: holder.commitment(Version::V1),
			id: Fr::from(99u64),
			expiry: 2_000_000_000,
			registry_id: 1,
			revocation_index: 5,
			attributes: [Fr::zero(); ATTRIBUTES],
		};
		let signed = issue(&issuer, credential.clone()).expect("valid input");
		assert_eq!(signed.verify(), Ok(()));
		let mut tampered = signed.clone();
		tampered.credential.expiry += 1;
		assert_eq!(tampered.verify(), Err(Error::InvalidSignature));
		// A version-2 credential: other commitments and signature, each verifying only in its
		// own domain.
		let v2 = Credential {
			version: Version::V2,
			holder: holder.commitment(Version::V2),
			..credential.clone()
		};
		assert_ne!(v2.holder, credential.holder);
		assert_ne!(v2.commitment(), Credential { version: Version::V1, ..v2.clone() }.commitment());
		let signed_v2 = issue(&issuer, v2.clone()).expect("valid input");
		assert_eq!(signed_v2.verify(), Ok(()));
		let mislabelled =
			SignedCredential { credential: Credential { version: Version::V1, ..v2 }, ..signed_v2 };
		assert_eq!(mislabelled.verify(), Err(Error::InvalidSignature));
		credential.revocation_index = MAX_CAPACITY;
		assert!(matches!(issue(&issuer, credential), Err(Error::IndexOutOfRange { .. })));
	}

	#[test]
	fn holder_nullifiers_ignore_the_credential() {
		let holder = HolderSecret::from_field(Fr::from(5u64));
		let scope = Fr::from(9u64);
		let credential = |version, id: u64| Credential {
			version,
			schema: Fr::zero(),
			holder: holder.commitment(version),
			id: Fr::from(id),
			expiry: 0,
			registry_id: 0,
			revocation_index: 0,
			attributes: [Fr::zero(); ATTRIBUTES],
		};
		let (a, b) = (credential(Version::V2, 1), credential(Version::V2, 2));
		assert_eq!(holder.nullifier_for(&a, &scope), holder.nullifier_for(&b, &scope));
		assert_ne!(holder.holder_nullifier(&scope), holder.holder_nullifier(&Fr::from(10u64)));
		let (a, b) = (credential(Version::V1, 1), credential(Version::V1, 2));
		assert_ne!(holder.nullifier_for(&a, &scope), holder.nullifier_for(&b, &scope));
	}
}
