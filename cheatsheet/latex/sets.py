"""Sets: set literals, set-builder notation, set operations, and the operators that range over a
set (``\\sum_{S \\subseteq N \\setminus \\{i\\}}``, ``\\max_{\\|\\delta\\| \\le \\epsilon}``,
``\\sup_{g \\in G}``, ``\\max\\{x_{i+k} \\mid 0 \\le k < r\\}``).

Readings:

* ``\\{1, \\dots, p\\}`` is ``Range(1, p + 1)``, ``\\{j\\}`` / ``\\{0, 1\\}`` a ``FiniteSet``,
  ``\\emptyset`` the empty set, ``[a, b]`` / ``(a, b)`` an interval where a set belongs (the
  right side of ``\\in``), ``\\mathbb{R}`` / ``\\mathbb{N}`` / ``\\mathbb{Z}`` the number sets;
* ``A \\cup B``, ``A \\cap B``, ``A \\setminus B`` and ``A - B`` between sets are ``Union``,
  ``Intersection``, ``Complement``; ``|S|`` of a set its size (:class:`Card`);
* a set the formula names without listing it (``\\mathcal{S}``, ``G``, ``N_i``, ``\\mathbb{R}^n``,
  the coalition ``S`` of a Shapley sum) is a :class:`NamedSet`.  Its name is a string, not a
  symbol: sheets name their sets as freely as their maps, so scope does not ask where a set is
  defined (it does for the names inside a listed set, ``\\{1, \\dots, p\\} - \\{i\\}``);
* ``\\{x \\mid \\text{cond}\\}`` / ``\\{x : \\text{cond}\\}`` is SymPy's ``ConditionSet`` (its variable
  bound by the condition), ``\\{f(k) \\mid \\text{cond}(k)\\}`` the ``ImageSet`` of the elements; a
  variable written as a subscript (``x_{i+k}``) runs over the integers;
* under ``\\sum`` / ``\\prod`` / ``\\max`` / ``\\min`` / ``\\sup`` / ``\\inf`` a subscript ``x \\in A``,
  ``S \\subseteq A`` (S runs over the subsets: ``PowerSet(A)``), ``Q : \\text{cond}`` or a bare
  condition (``\\|\\delta\\| \\le \\epsilon``, ``0 \\le k < r``: the first name in it is the
  variable) binds its variable in the body.  An integer range the condition closes
  (``0 \\le k < r``, ``k \\in \\{1, \\dots, n\\}``) is the ordinary ``Sum`` / extremum over
  ``k = lo..hi``; any other set gives :class:`SetSum` / :class:`SetExtremum`;
* a membership or subset relation where a condition stands (after ``\\forall``, before
  ``\\implies``, a trailing ``, \\quad S \\subseteq A``) is read by :meth:`SetsMixin.membership`:
  a comparison for an interval (``0 \\le \\lambda \\le 1``), a :class:`Member` premise for a set
  the checker can list, nothing for a named set (``x \\in \\mathbb{R}^n`` says what x is: the
  declarations say it).

``\\subset`` is refused where it binds: it means a subset or a proper subset depending on the
author, and the sums differ by one term.  The operators that range over a set are read in
:mod:`.set_ranges`.
"""
from __future__ import annotations

import re

import sympy as sp
from lark import Token, Tree
from sympy.core.symbol import Str

from ..statement import Relation
from .base import FuncRef, LatexError, Retype, is_matrix
from .law_statements import law_of
from .names import clean_subscript, command_name

_DOTS = {r"\dots", r"\ldots", r"\cdots"}
SET_OPS = (r"\cup", r"\cap", r"\setminus")
_NUMBER_SETS = {"R": sp.S.Reals, "N": sp.S.Naturals, "Z": sp.S.Integers, "C": sp.S.Complexes,
                "Q": sp.S.Rationals}
_SUBSET = {r"\subseteq"}
_BINDING_RELS = {r"\in", r"\subseteq", r"\subset", ":"}
_MEMBERSHIP = {r"\in", r"\notin", r"\subseteq", r"\subset", r"\supseteq", r"\supset"}
# a law or independence statement where a condition stands: what the declarations say
_DOMAIN_STATEMENTS = {r"\sim", r"\perp"}


