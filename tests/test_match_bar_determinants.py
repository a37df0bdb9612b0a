"""Bars around a matrix are its determinant for the matcher too
(cheatsheet/match/bar_determinants.py); bars around scalars, sets and norms stay."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.match.bar_determinants import bar_determinants, declared_matrices
from cheatsheet.match.tokens import tokenize


def keys(latex, matrices=frozenset()):
    return [t.key for t in tokenize(latex, matrices)]


def test_bars_around_matrices_tokenise_as_det():
    # sure matrices: a bold capital, Sigma, Lambda (with scripts and scalar factors)
    assert keys(r"\left|2\pi\boldsymbol{\Lambda}_{u|v}\right|^{-1/2}") == \
        keys(r"\det(2\pi\boldsymbol{\Lambda}_{u|v})^{-1/2}")
    assert keys(r"\log\frac{\lvert\Sigma_p\rvert}{\vert\Sigma_q\vert}") == \
        keys(r"\log\frac{\det(\Sigma_p)}{\det(\Sigma_q)}")
    # a capital the formula inverts or puts in a Kronecker product; then a lone one too
    assert keys(r"|G| = |H|\,|G H^{-1}|") == keys(r"\det(G) = \det(H)\det(G H^{-1})")
    assert keys(r"|G \otimes H| = |G|^{r}|H|^{s}") == \
        keys(r"\det(G \otimes H) = \det(G)^{r}\det(H)^{s}")
    # after a logarithm the bars stay around the determinant (catalogs write log|det A|)
    assert keys(r"\log|\mathbf{G}|") == keys(r"\log|\det(\mathbf{G})|")
    # a capital the sheet declares a matrix
    assert keys(r"|tG| = t^{r}|G|", frozenset({"G"})) == keys(r"\det(tG) = t^{r}\det(G)")


def test_bars_around_scalars_sets_and_norms_stay():
    for kept in (r"|u - \nu| \le |u| + |\nu|", r"P(|Y| \ge t) \le E|Y| / t",
                 r"|S \cup R| = |S| + |R| - |S \cap R|", r"\|\mathbf{v}\|_2 = \sqrt{v^T v}",
                 r"p(G \mid H) = p(H|G) p(G) / p(H)", r"|tG| = t^{r}|G|"):
        toks = [t.raw for t in tokenize(kept)]
        assert r"\det" not in toks, kept
    assert bar_determinants(["|", "y", "|"]) == ["|", "y", "|"]
    assert declared_matrices({"G": "square(r)", "y": "vector(r)", "t": "real"}) == {"G"}


def test_a_sheet_writing_bars_for_det_is_matched_and_its_slip_caught():
    sheet = ("## Determinants\n\nFor $G, H \\in \\mathbb{R}^{r \\times r}$ and $t \\in \\mathbb{R}$:\n\n"
             "- $|G H| = |G|\\,|H|$\n- $|t G| = t^POWER\\,|G|$\n- $|u v| = |u|\\,|v|$\n")
    for power, verdict in (("{r}", "ok"), ("{2}", "wrong")):
        found = {f.latex: f for f in audit_text(sheet.replace("POWER", power))}
        f = found[f"|t G| = t^{power}\\,|G|"]
        assert f.verdict == verdict, (power, f.reason)
        assert f.claim == "det.scalar_multiple", f.claim
        assert found[r"|G H| = |G|\,|H|"].verdict == "ok"
        scalar = found[r"|u v| = |u|\,|v|"]
        assert scalar.verdict == "ok" and scalar.claim != "det.product", scalar.claim
