"""A probability mass function stated with the range of its variable must add up to 1 there.

Sheets write the range beside a pmf ("$P(X = k) = (1-p)^{k}p$ for $k = 1, 2, \\dots$"), and that
is where the two geometric conventions (trials or failures) and off-by-one slips part: the
formula alone holds as one of the catalog's pmfs, yet over the sheet's own range its masses add
up to 1 - p. The masses are summed numerically in the formula's reading as the claim it holds
as (readings.py), at three fixed draws of the claim's parameters: the same whatever the audit's
seed, so the verdict cannot depend on it. The formula is wrong only when the sum misses 1 at
every draw with the tail gone; the right form is the formula shifted onto the range where it
does add up to 1, when there is one.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

_DOTS = r"(?:\\l?dots|\\cdots|\.\.\.|…)"
_INT = r"-?\d+"
_HI = r"(?:[A-Za-z]|\d+)"
# k = 1, 2, \dots | k = 0, 1, \dots, n | k = 1, \dots, n | k \in \{0, 1, \dots\}
_LISTED = re.compile(rf"(?P<v>[A-Za-z])\s*(?:=|\\in\s*\\\{{|∈\s*\{{)\s*(?P<lo>{_INT})\s*,\s*"
                     rf"(?:(?P<next>{_INT})\s*,\s*)?(?:{_INT}\s*,\s*)?{_DOTS}"
                     rf"(?:\s*,\s*(?P<hi>{_HI}))?")
# k \ge 1 | 0 \le k \le n | k > 0
_BOUNDED = re.compile(rf"(?:(?P<lo2>{_INT})\s*(?P<lrel>\\leq?|\\leqslant|≤|<=|<)\s*)?"
                      rf"(?P<v>[A-Za-z])\s*(?:(?P<rel>\\geq?|\\geqslant|≥|>=|>)\s*(?P<lo>{_INT})"
                      rf"|(?P<urel>\\leq?|\\leqslant|≤|<=)\s*(?P<hi>{_HI}))")
# k \in \mathbb{N}_0 (from 0) | \mathbb{N}^+, \mathbb{Z}_{>0} (from 1); a bare \mathbb{N} says
# neither, so it is not read
_NATURALS = re.compile(r"(?P<v>[A-Za-z])\s*(?:\\in|∈)\s*(?:\\mathbb\s*\{\s*(?P<set>[NZ])\s*\}|"
                       r"(?P<uset>[ℕℤ]))\s*(?P<mark>_\s*\{?\s*0\s*\}?|\^\s*\{?\s*(?:\+|\*)\s*\}?"
                       r"|_\s*\{\s*(?:>|\\geq?)\s*0\s*\}|_\s*\{?\s*\+\s*\}?)")
_PMF_LEFT = re.compile(r"^\s*(?:\\Pr|P|\\mathbb\s*\{\s*P\s*\}|\\mathrm\s*\{\s*P\s*\}|"
                       r"\\operatorname\s*\{\s*P\s*\})\s*(?:\\left\s*)?[(\[]\s*[A-Z]\s*=\s*"
                       r"(?P<v>[a-z])\s*(?:\\right\s*)?[)\]]\s*=")


@dataclass(frozen=True)
class Range:
    var: str
    lo: int
    hi: str | None  # None: no end; else a number or a letter
    text: str  # as the sheet says it

    def shown(self, lo: int | None = None) -> str:
        lo = self.lo if lo is None else lo
        end = "…" if self.hi is None else f"…, {self.hi}"
        return f"{self.var} = {lo}, {lo + 1}, {end}"


def stated_range(texts, var: str) -> Range | None:
    """The range of ``var`` that one of ``texts`` states (the formula's own tail, the math and
    words after it on its line), or None when none states one plainly."""
    for text in texts:
        text = re.sub(r"\\[,;:!]|\\q?quad|~|\\text\s*\{[^{}]*\}", " ", text or "")
        for m in _LISTED.finditer(text):
            lo = int(m["lo"])
            if m["v"] == var and (m["next"] is None or int(m["next"]) == lo + 1):
                return Range(var, lo, m["hi"], m.group(0))
        for m in _BOUNDED.finditer(text):
            if m["v"] != var:
                continue
            if m["rel"]:
                return Range(var, int(m["lo"]) + (m["rel"] == ">"), None, m.group(0))
            if m["lo2"] is not None:
                return Range(var, int(m["lo2"]) + (m["lrel"] == "<"), m["hi"], m.group(0))
        for m in _NATURALS.finditer(text):
            if m["v"] == var:
                return Range(var, 0 if "0" in m["mark"] else 1, None, m.group(0))
    return None


def range_alone(latex: str, before: str) -> str | None:
    """The letter whose range a formula is, all of it, when the math before it on its line
    writes that letter ("$P(X = k) = ...$ for $k = 1, 2, \\dots$"): a range beside a formula,
    not a statement to check on its own."""
    from cheatsheet.match.tokens import tokenize

    text = re.sub(r"\\[,;:!]|\\q?quad|~", " ", latex).strip().rstrip(".,;")
    for pattern in (_LISTED, _BOUNDED, _NATURALS):
        m = pattern.fullmatch(text)
        if m is None:
            continue
        try:
            written = {t.ident for t in tokenize(before)} if before else set()
        except Exception:  # noqa: BLE001 - math the tokeniser trips on writes no letter
            return None
        return m["v"] if m["v"] in written else None
    return None


def pmf_variable(latex: str) -> str | None:
    """The value letter of a pmf's left side: ``P(X = k) = ...`` gives k."""
    m = _PMF_LEFT.match(latex)
    return m["v"] if m else None


