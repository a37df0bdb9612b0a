"""A formula that states two things of different kinds: its main relation decided alone.

``(J)_{ij} = \\partial f_j / \\partial x_i \\in \\mathbb{R}^{n \\times m}`` states an entry and,
in the same chain, a size; ``(a * b)[u] = (b * a')[u] \\quad \\text{where } a'(t) = a(-t)``
states a relation and then defines a name in it. Read whole, such a formula resembles the
claim of one part (or none), and the other part is never checked: a wrong entry beside a right
size was called ok. Here the main relation, without its set or its definition, is decided as
a formula of its own; the formula is wrong when that part is wrong by a claim (never by the
generic check, which knows nothing of what the cut part said). A right part changes nothing.
"""
from __future__ import annotations

import re
from dataclasses import replace

from cheatsheet.sheets.formulas import _scan

# a relation before the set: "A = B \in S" is a chain, "x \in S" alone a declaration
_RELATION = re.compile(r"(?<![<>!\\:])=|\\(?:approx|equiv|propto|coloneqq)(?![A-Za-z])")
# a definition after the statement: "\quad \text{where } a(t) = ...", ", \text{with } ..."
_DEFINING = re.compile(r"(?:\s|,|;|\\q?quad(?![A-Za-z])|\\[,;: ])*\\(?:text|textrm|mathrm|mbox)"
                       r"\s*\{\s*(?:where|with)\b[^{}]*\}(?P<body>.*)$", re.S)


def _top_level(latex: str, token: str) -> list[int]:
    """Positions of ``token`` outside brackets, braces and environments."""
    return [k for k, tok, depth, envs in _scan(latex) if tok == token and depth == 0 and not envs]


def main_relation(latex: str) -> str | None:
    """The formula's main relation without a trailing set it puts the chain in, or without a
    trailing definition; None when it has neither (or nothing would be left to state)."""
    m = _DEFINING.search(latex)
    if m and _RELATION.search(m.group("body")):
        head = latex[:m.start()].rstrip(" ,;")
        return head if _RELATION.search(head.replace("&", "")) else None
    ins = _top_level(latex, r"\in")
    if len(ins) != 1:
        return None
    head, tail = latex[:ins[0]].rstrip(" ,;"), latex[ins[0] + len(r"\in"):]
    if not tail.strip() or _RELATION.search(tail) or not _RELATION.search(head):
        return None
    last = _RELATION.split(head)[-1]
    if re.search(r",|;|\\q?quad(?![A-Za-z])|\\(?:text|mathrm|mbox)\s*\{", last):
        return None  # (y = Wx, W \in R^{m x n}: the set is a clause of W, not of the chain)
    return head


def decided_parts(decider, formula, conv, file: str, habits, f):
    """``f``, or the finding of the formula's main relation (``main_relation``) where that part
    is wrong by a claim's check: one wrong part makes the formula wrong."""
    if f.verdict == "wrong" or formula.continues or formula.segment.cell:
        return f
    head = main_relation(formula.latex)
    if head is None or head.strip() == formula.stated.strip():
        return f
    g = decider.decide_stated(replace(formula, latex=head,
                                      written=formula.written or formula.latex),
                              conv, file, habits)
    if g.verdict != "wrong" or not g.claim or (g.method or "").startswith("generic"):
        return f
    return replace(g, latex=formula.latex, written=formula.written)
