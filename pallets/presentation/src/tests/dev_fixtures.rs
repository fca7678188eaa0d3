//! The development fixtures are what `dev_setup([0; 32])` gives and a proof it accepts.

use didimo_zk::{
	field,
	prover::dev_setup,
	verifier::{verify_public_input, Proof, VerifyingKey},
};

use crate::dev;

#[test]
fn the_development_key_is_seed_0s() {
	let (_, vk) = dev_setup([0; 32]).expect("the circuit synthesises");
	assert_eq!(vk.to_bytes(), dev::VERIFYING_KEY_V1.to_vec());
	assert_eq!(field::to_bytes(&vk.hash()), dev::KEY_HASH_V1);
}

#[test]
fn the_development_proof_verifies_natively() {
	let vk = VerifyingKey::from_bytes(&dev::VERIFYING_KEY_V1).expect("valid key");
	let proof = Proof::from_bytes(&dev::PROOF_V1).expect("valid proof");
	let input = field::from_bytes(&dev::PUBLIC_INPUT_V1).expect("canonical");
	assert_eq!(verify_public_input(&vk.prepare(), &input, &proof), Ok(()));
}
