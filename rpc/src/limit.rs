//! Bounded concurrency for heavy RPC methods.
//!
//! A `blocking` jsonrpsee method runs on tokio's blocking pool. That keeps it off the async
//! executor, but nothing bounds how many run at once except the pool's size (the RPC runtime
//! allows one thread per connection). A burst of expensive calls, such as 32 status lists of a
//! 2^20-slot registry at once, then competes with block import and authoring for every core.
//!
//! A [`Limiter`] admits at most `concurrency` such jobs at a time. Each runs on the blocking
//! pool under a permit, and the permit goes with the job. A caller that goes away (its client
//! disconnected) does not free the slot while its job is still running.
//! - A job that finds every slot taken waits, without holding a thread, in a queue of at most
//!   `max_queued` jobs, and for at most `max_wait`.
//! - A job that finds the queue full, or waits longer than that, fails with
//!   [`LimitError::Busy`]. That becomes JSON-RPC's "server is busy" error (`-32009`).
//!
//! Clones share one bound. The node makes one limiter ([`Limiter::for_heavy_reads`]) and hands
//! it to every module with heavy methods, which call [`Limiter::run`] from `async` methods:
//!
//! ```ignore
//! async fn status_list(&self, registry: RegistryId, at: Option<Hash>) -> RpcResult<...> {
//!     let client = self.client.clone();
//!     let answer = self.heavy.run(move || read_and_encode(&client, registry, at)).await??;
//!     Ok(answer)
//! }
//! ```

use std::{
	sync::{
		atomic::{AtomicUsize, Ordering},
		Arc,
	},
	time::Duration,
};

use jsonrpsee::{
	tokio::{runtime::Handle, sync::Semaphore, time},
	types::error::{
		ErrorObjectOwned, INTERNAL_ERROR_CODE, SERVER_IS_BUSY_CODE, SERVER_IS_BUSY_MSG,
	},
};

/// How many jobs may wait for each slot in [`Limiter::for_heavy_reads`]. Waiting costs no
/// thread, and a witness or a status list takes milliseconds to tens of milliseconds, so a
/// full queue drains well within [`MAX_WAIT`].
pub const QUEUED_PER_SLOT: usize = 64;
/// How long a job waits for a slot in [`Limiter::for_heavy_reads`] before it is turned away.
pub const MAX_WAIT: Duration = Duration::from_secs(5);

/// Why [`Limiter::run`] did not return the job's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LimitError {
	/// Every slot was taken and the queue was full, or no slot freed up within the wait.
	Busy,
	/// The job panicked, or could not be started (no tokio runtime, never expected).
	Failed(String),
}

impl core::fmt::Display for LimitError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Self::Busy => f.write_str(SERVER_IS_BUSY_MSG),
			Self::Failed(e) => write!(f, "the request's work failed: {e}"),
		}
	}
}

impl std::error::Error for LimitError {}

impl From<LimitError> for ErrorObjectOwned {
	fn from(error: LimitError) -> Self {
		let code = match &error {
			LimitError::Busy => SERVER_IS_BUSY_CODE,
			LimitError::Failed(_) => INTERNAL_ERROR_CODE,
		};
		ErrorObjectOwned::owned(code, error.to_string(), None::<()>)
	}
}

/// Admits at most `concurrency` jobs at once onto the blocking pool (see the module docs).
#[derive(Clone, Debug)]
pub struct Limiter {
	inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
	permits: Arc<Semaphore>,
	concurrency: usize,
	queued: AtomicUsize,
	max_queued: usize,
	max_wait: Duration,
}

/// Counts a job in the queue for as long as it waits, even if its caller goes away.
struct Queued<'a>(&'a AtomicUsize);

impl Drop for Queued<'_> {
	fn drop(&mut self) {
		self.0.fetch_sub(1, Ordering::AcqRel);
	}
}

impl Limiter {
	/// A limiter running at most `concurrency` jobs at once (at least one), with at most
	/// `max_queued` more waiting, each for at most `max_wait`.
	pub fn new(concurrency: usize, max_queued: usize, max_wait: Duration) -> Self {
		let concurrency = concurrency.clamp(1, Semaphore::MAX_PERMITS);
		Self {
			inner: Arc::new(Inner {
				permits: Arc::new(Semaphore::new(concurrency)),
				concurrency,
				queued: AtomicUsize::new(0),
				max_queued,
				max_wait,
			}),
		}
	}

	/// The node's limiter for heavy reads: half the machine's cores (at least one), so block
	/// import, authoring and the network keep the other half. [`QUEUED_PER_SLOT`] jobs may
	/// wait for each slot, for at most [`MAX_WAIT`].
	pub fn for_heavy_reads() -> Self {
		let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
		let concurrency = (cores / 2).max(1);
		Self::new(concurrency, concurrency.saturating_mul(QUEUED_PER_SLOT), MAX_WAIT)
	}

