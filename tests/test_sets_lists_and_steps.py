"""Smaller readings beside sets: a list written with dots as one value, a step ``\\Delta x`` as
one name, a number added to a vector (broadcasting), and a coefficient family indexed from 0
whose members are declared one by one."""
from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from cheatsheet import ops
from cheatsheet.latex import LatexError, LatexShapeError, parse, parse_expr
from cheatsheet.symbols import Declarations
from cheatsheet.verify.custom import stream
from cheatsheet.verify.evaluate import Evaluator, Instance, Val
from cheatsheet.verify.numeric import NumericOptions, check_numeric
from cheatsheet.verify.sampling import Sampler


def decide(latex, symbols, **options):
    d = Declarations.from_mapping(symbols)
    stmt = parse(latex, d)
    return check_numeric(stmt, Sampler(d), stream(0, latex), NumericOptions(**options), seed=0)


# ---------------------------------------------------------------- lists with dots
def test_the_whole_list_of_a_declared_vector_is_the_vector():
    st = parse(r"f(x_1, \dots, x_n) = f(x)", {"x": "vector(n)", "n": "dim"})
    r = st.relations[0]
    assert r.lhs == r.rhs


def test_a_list_with_dots_is_a_column_of_its_terms():
    v = parse_expr(r"\text{diag}(\sigma_1^2, \dots, \sigma_n^2)")
    (col,) = v.operands
    assert isinstance(col, ops.MatApply) and col.op == "seq"
    sig = Val(np.array([[[1.0], [2.0], [3.0]]]), True)
    inst = Instance({"sigma": sig, "n": Val(np.asarray(3.0))})
    assert np.allclose(Evaluator(inst)(v).arr[0], np.diag([1.0, 4.0, 9.0]))


def test_a_permuted_list_follows_its_pattern():
    st = parse(r"f(x_1, \dots, x_M) = f(x_{\pi(1)}, \dots, x_{\pi(M)})",
               {"x": "vector(M)", "M": "dim", "pi": "function"})
    rhs = st.relations[0].rhs
    (col,) = rhs.args
    assert col.op == "seq" and str(col.operands[0]) == "x[pi(_k)]"


def test_a_list_whose_pattern_is_unclear_is_refused():
    with pytest.raises(LatexError, match="row of dots"):
        parse(r"f(a, \dots, b) = 0")


# ---------------------------------------------------------------- steps
def test_delta_before_a_name_is_one_name_with_its_shape():
    st = parse(r"\Delta x = -[\nabla^2 f(x)]^{-1} \nabla f(x)",
               {"x": "vector(n)", "f": "function(n)", "n": "dim"})
    lhs = st.relations[0].lhs
    assert isinstance(lhs, sp.MatrixSymbol) and lhs.name == "Delta_x" and lhs.shape[1] == 1
    assert "Delta_theta_t" in {s.name for s in parse(r"\theta_{t+1} = \theta_t + \Delta \theta_t").free_symbols}
    # a declared Delta, a Laplacian of a function, and Delta_j stay what they were
    assert parse_expr(r"\Delta x", {"Delta": "real", "x": "real"}) == sp.Symbol("Delta", real=True) * sp.Symbol("x", real=True)
    assert "Delta_f" not in {s.name for s in parse_expr(r"\Delta f").free_symbols}


# ---------------------------------------------------------------- broadcasting
def test_a_number_minus_a_vector_is_the_ones_vector_times_the_number():
    gru = {"Gamma_u": "vector(n)", "c": "vector(n)", "h": "vector(n)", "n": "dim"}
    v = parse_expr(r"1 - \mathbf{z}")
    assert any(isinstance(a, ops.MatApply) and a.op == "ones" for a in sp.preorder_traversal(v))
    same = decide(r"(1 - \Gamma_u) \odot c = c - \Gamma_u \odot c", gru)
    assert same.verdict == "passed"
    wrong = decide(r"(1 - \Gamma_u) \odot c = c + \Gamma_u \odot c", gru)
    assert wrong.verdict == "refuted"


def test_a_number_plus_a_matrix_is_refused_and_a_named_scalar_plus_a_vector_clashes():
    with pytest.raises(LatexError, match="identity or the all-ones"):
        parse(r"1 - A", {"A": "square(n)"})
    with pytest.raises(LatexShapeError):
        parse(r"\mathbf{x} + y", {"x": "vector(n)", "y": "positive"})


# ---------------------------------------------------------------- coefficient families
def test_a_family_declared_member_by_member_is_summed_from_zero():
    d = {"alpha_0": "real", "alpha_1": "real", "alpha_2": "real", "t": "real"}
    ok = decide(r"\sum_{k=0}^2 \alpha_k t^k = \alpha_0 + \alpha_1 t + \alpha_2 t^2", d)
    assert ok.verdict == "passed"
    bad = decide(r"\sum_{k=0}^2 \alpha_k t^k = \alpha_0 + \alpha_1 t + \alpha_1 t^2", d)
    assert bad.verdict == "refuted"
