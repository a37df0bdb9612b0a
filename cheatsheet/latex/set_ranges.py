"""Operators that range over a set or a condition: ``\\sum_{S \\subseteq N \\setminus \\{i\\}}``,
``\\max_{x \\in A}``, ``\\sup_{\\|\\delta\\| \\le \\epsilon}``, ``\\max\\{x_{i+k} \\mid 0 \\le k < r\\}``.

The subscript binds its variable in the body.  An integer range the condition closes
(``0 \\le k < r``, ``k \\in \\{1, \\dots, n\\}``) is the ordinary ``Sum`` / extremum over
``k = lo..hi``; any other set gives :class:`.sets.SetSum` / :class:`.sets.SetExtremum`.  (The
sets themselves, set-builders and memberships are read in :mod:`.sets`.)
"""
from __future__ import annotations

import sympy as sp
from lark import Tree

from .base import LatexError
from .sets import _BINDING_RELS, NamedSet, SetExtremum, SetSum


class SetRangesMixin:
    def binds_a_set(self, posts) -> bool:
        """Does the subscript of ``\\sum`` / ``\\max`` ... range over a set or a condition
        (``x \\in A``, ``S \\subseteq A``, ``Q : c``, ``\\|\\delta\\| \\le \\epsilon``) rather than
        name an index (``i``, ``i = 1``, ``i < j``, ``i \\neq j``)?"""
        sub = next((s for kind, s, _ in posts if kind == "subscr"), None)
        if sub is None or sub.data != "script_group":
            return False
        args = self.args(sub.children[0])
        if len(args) != 1:
            return False
        clause = args[0][1]
        kids = clause.children
        if clause.data == "rel_fragment" or len(kids) < 3:
            return False
        rels = [k.value for k in kids[1::2]]
        if rels[0] in _BINDING_RELS:
            return True
        if len(kids) == 3 and rels[0] in ("=", "<", r"\neq", r"\ne") and \
                self._plain_name(kids[0]) is not None:
            return False  # i = 1, i < j, i \neq j: an index range (sums.index_limits)
        return True

    def set_binding(self, op, posts, node, function=False):
        """(variable name, the value it takes in the body, its set) of a subscript that
        ranges over a set or a condition; ``function``: the variable is a map the body calls
        (``\\sup_{g \\in G} g(z)``), bound by its name only."""
        if any(kind == "sup" for kind, _, _ in posts):
            self.err(f"\\{op} over a set with a superscript", node)
        sub = next(s for kind, s, _ in posts if kind == "subscr")
        clause = self.args(sub.children[0])[0][1]
        kids = clause.children
        rel = kids[1].value
        if rel in (r"\in", r"\subseteq", r"\subset") and len(kids) == 3:
            if rel == r"\subset":
                self.err("\\subset under a sum means a subset or a proper subset depending on "
                         "the author (write \\subseteq or \\subsetneq)", kids[1])
            nm = self._plain_name(kids[0])
            if nm is None:
                self.err("a member that is not a name", kids[0])
            dom = self.set_value(kids[2])
            if rel == r"\subseteq":
                return nm, NamedSet(nm), sp.PowerSet(dom)
            if function:
                return nm, sp.Symbol(nm), dom
            integer = _integer_set(dom) or self._used_as_index(nm, [])
            return nm, self._bound_variable(nm, integer, kids[0] if not integer else None), dom
        if rel == ":":
            nm = self._plain_name(kids[0])
            if nm is None:
                self.err("a variable before `:` that is not a name", kids[0])
            cond_clause = Tree("clause", kids[2:], clause.meta)
            return self._condition_binding(nm, [cond_clause], kids[0],
                                           counting=op in ("sum", "prod"))
        names = [n for n in self._names_in(clause) if n not in self.bound]
        if not names:
            self.err(f"a condition under \\{op} that names no variable", clause)
        return self._condition_binding(names[0], [clause], None, counting=op in ("sum", "prod"))

    def _condition_binding(self, nm, clauses, name_node, counting=False):
        """A variable and the set its condition cuts out (of the integers under a sum or
        where the variable is written as a subscript)."""
        integer = counting or self._used_as_index(nm, clauses) or (
            self.user.get(nm) is not None and self.user[nm].domain in ("index", "integer"))
        if name_node is None and not integer and nm not in self.user and nm not in self.extra:
            try:  # \|\boldsymbol{\delta}\| \le \epsilon: the condition says what delta is (bold)
                self.expr(clauses[0].children[0])
            except LatexError:
                pass
        if name_node is None and not integer and nm not in self.user and nm in self.extra:
            var = self.extra.sympy(nm)
        else:
            var = self._bound_variable(nm, integer, name_node)
        saved = dict(self.bound)
        self.bound[nm] = var
        try:
            cond = self._conjunction(clauses)
        finally:
            self.bound = saved
        base = sp.S.Integers if integer else sp.S.UniversalSet
        return nm, var, sp.ConditionSet(var, cond, base)

    def over_set(self, op, posts, rest, node):
        """``\\sum_{S \\subseteq A}``, ``\\max_{x \\in A}``, ``\\sup_{\\|\\delta\\| \\le \\epsilon}``:
        the operator over the members of a set (an integer range it closes is the ordinary
        sum or extremum)."""
        if not rest:
            self.err(f"\\{op} with nothing after it", node)
        called = self._called_in(self._binding_name(posts), rest)
        nm, var, dom = self.set_binding(op, posts, node, function=called)
        saved = dict(self.bound)
        if not called:  # \sup_{g \in G} ... g(z_i): a map the body calls keeps its calls
            self.bound[nm] = var
        try:
            body = self.realize(self.chunk(rest))
        finally:
            self.bound = saved
        body = self.scalar_operand(body, f"\\{op} of matrices over a set", node)
        return self.range_over(op, body, var, dom, node), len(rest)

    def _binding_name(self, posts) -> str | None:
        sub = next(sc for kind, sc, _ in posts if kind == "subscr")
        kids = self.args(sub.children[0])[0][1].children
        return self._plain_name(kids[0]) if kids[1].value in _BINDING_RELS else None

    def _called_in(self, nm, rest) -> bool:
        """Is the name applied to an argument in the body (``g(z_i)``)?"""
        for k, (_, tree) in enumerate(rest):
            for t in ([tree] + list(tree.iter_subtrees()) if isinstance(tree, Tree) else []):
                kids = t.children if t.data == "product" else [tree] if t is tree else []
                units = [c for c in kids if isinstance(c, Tree)]
                for a, b in zip(units, units[1:]):
                    base, posts = self.peel(a)
                    if (not posts and base.data in ("letter", "cmd", "font")
                            and self._plain_name(a) == nm and self.is_call_group(b)):
                        return True
            if k + 1 < len(rest) and rest[k + 1][0] is None and self._plain_name(tree) == nm \
                    and self.is_call_group(rest[k + 1][1]):
                return True
        return False

    def range_over(self, op, body, var, dom, node):
        ends = integer_range(var, dom)
        if ends is not None:
            lo, hi = ends
            if op in ("sum", "prod"):
                return (sp.Sum if op == "sum" else sp.Product)(body, (var, lo, hi))
            return self.extremum_value(op, body, var, lo, hi)
        if op == "sum":
            return SetSum(body, var, dom)
        if op == "prod":
            self.err("a product over a set", node)
        return SetExtremum(body, var, dom, sp.Symbol(op))

    def extremum_value(self, op, body, var, lo, hi):
        from .. import ops

        if lo.is_Integer and hi.is_Integer and 0 <= hi - lo < 50:
            terms = [body.subs(var, k) for k in range(int(lo), int(hi) + 1)]
            return (sp.Max if op == "max" else sp.Min)(*terms)
        return ops.Extremum(body, var, lo, hi, sp.Symbol(op))

    def extremum_of_set(self, op, s, node):
        """``\\max\\{x_{i+k} \\mid 0 \\le k < r\\}``: the largest member of a set."""
        if isinstance(s, sp.ImageSet):
            (var,), body = s.lamda.variables, s.lamda.expr
            dom = s.base_sets[0]
        elif isinstance(s, sp.ConditionSet):
            var = body = s.sym
            dom = s
        else:
            var = sp.Dummy("m")
            body, dom = var, s
        return self.range_over(op, body, var, dom, node)


