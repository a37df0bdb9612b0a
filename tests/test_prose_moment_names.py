"""A value a moment's word names in running text states that moment: "with mean $1/q$ and
variance $(1-q)/q$" (issue 8, red teams 12 and 15: a law's variance or mean written after its
word in prose "stated no relation", so its typo was never checked). Letters, laws and wording
here are our own."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.sheets import formulas_of, read_sheet
from cheatsheet.sheets.prose_labels import lone_symbol


def _readings(tmp_path, text, name="notes.md"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return [f.reading for s in read_sheet(p).segments for f in formulas_of(s)]


BETA = """# Proportions

Beta law on $(0, 1)$, density $g(t) = \\frac{t^{m-1}(1-t)^{r-1}}{B(m, r)}$.
Mean $\\frac{m}{m + r}$, and variance $\\frac{mr}{(m+r)^2(m+r+1)}$.
"""

EXPONENTIAL = """# Waiting times

Exponential waiting time of rate $\\kappa$: expectation $\\frac{1}{\\kappa}$, variance {var}
"""

UNIFORM = """# Flat law

Uniform on $[c, d]$: mean $\\frac{c + d}{2}$, variance {var}.
"""


def test_the_word_before_a_bare_value_becomes_its_left_side(tmp_path):
    readings = _readings(tmp_path, BETA)
    assert r"\mathbb{E}[X] = \frac{m}{m + r}" in readings
    assert r"\operatorname{Var}(X) = \frac{mr}{(m+r)^2(m+r+1)}" in readings
    german = "Exponentialverteilung mit Rate $\\kappa$: Erwartungswert $\\frac{1}{\\kappa}$, " \
             "Varianz $\\frac{1}{\\kappa^2}$\n"
    assert _readings(tmp_path, german)[1:] == [r"\mathbb{E}[X] = \frac{1}{\kappa}",
                                               r"\operatorname{Var}(X) = \frac{1}{\kappa^2}"]


@pytest.mark.parametrize("sheet, right, typo", [
    (EXPONENTIAL, "\\frac{1}{\\kappa^2}", "\\frac{1}{\\kappa^3}"),
    (UNIFORM, "\\frac{(d - c)^2}{12}", "\\frac{(d - c)^2}{6}"),
])
def test_a_moment_in_prose_is_decided(sheet, right, typo):
    good = audit_text(sheet.replace("{var}", f"${right}$"))[-1]
    bad = audit_text(sheet.replace("{var}", f"${typo}$"))[-1]
    assert (good.latex, good.verdict) == (right, "ok")
    assert (bad.latex, bad.verdict) == (typo, "wrong")


@pytest.mark.parametrize("text", [
    # a parameter introduced by its moment: one symbol alone, whatever its parametrisation
    "# Exponential law\n\nExponential with mean $\\vartheta$: density $\\frac{1}{\\vartheta}"
    "e^{-t/\\vartheta}$, and variance $\\vartheta^2$.\n",
    # the moments of a statistic, not of the law
    "# Normal law\n\nFor $n$ draws, the sample average, with variance $\\frac{v}{n}$.\n",
    "# Normal law\n\nFor $\\bar Y$: mean $\\frac{m}{1}$, variance $\\frac{v}{n}$.\n",
    "# Normal law\n\nThe shrunk estimate $c\\bar Y$ and variance $c^2 v/n$.\n",
    "# Normal law\n\nIts variance is $\\frac{v}{n}$.\n",
    "# Normal law\n\nThe estimate has variance $\\frac{v}{n}$.\n",
    # another law's moments: a posterior with updated parameters, an inverse law
    "# Gamma law\n\nPosterior $\\mathrm{Gamma}(u + s, w + n)$, mean $\\frac{u + s}{w + n}$.\n",
    "- $\\operatorname{Inv\\text{-}Gamma}(u, w)$: mean $\\dfrac{w}{u - 1}$\n",
])
def test_no_moment_is_read_where_the_word_may_name_another(tmp_path, text):
    readings = _readings(tmp_path, text)
    assert not any(r.startswith((r"\mathbb{E}[X] =", r"\operatorname{Var}(X) =")) for r in readings)


def test_a_lone_symbol_is_a_parameter():
    assert lone_symbol(r"\vartheta^2") and lone_symbol(r"\bar{\mathbf{y}}") and lone_symbol("0")
    assert not lone_symbol("c s") and not lone_symbol(r"\frac{1}{q}") and not lone_symbol("2k")
