//! The reads behind the `ConsentApi` runtime API (`pallet_consent_runtime_api`): each
//! `api_<method>` answers the runtime-API method of that name, so the runtime's
//! `impl_runtime_apis!` only forwards.

use alloc::vec::Vec;
use didimo_primitives::did::{DidIdentifier, DidRegistry};
use frame_support::traits::Time;
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_consent_runtime_api::{
	CheckError, CheckResult, DenyReason, GrantInfo, GrantPage, GrantState, MAX_PAGE,
};

use crate::{
	Action, BalanceOf, Config, GrantId, GrantKey, GrantStatus, GranteeGrants, Grants, Histories,
	HistoryEntry, Moment, PairGrants, Pallet, Scope, SubjectGrants,
};

/// A grant as the runtime API shows it, with this runtime's types.
pub type GrantInfoOf<T> =
	GrantInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// A page of grants as the runtime API shows it, with this runtime's types.
pub type GrantPageOf<T> =
	GrantPage<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

impl<T: Config> Pallet<T> {
	/// `ConsentApi::check`: whether `grantee` may perform `action` on `subject`'s data of
	/// `category` for `purpose` at `at` (chain time; `None` for now).
	///
	/// A moment before now is refused ([`CheckError::TimeInPast`]): the answer would come
	/// from the grants and DIDs as they are now, not as they were then. Without grants from
	/// `subject` to `grantee` the answer is `NoGrant`. Otherwise, if the subject's DID is no
	/// longer active it is `SubjectDeactivated`, and if the grantee's is not,
	/// `GranteeDeactivated` (a DID that gave or was given a grant existed, so it was
	/// deactivated). Otherwise the most informative grant answers: one that allows it (the
	/// one valid longest), else one covering the request that starts later (the earliest),
	/// else one covering it that ended (the latest end), else one that does not cover it
	/// (`ScopeMismatch`). Ended grants count as ended at any `at` (fail closed).
	pub fn api_check(
		subject: &DidIdentifier,
		grantee: &DidIdentifier,
		category: &[u8],
		action: Action,
		purpose: &[u8],
		at: Option<Moment>,
	) -> Result<CheckResult, CheckError> {
		let now = T::Time::now();
		let at = at.unwrap_or(now);
		if at < now {
			return Err(CheckError::TimeInPast { now });
		}
		let denied_without_grant =
			|reason| CheckResult::Denied { reason, grant_id: None, valid_until: None };
		let pair = PairGrants::<T>::get(subject, grantee);
		if pair.is_empty() {
			return Ok(denied_without_grant(DenyReason::NoGrant));
		}
		if !T::Dids::is_active(subject) {
			return Ok(denied_without_grant(DenyReason::SubjectDeactivated));
		}
		if !T::Dids::is_active(grantee) {
			return Ok(denied_without_grant(DenyReason::GranteeDeactivated));
		}
		let mut best: Option<((u8, Moment, GrantId), CheckResult)> = None;
		for id in pair {
			let Some(grant) = Grants::<T>::get(id) else { continue };
			let valid_until = grant.valid_until;
			let denied = |reason| CheckResult::Denied {
				reason,
				grant_id: Some(id),
				valid_until: Some(valid_until),
			};
			let (rank, key, result) = if grant.covering_scope(category, action, purpose).is_none() {
				let open = grant.status == GrantStatus::Open;
				(u8::from(open), valid_until, denied(DenyReason::ScopeMismatch))
			} else {
				let end = grant.end(at).unwrap_or(valid_until);
				match grant.state(at) {
					GrantState::Active => {
						(5, valid_until, CheckResult::Allowed { grant_id: id, valid_until })
					},
					GrantState::NotYetValid => (
						4,
						Moment::MAX.saturating_sub(grant.valid_from),
						denied(DenyReason::NotYetValid),
					),
					GrantState::Expired => (3, end, denied(DenyReason::Expired)),
					GrantState::Revoked => (3, end, denied(DenyReason::Revoked)),
					GrantState::Declined => (3, end, denied(DenyReason::Declined)),
					// `Grant::state` never gives these (the DIDs were checked above).
					GrantState::SubjectDeactivated => {
						(3, end, denied(DenyReason::SubjectDeactivated))
					},
					GrantState::GranteeDeactivated => {
						(3, end, denied(DenyReason::GranteeDeactivated))
					},
				}
			};
			if best.as_ref().is_none_or(|(score, _)| (rank, key, id) > *score) {
				best = Some(((rank, key, id), result));
			}
		}
		Ok(best.map_or(denied_without_grant(DenyReason::NoGrant), |(_, result)| result))
	}

