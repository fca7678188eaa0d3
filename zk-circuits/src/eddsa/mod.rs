//! EdDSA on Jubjub with Poseidon: the signature scheme of zero-knowledge credentials.
//!
//! # Scheme
//!
//! - Group: the prime-order subgroup of Jubjub (order `l`, [`Scalar`]), generator `B` =
//!   `ark-ed-on-bls12-381`'s generator. Messages are elements of `Fr` (Jubjub's base field).
//! - Secret key: a non-zero scalar `a`; public key `A = a · B`, encoded as 32 compressed bytes
//!   (see [`crate::jubjub`]).
//! - Nonce: `r = (n_0 || n_1) mod l`, the 64 little-endian bytes of
//!   `n_i = Poseidon::hash([a, M, i])` (`a` embedded in `Fr`, as `l < r`): deterministic, as in
//!   RFC 8032, and unbiased to `2^-250`.
//! - Signing `M`: `R = r · B`, `h = Poseidon::hash([R.x, R.y, A.x, A.y, M])` (an element of
//!   `Fr`), `s = r + h · a mod l` (`h` read as an integer in `[0, r)`). Signature `(R, s)`:
//!   32 compressed bytes of `R`, then 32 little-endian bytes of `s < l`.
//! - Verifying: `A` a valid public key, `R` on the curve, `s < l`, and
//!   `s · B = R + h · A` with `h` the full 255-bit integer (the circuit multiplies by its
//!   canonical bits, so native and circuit agree bit for bit; as `A` has order `l`, this is
//!   `(h mod l) · A`). Both sides but `R` are in the subgroup, so an `R` outside it never
//!   verifies: no cofactor multiplication is needed.
//!
//! Every hash is in the credential's circuit version's domain ([`Version::tag`]): version 1
//! untagged as above, version 2 with the tags [`Purpose::SignatureNonce`] and
//! [`Purpose::SignatureChallenge`], so a version-1 signature never verifies in version 2 and
//! back. The version-2 circuit also enforces `s < l`; version 1's enforces only `s < 2^252`.

pub mod constraints;

use ark_ec::{AffineRepr, CurveGroup, PrimeGroup};
use ark_ed_on_bls12_381::{EdwardsAffine, EdwardsProjective};
use ark_ff::{PrimeField, UniformRand, Zero};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_std::rand::{CryptoRng, RngCore};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::{
	domain::{Purpose, Version},
	field, jubjub, poseidon, Error, Fr,
};

/// Jubjub's scalar field (the subgroup order `l`).
pub type Scalar = ark_ed_on_bls12_381::Fr;

/// Bytes in an encoded signature.
pub const SIGNATURE_BYTES: usize = 64;

/// An issuer's secret key: a non-zero scalar.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretKey(Scalar);

/// An issuer's public key: a point of the prime-order subgroup, not the identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicKey(EdwardsAffine);

/// A signature `(R, s)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature {
	/// The commitment to the nonce, `r · B`.
	pub r: EdwardsAffine,
	/// The response `r + h · a mod l`.
	pub s: Scalar,
}

impl SecretKey {
	/// A fresh key from `rng`.
	pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
		loop {
			let scalar = Scalar::rand(rng);
			if !scalar.is_zero() {
				return Self(scalar);
			}
		}
	}

	/// The key from its 32-byte little-endian encoding; non-canonical or zero scalars fail.
	pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
		if bytes.len() != 32 {
			return Err(Error::InvalidSecretKey);
		}
		let scalar = Scalar::deserialize_compressed(bytes).map_err(|_| Error::InvalidSecretKey)?;
		if scalar.is_zero() {
			return Err(Error::InvalidSecretKey);
		}
		Ok(Self(scalar))
	}

	/// The 32-byte little-endian encoding.
	pub fn to_bytes(&self) -> [u8; 32] {
		let mut out = [0u8; 32];
		let _ = self.0.serialize_compressed(&mut out[..]);
		out
	}

	/// `A = a · B`.
	pub fn public_key(&self) -> PublicKey {
		PublicKey((EdwardsProjective::generator() * self.0).into_affine())
	}

	/// Signs `message` in `version`'s domain (see the [module documentation](self)).
	pub fn sign(&self, version: Version, message: &Fr) -> Signature {
		let a = scalar_to_fr(&self.0);
		let tag = version.tag(Purpose::SignatureNonce);
		let mut wide = [0u8; 64];
		wide[..32].copy_from_slice(&field::to_bytes(&poseidon::hash_tagged(
			tag,
			&[a, *message, Fr::zero()],
		)));
		wide[32..].copy_from_slice(&field::to_bytes(&poseidon::hash_tagged(
			tag,
			&[a, *message, Fr::from(1u64)],
		)));
		let mut r = Scalar::from_le_bytes_mod_order(&wide);
		wide.zeroize();
		let big_r = (EdwardsProjective::generator() * r).into_affine();
		let h = challenge(version, &big_r, &self.public_key(), message);
		let s = r + fr_to_scalar(&h) * self.0;
		r.zeroize();
		Signature { r: big_r, s }
	}
}

