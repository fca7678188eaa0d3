//! Verifying presentations: validated proof and verifying-key encodings, key preparation
//! and verification. `no_std`: the runtime calls this.
//!
//! Encodings are arkworks' compressed ones (proofs may also be given uncompressed, which
//! decodes without square roots) and are accepted only if canonical (re-encoding gives the
//! same bytes), on the curve, in the prime-order subgroups, and of the exact length. Proofs
//! with an identity point are refused. A verifying key must have exactly one input base
//! more than its circuit version has public inputs ([`Version::public_inputs`]: the count
//! tells the version), no identity point, and `gamma != delta` with neither
//! equal to the G2 generator: keys where the prover can forge (`gamma = delta`) or whose
//! toxic waste is trivially known are refused.

use alloc::vec::Vec;

use ark_bls12_381::{Bls12_381, Fq12, G1Affine, G2Affine};
use ark_ec::{
	pairing::{Pairing, PairingOutput},
	AffineRepr, CurveGroup, VariableBaseMSM,
};
use ark_ff::{One, PrimeField};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};

use crate::{
	credential::attribute::hash_bytes, domain::Version, field, statement::Statement, Error, Fr,
};

/// Public inputs of the version-1 circuit: the statement hash.
pub const PUBLIC_INPUTS: usize = 1;
/// Bytes in a compressed proof: `A` (G1, 48), `B` (G2, 96), `C` (G1, 48).
pub const PROOF_BYTES: usize = 192;
/// Bytes in an uncompressed proof: `A` (G1, 96), `B` (G2, 192), `C` (G1, 96).
pub const PROOF_BYTES_UNCOMPRESSED: usize = 384;
/// Bytes in a compressed verifying key of `version`: `alpha` (48), `beta`, `gamma`, `delta`
/// (96 each), the length (8) and the input bases (48 each, one more than the inputs).
pub const fn verifying_key_bytes(version: Version) -> usize {
	48 + 3 * 96 + 8 + 48 * (version.public_inputs() + 1)
}

/// Bytes in a compressed verifying key of version 1 (440).
pub const VERIFYING_KEY_BYTES: usize = verifying_key_bytes(Version::V1);

/// A Groth16 proof of a presentation.
#[derive(Clone, Debug, PartialEq)]
pub struct Proof(pub(crate) ark_groth16::Proof<Bls12_381>);

/// A verifying key of the presentation circuit.
#[derive(Clone, Debug, PartialEq)]
pub struct VerifyingKey(pub(crate) ark_groth16::VerifyingKey<Bls12_381>);

/// A verifying key prepared for verification, prepare once, verify many: `e(alpha, beta)`
/// computed, `gamma` and `delta` negated, the input bases, and each input's base times
/// `2^64`, `2^128` and `2^192`. Its [`to_bytes`] form is uncompressed ([`PREPARED_KEY_BYTES`]),
/// so [`from_trusted_bytes`] decodes it with no square root and no subgroup check: the form
/// the chain stores registered keys in.
///
/// The shifted bases make `IC` cheap: an input `x = x_0 + x_1 2^64 + x_2 2^128 + x_3 2^192`
/// contributes `x_0 B + x_1 (2^64 B) + x_2 (2^128 B) + x_3 (2^192 B)`, so the one
/// multi-scalar multiplication has only 64-bit scalars: a quarter of the doublings and no
/// 255-bit windows. With version 2's seven full-width inputs it takes less than half the
/// time of the multi-scalar multiplication over the inputs themselves.
///
/// [`to_bytes`]: PreparedVerifyingKey::to_bytes
/// [`from_trusted_bytes`]: PreparedVerifyingKey::from_trusted_bytes
#[derive(Clone, Debug, PartialEq)]
pub struct PreparedVerifyingKey {
	pub(crate) alpha_beta: Fq12,
	pub(crate) gamma_neg: G2Affine,
	pub(crate) delta_neg: G2Affine,
	/// One base more than the version's public inputs.
	pub(crate) ic: Vec<G1Affine>,
	/// For input `i` (base `ic[i + 1]`): the base times `2^64`, `2^128` and `2^192`.
	pub(crate) ic_shifted: Vec<[G1Affine; 3]>,
}

