"""Gaussian-process prediction at a test input and the stationary AR(1) process: what the checks
compute on cases known by hand, slips refuted, and the audit reading sheets in letters of our
own (sigma_epsilon for the GP noise, a for the AR coefficient, e_t and s for the white noise, k for the
lag): right forms ok, planted slips wrong.  Red team 15's unseen GP and time-series sheets
had no claim for these formulas."""
from __future__ import annotations

import numpy as np
import pytest

from audit_helpers import audit_text
from mutants import decide_mutant


def _finding(text: str, latex: str):
    (f,) = [f for f in audit_text(text) if f.latex == latex]
    return f


# -- what the checks compute, on cases known by hand ---------------------------------------

def test_the_ar1_autocovariance_is_summed_from_the_causal_form():
    from cheatsheet.verify.checks.time_series import _Lagged
    from cheatsheet.verify.evaluate import Val

    g = _Lagged(np.array([0.5, -0.5]), np.array([1.0, 4.0]), "the autocovariance")
    # sigma^2 / (1 - phi^2) = 4/3 and 16/3 at lag 0; phi^2 times that at lag 2 (and lag -2)
    assert np.allclose(g(Val(np.array([0.0, 0.0]))).arr, [4 / 3, 16 / 3])
    assert np.allclose(g(Val(np.array([2.0, -2.0]))).arr, [1 / 3, 4 / 3])
    assert np.isnan(g(Val(np.array([0.5, 1.0]))).arr[0])  # no lag 0.5


def test_the_gp_kernel_is_a_squared_exponential():
    from cheatsheet.verify.checks.gp_prediction import _Kernel

    k = _Kernel(np.array([2.0]), np.array([1.0]))
    a, b = np.array([[0.0, 0.0]]), np.array([[1.0, 1.0]])
    assert k.of(a, a)[0] == pytest.approx(2.0)
    assert k.of(a, b)[0] == pytest.approx(2.0 * np.exp(-1.0))


@pytest.mark.parametrize("claim_id,latex,holds", [
    ("gp.predictive_mean", r"\bar{f}_* = \mathbf{k}_*^\top (K + \sigma^2 I)^{-1} \mathbf{y}", True),
    # the book's sigma_n is the same noise
    ("gp.predictive_mean", r"\bar{f}_* = \mathbf{k}_*^\top (K + \sigma_n^2 I)^{-1} \mathbf{y}", True),
    ("gp.predictive_mean", r"\bar{f}_* = \mathbf{k}_*^\top K^{-1} \mathbf{y}", False),
    ("gp.predictive_variance", r"\mathbb{V}[f_*] = k(\mathbf{x}_*, \mathbf{x}_*) - "
     r"\mathbf{k}_*^\top (K + \sigma_n^2 I)^{-1} \mathbf{k}_*", True),
    # the variance of the noisy target is not that of f_*
    ("gp.predictive_variance_noisy", r"\mathbb{V}[y_*] = k(\mathbf{x}_*, \mathbf{x}_*) - "
     r"\mathbf{k}_*^\top (K + \sigma^2 I)^{-1} \mathbf{k}_*", False),
    ("ar1.variance", r"\operatorname{Var}(x_t) = \frac{\sigma_w^2}{1 - \phi^2}", True),
    ("ar1.variance", r"\operatorname{Var}(x_t) = \frac{\sigma^2}{1 - \phi}", False),
    ("ar1.autocovariance", r"\gamma(h) = \frac{\sigma^2 \phi^{|h|}}{1 - \phi^2}", True),
    ("ar1.autocorrelation", r"\rho(h) = \phi^{h+1}", False),
    ("ar1.mean", r"\mathbb{E}[x_t] = \frac{c}{1 + \phi}", False),
])
def test_the_checks_decide_right_forms_and_slips(claim_id, latex, holds):
    ev = decide_mutant(claim_id, latex)
    assert (ev.verdict in ("passed", "proved")) == holds, (ev.verdict, ev.detail)


# -- the audit, in letters of our own -------------------------------------------------------

GP = ("# Kriging notes\n\n## Gaussian process prediction\n\n"
      "Gram matrix $K$, kernel column $\\mathbf{k}_*$ of the test point $\\mathbf{x}_*$, "
      "noise variance $\\sigma_\\epsilon^2$.\n\n"
      "- predictive mean: ${mean}$\n- predictive variance: ${var}$\n")
MEAN = r"\bar{f}_* = \mathbf{k}_*^\top (K + \sigma_\epsilon^2 I)^{-1} \mathbf{y}"
VAR = r"\mathbb{V}[f_*] = k(\mathbf{x}_*, \mathbf{x}_*) - \mathbf{k}_*^\top (K + \sigma_\epsilon^2 I)^{-1} \mathbf{k}_*"
VAR_SLIP = r"\mathbb{V}[f_*] = k(\mathbf{x}_*, \mathbf{x}_*) + \mathbf{k}_*^\top (K + \sigma_\epsilon^2 I)^{-1} \mathbf{k}_*"


def test_a_gp_sheet_in_other_letters_is_read_and_decided():
    text = GP.replace("{mean}", MEAN).replace("{var}", VAR)
    assert _finding(text, MEAN).verdict == "ok"
    assert (_finding(text, VAR).verdict, _finding(text, VAR).claim) == \
        ("ok", "gp.predictive_variance")


def test_a_gp_variance_with_the_sign_flipped_is_wrong():
    f = _finding(GP.replace("{mean}", MEAN).replace("{var}", VAR_SLIP), VAR_SLIP)
    assert (f.verdict, f.claim) == ("wrong", "gp.predictive_variance"), f.reason


AR = ("# Autoregressions\n\nWhite noise $e_t$ of variance $s^2$, coefficient $a$ with "
      "$|a| < 1$: $y_t = a y_{{t-1}} + e_t$.\n\n## AR(1) moments\n\n"
      "- variance: ${var}$\n- autocorrelation at lag $k$: ${acf}$\n")


@pytest.mark.parametrize("var,acf,verdicts", [
    (r"\operatorname{Var}(y_t) = \frac{s^2}{1 - a^2}", r"\rho(k) = a^{k}", ("ok", "ok")),
    (r"\operatorname{Var}(y_t) = \frac{s^2}{1 - a}", r"\rho(k) = a^{2k}", ("wrong", "wrong")),
])
def test_an_ar1_sheet_in_other_letters_is_decided(var, acf, verdicts):
    text = AR.format(var=var, acf=acf)
    assert (_finding(text, var).verdict, _finding(text, acf).verdict) == verdicts
