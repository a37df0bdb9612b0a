"""Which names a formula may speak of: a line that uses a name nothing defines is not well-formed.

A name is defined when the claim declares it or its canonical statement uses it, when the sheet
introduces it (a source version's ``symbols``, which stand for what the sheet's words introduce),
or when an operator binds it: the index of a sum, product, max or min, the variable of an
integral or a limit, the variable of a set-builder (SymPy's ``ConditionSet``) or of a ``Lambda``,
and the placeholder of a derivative taken at a point (``Subs``).  Three mistakes follow:

* a name nothing defines (``KL(p, y)`` where the claim speaks of p and q);
* an entry of a single value (``Y_i`` where Y is one random variable);
* one name used both free and bound (``y_k = \\max_k x_k``: k is the output's index and the
  variable the max runs over).

The analysis runs on what the reader built, so it sees a name exactly as the checker would; it
is pure bookkeeping over the SymPy tree (no evaluation), so it costs microseconds per formula.
A family written with subscripts (``\\theta_t`` in the claim) defines its other members
(``\\theta_{t+1}``): a sheet moves along a sequence, it does not invent a new object.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixExpr

from cheatsheet import ops
from cheatsheet.latex.probability import ExpectOver
from cheatsheet.latex.sets import SetExtremum, SetSum, introduced
from cheatsheet.statement import Statement
from cheatsheet.symbols import Declarations

# name pieces the reader appends for accents and superscript marks: part of the object's name
_DECORATIONS = {"hat", "bar", "tilde", "dot", "ddot", "check", "breve", "underline", "star",
                "prime"}
# what every formula may use without a declaration
_CONSTANTS = {"e", "pi", "oo", "I"}
# operands that are tags, not names: a derivative's layout, which end of an extremum, a side
_TAGS = {"numerator", "denominator", "max", "min", "both", "+", "-", "F"}

# operator node -> (position of the bound variable, positions evaluated outside the binding)
_BINDERS = {ops.Extremum: (1, (2, 3)), ops.Integral: (1, (2, 3)), ops.Limit: (1, (2,)),
            SetSum: (1, (2,)), SetExtremum: (1, (2,)), ExpectOver: (1, ())}
_MAT_BINDERS = {"at": (1, (2,)), "sum": (1, (2, 3)), "prod": (1, (2, 3)), "integral": (1, (2, 3)),
                "limit": (1, (2,)), "seq": (1, (2, 3))}


@dataclass
class Uses:
    """The names a formula uses, read off its SymPy tree."""

    values: dict = field(default_factory=dict)  # name -> how it is shown (first occurrence)
    entries: dict = field(default_factory=dict)  # base name -> shown entry (``Y_i``)
    functions: set = field(default_factory=set)
    bound: dict = field(default_factory=dict)  # name -> the operator that binds it
    indices: set = field(default_factory=set)  # subscript letters of free names, outside binders

    def all_names(self) -> set:
        return set(self.values) | set(self.entries) | self.functions


def family(name: str) -> tuple[str, str]:
    """``theta_bar_t-1`` -> (``theta_bar``, ``t-1``): the object and its subscript."""
    head, *rest = name.split("_")
    decor = [p for p in rest if p in _DECORATIONS]
    sub = [p for p in rest if p not in _DECORATIONS]
    return "_".join([head] + decor), "_".join(sub)


_GREEK_GLYPH = dict(zip(
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
    "sigma tau upsilon phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi "
    "Omega".split(), "αβγδεζηθικλμνξοπρστυφχψωΓΔΘΛΞΠΣΥΦΨΩ"))
_MARK = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "dot": "\u0307",
         "ddot": "\u0308", "check": "\u030c", "breve": "\u0306", "underline": "\u0332",
         "star": "*", "prime": "′"}


def display(name: str) -> str:
    """A reader name as a person writes it: ``theta_bar_t-1`` -> ``θ̄_{t-1}``."""
    head, *rest = name.split("_")
    out = _GREEK_GLYPH.get(head, head)
    subs = []
    for part in rest:
        if part in _MARK:
            out += _MARK[part]
        else:
            subs.append(_GREEK_GLYPH.get(part, part))
    if subs:
        sub = "_".join(subs)
        out += f"_{sub}" if len(sub) == 1 else f"_{{{sub}}}"
    return out


def is_operator_name(name: str) -> bool:
    """``KL``, ``softmax``, ``conv``: notation for an operator, not a name a sheet must define.
    A function name is a letter or a Greek letter, possibly decorated and subscripted."""
    from cheatsheet.latex.names import GREEK, OTHER_SYMBOLS

    head = name.split("_")[0]
    return len(head) > 1 and head not in GREEK and head not in OTHER_SYMBOLS


def uses(stmt: Statement) -> Uses:
    out = Uses()
    exprs = [e for r in (*stmt.relations, *stmt.premises) for e in (r.lhs, r.rhs)]
    if stmt.expr is not None:
        exprs.append(stmt.expr)
    for e in exprs:  # as one walk over them all: first occurrences first
        u = _expr_uses(e)
        for name, shown in u.values.items():
            out.values.setdefault(name, shown)
        for name, shown in u.entries.items():
            out.entries.setdefault(name, shown)
        out.functions |= u.functions
        for name, what in u.bound.items():
            out.bound.setdefault(name, what)
        out.indices |= u.indices
    return out


def _expr_uses(e) -> Uses:
    """The names one expression uses, walked once per process: a version's check asks for its
    sides' names three or four times (problems, clashes, bindings, the names it mentions), and
    many sheet versions share sides (issue 12: the walks were ~0.3 s of a cold verify).  Equal
    expressions have equal trees, so they use the same names.  Read only."""
    try:
        return _cached_uses(e)
    except TypeError:  # unhashable
        out = Uses()
        _walk(e, frozenset(), out)
        return out


@lru_cache(maxsize=8192)
def _cached_uses(e) -> Uses:
    out = Uses()
    _walk(e, frozenset(), out)
    return out


def _bind(var, what: str, bound: frozenset, out: Uses) -> frozenset:
    names = {s.name for s in getattr(var, "free_symbols", ()) if isinstance(s, sp.Symbol)}
    if isinstance(var, (sp.Symbol, sp.MatrixSymbol)):
        names = {var.name}
    for n in names:
        out.bound.setdefault(n, what)
    return bound | names


def _walk(e, bound: frozenset, out: Uses) -> None:
    if isinstance(e, (sp.Dummy, sp.NumberSymbol, sp.Number)) or e is None:
        return
    if isinstance(e, (sp.Symbol, sp.MatrixSymbol)):
        if e.name not in bound and (e.name not in _TAGS or isinstance(e, sp.MatrixSymbol)):
            out.values.setdefault(e.name, e.name)
            out.indices |= _subscript_names(family(e.name)[1]) - bound
        return
    if isinstance(e, sp.Indexed):
        base = e.base.label.name if hasattr(e.base.label, "name") else str(e.base.label)
        if base not in bound:
            out.entries.setdefault(base, f"{base}_{''.join(map(str, e.indices))}")
        for i in e.indices:
            _walk(i, bound, out)
        return
    if isinstance(e, sp.IndexedBase):
        name = str(e.label)
        if name not in bound:
            out.values.setdefault(name, name)
        return
    if isinstance(e, (sp.Sum, sp.Product)):
        inner = bound
        for var, *ends in reversed(e.limits):  # the last limit is the outermost
            for x in ends:
                _walk(x, inner, out)
            inner = _bind(var, "sum" if isinstance(e, sp.Sum) else "product", inner, out)
        _walk(e.function, inner, out)
        return
    for cls, (pos, outside) in _BINDERS.items():
        if isinstance(e, cls):
            for k in outside:
                _walk(e.args[k], bound, out)
            what = ("sum" if cls is SetSum else "integral" if cls is ops.Integral
                    else "limit" if cls is ops.Limit else "expectation" if cls is ExpectOver
                    else str(e.args[-1]))
            _walk(e.args[0], _bind(e.args[pos], what, bound, out), out)
            return
    if isinstance(e, ops.Eigenvalue):
        _walk(e.args[0], bound, out)
        return
    if isinstance(e, ops.MatApply):
        operands = e.operands
        if e.op in _MAT_BINDERS:
            pos, outside = _MAT_BINDERS[e.op]
            for k in outside:
                if k < len(operands):
                    _walk(operands[k], bound, out)
            what = "sum" if e.op == "sum" else e.op
            _walk(operands[0], _bind(operands[pos], what, bound, out), out)
            return
        for a in operands:
            _walk(a, bound, out)
        return
    if isinstance(e, sp.Subs):
        for p in e.point:
            _walk(p, bound, out)
        inner = bound
        for v in e.variables:
            inner = _bind(v, "derivative", inner, out)
        _walk(e.expr, inner, out)
        return
    if isinstance(e, sp.Lambda):
        inner = bound
        for v in e.variables:
            inner = _bind(v, "function", inner, out)
        _walk(e.expr, inner, out)
        return
    if isinstance(e, sp.ConditionSet):
        _walk(e.base_set, bound, out)
        _walk(e.condition, _bind(e.sym, "set-builder", bound, out), out)
        return
    if isinstance(e, AppliedUndef):
        name = type(e).__name__
        if name not in bound and not is_operator_name(name):
            out.functions.add(name)
        for a in e.args:
            _walk(a, bound, out)
        return
    if isinstance(e, (sp.Identity, sp.ZeroMatrix, sp.OneMatrix)):
        return  # only a size
    if isinstance(e, MatrixExpr) and not e.args:
        return
    for a in e.args:
        if isinstance(a, sp.Basic):
            _walk(a, bound, out)


@dataclass
class Vocabulary:
    """The names a version of a claim may use without binding them."""

    names: set  # declared names, the canonical statement's names, the sheet's introduced names
    families: set  # objects written with a subscript somewhere in the claim (``theta`` of theta_t)
    decls: Declarations
    canonical: Statement | None = None
    free: frozenset = frozenset()  # names the sheet leaves free for this formula
    subs: Subscripts | None = None  # how the claim's subscripts are used: steps or labels

    def defines(self, name: str, bound=frozenset()) -> bool:
        """``bound``: names an operator of the formula binds (x_i inside a sum over i)."""
        if name in self.names or name in self.free or name in _CONSTANTS:
            return True
        fam, sub = family(name)
        if not (sub and fam in self.families):
            return False
        return not self.misplaced(name, bound)

    def misplaced(self, name: str, bound=frozenset()) -> bool:
        """A member of one of the claim's families with a subscript of the wrong kind
        (``f_i`` beside the label ``U_i``): it looks like a member and names nothing."""
        fam, sub = family(name)
        return bool(sub) and self.subs is not None and self.subs.misplaced(fam, sub, bound)

    @property
    def shown(self) -> list:
        """The canonical statement's names in reading order, to say what the formula speaks of
        (computed only when a problem is reported: printing a statement is not free)."""
        if self.canonical is None:
            return []
        canon = _canonical_uses(self.canonical).all_names()
        return [n for n in _ordered(self.canonical, canon)
                if not (self.decls.get(n) and self.decls[n].kind in ("dim", "index"))]


@dataclass
class Subscripts:
    """What the subscripts of the claim's own names stand for, to tell a member of a family from
    a name that only looks like one.  An *index* is a step or a counter: a declared index or
    size, a variable an operator binds, a letter written with arithmetic (``t-1``) or on its
    own.  A *label* is any other subscript letter: the gate of ``W_f``, ``U_i``.  A family
    written only with indices (``f_t``, ``f_{t-1}``) moves along them; a family written only
    with labels (``U_f``, ``U_i``) is a set of distinct objects.  A label letter as the step of
    a stepped family (``f_i`` beside ``U_i``), or an index as the label of a labelled family
    (``U_t``), names nothing the claim has: the index-swap typo of gate notation."""

    indices: set  # letters the claim uses as steps or counters
    labels: set  # letters the claim uses only to label objects
    stepped: set  # families written with an index somewhere
    labelled: set  # families written with a label somewhere
    known: set  # every (family, subscript) the claim writes

    def misplaced(self, fam: str, sub: str, bound) -> bool:
        if (fam, sub) in self.known:
            return False
        toks = _subscript_names(sub)
        if not toks:
            return False
        if fam in self.labelled and fam not in self.stepped:
            return toks <= self.indices and not toks & self.labels
        if fam in self.stepped and fam not in self.labelled:
            return any(t in self.labels and t not in self.indices and t not in bound
                       for t in toks)
        return False


def _subscripts(names: set, decls: Declarations, canonical: Statement | None,
                shaped: set) -> Subscripts:
    known, indices = set(), set()
    for d in decls:
        if d.kind in ("index", "dim") or d.domain in ("natural", "integer"):
            indices.add(d.name)
    if canonical is not None:
        u = _canonical_uses(canonical)
        indices |= set(u.bound)
        indices |= {n for n in u.values if len(n) == 1 or n in _GREEK_GLYPH}
    for n in names:
        fam, sub = family(n)
        if not sub or fam in shaped:
            continue
        known.add((fam, sub))
        if re.search(r"[+-]", sub):
            indices |= _subscript_names(sub)
    labels, stepped, labelled = set(), set(), set()
    for fam, sub in known:
        toks = _subscript_names(sub)
        if toks & indices:
            stepped.add(fam)
        if toks - indices:
            labelled.add(fam)
            labels |= toks - indices
    return Subscripts(indices, labels, stepped, labelled, known)


_USES: dict[int, tuple] = {}


def _canonical_uses(canonical: Statement) -> Uses:
    """``uses`` of a claim's statement, once per statement (every version asks for it)."""
    hit = _USES.get(id(canonical))
    if hit is None or hit[0] is not canonical:
        hit = _USES[id(canonical)] = (canonical, uses(canonical))
    return hit[1]