/// Bytes in a [`PreparedVerifyingKey`]'s uncompressed encoding for `version`:
/// `e(alpha, beta)` (576), `-gamma` and `-delta` (192 each), the input bases (96 each) and
/// the three shifted bases of each input (288).
pub const fn prepared_key_bytes(version: Version) -> usize {
	unshifted_prepared_key_bytes(version) + 3 * 96 * version.public_inputs()
}

/// Bytes in the encoding of a prepared key before it had shifted bases (the chain stored
/// these until storage version 3): [`prepared_key_bytes`] without the shifted bases.
pub const fn unshifted_prepared_key_bytes(version: Version) -> usize {
	576 + 2 * 192 + 96 * (version.public_inputs() + 1)
}

/// Bytes in a version-1 [`PreparedVerifyingKey`] (1,440).
pub const PREPARED_KEY_BYTES: usize = prepared_key_bytes(Version::V1);

/// A pairing engine over BLS12-381 that verification runs on: arkworks' own
/// ([`ark_bls12_381::Bls12_381`], natively or in plain wasm) or, with the `host-calls`
/// feature, the runtime's BLS12-381 host calls ([`HostBls12_381`]). Points are decoded and
/// validated as arkworks' types first, then handed to the engine as they are: the host side
/// does not validate.
pub trait Engine: Pairing<ScalarField = Fr, TargetField = Fq12> {
	/// The engine's form of a (validated) G1 point.
	fn g1(point: &G1Affine) -> Self::G1Affine;
	/// The engine's form of a (validated) G2 point.
	fn g2(point: &G2Affine) -> Self::G2Affine;
	/// The arkworks form of an engine's G1 point.
	fn g1_from_engine(point: &Self::G1Affine) -> G1Affine;
	/// Whether a G1 point on the curve is in the prime-order subgroup, computed on the engine.
	fn g1_in_subgroup(point: &G1Affine) -> bool {
		point.is_in_correct_subgroup_assuming_on_curve()
	}
	/// Whether a G2 point on the curve is in the prime-order subgroup, computed on the engine.
	fn g2_in_subgroup(point: &G2Affine) -> bool {
		point.is_in_correct_subgroup_assuming_on_curve()
	}
}

/// arkworks' BLS12-381, computed where the code runs (natively, or in plain wasm).
pub type ArkBls12_381 = Bls12_381;

impl Engine for Bls12_381 {
	fn g1(point: &G1Affine) -> G1Affine {
		*point
	}
	fn g2(point: &G2Affine) -> G2Affine {
		*point
	}
	fn g1_from_engine(point: &G1Affine) -> G1Affine {
		*point
	}
}

/// BLS12-381 whose pairings and scalar multiplications run in the host: the runtime's
/// engine (`sp-crypto-ec-utils`). The node must register
/// `sp_crypto_ec_utils::bls12_381::host_calls::HostFunctions`.
#[cfg(feature = "host-calls")]
pub type HostBls12_381 = sp_crypto_ec_utils::bls12_381::Bls12_381;

#[cfg(feature = "host-calls")]
impl Engine for HostBls12_381 {
	fn g1(point: &G1Affine) -> Self::G1Affine {
		if point.is_zero() {
			Self::G1Affine::identity()
		} else {
			Self::G1Affine::new_unchecked(point.x, point.y)
		}
	}
	fn g2(point: &G2Affine) -> Self::G2Affine {
		if point.is_zero() {
			Self::G2Affine::identity()
		} else {
			Self::G2Affine::new_unchecked(point.x, point.y)
		}
	}
	fn g1_from_engine(point: &Self::G1Affine) -> G1Affine {
		if point.is_zero() {
			G1Affine::identity()
		} else {
			G1Affine::new_unchecked(point.x, point.y)
		}
	}
	// The same checks as arkworks' (GLV and psi endomorphisms), their scalar multiplications
	// made by the host.
	fn g1_in_subgroup(point: &G1Affine) -> bool {
		Self::g1(point).is_in_correct_subgroup_assuming_on_curve()
	}
	fn g2_in_subgroup(point: &G2Affine) -> bool {
		Self::g2(point).is_in_correct_subgroup_assuming_on_curve()
	}
}

