"""The mutation scorer builds a claim's declared premises (``assume``) into SymPy's sign rules
(scripts/mutation/truth.py ``_under_assumptions``): a mutant that loosens a bound only where a
premise holds (``mu <= L`` makes 1 - mu/L a number in [0, 1)) is shown true, and without the
premise it is not."""
from __future__ import annotations

from dataclasses import replace

from cheatsheet.catalog import get_catalog
from mutants import mutation_script

PL = "pl.gd_linear_rate"
LOOSER = [r"f(x_k) - f^* \leq \left(1 + \frac{\mu}{L}\right)^k (f(x_0) - f^*)",
          r"f(x_k) - f^* \leq \left(1 - \frac{\mu}{L}\right)^{-k} (f(x_0) - f^*)"]
TIGHTER = r"f(x_k) - f^* \leq \left(1 - \frac{\mu}{L}\right)^{2k} (f(x_0) - f^*)"


def test_a_bound_loosened_where_the_premises_hold_is_true():
    mod = mutation_script()
    claim = get_catalog()[PL]
    assert r"\mu \leq L" in claim.assume and r"f(x_0) \geq f^*" in claim.assume
    for latex in LOOSER:
        assert mod.implied(claim, latex), latex
    assert not mod.implied(claim, TIGHTER)


def test_without_the_premises_the_same_bound_is_not_shown_true():
    mod = mutation_script()
    bare = replace(get_catalog()[PL], assume=[r"\eta = \frac{1}{L}"])
    for latex in LOOSER:
        assert not mod.implied(bare, latex), latex


def test_a_power_of_a_base_in_0_1_falls_as_its_exponent_grows():
    # (1 - eta mu)^{-t} >= (1 - eta mu)^t needs eta mu <= 1: eta <= 1/L and mu <= L
    mod = mutation_script()
    claim = get_catalog()["gd.rate_strongly_convex"]
    assert mod.implied(claim, r"\|x_t - x^*\|^2 \leq (1 - \eta\mu)^{-t} \|x_0 - x^*\|^2")
    assert not mod.implied(claim, r"\|x_t - x^*\|^2 \leq (1 - \eta\mu)^{2t} \|x_0 - x^*\|^2")
    bare = replace(claim, assume=[r"\eta \leq \frac{1}{L}"])
    assert not mod.implied(bare, r"\|x_t - x^*\|^2 \leq (1 - \eta\mu)^{-t} \|x_0 - x^*\|^2")
