"""Sets: literals, ranges, set operations, set-builder notation, and the operators that range
over a set binding their variable; what the numeric checker computes from them (finite sets of
small integers, sums over subsets) and what it refuses (sets it cannot list)."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import sympy as sp

from cheatsheet import ops
from cheatsheet.latex import LatexError, parse, parse_expr
from cheatsheet.latex.sets import Card, NamedSet, SetExtremum, SetSum
from cheatsheet.symbols import Declarations
from cheatsheet.verify import scope
from cheatsheet.verify.evaluate import EvalError, Evaluator, Instance, Val

k, r, i = sp.Symbol("k", integer=True), sp.Symbol("r", real=True), sp.Symbol("i", real=True)


def value(latex, values, decls=None, functions=None):
    e = parse_expr(latex, decls)
    inst = Instance({n: v if isinstance(v, Val) else Val(np.asarray(v, float))
                     for n, v in values.items()}, functions=functions or {})
    return Evaluator(inst)(e).arr


# ---------------------------------------------------------------- reading
def test_literals_ranges_and_operations():
    p, j = sp.Symbol("p", real=True), sp.Symbol("j", real=True)
    assert parse_expr(r"\{1, \dots, p\}") == sp.Range(1, p + 1)
    assert parse_expr(r"\{1, ..., p\}") == sp.Range(1, p + 1)
    assert parse_expr(r"\{0, 1, 2\}") == sp.FiniteSet(0, 1, 2)
    assert parse_expr(r"\emptyset") is sp.S.EmptySet
    s = parse_expr(r"\{1, \dots, p\} - \{j\}")
    assert isinstance(s, sp.Complement) and s.args == (sp.Range(1, p + 1), sp.FiniteSet(j))
    s = parse_expr(r"N \setminus \{j\}")
    assert isinstance(s, sp.Complement) and s.args[0] == NamedSet("N")
    u = parse_expr(r"\mathcal{Q}(S \cup \{j\})")  # S met by \cup: a set, Q a function of it
    assert isinstance(u.args[0], sp.Union) and NamedSet("S") in u.args[0].args
    assert isinstance(parse_expr(r"|S \cup \{j\}|"), Card)


def test_a_function_of_a_set():
    e = parse_expr(r"\Delta_j(S \cup \{j\})")
    assert type(e).__name__ == "Delta_j" and isinstance(e.args[0], sp.Union)


def test_set_builder_max_is_the_max_over_the_range_the_condition_closes():
    # the pooling line: k runs over 0..r-1, and x_{i+k} is entry i+k of the input
    v = parse_expr(r"\max\{x_{i+k} \mid 0 \leq k < r\}")
    assert isinstance(v, ops.Extremum)
    body, var, lo, hi, which = v.args
    assert (var, lo, hi, str(which)) == (k, 0, r - 1, "max")
    assert body == sp.Indexed(sp.IndexedBase("x"), i + k)
    assert parse_expr(r"\{j \mid W_{ij} \neq 0\}").func is sp.ConditionSet


@pytest.mark.parametrize("latex, var, dom", [
    (r"\max_{S \in \mathcal{S}} L(x, S)", "S", NamedSet(r"\mathcal{S}")),
    (r"\sup_{g \in G} g(z)", "g", NamedSet("G")),
    (r"\max_{\|\delta\| \le \epsilon} L(x + \delta)", "delta", sp.ConditionSet),
    (r"\sup_{Q: W(P, Q) \leq \rho} \mathbb{E}_Q[g]", "Q", sp.ConditionSet),
])
def test_a_set_under_an_extremum_binds_its_variable(latex, var, dom):
    v = parse_expr(latex)
    assert isinstance(v, SetExtremum) and str(v.args[1]) == var
    assert v.args[2] == dom if isinstance(dom, sp.Set) else isinstance(v.args[2], dom)
    u = scope.uses(parse(latex))
    assert u.bound.get(var) in ("max", "set-builder") and var not in u.values


def test_sums_over_members_and_subsets():
    v = parse_expr(r"\sum_{k \in \{1, \dots, n\}} k")
    assert v == sp.Sum(k, (k, 1, sp.Symbol("n", real=True)))
    assert parse_expr(r"\sum_{0 \le k < n} k") == sp.Sum(k, (k, 0, sp.Symbol("n", real=True) - 1))
    v = parse_expr(r"\sum_{S \subseteq \{1, \dots, p\} - \{j\}} |S|")
    assert isinstance(v, SetSum) and isinstance(v.args[2], sp.PowerSet)
    assert isinstance(parse_expr(r"\sum_{\mathbf{x} \in \mathcal{X}} p(\mathbf{x})"), SetSum)


def test_a_variable_called_in_the_body_is_a_function_and_a_value_use_of_it_is_refused():
    # 002:354's stray g: g is a function of the class G and multiplies the average
    with pytest.raises(LatexError, match="called like a function"):
        parse(r"R = \mathbb{E}_\sigma [\sup_{g \in G} g \frac{1}{n} \sum_{i=1}^n \sigma_i g(z_i)]")
    v = parse_expr(r"\sup_{g \in G} \frac{1}{n} \sum_{i=1}^n \sigma_i g(z_i)")
    calls = {type(f).__name__ for f in v.args[0].atoms(sp.core.function.AppliedUndef)}
    assert isinstance(v, SetExtremum) and "g" in calls


# ---------------------------------------------------------------- scope
def test_scope_sees_names_inside_sets_and_the_variable_a_condition_introduces():
    decls = Declarations.from_mapping({"p": "dim", "phi": "vector(p)"})
    vocab = scope.vocabulary(decls, parse(r"\phi_j = 1", decls))
    bad = parse(r"\Delta_j(S) = \mathcal{Q}(S \cup \{j\}) - \mathcal{Q}(S), \quad "
                r"S \subseteq \{1, \dots, p\} - \{i\}")
    assert scope.problems(bad, vocab) == [
        "i is not defined here: the formula speaks of φ and j"]
    good = parse(r"\Delta_j(S) = \mathcal{Q}(S \cup \{j\}) - \mathcal{Q}(S), \quad "
                 r"S \subseteq \{1, \dots, p\} - \{j\}")
    assert scope.problems(good, vocab) == []


def test_a_free_index_bound_by_a_set_builder_on_the_other_side_clashes():
    st = parse(r"x_{\max}^k = \max\{x_{i+k} \mid 0 \leq k < r\}")
    assert any("k is a free index on one side" in m for m in scope._clashes(st))


# ---------------------------------------------------------------- evaluation
def test_finite_sets_per_trial():
    p = np.array([3.0, 4.0, 2.0])
    j = np.array([1.0, 4.0, 2.0])
    size = value(r"|\{1, \dots, p\} - \{j\}|", {"p": p, "j": j})
    assert size.tolist() == [2, 3, 1]
    total = value(r"\sum_{k \in \{1, \dots, p\} \setminus \{j\}} k^2", {"p": p, "j": j})
    assert total.tolist() == [4 + 9, 1 + 4 + 9, 1]
    assert value(r"\sum_{k \in \{2, 5, 7\}} k", {}).tolist() == 14


def test_shapley_value_from_the_sheet_notation_equals_the_average_over_orderings():
    rng = np.random.default_rng(1)
    T = 6
    p = rng.integers(2, 6, T).astype(float)
    j = np.array([rng.integers(1, int(q) + 1) for q in p], float)
    table = rng.normal(size=(T, 1 << 12))

    def Q(S):  # the game: a random value per coalition, read from the set's mask
        masks = np.broadcast_to(S.arr, (T,)) >> 9  # member 1 is bit 9 (offset 8)
        return Val(table[np.arange(T), masks])

    phi = value(r"\sum_{S \subseteq \{1, \dots, p\} - \{j\}} \frac{|S|! (p - |S| - 1)!}{p!}"
                r"(\mathcal{Q}(S \cup \{j\}) - \mathcal{Q}(S))", {"p": p, "j": j},
                functions={"Q": Q})
    for t in range(T):
        P, J = int(p[t]), int(j[t])
        total = 0.0
        for order in itertools.permutations(range(1, P + 1)):
            before = 0
            for player in order:
                if player == J:
                    total += table[t, before | 1 << (J - 1)] - table[t, before]
                    break
                before |= 1 << (player - 1)
        assert phi[t] == pytest.approx(total / math.factorial(P))


def test_an_extremum_over_a_set_it_cannot_list():
    with pytest.raises(EvalError, match="cannot be listed"):
        value(r"\max_{|t| \le 1} t^2", {})
    # a body that does not depend on the variable is its own largest value
    assert value(r"\max_{S \in \mathcal{S}} x^2", {"x": 3.0}) == 9.0


def test_a_max_over_an_index_set_is_computed():
    x = Val(np.array([[[5.0], [-1.0], [7.0], [2.0]]]), True)
    out = value(r"\max_{k \in \{1, 2, 4\}} x_k", {"x": x}, {"x": "vector(4)"})
    assert out.tolist() == [5.0]


def test_the_one_name_members_and_condition_share_is_the_variable_even_when_declared():
    # 001:407 declares k as the output position; the set-builder still runs over k (a clash)
    st = parse(r"y_k = \max\{x_{i+k} \mid 0 \leq k < r\}", {"k": "natural", "x": "vector(n)"})
    assert isinstance(st.relations[0].rhs, ops.Extremum)
    assert any("k is a free index on one side" in m for m in scope._clashes(st))


def test_a_condition_says_what_its_variable_is():
    # a bold delta in the budget is a vector: w^T delta is a number, the max a scalar max
    v = parse_expr(r"\max_{\|\boldsymbol{\delta}\|_\infty \le \varepsilon} \mathbf{w}^\top \boldsymbol{\delta}")
    assert isinstance(v, SetExtremum) and isinstance(v.args[1], sp.MatrixSymbol)
    assert isinstance(v.args[0], ops.Inner)
