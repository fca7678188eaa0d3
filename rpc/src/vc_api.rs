//! W3C Verifiable Presentations (VC Data Model 2.0) carrying a DIDimo zero-knowledge
//! presentation, and the VC-API verification result: what the node's
//! `POST /presentations/verify` takes and answers (`docs/presentations.md` specifies the
//! format for wallets in any language).
//!
//! The presentation's `proof` is a W3C Data Integrity proof (`DataIntegrityProof`) of the
//! cryptosuite [`CRYPTOSUITE`]: `domain` names the verification request
//! (`urn:didimo:presentation-request:0x…`), `challenge` is the verifier's 32-byte nonce in
//! `0x` hex, and `proofValue` is multibase base64url (`u`, no padding) of the SCALE encoding of
//! [`ProofValue`] (the Groth16 proof bytes and what the holder presents). Everything a
//! verifier needs is in standard Data Integrity properties, so JSON-LD processors see only
//! terms the VC 2.0 context defines.

use base64::Engine;
use codec::{Decode, Encode};
use pallet_presentation_runtime_api::{PresentError, Presented, RequestId};
use serde::{Deserialize, Serialize};

use crate::{
	chain_time::xml_datetime,
	presentation::{PresentationJson, PresentedJson, VerifyAnswer},
	revocation::CREDENTIALS_V2,
};

/// The Data Integrity cryptosuite of DIDimo's Groth16 presentations.
pub const CRYPTOSUITE: &str = "didimo-groth16-2026";
/// The prefix of a verification request's URN, the proof's `domain`.
pub const REQUEST_URN: &str = "urn:didimo:presentation-request:";
/// The prefix of the `type` of the problems in a verification result.
pub const PROBLEM_URN: &str = "urn:didimo:problem:";

/// The VC-API request body of `POST /presentations/verify`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyPresentationRequest {
	/// The presentation.
	pub verifiable_presentation: VerifiablePresentation,
	/// What the verifier expects.
	#[serde(default)]
	pub options: VerifyOptions,
}

/// The verifier's expectations: the challenge (nonce) it gave the holder and the request
/// (domain) it asked. Each one given must match the proof's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyOptions {
	/// The nonce, `0x` hex.
	#[serde(default)]
	pub challenge: Option<String>,
	/// The request URN.
	#[serde(default)]
	pub domain: Option<String>,
}

/// A verifiable presentation whose proof is a DIDimo Groth16 presentation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiablePresentation {
	/// JSON-LD contexts: the VC 2.0 context first.
	#[serde(rename = "@context")]
	pub context: Vec<String>,
	/// Its types: `VerifiablePresentation` among them.
	#[serde(rename = "type")]
	pub kind: OneOrMany,
	/// An identifier, if the wallet gives one.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub id: Option<String>,
	/// Credentials embedded alongside (not verified by this endpoint: the proof is the
	/// presentation).
	#[serde(default, rename = "verifiableCredential", skip_serializing_if = "Option::is_none")]
	pub verifiable_credential: Option<serde_json::Value>,
	/// The proof.
	pub proof: DataIntegrityProof,
}

/// A string or a list of strings, as JSON-LD allows for `type`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
	/// One.
	One(String),
	/// Several.
	Many(Vec<String>),
}

impl OneOrMany {
	fn contains(&self, value: &str) -> bool {
		match self {
			Self::One(one) => one == value,
			Self::Many(many) => many.iter().any(|item| item == value),
		}
	}
}

/// A W3C Data Integrity proof of the [`CRYPTOSUITE`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataIntegrityProof {
	/// `DataIntegrityProof`.
	#[serde(rename = "type")]
	pub kind: String,
	/// [`CRYPTOSUITE`].
	pub cryptosuite: String,
	/// `authentication`.
	pub proof_purpose: String,
	/// The presentation time the proof states, as an XML datetime (informative; it must
	/// equal the time in `proofValue`).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub created: Option<String>,
	/// The verification request's URN.
	pub domain: String,
	/// The verifier's nonce, `0x` hex of 32 bytes.
	pub challenge: String,
	/// `u` + base64url (no padding) of SCALE([`ProofValue`]).
	pub proof_value: String,
}

/// What `proofValue` carries: the Groth16 proof (192 bytes compressed or 384 uncompressed)
/// and what the holder presents.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct ProofValue {
	/// The Groth16 proof.
	pub proof: Vec<u8>,
	/// What the holder presents.
	pub presented: Presented,
}

