//! The storage migrations: from version 1 (fixed-length circuit keys) to 2, and from 2 to 3
//! (prepared keys with shifted input bases).

use codec::Encode;
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

use crate::{
	migrations::{
		v2::{MigrateV1ToV2, OldCircuit, OLD_KEY_BYTES},
		v3::MigrateV2ToV3,
	},
	mock::*,
	*,
};

/// The earlier encoding of a prepared key (storage versions 1 and 2): the current one without
/// the shifted bases, which come last.
fn unshifted(prepared: &[u8], version: didimo_zk::Version) -> Vec<u8> {
	prepared[..didimo_zk::verifier::unshifted_prepared_key_bytes(version)].to_vec()
}

/// A version-1 record written as storage version 1 held it: the first migration rewrites it
/// with the same key, hash and blocks and bumps the storage version, the second re-prepares
/// its key, and verification works again; a second run changes nothing.
#[test]
fn circuit_records_migrate_to_variable_length_keys() {
	build_and_execute(|| {
		let vk = didimo_zk::verifier::VerifyingKey::from_bytes(&dev::VERIFYING_KEY_V1)
			.expect("valid key");
		let full = vk.prepare().to_bytes();
		let prepared = unshifted(&full, didimo_zk::Version::V1);
		let old = OldCircuit::<u32> {
			key_hash: dev::KEY_HASH_V1,
			key: prepared.clone().try_into().expect("a version-1 prepared key"),
			registered_at: 3,
			retired_at: Some(9),
		};
		assert_eq!(prepared.len(), OLD_KEY_BYTES);
		frame_support::storage::unhashed::put_raw(
			&Circuits::<Test>::hashed_key_for(1),
			&old.encode(),
		);
		StorageVersion::new(1).put::<Presentation>();

		MigrateV1ToV2::<Test>::on_runtime_upgrade();

		assert_eq!(Presentation::on_chain_storage_version(), StorageVersion::new(2));
		let circuit = Circuits::<Test>::get(1).expect("the record decodes");
		assert_eq!(circuit.key.to_vec(), prepared);
		assert_eq!(circuit.key_hash, dev::KEY_HASH_V1);
		assert_eq!((circuit.registered_at, circuit.retired_at), (3, Some(9)));

		MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(Presentation::on_chain_storage_version(), StorageVersion::new(3));
		let circuit = Circuits::<Test>::get(1).expect("the record decodes");
		assert_eq!(circuit.key.to_vec(), full, "the key as registering it now stores it");
		assert_eq!((circuit.registered_at, circuit.retired_at), (3, Some(9)));
		// Retired, but the key is intact: unretired, the development proof verifies.
		Circuits::<Test>::mutate(1, |c| {
			if let Some(c) = c {
				c.retired_at = None;
			}
		});
		let input = didimo_zk::field::from_bytes(&dev::PUBLIC_INPUT_V1).expect("canonical");
		assert_eq!(Presentation::verify_proof(1, &[input], &dev::PROOF_V1), Ok(()));

		let before = Circuits::<Test>::get(1);
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(Circuits::<Test>::get(1), before, "runs once");
	});
}

/// Storage version 2 held version 1 and 2 keys without shifted bases: the migration
/// re-prepares both (the same bytes `register_circuit` stores now), keeps every other field,
/// and a version-2 presentation verifies again; a key with an unexpected length is left as it
/// was, and try_state reports it.
#[test]
fn prepared_keys_gain_shifted_bases() {
	build_and_execute(|| {
		let mut full = Vec::new();
		for (version, key_bytes, zk) in [
			(1, &dev::VERIFYING_KEY_V1[..], didimo_zk::Version::V1),
			(2, &dev::VERIFYING_KEY_V2[..], didimo_zk::Version::V2),
		] {
			let vk = didimo_zk::verifier::VerifyingKey::from_bytes(key_bytes).expect("valid key");
			let prepared = vk.prepare().to_bytes();
			Circuits::<Test>::insert(
				version,
				Circuit {
					key_hash: didimo_zk::field::to_bytes(&vk.hash()),
					key: unshifted(&prepared, zk).try_into().expect("fits"),
					registered_at: 2,
					retired_at: None,
				},
			);
			full.push(prepared);
		}
		StorageVersion::new(2).put::<Presentation>();
		assert!(
			Presentation::verify_proof(1, &[didimo_zk::Fr::from(1u64)], &dev::PROOF_V1).is_err(),
			"an unshifted key does not decode as a current one"
		);

		let weight = MigrateV2ToV3::<Test>::on_runtime_upgrade();

		assert_eq!(Presentation::on_chain_storage_version(), StorageVersion::new(3));
		assert!(
			weight.ref_time() >= 2 * <<Test as crate::Config>::WeightInfo as crate::weights::WeightInfo>::register_circuit()
					.ref_time()
		);
		for (version, prepared) in [(1, &full[0]), (2, &full[1])] {
			let circuit = Circuits::<Test>::get(version).expect("migrated");
			assert_eq!(&circuit.key.to_vec(), prepared);
			assert_eq!((circuit.registered_at, circuit.retired_at), (2, None));
		}
		let input = didimo_zk::field::from_bytes(&dev::PUBLIC_INPUT_V1).expect("canonical");
		assert_eq!(Presentation::verify_proof(1, &[input], &dev::PROOF_V1), Ok(()));
		crate::try_state::do_try_state::<Test>().expect("consistent after the migration");

		// A record in neither encoding is left alone (and try_state names it).
		StorageVersion::new(2).put::<Presentation>();
		Circuits::<Test>::mutate(2, |c| {
			if let Some(c) = c {
				c.key = vec![7u8; 100].try_into().expect("fits");
			}
		});
		MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(Circuits::<Test>::get(2).expect("kept").key.to_vec(), vec![7u8; 100]);
		assert!(crate::try_state::do_try_state::<Test>().is_err());
		Circuits::<Test>::remove(2);
	});
}
