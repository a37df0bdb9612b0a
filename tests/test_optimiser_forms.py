"""Optimiser updates and schedules in the forms other public sheets write them (issue 8): each
convention of the same algorithm holds, a typo is refuted in every convention, and a schedule
is decided against the run that defines it."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.verify.check import check_version


def _decide(claim_id, latex, seed=0):
    claim = get_catalog()[claim_id]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return check_version(claim, latex, claim.declarations, claim.layout, list(claim.assume),
                             seed=seed, key=("forms",), symbolic_first=False, thorough=False)


HOLD = [
    # one line of a two-line momentum update is right in some convention of the velocity
    ("momentum.velocity", r"v_t = \mu v_{t-1} + \eta \nabla J(\theta_{t-1})"),  # Ruder: theta - v
    ("momentum.ema", r"v_t = \beta v_{t-1} + (1 - \beta) g_t"),
    ("momentum.sgd_velocity", r"v_t = \mu v_{t-1} + g_t, \theta_t = \theta_{t-1} - \eta v_t"),
    # the pair in one convention, indexed by the step it makes (theta_{t+1} from v_{t+1})
    ("momentum.velocity", r"v_{t+1} = \mu v_t - \eta \nabla J(\theta_t), \theta_{t+1} = \theta_t + v_{t+1}"),
    # Ruder's Nesterov: the step is -v_t and the look-ahead point theta - mu v
    ("nesterov.velocity", r"v_t = \mu v_{t-1} + \eta \nabla_\theta J(\theta_{t-1} - \mu v_{t-1}), \theta_t = \theta_{t-1} - v_t"),
    # weight decay for the penalty lambda ||theta||^2 (no 1/2)
    ("sgd.weight_decay", r"\theta_t = (1 - 2\eta\lambda)\theta_{t-1} - \eta g_t"),
    ("sgd.weight_decay", r"\theta_t = \theta_{t-1} - \eta (\nabla J(\theta_{t-1}) + \lambda \theta_{t-1})"),
    ("adamw.update", r"\theta_{t+1} = \theta_t - \alpha \left( \frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon} + \lambda \theta_t \right)"),
    # schedules: neighbouring members on the same run
    ("schedule.exponential", r"\eta_{t+1} = \gamma \eta_t"),
    ("schedule.step_decay", r"\eta_{t-1} = \eta_0 \gamma^{\lfloor (t-1) / s \rfloor}"),
    ("schedule.cosine", r"\eta_t = \eta_{\min} + (\eta_{\max} - \eta_{\min}) \cos^2\left(\frac{t\pi}{2T}\right)"),
]

REFUTED = [
    # the two lines of one convention mixed with another's
    ("momentum.velocity", r"v_t = \mu v_{t-1} + \eta \nabla J(\theta_{t-1}), \theta_t = \theta_{t-1} + v_t"),
    ("momentum.ema", r"v_t = \beta v_{t-1} + (1 - \beta) g_t, \theta_t = \theta_{t-1} + \alpha v_t"),
    # wrong in every convention
    ("momentum.ema", r"v_t = \beta v_{t-1} + \beta g_t"),
    ("nesterov.velocity", r"v_t = \mu v_{t-1} - \eta \nabla_\theta J(\theta_{t-1} - \mu v_{t-1}), \theta_t = \theta_{t-1} + v_t"),
    ("sgd.weight_decay", r"\theta_t = (1 + \eta\lambda)\theta_{t-1} - \eta g_t"),
    ("adamw.update", r"\theta_t = \theta_{t-1} - \alpha \frac{\hat{m}_t + \lambda \theta_{t-1}}{\sqrt{\hat{v}_t} + \epsilon}"),
    ("schedule.exponential", r"\eta_{t+1} = \gamma \eta_{t-1}"),
    ("schedule.cosine", r"\eta_t = \eta_{\min} + (\eta_{\max} - \eta_{\min}) \cos\left(\frac{t\pi}{2T}\right)"),
    ("clip.norm", r"\tilde{g} = \frac{c}{\|g\|} g"),  # scales short gradients up
    ("clip.norm", r"\tilde{g} = g"),  # never clips
]


@pytest.mark.parametrize("claim_id,latex", HOLD, ids=[f"{c}#{k}" for k, (c, _) in enumerate(HOLD)])
@pytest.mark.parametrize("seed", [0, 3])
def test_a_form_right_in_some_convention_holds(claim_id, latex, seed):
    ev = _decide(claim_id, latex, seed)
    assert ev.verdict == "passed", (ev.verdict, ev.detail)


@pytest.mark.parametrize("claim_id,latex", REFUTED, ids=[f"{c}#{k}" for k, (c, _) in enumerate(REFUTED)])
def test_a_typo_is_refuted_in_every_convention(claim_id, latex):
    ev = _decide(claim_id, latex)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


def test_the_evidence_names_the_convention_a_line_holds_in():
    ev = _decide("momentum.velocity", r"v_t = \mu v_{t-1} + \eta \nabla J(\theta_{t-1})")
    assert "with the step as velocity" in ev.detail, ev.detail


@pytest.mark.parametrize("latex", [r"\theta_t = \theta_{t-1} - v_t", r"\theta_t = \theta_{t-1} + \eta v_t",
                                   r"\theta_t = \theta_{t-1} - \eta v_t"])
def test_a_step_without_its_velocity_update_is_undecided(latex):
    """The step alone is right in some convention of the velocity (and wrong in another): no
    verdict, and the reason says so."""
    ev = _decide("momentum.velocity", latex)
    assert ev.verdict == "undecided" and "velocity" in ev.detail, (ev.verdict, ev.detail)
