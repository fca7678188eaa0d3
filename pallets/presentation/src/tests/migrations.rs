//! The storage migration from version 1 (fixed-length circuit keys) to 2.

use codec::Encode;
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

use crate::{
	migrations::v2::{MigrateV1ToV2, OldCircuit, OLD_KEY_BYTES},
	mock::*,
	*,
};

/// A version-1 record written as storage version 1 held it: the migration rewrites it with
/// the same key, hash and blocks, bumps the storage version, and verification still works;
/// a second run changes nothing.
#[test]
fn circuit_records_migrate_to_variable_length_keys() {
	build_and_execute(|| {
		let vk = didimo_zk::verifier::VerifyingKey::from_bytes(&dev::VERIFYING_KEY_V1)
			.expect("valid key");
		let prepared = vk.prepare().to_bytes();
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
		assert_eq!(Circuits::<Test>::get(1), before, "runs once");
	});
}
