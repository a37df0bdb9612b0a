"""Conditions: ``\\begin{cases}`` definitions and indicators, read into ``Piecewise``.

``f(x) = \\begin{cases} x & \\text{if } x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}`` is
``Piecewise((x, x > 0), (0, True))``; ``\\mathbb{1}[x > 0]`` (``\\mathbb{1}\\{...\\}``,
``\\mathbb{I}[...]``, ``\\mathbf{1}\\{...\\}``, ``\\mathbb{1}_{x > 0}``) is
``Piecewise((1, x > 0), (0, True))``.  Conditions are kept as written (``evaluate=False``), so a
checker can test two cases that overlap at their boundary.  A condition is a comparison (or a
chain or list of them); a leading ``\\text{if}`` / ``for`` / ``when`` is read past, and
``\\text{otherwise}`` / ``\\text{else}`` is the remaining case.
"""
from __future__ import annotations

import sympy as sp
from lark import Token, Tree

from ..statement import Relation
from ._statements import word
from .base import SYMPY_REL, is_matrix

class Provided(sp.Function):
    """``Provided(value, condition)``: the value where the condition holds; elsewhere it has
    no value, so a relation with it says nothing there.  ``A \\iff B`` is read as the two
    implications, each a relation that only speaks where its premise holds:
    ``Provided(b_1, A) op b_2`` and ``Provided(a_1, B) op a_2``."""

    nargs = 2
    is_real = True

    @classmethod
    def eval(cls, *args):
        return None

    def _sympystr(self, printer):
        return f"{printer._print(self.args[0])} [if {printer._print(self.args[1])}]"


_LEAD = {"if", "for", "when", "whenever", "where", "provided"}
_REST = {"otherwise", "else", "if otherwise", "in all other cases", "elsewhere"}


