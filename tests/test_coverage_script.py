"""scripts/coverage.py counts a sheet's math lines and those some claim's source version names."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
NO_FORMULA = ROOT / "data" / "coverage" / "no_formula.toml"

SHEET = """\
## 1 Algebra

Square $(a+b)^2 = a^2 + 2ab + b^2$
just prose, no math
Difference $a^2 - b^2 = (a-b)(a+b)$
empty math $ $ does not count
**2 Calculus**
$\\frac{d}{dx} x^2 = 2x$
$\\frac{d}{dx} e^x = e^x$ and $\\frac{d}{dx} \\sin x = \\cos x$
3.1 — Integrals
$\\int_0^1 x dx = \\frac{1}{2}$
"""

CLAIMS = """\
topic = "fake"

[[claims]]
id = "fake.square"
title = "Square of a sum"
latex = '(a+b)^2 = a^2 + 2ab + b^2'
symbols = { a = "real", b = "real" }

[[claims.sources]]
sheet = "900_fake.txt"
line = 3
latex = '(a+b)^2 = a^2 + 2ab + b^2'

[[claims]]
id = "fake.exp"
title = "Derivative of exp"
latex = '\\frac{d}{dx} e^x = e^x'
symbols = { x = "real" }

[[claims.sources]]
sheet = "900_fake.txt"
line = 9
latex = '\\frac{d}{dx} e^x = e^x'

[[claims.sources]]
sheet = "901_other.txt"
line = 9
latex = '\\frac{d}{dx} e^x = e^x'
"""


def _run(tmp_path, *args, no_formula: str | None = None, status: int = 0):
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    (seeds / "900_fake.txt").write_text(SHEET, encoding="utf-8")
    claims = tmp_path / "claims"
    claims.mkdir(exist_ok=True)
    (claims / "fake.toml").write_text(CLAIMS, encoding="utf-8")
    listed = tmp_path / "no_formula.toml"
    if no_formula is not None:
        listed.write_text(no_formula, encoding="utf-8")
    env = dict(os.environ, CHEATSHEET_CLAIMS=str(claims))
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "coverage.py"), str(seeds),
                          "--no-formula", str(listed), *args],
                         capture_output=True, text=True, env=env)
    assert out.returncode == status, out.stdout + out.stderr
    return out.stdout


def test_counts_per_sheet_and_section(tmp_path):
    out = _run(tmp_path)
    # math lines: 3, 5, 8, 9, 11 (line 6 holds only an empty $ $); referenced: 3 and 9
    assert "== 900_fake.txt: 5 math lines, 2 referenced, 40.0%, 0 without formula, 3 missing" in out
    lines = out.splitlines()
    algebra = next(ln for ln in lines if "1 Algebra" in ln)
    assert algebra.split()[-5:] == ["2", "1", "50.0%", "0", "1"]
    calculus = next(ln for ln in lines if "2 Calculus" in ln)
    assert calculus.split()[-5:] == ["2", "1", "50.0%", "0", "1"]
    integrals = next(ln for ln in lines if "3.1 — Integrals" in ln)
    assert integrals.split()[-5:] == ["1", "0", "0.0%", "0", "1"]


def test_section_until_and_missing(tmp_path):
    out = _run(tmp_path, "--section", "calculus", "--missing")
    assert "== 900_fake.txt: 2 math lines, 1 referenced, 50.0%" in out
    assert "-    8: $\\frac{d}{dx} x^2 = 2x$" in out
    assert "   9:" not in out  # referenced lines are not listed with --missing
    out = _run(tmp_path, "--until", "integrals")
    assert "== 900_fake.txt: 4 math lines, 2 referenced, 50.0%" in out


LISTED = """\
[[lines]]
sheet = "900_fake.txt"
line = 5
reason = "a worked number example"

