//! `consent_*`: consent grants, over the `ConsentApi` runtime API.
//!
//! - `consent_check(subject, grantee, category, action, purpose, atTime?, at?)`: whether the
//!   subject's grants let the grantee perform `action` (`read`, `store`, `share`, `derive`) on
//!   data of `category` for `purpose` at chain time `atTime` (milliseconds; default: the
//!   block's time), and if not, why: `noGrant`, `notYetValid`, `expired`, `revoked`,
//!   `declined`, `scopeMismatch`, `subjectDeactivated` or `granteeDeactivated`, with the grant
//!   concerned and its end ([`CheckAnswer`]). An `atTime` before the block's time is an
//!   invalid-parameters error: the check reads the grants as they are at block `at`, which is
//!   not how they were then. To ask about the past, pass as `at` a block from that time.
//! - `consent_grants(did, role, after?, limit?, at?)`: the grants `did` gave (`role` =
//!   `subject`) or was given (`grantee`), in id order, ids after the cursor `after`, at most
//!   100 per page, with the cursor of the next page ([`GrantsPage`]). A page reads only its
//!   own entries.
//! - `consent_history(grantId, at?)`: a grant's audit trail, oldest first, or `null`
//!   ([`HistoryAnswer`]).
//! - `consent_receipt(grantId, at?)`: the grant as a consent record shaped after ISO/IEC TS
//!   27560:2023 and Kantara Consent Receipt 1.1 ([`ConsentRecord`]; the field mapping is in
//!   `docs/consent.md`), or `null`.
//!
//! DIDs are `did:didimo:<address>` strings; a malformed one, an unknown action or role is an
//! invalid-parameters error (`-32602`). Every answer names the block it was read at.

use std::{marker::PhantomData, sync::Arc};

use didimo_primitives::{
	did::{format_did, parse_did, DidIdentifier},
	AccountId, Balance, BlockNumber,
};
use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
};
use pallet_consent_runtime_api::{
	Action, Actions, CheckError, CheckResult, ConsentApi as ConsentRuntimeApi, DenyReason, GrantId,
	GrantInfo, GrantState, GrantStatus, HistoryEntry, Lifecycle, Moment, ReceiptHash, MAX_PAGE,
};
use pallet_did_runtime_api::{DidApi as DidRuntimeApi, DidResolution, ResolvedService};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

use crate::{chain_time::iso_ms, error::Error, limit::Limiter};

/// The version of the record `consent_receipt` renders.
pub const RECORD_SCHEMA: &str = "didimo-consent-record/1";
/// Kantara Consent Receipt specification version the record's shared fields follow.
pub const KANTARA_VERSION: &str = "KI-CR-v1.1.0";

/// A grant as the RPC shows it: the runtime API's, with this chain's types.
pub type Grant = GrantInfo<AccountId, Balance, BlockNumber>;

/// The answer of `consent_check`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckAnswer<Hash> {
	/// Whether the grantee may do it.
	pub allowed: bool,
	/// Why not; left out when allowed.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub reason: Option<DenyReason>,
	/// The grant that allows it, or the most informative grant that does not; `null` for
	/// `noGrant`.
	pub grant_id: Option<GrantId>,
	/// That grant's end of validity (exclusive, ms).
	pub valid_until: Option<Moment>,
	/// The chain time asked about (not before the block's); `null` for the block's own time.
	pub at_time: Option<Moment>,
	/// The block read at.
	pub block_hash: Hash,
}

impl<Hash> CheckAnswer<Hash> {
	/// The answer for the runtime API's `result`.
	pub fn new(result: CheckResult, at_time: Option<Moment>, block_hash: Hash) -> Self {
		let (allowed, reason, grant_id, valid_until) = match result {
			CheckResult::Allowed { grant_id, valid_until } => {
				(true, None, Some(grant_id), Some(valid_until))
			},
			CheckResult::Denied { reason, grant_id, valid_until } => {
				(false, Some(reason), grant_id, valid_until)
			},
		};
		Self { allowed, reason, grant_id, valid_until, at_time, block_hash }
	}

	/// The answer for the runtime API's `check` result, or, for a time before the block's,
	/// the invalid-parameters error that says so (never an answer from the block's state
	/// presented as the past).
	pub fn from_check(
		result: Result<CheckResult, CheckError>,
		at_time: Option<Moment>,
		block_hash: Hash,
	) -> Result<Self, Error> {
		match result {
			Ok(result) => Ok(Self::new(result, at_time, block_hash)),
			Err(CheckError::TimeInPast { now }) => Err(Error::InvalidParams(format!(
				"atTime {} is before the time of the block read ({now}): a check answers from \
				 the grants as they are at that block, not as they were then; omit atTime, or \
				 pass as `at` the hash of a block from that time",
				at_time.map_or_else(|| "(none)".to_owned(), |time| time.to_string()),
			))),
		}
	}
}

