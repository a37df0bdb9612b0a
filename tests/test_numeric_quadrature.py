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
