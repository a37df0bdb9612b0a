"""Mutants a claim's check let through because its instances had special values (issue 13,
part 2).  Each is one of the quiz operators' own mutants of today's canonical form; each passed
before the fix named beside it and is refuted now."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.quiz.mutate import mutations
from cheatsheet.verify.check import check_version

MUTANTS = [
    # GD runs (verify/checks/convergence.py): f^* and x^* were no special values only if the
    # test function's level and minimiser are drawn, not 0-ish and ~1/lambda_min away
    ("gd.rate_convex", r"f(x_t) + f(x^*) \leq \frac{1}{2\eta t} \|x_0 - x^*\|^2"),
    ("gd.rate_strongly_convex", r"\|x_t - x^*\|^2 \leq (1 - \eta\mu)^t \|x_0 + x^*\|^2"),
    ("gd.rate_nonconvex", r"g_{\min} \leq \frac{2(f(x_0) + f^*)}{\eta(t+1)}"),
    ("gd.stationary_steps", r"T_{\varepsilon} \leq \frac{2L(f(x_0) + f^*)}{\varepsilon^2}"),
    # DDPM (verify/checks/diffusion.py): the left side's step and tilde-mu's subscript and
    # inputs were not read, so another step's value passed for this one's
    ("ddpm.marginal", r"x_{t-1} = \sqrt{\bar{\alpha}_t} x_0 + \sqrt{1 - \bar{\alpha}_t} \epsilon_0"),
    ("ddpm.sampling-step", r"x_{t+1} = \frac{1}{\sqrt{\alpha_t}} \left( x_t - \frac{1 - \alpha_t}{\sqrt{1 - \bar{\alpha}_t}} \epsilon_\theta(x_t, t) \right) + \sigma_t z"),
    ("ddpm.posterior-mean", r"\tilde{\mu}_{t-1}(x_t, x_0) = \frac{1}{\sqrt{\alpha_t}} \left( x_t - \frac{1 - \alpha_t}{\sqrt{1 - \bar{\alpha}_t}} \epsilon_0 \right)"),
    ("ddpm.posterior-mean", r"\tilde{\mu}_t(x_{t-1}, x_0) = \frac{1}{\sqrt{\alpha_t}} \left( x_t - \frac{1 - \alpha_t}{\sqrt{1 - \bar{\alpha}_t}} \epsilon_0 \right)"),
    # densities (verify/checks/distributions.py): p(x | mu, sigma^2) was the law's density
    # whatever parameters the line conditions on
    ("normal.pdf", r"p(x \mid \mu, \sigma^{3}) = \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(x - \mu)^2}{2\sigma^2}\right)"),
    ("normal.pdf", r"p(x \mid \mu, \sigma^{-2}) = \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(x - \mu)^2}{2\sigma^2}\right)"),
]


@pytest.mark.parametrize("claim_id,latex", MUTANTS, ids=[f"{c}#{k}" for k, (c, _) in enumerate(MUTANTS)])
def test_recorded_mutant_is_refuted(claim_id, latex):
    claim = get_catalog()[claim_id]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        ev = check_version(claim, latex, claim.declarations, claim.layout, list(claim.assume),
                           seed=0, key=("mutant",), symbolic_first=False, thorough=False)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


def test_recorded_mutants_are_the_quiz_operators_own():
    cat = get_catalog()
    for claim_id, latex in MUTANTS:
        assert latex in {m.latex for m in mutations(cat[claim_id].latex)}, (claim_id, latex)


@pytest.mark.parametrize("claim_id,latex", [
    # consistently shifted forms: the left side, the schedule and the inputs one step apart
    ("ddpm.marginal", r"x_{t-1} = \sqrt{\bar{\alpha}_{t-1}} x_0 + \sqrt{1 - \bar{\alpha}_{t-1}} \epsilon_0"),
    ("ddpm.marginal", r"x_{t+1} = \sqrt{\bar{\alpha}_{t+1}} x_0 + \sqrt{1 - \bar{\alpha}_{t+1}} \epsilon_0"),
    # the normal law parametrised by its standard deviation: another convention, not a typo
    ("normal.pdf", r"p(x \mid \mu, \sigma) = \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(x - \mu)^2}{2\sigma^2}\right)"),
])
def test_a_consistently_shifted_form_holds(claim_id, latex):
    claim = get_catalog()[claim_id]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        ev = check_version(claim, latex, claim.declarations, claim.layout, list(claim.assume),
                           seed=0, key=("shifted",), symbolic_first=False, thorough=False)
    assert ev.verdict in ("passed", "proved"), (ev.verdict, ev.detail)
