"""Claims red-team sheets kept stating and no claim stated (issue 8's recall): RL estimators
(GAE, the lambda-return's weights, a constant reward's return, the Bellman matrix form, PPO's
ratio and clipped surrogate), information (the chain rule of MI, conditional MI, information
gain), decision-tree impurities, F-beta, co-coercivity, Newton's update, the Kalman filter
and temperature softmax.

Each sheet below is our own, mostly in letters the claims do not use (u, v, w for X, Y, Z; q_c
for p_k; tau for T; w_k for x_t; rho_t for r_t ...): the right form of each formula must be
audited ok by its claim, the planted typo wrong by the same claim.  Without the claim (or its
check) the typo is not caught.  (A typo in letters that are nearly all renamed, GAE in B, s, j
or the Kalman update in Sigma, C, G, is left unchecked by the audit's renaming gate: "most
symbols would have to be renamed"; those sheets use fewer new letters.)
"""
from __future__ import annotations

import pytest

from audit_helpers import audit_text

# (words, right form, typo, claim)
RL = [
    ("GAE with discount $\\gamma$ and trace decay $\\lambda$",
     r"\hat{A}_t = \sum_{k=0}^{\infty} (\gamma\lambda)^k \delta_{t+k}",
     r"\hat{A}_t = \sum_{k=0}^{\infty} \gamma^k \lambda\, \delta_{t+k}", "gae.sum"),
    ("The lambda-return's weights sum to one",
     r"(1 - \lambda)\sum_{m=1}^{\infty} \lambda^{m-1} = 1",
     r"(1 - \lambda)\sum_{m=1}^{\infty} \lambda^{m} = 1", "lambda_return.weights"),
    ("Return of a constant reward $c$ forever",
     r"G_t = \frac{c}{1 - \gamma}", r"G_t = \frac{c}{1 + \gamma}", "return.constant_reward"),
    ("Bellman equation in matrix form",
     r"v_\pi = (I - \gamma P_\pi)^{-1} r_\pi", r"v_\pi = (I + \gamma P_\pi)^{-1} r_\pi",
     "bellman.matrix_solution"),
    ("PPO clipped surrogate of one sample",
     r"L_t = \min\left(\rho_t \hat{A}_t,\ \mathrm{clip}(\rho_t, 1 - \varepsilon, 1 + \varepsilon)\,\hat{A}_t\right)",
     r"L_t = \max\left(\rho_t \hat{A}_t,\ \mathrm{clip}(\rho_t, 1 - \varepsilon, 1 + \varepsilon)\,\hat{A}_t\right)",
     "ppo.clipped_surrogate"),
    ("PPO probability ratio",
     r"r_t(\theta) = \frac{\pi_{\theta}(a_t \mid s_t)}{\pi_{\theta_{old}}(a_t \mid s_t)}",
     r"r_t(\theta) = \frac{\pi_{\theta_{old}}(a_t \mid s_t)}{\pi_{\theta}(a_t \mid s_t)}", "ppo.ratio"),
]
INFO = [
    ("Chain rule for mutual information",
     r"I(U; V, W) = I(U; V) + I(U; W \mid V)", r"I(U; V, W) = I(U; V) + I(U; W)",
     "mi.chain_rule"),
    ("Conditional mutual information",
     r"I(U; V \mid W) = H(U \mid W) - H(U \mid V, W)",
     r"I(U; V \mid W) = H(U \mid W) + H(U \mid V, W)", "mi.conditional_entropies"),
    ("Gini impurity of a node with class proportions $q_c$",
     r"\mathrm{Gini} = 1 - \sum_{c=1}^{C} q_c^2", r"\mathrm{Gini} = 1 - \sum_{c=1}^{C} q_c",
     "tree.gini_words"),
    ("Gini of a node, class shares $f_j$",
     r"G = \sum_{j=1}^{J} f_j (1 - f_j)", r"G = \sum_{j=1}^{J} f_j (1 - f_j)^2", "tree.gini_pairs"),
    ("Information gain of splitting on $A$",
     r"\mathrm{IG}(Y, A) = H(Y) - H(Y \mid A)", r"\mathrm{IG}(Y, A) = H(Y) + H(Y \mid A)",
     "information_gain.mutual_information"),
    ("F-beta score from precision $P$ and recall $R$",
     r"F_\beta = \frac{(1 + \beta^2)\, P \cdot R}{\beta^2\, P + R}",
     r"F_\beta = \frac{(1 + \beta^2)\, P \cdot R}{P + \beta^2\, R}", "metrics.fbeta"),
]
OPTIM = [
    ("Co-coercivity of an $L$-smooth convex $g$",
     r"(\nabla g(u) - \nabla g(v))^\top (u - v) \ge \frac{1}{L}\|\nabla g(u) - \nabla g(v)\|_2^2",
     r"(\nabla g(u) - \nabla g(v))^\top (u - v) \ge L\|\nabla g(u) - \nabla g(v)\|_2^2",
     "smooth.cocoercivity"),
    ("Newton's method",
     r"w_{k+1} = w_k - \left[\nabla^2 g(w_k)\right]^{-1} \nabla g(w_k)",
     r"w_{k+1} = w_k + \left[\nabla^2 g(w_k)\right]^{-1} \nabla g(w_k)", "newton.update"),
    ("Kalman gain", r"K = P H^\top (H P H^\top + R)^{-1}", r"K = P H (H P H^\top + R)^{-1}",
     "kalman.gain_plain"),
    ("Kalman covariance update", r"P_{t|t} = (I - K_t H) P_{t|t-1}",
     r"P_{t|t} = (I + K_t H) P_{t|t-1}", "kalman.covariance_update"),
    ("Information form of the update", r"P_{t|t}^{-1} = P_{t|t-1}^{-1} + C^\top Q^{-1} C",
     r"P_{t|t}^{-1} = P_{t|t-1}^{-1} - C^\top Q^{-1} C", "kalman.information_covariance"),
    ("Softmax with temperature $\\tau$",
     r"\mathrm{softmax}(s/\tau)_k = \frac{\exp(s_k/\tau)}{\sum_{j} \exp(s_j/\tau)}",
     r"\mathrm{softmax}(s/\tau)_k = \frac{\exp(s_k \tau)}{\sum_{j} \exp(s_j \tau)}",
     "softmax.temperature"),
]


