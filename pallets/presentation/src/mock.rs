//! A test runtime: System and the presentation pallet, verifying through the BLS12-381 host
//! calls (run natively here, as the node runs them for the wasm runtime).

use frame_support::{derive_impl, traits::ConstU32, BoundedVec};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;

use crate::{self as pallet_presentation, *};

type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Presentation = pallet_presentation;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

impl pallet_presentation::Config for Test {
	type CircuitOrigin = EnsureRoot<u64>;
	type Engine = didimo_zk::verifier::HostBls12_381;
	type WeightInfo = ();
}

/// Externalities with nothing registered, at block 1 (so events are kept).
pub fn new_test_ext() -> sp_io::TestExternalities {
	with_genesis(Vec::new())
}

/// Externalities whose genesis registers `circuits`.
pub fn with_genesis(circuits: Vec<(CircuitVersion, Vec<u8>)>) -> sp_io::TestExternalities {
	let mut storage =
		frame_system::GenesisConfig::<Test>::default().build_storage().expect("genesis");
	pallet_presentation::GenesisConfig::<Test> { circuits, ..Default::default() }
		.assimilate_storage(&mut storage)
		.expect("presentation genesis");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` in fresh externalities, then checks the invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		crate::try_state::do_try_state::<Test>().expect("presentation invariants hold");
	});
}

/// The development key of version 1 as a call argument.
pub fn dev_key() -> BoundedVec<u8, ConstU32<VERIFYING_KEY_BYTES>> {
	BoundedVec::truncate_from(dev::VERIFYING_KEY_V1.to_vec())
}

/// The last event the pallet deposited.
pub fn last_event() -> Option<Event<Test>> {
	System::events().into_iter().rev().find_map(|record| match record.event {
		RuntimeEvent::Presentation(event) => Some(event),
		_ => None,
	})
}
