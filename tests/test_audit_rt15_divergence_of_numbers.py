"""A divergence of two NUMBERS names the divergence of the laws they parametrise.

Red team 15 wrote the KL between two Bernoulli laws as ``D_KL(p || q) = p log(p/q) + (1 - p)
log((1 - p)/(1 - q))``; the check summed "p log p/q" over the one entry of the number p and
called the textbook formula wrong. A divergence, entropy or cross-entropy of plain numbers is
now no value (the claim's check cannot decide it that way), and the left side is then read as
a name for the claim's KL(Bern(p) || Bern(q)): the right side decides, holding ones are ok.
"""
from __future__ import annotations

import numpy as np
import pytest

from audit_helpers import audit_text
from cheatsheet.verify.checks.information import _H, _kl, _jsd
from cheatsheet.verify.evaluate import EvalError, Val


def _found(text: str, latex: str):
    return next(f for f in audit_text(text) if f.latex == latex)


def test_a_divergence_of_numbers_is_no_value():
    a, b = Val(np.array([0.3, 0.6])), Val(np.array([0.5, 0.2]))
    for f in (_kl, _jsd, _H):
        with pytest.raises(EvalError):
            f(a, b)
    pmf = Val(np.array([[0.3], [0.7]]), True)  # a distribution still is one
    assert float(_kl(pmf, pmf).arr) == pytest.approx(0.0)


COINS = "Two coins with heads probabilities $u$ and $v$: $FORMULA$\n"
RIGHT = r"\mathrm{KL}(u \,\|\, v) = u\ln\frac{u}{v} + (1 - u)\ln\frac{1 - u}{1 - v}"


def test_the_bernoulli_kl_of_two_numbers_is_ok():
    said = _found(COINS.replace("FORMULA", RIGHT), RIGHT)
    assert said.verdict == "ok", (said.verdict, said.claim, said.reason)
    assert said.claim == "kl.bernoulli"


def test_its_typo_written_with_the_laws_is_still_caught():
    typo = (r"\mathrm{KL}(\mathrm{Bern}(u) \,\|\, \mathrm{Bern}(v)) = u\ln\frac{v}{u}"
            r" + (1 - u)\ln\frac{1 - v}{1 - u}")
    said = _found(COINS.replace("FORMULA", typo), typo)
    assert (said.verdict, said.claim) == ("wrong", "kl.bernoulli"), (said.verdict, said.reason)


def test_its_typo_written_with_numbers_is_not_called_ok():
    typo = r"\mathrm{KL}(u \,\|\, v) = u\ln\frac{v}{u} + (1 - u)\ln\frac{1 - v}{1 - u}"
    said = _found(COINS.replace("FORMULA", typo), typo)
    assert said.verdict != "ok", (said.verdict, said.claim, said.reason)
