//! The grant lifecycle the calls share: giving a grant, checking what its state allows,
//! recording history entries (with the overflow rule of `docs/consent.md`, "Audit trail"),
//! ending, cleaning up and purging grants, and the deposits. Every purge releases the grant's
//! deposit to the account that paid it.

use didimo_primitives::did::{DidIdentifier, DidRegistry};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision, Time},
	BoundedVec,
};
use sp_runtime::traits::Saturating;

use crate::{
	validate_scopes, BalanceOf, Config, Error, Event, Grant, GrantId, GrantKey, GrantState,
	GrantStatus, GranteeGrants, Grants, Histories, History, HistoryEntry, HoldReason, Lifecycle,
	Moment, NextGrantId, OpenGrants, PairGrants, Pallet, ReceiptHash, Scopes, SubjectGrants,
};

impl<T: Config> Pallet<T> {
	/// The deposit a grant of `scopes` scopes requires.
	pub fn deposit_for(scopes: u32) -> BalanceOf<T> {
		T::GrantDeposit::get().saturating_add(T::ScopeDeposit::get().saturating_mul(scopes.into()))
	}

	/// `grant`'s work for `subject`, paid by `submitter`; returns the new grant's id.
	pub(crate) fn do_grant(
		subject: DidIdentifier,
		submitter: T::AccountId,
		grantee: DidIdentifier,
		scopes: Scopes<T>,
		(valid_from, valid_until): (Moment, Moment),
		receipt: ReceiptHash,
		jurisdiction: BoundedVec<u8, T::MaxJurisdictionLength>,
		policy: BoundedVec<u8, T::MaxPolicyLength>,
	) -> Result<GrantId, DispatchError> {
		ensure!(grantee != subject, Error::<T>::GranteeIsSubject);
		ensure!(T::Dids::is_active(&grantee), Error::<T>::GranteeNotActive);
		validate_scopes::<T>(&scopes)?;
		ensure!(valid_from < valid_until, Error::<T>::InvalidPeriod);
		let now = T::Time::now();
		ensure!(valid_until > now, Error::<T>::EndsInPast);
		ensure!(Self::within_max_duration(valid_until, now), Error::<T>::EndsTooLate);
		let id = NextGrantId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::GrantIdsExhausted)?;
		let mut pair = PairGrants::<T>::get(&subject, &grantee);
		if pair.is_full() {
			let oldest_ended = pair
				.iter()
				.filter_map(|id| {
					let grant = Grants::<T>::get(id)?;
					grant.end(now).map(|end| (end, *id, grant))
				})
				.min_by_key(|(end, id, _)| (*end, *id));
			let (_, evicted, grant) = oldest_ended.ok_or(Error::<T>::TooManyGrants)?;
			Self::delete_grant(evicted, &grant);
			pair.retain(|id| *id != evicted);
		}
		let deposit = Self::deposit_for(scopes.len() as u32);
		T::Currency::hold(&HoldReason::GrantDeposit.into(), &submitter, deposit)
			.map_err(|_| Error::<T>::InsufficientDeposit)?;
		// Cannot fail: the pair has room (checked or made above).
		pair.try_push(id).map_err(|_| Error::<T>::TooManyGrants)?;
		let block = frame_system::Pallet::<T>::block_number();
		Grants::<T>::insert(
			id,
			Grant {
				subject: subject.clone(),
				grantee: grantee.clone(),
				scopes,
				valid_from,
				valid_until,
				receipt,
				jurisdiction,
				policy,
				depositor: submitter,
				deposit,
				status: GrantStatus::Open,
				accesses: 0,
				created: block,
				updated: block,
			},
		);
		Histories::<T>::insert(
			id,
			History::<T>::truncate_from(alloc::vec![HistoryEntry {
				event: Lifecycle::Given,
				block,
				at: now,
			}]),
		);
		PairGrants::<T>::insert(&subject, &grantee, pair);
		SubjectGrants::<T>::insert(&subject, GrantKey::from(id), ());
		GranteeGrants::<T>::insert(&grantee, GrantKey::from(id), ());
		OpenGrants::<T>::insert(&subject, id, ());
		NextGrantId::<T>::put(next);
		Self::deposit_event(Event::GrantGiven {
			grant: id,
			subject,
			grantee,
			valid_from,
			valid_until,
			deposit,
		});
		Ok(id)
	}

	/// Whether `valid_until` is at most `MaxGrantDuration` after `now`.
	pub(crate) fn within_max_duration(valid_until: Moment, now: Moment) -> bool {
		valid_until <= now.saturating_add(T::MaxGrantDuration::get())
	}

	/// Fails with the error naming the grant's state unless it allows a change or (with
	/// `active`) an access at `now`. The state is the grant's own ([`Grant::state`]); callers
	/// that need its DIDs active check them themselves.
	pub(crate) fn ensure_state_allows(
		grant: &Grant<T>,
		now: Moment,
		active: bool,
	) -> DispatchResult {
		match grant.state(now) {
			GrantState::Active => Ok(()),
			GrantState::NotYetValid if !active => Ok(()),
			GrantState::NotYetValid => Err(Error::<T>::NotYetValid.into()),
			GrantState::Expired => Err(Error::<T>::Expired.into()),
			GrantState::Revoked => Err(Error::<T>::Revoked.into()),
			GrantState::Declined => Err(Error::<T>::Declined.into()),
			// `Grant::state` never gives these; named for completeness.
			GrantState::SubjectDeactivated => Err(Error::<T>::SubjectNotActive.into()),
			GrantState::GranteeDeactivated => Err(Error::<T>::GranteeNotActive.into()),
		}
	}

	/// The grant's state at `now` as the reads show it: [`Grant::state`], except that an
	/// open grant that has not run out is `SubjectDeactivated` or `GranteeDeactivated` once
	/// that DID is no longer active (it allows nothing). Ended grants keep their own state,
	/// which says more.
	pub fn grant_state(grant: &Grant<T>, now: Moment) -> GrantState {
		match grant.state(now) {
			GrantState::Active | GrantState::NotYetValid if !T::Dids::is_active(&grant.subject) => {
				GrantState::SubjectDeactivated
			},
			GrantState::Active | GrantState::NotYetValid if !T::Dids::is_active(&grant.grantee) => {
				GrantState::GranteeDeactivated
			},
			state => state,
		}
	}

	/// A grant that is open and has not run out at `now`.
	pub(crate) fn open_grant(grant_id: GrantId, now: Moment) -> Result<Grant<T>, DispatchError> {
		let grant = Grants::<T>::get(grant_id).ok_or(Error::<T>::GrantNotFound)?;
		Self::ensure_state_allows(&grant, now, false)?;
		Ok(grant)
	}

	/// Appends `event` to the grant's history (see the crate docs on overflow) and bumps
	/// its `updated` block. The caller writes the grant.
	pub(crate) fn record(
		grant_id: GrantId,
		grant: &mut Grant<T>,
		event: Lifecycle,
		now: Moment,
	) -> DispatchResult {
		let block = frame_system::Pallet::<T>::block_number();
		let mut history = Histories::<T>::get(grant_id);
		let max = T::MaxHistory::get() as usize;
		let oldest_access =
			|history: &History<T>| history.iter().position(|entry| !entry.event.is_lifecycle());
		let lifecycle = history.iter().filter(|entry| entry.event.is_lifecycle()).count();
		if event.is_lifecycle() && !event.is_terminal() {
			// Keep one slot for the terminal entry.
			ensure!(lifecycle.saturating_add(1) < max, Error::<T>::TooManyChanges);
		}
		let mut room = !history.is_full();
		if !room {
			if let Some(position) = oldest_access(&history) {
				history.remove(position);
				room = true;
			}
		}
		if room {
			// Cannot fail: there is room.
			let _ = history.try_push(HistoryEntry { event, block, at: now });
		}
		// Otherwise the history is all lifecycle entries and `event` is an access: it is
		// counted in `accesses` only.
		Histories::<T>::insert(grant_id, history);
		grant.updated = block;
		Ok(())
	}

	/// Ends an open grant in a revocation: `Revoked` at `now`, or `Expired` if it has
	/// already run out. Writes it and emits the event.
	pub(crate) fn end_grant(grant_id: GrantId, mut grant: Grant<T>, now: Moment) {
		let subject = grant.subject.clone();
		let grantee = grant.grantee.clone();
		if now >= grant.valid_until {
			grant.status = GrantStatus::Expired { at: grant.valid_until };
			Self::finish(grant_id, grant, Lifecycle::Expired, now);
			Self::deposit_event(Event::GrantExpired { grant: grant_id, subject, grantee });
		} else {
			grant.status = GrantStatus::Revoked { at: now };
			Self::finish(grant_id, grant, Lifecycle::Revoked, now);
			Self::deposit_event(Event::GrantRevoked { grant: grant_id, subject, grantee });
		}
	}

	/// Records the terminal entry of a grant whose status was just set to an end, takes it
	/// out of the open index and writes it.
	pub(crate) fn finish(grant_id: GrantId, mut grant: Grant<T>, event: Lifecycle, now: Moment) {
		// Cannot fail: terminal entries always have room.
		let _ = Self::record(grant_id, &mut grant, event, now);
		OpenGrants::<T>::remove(&grant.subject, grant_id);
		Grants::<T>::insert(grant_id, grant);
	}

	/// Deletes a grant, its history and index entries, and releases its deposit to the
	/// account that paid it. Every path that deletes a grant comes through here.
	pub(crate) fn delete_grant(grant_id: GrantId, grant: &Grant<T>) {
		let released = T::Currency::release(
			&HoldReason::GrantDeposit.into(),
			&grant.depositor,
			grant.deposit,
			Precision::BestEffort,
		)
		.unwrap_or_default();
		if released != grant.deposit {
			// Never expected: `try_state` checks that every grant's deposit is held.
			log::error!(
				target: "runtime::consent",
				"grant {grant_id}: released {released:?} of a deposit of {:?}",
				grant.deposit,
			);
		}
		Grants::<T>::remove(grant_id);
		Histories::<T>::remove(grant_id);
		SubjectGrants::<T>::remove(&grant.subject, GrantKey::from(grant_id));
		GranteeGrants::<T>::remove(&grant.grantee, GrantKey::from(grant_id));
		OpenGrants::<T>::remove(&grant.subject, grant_id);
		PairGrants::<T>::mutate_exists(&grant.subject, &grant.grantee, |pair| {
			if let Some(ids) = pair {
				ids.retain(|id| *id != grant_id);
				if ids.is_empty() {
					*pair = None;
				}
			}
		});
		Self::deposit_event(Event::GrantPurged {
			grant: grant_id,
			depositor: grant.depositor.clone(),
			deposit_released: released,
		});
	}

	/// Whether `expire` may act on the grant at `now`: it is open and has run out, or it
	/// ended at least `EndedRetention` ago.
	pub fn is_due(grant: &Grant<T>, now: Moment) -> bool {
		match grant.status {
			GrantStatus::Open => now >= grant.valid_until,
			status => status
				.ended_at()
				.is_some_and(|end| now >= end.saturating_add(T::EndedRetention::get())),
		}
	}

	/// `expire`'s work on one due grant: marks it expired if it is open, then purges it if
	/// its retention has passed.
	pub(crate) fn clean_up(grant_id: GrantId, mut grant: Grant<T>, now: Moment) {
		if grant.status == GrantStatus::Open {
			let subject = grant.subject.clone();
			let grantee = grant.grantee.clone();
			grant.status = GrantStatus::Expired { at: grant.valid_until };
			Self::finish(grant_id, grant.clone(), Lifecycle::Expired, now);
			Self::deposit_event(Event::GrantExpired { grant: grant_id, subject, grantee });
		}
		if Self::is_due(&grant, now) {
			Self::delete_grant(grant_id, &grant);
		}
	}

	/// Whether anyone may purge the grant at `now` (`purge`): its subject's or grantee's DID
	/// is no longer active, or it ended at least `EndedRetention` ago (an open grant ends at
	/// `valid_until`). Both DIDs are read whatever the grant's end, so `purge`'s benchmark,
	/// on grants with active DIDs, is its worst case.
	pub fn is_purgeable(grant: &Grant<T>, now: Moment) -> bool {
		let subject_active = T::Dids::is_active(&grant.subject);
		let grantee_active = T::Dids::is_active(&grant.grantee);
		if !subject_active || !grantee_active {
			return true;
		}
		grant.end(now).is_some_and(|end| now >= end.saturating_add(T::EndedRetention::get()))
	}

	/// `purge`'s work on one purgeable grant: an open grant is first ended in an event
	/// (`GrantExpired` if it has run out, otherwise `GrantVoided`), then the grant is purged.
	/// Its status and history are not written first: they are deleted at once.
	pub(crate) fn end_and_purge(grant_id: GrantId, grant: Grant<T>, now: Moment) {
		if grant.status == GrantStatus::Open {
			let (subject, grantee) = (grant.subject.clone(), grant.grantee.clone());
			let event = if now >= grant.valid_until {
				Event::GrantExpired { grant: grant_id, subject, grantee }
			} else {
				Event::GrantVoided { grant: grant_id, subject, grantee }
			};
			Self::deposit_event(event);
		}
		Self::delete_grant(grant_id, &grant);
	}

	/// A grant record, for tests and other pallets.
	pub fn grant_record(grant_id: GrantId) -> Option<Grant<T>> {
		Grants::<T>::get(grant_id)
	}
}
