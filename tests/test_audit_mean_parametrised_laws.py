"""Laws whose usual parameter is their mean (verify/audit/laws.py, ``_BY_ITS_MEAN``).

"Exponential with mean theta" states the exponential another way than the catalog's rate
claims, so those claims are no reference for it. "Normal with mean mu and variance sigma^2" and
"Poisson with mean lambda" state their laws the usual way: the MGF claims were dropped there all
the same, and every MGF of such a list was left unchecked, its typos too. Sheet of our own
(Phi for the MGF, r for its argument).
"""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.verify.audit import decide as decide_module
from cheatsheet.verify.audit.laws import parametrisation_clash


@pytest.fixture(autouse=True)
def _patient(monkeypatch):
    # (a loaded machine must not turn a decision into "no decision within 6 s")
    monkeypatch.setattr(decide_module, "FORMULA_TIME_LIMIT", 60.0)


_SHEET = r"""## Moment generating functions

- Gaussian with mean $\mu$ and variance $\sigma^2$: $\Phi(r) = \exp\left(\mu r - \frac{\sigma^2 r^2}{2}\right)$
- Gaussian with mean $\mu$ and variance $\sigma^2$: $\Phi(r) = \exp\left(\mu r + \frac{\sigma^2 r^2}{2}\right)$
- Poisson with mean $\lambda$: $\Phi(r) = \exp\left(\lambda\left(e^{r} + 1\right)\right)$
- Poisson with mean $\lambda$: $\Phi(r) = \exp\left(\lambda\left(e^{r} - 1\right)\right)$
- exponential with mean $\lambda$: $\Phi(r) = \frac{1}{1 - \lambda r}$
"""


def _by_line():
    return {f.line: f for f in audit_text(_SHEET) if r"\Phi" in f.latex}


def test_mgfs_of_laws_stated_by_their_mean_are_decided():
    got = _by_line()
    assert (got[3].verdict, got[3].claim) == ("wrong", "mgf.normal")
    assert (got[4].verdict, got[4].claim) == ("ok", "mgf.normal")
    assert (got[5].verdict, got[5].claim) == ("wrong", "mgf.poisson")
    assert (got[6].verdict, got[6].claim) == ("ok", "mgf.poisson")


def test_an_exponential_stated_by_its_mean_is_still_no_rate_claims_typo():
    # 1/(1 - lambda r) is right for the mean lambda; against the rate's lambda/(lambda - r)
    # it would look wrong
    assert _by_line()[7].verdict != "wrong"
    assert parametrisation_clash("exponential with mean theta",
                                 "MGF of the exponential distribution (rate lambda)")


def test_the_mean_is_no_other_way_for_a_normal_or_a_poisson():
    assert parametrisation_clash("normal with mean m", "MGF of the normal distribution") is None
    assert parametrisation_clash("Poisson with mean m", "MGF of the Poisson distribution") is None
