//! `consent_*`: consent grants, over the `ConsentApi` runtime API.
//!
//! - `consent_check(subject, grantee, category, action, purpose, atTime?, at?)`: whether the
//!   subject's grants let the grantee perform `action` (`read`, `store`, `share`, `derive`) on
//!   data of `category` for `purpose` at chain time `atTime` (milliseconds; default: the
//!   block's time), and if not, why: `noGrant`, `notYetValid`, `expired`, `revoked`,
//!   `declined` or `scopeMismatch`, with the grant concerned and its end.
//! - `consent_grants(did, role, start?, limit?, at?)`: the grants `did` gave (`role` =
//!   `subject`) or was given (`grantee`), ids from `start` on, at most 100 per page, with the
//!   cursor of the next page.
//! - `consent_history(grantId, at?)`: a grant's audit trail, oldest first, or `null`.
//! - `consent_receipt(grantId, at?)`: the grant as a consent record shaped after ISO/IEC TS
//!   27560:2023 and Kantara Consent Receipt 1.1 (the field mapping is in `docs/consent.md`),
//!   or `null`.
//!
//! DIDs are `did:didimo:<address>` strings; a malformed one, an unknown action or role is an
//! invalid-parameters error (`-32602`). Every answer names the block it was read at.

use std::{marker::PhantomData, sync::Arc};

use didimo_primitives::{
	did::{format_did, parse_did, DidIdentifier},
	AccountId, Balance, BlockNumber,
};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use pallet_consent_runtime_api::{
	Action, CheckResult, ConsentApi as ConsentRuntimeApi, DenyReason, GrantId, GrantInfo,
	GrantState, GrantStatus, HistoryEntry, Lifecycle, Moment, MAX_PAGE,
};
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

use crate::{did::xml_datetime, error::Error, hex};

/// The version of the record `consent_receipt` renders.
pub const RECORD_SCHEMA: &str = "didimo-consent-record/1";
/// Kantara Consent Receipt specification version the record's shared fields follow.
pub const KANTARA_VERSION: &str = "KI-CR-v1.1.0";

/// The `consent_*` methods.
#[rpc(client, server)]
pub trait ConsentApi<BlockHash> {
	/// Whether `grantee` may perform `action` on `category` data for `purpose` at `at_time`
	/// (milliseconds; default: the time of block `at`, default the best block).
	#[method(name = "consent_check")]
	#[allow(clippy::too_many_arguments)]
	fn check(
		&self,
		subject: String,
		grantee: String,
		category: String,
		action: String,
		purpose: String,
		at_time: Option<Moment>,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;

	/// The grants `did` gave (`role` = `subject`) or was given (`role` = `grantee`), ids from
	/// `start` (default 0) on, at most `limit` (default and most: 100).
	#[method(name = "consent_grants")]
	fn grants(
		&self,
		did: String,
		role: String,
		start: Option<GrantId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;

	/// A grant's audit trail, oldest first, or `null` for an unknown (or purged) grant.
	#[method(name = "consent_history")]
	fn history(&self, grant_id: GrantId, at: Option<BlockHash>) -> RpcResult<Value>;

	/// A grant as an ISO/IEC TS 27560 / Kantara CR 1.1 shaped consent record, or `null`.
	#[method(name = "consent_receipt")]
	fn receipt(&self, grant_id: GrantId, at: Option<BlockHash>) -> RpcResult<Value>;
}

/// The `consent_*` RPC module.
pub struct Consent<C, Block> {
	client: Arc<C>,
	_marker: PhantomData<Block>,
}

impl<C, Block> Consent<C, Block> {
	/// A module reading through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

/// Bytes the chain stores as text: the text when it is UTF-8, hex otherwise.
fn text(bytes: &[u8]) -> String {
	match core::str::from_utf8(bytes) {
		Ok(s) => s.to_owned(),
		Err(_) => hex(bytes),
	}
}

/// Milliseconds since the Unix epoch as `YYYY-MM-DDThh:mm:ss.sssZ`.
pub fn iso_ms(ms: Moment) -> String {
	let secs = xml_datetime(ms / 1000);
	format!("{}.{:03}Z", secs.trim_end_matches('Z'), ms % 1000)
}

fn parse(did: &str) -> Result<DidIdentifier, Error> {
	parse_did(did).map_err(|e| Error::InvalidParams(format!("{did:?}: {}", e.describe())))
}

/// Parses an action name.
pub fn parse_action(action: &str) -> Result<Action, Error> {
	match action {
		"read" => Ok(Action::Read),
		"store" => Ok(Action::Store),
		"share" => Ok(Action::Share),
		"derive" => Ok(Action::Derive),
		other => Err(Error::InvalidParams(format!(
			"unknown action {other:?}: expected read, store, share or derive"
		))),
	}
}

/// An action's name.
pub fn action_name(action: Action) -> &'static str {
	match action {
		Action::Read => "read",
		Action::Store => "store",
		Action::Share => "share",
		Action::Derive => "derive",
	}
}

/// A denial reason's name.
pub fn reason_name(reason: DenyReason) -> &'static str {
	match reason {
		DenyReason::NoGrant => "noGrant",
		DenyReason::NotYetValid => "notYetValid",
		DenyReason::Expired => "expired",
		DenyReason::Revoked => "revoked",
		DenyReason::Declined => "declined",
		DenyReason::ScopeMismatch => "scopeMismatch",
	}
}

/// A grant state's name.
pub fn state_name(state: GrantState) -> &'static str {
	match state {
		GrantState::Active => "active",
		GrantState::NotYetValid => "notYetValid",
		GrantState::Expired => "expired",
		GrantState::Revoked => "revoked",
		GrantState::Declined => "declined",
	}
}

