"""A premise after "if", read with the conclusion its sentence draws after "then": a wrong
condition (a norm or a letter where another belongs) is wrong (verify/audit/premises.py)."""
from __future__ import annotations

from audit_helpers import audit_text

SHEET = ("# Attacks on a linear model\n\nFor a budget $\\eta$: if ${premise}$, then "
         "$\\mathbf{{v}}^\\top \\mathbf{{r}}$ is smallest at $r_k = -\\eta \\operatorname{{sign}}"
         "(y v_k)$.\n")


def _premise_verdict(premise: str) -> str:
    (f,) = [f for f in audit_text(SHEET.format(premise=premise)) if f.latex == premise]
    return f.verdict


def test_a_premise_with_the_wrong_norm_is_wrong():
    assert _premise_verdict(r"\|\mathbf{r}\|_2 \leq \eta") == "wrong"


def test_a_premise_bounding_the_wrong_vector_is_wrong():
    assert _premise_verdict(r"\|\mathbf{v}\|_\infty \leq \eta") == "wrong"


def test_the_right_premise_is_not_wrong():
    assert _premise_verdict(r"\|\mathbf{r}\|_\infty \leq \eta") != "wrong"


def test_a_premise_without_then_stays_unchecked():
    # no conclusion drawn from it in its sentence: an assumption, nothing to check
    text = ("# Attacks\n\nIf $\\|\\mathbf{r}\\|_2 \\leq \\eta$. Then again, "
            "$r_k = -\\eta \\operatorname{sign}(y v_k)$.\n")
    (f,) = [f for f in audit_text(text) if "leq" in f.latex]
    assert f.verdict == "unchecked"