/// A page of `consent_grants`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GrantsPage<Hash> {
	/// The grants, by increasing id.
	pub grants: Vec<Grant>,
	/// The cursor of the next page (pass it as `after`); `null` on the last page.
	pub next: Option<GrantId>,
	/// The block read at.
	pub block_hash: Hash,
}

/// The answer of `consent_history`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryAnswer<Hash> {
	/// The grant.
	pub grant_id: GrantId,
	/// Its audit trail, oldest first.
	pub entries: Vec<HistoryItem>,
	/// The block read at.
	pub block_hash: Hash,
}

/// One entry of a grant's audit trail, with its time as a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryItem {
	/// What happened, in which block, at what chain time.
	#[serde(flatten)]
	pub entry: HistoryEntry<BlockNumber>,
	/// That chain time in ISO 8601 (UTC, milliseconds).
	pub time: Option<String>,
}

impl From<HistoryEntry<BlockNumber>> for HistoryItem {
	fn from(entry: HistoryEntry<BlockNumber>) -> Self {
		Self { time: iso_ms(entry.at), entry }
	}
}

/// A grant and its history as a consent record after ISO/IEC TS 27560:2023, using Kantara
/// Consent Receipt 1.1 names where the two overlap. `docs/consent.md` maps every field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentRecord<Hash> {
	/// [`crate::did::DIDIMO_CONTEXT`], which defines every field (DPV terms where DPV has
	/// them).
	#[serde(rename = "@context")]
	pub context: Vec<String>,
	/// `ConsentRecord` (DPV's).
	#[serde(rename = "type")]
	pub kind: String,
	/// [`RECORD_SCHEMA`].
	pub schema_version: String,
	/// [`KANTARA_VERSION`].
	pub version: String,
	/// `<subject DID>#consent-<grant id>`.
	pub record_id: String,
	/// The same, under its Kantara name.
	#[serde(rename = "consentReceiptID")]
	pub consent_receipt_id: String,
	/// The grant's jurisdiction.
	#[serde(with = "didimo_primitives::json::text")]
	pub jurisdiction: Vec<u8>,
	/// When the grant was given, in Unix seconds.
	pub consent_timestamp: Moment,
	/// How consent was collected.
	pub collection_method: String,
	/// The record's language.
	pub language: String,
	/// The subject DID.
	pub pii_principal_id: String,
	/// The grantee, as the PII controller.
	pub pii_controllers: Vec<PiiController>,
	/// The grant's policy URI.
	#[serde(with = "didimo_primitives::json::text")]
	pub policy_url: Vec<u8>,
	/// One service: the grant, with one purpose per scope.
	pub services: Vec<ConsentService>,
	/// Always `false`: categories carry no sensitivity flag on chain.
	pub sensitive: bool,
	/// Always empty, for the same reason.
	pub spi_cat: Vec<String>,
	/// Start of validity (ISO 8601, ms).
	pub valid_from: Option<String>,
	/// End of validity (ISO 8601, ms).
	pub valid_until: Option<String>,
	/// `active`, `pending`, `expired`, `withdrawn`, `refused` or `invalidated`.
	pub consent_state: ConsentState,
	/// The history's lifecycle entries as consent events.
	pub events: Vec<ConsentEvent>,
	/// Accesses recorded (processing, not consent events).
	pub access_count: u64,
	/// The receipt hash the grant carries.
	pub evidence: Evidence,
	/// Where on chain it was read.
	pub didimo_chain_state: RecordChainState<Hash>,
}

/// The grantee, as the PII controller.
///
/// Kantara CR 1.1 also asks for a postal `address`, which is not on chain (a DID document
/// has no place for one, and a public ledger is no place for it), so it is left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PiiController {
	/// The grantee DID.
	pub pii_controller: String,
	/// Always `false`: the grantee acts for itself.
	pub on_behalf: bool,
	/// How to reach the controller: its DID, whose document lists its service endpoints
	/// (the chain holds no names).
	pub contact: String,
	/// The address of the first `mailto:` endpoint among the grantee DID's services.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub email: Option<String>,
	/// The number of the first `tel:` endpoint among the grantee DID's services.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub phone: Option<String>,
	/// The endpoint of the grantee DID's first `LinkedDomains` service.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub pii_controller_url: Option<String>,
}