/// A check's answer as JSON.
pub fn check_json<H: core::fmt::Debug>(
	result: &CheckResult,
	at_time: Option<Moment>,
	hash: H,
) -> Value {
	let mut answer = match result {
		CheckResult::Allowed { grant_id, valid_until } => json!({
			"allowed": true,
			"grantId": grant_id,
			"validUntil": valid_until,
		}),
		CheckResult::Denied { reason, grant_id, valid_until } => json!({
			"allowed": false,
			"reason": reason_name(*reason),
			"grantId": grant_id,
			"validUntil": valid_until,
		}),
	};
	answer["atTime"] = json!(at_time);
	answer["blockHash"] = json!(format!("{hash:?}"));
	answer
}

fn actions_json(actions: pallet_consent_runtime_api::Actions) -> Vec<&'static str> {
	Action::ALL.into_iter().filter(|a| actions.contains(*a)).map(action_name).collect()
}

fn status_json(status: &GrantStatus) -> Value {
	match status {
		GrantStatus::Open => json!({ "status": "open" }),
		GrantStatus::Revoked { at } => json!({ "status": "revoked", "at": at }),
		GrantStatus::Declined { at } => json!({ "status": "declined", "at": at }),
		GrantStatus::Expired { at } => json!({ "status": "expired", "at": at }),
	}
}

/// A grant as JSON.
pub fn grant_json(grant: &GrantInfo<AccountId, Balance, BlockNumber>) -> Value {
	json!({
		"id": grant.id,
		"subject": format_did(&grant.subject),
		"grantee": format_did(&grant.grantee),
		"scopes": grant.scopes.iter().map(|s| json!({
			"category": text(&s.category),
			"actions": actions_json(s.actions),
			"purpose": text(&s.purpose),
		})).collect::<Vec<_>>(),
		"validFrom": grant.valid_from,
		"validUntil": grant.valid_until,
		"receipt": hex(&grant.receipt),
		"jurisdiction": text(&grant.jurisdiction),
		"policy": text(&grant.policy),
		"depositor": grant.depositor.to_string(),
		"deposit": grant.deposit.to_string(),
		"status": status_json(&grant.status),
		"state": state_name(grant.state),
		"accesses": grant.accesses,
		"created": grant.created,
		"updated": grant.updated,
		"now": grant.now,
		"block": grant.block,
	})
}

/// The name of a lifecycle event, and its ISO/IEC TS 27560 event type where it is one.
fn lifecycle_names(event: &Lifecycle) -> (&'static str, Option<&'static str>) {
	match event {
		Lifecycle::Given => ("given", Some("given")),
		Lifecycle::Narrowed => ("narrowed", Some("modified")),
		Lifecycle::Renewed => ("renewed", Some("renewed")),
		Lifecycle::Accessed { .. } => ("accessed", None),
		Lifecycle::Declined => ("declined", Some("refused")),
		Lifecycle::Revoked => ("revoked", Some("withdrawn")),
		Lifecycle::Expired => ("expired", Some("expired")),
	}
}

/// A history entry as JSON.
pub fn history_entry_json(entry: &HistoryEntry<BlockNumber>) -> Value {
	let (name, _) = lifecycle_names(&entry.event);
	let mut value = json!({
		"event": name,
		"block": entry.block,
		"at": entry.at,
		"time": iso_ms(entry.at),
	});
	if let Lifecycle::Accessed { scope, action } = entry.event {
		value["scope"] = json!(scope);
		value["action"] = json!(action_name(action));
	}
	value
}

