"""Derivatives written on one line in plain text (``d/dt (t^3)``, ``d(e^{2u})/du``, ``dy/dx``,
``\\partial/\\partial y (...)``) are read as the derivative ``\\frac{d}{dt}`` stands for, never
as arithmetic in a letter d; a formula that still keeps such a d is never refuted by the check
of a formula on its own; Greek letters spelled out in plain text are those letters."""
from __future__ import annotations

import pytest

from cheatsheet.latex import parse
from audit_helpers import audit_text


@pytest.mark.parametrize("plain, latex", [
    ("d/dt (t^3 + 2t) = 3 t^2 + 2", "\\frac{d}{dt}(t^3 + 2t) = 3 t^2 + 2"),
    ("d/dt t^3 = 3 t^2", "\\frac{d}{dt} t^3 = 3 t^2"),
    ("d(e^{2u})/du = 2 e^{2u}", "\\frac{d}{du}(e^{2u}) = 2 e^{2u}"),
    ("dy/dx = 3", "\\frac{dy}{dx} = 3"),
    ("\\partial/\\partial y (x y^2) = 2 x y", "\\frac{\\partial}{\\partial y}(x y^2) = 2 x y"),
    ("\\partial(x y^2)/\\partial y = 2 x y", "\\frac{\\partial}{\\partial y}(x y^2) = 2 x y"),
    ("\\mathrm{d}/\\mathrm{d}s (s^4) = 4 s^3", "\\frac{d}{ds}(s^4) = 4 s^3"),
    ("d/d\\theta (\\theta^2) = 2\\theta", "\\frac{d}{d\\theta}(\\theta^2) = 2\\theta"),
    ("d/dx_1 (x_1 x_2) = x_2", "\\frac{d}{dx_1}(x_1 x_2) = x_2"),
])
def test_a_plain_text_derivative_reads_as_the_fraction(plain, latex):
    assert str(parse(plain)) == str(parse(latex))


@pytest.mark.parametrize("text", ["a/d + b", "and/dx", "c d/d"])
def test_a_letter_d_that_is_no_derivative_is_left_alone(text):
    assert "Derivative" not in str(parse(text))


def test_greek_letters_spelled_out_are_greek_letters():
    assert str(parse("exp(-beta t) = 1")) == str(parse("e^{-\\beta t} = 1"))
    assert str(parse("lambda/2 = mu")) == str(parse("\\lambda/2 = \\mu"))
    # a longer word is not a letter (it is one name: a word naming a left side)
    assert "alpha" not in {str(s) for s in parse("alphabet = 2").free_symbols}


def _verdicts(text, name="sheet.md"):
    return [f.verdict for f in audit_text(text, name=name)]


def test_plain_text_derivatives_are_checked_both_ways():
    assert _verdicts("- cubic: $d/dt (t^3 + 2t) = 3 t^2 + 2$\n") == ["ok"]
    assert _verdicts("- cubic: $d/dt (t^3 + 2t) = 3 t^2$\n") == ["wrong"]
    assert _verdicts("- exponential: $d(e^{2u})/du = 2 e^{2u}$\n") == ["ok"]
    assert _verdicts("- exponential: $d(e^{2u})/du = e^{2u}$\n") == ["wrong"]


def test_a_plain_text_gradient_of_a_quadratic_form_is_no_false_alarm():
    # the LaTeX \frac{d}{dz} form is credited; the slash form must not be refuted
    sheet = ("Vectors are columns; z is a vector in R^n and B an n x n matrix.\n\n"
             "- gradient of a quadratic form: $d/dz (z^T B z) = (B + B^T) z$\n"
             "- the same, with the d in front: $d(z^T B z)/dz = (B + B^T) z$\n"
             "- a weight penalty: $d/dz (gamma/2 * ||z||^2) = gamma * z$\n")
    assert "wrong" not in _verdicts(sheet)


def test_a_kept_letter_d_beside_a_derivative_is_never_refuted():
    # a letter named d inside a derivative, and a d the reader cannot take apart (dfoo/dz)
    assert _verdicts("- $\\frac{d}{dx}(d x^2) = 2 d x$\n") != ["wrong"]
    assert _verdicts("- $dfoo/dz = z$\n") != ["wrong"]


def test_d_for_a_partial_alone_is_notation_not_a_typo():
    from cheatsheet.match.tokens import tokenize
    from cheatsheet.verify.audit.explain import marks_only
    claim = tokenize("\\frac{\\partial}{\\partial z}[z^T B z] = (B + B^T) z")
    assert marks_only(tokenize("\\frac{d}{dz}(z^T B z) = (B + B^T) z"), claim)
    assert marks_only(tokenize("d(z^T B z)/dz = (B + B^T) z"), claim)
    assert not marks_only(tokenize("\\frac{d}{dz}(z^T B z) = (B - B^T) z"), claim)
    assert not marks_only(tokenize("\\frac{\\partial}{\\partial z}[z^T B z] = B z"), claim)


def test_a_plain_text_root_is_a_root():
    assert str(parse("sqrt(2 t + 1) = 3")) == str(parse("\\sqrt{2 t + 1} = 3"))
    assert str(parse("1/sqrt(exp(u)) = 1")) == str(parse("1/\\sqrt{e^{u}} = 1"))
    assert "sqrt" not in str(parse("bsqrt(u)"))  # inside a longer word: letters as before


def test_where_a_formula_departs_is_never_told_as_a_lone_bracket():
    """The diff of g^2 and (g)^2 is two insertions, "(" and ")": said as "( is missing; ) is
    missing" it tells a student nothing, so the line says nothing and the right form speaks."""
    from cheatsheet.match.tokens import tokenize
    from cheatsheet.verify.audit.explain import difference
    assert difference(tokenize("m' n'"), tokenize("m'(n) n'")) == "(n) is missing"
    for sheet, right in (("g^2", "(g)^2"), ("a b + c", "a (b + c)"), ("p q)", "p (q)")):
        told = difference(tokenize(sheet), tokenize(right))
        assert all(part.count("(") == part.count(")") for part in told.split("; ")), told
