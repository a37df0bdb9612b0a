"""Terms with no value on any reading (verify/no_value.py): a mutant that writes one is refuted
as not well-formed, with the reason, where it ended in 'error' before (issue 13, part 2).
Each mechanism holds only where the term has no value on every trial, so a correct formula
whose sampled instance meets the same trouble on some trials keeps its value elsewhere."""
from __future__ import annotations

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.latex import parse_expr
from cheatsheet.quiz.mutate import mutations
from cheatsheet.symbols import Declarations
from cheatsheet.verify.evaluate import Evaluator, Instance, ShapeError, Val

from mutants import decide_mutant

TAYLOR_TAIL = r" (x - x_0)^k + \int_{x_0}^x \frac{f^{(n+1)}(t)}{n!} (x - t)^n dt"

MUTANTS = [
    # an extremum over a range empty on every trial (max over k = 0..-r-1)
    ("pool.max_1d", r"y_i = \max_{k=0}^{-r-1} x_{i+k}", "runs over no value"),
    ("pool.max_2d", r"y_{ij} = \max_{k=0}^{-r-1} \max_{l=0}^{r-1} x_{i+k, j+l}", "runs over no value"),
    ("pool.max_2d", r"y_{ij} = \max_{k=0}^{r-1} \max_{l=0}^{-r-1} x_{i+k, j+l}", "runs over no value"),
    # the factorial at a pole: (-1)!
    ("taylor.integral_remainder", r"f(x) = \sum_{k=-1}^n \frac{f^{(k)}(x_0)}{k!}" + TAYLOR_TAIL, "(-1)! has no value"),
    # an integrand with no real value on (part of) its range
    ("gammafn.integral", r"\Gamma(x) = \int_0^{-\infty} t^{x-1} e^{-t} \, dt", "no real value on all"),
    ("betafn.integral", r"B(a, b) = \int_0^{2} t^{a-1} (1-t)^{b-1} \, dt", "no real value on part"),
    ("betafn.integral", r"B(a, b) = \int_0^{-1} t^{a-1} (1-t)^{b-1} \, dt", "no real value"),
    # the inverse of a matrix singular on every trial (a graph Laplacian)
    ("graph.polynomial_filter", r"U(\alpha_0 I + \alpha_1 \Lambda + \alpha_2 \Lambda^2)U^\top = \alpha_0 I + \alpha_1 L + \alpha_2 L^{-2}", "singular on every instance"),
    # summed over K + 2 powers where there are K + 1 coefficients: no count fits (the sum is
    # looked at before its L^{-1} term, singular on every instance, is reached)
    ("graph.polynomial_layer", r"\mathbf{y}_i = \sum_{j=1}^{F} \sum_{k=-1}^{K} a(i, j, k) L^k \mathbf{x}_j + \mathbf{b}_i", "so no way of counting them fits"),
    ("graph.polynomial_layer", r"\mathbf{y}_i = \sum_{j=1}^{F} \sum_{k=0}^{K} a(i, j, k) L^{-k} \mathbf{x}_j + \mathbf{b}_i", "singular on every instance"),
    # an arg min over a real variable whose body keeps falling: no point attains the least value
    ("lasso.soft_threshold", r"\arg\min_b \left[\frac{1}{2}(b - z)^{3} + \lambda |b|\right] = \operatorname{sign}(z) \max(|z| - \lambda, 0)", "keeps falling"),
    # singular on some trials only (a Cholesky factor of a singular PSD matrix): those trials
    # have no value, the others decide (L L^{-1} = I is not A); the batch was void before
    ("psd.cholesky", r"\mathbf{A} = \mathbf{L}\mathbf{L}^{-1}", ""),
]


@pytest.mark.parametrize("claim_id,latex,why", MUTANTS,
                         ids=[f"{c}#{k}" for k, (c, _, _) in enumerate(MUTANTS)])
def test_a_term_with_no_value_is_refuted_with_the_reason(claim_id, latex, why):
    ev = decide_mutant(claim_id, latex)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)
    assert why in str(ev.counterexample.get("why", "")), ev.counterexample


def test_the_mutants_are_the_quiz_operators_own():
    cat = get_catalog()
    for claim_id, latex, _ in MUTANTS:
        assert latex in {m.latex for m in mutations(cat[claim_id].latex)}, (claim_id, latex)