def _integer_set(dom) -> bool:
    if isinstance(dom, sp.Range) or dom in (sp.S.Naturals, sp.S.Naturals0, sp.S.Integers):
        return True
    if isinstance(dom, sp.FiniteSet):
        return all(getattr(a, "is_integer", False) for a in dom.args)
    if isinstance(dom, (sp.Union, sp.Intersection)):
        return all(_integer_set(a) for a in dom.args)
    if isinstance(dom, sp.Complement):
        return _integer_set(dom.args[0])
    return False


def integer_range(var, dom):
    """(lo, hi) when ``dom`` is the integers lo..hi: a ``Range`` of step 1, or integers with
    a condition of lower and upper bounds on the variable; else None."""
    if isinstance(dom, sp.Range) and dom.args[2] == 1:
        return dom.args[0], dom.args[1] - 1
    if isinstance(dom, sp.ConditionSet) and dom.base_set == sp.S.Integers and dom.sym == var:
        lo = hi = None
        conds = dom.condition.args if isinstance(dom.condition, sp.And) else (dom.condition,)
        for c in conds:
            if not isinstance(c, sp.core.relational.Relational):
                return None
            a, b = c.lhs, c.rhs
            strict = isinstance(c, (sp.StrictLessThan, sp.StrictGreaterThan))
            if isinstance(c, (sp.GreaterThan, sp.StrictGreaterThan)):
                a, b = b, a  # a < b
            elif not isinstance(c, (sp.LessThan, sp.StrictLessThan)):
                return None
            if a == var and not b.has(var):
                hi = b - 1 if strict else b
            elif b == var and not a.has(var):
                lo = a + 1 if strict else a
            else:
                return None
        if lo is not None and hi is not None:
            return lo, hi
    return None
