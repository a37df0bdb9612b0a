"""Primes read as transposes only where the sheet says so (ESL-style X'X): the reading of the
math, and the audit of a least-squares line (theta for the claim's w, other wording) with and without the
announcement."""
from __future__ import annotations

from cheatsheet.sheets.primes import with_prime_transposes


def as_transposes(latex: str) -> str:
    said = "Primes denote transposes.\n"
    return with_prime_transposes(said + "$" + latex + "$")[len(said) + 1:-1]


def test_transpose_primes_are_rewritten_and_derivative_primes_kept():
    assert as_transposes(r"(A'A)^{-1}A'\mathbf{t}") == r"(A^{\top}A)^{-1}A^{\top}\mathbf{t}"
    assert as_transposes(r"(\mathbf{t} - A b)'(\mathbf{t} - A b)") == \
        r"(\mathbf{t} - A b)^{\top}(\mathbf{t} - A b)"
    assert as_transposes(r"g'(u) = g(u)(1 - g(u))") == r"g'(u) = g(u)(1 - g(u))"
    assert as_transposes(r"u''") == r"u''"


def test_rewritten_primes_read_as_transposes_of_a_product():
    import sympy as sp
    from cheatsheet.latex import parse

    d = {"x": "vector(n)", "A": "square(n)"}
    rel = parse(as_transposes(r"(x'A)' = A'x"), d).relations[0]
    assert isinstance(rel.lhs, sp.Transpose) and str(rel.rhs) == "A.T*x"
    assert rel.lhs.doit() == rel.rhs.doit()
    wrong = parse(as_transposes(r"(x'A)' = Ax"), d).relations[0]
    assert wrong.lhs.doit() != wrong.rhs.doit()


SHEET = r"""# Regression, matrix form

ANNOUNCEMENT Design $X$ with $m$ rows, targets $\mathbf{y}$.

- least squares solution: $\hat{\boldsymbol{\theta}} = FORM$
"""
RIGHT = r"(X'X)^{-1}X'\mathbf{y}"
TYPO = r"(X'X)X'\mathbf{y}"
SAID = "Primes denote transposes."


def _finding(form, said=SAID):
    from audit_helpers import audit_text

    text = SHEET.replace("FORM", form).replace("ANNOUNCEMENT", said)
    (f,) = [f for f in audit_text(text) if f.line == 5]
    return f


def test_announced_primes_make_the_normal_equations_checkable():
    right = _finding(RIGHT)
    assert (right.verdict, right.claim) == ("ok", "blr.least-squares")
    typo = _finding(TYPO)
    assert (typo.verdict, typo.claim) == ("wrong", "blr.least-squares")


def test_without_the_announcement_primes_are_left_alone_where_transposes_are_written_otherwise():
    other = r"Scores are $\mathbf{w}^\top\mathbf{z}$."
    assert _finding(RIGHT, said=other).verdict == "unchecked"
    assert _finding(TYPO, said=other).verdict == "unchecked"
