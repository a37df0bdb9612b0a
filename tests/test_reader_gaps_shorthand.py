"""Constructs other sheets write that the reader used to refuse, read as what they mean (a
formula the reader cannot read is never decided, so its typos pass silently). What stays
ambiguous stays refused."""
from __future__ import annotations

import pytest
import sympy as sp
from sympy.core.function import AppliedUndef

from cheatsheet.latex import LatexError, parse, parse_expr


def R(name):
    return sp.Symbol(name, real=True)


# ---------------------------------------------------------------- a prime on a word's function
def test_a_prime_on_a_function_named_by_a_word_is_its_derivative():
    (r,) = parse(r"\operatorname{Bump}'(s) = 2s").relations
    s, q = R("s"), R("q")
    (bump,) = {a.func for a in r.lhs.atoms(AppliedUndef)}
    assert str(bump) == "Bump"

    def put(e, body):  # the word's function replaced by a known one
        return sp.simplify(e.replace(bump, sp.Lambda(q, body)).doit())

    # the derivative of the word's function: with q^2 put in, 2s
    assert put(r.lhs, q ** 2) == 2 * s
    # two primes, the second derivative; at an expression, taken there
    (r2,) = parse(r"\mathrm{Bump}''(s) = 0").relations
    assert put(r2.lhs, q ** 3) == 6 * s
    assert put(parse_expr(r"\text{Bump}'(3s)"), q ** 3) == 27 * s ** 2
    # not called, the prime stays in the name (never dropped: Bump' is not Bump)
    assert parse_expr(r"\operatorname{Bump}'") != parse_expr(r"\operatorname{Bump}")


def test_a_prime_on_a_word_function_of_a_vector_stays_refused():
    with pytest.raises(LatexError, match="prime"):
        parse(r"\operatorname{Bump}'(\mathbf{s}) = 1")


# ---------------------------------------------------------------- \sum with its index unwritten
def test_a_sum_without_an_index_runs_over_the_one_letter_its_terms_are_subscripted_with():
    for bare, written in [
        (r"m_2 = \sum (a_k - c)^2 w_k", r"m_2 = \sum_k (a_k - c)^2 w_k"),
        (r"\sum \lambda_j = \operatorname{tr}(A)", r"\sum_j \lambda_j = \operatorname{tr}(A)"),
        # a capital subscript names a variable (\mu_Y), a digit an entry: neither is the index
        (r"s_Y = \sum (y_r - \mu_Y)^2 + y_1", r"s_Y = \sum_r (y_r - \mu_Y)^2 + y_1"),
    ]:
        assert parse(bare).relations == parse(written).relations, bare


@pytest.mark.parametrize("latex", [
    r"\sum a_k b_m = 1",        # two letters: which one runs?
    r"\sum (a - c)^2 = 1",      # no subscript at all
    r"\sum a_{km} = 1",         # a pair of letters, not one index
])
def test_a_sum_whose_index_the_terms_do_not_show_stays_refused(latex):
    with pytest.raises(LatexError, match="without an index"):
        parse(latex)


# ---------------------------------------------------------------- inverse trigonometric names
def test_arc_functions_are_the_inverse_functions():
    x = R("x")
    assert parse_expr(r"\arctan x") == sp.atan(x)
    assert parse_expr(r"\arcsin(x) + \arccos(x)") == sp.asin(x) + sp.acos(x)
    assert parse_expr(r"\operatorname{artanh}(x)") == sp.atanh(x)
    # so an identity about them is one the check can prove or refute
    (r,) = parse(r"\frac{d}{dx}\arctan x = \frac{1}{1 + x^2}").relations
    assert sp.simplify(r.lhs.doit() - r.rhs) == 0
    (w,) = parse(r"\frac{d}{dx}\arctan x = \frac{1}{1 - x^2}").relations
    assert sp.simplify(w.lhs.doit() - w.rhs) != 0
    # the reciprocal functions too, with a power on the name as on \sin^2 x
    assert parse_expr(r"\sec^2 x - \cot x\csc x") == sp.sec(x) ** 2 - sp.cot(x) * sp.csc(x)
    (t,) = parse(r"\frac{d}{dx}\tan x = \sec^2 x").relations
    assert sp.simplify(t.lhs.doit() - t.rhs) == 0


# ---------------------------------------------------------------- an update written with an arrow
def test_an_arrow_update_renames_the_name_after_another_command_too():
    from cheatsheet.sheets.habits import update_arrow

    # the updated name right after a command (\rho\mathbf{m}, \lVert\mathbf{m}) is the old value
    # too, never left as the new one
    assert update_arrow(r"\mathbf{m} \gets \rho\mathbf{m} + \lVert\mathbf{m}\rVert \mathbf{b}") \
        == r"\mathbf{m}_{t+1} = \rho\mathbf{m}_t + \lVert\mathbf{m}_t\rVert \mathbf{b}"
    assert update_arrow(r"\psi \leftarrow \kappa\psi") == r"\psi_{t+1} = \kappa\psi_t"
    # a longer command that starts with the name is another name
    assert update_arrow(r"\eta \leftarrow \etaup") is None


# ---------------------------------------------------------------- \partial with its variable below
def test_a_subscripted_partial_is_the_derivative_by_its_subscript():
    for short, fraction in [
        (r"\partial_s g(s, r) = r", r"\frac{\partial}{\partial s} g(s, r) = r"),
        (r"\partial_{u_m} E(\mathbf{a}) = a_m", r"\frac{\partial E(\mathbf{a})}{\partial u_m} = a_m"),
        (r"\partial_\beta^2 \log q(z) = 0", r"\frac{\partial^2}{\partial \beta^2} \log q(z) = 0"),
        (r"\partial_r w = w", r"\frac{\partial w}{\partial r} = w"),  # w a function of r
    ]:
        assert parse(short).relations == parse(fraction).relations, short
    s = R("s")
    (r,) = parse(r"\partial_s (s^3 + 2s) = 3s^2 + 2").relations
    assert sp.simplify(r.lhs.doit() - r.rhs) == 0


@pytest.mark.parametrize("latex", [
    r"\partial_k \partial_k g = 0",     # index notation: a sum over k of second derivatives
    r"\partial_k (s^2 + 1) = 0",        # by an index its body does not use: by x_k?
    r"\sum_k \partial_k g = 0",         # by an index a sum binds
])
def test_a_subscripted_partial_in_index_notation_stays_refused(latex):
    with pytest.raises(LatexError, match="partial"):
        parse(latex)
