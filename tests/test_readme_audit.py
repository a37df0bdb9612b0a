"""The README's "Check your own sheet" example is what `cheatsheet audit` prints for it."""
from __future__ import annotations

import re
import subprocess
import sys

from conftest import REPO

SHEET = REPO / "tests" / "fixtures" / "readme" / "mysheet.md"


def _readme_blocks():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Check your own sheet", 1)[1]
    blocks = re.findall(r"```(\w*)\n(.*?)```", section, re.S)
    sheet = next(body for lang, body in blocks if lang == "markdown")
    output = next(body for lang, body in blocks if body.startswith("$ cheatsheet audit"))
    return sheet, output


def test_readme_shows_the_example_sheet():
    sheet, _ = _readme_blocks()
    assert sheet == SHEET.read_text(encoding="utf-8")


def test_readme_shows_what_audit_prints_for_it():
    _, shown = _readme_blocks()
    out = subprocess.run([sys.executable, "-m", "cheatsheet.cli", "audit", "mysheet.md",
                          "--unchecked"], capture_output=True, text=True, cwd=SHEET.parent,
                         env={"COLUMNS": "80", "PATH": "/usr/bin:/bin"})
    assert out.returncode == 1, out.stderr
    strip = lambda s: re.sub(r" · [0-9.]+ s$", "", s.strip(), flags=re.M)  # noqa: E731
    assert strip(out.stdout) == strip(shown.split("\n", 1)[1])
