//! Drives the real `didimo-node` binary: starts it on free local ports with a temporary base
//! path (`tempfile`), reads its log, and talks JSON-RPC to it over HTTP (`attohttpc`, a
//! blocking HTTP/1.1 client).

use std::{
	io::{BufRead, BufReader},
	net::TcpListener,
	path::Path,
	process::{Child, Command, ExitStatus, Stdio},
	sync::{Arc, Mutex},
	thread,
	time::{Duration, Instant},
};

use serde_json::{json, Value};

/// The node binary cargo built for these tests.
pub const NODE: &str = env!("CARGO_BIN_EXE_didimo-node");

/// How long a node gets to start (compile the runtime, open the database, bind RPC).
const START_TIMEOUT: Duration = Duration::from_secs(180);

/// A free TCP port on 127.0.0.1 (the OS picks it; the listener is closed before use).
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|l| l.local_addr())
		.map(|a| a.port())
		.expect("an ephemeral port is available")
}

/// A directory under the system temp dir for one test's node, removed on drop.
pub fn temp_dir(tag: &str) -> tempfile::TempDir {
	tempfile::Builder::new()
		.prefix(&format!("didimo-e2e-{tag}-"))
		.tempdir()
		.expect("a temp dir can be created")
}

/// A JSON-RPC error object.
#[derive(Debug, Clone)]
pub struct RpcError {
	pub code: i64,
	pub message: String,
}

/// A running `didimo-node --dev`.
pub struct Node {
	child: Child,
	log: Arc<Mutex<Vec<String>>>,
	pub rpc_addr: String,
	pub prometheus_port: u16,
}

impl Node {
	/// Starts a dev node with its database in `base_path`, and waits for its RPC server.
	pub fn start_dev(base_path: &Path) -> Self {
		Self::start(base_path, &[])
	}

	/// Starts a dev node with extra arguments.
	pub fn start(base_path: &Path, extra: &[&str]) -> Self {
		let mut args = vec!["--dev", "--listen-addr", "/ip4/127.0.0.1/tcp/0"];
		args.extend(extra);
		Self::launch(base_path, &args)
	}

	/// Starts a node with `args` (its chain, role and listen address among them), its database
	/// in `base_path`, RPC on a free port, no telemetry or mDNS; waits for its RPC server.
	pub fn launch(base_path: &Path, args: &[&str]) -> Self {
		let prometheus_port = free_port();
		let mut child = Command::new(NODE)
			.args(["--no-telemetry", "--no-mdns", "--rpc-port", "0"])
			.args(["--prometheus-port", &prometheus_port.to_string()])
			.arg("--base-path")
			.arg(base_path)
			.args(args)
			.stdin(Stdio::null())
			.stdout(Stdio::null())
			.stderr(Stdio::piped())
			.spawn()
			.expect("didimo-node starts");

		let log = Arc::new(Mutex::new(Vec::new()));
		let stderr = child.stderr.take().expect("stderr is piped");
		let sink = log.clone();
		thread::spawn(move || {
			for line in BufReader::new(stderr).lines().map_while(Result::ok) {
				if let Ok(mut log) = sink.lock() {
					log.push(line);
				}
			}
		});

		let mut node = Node { child, log, rpc_addr: String::new(), prometheus_port };
		let started = Instant::now();
		loop {
			if let Some(addr) = node.find_rpc_addr() {
				node.rpc_addr = addr;
				break;
			}
			if let Ok(Some(status)) = node.child.try_wait() {
				panic!("didimo-node exited during start-up ({status}):\n{}", node.log_tail(60));
			}
			if started.elapsed() > START_TIMEOUT {
				panic!("didimo-node did not start its RPC server:\n{}", node.log_tail(60));
			}
			thread::sleep(Duration::from_millis(200));
		}
		node
	}

