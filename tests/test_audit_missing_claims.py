"""Claims other sheets state that the catalog lacked (issue 8): inverted dropout as a layer,
attention weights as a row-wise softmax, the MGF of a sum of i.i.d. copies, the bias of the ML
variance and mutual information as a KL divergence.  Without them a slip in these formulas
was matched to unrelated claims (batch norm, a GCN layer, a scaled density) and left
unchecked.  Every sheet here is written in letters of its own."""
from __future__ import annotations

import numpy as np
import pytest

from audit_helpers import audit_text

SHEET = r"""# Notes

## Regularisation

- inverted dropout, keep rate $r$: $\tilde{\boldsymbol{a}} = <dropout>$

## Attention

- weights of query $i$: $\alpha_{ij} = \frac{\exp(s_{ij})}{\sum_{l=1}^{n} \exp(<score>)}$

## Moments

- sum of $m$ iid copies of $Z$: $M_{Z_1 + \dots + Z_m}(u) = <mgf>$
- ML variance: $\mathbb{E}\left[\frac{1}{m}\sum_{k=1}^m (Z_k - \bar{Z})^2\right] = <bias> s^2$

## Information

- as a divergence: $I(U; V) = \mathrm{KL}(<kl>)$
"""


def _sheet(forms: dict) -> str:
    text = SHEET
    for key, latex in forms.items():
        text = text.replace(f"<{key}>", latex)
    return text


# the dropout line keeps the mask's and the units' letters: a slip where the result, the mask and
# the rate are all renamed is not sure to be this claim (unchecked) unless a right line of the
# sheet confirms the renaming
RIGHT = {"dropout": r"\frac{\boldsymbol{m} \odot \boldsymbol{a}}{r}", "score": "s_{il}",
         "mgf": "M_Z(u)^m", "bias": r"\frac{m-1}{m}", "kl": r"p_{UV} \,\|\, p_U\, p_V"}
SLIPS = {"dropout": r"r\,(\boldsymbol{m} \odot \boldsymbol{a})", "score": "s_{lj}",
         "mgf": r"m\,M_Z(u)", "bias": r"\frac{m}{m-1}", "kl": r"p_U\, p_V \,\|\, p_{UV}"}
CLAIMS = {"dropout": "dropout.inverted_layer", "score": "attention.weights_entry",
          "mgf": "mgf.iid_sum", "bias": "estimator.ml_variance_bias", "kl": "mi.kl_divergence"}


def _stated(findings):
    """The findings of formulas that state a relation (not the bare names in the prose)."""
    return [f for f in findings if "=" in f.latex]


def test_the_right_forms_hold_in_other_letters():
    found = _stated(audit_text(_sheet(RIGHT)))
    assert [(f.verdict, f.claim) for f in found] == [("ok", c) for c in CLAIMS.values()]


@pytest.mark.parametrize("slip", list(SLIPS))
def test_each_slip_is_wrong_against_its_claim(slip):
    found = _stated(audit_text(_sheet({**RIGHT, slip: SLIPS[slip]})))
    verdicts = {f.claim: f.verdict for f in found if f.claim}
    assert verdicts.pop(CLAIMS[slip]) == "wrong"
    assert set(verdicts.values()) == {"ok"}  # the others stay right


@pytest.mark.parametrize("latex", [
    # PyTorch's p is the drop probability: the layer divides by 1 - p
    r"\tilde{\mathbf{a}} = \frac{\mathbf{m} \odot \mathbf{a}}{1 - p}",
    # queries and keys as the columns of Q and K
    r"A = \operatorname{softmax}\left(\frac{Q^\top K}{\sqrt{d_k}}\right)",
    # the keys counted by n while the queries have no letter of their own
    r"\alpha_{ij} = \frac{\exp(s_{ij})}{\sum_{k=1}^{n} \exp(s_{ik})}",
    r"P = \mathrm{softmax}\left(Q K^\top / \sqrt{d_k}\right)",
])
def test_forms_right_under_a_convention_are_never_wrong(latex):
    (f,) = _stated(audit_text(f"# Notes\n\n- ${latex}$\n"))
    assert f.verdict != "wrong", f.reason


def test_the_mask_law_is_exact():
    from cheatsheet.verify.checks.mechanics import _dropout_law

    law = _dropout_law(np.array([0.3, 0.8]), 3, "m")
    assert np.allclose(law.probs.sum(-1), 1.0)
    mean = (law.probs[..., None] * law.atoms["m"][..., 0]).sum(1)  # E[m_i] = p
    assert np.allclose(mean, [[0.3] * 3, [0.8] * 3])


def test_a_divergence_reads_laws_as_products_of_marginals():
    from cheatsheet.latex import parse
    from cheatsheet.verify.checks.information import _information_terms
    from cheatsheet.verify.evaluate import EvalError

    terms: dict = {}
    _information_terms(parse(r"D_{\mathrm{KL}}(p_{XY} \,\|\, p_X p_Y)").expr, terms)
    _information_terms(parse(r"\mathrm{KL}(p(x, y) \parallel p(x) p(y))").expr, terms)
    assert len(terms) == 1  # both spellings are the same divergence
    with pytest.raises(EvalError):  # laws of different variables
        _information_terms(parse(r"D_{\mathrm{KL}}(p_{XY} \,\|\, p_X)").expr, {})
    with pytest.raises(EvalError):  # a product that is no law: X twice
        _information_terms(parse(r"D_{\mathrm{KL}}(p_{XY} \,\|\, p_X p_{XY})").expr, {})


@pytest.mark.parametrize("claim_id, latex", [
    ("mgf.iid_sum", r"M_{X_1 - \dots + X_n}(t) = M_X(t)^n"),
    ("mgf.iid_sum", r"M_{\sum_{i=2}^n X_i}(t) = M_X(t)^n"),
    ("dropout.inverted_layer", r"\tilde{a} = \frac{m \odot a}{p^2}"),
    ("dropout.inverted_layer", r"\tilde{a} = \frac{a}{p}"),
    ("attention.weights_entry", r"\alpha_{ij} = \frac{\exp(s_{ji})}{\sum_{k=1}^{n} \exp(s_{ik})}"),
    ("attention.weights_softmax", r"A = \operatorname{softmax}\left(\frac{K Q^\top}{\sqrt{d_k}}\right)"),
    ("mi.kl_divergence", r"I(X; Y) = D_{\mathrm{KL}}(p_X p_Y \,\|\, p_{XY})"),
])
def test_mutants_stay_refuted(claim_id, latex):
    from mutants import decide_mutant

    assert decide_mutant(claim_id, latex).verdict == "refuted"


def test_the_joint_law_of_y_and_x_is_that_of_x_and_y():
    """The one mutant of mi.kl_divergence that survives (p_{YX}) says the same thing."""
    from mutants import decide_mutant

    latex = r"I(X; Y) = D_{\mathrm{KL}}(p_{YX} \,\|\, p_X p_Y)"
    assert decide_mutant("mi.kl_divergence", latex).verdict == "passed"
