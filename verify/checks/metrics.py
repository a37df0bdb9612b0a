"""Custom check of the classification metrics: precision, recall, F1, accuracy, specificity,
the false positive rate, balanced accuracy and Matthews' correlation coefficient.

Every trial draws a labelled sample, true labels y and predicted labels y_hat in {0, 1}, and
counts its confusion matrix (TP, FP, FN, TN) from them.  A metric is never computed from the
formula's counts: it is the frequency it names, read off the labels,

* precision: the share of true positives among the items predicted positive;
* recall (sensitivity): the share predicted positive among the items truly positive;
* specificity (true negative rate): the share predicted negative among the items truly
  negative; the false positive rate: the share predicted positive among them;
* accuracy: the share of items whose prediction is right; balanced accuracy: the mean over
  the two classes of the share of the class predicted right;
* F1: the Dice overlap 2 |A and B| / (|A| + |B|) of the predicted-positive set A and the
  truly-positive set B; F_beta: the harmonic mean of precision and recall weighted 1 : beta^2;
* Matthews' correlation coefficient: the Pearson correlation of the labels y and y_hat.

Each trial's sample has every cell of the matrix non-empty (no ratio is 0/0) and cells of
different sizes, so a count in the wrong place changes the value.
"""
from __future__ import annotations

import numpy as np

from ..custom import register
from ..evaluate import Val

# the claims' names for each metric (a claim declares only the ones its formula uses)
METRIC_NAMES = {
    "precision": ("Precision", "P"),
    "recall": ("Recall", "R", "TPR"),
    "specificity": ("Specificity", "TNR"),
    "fpr": ("FPR",),
    "accuracy": ("Accuracy",),
    "balanced_accuracy": ("BA",),
    "f1": ("F_1",),
    "mcc": ("MCC",),
}
COUNT_NAMES = ("TP", "FP", "FN", "TN")


def _labels(rng) -> tuple[np.ndarray, np.ndarray]:
    """True and predicted labels of one sample with every confusion cell non-empty."""
    while True:
        m = int(rng.integers(8, 41))
        y = (rng.random(m) < rng.uniform(0.2, 0.8)).astype(int)
        agree = rng.uniform(0.5, 0.95)
        y_hat = np.where(rng.random(m) < agree, y, 1 - y)
        cells = [np.sum((y_hat == 1) & (y == 1)), np.sum((y_hat == 1) & (y == 0)),
                 np.sum((y_hat == 0) & (y == 1)), np.sum((y_hat == 0) & (y == 0))]
        if min(cells) > 0 and len(set(cells)) > 2:
            return y, y_hat


def metrics_of(y: np.ndarray, y_hat: np.ndarray) -> dict[str, float]:
    """The confusion counts and the metrics of one labelled sample, as frequencies."""
    pos, pred = y == 1, y_hat == 1
    return {
        "TP": float(np.sum(pred & pos)), "FP": float(np.sum(pred & ~pos)),
        "FN": float(np.sum(~pred & pos)), "TN": float(np.sum(~pred & ~pos)),
        "precision": float(np.mean(pos[pred])),
        "recall": float(np.mean(pred[pos])),
        "specificity": float(np.mean(~pred[~pos])),
        "fpr": float(np.mean(pred[~pos])),
        "accuracy": float(np.mean(pred == pos)),
        "balanced_accuracy": float(np.mean([np.mean(pred[pos]), np.mean(~pred[~pos])])),
        "f1": 2.0 * np.sum(pred & pos) / (np.sum(pred) + np.sum(pos)),
        "mcc": float(np.corrcoef(pos.astype(float), pred.astype(float))[0, 1]),
    }


# every count and metric the check reads off the labels (a claim declares only its own, but
# FN in a precision formula is still the false negatives: verify/audit/readings.py)
COMPUTED = {**{n: "count" for n in COUNT_NAMES},
            **{n: "prob" for names in METRIC_NAMES.values() for n in names if len(n) > 1},
            "MCC": "real"}


@register("metrics.confusion", computes=COMPUTED)
def _confusion(stmt, ctx):
    """Counts and metrics of a random labelled sample per trial (see the module docstring)."""
    rng = ctx.rng("labels")

    def extra(inst):
        T = next(iter(inst.values.values())).arr.shape[0]
        rows = [metrics_of(*_labels(rng)) for _ in range(T)]
        out = {}
        for name in COUNT_NAMES:
            if name in inst.values:
                out[name] = Val(np.array([r[name] for r in rows]))
        for metric, names in METRIC_NAMES.items():
            for name in names:
                if name in inst.values:
                    out[name] = Val(np.array([r[metric] for r in rows]))
        if "F_beta" in inst.values and "beta" in inst.values:
            # F_beta: the harmonic mean of precision and recall with weights 1 and beta^2
            # (recall counts beta^2 times as much), from the frequencies, not the counts
            b2 = np.asarray(inst.values["beta"].arr, float).reshape(-1) ** 2
            P = np.array([r["precision"] for r in rows])
            R = np.array([r["recall"] for r in rows])
            out["F_beta"] = Val((1 + b2) / (1 / P + b2 / R))
        return out
    return ctx.numeric(stmt, extra=extra)
