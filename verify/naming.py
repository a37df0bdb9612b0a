"""A relation of a line that only gives a name to what the rest of the line states.

Sheets name what they go on to state: ``\\ell(y, z) = -y \\log \\sigma(z) - ... = -\\log
\\sigma((2y - 1) z)`` names the loss before the identity, ``\\mathbb{E}[X] = \\int t f_X(t) dt
=: \\mu_X`` names the mean after it.  Such a relation is a definition, not a claim: nothing can
confirm or refute it.  Checking the line means checking every other relation, with the name
taken as defined, so a reading never has to cut the naming relation out of the line (and with it
whatever else the line states).  A line that is nothing but a definition stays undecided
(``undecidable.defined_name``).

A *leading* naming relation is the first relation, ``=`` or ``:=``, whose left side is a name
the claim does not know (a bare name, an entry ``y_i``, such a name squared as a variance is
written, ``s_n^2``, or an undeclared function applied to names, ``\\ell(y, z)``) and whose
right side does not use it.  A *trailing* one is the last
relation written ``=:`` (or ``\\eqqcolon``) with a bare name on its right.  A name between two
relations of a chain, ``\\ln p(x) \\ge \\mathcal{L} = \\mathbb{E}[...] - D_{KL}(...)``, names the
side after it: the chain is checked with the name left out.  Where the rest of
the line uses the new name again, it is replaced by what it names.
"""
from __future__ import annotations

import re
from dataclasses import replace

import sympy as sp
from sympy.core.function import AppliedUndef

from cheatsheet.statement import Statement

# relation signs at the top level of a formula, in reading order (enough to tell which one is
# written =: ; the reader has read the line already and folds :=, =: and = into one '=')
_REL = re.compile(r"=:|:=|\\eqqcolon(?![A-Za-z])|\\coloneqq(?![A-Za-z])|\\(?:leq?|geq?|neq?|ne|"
                  r"approx|equiv|propto|leqslant|geqslant|succeq|preceq)(?![A-Za-z])|"
                  r"(?<![<>!\\:])=(?!:)|<|>")


# domains that take any value of their size: a name declared so may stand for any such value
_ANY_VALUE = {"real", "matrix", "square", "vector", "vectors", "function", "vecfunction"}


def _names(e) -> set:
    out = {getattr(s, "name", str(s)) for s in e.free_symbols}
    out |= {type(f).__name__ for f in e.atoms(AppliedUndef)}
    out |= {m.name for m in e.atoms(sp.MatrixSymbol)}
    return out


def _name_of(e, *, calls: bool) -> str | None:
    """The name a side gives, or None when the side is not just a name. A name raised to a
    whole power names too: ``s_n^2`` is how a variance is named (the square is part of the
    name, as ``\\sigma^2`` is)."""
    if isinstance(e, sp.Pow) and e.exp.is_Integer and e.exp > 1:
        e = e.base
    if isinstance(e, (sp.Symbol, sp.MatrixSymbol)) and not isinstance(e, sp.Dummy):
        return e.name
    if isinstance(e, sp.Indexed) and isinstance(e.base.label, sp.Symbol):
        return e.base.label.name
    if calls and isinstance(e, AppliedUndef) and all(
            isinstance(a, (sp.Symbol, sp.MatrixSymbol)) for a in e.args):
        return type(e).__name__
    return None


def _last_sign(latex: str) -> str | None:
    """The last relation sign written outside every bracket, script and ``\\text``."""
    text = re.sub(r"\\(?:text\w*|operatorname|mathrm)\s*\{[^{}]*\}", " ", latex)
    text = re.sub(r"\\left|\\right|\\[bB]ig+[lr]?", "", text)
    text = text.replace(r"\{", " ").replace(r"\}", " ")
    out, depth = [], 0
    for ch in text:
        depth += (ch in "([{") - (ch in ")]}")
        depth = max(depth, 0)
        out.append(ch if depth == 0 and ch not in ")]}" else " ")
    signs = _REL.findall("".join(out))
    return signs[-1] if signs else None


def _new(name: str | None, defines, used: set) -> bool:
    if name is None or defines(name) or name in used:
        return False
    vocab = getattr(defines, "__self__", None)  # scope.Vocabulary.defines
    return not (vocab is not None and vocab.misplaced(name))


def _sheets_own(name: str | None, defines, value) -> bool:
    """A name the sheet introduces (a source's ``symbols``, so it has a size) that the claim's
    own statement never uses: the sheet's name for a value, like ``Y`` for ``f(X)``."""
    vocab = getattr(defines, "__self__", None)
    if name is None or vocab is None or vocab.canonical is None or name in _names(value):
        return False
    from .scope import _canonical_uses

    d = vocab.decls.get(name)
    if d is not None and d.domain not in _ANY_VALUE:  # y > 0 declared: the value may not be
        return False
    return name not in _canonical_uses(vocab.canonical).all_names() and not vocab.misplaced(name)


