//! The HTTP endpoint's handling of what a client sends, without the server: the DID URL a
//! request path names, the representation an `Accept` header picks (content negotiation,
//! RFC 9110 §12.5.1), and whether a body is JSON. The node's endpoint (`didimo-node`'s
//! `did_resolver`, with hyper) answers with these; the `rpc` fuzz target feeds them
//! arbitrary requests.

use crate::{
	dereference::{URI_LIST, VC_MEDIA_TYPE},
	did::{DID_LD_JSON, DID_MEDIA_TYPE},
};

/// The path prefix of the Universal Resolver driver API.
pub const PREFIX: &str = "/1.0/identifiers/";
/// The path of the DIDimo JSON-LD context.
pub const CONTEXT_PATH: &str = "/contexts/didimo/v1";
/// The path of the VC-API presentation verifier.
pub const VERIFY_PATH: &str = "/presentations/verify";
/// The media type of a DID Resolution (or dereferencing) result.
pub const RESOLUTION_MEDIA_TYPE: &str = "application/did-resolution";
/// The legacy media type of a DID Resolution result, which older Universal Resolvers send.
pub const LEGACY_RESOLUTION_MEDIA_TYPE: &str =
	"application/ld+json;profile=\"https://w3id.org/did-resolution\"";
/// The profile of the legacy media type.
const RESOLUTION_PROFILE: &str = "https://w3id.org/did-resolution";
/// The media type of an RFC 9457 problem details object.
pub const PROBLEM_MEDIA_TYPE: &str = "application/problem+json";

/// The DID URL a request names: the path after [`PREFIX`], percent-decoded, with the request's
/// query (DID parameters or resolution options, which DIDimo treats alike) added to the DID
/// URL's; or the HTTP status code and message to answer with.
pub fn requested_did_url(path: &str, query: Option<&str>) -> Result<String, (u16, &'static str)> {
	let encoded = path.strip_prefix(PREFIX).ok_or((404, "use GET /1.0/identifiers/{did}"))?;
	let decoded = percent_encoding::percent_decode_str(encoded)
		.decode_utf8()
		.map_err(|_| (400, "the DID is not valid percent-encoded UTF-8"))?;
	let Some(query) = query.filter(|q| !q.is_empty()) else { return Ok(decoded.into_owned()) };
	let (base, fragment) = match decoded.split_once('#') {
		Some((base, fragment)) => (base, Some(fragment)),
		None => (&*decoded, None),
	};
	let joiner = if base.contains('?') { '&' } else { '?' };
	let mut url = format!("{base}{joiner}{query}");
	if let Some(fragment) = fragment {
		url.push('#');
		url.push_str(fragment);
	}
	Ok(url)
}

/// How an answer can be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Representation {
	/// `application/did-resolution`: the whole resolution (or dereferencing) result, errors
	/// as problem details.
	Result,
	/// The legacy media type: the whole result, errors as bare tokens.
	LegacyResult,
	/// The content alone, as this media type.
	Content(&'static str),
}

impl Representation {
	/// The media type and the `profile` parameter it is matched on.
	pub fn media_type(self) -> (&'static str, Option<&'static str>) {
		match self {
			Self::Result => (RESOLUTION_MEDIA_TYPE, None),
			Self::LegacyResult => ("application/ld+json", Some(RESOLUTION_PROFILE)),
			Self::Content(media) => (media, None),
		}
	}
}

/// The DID document's representations, the preferred first.
pub const DOCUMENT_REPRESENTATIONS: [Representation; 7] = [
	Representation::Result,
	Representation::Content(DID_MEDIA_TYPE),
	Representation::Content(DID_LD_JSON),
	Representation::Content("application/did+json"),
	Representation::Content("application/ld+json"),
	Representation::Content("application/json"),
	Representation::LegacyResult,
];

/// A part of a DID document's representations.
pub const FRAGMENT_REPRESENTATIONS: [Representation; 7] = [
	Representation::Content(DID_MEDIA_TYPE),
	Representation::Content(DID_LD_JSON),
	Representation::Content("application/did+json"),
	Representation::Content("application/ld+json"),
	Representation::Content("application/json"),
	Representation::Result,
	Representation::LegacyResult,
];

