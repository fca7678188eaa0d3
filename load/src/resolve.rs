//! `did_resolve` under concurrent clients: each client resolves DIDs one after another over
//! its own kept-alive connection for a fixed time; latency percentiles and throughput.

use std::{
	cell::RefCell,
	time::{Duration, Instant},
};

use serde_json::json;

use crate::{
	chain::Chain,
	report::{ms, quantile, Metrics, Usage, UsageSummary},
	rpc::Rpc,
	Error,
};

/// How long each phase runs before it is measured, to open the connections and warm up.
const WARM_UP: Duration = Duration::from_secs(1);

/// One phase's figures.
pub struct Phase {
	/// Concurrent clients.
	pub clients: usize,
	/// Every measured call's latency, sorted.
	pub latencies: Vec<Duration>,
	/// Calls that failed or did not return a document.
	pub errors: u64,
	/// The first failure, for the report.
	pub first_error: Option<String>,
	/// Calls per second over the measured time.
	pub rate: f64,
	/// CPU use over the measured time.
	pub usage: UsageSummary,
}

impl Phase {
	/// One line of the report.
	pub fn line(&self) -> String {
		let l = &self.latencies;
		format!(
			"{:>3} clients: {:>7} calls, {:>7.0}/s, p50 {}, p90 {}, p99 {}, max {}, {} errors; {}",
			self.clients,
			l.len(),
			self.rate,
			ms(quantile(l, 0.5)),
			ms(quantile(l, 0.9)),
			ms(quantile(l, 0.99)),
			ms(quantile(l, 1.0)),
			self.errors,
			self.usage.cpu(),
		)
	}
}

/// Resolves `dids` (in turn) from `clients` concurrent clients for `seconds`.
pub async fn phase(
	url: &str,
	dids: &[String],
	clients: usize,
	seconds: u64,
	metrics: &Metrics,
) -> Result<Phase, Error> {
	// One client (and so one connection) per caller, as separate applications would have.
	let callers: Vec<Rpc> = (0..clients).map(|_| Rpc::new(url)).collect::<Result<_, _>>()?;
	let start = Instant::now();
	let measure_from = start + WARM_UP;
	let end = measure_from + Duration::from_secs(seconds);
	let usage = RefCell::new(None::<Usage>);
	let runs = callers.iter().enumerate().map(|(c, rpc)| {
		let usage = &usage;
		async move {
			let mut latencies = Vec::new();
			let (mut errors, mut first_error) = (0u64, None::<String>);
			let mut next = c;
			loop {
				let now = Instant::now();
				if now >= end {
					break;
				}
				if now >= measure_from && usage.borrow().is_none() {
					*usage.borrow_mut() = Some(Usage::start(metrics));
				}
				let did = &dids[next % dids.len()];
				next += clients;
				let sent = Instant::now();
				let answer = rpc.call("did_resolve", json!([did])).await;
				let took = sent.elapsed();
				if sent < measure_from {
					continue;
				}
				latencies.push(took);
				let failure = match answer {
					Ok(result) if result["didDocument"]["id"] == json!(did) => None,
					Ok(result) => Some(format!("{did}: {}", result["didResolutionMetadata"])),
					Err(e) => Some(e.to_string()),
				};
				if let Some(failure) = failure {
					errors += 1;
					first_error.get_or_insert(failure);
				}
			}
			(latencies, errors, first_error)
		}
	});
	let results = futures::future::join_all(runs).await;
	let usage = usage.into_inner().map(|u| u.summary());
	let measured = start.elapsed().saturating_sub(WARM_UP);
	let mut phase = Phase {
		clients,
		latencies: Vec::new(),
		errors: 0,
		first_error: None,
		rate: 0.0,
		usage: usage.ok_or_else(|| Error("the phase ended before it was measured".into()))?,
	};
	for (latencies, errors, first_error) in results {
		phase.latencies.extend(latencies);
		phase.errors += errors;
		if phase.first_error.is_none() {
			phase.first_error = first_error;
		}
	}
	phase.latencies.sort_unstable();
	phase.rate = phase.latencies.len() as f64 / measured.as_secs_f64().max(1e-9);
	Ok(phase)
}

/// Checks that the DIDs to resolve exist, so the figures are of real resolutions.
pub async fn check_dids(chain: &Chain, dids: &[String]) -> Result<(), Error> {
	for did in [dids.first(), dids.last()].into_iter().flatten() {
		let answer = chain.rpc.call("did_resolve", json!([did])).await?;
		if answer["didDocument"]["id"] != json!(did) {
			return Err(Error(format!(
				"{did} does not resolve to a document ({})",
				answer["didResolutionMetadata"]
			)));
		}
	}
	Ok(())
}