class NamedSet(sp.Set):
    """A set the formula names without listing its members: ``NamedSet('\\mathcal{S}')``."""

    is_iterable = False

    def __new__(cls, name: str):
        return sp.Basic.__new__(cls, Str(name))

    @property
    def name(self) -> str:
        return self.args[0].name

    def _contains(self, other):
        return None

    def _sympystr(self, printer):
        return _plain(self.name)


def _plain(latex: str) -> str:
    """``\\mathcal{S}`` -> ``S``, ``\\mathbb{R}^{n}`` -> ``R^n``: a set's name for a message."""
    text = re.sub(r"\\(?:mathcal|mathbb|mathscr|mathfrak|mathbf|text|mathrm|operatorname)\s*\{([^{}]*)\}",
                  r"\1", latex)
    text = re.sub(r"\\([A-Za-z]+)", lambda m: command_name("\\" + m.group(1)) or m.group(1), text)
    return re.sub(r"[\s{}]", "", text)


class _Quiet(sp.Function):
    """An unevaluated node of the reader's own (the checker gives it a meaning)."""

    @classmethod
    def eval(cls, *args):
        return None


class SetSum(_Quiet):
    """``SetSum(body, var, domain)``: the sum of the body over the members ``var`` of a finite
    set (the subsets of a set when the domain is a ``PowerSet``)."""

    nargs = 3
    is_real = True

    def _sympystr(self, printer):
        body, var, dom = (printer._print(a) for a in self.args)
        return f"sum[{var} in {dom}]({body})"


class SetExtremum(_Quiet):
    """``SetExtremum(body, var, domain, which)``: the largest (``max``) or smallest (``min``)
    value of a scalar body over the members ``var`` of a set; the set may be infinite (a ball
    ``ConditionSet``), which only a check that knows the maximiser can evaluate."""

    nargs = 4
    is_real = True

    def _sympystr(self, printer):
        body, var, dom, which = (printer._print(a) for a in self.args)
        return f"{which}[{var} in {dom}]({body})"


class Member(_Quiet):
    """``Member(x, A)``: 1 when x is in A (a subset when A is a ``PowerSet``), else 0; a
    condition the formula states (``S \\subseteq \\{1, \\dots, p\\} - \\{i\\}``)."""

    nargs = 2
    is_real = True

    def _sympystr(self, printer):
        return f"[{printer._print(self.args[0])} ∈ {printer._print(self.args[1])}]"


class Card(_Quiet):
    """``|S|``: the number of members of a finite set."""

    nargs = 1
    is_integer = True
    is_nonnegative = True

    def _sympystr(self, printer):
        return f"|{printer._print(self.args[0])}|"


def is_set(v) -> bool:
    return isinstance(v, sp.Set)


def introduced(stmt) -> set[str]:
    """Names a membership premise introduces (``S \\subseteq A``: the formula holds for every
    such S): the names of the element side of each :class:`Member` premise."""
    out = set()
    for r in stmt.premises:
        for side in (r.lhs, r.rhs):
            for m in sp.preorder_traversal(side):
                if isinstance(m, Member):
                    x = m.args[0]
                    out |= {s.name for s in getattr(x, "free_symbols", ())}
                    if isinstance(x, NamedSet):
                        out.add(x.name)
    return out


