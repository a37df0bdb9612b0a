"""scripts/coverage.py counts a sheet's math lines and those some claim's source version names."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

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


def _run(tmp_path, *args):
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    (seeds / "900_fake.txt").write_text(SHEET, encoding="utf-8")
    claims = tmp_path / "claims"
    claims.mkdir(exist_ok=True)
    (claims / "fake.toml").write_text(CLAIMS, encoding="utf-8")
    env = dict(os.environ, CHEATSHEET_CLAIMS=str(claims))
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "coverage.py"), str(seeds), *args],
                         capture_output=True, text=True, env=env, check=True)
    return out.stdout


def test_counts_per_sheet_and_section(tmp_path):
    out = _run(tmp_path)
    # math lines: 3, 5, 8, 9, 11 (line 6 holds only an empty $ $); referenced: 3 and 9
    assert "== 900_fake.txt: 5 math lines, 2 referenced, 40.0%" in out
    lines = out.splitlines()
    algebra = next(ln for ln in lines if "1 Algebra" in ln)
    assert algebra.split()[-3:] == ["2", "1", "50.0%"]
    calculus = next(ln for ln in lines if "2 Calculus" in ln)
    assert calculus.split()[-3:] == ["2", "1", "50.0%"]
    integrals = next(ln for ln in lines if "3.1 — Integrals" in ln)
    assert integrals.split()[-3:] == ["1", "0", "0.0%"]


def test_section_until_and_missing(tmp_path):
    out = _run(tmp_path, "--section", "calculus", "--missing")
    assert "== 900_fake.txt: 2 math lines, 1 referenced, 50.0%" in out
    assert "-    8: $\\frac{d}{dx} x^2 = 2x$" in out
    assert "   9:" not in out  # referenced lines are not listed with --missing
    out = _run(tmp_path, "--until", "integrals")
    assert "== 900_fake.txt: 4 math lines, 2 referenced, 50.0%" in out