/// What the grantee DID's document says about reaching it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ControllerContact {
	/// The first `mailto:` endpoint's address.
	pub email: Option<String>,
	/// The first `tel:` endpoint's number.
	pub phone: Option<String>,
	/// The first `LinkedDomains` service's endpoint.
	pub url: Option<String>,
}

impl ControllerContact {
	/// The contact details among a DID's services.
	pub fn from_services(services: &[ResolvedService]) -> Self {
		let text = |bytes: &Vec<u8>| String::from_utf8_lossy(bytes).into_owned();
		let endpoints = || services.iter().flat_map(|s| s.endpoints.iter().map(text));
		let after = |scheme: &str| {
			endpoints().find_map(|e| {
				let (head, rest) = e.split_at_checked(scheme.len())?;
				(head.eq_ignore_ascii_case(scheme) && !rest.is_empty()).then(|| rest.to_owned())
			})
		};
		Self {
			email: after("mailto:"),
			phone: after("tel:"),
			url: services
				.iter()
				.find(|s| s.types.iter().any(|t| t.as_slice() == b"LinkedDomains"))
				.and_then(|s| s.endpoints.first().map(text)),
		}
	}
}

/// The Kantara CR 1.1 purpose categories of a DPV purpose (`dpv:Marketing` or its full IRI),
/// the sharing variant when the scope allows sharing; none for a purpose outside this table
/// (the chain stores the purpose, not its category).
pub fn purpose_categories(purpose: &[u8], shared: bool) -> Vec<String> {
	let purpose = String::from_utf8_lossy(purpose);
	let name = purpose
		.strip_prefix("dpv:")
		.or_else(|| purpose.strip_prefix("https://w3id.org/dpv#"))
		.unwrap_or_default();
	let (own, sharing) = match name {
		"ServiceProvision"
		| "IdentityVerification"
		| "IdentityAuthentication"
		| "AccountManagement"
		| "CustomerManagement"
		| "CustomerCare"
		| "PaymentManagement"
		| "RequestedServiceProvision"
		| "ProvideProductRecommendations" => {
			("Core Function", Some("3rd Party Sharing for Core Function"))
		},
		"DeliveryOfGoods" => ("Delivery", Some("Sharing for Delivery")),
		"CommunicationForCustomerCare" | "CommunicationManagement" => ("Contact Requested", None),
		"ServicePersonalisation"
		| "PersonalisedBenefits"
		| "UserInterfacePersonalisation"
		| "ProvidePersonalisedRecommendations" => ("Personalized Experience", None),
		"Marketing"
		| "DirectMarketing"
		| "Advertising"
		| "PersonalisedAdvertising"
		| "SocialMediaMarketing"
		| "PublicRelations" => ("Marketing", Some("Sharing for Marketing")),
		"LegalCompliance" | "MaintainLegalRecords" => ("Legally Required Data Retention", None),
		"FraudPreventionAndDetection"
		| "EnforceSecurity"
		| "EnforceAccessControl"
		| "CounterMoneyLaundering" => ("Protecting Our Interests", None),
		"ServiceOptimisation" | "ImproveExistingProductsAndServices" | "ResearchAndDevelopment" => {
			("Improve Performance", None)
		},
		_ => return Vec::new(),
	};
	let mut categories = vec![own.to_owned()];
	if let (true, Some(sharing)) = (shared, sharing) {
		categories.push(sharing.to_owned());
	}
	categories
}

/// The grant as a Kantara service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentService {
	/// `consent grant <id>`.
	pub service: String,
	/// One per scope, in the grant's order.
	pub purposes: Vec<ConsentPurpose>,
}

/// One scope as a purpose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentPurpose {
	/// The scope's index in the grant.
	pub scope_index: u32,
	/// The DPV purpose.
	#[serde(with = "didimo_primitives::json::text")]
	pub purpose: Vec<u8>,
	/// Its Kantara CR 1.1 purpose categories ([`purpose_categories`]); empty for a purpose
	/// outside that table.
	pub purpose_category: Vec<String>,
	/// The data category.
	#[serde(with = "didimo_primitives::json::text_list")]
	pub pii_category: Vec<Vec<u8>>,
	/// The actions allowed.
	pub processing: Actions,
	/// `EXPLICIT`.
	pub consent_type: String,
	/// `dpv:Consent`.
	pub legal_basis: String,
	/// Whether this is the grant's first scope.
	pub primary_purpose: bool,
	/// Whether sharing is allowed.
	pub third_party_disclosure: bool,
	/// The grantee, when sharing is allowed.
	pub third_party_name: Option<String>,
	/// Whether narrowing withdrew the scope (no actions left).
	pub withdrawn: bool,
	/// The grant's end (ISO 8601, ms).
	pub termination: Option<String>,
}

