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
	statement::Statement,
	verifier::{Proof, VerifyingKey},
	Error,
};

/// The circuit version the keys and proofs of this crate are for.
pub const CIRCUIT_VERSION: u32 = 1;

/// A proving key of the presentation circuit.
#[derive(Clone, Debug, PartialEq)]
pub struct ProvingKey(ark_groth16::ProvingKey<Bls12_381>);

impl ProvingKey {
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

	/// Decodes a proving key, validating every point (on the curve, in the subgroup) and its
	/// verifying key ([`VerifyingKey`]'s checks).
	pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
		let mut reader = bytes;
		let pk = ark_groth16::ProvingKey::<Bls12_381>::deserialize_with_mode(
			&mut reader,
			Compress::Yes,
			Validate::Yes,
		)
		.map_err(|_| Error::InvalidKey("not a valid compressed proving key"))?;
		if !reader.is_empty() {
			return Err(Error::InvalidKey("trailing bytes after the proving key"));
		}
		VerifyingKey::from_inner(pk.vk.clone())?;
		Ok(Self(pk))
	}
}

/// Generates a proving and a verifying key for the circuit with randomness from `rng`.
pub fn setup<R: RngCore + CryptoRng>(rng: &mut R) -> Result<(ProvingKey, VerifyingKey), Error> {
	let pk = Groth16::<Bls12_381>::generate_random_parameters_with_reduction(
		PresentationCircuit::blank(),
		rng,
	)?;
	let vk = VerifyingKey::from_inner(pk.vk.clone())?;
	Ok((ProvingKey(pk), vk))
}

/// Development keys from `seed` (see the [module documentation](self)): not for production.
pub fn dev_setup(seed: [u8; 32]) -> Result<(ProvingKey, VerifyingKey), Error> {
	setup(&mut ChaCha20Rng::from_seed(seed))
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
