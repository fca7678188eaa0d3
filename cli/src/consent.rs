//! `didimo consent ...`: GDPR-style consent grants (`pallet-consent`, docs/consent.md). The
//! wallet's DID of a data subject gives, narrows, renews and revokes grants, the wallet's DID of a
//! grantee records accesses and declines, all as DID-signed calls; anyone checks a grant, lists
//! a DID's grants, reads a grant's audit trail and its consent record (ISO/IEC TS 27560, Kantara
//! CR 1.1) over the node's `consent_*` JSON-RPC methods.
//!
//! Times on the command line are RFC 3339 date-times with their offset
//! (`2026-07-01T12:00:00Z`, `2026-07-01T14:00:00+02:00`), dates (`2026-07-01`, midnight UTC) or
//! Unix seconds; durations are a number and a unit (`30d`, `12h`, `1d12h`; units `w`, `d`, `h`,
//! `m`, `s`). The chain keeps times as `pallet-timestamp` milliseconds since the Unix epoch, and
//! "now" is the best block's time (`ChainTimeApi`), the clock the pallet compares with.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use clap::Subcommand;
use didimo_primitives::did::format_did;
use didimo_runtime::{Runtime, RuntimeCall, RuntimeEvent};
use pallet_consent::{Action, Actions, GrantId, Moment, ReceiptHash, Scope, Scopes};
use pallet_consent_runtime_api::MAX_PAGE;
use serde_json::{json, Value};
use sp_core::Get;
use sp_runtime::BoundedVec;

use crate::{
	chain::{hex, Receipt},
	commands::{receipt_text, Ctx},
	did::{did_call, did_id, entry},
	error::{Error, Result},
};

/// The most `revoke_all` calls `revoke-all` makes (each ends up to `MaxRevocationsPerCall`
/// grants).
const MAX_REVOKE_ALL_STEPS: u32 = 1_000;

#[derive(Debug, Subcommand)]
pub enum ConsentCommand {
	/// Gives --grantee a grant over the data of the wallet's DID <did> (the subject) for the
	/// scopes --scope, from --valid-from (default now) until --valid-until or for --valid-for;
	/// prints its id. --from pays the deposit and fee.
	Grant(GrantArgs),
	/// Narrows a grant: --scope (repeated) lists the scopes it keeps, each with the actions it
	/// keeps (scopes left out are withdrawn), and --valid-until or --valid-for brings its end
	/// forward. Nothing can be widened.
	Narrow {
		/// The wallet's DID that gave the grant (its subject).
		did: String,
		#[arg(long)]
		grant: GrantId,
		/// A scope kept: its category, the actions it keeps (a subset of its current ones) and
		/// its purpose.
		#[arg(long, num_args = 3, value_names = ["CATEGORY", "ACTIONS", "PURPOSE"])]
		scope: Vec<String>,
		/// The new, earlier end.
		#[arg(long, value_name = "TIME", conflicts_with = "valid_for")]
		valid_until: Option<String>,
		/// The new end, this long from now.
		#[arg(long, value_name = "DURATION")]
		valid_for: Option<String>,
		#[arg(long)]
		from: String,
	},
	/// Moves a grant's end later (at most 366 days from now), before it has run out.
	Renew {
		/// The wallet's DID that gave the grant (its subject).
		did: String,
		#[arg(long)]
		grant: GrantId,
		/// The new end.
		#[arg(
			long,
			value_name = "TIME",
			required_unless_present = "valid_for",
			conflicts_with = "valid_for"
		)]
		valid_until: Option<String>,
		/// The new end, this long from now.
		#[arg(long, value_name = "DURATION")]
		valid_for: Option<String>,
		#[arg(long)]
		from: String,
	},
	/// Revokes one grant (--grant), or every open grant the wallet's DID <did> gave one grantee
	/// (--grantee). Grants that had already run out are marked expired instead.
	Revoke {
		/// The wallet's DID that gave the grants (their subject).
		did: String,
		#[arg(long, required_unless_present = "grantee", conflicts_with = "grantee")]
		grant: Option<GrantId>,
		/// The grantee (a wallet name or did:didimo:...).
		#[arg(long)]
		grantee: Option<String>,
		#[arg(long)]
		from: String,
	},
	/// Revokes every open grant the wallet's DID <did> gave, step by step (the chain ends a
	/// bounded number per call) until none is left.
	RevokeAll {
		/// The wallet's DID that gave the grants (their subject).
		did: String,
		#[arg(long)]
		from: String,
	},
	/// Declines a grant given to the wallet's DID <did> (the grantee).
	Decline {
		/// The wallet's DID the grant was given to (its grantee).
		did: String,
		#[arg(long)]
		grant: GrantId,
		#[arg(long)]
		from: String,
	},
	/// Records in the grant's audit trail that the grantee, the wallet's DID <did>, performed
	/// --action on the subject's data of --category for --purpose; the chain refuses it unless
	/// the grant allows exactly that now.
	RecordAccess {
		/// The wallet's DID the grant was given to (its grantee).
		did: String,
		#[arg(long)]
		grant: GrantId,
		#[arg(long)]
		category: String,
		/// read, store, share or derive.
		#[arg(long)]
		action: String,
		#[arg(long)]
		purpose: String,
		#[arg(long)]
		from: String,
	},
	/// Whether --grantee may perform --action on --subject's data of --category for --purpose:
	/// allowed (with the grant), or denied with the reason. Either answer exits 0; with
	/// --require a denial exits 6 (verification), so scripts can test it.
	Check {
		/// The subject (a wallet name or did:didimo:...).
		#[arg(long)]
		subject: String,
		/// The grantee (a wallet name or did:didimo:...).
		#[arg(long)]
		grantee: String,
		#[arg(long)]
		category: String,
		/// read, store, share or derive.
		#[arg(long)]
		action: String,
		#[arg(long)]
		purpose: String,
		/// The moment asked about (default: the best block's time; not before it).
		#[arg(long, value_name = "TIME")]
		at: Option<String>,
		/// Fail with exit code 6 when the answer is no.
		#[arg(long)]
		require: bool,
	},
	/// The grants a DID (a wallet name or did:didimo:...) gave or was given, ended ones
	/// included until they are purged, in id order.
	List {
		did: String,
		#[arg(long, value_enum, default_value = "both")]
		role: Role,
		/// Start after this grant id (the `next` of an earlier listing).
		#[arg(long)]
		after: Option<GrantId>,
		/// The most grants listed per role.
		#[arg(long, default_value_t = 100)]
		limit: u32,
	},
	/// A grant's audit trail, oldest first: its lifecycle and the accesses recorded.
	History {
		#[arg(long)]
		grant: GrantId,
	},
	/// A grant as a consent record (ISO/IEC TS 27560, Kantara Consent Receipt 1.1 names).
	Receipt {
		#[arg(long)]
		grant: GrantId,
	},
	/// Purges ended grants (ended at least 30 days ago, or of a deactivated DID), releasing
	/// each deposit to the account that paid it; any account --from may submit it.
	Purge {
		/// Grant ids, comma-separated (at most 64).
		#[arg(long, value_delimiter = ',', required = true)]
		grant: Vec<GrantId>,
		#[arg(long)]
		from: String,
	},
}

