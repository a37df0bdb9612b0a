"""Primes read as transposes where no words say so (cheatsheet/sheets/primes.py): only a prime
on a vector or matrix standing before another factor, on a sheet that writes no other transpose
mark. A size clash such a prime makes is never taken for a typo; second points (k(u, u')),
next values and derivatives keep their primes. Notation of our own: u, v, Z, t, g, h."""
from __future__ import annotations

from audit_helpers import audit_text

from cheatsheet.sheets.primes import may_transpose, with_prime_transposes


def _math(latex: str) -> str:
    return with_prime_transposes("$" + latex + "$")[1:-1]


def test_a_prime_before_a_factor_on_a_vector_or_matrix_is_a_transpose():
    assert _math(r"\mathbf{u}'\mathbf{u}") == r"\mathbf{u}^{\top}\mathbf{u}"
    assert _math(r"(Z'Z)^{-1}Z'\mathbf{t}") == r"(Z^{\top}Z)^{-1}Z^{\top}\mathbf{t}"
    assert _math(r"(\mathbf{t} - Z\mathbf{v})'(\mathbf{t} - Z\mathbf{v})") == \
        r"(\mathbf{t} - Z\mathbf{v})^{\top}(\mathbf{t} - Z\mathbf{v})"
    assert _math(r"Z'(\mathbf{t} - Z\mathbf{v}) = 0") == r"Z^{\top}(\mathbf{t} - Z\mathbf{v}) = 0"
    # once one prime of the formula is a transpose, so is the one ending it
    assert _math(r"Z'Z = QEQ'") == r"Z^{\top}Z = QEQ^{\top}"


def test_second_points_next_values_and_derivatives_keep_their_primes():
    kept = [r"k(\mathbf{u}, \mathbf{u}') = \exp(-\lVert\mathbf{u} - \mathbf{u}'\rVert^2)",
            r"\mathbf{H}' = \tanh(Z\mathbf{H})", r"G'(s) = g(s)", r"M_Y'(0) = E[Y]",
            r"(gh)' = g'h + gh'", r"g'(\mathbf{u})", r"\int k(\mathbf{u}, \mathbf{u}')\,"
            r"\mathbf{u}' d\mathbf{u}'", r"\mathbf{u}\mathbf{u}'"]
    for latex in kept:
        assert _math(latex) == latex, latex
        assert not may_transpose(latex), latex
    # the second point stays one beside a transposed feature map
    assert _math(r"k(\mathbf{u}, \mathbf{u}') = \varphi(\mathbf{u})'\varphi(\mathbf{u}')") == \
        r"k(\mathbf{u}, \mathbf{u}') = \varphi(\mathbf{u})^{\top}\varphi(\mathbf{u}')"


def test_a_sheet_writing_transposes_otherwise_keeps_its_primes():
    text = "$\\mathbf{u}'\\mathbf{u}$ and $Z^\\top Z$\n"
    assert with_prime_transposes(text) == text
    assert may_transpose(r"\mathbf{u}'\mathbf{u}")


SHEET = """# Vectors and fits

- squared length: $\\lVert\\mathbf{u}\\rVert_2^2 = \\mathbf{u}'\\mathbf{u}$
- least squares: $\\hat{\\mathbf{b}} = (Z'Z)^{-1}Z'\\mathbf{t}$
- least squares estimate: $\\hat{\\mathbf{b}} = (Z'Z)^{-1}Z\\mathbf{t}$
- RBF kernel: $k(\\mathbf{u}, \\mathbf{u}') = \\exp\\left(-\\frac{\\lVert\\mathbf{u} - \\mathbf{u}'\\rVert^2}{2\\ell^2}\\right)$
- logistic: $g'(s) = g(s)\\,(1 - g(s))$ with $g(s) = 1/(1 + e^{-s})$
"""


def _verdicts(text: str) -> dict:
    out = {}
    for f in audit_text(text, "vectors.md"):
        out.setdefault(f.line, []).append(f)
    return out


def test_unannounced_transposing_primes_are_decided_and_the_rest_is_untouched():
    found = _verdicts(SHEET)
    assert [(f.verdict, f.claim) for f in found[3]] == [("ok", "norm.squared_inner")]
    assert [(f.verdict, f.claim) for f in found[4]] == [("ok", "blr.least-squares")]
    assert [(f.verdict, f.claim) for f in found[5]] == [("wrong", "blr.least-squares")]
    assert all(f.verdict != "wrong" for f in found[6] + found[7])


def test_a_clash_a_prime_may_make_is_no_typo_where_transposes_are_written_otherwise():
    text = SHEET + "- score: $s = \\mathbf{v}^\\top\\mathbf{u}$\n"
    found = _verdicts(text)
    (norm,) = found[3]
    assert norm.verdict == "unchecked" and "a prime may mean a transpose" in norm.reason
    assert all(f.verdict != "wrong" for fs in found.values() for f in fs)
