"""Sums, products and extrema over an index (``\\sum_{i=1}^n``, ``\\prod_i``, ``\\max_i``).

The body is the rest of the product; the index is bound inside it.  Ranges come from the
scripts, else from the index's declaration ``index(n)``, else from the one declared vector whose
entries the body runs over.
"""
from __future__ import annotations

import re

import sympy as sp
from lark import Tree
from sympy.core.function import AppliedUndef

from .. import ops
from ..symbols import dim_symbol
from .base import FuncRef, LatexError, bounds_of, is_matrix, same
from .messages import size


def _rest_of_group(text: str, start: int) -> str:
    """The text from ``start`` to the end of the group it stands in (the bracket that closes
    it, a relation, or the end)."""
    depth = 0
    for m in re.finditer(r"\\left\s*\\?.|\\right\s*\\?.|[([{]|[)\]}]|=|\\(?:le|ge|leq|geq)(?![A-Za-z])"
                         r"|[<>]", text[start:]):
        tok = m.group(0)
        if tok.startswith("\\left") or tok in "([{":
            depth += 1
        elif tok.startswith("\\right") or tok in ")]}":
            depth -= 1
            if depth < 0:
                return text[start:start + m.start()]
        elif depth == 0:
            return text[start:start + m.start()]
    return text[start:]


def _uses_letter(text: str, name: str) -> bool:
    """Whether ``text`` writes the variable ``name`` (as a letter or a command, not inside a
    longer word): ``\\max_a Q(s', a) - Q(s, b)`` may only be read with the max covering its
    first term when what follows does not write a (the two readings then agree: terms free of
    the variable come out of the max unchanged)."""
    return re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", text) is not None


class ArgExtremum(sp.Function):
    """The point where ``body`` is largest (``max``) or smallest (``min``) over ``var``:
    ``ArgExtremum(body, var, max)``, or over an index range ``ArgExtremum(body, k, max, lo, hi)``.
    Left unevaluated: the reader says what is written, a checker decides it."""

    nargs = (3, 5)

    @classmethod
    def eval(cls, *args):
        return None
from .names import clean_subscript


UNNAMED_VALUES = "values"  # the members of the finite set an unnamed index runs over


def index_name(raw: str) -> str:
    """An index as written -> its name: ``s'`` (``s^\\prime``) is ``s_prime``, as the reader
    names a primed letter anywhere (``v(s')``), so the sum binds the letter its body uses."""
    nm = clean_subscript(raw)
    m = re.fullmatch(r"([A-Za-z]+)('+|\^prime)", nm)
    if m:
        return m.group(1) + "_prime" * (1 if m.group(2) == "^prime" else len(m.group(2)))
    return nm


def _two_letters(idx: str):
    """The two index letters of a matrix entry's subscript (``ij``, ``i,j``, ``i j``), else
    None."""
    parts = [p for p in re.split(r"[\s,]+", idx) if p]
    if len(parts) == 1 and len(parts[0]) == 2:
        parts = list(parts[0])
    return parts if len(parts) == 2 else None


