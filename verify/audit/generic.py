"""Formulas no claim states: decided on their own where the kinds of their symbols are clear.

An identity in scalars, vectors, matrices, random variables with generic laws or known
functions (``\\log(xy) = \\log x + \\log y``, ``(AB)^{-1} = B^{-1}A^{-1}``,
``\\operatorname{Var}(aX + b) = a^2\\operatorname{Var}(X)``, ``\\frac{d}{dx}\\ln x = 1/x``) is read
with the reader's defaults (bold lower-case: a vector, bold or plain capital next to vectors:
a matrix, inside E/Var/Cov: a random variable) and what the sheet announced, then decided:
SymPy first, random instances second.

"Wrong" needs more than one failing reading. A refuted formula is tried again under the kinder
readings a sheet might take for granted: positive numbers, independent random variables,
symmetric matrices. If one of them makes it hold, it is unchecked with that condition named;
only a formula that fails in every reading is wrong. Nothing is decided when the formula only
defines a name (its left side a fresh symbol), uses an unknown function, a probability of
events, or a symbol whose meaning depends on another (a Greek parameter on one side only, as
μ and σ in Chebyshev's inequality).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import sympy as sp
from sympy.core.function import AppliedUndef

from cheatsheet import ops
from cheatsheet.latex import LatexError, LatexShapeError
from cheatsheet.match.tokens import tokenize
from cheatsheet.sheets.conventions import RULED_OUT
from cheatsheet.symbols import Declarations, DeclarationError
from ..custom import CheckContext
from ..numeric import NumericOptions
from ..symbolic import prove
from ..parsing import parse_cached
from ..timelimit import CheckTimeout
from .granted import restricted
from .no_solution import never_holds

GENERIC_TRIALS = 36
_KNOWN_FUNCS = (sp.exp, sp.log, sp.sin, sp.cos, sp.tan, sp.tanh, sp.sinh, sp.cosh, sp.Abs,
                sp.sqrt, sp.Max, sp.Min, sp.floor, sp.ceiling, sp.sign)


@dataclass
class GenericResult:
    verdict: str  # ok | wrong | unchecked
    reason: str
    method: str
    counterexample: dict | None = None


def _nodes(stmt):
    for rel in stmt.relations:
        for side in (rel.lhs, rel.rhs):
            yield from sp.preorder_traversal(side)


def _markers(stmt) -> set:
    """Symbols the reader uses as labels inside its own nodes (a layout, an operator's name)."""
    out = {sp.Symbol("numerator"), sp.Symbol("denominator")}
    for node in _nodes(stmt):
        if isinstance(node, ops.MatApply) and node.args and isinstance(node.args[0], sp.Symbol):
            out.add(node.args[0])
    return out


def user_symbols(stmt) -> set:
    return stmt.free_symbols - _markers(stmt)


def _rv_names(stmt) -> set[str]:
    """Capital letters inside an expectation, variance or covariance: random variables
    (lower-case letters there are constants: Var(cX))."""
    names = set()
    for node in _nodes(stmt):
        if isinstance(node, (ops.E, ops.Var, ops.Cov)):
            names |= {str(s) for s in node.free_symbols if str(s)[:1].isupper()}
    return names


_MOMENTS = ("E", "Var", "Cov")


def _moment_arguments(stmt) -> set[str]:
    """Names that are the whole argument of an expectation, variance or covariance
    (E[x], Cov(x), Var(x)): nobody writes the variance of a constant, so whatever the letter's
    case, the author most likely means a random variable or vector."""
    names = set()
    for node in _nodes(stmt):
        if isinstance(node, (ops.E, ops.Var, ops.Cov)):
            args = node.args
        elif isinstance(node, ops.MatApply) and node.args and str(node.args[0]) in _MOMENTS:
            args = node.args[3:]
        else:
            continue
        names |= {str(a) for a in args if isinstance(a, (sp.Symbol, sp.MatrixSymbol))}
        # Var(X_i), Var(sum a_i X_i): the entries of a capital's vector are random variables
        names |= {str(e.base) for a in args for e in getattr(a, "atoms", lambda *_: ())(
            sp.Indexed) if a == e or str(e.base)[:1].isupper()}
    return names


def _counts(stmt) -> set[str]:
    """Symbols that count (a sum's or product's bound, a factorial's or binomial's argument):
    natural numbers, whatever the letter."""
    out = set()
    for node in _nodes(stmt):
        if isinstance(node, (sp.Sum, sp.Product)):
            for _, lo, hi in node.limits:
                out |= {str(x) for x in (lo.free_symbols | hi.free_symbols)}
        elif isinstance(node, (sp.factorial, sp.binomial)):
            out |= {str(x) for x in node.free_symbols}
    return out


def _infer(stmt) -> dict[str, str] | None:
    """Domain strings for every symbol, or None when a kind is unclear."""
    specs: dict[str, str] = dict(summed_entries(stmt))
    rvs = _rv_names(stmt)
    counts = _counts(stmt)
    for sym in sorted(user_symbols(stmt), key=str):  # sorted: the same instance every run
        if str(sym) in specs or (isinstance(sym, sp.Indexed) and str(sym.base) in specs):
            continue  # an entry summed over, or the vector it belongs to
        if isinstance(sym, sp.MatrixSymbol):
            rows, cols = sym.shape
            for d in (rows, cols):
                if isinstance(d, sp.Symbol):
                    specs[d.name] = "dim"
            if cols == 1:
                specs[sym.name] = f"vector({rows})"
            elif rows == cols:
                specs[sym.name] = f"square({rows})"
            else:
                specs[sym.name] = f"matrix({rows}, {cols})"
        elif isinstance(sym, sp.Symbol):
            if sym.name in rvs:
                specs[sym.name] = "rv"
            elif sym.name in counts:
                specs[sym.name] = "natural"
            elif sym.name not in specs:
                specs[sym.name] = "real"
        else:
            return None
    return specs


def _sides(stmt) -> list[tuple[set, set]]:
    """The names on each side of each relation (a size n that an operator's result carries,
    as a derivative's does, is no name of the formula's)."""
    markers = {str(m) for m in _markers(stmt)}
    markers |= {str(d) for node in _nodes(stmt) if isinstance(node, sp.MatrixSymbol)
                for d in node.shape if isinstance(d, sp.Symbol)}
    markers |= _differentiated(stmt)  # d tr(XA) / dX = A^T: X is bound by the derivative
    return [({str(s) for s in r.lhs.free_symbols} - markers,
             {str(s) for s in r.rhs.free_symbols} - markers) for r in stmt.relations]


# d(X^{-1}), dX, d\log\det X: differentials, which the reader takes for a variable d
# (upright too: \mathrm{d}(\mathbf{Y}^{-1}) = -\mathbf{Y}^{-1}(\mathrm{d}\mathbf{Y})\mathbf{Y}^{-1})
_DIFFERENTIAL = re.compile(r"(?:(?<![\\A-Za-z])d|\\(?:mathrm|operatorname|text|textrm)\{d\})\s*"
                           r"(\(|\\(log|ln|det|operatorname|mathbf|mathrm|boldsymbol|bm|tr|left)"
                           r"|[A-Z])")
_PLAIN_E = re.compile(r"(?<![\\A-Za-z{])E\s*(\[|_)")  # E[X] without \mathbb: the reader's E is a letter


# d(e^{2u})/du, \\mathrm{d}(x^2)/\\mathrm{d}x: a derivative on one line (the reader takes it as
# one), not a differential
_ONE_LINE_DERIVATIVE = re.compile(
    r"(?<![\\A-Za-z])(?:d|\\mathrm\{d\})\s*\((?:[^()]|\([^()]*\))*\)\s*/\s*"
    r"(?:d|\\mathrm\{d\})\s*\\?[A-Za-z]")


def _unclear_text(latex: str) -> str | None:
    if _DIFFERENTIAL.search(_ONE_LINE_DERIVATIVE.sub(" D ", latex)) and "\\int" not in latex:
        return "differentials (dX) are not values"
    if _PLAIN_E.search(latex):
        return "a plain E[...] may be an expectation or a name"
    if re.search(r"(\\[A-Za-z]+|[A-Za-z])'+(?!\s*\(|')", latex):
        return "a primed name with no argument (σ' for σ'(z)) says no point"
    return None


_ENTRIES = "it speaks of probabilities or entries whose meaning is not stated"


def summed_entries(stmt) -> dict[str, str]:
    """Declarations making every entry the formula takes an entry of a vector it sums over
    (s_j inside sum_{j=1}^{N}: s is a vector of N numbers, whatever they are), or {} when an
    entry stands outside such a sum or two sums give one name two lengths."""
    specs: dict[str, str] = {}
    covered = set()
    for node in _nodes(stmt):
        if not isinstance(node, sp.Sum) or len(node.limits) != 1:
            continue
        j, lo, hi = node.limits[0]
        if lo not in (0, 1) or not isinstance(hi, (sp.Symbol, sp.Integer)):
            continue
        size = f"{hi}" if isinstance(hi, sp.Symbol) else f"{hi + 1 - lo}"
        for entry in node.function.atoms(sp.Indexed):
            if entry.indices != (j,):
                continue
            base = str(entry.base)
            if specs.get(base, f"vector({size})") != f"vector({size})" or base == str(j):
                return {}
            specs[base] = f"vector({size})"
            specs[str(j)] = f"index({size})"
            if isinstance(hi, sp.Symbol):
                specs[str(hi)] = "dim"
            covered.add(entry)
    every = {n for n in _nodes(stmt) if isinstance(n, sp.Indexed)}
    return specs if specs and every <= covered else {}


def _law_parameters(stmt, symbols: dict) -> set[str]:
    """The names the sheet states a law for, and that law's parameters (X, mu and sigma of
    X ~ N(mu, sigma^2)): on one side only they are still stated, by the law."""
    out: set[str] = set()
    names = {str(s) for r in stmt.relations for s in (r.lhs.free_symbols | r.rhs.free_symbols)}
    for name, kind in (symbols or {}).items():
        law = re.match(r"([A-Z][A-Za-z]*)\((.*)\)$", kind or "")
        if law and name in names:  # (X itself is bound by the expectation it is under)
            out |= {name} | set(re.findall(r"[A-Za-z_]+", law.group(2)))
    return out


def _derivatives(stmt):
    """(what is differentiated, by what) for each derivative the formula writes."""
    for node in _nodes(stmt):
        if isinstance(node, ops.MatApply) and node.args and str(node.args[0]) == "partial" \
                and len(node.args) > 4:
            yield node.args[3], node.args[4]
        elif isinstance(node, ops.Partial):
            yield node.args[0], node.args[1]
        elif isinstance(node, sp.Derivative):  # (by variable_count: f^{(k)} has a symbolic k)
            yield node.expr, sp.Tuple(*(v for v, _ in node.variable_count))


def _constant_body(stmt) -> str | None:
    """A derivative of names free of the variable (dy-hat/du with y-hat = softmax(u) on another
    line): the formula does not write how they depend on it, which its sheet says elsewhere;
    read as written the derivative is 0, which is not what a sheet means by writing it."""
    for body, var in _derivatives(stmt):
        names = body.free_symbols - _markers(stmt)
        if names and not names & var.free_symbols:
            return (f"it differentiates {', '.join(sorted(map(str, names)))}, whose dependence on "
                    f"{', '.join(sorted(map(str, var.free_symbols)))} it does not write")
    return None


def _unclear(stmt, stated: set = frozenset()) -> str | None:
    """Why the formula cannot be decided on its own, or None."""
    constant = _constant_body(stmt)
    if constant:
        return constant
    summed = summed_entries(stmt)
    for rel in stmt.relations:
        if rel.op == "approx":
            return "an approximation with no stated accuracy"
        for side in (rel.lhs, rel.rhs):
            for node in sp.preorder_traversal(side):
                if isinstance(node, AppliedUndef):
                    return "it uses a function the sheet does not define"
                if isinstance(node, sp.Indexed) and summed:
                    continue  # sum_{j=1}^N e^{s_j}: s is any vector of N numbers
                if isinstance(node, (ops.Prob, sp.Indexed)) or type(node).__name__ == "Given":
                    return _ENTRIES
    first = stmt.relations[0]
    lhs = first.lhs
    if isinstance(lhs, (sp.Symbol, sp.MatrixSymbol)) and lhs not in first.rhs.free_symbols:
        return "it defines a name"
    for lhs_syms, rhs_syms in _sides(stmt):
        for name in (lhs_syms ^ rhs_syms) - stated:
            if not (len(name) == 1 and name.isalpha() and name.islower()):
                return f"{name} appears on one side only, so it may stand for something stated elsewhere"
    return None


def _equation(stmt) -> bool:
    """x \\cdot w + b = 0, w^0 = 0: an equation its unknowns must satisfy (a boundary, a
    start), which failing on random values does not make wrong."""
    return any((r.lhs.is_number or r.rhs.is_number) and r.op in ("=", "!=")
               for r in stmt.relations)


# a decimal or a percentage is a rounded value (= 0.1667), an approximation is no equality;
# 1e-6 is a number typed as code, which the reader takes for 1 times e, minus 6
_INEXACT = re.compile(r"\d\s*[.,]\s*\d|\\%|%|\\approx|\\simeq|\\sim\b|\\dots|\\cdots|\\ldots"
                      r"|\d[eE][-+]?\d")


def _arithmetic(latex: str, stmt) -> bool:
    """Exact numbers on both sides of every equality (8 (3 * 3 + 1) = 80, binom(5, 2) = 10):
    arithmetic, which is right or wrong as it stands, not an equation in unknowns."""
    return bool(stmt.relations) and not _INEXACT.search(latex) and all(
        r.op == "=" and r.lhs.is_number and r.rhs.is_number
        and not (r.lhs.free_symbols or r.rhs.free_symbols) for r in stmt.relations)


def _rounded(stmt) -> bool:
    """Does an equality hold once one side, a fraction, is rounded to the other, a whole
    number (down, up or to the nearest)?"""
    for r in stmt.relations:
        try:
            a, b = float(sp.N(r.lhs, 30)), float(sp.N(r.rhs, 30))
        except (TypeError, ValueError):
            return True  # (no real value to round: assume the kinder reading)
        for x, y in ((a, b), (b, a)):
            if float(y).is_integer() and not float(x).is_integer() \
                    and y in (math.floor(x), math.ceil(x), round(x)):
                return True
    return False


def _rtol(stmt) -> float:
    """Tolerance of the comparison: derivatives are taken by finite differences (second
    derivatives by differences of differences), and a typo changes a value by far more."""
    text = str(stmt)
    if "hessian" in text or "Derivative(" in text and ", 2)" in text:
        return 1e-3
    if "partial" in text or "Derivative" in text:
        return 1e-4
    return 1e-6


def _decide(stmt, specs: dict, seed: int, independent=(), key=("generic",), assume=()):
    try:
        decls = Declarations.from_mapping(specs)
    except DeclarationError:
        return None
    opts = NumericOptions(trials=GENERIC_TRIALS, layout="denominator", rtol=_rtol(stmt),
                          assume=tuple(assume))
    ctx = CheckContext("audit.generic", decls, opts, seed, key, independent=tuple(independent))
    try:
        return ctx.numeric(stmt)
    except (ValueError, KeyError, TypeError, ArithmeticError, NotImplementedError,
            AttributeError):
        return None


def _covaried(stmt) -> set[str]:
    """Random variables whose covariance the formula writes: independence would erase the
    term the author wrote (Var(X + Y) = Var X + Var Y - 2 Cov(X, Y) is no independence rule)."""
    out: set[str] = set()
    for node in _nodes(stmt):
        if isinstance(node, ops.Cov) or (isinstance(node, ops.MatApply) and node.args
                                         and str(node.args[0]) == "Cov"):
            out |= {str(x) for x in node.free_symbols}
    return out


def _differentiated(stmt) -> set[str]:
    """Matrices the formula differentiates by: their entries vary freely, so they are never
    taken to be symmetric (d det X / dX = det(X) X^{-1} holds only for a symmetric X)."""
    out: set[str] = set()
    for node in _nodes(stmt):
        if isinstance(node, ops.MatApply) and node.args and str(node.args[0]) == "partial" \
                and len(node.args) > 4:
            out |= {str(x) for x in node.args[4].free_symbols}
        elif isinstance(node, ops.Partial):
            out |= {str(x) for x in node.args[1].free_symbols}
    return out


def _readings(specs: dict, stmt=None, denied: tuple = ()):
    """The kinder readings to try when the plain one fails: (what it assumes, specs, independent).
    A reading is kind only where it does not erase what the author wrote: no independence for
    variables whose covariance is written, no symmetry for a matrix differentiated by or that
    the sheet says is not symmetric (``denied``: (name, property) pairs), and symmetry for one
    matrix at most (taking A, B, C all symmetric makes tr(ACB) = tr(ABC))."""
    scalars = [n for n, s in specs.items() if s == "real"]
    covaried = _covaried(stmt) if stmt is not None else set()
    rvs = [n for n, s in specs.items() if s == "rv"]
    if len(set(rvs) & covaried) > 1:
        rvs = []
    varied = _differentiated(stmt) if stmt is not None else set()
    unlike = {n for n, prop in denied if "pd" in RULED_OUT[prop]}
    squares = [n for n, s in specs.items() if s.startswith("square(") and n not in varied
               and n not in unlike]
    if len(squares) > 1:
        squares = []
    summed = sorted(n for n, sp_ in summed_entries(stmt).items()
                    if sp_.startswith("vector(")) if stmt is not None else []
    if scalars or summed:
        # (AM-GM, sum x_i log x_i: entries summed over are often taken positive unsaid)
        said = [", ".join(sorted(scalars))] if scalars else []
        said += [f"the entries of {', '.join(summed)}"] if summed else []
        yield (f"{' and '.join(said)} positive",
               {**specs, **{n: "positive" for n in scalars},
                **{n: specs[n].replace("vector(", "posvector(") for n in summed}}, ())
    if len(rvs) > 1:
        yield f"{', '.join(sorted(rvs))} independent", specs, tuple(sorted(rvs))
    if squares:
        yield (f"{', '.join(sorted(squares))} symmetric positive definite",
               {**specs, **{n: s.replace("square", "pd") for n, s in specs.items()
                            if n in squares}}, ())
    if scalars and len(rvs) > 1:
        yield ("the numbers positive and the random variables independent",
               {**specs, **{n: "positive" for n in scalars}}, tuple(sorted(rvs)))


_MATRIX_CONTEXT = ("^T", "^\\top", "^{T}", "^{\\top}", "^{-1}", "\\det", "tr", "Tr", "\\intercal",
                   "\\mathbf", "\\boldsymbol")


def _capitals(specs: dict) -> list[str]:
    return [n for n, s in specs.items() if s == "real" and len(n) == 1 and n.isupper()]


# sides of different sizes, each well-formed (a Jacobian said to be a vector): the formula's
# error, unlike an operation inside a side that its sizes do not allow (the reading's)
_SIDES_DIFFER = re.compile(r"the left side is .*, the right side")


_MATRICES = {"matrix", "square", "symmetric", "psd", "pd", "diagonal", "orthogonal"}


def _conditions(assume: tuple, specs: dict, layout: str) -> tuple | None:
    """The sheet's conditions on matrices (``\\det W > 0``) as relations in the reading's
    kinds, to keep only the trials inside them; None when one cannot be read so, or speaks of
    anything but matrices (nothing is imposed then)."""
    out = []
    for cond in assume:
        try:
            stmt = parse_cached(cond, specs, layout=layout)
        except (LatexError, ValueError, TypeError):
            return None
        if not stmt.relations or stmt.premises:
            return None
        # only conditions on matrices: of a number the words may say more than the formula
        # ("for an integer n >= 1", and n >= 1 drawn real fails floor(n/2) + ceil(n/2) = n)
        names = {str(x) for x in user_symbols(stmt)}
        if not names or any(specs.get(n, "").split("(")[0] not in _MATRICES for n in names):
            return None
        out += list(stmt.relations)
    return tuple(out)


def _one_reading(latex: str, specs: dict, conv, seed: int, assume=()) -> GenericResult | None:
    """The verdict of one reading of the symbols' kinds, kinder readings tried on failure;
    ``assume``: conditions the sheet states there (LaTeX), imposed on every trial, and
    (name, property) pairs it gives a square matrix (granted.py), drawn so."""
    layout = conv.layout or "denominator"
    try:
        stmt = parse_cached(latex, specs, layout=layout)
        decls = Declarations.from_mapping(specs)
    except (LatexError, ValueError, TypeError, DeclarationError):
        return None
    granted = tuple(a for a in assume if isinstance(a, tuple))
    assume = tuple(a for a in assume if isinstance(a, str))
    if granted:  # "for $S$ symmetric positive definite": S drawn so
        specs = restricted(specs, granted)
        if not specs:
            return None
        try:
            stmt = parse_cached(latex, specs, layout=layout)
            decls = Declarations.from_mapping(specs)
        except (LatexError, ValueError, TypeError, DeclarationError):
            return None
    imposed = _conditions(assume, specs, layout)
    if imposed is None:
        return None
    plain = not any(isinstance(x, sp.MatrixSymbol) for x in user_symbols(stmt))
    if plain and not _rv_names(stmt):
        try:
            proved = prove(stmt, 1.0, decls)
        except CheckTimeout:
            raise
        except Exception:  # noqa: BLE001 - a failed proof attempt proves nothing
            proved = None
        if proved is not None:
            return GenericResult("ok", "holds for all values (proved with SymPy)", "symbolic")
    ev = _decide(stmt, specs, seed, assume=imposed)
    if ev is None or ev.verdict not in ("passed", "refuted"):
        return None
    if ev.verdict == "passed":
        return GenericResult("ok", f"holds on {ev.trials} random instances", "numeric")
    denied = tuple(getattr(conv, "denied", ()))
    for what, alt_specs, independent in _readings(specs, stmt, denied):
        try:
            alt = parse_cached(latex, alt_specs, layout=layout)
        except (LatexError, ValueError, TypeError):
            continue
        alt_imposed = _conditions(assume, alt_specs, layout)
        if alt_imposed is None:
            return None
        alt_ev = _decide(alt, alt_specs, seed, independent, key=("generic", what),
                         assume=alt_imposed)
        if alt_ev is not None and alt_ev.verdict == "passed":
            return GenericResult("unchecked", f"holds only with {what}; the sheet does not "
                                 "say so", "numeric")
    cx = ev.counterexample or {}
    if cx.get("why") and not _SIDES_DIFFER.match(cx["why"]):  # not well-formed as read: with no claim to say what the sheet's
        # symbols are, that says the reading is wrong, not the formula (a 2 x 2 determinant
        # of plain a, b, c, d next to a declared bold vector a)
        return GenericResult("unchecked", f"as read, it is not well-formed ({cx['why']}); the "
                             "sheet may mean its symbols otherwise", "numeric")
    kinder = [w for w, _, _ in _readings(specs, stmt, denied)]
    return GenericResult(
        "wrong", "the two sides differ" + (f", even with {' and with '.join(kinder)}"
                                           if kinder else ""),
        "numeric", {"values": cx.get("instance") or {}, "left": cx.get("lhs"),
                    "right": cx.get("rhs"), **({"why": cx["why"]} if cx.get("why") else {})})


def generic_check(latex: str, conv, seed: int = 0, assume: tuple = ()) -> GenericResult | None:
    """A verdict for a formula no claim states, or None when its symbols' kinds are unclear;
    ``assume``: conditions the sheet states beside it (``\\det W > 0``), imposed on the values
    drawn (None when one cannot be read)."""
    layout = conv.layout or "denominator"
    if _unclear_text(latex) or _imaginary_unit(latex):
        return None
    try:
        stmt = parse_cached(latex, dict(conv.symbols or {}), layout=layout)
    except LatexShapeError:
        try:  # a^T x with x declared in R^d and a not: kinds from the defaults, sizes below
            stmt = parse_cached(latex, {}, layout=layout)
        except (LatexError, ValueError, TypeError):
            return None
    except (LatexError, ValueError, TypeError):
        return None
    stated = _law_parameters(stmt, conv.symbols) if stmt.relations else set()
    if not stmt.relations or stmt.premises or _unclear(stmt, stated):
        return None
    specs = _infer(stmt)
    if specs is None:
        return None
    specs = _one_size({**specs, **{k: v for k, v in (conv.symbols or {}).items() if k in specs}},
                      conv.symbols or {})
    lost = _cancelled_capitals(latex, specs)
    specs = {**specs, **{n: "real" for n in lost}}
    result = _randomness(latex, stmt, specs, conv, seed, assume)
    if result is not None and result.verdict == "wrong" and _stray_d(latex, stmt):
        return GenericResult("unchecked", "it writes a derivative the reader could not take "
                             "apart from a letter d, so the two sides may not be what the sheet "
                             "means", result.method)
    if result is not None and result.verdict == "wrong" and _arithmetic(latex, stmt):
        if _rounded(stmt):  # (224 - 11)/4 + 1 = 55: a conv size with its floor left unsaid
            return GenericResult("unchecked", "it holds with a division rounded to a whole "
                                 "number, which the sheet may leave unsaid", result.method)
        return result  # 8 (3 * 3 + 1) = 72: numbers on both sides, no equation in unknowns
    if result is not None and result.verdict == "wrong" and (_equation(stmt) or lost
                                                             or _one_sided(stmt, stated)):
        # (an equation is a condition on its unknowns only if some value satisfies it)
        never = None if lost else never_holds(stmt, specs, latex,
                                              getattr(conv, "line_math", "") or "",
                                              getattr(conv, "line_words", "") or "")
        return GenericResult("wrong", never, "symbolic") if never else None
    if result is not None and result.verdict == "wrong" and not conv.log_base:
        other = _other_log_base(latex, conv, seed)
        if other:  # log(10x) = 1 + log x: right where log means log_10, as sheets may say
            return GenericResult("unchecked", f"holds only if log is to base {other}; the "
                                 "sheet does not say so", result.method)
    summed = sorted(n for n, k in summed_entries(stmt).items() if k.startswith("vector("))
    if result is not None and result.verdict == "wrong" and summed:
        # entries summed over are the sheet's data or weights, often bound by what it says
        # elsewhere (sum to 1, x-bar their mean): failing on arbitrary entries is no error,
        # and says nothing against a claim that may state the formula
        return None
    if result is not None and result.verdict == "unchecked" and summed:
        return None  # (holding only with positive entries: the same)
    return result


# a slash before a differential (d/dx, dy/dx, d(...)/dx, \partial f/\partial x)
_SLASH_D = re.compile(r"/\s*(?:d|\\mathrm\s*\{\s*d\s*\}|\\partial)\s*\\?[A-Za-z{]")


def _stray_d(latex: str, stmt) -> bool:
    """Does the reading keep a letter d (or \\partial) that the formula writes as part of a
    derivative?  Then the reading is d as a number (dsoftplus/dz, or a d in the body of a
    derivative that the evaluation confuses with the derivative's own d), and failing says
    nothing about the formula."""
    d = next((s for s in user_symbols(stmt) if str(s) == "d"), None)
    if d is None:
        return False
    if _SLASH_D.search(latex):
        return True
    # a letter d inside what a derivative differentiates (d/dx (d x^2)): with d a declared
    # name the reader may take the derivative's own d for it
    return any(isinstance(x, sp.Derivative) and d in x.expr.free_symbols for x in _nodes(stmt))


def _imaginary_unit(latex: str) -> bool:
    """Does the formula write a lone i outside subscripts (e^{i theta} = cos theta + i sin
    theta)? Sheets mean the imaginary unit there, which the reader takes for a real number."""
    if re.search(r"_\s*\{?\s*i(?![A-Za-z])", latex):
        return False  # i is an index here (sum_{i=1}^n i): a number
    bare = re.sub(r"_\s*(\{[^{}]*\}|\\?[A-Za-z0-9]+)", " ", latex)
    return bool(re.search(r"(?<![\\A-Za-z])i(?![A-Za-z])", bare))


def _cancelled_capitals(latex: str, specs: dict) -> list[str]:
    """Capitals the formula writes that its reading as numbers cancelled (A = P A P^{-1} reads
    A = A): as matrices they do not cancel, so they must be read, not lost. The formula may
    then say where it holds (an equation in P), so failing makes it no error either."""
    try:
        toks = tokenize(latex)
    except Exception:  # noqa: BLE001 - what cannot be tokenised loses nothing we can name
        return []
    out = set()
    for t, nxt in zip(toks, toks[1:] + [None]):
        n = t.ident
        if n and len(n) == 1 and n.isupper() and n not in specs and (
                nxt is None or nxt.norm != "("):
            out.add(n)
    return sorted(out)


_PLAIN_LOG = re.compile(r"\\log(?!\s*_)")


def _other_log_base(latex: str, conv, seed: int) -> str:
    """The base (10 or 2) in which a formula with unmarked logs holds, or ''."""
    if not _PLAIN_LOG.search(latex):
        return ""
    for base in ("10", "2"):
        again = generic_check(_PLAIN_LOG.sub(rf"\\log_{{{base}}}", latex), conv, seed)
        if again is not None and again.verdict == "ok":
            return base
    return ""


_SIZED = re.compile(r"^(vector|square|matrix|rv)\((\w+)(?:, (\w+))?\)$")


def _one_size(specs: dict, declared: dict) -> dict:
    """Vectors the sheet did not declare take the size of the ones it did (a^T x with
    x in R^d: a is in R^d too), when the declared ones in the formula share one size."""
    sizes = set()
    for name, kind in specs.items():
        m = _SIZED.match(kind)
        if m and name in declared:
            sizes |= {g for g in m.groups()[1:] if g}
    default = {name for name, kind in specs.items() if kind == "dim" and name not in declared}
    if len(sizes) != 1 or not default:
        return specs
    size = sizes.pop()
    out = {}
    for name, kind in specs.items():
        if name in default:
            continue
        m = _SIZED.match(kind)
        if m and name not in declared:
            args = [size if g in default else g for g in m.groups()[1:] if g]
            kind = f"{m.group(1)}({', '.join(args)})"
        out[name] = kind
    if any(re.search(rf"\b{re.escape(d)}\b", kind) for d in default for kind in out.values()):
        return specs  # a default size used otherwise (a count, a bound): leave it
    return {**out, size: declared.get(size, "dim")}


def _one_sided(stmt, stated: set = frozenset()) -> bool:
    """A name on one side only (2x = y, a^2 + b^2 = c^2, 1 <= i <= r): the formula may be an
    equation or a condition its symbols satisfy, not an identity for all values; failing on
    random values does not make it wrong (holding for all of them does make it right)."""
    return any((lhs ^ rhs) - stated for lhs, rhs in _sides(stmt))


def _randomness(latex, stmt, specs, conv, seed, assume=()) -> GenericResult | None:
    """Decide with the names an expectation or covariance is taken of read as random (a
    lower-case x or a vector x in E[x x^T] - E[x]E[x]^T = Cov(x)); as constants every such
    formula is trivially 0 = 0. Where only the constant reading holds, the formula is not
    called wrong: the author may mean a constant (E[b] = b)."""
    random = {}
    for name in _moment_arguments(stmt):
        kind = specs.get(name, "")
        if kind == "real":
            random[name] = "rv"
        elif kind.startswith("vector("):
            random[name] = "rv(" + kind[len("vector("):]
    if not random:
        return _kinds(latex, stmt, specs, conv, seed, assume)
    as_random = _kinds(latex, stmt, {**specs, **random}, conv, seed, assume)
    if as_random is None or as_random.verdict == "ok":
        return as_random or _kinds(latex, stmt, specs, conv, seed, assume)
    if as_random.verdict == "wrong" and not all(n[:1].isupper() for n in random):
        # (a capital inside a variance is a random variable, as everyone writes it)
        as_constant = _kinds(latex, stmt, specs, conv, seed, assume)
        if as_constant is not None and as_constant.verdict == "ok":
            names = ", ".join(sorted(random))
            return GenericResult("unchecked", f"holds if {names} is a constant, not if it is "
                                 "random; the sheet does not say which", "numeric")
    return as_random


def _kinds(latex, stmt, specs, conv, seed, assume=()) -> GenericResult | None:
    """Decide under the kinds the symbols may have (capitals as numbers or matrices)."""
    capitals = [c for c in _capitals(specs) if c not in (conv.symbols or {})]
    if not capitals:
        return _label(_one_reading(latex, specs, conv, seed, assume))
    # plain capitals: numbers to the reader, often matrices to the author
    as_matrices = {**specs, "n": "dim", **{c: "square(n)" for c in capitals}}
    matrices = _one_reading(latex, as_matrices, conv, seed, assume)
    if any(m in latex for m in _MATRIX_CONTEXT):
        return _label(matrices)
    numbers = _one_reading(latex, specs, conv, seed, assume)
    if matrices is None or numbers is None:
        return None
    if matrices.verdict == numbers.verdict:
        return _label(matrices)
    if "ok" in (matrices.verdict, numbers.verdict):
        held = "numbers" if numbers.verdict == "ok" else "matrices"
        other = "matrices" if held == "numbers" else "numbers"
        return GenericResult("unchecked", f"holds if {', '.join(capitals)} are {held}, not if "
                             f"they are {other}; the sheet does not say which", "numeric")
    return None


def _label(res: GenericResult | None) -> GenericResult | None:
    """Say in the reason that no claim was involved."""
    if res is not None and res.verdict != "unchecked":
        res.reason += " (checked on its own: no claim of the catalog states it)"
    return res