/// A consent record's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ConsentState {
	/// Valid now.
	Active,
	/// Valid later.
	Pending,
	/// Ran out.
	Expired,
	/// The subject revoked it.
	Withdrawn,
	/// The grantee declined it.
	Refused,
	/// The subject's or the grantee's DID was deactivated, so it allows nothing (DPV's
	/// `ConsentInvalidated`).
	Invalidated,
}

impl From<GrantState> for ConsentState {
	fn from(state: GrantState) -> Self {
		match state {
			GrantState::Active => Self::Active,
			GrantState::NotYetValid => Self::Pending,
			GrantState::Expired => Self::Expired,
			GrantState::Revoked => Self::Withdrawn,
			GrantState::Declined => Self::Refused,
			GrantState::SubjectDeactivated | GrantState::GranteeDeactivated => Self::Invalidated,
		}
	}
}

/// ISO/IEC TS 27560 event types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EventType {
	/// Consent was given.
	Given,
	/// Its scope or term was changed.
	Modified,
	/// Its term was extended.
	Renewed,
	/// The principal withdrew it.
	Withdrawn,
	/// The controller refused it.
	Refused,
	/// It ran out.
	Expired,
}

impl EventType {
	/// The event type of a history entry; `None` for accesses, which are processing.
	pub fn of(event: &Lifecycle) -> Option<Self> {
		Some(match event {
			Lifecycle::Given => Self::Given,
			Lifecycle::Narrowed => Self::Modified,
			Lifecycle::Renewed => Self::Renewed,
			Lifecycle::Accessed { .. } => return None,
			Lifecycle::Declined => Self::Refused,
			Lifecycle::Revoked => Self::Withdrawn,
			Lifecycle::Expired => Self::Expired,
		})
	}
}

/// A lifecycle entry as a consent event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentEvent {
	/// The ISO/IEC TS 27560 event type.
	pub event_type: EventType,
	/// DIDimo's name of the entry (`given`, `narrowed`, ...).
	pub didimo_event: String,
	/// When (ISO 8601, ms).
	pub event_time: Option<String>,
	/// Who: the subject, the grantee (declining) or `didimo-chain` (expiry).
	pub event_by: String,
	/// The block it happened in.
	pub block: BlockNumber,
}

/// The evidence of consent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
	/// The receipt hash the grant carries.
	#[serde(with = "didimo_primitives::json::hex")]
	pub receipt_hash: ReceiptHash,
}

/// The chain state a consent record was read from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordChainState<Hash> {
	/// The grant.
	pub grant_id: GrantId,
	/// Its stored status.
	pub status: GrantStatus,
	/// Who paid its deposit.
	pub depositor: AccountId,
	/// The deposit (a decimal string).
	#[serde(with = "didimo_primitives::json::string")]
	pub deposit: Balance,
	/// The block it was given in.
	pub created: BlockNumber,
	/// The block of its last change.
	pub updated: BlockNumber,
	/// The block read at.
	pub block: BlockNumber,
	/// Its hash.
	pub block_hash: Hash,
	/// The chain time read at (ISO 8601, ms).
	pub read_at: Option<String>,
}

