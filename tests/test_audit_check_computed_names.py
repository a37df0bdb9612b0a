"""A name the claim's own check computes is that quantity, whichever claim declares it.

Precision's claim declares TP and FP only; a sheet writing TN (or FN) in a precision formula
used to read as a letter the claim does not know, refuted by scope alone and left unsure. The
confusion-matrix check reads every count off its drawn labels (custom.computed_names), so the
reading declares it and the check decides. Right lines in the same wording stay ok, and a metric
no claim states stays unchecked.
"""
from __future__ import annotations

from audit_helpers import audit_text

SHEET = r"""# Scoring a binary classifier

Counts of the confusion table: true/false positives and negatives.

- Positive predictive value: $\mathrm{Precision} = \dfrac{TP}{TP + DENOM}$
- Sensitivity: $\mathrm{Recall} = \dfrac{TP}{TP + FN}$
- Hit rate: $\mathrm{TPR} = \dfrac{TP}{TP + FN}$
- Negative predictive value: $\mathrm{NPV} = \dfrac{TN}{TN + FN}$
- Share right: $\mathrm{Accuracy} = \dfrac{TP + TN}{TP + TN + FP + FN}$
"""


def _verdicts(denom: str) -> dict:
    return {f.line: f for f in audit_text(SHEET.replace("DENOM", denom))}


def test_a_count_in_the_wrong_place_is_wrong():
    found = _verdicts("TN")[5]
    assert (found.verdict, found.claim) == ("wrong", "metrics.precision")
    assert "TN where FP belongs" in found.reason


def test_right_lines_in_the_same_wording_are_never_wrong():
    found = _verdicts("FP")
    assert found[5].verdict == "ok"
    assert [f.verdict for f in found.values()].count("wrong") == 0
    assert found[6].verdict == "ok" and found[9].verdict == "ok"
    assert found[8].verdict == "unchecked"  # no claim states the negative predictive value