	/// The JSON-RPC listen address from the log line
	/// `Running JSON-RPC server: addr=127.0.0.1:PORT,...`.
	fn find_rpc_addr(&self) -> Option<String> {
		let log = self.log.lock().ok()?;
		log.iter().find_map(|line| {
			let rest = line.split("Running JSON-RPC server: addr=").nth(1)?;
			let addr = rest.split([',', ' ']).next()?.trim();
			let port = addr.rsplit(':').next()?;
			Some(format!("127.0.0.1:{port}"))
		})
	}

	/// The port of the DID resolver HTTP endpoint, from its start-up log line. The node may
	/// log it after its RPC server's (a busy machine delays the task that serves it), so
	/// this waits for the line, for up to half a minute.
	pub fn did_resolver_port(&self) -> Option<u16> {
		let started = Instant::now();
		loop {
			let port = self.log.lock().ok()?.iter().find_map(|line| {
				let rest = line.split("(Universal Resolver driver) on http://").nth(1)?;
				let host = rest.split('/').next()?;
				host.rsplit(':').next()?.parse().ok()
			});
			if port.is_some() || started.elapsed() > Duration::from_secs(30) {
				return port;
			}
			thread::sleep(Duration::from_millis(100));
		}
	}

	/// The last `n` lines the node logged.
	pub fn log_tail(&self, n: usize) -> String {
		let log = self.log.lock().map(|l| l.clone()).unwrap_or_default();
		log[log.len().saturating_sub(n)..].join("\n")
	}

	/// Whether any log line contains `needle`.
	pub fn logged(&self, needle: &str) -> bool {
		self.log.lock().map(|l| l.iter().any(|line| line.contains(needle))).unwrap_or(false)
	}

	/// Calls `method` and returns its result or its JSON-RPC error.
	pub fn rpc(&self, method: &str, params: Value) -> Result<Value, RpcError> {
		let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params });
		let response = http_post(&self.rpc_addr, "/", &body.to_string())
			.unwrap_or_else(|e| panic!("RPC {method} failed at HTTP level: {e}"));
		let response: Value = serde_json::from_str(&response)
			.unwrap_or_else(|e| panic!("RPC {method} answered non-JSON ({e}): {response}"));
		if let Some(error) = response.get("error") {
			return Err(RpcError {
				code: error["code"].as_i64().unwrap_or_default(),
				message: error["message"].as_str().unwrap_or_default().to_string(),
			});
		}
		Ok(response["result"].clone())
	}

	/// Calls `method`, which must succeed.
	pub fn call(&self, method: &str, params: Value) -> Value {
		self.rpc(method, params).unwrap_or_else(|e| {
			panic!("RPC {method} failed: {e:?}\nnode log:\n{}", self.log_tail(30))
		})
	}

	/// The best block's number.
	pub fn best_number(&self) -> u64 {
		header_number(&self.call("chain_getHeader", json!([])))
	}

	/// The finalized block's number and hash.
	pub fn finalized(&self) -> (u64, String) {
		let hash = self.call("chain_getFinalizedHead", json!([]));
		let header = self.call("chain_getHeader", json!([hash]));
		(header_number(&header), hash.as_str().unwrap_or_default().to_string())
	}

	/// Polls `condition` every 500 ms until it holds; panics with the node's log after
	/// `timeout`.
	pub fn wait_for(
		&self,
		what: &str,
		timeout: Duration,
		mut condition: impl FnMut(&Self) -> bool,
	) {
		let started = Instant::now();
		while !condition(self) {
			if started.elapsed() > timeout {
				panic!("timed out after {timeout:?} waiting for {what}:\n{}", self.log_tail(40));
			}
			thread::sleep(Duration::from_millis(500));
		}
	}

	/// Stops the node as an operator would (SIGINT), waiting for it to exit.
	pub fn stop(mut self) -> ExitStatus {
		let pid = self.child.id().to_string();
		let _ = Command::new("kill").args(["-INT", &pid]).status();
		let started = Instant::now();
		loop {
			if let Ok(Some(status)) = self.child.try_wait() {
				return status;
			}
			if started.elapsed() > Duration::from_secs(60) {
				let _ = self.child.kill();
				panic!("didimo-node did not stop on SIGINT:\n{}", self.log_tail(30));
			}
			thread::sleep(Duration::from_millis(100));
		}
	}
}

