"""The differences' error margin (verify/numeric.py: both sides again at twice and half the
step) is computed only where it can change a trial's outcome: a derivative that passes at the
instance's step is not differenced twice more (issue 12), one that needs the margin still
gets it, and a wrong one is refuted as before."""
from __future__ import annotations

import numpy as np

from cheatsheet.latex import parse
from cheatsheet.symbols import Declarations
from cheatsheet.verify import numeric
from cheatsheet.verify.custom import stream
from cheatsheet.verify.numeric import NumericOptions, check_numeric
from cheatsheet.verify.sampling import Sampler

Z = Declarations.from_mapping({"z": "real"})
FOURTH = r"\frac{d^4}{dz^4} e^{2z} = 16 e^{2z}"


def _run(latex, monkeypatch, seed=0):
    steps = []
    real = numeric._other_step

    def spy(inst, k, *args):
        steps.append(k)
        return real(inst, k, *args)

    monkeypatch.setattr(numeric, "_other_step", spy)
    ev = check_numeric(parse(latex, Z), Sampler(Z), stream(seed, latex), NumericOptions(),
                       seed=seed)
    return ev, steps


def test_a_passing_first_derivative_takes_no_other_step(monkeypatch):
    ev, steps = _run(r"\frac{d}{dz}\sigma(z) = \sigma(z)(1 - \sigma(z))", monkeypatch)
    assert ev.verdict == "passed" and steps == []


def test_a_derivative_that_needs_the_margin_still_gets_it(monkeypatch):
    """The fourth derivative misses the plain tolerance on some trial at the instance's step
    (so without the margin it would be refuted); with the margin it passes."""
    stmt = parse(FOURTH, Z)
    inst = Sampler(Z).sample(np.random.default_rng(stream(0, FOURTH)), 48)
    rel = stmt.relations[0]
    ev = numeric.Evaluator(inst)
    plain = numeric.compare(rel, ev(rel.lhs), ev(rel.rhs), 48, NumericOptions())
    assert not plain.ok.all()
    verdict, steps = _run(FOURTH, monkeypatch)
    assert verdict.verdict == "passed" and steps == [2, 0.5]


def test_a_wrong_derivative_is_still_refuted(monkeypatch):
    ev, steps = _run(r"\frac{d}{dz}\sigma(z) = \sigma(z)(1 + \sigma(z))", monkeypatch)
    assert ev.verdict == "refuted" and steps
