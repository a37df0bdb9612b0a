"""Tree -> SymPy, with the declarations at hand: the statement level, and the class that joins
the reader's parts.

The grammar leaves every juxtaposition as a flat product of units; the reader decides what each
one means, one concern per module:

* :mod:`.units` -- names and units: symbols, fonts, accents, scripts, declarations, defaults;
* :mod:`.arithmetic` -- sums and products of units, powers, fractions, groups;
* :mod:`.calls` -- call or product (:mod:`.self_products`: ``q(1 - q)`` multiplies);
* :mod:`.operators` -- known functions and operators (``\\log``, ``\\exp``, ``\\sigma``);
* :mod:`.probability` -- ``P(...)``, events, conditioning, ``E``, ``Var``, ``Cov``;
* :mod:`.sums` -- ``\\sum``, ``\\prod``, ``\\max_i`` and their indices;
* :mod:`.calculus` -- derivatives, ``\\nabla``;
* :mod:`.integrals` -- integrals, evaluation bars, limits;
* :mod:`.matrices` -- shapes, transposes, inverses, block matrices, norms, inner products;
* :mod:`.conditions` -- ``\\begin{cases}`` and indicators, as ``Piecewise``; premises;
* :mod:`.sets` -- set literals, set-builder notation, set operations, memberships;
* :mod:`.set_ranges` -- operators that range over a set or a condition (``\\sum_{x \\in A}``).

This module reads what sits above them: relations, premises before ``\\implies``, comma lists.
"""
from __future__ import annotations

import sympy as sp
from lark import Token, Tree

from ..statement import Relation, Statement
from ..symbols import Decl, Declarations, dim_symbol
from .arithmetic import ArithmeticMixin
from .averages import AveragesMixin
from . import messages
from .base import REL_OPS, FuncRef, LatexError, LatexShapeError, Pending, is_matrix, shape_of
from .calculus import CalculusMixin
from .calls import CallsMixin
from .conditions import ConditionsMixin
from .integrals import IntegralsMixin
from .matrices import MatricesMixin, SizeOf
from .operators import OperatorsMixin
from .probability import ProbabilityMixin
from .proportional import ProportionalMixin
from .self_products import SelfProductsMixin
from .set_ranges import SetRangesMixin
from .sets import SetsMixin
from .sums import SumsMixin
from .units import NamesMixin


