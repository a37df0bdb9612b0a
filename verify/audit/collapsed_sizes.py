"""Sizes that fit only when two of the claim's sizes are one (X square, n = d).

A refuted formula whose sizes clash only under the claim's declarations stays unchecked: the
sheet may lay its letters out otherwise (data as columns, z = W^T x, row vectors, a gradient in
numerator layout). A dropped or misplaced transpose, or a block put for another, clashes in
every one of those layouts and fits only when two sizes the claim keeps apart are equal
(A^T A x = A b needs A square): no convention explains that, so the clash is the formula's.
With those two sizes made one it must fail the claim's check too: where it holds then
(x = A^{-1} b for least squares) it states the claim's special case for a square matrix.
"""
from __future__ import annotations

import re
from itertools import combinations, product

from cheatsheet.latex import LatexError, LatexShapeError
from cheatsheet.match.tokens import tokenize
from cheatsheet.symbols import DeclarationError, Declarations
from ..check import check_version
from ..parsing import parse_cached
from .explain import _plain
from .readings import Reading

# letters whose layout is tried both ways: past this many the layouts are too many to try,
# and the formula stays unchecked
MAX_FLIPPED = 6

_VECTOR = {"vector", "posvector", "probvec"}


def _flip(decl) -> str | None:
    """The declaration laid out the other way (a matrix transposed, a column vector as a
    row), or None where both ways are one (a square matrix, a scalar)."""
    if decl.domain in _VECTOR:
        return f"matrix(1, {decl.args[0]})"
    if decl.domain in ("matrix", "vectors"):
        rows, cols = decl.shape
        return None if rows == cols else f"matrix({cols}, {rows})"
    return None


def _fits(latex: str, specs: dict, layouts) -> bool | None:
    """True if the formula reads with these sizes in some layout, False if its sizes clash
    in all, None if it cannot be read at all (then nothing is sure)."""
    clash = False
    for layout in layouts:
        try:
            parse_cached(latex, specs, layout=layout)
        except LatexShapeError:
            clash = True
            continue
        except (LatexError, ValueError, TypeError):
            continue
        return True
    return False if clash else None


def _dims(reading: Reading) -> list[str]:
    """The claim's named sizes that its matrices and vectors use."""
    out = []
    for d in reading.decls:
        if d.kind == "matrix" or (d.kind == "random" and d.is_random_vector):
            for a in d.shape:
                if isinstance(a, str) and a not in out:
                    out.append(a)
    return out


def _merged(specs: dict, keep: str, drop: str) -> dict:
    """The declarations with the size ``drop`` made the size ``keep``."""
    word = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(drop)}(?![A-Za-z0-9_])")
    return {n: word.sub(keep, s) for n, s in specs.items() if n != drop}


def _fails_when_one(reading: Reading, claim, keep: str, drop: str, seed: int) -> bool:
    """Does the formula, with the size ``drop`` made ``keep``, fail the claim's check by its
    values in every layout (a counterexample, not a size or a name)? (The size dropped stays
    declared, equal to the other, for a check that draws its blocks by it.)"""
    specs = _merged({d.name: d.spec for d in reading.decls}, keep, drop)
    try:
        decls = Declarations.from_mapping({**specs, drop: "dim"})
    except DeclarationError:
        return False
    assume = [*reading.assume, f"{drop} = {keep}"]
    for layout in reading.layouts:
        try:
            ev = check_version(claim, reading.latex, decls, layout, assume,
                               seed=seed, key=("audit", "collapsed", reading.latex, layout),
                               symbolic_first=False, thorough=False)
        except Exception:  # noqa: BLE001 - a check that cannot run proves nothing
            return False
        if not (ev.verdict == "refuted" and ev.counterexample
                and ev.method not in ("shapes", "scope")):
            return False
    return True


def _all_declared(reading: Reading, claim) -> bool:
    """Does the reading write only the claim's declared quantities (the identity, e and pi
    aside; a subscript read with its name)? A letter the claim does not declare has a size
    the reader made up (a bold w of the default size), and a clash with it proves nothing."""
    text = re.sub(r"_\s*(\{[^{}]*\}|\\?[A-Za-z0-9]+)", " ", reading.latex)
    try:
        written = {t.ident for t in tokenize(text) if t.ident is not None}
    except Exception:  # noqa: BLE001 - a reading the tokeniser trips on proves nothing
        return False
    known = set(claim.declarations.decls) | {"e", "pi", "I"}
    known |= {n.split("_", 1)[0] for n in known}
    return written <= known


def collapsed_sizes(reading: Reading, claim, seed: int = 0) -> tuple[str, str] | None:
    """The two sizes of the claim that the formula (in the claim's letters) needs equal, when
    it is ill-sized in every layout of its letters, well-sized once those two are one, and
    then fails the claim's check; None when some layout fits, when it cannot be read, when
    no one pair makes it fit, when it holds with the two made one, or when it writes a
    quantity the claim does not declare."""
    key = (claim.id, reading.latex, tuple(sorted((d.name, d.spec) for d in reading.decls)),
           tuple(reading.layouts), tuple(reading.assume), seed)
    if key not in _MEMO:
        if len(_MEMO) > 4096:
            _MEMO.clear()
        _MEMO[key] = _collapsed(reading, claim, seed)
    return _MEMO[key]


_MEMO: dict = {}  # (a claim, a reading): the same formula reaches the gate and the report


def _collapsed(reading: Reading, claim, seed: int) -> tuple[str, str] | None:
    if not _all_declared(reading, claim) or any(
            d.kind == "random" and d.is_random_vector for d in reading.decls):
        return None  # (a random vector has no row layout to try)
    specs = {d.name: d.spec for d in reading.decls}
    flips = {d.name: f for d in reading.decls if (f := _flip(d)) is not None}
    if len(flips) > MAX_FLIPPED:
        return None
    names = sorted(flips)
    for chosen in product((False, True), repeat=len(names)):
        laid = {**specs, **{n: flips[n] for n, on in zip(names, chosen) if on}}
        if _fits(reading.latex, laid, reading.layouts) is not False:
            return None  # a layout of the sheet's letters fits, or nothing can be said
    found = [(a, b) for a, b in combinations(_dims(reading), 2)
             if _fits(reading.latex, _merged(specs, a, b), reading.layouts)]
    if len(found) != 1 or not _fails_when_one(reading, claim, *found[0], seed):
        return None
    return found[0]


def collapse_reason(reading: Reading, pair: tuple[str, str]) -> str:
    """In words: which matrix the formula needs square (in the sheet's letters), or that it
    needs two sizes equal (the claim's names for them are no letters of the sheet's)."""
    a, b = pair
    for d in reading.decls:
        if d.domain == "matrix" and set(map(str, d.shape)) == {a, b}:
            return f"its sizes only fit if {_plain(_as_sheet_writes(d.name, reading))} is square"
    return "its sizes only fit if two sizes the claim keeps apart are equal"


def _as_sheet_writes(name: str, reading: Reading) -> str:
    """A claim's name in the sheet's letters (Sigma_AB as the sheet's Sigma_{ba})."""
    back = dict(reading.names_back)
    if name in back:
        return back[name]
    base, _, sub = name.partition("_")
    if not sub:
        return name
    return f"{back.get(base, base)}_{{{''.join(back.get(ch, ch) for ch in sub)}}}"
