//! The verifier (and the whole crate) builds without `std` for the runtime's target,
//! `wasm32v1-none`, with the `didimo-wasm` toolchain of `scripts/setup.sh`.
//!
//! It runs cargo, so it is ignored by default; run it on its own, under the build lock:
//! `flock /tmp/didimo-cargo.lock cargo test -p didimo-zk --test no_std -- --ignored`

use std::process::Command;

#[test]
#[ignore = "runs cargo with the didimo-wasm toolchain"]
fn builds_for_wasm32v1_none_without_std() {
	let output = Command::new("cargo")
		.args([
			"+didimo-wasm",
			"build",
			"-p",
			"didimo-zk",
			"--no-default-features",
			"--target",
			"wasm32v1-none",
		])
		.current_dir(env!("CARGO_MANIFEST_DIR"))
		.output()
		.expect("cargo runs");
	assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}
