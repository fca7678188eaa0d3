use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, *};

#[test]
fn reinstate_clears_suspension_and_restores_the_root() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Suspension, 2 * PAGE_BITS);
		let empty = Revocation::registry(id).expect("stored").root;
		next_block();
		assert_ok!(Revocation::suspend(issuer_origin(&did, ALICE), id, indices(&[5, PAGE_BITS])));
		let suspended = Revocation::registry(id).expect("stored").root;
		assert_ne!(suspended, empty);
		next_block();
		assert_ok!(Revocation::reinstate(issuer_origin(&did, ALICE), id, indices(&[5])));
		assert_eq!(Revocation::status(id, 5), CredentialStatus::Active);
		assert_eq!(Revocation::status(id, PAGE_BITS), CredentialStatus::Suspended);
		next_block();
		assert_ok!(Revocation::reinstate(issuer_origin(&did, ALICE), id, indices(&[PAGE_BITS, 7])));
		let record = Revocation::registry(id).expect("stored");
		// Back to all clear: the same root as a fresh registry, and no page or node stored.
		assert_eq!(record.root, empty);
		assert_eq!(record.set_count, 0);
		assert_eq!(Pages::<Test>::iter_prefix(id).count(), 0);
		assert_eq!(Nodes::<Test>::iter_prefix(id).count(), 0);
		// Index 7 was not suspended: only PAGE_BITS changed.
		System::assert_last_event(
			Event::CredentialsReinstated {
				registry: id,
				by: did.clone(),
				indices: indices(&[PAGE_BITS]),
				root: record.root,
			}
			.into(),
		);
	});
}

#[test]
fn reinstate_errors() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let (_, stranger) = issuer("stranger");
		let revocation = create_registry(&did, StatusPurpose::Revocation, 64);
		let suspension = create_registry(&did, StatusPurpose::Suspension, 64);
		let reinstate = |who: &sp_runtime::AccountId32, id: RegistryId, list: &[u32]| {
			Revocation::reinstate(issuer_origin(who, ALICE), id, indices(list))
		};
		assert_noop!(reinstate(&did, revocation, &[0]), Error::<Test>::WrongPurpose);
		assert_noop!(reinstate(&did, 99, &[0]), Error::<Test>::UnknownRegistry);
		assert_noop!(reinstate(&stranger, suspension, &[0]), Error::<Test>::NotAuthorized);
		assert_noop!(reinstate(&did, suspension, &[]), Error::<Test>::EmptyBatch);
		assert_noop!(reinstate(&did, suspension, &[64]), Error::<Test>::IndexOutOfRange);
	});
}