/// A grant from the wallet's DID <did> (the subject) to --grantee, signed by <did>.
#[derive(Debug, clap::Args)]
pub struct GrantArgs {
	/// The wallet's DID that gives the grant (the data subject).
	did: String,
	/// The grantee (a wallet name or did:didimo:...).
	#[arg(long)]
	grantee: String,
	/// What the grant covers, once per scope (at most 16): a data category (a credential
	/// schema id or a category code), the actions allowed on it (comma-separated: read, store,
	/// share, derive, or all) and the purpose (a W3C DPV code such as dpv:ServiceProvision).
	#[arg(long, required = true, num_args = 3, value_names = ["CATEGORY", "ACTIONS", "PURPOSE"])]
	scope: Vec<String>,
	/// When the grant starts (default: now).
	#[arg(long, value_name = "TIME")]
	valid_from: Option<String>,
	/// When it ends (exclusive), at most 366 days from now.
	#[arg(
		long,
		value_name = "TIME",
		required_unless_present = "valid_for",
		conflicts_with = "valid_for"
	)]
	valid_until: Option<String>,
	/// How long it lasts from its start.
	#[arg(long, value_name = "DURATION")]
	valid_for: Option<String>,
	/// The jurisdiction whose law governs it: EU, DE, US-CA (at most 8 bytes).
	#[arg(long)]
	jurisdiction: String,
	/// A URI of the privacy policy it is given under (at most 200 bytes).
	#[arg(long)]
	policy: String,
	/// The blake2-256 hash (hex) of the consent receipt the subject keeps off chain.
	#[arg(
		long,
		value_name = "HEX",
		required_unless_present = "receipt_file",
		conflicts_with = "receipt_file"
	)]
	receipt_hash: Option<String>,
	/// The consent receipt the subject keeps off chain (its canonical JSON, RFC 8785): the
	/// chain gets its blake2-256 hash.
	#[arg(long, value_name = "FILE")]
	receipt_file: Option<PathBuf>,
	/// The account that pays the deposit and fee.
	#[arg(long)]
	from: String,
}

/// Whose grants `list` shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Role {
	/// The grants the DID gave.
	Subject,
	/// The grants the DID was given.
	Grantee,
	/// Both.
	Both,
}

