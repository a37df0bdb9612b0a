"""A name before brackets that use the same name as a value multiplies them (self_products):
u(1 - u), p(1 - p), \\sigma(1 - \\sigma); a name called inside keeps the call."""
from __future__ import annotations

import sympy as sp

from cheatsheet import ops
from cheatsheet.latex import parse, parse_expr
from cheatsheet.latex.self_products import holds_as_value


def _calls(e) -> bool:
    return any(isinstance(n, (sp.core.function.AppliedUndef, ops.Prob))
               for n in sp.preorder_traversal(e))


def _is(e, want) -> bool:
    return sp.simplify(e - want) == 0


def test_function_letter_times_bracket_of_itself_is_a_product():
    u, g = sp.Symbol("u", real=True), sp.Symbol("g", real=True)
    st = parse(r"g = u(2 - 3u)")  # u usually names a function: before (.. u ..) it is a value
    rhs = st.relations[0].rhs
    assert not _calls(rhs)
    assert _is(rhs, u * (2 - 3 * u))
    assert st.relations[0].lhs == g


def test_plain_p_before_a_bracket_of_p_is_no_probability():
    p, m = sp.Symbol("p", real=True), sp.Symbol("m", real=True)
    v = parse_expr(r"m p^2 (3 - p)")
    assert not _calls(v)
    v = parse_expr(r"\frac{m}{p(3 - p)}")
    assert not _calls(v) and _is(v, m / (p * (3 - p)))


def test_subscripted_name_and_sigma():
    v = parse_expr(r"q_{j}(2 - q_j)")
    assert not _calls(v)
    s = parse_expr(r"\sigma(1 + \sigma)")
    assert not any(type(n).__name__ == "sigmoid" or isinstance(n, sp.core.function.AppliedUndef)
                   for n in sp.preorder_traversal(s))


def test_a_name_called_inside_keeps_the_call():
    assert _calls(parse_expr(r"g(g^{-1}(t)) + 1"))
    assert _calls(parse_expr(r"g(2 g(t))"))
    assert _calls(parse_expr(r"g(t) + u(s)"))  # other arguments: still calls
    assert not holds_as_value("q", "(1 - q_2)")  # q_2 is another name
    assert holds_as_value("q_{2}", "(1 - q_2)")
    assert not holds_as_value("F", r"\left(F^{-1}(u)\right)")