/// A status list credential's representations.
pub const STATUS_LIST_REPRESENTATIONS: [Representation; 6] = [
	Representation::Content(VC_MEDIA_TYPE),
	Representation::Content("application/vc+ld+json"),
	Representation::Content("application/ld+json"),
	Representation::Content("application/json"),
	Representation::Result,
	Representation::LegacyResult,
];

/// A selected service endpoint's: a redirect, or the result when asked for.
pub const ENDPOINT_REPRESENTATIONS: [Representation; 3] =
	[Representation::Content(URI_LIST), Representation::Result, Representation::LegacyResult];

/// An error's: the result, or problem details alone.
pub const ERROR_REPRESENTATIONS: [Representation; 3] = [
	Representation::Result,
	Representation::Content(PROBLEM_MEDIA_TYPE),
	Representation::LegacyResult,
];

/// One media range of an `Accept` header.
pub struct MediaRange<'a> {
	/// The type, `*` for any.
	pub kind: &'a str,
	/// The subtype, `*` for any.
	pub subtype: &'a str,
	/// The `profile` parameter, if any.
	pub profile: Option<&'a str>,
	/// The `q` parameter, 1 if absent.
	pub quality: f32,
}

/// The media ranges of an `Accept` header value (RFC 9110 §12.5.1); malformed ones are
/// skipped.
pub fn media_ranges(accept: &str) -> Vec<MediaRange<'_>> {
	accept
		.split(',')
		.filter_map(|range| {
			let mut parts = range.split(';').map(str::trim);
			let (kind, subtype) = parts.next()?.split_once('/')?;
			let (mut profile, mut quality) = (None, 1.0);
			for parameter in parts {
				let Some((name, value)) = parameter.split_once('=') else { continue };
				let value = value.trim().trim_matches('"');
				match name.trim().to_ascii_lowercase().as_str() {
					"q" => {
						quality = value.parse::<f32>().ok().filter(|q| (0.0..=1.0).contains(q))?
					},
					"profile" => profile = Some(value),
					_ => {},
				}
			}
			Some(MediaRange { kind: kind.trim(), subtype: subtype.trim(), profile, quality })
		})
		.collect()
}

/// The representation to send, of `offered` (the preferred first), for an `Accept` header:
/// the one the client rates highest (by the most specific range that matches it), the
/// earlier on ties; the first if there is no header; `None` if the client accepts none.
pub fn negotiate(accept: Option<&str>, offered: &[Representation]) -> Option<Representation> {
	let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
		return offered.first().copied();
	};
	let ranges = media_ranges(accept);
	let mut best: Option<(Representation, f32)> = None;
	for &candidate in offered {
		let (media, profile) = candidate.media_type();
		let Some((kind, subtype)) = media.split_once('/') else { continue };
		// The quality of the most specific matching range.
		let quality = ranges
			.iter()
			.filter_map(|range| {
				let kind_matches = range.kind == "*" || range.kind.eq_ignore_ascii_case(kind);
				let subtype_matches =
					range.subtype == "*" || range.subtype.eq_ignore_ascii_case(subtype);
				let profile_matches = match (range.profile, profile) {
					(None, _) => true,
					(Some(asked), Some(offered)) => asked == offered,
					(Some(_), None) => false,
				};
				if !(kind_matches && subtype_matches && profile_matches) {
					return None;
				}
				let specificity = match (range.kind, range.subtype, range.profile) {
					("*", _, _) => 0,
					(_, "*", _) => 1,
					(_, _, None) => 2,
					_ => 3,
				};
				Some((specificity, range.quality))
			})
			.max_by_key(|(specificity, _)| *specificity)
			.map(|(_, quality)| quality)
			.unwrap_or(0.0);
		if quality > 0.0 && best.is_none_or(|(_, q)| quality > q) {
			best = Some((candidate, quality));
		}
	}
	best.map(|(representation, _)| representation)
}