[[lines]]
sheet = "900_fake.txt"
line = 11
reason = "a duplicate of line 8"
"""


def test_listed_lines_are_not_missing(tmp_path):
    out = _run(tmp_path, "--missing", no_formula=LISTED)
    assert "5 math lines, 2 referenced, 40.0%, 2 without formula, 1 missing" in out
    assert "-    8:" in out
    assert "    5:" not in out and "   11:" not in out
    assert "1 Algebra" not in out  # a section with nothing missing is not listed
    out = _run(tmp_path, "--lines", no_formula=LISTED)
    assert "=    5: (a worked number example) Difference $a^2" in out
    assert "+    3:" in out and "-    8:" in out and "=   11:" in out
    algebra = next(ln for ln in out.splitlines() if "1 Algebra" in ln)
    assert algebra.split()[-5:] == ["2", "1", "50.0%", "1", "0"]


@pytest.mark.parametrize("entry, message", [
    ('sheet = "900_fake.txt"\nline = 5\nreason = " "', "the reason is empty"),
    ('sheet = "900_fake.txt"\nline = 5', "the reason is empty"),
    ('sheet = "999_none.txt"\nline = 5\nreason = "prose"', "no such sheet"),
    ('sheet = "900_fake.txt"\nline = 40\nreason = "prose"', "the sheet has 11 lines"),
    ('sheet = "900_fake.txt"\nline = 4\nreason = "prose"', "holds no math"),
    ('sheet = "900_fake.txt"\nline = 6\nreason = "prose"', "holds no math"),
    ('sheet = "900_fake.txt"\nline = 9\nreason = "heading"', "a claim records a source"),
    ('sheet = "900_fake.txt"\nline = "5"\nreason = "prose"', "needs a sheet name and a line"),
])
def test_defects_of_the_list_fail_the_run(tmp_path, entry, message):
    out = _run(tmp_path, no_formula=f"[[lines]]\n{entry}\n", status=1)
    assert "1 problem(s)" in out and message in out


def test_duplicates_and_order_are_defects(tmp_path):
    one = '[[lines]]\nsheet = "900_fake.txt"\nline = {}\nreason = "prose"\n'
    out = _run(tmp_path, no_formula=one.format(11) + one.format(5), status=1)
    assert "not sorted by sheet and line" in out
    out = _run(tmp_path, no_formula=one.format(5) + one.format(5), status=1)
    assert "listed twice" in out


def test_unreadable_list_is_a_usage_error(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    bad = tmp_path / "bad.toml"
    bad.write_text("[[lines]\n", encoding="utf-8")
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "coverage.py"), str(seeds),
                          "--no-formula", str(bad)], capture_output=True, text=True)
    assert out.returncode == 2
    assert "cannot read the list of lines without formula" in out.stderr
    assert "Traceback" not in out.stderr


def _script():
    spec = importlib.util.spec_from_file_location("coverage_script", ROOT / "scripts" / "coverage.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source sheets (../shared/seeds) are absent")
def test_the_reviewed_list_has_no_defects():
    """Every line of data/coverage/no_formula.toml exists, holds math no claim records, and says
    why it carries no formula."""
    from cheatsheet.catalog import get_catalog

    cov = _script()
    entries = cov.load_no_formula(NO_FORMULA)
    assert cov.no_formula_problems(entries, SEEDS, cov.referenced_lines(get_catalog())) == []


def test_partial_lists_the_formulas_of_a_referenced_line_that_no_version_records(tmp_path):
    out = _run(tmp_path, "--partial")
    # line 9 holds two formulas; only the one of e^x has a version
    assert "   9: \\frac{d}{dx} \\sin x = \\cos x" in out
    assert "e^x = e^x" not in out
    assert "   3:" not in out and "   8:" not in out  # recorded whole / not referenced at all
    assert "== 900_fake.txt: 1 piece(s) of referenced lines that no version records" in out


def _coverage_module():
    return _script()  # registered in sys.modules: it ran only after a test that did so


@pytest.mark.parametrize("line, versions, expected", [
    # a symbol introduced by membership or a law is no formula of its own
    (r"$x \in \mathbb{R}^n$ and $\epsilon \sim \mathcal{N}(0, I)$", [], []),
    # a version spanning several pieces (aligned lines) records each of them
    (r"$a = b$ $c = d$", ["a = b$ $c = d"], []),
    # a version copied from half a piece leaves the other half unrecorded
    (r"$a + b = c, \quad x_1 + x_2 + x_3 \leq y_1 + y_2 + y_3$", ["a + b = c"],
     [r"a + b = c, \quad x_1 + x_2 + x_3 \leq y_1 + y_2 + y_3"]),
    (r"$a = b,\ c \neq d$", ["a = b,\\ c \\neq d"], []),
    (r"$\alpha, \beta \geq 0$", [], [r"\alpha, \beta \geq 0"]),
])
def test_unrecorded_pieces(line, versions, expected):
    assert _coverage_module().unrecorded_pieces(line, versions) == expected