impl<Hash> ConsentRecord<Hash> {
	/// The record of `grant`, with its `history`, read at block `hash`, the grantee reached
	/// at `contact`.
	pub fn new(
		grant: Grant,
		history: &[HistoryEntry<BlockNumber>],
		hash: Hash,
		contact: ControllerContact,
	) -> Self {
		let subject = format_did(&grant.subject);
		let grantee = format_did(&grant.grantee);
		let given_at = history
			.iter()
			.find(|e| matches!(e.event, Lifecycle::Given))
			.map(|e| e.at)
			.unwrap_or(grant.valid_from);
		let purposes = grant
			.scopes
			.iter()
			.enumerate()
			.map(|(index, scope)| {
				let shared = scope.actions.contains(Action::Share);
				ConsentPurpose {
					scope_index: index as u32,
					purpose: scope.purpose.clone(),
					purpose_category: purpose_categories(&scope.purpose, shared),
					pii_category: vec![scope.category.clone()],
					processing: scope.actions,
					consent_type: "EXPLICIT".into(),
					legal_basis: "dpv:Consent".into(),
					primary_purpose: index == 0,
					third_party_disclosure: shared,
					third_party_name: shared.then(|| grantee.clone()),
					withdrawn: scope.actions.is_empty(),
					termination: iso_ms(grant.valid_until),
				}
			})
			.collect();
		let events = history
			.iter()
			.filter_map(|entry| {
				let event_by = match entry.event {
					Lifecycle::Declined => grantee.clone(),
					Lifecycle::Expired => "didimo-chain".to_owned(),
					_ => subject.clone(),
				};
				Some(ConsentEvent {
					event_type: EventType::of(&entry.event)?,
					didimo_event: entry.event.name().into(),
					event_time: iso_ms(entry.at),
					event_by,
					block: entry.block,
				})
			})
			.collect();
		let record_id = format!("{subject}#consent-{}", grant.id);
		Self {
			context: vec![crate::did::DIDIMO_CONTEXT.into()],
			kind: "ConsentRecord".into(),
			schema_version: RECORD_SCHEMA.into(),
			version: KANTARA_VERSION.into(),
			consent_receipt_id: record_id.clone(),
			record_id,
			jurisdiction: grant.jurisdiction,
			consent_timestamp: given_at / 1000,
			collection_method:
				"DID-signed transaction (did:didimo submit_did_call, authentication key)".into(),
			language: "en".into(),
			pii_principal_id: subject,
			pii_controllers: vec![PiiController {
				contact: grantee.clone(),
				pii_controller: grantee,
				on_behalf: false,
				email: contact.email,
				phone: contact.phone,
				pii_controller_url: contact.url,
			}],
			policy_url: grant.policy,
			services: vec![ConsentService {
				service: format!("consent grant {}", grant.id),
				purposes,
			}],
			sensitive: false,
			spi_cat: Vec::new(),
			valid_from: iso_ms(grant.valid_from),
			valid_until: iso_ms(grant.valid_until),
			consent_state: grant.state.into(),
			events,
			access_count: grant.accesses,
			evidence: Evidence { receipt_hash: grant.receipt },
			didimo_chain_state: RecordChainState {
				grant_id: grant.id,
				status: grant.status,
				depositor: grant.depositor,
				deposit: grant.deposit,
				created: grant.created,
				updated: grant.updated,
				block: grant.block,
				block_hash: hash,
				read_at: iso_ms(grant.now),
			},
		}
	}
}

/// Whose grants `consent_grants` lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
	/// The grants the DID gave.
	Subject,
	/// The grants the DID was given.
	Grantee,
}

