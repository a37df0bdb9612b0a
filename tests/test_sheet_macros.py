"""Macros a sheet defines (``\\newcommand``, ``\\renewcommand``, ``\\def``,
``\\DeclareMathOperator``) are expanded before its formulas are read, from the point of
definition on, in LaTeX, Markdown and plain-text sheets, without moving any line."""
from __future__ import annotations

from cheatsheet.sheets import read_sheet
from cheatsheet.sheets.macros import expand_macros
from audit_helpers import audit_text


def test_plain_macros_arguments_and_defaults():
    text = ("\\newcommand{\\Ex}{\\mathbb{E}}\n\\newcommand\\vy{\\mathbf{y}}\n"
            "\\newcommand{\\dv}[2]{D(#1 \\| #2)}\n\\newcommand{\\pn}[2][2]{\\|#2\\|_{#1}}\n"
            "$\\Ex[\\vy] + \\dv{p}{q} + \\pn{v} + \\pn[1]{v}$\n")
    out = expand_macros(text)
    assert out.count("\n") == text.count("\n")
    assert out.splitlines()[-1] == ("$\\mathbb{E}[\\mathbf{y}] + D(p \\| q) + \\|v\\|_{2} + "
                                    "\\|v\\|_{1}$")


def test_operators_def_renew_and_point_of_definition():
    text = ("$\\Sd$\n\\DeclareMathOperator{\\Sd}{Sd}\\DeclareMathOperator*{\\am}{arg\\,min}\n"
            "\\def\\Q{\\mathbb{Q}}\\def\\pr#1#2{(#1, #2)}\n$\\Sd x + \\am_u f \\in \\Q \\pr ab$\n"
            "\\renewcommand{\\Q}{\\mathbb{Z}}\n$\\Q$\n")
    lines = expand_macros(text).splitlines()
    assert lines[0] == "$\\Sd$"  # used before it is defined: left as written
    assert lines[3] == ("$\\operatorname{Sd} x + \\operatorname*{arg\\,min}_u f \\in "
                        "\\mathbb{Q} (a, b)$")
    assert lines[5] == "$\\mathbb{Z}$"


def test_a_sheet_reads_its_macros_in_every_format(tmp_path):
    for name, text in (
            ("s.tex", "\\documentclass{article}\n\\newcommand{\\Vr}{\\mathrm{Var}}\n"
                      "\\begin{document}\n$\\Vr(X) = 1$\n\\end{document}\n"),
            ("s.md", "$$\\newcommand{\\Vr}{\\mathrm{Var}}$$\n\n- $\\Vr(X) = 1$\n"),
            ("s.txt", "\\newcommand{\\Vr}{\\mathrm{Var}}\nvariance: $\\Vr(X) = 1$\n")):
        p = tmp_path / name
        p.write_text(text)
        segs = [s for s in read_sheet(p).segments if "Var" in s.latex]
        assert [s.latex.strip() for s in segs] == ["\\mathrm{Var}(X) = 1"], name
        assert segs[0].line == 4 if name == "s.tex" else segs[0].line in (2, 3)


def test_a_typo_behind_a_macro_is_caught_and_the_right_form_credited():
    head = ("$$\\newcommand{\\Ex}{\\mathbb{E}}\\DeclareMathOperator{\\Vr}{Var}$$\n\n"
            "# Moments\n\n")
    right = audit_text(head + "- $\\Vr(X) = \\Ex[X^2] - (\\Ex[X])^2$\n")
    typo = audit_text(head + "- $\\Vr(X) = \\Ex[X^2] + (\\Ex[X])^2$\n")
    assert [f.verdict for f in right] == ["ok"]
    assert [f.verdict for f in typo] == ["wrong"]