/// Runs a consent command.
pub fn run(ctx: &mut Ctx, command: ConsentCommand) -> Result<()> {
	match command {
		ConsentCommand::Grant(args) => grant(ctx, args)?,
		ConsentCommand::Narrow { did, grant, scope, valid_until, valid_for, from } => {
			let scopes = if scope.is_empty() { None } else { Some(parse_scopes(&scope)?) };
			let valid_until = end_time(ctx, valid_until.as_deref(), valid_for.as_deref(), None)?;
			if scopes.is_none() && valid_until.is_none() {
				return Err(Error::Usage(
					"nothing to narrow: pass --scope (the scopes kept) and/or --valid-until or \
					 --valid-for"
						.into(),
				));
			}
			let call =
				pallet_consent::Call::<Runtime>::narrow { grant_id: grant, scopes, valid_until };
			let receipt = consent_call(ctx, &did, &from, call)?;
			let until = consent_events(&receipt).find_map(|event| match event {
				pallet_consent::Event::GrantNarrowed { valid_until, .. } => Some(*valid_until),
				_ => None,
			});
			let human = match until {
				Some(until) => format!("grant {grant} narrowed, valid until {}", iso(until)),
				None => format!("grant {grant}: narrowing submitted"),
			};
			ctx.emit(
				format!("{human}\n{}", receipt_text(&receipt)),
				json!({ "grant": grant, "validUntil": until, "receipt": receipt.json() }),
			);
		},
		ConsentCommand::Renew { did, grant, valid_until, valid_for, from } => {
			let valid_until = end_time(ctx, valid_until.as_deref(), valid_for.as_deref(), None)?
				.ok_or_else(|| {
					Error::Usage("until when? pass --valid-until or --valid-for".into())
				})?;
			let call = pallet_consent::Call::<Runtime>::renew { grant_id: grant, valid_until };
			let receipt = consent_call(ctx, &did, &from, call)?;
			ctx.emit(
				format!(
					"grant {grant} renewed, valid until {}\n{}",
					iso(valid_until),
					receipt_text(&receipt)
				),
				json!({ "grant": grant, "validUntil": valid_until, "receipt": receipt.json() }),
			);
		},
		ConsentCommand::Revoke { did, grant, grantee, from } => {
			let (call, what, grantee) = match (grant, grantee) {
				(Some(grant_id), _) => (
					pallet_consent::Call::<Runtime>::revoke { grant_id },
					format!("grant {grant_id}"),
					None,
				),
				(None, Some(grantee)) => {
					let grantee = did_id(ctx, &grantee)?;
					let text = format_did(&grantee);
					(
						pallet_consent::Call::<Runtime>::revoke_grantee { grantee },
						format!("the grants to {text}"),
						Some(text),
					)
				},
				(None, None) => {
					return Err(Error::Usage(
						"which grant? pass --grant <id> or --grantee <did>".into(),
					))
				},
			};
			let receipt = consent_call(ctx, &did, &from, call)?;
			let (revoked, expired) = ended_grants(&receipt);
			ctx.emit(
				format!(
					"{what}: {}\n{}",
					ended_text(&revoked, &expired, receipt.block.is_some()),
					receipt_text(&receipt)
				),
				json!({ "grant": grant, "grantee": grantee, "revoked": revoked,
					"expired": expired, "receipt": receipt.json() }),
			);
		},
		ConsentCommand::RevokeAll { did, from } => {
			let entry = entry(ctx, &did)?;
			let (mut steps, mut ended) = (0u32, 0u32);
			let (mut revoked, mut expired) = (Vec::new(), Vec::new());
			let receipt = loop {
				let receipt = did_call(ctx, &entry, &from, |_, _, _| {
					Ok(RuntimeCall::Consent(pallet_consent::Call::revoke_all {}))
				})?;
				steps += 1;
				let (step_revoked, step_expired) = ended_grants(&receipt);
				revoked.extend(step_revoked);
				expired.extend(step_expired);
				let more = consent_events(&receipt).find_map(|event| match event {
					pallet_consent::Event::AllGrantsRevoked { ended, more_remaining, .. } => {
						Some((*ended, *more_remaining))
					},
					_ => None,
				});
				if let Some((step_ended, _)) = more {
					ended = ended.saturating_add(step_ended);
				}
				let more_remaining = more.is_some_and(|(_, more_remaining)| more_remaining);
				if !more_remaining || receipt.block.is_none() {
					break receipt;
				}
				if steps >= MAX_REVOKE_ALL_STEPS {
					return Err(Error::chain(format!(
						"{} still has open grants after {steps} steps ({ended} ended); run \
						 revoke-all again",
						entry.did
					)));
				}
			};
			ctx.emit(
				format!(
					"{}: {ended} grant(s) ended in {steps} step(s): {}\n{}",
					entry.did,
					ended_text(&revoked, &expired, receipt.block.is_some()),
					receipt_text(&receipt)
				),
				json!({ "steps": steps, "ended": ended, "revoked": revoked, "expired": expired,
					"receipt": receipt.json() }),
			);
		},
		ConsentCommand::Decline { did, grant, from } => {
			let call = pallet_consent::Call::<Runtime>::decline { grant_id: grant };
			let receipt = consent_call(ctx, &did, &from, call)?;
			ctx.emit(
				format!("grant {grant} declined\n{}", receipt_text(&receipt)),
				json!({ "grant": grant, "declined": true, "receipt": receipt.json() }),
			);
		},
		ConsentCommand::RecordAccess { did, grant, category, action, purpose, from } => {
			let parsed = parse_action(&action)?;
			let call = pallet_consent::Call::<Runtime>::record_access {
				grant_id: grant,
				category: bounded(&category, "--category")?,
				action: parsed,
				purpose: bounded(&purpose, "--purpose")?,
			};
			let receipt = consent_call(ctx, &did, &from, call)?;
			let scope = consent_events(&receipt).find_map(|event| match event {
				pallet_consent::Event::AccessRecorded { scope, .. } => Some(*scope),
				_ => None,
			});
			let under = scope.map(|s| format!(" under scope {s}")).unwrap_or_default();
			ctx.emit(
				format!(
					"grant {grant}: {} of {category} for {purpose} recorded{under}\n{}",
					parsed.name(),
					receipt_text(&receipt)
				),
				json!({ "grant": grant, "scope": scope, "action": parsed.name(),
					"receipt": receipt.json() }),
			);
		},
		ConsentCommand::Check { subject, grantee, category, action, purpose, at, require } => {
			let subject = format_did(&did_id(ctx, &subject)?);
			let grantee = format_did(&did_id(ctx, &grantee)?);
			let action = parse_action(&action)?;
			let at_time = at.as_deref().map(parse_time).transpose()?;
			let answer = read(
				ctx,
				"consent_check",
				json!([subject, grantee, category, action.name(), purpose, at_time]),
			)?;
			let grant = match (answer["grantId"].as_u64(), answer["validUntil"].as_u64()) {
				(Some(id), Some(until)) => format!("grant {id}, valid until {}", iso(until)),
				(Some(id), None) => format!("grant {id}"),
				_ => String::new(),
			};
			let human = if answer["allowed"].as_bool() == Some(true) {
				format!("allowed: {grant}")
			} else {
				let reason = answer["reason"].as_str().unwrap_or("unknown");
				let separator = if grant.is_empty() { "" } else { "; " };
				let text = format!("denied: {reason} ({}){separator}{grant}", describe(reason));
				if require {
					return Err(Error::Verification(format!(
						"{grantee} may not {} {category} of {subject} for {purpose}: {text}",
						action.name()
					)));
				}
				text
			};
			ctx.emit(human, answer);
		},
		ConsentCommand::List { did, role, after, limit } => list(ctx, &did, role, after, limit)?,
		ConsentCommand::History { grant } => {
			let answer = read(ctx, "consent_history", json!([grant]))?;
			if answer.is_null() {
				return Err(Error::Usage(format!("no grant {grant} (never given, or purged)")));
			}
			let entries = answer["entries"].as_array().cloned().unwrap_or_default();
			let mut lines = vec![format!("grant {grant}: {} entries", entries.len())];
			lines.extend(entries.iter().map(history_line));
			ctx.emit(lines.join("\n"), answer);
		},
		ConsentCommand::Receipt { grant } => {
			let answer = read(ctx, "consent_receipt", json!([grant]))?;
			if answer.is_null() {
				return Err(Error::Usage(format!("no grant {grant} (never given, or purged)")));
			}
			let human = serde_json::to_string_pretty(&answer).unwrap_or_default();
			ctx.emit(human, answer);
		},
		ConsentCommand::Purge { grant, from } => {
			let grants: BoundedVec<GrantId, _> =
				BoundedVec::try_from(grant.clone()).map_err(|_| {
					Error::Usage(format!(
						"at most {} grants at once",
						<<Runtime as pallet_consent::Config>::MaxPurgesPerCall as Get<u32>>::get()
					))
				})?;
			let payer = ctx.key(&from)?;
			let wait = ctx.wait;
			let call = RuntimeCall::Consent(pallet_consent::Call::purge { grants });
			let receipt = ctx.chain()?.submit(&payer, call, wait)?;
			let (mut ids, mut purged) = (Vec::new(), Vec::new());
			for event in consent_events(&receipt) {
				if let pallet_consent::Event::GrantPurged { grant, depositor, deposit_released } =
					event
				{
					ids.push(*grant);
					purged.push(json!({ "grant": grant, "depositor": depositor.to_string(),
						"depositReleased": deposit_released.to_string() }));
				}
			}
			ctx.emit(
				format!("purged {ids:?} of {grant:?}\n{}", receipt_text(&receipt)),
				json!({ "purged": purged, "receipt": receipt.json() }),
			);
		},
	}
	Ok(())
}

