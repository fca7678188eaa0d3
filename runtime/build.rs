//! Builds the runtime's wasm blob (the one the node executes) with the metadata hash embedded,
//! which the `CheckMetadataHash` transaction extension checks: wallets that sign with
//! `mode = Enabled` (Ledger, light wallets) get what they signed verified on chain.
//!
//! The blob must not depend on where the repository or the cargo registry sits on disk, so
//! that validators and governance can rebuild a proposed runtime and compare hashes. Two things
//! tie it to the checkout's path:
//! - source paths, which end up in panic locations: they are remapped to `/didimo` and `/cargo`;
//! - cargo's hash of each path crate (the runtime, pallets and primitives, which are not
//!   members of the wasm project's workspace), taken over its absolute path: it goes into every
//!   symbol name, which changes the link order and so the code. The wasm is therefore built
//!   from [`FIXED_CHECKOUT`], a symbolic link to this checkout that the build holds under an
//!   exclusive lock, so every checkout builds the same paths.
//!
//! A release build prints the blob's blake2-256 hash (the hash of the on-chain code, which
//! `system.authorizeUpgrade` takes) as a cargo warning. `scripts/check-reproducible.py`
//! (run by `scripts/test.sh`) builds the wasm from a second checkout elsewhere and compares.

#[cfg(feature = "std")]
mod token {
	#![allow(dead_code)]
	include!("../primitives/src/token.rs");
}

/// Where every checkout's wasm is built from: a symbolic link to the checkout being built.
#[cfg(feature = "std")]
const FIXED_CHECKOUT: &str = "/tmp/didimo-wasm-build/didimo";

#[cfg(feature = "std")]
fn main() {
	let repository = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new("/"));
	let _lock = match point_fixed_checkout_at(repository) {
		Ok(lock) => lock,
		Err(e) => {
			eprintln!(
				"cannot point {FIXED_CHECKOUT} at {}: {e} (does another user's build own \
				 /tmp/didimo-wasm-build?)",
				repository.display()
			);
			std::process::exit(1);
		},
	};
	// substrate-wasm-builder writes this directory into the wasm project's manifest.
	std::env::set_var("CARGO_MANIFEST_DIR", Path::new(FIXED_CHECKOUT).join("runtime"));
	let cargo_home = std::env::var("CARGO_HOME")
		.ok()
		.or_else(|| std::env::var("HOME").ok().map(|home| format!("{home}/.cargo")));
	let mut builder = substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash(token::SYMBOL, token::DECIMALS)
		.append_to_rust_flags(format!("--remap-path-prefix={FIXED_CHECKOUT}=/didimo"));
	if let Some(cargo_home) = cargo_home {
		builder = builder.append_to_rust_flags(format!("--remap-path-prefix={cargo_home}=/cargo"));
	}
	builder.build();
	if std::env::var("PROFILE").as_deref() == Ok("release") {
		print_code_hash();
	}
}

/// Takes the exclusive lock on [`FIXED_CHECKOUT`] (held until the returned file is dropped, so
/// two checkouts' builds take turns) and points the link at `repository`.
#[cfg(feature = "std")]
fn point_fixed_checkout_at(repository: &Path) -> std::io::Result<std::fs::File> {
	let fixed = Path::new(FIXED_CHECKOUT);
	let dir = fixed.parent().unwrap_or(Path::new("/tmp"));
	std::fs::create_dir_all(dir)?;
	let lock = std::fs::File::create(dir.join("lock"))?;
	lock.lock()?;
	if std::fs::read_link(fixed).ok().as_deref() != Some(repository) {
		let staged = dir.join(format!("didimo.{}", std::process::id()));
		let _ = std::fs::remove_file(&staged);
		std::os::unix::fs::symlink(repository, &staged)?;
		std::fs::rename(&staged, fixed)?;
		forget_other_checkout(repository);
	}
	Ok(lock)
}

/// The wasm project (`<target>/<profile>/wbuild/didimo-runtime/target`) may be shared with
/// another checkout, whose crates had the same paths behind the link. Cargo judges them by
/// their files' times, so a checkout whose files are older than the other's last build would
/// look up to date: when the link moves, this checkout's crates lose their fingerprints and are
/// rebuilt (the dependencies from the registry stay).
#[cfg(feature = "std")]
fn forget_other_checkout(repository: &Path) {
	let Some(out_dir) = std::env::var_os("OUT_DIR") else { return };
	let Some(profile) = Path::new(&out_dir).ancestors().nth(3) else { return };
	let wasm_target = profile.join("wbuild").join("didimo-runtime").join("target");
	let names = package_names(repository, 3);
	for fingerprints in [
		wasm_target.join("wasm32v1-none").join("release").join(".fingerprint"),
		wasm_target.join("release").join(".fingerprint"),
	] {
		let Ok(entries) = std::fs::read_dir(&fingerprints) else { continue };
		for entry in entries.flatten() {
			let name = entry.file_name().to_string_lossy().into_owned();
			let package = name.rsplit_once('-').map_or(name.as_str(), |(package, _)| package);
			if names.iter().any(|n| n == package) {
				let _ = std::fs::remove_dir_all(entry.path());
			}
		}
	}
}

/// The names of the packages whose manifests lie up to `depth` folders under `dir`.
#[cfg(feature = "std")]
fn package_names(dir: &Path, depth: usize) -> Vec<String> {
	let mut names = Vec::new();
	if let Ok(manifest) = std::fs::read_to_string(dir.join("Cargo.toml")) {
		let package = manifest.split("[package]").nth(1).unwrap_or_default();
		let name = package.lines().find_map(|line| {
			let value = line.trim().strip_prefix("name")?.trim_start().strip_prefix('=')?;
			Some(value.trim().trim_matches('"').to_owned())
		});
		names.extend(name);
	}
	if depth == 0 {
		return names;
	}
	let Ok(entries) = std::fs::read_dir(dir) else { return names };
	for entry in entries.flatten() {
		let file_name = entry.file_name();
		let skip = matches!(file_name.to_str(), Some("target" | "node_modules" | ".git"));
		if !skip && entry.file_type().is_ok_and(|t| t.is_dir()) {
			names.extend(package_names(&entry.path(), depth - 1));
		}
	}
	names
}

/// Prints the blake2-256 hash of the built blob (`WASM_BINARY_PATH` of the generated
/// `wasm_binary.rs`) as a cargo warning, so every release build shows it.
#[cfg(feature = "std")]
fn print_code_hash() {
	let Some(out_dir) = std::env::var_os("OUT_DIR") else { return };
	let Ok(generated) = std::fs::read_to_string(Path::new(&out_dir).join("wasm_binary.rs")) else {
		return;
	};
	let Some(path) = generated
		.split("WASM_BINARY_PATH: Option<&str> = Some(\"")
		.nth(1)
		.and_then(|rest| rest.split('"').next())
	else {
		return;
	};
	let Ok(code) = std::fs::read(path) else { return };
	let hash = blake2b_simd::Params::new().hash_length(32).hash(&code);
	println!(
		"cargo:warning=didimo-runtime wasm: blake2-256 0x{} ({} bytes, {path})",
		hash.to_hex(),
		code.len()
	);
}

#[cfg(feature = "std")]
use std::path::Path;

#[cfg(not(feature = "std"))]
fn main() {}
