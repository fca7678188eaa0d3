//! `verify_proof` and the runtime API's `api_verify_proof` / `api_circuits`.

use didimo_zk::{field, Fr};
use frame_support::assert_ok;

use crate::{mock::*, *};

fn input() -> Fr {
	field::from_bytes(&dev::PUBLIC_INPUT_V1).expect("canonical")
}

fn registered(test: impl FnOnce()) {
	build_and_execute(|| {
		assert_ok!(Presentation::register_circuit(RuntimeOrigin::root(), 1, dev_key()));
		test();
	});
}

#[test]
fn a_valid_proof_verifies_through_the_host_calls() {
	registered(|| {
		assert_eq!(Presentation::verify_proof(1, &[input()], &dev::PROOF_V1), Ok(()));
		assert_eq!(
			Presentation::api_verify_proof(1, vec![dev::PUBLIC_INPUT_V1], dev::PROOF_V1.to_vec()),
			Ok(())
		);
	});
}

#[test]
fn both_engines_agree() {
	registered(|| {
		let other = input() + Fr::from(1u64);
		for (x, expected) in [(input(), Ok(())), (other, Err(VerifyError::ProofRejected))] {
			assert_eq!(
				Presentation::verify_proof_with::<didimo_zk::verifier::HostBls12_381>(
					1,
					&[x],
					&dev::PROOF_V1
				),
				expected
			);
			assert_eq!(
				Presentation::verify_proof_with::<didimo_zk::verifier::ArkBls12_381>(
					1,
					&[x],
					&dev::PROOF_V1
				),
				expected
			);
		}
	});
}

#[test]
fn another_public_input_is_rejected() {
	registered(|| {
		let other = input() + Fr::from(1u64);
		assert_eq!(
			Presentation::verify_proof(1, &[other], &dev::PROOF_V1),
			Err(VerifyError::ProofRejected)
		);
	});
}

#[test]
fn an_unknown_or_retired_version_verifies_nothing() {
	build_and_execute(|| {
		assert_eq!(
			Presentation::verify_proof(1, &[input()], &dev::PROOF_V1),
			Err(VerifyError::UnknownCircuit)
		);
		assert_eq!(
			Presentation::api_verify_proof(1, vec![dev::PUBLIC_INPUT_V1], dev::PROOF_V1.to_vec()),
			Err(VerifyError::UnknownCircuit)
		);
		assert_ok!(Presentation::register_circuit(RuntimeOrigin::root(), 1, dev_key()));
		assert_ok!(Presentation::retire_circuit(RuntimeOrigin::root(), 1));
		assert_eq!(
			Presentation::verify_proof(1, &[input()], &dev::PROOF_V1),
			Err(VerifyError::CircuitRetired)
		);
		assert_eq!(
			Presentation::api_verify_proof(1, vec![dev::PUBLIC_INPUT_V1], dev::PROOF_V1.to_vec()),
			Err(VerifyError::CircuitRetired)
		);
	});
}

#[test]
fn malformed_proofs_never_reach_a_host_call() {
	registered(|| {
		let mut off_curve = dev::PROOF_V1;
		off_curve[10] ^= 0x01;
		let mut b_changed = dev::PROOF_V1;
		b_changed[100] ^= 0x01;
		let mut identity_a = dev::PROOF_V1;
		identity_a[..48].fill(0);
		identity_a[0] = 0xc0; // compressed, infinity
		let cases: [&[u8]; 6] = [
			&[],
			&dev::PROOF_V1[..191],
			&[dev::PROOF_V1.as_slice(), &[0]].concat(),
			&off_curve,
			&b_changed,
			&identity_a,
		];
		for proof in cases {
			assert_eq!(
				Presentation::verify_proof(1, &[input()], proof),
				Err(VerifyError::MalformedProof),
				"{proof:?}"
			);
			assert_eq!(
				Presentation::api_verify_proof(1, vec![dev::PUBLIC_INPUT_V1], proof.to_vec()),
				Err(VerifyError::MalformedProof)
			);
		}
		// All zeros: not a valid compressed point either.
		assert_eq!(
			Presentation::verify_proof(1, &[input()], &[0u8; PROOF_BYTES]),
			Err(VerifyError::MalformedProof)
		);
	});
}

