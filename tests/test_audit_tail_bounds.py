"""Tail bounds other sheets state that the catalog lacked: the Chernoff bound through the MGF
(or E[e^{tX}] written out) and Hoeffding's inequality for variables in [0, 1], two-sided and
one-sided.  Without them a Chernoff line resembled the union bound or Markov's inequality and
a [0, 1] Hoeffding line failed the [a, b] claim unsurely: both stayed unchecked.  Every sheet
here is written in letters of its own."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text

SHEET = r"""# Concentration

## Generating functions

- tail through the MGF, any $u > 0$: $\Pr(W \ge c) \le <chernoff>$

## Empirical risk

- risk estimate from $m$ losses in $[0, 1]$: $P(|\bar{L}_m - \ell| \ge \delta) \le <two>$
- its upper deviation alone: $P(\bar{L}_m - \ell \ge \delta) \le <one>$
"""

RIGHT = {"chernoff": r"e^{-uc}\, M_W(u)", "two": r"2 e^{-2 m \delta^2}",
         "one": r"e^{-2 m \delta^2}"}
SLIPS = {"chernoff": r"e^{uc}\, M_W(u)", "two": r"2 e^{-2 m \delta}",
         "one": r"e^{-2 m^2 \delta^2}"}
CLAIMS = {"chernoff": "bound.chernoff", "two": "bound.hoeffding_unit",
          "one": "bound.hoeffding_unit_one_sided"}


def _sheet(forms: dict) -> str:
    text = SHEET
    for key, latex in forms.items():
        text = text.replace(f"<{key}>", latex)
    return text


def _bounds(findings):
    """The findings of the bounds themselves (not the ranges and names in the prose)."""
    return [f for f in findings if r"\le" in f.latex and "P" in f.latex]


def test_the_right_forms_hold_in_other_letters():
    found = _bounds(audit_text(_sheet(RIGHT)))
    assert [(f.verdict, f.claim) for f in found] == [("ok", c) for c in CLAIMS.values()]


@pytest.mark.parametrize("slip", list(SLIPS))
def test_each_slip_is_wrong_against_its_claim(slip):
    found = _bounds(audit_text(_sheet({**RIGHT, slip: SLIPS[slip]})))
    verdicts = {f.claim: f.verdict for f in found if f.claim}
    assert verdicts.pop(CLAIMS[slip]) == "wrong"
    assert set(verdicts.values()) == {"ok"}  # the others stay right


def test_the_expectation_spelling_is_the_same_bound():
    (f,) = _bounds(audit_text(
        "# Notes\n\n- for $u > 0$: $\\Pr(W \\ge c) \\le e^{-uc}\\,\\mathbb{E}[e^{uW}]$\n"))
    assert (f.verdict, f.claim) == ("ok", "bound.chernoff_expectation")


@pytest.mark.parametrize("latex", [
    # the lower tail: t < 0 with M_X(t), or t > 0 with M_X(-t); the sign is the sheet's
    r"P(W \le c) \le e^{-uc}\, M_W(u)",
    r"P(W \le c) \le e^{uc}\, M_W(-u)",
])
def test_a_lower_tail_is_never_wrong(latex):
    found = _bounds(audit_text(f"# Notes\n\n- lower tail: ${latex}$\n"))
    assert found and all(f.verdict != "wrong" for f in found), [f.reason for f in found]


@pytest.mark.parametrize("claim_id, latex", [
    ("bound.chernoff", r"P(X \geq a) \leq e^{-ta} M_X(2t)"),
    ("bound.chernoff_expectation", r"P(X \geq a) \leq e^{-ta} \mathbb{E}[e^{2tX}]"),
    ("bound.hoeffding_unit", r"P(|\bar{X}_n - \mu| \geq \epsilon) \leq 2\exp(-2n\epsilon)"),
    ("bound.hoeffding_unit_one_sided", r"P(\bar{X}_n - \mu \geq \epsilon) \leq \exp(-n^2\epsilon^2)"),
])
def test_mutants_stay_refuted(claim_id, latex):
    from mutants import decide_mutant

    assert decide_mutant(claim_id, latex).verdict == "refuted"


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("claim_id, latex", [
    # bounds that fall in n^2: looser than Hoeffding for one draw, tighter from three on; on
    # [0, 1] the check always has trials with four to eight draws and epsilon near 1/2, where
    # the mean is that far only at 0 or 1 (probability 2^-n) and such a bound is exceeded
    ("bound.hoeffding_unit_one_sided",
     r"P(\bar{X}_n - \mu \geq \epsilon) \leq \exp(-n^2\epsilon^2)"),
    ("bound.hoeffding_unit",
     r"P(|\bar{X}_n - \mu| \geq \epsilon) \leq 2\exp(-n^2\epsilon^2)"),
])
def test_a_bound_falling_in_n_squared_is_refuted_under_every_seed(claim_id, latex, seed):
    from audit_helpers import claim_verdict

    assert claim_verdict(claim_id, latex, seed=seed) == "refuted"
