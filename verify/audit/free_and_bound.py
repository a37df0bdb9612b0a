"""A letter free on one side of a formula and only bound on the other: wrong, whatever it states.

``\\frac{\\partial R}{\\partial w_{ik}} = \\sum_{i=1}^{m} \\frac{\\partial R}{\\partial y_i}
\\frac{\\partial y_i}{\\partial w_{ik}}`` (the weight's index reused as the sum's) or
``y^k = \\max\\{x_{j+k} \\mid 0 \\le k < r\\}`` (the output's index reused as the variable the max
runs over): one side depends on the letter, the other sums or maximises it away, so the two
sides cannot be equal as the letter varies. verify finds this through a claim's reading
(verify/scope.py, ``_clashes``); a sheet's line that no claim can read (its weight has two
indices where the claim's has one) is still ill-formed, and the reading of the formula alone
shows it.

Only where the reading is sure: on its side the letter is written as an index, a lone
subscript or superscript (``z_k``, ``y^k``), or inside a two-letter subscript of a name that the
other side writes too, under the binder (``w_{ik}`` on both sides: one symbol meaning two
things), and no operator of that side binds it itself. A letter only written as an argument
(``D(p(x, y) \\| p(x) p(y))`` beside ``\\sum_{x, y}``: a placeholder, the sheets' habit) is
no index; a label of letters (``\\ell_{ce} = -\\sum_c ...``) is none either, nor a letter the
bound side also writes outside its binder (``\\sigma(z_i) = e^{z_i} / \\sum_i e^{z_i}``, a
term over its sum), nor an integral's variable (``F(x) = \\int^x f(x) dx``). A formula
with a ``\\sum`` or ``\\prod`` whose index the sheet does not write is not judged: the reader
infers that index (the letter the terms are subscripted with), and a sheet writing
``\\sum t_i`` in one matrix cell and ``\\sum t_i b_i`` in another means one index everywhere,
which an inferred reading can split into a free and a bound one.
"""
from __future__ import annotations

import re

import sympy as sp

from cheatsheet import ops
from cheatsheet.latex import LatexError
from cheatsheet.match import split_relation
from cheatsheet.match.tokens import tokenize
from ..timelimit import CheckTimeout
from ..parsing import parse_cached
from ..scope import _BINDERS as _SCOPE_BINDERS, _MAT_BINDERS, _side_uses, _subscript_names, \
    family, index_reused

# binders whose variable ranges over values the other side could not fix: an expectation's
# variable is the same random variable on both sides (X in E[X] and in E_X[f(X)])
_BINDERS = {"sum", "product", "max", "min"}


def _outside(e, out: set) -> set:
    """Every name and subscript letter written outside the binders' bodies of ``e``."""
    if isinstance(e, type):
        return out  # a function's class, not an expression
    if isinstance(e, (sp.Symbol, sp.MatrixSymbol)):
        out.add(e.name)
        out |= _subscript_names(family(e.name)[1])
        return out
    if isinstance(e, sp.Indexed):
        out.add(str(e.base.label))
        for i in e.indices:
            _outside(i, out)
        return out
    if isinstance(e, (sp.Sum, sp.Product)):
        for _var, *ends in e.limits:
            for x in ends:
                _outside(x, out)
        return out
    for cls, (_pos, kept) in _SCOPE_BINDERS.items():
        if isinstance(e, cls):
            for k in kept:
                _outside(e.args[k], out)
            return out
    if isinstance(e, ops.MatApply) and e.op in _MAT_BINDERS:
        _pos, kept = _MAT_BINDERS[e.op]
        for k in kept:
            if k < len(e.operands):
                _outside(e.operands[k], out)
        return out
    for a in getattr(e, "args", ()):
        if isinstance(a, sp.Basic):
            _outside(a, out)
    return out


def _plainly(letter: str, free, other, text: str) -> bool:
    """Is ``letter`` surely an index of the free side, whose LaTeX is ``text``: written as a
    lone subscript or superscript (``z_k``, ``y^k``), or in a two-letter subscript of a name the
    other side writes under its binder too (``w_{ik}`` on both sides), and bound by no operator
    of the free side itself (the reader may have moved a derivative into a sum)?"""
    if _binds(text, letter):
        return False
    if re.search(rf"[_^]\s*(\{{\s*{letter}\s*\}}|{letter}(?![A-Za-z]))", text):
        return True
    if not any(letter in g and re.fullmatch(r"\s*[a-z]\s*,?\s*[a-z]\s*", g)
               for g in re.findall(r"_\s*\{([^{}]*)\}", text)):
        return False
    return any(letter in _subscript_names(family(name)[1]) and name in other.values
               for name in free.values)


def _binds(text: str, letter: str) -> bool:
    """Does an operator of ``text`` bind ``letter`` (``\\sum_{i=1}``, ``\\max_i``)?"""
    for m in re.finditer(r"\\(sum|prod|max|min|sup|inf|int|lim|arg\s*max|arg\s*min|bigcup|"
                         r"bigcap|mathbb\s*\{\s*E\s*\}|operatorname\*?\s*\{[^}]*\})"
                         r"\s*(\\limits)?\s*_\s*(\{(?P<g>[^{}]*)\}|(?P<c>[A-Za-z]))", text):
        group = m.group("g") or m.group("c") or ""
        if re.search(rf"(?<![A-Za-z\\]){letter}(?![A-Za-z])", group):
            return True
    return False


def _side_texts(latex: str) -> list[str]:
    """The formula's sides as written, split at its top-level relations."""
    rest, out = tokenize(latex), []
    while True:
        cut = split_relation(rest)
        if cut is None:
            out.append(" ".join(t.raw for t in rest))
            return out
        out.append(" ".join(t.raw for t in cut[0]))
        rest = cut[2]


def clashes(latex: str, symbols: dict | None = None) -> list[str]:
    """What is wrong with the formula's letters, in words (empty when nothing surely is)."""
    try:
        return _clashes(latex, symbols)
    except CheckTimeout:
        raise
    except Exception:  # noqa: BLE001 - a reading this rule cannot walk decides nothing
        return []


_UNWRITTEN_INDEX = re.compile(r"\\(?:sum|prod)(?![A-Za-z])(?!\s*(?:\\limits|\\nolimits)?\s*_)")


def _clashes(latex: str, symbols: dict | None) -> list[str]:
    if _UNWRITTEN_INDEX.search(latex):
        return []  # (an index the sheet does not write is inferred, not reused: see above)
    stmt = None
    for decls in ((symbols or {}), {}):
        try:
            stmt = parse_cached(latex, dict(decls), layout="numerator")
            break
        except (LatexError, ValueError, TypeError):
            continue
    if stmt is None or not stmt.relations:
        return []
    texts = _side_texts(latex)
    if len(texts) != len(stmt.relations) + 1:
        return []  # the reader split it otherwise: which side is which is unclear
    out = []
    for k, r in enumerate(stmt.relations):
        if r.op != "=":
            continue
        left, right = _side_uses(r)
        for free, other, side, text in ((left, right, "left", texts[k]),
                                        (right, left, "right", texts[k + 1])):
            outside = _outside(r.rhs if side == "left" else r.lhs, set())
            for letter, what in sorted(other.bound.items()):
                if what not in _BINDERS or letter in outside:
                    continue
                if not _plainly(letter, free, other, text):
                    continue
                there = "right" if side == "left" else "left"
                msg = index_reused(letter, what, f"the {side} side", f"the {there} side")
                if msg not in out:
                    out.append(msg)
    return out