/// Decodes `T` from exactly `bytes`, validated (on the curve, subgroup), canonical (its
/// re-encoding is `bytes`).
fn decode_canonical<T: CanonicalDeserialize + CanonicalSerialize>(bytes: &[u8]) -> Option<T> {
	let value = T::deserialize_with_mode(bytes, Compress::Yes, Validate::Yes).ok()?;
	let mut again = Vec::with_capacity(bytes.len());
	value.serialize_compressed(&mut again).ok()?;
	(again == bytes).then_some(value)
}

fn encode<T: CanonicalSerialize>(value: &T) -> Vec<u8> {
	let mut out = Vec::with_capacity(value.compressed_size());
	// Writing to a `Vec` cannot fail.
	let _ = value.serialize_compressed(&mut out);
	out
}

impl Proof {
	/// The 192 compressed bytes.
	pub fn to_bytes(&self) -> [u8; PROOF_BYTES] {
		let mut out = [0u8; PROOF_BYTES];
		// Two compressed G1 points and one G2 point: exactly 192 bytes.
		for (dst, src) in out.iter_mut().zip(encode(&self.0)) {
			*dst = src;
		}
		out
	}

	/// The 384 uncompressed bytes: twice the size, but decoding them takes no square roots,
	/// which on chain (in wasm) is most of a verification's cost.
	pub fn to_uncompressed_bytes(&self) -> [u8; PROOF_BYTES_UNCOMPRESSED] {
		let mut out = [0u8; PROOF_BYTES_UNCOMPRESSED];
		let mut encoded = Vec::with_capacity(PROOF_BYTES_UNCOMPRESSED);
		// Two uncompressed G1 points and one G2 point: exactly 384 bytes.
		let _ = self.0.serialize_uncompressed(&mut encoded);
		for (dst, src) in out.iter_mut().zip(encoded) {
			*dst = src;
		}
		out
	}

	/// Decodes and validates a proof, 192 compressed or 384 uncompressed bytes (see the
	/// [module documentation](self)), with the subgroup checks computed natively.
	pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
		Self::from_bytes_with::<Bls12_381>(bytes)
	}

	/// [`from_bytes`](Self::from_bytes) with the subgroup checks' scalar multiplications on
	/// the engine `E`. The points are decoded, checked canonical and on the curve here first,
	/// so only points on the curve reach `E` (which, for the host calls, does not validate).
	pub fn from_bytes_with<E: Engine>(bytes: &[u8]) -> Result<Self, Error> {
		Self::from_bytes_checked(bytes, |proof| {
			E::g1_in_subgroup(&proof.a)
				&& E::g2_in_subgroup(&proof.b)
				&& E::g1_in_subgroup(&proof.c)
		})
	}

	/// [`Proof::from_bytes`] with the prime-order subgroup check of the three points made by
	/// `in_subgroups` (given points on the curve, none the identity): one rule for every
	/// engine, each engine its own arithmetic.
	pub(crate) fn from_bytes_checked(
		bytes: &[u8],
		in_subgroups: impl FnOnce(&ark_groth16::Proof<Bls12_381>) -> bool,
	) -> Result<Self, Error> {
		let compress = match bytes.len() {
			PROOF_BYTES => Compress::Yes,
			PROOF_BYTES_UNCOMPRESSED => Compress::No,
			_ => return Err(Error::InvalidProof("a proof is 192 or 384 bytes")),
		};
		let proof =
			ark_groth16::Proof::<Bls12_381>::deserialize_with_mode(bytes, compress, Validate::No)
				.map_err(|_| Error::InvalidProof("not an encoding of three curve points"))?;
		let mut again = Vec::with_capacity(bytes.len());
		let _ = proof.serialize_with_mode(&mut again, compress);
		if again != bytes {
			return Err(Error::InvalidProof("not a canonical encoding"));
		}
		if proof.a.is_zero() || proof.b.is_zero() || proof.c.is_zero() {
			return Err(Error::InvalidProof("a proof point is the identity"));
		}
		if !(proof.a.is_on_curve() && proof.b.is_on_curve() && proof.c.is_on_curve()) {
			return Err(Error::InvalidProof("a proof point is not on the curve"));
		}
		if !in_subgroups(&proof) {
			return Err(Error::InvalidProof("a proof point is not in the prime-order subgroup"));
		}
		Ok(Self(proof))
	}
}

