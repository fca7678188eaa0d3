//! The verifier (and the whole crate) builds without `std` for the runtime's target,
//! `wasm32v1-none`, with the wasm toolchain `scripts/setup.sh` provides (`WASM_BUILD_TOOLCHAIN`,
//! which `scripts/env.sh` sets where the default toolchain lacks the target).
//!
//! It runs cargo in a target directory of its own (`zk-wasm-check` under `CARGO_TARGET_DIR`,
//! or under the system's temporary directory), so it never waits on the build that runs it.

use std::{path::PathBuf, process::Command};

#[test]
fn builds_for_wasm32v1_none_without_std() {
	let target_dir = std::env::var_os("CARGO_TARGET_DIR")
		.map(PathBuf::from)
		.unwrap_or_else(std::env::temp_dir)
		.join("zk-wasm-check");
	let mut cargo = Command::new("cargo");
	if let Some(toolchain) = std::env::var("WASM_BUILD_TOOLCHAIN").ok().filter(|t| !t.is_empty()) {
		cargo.arg(format!("+{toolchain}"));
	}
	let output = cargo
		.args([
			"build",
			"--locked",
			"-p",
			"didimo-zk",
			"--no-default-features",
			"--target",
			"wasm32v1-none",
		])
		.env("CARGO_TARGET_DIR", &target_dir)
		.env_remove("RUSTUP_TOOLCHAIN")
		.current_dir(env!("CARGO_MANIFEST_DIR"))
		.output()
		.expect("cargo runs");
	assert!(
		output.status.success(),
		"didimo-zk does not build for wasm32v1-none without std (run scripts/setup.sh and \
		 source scripts/env.sh for the wasm toolchain):\n{}",
		String::from_utf8_lossy(&output.stderr)
	);
}
