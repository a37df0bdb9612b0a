"""A math segment split into the statements it makes.

One segment may hold several formulas (``a = b \\quad c = d``), a formula and the condition
under which it holds (``f(x) = 1 \\text{ if } x > 0``, ``\\forall j \\neq i: ...``), or words
joining them.  Each becomes a :class:`~._pre.Piece` the grammar reads; a condition is never
dropped unread but becomes a premise.  Split from ``_pre`` (token normalisation), which it
builds on.
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import _operands, _runs
from ._pre import (_CLOSE, _OPEN, Piece, _flatten_environments, _like, _ranges, normalise,
                   split_top, tokens)


def pieces(latex: str) -> list[Piece]:
    """``_pieces``, a new list each time (a piece is never changed once made)."""
    return list(_pieces(latex))


@lru_cache(maxsize=4096)
def _pieces(latex: str) -> tuple[Piece, ...]:
    """The independent formulas of one math segment (split at top-level \\quad / \\qquad),
    each normalised and re-joined; trailing punctuation removed.  A quantifier's condition
    becomes a premise (``\\forall j \\neq i: J_{ij} = 0`` is ``j \\neq i \\implies J_{ij} = 0``),
    and a piece that is only a condition (``\\quad S \\subseteq A``, ``\\quad \\forall j \\neq
    y``) a premise of the formula before it: a condition is never dropped unread."""
    toks = _operands.evaluation_bars(_double_integrals(tokens(latex)))
    toks = _flatten_environments(toks)
    from . import _side_conditions as side, _words_piecewise as cases

    quad_parts, raw_parts = split_top(toks, {r"\quad", r"\qquad", "\\\\"}), []
    # A \text{ if } C \text{ else } B: one definition by cases (_words_piecewise)
    quad_parts = [cases.cases_from_words(p) or p for p in cases.join_otherwise(quad_parts)]
    for k, part in enumerate(quad_parts):
        # a piece that only says where the formula before it holds (\quad a, b > 0, \quad
        # k = 1, 2, \dots): that formula's premise, never a claim of its own
        cond = side.side_condition(normalise(part)) if any(
            _top_relations(p) for p in quad_parts[:k]) else None
        raw_parts += [cond + [_like(cond[-1], r"\implies")]] if cond else _split_words(part)
    parts = []
    for part in raw_parts:
        part = normalise(part)
        part = side.trailing_condition(part) or part  # f(x) = ..., a, b > 0
        part = _operands.extend(_runs.expand(_ranges(part)))
        part = _strip_quantifier(part)
        part = _condition_first(_trim(part))
        if part:
            parts.append(part)
    return tuple(Piece(part, latex) for part in _conditions_join(parts))


def _double_integrals(toks: list[str]) -> list[str]:
    """``\\iint_{\\mathbb{R}^2}`` is ``\\int_{\\mathbb{R}} \\int_{\\mathbb{R}}`` and a bare
    ``\\iint`` two ``\\int`` (each then pairs with its own differential); other regions are
    left for the reader to refuse."""
    out, i = [], 0
    while i < len(toks):
        t = toks[i]
        if t == r"\iint":
            region = [str(x) for x in toks[i + 1:i + 9]]
            if region == ["_", "{", r"\mathbb", "{", "R", "}", "^", "2"] and \
                    i + 9 < len(toks) and toks[i + 9] == "}":
                one = [_like(t, x) for x in (r"\int", "_", "{", r"\mathbb", "{", "R", "}", "}")]
                out += one + [_like(t, x) for x in one]
                i += 10
                continue
            if i + 1 >= len(toks) or toks[i + 1] not in ("_", "^"):
                out += [_like(t, r"\int"), _like(t, r"\int")]
                i += 1
                continue
        out.append(t)
        i += 1
    return out


_QUANTIFIED = {r"\forall", r"\exists"}
_COMPARISONS = {"=", "<", ">", r"\le", r"\leq", r"\ge", r"\geq", r"\neq", r"\ne", r"\leqslant",
                r"\geqslant"}
_MEMBERSHIPS = {r"\in", r"\notin", r"\subseteq", r"\subset", r"\supseteq", r"\supset"}
_LAWS = {r"\sim", r"\perp"}


def _top_relations(part: list[str]) -> list[str]:
    depth, out = 0, []
    for t in part:
        if t in _OPEN or t in (r"\lvert", r"\lVert"):
            depth += 1
        elif t in _CLOSE or t in (r"\rvert", r"\rVert"):
            depth -= 1
        elif depth == 0 and (t in _COMPARISONS or t in _MEMBERSHIPS or t in _LAWS
                             or t in (":=", "=:", r"\to", r"\rightarrow", r"\implies")):
            out.append(t)
    return out


def _is_condition(part: list[str]) -> bool:
    """A piece that only states a condition: a dangling premise (``j \\neq y \\implies``, what
    a trailing quantifier leaves), or memberships and laws only (``S \\subseteq A``)."""
    if part and part[-1] == r"\implies":
        return True
    rels = _top_relations(part)
    return bool(rels) and all(r in _MEMBERSHIPS or r in _LAWS for r in rels)


def _conditions_join(parts: list[list[str]]) -> list[list[str]]:
    """Each condition-only piece becomes a premise of the formula piece before it (after it,
    when it comes first); a segment of conditions only is left as it is (the reader says it
    states no formula)."""
    if not any(_is_condition(p) for p in parts):
        return parts
    if all(_is_condition(p) for p in parts):  # no formula: a lone quantifier is none either
        return [p for p in parts if not (p and p[-1] == r"\implies")]
    out: list[list[str]] = []
    waiting: list[list[str]] = []
    for part in parts:
        if _is_condition(part):
            cond = part if part[-1] == r"\implies" else part + [_like(part[-1], r"\implies")]
            if out:
                out[-1] = cond + out[-1]
            else:
                waiting.append(cond)
            continue
        out.append([t for c in waiting for t in c] + part)
        waiting = []
    return out


_WORD = re.compile(r"\\(?:text\w*|mbox|mathrm|operatorname)\s*\{\s*(.*?)\s*\}$", re.S)
# words that join two formulas (a = b \text{ and } c = d) or introduce a condition under which
# the formula before them holds (y = Wx \text{ where } W = ..., f(x) = 1 \text{ if } x > 0)
_JOINING = {"and"}
_CONDITION = {"if", "when", "whenever", "provided", "where", "with"}
_FOR_ALL = {"for all", "for every", "for each", "for any"}


def word(tok: str) -> str | None:
    """The lower-case prose of a ``\\text{...}`` token, else None."""
    m = _WORD.match(tok)
    return re.sub(r"\s+", " ", m.group(1)).strip(" ,.").lower() if m else None


def _split_words(part: list[str]) -> list[list[str]]:
    """``a = b \\text{ and } c = d``: two formulas; ``f(x) \\ge 0 \\text{ for all } x``: the
    quantifier phrase goes (a premise that only names its variables says nothing to check);
    ``f_y(x) > f_j(x) \\ \\forall j \\neq y``: its condition is the formula's premise."""
    out: list[list[str]] = [[]]
    depth = 0
    leading = None  # \quad \text{for } c \in \mathbb{R}: the piece is a condition
    for k, t in enumerate(part):
        if t in _OPEN:
            depth += 1
        elif t in _CLOSE:
            depth -= 1
        w = word(t) if depth == 0 else None
        if w in _JOINING:
            out.append([])
            continue
        if not out[-1] and w in _JOINING | {"where", "with"}:
            continue  # \quad \text{where } \bar{h}(t) = h(-t): a formula of its own
        if not out[-1] and len(out) == 1 and (w in _CONDITION or w in _FOR_ALL or w == "for"):
            leading = t
            continue
        if (w in _FOR_ALL or t == r"\forall") and out[-1] and out[-1][0] not in _QUANTIFIED:
            tail = [u for u in part[k + 1:] if u != r"\forall"]
            if not _only_names(tail) or any(u in _MEMBERSHIPS for u in tail):
                out[-1] = tail + [_like(t, r"\implies")] + out[-1]
            break
        out[-1].append(t)
    if leading is not None and len(out) == 1 and out[0] and (
            not _only_names(out[0]) or any(u in _MEMBERSHIPS for u in out[0])):
        out[0].append(_like(leading, r"\implies"))  # a condition of the formula beside it
    return [p for p in out if p]


