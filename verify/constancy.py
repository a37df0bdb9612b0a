"""Whether a numeric check compared anything: both sides one constant value in every trial.

A check passes a relation whose two sides are the same constant in every instance drawn (a
derivative by a letter the expression does not depend on, a variance of what is not random)
without the instances mattering: the audit asks this of a sheet's reading before crediting it.
"""
from __future__ import annotations

import numpy as np


class Constancy:
    """Collects both sides of every relation over the trials; ``constant`` says whether every
    value seen was one and the same number, ``value`` which."""

    def __init__(self):
        self.value = None
        self.constant = True

    def see(self, lhs, rhs, T: int) -> None:
        if not self.constant:
            return
        from .numeric import _trials_of

        try:
            for v in (lhs, rhs):
                a = np.asarray(_trials_of(v, T), dtype=float).reshape(-1)
                if a.size == 0 or not np.all(np.isfinite(a)):
                    self.constant = False
                    return
                if self.value is None:
                    self.value = float(a[0])
                if not np.allclose(a, self.value, rtol=1e-9, atol=1e-12):
                    self.constant = False
                    return
        except (TypeError, ValueError):  # values that are no numbers: not judged constant
            self.constant = False

    @property
    def zero(self) -> bool:
        """Was every value seen 0?"""
        return self.constant and self.value is not None and abs(self.value) <= 1e-12