#[test]
fn an_uncompressed_proof_verifies_and_is_validated_alike() {
	registered(|| {
		let proof = didimo_zk::verifier::Proof::from_bytes(&dev::PROOF_V1)
			.expect("valid")
			.to_uncompressed_bytes();
		assert_eq!(proof.len(), PROOF_BYTES_UNCOMPRESSED);
		assert_eq!(Presentation::verify_proof(1, &[input()], &proof), Ok(()));
		// A's y coordinate changed: off the curve.
		let mut off_curve = proof;
		off_curve[95] ^= 0x01;
		// B's last byte changed.
		let mut b_changed = proof;
		b_changed[96 + 191] ^= 0x01;
		for bad in [&off_curve[..], &b_changed[..], &proof[..383]] {
			assert_eq!(
				Presentation::verify_proof(1, &[input()], bad),
				Err(VerifyError::MalformedProof)
			);
		}
	});
}

/// A point on the curve outside the prime-order subgroup: the host calls would compute with
/// it without complaint, so the runtime must refuse it first.
fn g1_point_outside_the_subgroup() -> ark_bls12_381::G1Affine {
	use ark_ec::AffineRepr;
	(1u64..)
		.filter_map(|x| ark_bls12_381::G1Affine::get_point_from_x_unchecked(x.into(), false))
		.find(|p| !p.is_zero() && !p.is_in_correct_subgroup_assuming_on_curve())
		.expect("most curve points are outside the subgroup")
}

#[test]
fn points_outside_the_subgroup_never_reach_a_host_call() {
	use ark_serialize::CanonicalSerialize;
	registered(|| {
		let outside = g1_point_outside_the_subgroup();
		let mut compressed = Vec::new();
		outside.serialize_compressed(&mut compressed).expect("encodes");
		let mut uncompressed = Vec::new();
		outside.serialize_uncompressed(&mut uncompressed).expect("encodes");
		let full = didimo_zk::verifier::Proof::from_bytes(&dev::PROOF_V1)
			.expect("valid")
			.to_uncompressed_bytes();
		let mut as_a = dev::PROOF_V1;
		as_a[..48].copy_from_slice(&compressed);
		let mut as_c = dev::PROOF_V1;
		as_c[144..].copy_from_slice(&compressed);
		let mut as_a_uncompressed = full;
		as_a_uncompressed[..96].copy_from_slice(&uncompressed);
		for proof in [&as_a[..], &as_c[..], &as_a_uncompressed[..]] {
			assert_eq!(
				Presentation::verify_proof(1, &[input()], proof),
				Err(VerifyError::MalformedProof)
			);
			// The arkworks engine's check agrees with the host calls'.
			assert_eq!(
				Presentation::verify_proof_with::<didimo_zk::verifier::ArkBls12_381>(
					1,
					&[input()],
					proof
				),
				Err(VerifyError::MalformedProof)
			);
		}
	});
}

#[test]
fn a_non_canonical_input_is_refused_by_the_api() {
	registered(|| {
		assert_eq!(
			Presentation::api_verify_proof(1, vec![[0xff; 32]], dev::PROOF_V1.to_vec()),
			Err(VerifyError::NonCanonicalInput)
		);
	});
}

#[test]
fn circuits_are_listed_in_version_order() {
	build_and_execute(|| {
		assert!(Presentation::api_circuits().is_empty());
		assert_ok!(Presentation::register_circuit(RuntimeOrigin::root(), 1, dev_key()));
		let listed = Presentation::api_circuits();
		assert_eq!(listed.len(), 1);
		assert_eq!(listed[0].version, 1);
		assert_eq!(listed[0].registered_at, 1);
		assert_eq!(listed[0].retired_at, None);
		assert_eq!(listed[0].key_hash, Circuits::<Test>::get(1).expect("registered").key_hash);
	});
}

#[test]
fn another_number_of_inputs_than_the_version_has_is_refused() {
	registered(|| {
		for inputs in [vec![], vec![dev::PUBLIC_INPUT_V1; 2], vec![dev::PUBLIC_INPUT_V1; 22]] {
			assert_eq!(
				Presentation::api_verify_proof(1, inputs, dev::PROOF_V1.to_vec()),
				Err(VerifyError::WrongInputCount)
			);
		}
	});
}
