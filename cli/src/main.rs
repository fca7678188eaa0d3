//! `didimo`: the command-line tool for DIDimo (see the crate docs in `lib.rs` and docs/cli.md).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
	let cli = didimo_cli::Cli::parse();
	let json = cli.json;
	match didimo_cli::run(cli) {
		Ok(()) => ExitCode::SUCCESS,
		Err(e) => {
			if json {
				let error = serde_json::json!({
					"error": { "kind": e.kind(), "message": e.to_string(), "name": e.chain_error() }
				});
				println!("{error}");
			} else {
				eprintln!("error: {e}");
			}
			ExitCode::from(e.exit_code())
		},
	}
}
