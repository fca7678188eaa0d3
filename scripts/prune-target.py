#!/usr/bin/env python3
"""Keeps the shared build cache (CARGO_TARGET_DIR) from filling the disk.

Cargo never deletes what it built: every change of a dependency, a feature set or the checkout's
path gives the affected crates new file names (a 16-hex-digit hash), and the old files stay. Left
alone, the cache grows by gigabytes a day until a build dies with "No space left on device".

    prune-target.py record --target-dir T --name N MESSAGES...
        MESSAGES are `cargo ... --message-format json` outputs. Records every unit they name
        (compiled crates, build scripts and their runs, fresh or not) as checkout N's live set.
    prune-target.py prune --target-dir T [--keep-days D] [--low-disk]
        Deletes, in each profile directory a live set names (deps/, build/, examples/,
        .fingerprint/), every hashed entry that no live set recorded in the last D days names
        and that is older than the newest record (what was built since, by a plain `cargo
        build` after a dependency or feature change, has not been recorded yet), and
        incremental-compilation directories untouched for D days (all of them with
        --low-disk). Several checkouts (a developer's and CI's) share the cache, so each keeps
        its own live set.
    prune-target.py free --target-dir T
        Prints the free space, in GiB, of the cache's filesystem.

Only entries whose name carries a unit hash are touched; cargo rebuilds whatever is missing, so
a deletion can cost time but never a wrong build.
"""

import argparse
import json
import os
import re
import shutil
import sys
import time

HASHED = re.compile(r"^(?:.+)-([0-9a-f]{16})(?:\..*)?$")
RECORDS = ".didimo-live"
PRUNED_DIRS = ("deps", "build", "examples", ".fingerprint")


def unit_hash(path):
    """The unit hash of an artifact path: from the file's name, else its directory's."""
    for part in (os.path.basename(path), os.path.basename(os.path.dirname(path))):
        m = HASHED.match(part)
        if m:
            return m.group(1)
    return None


def profile_dir(path):
    """deps/x, build/x-h/out, examples/x and .fingerprint/x sit in a profile directory."""
    parts = os.path.normpath(path).split(os.sep)
    for i in range(len(parts) - 1, 0, -1):
        if parts[i] in PRUNED_DIRS:
            return os.sep.join(parts[:i])
    return None


def hardlink_hash(path, index):
    """Binaries and examples are named without their hash where cargo puts them for the user
    (target/debug/didimo-node): those are hard links to the hashed file in deps/ or examples/."""
    try:
        st = os.stat(path)
    except OSError:
        return None, None
    profile = profile_dir(path) or os.path.dirname(path)
    if profile not in index:
        index[profile] = {}
        for sub in ("deps", "examples"):
            d = os.path.join(profile, sub)
            for name in os.listdir(d) if os.path.isdir(d) else []:
                m = HASHED.match(name)
                if m:
                    try:
                        s = os.lstat(os.path.join(d, name))
                    except OSError:
                        continue
                    index[profile][(s.st_dev, s.st_ino)] = m.group(1)
    return index[profile].get((st.st_dev, st.st_ino)), profile


def record(args):
    hashes, profiles, index = set(), set(), {}
    for name in args.messages:
        with open(name, encoding="utf-8") as f:
            for line in f:
                if not line.startswith("{"):
                    continue
                try:
                    msg = json.loads(line)
                except json.JSONDecodeError:
                    continue
                paths = []
                if msg.get("reason") == "compiler-artifact":
                    paths = list(msg.get("filenames") or [])
                    if msg.get("executable"):
                        paths.append(msg["executable"])
                elif msg.get("reason") == "build-script-executed" and msg.get("out_dir"):
                    paths = [msg["out_dir"]]
                for p in paths:
                    h, d = unit_hash(p), profile_dir(p)
                    if not h:
                        h, d = hardlink_hash(p, index)
                    if h and d:
                        hashes.add(h)
                        profiles.add(d)
    if not hashes:
        sys.exit("prune-target: the cargo messages name no unit: nothing recorded")
    os.makedirs(os.path.join(args.target_dir, RECORDS), exist_ok=True)
    path = os.path.join(args.target_dir, RECORDS, re.sub(r"[^A-Za-z0-9._-]", "_", args.name))
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump({"time": time.time(), "profiles": sorted(profiles), "units": sorted(hashes)}, f)
    os.replace(path + ".tmp", path)
    print(f"[prune] recorded {len(hashes)} live units for {args.name}")


def size_of(path):
    if os.path.islink(path) or not os.path.isdir(path):
        return os.lstat(path).st_size
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(root, f)).st_size
            except OSError:
                pass
    return total


def remove(path):
    size = size_of(path)
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        os.unlink(path)
    return size


def prune(args):
    records = os.path.join(args.target_dir, RECORDS)
    now, keep = time.time(), args.keep_days * 86400
    live, profiles, newest = set(), set(), 0.0
    for name in sorted(os.listdir(records)) if os.path.isdir(records) else []:
        try:
            with open(os.path.join(records, name), encoding="utf-8") as f:
                rec = json.load(f)
        except (OSError, ValueError):
            continue
        if now - rec.get("time", 0) > keep:
            os.unlink(os.path.join(records, name))
            continue
        live.update(rec["units"])
        profiles.update(rec["profiles"])
        newest = max(newest, rec.get("time", 0))
    if not live:
        print("[prune] no live set recorded: only incremental state can go")
        profiles = {os.path.join(args.target_dir, p) for p in ("debug", "release")}
    freed = entries = 0
    for profile in sorted(profiles):
        for sub in PRUNED_DIRS if live else ():
            d = os.path.join(profile, sub)
            for name in os.listdir(d) if os.path.isdir(d) else []:
                m = HASHED.match(name)
                path = os.path.join(d, name)
                # Built after the newest record: not recorded yet, so not known stale.
                if m and m.group(1) not in live and os.lstat(path).st_mtime < newest:
                    freed += remove(path)
                    entries += 1
        inc = os.path.join(profile, "incremental")
        for name in os.listdir(inc) if os.path.isdir(inc) else []:
            path = os.path.join(inc, name)
            if args.low_disk or now - os.stat(path).st_mtime > keep:
                freed += remove(path)
                entries += 1
    print(f"[prune] deleted {entries} stale entries, {freed / 2**30:.1f} GiB "
          f"({len(live)} live units kept)")


def free(args):
    os.makedirs(args.target_dir, exist_ok=True)
    st = os.statvfs(args.target_dir)
    print(int(st.f_bavail * st.f_frsize / 2**30))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("record")
    r.add_argument("--target-dir", required=True)
    r.add_argument("--name", required=True)
    r.add_argument("messages", nargs="+")
    r.set_defaults(run=record)
    q = sub.add_parser("prune")
    q.add_argument("--target-dir", required=True)
    q.add_argument("--keep-days", type=float, default=3)
    q.add_argument("--low-disk", action="store_true")
    q.set_defaults(run=prune)
    f = sub.add_parser("free")
    f.add_argument("--target-dir", required=True)
    f.set_defaults(run=free)
    args = p.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
