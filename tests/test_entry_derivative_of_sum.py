"""d/dc_j of a sum over the entries of c is taken exactly (verify/derivatives.py): the term
m = j of the sum where j lies in its range.  A derivation row of a convolution's kernel gradient,
d/dw_i [sum_{o=-p}^{p} y_{k-o} w_o] = y_{k-i}, needs it: the range's ends vary per trial and
run below the vector's first entry, so central differences cannot take it."""
from __future__ import annotations

import pytest

from cheatsheet.claims import Claim
from cheatsheet.verify.check import check_source
from cheatsheet.verify.evidence import source_verdict


def _verdict(line: str) -> str:
    claim = Claim.from_dict({
        "id": "t.entry", "title": "t", "latex": "h(j) = h(j)",
        "symbols": {"h": "function", "c": "vector(n)", "n": "dim", "j": "integer",
                    "q": "integer"},
        "assume": [r"-q \le j", r"j \le q"],
        "sources": [{"sheet": "nosheet.txt", "line": 1, "latex": line}]}, "t")
    return source_verdict(check_source(claim, 0))


@pytest.mark.parametrize("line, verdict", [
    (r"\frac{\partial}{\partial c_j} \left[ \sum_{m=-q}^{q} h(m) c_m \right] = h(j)", "holds"),
    (r"\frac{\partial}{\partial c_j} \left[ \sum_{m=-q}^{q} h(m) c_m \right] = h(-j)", "refuted"),
    (r"\frac{\partial}{\partial c_j} \left[ \sum_{m=-q}^{q} h(j - m) c_m \right] = h(0)", "holds"),
    (r"\frac{\partial}{\partial c_j} \left[ \sum_{m=-q}^{q} h(j + m) c_m \right] = h(0)",
     "refuted"),
])
def test_the_derivative_of_a_sum_by_one_entry_is_the_matching_term(line, verdict):
    assert _verdict(line) == verdict, line


def test_outside_the_range_of_the_sum_the_derivative_is_zero():
    """Without the assumption -q <= j <= q the term is absent for some j: h(j) is refuted."""
    claim = Claim.from_dict({
        "id": "t.entry", "title": "t", "latex": "h(j) = h(j)",
        "symbols": {"h": "function", "c": "vector(n)", "n": "dim", "j": "integer",
                    "q": "integer"},
        "sources": [{"sheet": "nosheet.txt", "line": 1, "latex":
                     r"\frac{\partial}{\partial c_j} \left[ \sum_{m=0}^{q} h(m) c_m \right] = h(j)"}]},
        "t")
    assert source_verdict(check_source(claim, 0)) == "refuted"
