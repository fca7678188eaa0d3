//! When a block was made, from the `ChainTimeApi` runtime API (so a light client gets the same
//! answer with `state_call`), and chain time as the date-times W3C documents use.

use chrono::{DateTime, SecondsFormat, Utc};
use didimo_primitives::{consent::Moment, time::ChainTimeApi, BlockNumber};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

use crate::error::Error;

/// Chain time (milliseconds since the Unix epoch) as a date-time.
fn date_time(ms: Moment) -> Option<DateTime<Utc>> {
	DateTime::from_timestamp_millis(i64::try_from(ms).ok()?)
}

/// Chain time as an XML Schema `dateTime` in UTC to the second (`2026-11-26T01:02:03Z`), as DID
/// documents' metadata and credentials' `validFrom` carry it. `None` past the year 262,143.
pub fn xml_datetime(ms: Moment) -> Option<String> {
	date_time(ms).map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// Chain time as ISO 8601 in UTC to the millisecond (`2026-11-26T01:02:03.456Z`), as consent
/// records carry it. `None` past the year 262,143.
pub fn iso_ms(ms: Moment) -> Option<String> {
	date_time(ms).map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true))
}

/// The chain time of block `number` on the best chain; `None` if the node no longer has that
/// block's state (pruned), its runtime lacks the API, or it is genesis (which has no time).
pub fn block_time<Block, C>(client: &C, number: BlockNumber) -> Result<Option<Moment>, Error>
where
	Block: BlockT,
	Block::Header: sp_runtime::traits::Header<Number = BlockNumber>,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
	C::Api: ChainTimeApi<Block>,
{
	let Some(hash) = client.hash(number).map_err(|e| Error::Client(e.to_string()))? else {
		return Ok(None);
	};
	Ok(client.runtime_api().now(hash).ok().filter(|ms| *ms > 0))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn xml_datetime_matches_known_dates() {
		assert_eq!(xml_datetime(0).as_deref(), Some("1970-01-01T00:00:00Z"));
		assert_eq!(xml_datetime(951_782_400_000).as_deref(), Some("2000-02-29T00:00:00Z"));
		assert_eq!(xml_datetime(1_795_654_800_999).as_deref(), Some("2026-11-26T01:00:00Z"));
		assert_eq!(xml_datetime(4_107_542_399_000).as_deref(), Some("2100-02-28T23:59:59Z"));
		assert_eq!(xml_datetime(u64::MAX), None);
	}

	#[test]
	fn iso_ms_keeps_milliseconds() {
		assert_eq!(iso_ms(0).as_deref(), Some("1970-01-01T00:00:00.000Z"));
		assert_eq!(iso_ms(1_764_201_600_500).as_deref(), Some("2025-11-27T00:00:00.500Z"));
		assert_eq!(iso_ms(u64::MAX), None);
	}
}
