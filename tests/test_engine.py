"""The checking engine on its own: evaluator semantics, sampling domains, time limits, and
that the numeric check refutes what is false with a reproducible counterexample."""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings, strategies as st

from cheatsheet.claims import Claim
from cheatsheet.latex import parse
from cheatsheet.symbols import Declarations
from cheatsheet.verify.check import check_version, verify_claim
from cheatsheet.verify.custom import register
from cheatsheet.verify.evidence import Evidence
from cheatsheet.verify.numeric import NumericOptions, check_numeric
from cheatsheet.verify.sampling import Sampler
from cheatsheet.verify.custom import stream


def decide(latex, symbols, seed=0, **opts):
    d = Declarations.from_mapping(symbols)
    stmt = parse(latex, d)
    return check_numeric(stmt, Sampler(d), stream(seed, latex), NumericOptions(**opts), seed=seed)


def test_true_identity_passes_false_one_refuted_with_values():
    ok = decide(r"(a+b)^2 = a^2 + 2ab + b^2", {"a": "real", "b": "real"})
    assert ok.verdict == "passed" and ok.trials >= 40
    bad = decide(r"(a+b)^2 = a^2 + b^2", {"a": "real", "b": "real"})
    assert bad.verdict == "refuted"
    cx = bad.counterexample
    a, b = cx["instance"]["a"], cx["instance"]["b"]
    assert cx["lhs"] == pytest.approx((a + b) ** 2, rel=1e-3)
    assert cx["rhs"] == pytest.approx(a * a + b * b, rel=1e-3)


def test_counterexample_is_reproducible_from_seed():
    a = decide(r"a b \le a", {"a": "real", "b": "positive"}, seed=3)
    b = decide(r"a b \le a", {"a": "real", "b": "positive"}, seed=3)
    assert a.verdict == "refuted" and a.counterexample == b.counterexample
    assert a.counterexample["seed"] == 3


def test_expectations_are_exact_on_generic_laws():
    assert decide(r"\text{Var}[X] = \mathbb{E}[X^2] - \mathbb{E}[X]^2", {"X": "rv"}).max_error < 1e-12
    assert decide(r"\text{Var}[X] = \mathbb{E}[X^2]", {"X": "rv"}).verdict == "refuted"


def test_independence_is_declared_not_assumed():
    sym = {"X": "rv", "Y": "rv"}
    dep = decide(r"\mathbb{E}[XY] = \mathbb{E}[X]\mathbb{E}[Y]", sym)
    assert dep.verdict == "refuted"
    d = Declarations.from_mapping(sym)
    stmt = parse(r"\mathbb{E}[XY] = \mathbb{E}[X]\mathbb{E}[Y]", d)
    ind = check_numeric(stmt, Sampler(d, independent=("X", "Y")), stream(0, "i"),
                        NumericOptions(), seed=0)
    assert ind.verdict == "passed"


def test_named_laws_match_closed_forms():
    assert decide(r"\mathbb{E}[X] = n p", {"n": "natural", "p": "prob",
                                             "X": "Binomial(n, p)"}).verdict == "passed"
    assert decide(r"\text{Var}[X] = \lambda", {"lambda": "positive",
                                                  "X": "Poisson(lambda)"}).verdict == "passed"
    assert decide(r"\text{Var}[X] = s", {"mu": "real", "s": "positive",
                                           "X": "Normal(mu, s)"}).verdict == "passed"
    assert decide(r"\mathbb{E}[X] = k \theta", {"k": "positive", "theta": "positive",
                                                   "X": "Gamma(k, theta)"}).verdict == "passed"


def test_layouts_decide_gradients():
    sym = {"n": "dim", "m": "dim", "A": "matrix(m, n)", "x": "vector(n)"}
    d = Declarations.from_mapping(sym)
    for layout, rhs, want in [("numerator", "A", "passed"), ("denominator", "A^T", "passed"),
                              ("numerator", "A^T", "refuted"), ("denominator", "A", "refuted")]:
        stmt = parse(rf"\frac{{\partial \mathbf{{A}}\mathbf{{x}}}}{{\partial \mathbf{{x}}}} = \mathbf{{{rhs}}}"
                     if rhs == "A" else
                     r"\frac{\partial \mathbf{A}\mathbf{x}}{\partial \mathbf{x}} = \mathbf{A}^T",
                     d, layout=layout)
        ev = check_numeric(stmt, Sampler(d), stream(0, layout), NumericOptions(layout=layout),
                           seed=0)
        assert ev.verdict == want, (layout, rhs, ev.detail, ev.counterexample)