fn grant(ctx: &mut Ctx, args: GrantArgs) -> Result<()> {
	let scopes = parse_scopes(&args.scope)?;
	let scope_count = scopes.len();
	let receipt_hash = match (&args.receipt_hash, &args.receipt_file) {
		(Some(text), _) => parse_receipt_hash(text)?,
		(None, Some(file)) => {
			let bytes = std::fs::read(file)
				.map_err(|e| Error::Usage(format!("cannot read {}: {e}", file.display())))?;
			sp_crypto_hashing::blake2_256(&bytes)
		},
		(None, None) => {
			return Err(Error::Usage(
				"the consent receipt: pass --receipt-hash or --receipt-file".into(),
			))
		},
	};
	let jurisdiction = bounded(&args.jurisdiction, "--jurisdiction")?;
	let policy = bounded(&args.policy, "--policy")?;
	let grantee = did_id(ctx, &args.grantee)?;
	let valid_from = match &args.valid_from {
		Some(time) => parse_time(time)?,
		None => chain_now(ctx)?,
	};
	let valid_until =
		end_time(ctx, args.valid_until.as_deref(), args.valid_for.as_deref(), Some(valid_from))?
			.ok_or_else(|| {
				Error::Usage("when does the grant end? pass --valid-until or --valid-for".into())
			})?;
	if valid_until <= valid_from {
		return Err(Error::Usage(format!(
			"the grant would end ({}) before it starts ({})",
			iso(valid_until),
			iso(valid_from)
		)));
	}
	let call = pallet_consent::Call::<Runtime>::grant {
		grantee: grantee.clone(),
		scopes,
		valid_from,
		valid_until,
		receipt: receipt_hash,
		jurisdiction,
		policy,
	};
	let receipt = consent_call(ctx, &args.did, &args.from, call)?;
	let given = consent_events(&receipt).find_map(|event| match event {
		pallet_consent::Event::GrantGiven { grant, deposit, .. } => Some((*grant, *deposit)),
		_ => None,
	});
	let grantee = format_did(&grantee);
	let answer = json!({
		"grant": given.map(|(id, _)| id),
		"grantee": grantee,
		"validFrom": valid_from,
		"validUntil": valid_until,
		"receiptHash": hex(&receipt_hash),
		"deposit": given.map(|(_, deposit)| deposit.to_string()),
		"receipt": receipt.json(),
	});
	let human = match given {
		Some((id, deposit)) => format!(
			"grant {id} to {grantee}: {scope_count} scope(s), valid {} to {}, deposit \
			 {deposit}\n{}",
			iso(valid_from),
			iso(valid_until),
			receipt_text(&receipt)
		),
		None => format!("submitted\n{}", receipt_text(&receipt)),
	};
	ctx.emit(human, answer);
	Ok(())
}