/// A grant and its history as a consent record after ISO/IEC TS 27560:2023, using Kantara
/// Consent Receipt 1.1 names where the two overlap. `docs/consent.md` maps every field.
pub fn receipt_json<H: core::fmt::Debug>(
	grant: &GrantInfo<AccountId, Balance, BlockNumber>,
	history: &[HistoryEntry<BlockNumber>],
	hash: H,
) -> Value {
	let subject = format_did(&grant.subject);
	let grantee = format_did(&grant.grantee);
	let given_at = history
		.iter()
		.find(|e| matches!(e.event, Lifecycle::Given))
		.map(|e| e.at)
		.unwrap_or(grant.valid_from);
	let purposes: Vec<Value> = grant
		.scopes
		.iter()
		.enumerate()
		.map(|(index, scope)| {
			let actions = actions_json(scope.actions);
			json!({
				"scopeIndex": index,
				"purpose": text(&scope.purpose),
				"piiCategory": [text(&scope.category)],
				"processing": actions,
				"consentType": "EXPLICIT",
				"legalBasis": "dpv:Consent",
				"primaryPurpose": index == 0,
				"thirdPartyDisclosure": scope.actions.contains(Action::Share),
				"thirdPartyName": if scope.actions.contains(Action::Share) { json!(grantee) } else { Value::Null },
				"withdrawn": scope.actions.is_empty(),
				"termination": iso_ms(grant.valid_until),
			})
		})
		.collect();
	let events: Vec<Value> = history
		.iter()
		.filter_map(|entry| {
			let (name, iso) = lifecycle_names(&entry.event);
			let by = match entry.event {
				Lifecycle::Declined => grantee.clone(),
				Lifecycle::Expired => "didimo-chain".to_owned(),
				_ => subject.clone(),
			};
			iso.map(|event_type| {
				json!({
					"eventType": event_type,
					"didimoEvent": name,
					"eventTime": iso_ms(entry.at),
					"eventBy": by,
					"block": entry.block,
				})
			})
		})
		.collect();
	let state = match grant.state {
		GrantState::Active => "active",
		GrantState::NotYetValid => "pending",
		GrantState::Expired => "expired",
		GrantState::Revoked => "withdrawn",
		GrantState::Declined => "refused",
	};
	json!({
		"schemaVersion": RECORD_SCHEMA,
		"version": KANTARA_VERSION,
		"recordId": format!("{subject}#consent-{}", grant.id),
		"consentReceiptID": format!("{subject}#consent-{}", grant.id),
		"jurisdiction": text(&grant.jurisdiction),
		"consentTimestamp": given_at / 1000,
		"collectionMethod": "DID-signed transaction (did:didimo submit_did_call, authentication key)",
		"language": "en",
		"piiPrincipalId": subject,
		"piiControllers": [{
			"piiController": grantee,
			"onBehalf": false,
		}],
		"policyUrl": text(&grant.policy),
		"services": [{
			"service": format!("consent grant {}", grant.id),
			"purposes": purposes,
		}],
		"sensitive": false,
		"spiCat": [],
		"validFrom": iso_ms(grant.valid_from),
		"validUntil": iso_ms(grant.valid_until),
		"consentState": state,
		"events": events,
		"accessCount": grant.accesses,
		"evidence": {
			"receiptHash": hex(&grant.receipt),
		},
		"didimoChainState": {
			"grantId": grant.id,
			"status": status_json(&grant.status),
			"depositor": grant.depositor.to_string(),
			"deposit": grant.deposit.to_string(),
			"created": grant.created,
			"updated": grant.updated,
			"block": grant.block,
			"blockHash": format!("{hash:?}"),
			"readAt": iso_ms(grant.now),
		},
	})
}

impl<C, Block> ConsentApiServer<Block::Hash> for Consent<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: ConsentRuntimeApi<Block, AccountId, Balance, BlockNumber>,
{
	fn check(
		&self,
		subject: String,
		grantee: String,
		category: String,
		action: String,
		purpose: String,
		at_time: Option<Moment>,
		at: Option<Block::Hash>,
	) -> RpcResult<Value> {
		let subject = parse(&subject)?;
		let grantee = parse(&grantee)?;
		let action = parse_action(&action)?;
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let result = self
			.client
			.runtime_api()
			.check(
				hash,
				subject,
				grantee,
				category.into_bytes(),
				action,
				purpose.into_bytes(),
				at_time,
			)
			.map_err(|e| Error::RuntimeApi(e.to_string()))?;
		Ok(check_json(&result, at_time, hash))
	}

