//! Key generation and proving.
//!
//! Keys come from [`setup`] with an injected rng; [`dev_setup`] makes the development keys of
//! a circuit version deterministically from a 32-byte seed (ChaCha20), so anyone can
//! reproduce them and check the verifying-key hash. Development keys are NOT for production:
//! whoever knows the seed knows the toxic waste and can forge proofs. Production keys come
//! from a multi-party ceremony (later work).

use alloc::vec::Vec;

use ark_bls12_381::Bls12_381;
use ark_groth16::Groth16;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use ark_std::rand::{CryptoRng, RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;

use crate::{
	circuit::{PresentationCircuit, Witness},
	domain::Version,
	statement::Statement,
	verifier::{Proof, VerifyingKey},
	Error,
};

/// The circuit version new keys and proofs are made for ([`Version::CURRENT`]).
pub const CIRCUIT_VERSION: u32 = Version::CURRENT.number();

/// A proving key of one version of the presentation circuit.
#[derive(Clone, Debug, PartialEq)]
pub struct ProvingKey(ark_groth16::ProvingKey<Bls12_381>);

impl ProvingKey {
	/// The circuit version the key is for (told by its number of public inputs).
	pub fn version(&self) -> Result<Version, Error> {
		Version::from_public_inputs(self.0.vk.gamma_abc_g1.len().saturating_sub(1))
			.ok_or(Error::InvalidKey("no circuit version has this number of public inputs"))
	}

	/// The verifying key it contains.
	pub fn verifying_key(&self) -> Result<VerifyingKey, Error> {
		VerifyingKey::from_inner(self.0.vk.clone())
	}

	/// Compressed bytes.
	pub fn to_bytes(&self) -> Vec<u8> {
		let mut out = Vec::with_capacity(self.0.compressed_size());
		let _ = self.0.serialize_compressed(&mut out);
		out
	}

	/// Uncompressed bytes: about twice [`to_bytes`](Self::to_bytes)'s size, but decoding
	/// them takes no square roots. The form [`from_pinned_bytes`](Self::from_pinned_bytes)
	/// loads.
	pub fn to_uncompressed_bytes(&self) -> Vec<u8> {
		let mut out = Vec::with_capacity(self.0.uncompressed_size());
		let _ = self.0.serialize_uncompressed(&mut out);
		out
	}

	/// The BLAKE2b-256 digest of [`to_uncompressed_bytes`](Self::to_uncompressed_bytes): the
	/// pin a prover keeps (or is shipped with) after validating the key once.
	pub fn digest(&self) -> [u8; DIGEST_BYTES] {
		digest(&self.to_uncompressed_bytes())
	}

	/// Loads an uncompressed proving key whose BLAKE2b-256 digest is `pinned`, without
	/// re-validating its points: the digest proves these are the bytes of a key that was
	/// validated when the pin was made ([`from_uncompressed_bytes`] then [`digest`]). Field
	/// elements are still range-checked while decoding. A digest mismatch is refused before
	/// anything is decoded.
	///
	/// This is the fast start for provers: about 0.1 s for the presentation circuit's key,
	/// against seconds for [`from_bytes`](Self::from_bytes), which decompresses and
	/// subgroup-checks every point.
	///
	/// [`from_uncompressed_bytes`]: Self::from_uncompressed_bytes
	/// [`digest`]: Self::digest
	pub fn from_pinned_bytes(bytes: &[u8], pinned: &[u8; DIGEST_BYTES]) -> Result<Self, Error> {
		if &digest(bytes) != pinned {
			return Err(Error::InvalidKey("the proving key's digest is not the pinned one"));
		}
		Self::decode(bytes, Compress::No, Validate::No)
	}

	/// Decodes an uncompressed proving key, validating every point and its verifying key, as
	/// [`from_bytes`](Self::from_bytes) does for compressed ones.
	pub fn from_uncompressed_bytes(bytes: &[u8]) -> Result<Self, Error> {
		Self::decode(bytes, Compress::No, Validate::Yes)
	}

	/// Decodes a proving key, validating every point (on the curve, in the subgroup) and its
	/// verifying key ([`VerifyingKey`]'s checks).
	pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
		Self::decode(bytes, Compress::Yes, Validate::Yes)
	}

	fn decode(bytes: &[u8], compress: Compress, validate: Validate) -> Result<Self, Error> {
		let mut reader = bytes;
		let pk = ark_groth16::ProvingKey::<Bls12_381>::deserialize_with_mode(
			&mut reader,
			compress,
			validate,
		)
		.map_err(|_| Error::InvalidKey("not a valid proving key encoding"))?;
		if !reader.is_empty() {
			return Err(Error::InvalidKey("trailing bytes after the proving key"));
		}
		VerifyingKey::from_inner(pk.vk.clone())?;
		Ok(Self(pk))
	}
}

/// Bytes in a proving-key digest ([`ProvingKey::digest`]).
pub const DIGEST_BYTES: usize = 32;

/// BLAKE2b-256 of `bytes`.
fn digest(bytes: &[u8]) -> [u8; DIGEST_BYTES] {
	let hash = blake2b_simd::Params::new().hash_length(DIGEST_BYTES).hash(bytes);
	let mut out = [0u8; DIGEST_BYTES];
	out.copy_from_slice(hash.as_bytes());
	out
}

/// Generates a proving and a verifying key for `version`'s circuit with randomness from
/// `rng`.
pub fn setup<R: RngCore + CryptoRng>(
	version: Version,
	rng: &mut R,
) -> Result<(ProvingKey, VerifyingKey), Error> {
	let pk = Groth16::<Bls12_381>::generate_random_parameters_with_reduction(
		PresentationCircuit::blank(version),
		rng,
	)?;
	let vk = VerifyingKey::from_inner(pk.vk.clone())?;
	Ok((ProvingKey(pk), vk))
}

/// Development keys of `version` from `seed` (see the [module documentation](self)): not
/// for production.
pub fn dev_setup(version: Version, seed: [u8; 32]) -> Result<(ProvingKey, VerifyingKey), Error> {
	setup(version, &mut ChaCha20Rng::from_seed(seed))
}

/// Proves `statement` with `witness`, with the zero-knowledge randomness from `rng`. The
/// witness is first checked natively ([`Witness::check`]), so a witness that does not fit
/// the statement gives its precise error rather than a proof that does not verify.
pub fn prove_with_rng<R: RngCore + CryptoRng>(
	pk: &ProvingKey,
	statement: &Statement,
	witness: &Witness,
	rng: &mut R,
) -> Result<Proof, Error> {
	if pk.version()? != statement.version {
		return Err(Error::WrongVersion("the proving key is not of the statement's version"));
	}
	witness.check(statement)?;
	let circuit = PresentationCircuit { statement: statement.clone(), witness: witness.clone() };
	let proof = Groth16::<Bls12_381>::create_random_proof_with_reduction(circuit, &pk.0, rng)?;
	Ok(Proof(proof))
}

/// [`prove_with_rng`] with the operating system's random source.
#[cfg(feature = "std")]
pub fn prove(pk: &ProvingKey, statement: &Statement, witness: &Witness) -> Result<Proof, Error> {
	prove_with_rng(pk, statement, witness, &mut rand::rngs::OsRng)
}