fn list(ctx: &mut Ctx, did: &str, role: Role, after: Option<GrantId>, limit: u32) -> Result<()> {
	// (the RPC's role, the JSON key, the heading)
	const GIVEN: (&str, &str, &str) = ("subject", "asSubject", "given by");
	const RECEIVED: (&str, &str, &str) = ("grantee", "asGrantee", "given to");
	if limit == 0 {
		return Err(Error::Usage("--limit must be at least 1".into()));
	}
	let did = format_did(&did_id(ctx, did)?);
	let roles: &[(&str, &str, &str)] = match role {
		Role::Subject => &[GIVEN],
		Role::Grantee => &[RECEIVED],
		Role::Both => &[GIVEN, RECEIVED],
	};
	let mut answer = json!({ "did": did });
	let mut lines = Vec::new();
	for (rpc_role, key, heading) in roles {
		let (grants, next) = grants_of(ctx, &did, rpc_role, after, limit)?;
		lines.push(format!("grants {heading} {did}: {}", grants.len()));
		lines.extend(grants.iter().map(|grant| format!("  {}", grant_line(grant))));
		if let Some(next) = next {
			lines.push(format!("  more: --after {next}"));
		}
		answer[*key] = json!({ "grants": grants, "next": next });
	}
	ctx.emit(lines.join("\n"), answer);
	Ok(())
}

/// Up to `limit` grants of `did` in `role` (`subject` or `grantee`) with ids after `after`, a
/// page at a time, and the cursor after them if there are more.
fn grants_of(
	ctx: &mut Ctx,
	did: &str,
	role: &str,
	after: Option<GrantId>,
	limit: u32,
) -> Result<(Vec<Value>, Option<GrantId>)> {
	let limit = limit as usize;
	let mut grants = Vec::new();
	let mut cursor = after;
	loop {
		let want = limit.saturating_sub(grants.len()).min(MAX_PAGE as usize);
		let page = read(ctx, "consent_grants", json!([did, role, cursor, want]))?;
		let next = page["next"].as_u64();
		let items = page["grants"].as_array().cloned().unwrap_or_default();
		// Ids only grow; a page that does not move the cursor ends the listing.
		let moved = !items.is_empty() && next > cursor;
		grants.extend(items);
		match next {
			Some(_) if moved && grants.len() < limit => cursor = next,
			_ => return Ok((grants, next)),
		}
	}
}

/// Builds the wallet's DID `did`'s DID-signed consent `call`, submitted and paid for by `from`.
fn consent_call(
	ctx: &mut Ctx,
	did: &str,
	from: &str,
	call: pallet_consent::Call<Runtime>,
) -> Result<Receipt> {
	let entry = entry(ctx, did)?;
	did_call(ctx, &entry, from, |_, _, _| Ok(RuntimeCall::Consent(call)))
}

/// The consent pallet's events of a transaction.
fn consent_events<'a>(
	receipt: &'a Receipt,
) -> impl Iterator<Item = &'a pallet_consent::Event<Runtime>> + 'a {
	receipt.events.iter().filter_map(|event| match event {
		RuntimeEvent::Consent(event) => Some(event),
		_ => None,
	})
}