impl core::fmt::Debug for SecretKey {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.write_str("SecretKey(..)")
	}
}

impl PublicKey {
	/// The key from its 32 compressed bytes, validated by [`jubjub::decode_public_key`].
	pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
		jubjub::decode_public_key(bytes).map(Self).ok_or(Error::InvalidPublicKey)
	}

	/// A key read from storage that validated it when it was written (the DID registry's):
	/// [`jubjub::decode_trusted_public_key`], without the subgroup check. Never for bytes
	/// from an untrusted source.
	pub fn from_trusted_bytes(bytes: &[u8]) -> Result<Self, Error> {
		jubjub::decode_trusted_public_key(bytes).map(Self).ok_or(Error::InvalidPublicKey)
	}

	/// The key from a point, which must be in the prime-order subgroup and not the identity.
	pub fn from_point(point: EdwardsAffine) -> Result<Self, Error> {
		if point.is_zero()
			|| !point.is_on_curve()
			|| !point.is_in_correct_subgroup_assuming_on_curve()
		{
			return Err(Error::InvalidPublicKey);
		}
		Ok(Self(point))
	}

	/// The key `1 · B` (a dummy for key generation; its secret key is 1).
	pub(crate) fn generator() -> Self {
		Self(EdwardsAffine::generator())
	}

	/// The 32 compressed bytes (the DID registry's assertion-method key).
	pub fn to_bytes(&self) -> [u8; jubjub::POINT_BYTES] {
		let mut out = [0u8; jubjub::POINT_BYTES];
		let _ = self.0.serialize_compressed(&mut out[..]);
		out
	}

	/// The point.
	pub fn point(&self) -> &EdwardsAffine {
		&self.0
	}

	/// Affine coordinates `(x, y)`.
	pub fn coordinates(&self) -> (Fr, Fr) {
		jubjub::constraints::coordinates(&self.0)
	}

	/// Checks `signature` on `message` in `version`'s domain (see the
	/// [module documentation](self)).
	pub fn verify(
		&self,
		version: Version,
		message: &Fr,
		signature: &Signature,
	) -> Result<(), Error> {
		if !signature.r.is_on_curve() {
			return Err(Error::InvalidSignature);
		}
		let h = challenge(version, &signature.r, self, message);
		let lhs = EdwardsProjective::generator() * signature.s;
		let rhs = signature.r.into_group() + self.0.mul_bigint(h.into_bigint());
		if lhs == rhs {
			Ok(())
		} else {
			Err(Error::InvalidSignature)
		}
	}
}

impl Signature {
	/// `R` compressed, then `s` little-endian.
	pub fn to_bytes(&self) -> [u8; SIGNATURE_BYTES] {
		let mut out = [0u8; SIGNATURE_BYTES];
		let _ = self.r.serialize_compressed(&mut out[..32]);
		let _ = self.s.serialize_compressed(&mut out[32..]);
		out
	}

	/// Decodes 64 bytes: `R` must be a canonical point encoding in the subgroup, `s` a
	/// canonical scalar.
	pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
		if bytes.len() != SIGNATURE_BYTES {
			return Err(Error::InvalidSignature);
		}
		let r = EdwardsAffine::deserialize_compressed(&bytes[..32])
			.map_err(|_| Error::InvalidSignature)?;
		let s =
			Scalar::deserialize_compressed(&bytes[32..]).map_err(|_| Error::InvalidSignature)?;
		let signature = Self { r, s };
		// Canonical: the encoding must be the one `to_bytes` gives.
		if signature.to_bytes()[..] != bytes[..] {
			return Err(Error::InvalidSignature);
		}
		Ok(signature)
	}
}

