//! The development fixtures are what `dev_setup(version, [0; 32])` gives and a proof the
//! version-1 key accepts.

use didimo_zk::{
	field,
	prover::dev_setup,
	verifier::{verify_public_input, Proof, VerifyingKey},
	Version,
};

use crate::dev;

#[test]
fn the_development_keys_are_seed_0s() {
	for (version, key, hash) in [
		(Version::V1, &dev::VERIFYING_KEY_V1[..], dev::KEY_HASH_V1),
		(Version::V2, &dev::VERIFYING_KEY_V2[..], dev::KEY_HASH_V2),
	] {
		let (_, vk) = dev_setup(version, [0; 32]).expect("the circuit synthesises");
		assert_eq!(vk.to_bytes(), key.to_vec(), "version {version:?}");
		assert_eq!(field::to_bytes(&vk.hash()), hash, "version {version:?}");
		assert_eq!(VerifyingKey::from_bytes(key).map(|vk| vk.version()), Ok(version));
	}
}

#[test]
fn the_development_proof_verifies_natively() {
	let vk = VerifyingKey::from_bytes(&dev::VERIFYING_KEY_V1).expect("valid key");
	let proof = Proof::from_bytes(&dev::PROOF_V1).expect("valid proof");
	let input = field::from_bytes(&dev::PUBLIC_INPUT_V1).expect("canonical");
	assert_eq!(verify_public_input(&vk.prepare(), &input, &proof), Ok(()));
}
