#!/usr/bin/env python3
"""Checks that the runtime's wasm does not depend on where the repository is checked out.

Validators and governance rebuild a proposed runtime and compare its hash with the one proposed
(docs/operators.md, "Checking a proposed runtime"); that only works if two checkouts of the same
commit in different folders, built in different target directories, give the same bytes.

runtime/build.rs builds the wasm from a fixed path, a link to the checkout (cargo's hash of a
path crate, which goes into every symbol, covers its absolute path), with source paths remapped.
This script takes the wasm the last build of this checkout made (scripts/test.sh builds it first),
exports the same tree (HEAD plus the work tree's changes to tracked files) into another folder,
with a path of another length, points the link there and builds its runtime wasm with the very
command the runtime's build script ran (substrate-wasm-builder prints it), in a target directory
of its own.
It then compares the two blobs byte for byte and reports their blake2-256 hashes, and checks that
neither contains the path of the checkout, the target directory or the cargo home.

    python3 scripts/check-reproducible.py [--target-dir T]

The other checkout and its target directory live in T/reproducible (warm: only the runtime's
own crates recompile; cold: every dependency of the wasm, several minutes).
"""

import argparse
import fcntl
import hashlib
import os
import shlex
import shutil
import subprocess
import sys

PREFIX = "Executing build command: "
# runtime/build.rs builds the wasm from this link to the checkout, under FIXED_LOCK.
FIXED_CHECKOUT = "/tmp/didimo-wasm-build/didimo"
FIXED_LOCK = "/tmp/didimo-wasm-build/lock"


def fail(msg):
    sys.exit(f"check-reproducible: {msg}")


def blake2_256(data):
    return "0x" + hashlib.blake2b(data, digest_size=32).hexdigest()


def builder_command(target_dir, project):
    """The last command substrate-wasm-builder ran for `project`, from the runtime build
    script's recorded output (target/debug/build/didimo-runtime-*/output), as a token list."""
    build = os.path.join(target_dir, "debug", "build")
    found = []
    for name in os.listdir(build) if os.path.isdir(build) else []:
        output = os.path.join(build, name, "output")
        if not name.startswith("didimo-runtime-") or not os.path.isfile(output):
            continue
        with open(output, encoding="utf-8", errors="replace") as f:
            lines = [line for line in f if line.startswith(PREFIX)]
        if lines and f"--manifest-path={project}/Cargo.toml" in lines[-1]:
            found.append((os.path.getmtime(output), lines[-1]))
    if not found:
        fail(f"no recorded wasm build for {project}: build the workspace first (scripts/test.sh)")
    return shlex.split(max(found)[1][len(PREFIX):])


def split_env(tokens):
    """`env -u A K=V ... cmd args` as (unset names, assignments, argv)."""
    if not tokens or tokens[0] != "env":
        fail(f"unexpected wasm build command: {tokens[:3]}")
    unset, assign, i = [], {}, 1
    while i < len(tokens):
        if tokens[i] == "-u":
            unset.append(tokens[i + 1])
            i += 2
        elif "=" in tokens[i] and not tokens[i].startswith("-"):
            k, v = tokens[i].split("=", 1)
            assign[k] = v
            i += 1
        else:
            break
    return unset, assign, tokens[i:]


