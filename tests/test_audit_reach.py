"""Which claims a decision of a reading can name, told before deciding it (verify/audit/reach.py).

A conditional normal law is read moment by moment as each claim stating that moment, and a
reading counts only when its decision names such a claim; readings no such claim can be
found for are not decided at all. The finding must be the one deciding every reading gives,
with fewer decisions. Letters and wording are our own.
"""
from __future__ import annotations

import pytest

from audit_helpers import audit_text, catalog, matcher
from cheatsheet.match.tokens import tokenize
from cheatsheet.verify.audit import reach
from cheatsheet.verify.audit.decide import Decider

LAWS = [
    # a mean written with the precision where its inverse belongs: wrong
    r"""# Bayesian regression of targets u on the rows of H

Prior $\gamma \sim \mathcal{N}(0, Q)$, noise variance $\rho^2$.

$A^{-1} = Q^{-1} + \frac{1}{\rho^2} H H^\top$

$\gamma \mid H, u \sim \mathcal{N}(A^{-1} \frac{1}{\rho^2} H u, A)$
""",
    # a kernel machine's predictive law with both moments right: ok
    r"""# Kernel regression

$h_* \mid B, w, z_* \sim \mathcal{N}(q_*^\top (Q + \eta^2 I)^{-1} w, q(z_*, z_*) - q_*^\top (Q + \eta^2 I)^{-1} q_*)$
""",
    # a likelihood: no moment claim reads it
    r"""# Noise model

$p(d \mid V, \omega) = \mathcal{N}(V^\top \omega, \eta^2 I)$
""",
]


def _decided(text: str, monkeypatch, tell: bool, counted: str = "_law_moments",
             of: str = "_decide"):
    """(the sheet's findings, how many calls of the decider's ``of`` were made inside its
    ``counted``): readings out of reach skipped (``tell``) or all decided."""
    calls = []
    outer = getattr(Decider, counted)

    def counting(self, *args, **kw):
        inner = getattr(self, of)

        def count(*a, **k):
            calls.append(a[3])
            return inner(*a, **k)

        setattr(self, of, count)
        try:
            return outer(self, *args, **kw)
        finally:
            delattr(self, of)

    monkeypatch.setattr(Decider, counted, counting)
    if not tell:
        monkeypatch.setattr(reach, "within_reach", lambda *a, **k: None)
    found = audit_text(text)
    monkeypatch.undo()
    return found, len(calls)


def _same(a: list, b: list) -> bool:
    return [(f.verdict, f.claim, f.reason, f.expected) for f in a] == [
        (f.verdict, f.claim, f.reason, f.expected) for f in b]


@pytest.mark.parametrize("text", LAWS)
def test_readings_out_of_reach_are_skipped_with_the_same_finding(text, monkeypatch):
    every, all_calls = _decided(text, monkeypatch, tell=False)
    told, told_calls = _decided(text, monkeypatch, tell=True)
    assert _same(told, every)
    assert told_calls <= all_calls
    if text is not LAWS[1]:  # (the kernel machine's long moments resemble every claim's)
        assert told_calls < all_calls


def test_the_laws_keep_their_verdicts(monkeypatch):
    verdicts = [_decided(t, monkeypatch, tell=True)[0][-1].verdict for t in LAWS]
    assert verdicts == ["wrong", "ok", "unchecked"]


# a law's parameter read as its inverse counts only as a claim stated in one
# parametrisation (a rate or a scale): readings no such claim can name are not decided
INVERTED = [  # (sheet, verdict where it matters, are some readings out of reach)
    ("## Weibull law, shape m\n\nCDF: $H(s) = 1 - e^{-(\\kappa s)^m}$\n", "ok", False),
    ("## Exponential law\n\nDensity: $h(s) = \\frac{1}{\\theta} e^{-s/\\theta}$\n", None, False),
    ("## Normal law\n\nClass conditional: $q(u \\mid c) = \\mathcal{N}(u; m_c, I_k)$\n", None,
     True),
    ("## Gaussian noise\n\nTargets: $t_n = \\beta^\\top z_n + \\epsilon_n$, "
     "$\\epsilon_n \\sim \\mathcal{N}(0, \\tau^2)$\n", None, True),
    ("## Gaussian law\n\nSmoothing: $(G u)_a = \\sum_{b=1}^B g_{ab} (u_a - u_b)$\n", None, True),
    ("## Poisson law, mean $\\nu$\n\n$P(N = j) = \\frac{\\nu^{j+1} e^{-\\nu}}{j!}$\n", "wrong",
     False),
]


@pytest.mark.parametrize("text, verdict, fewer", INVERTED)
def test_inverse_readings_out_of_reach_are_skipped_with_the_same_finding(text, verdict, fewer,
                                                                          monkeypatch):
    text = "# Laws\n\n" + text
    every, all_calls = _decided(text, monkeypatch, False, "_rewritten", "_inverted_decide")
    told, told_calls = _decided(text, monkeypatch, True, "_rewritten", "_inverted_decide")
    assert _same(told, every)
    assert told_calls <= all_calls
    if fewer:
        assert told_calls < all_calls
    if verdict is not None:
        assert told[-1].verdict == verdict, told[-1].reason


@pytest.mark.parametrize("latex", [
    r"\mu_{\gamma} = A^{-1} H u",
    r"\bar{r}_\circ = q_\circ^\top (Q + \eta^2 I)^{-1} d",
    r"\Sigma_{\gamma} = (Q^{-1} + H H^\top)^{-1}",
    r"b = \frac{1}{m} \sum_i (z_i - \bar z)^2",
])
@pytest.mark.parametrize("words", ["", "posterior mean of the weights", "predictive variance",
                                   "unbiased estimate of the spread"])
def test_no_look_up_gives_a_claim_out_of_reach(latex, words):
    toks = tokenize(latex)
    within = matcher().reachable(toks)
    for limit in (1, 4, 50):
        for keep in (None, lambda i: "posterior" in catalog()[i].title.lower()):
            found = matcher().candidates(latex, words, limit=limit, toks=toks, keep=keep)
            assert {c.claim_id for c in found} <= within