impl VerifyingKey {
	/// The compressed bytes ([`verifying_key_bytes`] of them).
	pub fn to_bytes(&self) -> Vec<u8> {
		encode(&self.0)
	}

	/// The circuit version the key is for (told by its number of input bases).
	pub fn version(&self) -> Version {
		// `from_inner` admitted only keys of a known version.
		Version::from_public_inputs(self.0.gamma_abc_g1.len() - 1).unwrap_or(Version::V1)
	}

	/// Decodes and validates a verifying key of any version (see the
	/// [module documentation](self)); [`Self::version`] tells which.
	pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
		if !Version::ALL.iter().any(|v| verifying_key_bytes(*v) == bytes.len()) {
			return Err(Error::InvalidKey(
				"a verifying key is 440 bytes (version 1) or 1,448 bytes (version 2)",
			));
		}
		let vk: ark_groth16::VerifyingKey<Bls12_381> = decode_canonical(bytes).ok_or(
			Error::InvalidKey("not a canonical encoding of points in the prime-order subgroups"),
		)?;
		Self::from_inner(vk)
	}

	/// Checks the key's structure (see the [module documentation](self)).
	pub(crate) fn from_inner(vk: ark_groth16::VerifyingKey<Bls12_381>) -> Result<Self, Error> {
		if Version::from_public_inputs(vk.gamma_abc_g1.len().wrapping_sub(1)).is_none() {
			return Err(Error::InvalidKey("no circuit version has this number of input bases"));
		}
		let mut g1_points = core::iter::once(&vk.alpha_g1).chain(&vk.gamma_abc_g1);
		let g2_points = [&vk.beta_g2, &vk.gamma_g2, &vk.delta_g2];
		if g1_points.any(AffineRepr::is_zero) || g2_points.iter().any(|p| p.is_zero()) {
			return Err(Error::InvalidKey("a key point is the identity"));
		}
		if vk.gamma_g2 == vk.delta_g2 {
			return Err(Error::InvalidKey("gamma equals delta"));
		}
		let generator = G2Affine::generator();
		if vk.gamma_g2 == generator || vk.delta_g2 == generator {
			return Err(Error::InvalidKey("gamma or delta is the G2 generator"));
		}
		Ok(Self(vk))
	}

	/// The key's hash, `attribute::hash_bytes(to_bytes())`: what the chain and the setup
	/// command name a key by.
	pub fn hash(&self) -> Fr {
		hash_bytes(&self.to_bytes())
	}

	/// The key prepared for verification, `e(alpha, beta)` computed natively.
	pub fn prepare(&self) -> PreparedVerifyingKey {
		self.prepare_with::<Bls12_381>()
	}

	/// The key prepared for verification, `e(alpha, beta)` computed on the engine `E` (in the
	/// runtime, through the host calls).
	pub fn prepare_with<E: Engine>(&self) -> PreparedVerifyingKey {
		let vk = &self.0;
		let alpha_beta = E::pairing(E::g1(&vk.alpha_g1), E::g2(&vk.beta_g2)).0;
		PreparedVerifyingKey {
			alpha_beta,
			gamma_neg: -vk.gamma_g2,
			delta_neg: -vk.delta_g2,
			ic: vk.gamma_abc_g1.clone(),
			ic_shifted: shifted_bases::<E>(&vk.gamma_abc_g1),
		}
	}
}

/// Each input base's (`ic[1..]`) multiples by `2^64`, `2^128` and `2^192`, computed on the
/// engine `E`: three 64-bit scalar multiplications a base.
fn shifted_bases<E: Engine>(ic: &[G1Affine]) -> Vec<[G1Affine; 3]> {
	// 2^64 as a little-endian scalar.
	const TWO_64: [u64; 2] = [0, 1];
	let shift =
		|point: &G1Affine| E::g1_from_engine(&E::g1(point).mul_bigint(TWO_64).into_affine());
	ic.iter()
		.skip(1)
		.map(|base| {
			let b1 = shift(base);
			let b2 = shift(&b1);
			let b3 = shift(&b2);
			[b1, b2, b3]
		})
		.collect()
}

impl PreparedVerifyingKey {
	/// The circuit version the key is for.
	pub fn version(&self) -> Version {
		// Keys are prepared from validated keys, or decoded with a version's length.
		Version::from_public_inputs(self.ic.len().saturating_sub(1)).unwrap_or(Version::V1)
	}