/// `h = Poseidon::hash([R.x, R.y, A.x, A.y, M])` in `version`'s domain.
pub fn challenge(version: Version, r: &EdwardsAffine, public_key: &PublicKey, message: &Fr) -> Fr {
	let (rx, ry) = jubjub::constraints::coordinates(r);
	let (ax, ay) = public_key.coordinates();
	poseidon::hash_tagged(version.tag(Purpose::SignatureChallenge), &[rx, ry, ax, ay, *message])
}

/// A scalar (`< l < r`) as the same integer in `Fr`.
fn scalar_to_fr(scalar: &Scalar) -> Fr {
	Fr::from_bigint(scalar.into_bigint()).unwrap_or_else(Fr::zero)
}

/// An element of `Fr` reduced modulo `l`.
fn fr_to_scalar(value: &Fr) -> Scalar {
	Scalar::from_le_bytes_mod_order(&field::to_bytes(value))
}

#[cfg(test)]
mod tests {
	use super::*;
	use ark_std::rand::SeedableRng;
	use rand_chacha::ChaCha20Rng;

	fn key() -> SecretKey {
		SecretKey::generate(&mut ChaCha20Rng::from_seed([7; 32]))
	}

	#[test]
	fn sign_then_verify() {
		let key = key();
		let message = Fr::from(42u64);
		let signature = key.sign(Version::V1, &message);
		assert_eq!(key.public_key().verify(Version::V1, &message, &signature), Ok(()));
		assert_eq!(key.sign(Version::V1, &message), signature, "deterministic");
	}

	#[test]
	fn forgeries_are_rejected() {
		let key = key();
		let public = key.public_key();
		let message = Fr::from(42u64);
		let signature = key.sign(Version::V1, &message);
		assert!(public.verify(Version::V1, &(message + Fr::from(1u64)), &signature).is_err());
		let bumped = Signature { s: signature.s + Scalar::from(1u64), ..signature };
		assert!(public.verify(Version::V1, &message, &bumped).is_err());
		let other_r =
			Signature { r: (signature.r + EdwardsAffine::generator()).into_affine(), ..signature };
		assert!(public.verify(Version::V1, &message, &other_r).is_err());
		let other = SecretKey::generate(&mut ChaCha20Rng::from_seed([8; 32]));
		assert!(other.public_key().verify(Version::V1, &message, &signature).is_err());
		// R with a small-order component: same s, R + T for T of order 2.
		let t = EdwardsAffine::new_unchecked(Fr::zero(), -Fr::from(1u64));
		let mixed = Signature { r: (signature.r + t).into_affine(), ..signature };
		assert!(public.verify(Version::V1, &message, &mixed).is_err());
	}

	#[test]
	fn versions_sign_in_separate_domains() {
		let key = key();
		let message = Fr::from(42u64);
		let v1 = key.sign(Version::V1, &message);
		let v2 = key.sign(Version::V2, &message);
		assert_ne!(v1, v2);
		assert_eq!(key.public_key().verify(Version::V2, &message, &v2), Ok(()));
		assert!(key.public_key().verify(Version::V2, &message, &v1).is_err());
		assert!(key.public_key().verify(Version::V1, &message, &v2).is_err());
	}

	#[test]
	fn encodings_round_trip_and_reject_garbage() {
		let key = key();
		let signature = key.sign(Version::V1, &Fr::from(5u64));
		assert_eq!(Signature::from_bytes(&signature.to_bytes()), Ok(signature));
		assert_eq!(PublicKey::from_bytes(&key.public_key().to_bytes()), Ok(key.public_key()));
		assert_eq!(
			SecretKey::from_bytes(&key.to_bytes()).map(|k| k.public_key()),
			Ok(key.public_key())
		);
		assert!(Signature::from_bytes(&[0u8; 63]).is_err());
		assert!(Signature::from_bytes(&[0xff; 64]).is_err());
		let mut high_s = signature.to_bytes();
		high_s[32..].copy_from_slice(&[0xff; 32]);
		assert!(Signature::from_bytes(&high_s).is_err());
		assert!(SecretKey::from_bytes(&[0u8; 32]).is_err());
		assert!(SecretKey::from_bytes(&[0xff; 32]).is_err());
		assert!(PublicKey::from_bytes(&[0u8; 32]).is_err());
	}
}