def vocabulary(decls: Declarations, canonical: Statement | None, free=()) -> Vocabulary:
    names = set()
    for d in decls:
        names.add(d.name)
        names.update(str(a) for a in d.args if isinstance(a, str))
    entries = set()
    if canonical is not None:
        u = _canonical_uses(canonical)
        names |= u.all_names()
        # the variable an expectation averages over (E_{f ~ Q}[R(f)]) is one the claim speaks of
        names |= {n for n, what in u.bound.items() if what == "expectation"}
        entries = set(u.entries)
    families = set(entries)
    shaped = set(entries)
    written = set(names)
    for n in list(names):
        fam, sub = family(n)
        if sub:
            families.add(fam)
            names.update(_subscript_names(sub))  # theta_t speaks of step t
        d = decls.get(n)
        if d is not None and d.kind in ("matrix", "random") and d.shape:
            families.add(n)  # a vector's entries x_i, a matrix's A_ij
            shaped.add(n)
    subs = _subscripts(written, decls, canonical, shaped)
    return Vocabulary(names, families, decls, canonical, frozenset(free), subs)


def _subscript_names(sub: str) -> set:
    """The index names in a subscript: ``t-1`` -> {t}, ``ij`` -> {i, j}, ``max`` -> {}."""
    from cheatsheet.latex.names import GREEK

    out = set()
    for tok in re.findall(r"[A-Za-z]+", sub):
        if tok in GREEK or len(tok) == 1:
            out.add(tok)
        elif len(tok) == 2 and tok.islower():  # w_ij: two indices
            out.update(tok)
    return out