	/// The uncompressed bytes ([`prepared_key_bytes`] of them).
	pub fn to_bytes(&self) -> Vec<u8> {
		let mut out = Vec::with_capacity(prepared_key_bytes(self.version()));
		// Writing to a `Vec` cannot fail.
		let _ = self.alpha_beta.serialize_uncompressed(&mut out);
		let _ = self.gamma_neg.serialize_uncompressed(&mut out);
		let _ = self.delta_neg.serialize_uncompressed(&mut out);
		for base in self.ic.iter().chain(self.ic_shifted.iter().flatten()) {
			let _ = base.serialize_uncompressed(&mut out);
		}
		out
	}

	/// Decodes [`to_bytes`](Self::to_bytes) output without validating the points (no curve
	/// or subgroup check): only for bytes from a trusted source, such as the chain's storage
	/// written from a key [`VerifyingKey::from_bytes`] validated. The length and the field
	/// elements' ranges are still checked.
	pub fn from_trusted_bytes(bytes: &[u8]) -> Result<Self, Error> {
		let version = version_of(bytes, prepared_key_bytes).ok_or(Error::InvalidKey(
			"a prepared verifying key is 1,440 bytes (version 1) or 9,504 (version 2)",
		))?;
		Self::read(bytes, version, true)
	}

	/// Decodes a trusted prepared key in the encoding from before the shifted bases
	/// ([`unshifted_prepared_key_bytes`]: what the chain stored until storage version 3) and
	/// computes them on the engine `E`: the migration of stored keys. Trusted as
	/// [`from_trusted_bytes`](Self::from_trusted_bytes) is.
	pub fn from_unshifted_trusted_bytes<E: Engine>(bytes: &[u8]) -> Result<Self, Error> {
		let version = version_of(bytes, unshifted_prepared_key_bytes).ok_or(Error::InvalidKey(
			"an earlier prepared verifying key is 1,152 bytes (version 1) or 3,168 (version 2)",
		))?;
		let mut key = Self::read(bytes, version, false)?;
		key.ic_shifted = shifted_bases::<E>(&key.ic);
		Ok(key)
	}

	/// Reads `e(alpha, beta)`, `-gamma`, `-delta`, the input bases and, if `shifted`, the
	/// shifted bases (left empty otherwise), all uncompressed and unvalidated.
	fn read(mut bytes: &[u8], version: Version, shifted: bool) -> Result<Self, Error> {
		let reader = &mut bytes;
		let mut read = || -> Result<_, ark_serialize::SerializationError> {
			let g1 = |reader: &mut &[u8]| {
				G1Affine::deserialize_with_mode(reader, Compress::No, Validate::No)
			};
			let alpha_beta = Fq12::deserialize_with_mode(&mut *reader, Compress::No, Validate::No)?;
			let gamma_neg =
				G2Affine::deserialize_with_mode(&mut *reader, Compress::No, Validate::No)?;
			let delta_neg =
				G2Affine::deserialize_with_mode(&mut *reader, Compress::No, Validate::No)?;
			let inputs = version.public_inputs();
			let ic = (0..=inputs).map(|_| g1(reader)).collect::<Result<Vec<_>, _>>()?;
			let ic_shifted = (0..if shifted { inputs } else { 0 })
				.map(|_| Ok([g1(reader)?, g1(reader)?, g1(reader)?]))
				.collect::<Result<Vec<_>, ark_serialize::SerializationError>>()?;
			Ok(Self { alpha_beta, gamma_neg, delta_neg, ic, ic_shifted })
		};
		read().map_err(|_| Error::InvalidKey("not a prepared verifying key"))
	}
}

/// The version whose encoding, by `bytes_of`, is as long as `bytes`.
fn version_of(bytes: &[u8], bytes_of: fn(Version) -> usize) -> Option<Version> {
	Version::ALL.into_iter().find(|v| bytes_of(*v) == bytes.len())
}

/// Verifies `proof` for `statement` ([`Statement::public_inputs`]: version 1 hashes it).
/// A key of another version than the statement's is [`Error::WrongVersion`].
pub fn verify(
	pvk: &PreparedVerifyingKey,
	statement: &Statement,
	proof: &Proof,
) -> Result<(), Error> {
	if pvk.version() != statement.version {
		return Err(Error::WrongVersion("the key is not of the statement's version"));
	}
	verify_public_inputs(pvk, &statement.public_inputs()?, proof)
}

