use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

use crate::{mock::*, *};

#[test]
fn root_retires_a_registered_version() {
	build_and_execute(|| {
		assert_ok!(Presentation::register_circuit(RuntimeOrigin::root(), 1, dev_key()));
		System::set_block_number(5);
		assert_ok!(Presentation::retire_circuit(RuntimeOrigin::root(), 1));
		let circuit = Circuits::<Test>::get(1).expect("kept");
		assert_eq!(circuit.retired_at, Some(5));
		assert_eq!(last_event(), Some(Event::CircuitRetired { version: 1 }));
	});
}

#[test]
fn only_the_circuit_origin_retires() {
	build_and_execute(|| {
		assert_ok!(Presentation::register_circuit(RuntimeOrigin::root(), 1, dev_key()));
		assert_noop!(Presentation::retire_circuit(signed(ALICE), 1), DispatchError::BadOrigin);
	});
}

#[test]
fn an_unknown_version_cannot_be_retired() {
	build_and_execute(|| {
		assert_noop!(
			Presentation::retire_circuit(RuntimeOrigin::root(), 1),
			Error::<Test>::UnknownCircuit
		);
	});
}

#[test]
fn a_version_is_retired_once() {
	build_and_execute(|| {
		assert_ok!(Presentation::register_circuit(RuntimeOrigin::root(), 1, dev_key()));
		assert_ok!(Presentation::retire_circuit(RuntimeOrigin::root(), 1));
		assert_noop!(
			Presentation::retire_circuit(RuntimeOrigin::root(), 1),
			Error::<Test>::CircuitRetired
		);
	});
}