/// The grants a revocation ended: those revoked, and those marked expired (they had run out).
fn ended_grants(receipt: &Receipt) -> (Vec<GrantId>, Vec<GrantId>) {
	let (mut revoked, mut expired) = (Vec::new(), Vec::new());
	for event in consent_events(receipt) {
		match event {
			pallet_consent::Event::GrantRevoked { grant, .. } => revoked.push(*grant),
			pallet_consent::Event::GrantExpired { grant, .. } => expired.push(*grant),
			_ => {},
		}
	}
	(revoked, expired)
}

/// The ended grants in words (unknown when only the pool was waited for).
fn ended_text(revoked: &[GrantId], expired: &[GrantId], in_block: bool) -> String {
	if !in_block {
		return "submitted".into();
	}
	let mut text = format!("revoked {revoked:?}");
	if !expired.is_empty() {
		text.push_str(&format!(", marked expired (they had run out) {expired:?}"));
	}
	text
}

/// Calls the node's read `method` (an invalid-parameters answer, such as a time before the
/// block's or a malformed DID, is a usage error).
fn read(ctx: &mut Ctx, method: &str, params: Value) -> Result<Value> {
	ctx.chain()?.rpc.call(method, params)
}

/// The best block's chain time (ms), what the pallet calls now.
fn chain_now(ctx: &mut Ctx) -> Result<Moment> {
	let now: Moment = ctx.chain()?.runtime_call("ChainTimeApi_now", &[])?;
	if now == 0 {
		return Err(Error::chain(
			"the chain has no time yet (no block after genesis): try again in a block",
		));
	}
	Ok(now)
}

/// The end a command asks for: `until`, or `duration` after `start` (default: now).
fn end_time(
	ctx: &mut Ctx,
	until: Option<&str>,
	duration: Option<&str>,
	start: Option<Moment>,
) -> Result<Option<Moment>> {
	match (until, duration) {
		(Some(until), _) => parse_time(until).map(Some),
		(None, Some(duration)) => {
			let length = parse_duration(duration)?;
			let start = match start {
				Some(start) => start,
				None => chain_now(ctx)?,
			};
			start
				.checked_add(length)
				.map(Some)
				.ok_or_else(|| Error::Usage(format!("--valid-for {duration}: too far ahead")))
		},
		(None, None) => Ok(None),
	}
}

/// A deny reason of `consent_check` in words.
fn describe(reason: &str) -> &'static str {
	match reason {
		"noGrant" => "the subject has given the grantee no grant",
		"notYetValid" => "the grant covering it starts later",
		"expired" => "the grant covering it has run out",
		"revoked" => "the subject revoked the grant covering it",
		"declined" => "the grantee declined the grant covering it",
		"scopeMismatch" => "no grant covers this category, action and purpose",
		"subjectDeactivated" => "the subject's DID is deactivated",
		"granteeDeactivated" => "the grantee's DID is deactivated",
		_ => "a reason this didimo does not know",
	}
}

/// A grant of `consent_grants` on one line.
fn grant_line(grant: &Value) -> String {
	let text = |value: &Value| value.as_str().unwrap_or("?").to_owned();
	let scopes: Vec<String> = grant["scopes"]
		.as_array()
		.map(|scopes| scopes.iter().map(scope_line).collect())
		.unwrap_or_default();
	format!(
		"grant {}  {}  {} -> {}  until {}  {}",
		grant["id"],
		text(&grant["state"]),
		text(&grant["subject"]),
		text(&grant["grantee"]),
		grant["validUntil"].as_u64().map(iso).unwrap_or_else(|| "?".into()),
		scopes.join("; ")
	)
}

/// A scope of a grant's JSON: `category [read,share] purpose`.
fn scope_line(scope: &Value) -> String {
	let actions: Vec<&str> = scope["actions"]
		.as_array()
		.map(|actions| actions.iter().filter_map(Value::as_str).collect())
		.unwrap_or_default();
	let actions = if actions.is_empty() { "withdrawn".into() } else { actions.join(",") };
	format!(
		"{} [{actions}] {}",
		scope["category"].as_str().unwrap_or("?"),
		scope["purpose"].as_str().unwrap_or("?")
	)
}

/// An entry of `consent_history` on one line.
fn history_line(entry: &Value) -> String {
	let event = entry["event"].as_str().unwrap_or("?");
	let access = match (entry["scope"].as_u64(), entry["action"].as_str()) {
		(Some(scope), Some(action)) => format!(": {action} under scope {scope}"),
		_ => String::new(),
	};
	format!(
		"  {}  block #{}  {event}{access}",
		entry["time"].as_str().unwrap_or("?"),
		entry["block"]
	)
}

/// Scopes from `--scope CATEGORY ACTIONS PURPOSE` values, in order.
fn parse_scopes(values: &[String]) -> Result<Scopes<Runtime>> {
	if values.is_empty() || !values.len().is_multiple_of(3) {
		return Err(Error::Usage("--scope takes three values: CATEGORY ACTIONS PURPOSE".into()));
	}
	let scopes = values
		.chunks_exact(3)
		.map(|triple| match triple {
			[category, actions, purpose] => parse_scope(category, actions, purpose),
			_ => Err(Error::Usage("--scope takes three values: CATEGORY ACTIONS PURPOSE".into())),
		})
		.collect::<Result<Vec<_>>>()?;
	BoundedVec::try_from(scopes).map_err(|_| {
		Error::Usage(format!(
			"at most {} scopes in a grant",
			<<Runtime as pallet_consent::Config>::MaxScopes as Get<u32>>::get()
		))
	})
}