def _masses(rhs, var, rng: Range, values: dict, lo: int) -> float | None:
    """The masses of ``rhs`` summed over ``lo, lo+1, ...`` up to the range's end (None when
    the sum does not settle)."""
    import sympy as sp

    k = sp.Symbol(var.name + "_range", integer=True)
    term = sp.lambdify(k, rhs.subs(var, k).subs(values), modules="mpmath")
    if rng.hi is None:
        end = lo + 4000
    else:
        hi = int(rng.hi) if rng.hi.isdigit() else next(
            (v for s, v in values.items() if s.name == rng.hi), None)
        if hi is None:
            return None
        end = int(hi) + (lo - rng.lo)  # the end moves with the start when shifted
    total, last, falling = 0.0, math.inf, 0
    for n in range(lo, end + 1):
        try:
            mass = float(term(n))
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None  # a pole or a complex mass: not a sum to decide on
        falling = falling + 1 if abs(mass) <= last else 0
        last = abs(mass)
        total += mass
        if not math.isfinite(total):
            return None
        if rng.hi is None and falling >= 10 and last < 1e-16:
            break  # ten falling masses below 1e-16: the tail is gone
    if rng.hi is None and last > 1e-12:
        return None  # the tail has not vanished: no sure sum
    return total


def off_range(reading, mapping: dict, texts, claim) -> dict | None:
    """How a formula's masses miss 1 over the range the sheet states: {'range', 'sum',
    'values', 'shift', ...}; None when no range is stated plainly, or the masses do add up to 1
    there (at any draw). ``reading`` is the formula in the claim's letters (readings.py),
    ``mapping`` the claim's letter for each of the sheet's, ``texts`` what the sheet says
    after the formula (the range is in the sheet's letters)."""
    import numpy as np

    from ..parsing import parse_cached
    from ..sampling import sample_scalar

    var = pmf_variable(reading.latex)
    if var is None:
        return None
    back = reading.names_back
    rng = stated_range(texts, _bare(back.get(var, var)))
    if rng is None:
        return None
    if rng.hi is not None and not rng.hi.isdigit():  # the end is a letter of the sheet's
        rng = Range(var, rng.lo, mapping.get(rng.hi, rng.hi), rng.text)
    decls = claim.declarations
    try:
        st = parse_cached(reading.latex, decls)
    except Exception:  # noqa: BLE001 - a formula the reader cannot take is not decided here
        return None
    if len(st.relations) != 1:
        return None
    rhs = st.relations[0].rhs
    k = next((s for s in rhs.free_symbols if s.name == var), None)
    params = [s for s in rhs.free_symbols if s is not k]
    if k is None or any(s.name not in decls or decls[s.name].shape for s in params) \
            or (rng.hi is not None and not rng.hi.isdigit() and rng.hi not in decls):
        return None
    # the same three draws whatever the audit's seed: a law whose masses miss 1 only slightly
    # at some parameters (1 - (1-p)^n near p = 1) must not turn wrong for one seed only
    draws = np.random.default_rng(0)
    ends = {rng.hi} if rng.hi and not rng.hi.isdigit() else set()
    shown = None
    for _ in range(3):
        values = {}
        for d in sorted((decls[n] for n in ends | {s.name for s in params}),
                        key=lambda d: d.name):
            x = float(sample_scalar(d, draws, 1, {}, {})[0])
            values[d.name] = round(x, 2) if d.domain not in ("natural", "count") else int(x)
        total = _masses(rhs, k, rng, {decls.sympy(n): v for n, v in values.items()}, rng.lo)
        if total is None or abs(total - 1) < 1e-6:
            return None
        shown = shown or (values, total)
    shift = None if rng.hi is not None else next(  # a finite range misses more than a shift
        (d for d in (1, -1, 2, -2) if _sums_to_one(rhs, k, rng, decls, shown[0], d)), None)
    return {"range": Range(back.get(var, var), rng.lo, back.get(rng.hi, rng.hi), rng.text),
            "sum": shown[1], "values": {back.get(n, n): v for n, v in shown[0].items()},
            "shift": shift, "rhs": rhs, "var": k, "back": back}


def _bare(name: str) -> str:
    return name.lstrip("\\")


def _sums_to_one(rhs, k, rng: Range, decls, values: dict, shift: int) -> bool:
    total = _masses(rhs, k, rng, {decls.sympy(n): v for n, v in values.items()},
                    rng.lo - shift)
    return total is not None and abs(total - 1) < 1e-9


def range_finding(left: str, found: dict) -> tuple[str, str | None, dict]:
    """The reason, the right form (shifted onto the stated range, when a shift makes the masses
    add up to 1; in the sheet's letters) and the counterexample of a pmf that misses 1 over
    the range the sheet gives it."""
    import sympy as sp

    from .explain import _plain  # (the sheet's names shown as a person reads them: μ)

    rng, shift = found["range"], found["shift"]
    shown = {_plain(n): v for n, v in found["values"].items()}
    values = ", ".join(f"{n} = {v}" for n, v in shown.items())
    reason = (f"over {rng.shown()} (the range the sheet gives) these probabilities add up to "
              f"{found['sum']:.4g} at {values}, not 1")
    expected = None
    if shift is not None:
        reason += f": they are the pmf of {rng.shown(rng.lo - shift)}"
        moved = found["rhs"].subs(found["var"], found["var"] - shift)
        sheet = {s: sp.Symbol(_bare(found["back"].get(s.name, s.name)))
                 for s in moved.free_symbols}
        expected = f"{left} = {sp.latex(moved.xreplace(sheet))}"
    cx = {"values": shown, "left": f"{found['sum']:.6g} (the masses summed)", "right": "1"}
    return reason, expected, cx
