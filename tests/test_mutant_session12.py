"""Issue 13 (part 2), session 12: mutants recorded so that they stay refuted.

The function families carry a constant of either sign (verify/functions.py), and
analysis.convex_any_level draws its levels in (-8, 2): the mutant of convex.max with the larger
weight 1 + lambda on the second point, false only where max(f(y), g(y)) is negative enough, is
refuted on every stream tried (with levels in (-6, 3) and the constant it passed on one of 40)."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.verify.check import check_version
from mutants import decide_mutant

CAT = get_catalog()


def _convex_max_heavier_second_weight() -> str:
    c = CAT["convex.max"].latex
    i = c.rfind(r"1 - \lambda")
    return c[:i] + r"1 + \lambda" + c[i + len(r"1 - \lambda"):]


@pytest.mark.parametrize("stream", range(8))
def test_max_of_convex_functions_with_weight_1_plus_lambda_is_refuted(stream):
    claim = CAT["convex.max"]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        ev = check_version(claim, _convex_max_heavier_second_weight(), claim.declarations,
                           claim.layout, list(claim.assume), seed=0,
                           key=("mutant",) + ((stream,) if stream else ()),
                           symbolic_first=False, thorough=False)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


def test_max_of_convex_functions_itself_still_holds():
    ev = decide_mutant("convex.max", CAT["convex.max"].latex)
    assert ev.verdict in ("passed", "proved"), (ev.verdict, ev.detail)


# -- limits that diverge (verify/limits.py: _diverging; numeric.compare: Val.exact_inf) --------
# A limit whose body grows without bound is +-inf, a value compared as such; one that neither
# settles nor grows steadily (log n, ratio 1.1 per half decade; sides of opposite sign) still has
# no value.  An overflow elsewhere (a side that is not a limit) still decides nothing.
LIMITS = [
    (r"\lim_{n \to \infty} \left(1 + \frac{n}{x}\right)^n = e^x", "refuted"),
    (r"\lim_{n \to \infty} \left(1 + \frac{x}{n}\right)^n = e^x", "passed"),
    (r"\lim_{n \to \infty} n^2 = \infty", "passed"),
    (r"\lim_{n \to \infty} n^2 = -\infty", "refuted"),
    (r"\lim_{n \to \infty} n e^{x} = 5", "refuted"),
    (r"\lim_{y \to 0^+} \frac{1}{y} = \infty", "passed"),
    (r"\lim_{y \to 0} \frac{1}{y^2} = \infty", "passed"),
    (r"\lim_{y \to 0} \frac{1}{y^2} = 7", "refuted"),
    (r"\lim_{n \to \infty} \frac{n}{1 + n} = 1", "passed"),
]


@pytest.mark.parametrize("latex,verdict", LIMITS, ids=[v + str(k) for k, (_, v) in enumerate(LIMITS)])
def test_a_limit_that_diverges_is_infinite(latex, verdict):
    ev = decide_mutant("exp.limit", latex)  # a claim without a check of its own
    assert ev.verdict == verdict, (ev.verdict, ev.detail)
    if verdict == "refuted":
        assert ev.counterexample


@pytest.mark.parametrize("latex", [r"\lim_{n \to \infty} \log n = \infty",
                                   r"\lim_{y \to 0} \frac{1}{y} = \infty"])
def test_a_limit_with_no_steady_growth_decides_nothing(latex):
    ev = decide_mutant("exp.limit", latex)
    assert ev.verdict not in ("refuted", "passed", "proved"), (ev.verdict, ev.detail)


# -- a free subscript label renamed (scripts/mutation/equivalence.free_label_renamed) ----------
# Var(W_ji) for Var(W_ij): i and j occur nowhere else, so the statement holds for every entry
# either way (the check passed it; SymPy saw two different names).  f_{i_t} for f_{i_k} in the
# signSGD step: k is free (the sheet's own label for the sampled component).  A label tied to the
# rest of the formula is no renaming: L_t for L_{t-1} beside alpha_t, theta_k for theta_t.
def _ms():
    from mutants import mutation_script
    return mutation_script()


@pytest.mark.parametrize("claim_id,latex", [
    ("init.he", r"\operatorname{Var}(W_{ji}) = \frac{2}{n_{in}}"),
    ("init.xavier", r"\operatorname{Var}(W_{ji}) = \frac{2}{n_{in} + n_{out}}"),
    ("signsgd.update", r"\theta_{t+1} = \theta_t - \eta \, \text{sign}(\nabla f_{i_{t}}(\theta_t))"),
])
def test_a_free_label_renamed_is_equivalent(claim_id, latex):
    assert _ms().equivalent(CAT[claim_id], latex) == "renamed"


@pytest.mark.parametrize("claim_id,latex", [
    ("ddpm.noise-loss-weight", r"L_{t} = \frac{(1 - \alpha_t)^2}{2\alpha_t(1 - \bar{\alpha}_t)"
                               r"\sigma_t^2} \|\epsilon_0 - \epsilon_\theta(x_t, t)\|^2"),
    ("signsgd.update", r"\theta_{t+1} = \theta_k - \eta \, \text{sign}(\nabla f_{i_k}(\theta_t))"),
    ("perceptron.norm_growth", r"\|w_{t-1}\| \leq R\sqrt{t}"),
    ("init.he", r"\operatorname{Var}(W_{ij}) = \frac{2}{n_{out}}"),
])
def test_a_tied_label_or_another_name_is_no_renaming(claim_id, latex):
    assert _ms().equivalent(CAT[claim_id], latex) is None


# -- the DDPM loss term at every step the formula names (verify/checks/diffusion.py) ----------
# L_{t-1} was the only loss term with a value, so L_t = ... and L_{t+1} = ... had none ('error');
# each L_{t+k} is now the term of step t + k + 1, taken at that step's chain member.  A formula
# naming sigma_{t-1} draws t >= 3, so sigma_{t-1} is never the exact posterior's 0 (on a stream
# where every batch had t = 2 the mutant had no instance at all).
_DDPM_RHS = (r"\frac{(1 - \alpha_t)^2}{2\alpha_t(1 - \bar{\alpha}_t)\sigma_t^2} "
             r"\|\epsilon_0 - \epsilon_\theta(x_t, t)\|^2")


@pytest.mark.parametrize("latex", ["L_{t} = " + _DDPM_RHS, "L_{t+1} = " + _DDPM_RHS,
                                   "L_{t-2} = " + _DDPM_RHS,
                                   "L_{t-1} = " + _DDPM_RHS.replace(r"\sigma_t^2", r"\sigma_{t-1}^2")])
@pytest.mark.parametrize("stream", range(3))
def test_a_loss_term_of_another_step_is_refuted(latex, stream):
    claim = CAT["ddpm.noise-loss-weight"]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        ev = check_version(claim, latex, claim.declarations, claim.layout, list(claim.assume),
                           seed=0, key=("mutant", stream), symbolic_first=False, thorough=False)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


def test_the_loss_term_itself_still_holds():
    ev = decide_mutant("ddpm.noise-loss-weight", CAT["ddpm.noise-loss-weight"].latex)
    assert ev.verdict in ("passed", "proved"), (ev.verdict, ev.detail)


# -- a Gram form of a kernel taken at one point (scripts/mutation/truth._square_of_sum) ---------
# sum_i sum_j c_i c_j exp(-|x_j - x_j|^2 / 2s^2) is (sum_i c_i)^2 >= 0: true whatever the check
# does (the index-swap mutants of kernel.gaussian_psd); a form that is not a square is not.
_GRAM = r"\sum_{i=1}^N \sum_{j=1}^N c_i c_j \exp\left(-\frac{\|x_%s - x_%s\|^2}{2\sigma^2}\right) \geq 0"


@pytest.mark.parametrize("a,b,true", [("{j}", "j", True), ("i", "{i}", True), ("i", "j", False)])
def test_a_gram_form_of_one_point_is_a_square(a, b, true):
    assert _ms().nonnegative_sum(CAT["kernel.gaussian_psd"], _GRAM % (a, b)) is true


def test_a_product_of_two_different_sums_is_no_square():
    latex = (r"\sum_{i=1}^N \sum_{j=1}^N c_i c_j \exp\left(\frac{\|x_i\|^2}{2\sigma^2}\right) "
             r"\geq 0")
    assert _ms().nonnegative_sum(CAT["kernel.gaussian_psd"], latex) is False
