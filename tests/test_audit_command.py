"""``cheatsheet audit FILE...`` end to end: the JSON other tools read, exit codes, the text a
student reads (80 columns when piped, places and ids never cut), unreadable files.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cheatsheet.cli import main
from cheatsheet.verify.audit.finding import Finding
from cheatsheet.verify.audit.report import text
from cheatsheet.verify.audit.run import AuditResult, audit_files
from audit_helpers import catalog

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "audit"
SMALL = FIXTURES / "small.md"
CLEAN = FIXTURES / "clean.md"
SUMMARY_KEYS = {"files", "formulas", "ok", "wrong", "unchecked", "seconds"}
FINDING_KEYS = {"file", "line", "latex", "verdict", "claim", "reason", "expected",
                "counterexample"}


def run(*args):
    return CliRunner().invoke(main, ["audit", *map(str, args)])


@pytest.fixture(scope="module")
def small_json():
    rel = SMALL.relative_to(Path.cwd()) if SMALL.is_relative_to(Path.cwd()) else SMALL
    res = run(rel, "--json", "--jobs", "1")
    assert res.exit_code == 1, res.output  # the sheet has a planted typo
    return str(rel), json.loads(res.stdout)


def test_json_has_exactly_the_stable_shape(small_json):
    given, out = small_json
    assert set(out) == {"summary", "findings"}
    assert set(out["summary"]) == SUMMARY_KEYS
    for f in out["findings"]:
        assert set(f) == FINDING_KEYS
        assert f["file"] == given  # as given on the command line
        assert f["verdict"] in ("ok", "wrong", "unchecked")
        assert isinstance(f["line"], int) and f["line"] >= 1 and f["reason"]
    s = out["summary"]
    assert s["files"] == 1 and s["formulas"] == len(out["findings"])
    assert s["ok"] + s["wrong"] + s["unchecked"] == s["formulas"]
    assert isinstance(s["seconds"], (int, float)) and s["seconds"] >= 0


def test_json_one_finding_per_formula_where_it_starts(small_json):
    _, out = small_json
    lines = SMALL.read_text().split("\n")
    got = [(f["line"], f["latex"]) for f in out["findings"]]
    # two $...$ on line 3 are two findings; the chain on line 11 is one
    assert [line for line, _ in got] == [3, 3, 8, 11, 13, 14]
    for line, latex in got:
        assert latex in lines[line - 1]


def test_json_nulls_where_they_do_not_apply(small_json):
    _, out = small_json
    by = {f["latex"]: f for f in out["findings"]}
    wrong = by[r"\frac{d}{du}\tanh(u) = 1 + \tanh^2(u)"]
    assert wrong["verdict"] == "wrong" and wrong["claim"] == "tanh.derivative"
    assert "u" in wrong["expected"] and "x" not in wrong["expected"]
    assert set(wrong["counterexample"]) >= {"values", "left", "right"}
    assert list(wrong["counterexample"]["values"]) == ["u"]
    generic = by[r"\log(uv) = \log u + \log v"]
    assert generic["verdict"] == "ok" and generic["claim"] is None
    assert generic["expected"] is None and generic["counterexample"] is None
    unchecked = by[r"\operatorname{Var}"]
    assert unchecked["verdict"] == "unchecked"
    assert unchecked["claim"] is None and unchecked["expected"] is None


def test_exit_code_is_zero_when_nothing_is_wrong():
    res = run(CLEAN, "--json", "--jobs", "1")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["summary"]["wrong"] == 0


def test_several_files_are_reported_in_the_order_given():
    res = run(CLEAN, SMALL, "--json", "--jobs", "1")
    assert res.exit_code == 1
    out = json.loads(res.stdout)
    files = [f["file"] for f in out["findings"]]
    assert out["summary"]["files"] == 2
    assert files == sorted(files, key=[str(CLEAN), str(SMALL)].index)


@pytest.mark.parametrize("make, words", [
    (lambda d: d / "missing.md", "no such file"),
    (lambda d: d, "directory"),
    (lambda d: (d / "b.md").write_bytes(b"\x00\x01\x02PK") and d / "b.md", "binary"),
    (lambda d: (d / "l.txt").write_bytes(b"caf\xe9 $x$") and d / "l.txt", "UTF-8"),
])
def test_unreadable_input_is_one_line_and_exit_2(tmp_path, make, words):
    path = make(tmp_path)
    res = run(CLEAN, path)  # a readable file first: nothing is audited before the error
    assert res.exit_code == 2
    err = res.stderr.strip()
    assert "\n" not in err and words in err and str(path) in err
    assert "Traceback" not in res.output and res.stdout == ""


def test_no_file_is_bad_usage():
    res = run()
    assert res.exit_code == 2


def test_help_explains_the_verdicts_and_exit_codes():
    res = run("--help")
    assert res.exit_code == 0
    for word in ("ok", "wrong", "unchecked", "Exit status", "--json", "--unchecked"):
        assert word in res.output


# ------------------------------------------------------------------ text at 80 columns

def test_text_lists_wrong_first_and_unchecked_in_line_order_on_request():
    res = run(SMALL, "--unchecked", "--jobs", "1")
    assert res.exit_code == 1
    out = res.stdout
    assert out.index("✗") < out.index("Unchecked")
    assert "1 sheet, 6 formulas: 4 ok, 1 wrong, 1 unchecked" in out
    plain = run(SMALL, "--jobs", "1").stdout
    assert "Unchecked" not in plain and "--unchecked" in plain


def _finding(file, line, verdict, latex, reason, claim=None, **kw):
    return Finding(file, line, latex, verdict, reason, claim=claim, **kw)


def test_text_fits_80_columns_and_never_cuts_places_or_ids():
    deep = "notes/" + "chapter-on-probability-and-information/" * 1 + "my_sheet_file.md"
    long = r"\operatorname{Var}(X - Y) = \operatorname{Var}(X) + \operatorname{Var}(Y) " \
           r"- 2\operatorname{Cov}(X, Y) + \frac{\partial}{\partial \mathbf{x}} " * 2
    findings = [
        _finding(deep, 1234, "wrong", long, "where it departs: " + "words " * 30,
                 claim="kl.gaussians_multivariate", expected=long,
                 counterexample={"values": {"X": [0.1] * 40, "mu": 1.5}, "left": 0.25,
                                 "right": [[1.0, 2.0], [3.0, 4.0]] * 6}),
        _finding(deep, 17, "unchecked", long, "not sure which claim this states (" +
                 ", ".join(["var.affine", "cov.independent_zero", "var.linear_map"]) + ")"),
        _finding("x.md", 3, "unchecked", "a = b", "no claim of the catalog states this"),
    ]
    out = text(AuditResult(findings, [deep, "x.md"], 1.0), show_unchecked=True, width=80)
    lines = out.split("\n")
    assert max(len(line) for line in lines) <= 80, [l for l in lines if len(l) > 80]
    assert f"{deep}:1234" in out and f"{deep}:17" in out and "x.md:3" in out
    assert "[kl.gaussians_multivariate]" in out
    # wrapped reasons keep every word
    assert out.count("words") == 30


def test_real_audit_text_fits_80_columns():
    res = run(SMALL, "--unchecked", "--jobs", "1")
    assert all(len(line) <= 80 for line in res.stdout.split("\n"))


# ------------------------------------------------------------------ the run itself

def test_parallel_workers_give_the_sequential_findings_in_order():
    sheet = "\n\n".join([r"$\sigma(-s) = 1 - \sigma(s)$",
                         r"$\frac{d}{du}\tanh(u) = 1 + \tanh^2(u)$",
                         r"$\log(uv) = \log u + \log v$", r"$(PQ)^{-1} = P^{-1} Q^{-1}$",
                         r"$\mathrm{Var}[sZ + t] = s^2\,\mathrm{Var}[Z]$", r"$x$",
                         r"$e^{a + b} = e^a e^b$", r"$\log(u + v) = \log u \log v$",
                         r"$\sigma(-s) = 1 + \sigma(s)$"])
    texts = {"p.md": sheet}
    one = audit_files(["p.md"], texts=texts, catalog=catalog(), jobs=1)
    two = audit_files(["p.md"], texts=texts, catalog=catalog(), jobs=2)
    assert [(f.line, f.latex, f.verdict, f.claim) for f in one.findings] == \
        [(f.line, f.latex, f.verdict, f.claim) for f in two.findings]
    assert [f.line for f in two.findings] == sorted(f.line for f in two.findings)
    assert len(one.findings) == 9


def test_a_line_with_an_ok_formula_and_an_unread_one_is_marked_as_checked_in_part():
    """An ok beside an unchecked relation on one line says nothing about the other formula,
    where the line's error may sit: the summary names such lines."""
    findings = [
        _finding("notes.md", 8, "ok", r"g(t) = \tanh(t)", "holds"),
        _finding("notes.md", 8, "unchecked", r"g'(t) = 1 + g(t)^2", "the reader cannot read it"),
        _finding("notes.md", 9, "ok", r"u^\top v = v^\top u", "holds"),
        _finding("notes.md", 9, "unchecked", r"u \in \mathbb{R}^k", "states no relation"),
        _finding("notes.md", 12, "wrong", r"a + b = a", "the two sides differ"),
        _finding("notes.md", 12, "unchecked", r"c = d", "no claim of the catalog states this"),
    ]
    out = text(AuditResult(findings, ["notes.md"], 1.0), width=200)
    assert "Checked only in part" in out
    marked = out.split("Checked only in part")[1]
    assert "notes.md: line 8" in marked and "9" not in marked and "12" not in marked
