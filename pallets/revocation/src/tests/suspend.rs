use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, *};

#[test]
fn suspend_sets_bits_in_a_suspension_registry() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Suspension, 300);
		assert_ok!(Revocation::suspend(issuer_origin(&did, ALICE), id, indices(&[0, 299])));
		assert_eq!(Revocation::status(id, 0), CredentialStatus::Suspended);
		assert_eq!(Revocation::status(id, 299), CredentialStatus::Suspended);
		assert_eq!(Revocation::status(id, 1), CredentialStatus::Active);
		let record = Revocation::registry(id).expect("stored");
		assert_eq!(record.set_count, 2);
		System::assert_last_event(
			Event::CredentialsSuspended {
				registry: id,
				by: did.clone(),
				indices: indices(&[0, 299]),
				root: record.root,
			}
			.into(),
		);
	});
}

#[test]
fn suspend_errors() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let (_, stranger) = issuer("stranger");
		let revocation = create_registry(&did, StatusPurpose::Revocation, 64);
		let suspension = create_registry(&did, StatusPurpose::Suspension, 64);
		let suspend = |who: &sp_runtime::AccountId32, id: RegistryId, list: &[u32]| {
			Revocation::suspend(issuer_origin(who, ALICE), id, indices(list))
		};
		assert_noop!(suspend(&did, revocation, &[0]), Error::<Test>::WrongPurpose);
		assert_noop!(suspend(&did, 99, &[0]), Error::<Test>::UnknownRegistry);
		assert_noop!(suspend(&stranger, suspension, &[0]), Error::<Test>::NotAuthorized);
		assert_noop!(suspend(&did, suspension, &[]), Error::<Test>::EmptyBatch);
		assert_noop!(suspend(&did, suspension, &[64]), Error::<Test>::IndexOutOfRange);
		assert_ok!(suspend(&did, suspension, &[63]));
	});
}
