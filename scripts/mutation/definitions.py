"""Mutants equivalent under the definitions a claim's check supplies: both forms' sides agree
on the check's own instances, where its computed names have their meaning (x_bar the mean of
the x_i, mu_hat the weighted mean), and the plain sampled instances cannot show it because
there such a name is any number.  sum (x_i + x_bar)(y_i - y_bar) is sum (x_i - x_bar)(y_i -
y_bar): the cross term is x_bar sum (y_i - y_bar) = 0.

This compares the two forms with each other, never with the check's verdict; it is weaker
evidence than SymPy or the plain evaluation (the check's instances may be narrower than the
declarations), so the score lists such mutants apart ('defined'), neither killed nor survivor.
"""
from __future__ import annotations

from .forms import EQUIV_TRIALS, _comparable, _same_shape, _sides
from .instances import run_watching

_INSTANCES: dict[str, list] = {}


def check_instances(claim) -> list:
    """The instances the claim's check decides its canonical form on, after its own values are
    set (each batch's, captured once per claim)."""
    if claim.id in _INSTANCES:
        return _INSTANCES[claim.id]
    seen: list = []

    def watch(inst, extra):
        out = extra(inst)
        seen.append((inst, dict(out or {})))
        return out

    if not run_watching(claim, "defined", watch):
        seen.clear()  # (a check that fails here shows nothing)
    _INSTANCES[claim.id] = seen[:3]
    return _INSTANCES[claim.id]


def check_reading(claim, latex: str):
    """The statement the claim's check evaluates for ``latex``: a check may first read parts
    of the formula as the quantities it computes (the RNN chain rule's dz_t/dw as the total
    derivative c(t)), which the plain evaluator cannot read.  None when it passes on none."""
    import numpy as np

    from cheatsheet.verify import custom
    from cheatsheet.verify.check import check_version

    numeric = custom.CheckContext.numeric
    seen: list = []

    def recorded(self, stmt, **changes):
        seen.append(stmt)
        return numeric(self, stmt, **changes)

    custom.CheckContext.numeric = recorded
    try:
        with np.errstate(all="ignore"):
            check_version(claim, latex, claim.declarations, claim.layout, list(claim.assume),
                          seed=0, key=("reading",), symbolic_first=False, thorough=False)
    except Exception:  # noqa: BLE001 - a check that fails here shows nothing
        return None
    finally:
        custom.CheckContext.numeric = numeric
    return seen[0] if seen else None


def _agree(canon, mut, batches):
    """True when each differing side of ``mut`` has the value of ``canon``'s on every trial
    of ``batches``, False when one differs, None when a side cannot be evaluated there."""
    import numpy as np

    from cheatsheet.verify.evaluate import Evaluator

    compared = 0
    for inst, out in batches:
        try:
            inst.values.update(out)
            ev = Evaluator(inst)
            for (_, _, la, ra), (_, _, lb, rb) in zip(_sides(canon), _sides(mut)):
                for x, y in ((la, lb), (ra, rb)):
                    if x == y:
                        continue
                    vx = np.asarray(ev(x).arr, dtype=complex)
                    vy = np.asarray(ev(y).arr, dtype=complex)
                    fin = np.isfinite(vx) & np.isfinite(vy)
                    if vx.shape != vy.shape or fin.sum() < min(EQUIV_TRIALS, fin.size) // 2:
                        return False
                    if (fin != (np.isfinite(vx) | np.isfinite(vy))).any():
                        return False
                    if not np.allclose(vx[fin], vy[fin], rtol=1e-7, atol=1e-9):
                        return False
                    compared += 1
        except Exception:  # noqa: BLE001 - a form the evaluator cannot read there proves nothing
            return None
    return compared > 0


def equivalent_by_definitions(claim, latex: str) -> bool:
    """Each differing side of the mutant has the canonical side's value on every trial of the
    check's instances (values it computes included); where the plain evaluator cannot read
    the forms, the forms as the check reads them (``check_reading``) are compared."""
    if not claim.check:
        return False
    pair = _comparable(claim, latex)
    if pair is None:
        return False
    batches = check_instances(claim)
    if not batches:
        return False
    agree = _agree(*pair, batches)
    if agree is not None:
        return agree
    canon, mut = check_reading(claim, claim.latex), check_reading(claim, latex)
    if canon is None or mut is None or not _same_shape(canon, mut):
        return False
    return bool(_agree(canon, mut, batches))