/// Verifies `proof` for the public inputs given as their 32-byte canonical encodings, one
/// after the other ([`field::from_bytes`]: non-canonical values are refused).
pub fn verify_encoded(
	pvk: &PreparedVerifyingKey,
	public_inputs: &[u8],
	proof: &Proof,
) -> Result<(), Error> {
	if !public_inputs.len().is_multiple_of(field::FR_BYTES) || public_inputs.is_empty() {
		return Err(Error::InvalidLength {
			expected: field::FR_BYTES * pvk.version().public_inputs(),
			got: public_inputs.len(),
		});
	}
	let inputs = public_inputs
		.chunks(field::FR_BYTES)
		.map(field::from_bytes)
		.collect::<Result<Vec<_>, _>>()?;
	verify_public_inputs(pvk, &inputs, proof)
}

/// Version 1's check for its one public input ([`verify_public_inputs`]).
pub fn verify_public_input(
	pvk: &PreparedVerifyingKey,
	public_input: &Fr,
	proof: &Proof,
) -> Result<(), Error> {
	verify_public_inputs(pvk, core::slice::from_ref(public_input), proof)
}

/// The Groth16 check `e(A, B) = e(alpha, beta) · e(IC, gamma) · e(C, delta)` with
/// `IC = ic_0 + sum_i x_i · ic_(i+1)`, natively ([`verify_with`] on arkworks' engine).
pub fn verify_public_inputs(
	pvk: &PreparedVerifyingKey,
	public_inputs: &[Fr],
	proof: &Proof,
) -> Result<(), Error> {
	verify_with::<Bls12_381>(pvk, public_inputs, proof)
}

/// The Groth16 check on the engine `E`: one multi-scalar multiplication for `IC`, then one
/// multi-Miller loop of `(A, B)`, `(IC, -gamma)`, `(C, -delta)` and a final exponentiation,
/// compared with `e(alpha, beta)`. As many inputs as the key's version has, or
/// [`Error::WrongVersion`].
pub fn verify_with<E: Engine>(
	pvk: &PreparedVerifyingKey,
	public_inputs: &[Fr],
	proof: &Proof,
) -> Result<(), Error> {
	if public_inputs.len() + 1 != pvk.ic.len() || public_inputs.len() != pvk.ic_shifted.len() {
		return Err(Error::WrongVersion("not the key's number of public inputs"));
	}
	// `IC = 1 · ic_0 + sum_i x_i · ic_(i+1)` as one multi-scalar multiplication (one host
	// call) with 64-bit scalars: each input's nonzero 64-bit limbs times its base shifted by
	// as many limbs (see `PreparedVerifyingKey`). arkworks' MSM takes scalars below 2^64 in
	// 64-bit windows, where a 255-bit scalar costs 255 bits of windows.
	let mut bases: Vec<E::G1Affine> = Vec::with_capacity(4 * pvk.ic.len());
	let mut scalars: Vec<Fr> = Vec::with_capacity(4 * pvk.ic.len());
	bases.push(E::g1(&pvk.ic[0]));
	scalars.push(Fr::one());
	for ((input, base), shifted) in public_inputs.iter().zip(&pvk.ic[1..]).zip(&pvk.ic_shifted) {
		let limbs = input.into_bigint().0;
		for (limb, base) in limbs.iter().zip(core::iter::once(base).chain(shifted)) {
			if *limb != 0 {
				bases.push(E::g1(base));
				scalars.push(Fr::from(*limb));
			}
		}
	}
	let ic = E::G1::msm(&bases, &scalars).map_err(|_| Error::ProofRejected)?.into_affine();
	let miller = E::multi_miller_loop(
		[E::g1(&proof.0.a), ic, E::g1(&proof.0.c)],
		[E::g2(&proof.0.b), E::g2(&pvk.gamma_neg), E::g2(&pvk.delta_neg)],
	);
	let PairingOutput(result) = E::final_exponentiation(miller).ok_or(Error::ProofRejected)?;
	if result == pvk.alpha_beta {
		Ok(())
	} else {
		Err(Error::ProofRejected)
	}
}