fn parse_scope(category: &str, actions: &str, purpose: &str) -> Result<Scope<Runtime>> {
	if category.is_empty() || purpose.is_empty() {
		return Err(Error::Usage(format!(
			"--scope `{category}` `{actions}` `{purpose}`: the category and the purpose must not \
			 be empty"
		)));
	}
	Ok(Scope {
		category: bounded(category, "category")?,
		actions: parse_actions(actions)?,
		purpose: bounded(purpose, "purpose")?,
	})
}

/// Actions, comma- or plus-separated (`read,share`), or `all`.
fn parse_actions(text: &str) -> Result<Actions> {
	let mut actions = Actions::NONE;
	for name in text.split([',', '+']).map(str::trim).filter(|name| !name.is_empty()) {
		if name.eq_ignore_ascii_case("all") {
			actions = Action::ALL.into_iter().fold(actions, Actions::with);
		} else {
			actions = actions.with(parse_action(name)?);
		}
	}
	if actions.is_empty() {
		return Err(Error::Usage(format!(
			"no action in `{text}`: at least one of {}, or all",
			known_actions()
		)));
	}
	Ok(actions)
}

/// An action by name.
fn parse_action(name: &str) -> Result<Action> {
	Action::from_name(&name.trim().to_ascii_lowercase())
		.ok_or_else(|| Error::Usage(format!("unknown action `{name}`: one of {}", known_actions())))
}

fn known_actions() -> String {
	Action::ALL.iter().map(|action| action.name()).collect::<Vec<_>>().join(", ")
}

/// Text as the chain's bounded bytes, named `what` in the error if too long.
fn bounded<S: Get<u32>>(text: &str, what: &str) -> Result<BoundedVec<u8, S>> {
	BoundedVec::try_from(text.as_bytes().to_vec())
		.map_err(|_| Error::Usage(format!("{what} `{text}`: too long, at most {} bytes", S::get())))
}

/// A receipt hash: 32 bytes of hex.
fn parse_receipt_hash(text: &str) -> Result<ReceiptHash> {
	array_bytes::hex2bytes(text.trim())
		.ok()
		.and_then(|bytes| ReceiptHash::try_from(bytes).ok())
		.ok_or_else(|| Error::Usage(format!("--receipt-hash {text}: expected 32 bytes of hex")))
}

/// A time on the command line as chain time (ms since the Unix epoch): an RFC 3339 date-time
/// with its offset (fractions of a second kept to the millisecond), a date (midnight UTC) or
/// Unix seconds.
fn parse_time(text: &str) -> Result<Moment> {
	let text = text.trim();
	let ms = if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
		text.parse::<Moment>().ok().and_then(|seconds| seconds.checked_mul(1000))
	} else if let Ok(time) = DateTime::parse_from_rfc3339(text) {
		Moment::try_from(time.timestamp_millis()).ok()
	} else if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
		date.and_hms_opt(0, 0, 0)
			.and_then(|midnight| Moment::try_from(midnight.and_utc().timestamp_millis()).ok())
	} else {
		None
	};
	ms.ok_or_else(|| {
		Error::Usage(format!(
			"`{text}` is not a time: give an RFC 3339 date-time with its offset \
			 (2026-07-01T12:00:00Z), a date (2026-07-01, midnight UTC) or Unix seconds, from 1970"
		))
	})
}

/// Chain time as RFC 3339 in UTC, with the fraction of a second when there is one.
fn iso(ms: Moment) -> String {
	i64::try_from(ms)
		.ok()
		.and_then(DateTime::<Utc>::from_timestamp_millis)
		.map(|time| time.to_rfc3339_opts(SecondsFormat::AutoSi, true))
		.unwrap_or_else(|| format!("{ms} ms"))
}