class SetsMixin:
    # -- set values ------------------------------------------------------------------------
    def set_value(self, node):
        """An expression node read where a set belongs (the right side of ``\\in``)."""
        unit = self._lone_unit(node)
        if unit is not None:
            base, posts = self.peel(unit)
            d = base.data
            if d == "font" and base.children[0].value == r"\mathbb":
                letter = self.raw(base.children[1]).strip("{} ")
                if letter in _NUMBER_SETS and not posts:
                    return _NUMBER_SETS[letter]
                return NamedSet(self.as_written(unit))
            if d in ("bracket", "paren") and not posts:
                args = self.args(base.children[0])
                if len(args) == 2:
                    lo, hi = (self.realize(self.expr(c.children[0])) for _, c in args)
                    return sp.Interval(lo, hi, left_open=d == "paren", right_open=d == "paren")
            if d in ("letter", "cmd", "font", "text", "accent") and self._is_name(base):
                nm = self.base_name(base)[0]
                if nm is not None and nm in self.bound and is_set(self.bound[nm]):
                    return self.bound[nm]
                return NamedSet(self.as_written(unit))
        v = self.realize(self.expr(node))
        if is_set(v):
            return v
        if isinstance(v, (sp.Symbol, sp.Indexed)) or (
                isinstance(v, sp.core.function.AppliedUndef)):
            return NamedSet(self.as_written(node))  # N_i, \mathcal{U}(P): a set the formula names
        self.err("a value where a set belongs", node)

    def _is_name(self, base) -> bool:
        try:
            nm, _, op = self.base_name(base)
        except LatexError:
            return False
        return nm is not None or (op is not None and op.startswith(("bb:", "text:")))

    @staticmethod
    def _lone_unit(node):
        """The one unit of an expression node that is a single factor, else None."""
        if isinstance(node, Tree) and node.data == "product" and len(node.children) == 1:
            return node.children[0]
        if isinstance(node, Tree) and node.data not in ("product", "add", "sub", "neg", "pos",
                                                        "pm", "pmneg"):
            return node
        return None

    def brace_value(self, base, posts):
        """``\\{...\\}`` as a value: a set literal, a range, or a set-builder."""
        seq = base.children[1]
        args = self.args(seq)
        if any(sep == r"\mid" for sep, _ in args) or self._builder_colon(args):
            v = self.set_builder(seq, base)
        else:
            v = self.set_literal(args, base)
        if posts:
            self.err("a script on a set", posts[0][2])
        return v

    def is_set_literal(self, base) -> bool:
        """Is ``\\{...\\}`` a set rather than a brace used as a bracket: a set-builder, a list
        of several members or a row of dots (``\\{j\\}`` alone reads as a set only where a set
        belongs: beside \\cup, after \\in, in :meth:`set_operand`)."""
        args = self.args(base.children[1])
        return (len(args) > 1 or self._builder_colon(args)
                or any(self._is_dots(c.children[0]) for _, c in args if len(c.children) == 1))

    def is_brace_set(self, node) -> bool:
        unit = self._lone_unit(node)
        if unit is None:
            return False
        base, posts = self.peel(unit)
        return base.data == "braceset" and not posts

    def set_operand(self, item):
        """An operand of a set operation: a chunk of a product or an expression node; a brace
        is a set there (``S \\cup \\{j\\}``)."""
        if isinstance(item, list):
            if len(item) == 1 and self.is_brace_set(item[0][1]):
                return self.brace_value(*self.peel(item[0][1]))
            return self.chunk(item)
        if self.is_brace_set(item):
            return self.brace_value(*self.peel(self._lone_unit(item)))
        return self.expr(item)

    @staticmethod
    def _builder_colon(args) -> bool:
        if len(args) != 1:
            return False
        kids = args[0][1].children
        return len(kids) >= 3 and isinstance(kids[1], Token) and kids[1].value == ":"

    def set_literal(self, args, node):
        """``\\{a, b\\}``, ``\\{1, \\dots, p\\}``, ``\\{1, 2, \\dots, n\\}``."""
        items = []
        for sep, clause in args:
            if clause.data == "rel_fragment" or len(clause.children) != 1:
                self.err("a relation inside a list of members", clause)
            items.append(clause.children[0])
        dots = [k for k, it in enumerate(items) if self._is_dots(it)]
        if not dots:
            vals = [self.realize(self.expr(it)) for it in items]
            if any(is_matrix(v) or isinstance(v, FuncRef) for v in vals):
                self.err("a set of matrices (the reader reads sets of numbers)", node)
            return sp.FiniteSet(*vals, evaluate=False) if vals else sp.S.EmptySet
        k = dots[0]
        if len(dots) != 1 or k == 0 or k == len(items) - 1:
            self.err("a row of dots with no first or last member", node)
        first = [self.realize(self.expr(it)) for it in items[:k]]
        last = [self.realize(self.expr(it)) for it in items[k + 1:]]
        if len(last) != 1 or any(is_matrix(v) for v in first + last):
            self.err("a row of dots whose members the reader cannot count", node)
        lo, hi = first[0], last[0]
        step = first[1] - first[0] if len(first) > 1 else sp.Integer(1)
        if step != 1 or any(sp.simplify(b - a - 1) != 0 for a, b in zip(first, first[1:])):
            self.err("a row of dots that does not count up by one", node)
        return sp.Range(lo, hi + 1)

    def _is_dots(self, item) -> bool:
        unit = self._lone_unit(item)
        return (isinstance(unit, Tree) and unit.data == "cmd"
                and unit.children[0].value in _DOTS)

    def set_builder(self, seq, node):
        """``\\{x \\mid c\\}`` / ``\\{x : c\\}``: a ``ConditionSet`` (an ``ImageSet`` when the
        members are an expression of the variable, ``\\{x_{i+k} \\mid 0 \\le k < r\\}``)."""
        elem, conds = self._builder_parts(seq, node)
        var_names = self._builder_variables(elem, conds)
        if not var_names:
            self.err("a set-builder whose condition names no variable of its members", node)
        if len(var_names) > 1:
            self.err("a set-builder over several variables (the reader reads one)", node)
        (nm,) = var_names
        integer = self._used_as_index(nm, [elem] + conds)
        var = self._bound_variable(nm, integer, elem if self._plain_name(elem) == nm else None)
        saved = dict(self.bound)
        self.bound[nm] = var
        try:
            cond = self._conjunction(conds)
            member = self.realize(self.expr(elem))
        finally:
            self.bound = saved
        base = sp.S.Integers if integer else sp.S.UniversalSet
        cset = sp.ConditionSet(var, cond, base)
        if member == var:
            return cset
        return sp.ImageSet(sp.Lambda(var, member), cset)

    def _builder_parts(self, seq, node):
        """(member expression node, [condition clauses]) of a set-builder."""
        args = self.args(seq)
        if args and any(sep == r"\mid" for sep, _ in args):
            k = next(i for i, (sep, _) in enumerate(args) if sep == r"\mid")
            head, tail = args[:k], args[k:]
            if len(head) != 1 or head[0][1].data == "rel_fragment" or len(head[0][1].children) != 1:
                self.err("a set-builder with more than one expression before its bar", node)
            return head[0][1].children[0], [c for _, c in tail]
        clause = args[0][1]
        kids = clause.children  # x : c1 REL c2 ...
        cond = Tree("clause", kids[2:], clause.meta)
        return kids[0], [cond]

    def _conjunction(self, clauses):
        conds = []
        for c in clauses:
            ev = self.event(c)
            if not isinstance(ev, (sp.core.relational.Relational, sp.And)):
                self.err("a condition that is not a comparison", c)
            conds.append(ev)
        return conds[0] if len(conds) == 1 else sp.And(*conds, evaluate=False)

    def _names_in(self, node) -> list[str]:
        """The names written in a node (letters and Greek letters, subscripts included), in
        reading order."""
        text = self.raw(node)
        out = []
        for m in re.finditer(r"\\([A-Za-z]+)|([A-Za-z])", text):
            if m.group(1):
                nm = command_name("\\" + m.group(1))
                if nm is None:
                    continue
            else:
                start = m.start()
                if start and text[start - 1] == "\\":
                    continue
                nm = m.group(2)
            if nm not in out:
                out.append(nm)
        return out

    def _builder_variables(self, elem, conds) -> list[str]:
        """The set-builder's variable: a lone name before the bar, else the names both the
        members and the condition mention that nothing declares or binds."""
        lone = self._plain_name(elem)
        if lone is not None:
            return [lone]
        in_elem = set(self._names_in(elem))
        found = [nm for c in conds for nm in self._names_in(c)
                 if nm in in_elem and nm not in self.bound]
        found = list(dict.fromkeys(found))
        if len(found) > 1:  # a declared value is no variable of the builder
            found = [nm for nm in found if nm not in self.user or self.user[nm].domain == "index"]
        return found

    def _plain_name(self, node) -> str | None:
        unit = self._lone_unit(node)
        if unit is None:
            return None
        base, posts = self.peel(unit)
        if posts or base.data not in ("letter", "cmd", "font", "accent"):
            return None
        try:
            nm, _, op = self.base_name(base)
        except LatexError:
            return None
        return nm if op is None else None

    def _used_as_index(self, nm, nodes) -> bool:
        """Is the name written inside a subscript (``x_{i+k}``, ``W_{ij}``)?"""
        d = self.user.get(nm)
        if d is not None:
            return d.domain in ("index", "integer", "natural", "count")
        for node in nodes:
            for t in node.iter_subtrees() if isinstance(node, Tree) else ():
                if t.data == "subscr" and nm in self._names_in(t.children[1]):
                    return True
        return False

    def _bound_variable(self, nm, integer: bool, node=None):
        """What a variable the formula binds stands for in its scope."""
        if nm in self.user:
            return self.user.sympy(nm)
        if integer:
            return sp.Symbol(nm, integer=True)
        if node is not None:
            return self.realize(self.expr(node))
        return sp.Symbol(nm, real=True)

    # -- lists written with dots ---------------------------------------------------------------
    def list_values(self, nodes):
        """The values of a comma list, with ``x_1, \\dots, x_n`` one value: the column
        (x_1, ..., x_n), the declared vector x itself when it is all of it
        (``f(x_1, \\dots, x_n)`` is f of the vector x)."""
        out, k = [], 0
        while k < len(nodes):
            if k + 2 < len(nodes) and self._is_dots(nodes[k + 1]) and not self._is_dots(nodes[k]):
                out.append(self.dotted(nodes[k], nodes[k + 2]))
                k += 3
                continue
            if self._is_dots(nodes[k]):
                self.err("a row of dots with no first or last term beside it", nodes[k])
            out.append(self.realize(self.expr(nodes[k])))
            k += 1
        return out

    def dotted(self, first, last):
        """``x_1, \\dots, x_n``, ``x_{\\pi(1)}, \\dots, x_{\\pi(M)}``: the terms of one name whose
        subscripts differ in one place, a whole number in the first (lo) and an expression in
        the last (hi): ``MatApply('seq', hi - lo + 1, 1, term(k), k, lo, hi)``."""
        from .. import ops

        why = "a row of dots whose terms the reader cannot tell (it reads x_1, \\dots, x_n)"
        ends = []
        for node in (first, last):
            unit = self._lone_unit(node)
            if unit is None:
                self.err(why, node)
            base, posts = self.peel(unit)
            if not posts or posts[0][0] != "subscr" or base.data not in ("letter", "cmd", "font"):
                self.err(why, node)
            after = [(kind, self.script_raw(sc) if sc is not None else "") for kind, sc, _ in posts[1:]]
            ends.append((self.raw(base), after, base, posts[0][1], posts[1:]))
        (raw1, after1, base, s1, rest), (raw2, after2, _, s2, _) = ends
        nm = self.base_name(base)[0]
        if raw1 != raw2 or after1 != after2 or nm is None:  # \sigma_1^2, \dots, \sigma_n^2
            self.err(why, first)
        e1, e2 = (self.realize(self.script_value(s)) for s in (s1, s2))
        diff = _differ(e1, e2)
        if diff is None or not diff[0].is_Integer:
            self.err(why, first)
        lo, hi = diff
        k = sp.Dummy("k", integer=True)
        term = e2.xreplace({hi: k}) if hi in e2.atoms() or hi == e2 else None
        if term is None or term.xreplace({k: lo}) != e1:
            self.err(why, first)
        d = self.user.get(nm)
        if d is not None and (d.kind not in ("matrix", "random") or not d.shape or d.shape[1] != 1):
            self.err("a row of dots over a name that is not a family of numbers", first)
        if d is not None and term == k and lo == 1 and not rest:
            vec = self.user.sympy(nm)
            if vec.shape[0] == hi or str(vec.shape[0]) == str(hi):
                return vec  # x_1, ..., x_n of a declared x in R^n: x itself
        body = self.apply_posts(sp.Indexed(sp.IndexedBase(nm), term), rest)
        return ops.MatApply("seq", hi - lo + 1, 1, body, k, lo, hi)

    # -- set operations ----------------------------------------------------------------------
    def set_op(self, op, a, b, node):
        """``A \\cup B``, ``A \\cap B``, ``A \\setminus B`` / ``A - B``."""
        a, b = self.as_set(a, node), self.as_set(b, node)
        if op in (r"\cup",):
            return sp.Union(a, b, evaluate=False)
        if op in (r"\cap",):
            return sp.Intersection(a, b, evaluate=False)
        return sp.Complement(a, b, evaluate=False)

    def as_set(self, v, node):
        """A set operand; an undeclared name met by a set operation is read again as a set
        (the coalition S of ``\\mathcal{Q}(S \\cup \\{j\\})``)."""
        v = self.realize(v)
        if is_set(v):
            return v
        if isinstance(v, sp.Symbol) and v.name not in self.user and v.name in self.extra \
                and v.name not in self.bound:
            raise Retype(v.name, "set")
        self.err("a set operation on something that is not a set", node)

    def set_argument_of(self, group) -> bool:
        """Is the argument of ``\\Delta_j(S)`` a set (a name read as a set, a set literal, a
        set operation)?  Then the name before it is a function of the set."""
        gbase, _ = self.call_group(group)
        args = self.args(gbase.children[0])
        if len(args) != 1 or len(args[0][1].children) != 1:
            return False
        node = args[0][1].children[0]
        if any(isinstance(t, Token) and t.value in SET_OPS for t in node.scan_values(
                lambda v: isinstance(v, Token))) if isinstance(node, Tree) else False:
            return True
        if self.is_brace_set(node):
            return True
        nm = self._plain_name(node)
        return nm is not None and (nm in self.set_names or is_set(self.bound.get(nm)))

    def card_value(self, base):
        """``|S|`` of a set: its size; None when the bars hold no set (an absolute value)."""
        seq = base.children[1]
        if not self._may_be_set(seq):
            return None
        v = self.realize(self.single(seq))
        return Card(v) if is_set(v) else None

    def _may_be_set(self, seq) -> bool:
        """A cheap look before reading: a brace, a set operation or a name read as a set."""
        for t in seq.iter_subtrees():
            if t.data == "braceset":
                return True
            if any(isinstance(c, Token) and c.value in SET_OPS for c in t.children):
                return True
            if t.data in ("letter", "cmd", "font"):
                try:
                    nm = self.base_name(t)[0]
                except LatexError:
                    continue
                if nm is not None and (nm in self.set_names or is_set(self.bound.get(nm))):
                    return True
        return False

    # -- conditions ----------------------------------------------------------------------------
    def membership(self, clause, members=()):
        """A clause of only a membership or subset relation (``x \\in [0, 1]``, ``S
        \\subseteq A``; ``members``: the names listed before it, ``\\mathbf{x}, \\mathbf{x}'
        \\in S``), or only laws and independence (``X \\sim N``, ``X \\perp Y``), read as
        premises: comparisons for an interval, a :class:`Member` for a set the checker can list,
        none for a named set or a law (``x \\in \\mathbb{R}^n`` says what x is: the
        declarations say it).  None when the clause is something else."""
        kids = clause.children
        if clause.data == "rel_fragment" or len(kids) < 3:
            return None
        rels = [k.value for k in kids[1::2]]
        if rels == [r"\sim"] and not members and not self.in_premise \
                and not self._names_a_value(kids[0]):
            stated = self._law_statement(kids[0], kids[2])
            if stated is not None:  # X + Y \sim \mathrm{Pois}(a + b): a claim about a law
                self.claimed.append(stated)
                return []
        if all(r in _DOMAIN_STATEMENTS for r in rels):
            return []
        if not all(r in _MEMBERSHIP for r in rels) or len(kids) != 3:
            return None
        rel = rels[0]
        if rel in (r"\supseteq", r"\supset"):
            self.err("a superset relation as a condition (write it with \\subseteq)", kids[1])
        if not self._names_a_value(kids[0]):
            # \frac{\partial f}{\partial x} \in \mathbb{R}^{m \times n}: a statement about a
            # value's size (matrices.size_statement), no condition; \sigma(z) \in (0, 1) in a
            # conclusion: its two comparisons
            sized = None if members or self.in_premise or rel != r"\in" else \
                self.size_statement(kids[0], kids[2])
            if sized:
                self.claimed += sized
                return []
            if members or not self._is_interval(kids[2]):
                return None
            found = self._member_of(kids[0], rel, self.set_value(kids[2]), kids[1])
            if self.in_premise:
                return found
            self.claimed += found
            return []
        dom = self.set_value(kids[2])
        if isinstance(dom, NamedSet) or dom in _NUMBER_SETS.values():
            return []  # x \in \mathbb{R}^n, u, v \in V: what x is; the declarations say it
        out = []
        for node in (*members, kids[0]):
            out += self._member_of(node, rel, dom, kids[1])
        return out

    def _law_statement(self, left, right):
        """``EXPR \\sim LAW(params)`` with an expression on the left: the relation ``sim``
        (law_statements.py), or None when the right side names no known law."""
        try:
            law = law_of(self.realize(self.expr(right)))
        except LatexError:
            return None
        if law is None:
            return None
        value = self.realize(self.expr(left))
        if is_matrix(value) or is_set(value):
            return None
        return Relation(value, "sim", law)

    def _is_interval(self, node) -> bool:
        unit = self._lone_unit(node)
        if unit is None:
            return False
        base, posts = self.peel(unit)
        return not posts and base.data in ("bracket", "paren") and len(self.args(base.children[0])) == 2

    def _names_a_value(self, node) -> bool:
        """A name, possibly subscripted, primed or starred (``x``, ``\\mathbf{u}_1``,
        ``\\Sigma_{12}``, ``x'``): what a condition says where it lives."""
        unit = self._lone_unit(node)
        if unit is None:
            return False
        base, posts = self.peel(unit)
        if base.data not in ("letter", "cmd", "font", "accent"):
            return base.data == "braceset"  # \{v_n, v_m\} \in E
        if any(kind == "sup" and self.script_raw(sc) not in ("*", "'", r"\prime")
               for kind, sc, _ in posts):
            return False
        try:
            nm, _, op = self.base_name(base)
        except LatexError:
            return False
        return nm is not None and op is None

    def _member_of(self, node, rel, dom, rel_node):
        if rel in (r"\subseteq", r"\subset"):
            if rel == r"\subset":
                self.err("\\subset as a condition means a subset or a proper subset depending "
                         "on the author (write \\subseteq or \\subsetneq)", rel_node)
            x = self.as_set(self.expr(node), node)
            return [_member(x, sp.PowerSet(dom))]
        x = self.realize(self.expr(node))
        if is_matrix(x) or is_set(x):
            self.err("a member that is not a number, in a set of numbers", node)
        if isinstance(dom, sp.Interval):
            if rel == r"\notin":
                self.err("a condition that a value lies outside an interval", rel_node)
            out = []
            if dom.start is not sp.S.NegativeInfinity:
                out.append(Relation(dom.start, "<" if dom.left_open else "<=", x))
            if dom.end is not sp.S.Infinity:
                out.append(Relation(x, "<" if dom.right_open else "<=", dom.end))
            return out
        return [_member(x, dom, 0 if rel == r"\notin" else 1)]


def _differ(a, b):
    """The one place two expressions differ: (part of a, part of b), or None."""
    if a == b:
        return None
    if a.func != b.func or len(a.args) != len(b.args) or not a.args:
        return a, b
    found = [d for d in (_differ(x, y) for x, y in zip(a.args, b.args)) if d is not None]
    return found[0] if len(found) == 1 else (a, b)


def _member(x, dom, truth=1):
    return Relation(Member(x, dom), "=", sp.Integer(truth))
