//! What the load cost: CPU time of the node and of this tool (from `/proc`), the size of the
//! node's transaction pool (its Prometheus endpoint), and latency percentiles.

use std::time::{Duration, Instant};

use crate::rpc::Rpc;

/// Linux reports process CPU time in clock ticks of `USER_HZ`, which is 100 on every
/// architecture the node runs on.
const USER_HZ: f64 = 100.0;

/// Where to read the node's figures from.
pub struct Metrics {
	/// The node's process id, for its CPU time.
	pub node_pid: Option<u32>,
	/// The node's Prometheus endpoint (`http://127.0.0.1:9615/metrics`) and a client for it.
	pub prometheus: Option<(String, Rpc)>,
}

/// CPU seconds (user + system) a process has used: `/proc/<pid>/stat` fields 14 and 15.
fn cpu_seconds(pid: &str) -> Option<f64> {
	let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
	// The command name (field 2) is in parentheses and may hold spaces: count from after it.
	let rest = &stat[stat.rfind(')')? + 2..];
	let fields: Vec<&str> = rest.split_whitespace().collect();
	let ticks = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
	Some(ticks / USER_HZ)
}

/// How many transactions are ready in the node's pool (`substrate_ready_transactions_number`),
/// if it serves Prometheus.
pub async fn pool_size(metrics: &Metrics) -> Option<u64> {
	let (url, client) = metrics.prometheus.as_ref()?;
	let text = client.get(url).await.ok()?;
	ready_transactions(&text)
}

/// `substrate_ready_transactions_number` in Prometheus' text format (with or without labels).
fn ready_transactions(text: &str) -> Option<u64> {
	text.lines()
		.filter(|line| !line.starts_with('#'))
		.find_map(|line| {
			let rest = line.strip_prefix("substrate_ready_transactions_number")?;
			(rest.starts_with(' ') || rest.starts_with('{')).then(|| rest.rsplit(' ').next())?
		})
		.and_then(|value| value.trim().parse::<f64>().ok())
		.map(|value| value as u64)
}

/// CPU use over a run, and the pool's size at each block.
pub struct Usage {
	start: Instant,
	node_start: Option<f64>,
	tool_start: Option<f64>,
	pool: Vec<u64>,
	node_pid: Option<String>,
}

/// [`Usage`] at the end of a run.
#[derive(Clone, Debug)]
pub struct UsageSummary {
	/// The node's CPU use: 100% is one core busy throughout.
	pub node_cpu: Option<f64>,
	/// This tool's.
	pub tool_cpu: Option<f64>,
	/// The most transactions ready in the pool at a block.
	pub max_pool: Option<u64>,
}

impl Usage {
	/// Starts counting.
	pub fn start(metrics: &Metrics) -> Self {
		let node_pid = metrics.node_pid.map(|pid| pid.to_string());
		Self {
			start: Instant::now(),
			node_start: node_pid.as_deref().and_then(cpu_seconds),
			tool_start: cpu_seconds("self"),
			pool: Vec::new(),
			node_pid,
		}
	}

	/// Keeps a reading of the pool's size.
	pub fn record_pool(&mut self, ready: Option<u64>) {
		self.pool.extend(ready);
	}

	/// The figures so far.
	pub fn summary(&self) -> UsageSummary {
		let elapsed = self.start.elapsed();
		let share = |start: Option<f64>, now: Option<f64>| {
			Some((now? - start?) / elapsed.as_secs_f64().max(1e-9) * 100.0)
		};
		UsageSummary {
			node_cpu: share(self.node_start, self.node_pid.as_deref().and_then(cpu_seconds)),
			tool_cpu: share(self.tool_start, cpu_seconds("self")),
			max_pool: self.pool.iter().copied().max(),
		}
	}
}

impl UsageSummary {
	/// `node 143% CPU, load generator 38%`.
	pub fn cpu(&self) -> String {
		let show = |v: Option<f64>| v.map_or_else(|| "?".to_string(), |v| format!("{v:.0}%"));
		format!("node {} CPU, load generator {}", show(self.node_cpu), show(self.tool_cpu))
	}
}

/// The `q`-quantile (0..=1) of sorted `values`, by the nearest-rank method.
pub fn quantile(sorted: &[Duration], q: f64) -> Duration {
	if sorted.is_empty() {
		return Duration::ZERO;
	}
	let rank = (q * sorted.len() as f64).ceil() as usize;
	sorted[rank.clamp(1, sorted.len()) - 1]
}

/// A duration in milliseconds with three decimals.
pub fn ms(duration: Duration) -> String {
	format!("{:.3} ms", duration.as_secs_f64() * 1000.0)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn quantiles_use_the_nearest_rank() {
		let values: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
		assert_eq!(quantile(&values, 0.5), Duration::from_millis(50));
		assert_eq!(quantile(&values, 0.99), Duration::from_millis(99));
		assert_eq!(quantile(&values, 1.0), Duration::from_millis(100));
		assert_eq!(quantile(&values[..1], 0.99), Duration::from_millis(1));
		assert_eq!(quantile(&[], 0.5), Duration::ZERO);
	}

	#[test]
	fn the_pool_size_is_read_from_prometheus_text() {
		let text = "# HELP substrate_ready_transactions_number Number of transactions\n\
			# TYPE substrate_ready_transactions_number gauge\n\
			substrate_ready_transactions_number_total 9\n\
			substrate_ready_transactions_number{chain=\"didimo_dev\"} 1234\n";
		assert_eq!(ready_transactions(text), Some(1234));
		assert_eq!(ready_transactions("substrate_ready_transactions_number 7\n"), Some(7));
		assert_eq!(ready_transactions("other_metric 7\n"), None);
	}

	#[test]
	fn this_process_has_used_cpu() {
		let used = cpu_seconds("self").expect("/proc/self/stat");
		assert!(used >= 0.0);
		assert_eq!(cpu_seconds("no-such-process"), None);
	}
}
