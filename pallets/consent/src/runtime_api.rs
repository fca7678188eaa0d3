//! The reads behind the `ConsentApi` runtime API (`pallet_consent_runtime_api`): each
//! `api_<method>` answers the runtime-API method of that name, so the runtime's
//! `impl_runtime_apis!` only forwards.

use alloc::vec::Vec;
use didimo_primitives::did::DidIdentifier;
use frame_support::traits::Time;
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_consent_runtime_api::{CheckResult, DenyReason, GrantInfo, GrantState, MAX_PAGE};

use crate::{
	Action, BalanceOf, Config, GrantId, GrantStatus, GranteeGrants, Grants, Histories,
	HistoryEntry, Moment, PairGrants, Pallet, Scope, SubjectGrants,
};

/// A grant as the runtime API shows it, with this runtime's types.
pub type GrantInfoOf<T> =
	GrantInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

impl<T: Config> Pallet<T> {
	/// `ConsentApi::check`: whether `grantee` may perform `action` on `subject`'s data of
	/// `category` for `purpose` at `at` (chain time; `None` for now). Among the pair's grants the most
	/// informative answers: one that allows it (the one valid longest), else one covering
	/// the request that starts later (the earliest), else one covering it that ended (the
	/// latest end), else one that does not cover it (`ScopeMismatch`). Ended grants count
	/// as ended at any `at` (fail closed).
	pub fn api_check(
		subject: &DidIdentifier,
		grantee: &DidIdentifier,
		category: &[u8],
		action: Action,
		purpose: &[u8],
		at: Option<Moment>,
	) -> CheckResult {
		let at = at.unwrap_or_else(T::Time::now);
		let mut best: Option<((u8, Moment, GrantId), CheckResult)> = None;
		for id in PairGrants::<T>::get(subject, grantee) {
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
				}
			};
			if best.as_ref().is_none_or(|(score, _)| (rank, key, id) > *score) {
				best = Some(((rank, key, id), result));
			}
		}
		best.map_or(
			CheckResult::Denied { reason: DenyReason::NoGrant, grant_id: None, valid_until: None },
			|(_, result)| result,
		)
	}

	/// `ConsentApi::grant`: a grant as the runtime API shows it, with its state now.
	pub fn api_grant(grant_id: GrantId) -> Option<GrantInfoOf<T>> {
		let grant = Grants::<T>::get(grant_id)?;
		let now = T::Time::now();
		Some(GrantInfo {
			id: grant_id,
			state: grant.state(now),
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
		Grants::<T>::contains_key(grant_id).then(|| Histories::<T>::get(grant_id).into_inner())
	}

	/// `ConsentApi::grants_by_subject`: the grants `subject` gave, ids from `start` on, at
	/// most `min(limit, MAX_PAGE)`.
	pub fn api_grants_by_subject(
		subject: &DidIdentifier,
		start: GrantId,
		limit: u32,
	) -> Vec<GrantInfoOf<T>> {
		Self::page(SubjectGrants::<T>::iter_key_prefix(subject), start, limit)
	}

	/// `ConsentApi::grants_to_grantee`: the grants given to `grantee`, ids from `start` on,
	/// at most `min(limit, MAX_PAGE)`.
	pub fn api_grants_to_grantee(
		grantee: &DidIdentifier,
		start: GrantId,
		limit: u32,
	) -> Vec<GrantInfoOf<T>> {
		Self::page(GranteeGrants::<T>::iter_key_prefix(grantee), start, limit)
	}

	fn page(ids: impl Iterator<Item = GrantId>, start: GrantId, limit: u32) -> Vec<GrantInfoOf<T>> {
		let mut ids: Vec<GrantId> = ids.filter(|id| *id >= start).collect();
		ids.sort_unstable();
		ids.truncate(limit.min(MAX_PAGE) as usize);
		ids.into_iter().filter_map(Self::api_grant).collect()
	}
}