def _only_names(toks: list[str]) -> bool:
    """Names, commas and memberships only (``x``, ``i, j``, ``x \\in \\mathbb{R}^n``)."""
    return not any(t in ("=", "<", ">", r"\le", r"\leq", r"\ge", r"\geq", r"\neq", r"\ne")
                   for t in toks)


def _trim(part: list[str]) -> list[str]:
    """Without punctuation at either end (``a = b,``, ``, x > 0.``)."""
    while part and part[-1] in (",", ".", ";", r"\,", "\\\\"):
        part = part[:-1]
    while part and part[0] in (",", ";"):
        part = part[1:]
    return part


def _condition_first(part: list[str]) -> list[str]:
    """``f(x) = 1 \\text{ if } x > 0`` states the relation under the condition:
    ``x > 0 \\implies f(x) = 1``."""
    depth = 0
    for k, t in enumerate(part):
        if t in _OPEN:
            depth += 1
        elif t in _CLOSE:
            depth -= 1
        elif depth == 0 and k and word(t) in _CONDITION:
            premise, claim = _trim(part[k + 1:]), _trim(part[:k])
            if premise and claim:
                return premise + [_like(t, r"\implies")] + claim
            return part
    return part


def _strip_quantifier(part: list[str]) -> list[str]:
    """``\\forall B: C`` / ``\\forall x \\in S, C``: C under the premise B when B states a
    condition (``j \\neq i``, ``\\lambda \\in [0, 1]``, ``x \\in \\mathbb{R}^n``: the reader
    decides what each means), C alone when B only names variables (``\\forall i:``).  A lone
    ``\\forall B`` is a condition for the formula beside it (``B \\implies``).  ``\\exists`` is
    left for the reader, which refuses it: the checker decides what holds for every value."""
    if part and part[0] == r"\exists":
        return part[:1]  # refused by the reader as a whole, saying why
    if not part or part[0] != r"\forall":
        return part
    depth = 0
    seen_in = False
    binder, claim = part[1:], []
    for k, t in enumerate(part):
        if t in _OPEN:
            depth += 1
        elif t in _CLOSE:
            depth -= 1
        elif depth == 0 and t == ":":
            binder, claim = part[1:k], part[k + 1:]
            break
        elif depth == 0 and t in _MEMBERSHIPS:
            seen_in = True
        elif depth == 0 and t == "," and seen_in and k + 1 < len(part) \
                and part[k + 1] != r"\forall":
            binder, claim = part[1:k], part[k + 1:]
            break
    binder = [t for t in binder if t != r"\forall"]
    states = any(t in _COMPARISONS or t in _MEMBERSHIPS for t in _top_relations(binder))
    if not claim:
        return binder + [_like(part[0], r"\implies")] if states else []
    if not states:
        return claim
    return binder + [_like(part[0], r"\implies")] + claim
