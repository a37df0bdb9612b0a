"""Notations red team 16 found unread on sheets the tool had never seen: a gradient written
without its variable but taken at a point, a max over an index nobody ranged, an indicator
whose condition sits in brackets under it. Each reads to what it means; what stays ambiguous
stays refused."""
from __future__ import annotations

import pytest
import sympy as sp

from cheatsheet import ops
from cheatsheet.latex import ArgExtremum, LatexError, parse, parse_expr

u = sp.Symbol("u", real=True)


def R(name):
    return sp.Symbol(name, real=True)


def same(e1, e2) -> bool:
    return sp.simplify(sp.sympify(e1) - sp.sympify(e2)) == 0


# ---------------------------------------------------------------- a gradient taken at a point
def test_a_gradient_without_its_variable_is_taken_at_its_argument():
    # psi'(tau) = grad h(y + tau q)^T q: h's derivative at the point, times q (numbers here)
    (r,) = parse(r"\psi'(\tau) = \nabla h(y + \tau q)^\top q").relations
    h = sp.Function("h", real=True)
    y, tau, q = R("y"), R("tau"), R("q")
    assert same(r.rhs.replace(h, sp.Lambda(u, u ** 3)).doit(), 3 * (y + tau * q) ** 2 * q)
    # the same as the prime notation says it
    (p,) = parse(r"\psi'(\tau) = h'(y + \tau q) q").relations
    assert same((r.rhs - p.rhs).replace(h, sp.Lambda(u, sp.sin(u))).doit(), 0)
    # momentum's look-ahead gradient reads too
    (m,) = parse(r"w_{k+1} = \beta w_k - \eta \nabla h(y_k + \beta w_k)").relations
    assert isinstance(m.rhs.atoms(sp.Subs).pop(), sp.Subs)


@pytest.mark.parametrize("latex, decls", [
    (r"\nabla c(y + 1)", None),                     # c is no function letter: c times (y + 1)
    (r"\nabla h(\mathbf{y} + \mathbf{q})", None),   # a gradient by a vector at an expression
])
def test_a_gradient_at_a_point_that_is_unclear_stays_refused(latex, decls):
    with pytest.raises(LatexError, match="variable"):
        parse(latex, decls)


# ---------------------------------------------------------------- a max over an unnamed set
def test_a_max_whose_index_picks_entries_runs_over_an_unnamed_set():
    (r,) = parse(r"\nu^\star = \max_b \nu_b").relations
    ext = r.rhs
    assert isinstance(ext, ops.Extremum)
    body, var, lo, hi, which = ext.args
    assert str(var) == "b" and lo == 1 and str(which) == "max" and not hi.is_number
    # one count for every index of the formula, as two sums over one set share it
    (b,) = parse(r"\min_k s_k \le \frac{1}{M}\sum_k s_k").relations
    (mn,) = b.lhs.atoms(ops.Extremum)
    (sm,) = b.rhs.atoms(sp.Sum)
    assert mn.args[3] == sm.limits[0][2]
    # a variable to search over keeps its reading (the body at its arg max)
    assert parse_expr(r"\max_u g(u)").atoms(ArgExtremum)


# ---------------------------------------------------------------- indicators with a subscript
def test_an_indicator_with_its_condition_in_brackets_below_it():
    p, q = R("p"), R("q")
    one = parse_expr(r"\mathbb{1}_{[p \neq q]}")
    assert one == parse_expr(r"\mathbb{1}[p \neq q]")
    assert one.subs({p: 2, q: 2}) == 0 and one.subs({p: 2, q: 3}) == 1
    # a bracketed interval is a set, not a condition: the indicator of a set stays refused
    with pytest.raises(LatexError):
        parse(r"\mathbb{1}_{[0, 1]}(v)")


@pytest.mark.parametrize("latex", [r"\sum_{r=1}^{K} 1\{z_r = c\}", r"\sum_{r=1}^{K} 1_{\{z_r = c\}}",
                                   r"\sum_{r=1}^{K} 1(z_r = c)"])
def test_a_plain_one_before_a_condition_is_an_indicator(latex):
    # course notes write the indicator as a plain 1 with the condition after or below it
    assert parse_expr(latex) == parse_expr(r"\sum_{r=1}^{K} \mathbb{1}[z_r = c]")


def test_a_plain_one_before_anything_else_stays_the_number():
    g, w = R("g"), R("w")
    assert parse_expr(r"1(g + w)") == g + w
    assert parse_expr(r"1 - (g + w)") == 1 - g - w


# ---------------------------------------------------------------- a vertex's degree
def test_deg_is_the_named_function_it_abbreviates():
    assert parse(r"\deg(x) = \sum_y a_{xy}") == parse(r"\operatorname{deg}(x) = \sum_y a_{xy}")
