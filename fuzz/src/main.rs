//! `didimo-fuzz <target> [FILE | DIR]...`: replays each file (a folder: each file in it) through
//! the target, or, built with `cargo afl build --features afl`, runs the target under afl-fuzz
//! (`scripts/fuzz.sh`). `didimo-fuzz seeds [DIR]` writes the seed corpus (default `fuzz/corpus`).

use std::{path::PathBuf, process::ExitCode};

fn main() -> ExitCode {
	let mut args = std::env::args().skip(1);
	let Some(name) = args.next() else {
		eprintln!("usage: didimo-fuzz <runtime|decoders> [FILE|DIR]... | didimo-fuzz seeds <DIR>");
		return ExitCode::from(2);
	};
	#[cfg(feature = "try-runtime")]
	if name == "seeds" {
		let dir = PathBuf::from(args.next().unwrap_or_else(|| "fuzz/corpus".into()));
		return match didimo_fuzz::seeds::write(&dir) {
			Ok(count) => {
				println!("{count} seeds in {}", dir.display());
				ExitCode::SUCCESS
			},
			Err(error) => {
				eprintln!("cannot write seeds in {}: {error}", dir.display());
				ExitCode::FAILURE
			},
		};
	}
	let Some(run) = didimo_fuzz::target(&name) else {
		eprintln!("no target {name}: runtime or decoders");
		return ExitCode::from(2);
	};
	#[cfg(all(fuzzing, feature = "afl"))]
	{
		didimo_fuzz::prepare(&name);
		afl::fuzz!(|data: &[u8]| run(data));
		#[allow(unreachable_code)]
		return ExitCode::SUCCESS;
	}
	#[allow(unreachable_code)]
	replay(run, args.map(PathBuf::from).collect())
}

/// Runs every file of `paths` (folders: their files, in name order); a panic ends the run.
fn replay(run: fn(&[u8]), paths: Vec<PathBuf>) -> ExitCode {
	let mut files = Vec::new();
	for path in paths {
		match std::fs::read_dir(&path) {
			Ok(entries) => {
				let mut inside: Vec<PathBuf> =
					entries.filter_map(|entry| entry.ok().map(|e| e.path())).collect();
				inside.retain(|p| p.is_file());
				inside.sort();
				files.extend(inside);
			},
			Err(_) => files.push(path),
		}
	}
	for file in &files {
		match std::fs::read(file) {
			Ok(data) => run(&data),
			Err(error) => {
				eprintln!("cannot read {}: {error}", file.display());
				return ExitCode::FAILURE;
			},
		}
	}
	println!("{} inputs ran", files.len());
	ExitCode::SUCCESS
}
