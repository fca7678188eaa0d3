//! What can go wrong, and the exit code each kind of failure gives, so scripts can tell them
//! apart.

use std::fmt;

/// A failure of a command. The variant decides the exit code (`exit_code`).
#[derive(Debug)]
pub enum Error {
	/// The command line or its input files are wrong (exit 2, as for clap's own usage errors).
	Usage(String),
	/// The wallet could not be opened or saved: a wrong pass phrase, a corrupt or missing file
	/// (exit 3). The wallet file is never changed by a failure.
	Wallet(String),
	/// The node could not be reached, or answered something this tool cannot read (exit 4).
	Network(String),
	/// The chain refused: the transaction pool rejected the transaction, or it was included
	/// and failed. `error` is the pallet's named error (`Did.CounterMismatch`) where there is
	/// one (exit 5).
	Chain { message: String, error: Option<String> },
	/// A proof or presentation did not verify (exit 6).
	Verification(String),
}

impl Error {
	/// The process exit code for this failure.
	pub fn exit_code(&self) -> u8 {
		match self {
			Error::Usage(_) => 2,
			Error::Wallet(_) => 3,
			Error::Network(_) => 4,
			Error::Chain { .. } => 5,
			Error::Verification(_) => 6,
		}
	}

	/// A short name of the kind, for `--json` output.
	pub fn kind(&self) -> &'static str {
		match self {
			Error::Usage(_) => "usage",
			Error::Wallet(_) => "wallet",
			Error::Network(_) => "network",
			Error::Chain { .. } => "chain",
			Error::Verification(_) => "verification",
		}
	}

	/// The pallet's named error of a chain failure, if any.
	pub fn chain_error(&self) -> Option<&str> {
		match self {
			Error::Chain { error, .. } => error.as_deref(),
			_ => None,
		}
	}

	/// A chain failure without a named error.
	pub fn chain(message: impl Into<String>) -> Self {
		Error::Chain { message: message.into(), error: None }
	}
}

impl fmt::Display for Error {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Error::Usage(m) | Error::Wallet(m) | Error::Network(m) | Error::Verification(m) => {
				f.write_str(m)
			},
			Error::Chain { message, error: Some(error) } => write!(f, "{message}: {error}"),
			Error::Chain { message, error: None } => f.write_str(message),
		}
	}
}

impl std::error::Error for Error {}

/// The result of a command step.
pub type Result<T> = std::result::Result<T, Error>;
