"""The Kalman update of a state measured directly (H = I: the local level model of time-series
sheets) is a right formula of its own, not kalman.state_update with H dropped: red team 15's
time-series sheet wrote `x_{t|t} = x_{t|t-1} + K_t (y_t - x_{t|t-1})` and was told "H is
missing".  Letters below are our own (s for the state, u for the measurement, L for the gain)."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from mutants import decide_mutant

WORDS = "- local level Kalman filter (noise $Q$, $R$): "


def _finding(latex: str):
    (f,) = [f for f in audit_text(f"{WORDS}${latex}$\n") if f.latex == latex]
    return f


def test_the_direct_update_holds_as_its_own_claim():
    f = _finding(r"\hat{s}_{k \mid k} = \hat{s}_{k \mid k-1} + L_k(u_k - \hat{s}_{k \mid k-1})")
    assert (f.verdict, f.claim) == ("ok", "kalman.state_update_direct"), f.reason


def test_its_sign_slip_is_still_not_right():
    f = _finding(r"\hat{s}_{k \mid k} = \hat{s}_{k \mid k-1} - L_k(u_k - \hat{s}_{k \mid k-1})")
    assert f.verdict != "ok", f.reason


@pytest.mark.parametrize("claim_id,latex,holds", [
    # with H = I the gain is P (P + R)^{-1} and the update needs no H
    ("kalman.state_update_direct", r"\hat{\mathbf{x}}_{k|k} = \hat{\mathbf{x}}_{k|k-1} + "
     r"\mathbf{K} (\mathbf{z}_k - \hat{\mathbf{x}}_{k|k-1})", True),
    ("kalman.gain_direct", r"\mathbf{K} = \mathbf{P}_{k|k-1} (\mathbf{P}_{k|k-1} + \mathbf{R})^{-1}",
     True),
    # the general gain's form is the direct one only where H = I: the check must see H there
    ("kalman.gain_plain", r"\mathbf{K} = \mathbf{P} (\mathbf{P} + \mathbf{R})^{-1}", False),
    ("kalman.covariance_update_direct", r"\mathbf{P}_{k|k} = (\mathbf{I} - \mathbf{K}) "
     r"\mathbf{P}_{k|k-1}", True),
    ("kalman.covariance_update_direct", r"\mathbf{P}_{k|k} = \mathbf{P}_{k|k-1} (\mathbf{I} - "
     r"\mathbf{K})^{-1}", False),
])
def test_the_check_measures_the_state_itself_when_no_H_is_declared(claim_id, latex, holds):
    ev = decide_mutant(claim_id, latex)
    assert (ev.verdict in ("passed", "proved")) == holds, (ev.verdict, ev.detail)
