"""Sums over an index whose range nobody wrote (``\\sum_a``, ``\\sum_{i,j}``, ``\\sum_{s', r}``):
read as a sum over a finite set the sheet leaves unnamed, the places 1..N of one count N;
an index used as a number there stands for the members of that set (arbitrary values), and a
name called with a conditioning bar (``\\pi(a \\mid s)``) is a conditional law."""
from __future__ import annotations

import sympy as sp

from cheatsheet.latex import parse
from audit_helpers import audit_text


def _sums(st):
    return [n for r in st.relations for side in (r.lhs, r.rhs)
            for n in sp.preorder_traversal(side) if isinstance(n, sp.Sum)]


def test_an_index_with_no_range_runs_over_one_unnamed_set():
    st = parse(r"\sum_{u,w} c_u d_w = \sum_u c_u \sum_w d_w")
    his = {hi for s in _sums(st) for _, _, hi in s.limits}
    assert len(his) == 1 and all(isinstance(h, sp.Symbol) for h in his)


def test_the_count_is_a_letter_the_formula_does_not_write():
    st = parse(r"\sum_k N c_k = N \sum_k c_k")
    (hi,) = {hi for s in _sums(st) for _, _, hi in s.limits}
    assert str(hi) != "N"


def test_primed_indices_bind_the_primed_letter():
    st = parse(r"g(t) = \sum_{t'} h(t', t) w(t')")
    (s,) = _sums(st)
    assert "t_prime" in {str(x) for x in s.limits[0][:1]}
    assert "t_prime" not in {str(x) for x in st.free_symbols}


def test_an_index_used_as_a_number_takes_arbitrary_values():
    st = parse(r"m = \sum_y y\, g(y)")
    (s,) = _sums(st)
    assert any(isinstance(x, sp.Indexed) for x in sp.preorder_traversal(s.function))
    assert not (s.limits[0][0] in (s.function.replace(
        lambda e: isinstance(e, sp.Indexed), lambda e: sp.Integer(1))).free_symbols)


def test_a_conditional_law_written_with_a_greek_letter():
    st = parse(r"\sum_b \pi(b \mid z) = 1")
    assert "pi(Given(b, z))" in str(st)
    assert "pi" in str(parse(r"2\pi(u + w) = 1"))  # no bar: still the number pi
    assert "Given" not in str(parse(r"2\pi(u + w) = 1"))


def _verdicts(text):
    return [f.verdict for f in audit_text(text, name="sheet.md")]


def test_identities_over_unnamed_sets_are_decided_and_never_refuted_on_entries():
    assert _verdicts("- $\\sum_{u,w} c_u d_w = \\sum_u c_u \\sum_w d_w$\n") == ["ok"]
    assert _verdicts("- $\\sum_k (c_k + d_k) = \\sum_k c_k + \\sum_k d_k$\n") == ["ok"]
    # entries summed over may be bound by what the sheet says elsewhere: never 'wrong' alone
    assert "wrong" not in _verdicts("- $\\sum_k (c_k + d_k) = \\sum_k c_k - \\sum_k d_k$\n")


def test_a_plain_expectation_with_a_bar_stays_an_expectation():
    # E(Y | X) of declared random variables is the conditional expectation, not a law named E
    st = parse(r"E(Y) = E(E(Y \mid X))", {"X": "rv", "Y": "rv"})
    assert not any(type(n).__name__ == "E" and isinstance(n, sp.core.function.AppliedUndef)
                   for r in st.relations for n in sp.preorder_traversal(r.rhs))
    assert "CondExpect" in sp.srepr(st.relations[0].rhs)
