use crate::{mock::*, *};

#[test]
fn genesis_registers_the_listed_circuits_at_block_0() {
	with_genesis(vec![(1, dev::VERIFYING_KEY_V1.to_vec())]).execute_with(|| {
		let circuit = Circuits::<Test>::get(1).expect("registered at genesis");
		assert_eq!(circuit.registered_at, 0);
		assert_eq!(circuit.retired_at, None);
		let input = didimo_zk::field::from_bytes(&dev::PUBLIC_INPUT_V1).expect("canonical");
		assert_eq!(Presentation::verify_proof(1, &[input], &dev::PROOF_V1), Ok(()));
		crate::try_state::do_try_state::<Test>().expect("invariants hold");
	});
}

#[test]
#[should_panic(expected = "genesis circuit version 1 is refused")]
fn genesis_refuses_an_invalid_key() {
	let mut key = dev::VERIFYING_KEY_V1.to_vec();
	key[5] ^= 0x01;
	with_genesis(vec![(1, key)]);
}

#[test]
#[should_panic(expected = "genesis circuit version 2 is refused")]
fn genesis_refuses_an_unsupported_version() {
	with_genesis(vec![(2, dev::VERIFYING_KEY_V1.to_vec())]);
}
