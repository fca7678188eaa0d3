use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, Error, Event};

#[test]
fn remove_service_works_and_releases_the_deposit() {
	new_test_ext().build_and_execute(|| {
		let did = create_did(&TestKey::sr("Alice"), ALICE);
		assert_ok!(Did::add_service(cap_origin(&did), service("web", "https://example.com")));
		assert_ok!(Did::remove_service(cap_origin(&did), id("web")));
		assert_eq!(held(ALICE), BASE_DEPOSIT + KEY_DEPOSIT);
		let record = Did::did(&did).expect("live");
		assert!(record.services.is_empty());
		assert_eq!(record.version, 3);
		System::assert_last_event(Event::ServiceRemoved { did, service_id: id("web") }.into());
	});
}

#[test]
fn remove_service_fails_for_an_unknown_service() {
	new_test_ext().build_and_execute(|| {
		let did = create_did(&TestKey::sr("Alice"), ALICE);
		assert_noop!(
			Did::remove_service(cap_origin(&did), id("web")),
			Error::<Test>::ServiceNotFound
		);
		// A method's id is not a service.
		assert_noop!(
			Did::remove_service(cap_origin(&did), id("key-1")),
			Error::<Test>::ServiceNotFound
		);
	});
}