def point(link, target):
    """Points `link` at `target`, replacing it in one step."""
    staged = f"{link}.{os.getpid()}"
    if os.path.lexists(staged):
        os.unlink(staged)
    os.symlink(target, staged)
    os.replace(staged, link)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--target-dir", default=os.environ.get("CARGO_TARGET_DIR"))
    args = p.parse_args()
    if not args.target_dir:
        fail("no target directory: pass --target-dir or set CARGO_TARGET_DIR")
    target = os.path.abspath(args.target_dir)
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    top = subprocess.run(["git", "-C", here, "rev-parse", "--show-toplevel"],
                         capture_output=True, text=True)
    repo = top.stdout.strip() if top.returncode == 0 else here
    project = os.path.join(target, "debug", "wbuild", "didimo-runtime")
    unset, env_set, argv = split_env(builder_command(target, project))
    flags = env_set.get("RUSTFLAGS", "")
    if f"--remap-path-prefix={FIXED_CHECKOUT}=/didimo" not in flags:
        fail(f"the last wasm build did not build from {FIXED_CHECKOUT}: rebuild")
    if os.path.realpath(FIXED_CHECKOUT) != os.path.realpath(repo):
        fail(f"{FIXED_CHECKOUT} does not point at {repo}: the last wasm build was of another "
             "checkout; rebuild this one")
    blob_a_path = os.path.join(project, "target", "wasm32v1-none", "release", "didimo_runtime.wasm")
    with open(blob_a_path, "rb") as f:
        blob_a = f.read()

    # The other checkout: the same tree, elsewhere, under a name of another length.
    work = os.path.join(target, "reproducible")
    other = os.path.join(work, "elsewhere", "a-checkout-of-didimo")
    shutil.rmtree(other, ignore_errors=True)
    os.makedirs(other)
    if top.returncode == 0:
        # `stash create` makes a commit object of the work tree (nothing is stashed); it needs
        # an identity, which a CI machine may not have configured.
        commit = subprocess.run(["git", "-c", "user.name=didimo", "-c", "user.email=didimo@localhost",
                                 "-C", repo, "stash", "create"], check=True,
                                capture_output=True, text=True).stdout.strip() or "HEAD"
        archive = subprocess.Popen(["git", "-C", repo, "archive", commit], stdout=subprocess.PIPE)
        # -m: the files get the current time, so cargo rebuilds them (an archive carries the
        # commit's time, which could make an older build look fresh).
        subprocess.run(["tar", "-x", "-m", "-C", other], stdin=archive.stdout, check=True)
        if archive.wait() != 0:
            fail("git archive failed")
    else:
        # A tree without its git history (an exported source tree): copy it, leaving out
        # build output. Copies get the current time, as above.
        os.rmdir(other)
        shutil.copytree(repo, other, copy_function=shutil.copy,
                        ignore=shutil.ignore_patterns(".git", "target", "node_modules"))

    # Its wasm project: the generated one, pointing at the other checkout.
    other_project = os.path.join(work, "project")
    shutil.rmtree(other_project, ignore_errors=True)
    os.makedirs(os.path.join(other_project, "src"))
    for name in ("Cargo.lock", os.path.join("src", "lib.rs")):
        shutil.copy(os.path.join(project, name), os.path.join(other_project, name))
    with open(os.path.join(project, "Cargo.toml"), encoding="utf-8") as f:
        manifest = f.read()
    if f'"{FIXED_CHECKOUT}/runtime"' not in manifest:
        fail(f"{project}/Cargo.toml does not build {FIXED_CHECKOUT}/runtime")
    with open(os.path.join(other_project, "Cargo.toml"), "w", encoding="utf-8") as f:
        f.write(manifest)

    # The same command, with the other checkout, project and target directory.
    other_target = os.path.join(work, "target")
    env = {k: v for k, v in os.environ.items() if k not in unset and k != "CARGO_MAKEFLAGS"}
    env_set.pop("CARGO_MAKEFLAGS", None)
    env.update(env_set)
    env["CARGO_TARGET_DIR"] = other_target
    argv = [a.replace(f"{project}/Cargo.toml", f"{other_project}/Cargo.toml") for a in argv]
    argv = [a for a in argv if a != "--color=always"]
    print(f"[reproducible] building the runtime wasm of {other} (target {other_target})",
          flush=True)
    log_path = os.path.join(work, "build.log")
    # The link points at the other checkout for the build, as runtime/build.rs would point it,
    # under the same lock; then back at this one.
    with open(FIXED_LOCK, "w", encoding="utf-8") as lock, \
            open(log_path, "w", encoding="utf-8") as log:
        fcntl.flock(lock, fcntl.LOCK_EX)
        point(FIXED_CHECKOUT, other)
        try:
            code = subprocess.run(argv, env=env, cwd=other_project, stdout=log,
                                  stderr=subprocess.STDOUT).returncode
        finally:
            point(FIXED_CHECKOUT, repo)
    if code != 0:
        with open(log_path, encoding="utf-8", errors="replace") as f:
            tail = f.readlines()[-30:]
        fail("the other checkout's wasm build failed:\n" + "".join(tail))
    with open(os.path.join(other_target, "wasm32v1-none", "release", "didimo_runtime.wasm"),
              "rb") as f:
        blob_b = f.read()

    print(f"[reproducible] {repo}: {blake2_256(blob_a)} ({len(blob_a)} bytes)")
    print(f"[reproducible] {other}: {blake2_256(blob_b)} ({len(blob_b)} bytes)")
    leaks = []
    home = os.path.expanduser("~")
    for blob, name in ((blob_a, repo), (blob_b, other)):
        for path in {name, target, home, other_target}:
            if path.encode() in blob:
                leaks.append(f"{path} in the blob of {name}")
    if leaks:
        fail("local paths in the runtime wasm: " + "; ".join(leaks))
    if blob_a != blob_b:
        first = next(i for i, (a, b) in enumerate(zip(blob_a, blob_b)) if a != b) \
            if len(blob_a) == len(blob_b) else min(len(blob_a), len(blob_b))
        fail(f"the two checkouts' runtime wasm differ (from byte {first}): the build depends on "
             "where the repository is")
    print("[reproducible] the same runtime wasm from both checkouts")


if __name__ == "__main__":
    main()