/// A duration on the command line in milliseconds: numbers with units, `30d`, `1d12h`.
fn parse_duration(text: &str) -> Result<Moment> {
	let bad = || {
		Error::Usage(format!(
			"`{text}` is not a duration: numbers with units, such as 30d, 12h or 1d12h (units w, \
			 d, h, m, s)"
		))
	};
	let (mut total, mut digits) = (0u64, String::new());
	for c in text.trim().chars() {
		if c.is_ascii_digit() {
			digits.push(c);
			continue;
		}
		let unit: u64 = match c {
			'w' => 7 * 86_400_000,
			'd' => 86_400_000,
			'h' => 3_600_000,
			'm' => 60_000,
			's' => 1_000,
			_ => return Err(bad()),
		};
		let count: u64 = digits.parse().map_err(|_| bad())?;
		total = count.checked_mul(unit).and_then(|ms| total.checked_add(ms)).ok_or_else(bad)?;
		digits.clear();
	}
	if !digits.is_empty() || total == 0 {
		return Err(bad());
	}
	Ok(total)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn usage<T: std::fmt::Debug>(result: Result<T>) -> String {
		match result {
			Err(Error::Usage(message)) => message,
			other => panic!("expected a usage error, got {other:?}"),
		}
	}

	#[test]
	fn times_are_chain_milliseconds() {
		let noon = 1_782_907_200_000;
		for text in [
			"1782907200",
			"2026-07-01T12:00:00Z",
			"2026-07-01t12:00:00z",
			"2026-07-01 12:00:00Z",
			"2026-07-01T14:00:00+02:00",
			"2026-07-01T09:30:00-02:30",
		] {
			assert_eq!(parse_time(text).ok(), Some(noon), "{text}");
		}
		assert_eq!(parse_time("2026-07-01T12:00:00.5Z").ok(), Some(noon + 500));
		assert_eq!(parse_time("2026-07-01T12:00:00.123456Z").ok(), Some(noon + 123));
		assert_eq!(parse_time("2026-07-01").ok(), Some(1_782_864_000_000));
		assert_eq!(parse_time("2000-02-29").ok(), Some(951_782_400_000));
		assert_eq!(parse_time("0").ok(), Some(0));
		for bad in [
			"",
			"soon",
			"2026-02-29",
			"2026-13-01",
			"2026-07-01T12:00:00",
			"2026-07-01T24:00:00Z",
			"1969-12-31",
			"1969-12-31T23:59:59Z",
			"99999999999999999999",
		] {
			assert!(usage(parse_time(bad)).contains("not a time"), "{bad}");
		}
	}

	#[test]
	fn chain_time_prints_as_rfc3339_and_reads_back() {
		assert_eq!(iso(0), "1970-01-01T00:00:00Z");
		assert_eq!(iso(951_782_400_000), "2000-02-29T00:00:00Z");
		assert_eq!(iso(1_764_201_600_500), "2025-11-27T00:00:00.500Z");
		assert_eq!(iso(4_107_542_399_000), "2100-02-28T23:59:59Z");
		for ms in [0, 1, 86_399_999, 951_782_400_000, 1_782_907_200_123, 4_107_542_399_000] {
			assert_eq!(parse_time(&iso(ms)).ok(), Some(ms), "{ms}");
		}
	}

	#[test]
	fn durations_add_their_units() {
		assert_eq!(parse_duration("30d").ok(), Some(30 * 86_400_000));
		assert_eq!(parse_duration("1d12h").ok(), Some(36 * 3_600_000));
		assert_eq!(parse_duration("2w").ok(), Some(14 * 86_400_000));
		assert_eq!(parse_duration("90m").ok(), Some(5_400_000));
		assert_eq!(parse_duration("45s").ok(), Some(45_000));
		for bad in ["", "30", "d", "3x", "0d", "1d2", "99999999999999999999w"] {
			assert!(usage(parse_duration(bad)).contains("not a duration"), "{bad}");
		}
	}

	#[test]
	fn actions_are_named_and_unknown_ones_listed() {
		assert_eq!(parse_actions("read,share").ok(), Some(Actions(Actions::READ | Actions::SHARE)));
		assert_eq!(
			parse_actions("Read+derive").ok(),
			Some(Actions(Actions::READ | Actions::DERIVE))
		);
		assert_eq!(parse_actions("all").ok(), Some(Actions(Actions::ALL)));
		assert!(usage(parse_actions("read,write")).contains("read, store, share, derive"));
		assert!(usage(parse_actions(",")).contains("no action"));
		assert_eq!(parse_action("share").ok(), Some(Action::Share));
	}

	#[test]
	fn scopes_come_in_threes_within_the_chain_bounds() {
		let values = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
		let scopes = parse_scopes(&values(&[
			"schema:kyc",
			"read,share",
			"dpv:IdentityVerification",
			"email",
			"read",
			"dpv:Marketing",
		]))
		.expect("two scopes");
		assert_eq!(scopes.len(), 2);
		assert_eq!(&scopes[0].category[..], b"schema:kyc");
		assert_eq!(scopes[0].actions, Actions(Actions::READ | Actions::SHARE));
		assert_eq!(&scopes[1].purpose[..], b"dpv:Marketing");

		let many: Vec<String> = (0..17)
			.flat_map(|i| [format!("category-{i}"), "read".into(), "dpv:Marketing".into()])
			.collect();
		assert!(usage(parse_scopes(&many)).contains("at most 16 scopes"));
		let long = "c".repeat(101);
		assert!(usage(parse_scopes(&values(&[long.as_str(), "read", "p"])))
			.contains("at most 100 bytes"));
		assert!(usage(parse_scopes(&values(&["", "read", "p"]))).contains("must not be empty"));
		assert!(usage(parse_scopes(&values(&["c", "read"]))).contains("three values"));
	}

	#[test]
	fn receipt_hashes_are_32_bytes_of_hex() {
		let hash = format!("0x{}", "ab".repeat(32));
		assert_eq!(parse_receipt_hash(&hash).ok(), Some([0xab; 32]));
		assert_eq!(parse_receipt_hash(&"ab".repeat(32)).ok(), Some([0xab; 32]));
		assert!(usage(parse_receipt_hash("0xabcd")).contains("32 bytes"));
	}
}