/// Whether a request's `Content-Type` is JSON (`application/json` or `application/ld+json`,
/// with any parameters).
pub fn is_json(content_type: Option<&str>) -> bool {
	let Some(value) = content_type else { return false };
	let media = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
	media == "application/json" || media == "application/ld+json"
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn request_paths_name_percent_encoded_did_urls() {
		let url = |path: &str, query| requested_did_url(path, query).map_err(|(status, _)| status);
		assert_eq!(url("/1.0/identifiers/did%3Adidimo%3Aabc", None), Ok("did:didimo:abc".into()));
		assert_eq!(url("/1.0/identifiers/did:didimo:abc", None), Ok("did:didimo:abc".into()));
		assert_eq!(url("/1.0/identifiers/%ff", None), Err(400));
		assert_eq!(url("/2.0/identifiers/did:didimo:abc", None), Err(404));
		// Not an escape: left as it is, and the resolver reports the DID invalid.
		assert_eq!(url("/1.0/identifiers/%zz", None), Ok("%zz".into()));
		// A fragment can only come encoded; the request's query joins the DID URL's, before
		// the fragment.
		assert_eq!(
			url("/1.0/identifiers/did:didimo:abc%23key-1", Some("versionId=2")),
			Ok("did:didimo:abc?versionId=2#key-1".into())
		);
		assert_eq!(
			url("/1.0/identifiers/did%3Adidimo%3Aabc%3Fservice%3Dweb", Some("relativeRef=%2Fa")),
			Ok("did:didimo:abc?service=web&relativeRef=%2Fa".into())
		);
		assert_eq!(
			url("/1.0/identifiers/did:didimo:abc/status-lists/0", Some("")),
			Ok("did:didimo:abc/status-lists/0".into())
		);
	}

	#[test]
	fn accept_headers_pick_the_clients_highest_rated_representation() {
		use Representation::*;
		let pick = |accept| negotiate(accept, &DOCUMENT_REPRESENTATIONS);
		// No header, or any type: the whole result.
		assert_eq!(pick(None), Some(Result));
		assert_eq!(pick(Some("*/*")), Some(Result));
		// The Universal Resolver's current header: the first of ours it names.
		assert_eq!(pick(Some("application/did-resolution,application/did")), Some(Result));
		assert_eq!(pick(Some("application/did")), Some(Content(DID_MEDIA_TYPE)));
		assert_eq!(pick(Some("application/did+ld+json")), Some(Content(DID_LD_JSON)));
		assert_eq!(pick(Some("application/did+json")), Some(Content("application/did+json")));
		// The legacy profile is matched on; plain JSON-LD is the document.
		assert_eq!(pick(Some(LEGACY_RESOLUTION_MEDIA_TYPE)), Some(LegacyResult));
		assert_eq!(
			pick(Some("application/ld+json; profile=\"https://w3id.org/did-resolution\"; q=0.9")),
			Some(LegacyResult)
		);
		assert_eq!(pick(Some("application/ld+json")), Some(Content("application/ld+json")));
		// Qualities rank; q=0 refuses; the most specific range gives a type its quality.
		assert_eq!(
			pick(Some("application/did-resolution;q=0.5, application/did")),
			Some(Content(DID_MEDIA_TYPE))
		);
		assert_eq!(
			pick(Some("application/*, application/did-resolution;q=0")),
			Some(Content(DID_MEDIA_TYPE))
		);
		assert_eq!(pick(Some("image/png")), None);
		assert_eq!(pick(Some("text/*")), None);
		assert_eq!(pick(Some("garbage")), None);
		// A status list is the credential unless the whole result is asked for.
		let list = |accept| negotiate(accept, &STATUS_LIST_REPRESENTATIONS);
		assert_eq!(list(None), Some(Content(VC_MEDIA_TYPE)));
		assert_eq!(list(Some("application/json")), Some(Content("application/json")));
		assert_eq!(list(Some("application/did-resolution")), Some(Result));
	}

	#[test]
	fn only_json_bodies_are_verified() {
		let json = |value: &str| is_json(Some(value));
		assert!(json("application/json"));
		assert!(json("Application/JSON; charset=utf-8"));
		assert!(json("application/ld+json"));
		assert!(!json("text/plain"));
		assert!(!json("application/jsonx"));
		assert!(!is_json(None));
	}
}
