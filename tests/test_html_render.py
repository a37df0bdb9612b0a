"""The HTML renderer: MathML from LaTeX (with <code> where it cannot), escaping, the pages'
content, self-containment, the notebook reprs, and the --html options of the CLI."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import REPO
from html_helpers import raw_latex, running_text

from cheatsheet.html import audit_page, claim_fragment, math_html, to_mathml, verify_page
from cheatsheet.html.render import counterexample, prose
from cheatsheet.verify.audit.finding import Finding
from cheatsheet.verify.audit.run import AuditResult


# -- formulas ---------------------------------------------------------------------------------

def test_latex_becomes_mathml():
    out = to_mathml(r"\frac{a}{b} = \sqrt{x^2}")
    assert out.startswith("<math") and "<mfrac>" in out and "<msqrt>" in out
    assert "\\" not in out


@pytest.mark.parametrize("latex, shown", [
    (r"\mathbf{x} \in \R^n", "ℝ"),
    (r"\operatorname*{arg\,max}_x f(x)", "arg"),
    (r"\arg\min_x f(x)", "arg"),
    (r"\operatorname{Var}(X) + \tfrac{1}{2} \lVert x \rVert^2 + x^\top y", "Var"),
    (r"\mathbb{E}[X]", "𝔼"),
])
def test_macros_of_the_sheets_are_typeset(latex, shown):
    out = to_mathml(latex)
    assert out is not None and shown in out
    assert "\\" not in out and "<mo />" not in out


@pytest.mark.parametrize("latex", [r"\foo{x} = 1", r"\left( x", "", "   "])
def test_a_formula_that_cannot_be_typeset_is_shown_as_code(latex):
    assert to_mathml(latex) is None
    out = str(math_html(latex))
    assert out.startswith('<code class="latex"') and "<math" not in out


def test_markup_in_a_formula_is_escaped():
    typeset = str(math_html(r"\text{<script>alert(1)</script>} < 1"))
    assert "<script>" not in typeset and "&lt;script&gt;" in typeset and "<math" in typeset
    code = str(math_html(r"\foo{<b>x</b>} & y"))
    assert "<b>" not in code and "&lt;b&gt;" in code and "&amp;" in code


def test_prose_never_leaves_latex_in_running_text():
    out = str(prose(r"\mathcal{O}(n^2 d) is a class; see `\sigma(\mathbf` and f^{(n+1)} <i>"))
    assert not raw_latex(running_text(out)), out
    assert '<code class="latex">\\sigma(\\mathbf</code>' in out
    assert out.count("<math") == 2 and "&lt;i&gt;" in out


def test_the_latex_checker_finds_raw_latex():
    """The page checks below rely on it: it must see LaTeX in text, and not inside code."""
    assert raw_latex(running_text(r"<p>the \frac{a}{b} form</p>")) == ["\\frac"]
    assert raw_latex(running_text(r"<p>x^{2}</p>")) == ["^{"]
    assert not raw_latex(running_text(r"<p><code>\frac{a}{b}</code></p>"))


def test_nearly_every_formula_of_the_catalog_is_typeset(catalog):
    """The rewrites cover the sheets' macros: what is left as code is LaTeX that is broken
    (cut off, unbalanced \\left), a handful in a thousand."""
    formulas = {f for c in catalog for f in [c.latex] + [s.latex for s in c.sources]}
    untypeset = [f for f in formulas if to_mathml(f) is None]
    assert len(untypeset) <= len(formulas) // 100, untypeset
    assert all("\\" not in to_mathml(f) for f in formulas if f not in untypeset)


def test_typesetting_in_workers_gives_what_one_process_gives(catalog, monkeypatch):
    import threading

    from cheatsheet.html import mathml

    if threading.active_count() > 1:
        pytest.skip("other threads run in this test process: typeset_all stays in one")
    formulas = sorted({s.latex for c in list(catalog)[:40] for s in c.sources})
    alone = {f: mathml._convert(f, False) for f in formulas}
    mathml.clear_cache()
    monkeypatch.setattr(mathml, "PARALLEL_FROM", 2)
    mathml.typeset_all(formulas, jobs=2)
    assert {f: mathml._CACHE[(f, False)] for f in formulas} == alone


# -- counterexamples --------------------------------------------------------------------------

def test_counterexample_of_the_audit_and_of_the_checker_read_alike():
    audit = counterexample({"values": {"λ": 2.06, "A": [[1, 2], [3, 4]]}, "left": 0.5,
                            "right": 3.5})
    check = counterexample({"instance": {"lambda": 2.06, "X": "~ Poisson(lambda)"},
                            "lhs": 0.5, "rhs": 3.5, "seed": 0}, {"lambda": "λ"})
    assert audit.rows[0] == ("λ", "2.06")
    assert audit.rows[1][0] == "A" and "<mtable>" in audit.rows[1][1]  # a small matrix: typeset
    big = counterexample({"values": {"M": [[1.0] * 4] * 4, "N": [[float("nan")]]}})
    assert [str(v) for _, v in big.rows] == ["a 4×4 matrix: [[1, 1, 1, …], [1, 1, 1, …], …]",
                                             "[[undefined (not a number)]]"]
    assert check.rows == [("λ", "2.06"), ("X", "~ Poisson(λ)")]
    assert audit.sides == check.sides == [("left side", "0.5"), ("right side", "3.5")]
    assert check.seed == 0 and counterexample(None) is None


# -- the audit page ---------------------------------------------------------------------------

def _findings():
    return [
        Finding("my.md", 3, r"\operatorname{Var}(aX) = a^2 \operatorname{Var}(X)", "ok",
                "holds: variance of a scaled variable", claim="var.affine"),
        Finding("my.md", 7, r"(AB)^{-1} = A^{-1} B^{-1}", "wrong", "the two sides differ",
                expected=r"(AB)^{-1} = B^{-1} A^{-1}",
                counterexample={"values": {"A": [[1, 2], [3, 4]], "B": [[0, 1], [1, 0]]},
                                "left": [[1, 0], [0, 1]], "right": [[2, 0], [0, 2]]}),
        Finding("my.md", 5, r"\weird{x} = y", "unchecked",
                r"the reader cannot read `\weird{x}`"),
    ]


@pytest.fixture(scope="module")
def page():
    return audit_page(AuditResult(_findings(), ["my.md"], 1.5))


def test_audit_page_lists_every_formula_in_line_order(page):
    lines = [int(n) for n in re.findall(r'id="line-(\d+)"', page)]
    assert lines == [3, 5, 7]
    assert "1 sheet, 3 formulas" in re.sub(r"\s+", " ", page)


def test_audit_page_typesets_the_right_form_and_tabulates_the_counterexample(page):
    wrong = page.split('id="line-7"')[1]
    formulas, table = wrong.split('<table class="cx">')
    assert formulas.count("<math") == 2 and "right form" in formulas  # sheet's and right form
    assert table.count("<mtable>") == 4 and "left side" in table  # A, B and both sides


def test_audit_page_shows_an_unreadable_formula_as_code(page):
    unreadable = page.split('id="line-5"')[1].split("</article>")[0]
    assert '<code class="latex"' in unreadable and "<math" not in unreadable


def test_audit_page_verdicts_read_without_colour(page):
    for verdict, icon in (("ok", "✓"), ("wrong", "✗"), ("unchecked", "?")):
        assert re.search(rf'class="badge {verdict}"><span class="icon" aria-hidden="true">'
                         rf"{re.escape(icon)}</span> {verdict}<", page)


def test_audit_page_has_filters_for_each_verdict(page):
    for key in ("all", "wrong", "unchecked", "ok"):
        assert f'data-filter="{key}"' in page
    assert page.count('data-tags="wrong"') == 1


def test_page_is_self_contained(page):
    """No fetch of any kind: no URL but MathML's namespace name, no src, link or import."""
    urls = set(re.findall(r"(?:https?:)?//[\w.-]+[^\s\"'<>)]*", page))
    assert urls <= {"http://www.w3.org/1998/Math/MathML"}, urls
    assert not re.search(r"<(?:link|img|iframe|object|embed)\b|\bsrc=|@import|url\(", page)
    assert "<style>" in page and "<script>" in page


