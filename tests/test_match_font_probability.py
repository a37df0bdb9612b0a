"""A probability set upright (``\\mathsf{P}``, ``\\mathrm{Pr}``, ``\\operatorname{Prob}``) is the
probability, the same unit as ``\\mathbb{P}``, ``\\Pr`` and the catalog's ``P``: read as a fixed
word instead, no claim's P pairs with it, and a bound written with it is matched to a claim
whose shape fits less well (Chebyshev's bound with a dropped square was credited as Markov's)."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.match.tokens import keys, tokenize


def same(a: str, b: str) -> bool:
    return keys(tokenize(a)) == keys(tokenize(b))


def test_an_upright_probability_compares_as_the_probability():
    for written in (r"\mathsf{P}", r"\mathrm{P}", r"\mathrm{Pr}", r"\operatorname{Prob}",
                    r"\textsf{P}"):
        assert same(written + r"(Z > r)", r"\mathbb{P}(Z > r)"), written
        assert same(written + r"(Z > r)", r"\Pr(Z > r)"), written
    # other upright words stay words
    assert not same(r"\mathrm{Pa}(Z > r)", r"\Pr(Z > r)")


def test_a_bound_with_an_upright_probability_and_expectation_is_read_as_its_claim():
    line = ("- for any $r > 0$: $\\mathrm{Pr}\\big(|W - \\mathsf{E}[W]| \\ge r\\big) \\le "
            "\\frac{\\mathbb{V}[W]}{RIGHT}$\n")
    right = audit_text(line.replace("RIGHT", "r^2"))[-1]
    typo = audit_text(line.replace("RIGHT", "r"))[-1]
    assert (right.verdict, right.claim) == ("ok", "bound.chebyshev")
    assert (typo.verdict, typo.claim) == ("wrong", "bound.chebyshev")
    # its explanation speaks of the square only: the upright E[W] is the claim's mean
    assert "belongs" in typo.reason and "μ" not in typo.reason
