"""A bias correction divides by one minus the decay of the average it corrects.

Adam's sheets write two exponential moving averages with two decays (m with beta_1, v with
beta_2) and then correct each; a correction with the other average's decay
(v-hat = v / (1 - beta_1^t)) is a common slip. Read one line at a time, the slip holds as the
claim with the letters renamed (beta_1 read as the claim's beta_2), so the section's own
averages say which decay belongs to which average: an average the section writes as
``x_t = b x_{t-1} + (1 - b) y_t`` binds b to x, whatever its letters, and a correction
``\\hat{x}_t = x_t / (1 - c^t)`` with another bound decay c is decided against it.

The decision is a check, not a rule of thumb: an average of a constant input 1 started at 0
has x_t = 1 - b^t, so its correction must give 1 at every t; with c in place of b it gives
(1 - b^t)/(1 - c^t), which the check evaluates on seeded random decays.
"""
from __future__ import annotations

import re

import numpy as np

# a name as sheets write it: m, v, \mathbf{m}, \boldsymbol{v}, s, \nu, V_{dW} (one group)
_NAME = r"(?:\\(?:mathbf|boldsymbol|bm|vec)\{[A-Za-z]+\}|\\?[A-Za-z]+(?:_\{[A-Za-z]+\})?)"
# a decay: b, b_1, \beta_2, \beta_{2}, \rho, \gamma
_RATE = r"\\?[A-Za-z]+(?:_\{?\d\}?)?"
_ARROW = r"(?:=|:=|\\leftarrow|\\gets)"
_STEP = r"_\{?(?P<t>[a-z])\}?"


def _flat(latex: str) -> str:
    s = re.sub(r"\\(?:left|right)(?![a-z])|\\(?:,|;|!|quad)|\s+", "", latex)
    s = re.sub(r"_\{(\d)\}", r"_\1", s)  # beta_{2} as beta_2
    return s.replace(r"\dfrac", r"\frac").replace(r"\tfrac", r"\frac").replace(r"\cdot", "")


def _name(raw: str) -> str:
    """m for \\mathbf{m}: the letter a font only dresses."""
    m = re.fullmatch(r"\\(?:mathbf|boldsymbol|bm|vec)\{([A-Za-z]+)\}", raw)
    return m.group(1) if m else raw


def _rate(raw: str) -> str:
    return re.sub(r"_\{(\d)\}", r"_\1", raw)


def decays(latex: str) -> dict[str, str]:
    """{average: its decay} for ``x_t = b x_{t-1} + (1 - b) y_t`` (either order of terms)."""
    s = _flat(latex)
    m = re.fullmatch(rf"(?P<x>{_NAME}){_STEP}{_ARROW}(?P<rhs>.+)", s)
    if m is None:
        return {}
    x, t, rhs = m.group("x"), m.group("t"), m.group("rhs")
    prev = rf"{re.escape(x)}_\{{{t}-1\}}"
    kept = re.search(rf"(?:^|\+)(?P<b>{_RATE}){prev}", rhs)
    if kept is None:
        return {}
    b = kept.group("b")
    if not re.search(rf"\(1-{re.escape(b)}\)", rhs):
        return {}
    return {_name(x): _rate(b)}


_CORRECTION = re.compile(
    rf"\\hat\{{?(?P<x>{_NAME})\}}?{_STEP}{_ARROW}"
    rf"(?:\\frac\{{(?P<x2>{_NAME})_\{{?(?P<t2>[a-z])\}}?\}}\{{1-(?P<c>{_RATE})\^\{{?(?P<t3>[a-z])\}}?\}}"
    rf"|(?P<x4>{_NAME})_\{{?(?P<t4>[a-z])\}}?/\(1-(?P<c4>{_RATE})\^\{{?(?P<t5>[a-z])\}}?\))")


def corrected_with(latex: str) -> tuple[str, str, str] | None:
    """(average, decay used, step) of a bias correction ``\\hat{x}_t = x_t / (1 - c^t)``."""
    m = _CORRECTION.fullmatch(_flat(latex))
    if m is None:
        return None
    x = _name(m.group("x"))
    inner = _name(m.group("x2") or m.group("x4"))
    c = m.group("c") or m.group("c4")
    steps = {m.group(k) for k in ("t", "t2", "t3", "t4", "t5") if m.group(k)}
    if inner != x or len(steps) != 1:
        return None
    return x, _rate(c), steps.pop()


def refuted(decay: str, used: str, step: str = "t", seed: int = 0) -> dict | None:
    """The counterexample (an average of the constant 1 from 0, corrected) when a correction
    with ``used`` in place of the average's ``decay`` does not give 1; None when it does."""
    rng = np.random.default_rng(seed)
    for _ in range(16):
        b = rng.uniform(0.5, 0.999)
        c = b if used == decay else rng.uniform(0.5, 0.999)
        t = int(rng.integers(1, 6))
        got = (1 - b ** t) / (1 - c ** t)
        if abs(got - 1) > 1e-6:
            return {"values": {decay: round(float(b), 4), used: round(float(c), 4),
                               step: t}, "left": round(float(got), 6), "right": 1.0}
    return None


def bias_correction_clash(latex: str, section: dict[str, str]) \
        -> tuple[str, str, str, str] | None:
    """(average, the decay its section gives it, the decay the correction uses, the step)
    when a bias correction divides by another decay than its average's; None otherwise."""
    got = corrected_with(latex)
    if got is None:
        return None
    x, used, step = got
    own = section.get(x)
    if own is None or own == used or used not in section.values():
        return None  # (a decay the section never gave an average may be a renaming)
    return x, own, used, step
