"""A tail that only says where a formula holds (``, \\quad j = 0, 1, 2, \\dots``;
``, \\; u, v > 0``) is the formula's premise, not part of what it states: the matcher compares
the formula without it, and the checker takes a range with no end (``j \\in \\{0, 1, \\dots\\}``)
as "a whole number from 0 on" rather than a set to list. Both left pmfs written with their
support on the line unchecked after the reader began keeping such tails."""
from __future__ import annotations

import numpy as np
import sympy as sp

from audit_helpers import audit_text
from cheatsheet.match.tokens import rebuild, tokenize


def read(latex: str) -> str:
    return rebuild(tokenize(latex))


def test_the_matcher_compares_a_formula_without_its_condition_tail():
    assert read(r"P(N=j)=r^j s, \quad j=0,1,2,\dots") == read(r"P(N=j)=r^j s")
    assert read(r"\ln(uv) = \ln u + \ln v, \; u, v > 0") == read(r"\ln(uv) = \ln u + \ln v")
    # a second statement, or a tail that is not a condition, stays
    assert read(r"u = 1, v = 2") != read(r"u = 1")
    assert read(r"g(u, v) = u + v") == "g ( u , v ) = u + v"


GEOMETRIC = ("## Waiting time\n\nFailures before the first success, success probability $p$, "
             "$q = 1 - p$:\n\n$$P(N = j) = RIGHT, \\quad j = 0, 1, 2, \\dots$$\n")
POISSON = ("## Counts\n\nPoisson counts with rate $\\mu$:\n\n"
           "$$P(N = j) = \\frac{\\mu^j e^{RATE}}{j!}, \\quad j = 0, 1, 2, \\dots$$\n")


def test_a_pmf_with_its_support_on_the_line_is_decided():
    right = [f for f in audit_text(POISSON.replace("RATE", "-\\mu")) if "j!" in f.latex]
    typo = [f for f in audit_text(POISSON.replace("RATE", "\\mu")) if "j!" in f.latex]
    assert [(f.verdict, f.claim) for f in right] == [("ok", "poisson.pmf")]
    assert [(f.verdict, f.claim) for f in typo] == [("wrong", "poisson.pmf")]
    geo = [f for f in audit_text(GEOMETRIC.replace("RIGHT", "q^j p")) if "q^j" in f.latex]
    assert [f.verdict for f in geo] == ["ok"]


def test_membership_of_a_range_without_end_is_tested_directly():
    from cheatsheet.latex.sets import Member
    from cheatsheet.verify.evaluate import Val
    from cheatsheet.verify.sets import member

    class Ev:  # four trials of k; numbers evaluate to themselves
        def ev(self, e):
            return Val(np.asarray(float(e)) if e.is_number else np.array([0.0, 3.0, 2.5, -1.0]))

    k = sp.Symbol("k")
    got = member(Ev(), Member(k, sp.Range(0, sp.oo))).arr
    assert got.tolist() == [1.0, 1.0, 0.0, 0.0]
    got = member(Ev(), Member(k, sp.Range(1, 200))).arr  # longer than any mask
    assert got.tolist() == [0.0, 1.0, 0.0, 0.0]