	/// The node's limiter for presentation verification: one job per core (a verification
	/// is about 2 ms of one core; the batch ones spread over the machine themselves), with
	/// [`QUEUED_PER_SLOT`] waiting per slot for at most [`MAX_WAIT`].
	pub fn for_verification() -> Self {
		let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
		Self::new(cores, cores.saturating_mul(QUEUED_PER_SLOT), MAX_WAIT)
	}

	/// How many jobs may run at once.
	pub fn concurrency(&self) -> usize {
		self.inner.concurrency
	}

	/// How many slots are free now.
	pub fn available(&self) -> usize {
		self.inner.permits.available_permits()
	}

	/// How many jobs are waiting for a slot now.
	pub fn queued(&self) -> usize {
		self.inner.queued.load(Ordering::Acquire)
	}

	/// Runs `job` on the blocking pool once a slot is free, and returns its result.
	///
	/// Waits for a slot without holding a thread. The job's slot is held until the job
	/// returns, even if the returned future is dropped first.
	///
	/// ## Errors
	/// - [`LimitError::Busy`]: the queue is full, or no slot freed up within the wait.
	/// - [`LimitError::Failed`]: the job panicked, or there is no tokio runtime to run it on.
	pub async fn run<R, F>(&self, job: F) -> Result<R, LimitError>
	where
		F: FnOnce() -> R + Send + 'static,
		R: Send + 'static,
	{
		let inner = &self.inner;
		let permit = match inner.permits.clone().try_acquire_owned() {
			Ok(permit) => permit,
			Err(_) => {
				let ahead = inner.queued.fetch_add(1, Ordering::AcqRel);
				let _queued = Queued(&inner.queued);
				if ahead >= inner.max_queued {
					return Err(LimitError::Busy);
				}
				match time::timeout(inner.max_wait, inner.permits.clone().acquire_owned()).await {
					Ok(Ok(permit)) => permit,
					// Timed out, or the semaphore was closed (it never is).
					_ => return Err(LimitError::Busy),
				}
			},
		};
		let runtime = Handle::try_current().map_err(|e| LimitError::Failed(e.to_string()))?;
		runtime
			.spawn_blocking(move || {
				let _permit = permit;
				job()
			})
			.await
			.map_err(|e| {
				LimitError::Failed(if e.is_panic() {
					"the job panicked".into()
				} else {
					e.to_string()
				})
			})
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use jsonrpsee::tokio::runtime::{Builder, Runtime};
	use std::{
		sync::{atomic::AtomicBool, mpsc},
		thread,
		time::Instant,
	};

	fn runtime() -> Runtime {
		Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a runtime")
	}

	/// Polls `condition` for up to ten seconds.
	fn eventually(what: &str, condition: impl Fn() -> bool) {
		let started = Instant::now();
		while !condition() {
			assert!(started.elapsed() < Duration::from_secs(10), "timed out waiting for {what}");
			thread::sleep(Duration::from_millis(5));
		}
	}

	#[test]
	fn runs_at_most_concurrency_jobs_at_once() {
		let rt = runtime();
		let limiter = Limiter::new(2, 100, Duration::from_secs(30));
		let running = Arc::new(AtomicUsize::new(0));
		let most = Arc::new(AtomicUsize::new(0));
		let jobs: Vec<_> = (0..16)
			.map(|i| {
				let (limiter, running, most) = (limiter.clone(), running.clone(), most.clone());
				rt.spawn(async move {
					limiter
						.run(move || {
							let now = running.fetch_add(1, Ordering::SeqCst) + 1;
							most.fetch_max(now, Ordering::SeqCst);
							thread::sleep(Duration::from_millis(50));
							running.fetch_sub(1, Ordering::SeqCst);
							i
						})
						.await
				})
			})
			.collect();
		for (i, job) in jobs.into_iter().enumerate() {
			assert_eq!(rt.block_on(job).expect("joins"), Ok(i));
		}
		let most = most.load(Ordering::SeqCst);
		assert!((1..=2).contains(&most), "{most} jobs ran together, at most two may");
		assert_eq!(limiter.available(), 2);
		assert_eq!(limiter.queued(), 0);
	}

	#[test]
	fn a_full_queue_turns_jobs_away_at_once() {
		let rt = runtime();
		let limiter = Limiter::new(1, 1, Duration::from_secs(30));
		let (release, released) = mpsc::channel::<()>();
		let busy = {
			let limiter = limiter.clone();
			rt.spawn(async move {
				limiter
					.run(move || {
						let _ = released.recv();
					})
					.await
			})
		};
		eventually("the first job to take the slot", || limiter.available() == 0);
		let waiting = {
			let limiter = limiter.clone();
			rt.spawn(async move { limiter.run(|| 7).await })
		};
		eventually("the second job to queue", || limiter.queued() == 1);
		let started = Instant::now();
		assert_eq!(rt.block_on(limiter.run(|| 8)), Err(LimitError::Busy));
		assert!(started.elapsed() < Duration::from_secs(1), "turned away without waiting");
		assert_eq!(limiter.queued(), 1, "the turned-away job left the queue");
		release.send(()).expect("the first job waits");
		assert_eq!(rt.block_on(busy).expect("joins"), Ok(()));
		assert_eq!(rt.block_on(waiting).expect("joins"), Ok(7));
		assert_eq!(limiter.queued(), 0);
	}

	#[test]
	fn waiting_longer_than_max_wait_is_busy() {
		let rt = runtime();
		let limiter = Limiter::new(1, 10, Duration::from_millis(50));
		let (release, released) = mpsc::channel::<()>();
		let busy = {
			let limiter = limiter.clone();
			rt.spawn(async move {
				limiter
					.run(move || {
						let _ = released.recv();
					})
					.await
			})
		};
		eventually("the first job to take the slot", || limiter.available() == 0);
		assert_eq!(rt.block_on(limiter.run(|| 1)), Err(LimitError::Busy));
		assert_eq!(limiter.queued(), 0);
		release.send(()).expect("the first job waits");
		assert_eq!(rt.block_on(busy).expect("joins"), Ok(()));
		assert_eq!(rt.block_on(limiter.run(|| 2)), Ok(2));
	}

	#[test]
	fn a_dropped_caller_keeps_the_slot_until_its_job_ends() {
		let rt = runtime();
		let limiter = Limiter::new(1, 10, Duration::from_secs(30));
		let (release, released) = mpsc::channel::<()>();
		let finished = Arc::new(AtomicBool::new(false));
		let done = finished.clone();
		// The caller gives up after 20 ms; the job goes on.
		let job = limiter.run(move || {
			let _ = released.recv();
			done.store(true, Ordering::SeqCst);
		});
		// The timer is made inside the runtime, which it needs.
		let gave_up = rt.block_on(async { time::timeout(Duration::from_millis(20), job).await });
		assert!(gave_up.is_err(), "the caller timed out");
		assert_eq!(limiter.available(), 0, "the running job still holds its slot");
		release.send(()).expect("the job waits");
		eventually("the job to end and free its slot", || limiter.available() == 1);
		assert!(finished.load(Ordering::SeqCst));
	}

	#[test]
	fn a_panicking_job_is_an_internal_error_and_frees_its_slot() {
		let rt = runtime();
		let limiter = Limiter::new(1, 10, Duration::from_secs(30));
		let failed = rt.block_on(limiter.run(|| -> u32 { panic!("a bug in the job") }));
		assert!(matches!(failed, Err(LimitError::Failed(_))), "{failed:?}");
		assert_eq!(limiter.available(), 1);
		assert_eq!(rt.block_on(limiter.run(|| 3)), Ok(3));
	}

	#[test]
	fn limits_map_to_json_rpc_errors() {
		let busy: ErrorObjectOwned = LimitError::Busy.into();
		assert_eq!(busy.code(), -32_009);
		assert_eq!(busy.message(), "Server is busy, try again later");
		let failed: ErrorObjectOwned = LimitError::Failed("x".into()).into();
		assert_eq!(failed.code(), -32_603);
	}

	#[test]
	fn sizes_are_clamped_and_for_heavy_reads_leaves_cores_free() {
		assert_eq!(Limiter::new(0, 0, MAX_WAIT).concurrency(), 1);
		let limiter = Limiter::for_heavy_reads();
		let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
		assert_eq!(limiter.concurrency(), (cores / 2).max(1));
		assert_eq!(limiter.available(), limiter.concurrency());
	}

	#[test]
	fn without_a_runtime_run_fails_instead_of_panicking() {
		// Polled outside any tokio runtime (a plain executor): a free slot is taken, then
		// spawning finds no runtime.
		let limiter = Limiter::new(1, 1, MAX_WAIT);
		let outcome = block_on_without_runtime(limiter.run(|| 1));
		assert!(matches!(outcome, Err(LimitError::Failed(_))), "{outcome:?}");
		assert_eq!(limiter.available(), 1, "the slot went back");
	}

	/// Polls a future to completion on this thread, outside any tokio runtime.
	fn block_on_without_runtime<F: core::future::Future>(future: F) -> F::Output {
		use core::task::{Context, Poll, Waker};
		let mut future = core::pin::pin!(future);
		let mut cx = Context::from_waker(Waker::noop());
		loop {
			if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
				return output;
			}
			thread::sleep(Duration::from_millis(1));
		}
	}
}
