"""Claims for topics red team 16's unseen sheets brought (survival analysis, the exact
line-search step on a quadratic, the effective sample size of importance weights,
Ornstein-Uhlenbeck moments, geometric Brownian motion): what the checks compute on cases known
by hand, slips refuted, and the audit reading a sheet in letters of our own (shape m and scale
c, weights v_j, a mean-reversion rate a and noise q, a step eta with residual r and matrix A):
right forms ok, planted slips wrong.  Before these claims every line below was unchecked."""
from __future__ import annotations

import numpy as np
import pytest

from audit_helpers import audit_text
from mutants import decide_mutant


def test_bare_relations_among_function_letters_are_not_called_right_as_survival():
    """p(x) = e^{-E(x)}, r(x) = q(x)/p(x) and -d/dy ln Z(y) are no hazard identities: with
    no claim stating S = e^{-H}, h = f/S or h = -d ln S/dt in bare function letters, and the
    survival checks installing only the functions their claim names, none is called ok as one."""
    text = ("## Energy models\n\nUnnormalised: $p(x) = e^{-E(x)}$.\n\nRatio $r(x) = q(x)/p(x)$.\n\n"
            "$\\ell(y) = -\\frac{d}{dy}\\ln Z(y)$\n\n$F(x) = \\int_0^x g(u)\\,du$\n")
    for f in audit_text(text):
        assert not (f.claim or "").startswith(("survival.", "weibull.", "gompertz.")), \
            (f.latex, f.verdict, f.claim)


def test_the_survival_function_is_integrated_from_the_density():
    from cheatsheet.verify.checks.survival import _Law, weibull_density

    law = _Law(weibull_density, {"k": np.array([1.0, 2.0]), "lam": np.array([2.0, 1.0])}, "Weibull")
    t = np.array([1.0, 0.5])
    assert np.allclose(law.S(t), np.exp(-(t / law.params["lam"]) ** law.params["k"]), rtol=1e-9)
    assert np.allclose(law.h(t), [0.5, 2 * 0.5], rtol=1e-6)  # 1/lambda; k t^(k-1) / lambda^k


def test_the_exact_step_is_found_by_search():
    from cheatsheet.verify.checks.line_search import exact_step

    Q = np.array([[[2.0, 0.0], [0.0, 4.0]]])
    g = np.array([[[1.0], [1.0]]])
    assert exact_step(Q, g, -g)[0] == pytest.approx(2 / 6, rel=1e-10)


def test_the_ou_moments_solve_their_equations():
    from cheatsheet.verify.checks.stochastic import ou_moments

    m, v = ou_moments(np.array([1.0]), np.array([0.0]), np.array([2.0]), np.array([3.0]),
                      np.array([50.0]))
    assert m[0] == pytest.approx(0.0, abs=1e-12) and v[0] == pytest.approx(2.0, rel=1e-9)


@pytest.mark.parametrize("claim_id,latex,holds", [
    ("weibull.hazard", r"h(t) = \frac{k}{\lambda}\left(\frac{t}{\lambda}\right)^{k}", False),
    ("weibull.survival", r"S(t) = \exp\left(-(t/\lambda)^{k}\right)", True),
    # the CDF, computed as 1 - S from the density: its closed form, the survival function
    # without 1 -, and mutants with the exponent or the scale slipped
    ("weibull.cdf", r"F(t) = 1 - e^{-(t/\lambda)^{k}}", True),
    ("weibull.cdf", r"F(t) = e^{-(t/\lambda)^{k}}", False),
    ("weibull.cdf", r"F(t) = 1 - e^{-(t/\lambda)^{k+1}}", False),
    ("weibull.cdf", r"F(t) = 1 - e^{-(\lambda t)^{k}}", False),
    ("survival.density-from-hazard", r"f(t) = h(t)\exp\left(\int_0^t h(u)\,du\right)", False),
    ("survival.mean", r"\mathbb{E}[T] = \int_0^\infty S(u)\,du", True),
    ("gompertz.cumulative-hazard", r"H(t) = \frac{b}{a}\left(e^{bt} - 1\right)", False),
    ("is.effective-sample-size", r"\mathrm{ESS} = \frac{\sum_{i=1}^{n} w_i^2}{\left(\sum_{i=1}^{n} w_i\right)^2}", False),
    ("ou.variance", r"\operatorname{Var}(X_t) = \frac{\sigma^2}{\theta}\left(1 - e^{-2\theta t}\right)", False),
    ("gbm.solution", r"S_t = S_0 e^{(\mu - \sigma^2/2)t + \sigma W_t}", True),
    ("gbm.solution", r"S_t = S_0 e^{(\mu + \sigma^2/2)t + \sigma W_t}", False),
    ("linesearch.exact-step", r"\alpha = \frac{g^\top d}{d^\top Q d}", False),
])
def test_the_checks_decide_right_forms_and_slips(claim_id, latex, holds):
    ev = decide_mutant(claim_id, latex)
    assert (ev.verdict in ("passed", "proved")) == holds, (ev.verdict, ev.detail)


SHEET = """# Reliability and stochastic notes

## Lifetimes

Component lifetime $T$ with density $f$, survival $S$.

- Weibull lifetime, shape $m$, scale $c$: hazard $h(x) = @hazard@$
- cumulative hazard of that Weibull: $H(x) = @cumulative@$

## Reweighting

Weights $v_1, \\dots, v_N$ of the draws: effective sample size $\\mathrm{ESS} = @ess@$

## Mean reversion

Ornstein-Uhlenbeck $dY_t = -a Y_t\\,dt + q\\,dB_t$, $Y_0 = y_0$: $\\operatorname{Var}(Y_t) = @ouvar@$

## Line search

On $\\frac12 \\mathbf{u}^\\top A \\mathbf{u} - \\mathbf{c}^\\top\\mathbf{u}$ with residual gradient $\\mathbf{r}$, the exact steepest-descent step is $\\eta = @step@$
"""