class SumsMixin:
    def index_symbol(self, name):
        if name in self.user:
            return self.user.sympy(name)
        return sp.Symbol(name, integer=True)

    def index_range(self, name, node, rest=()):
        """Where index ``name`` runs up to: its declaration ``index(n)``, else the length of the
        one declared vector it picks entries of in the body (``\\max_i |x_i|``)."""
        d = self.user.get(name)
        if d is None and rest:
            sizes = self.vector_indices(rest).get(name, set())
            if len(sizes) == 1:
                return sizes.pop()
            if len(sizes) > 1:
                self.err(f"the index {name} picks entries of vectors or matrices of different "
                         f"sizes ({', '.join(sorted(map(str, sizes)))}), so where it runs is "
                         "unclear", node)
        if d is None and name not in self.user:
            return self.unnamed_set(name, node)
        if d is None or d.domain != "index":
            self.err(f"where the index {name} runs is neither written (as \\sum_{{{name}=1}}^{{{'M' if name == 'N' else 'N'}}}) "
                     "nor declared", node)
        k = d.index_range
        return sp.Integer(k) if isinstance(k, int) else self.obj(k) if k in self.user else \
            sp.Symbol(str(k), integer=True, positive=True)

    def unnamed_set(self, name, node):
        """``\\sum_a \\pi(a|s)``, ``\\sum_{i,j} w_{ij}``: an index whose range nobody wrote or
        declared runs over a finite set the sheet leaves unnamed.  It is read as the places
        1..N of one count N, shared by every such index of the formula (a formula true for
        every finite set holds there, and two sums over one set stay equal); the index may
        then only pick entries and arguments, never stand as a number (``values_only_as_
        places``).  N is a letter the formula does not write."""
        size = getattr(self, "unnamed_size", None)
        if size is None:
            free = [c for c in ("N", "M", "K") if c not in self.user and c not in self.bound
                    and not re.search(rf"(?<![\\A-Za-z]){c}(?![A-Za-z])", self.text)]
            if not free:
                self.err(f"where the index {name} runs is neither written (as "
                         f"\\sum_{{{name}=1}}^{{N}}) nor declared", node)
            size = self.unnamed_size = sp.Symbol(free[0], integer=True, positive=True)
        self.unnamed_indices = getattr(self, "unnamed_indices", set()) | {name}
        return size

    def vector_indices(self, rest) -> dict:
        """{index letter: {lengths}} of the declared vectors and matrices whose entries the body
        takes with letters no declaration claims: ``x_i`` of a ``vector(n)`` runs to n,
        ``A_{ik}`` (``A_{i,k}``) of a ``matrix(m, n)`` takes i up to m and k up to n, and
        ``y_\\mu`` of a family ``vectors(N, d)`` runs over its N vectors."""
        found: dict = {}
        products = [[t for _, t in rest]] + [
            [c for c in t.children if isinstance(c, Tree)]
            for _, tree in rest for t in tree.iter_subtrees() if t.data == "product"]
        for kids in products:
            for a, b in zip(kids, kids[1:]):
                called = self.called_vector(a, b)
                if called is not None:
                    self.value_indices = getattr(self, "value_indices", set()) | {called[1]}
                    rows = self.user[called[0]].shape[0]
                    found.setdefault(called[1], set()).add(
                        sp.Integer(rows) if isinstance(rows, int) else dim_symbol(rows))
        for _, tree in rest:
            for t in tree.iter_subtrees():
                if t.data != "subscr":
                    continue
                base, script = t.children
                nm = self.base_name(base)[0] if base.data in ("letter", "cmd", "font") else None
                d = self.user.get(nm) if nm else None
                if d is not None and d.domain == "vectors":
                    # y_\mu of a family vectors(N, d): the index runs over its N vectors
                    idx = clean_subscript(self.script_raw(script))
                    if re.fullmatch(r"\\?[A-Za-z]+", idx) and idx.lstrip("\\") not in self.user:
                        n = d.args[0]
                        found.setdefault(idx.lstrip("\\"), set()).add(
                            sp.Integer(n) if isinstance(n, int) else dim_symbol(n))
                    continue
                if d is None or d.kind not in ("matrix", "random") or not d.shape:
                    continue
                idx = clean_subscript(self.script_raw(script))
                letters = [idx] if d.shape[1] == 1 else _two_letters(idx)
                sizes = [d.shape[0]] if d.shape[1] == 1 else list(d.shape)
                if not letters or not all(re.fullmatch(r"[A-Za-z]", c) for c in letters):
                    continue
                for c, rows in zip(letters, sizes):
                    if c in self.user:
                        continue
                    found.setdefault(c, set()).add(
                        sp.Integer(rows) if isinstance(rows, int) else dim_symbol(rows))
        return found

    def called_vector(self, unit, group):
        """(vector name, letter) when ``unit group`` is a declared vector called at one plain
        letter (``p(x)`` of a ``probvec(n)`` p): the entry of p at x, as a sum over the
        values of x writes it (``\\sum_x p(x) \\log p(x)``); else None."""
        if not isinstance(unit, Tree) or unit.data not in ("letter", "cmd", "font") \
                or not isinstance(group, Tree) or group.data != "paren":
            return None
        nm = self.base_name(unit)[0]
        d = self.user.get(nm) if nm else None
        if d is None or d.kind not in ("matrix", "random") or not d.shape or d.shape[1] != 1 \
                or d.domain == "vectors":
            return None
        inner = self.simple_unit(group.children[0])
        if inner is None or inner.data not in ("letter", "cmd"):
            return None
        letter = self.base_name(inner)[0]
        return (nm, letter) if letter and letter not in self.user else None

    def entry_call(self, h, nxt):
        """The entry ``p_x`` for ``p(x)``, p a declared vector and x a bound index, else None."""
        if h[0] != "value" or not is_matrix(h[1]) or nxt is None:
            return None
        unit = getattr(h[1], "name", None)
        base = self.peel(nxt[1])
        if unit is None or base[1] or base[0].data != "paren":
            return None
        inner = self.simple_unit(base[0].children[0])
        letter = self.base_name(inner)[0] if inner is not None and inner.data in ("letter", "cmd") \
            else None
        if letter not in self.bound or unit not in self.user:
            return None
        d = self.user[unit]
        if d.kind not in ("matrix", "random") or not d.shape or d.shape[1] != 1:
            return None
        return sp.Indexed(sp.IndexedBase(unit), self.bound[letter])

    def bigop(self, op, posts, rest, node):
        if not rest:
            self.err(f"\\{op} with nothing after it", node)
        if self.binds_a_set(posts):  # \sum_{S \subseteq A}, \sum_{x \in X}: sets.py
            return self.over_set(op, posts, rest, node)
        if not any(p[0] == "subscr" for p in posts) and not any(p[0] == "sup" for p in posts):
            limits, pair = [self.implicit_index(op, rest, node)], False
        else:
            limits, pair = self.index_limits(op, posts, node, rest)
        saved = dict(self.bound)
        syms = []
        for nm, lo, hi in limits:
            s = self.index_symbol(nm)
            self.bound[nm] = s
            syms.append((s, lo, hi))
        try:
            body = self.realize(self.chunk(rest))
            valued = self.unnamed_numbers(body, syms)
            if valued:  # \sum_r p(r) r: r takes the values v_1..v_N of an unnamed set
                for s, _, _ in syms:
                    if s in valued:
                        self.bound[s.name] = sp.Indexed(sp.IndexedBase(UNNAMED_VALUES), s)
                body = self.realize(self.chunk(rest))
        finally:
            self.bound = saved
        self.unused_unnamed(body, syms, node)
        self.values_only_as_places(body, syms, node)
        return self.bigop_value(op, body, syms, pair, node), len(rest)

    def unused_unnamed(self, body, syms, node):
        """A sum over an unnamed set whose body does not use its index (``\\sum_k 1``) counts
        the set's members, a number the sheet never states: refused."""
        size = getattr(self, "unnamed_size", None)
        for s, _, hi in syms:
            if size is not None and hi == size and s not in getattr(body, "free_symbols", {s}):
                self.err(f"where the index {s.name} runs is neither written (as "
                         f"\\sum_{{{s.name}=1}}^{{N}}) nor declared, and the terms do not use it",
                         node)

    def unnamed_numbers(self, body, syms) -> set:
        """The indices over an unnamed set (``unnamed_set``) that the body uses as numbers,
        not only as places (``\\sum_{s', r} p(s', r | s, a)\\,r``: r is a reward): each then
        stands for the value of its place, an entry of one list of N arbitrary numbers (one
        for every such index: the sets are taken to be one), so nothing depends on the
        places being 1..N."""
        size = getattr(self, "unnamed_size", None)
        if size is None or not isinstance(body, sp.Basic) or is_matrix(body):
            return set()
        try:
            places = body.replace(lambda e: isinstance(e, (sp.Indexed, AppliedUndef, ops.Prob)),
                                  lambda e: sp.Integer(1))
        except Exception:  # noqa: BLE001 - a body SymPy cannot rebuild: leave it to the check
            return set()
        return {s for s, _, hi in syms if hi == size and s in places.free_symbols}

    def values_only_as_places(self, body, syms, node):
        """``\\sum_x p(x) \\log p(x)`` runs over the places of the vector p; where x also
        stands as a value (``\\sum_x x\\, p(x)``), the values of x are not the places 1..n,
        and the reader says so rather than read them as such."""
        inferred = getattr(self, "value_indices", set())
        unnamed = {s for s, _, hi in syms if hi == getattr(self, "unnamed_size", None)}
        if not (inferred or unnamed) or not isinstance(body, sp.Basic):
            return
        stripped = body.replace(lambda e: isinstance(e, sp.Indexed), lambda e: sp.Integer(1))
        try:  # an unnamed set's places: entries, and arguments of functions and probabilities
            places = stripped.replace(lambda e: isinstance(e, (AppliedUndef, ops.Prob)),
                                      lambda e: sp.Integer(1))
        except Exception:  # noqa: BLE001 - a body SymPy cannot rebuild: say it uses the index
            places = stripped
        for s, _, _ in syms:
            if s.name in inferred and s in stripped.free_symbols \
                    or s in unnamed and s in places.free_symbols:
                self.err(f"a sum over the values of {s.name} that also uses {s.name} as a "
                         "number: the values it takes are not stated", node)

    def implicit_index(self, op, rest, node):
        """``\\sum x_i`` with no index written: the one declared ``index(n)`` symbol, else the
        subscript letter of a declared vector in the body (running over its entries)."""
        indices = [d.name for d in self.user if d.domain == "index"]
        if len(indices) == 1:
            nm = indices[0]
            return nm, sp.Integer(1), self.index_range(nm, node)
        found = [(nm, sizes.pop()) for nm, sizes in self.vector_indices(rest).items()
                 if len(sizes) == 1]
        if len(found) == 1:
            nm, hi = found[0]
            return nm, sp.Integer(1), hi
        letters = self.subscript_letters(rest)
        if len(letters) == 1:
            # \sum (x_i - \mu)^2 p_i: the one letter its terms are subscripted with is the
            # index, as if written \sum_i (where it runs: as for \sum_i, index_range)
            nm = letters.pop()
            return nm, sp.Integer(1), self.index_range(nm, node, rest)
        self.err(f"\\{op} without an index (write \\{op}_{{i=1}}^{{n}})", node)

    def subscript_letters(self, rest) -> set:
        """The lower-case letters the body's names are subscripted with (x_i, \\mu_{k}), none
        of them declared or bound already: a capital (\\mu_X) names a variable, a digit
        (x_1) or a word (w_{ij}, \\sigma_{\\max}) no running index."""
        found = set()
        for _, tree in rest:
            for t in tree.iter_subtrees():
                if t.data != "subscr":
                    continue
                base, script = t.children
                if base.data not in ("letter", "cmd", "font"):
                    continue
                idx = clean_subscript(self.script_raw(script))
                if re.fullmatch(r"[a-z]", idx) and idx not in self.user and idx not in self.bound:
                    found.add(idx)
        return found

    def index_limits(self, op, posts, node, rest=()):
        """The index ranges of ``\\sum_{i=1}^n``, ``\\sum_{i,j}``, ``\\sum_{i<j}``, ``\\max_i``:
        [(name, lo, hi)] in binding order, and the pair relation ('<', '\\neq') if any, or
        ('except', u) for a sum over all indices but a known one (``all_but_one``)."""
        sub, sup = bounds_of(posts, self.err, "a third script on a sum or product")
        limits = []  # (name, lo, hi) in binding order
        pair = False
        if sub is None:
            self.err(f"\\{op} without an index (write \\{op}_{{i=1}}^{{n}})", node)
        if sub.data == "script_tok" and sub.children[0].type in ("LETTER", "CMD"):
            nm = sub.children[0].value.lstrip("\\")
            lo, hi = sp.Integer(1), (self.script_value(sup) if sup is not None else self.index_range(nm, node, rest))
            limits.append((nm, lo, hi))
        elif sub.data == "script_group":
            args = self.args(sub.children[0])
            for sep, clause in args:
                kids = clause.children
                if clause.data == "rel_fragment":
                    self.err("an index the reader cannot read (it reads i, i=1, i<j and i \\neq j)", clause)
                if len(kids) == 1:
                    nm = index_name(self.raw(kids[0]))
                    if not re.fullmatch(r"[A-Za-z]+(_prime)*", nm):
                        self.err("an index the reader cannot read (it reads i, i=1, i<j and i \\neq j)", clause)
                    hi = (self.script_value(sup) if (sup is not None and len(args) == 1)
                          else self.index_range(nm, clause, rest))
                    limits.append((nm, sp.Integer(1), hi))
                elif len(kids) == 3 and kids[1].value == "=":
                    nm = index_name(self.raw(kids[0]))
                    if not re.fullmatch(r"[A-Za-z]+(_prime)*", nm):
                        self.err("an index the reader cannot read (it reads i, i=1, i<j and i \\neq j)", clause)
                    lo = self.expr(kids[2])
                    if sup is None:
                        hi = self.index_range(nm, clause, rest)
                    else:
                        hi = self.script_value(sup)
                    limits.append((nm, lo, hi))
                elif len(kids) == 3 and kids[1].value in ("<", r"\neq", r"\ne") and len(args) == 1:
                    a = clean_subscript(self.raw(kids[0]))
                    b = clean_subscript(self.raw(kids[2]))
                    but = self.all_but_one(a, b, kids, sup, clause, rest) \
                        if kids[1].value != "<" else None
                    if but is not None:
                        return but
                    try:
                        hi = self.index_range(a, clause)
                    except LatexError:
                        hi = self.index_range(b, clause)
                    pair = kids[1].value
                    limits.append((a, sp.Integer(1), hi))
                    limits.append((b, None, hi))
                else:
                    self.err("an index the reader cannot read (it reads i, i=1, i<j and i \\neq j)", clause)
        else:
            self.err("an index the reader cannot read (it reads i, i=1, i<j and i \\neq j)", sub)
        return limits, pair

    def has_value(self, name) -> bool:
        """Whether ``name`` stands for one number here: an index bound by an enclosing sum, or
        a declared number that is no index of its own (a node n declared ``dim``)."""
        if name in self.bound:
            return True
        d = self.user.get(name)
        return d is not None and d.kind in ("scalar", "dim")

    def all_but_one(self, a, b, kids, sup, clause, rest):
        """``\\sum_{v \\neq u}`` with u already a number (bound by an enclosing sum, or a declared
        node): the sum over v's whole range with the one term v = u left out, not a sum over
        pairs; ([(v, lo, hi)], ('except', u)).  The range is v's (its declaration, the vectors it
        picks entries of, or a written upper limit); either letter may be written first.  None
        when neither or both letters have a value (``\\sum_{i \\neq j}`` over pairs)."""
        if self.has_value(a) == self.has_value(b):
            return None
        run, fixed = (a, kids[2]) if self.has_value(b) else (b, kids[0])
        if not re.fullmatch(r"[A-Za-z]+", run):
            self.err("an index the reader cannot read (it reads i, i=1, i<j and i \\neq j)", clause)
        hi = self.script_value(sup) if sup is not None else self.index_range(run, clause, rest)
        return [(run, sp.Integer(1), hi)], ("except", self.expr(fixed))

    def bigop_value(self, op, body, syms, pair, node):
        if is_matrix(body):
            if body.shape == (1, 1):
                body = self.to_scalar(body)
            elif op == "sum" and isinstance(pair, tuple):  # all but one: below it, above it
                (i, lo, hi), skip = syms[0], self.realize(pair[1])
                return (ops.MatApply("sum", body.rows, body.cols, body, i, lo, skip - 1)
                        + ops.MatApply("sum", body.rows, body.cols, body, i, skip + 1, hi))
            elif op == "sum" and not pair:
                # SymPy's Sum refuses matrix bodies: MatApply('sum', rows, cols, body, i, lo, hi)
                val = body
                for s, lo, hi in reversed(syms):
                    val = ops.MatApply("sum", body.rows, body.cols, val, s, lo, hi)
                return val
            elif op == "prod" and not pair:
                # a product of square matrices, left to right by increasing index:
                # MatApply('prod', rows, cols, body, i, lo, hi) (the identity when empty)
                if not same(body.rows, body.cols):
                    self.clash(f"{self.quote(node)} multiplies {size(body.shape)} matrices over an "
                               "index, and only square ones can be chained")
                val = body
                for s, lo, hi in reversed(syms):
                    val = ops.MatApply("prod", body.rows, body.cols, val, s, lo, hi)
                return val
            else:
                self.err(f"\\{op} of matrices", node)
        if isinstance(body, FuncRef):
            self.err("a function named without its argument", node)
        cls = sp.Sum if op == "sum" else sp.Product
        if isinstance(pair, tuple):  # all but one index: the terms below it and above it
            (i, lo, hi), skip = syms[0], self.realize(pair[1])
            below, above = cls(body, (i, lo, skip - 1)), cls(body, (i, skip + 1, hi))
            return below + above if op == "sum" else below * above
        if pair:
            (i, lo, hi), (j, _, _) = syms
            if pair == "<":
                return cls(cls(body, (j, i + 1, hi)), (i, lo, hi))
            if op == "sum":  # the terms j < i and j > i: the diagonal is never evaluated
                return sp.Sum(sp.Sum(body, (j, 1, i - 1)) + sp.Sum(body, (j, i + 1, hi)),
                              (i, lo, hi))
            self.err("a product over j \\neq i", node)
        val = body
        for s, lo, hi in reversed(syms):
            val = cls(val, (s, lo, hi))
        return val

    def extremum(self, op, posts, rest, node):
        """``\\max_i x_i``, ``\\min_{i=1}^n``: the largest / smallest value of the body over a
        declared (or written) integer range: ``sp.Max`` of the terms when the range is a known
        number of terms, else ``ops.Extremum``."""
        if not rest:
            self.err(f"\\{op} with nothing after it", node)
        if self.binds_a_set(posts):  # \max_{\|\delta\| \le \epsilon}, \sup_{g \in G}: sets.py
            return self.over_set(op, posts, rest, node)
        if self.over_a_variable(posts, rest):
            return self.extremum_over_variable(op, posts, rest, node)
        limits, pair = self.index_limits(op, posts, node, rest)
        if isinstance(pair, tuple):
            self.err(f"\\{op} over all indices but one", node)
        if pair:
            self.err(f"\\{op} over pairs of indices", node)
        saved = dict(self.bound)
        syms = []
        for nm, lo, hi in limits:
            sym = self.index_symbol(nm)
            self.bound[nm] = sym
            syms.append((sym, self.realize(lo), self.realize(hi)))
        try:
            body = self.realize(self.chunk(rest))
        finally:
            self.bound = saved
        self.unused_unnamed(body, syms, node)
        self.values_only_as_places(body, syms, node)
        val = self.scalar_operand(body, f"\\{op} of matrices", node)
        for sym, lo, hi in reversed(syms):
            if lo.is_Integer and hi.is_Integer and 0 <= hi - lo < 50:
                terms = [val.subs(sym, k) for k in range(int(lo), int(hi) + 1)]
                val = (sp.Max if op == "max" else sp.Min)(*terms)
            else:
                val = ops.Extremum(val, sym, lo, hi, sp.Symbol(op))
        return val, len(rest)

    def over_a_variable(self, posts, rest) -> bool:
        """``\\max_x f(x)``, ``\\min_{\\mathbf{w}} L(\\mathbf{w})``: one subscript naming a variable
        that is no index (not declared one, not picking entries of a declared vector)."""
        if len(posts) != 1 or posts[0][0] != "subscr":
            return False
        nm = clean_subscript(self.script_raw(posts[0][1]))
        nm = re.sub(r"^\\(?:mathbf|boldsymbol|bm)\s*\{?\s*\\?([A-Za-z]+)\s*\}?$", r"\1", nm)
        nm = nm.lstrip("\\")
        if not re.fullmatch(r"[A-Za-z]+", nm) or nm in self.bound:
            return False
        d = self.user.get(nm)
        if d is not None and (d.domain in ("index", "dim") or d.kind == "function"):
            return False
        return nm not in self.vector_indices(rest) and not (
            d is None and self.picks_entries(nm, rest))

    def picks_entries(self, nm, rest) -> bool:
        """Does the body take entries with the undeclared letter ``nm`` (``\\max_a \\mu_a``,
        ``\\min_i x_i``)?  Then it is an index over a set the sheet leaves unnamed, as under
        ``\\sum_i`` (``unnamed_set``), not a variable to search over."""
        return any(t.data == "subscr" and nm in re.findall(
            r"\\?[A-Za-z]+", clean_subscript(self.script_raw(t.children[1])))
            for _, tree in rest for t in tree.iter_subtrees())

    def extremum_over_variable(self, op, posts, rest, node):
        """The largest (smallest) value over a real or vector variable: the body at its arg max
        (arg min), which a checker searches for and leaves without a value where none is
        attained.  A body that takes entries at the variable (``\\max_i x_i``, i no index) or
        a following + or - (which part does it cover?) is refused."""
        nm = clean_subscript(self.script_raw(posts[0][1]))
        for _, tree in rest:
            for t in tree.iter_subtrees():
                if t.data == "subscr" and nm in re.findall(r"\\?[A-Za-z]+",
                                                           clean_subscript(self.script_raw(t.children[1]))):
                    self.err(f"where the index {nm} runs is neither written (as "
                             f"\\{op}_{{{nm}=1}}^{{N}}) nor declared", node)
        end = self.span(rest[-1][1])[1] if rest else None
        if end is not None and self.text[end:].lstrip()[:1] in ("+", "-") \
                and _uses_letter(_rest_of_group(self.text, end), nm):
            self.err(f"a \\{op} followed by + or -: it may cover the whole sum or only its first "
                     "term (bracket the part it covers)", node)
        arg, used = self.arg_extremum(op, posts, rest, node)
        body, var = (arg.operands[0], arg.operands[1]) if is_matrix(arg) else arg.args[:2]
        return body.xreplace({var: arg}), used

    def arg_then_extremum(self, posts, rest, node):
        """``\\arg\\max_k``: ``\\arg`` followed by ``\\max`` or ``\\min`` with its subscript."""
        if posts or not rest or rest[0][0] is not None:
            self.err("\\arg without the \\max or \\min after it", node)
        base, mposts = self.peel(rest[0][1])
        which = base.children[0].value.lstrip("\\") if base.data == "cmd" else None
        if which not in ("max", "min"):
            self.err("\\arg without the \\max or \\min after it", node)
        val, used = self.arg_extremum(which, mposts, rest[1:], node)
        return val, used + 1

    def scalar_operand(self, body, too_big: str, node):
        """The operand of an extremum: one number (a 1 x 1 matrix is its entry; a bigger one
        is refused with ``too_big``)."""
        if is_matrix(body):
            if body.shape != (1, 1):
                self.err(too_big, node)
            body = self.to_scalar(body)
        if isinstance(body, FuncRef):
            self.err("a function named without its argument", node)
        return body

    def arg_extremum(self, which, posts, rest, node):
        """``\\operatorname*{arg\\,max}_k p_k``, ``\\arg\\min_{\\mathbf{w}} L(\\mathbf{w})``: the
        point where the body is largest (smallest).  Over an index with a known range:
        ``ArgExtremum(body, k, max, lo, hi)``; over a scalar variable ``ArgExtremum(body, x, max)``;
        over a vector ``MatApply('argmax', n, 1, body, w)``."""
        subs = [p for p in posts if p[0] == "subscr"]
        if len(subs) != 1 or len(posts) != 1:
            self.err(f"an arg {which} needs one subscript, its variable", node)
        if not rest:
            self.err(f"an arg {which} with nothing after it", node)
        sub = subs[0][1]
        nm = clean_subscript(self.script_raw(sub))
        limits = None
        if re.fullmatch(r"[A-Za-z]", nm) and (nm in self.user and self.user[nm].domain == "index"
                                               or nm not in self.user and nm in self.vector_indices(rest)):
            limits = [(nm, sp.Integer(1), self.index_range(nm, node, rest))]
        saved = dict(self.bound)
        try:
            if limits:
                var = self.index_symbol(nm)
                self.bound[nm] = var
            else:
                var = self.realize(self.script_value(sub))
            body = self.realize(self.chunk(rest))
        finally:
            self.bound = saved
        if not isinstance(var, (sp.Symbol, sp.MatrixSymbol)) or (
                is_matrix(var) and not same(var.cols, 1)):
            self.err(f"an arg {which} over something that is not a variable", node)
        body = self.scalar_operand(body, f"an arg {which} of a matrix", node)
        if is_matrix(var):
            return ops.MatApply(f"arg{which}", var.rows, 1, body, var), len(rest)
        extra = (limits[0][1], self.realize(limits[0][2])) if limits else ()
        return ArgExtremum(body, var, sp.Symbol(which), *extra), len(rest)