class Reader(NamesMixin, ArithmeticMixin, CallsMixin, OperatorsMixin, ProbabilityMixin, SumsMixin,
             CalculusMixin, IntegralsMixin, MatricesMixin, ConditionsMixin, SetsMixin, SetRangesMixin, ProportionalMixin,
             AveragesMixin, SelfProductsMixin):
    """One formula's reading: the text (for error snippets), the user's declarations, the
    defaults given to undeclared names so far (``extra``), and the indices bound by the
    operators being read (``bound``)."""

    def __init__(self, text: str, decls: Declarations, layout: str, hints=None, *,
                 log_base=None, superscript_index=frozenset()):
        self.text = text
        self.user = decls
        hints = hints or {}
        self.set_names = {k for k, v in hints.items() if v == "set"}  # names read as sets
        self.extra = Declarations({k: Decl(k, v) for k, v in hints.items() if v != "set"})
        self.layout = layout
        self.log_base = log_base                    # base of an unmarked \log (None: e)
        self.superscript_index = superscript_index  # names whose superscript is an index
        self.bound: dict[str, sp.Symbol] = {}
        self.leibniz: dict = {}  # placeholder point -> function (calculus.derivative_at_value)
        self.diff_vars: set = set()  # names differentiated by (calculus.differentiation_variable)
        self.conditions: list = []  # memberships stated beside the formula (premises)
        self.stated_conditions = False
        self.claimed: list = []  # memberships a conclusion states (sigma(z) \in (0, 1))
        self.in_premise = False
        # the formula multiplies entry by entry (\odot): f'(\mathbf{z}) is then f' at each
        # entry (calls.entrywise_derivative), not a gradient written with a prime
        self.entrywise = r"\odot" in text

    def err(self, reason, node=None, kind=None):
        """Stop reading: ``cannot read `piece` in `context`: reason``, quoting the formula as
        written (see :mod:`.messages`)."""
        s, e = self.span(node) if node is not None else (None, None)
        raise (kind or LatexError)(messages.cannot_read(self.text, reason, s, e))

    def quote(self, first, last=None, whole=True) -> str | None:
        """The formula as written from node ``first`` through ``last``, quoted; if that is not
        known, the whole formula (or None when ``whole`` is false)."""
        s, e = (None, None) if first is None else self.span(first)
        if last is not None:
            e = self.span(last)[1]
        w = messages.written(self.text, s, e) if s is not None and e is not None else None
        if w:
            return messages.q(w, 30)
        return messages.q(messages.whole(self.text)) if whole else None

    def clash(self, text):
        """A size clash, said in words (``LatexShapeError``: the formula reads, its sizes do not
        fit)."""
        raise LatexShapeError(text)

    def span(self, node):
        if isinstance(node, Token):
            return node.start_pos, node.end_pos
        meta = getattr(node, "meta", None)
        if meta is None or meta.empty:
            # a tree the reader built around a token (\frac12's digits, a script's command)
            toks = [c for c in getattr(node, "children", ()) if isinstance(c, Token)]
            if toks and all(t.start_pos is not None for t in toks):
                return min(t.start_pos for t in toks), max(t.end_pos for t in toks)
            return None, None
        return meta.start_pos, meta.end_pos

    def raw(self, node) -> str:
        s, e = self.span(node)
        return "" if s is None else self.text[s:e]

    def statement(self, tree) -> Statement:
        # \partial h_j^l / \partial z_k^l: a layer superscript on a variable of differentiation
        # is an index (calculus.py)
        self.superscript_index = self.superscript_index | self.superscript_indices_of(tree)
        seq = tree.children[0]
        parts = [c for c in seq.children if isinstance(c, Tree)]
        premises = []
        for p in parts[:-1]:
            # memberships and laws are read by conditions.premise (x \in [0, 1] is two
            # comparisons; x \in \mathbb{R}^n, X \perp Y, X \sim N say what x is: dropped)
            premises += self.premise(p)
        rels, bare = self.part(parts[-1])
        if self.leibniz:  # \partial f / \partial g: g's value, where the formula applies g
            at = self.resolve_leibniz([x for r in rels for x in (r.lhs, r.rhs)] + list(bare))
            rels = [Relation(r.lhs.xreplace(at), r.op, r.rhs.xreplace(at)) for r in rels]
            bare = [b.xreplace(at) for b in bare]
        sized = [isinstance(r.lhs, SizeOf) for r in rels]
        if any(sized) and not all(sized):
            # \frac{\partial f}{\partial x} \in \mathbb{R}^{n \times m} beside an entry formula: a
            # check for the one (entries, on square sizes) would wave the other through
            self.err("a size stated by membership beside another formula (the reader reads it "
                     "only on its own)", parts[-1])
        premises += self.conditions
        if rels:
            return Statement(tuple(rels), None, tuple(premises), latex=self.text)
        if self.stated_conditions and not bare:
            self.err("a condition (where its names live, what law they follow) with no "
                     "formula it applies to", parts[-1])
        if premises:
            self.err("an implication with no equation or inequality after it", parts[-1])
        expr = bare[0] if len(bare) == 1 else sp.Tuple(*bare)
        return Statement((), expr, (), latex=self.text)

    def part(self, part):
        """Top-level comma list: each clause's relations; bare expressions directly before a
        relation share it (``\\alpha, \\beta \\geq 0``)."""
        items = part.children
        clauses = []
        for c in items:
            if isinstance(c, Token):
                if c.type == "SEP" and c.value.startswith("\\"):
                    self.err("a conditioning bar `|` outside a probability P(A | B)", c)
                continue
            clauses.append(c)
        rels_all, bare_all, pending, pending_nodes = [], [], [], []
        for c in clauses:
            members = self.membership(c, pending_nodes)
            if self.claimed:  # \sigma(z) \in (0, 1): the comparisons it states
                rels_all += self.claimed
                self.claimed = []
                pending, pending_nodes = [], []
                continue
            if members is not None:
                # \mathbf{x}, \mathbf{x}' \in S / W \in \mathbb{R}^{m \times n} beside a formula:
                # a condition on it, read as premises (sets.membership)
                self.conditions += members
                self.stated_conditions = True
                pending, pending_nodes = [], []
                continue
            rels, exprs = self.clause(c)
            if rels:
                first = rels[0]
                for p in pending:
                    rels_all.append(self.relation(p, first.op, first.rhs, c))
                pending, pending_nodes = [], []
                rels_all += rels
            else:
                pending += exprs
                pending_nodes += c.children[:1]
        bare_all = pending
        if rels_all and bare_all:
            # trailing bare fragments after the last relation (``x = 1, y``): not a claim part
            pass
        return rels_all, ([] if rels_all else [self.realize(b) for b in bare_all] or [])

    def clause(self, clause):
        if clause.data == "rel_fragment":
            self.err("a relation with nothing on its left", clause)
        kids = clause.children
        if any(t.value in (r"\iff", r"\Leftrightarrow") for t in kids[1::2]):
            return self.equivalence(clause), []  # A \iff B: both implications (conditions.py)
        if any(t.value == r"\propto" for t in kids[1::2]):
            return [], [self.proportional(clause)]  # proportional.py
        exprs = [self.expr(k) for k in kids[0::2]]
        ops_ = kids[1::2]
        if not ops_:
            return [], exprs
        rels = []
        for i, op in enumerate(ops_):
            rels.append(self.relation(exprs[i], self.rel_op(op), exprs[i + 1], clause))
        return rels, exprs

    def rel_op(self, tok):
        op = REL_OPS.get(tok.value)
        if tok.value in (r"\iff", r"\Leftrightarrow"):
            # between relations it is read by conditions.equivalence; anywhere else (inside an
            # event, a bracket) it has no reading
            self.err("an equivalence states two implications, and its sides here are not both "
                     "comparisons", tok)
        if op is None:
            self.err("not a relation a checker can decide (=, \\neq, <, \\le, >, \\ge, \\approx, \\succeq are)", tok)
        return op

    def relation(self, lhs, op, rhs, node):
        lhs, rhs = self.fit_sides(lhs, rhs, op, node)
        return Relation(lhs, op, rhs)

    def fit_sides(self, lhs, rhs, op, node):
        for _ in range(2):
            if isinstance(lhs, Pending) and not isinstance(rhs, Pending):
                shape = shape_of(rhs) if (op == "=" or lhs.kind == "I") else None
                lhs = lhs.realize(shape or None)
            lhs, rhs = rhs, lhs
        lhs, rhs = self.realize(lhs), self.realize(rhs)
        if is_matrix(lhs) != is_matrix(rhs):
            if is_matrix(lhs) and lhs.shape == (1, 1):
                lhs = self.to_scalar(lhs)
            elif is_matrix(rhs) and rhs.shape == (1, 1):
                rhs = self.to_scalar(rhs)
            elif op == "=" and (lhs == 0 or rhs == 0):
                if lhs == 0:
                    lhs = sp.ZeroMatrix(*rhs.shape)
                else:
                    rhs = sp.ZeroMatrix(*lhs.shape)
        if isinstance(lhs, FuncRef) or isinstance(rhs, FuncRef):
            self.err("a function named without its argument", node)
        return lhs, rhs

    def realize(self, v):
        if isinstance(v, Pending):
            if v.kind == "I" and v.shape is None:
                # N(0, lambda I) with no matrix beside I: where the declarations size
                # everything by one dimension (theta in R^d), I is d x d, not a size of its own
                dims = [d.name for d in self.user if d.kind == "dim"]
                if len(dims) == 1:
                    n = dim_symbol(dims[0])
                    return v.realize((n, n))
            return v.realize()
        if isinstance(v, FuncRef):
            return v
        return v