def _mentions(sub: str) -> set:
    """Every Greek word and letter a subscript mentions (``alphagamma`` -> alpha, gamma)."""
    from cheatsheet.latex.names import GREEK

    words = "|".join(sorted(GREEK, key=len, reverse=True))
    return set(re.findall(rf"{words}|[A-Za-z]", sub))


def _ordered(stmt: Statement, names: set) -> list:
    """Names in the order they appear in the statement's text form (a stable, readable order)."""
    text = str(stmt)
    return sorted(names, key=lambda n: (text.find(n) if n in text else len(text), n))


SCALAR_ENTRY = "single value here, not a vector"


def problems(stmt: Statement, vocab: Vocabulary, ignore=frozenset()) -> list[str]:
    """Each undefined name, entry of a single value or index clash, in words.
    ``ignore``: names accounted for elsewhere (a name the line defines, ``O`` of a rate)."""
    u = uses(stmt)
    out = []
    ignore = set(ignore) | introduced(stmt)  # S in a premise S \subseteq A: any such S
    bound = frozenset(u.bound)
    undefined = [shown for name, shown in u.values.items()
                 if name not in ignore and not vocab.defines(name, bound)]
    for base, shown in u.entries.items():
        d = vocab.decls.get(base)
        if d is not None and not d.shape and d.kind in ("scalar", "random"):
            out.append(f"{shown} is an entry of {display(base)}, but {display(base)} is a "
                       f"{SCALAR_ENTRY}")
        elif d is None and base not in ignore and not (base in vocab.families
                                                       or vocab.defines(base)):
            undefined.append(shown)
    if undefined:
        speaks = _speaks_of(vocab)
        out = [_through(stmt, n) or f"{display(n)} is not defined here{speaks}"
               for n in undefined] + out
    # function names are not checked: sheets name their maps freely (f for T, L for the loss),
    # and a call's meaning comes from the claim's check, so a new function name is no evidence
    out += _clashes(stmt)
    out += _outside_binding(stmt, vocab.canonical)
    return out