/// The `consent_*` methods.
#[rpc(client, server)]
pub trait ConsentApi<BlockHash> {
	/// Whether `grantee` may perform `action` on `category` data for `purpose` at `at_time`
	/// (milliseconds; default: the time of block `at`, default the best block). An `at_time`
	/// before the block's time is an invalid-parameters error.
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
	) -> RpcResult<CheckAnswer<BlockHash>>;

	/// The grants `did` gave (`role` = `subject`) or was given (`role` = `grantee`), in id
	/// order, ids after `after` (default: from the first), at most `limit` (default and most:
	/// 100); `next` is the `after` of the next page.
	#[method(name = "consent_grants")]
	async fn grants(
		&self,
		did: String,
		role: String,
		after: Option<GrantId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<GrantsPage<BlockHash>>;

	/// A grant's audit trail, oldest first, or `null` for an unknown (or purged) grant.
	#[method(name = "consent_history")]
	async fn history(
		&self,
		grant_id: GrantId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<HistoryAnswer<BlockHash>>>;

	/// A grant as an ISO/IEC TS 27560 / Kantara CR 1.1 shaped consent record, or `null`.
	#[method(name = "consent_receipt")]
	async fn receipt(
		&self,
		grant_id: GrantId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<ConsentRecord<BlockHash>>>;
}

/// The `consent_*` RPC module.
pub struct Consent<C, Block> {
	client: Arc<C>,
	heavy: Limiter,
	_marker: PhantomData<Block>,
}

impl<C, Block> Consent<C, Block> {
	/// A module reading through `client`, running its listings, histories and records under
	/// `heavy`.
	pub fn new(client: Arc<C>, heavy: Limiter) -> Self {
		Self { client, heavy, _marker: PhantomData }
	}
}

fn parse(did: &str) -> Result<DidIdentifier, Error> {
	parse_did(did).map_err(|e| Error::InvalidParams(format!("{did:?}: {}", e.describe())))
}

/// Parses an action name.
pub fn parse_action(action: &str) -> Result<Action, Error> {
	Action::from_name(action).ok_or_else(|| {
		Error::InvalidParams(format!(
			"unknown action {action:?}: expected read, store, share or derive"
		))
	})
}

/// Parses a role name.
pub fn parse_role(role: &str) -> Result<Role, Error> {
	match role {
		"subject" => Ok(Role::Subject),
		"grantee" => Ok(Role::Grantee),
		other => Err(Error::InvalidParams(format!(
			"unknown role {other:?}: expected subject or grantee"
		))),
	}
}

#[async_trait]
impl<C, Block> ConsentApiServer<Block::Hash> for Consent<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: ConsentRuntimeApi<Block, AccountId, Balance, BlockNumber>
		+ DidRuntimeApi<Block, AccountId, Balance, BlockNumber>,
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
	) -> RpcResult<CheckAnswer<Block::Hash>> {
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
		CheckAnswer::from_check(result, at_time, hash).map_err(Into::into)
	}

	async fn grants(
		&self,
		did: String,
		role: String,
		after: Option<GrantId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<GrantsPage<Block::Hash>> {
		let did = parse(&did)?;
		let role = parse_role(&role)?;
		let limit = limit.unwrap_or(MAX_PAGE).min(MAX_PAGE);
		if limit == 0 {
			return Err(Error::InvalidParams("limit must be at least 1".into()).into());
		}
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let client = self.client.clone();
		let page = self
			.heavy
			.run(move || {
				let api = client.runtime_api();
				match role {
					Role::Subject => api.grants_by_subject(hash, did, after, limit),
					Role::Grantee => api.grants_to_grantee(hash, did, after, limit),
				}
				.map_err(|e| Error::RuntimeApi(e.to_string()))
			})
			.await??;
		Ok(GrantsPage { grants: page.grants, next: page.next, block_hash: hash })
	}

	async fn history(
		&self,
		grant_id: GrantId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<HistoryAnswer<Block::Hash>>> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let client = self.client.clone();
		let history = self
			.heavy
			.run(move || {
				client
					.runtime_api()
					.history(hash, grant_id)
					.map_err(|e| Error::RuntimeApi(e.to_string()))
			})
			.await??;
		Ok(history.map(|entries| HistoryAnswer {
			grant_id,
			entries: entries.into_iter().map(HistoryItem::from).collect(),
			block_hash: hash,
		}))
	}

	async fn receipt(
		&self,
		grant_id: GrantId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<ConsentRecord<Block::Hash>>> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let client = self.client.clone();
		let found = self
			.heavy
			.run(move || {
				let api = client.runtime_api();
				let grant =
					api.grant(hash, grant_id).map_err(|e| Error::RuntimeApi(e.to_string()))?;
				let Some(grant) = grant else { return Ok(None) };
				let history = api
					.history(hash, grant_id)
					.map_err(|e| Error::RuntimeApi(e.to_string()))?
					.unwrap_or_default();
				// The grantee's contact details, from its DID document (a deactivated
				// grantee has none).
				let contact = match api
					.resolve(hash, grant.grantee.clone())
					.map_err(|e| Error::RuntimeApi(e.to_string()))?
				{
					DidResolution::Active(record) => {
						ControllerContact::from_services(&record.services)
					},
					_ => ControllerContact::default(),
				};
				Ok::<_, Error>(Some((grant, history, contact)))
			})
			.await??;
		Ok(found
			.map(|(grant, history, contact)| ConsentRecord::new(grant, &history, hash, contact)))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_consent_runtime_api::ScopeInfo;
	use serde_json::{json, Value};
	use sp_core::H256;
	use sp_runtime::AccountId32;

	fn grant(state: GrantState, status: GrantStatus) -> Grant {
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
	fn actions_parse_and_name_round_trip() {
		for action in Action::ALL {
			assert_eq!(parse_action(action.name()), Ok(action));
		}
		let error = parse_action("write").expect_err("not an action");
		assert_eq!(error.code(), -32_602);
		assert!(error.to_string().contains("write"));
		assert_eq!(parse_role("subject"), Ok(Role::Subject));
		assert_eq!(parse_role("owner").expect_err("not a role").code(), -32_602);
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
		let hash = H256::repeat_byte(1);
		let json = |answer: CheckAnswer<H256>| serde_json::to_value(answer).expect("serializes");
		let allowed = json(CheckAnswer::new(
			CheckResult::Allowed { grant_id: 3, valid_until: 99 },
			None,
			hash,
		));
		assert_eq!(allowed["allowed"], json!(true));
		assert_eq!(allowed["grantId"], json!(3));
		assert_eq!(allowed["validUntil"], json!(99));
		assert!(allowed.get("reason").is_none());
		assert_eq!(allowed["blockHash"], json!(format!("{hash:?}")));
		let denied = json(CheckAnswer::new(
			CheckResult::Denied {
				reason: DenyReason::Revoked,
				grant_id: Some(3),
				valid_until: Some(99),
			},
			Some(50),
			hash,
		));
		assert_eq!(denied["allowed"], json!(false));
		assert_eq!(denied["reason"], json!("revoked"));
		assert_eq!(denied["atTime"], json!(50));
		let none = json(CheckAnswer::new(
			CheckResult::Denied { reason: DenyReason::NoGrant, grant_id: None, valid_until: None },
			None,
			hash,
		));
		assert_eq!(none["reason"], json!("noGrant"));
		assert_eq!(none["grantId"], Value::Null);
		assert!(!serde_json::from_value::<CheckAnswer<H256>>(none).expect("parses").allowed);
	}

	#[test]
	fn checks_of_past_times_are_refused_not_answered() {
		let hash = H256::repeat_byte(1);
		let error =
			CheckAnswer::from_check(Err(CheckError::TimeInPast { now: 1_000 }), Some(999), hash)
				.expect_err("a time before the block's is refused");
		assert_eq!(error.code(), -32_602);
		let message = error.to_string();
		assert!(message.contains("999") && message.contains("1000"), "{message}");
		let answer = CheckAnswer::from_check(
			Ok(CheckResult::Denied {
				reason: DenyReason::SubjectDeactivated,
				grant_id: None,
				valid_until: None,
			}),
			Some(1_000),
			hash,
		)
		.expect("an answer");
		let value = serde_json::to_value(answer).expect("serializes");
		assert_eq!(value["allowed"], json!(false));
		assert_eq!(value["reason"], json!("subjectDeactivated"));
		assert_eq!(value["atTime"], json!(1_000));
		assert_eq!(
			serde_json::to_value(DenyReason::GranteeDeactivated).expect("serializes"),
			json!("granteeDeactivated")
		);
	}

	#[test]
	fn grants_of_deactivated_dids_are_invalidated_records() {
		for state in [GrantState::SubjectDeactivated, GrantState::GranteeDeactivated] {
			let record = serde_json::to_value(ConsentRecord::new(
				grant(state, GrantStatus::Open),
				&[],
				H256::repeat_byte(2),
				ControllerContact::default(),
			))
			.expect("serializes");
			assert_eq!(record["consentState"], json!("invalidated"));
			assert_eq!(
				serde_json::to_value(grant(state, GrantStatus::Open)).expect("serializes")["state"],
				json!(if state == GrantState::SubjectDeactivated {
					"subjectDeactivated"
				} else {
					"granteeDeactivated"
				})
			);
		}
	}

	#[test]
	fn grants_render_text_or_hex() {
		let value =
			serde_json::to_value(grant(GrantState::Active, GrantStatus::Open)).expect("serializes");
		assert_eq!(value["subject"], json!(format_did(&AccountId32::new([1; 32]))));
		assert_eq!(value["scopes"][0]["actions"], json!(["read", "share"]));
		assert_eq!(value["scopes"][1]["category"], json!("0xff00"));
		assert_eq!(value["scopes"][1]["actions"], json!([]));
		assert_eq!(value["state"], json!("active"));
		assert_eq!(value["status"], json!({ "status": "open" }));
		assert_eq!(value["deposit"], json!("600"));
		assert_eq!(value["receipt"], json!(format!("0x{}", "09".repeat(32))));
		assert_eq!(value["depositor"], json!(AccountId32::new([3; 32]).to_string()));
		assert_eq!(value["validFrom"], json!(1_764_115_200_000u64));
		let back: Grant = serde_json::from_value(value).expect("parses");
		assert_eq!(back, grant(GrantState::Active, GrantStatus::Open));
	}

	#[test]
	fn history_entries_carry_their_time() {
		let item = HistoryItem::from(HistoryEntry {
			event: Lifecycle::Accessed { scope: 0, action: Action::Read },
			block: 11,
			at: 1_764_115_201_000,
		});
		assert_eq!(
			serde_json::to_value(&item).expect("serializes"),
			json!({
				"event": "accessed", "scope": 0, "action": "read", "block": 11,
				"at": 1_764_115_201_000u64, "time": "2025-11-26T00:00:01.000Z",
			})
		);
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
		let hash = H256::repeat_byte(0xab);
		let record = serde_json::to_value(ConsentRecord::new(
			grant(GrantState::Revoked, GrantStatus::Revoked { at: 1_764_115_203_000 }),
			&history,
			hash,
			ControllerContact {
				email: Some("dpo@example.org".into()),
				phone: None,
				url: Some("https://example.org".into()),
			},
		))
		.expect("serializes");
		let subject = format_did(&AccountId32::new([1; 32]));
		let grantee = format_did(&AccountId32::new([2; 32]));
		assert_eq!(record["version"], json!(KANTARA_VERSION));
		assert_eq!(record["piiPrincipalId"], json!(subject));
		assert_eq!(record["@context"], json!(["https://w3id.org/didimo/v1"]));
		assert_eq!(record["type"], json!("ConsentRecord"));
		assert_eq!(
			record["piiControllers"][0],
			json!({
				"piiController": grantee,
				"onBehalf": false,
				"contact": grantee,
				"email": "dpo@example.org",
				"piiControllerUrl": "https://example.org",
			})
		);
		assert_eq!(record["recordId"], json!(format!("{subject}#consent-7")));
		assert_eq!(record["consentReceiptID"], json!(format!("{subject}#consent-7")));
		assert_eq!(record["consentTimestamp"], json!(1_764_115_200));
		assert_eq!(record["jurisdiction"], json!("EU"));
		assert_eq!(record["policyUrl"], json!("https://example.org/privacy"));
		let purposes = &record["services"][0]["purposes"];
		assert_eq!(purposes[0]["purpose"], json!("dpv:IdentityVerification"));
		assert_eq!(purposes[0]["piiCategory"], json!(["schema:kyc"]));
		assert_eq!(purposes[0]["processing"], json!(["read", "share"]));
		assert_eq!(purposes[0]["thirdPartyDisclosure"], json!(true));
		assert_eq!(purposes[0]["thirdPartyName"], json!(grantee));
		assert_eq!(
			purposes[0]["purposeCategory"],
			json!(["Core Function", "3rd Party Sharing for Core Function"])
		);
		assert_eq!(purposes[1]["purposeCategory"], json!(["Marketing"]));
		assert_eq!(purposes[1]["withdrawn"], json!(true));
		assert_eq!(purposes[1]["thirdPartyDisclosure"], json!(false));
		assert_eq!(purposes[1]["thirdPartyName"], Value::Null);
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
		assert_eq!(record["events"][2]["didimoEvent"], json!("revoked"));
		assert_eq!(record["accessCount"], json!(4));
		assert_eq!(record["evidence"]["receiptHash"], json!(format!("0x{}", "09".repeat(32))));
		assert_eq!(record["didimoChainState"]["blockHash"], json!(format!("{hash:?}")));
		assert_eq!(record["didimoChainState"]["deposit"], json!("600"));
		assert_eq!(
			record["didimoChainState"]["status"],
			json!({ "status": "revoked", "at": 1_764_115_203_000u64 })
		);
		assert_eq!(record["spiCat"], json!([]));
		assert_eq!(
			serde_json::from_value::<ConsentRecord<H256>>(record).expect("parses").access_count,
			4
		);
	}

	#[test]
	fn purposes_map_to_kantara_categories() {
		assert_eq!(purpose_categories(b"dpv:Marketing", false), ["Marketing"]);
		assert_eq!(
			purpose_categories(b"https://w3id.org/dpv#DirectMarketing", true),
			["Marketing", "Sharing for Marketing"]
		);
		assert_eq!(
			purpose_categories(b"dpv:DeliveryOfGoods", true),
			["Delivery", "Sharing for Delivery"]
		);
		assert_eq!(
			purpose_categories(b"dpv:FraudPreventionAndDetection", true),
			["Protecting Our Interests"]
		);
		// Outside the table, or not DPV: no category rather than a guess.
		assert!(purpose_categories(b"dpv:SomethingNew", false).is_empty());
		assert!(purpose_categories(b"Marketing", false).is_empty());
		assert!(purpose_categories(&[0xff, 0xfe], false).is_empty());
	}

	#[test]
	fn controller_contact_comes_from_the_grantee_services() {
		let service = |types: &[&str], endpoints: &[&str]| ResolvedService {
			id: b"s".to_vec(),
			types: types.iter().map(|t| t.as_bytes().to_vec()).collect(),
			endpoints: endpoints.iter().map(|e| e.as_bytes().to_vec()).collect(),
		};
		let contact = ControllerContact::from_services(&[
			service(&["LinkedDomains"], &["https://grantee.example"]),
			service(&["ContactPoint"], &["MAILTO:dpo@grantee.example", "tel:+3212345678", "tel:"]),
			service(&["ContactPoint"], &["mailto:second@grantee.example"]),
		]);
		assert_eq!(
			contact,
			ControllerContact {
				email: Some("dpo@grantee.example".into()),
				phone: Some("+3212345678".into()),
				url: Some("https://grantee.example".into()),
			}
		);
		assert_eq!(ControllerContact::from_services(&[]), ControllerContact::default());
	}
}
