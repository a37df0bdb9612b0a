"""The commands that decide many formulas run with the collector's batch thresholds
(cheatsheet/frozen.py), in the process itself: the serial path (``--jobs 1``), the parent and
the sheet readers it forks, not only verify's and the audit's workers; and no command ends
with the interpreter's full pass over everything it loaded."""
from __future__ import annotations

import gc

import pytest
from click.testing import CliRunner

from cheatsheet import frozen
from cheatsheet.cli import main


@pytest.fixture
def python_defaults():
    """The interpreter's own thresholds while the test runs (the suite's conftest sets the
    batch ones), given back afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_audit_decides_with_the_batch_thresholds(python_defaults, monkeypatch, tmp_path):
    from cheatsheet.verify.audit import run

    seen = []

    def fake_audit(paths, **kw):  # what the collector is set to when the deciding starts
        seen.append(gc.get_threshold())
        return run.AuditResult([], [str(p) for p in paths])

    monkeypatch.setattr(run, "audit_files", fake_audit)
    sheet = tmp_path / "mine.md"
    sheet.write_text("Softplus: $\\log(1 + e^{z})$\n", encoding="utf-8")
    CliRunner().invoke(main, ["audit", str(sheet), "--jobs", "1", "--json"])
    assert seen == [frozen.BATCH_THRESHOLDS]


def test_verify_checks_with_the_batch_thresholds(python_defaults, monkeypatch):
    from cheatsheet.verify import runner

    seen = []

    def fake_run(claims, **kw):
        seen.append(gc.get_threshold())
        return []

    monkeypatch.setattr(runner, "run_claims", fake_run)
    CliRunner().invoke(main, ["verify", "mgf.poisson", "--jobs", "1", "--json", "--no-cache"])
    assert seen == [frozen.BATCH_THRESHOLDS]
    assert frozen.BATCH_THRESHOLDS[0] > 700  # rarer passes than the interpreter's default


_EXITING = r"""
import gc, sys
from cheatsheet import frozen
kept = [[k] for k in range(200_000)]  # alive as the process ends
def at_exit_pass(phase, info):
    if phase == "start" and info["generation"] == 2:
        sys.stderr.write(f"walked {len(gc.get_objects(generation=2))}\n")
gc.callbacks.append(at_exit_pass)
if sys.argv[1] == "skip":
    frozen.no_collection_at_exit()
    frozen.no_collection_at_exit()  # (once per process, however often asked)
"""


def _walked_at_exit(mode: str) -> int:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", _EXITING, mode], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    counts = [int(line.split()[1]) for line in out.stderr.splitlines()
              if line.startswith("walked ")]
    assert counts, out.stderr  # the interpreter's pass at exit ran (and was seen)
    return counts[-1]


def test_the_pass_at_exit_walks_nothing_once_skipped():
    assert _walked_at_exit("plain") > 150_000  # the objects alive, walked
    assert _walked_at_exit("skip") < 1_000


def test_commands_skip_the_pass_at_exit(monkeypatch):
    import atexit

    registered = []
    monkeypatch.setattr(frozen, "_EXIT_FROZEN", [False])
    monkeypatch.setattr(atexit, "register", lambda fn, *a, **k: registered.append(fn))
    CliRunner().invoke(main, ["list", "--topic", "mgf"])
    CliRunner().invoke(main, ["show", "mgf.poisson"])
    assert registered == [gc.freeze]
