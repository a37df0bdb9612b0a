"""A law's parameters named in words put in, words and all (verify/audit/defined.py and
cheatsheet/sheets/definitions.put_in).

"Normal with mean $a$ and variance $w$: $\\Phi(r) = \\exp(a r - w r^2/2)$" says a = mu and
w = sigma^2. With the values put in, the formula must keep the claim's shape (sigma^2 r^2, not
(sigma^2) r^2, which the matcher scores as another formula) and the words must name the values
too (mean $\\mu$, not a mean a the formula no longer writes): only then is the typo as sure as
the same line written in mu and sigma. The right form is shown in the sheet's letters.
"""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.sheets.definitions import Definition, put_in
from cheatsheet.verify.audit import decide as decide_module


@pytest.fixture(autouse=True)
def _patient(monkeypatch):
    # (a loaded machine must not turn a decision into "no decision within 6 s")
    monkeypatch.setattr(decide_module, "FORMULA_TIME_LIMIT", 60.0)


_LINE = ("## Moment generating functions\n\n"
         "- Gaussian with mean $a$ and variance $w$: "
         "$\\Phi(r) = \\exp\\left(a r {sign} \\frac{{w r^2}}{{2}}\\right)$\n")


def _mgf(sign: str):
    return next(f for f in audit_text(_LINE.replace("{sign}", sign).replace("{{", "{")
                                      .replace("}}", "}")) if "Phi" in f.latex)


def test_a_typo_in_word_named_parameters_is_wrong_and_shown_in_the_sheets_letters():
    f = _mgf("-")
    assert (f.verdict, f.claim) == ("wrong", "mgf.normal")
    assert "a r" in f.expected and r"w r^2" in f.expected and r"\sigma" not in f.expected


def test_the_right_form_in_word_named_parameters_is_ok():
    assert (_mgf("+").verdict, _mgf("+").claim) == ("ok", "mgf.normal")


@pytest.mark.parametrize("latex,expected", [
    (r"\exp(a r + \frac{w r^2}{2})", r"\exp(\mu r + \frac{\sigma^2 r^2}{2})"),  # bare
    (r"w^2", r"\left(\sigma^2\right)^2"),  # a power after it
    (r"e^w", r"e^\left(\sigma^2\right)"),  # a script mark before it
    (r"\sqrt w", r"\sqrt \left(\sigma^2\right)"),  # a command's argument
    (r"w(\eta)", r"\left(\sigma^2\right)(\eta)"),  # a bracket after it: no call of it
])
def test_a_value_is_bracketed_only_where_it_must_be(latex, expected):
    named = [Definition("a", None, r"\mu", 1), Definition("w", None, r"\sigma^2", 1)]
    assert put_in(latex, named) == expected