def _replace_name(rels, name_expr, value):
    """The relations with the name replaced by what it names (None when a use of it is not the
    bare name the definition gives, e.g. the defined function applied to other arguments)."""
    if isinstance(name_expr, AppliedUndef):
        uses = [a for r in rels for s in (r.lhs, r.rhs) for a in s.atoms(AppliedUndef)
                if type(a).__name__ == type(name_expr).__name__]
        if any(u != name_expr for u in uses):
            return None
    try:
        out = tuple(replace(r, lhs=r.lhs.xreplace({name_expr: value}),
                            rhs=r.rhs.xreplace({name_expr: value})) for r in rels)
    except (TypeError, ValueError, sp.ShapeError):
        return None
    if isinstance(name_expr, sp.Pow) and _name_of(name_expr, calls=False) in set().union(
            *(_names(r.lhs) | _names(r.rhs) for r in out)):
        return None  # s named s^2, and s used bare elsewhere: not the name's value there
    return out


def split(stmt: Statement, latex: str, defines) -> tuple[Statement, list[str]]:
    """The statement without the relations that only name something, and the names they give.
    ``defines(name)``: whether the claim's vocabulary already has the name (a relation about a
    name the claim knows is a claim about it, never a naming)."""
    rels, names = list(stmt.relations), []
    premises = list(stmt.premises)
    for prem in list(premises):  # f(X) = Y \implies ...: Y names f(X) in what follows
        got = _premise_name(prem, rels, defines)
        if got is not None:
            rels = got[0]
            premises.remove(prem)
            names.append(got[1])
    if len(rels) >= 2:
        first = rels[0]
        name = _name_of(first.lhs, calls=True)
        if first.op == "=" and _new(name, defines, _names(first.rhs)):
            rest = tuple(rels[1:])
            if name in set().union(*(_names(r.lhs) | _names(r.rhs) for r in rest)):
                rest = _replace_name(rest, first.lhs, first.rhs)
            if rest is not None:
                rels, names = list(rest), [name]
    if len(rels) >= 2:  # ..., where p(L) = ...: the last relation defines a name used before it
        last = rels[-1]
        name = _name_of(last.lhs, calls=True)
        before = set().union(*(_names(r.lhs) | _names(r.rhs) for r in rels[:-1]))
        if (last.op == "=" and name in before and last.lhs != rels[-2].rhs
                and (_new(name, defines, _names(last.rhs))
                     or _sheets_own(name, defines, last.rhs))):
            rest = _replace_name(tuple(rels[:-1]), last.lhs, last.rhs)
            if rest is not None:
                rels, names = list(rest), names + [name]
    k = 1
    while k < len(rels):  # a ≥ N = b: N names b in the middle of a chain
        left, right = rels[k - 1], rels[k]
        name = _name_of(right.lhs, calls=True)
        others = [r for j, r in enumerate(rels) if j not in (k - 1, k)]
        used = set().union(_names(left.lhs), _names(right.rhs),
                           *(_names(r.lhs) | _names(r.rhs) for r in others))
        if right.op == "=" and left.rhs == right.lhs and _new(name, defines, used):
            rels[k - 1:k + 1] = [replace(left, rhs=right.rhs)]
            names.append(name)
        else:
            k += 1
    if len(rels) >= 2 and _last_sign(latex) in ("=:", r"\eqqcolon"):
        last = rels[-1]
        name = _name_of(last.rhs, calls=False)
        others = set().union(*(_names(r.lhs) | _names(r.rhs) for r in rels[:-1]))
        if last.op == "=" and _new(name, defines, _names(last.lhs) | others):
            rels, names = rels[:-1], names + [name]
    if not names:
        return stmt, []
    return replace(stmt, relations=tuple(rels), premises=tuple(premises)), names


def _premise_name(prem, rels, defines):
    """A premise ``value = Name`` (or ``Name = value``) that gives a name the claim does not
    know to a value: the relations with the name replaced by the value, and the name.  Such a
    premise cannot hold on a random draw of the name; it is a definition, read as one."""
    if prem.op != "=":
        return None
    for name_side, value in ((prem.rhs, prem.lhs), (prem.lhs, prem.rhs)):
        name = _name_of(name_side, calls=False)
        if not (_new(name, defines, _names(value)) or _sheets_own(name, defines, value)):
            continue
        used = set().union(*(_names(r.lhs) | _names(r.rhs) for r in rels))
        if name not in used:
            return None
        rest = _replace_name(tuple(rels), name_side, value)
        if rest is not None:
            return list(rest), name
    return None
