"""Expectations as sheets write them: a plain E[...], E_Q[...], a subscript that binds the
variable averaged over (``\\mathbb{E}_{z \\sim p_z}``), and the running-average name
``E[g^2]_t`` that is no expectation at all."""
from __future__ import annotations

import pytest
import sympy as sp

from cheatsheet import ops
from cheatsheet.latex import LatexError, parse, parse_expr
from cheatsheet.latex.conditional_values import CondExpectAt
from cheatsheet.latex.probability import ExpectOver
from cheatsheet.symbols import Declarations
from cheatsheet.verify import scope
from cheatsheet.verify.custom import stream
from cheatsheet.verify.numeric import NumericOptions, check_numeric
from cheatsheet.verify.sampling import Sampler

X, Y = sp.Symbol("X", real=True), sp.Symbol("Y", real=True)
RV = {"X": "rv", "Y": "rv"}


def decide(latex, symbols):
    d = Declarations.from_mapping(symbols)
    stmt = parse(latex, d)
    return check_numeric(stmt, Sampler(d), stream(0, latex), NumericOptions(), seed=0)


@pytest.mark.parametrize("latex", [r"E[X Y]", r"\operatorname{E}[X Y]", r"\mathrm{E}[X Y]",
                                   r"\mathbb{E}[X Y]"])
def test_plain_e_before_a_bracket_is_the_expectation(latex):
    assert parse_expr(latex, RV) == ops.E(X * Y)


def test_the_checker_decides_a_plain_e_line():
    assert decide(r"E[XY]^2 \leq E[X^2]E[Y^2]", RV).verdict == "passed"
    assert decide(r"E[XY]^2 \leq E[X]^2 E[Y]^2", RV).verdict == "refuted"


def test_a_subscript_after_the_bracket_makes_a_name():
    st = parse(r"E[g^2]_t = \beta E[g^2]_{t-1} + (1-\beta) g_t^2")
    names = {s.name for s in st.free_symbols}
    assert {"E[g^2]_t", "E[g^2]_t-1"} <= names
    assert not any(isinstance(a, ops.E) for r in st.relations for a in sp.preorder_traversal(r.rhs))


def test_a_declared_e_is_a_name_and_e_with_parentheses_a_product():
    assert parse_expr(r"E[X]", {"E": "real", "X": "real"}) == sp.Symbol("E", real=True) * X
    assert not parse_expr(r"E(X)").has(ops.E)


def test_a_subscript_names_the_law_or_binds_the_variable():
    v = parse_expr(r"\mathbb{E}_{z \sim p_z}[\log(1 - D(G(z)))]")
    assert isinstance(v, ExpectOver) and v.args[1] == sp.Tuple(sp.Symbol("z", real=True))
    assert v.args[2].name == "p_z"
    u = scope.uses(parse(r"V = \mathbb{E}_{z \sim p_z}[\log(1 - D(G(z)))]"))
    assert u.bound == {"z": "expectation"} and "z" not in u.values
    q = parse_expr(r"E_Q[\mathcal{R}(f)]")
    assert isinstance(q, ExpectOver) and q.args[1] == sp.Tuple() and q.args[2].name == "Q"
    assert parse_expr(r"\mathbb{E}_{q_\phi(z|x)}[z]").args[2].name == r"q_\phi(z|x)"
    both = parse_expr(r"\mathbb{E}_{x_0, \epsilon_0}[\|\epsilon_0 - x_0\|^2]")
    assert [str(s) for s in both.args[1]] == ["x_0", "epsilon_0"]
    # variables the body does not use: the plain expectation, as before
    assert parse_expr(r"\mathbb{E}_{x,y}[X Y]", RV) == ops.E(X * Y)


def test_a_variable_averaged_over_is_no_free_name_and_no_clash():
    st = parse(r"f(\mathbb{E}[x]) \leq \mathbb{E}_x[f(x)]")
    assert scope._clashes(st) == []


def test_an_expectation_over_a_law_is_still_a_mean_numerically():
    ok = decide(r"\mathbb{E}_{X \sim p}[X + Y] = \mathbb{E}[X] + \mathbb{E}[Y]", RV)
    assert ok.verdict == "passed"
    bad = decide(r"\mathbb{E}_{x}[X Y] = \mathbb{E}[X]\mathbb{E}[Y]", RV)
    assert bad.verdict == "refuted"


def test_a_conditional_expectation_given_an_event_is_a_number_no_generic_check_decides():
    # E[X | Y] (a function of Y) is read (tests/test_conditional_expectation.py); E[X | Y = y]
    # is its value at y, which only a claim's own model of the joint law gives
    # (tests/test_claims_bivariate_gaussian.py)
    for latex in (r"\mathbb{E}[X \mid Y = 1] = 0", r"E[f(X) \mid X_{-j} = x_{-j}] = 0"):
        (rel,) = parse(latex, RV).relations
        assert isinstance(rel.lhs, CondExpectAt)
    ev = decide(r"\mathbb{E}[X \mid Y = 1] = 0", RV)
    assert ev.verdict in ("error", "undecided") and "given an event" in ev.detail


def test_a_conditional_expectation_given_an_inequality_is_refused_plainly():
    with pytest.raises(LatexError, match="conditioning bar before an event other than"):
        parse(r"\mathbb{E}[X \mid Y > 0] = 0", RV)


def test_a_plain_e_with_a_conditioning_bar_in_parentheses_is_the_expectation():
    # E(x) stays a product (an energy); the bar says E(B | A = a) is a conditional mean
    (rel,) = parse(r"E(B \mid A = a) = c").relations
    assert isinstance(rel.lhs, CondExpectAt)
    (rel,) = parse(r"E(b) = c").relations
    assert not rel.lhs.has(CondExpectAt) and not isinstance(rel.lhs, ops.E)
