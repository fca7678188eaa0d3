use frame_support::{assert_noop, assert_ok, BoundedVec};

use crate::{mock::*, Error, Event};

#[test]
fn add_service_works_and_takes_the_deposit() {
	new_test_ext().build_and_execute(|| {
		let did = create_did(&TestKey::sr("Alice"), ALICE);
		assert_ok!(Did::add_service(cap_origin(&did), service("web", "https://example.com")));
		assert_eq!(held(ALICE), BASE_DEPOSIT + KEY_DEPOSIT + SERVICE_DEPOSIT);
		System::assert_last_event(Event::ServiceAdded { did, service_id: id("web") }.into());
	});
}

#[test]
fn add_service_rejects_invalid_services() {
	new_test_ext().build_and_execute(|| {
		let did = create_did(&TestKey::sr("Alice"), ALICE);
		let mut no_endpoint = service("web", "https://example.com");
		no_endpoint.endpoints = BoundedVec::new();
		let mut control = service("web", "https://example.com");
		control.types =
			BoundedVec::truncate_from(vec![BoundedVec::truncate_from(b"A\nB".to_vec())]);
		assert_noop!(
			Did::add_service(cap_origin(&did), no_endpoint),
			Error::<Test>::InvalidService
		);
		assert_noop!(Did::add_service(cap_origin(&did), control), Error::<Test>::InvalidService);
		assert_noop!(
			Did::add_service(cap_origin(&did), service("", "https://example.com")),
			Error::<Test>::InvalidId
		);
		assert_noop!(
			Did::add_service(cap_origin(&did), service("key-1", "https://example.com")),
			Error::<Test>::IdTaken
		);
	});
}

#[test]
fn add_service_is_bounded_at_max() {
	new_test_ext().build_and_execute(|| {
		let did = create_did(&TestKey::sr("Alice"), ALICE);
		for i in 0..MAX_SERVICES {
			assert_ok!(Did::add_service(
				cap_origin(&did),
				service(&format!("s{i}"), "https://example.com")
			));
		}
		assert_noop!(
			Did::add_service(cap_origin(&did), service("extra", "https://example.com")),
			Error::<Test>::MaxServicesExceeded
		);
	});
}

#[test]
fn add_service_requires_the_did_origin() {
	new_test_ext().build_and_execute(|| {
		create_did(&TestKey::sr("Alice"), ALICE);
		assert_noop!(
			Did::add_service(RuntimeOrigin::signed(account(ALICE)), service("web", "https://e.x")),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}
