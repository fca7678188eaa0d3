"""Tests of scripts/prune-target.py on a made-up target directory (run by scripts/test.sh:
`python3 -m unittest discover -s scripts -p 'test_*.py'`)."""

import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "prune-target.py")
LIVE, STALE, OTHER = "0123456789abcdef", "fedcba9876543210", "00112233445566ff"


def touch(path, data=b"x"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def run(*args):
    return subprocess.run([sys.executable, SCRIPT, *args], check=True, capture_output=True,
                          text=True).stdout


class PruneTarget(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.target = self.tmp.name
        self.debug = os.path.join(self.target, "debug")

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, *parts):
        return os.path.join(self.debug, *parts)

    def messages(self, name, *msgs):
        path = os.path.join(self.target, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write("   Compiling something (not json)\n")
            for m in msgs:
                f.write(json.dumps(m) + "\n")
        return path

    def test_keeps_live_units_and_deletes_stale_ones(self):
        # A live library, its build script (compiled and run), a live binary that cargo names
        # without its hash (a hard link into deps/), and the stale leftovers of older builds.
        touch(self.path("deps", f"libfoo-{LIVE}.rlib"))
        touch(self.path("deps", f"foo-{LIVE}.d"))
        touch(self.path("build", f"foo-{OTHER}", "build-script-build"))
        touch(self.path("build", f"foo-{LIVE}", "out", "gen.rs"))
        touch(self.path(".fingerprint", f"foo-{LIVE}", "lib-foo"))
        touch(self.path("deps", f"node-{OTHER}"))
        os.link(self.path("deps", f"node-{OTHER}"), self.path("node"))
        touch(self.path("deps", f"libfoo-{STALE}.rlib"))
        touch(self.path("deps", f"foo-{STALE}.1abc.rcgu.o"))
        touch(self.path("build", f"foo-{STALE}", "out", "gen.rs"))
        touch(self.path(".fingerprint", f"foo-{STALE}", "lib-foo"))
        touch(self.path("deps", "not-hashed.txt"))
        msgs = self.messages(
            "build.json",
            {"reason": "compiler-artifact", "filenames": [self.path("deps", f"libfoo-{LIVE}.rlib")],
             "executable": None, "fresh": True},
            {"reason": "compiler-artifact",
             "filenames": [self.path("build", f"foo-{OTHER}", "build-script-build")]},
            {"reason": "build-script-executed", "out_dir": self.path("build", f"foo-{LIVE}", "out")},
            {"reason": "compiler-artifact", "filenames": [self.path("node")],
             "executable": self.path("node")},
        )
        self.assertIn("recorded 2 live units", run("record", "--target-dir", self.target,
                                                   "--name", "/a/checkout", msgs))
        run("prune", "--target-dir", self.target)
        for kept in [("deps", f"libfoo-{LIVE}.rlib"), ("deps", f"foo-{LIVE}.d"),
                     ("build", f"foo-{OTHER}"), ("build", f"foo-{LIVE}"),
                     (".fingerprint", f"foo-{LIVE}"), ("deps", f"node-{OTHER}"), ("node",),
                     ("deps", "not-hashed.txt")]:
            self.assertTrue(os.path.exists(self.path(*kept)), kept)
        for gone in [("deps", f"libfoo-{STALE}.rlib"), ("deps", f"foo-{STALE}.1abc.rcgu.o"),
                     ("build", f"foo-{STALE}"), (".fingerprint", f"foo-{STALE}")]:
            self.assertFalse(os.path.exists(self.path(*gone)), gone)

    def test_units_built_after_the_newest_record_stay_even_when_disk_is_low(self):
        # A plain `cargo build` after a feature change makes units no run has recorded yet.
        touch(self.path("deps", f"libfoo-{LIVE}.rlib"))
        touch(self.path("deps", f"libfoo-{STALE}.rlib"))
        msgs = self.messages(
            "m.json",
            {"reason": "compiler-artifact", "filenames": [self.path("deps", f"libfoo-{LIVE}.rlib")]})
        run("record", "--target-dir", self.target, "--name", "/a/checkout", msgs)
        old = time.time() - 3600
        os.utime(self.path("deps", f"libfoo-{STALE}.rlib"), (old, old))
        touch(self.path("deps", f"libfoo-{OTHER}.rlib"))
        later = time.time() + 60
        os.utime(self.path("deps", f"libfoo-{OTHER}.rlib"), (later, later))
        run("prune", "--target-dir", self.target, "--low-disk")
        self.assertTrue(os.path.exists(self.path("deps", f"libfoo-{LIVE}.rlib")))
        self.assertTrue(os.path.exists(self.path("deps", f"libfoo-{OTHER}.rlib")))
        self.assertFalse(os.path.exists(self.path("deps", f"libfoo-{STALE}.rlib")))

    def test_every_recent_checkout_keeps_its_units(self):
        touch(self.path("deps", f"libfoo-{LIVE}.rlib"))
        touch(self.path("deps", f"libfoo-{OTHER}.rlib"))
        touch(self.path("deps", f"libfoo-{STALE}.rlib"))
        for name, h in (("/work/main", LIVE), ("/ci/main", OTHER)):
            msgs = self.messages(
                "m.json",
                {"reason": "compiler-artifact", "filenames": [self.path("deps", f"libfoo-{h}.rlib")]})
            run("record", "--target-dir", self.target, "--name", name, msgs)
        run("prune", "--target-dir", self.target)
        self.assertTrue(os.path.exists(self.path("deps", f"libfoo-{LIVE}.rlib")))
        self.assertTrue(os.path.exists(self.path("deps", f"libfoo-{OTHER}.rlib")))
        self.assertFalse(os.path.exists(self.path("deps", f"libfoo-{STALE}.rlib")))

        # A checkout that has not run for longer than --keep-days loses its record, then its units.
        rec = os.path.join(self.target, ".didimo-live", "_ci_main")
        with open(rec, encoding="utf-8") as f:
            data = json.load(f)
        data["time"] = time.time() - 10 * 86400
        with open(rec, "w", encoding="utf-8") as f:
            json.dump(data, f)
        run("prune", "--target-dir", self.target, "--keep-days", "3")
        self.assertFalse(os.path.exists(rec))
        self.assertFalse(os.path.exists(self.path("deps", f"libfoo-{OTHER}.rlib")))
        self.assertTrue(os.path.exists(self.path("deps", f"libfoo-{LIVE}.rlib")))

    def test_incremental_state_goes_when_old_or_when_disk_is_low(self):
        touch(self.path("deps", f"libfoo-{LIVE}.rlib"))
        msgs = self.messages(
            "m.json",
            {"reason": "compiler-artifact", "filenames": [self.path("deps", f"libfoo-{LIVE}.rlib")]})
        run("record", "--target-dir", self.target, "--name", "/work/main", msgs)
        old, new = self.path("incremental", "foo-old"), self.path("incremental", "foo-new")
        touch(os.path.join(old, "s-1", "a.bin"))
        touch(os.path.join(new, "s-1", "a.bin"))
        week_ago = time.time() - 7 * 86400
        os.utime(old, (week_ago, week_ago))
        run("prune", "--target-dir", self.target)
        self.assertFalse(os.path.exists(old))
        self.assertTrue(os.path.exists(new))
        run("prune", "--target-dir", self.target, "--low-disk")
        self.assertFalse(os.path.exists(new))
        self.assertTrue(os.path.exists(self.path("deps", f"libfoo-{LIVE}.rlib")))

    def test_without_a_record_only_low_disk_removes_incremental_state(self):
        touch(self.path("deps", f"libfoo-{STALE}.rlib"))
        touch(self.path("incremental", "foo-x", "s-1", "a.bin"))
        self.assertIn("only incremental state", run("prune", "--target-dir", self.target))
        self.assertTrue(os.path.exists(self.path("incremental", "foo-x")))
        run("prune", "--target-dir", self.target, "--low-disk")
        self.assertFalse(os.path.exists(self.path("incremental", "foo-x")))
        self.assertTrue(os.path.exists(self.path("deps", f"libfoo-{STALE}.rlib")))

    def test_refuses_messages_that_name_no_unit(self):
        msgs = self.messages("empty.json", {"reason": "build-finished", "success": True})
        out = subprocess.run([sys.executable, SCRIPT, "record", "--target-dir", self.target,
                              "--name", "x", msgs], capture_output=True, text=True)
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("name no unit", out.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.target, ".didimo-live")))

    def test_free_prints_whole_gibibytes(self):
        self.assertRegex(run("free", "--target-dir", self.target).strip(), r"^\d+$")


if __name__ == "__main__":
    unittest.main()