@pytest.mark.parametrize("claim_id", sorted({c for c, _, _ in MUTANTS}))
def test_the_canonical_form_still_holds(claim_id):
    claim = get_catalog()[claim_id]
    ev = decide_mutant(claim_id, claim.latex)
    assert ev.verdict in ("passed", "proved"), (ev.verdict, ev.detail)


DECLS = Declarations.from_mapping({"k": "real", "a": "real", "A": "square(2)"})


def _value(latex, **values):
    inst = Instance({k: Val(np.asarray(v, float), np.ndim(v) > 1) for k, v in values.items()})
    with np.errstate(all="ignore"):
        return Evaluator(inst)(parse_expr(latex, DECLS)).arr


def test_a_pole_on_some_trials_only_leaves_the_others_their_value():
    got = _value(r"\frac{1}{k!}", k=[-1.0, 2.0])
    assert np.isnan(got[0]) and got[1] == pytest.approx(0.5)
    with pytest.raises(ShapeError, match="has no value"):
        _value(r"\frac{1}{k!}", k=[-1.0, -2.0])
    assert _value(r"\Gamma(a)", a=[0.5]) == pytest.approx(np.sqrt(np.pi))


def test_a_matrix_singular_on_some_trials_only_leaves_the_others_their_inverse():
    A = np.array([[[1.0, 0.0], [0.0, 0.0]], [[2.0, 0.0], [0.0, 4.0]]])
    got = _value(r"A^{-1}", A=A)
    assert np.isnan(got[0]).all() and np.allclose(got[1], np.diag([0.5, 0.25]))
    with pytest.raises(ShapeError, match="singular on every instance"):
        _value(r"A^{-1}", A=A[:1])


def test_an_extremum_over_a_range_empty_on_some_trials_only_is_no_finding():
    from cheatsheet.verify.evaluate import EvalError
    with pytest.raises(EvalError) as err:
        _value(r"\max_{k=1}^{a} k^2", a=[0.0, 3.0])
    assert not isinstance(err.value, ShapeError)
    assert _value(r"\max_{k=1}^{a} k^2", a=[3.0]) == pytest.approx(9.0)


def test_an_integral_with_a_value_is_untouched():
    # the integrand is real on the whole range except at the pole's end: a value, no finding
    assert _value(r"\int_0^1 t^{a-1} dt", a=[0.5]) == pytest.approx(2.0, rel=1e-2)


def test_an_arg_min_with_no_single_minimiser_is_no_finding():
    # cos has many minimisers (the search gives no value) but does not fall without bound
    got = _value(r"\arg\min_a \left[\cos(a) + k\right]", k=[0.0, 1.0])
    assert np.isnan(got).all()
    assert _value(r"\arg\min_a (a - k)^2", k=[0.5]) == pytest.approx(0.5, abs=1e-6)


@pytest.mark.parametrize("latex,symbols,why", [
    (r"y = \log(1 - \rho^{-2})", {"y": "real", "rho": "interval(-1, 1)"}, "log(1 - 1/rho**2)"),
    (r"y = \log(-1 - x^2) + x", {"y": "real", "x": "real"}, "log(-x**2 - 1)"),
])
def test_a_log_of_a_number_negative_everywhere_has_no_value(latex, symbols, why):
    from cheatsheet.latex import parse
    from cheatsheet.symbols import Declarations
    from cheatsheet.verify.arrays import ShapeError
    from cheatsheet.verify.evaluate import evaluate
    from cheatsheet.verify.sampling import Sampler

    d = Declarations.from_mapping(symbols)
    inst = Sampler(d).sample(np.random.default_rng(0), 16)
    with pytest.raises(ShapeError, match="negative on every instance") as err:
        evaluate(parse(latex, d).relations[0].rhs, inst)
    assert why in str(err.value)


def test_a_log_negative_on_some_trials_only_leaves_them_without_a_value():
    from cheatsheet.latex import parse
    from cheatsheet.symbols import Declarations
    from cheatsheet.verify.evaluate import evaluate
    from cheatsheet.verify.sampling import Sampler

    d = Declarations.from_mapping({"y": "real", "x": "real"})
    inst = Sampler(d).sample(np.random.default_rng(0), 64)
    got = np.asarray(evaluate(parse(r"y = \log(x)", d).relations[0].rhs, inst).arr)
    assert np.isnan(got).any() and np.isfinite(got).any()
