"""The mutation scorer shows a bound true when its side is the canonical side times a factor on
the loose side of 1 (scripts/mutation/truth.py, _scaled): sqrt(X) >= sqrt(X / 2n) for every
whole n >= 1, whatever X >= 0 is, so pacbayes.bound with the 2n dropped is a looser, true bound.
A factor on the tight side, or in a name the canonical side does not use, shows nothing; and a
positive whole number starts at 1, not 0 (_past_one, _nonnegative_on_integers)."""
from __future__ import annotations

import os
import sys

import pytest
import sympy as sp

from cheatsheet.catalog import get_catalog

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "scripts"))

LEFT = r"\mathbb{E}_{f \sim Q}[\mathcal{R}(f)] - \mathbb{E}_{f \sim Q}[\hat{\mathcal{R}}_n(f)] \leq "
X = r"\text{KL}(Q\|P) + \ln(2\sqrt{n}/\varepsilon)"


@pytest.mark.parametrize("right,true", [
    (r"\sqrt{{%s}}" % X, True),  # the quiz's mutant: 2n dropped
    (r"\sqrt{\frac{%s}{n}}" % X, True),  # half the denominator
    (r"3 \sqrt{\frac{%s}{2n}}" % X, True),
    (r"\sqrt{\frac{%s}{4n}}" % X, False),  # tighter
    (r"\sqrt{\frac{%s}{2n^2}}" % X, False),  # tighter for n >= 2
    (r"\frac{1}{2} \sqrt{\frac{%s}{2n}}" % X, False),
])
def test_a_side_scaled_the_loose_way_is_implied(right, true):
    from mutation.truth import implied

    assert implied(get_catalog()["pacbayes.bound"], LEFT + right) is true


def test_a_positive_whole_number_starts_at_one():
    from mutation.truth import _past_one

    n = sp.Symbol("n", integer=True, positive=True)
    m = sp.Symbol("m", integer=True, nonnegative=True)
    x = sp.Symbol("x", positive=True)
    assert _past_one(sp.sqrt(2 * n), 1) and _past_one(3 * n ** 2, 1)
    assert _past_one(1 / sp.sqrt(2 * n), -1)
    assert not _past_one(sp.sqrt(2 * m), 1)  # m = 0
    assert not _past_one(sp.sqrt(x), 1)  # x in (0, 1)
    assert not _past_one(n / 2, 1)  # n = 1