	fn grants(
		&self,
		did: String,
		role: String,
		start: Option<GrantId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Value> {
		let did = parse(&did)?;
		let limit = limit.unwrap_or(MAX_PAGE).min(MAX_PAGE);
		if limit == 0 {
			return Err(Error::InvalidParams("limit must be at least 1".into()).into());
		}
		let start = start.unwrap_or(0);
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let api = self.client.runtime_api();
		let grants = match role.as_str() {
			"subject" => api.grants_by_subject(hash, did, start, limit),
			"grantee" => api.grants_to_grantee(hash, did, start, limit),
			other => {
				return Err(Error::InvalidParams(format!(
					"unknown role {other:?}: expected subject or grantee"
				))
				.into())
			},
		}
		.map_err(|e| Error::RuntimeApi(e.to_string()))?;
		let next = (grants.len() == limit as usize)
			.then(|| grants.last().map(|g| g.id.saturating_add(1)))
			.flatten();
		Ok(json!({
			"grants": grants.iter().map(grant_json).collect::<Vec<_>>(),
			"next": next,
			"blockHash": format!("{hash:?}"),
		}))
	}

	fn history(&self, grant_id: GrantId, at: Option<Block::Hash>) -> RpcResult<Value> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let history = self
			.client
			.runtime_api()
			.history(hash, grant_id)
			.map_err(|e| Error::RuntimeApi(e.to_string()))?;
		let Some(history) = history else { return Ok(Value::Null) };
		Ok(json!({
			"grantId": grant_id,
			"entries": history.iter().map(history_entry_json).collect::<Vec<_>>(),
			"blockHash": format!("{hash:?}"),
		}))
	}

	fn receipt(&self, grant_id: GrantId, at: Option<Block::Hash>) -> RpcResult<Value> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let api = self.client.runtime_api();
		let grant = api.grant(hash, grant_id).map_err(|e| Error::RuntimeApi(e.to_string()))?;
		let Some(grant) = grant else { return Ok(Value::Null) };
		let history = api
			.history(hash, grant_id)
			.map_err(|e| Error::RuntimeApi(e.to_string()))?
			.unwrap_or_default();
		Ok(receipt_json(&grant, &history, hash))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_consent_runtime_api::{Actions, ScopeInfo};
	use sp_runtime::AccountId32;

	fn grant(state: GrantState, status: GrantStatus) -> GrantInfo<AccountId, Balance, BlockNumber> {
		GrantInfo {
			id: 7,
			subject: AccountId32::new([1; 32]),
			grantee: AccountId32::new([2; 32]),
			scopes: vec![
				ScopeInfo {
					category: b"schema:kyc".to_vec(),
					actions: Actions(Actions::READ | Actions::SHARE),
					purpose: b"dpv:IdentityVerification".to_vec(),
				},
				ScopeInfo {
					category: vec![0xff, 0x00],
					actions: Actions::NONE,
					purpose: b"dpv:Marketing".to_vec(),
				},
			],
			valid_from: 1_764_115_200_000,
			valid_until: 1_764_201_600_500,
			receipt: [9; 32],
			jurisdiction: b"EU".to_vec(),
			policy: b"https://example.org/privacy".to_vec(),
			depositor: AccountId32::new([3; 32]),
			deposit: 600,
			status,
			state,
			accesses: 4,
			created: 10,
			updated: 12,
			now: 1_764_115_300_000,
			block: 20,
		}
	}

	#[test]
	fn iso_ms_keeps_milliseconds() {
		assert_eq!(iso_ms(0), "1970-01-01T00:00:00.000Z");
		assert_eq!(iso_ms(1_764_201_600_500), "2025-11-27T00:00:00.500Z");
	}

	#[test]
	fn actions_parse_and_name_round_trip() {
		for action in Action::ALL {
			assert_eq!(parse_action(action_name(action)), Ok(action));
		}
		let error = parse_action("write").expect_err("not an action");
		assert_eq!(error.code(), -32_602);
		assert!(error.to_string().contains("write"));
	}

	#[test]
	fn malformed_dids_are_invalid_params() {
		for bad in ["", "did:web:example.org", "did:didimo:", "did:didimo:0xabc"] {
			let error = parse(bad).expect_err("malformed");
			assert_eq!(error.code(), -32_602, "{bad}");
		}
	}