/// A problem in a verification result: RFC 9457 problem details, as VC-API uses them, with
/// the type `urn:didimo:problem:<code>` and the code (a `PresentError` of the runtime in
/// camelCase, or one of this module's) as the title.
pub use crate::error::Problem;

impl Problem {
	fn new(code: &str, detail: impl Into<String>) -> Self {
		Self { kind: format!("{PROBLEM_URN}{code}"), title: code.into(), detail: detail.into() }
	}
}

/// The VC-API verification result: `verified`, the checks made, warnings and errors; and
/// when the presentation was checked against the chain, the node's answer (nullifier,
/// disclosed values, block).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerificationResult<Hash> {
	/// Whether the presentation verified.
	pub verified: bool,
	/// The checks made.
	pub checks: Vec<String>,
	/// Warnings.
	pub warnings: Vec<Problem>,
	/// Errors (empty when verified).
	pub errors: Vec<Problem>,
	/// The node's answer, as `presentation_verify` gives it.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub presentation: Option<VerifyAnswer<Hash>>,
}

impl<Hash> VerificationResult<Hash> {
	/// A result for input that could not be checked.
	pub fn malformed(code: &str, detail: impl Into<String>) -> Self {
		Self {
			verified: false,
			checks: Vec::new(),
			warnings: Vec::new(),
			errors: vec![Problem::new(code, detail)],
			presentation: None,
		}
	}

	/// The result of the chain's answer for a presentation [`parse`] accepted.
	pub fn from_answer(parsed: Parsed, answer: VerifyAnswer<Hash>) -> Self {
		let errors = match answer.reason {
			None => Vec::new(),
			Some(reason) => vec![Problem::new(&code(reason), describe(reason))],
		};
		Self {
			verified: answer.verified,
			checks: vec!["proof".into(), "challenge".into(), "domain".into()],
			warnings: parsed.warnings,
			errors,
			presentation: Some(answer),
		}
	}
}

/// A presentation [`parse`] accepted: what to verify and the warnings so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
	/// The presentation, as `presentation_verify` takes it.
	pub presentation: PresentationJson,
	/// Warnings about the presentation.
	pub warnings: Vec<Problem>,
}

/// A `PresentError`'s code: its camelCase name, as `presentation_verify` gives it.
pub fn code(reason: PresentError) -> String {
	serde_json::to_value(reason)
		.ok()
		.and_then(|value| value.as_str().map(str::to_owned))
		.unwrap_or_else(|| format!("{reason:?}"))
}

fn describe(reason: PresentError) -> &'static str {
	match reason {
		PresentError::UnknownRequest => "no verification request has this id",
		PresentError::RequestExpired => "the verification request has expired",
		PresentError::UnknownCircuit => "the request's circuit version is not registered",
		PresentError::CircuitRetired => "the request's circuit version is retired",
		PresentError::IssuerKeyUnavailable => "the issuer DID has no zero-knowledge key",
		PresentError::UnknownList => "the request's trusted-issuer list does not exist",
		PresentError::IssuerRootNotAccepted => "the issuer or list root is not accepted",
		PresentError::RegistryNotAccepted => "the revocation registry is not accepted",
		PresentError::RevocationRootNotAccepted => {
			"the revocation root is not the registry's current or a recent one"
		},
		PresentError::PresentationTooOld => "the presentation time is older than allowed",
		PresentError::PresentationInFuture => "the presentation time is in the future",
		PresentError::WrongDisclosure => "the disclosed values do not match the request",
		PresentError::NonCanonicalValue => "a presented value is not a canonical field element",
		PresentError::NullifierUsed => "the nullifier is already used in the request's scope",
		PresentError::MalformedProof => "the proof bytes are not a valid Groth16 proof",
		PresentError::ProofRejected => "the proof does not verify for the statement",
	}
}

