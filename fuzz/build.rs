//! `cargo afl build` compiles with `--cfg fuzzing`: declare it, so the lint on unknown cfgs
//! accepts it.
fn main() {
	println!("cargo::rustc-check-cfg=cfg(fuzzing)");
}
