"""Do the sizes of a refuted formula clash as the sheet writes it, not only as the claim reads it?

A clash that only the claim's declarations make (1 - z for a vector z, a scalar function read
as a matrix one) may be a notation the claim does not share; one in the formula's own notation
too (bold lower case a vector, bold capital a matrix), in every layout, is the formula's.
"""
from __future__ import annotations

import re
from itertools import product

import sympy as sp

from cheatsheet.latex import LatexError, LatexShapeError
from cheatsheet.match import split_relation
from cheatsheet.match.tokens import rebuild, tokenize
from ..parsing import parse_cached
from .readings import Reading
from .sized_identity import fits_some_size


# how a check words a comparison of a matrix side with a scalar one (verify/numeric.py)
_KIND_CLASH = " matrix, the other a scalar"


_SIZES_DIFFER = re.compile(r"the left side is \S+, the right side \S+$")


def _names_declared(toks: list, symbols: dict) -> bool:
    """Does the sheet declare every name of these tokens (S_{PQ} as S_PQ)?"""
    names = _written_names(toks)
    return bool(names) and all(name in symbols for name in names)


def _right_side_clashes(text: str, symbols: dict, layout: str) -> bool:
    """Is the right side of ``lhs = rhs``, read alone, ill-formed in these sizes? Only where
    the sheet declares each of its names: default sizes of bold and capital letters are no
    notation of the sheet's."""
    try:
        split = split_relation(tokenize(text))
    except Exception:  # noqa: BLE001 - a formula the tokeniser trips on has no sides
        return False
    if split is None or split[1][0].norm != "=" or split_relation(split[2]) is not None:
        return False
    if not _names_declared(split[2], symbols):
        return False
    try:
        parse_cached(rebuild(split[2]), symbols, layout=layout)
    except LatexShapeError:
        return True
    except (LatexError, ValueError, TypeError):
        return False
    return False


def _is_array(e) -> bool:
    """Is a side a matrix or a vector (not a scalar, nor a 1x1 product x^T A x)?"""
    shape = getattr(e, "shape", None)
    return isinstance(e, (sp.MatrixBase, sp.MatrixExpr)) and shape is not None \
        and tuple(shape) != (1, 1)


def _as_written_in_every_layout(reading: Reading, test, every: bool = False) -> bool:
    """Does ``test`` hold of some relation (of every one, with ``every``) of the formula as
    the sheet writes it, in every layout it may be read in? False where it cannot be read."""
    text, symbols = reading.own or ("", ())
    if not text:
        return False
    for layout in reading.layouts:
        try:
            st = parse_cached(text, dict(symbols), layout=layout)
        except (LatexError, ValueError, TypeError):
            return False
        if not (all if every else any)(test(r) for r in st.relations):
            return False
    return True


def _differentiated(toks: list) -> set:
    """Names written plain (no bold) as the whole numerator of a derivative (dL/dx): the
    quantity it is taken of."""
    out = set()
    for k in range(3, len(toks) - 1):
        frac, brace, d, t, end = toks[k - 3:k + 2]
        if frac.norm == "\\frac" and brace.raw == "{" and d.norm in ("\\partial", "d") \
                and t.ident is not None and end.raw == "}" \
                and not t.raw.startswith(("\\mathbf", "\\boldsymbol", "\\bm")):
            out.add(t.ident)
    return out


def _sides_differ(r) -> bool:
    """Are both sides of a relation arrays whose sizes differ even up to a transpose? (A
    gradient may be written as a row or a column: that is layout, not a clash.)"""
    try:  # (an indexed entry phi[t + 1] has no shape sympy can give)
        if not (_is_array(r.lhs) and _is_array(r.rhs)):
            return False
        a, b = tuple(r.lhs.shape), tuple(r.rhs.shape)
    except Exception:  # noqa: BLE001 - sides whose sizes cannot be told do not clash
        return False
    return a != b and a != b[::-1]


def _base(name: str) -> str:
    return name.split("_", 1)[0]


def _defined_capitals(text: str) -> set[str]:
    """Bold capitals a statement of the formula defines, standing alone (with a subscript) on
    the left of its ``=``: G_t = G_{t-1} + g_t (.) g_t. A bold capital is a matrix by the
    font's habit only; one the formula defines is sized by its definition (AdaGrad's
    accumulator is a vector of squared gradients, whatever its letter)."""
    try:
        toks = tokenize(text)
    except Exception:  # noqa: BLE001 - a formula the tokeniser trips on defines nothing
        return set()
    statements, depth, cur = [], 0, []
    for t in toks:
        if t.raw.strip() == "&":  # an alignment mark (align rows) is no part of a side
            continue
        depth += {"{": 1, "}": -1, "(": 1, ")": -1}.get(t.raw, 0)
        if t.raw == "," and depth == 0:
            statements.append(cur)
            cur = []
        else:
            cur.append(t)
    statements.append(cur)
    out = set()
    for st in statements:
        eq = next((k for k, t in enumerate(st) if t.norm == "="), None)
        if not eq or st[0].ident is None or not st[0].ident[:1].isupper() \
                or not st[0].raw.startswith(("\\mathbf", "\\boldsymbol", "\\bm")):
            continue
        if eq == 1 or (st[1].norm == "_" and (eq == 3 or st[2].raw == "{")):
            out.add(st[0].ident)
    return {name for name in _written_names(toks) if _base(name) in out}


