"""The README's "Check your own sheet" example is what `cheatsheet audit` prints for it."""
from __future__ import annotations

import re

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


def test_readme_shows_what_audit_prints_for_it(monkeypatch):
    """The command run in this process, at 80 columns from the sheet's folder, as the README
    shows it typed (a new process imported the whole engine again: ~2.5 s of CPU; the
    command's own process is tested in test_html_render.py and test_cli.py)."""
    from click.testing import CliRunner

    from cheatsheet.cli import main

    _, shown = _readme_blocks()
    monkeypatch.chdir(SHEET.parent)
    out = CliRunner().invoke(main, ["audit", "mysheet.md", "--unchecked"], env={"COLUMNS": "80"})
    assert out.exit_code == 1, out.output
    strip = lambda s: re.sub(r" · [0-9.]+ s$", "", s.strip(), flags=re.M)  # noqa: E731
    assert strip(out.stdout) == strip(shown.split("\n", 1)[1])
