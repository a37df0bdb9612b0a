"""The quadrature's error margin (verify/numeric.py ``_within_quadrature``): an expectation
over a density is a Gauss rule, off by up to 0.3% for E[e^{tX}] near the edge of its range.
A failing trial is compared again with the tolerance widened by how far both sides move on a
rougher rule, so a true formula is not refuted by the rule's error; a wrong one still is."""
from __future__ import annotations

from cheatsheet.latex import parse
from cheatsheet.symbols import Declarations
from cheatsheet.verify import numeric
from cheatsheet.verify.custom import stream
from cheatsheet.verify.numeric import NumericOptions, check_numeric
from cheatsheet.verify.sampling import Sampler

# the Laplace transform sampled where e^{-sX} grows fast: -s/lambda between 0.6 and 0.9
EDGE = Declarations.from_mapping({"s": "real", "lambda": "positive",
                                  "X": "Exponential(lambda)"})
NEAR_EDGE = [r"-0.9 < \frac{s}{\lambda}", r"\frac{s}{\lambda} < -0.6"]


def _check(latex, seed=0):
    opts = NumericOptions(assume=tuple(parse(a, EDGE).relations[0] for a in NEAR_EDGE))
    return check_numeric(parse(latex, EDGE), Sampler(EDGE), stream(seed, latex), opts,
                         seed=seed)


def test_a_true_transform_near_the_edge_is_not_refuted_by_the_rule(monkeypatch):
    right = r"\mathbb{E}[e^{-sX}] = \frac{\lambda}{\lambda + s}"
    assert _check(right).verdict == "passed"
    # without the margin the rule's own error refutes it: the margin is what decides
    monkeypatch.setattr(numeric, "_within_quadrature", lambda *a: a[-1])
    assert _check(right).verdict == "refuted"


def test_a_wrong_transform_near_the_edge_is_still_refuted():
    for wrong in (r"\mathbb{E}[e^{-sX}] = \frac{\lambda}{\lambda - s}",
                  r"\mathbb{E}[e^{-sX}] = \frac{1}{\lambda + s}",
                  r"\mathbb{E}[e^{-sX}] = 1.01 \frac{\lambda}{\lambda + s}"):
        assert _check(wrong).verdict == "refuted", wrong


# ------------------------------------------------------------------ truncated quadrature
# X ~ N(mu, sigma^2) with sigma and t free: E[e^{tX}] has its mass sigma t standard
# deviations out, and sigma t reaches 20 and more on some trials, past every Hermite node
WIDE = Declarations.from_mapping({"t": "real", "mu": "real", "sigma": "positive",
                                  "X": "Normal(mu, sigma^2)"})
NORMAL_MGF = r"\mathbb{E}[e^{tX}] = \exp(\mu t + \frac{1}{2} \sigma^2 t^2)"


def _wide(latex, seed=0):
    return check_numeric(parse(latex, WIDE), Sampler(WIDE), stream(seed, latex),
                         NumericOptions(), seed=seed)


def test_a_mean_whose_mass_lies_past_the_nodes_decides_nothing(monkeypatch):
    """The normal MGF as an expectation (red team 10): the trials with a large sigma t are
    off by orders of magnitude on any Gauss rule, fine or coarse alike; they must decide
    nothing rather than refute a right formula."""
    from cheatsheet.verify import expectations
    assert _wide(NORMAL_MGF).verdict == "passed"
    monkeypatch.setattr(expectations, "_without_truncated_quadrature", lambda total, *a: total)
    assert _wide(NORMAL_MGF).verdict == "refuted"


def test_a_wrong_normal_mgf_is_still_refuted_on_the_trials_the_nodes_reach():
    for wrong in (r"\mathbb{E}[e^{tX}] = \exp(\mu t + \sigma^2 t^2)",
                  r"\mathbb{E}[e^{tX}] = \exp(\mu t + \frac{1}{2} \sigma t^2)",
                  r"\mathbb{E}[e^{tX}] = \exp(\mu t - \frac{1}{2} \sigma^2 t^2)"):
        assert _wide(wrong).verdict == "refuted", wrong