def _written_names(toks: list) -> set[str]:
    """Each name as a declaration writes it, subscript included (G_t, G_t-1)."""
    from .notation import _subscript

    names, k = set(), 0
    while k < len(toks):
        t, k = toks[k], k + 1
        if t.ident is None:
            continue
        name = t.ident
        if k < len(toks) and toks[k].norm == "_":
            sub, k = _subscript(toks, k + 1)
            name = f"{t.ident}_{sub}"
        names.add(name)
    return names


class AsWritten:
    """The Confidence's checks of a formula in its own notation (a mixin)."""

    def ill_formed_as_written(self, reading: Reading) -> bool:
        """Do the sizes clash in the formula's own notation too (bold lower case a vector,
        bold capital a matrix), in every layout it may be read in?"""
        text, symbols = reading.own
        declared = dict(symbols)
        try:
            toks = tokenize(text)
            units = {t.ident for t in toks if t.ident is not None
                     and (t.raw.startswith(("\\mathbf", "\\boldsymbol", "\\bm"))
                          or t.ident[:1].isupper())}
        except Exception:  # noqa: BLE001
            toks, units = [], set()
        # (the loss a derivative is taken of, dL/dx or dJ/dW in plain capitals, is a number,
        # not a matrix of a size the sheet left unsaid)
        units -= _differentiated(toks) - {k for k, _ in symbols}
        # (I is the identity, sized by the product it stands in)
        free = sorted(u for u in units if u not in declared and _base(u) != "I")
        if free and len(free) == len([u for u in units if _base(u) != "I"]):
            free = []  # no size of the sheet's own: the defaults are the notation
        if free and not all(u[:1].islower() for u in free):
            # sizes the sheet gave some of its symbols beside default sizes of a matrix it
            # did not size clash without the sheet saying so
            return False
        dims = [n for n, spec in symbols if spec == "dim"]
        if free and not dims:
            return False
        # a bold vector the sheet did not size (t beside Phi of N x M) may have any of the
        # sheet's sizes: the formula is ill-formed only if it is so for every one of them
        # (a bold capital the formula defines is tried as a vector too, _defined_capitals)
        defined = sorted(u for u in _defined_capitals(text) if u not in declared)
        letters = sorted({_base(u) for u in defined})
        shapes = [None] + [f"vector({n})" for n in (dims or ["n"])]
        for sizes, kept in product(product(dims, repeat=len(free)) if free else [()],
                                   product(shapes, repeat=len(letters))):
            as_vector = dict(zip(letters, kept))
            given = {**declared, **{u: f"vector({n})" for u, n in zip(free, sizes)},
                     **{u: as_vector[_base(u)] for u in defined
                        if as_vector[_base(u)] is not None}}
            for layout in reading.layouts:
                try:
                    st = parse_cached(text, given, layout=layout)
                except LatexShapeError:
                    continue
                except (LatexError, ValueError, TypeError):
                    # a left side the reader cannot build (E[x_B | x_A] of vectors) may
                    # name a right side that clashes in the sizes the sheet declares all
                    # the same (only the sizes it declares, none tried for it)
                    if not free and _right_side_clashes(text, dict(given), layout):
                        continue
                    return False
                if any(_sides_differ(r) for r in st.relations):
                    continue  # (dL/dx of x in R^d against W delta in R^m)
                return False
        # (|I_M + V^T A^{-1} U|: the identity's letter sizes the capitals the sheet left unsized)
        return not fits_some_size(text, units - set(declared), reading.layouts, _sides_differ)

    def kinds_clash_as_written(self, reading: Reading) -> bool:
        """Is one side a matrix (or vector) and the other a scalar in the formula's own
        notation too, in every layout it may be read in? A clash that only the claim's
        declarations make says the reading, not the sheet, is at fault."""
        return _as_written_in_every_layout(
            reading, lambda r: _is_array(r.lhs) != _is_array(r.rhs))

    def scalars_as_written(self, reading: Reading) -> bool:
        """Are both sides numbers in the formula's own notation (no bold, no declared size)?
        Then sides of two sizes come from the claim's declarations alone (d(XA)/dx = X^T,
        bold, clashes in the sheet's own notation too)."""
        return _as_written_in_every_layout(
            reading, lambda r: not _is_array(r.lhs) and not _is_array(r.rhs), every=True)
