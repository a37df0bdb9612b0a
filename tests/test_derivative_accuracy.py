"""Numeric derivatives are accurate enough that a verdict never depends on the seed: higher
orders take the step that balances rounding against truncation, and the comparison widens by
the differences' own error (the change when the step doubles or halves)."""
from __future__ import annotations

import pytest

from cheatsheet.latex import parse
from cheatsheet.symbols import Declarations
from cheatsheet.verify.custom import stream
from cheatsheet.verify.numeric import NumericOptions, check_numeric
from cheatsheet.verify.sampling import Sampler

Z = Declarations.from_mapping({"z": "real"})
SIGMA2 = r"\frac{d^2}{dz^2} \sigma(z) = \sigma(z)(1 - \sigma(z))"
TANH3 = r"\frac{d^3}{dz^3} \tanh(z) = (1 - \tanh(z)^2)"


def verdicts(latex, seeds=range(40)):
    stmt = parse(latex, Z)
    return {check_numeric(stmt, Sampler(Z), stream(s, latex), NumericOptions(), seed=s).verdict
            for s in seeds}


@pytest.mark.parametrize("latex", [
    SIGMA2 + r"(1 - 2\sigma(z))",
    TANH3 + r"(6\tanh(z)^2 - 2)",
    r"\frac{d^4}{dz^4} e^{2z} = 16 e^{2z}",
])
def test_true_higher_derivatives_pass_on_every_seed(latex):
    # near z = 0 these are tiny next to the function; a relative tolerance alone failed them
    assert verdicts(latex) == {"passed"}


@pytest.mark.parametrize("latex", [
    SIGMA2 + r"(2\sigma(z) - 1)",
    SIGMA2,
    TANH3 + r"(6.01\tanh(z)^2 - 2)",
    r"\frac{d^4}{dz^4} e^{2z} = 16.01 e^{2z}",
])
def test_wrong_higher_derivatives_are_refuted_on_every_seed(latex):
    assert verdicts(latex) == {"refuted"}
