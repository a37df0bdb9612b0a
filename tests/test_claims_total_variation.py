"""Pinsker's inequality (a fact red-team sheets state that the catalog lacked): the information
check computes TV from the sampled pmfs as half their L1 distance, so a sheet's TV(P, Q) or
delta(P, Q) bound is compared with the truth, never with a formula; H(P, Q) beside TV, often
the Hellinger distance, is not read as a cross-entropy there."""
from __future__ import annotations

import numpy as np
import pytest

from audit_helpers import (
    assert_canonical_holds_and_wrong_forms_fail, audit_text, catalog, claim_verdict,
)
from cheatsheet.verify.checks.information import FUNCTIONS
from cheatsheet.verify.evaluate import Val

CLAIM = "pinsker.inequality"


def test_total_variation_is_the_largest_gap_over_events():
    p, q = np.array([0.5, 0.3, 0.2]), np.array([0.2, 0.3, 0.5])
    as_val = lambda a: Val(a.reshape(1, 3, 1), mat=True)  # noqa: E731
    got = FUNCTIONS["TV"](as_val(p), as_val(q)).arr
    assert np.allclose(got, 0.3)  # the event {first outcome}: 0.5 - 0.2


def test_the_canonical_form_holds_and_every_recorded_wrong_form_fails():
    assert_canonical_holds_and_wrong_forms_fail(CLAIM, seed=6)


def _said(words, latex):
    text = f"# Comparing two laws\n\n- {words}: ${latex}$\n"
    (f,) = [f for f in audit_text(text) if f.latex == latex]
    return f


def test_a_right_bound_in_other_letters_is_ok():
    f = _said("Pinsker's inequality, divergence in nats",
              r"\delta(F, G) \leq \sqrt{\tfrac{1}{2} D(F \,\|\, G)}")
    assert (f.verdict, f.claim) == ("ok", CLAIM), f.reason


@pytest.mark.parametrize("typo", [
    r"\delta(F, G) \leq \tfrac{1}{2} D(F \,\|\, G)",
    r"\mathrm{TV}(F, G) \leq \tfrac{1}{2}\sqrt{\mathrm{KL}(F \,\|\, G)}",
])
def test_a_slip_is_wrong(typo):
    f = _said("Pinsker's inequality, divergence in nats", typo)
    assert (f.verdict, f.claim) == ("wrong", CLAIM), f.reason


def test_the_bits_constant_is_never_wrong():
    f = _said("Pinsker's inequality, divergence in bits",
              r"\mathrm{TV}(F, G) \le \sqrt{\tfrac{\ln 2}{2}\mathrm{KL}(F \,\|\, G)}")
    assert f.verdict != "wrong", f.reason


def test_hellinger_beside_total_variation_is_not_read_as_a_cross_entropy():
    """Le Cam's TV >= H^2 / 2 with H the (unnormalised) Hellinger distance: read with H as a
    cross-entropy it fails, so the check leaves it undecided."""
    c = catalog()[CLAIM]
    assert claim_verdict(c.id, r"\mathrm{TV}(p, q) \geq \frac{1}{2} H(p, q)^2", seed=6) \
        == "undecided"
    f = _said("Le Cam's inequality", r"\mathrm{TV}(F, G) \ge \frac{1}{2} H^2(F, G)")
    assert f.verdict != "wrong", f.reason
