"""A variance written sigma_k^2 (a subscript before the square) is a variance, as sigma^2 is
(other_quantity._squared): the conventional-letter gate read sigma_t^2 as a bare sigma, a
standard deviation, and would not let the reverse-posterior variance of a diffusion model be
compared with the claim's. The claim ddpm.posterior-variance also declares the names its
check gives values to (alpha_t = 1 - beta_t of the schedule, sigma_t the posterior's standard
deviation), so a line written with them is no longer "a name the claim does not know"."""
from __future__ import annotations

from audit_helpers import audit_text

from cheatsheet.match.tokens import tokenize
from cheatsheet.verify.audit.other_quantity import _squared

# letters and words of our own: step k (not t), "keep rate", "reverse-step"
SHEET = ("# Denoising diffusion\n\n"
         "Per step $k$: keep rate $\\alpha_k = 1 - \\beta_k$, cumulative "
         "$\\bar{{\\alpha}}_k = \\prod_{{j \\le k}} \\alpha_j$.\n\n- {}\n")


def _variance_line(latex: str, words: str = "Reverse-step variance"):
    found = audit_text(SHEET.format(f"{words}: ${latex}$"))
    return next(f for f in found if f.latex == latex)


def test_squared_past_a_subscript():
    def squared(s):
        return _squared([t for t in tokenize(s) if t.norm or t.ident is not None
                         or t.raw in "{}"])
    assert squared("\\sigma_k^2") and squared("\\sigma_{k}^{2}") and squared("\\sigma^2_k")
    assert squared("\\sigma_{ij}^2") and squared("\\sigma^{2}")
    assert not squared("\\sigma_k") and not squared("\\sigma^3") and not squared("\\sigma_k^{2m}")


def test_the_variance_with_one_minus_alpha_for_one_minus_alpha_bar_is_wrong():
    f = _variance_line("\\sigma_{k}^{2} = \\frac{1 - \\alpha_k}{1 - \\bar{\\alpha}_k} \\beta_k")
    assert (f.verdict, f.claim) == ("wrong", "ddpm.posterior-variance"), f.reason


def test_the_right_variance_holds():
    f = _variance_line(
        "\\sigma_{k}^{2} = \\frac{1 - \\bar{\\alpha}_{k-1}}{1 - \\bar{\\alpha}_k} \\beta_k")
    assert f.verdict == "ok", f.reason


def test_a_standard_deviation_given_the_variance_is_not_called_a_typo():
    # sigma_k alone is a standard deviation: equal to the variance it is another quantity,
    # not surely the claim's typo
    f = _variance_line(
        "\\sigma_k = \\frac{1 - \\bar{\\alpha}_{k-1}}{1 - \\bar{\\alpha}_k} \\beta_k",
        "Reverse-step std")
    assert f.verdict != "wrong", f.reason


def test_the_other_choice_of_the_sampler_variance_is_not_wrong():
    # sigma_k^2 = beta_k is DDPM's other choice of the sampling variance, no typo
    f = _variance_line("\\sigma_k^2 = \\beta_k", "Sampler variance, simplest choice")
    assert f.verdict != "wrong", f.reason
