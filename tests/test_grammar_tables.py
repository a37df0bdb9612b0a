"""The reader's grammar tables kept between processes (cheatsheet/latex/__init__.py): a parser
loaded from the file reads exactly as a freshly built one, and a damaged file is rebuilt."""
from __future__ import annotations

import subprocess
import sys

import pytest

_READ = (
    "import cheatsheet.latex as L\n"
    "print(L._tables_file())\n"
    "for t in [r'\\frac{a}{b} = c', r'\\sum_{i=1}^n x_i \\le n \\max_{i=1}^n x_i']:\n"
    "    print(L.parse(t))\n"
    "try:\n"
    "    L.parse(r'x + (y')\n"
    "except L.LatexError as e:\n"
    "    print(e)\n"
)


def _run(env) -> list[str]:
    out = subprocess.run([sys.executable, "-c", _READ], capture_output=True, text=True, env=env,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""  # a damaged file is rebuilt silently
    return out.stdout.splitlines()


@pytest.fixture
def env(tmp_path, monkeypatch):
    import os

    e = {k: v for k, v in os.environ.items() if k != "CHEATSHEET_NO_STARTUP_CACHE"}
    e["CHEATSHEET_CACHE_DIR"] = str(tmp_path)
    e["CHEATSHEET_NO_CACHE"] = "1"  # as the suite's CLI subprocesses: verdicts only are off
    return e


def test_tables_loaded_from_the_file_read_as_built_ones(env, tmp_path):
    first = _run(env)  # builds and writes the tables
    tables = tmp_path / "latex-grammar.lark-tables"
    assert first[0] == str(tables) and tables.stat().st_size > 1000
    stamp = tables.stat().st_mtime_ns
    second = _run(env)  # loads them
    assert tables.stat().st_mtime_ns == stamp  # read, not written again
    assert second == first
    built = _run({**env, "CHEATSHEET_NO_STARTUP_CACHE": "1"})  # no file at all
    assert built[0] == "False" and built[1:] == first[1:]


def test_a_damaged_tables_file_is_rebuilt(env, tmp_path):
    good = _run(env)
    tables = tmp_path / "latex-grammar.lark-tables"
    tables.write_bytes(b"not lark tables\n")
    assert _run(env) == good
    assert tables.stat().st_size > 1000  # written again