def test_page_has_no_raw_latex_in_running_text(page):
    assert not raw_latex(running_text(page))


# -- the verify page and the notebook ---------------------------------------------------------

@pytest.fixture(scope="module")
def poisson(catalog):
    return catalog["mgf.poisson"]


def test_verify_page_shows_claims_with_evidence_and_sheet_versions(catalog, verified, poisson):
    from cheatsheet.verify.runner import summary

    claims = [poisson, catalog["sigmoid.jacobian"]]
    results = [verified(c.id) for c in claims]
    out = verify_page(results, summary(results, 1.0), claims)
    card = out.split('id="mgf.poisson"')[1].split("</article>")[0]
    assert "evidence" in card and "Poisson random variable" in card
    for s in results[0].sources:
        assert f"{s.sheet}:{s.line}" in card
    assert card.count('class="badge wrong"') == sum(s.verdict == "refuted"
                                                     for s in results[0].sources)
    assert '<table class="cx">' in card
    assert not raw_latex(running_text(out))
    assert "line-refuted" in out and 'id="topic-1"' in out


def test_no_claim_card_leaves_latex_in_running_text(catalog):
    """Titles, legends, notes and the sheets' words of the whole catalog (written partly in
    plain-text notation: q(x_{t-1} | x_t), Sigma^{1/2}) are typeset or shown as code."""
    for claim in catalog:
        card = claim_fragment(claim)
        assert not raw_latex(running_text(card)), (claim.id, raw_latex(running_text(card)))