	/// `ConsentApi::grant`: a grant as the runtime API shows it, with its state now (its
	/// DIDs considered: [`Pallet::grant_state`]).
	pub fn api_grant(grant_id: GrantId) -> Option<GrantInfoOf<T>> {
		let grant = Grants::<T>::get(grant_id)?;
		let now = T::Time::now();
		Some(GrantInfo {
			id: grant_id,
			state: Self::grant_state(&grant, now),
			subject: grant.subject,
			grantee: grant.grantee,
			scopes: grant.scopes.iter().map(Scope::info).collect(),
			valid_from: grant.valid_from,
			valid_until: grant.valid_until,
			receipt: grant.receipt,
			jurisdiction: grant.jurisdiction.into_inner(),
			policy: grant.policy.into_inner(),
			depositor: grant.depositor,
			deposit: grant.deposit,
			status: grant.status,
			accesses: grant.accesses,
			created: grant.created,
			updated: grant.updated,
			now,
			block: frame_system::Pallet::<T>::block_number(),
		})
	}

	/// `ConsentApi::history`: a grant's audit trail, oldest first.
	pub fn api_history(grant_id: GrantId) -> Option<Vec<HistoryEntry<BlockNumberFor<T>>>> {
		// Read, not `contains_key`, so a light client's call proof holds the value (see
		// `pallet_did`'s `is_active`).
		Grants::<T>::get(grant_id).map(|_| Histories::<T>::get(grant_id).into_inner())
	}

	/// `ConsentApi::grants_by_subject`: the grants `subject` gave with ids after `after`
	/// (from the first if `None`), in id order, at most `limit` clamped to `1..=MAX_PAGE`.
	/// Reads only the page's index entries and one more (to know whether a next page
	/// exists), never the entries before the cursor.
	pub fn api_grants_by_subject(
		subject: &DidIdentifier,
		after: Option<GrantId>,
		limit: u32,
	) -> GrantPageOf<T> {
		let keys = match after {
			None => SubjectGrants::<T>::iter_key_prefix(subject),
			Some(after) => SubjectGrants::<T>::iter_key_prefix_from(
				subject,
				SubjectGrants::<T>::hashed_key_for(subject, GrantKey::from(after)),
			),
		};
		Self::page(keys, limit)
	}

	/// `ConsentApi::grants_to_grantee`: the grants given to `grantee` with ids after
	/// `after`, as [`Pallet::api_grants_by_subject`].
	pub fn api_grants_to_grantee(
		grantee: &DidIdentifier,
		after: Option<GrantId>,
		limit: u32,
	) -> GrantPageOf<T> {
		let keys = match after {
			None => GranteeGrants::<T>::iter_key_prefix(grantee),
			Some(after) => GranteeGrants::<T>::iter_key_prefix_from(
				grantee,
				GranteeGrants::<T>::hashed_key_for(grantee, GrantKey::from(after)),
			),
		};
		Self::page(keys, limit)
	}

	/// Up to `limit` (clamped to `1..=MAX_PAGE`) grants of an index iterator in key order
	/// (id order), and the cursor after them if the index has more.
	fn page(mut keys: impl Iterator<Item = GrantKey>, limit: u32) -> GrantPageOf<T> {
		let limit = limit.clamp(1, MAX_PAGE) as usize;
		let ids: Vec<GrantId> = keys.by_ref().take(limit).map(GrantKey::id).collect();
		let next = if keys.next().is_some() { ids.last().copied() } else { None };
		GrantPage { grants: ids.into_iter().filter_map(Self::api_grant).collect(), next }
	}
}
