"""Checks of two classification losses' definitions, each computed the way the libraries do,
never from the formula the claim states:

* ``losses.focal``: FL(p) is torchvision's ``sigmoid_focal_loss`` (alpha off) of the logit
  z = log(p / (1 - p)) with target 1: the binary cross-entropy with logits, softplus(-z),
  times the modulating factor (1 - sigmoid(z))^gamma.
* ``losses.label_smoothing``: the smoothed target q is what PyTorch's cross-entropy with
  ``label_smoothing = epsilon`` weighs each class's -log p_k by: (1 - epsilon) on the true class
  and epsilon spread as a mean over the C classes; the weights are read off the loss as its
  finite-difference derivative in -log p, class by class.
"""
from __future__ import annotations

import numpy as np

from ..custom import register
from ..evaluate import EvalError, Val


def _softplus(z):
    return np.logaddexp(0.0, z)


class _Focal:
    """FL as a function of the true class's probability, per trial (its own gamma)."""

    def __init__(self, gamma):
        self.gamma = np.asarray(gamma, float)

    def __call__(self, *args):
        if len(args) != 1:
            raise EvalError("the focal loss is a function of the true class's probability alone")
        p = np.broadcast_to(np.asarray(args[0].arr, float), self.gamma.shape)
        if np.any((p <= 0) | (p >= 1)):
            raise EvalError("the focal loss needs a probability strictly between 0 and 1")
        z = np.log(p) - np.log1p(-p)  # the logit whose sigmoid is p
        ce = _softplus(-z)  # binary cross-entropy with logits, target 1
        return Val(ce * (1.0 - 1.0 / (1.0 + np.exp(-z))) ** self.gamma)

    def take(self, keep):
        return _Focal(self.gamma[keep])

    def describe(self, i):
        return (f"the focal loss with gamma = {float(self.gamma.ravel()[i]):.4g}, computed as "
                "the cross-entropy of the logit times the modulating factor")


@register("losses.focal")
def _focal(stmt, ctx):
    """FL(.) is the focal loss of the line's focusing parameter gamma."""
    def extra(inst):
        inst.functions["FL"] = _Focal(np.asarray(inst.values["gamma"].arr, float))
        return {}

    return ctx.numeric(stmt, extra=extra)


def _smoothed_loss(neg_logp: np.ndarray, y: int, eps: float) -> float:
    """PyTorch's cross-entropy with label smoothing, given -log p of the C classes."""
    return (1.0 - eps) * neg_logp[y] + eps * neg_logp.mean()


def smoothed_targets(C: int, y: int, eps: float) -> np.ndarray:
    """The weight the smoothed loss puts on each class's -log p (y counted from 0)."""
    base = np.linspace(0.5, 2.0, C)
    h = 1e-3
    out = np.empty(C)
    for k in range(C):
        up, down = base.copy(), base.copy()
        up[k] += h
        down[k] -= h
        out[k] = (_smoothed_loss(up, y, eps) - _smoothed_loss(down, y, eps)) / (2 * h)
    return out


# (true class, class asked about) pairs, counted from 1, among C = 4 classes: the true class,
# another below it, another above it
_PAIRS = ((1, 1), (1, 2), (3, 2), (4, 4))
_CLASSES = 4


@register("losses.label_smoothing")
def _label_smoothing(stmt, ctx):
    """q is the smoothed target of the true class y with epsilon, among C = 4 classes; decided
    for the true class and for others on either side of it."""
    ev = None
    for y, c in _PAIRS:
        def extra(inst, y=y, c=c):
            eps = np.asarray(inst.values["epsilon"].arr, float).ravel()
            q = np.stack([smoothed_targets(_CLASSES, y - 1, float(e)) for e in eps])
            return {"q": Val(q[:, :, None], True), "y": Val(np.asarray(float(y))),
                    "c": Val(np.asarray(float(c)))}

        ev = ctx.numeric(stmt, extra=extra, dims=[{"C": _CLASSES}],
                         trials=max(8, ctx.options.trials // 4))
        if ev.verdict != "passed":
            return ev
    return ev