/// Encodes `proof` and `presented` as a `proofValue`.
pub fn encode_proof_value(proof: &[u8], presented: &Presented) -> String {
	let bytes = ProofValue { proof: proof.to_vec(), presented: presented.clone() }.encode();
	format!("u{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// Decodes a `proofValue`.
pub fn decode_proof_value(text: &str) -> Result<ProofValue, String> {
	let encoded =
		text.strip_prefix('u').ok_or("proofValue must be multibase base64url (prefix u)")?;
	let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
		.decode(encoded)
		.map_err(|e| format!("proofValue is not base64url without padding: {e}"))?;
	ProofValue::decode(&mut &bytes[..])
		.ok()
		.filter(|value| value.encode() == bytes)
		.ok_or_else(|| "proofValue is not a SCALE-encoded proof and presented values".into())
}

/// The presentation `request` as a verifiable presentation: what a wallet sends.
pub fn presentation(
	request: &RequestId,
	proof: &[u8],
	presented: &Presented,
	nonce: &[u8; 32],
) -> VerifiablePresentation {
	VerifiablePresentation {
		context: vec![CREDENTIALS_V2.into()],
		kind: OneOrMany::Many(vec!["VerifiablePresentation".into()]),
		id: None,
		verifiable_credential: None,
		proof: DataIntegrityProof {
			kind: "DataIntegrityProof".into(),
			cryptosuite: CRYPTOSUITE.into(),
			proof_purpose: "authentication".into(),
			created: presented.time.checked_mul(1000).and_then(xml_datetime),
			domain: format!("{REQUEST_URN}{}", didimo_primitives::json::to_hex(request)),
			challenge: didimo_primitives::json::to_hex(nonce),
			proof_value: encode_proof_value(proof, presented),
		},
	}
}

fn digest(what: &str, text: &str) -> Result<[u8; 32], String> {
	didimo_primitives::json::from_hex(text)?
		.try_into()
		.map_err(|_| format!("{what} is not 32 bytes of hex"))
}

/// Checks the shape of a VC-API request and takes the presentation out of it; or the
/// problem code and detail that make it malformed.
pub fn parse(request: &VerifyPresentationRequest) -> Result<Parsed, (&'static str, String)> {
	let malformed = |detail: String| ("malformedPresentation", detail);
	let vp = &request.verifiable_presentation;
	if vp.context.first().map(String::as_str) != Some(CREDENTIALS_V2) {
		return Err(malformed(format!("@context must start with {CREDENTIALS_V2}")));
	}
	if !vp.kind.contains("VerifiablePresentation") {
		return Err(malformed("type must include VerifiablePresentation".into()));
	}
	let proof = &vp.proof;
	if proof.kind != "DataIntegrityProof" || proof.cryptosuite != CRYPTOSUITE {
		return Err((
			"unsupportedCryptosuite",
			format!("the proof must be a DataIntegrityProof of cryptosuite {CRYPTOSUITE}"),
		));
	}
	if proof.proof_purpose != "authentication" {
		return Err(malformed("proofPurpose must be authentication".into()));
	}
	let request_hex = proof
		.domain
		.strip_prefix(REQUEST_URN)
		.ok_or_else(|| malformed(format!("domain must be a {REQUEST_URN}0x… URN")))?;
	let request_id = digest("the domain's request id", request_hex).map_err(malformed)?;
	let nonce = digest("the challenge", &proof.challenge).map_err(malformed)?;
	if let Some(expected) = &request.options.domain {
		if *expected != proof.domain {
			return Err(("domainMismatch", "the proof is for another request".into()));
		}
	}
	if let Some(expected) = &request.options.challenge {
		let expected = digest("options.challenge", expected).map_err(malformed)?;
		if expected != nonce {
			return Err(("challengeMismatch", "the proof is for another challenge".into()));
		}
	}
	let value = decode_proof_value(&proof.proof_value).map_err(malformed)?;
	if let Some(created) = &proof.created {
		let stated = value.presented.time.checked_mul(1000).and_then(xml_datetime);
		if stated.as_deref() != Some(created.as_str()) {
			return Err(malformed("created is not the presentation time the proof states".into()));
		}
	}
	let mut warnings = Vec::new();
	if request.options.challenge.is_none() {
		warnings.push(Problem::new(
			"noExpectedChallenge",
			"no options.challenge: the nonce was taken from the proof, so any verifier's \
			 presentation for this request is accepted",
		));
	}
	if vp.verifiable_credential.is_some() {
		warnings.push(Problem::new(
			"credentialsNotVerified",
			"verifiableCredential is ignored: the zero-knowledge proof is the presentation",
		));
	}
	let presented = value.presented;
	Ok(Parsed {
		presentation: PresentationJson {
			request: request_id,
			proof: value.proof,
			presented: PresentedJson {
				time: presented.time,
				registry: presented.registry,
				revocation_root: presented.revocation_root,
				issuer_root: presented.issuer_root,
				nullifier: presented.nullifier,
				disclosed: presented.disclosed.into_inner(),
			},
			nonce,
		},
		warnings,
	})
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_runtime::BoundedVec;

	fn presented() -> Presented {
		Presented {
			time: 1_790_000_000,
			registry: 3,
			revocation_root: [1; 32],
			issuer_root: Some([2; 32]),
			nullifier: [3; 32],
			disclosed: BoundedVec::truncate_from(vec![[4; 32]]),
		}
	}

	fn request() -> VerifyPresentationRequest {
		VerifyPresentationRequest {
			verifiable_presentation: presentation(&[9; 32], &[7; 192], &presented(), &[8; 32]),
			options: VerifyOptions {
				challenge: Some(didimo_primitives::json::to_hex(&[8; 32])),
				domain: None,
			},
		}
	}

	#[test]
	fn a_wallets_presentation_parses_back() {
		let json = serde_json::to_value(request()).expect("serializes");
		assert_eq!(json["verifiablePresentation"]["proof"]["cryptosuite"], CRYPTOSUITE);
		assert_eq!(
			json["verifiablePresentation"]["proof"]["created"],
			serde_json::json!("2026-09-21T14:13:20Z")
		);
		let parsed: VerifyPresentationRequest = serde_json::from_value(json).expect("parses");
		let parsed = parse(&parsed).expect("well formed");
		assert_eq!(parsed.presentation.request, [9; 32]);
		assert_eq!(parsed.presentation.nonce, [8; 32]);
		assert_eq!(parsed.presentation.proof, vec![7; 192]);
		assert_eq!(parsed.presentation.presented.disclosed, vec![[4; 32]]);
		assert!(parsed.warnings.is_empty());
	}

	#[test]
	fn malformed_presentations_are_named() {
		let code = |edit: &dyn Fn(&mut VerifyPresentationRequest)| {
			let mut request = request();
			edit(&mut request);
			parse(&request).map(|_| ()).map_err(|(code, _)| code)
		};
		assert_eq!(code(&|_| {}), Ok(()));
		assert_eq!(
			code(&|r| r.verifiable_presentation.context = vec!["https://example.com".into()]),
			Err("malformedPresentation")
		);
		assert_eq!(
			code(&|r| r.verifiable_presentation.kind = OneOrMany::One("Other".into())),
			Err("malformedPresentation")
		);
		assert_eq!(
			code(&|r| r.verifiable_presentation.proof.cryptosuite = "bbs-2023".into()),
			Err("unsupportedCryptosuite")
		);
		assert_eq!(
			code(&|r| r.verifiable_presentation.proof.domain = "urn:other".into()),
			Err("malformedPresentation")
		);
		assert_eq!(
			code(&|r| r.options.challenge = Some(didimo_primitives::json::to_hex(&[1; 32]))),
			Err("challengeMismatch")
		);
		assert_eq!(code(&|r| r.options.domain = Some("urn:x".into())), Err("domainMismatch"));
		assert_eq!(
			code(&|r| r.verifiable_presentation.proof.proof_value.push('A')),
			Err("malformedPresentation")
		);
		assert_eq!(
			code(&|r| {
				r.verifiable_presentation.proof.proof_value.remove(0);
			}),
			Err("malformedPresentation")
		);
		assert_eq!(
			code(&|r| r.verifiable_presentation.proof.created = Some("2020-01-01T00:00:00Z".into())),
			Err("malformedPresentation")
		);
		// Without an expected challenge it parses, with a warning.
		let mut open = request();
		open.options.challenge = None;
		assert_eq!(parse(&open).expect("parses").warnings[0].title, "noExpectedChallenge");
	}

	#[test]
	fn proof_values_round_trip_and_refuse_trailing_bytes() {
		let text = encode_proof_value(&[5; 384], &presented());
		let value = decode_proof_value(&text).expect("decodes");
		assert_eq!(value.proof.len(), 384);
		assert_eq!(value.presented, presented());
		let mut bytes = ProofValue { proof: vec![5; 10], presented: presented() }.encode();
		bytes.push(0);
		let text = format!("u{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes));
		assert!(decode_proof_value(&text).is_err());
		// Nine disclosed values are more than a presentation has.
		let mut nine = ProofValue { proof: vec![], presented: presented() }.encode();
		let at = nine.len() - 33;
		nine[at] = 9 << 2;
		nine.extend([0u8; 32 * 8]);
		let text = format!("u{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(nine));
		assert!(decode_proof_value(&text).is_err());
	}

	#[test]
	fn results_name_the_reason() {
		assert_eq!(code(PresentError::RevocationRootNotAccepted), "revocationRootNotAccepted");
		let result = VerificationResult::<u32>::malformed("malformedPresentation", "bad");
		let json = serde_json::to_value(&result).expect("serializes");
		assert_eq!(json["verified"], serde_json::json!(false));
		assert_eq!(json["errors"][0]["type"], "urn:didimo:problem:malformedPresentation");
		assert!(json.get("presentation").is_none());
	}
}