def _sheet(cases, typo_at: int | None) -> str:
    """One section per case (the words, then the formula), the typo planted in one of them."""
    parts = ["# Notes"]
    for k, (words, right, typo, _) in enumerate(cases):
        parts.append(f"## Item {k + 1}\n\n{words}:\n\n$${typo if k == typo_at else right}$$")
    return "\n\n".join(parts) + "\n"


def _by_formula(findings, cases):
    """The finding of each case's formula (the display formula of its section)."""
    got = {}
    for f in findings:
        for k, (_, right, typo, _) in enumerate(cases):
            if f.latex.strip() in (right, typo):
                got[k] = f
    return got


@pytest.mark.parametrize("cases", [RL, INFO, OPTIM], ids=["rl", "info", "optim"])
def test_right_forms_are_ok_by_their_claims(cases):
    got = _by_formula(audit_text(_sheet(cases, None)), cases)
    for k, (_, right, _, claim) in enumerate(cases):
        assert k in got, right
        assert (got[k].verdict, got[k].claim) == ("ok", claim), (right, got[k].reason)


@pytest.mark.parametrize("cases,k", [(c, k) for c in (RL, INFO, OPTIM) for k in range(len(c))])
def test_each_planted_typo_is_wrong_by_its_claim(cases, k):
    got = _by_formula(audit_text(_sheet(cases, k)), cases)
    _, _, typo, claim = cases[k]
    assert (got[k].verdict, got[k].claim) == ("wrong", claim), (typo, got[k].reason)
    for j, (_, right, _, other) in enumerate(cases):  # the sheet's right forms stay ok
        if j != k:
            assert got[j].verdict == "ok", (right, got[j].reason)