def test_convex_function_property_refuted_by_a_sampled_convex_function():
    ev = decide(r"f'(x) \ge 0", {"x": "real", "f": "convex"})
    assert ev.verdict == "refuted" and "x ↦" in ev.counterexample["instance"]["f"]
    ok = decide(r"f(y) \ge f(x) + f'(x)(y - x)", {"x": "real", "y": "real", "f": "convex"})
    assert ok.verdict == "passed"


def test_psd_domain_and_loewner_order():
    assert decide(r"\mathbf{A} \succeq 0", {"n": "dim", "A": "psd(n)"}).verdict == "passed"
    assert decide(r"\mathbf{A} \succeq 0", {"n": "dim", "A": "symmetric(n)"}).verdict == "refuted"


def test_shape_mismatch_is_a_counterexample():
    ev = decide(r"\mathbf{A}\mathbf{B} = \mathbf{B}\mathbf{A}",
                {"n": "dim", "m": "dim", "A": "matrix(n, m)", "B": "matrix(m, n)"})
    assert ev.verdict == "refuted" and ev.counterexample


@given(st.integers(min_value=0, max_value=10_000))
@settings(max_examples=15, deadline=None)
def test_any_seed_refutes_a_sign_error(seed):
    ev = decide(r"\sigma(-z) = \sigma(z) - 1", {"z": "real"}, seed=seed)
    assert ev.verdict == "refuted"


@register("test.sleeps")
def _sleeps(stmt, ctx):
    time.sleep(60)
    return Evidence("passed", "custom:test.sleeps")


def test_hanging_check_ends_as_timeout(monkeypatch):
    from cheatsheet.verify import check

    monkeypatch.setattr(check, "CLAIM_TIME_LIMIT", 0.3)
    monkeypatch.setattr(check, "WALL_FACTOR", 6)  # verify's own (the suite widens it: conftest)
    claim = Claim(id="t.hang", topic="t", title="hangs", latex="x = x", symbols={"x": "real"},
                  check="test.sleeps")
    from cheatsheet.verify import custom

    custom.names()  # load the check modules first: the limit is on the check, not on imports
    start = time.perf_counter()
    res = verify_claim(claim)
    assert res.verdict == "timeout" and time.perf_counter() - start < 5


@register("test.waits_then_passes")
def _waits(stmt, ctx):
    time.sleep(1.0)  # waiting for a core, as on a busy machine: wall time, no CPU time
    return Evidence("passed", "custom:test.waits_then_passes")


@register("test.computes_too_long")
def _computes(stmt, ctx):
    start = time.process_time()
    while time.process_time() - start < 5:
        pass
    return Evidence("passed", "custom:test.computes_too_long")


def test_the_suite_waits_for_a_slow_machine_but_keeps_the_cpu_budget(monkeypatch):
    """Under the suite (conftest) a version's wall-clock guard is wide, so a check that only
    waits is decided however busy the machine; its CPU budget is verify's, so a check that
    computes past it is still a timeout."""
    from cheatsheet.verify import check, custom

    monkeypatch.setattr(check, "CLAIM_TIME_LIMIT", 0.1)  # wall guard 0.6 s at verify's 6
    custom.names()
    waits = Claim(id="t.waits", topic="t", title="waits", latex="x = x", symbols={"x": "real"},
                  check="test.waits_then_passes")
    assert verify_claim(waits).verdict == "passed"
    computes = Claim(id="t.computes", topic="t", title="computes", latex="x = x",
                     symbols={"x": "real"}, check="test.computes_too_long")
    start = time.process_time()
    assert verify_claim(computes).verdict == "timeout"
    assert time.process_time() - start < 3


def test_unreadable_source_is_undecided_not_refuted():
    claim = Claim.from_dict({"id": "t.x", "title": "t", "latex": "x = x", "symbols": {"x": "real"},
                             "sources": [{"sheet": "s", "line": 1, "latex": r"x = \frac{"}]}, "t")
    res = verify_claim(claim)
    assert res.sources[0].verdict == "undecided" and res.sources[0].note


