"""A line beside lines that hold as a claim made of several statements (notation.held_near):
the block states that claim, as a heading naming it would say. In the second pass, a formula
failing that claim unsurely is read with the block's topic as its words."""
from __future__ import annotations

import warnings

import numpy as np
from audit_helpers import decider

from cheatsheet.verify.audit.notation import second_pass
from cheatsheet.verify.audit.run import jobs_of

_BLOCK = "\n".join([
    r"- first moment: $m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t$",
    r"- corrected: $\hat{m}_t = m_t / (1 - \beta_1^t)$",
    r"- corrected: $\hat{v}_t = v_t / (1 - \beta_2)$",
    r"- step: $\theta_{t+1} = \theta_t - \alpha \hat{m}_t / (\sqrt{\hat{v}_t} + \epsilon)$",
])


def _audit(text: str) -> dict:
    d = decider()
    jobs = jobs_of("block.md", text)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        found = [d.decide(j.formula, j.conv, j.file, j.habits) for j in jobs]
        found = second_pass(found, jobs, d)
    return {f.line: f for f in found}


def test_a_slip_between_two_held_statements_of_the_claim_is_caught():
    found = _audit(_BLOCK)
    assert found[2].verdict == "ok" and found[4].verdict == "ok"
    assert found[3].verdict == "wrong" and found[3].claim == "adam.update"


def test_the_same_line_alone_stays_unchecked():
    (only,) = _audit(r"- corrected: $\hat{v}_t = v_t / (1 - \beta_2)$").values()
    assert only.verdict == "unchecked"
