use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, *};

#[test]
fn remove_delegate_withdraws_the_right_to_update() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let (_, delegate) = issuer("delegate");
		let id = create_registry(&did, StatusPurpose::Revocation, 64);
		assert_ok!(Revocation::add_delegate(issuer_origin(&did, ALICE), id, delegate.clone()));
		assert_ok!(Revocation::remove_delegate(issuer_origin(&did, ALICE), id, delegate.clone()));
		System::assert_last_event(
			Event::DelegateRemoved { registry: id, delegate: delegate.clone() }.into(),
		);
		assert_noop!(
			Revocation::revoke(issuer_origin(&delegate, BOB), id, indices(&[1])),
			Error::<Test>::NotAuthorized
		);
	});
}

#[test]
fn remove_delegate_errors() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let (_, delegate) = issuer("delegate");
		let id = create_registry(&did, StatusPurpose::Revocation, 64);
		let remove =
			|who: &sp_runtime::AccountId32, id: RegistryId, d: &sp_runtime::AccountId32| {
				Revocation::remove_delegate(issuer_origin(who, ALICE), id, d.clone())
			};
		assert_noop!(remove(&did, 5, &delegate), Error::<Test>::UnknownRegistry);
		assert_noop!(remove(&did, id, &delegate), Error::<Test>::NotDelegate);
		assert_ok!(Revocation::add_delegate(issuer_origin(&did, ALICE), id, delegate.clone()));
		assert_noop!(remove(&delegate, id, &delegate), Error::<Test>::NotIssuer);
	});
}
