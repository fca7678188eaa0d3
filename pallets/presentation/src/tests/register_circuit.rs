use didimo_zk::{field, verifier::VerifyingKey};
use frame_support::{assert_noop, assert_ok, traits::ConstU32, BoundedVec};
use sp_runtime::DispatchError;

use crate::{mock::*, *};

#[test]
fn root_registers_a_supported_version_with_a_valid_key() {
	build_and_execute(|| {
		assert_ok!(Presentation::register_circuit(RuntimeOrigin::root(), 1, dev_key()));
		let vk = VerifyingKey::from_bytes(&dev::VERIFYING_KEY_V1).expect("valid key");
		let key_hash = field::to_bytes(&vk.hash());
		let circuit = Circuits::<Test>::get(1).expect("registered");
		assert_eq!(circuit.key_hash, key_hash);
		assert_eq!(circuit.registered_at, 1);
		assert_eq!(circuit.retired_at, None);
		// Stored prepared, through the host calls, as the native preparation computes it.
		assert_eq!(circuit.key.to_vec(), vk.prepare().to_bytes());
		assert_eq!(last_event(), Some(Event::CircuitRegistered { version: 1, key_hash }));
	});
}

#[test]
fn only_the_circuit_origin_registers() {
	build_and_execute(|| {
		assert_noop!(
			Presentation::register_circuit(signed(ALICE), 1, dev_key()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Presentation::register_circuit(RuntimeOrigin::none(), 1, dev_key()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn an_unsupported_version_is_refused() {
	build_and_execute(|| {
		for version in [0, 3, u32::MAX] {
			assert_noop!(
				Presentation::register_circuit(RuntimeOrigin::root(), version, dev_key()),
				Error::<Test>::UnsupportedVersion
			);
		}
	});
}

#[test]
fn a_version_is_never_re_keyed() {
	build_and_execute(|| {
		assert_ok!(Presentation::register_circuit(RuntimeOrigin::root(), 1, dev_key()));
		assert_noop!(
			Presentation::register_circuit(RuntimeOrigin::root(), 1, dev_key()),
			Error::<Test>::CircuitExists
		);
		// Retired, it still cannot be registered again.
		assert_ok!(Presentation::retire_circuit(RuntimeOrigin::root(), 1));
		assert_noop!(
			Presentation::register_circuit(RuntimeOrigin::root(), 1, dev_key()),
			Error::<Test>::CircuitExists
		);
	});
}

fn key_with(edit: impl FnOnce(&mut Vec<u8>)) -> BoundedVec<u8, ConstU32<VERIFYING_KEY_BYTES>> {
	let mut key = dev::VERIFYING_KEY_V1.to_vec();
	edit(&mut key);
	BoundedVec::truncate_from(key)
}

#[test]
fn malformed_keys_are_refused() {
	build_and_execute(|| {
		let cases = [
			// Too short.
			key_with(|key| {
				key.pop();
			}),
			// Empty.
			key_with(Vec::clear),
			// alpha's x coordinate changed: off the curve or not canonical.
			key_with(|key| key[5] ^= 0x01),
			// beta (G2) changed.
			key_with(|key| key[60] ^= 0x01),
			// An input count of 3: version 1 has one public input (two bases).
			key_with(|key| key[48 + 3 * 96] = 3),
			// The last input base changed.
			key_with(|key| key[439] ^= 0x01),
			// All zeros.
			key_with(|key| key.iter_mut().for_each(|b| *b = 0)),
		];
		for key in cases {
			assert_noop!(
				Presentation::register_circuit(RuntimeOrigin::root(), 1, key),
				Error::<Test>::InvalidVerifyingKey
			);
		}
	});
}

#[test]
fn a_key_with_gamma_equal_to_delta_is_refused() {
	build_and_execute(|| {
		// gamma is bytes 48 + 96 .. 48 + 192, delta the next 96: a key where the prover
		// can forge any statement.
		let key = key_with(|key| {
			let gamma: Vec<u8> = key[144..240].to_vec();
			key[240..336].copy_from_slice(&gamma);
		});
		assert_noop!(
			Presentation::register_circuit(RuntimeOrigin::root(), 1, key),
			Error::<Test>::InvalidVerifyingKey
		);
	});
}

/// Version 2's key (22 public inputs) registers as version 2 and is stored prepared.
#[test]
fn version_2_registers_with_its_own_key() {
	build_and_execute(|| {
		let key = BoundedVec::truncate_from(dev::VERIFYING_KEY_V2.to_vec());
		assert_ok!(Presentation::register_circuit(RuntimeOrigin::root(), 2, key));
		let vk = VerifyingKey::from_bytes(&dev::VERIFYING_KEY_V2).expect("valid key");
		let circuit = Circuits::<Test>::get(2).expect("registered");
		assert_eq!(circuit.key_hash, dev::KEY_HASH_V2);
		assert_eq!(circuit.key.to_vec(), vk.prepare().to_bytes());
		assert_eq!(circuit.key.len(), PREPARED_KEY_BYTES as usize);
	});
}

/// A valid key of another version (another number of public inputs) is refused: version 1's
/// key cannot be registered as version 2, nor version 2's as version 1.
#[test]
fn a_key_of_another_version_is_refused() {
	build_and_execute(|| {
		let v2_key = BoundedVec::truncate_from(dev::VERIFYING_KEY_V2.to_vec());
		assert_noop!(
			Presentation::register_circuit(RuntimeOrigin::root(), 2, dev_key()),
			Error::<Test>::KeyVersionMismatch
		);
		assert_noop!(
			Presentation::register_circuit(RuntimeOrigin::root(), 1, v2_key),
			Error::<Test>::KeyVersionMismatch
		);
	});
}