RIGHT = dict(
    hazard=r"\frac{m}{c}\left(\frac{x}{c}\right)^{m-1}",
    cumulative=r"\left(\frac{x}{c}\right)^{m}",
    ess=r"\frac{\left(\sum_{j=1}^{N} v_j\right)^2}{\sum_{j=1}^{N} v_j^2}",
    ouvar=r"\frac{q^2}{2a}\left(1 - e^{-2at}\right)",
    step=r"\frac{\mathbf{r}^\top\mathbf{r}}{\mathbf{r}^\top A\,\mathbf{r}}",
)
SLIPS = dict(
    hazard=r"\frac{m}{c}\left(\frac{x}{c}\right)^{m}",
    cumulative=r"\left(\frac{x}{c}\right)^{m-1}",
    ess=r"\frac{\sum_{j=1}^{N} v_j^2}{\left(\sum_{j=1}^{N} v_j\right)^2}",
    ouvar=r"\frac{q^2}{a}\left(1 - e^{-2at}\right)",
    step=r"\frac{\mathbf{r}^\top A\,\mathbf{r}}{\mathbf{r}^\top\mathbf{r}}",
)
LEFT = dict(hazard="h(x) = ", cumulative="H(x) = ", ess=r"\mathrm{ESS} = ",
            ouvar=r"\operatorname{Var}(Y_t) = ", step=r"\eta = ")


def _sheet(forms):
    text = SHEET
    for key, rhs in forms.items():
        text = text.replace(f"@{key}@", rhs)
    return text


# The Weibull hazard's slip with the letters renamed (m, c, x for k, lambda, t) is still
# unchecked: the match is not sure (red team 16's sheet in the claim's letters is caught).
SLIP_VERDICTS = dict(hazard="unchecked", cumulative="wrong", ess="wrong", ouvar="wrong",
                     step="wrong")


@pytest.mark.parametrize("forms,verdicts", [
    (RIGHT, dict.fromkeys(RIGHT, "ok")), (SLIPS, SLIP_VERDICTS)])
def test_a_sheet_in_letters_of_our_own_is_decided(forms, verdicts):
    findings = audit_text(_sheet(forms))
    for key, rhs in forms.items():
        (f,) = [f for f in findings if f.latex == LEFT[key] + rhs]
        assert f.verdict == verdicts[key], (key, f.verdict, f.reason)


# -- a Gaussian in precision form and the triangle count, in letters of our own ---------------

PRECISION_RIGHT = [
    r"p(\mathbf{y}_u \mid \mathbf{y}_v) = \mathcal{N}\left(\mathbf{m}_u - K_{uu}^{-1}K_{uv}(\mathbf{y}_v - \mathbf{m}_v),\ K_{uu}^{-1}\right)",
    r"C_{uu} = \left(K_{uu} - K_{uv}K_{vv}^{-1}K_{vu}\right)^{-1}",
    r"N_{\triangle} = \frac{1}{6}\operatorname{tr}(B^3)",
]
PRECISION_SLIPS = [
    r"p(\mathbf{y}_u \mid \mathbf{y}_v) = \mathcal{N}\left(\mathbf{m}_u + K_{uu}^{-1}K_{uv}(\mathbf{y}_v - \mathbf{m}_v),\ K_{uu}^{-1}\right)",
    r"C_{uu} = \left(K_{uu} + K_{uv}K_{vv}^{-1}K_{vu}\right)^{-1}",
    r"N_{\triangle} = \frac{1}{3}\operatorname{tr}(B^3)",
]


def _precision_sheet(forms):
    return ("# Notes\n\n## Gaussian in precision form\n\nPrecision matrix $K$ with blocks "
            "$K_{uu}, K_{uv}, K_{vu}, K_{vv}$.\n\n- conditional: $" + forms[0] + "$\n"
            "- marginal covariance: $" + forms[1] + "$\n\n## Graphs\n\nAdjacency matrix $B$ "
            "of a simple undirected graph; number of triangles: $" + forms[2] + "$\n")


# the triangle count's slip with the matrix renamed stays unchecked (the match is not sure)
@pytest.mark.parametrize("forms,verdicts", [
    (PRECISION_RIGHT, ["ok", "ok", "ok"]), (PRECISION_SLIPS, ["wrong", "wrong", "unchecked"])])
def test_precision_blocks_and_triangles_in_letters_of_our_own(forms, verdicts):
    findings = audit_text(_precision_sheet(forms))
    for latex, verdict in zip(forms, verdicts):
        (f,) = [f for f in findings if f.latex == latex]
        assert f.verdict == verdict, (latex, f.verdict, f.reason)


COX = r"\frac{\lambda(s \mid \mathbf{z}_1)}{\lambda(s \mid \mathbf{z}_2)} = \exp\left(\boldsymbol{\gamma}^\top(\mathbf{z}_1 {op} \mathbf{z}_2)\right)"


@pytest.mark.parametrize("op,verdict", [("-", "ok"), ("+", "wrong")])
def test_a_cox_hazard_ratio_in_letters_of_our_own(op, verdict):
    latex = COX.replace("{op}", op)
    text = ("## Proportional hazards\n\nHazard $\\lambda(s \\mid \\mathbf{z})$ of a subject with "
            "covariates $\\mathbf{z}$, coefficients $\\boldsymbol{\\gamma}$; the hazard ratio is\n\n$$"
            + latex + "$$\n")
    (f,) = [f for f in audit_text(text) if f.latex == latex]
    assert f.verdict == verdict, (f.verdict, f.reason)
