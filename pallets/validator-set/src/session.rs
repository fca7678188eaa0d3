//! How this pallet drives `pallet_session`: the validators of each planned session
//! (`SessionManager`) and when sessions end (`ShouldEndSession`, with its estimate).

use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::Weight,
	traits::{EstimateNextSessionRotation, Get},
};
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_session::{SessionManager, ShouldEndSession};
use sp_runtime::{traits::One, Permill, Saturating};
use sp_staking::SessionIndex;

use crate::{Changed, Config, Event, Pallet, SessionLength, SessionStart, Validators};

impl<T: Config> Pallet<T> {
	/// The session length in force: never below one block, whatever is stored.
	fn session_length() -> BlockNumberFor<T> {
		SessionLength::<T>::get().max(One::one())
	}
}

impl<T: Config> SessionManager<T::AccountId> for Pallet<T> {
	/// The validators of session `index`, if the set changed since the last session was
	/// planned; otherwise `None`, and `pallet_session` keeps the set it has.
	fn new_session(index: SessionIndex) -> Option<Vec<T::AccountId>> {
		if !Changed::<T>::take() {
			return None;
		}
		let validators = Validators::<T>::get().into_inner();
		Self::deposit_event(Event::NewSetPlanned { index, validators: validators.len() as u32 });
		Some(validators)
	}

	/// The genesis validators, for sessions 0 and 1 (`None` for an empty genesis, so
	/// `pallet_session` uses its own keys).
	fn new_session_genesis(_: SessionIndex) -> Option<Vec<T::AccountId>> {
		let validators = Validators::<T>::get().into_inner();
		(!validators.is_empty()).then_some(validators)
	}

	fn end_session(_: SessionIndex) {}

	/// Notes the block the session starts in (0 for the genesis session).
	fn start_session(_: SessionIndex) {
		SessionStart::<T>::put(frame_system::Pallet::<T>::block_number());
	}
}

impl<T: Config> ShouldEndSession<BlockNumberFor<T>> for Pallet<T> {
	/// Whether `now` is [`SessionLength`] or more blocks after the current session's start.
	fn should_end_session(now: BlockNumberFor<T>) -> bool {
		now.saturating_sub(SessionStart::<T>::get()) >= Self::session_length()
	}
}

impl<T: Config> EstimateNextSessionRotation<BlockNumberFor<T>> for Pallet<T> {
	fn average_session_length() -> BlockNumberFor<T> {
		Self::session_length()
	}

	fn estimate_current_session_progress(now: BlockNumberFor<T>) -> (Option<Permill>, Weight) {
		let elapsed = now.saturating_sub(SessionStart::<T>::get());
		let progress = Permill::from_rational(elapsed, Self::session_length());
		(Some(progress), T::DbWeight::get().reads(2))
	}

	fn estimate_next_session_rotation(
		now: BlockNumberFor<T>,
	) -> (Option<BlockNumberFor<T>>, Weight) {
		let next = SessionStart::<T>::get().saturating_add(Self::session_length()).max(now);
		(Some(next), T::DbWeight::get().reads(2))
	}
}