class ConditionsMixin:
    def cases_value(self, base):
        pairs = []
        for row in base.children[1].children:
            if not isinstance(row, Tree):
                continue
            cells = [c for c in row.children if isinstance(c, Tree)]
            if len(cells) != 2:
                self.err("a case needs a value and a condition, separated by &", row)
            value = self.realize(self.single(cells[0]))
            if is_matrix(value):
                self.err("a case whose value is a matrix", cells[0])
            pairs.append((value, self.condition(cells[1])))
        if not pairs:
            self.err("cases with no case", base)
        return sp.Piecewise(*pairs, evaluate=False)

    def condition(self, seq):
        """A condition cell: comparisons (a list of them is their conjunction), true for
        ``\\text{otherwise}``."""
        parts = [c for c in seq.children if isinstance(c, Tree)]
        if len(parts) != 1:
            self.err("an implication as a condition", seq)
        conds = []
        for clause in (c for c in parts[0].children if isinstance(c, Tree)):
            clause, lead = self.strip_word(clause)
            if clause is None:
                if lead in _REST:
                    conds.append(sp.true)
                    continue
                self.err("a condition in words the reader cannot check", seq)
            ev = self.event(clause)
            if not isinstance(ev, (sp.core.relational.Relational, sp.And)):
                self.err("a condition that is not a comparison", clause)
            conds.append(ev)
        return conds[0] if len(conds) == 1 else sp.And(*conds, evaluate=False)

    def strip_word(self, clause):
        """(clause without a leading ``\\text{if}``-like word, the word); (None, word) when
        the clause is that word alone."""
        if clause.data == "rel_fragment":
            return clause, None
        first = clause.children[0]
        units = first.children if first.data == "product" else [first]
        head = units[0] if units else None
        if not (isinstance(head, Tree) and head.data == "text"):
            return clause, None
        w = word(head.children[0].value)
        if w in _REST and len(units) == 1 and len(clause.children) == 1:
            return None, w
        if w not in _LEAD:
            return clause, None
        rest = units[1:]
        if not rest or isinstance(rest[0], Token):
            return (None, w) if not rest else (clause, None)
        expr = rest[0] if len(rest) == 1 else Tree("product", rest, first.meta)
        return Tree(clause.data, [expr] + clause.children[1:], clause.meta), w

    def equivalence(self, clause):
        """``A \\iff B`` with comparisons on both sides (``x > 0 \\iff x^3 > 0``): each side
        implies the other.  A checker decides relations under premises that hold for the whole
        formula, so each direction is a relation of its own that speaks only where its premise
        holds (:class:`Provided`); a premise no trial meets decides nothing."""
        kids = clause.children
        cut = [k for k in range(1, len(kids), 2) if kids[k].value in (r"\iff", r"\Leftrightarrow")]
        if len(cut) != 1:
            self.err("a chain of several equivalences", clause)
        k = cut[0]
        sides = [Tree("clause", kids[:k], clause.meta), Tree("clause", kids[k + 1:], clause.meta)]
        read = []
        for side in sides:
            if len(side.children) < 3:
                self.err("an equivalence states two implications, and its sides here are not "
                         "both comparisons", clause)
            exprs = [self.realize(self.expr(c)) for c in side.children[0::2]]
            rels = []
            for i, tok in enumerate(side.children[1::2]):
                op = self.rel_op(tok)
                a, b = exprs[i], exprs[i + 1]
                if op not in SYMPY_REL or is_matrix(a) or is_matrix(b):
                    self.err("an equivalence between relations of matrices or of other than "
                             "=, \\neq, <, \\le, >, \\ge", tok)
                rels.append((a, op, b))
            cond = [SYMPY_REL[op](a, b, evaluate=False) for a, op, b in rels]
            read.append((rels, cond[0] if len(cond) == 1 else sp.And(*cond, evaluate=False)))
        (rels_a, cond_a), (rels_b, cond_b) = read
        return ([Relation(Provided(a, cond_a), op, b) for a, op, b in rels_b]
                + [Relation(Provided(a, cond_b), op, b) for a, op, b in rels_a])

    def premise(self, part):
        """The relations a premise before ``\\implies`` states: comparisons as written
        (``j \\neq i``), memberships as :meth:`.sets.SetsMixin.membership` reads them (an
        interval is two comparisons; ``x \\in \\mathbb{R}^n``, ``X \\perp Y``, ``X \\sim N`` say
        what x is, which the declarations carry)."""
        rels = [t.value for c in part.children if isinstance(c, Tree) for t in c.children
                if isinstance(t, Token) and t.type == "REL"]
        if rels and all(r in (r"\perp", r"\sim") for r in rels):
            return []  # X \perp Y | Z, X \sim N(0, 1): what the declarations say
        saved, self.conditions, self.in_premise = self.conditions, [], True
        try:
            rels, _ = self.part(part)
            return rels + self.conditions
        finally:
            self.conditions, self.in_premise = saved, False

    def indicator(self, seq, node):
        """``\\mathbb{1}[event]``: 1 where the event holds, else 0."""
        parts = [c for c in seq.children if isinstance(c, Tree)]
        clauses = [c for c in parts[0].children if isinstance(c, Tree)] if len(parts) == 1 else []
        if len(clauses) != 1 or clauses[0].data == "rel_fragment" or len(clauses[0].children) < 3:
            self.err("an indicator needs one condition, such as x > 0", node)
        return sp.Piecewise((sp.Integer(1), self.event(clauses[0])), (sp.Integer(0), sp.true),
                            evaluate=False)

    def condition_seq(self, seq):
        """The group's contents when they hold a comparison (``x > 0``, ``\\{x > 0\\}``), else
        None (then ``\\mathbf{1}`` stays the vector of ones)."""
        inner = self.simple_unit(seq)
        if inner is not None and inner.data == "braceset":
            seq = inner.children[1]
        elif inner is not None and inner.data == "bracket":  # \mathbb{1}_{[k \neq i]}
            seq = next(c for c in inner.children if isinstance(c, Tree))
        has_rel = any(isinstance(t, Token) and t.type == "REL"
                      for part in seq.children if isinstance(part, Tree)
                      for c in part.children if isinstance(c, Tree) for t in c.children)
        return seq if has_rel else None