def _through(stmt: Statement, shown: str) -> str | None:
    """A chain rule through a name the formula's composition never passes through:
    ``\\frac{\\partial g}{\\partial h}`` where the formula applies g to x, ``g(x)``.  The name
    is not what is wrong (a sheet may well introduce h as another function of x); the factor
    is: it differentiates g by something g is not applied to here.  None unless the formula
    differentiates a function by the name and applies that function to something else."""
    exprs = [e for r in stmt.relations for e in (r.lhs, r.rhs)]
    calls = [a for e in exprs for a in e.atoms(AppliedUndef)]
    for e in exprs:
        for m in sp.preorder_traversal(e):
            if not (isinstance(m, ops.MatApply) and m.op == "partial"):
                continue
            var = m.operands[1]
            if display(getattr(var, "name", "")) != shown:
                continue
            for c in m.operands[0].atoms(AppliedUndef):
                fn = type(c).__name__
                if var not in c.args:
                    continue
                other = [a for a in calls if type(a).__name__ == fn and var not in a.args
                         and not any(var in b.free_symbols or b == var for b in a.args)]
                if other:
                    args = ", ".join(display(getattr(b, "name", str(b))) for b in other[0].args)
                    g, h = display(fn), display(shown)
                    return (f"the formula differentiates {g} by {h} (∂{g}/∂{h}) but applies "
                            f"{g} to {args} ({g}({args})), not to {h}: {g} is not a function of "
                            f"{h} here, so that factor is the chain rule of another composition "
                            f"(one through {h}) than the one the formula states")
    return None