	#[test]
	fn check_answers_name_reason_grant_and_end() {
		let allowed =
			check_json(&CheckResult::Allowed { grant_id: 3, valid_until: 99 }, None, "0x1");
		assert_eq!(allowed["allowed"], json!(true));
		assert_eq!(allowed["grantId"], json!(3));
		assert_eq!(allowed["validUntil"], json!(99));
		let denied = check_json(
			&CheckResult::Denied {
				reason: DenyReason::Revoked,
				grant_id: Some(3),
				valid_until: Some(99),
			},
			Some(50),
			"0x1",
		);
		assert_eq!(denied["allowed"], json!(false));
		assert_eq!(denied["reason"], json!("revoked"));
		assert_eq!(denied["atTime"], json!(50));
		let none = check_json(
			&CheckResult::Denied { reason: DenyReason::NoGrant, grant_id: None, valid_until: None },
			None,
			"0x1",
		);
		assert_eq!(none["reason"], json!("noGrant"));
		assert_eq!(none["grantId"], Value::Null);
	}

	#[test]
	fn grants_render_text_or_hex() {
		let value = grant_json(&grant(GrantState::Active, GrantStatus::Open));
		assert_eq!(value["subject"], json!(format_did(&AccountId32::new([1; 32]))));
		assert_eq!(value["scopes"][0]["actions"], json!(["read", "share"]));
		assert_eq!(value["scopes"][1]["category"], json!("0xff00"));
		assert_eq!(value["scopes"][1]["actions"], json!([]));
		assert_eq!(value["state"], json!("active"));
		assert_eq!(value["status"], json!({ "status": "open" }));
		assert_eq!(value["deposit"], json!("600"));
	}

	#[test]
	fn receipt_maps_grant_and_lifecycle() {
		let history = vec![
			HistoryEntry { event: Lifecycle::Given, block: 10, at: 1_764_115_200_000 },
			HistoryEntry {
				event: Lifecycle::Accessed { scope: 0, action: Action::Read },
				block: 11,
				at: 1_764_115_201_000,
			},
			HistoryEntry { event: Lifecycle::Narrowed, block: 12, at: 1_764_115_202_000 },
			HistoryEntry { event: Lifecycle::Revoked, block: 13, at: 1_764_115_203_000 },
		];
		let record = receipt_json(
			&grant(GrantState::Revoked, GrantStatus::Revoked { at: 1_764_115_203_000 }),
			&history,
			"0xabc",
		);
		let subject = format_did(&AccountId32::new([1; 32]));
		let grantee = format_did(&AccountId32::new([2; 32]));
		assert_eq!(record["version"], json!(KANTARA_VERSION));
		assert_eq!(record["piiPrincipalId"], json!(subject));
		assert_eq!(record["piiControllers"][0]["piiController"], json!(grantee));
		assert_eq!(record["recordId"], json!(format!("{subject}#consent-7")));
		assert_eq!(record["consentTimestamp"], json!(1_764_115_200));
		assert_eq!(record["jurisdiction"], json!("EU"));
		assert_eq!(record["policyUrl"], json!("https://example.org/privacy"));
		let purposes = &record["services"][0]["purposes"];
		assert_eq!(purposes[0]["purpose"], json!("dpv:IdentityVerification"));
		assert_eq!(purposes[0]["piiCategory"], json!(["schema:kyc"]));
		assert_eq!(purposes[0]["thirdPartyDisclosure"], json!(true));
		assert_eq!(purposes[0]["thirdPartyName"], json!(grantee));
		assert_eq!(purposes[1]["withdrawn"], json!(true));
		assert_eq!(purposes[1]["thirdPartyDisclosure"], json!(false));
		assert_eq!(record["consentState"], json!("withdrawn"));
		// Accesses are processing, not consent events: counted, not listed.
		let events: Vec<&str> = record["events"]
			.as_array()
			.expect("events")
			.iter()
			.map(|e| e["eventType"].as_str().expect("an event type"))
			.collect();
		assert_eq!(events, ["given", "modified", "withdrawn"]);
		assert_eq!(record["events"][2]["eventTime"], json!("2025-11-26T00:00:03.000Z"));
		assert_eq!(record["accessCount"], json!(4));
		assert_eq!(record["evidence"]["receiptHash"], json!(format!("0x{}", "09".repeat(32))));
		assert_eq!(record["didimoChainState"]["blockHash"], json!("\"0xabc\""));
	}
}