def test_claim_repr_html_and_latex(poisson):
    html = poisson._repr_html_()
    assert html.count("<math") >= 1 + len(poisson.sources)
    assert "evidence" in html and "mgf.poisson" in html
    assert poisson._repr_latex_() == "$\\displaystyle " + poisson.latex + "$"
    recorded = claim_fragment(poisson)  # without a result: the formula and the versions
    assert "evidence" not in recorded and recorded.count("<math") >= 1 + len(poisson.sources)


def test_finding_repr_html_and_latex():
    f = _findings()[1]
    html = f._repr_html_()
    assert html.split('<table class="cx">')[0].count("<math") == 2 and "my.md:7" in html
    assert f._repr_latex_() == "$" + f.latex + "$"


# -- the CLI ----------------------------------------------------------------------------------

def _run(*args, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "cheatsheet.cli", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


@pytest.mark.parametrize("command", [["audit", "tests/fixtures/readme/mysheet.md"],
                                     ["verify", "mgf.poisson"]])
def test_unwritable_html_path_is_one_line_and_exit_2(command, tmp_path):
    for bad in (tmp_path, tmp_path / "missing" / "r.html"):
        out = _run(*command, "--html", str(bad))
        assert out.returncode == 2, out.stderr
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and "cannot write the HTML report" in lines[0]
        assert "Traceback" not in out.stderr and not out.stdout  # refused before the work


def test_a_page_that_fails_to_write_says_why_in_one_line(tmp_path):
    from cheatsheet.html import PageError, check_writable, write_page

    blocker = tmp_path / "file"
    blocker.write_text("x")
    for call in (lambda p: check_writable(p), lambda p: write_page(p, "<p>")):
        with pytest.raises(PageError) as err:
            call(str(blocker / "page.html"))
        assert "cannot write the HTML report to" in str(err.value)
        assert "\n" not in str(err.value) and "Errno" not in str(err.value)


def _invoke(monkeypatch, *args):
    """The CLI in this process (click's runner, from the repository as ``_run`` does): the
    pages' content does not need a fresh interpreter; exit codes and stderr are kept apart."""
    from click.testing import CliRunner

    from cheatsheet.cli import main

    monkeypatch.chdir(REPO)
    r = CliRunner().invoke(main, list(args))
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exc_info
    return r


def test_audit_html_writes_the_page(tmp_path, monkeypatch):
    path = tmp_path / "audit.html"
    out = _invoke(monkeypatch, "audit", "tests/fixtures/readme/mysheet.md", "--html", str(path))
    assert out.exit_code == 1 and "✗" in out.stdout  # the text report as usual
    assert f"HTML report: {path}" in out.stderr
    page = path.read_text(encoding="utf-8")
    assert page.count('class="card finding') == 6 and "Audit of mysheet.md" in page


def test_verify_html_writes_the_page(tmp_path, monkeypatch):
    path = tmp_path / "verify.html"
    out = _invoke(monkeypatch, "verify", "mgf.poisson", "--json", "--html", str(path))
    assert out.exit_code == 0 and out.stdout.startswith("{")
    page = path.read_text(encoding="utf-8")
    assert page.count('class="card claim') == 1 and "Verification: mgf.poisson" in page
