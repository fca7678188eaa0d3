use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, *};

#[test]
fn add_delegate_lets_the_delegate_update() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let (_, delegate) = issuer("delegate");
		let id = create_registry(&did, StatusPurpose::Revocation, 64);
		assert_ok!(Revocation::add_delegate(issuer_origin(&did, ALICE), id, delegate.clone()));
		System::assert_last_event(
			Event::DelegateAdded { registry: id, delegate: delegate.clone() }.into(),
		);
		assert_ok!(Revocation::revoke(issuer_origin(&delegate, BOB), id, indices(&[9])));
		assert_eq!(Revocation::status(id, 9), CredentialStatus::Revoked);
		// The event names who acted.
		System::assert_last_event(
			Event::CredentialsRevoked {
				registry: id,
				by: delegate.clone(),
				indices: indices(&[9]),
				root: Revocation::registry(id).expect("stored").root,
			}
			.into(),
		);
		// A delegate cannot manage delegates or close.
		let (_, other) = issuer("other");
		assert_noop!(
			Revocation::add_delegate(issuer_origin(&delegate, BOB), id, other),
			Error::<Test>::NotIssuer
		);
		assert_noop!(
			Revocation::close(issuer_origin(&delegate, BOB), id),
			Error::<Test>::NotIssuer
		);
	});
}

#[test]
fn add_delegate_bound_at_n_and_n_plus_one() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Revocation, 64);
		for n in 0..MAX_DELEGATES {
			let (_, delegate) = issuer(&format!("delegate-{n}"));
			assert_ok!(Revocation::add_delegate(issuer_origin(&did, ALICE), id, delegate));
		}
		let (_, one_more) = issuer("one-more");
		assert_noop!(
			Revocation::add_delegate(issuer_origin(&did, ALICE), id, one_more),
			Error::<Test>::TooManyDelegates
		);
	});
}

#[test]
fn add_delegate_errors() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let (_, delegate) = issuer("delegate");
		let id = create_registry(&did, StatusPurpose::Revocation, 64);
		let add = |who: &sp_runtime::AccountId32, id: RegistryId, d: &sp_runtime::AccountId32| {
			Revocation::add_delegate(issuer_origin(who, ALICE), id, d.clone())
		};
		assert_noop!(add(&did, 5, &delegate), Error::<Test>::UnknownRegistry);
		assert_noop!(add(&delegate, id, &delegate), Error::<Test>::NotIssuer);
		assert_noop!(add(&did, id, &did), Error::<Test>::IssuerCannotBeDelegate);
		let never_created = TestDid::new("nobody").did();
		assert_noop!(add(&did, id, &never_created), Error::<Test>::DelegateNotActive);
		assert_ok!(add(&did, id, &delegate));
		assert_noop!(add(&did, id, &delegate), Error::<Test>::AlreadyDelegate);
	});
}