def _side_uses(r) -> list:
    """What each side of a relation uses, left then right (read only)."""
    return [_expr_uses(r.lhs), _expr_uses(r.rhs)]


def _clashes(stmt: Statement) -> list[str]:
    """A name free on one side of a relation and, on the other, only bound by an operator
    (``x^k = \\max_k x_{i+k}``): that side cannot depend on it, so the two sides speak of
    different things.  A dummy index that shadows a free one within a side is sloppy, but each
    occurrence has one meaning."""
    out = []
    for r in stmt.relations:
        sides = _side_uses(r)
        for here, there in (sides, sides[::-1]):
            free = set(here.values) | set(here.entries)
            free |= {i for n in here.values for i in _subscript_names(family(n)[1])}
            there_free = set(there.values) | set(there.entries)
            for name in sorted((free & set(there.bound)) - there_free):
                if there.bound[name] == "expectation":
                    continue  # X in E[X] and in E_X[f(X)] is the same random variable
                msg = index_reused(name, there.bound[name])
                if msg not in out:
                    out.append(msg)
    return out


def index_reused(name: str, binder: str, here: str = "one side",
                 there: str = "the other") -> str:
    """The one wording of "a letter free on one side is what the other side's sum (max...)
    runs over", for verify's scope check and the audit's (verify/audit/free_and_bound.py)."""
    return (f"{display(name)} is a free index on {here} and the variable the {binder} runs "
            f"over on {there}, so {'that side' if there == 'the other' else there} cannot "
            f"depend on it")