impl Node {
	/// Kills the node with SIGKILL (`kill -9`), as a crash or an impatient operator would,
	/// and reaps it.
	pub fn kill_hard(mut self) {
		let pid = self.child.id().to_string();
		let _ = Command::new("kill").args(["-KILL", &pid]).status();
		let _ = self.child.wait();
	}

	/// The peer id the node logged at start-up (`Local node identity is: <peer id>`).
	pub fn peer_id(&self) -> Option<String> {
		let log = self.log.lock().ok()?;
		log.iter().find_map(|line| {
			let id = line.split("Local node identity is: ").nth(1)?;
			Some(id.split_whitespace().next()?.to_owned())
		})
	}

	/// How many log lines contain `needle`.
	pub fn count_logged(&self, needle: &str) -> usize {
		self.log.lock().map(|l| l.iter().filter(|line| line.contains(needle)).count()).unwrap_or(0)
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

/// A header's `number` field (hex) as an integer.
pub fn header_number(header: &Value) -> u64 {
	let hex = header["number"].as_str().expect("header has a number");
	u64::from_str_radix(hex.trim_start_matches("0x"), 16).expect("number is hex")
}

/// POSTs `body` as JSON to `http://{addr}{path}` and returns the response body.
pub fn http_post(addr: &str, path: &str, body: &str) -> Result<String, attohttpc::Error> {
	attohttpc::post(format!("http://{addr}{path}"))
		.header("Content-Type", "application/json")
		.timeout(Duration::from_secs(30))
		.text(body)
		.send()?
		.text()
}

/// An HTTP/1.1 request to `http://{addr}{path}`; returns the status code and body.
pub fn http_request(
	addr: &str,
	method: &str,
	path: &str,
	body: Option<&str>,
) -> Result<(u16, String), attohttpc::Error> {
	let method = attohttpc::Method::from_bytes(method.as_bytes())
		.map_err(|e| attohttpc::Error::from(std::io::Error::other(e.to_string())))?;
	let url = format!("http://{addr}{path}");
	let request = attohttpc::RequestBuilder::new(method, url).timeout(Duration::from_secs(30));
	let response = match body {
		Some(body) => request.header("Content-Type", "application/json").text(body).send()?,
		None => request.send()?,
	};
	let status = response.status().as_u16();
	Ok((status, response.text()?))
}

/// An HTTP GET answer: the status, the `Content-Type` and `Location` headers, and the body.
pub struct HttpAnswer {
	pub status: u16,
	pub content_type: String,
	pub location: Option<String>,
	pub body: String,
}

impl HttpAnswer {
	/// The body as JSON.
	pub fn json(&self) -> Value {
		serde_json::from_str(&self.body)
			.unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body))
	}
}

/// GETs `http://{addr}{path}` with the `Accept` header `accept` (none if `None`), without
/// following redirects.
pub fn http_get(addr: &str, path: &str, accept: Option<&str>) -> HttpAnswer {
	let mut request = attohttpc::get(format!("http://{addr}{path}"))
		.follow_redirects(false)
		.timeout(Duration::from_secs(30));
	if let Some(accept) = accept {
		request = request.header("Accept", accept);
	}
	let response = request.send().unwrap_or_else(|e| panic!("GET {path}: {e}"));
	let header =
		|name| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
	let (content_type, location) = (header("content-type").unwrap_or_default(), header("location"));
	let status = response.status().as_u16();
	let body = response.text().unwrap_or_else(|e| panic!("GET {path}: body: {e}"));
	HttpAnswer { status, content_type, location, body }
}

/// Runs `didimo-node` with `args` to completion; returns its status and stderr+stdout.
pub fn run_to_completion(args: &[&str]) -> (ExitStatus, String) {
	let output = Command::new(NODE).args(args).output().expect("didimo-node runs");
	let mut text = String::from_utf8_lossy(&output.stderr).to_string();
	text.push_str(&String::from_utf8_lossy(&output.stdout));
	(output.status, text)
}