def test_symbolic_proof_is_preferred_for_canonical_identities():
    claim = Claim(id="t.s", topic="t", title="s", latex=r"\tanh(z) = 2\sigma(2z) - 1",
                  symbols={"z": "real"}, wrong=[r"\tanh(z) = 2\sigma(z) - 1"])
    assert verify_claim(claim).evidence.verdict == "proved"
    ev = check_version(claim, claim.wrong[0], claim.declarations, "denominator", [], seed=0,
                       key=("w",), symbolic_first=True, thorough=False)
    assert ev.verdict == "refuted"


def test_prime_at_a_point_is_evaluated_numerically():
    # f'(2z) reads as Subs(Derivative(f(t), t), t, 2z); the evaluator must give it meaning
    assert decide(r"\sigma'(2z) = \sigma(2z)(1 - \sigma(2z))", {"z": "real"}).verdict == "passed"
    assert decide(r"\sigma'(2z) = 2\sigma(2z)(1 - \sigma(2z))", {"z": "real"}).verdict == "refuted"


def test_moments_of_named_laws_are_proved_symbolically():
    # Bernoulli: SymPy closes it in milliseconds, so the proof never races the time limit
    claim = Claim(id="t.mgf", topic="t", title="bernoulli mgf",
                  latex=r"\mathbb{E}[e^{tX}] = 1 - p + p e^{t}",
                  symbols={"t": "real", "p": "prob", "X": "Bernoulli(p)"})
    assert verify_claim(claim).evidence.verdict == "proved"
    # a generic law has no closed form: the same kind of claim is decided numerically
    generic = Claim(id="t.var", topic="t", title="var", symbols={"X": "rv"},
                    latex=r"\text{Var}[X] = \mathbb{E}[X^2] - \mathbb{E}[X]^2")
    assert verify_claim(generic).evidence.verdict == "passed"


# -- case definitions: checked at their boundaries -------------------------------------------

def _cases(rhs):
    import sympy as sp

    from cheatsheet.statement import Relation, Statement

    d = Declarations.from_mapping({"x": "real"})
    lhs = parse(r"\frac{d}{dx} \max(x, 0) = 1", d).relations[0].lhs  # ReLU'(x)
    return check_numeric(Statement((Relation(lhs, "=", rhs),)), Sampler(d), stream(0, "cases"),
                         NumericOptions(), seed=0)


def test_cases_that_overlap_at_a_boundary_and_disagree_are_refuted_there():
    import sympy as sp

    x = sp.Symbol("x", real=True)
    ev = _cases(sp.Piecewise((1, x >= 0), (0, x <= 0)))  # both cases claim x = 0
    assert ev.verdict == "refuted"
    cx = ev.counterexample
    assert cx["instance"]["x"] == 0 and "both apply" in cx["why"] and "x = 0" in cx["why"]


@pytest.mark.parametrize("case", ["gap", "otherwise", "agree"])
def test_a_boundary_left_open_or_agreed_on_is_no_finding(case):
    import sympy as sp

    x = sp.Symbol("x", real=True)
    rhs = {"gap": sp.Piecewise((1, x > 0), (0, x < 0)),         # undefined at the kink
           "otherwise": sp.Piecewise((1, x > 0), (0, True)),     # ReLU'(0) = 0 by convention
           "agree": None}[case]
    if rhs is None:  # |x| = x for x >= 0 and -x for x <= 0: both give 0 at 0
        d = Declarations.from_mapping({"x": "real"})
        from cheatsheet.statement import Relation, Statement

        st = Statement((Relation(sp.Abs(x), "=", sp.Piecewise((x, x >= 0), (-x, x <= 0))),))
        ev = check_numeric(st, Sampler(d), stream(0, "agree"), NumericOptions(), seed=0)
    else:
        ev = _cases(rhs)
    assert ev.verdict == "passed", ev.counterexample


def test_a_boundary_outside_the_assumptions_is_not_checked():
    import sympy as sp

    from cheatsheet.statement import Relation, Statement

    x = sp.Symbol("x", real=True)
    d = Declarations.from_mapping({"x": "real"})
    st = Statement((Relation(x, "=", sp.Piecewise((x, x >= 0), (1 + x, x <= 0))),))
    assume = parse(r"x > 1", d).relations
    ev = check_numeric(st, Sampler(d), stream(0, "dom"), NumericOptions(assume=assume), seed=0)
    assert ev.verdict == "passed"
    ev = check_numeric(st, Sampler(d), stream(0, "dom"), NumericOptions(), seed=0)
    assert ev.verdict == "refuted"