def _free_with_subscripts(u: Uses) -> set:
    return set(u.values) | set(u.entries) | u.indices


def _normalised(e, name: str) -> bool:
    """``P(X|Y_i) P(Y_i) / \\sum_i P(X|Y_i) P(Y_i)``: a term over its sum, the sheets' habit of
    writing one term of a normalisation with the sum's own index."""
    for node in sp.preorder_traversal(e):
        if not isinstance(node, sp.Mul):
            continue
        for k, f in enumerate(node.args):
            if not (isinstance(f, sp.Pow) and f.exp.is_negative):
                continue
            below, above = Uses(), Uses()
            _walk(f, frozenset(), below)
            if name not in below.bound:
                continue
            for g in node.args[:k] + node.args[k + 1:]:
                _walk(g, frozenset(), above)
            if name in _free_with_subscripts(above):
                return True
    return False


def _outside_binding(stmt: Statement, canonical: Statement | None) -> list[str]:
    """A summation index used again outside its sum, on the side of the relation where it is
    summed, and nowhere on the other side (``E = \\sum_{i \\neq j} ... - \\sum_i b_j X_i``,
    ``\\mu_k = \\frac{1}{N_i} \\sum_i ...``): outside the sum it names nothing, unless the claim
    itself uses it as a free index.  (A sheet that reuses a free index as a dummy, softmax's
    ``z_j / \\sum_j e^{z_j}``, has it free on both sides and is not concerned.)"""
    if canonical is None:
        return []
    canon = _canonical_uses(canonical)
    canon_free = _free_with_subscripts(canon)
    out = []
    for r in stmt.relations:
        sides = _side_uses(r)
        for here, there in (sides, sides[::-1]):
            free = _free_with_subscripts(here)
            side = r.lhs if here is sides[0] else r.rhs
            for name in sorted((free & set(here.bound)) - _free_with_subscripts(there)
                               - set(there.bound) - canon_free):
                if here.bound[name] == "expectation" or _normalised(side, name):
                    continue
                msg = (f"{display(name)} is used outside the {here.bound[name]} that runs "
                       f"over it, and nothing else defines it there")
                if msg not in out:
                    out.append(msg)
    return out


def used_names(stmt: Statement) -> set:
    """Every name the formula mentions, bound or free, subscripts included."""
    u = uses(stmt)
    used = u.all_names() | set(u.bound)
    return used | {m for n in used for m in _mentions(family(n)[1])}  # f_{\alpha\gamma}: gamma


def unused_free(stmt: Statement, free) -> list[str]:
    """Names the sheet's words introduce for this formula ("for some c < 1") that the formula
    never uses: it speaks of something else (``O(e^k)``)."""
    if not free:
        return []
    used = used_names(stmt)
    return [f"{display(n)} is introduced for this formula (by the sheet's words) but the "
            f"formula never uses it" for n in sorted(set(free) - used)]


def _speaks_of(vocab: Vocabulary) -> str:
    names = [display(n) for n in vocab.shown[:6]]
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f": the formula speaks of {listed}"
