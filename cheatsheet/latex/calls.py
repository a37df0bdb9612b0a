"""Calls: juxtaposition as a call or a product, and the tables of known functions and operators
(what each means applied is :mod:`.operators`).

``f(x)`` is a call when f is declared a function or looks like one (a usual function letter,
several arguments, primes, bold); otherwise ``\\lambda(e^t - 1)`` is a product.  Operators
spelled as commands or text (``\\log``, ``\\exp``, ``\\sigma``, ``\\operatorname{tr}``,
``\\text{softmax}``) take a parenthesised argument or, without one, the next factors.
"""
from __future__ import annotations

import re

import sympy as sp
from lark import Token, Tree

from .accented import accented_letter

from .. import ops
from ..symbols import Decl, dim_symbol
from sympy.matrices.expressions.matexpr import MatrixElement

from .base import DEFAULT_DIM, FuncRef, LatexError, Retype, is_matrix
from .conditional_values import conditioning_bar
from .matrices import TRANSPOSE_RAW
from .messages import DOTS as _DOTS
from .names import BOLD_FONTS, GREEK, clean_subscript, command_name
from .probability import Given

# undeclared letters read as functions when directly followed by (...)
FUNCTION_LETTERS = {"f", "g", "h", "u", "v", "q", "F", "G", "H", "L", "M", "K", "D", "Q", "V",
                    "phi", "psi", "kappa", "ell", "varphi", "Phi", "J", "R", "S", "Z", "N", "W"}

TEXT_OPS = {
    "tr": "trace", "Tr": "trace", "trace": "trace", "Trace": "trace", "det": "det", "diag": "diag",
    "Var": "Var", "var": "Var", "Variance": "Var", "Cov": "Cov", "cov": "Cov", "E": "E",
    "ReLU": "relu", "relu": "relu", "Relu": "relu", "softmax": "softmax", "Softmax": "softmax",
    "sigmoid": "sigmoid", "sign": "sign", "sgn": "sign", "exp": "exp", "log": "log", "ln": "ln",
    "tanh": "tanh", "sin": "sin", "cos": "cos", "Pr": "P", "max": "max", "min": "min",
    "argmax": "argmax", "argmin": "argmin", "sup": "sup", "inf": "inf", "vec": "vec",
    "softplus": "softplus", "Softplus": "softplus",
    "arcsin": "asin", "arccos": "acos", "arctan": "atan", "arsinh": "asinh", "arcsinh": "asinh",
    "arcosh": "acosh", "arccosh": "acosh", "artanh": "atanh", "arctanh": "atanh",
}
CMD_OPS = {
    "log": "log", "ln": "ln", "exp": "exp", "sin": "sin", "cos": "cos", "tan": "tan",
    "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "det": "det", "tr": "trace", "Tr": "trace",
    "max": "max", "min": "min", "Pr": "P", "sgn": "sign", "diag": "diag",
    "arcsin": "asin", "arccos": "acos", "arctan": "atan", "sec": "sec", "csc": "csc", "cot": "cot",
}
ELEMENTWISE = {"exp", "log", "tanh", "sigmoid", "relu", "sign", "logit", "atanh", "softplus"}  # also in verify/evaluate.py
SCALAR_FUNCS = {"log": sp.log, "exp": sp.exp, "sin": sp.sin, "cos": sp.cos, "tan": sp.tan,
                "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh, "sign": sp.sign,
                "sigmoid": ops.Sigmoid, "relu": lambda x: sp.Max(0, x),
                "softplus": lambda x: sp.log(1 + sp.exp(x)),
                "logit": lambda y: sp.log(y / (1 - y)), "atanh": sp.atanh, "asin": sp.asin,
                "acos": sp.acos, "atan": sp.atan, "asinh": sp.asinh, "acosh": sp.acosh,
                "sec": sp.sec, "csc": sp.csc, "cot": sp.cot}
# letters that name maps before anything else: \Delta f is the Laplacian of f, not a step
_MAP_LETTERS = {"f", "g", "h", "F", "G", "H", "phi", "psi", "varphi", "Phi", "Psi"}
MATRIX_OPS = {"eig", "softmax", "det", "trace", "diag", "vec"}  # read in matrices.py
MOMENTS = {"E", "Var", "Cov"}  # read in probability.py
# operators whose argument may sit in \{ \} (\mathrm{E}\{X\}, \operatorname{var}\{X\}: braces
# as the argument's brackets, as signal-processing texts write moments)
BRACE_CALLS = {"max", "min", "exp", "P", "indicator", *MOMENTS}
# upright named functions: one ends the bracket-less argument of the one before it
NAMED_FUNCTIONS = {"log", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "det", "trace",
                   "asin", "acos", "atan", "asinh", "acosh", "atanh", "sec", "csc", "cot"}
# commands the reader knows and refuses, with the reason
UNREAD = {
    "dots": _DOTS, "cdots": _DOTS, "ldots": _DOTS, "vdots": _DOTS, "ddots": _DOTS,
    "oint": "a contour integral", "iint": "a double integral (write two \\int)",
    "limsup": "a limit superior", "liminf": "a limit inferior",
    "sup": "a supremum without its index (the reader reads \\sup_i over an index)",
    "inf": "an infimum without its index (the reader reads \\inf_i over an index)",
    "begin": "an environment the reader does not know", "end": "an environment the reader does not know",
    "forall": "a quantifier inside a formula (the reader reads one before the formula, "
    "\\forall x \\in S: ..., or after it)",
    "exists": "a statement that something exists, which no instance can refute (the checker "
    "decides what holds for every value)",
    "lvert": "a bar where a value belongs", "rvert": "a bar where a value belongs",
    "lVert": "a norm bar where a value belongs", "rVert": "a norm bar where a value belongs",
    "mid": "a bar where a value belongs",
    "parallel": "a double bar that is neither a norm nor the separator of a divergence "
    "D(p \\| q)",
    "implies": "an implication with nothing before it", "Rightarrow": "an implication with "
    "nothing before it", "Longrightarrow": "an implication with nothing before it",
}
# Greek letters that carry a reading of their own before a bracket (sigmoid, the gamma function,
# a spectral radius or eigenvalue): not made a function by ``lone_call``
_NOT_FUNCTIONS = {"sigma", "Gamma", "rho", "lambda_max", "lambda_min", "Sigma", "Pi", "Delta",
                  "nabla", "partial"}
EIGEN_NAMES = {"lambda_max": "max", "lambda_min": "min"}
# names of laws whose density a sheet writes Name(x | parameters), as Bishop does
DENSITY_NAMES = {"Bern", "Bernoulli", "Bin", "Binom", "Binomial", "Beta", "Gam", "Gamma", "Pois",
                 "Poisson", "Cat", "Categorical", "Dir", "Dirichlet", "Mult", "Multinomial",
                 "Exp", "Expon", "Exponential", "Unif", "Uniform", "U", "Lap", "Laplace",
                 "Normal", "Gauss", "Gaussian", "St", "Student", "Wishart", "Geom", "Geometric"}
# \sigma^{-1}(y), \tanh^{-1}(x): the inverse function, not a reciprocal
INVERSE_OPS = {"sigmoid": "logit", "tanh": "atanh", "sin": "asin", "cos": "acos", "tan": "atan",
               "sinh": "asinh", "cosh": "acosh"}


class CallsMixin:
    def is_call_group(self, tree):
        """``(...)``/``[...]``, or SymPy's own ``{\\left(...\\right)}`` spelling."""
        base, _ = self.peel(tree)
        if base.data == "group":
            inner = self.simple_unit(base.children[0])
            return inner is not None and inner.data == "paren"
        return base.data in ("paren", "bracket")

    def call_group(self, tree):
        gbase, gposts = self.peel(tree)
        if gbase.data == "group":
            gbase = self.simple_unit(gbase.children[0])
        elif gbase.data == "braceset":  # \max\{a, b\}: the set's list is the argument list
            gbase = Tree("paren", [gbase.children[1]], gbase.meta)
        return gbase, gposts

    def chunk(self, items):
        acc = None
        k = 0
        while k < len(items):
            start = k
            op, tree = items[k]
            h = self.head(tree)
            nxt = items[k + 1] if k + 1 < len(items) else None
            call_next = nxt is not None and nxt[0] is None and self.is_call_group(nxt[1])
            braces_next = (not call_next and nxt is not None and nxt[0] is None
                           and self.peel(nxt[1])[0].data == "braceset")
            if braces_next and h[0] == "func" and h[1].get("op") in BRACE_CALLS:
                call_next = True  # \max\{a, b\}, \exp\{x\}, \Pr\{A\}, \mathbb{1}\{x > 0\}
            plain_e = self.plain_expectation(h, tree, nxt) if call_next or braces_next else None
            step = None if call_next else self.step_name(tree, nxt)
            entry = self.entry_call(h, nxt) if call_next else None
            mutual = self.semicolon_call(tree, nxt) if call_next and entry is None else None
            if mutual is None and call_next and entry is None and plain_e is None and (
                    h[0] == "value" or h[0] == "func" and h[1].get("kind") == "function"
                    and h[1].get("func") is None and not h[1].get("primes")):
                mutual = self.conditional_call(tree, nxt)  # (operators keep their readings)
                if mutual is None:
                    mutual = self.lone_call(tree, nxt)  # \mu(s), \pi(s)
            if entry is not None:  # p(x) of a declared vector p, x a sum's index: p_x (sums.py)
                val = entry
                k += 2
            elif mutual is not None:  # I(X; Y): a function of two variables, not I times a list
                val = mutual
                k += 2
            elif step is not None:  # \Delta x, \Delta \theta: one name, a step in x
                val = step
                k += 2
            elif plain_e is not None and plain_e["kind"] == "name":  # E[g^2]_t
                val = plain_e["value"]
                k += 2
            elif plain_e is not None:  # E[X], E_Q[X]: the expectation, as \mathbb{E}
                gbase, gposts = self.call_group(nxt[1])
                val = self.apply_posts(self.call(plain_e, gbase, tree), gposts)
                k += 2
            elif h[0] == "consumer":
                val, used = h[1](items[k + 1:])
                k += 1 + used
            elif h[0] == "func":
                F, posts = h[1], h[2]
                if call_next and (not self.calls(F, nxt[1]) or self.transposed_name(F, posts)
                                  or self.multiplies_itself(F, tree, nxt[1])):  # q(1 - q)
                    h = ("value", self.nocall(F, posts, [], tree)[0])
                    call_next = False
                if h[0] == "value":
                    val = h[1]
                    k += 1
                elif call_next and F.get("op") in ("max", "min") and self.set_argument(nxt[1]):
                    # \max\{x_{i+k} \mid 0 \le k < r\}: the largest member of a set (sets.py)
                    sbase, sposts = self.peel(nxt[1])
                    val = self.extremum_of_set(F["op"], self.brace_value(sbase, []), tree)
                    val = self.apply_posts(val, posts + sposts)
                    k += 2
                elif call_next:
                    gbase, gposts = self.call_group(nxt[1])
                    val = self.call(F, gbase, tree)
                    val = self.apply_posts(val, posts + gposts)
                    k += 2
                else:
                    val, used = self.nocall(F, posts, items[k + 1:], tree)
                    k += 1 + used
            else:
                val = h[1]
                k += 1
            sides = ((items[0][1], items[start - 1][1]), (tree, items[k - 1][1])) if start else None
            if op is not None and op.value in ("*", r"\ast") and start and \
                    self.is_function_name(items[start - 1][1]) and self.is_function_name(tree):
                self.err("an asterisk between two functions is a convolution, or a "
                         "cross-correlation where a sheet writes * for it, so the reader does not "
                         "guess which", op)
            acc = self.combine(acc, op, val, tree, sides)
        return acc

    @staticmethod
    def first_subscript(posts):
        return next((script for kind, script, _ in posts if kind == "subscr"), None)

    def plain_expectation(self, h, tree, nxt):
        """``E[X]`` / ``E_Q[X]`` / ``E(X)`` with E undeclared: the expectation (probability.py),
        whose application binds tighter than a power after it (``E(X)^2`` is (E[X])^2, as
        ``f(x)^2``); None when E is a name here.

        One rule for every face of the letter but the calligraphic ones (plain, upright
        ``\\operatorname``/``\\mathrm``/``\\mathsf``/``\\text``, bold), as ``\\mathbb{E}`` is read:
        before a bracket it is the expectation; before parentheses too when set in an
        operator's face (upright or bold), and in the plain italic face when the argument holds
        a declared random variable (a plain ``E(x)`` may be an energy).  ``E[g^2]_t``, with a
        subscript after the bracket, names a running average (RMSProp's), never a mean."""
        F = h[1]
        if (h[0] != "func" or F.get("kind") != "function" or F.get("func") is not None
                or F.get("letter") != "E" or F.get("primes") or h[2]
                or nxt is None or nxt[0] is not None):
            return None
        base, posts = self.peel(tree)
        gbase, gposts = self.peel(nxt[1])
        face = self._expectation_face(base)
        if face is None or "E" in self.user or F["name"] in self.user \
                or any(p[0] != "subscr" for p in posts):
            return None
        if gbase.data in ("paren", "braceset"):  # E\{X\}: braces as the argument's brackets
            if face == "plain" and not self.holds_random(gbase) \
                    and not conditioning_bar(self, gbase):
                return None  # E(x): an energy, E times a group (E(Y | X = x) is a mean)
        elif gbase.data != "bracket":
            return None
        if gposts and gposts[0][0] == "subscr":
            if gbase.data == "braceset":
                return None
            # E[g^2]_t: the name of a running average, one value per step t
            inner = clean_subscript(self.raw(gbase.children[0]))
            sub = clean_subscript(self.script_raw(gposts[0][1]))
            name = self.default_symbol(f"E[{inner}]_{sub}", False)
            return {"kind": "name", "value": self.apply_posts(name, gposts[1:])}
        return {"kind": "op", "op": "E", "sub": self.first_subscript(posts)}

    @staticmethod
    def _expectation_face(base):
        """How a letter E is typeset: "plain" (``E``, ``\\mathit{E}``), "upright"
        (``\\operatorname{E}``, ``\\mathrm``, ``\\mathsf``, ``\\text``), "bold", or None for a face
        that names something else (``\\mathcal{E}``, an accent)."""
        if base.data == "letter":
            return "plain"
        if base.data == "text":
            return "plain" if base.children[0].value.startswith("\\mathit") else "upright"
        if base.data == "font" and base.children[0].value.lstrip("\\") in BOLD_FONTS - {"vec"}:
            return "bold"
        return None

    def holds_random(self, node) -> bool:
        """Does a group name a declared random variable (``X``, ``X_i`` of an ``rv`` X)?"""
        letters = {t.value.lstrip("\\") for t in node.scan_values(
            lambda v: isinstance(v, Token) and v.type in ("LETTER", "CMD"))}
        for decls in (self.user, self.extra):
            for d in decls:
                if d.kind == "random" and d.name.split("_")[0] in letters:
                    return True
        return False

    def step_name(self, tree, nxt):
        """``\\Delta x``, ``\\Delta \\theta``, ``\\Delta W`` with Delta undeclared: the name of a
        step in x (``Delta_x``), with x's shape; None otherwise (``\\Delta f`` of a function is
        the Laplacian, ``\\Delta_j(S)`` a name of its own)."""
        base, posts = self.peel(tree)
        if (posts or base.data != "cmd" or base.children[0].value != r"\Delta"
                or "Delta" in self.user or nxt is None or nxt[0] is not None):
            return None
        nbase, nposts = self.peel(nxt[1])
        if nbase.data not in ("letter", "cmd", "font") or any(p[0] != "subscr" for p in nposts):
            return None
        nm = self.base_name(nbase)[0]
        d = self.user.get(nm) if nm else None
        if nm is None or (d.kind == "function" if d is not None else nm in _MAP_LETTERS):
            return None
        v = self.realize(self.unit_value(nxt[1]))
        if not isinstance(v, (sp.Symbol, sp.MatrixSymbol)):
            return None
        name = f"Delta_{v.name}"
        if name in self.user:
            return self.user.sympy(name)
        if is_matrix(v) and name not in self.extra:
            self.extra.decls[name] = Decl(name, "matrix({}, {})".format(
                *(str(int(s)) if isinstance(s, sp.Integer) else str(s) for s in v.shape)))
        return self.default_symbol(name, False)

    def set_argument(self, tree) -> bool:
        """Is ``\\{...\\}`` after \\max / \\min a set-builder or a row of dots (not a list of
        values, ``\\max\\{a, b\\}``)?"""
        base, _ = self.peel(tree)
        if base.data != "braceset":
            return False
        args = self.args(base.children[1])
        return (any(sep == r"\mid" for sep, _ in args) or self._builder_colon(args)
                or any(self._is_dots(c.children[0]) for _, c in args if len(c.children) == 1))

    def is_function_name(self, tree) -> bool:
        """Is a unit a bare function letter (``f``, ``h_\\Delta``) the formula does not declare a
        value?"""
        base, posts = self.peel(tree)
        if any(p[0] != "subscr" for p in posts):
            return False
        if base.data == "accent":  # \bar{h}, \tilde f: a function of the letter's too
            name = accented_letter(base.children[1])
        elif base.data == "letter":
            name = base.children[0].value
        else:
            return False
        d = self.user.get(name)
        return name in ("f", "g", "h") and (d is None or d.kind == "function")

    def calls(self, F, group):
        """Does an undeclared name followed by (...) read as a call?  Usual function letters,
        several arguments, primes or bold say yes; otherwise it is a product (``\\lambda(e^t-1)``)."""
        if F.get("op") == "indicator":
            return self.condition_seq(self.call_group(group)[0].children[0]) is not None
        if F.get("kind") == "deriv":
            gbase, gposts = self.call_group(group)
            return not gposts and self.lone_point(gbase.children[0])
        if F.get("kind") != "function" or F.get("func") is not None:
            return True
        if F.get("primes") or F.get("bold"):
            return True
        name = F["name"]
        if F.get("letter", name) in FUNCTION_LETTERS or name.split("_")[0] in FUNCTION_LETTERS:
            return True
        if self.set_argument_of(group):
            return True  # \Delta_j(S) of a set S: a function of the set
        if self.family_member(F):
            return True  # b_t(o) beside a declared b_j(o): the family's function, called
        gbase, _ = self.call_group(group)
        return len(self.args(gbase.children[0])) != 1

    def transposed_name(self, F, posts) -> bool:
        """``H^T(H P H^T + R)``, ``\\mathbf{M}^\\top(\\mathbf{M}\\mathbf{x} - \\mathbf{y})``: an
        undeclared name transposed before a bracket multiplies it (nobody calls the transpose
        of a function; of a linear map, the call is that product)."""
        return (F.get("kind") == "function" and F.get("func") is None and bool(posts)
                and posts[0][0] == "sup" and self.script_raw(posts[0][1]) in TRANSPOSE_RAW)

    def family_member(self, F) -> bool:
        """``b_t`` where the formula declares ``b_j`` (a plain function of its argument) and
        leaves the bare letter b and the name b_t undeclared: a member of the family of
        functions the letter names (the emission of state t), so ``b_t(o)`` is a call, never
        the name b_t times (o)."""
        name, letter = F.get("name", ""), F.get("letter")
        if not letter or not name.startswith(letter + "_") or letter in self.user \
                or name in self.user or letter in self.bound:
            return False
        return any(d.name.startswith(letter + "_") and d.name != name and d.kind == "function"
                   and d.domain == "function" for d in self.user)

    def nocall(self, F, posts, rest, node):
        kind = F["kind"]
        if kind == "deriv":
            return self.apply_posts(F["value"], posts), 0
        if kind == "function":
            if F.get("func") is not None:
                if F.get("primes") or posts:
                    self.err("a function named without its argument", node)
                return FuncRef(F["func"], F["name"], F.get("decl"), F.get("entry")), 0
            name = F["fallback"]
            if F.get("dpost") is not None:  # h^{(l)} not called: h indexed by l, not a power
                if self.bound:
                    idx = self.script_value(F["dpost"][1])
                    if getattr(idx, "free_symbols", set()) & set(self.bound.values()):
                        return self.apply_posts(
                            sp.Indexed(sp.IndexedBase(F["index_base"]), idx), posts), 0
                name = F["index_key"]
            elif F.get("primes"):
                name = F["name"] + "_prime" * F["primes"]
            return self.apply_posts(self.default_symbol(name, F.get("bold")), posts), 0
        if kind == "op":
            op = F["op"]
            if op == "eig":
                return self.apply_posts(self.fallback_symbol(F["fallback"]), posts), 0
            if op == "indicator":
                value = F.get("value")
                if value is None:
                    value = self.default_symbol("indicator", False)
                return self.apply_posts(value, posts), 0
            if F.get("inv_post") is not None and F.get("fallback"):  # \sigma^{-1} not called
                return self.apply_posts(self.default_symbol(F["fallback"], False),
                                        [F["inv_post"]] + list(posts)), 0
            if op == "sigmoid" or (op == "P" and F.get("fallback")):
                # not called: the name itself (\boldsymbol{\sigma}^2, \mathbf{p}: a vector)
                name = F.get("fallback") or "sigma"
                return self.apply_posts(self.default_symbol(name, F.get("bold", False)), posts), 0
            if op in ("E", "Var", "P", "log", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh",
                      "det", "trace", "diag", "sign", "relu", "softmax", "sigmoid", "atanh", "asin",
                      "acos", "atan", "asinh", "acosh", "sec", "csc", "cot") and rest:
                n = self.split_explicit(rest) if op not in ("E", "Var") else len(rest)
                if op in ("log", "exp", "det", "trace") and rest[0][0] is None:
                    n = self.split_explicit(rest)
                whole = n
                if op not in ("E", "Var"):
                    n = self.before_named_function(rest, n)
                try:
                    arg = self.chunk([(None, rest[0][1])] + list(rest[1:n]))
                except LatexError:
                    if n == whole:
                        raise
                    # \ln \sum_{i} \exp(x_i): what comes before the named function is no
                    # argument on its own (a sum still waiting for its terms)
                    n = whole
                    arg = self.chunk([(None, rest[0][1])] + list(rest[1:n]))
                val = self.apply_op(op, [arg], F, node, posts_sub=posts)
                return self.apply_posts(val, self.after_op_posts(op, posts)), n
            if op == "text":  # (ELU' alone: the name of the derivative, as f' is)
                name = F["name"] + "_prime" * (F.get("primes") or 0)
                return self.apply_posts(self.default_symbol(name, False), posts), 0
            self.err("an operator without its argument", node)
        self.err("a function used without its argument", node)

    def before_named_function(self, rest, n):
        """An argument without brackets ends before the next named function: ``\\sin x \\cos x``
        is sin(x) cos(x) and ``\\det A\\,\\det B`` is det(A) det(B), as everyone reads them, never
        sin(x cos x) or det(A det(B)).  Only the upright named functions end it (a letter such as
        \\sigma may be a variable); the first item is always the argument (``\\log \\det A``)."""
        for j in range(1, n):
            base, _ = self.peel(rest[j][1])
            if base.data not in ("cmd", "text"):
                continue
            try:
                h = self.head(rest[j][1])
            except LatexError:
                continue
            if h[0] == "func" and isinstance(h[1], dict) and h[1].get("kind") == "op" \
                    and h[1].get("op") in NAMED_FUNCTIONS:
                return j
        return n

    def bare_func(self, h, node):
        F = h[1]
        if isinstance(F, dict) and F.get("kind") == "function":
            return FuncRef(F["func"], F["name"], F.get("decl"), F.get("entry"))
        self.err("an operator without its argument", node)

    def after_op_posts(self, op, posts):
        """Scripts on an operator name that are annotations, not powers (``\\mathbb{E}_x``)."""
        return [p for p in posts if p[0] != "subscr"]

    def call(self, F, gbase, node):
        seq = gbase.children[0]
        kind = F["kind"]
        if kind == "deriv":
            return self.at_point(F, seq, gbase)
        if kind == "compose":
            vals = self.arg_values(seq, gbase)
            v = vals
            for h in reversed(F["funcs"]):
                v = [self.call_values(h[1], v, node)]
            return v[0]
        if kind == "op":
            op = F["op"]
            if op == "indicator":
                return self.indicator(self.condition_seq(seq), node)
            if op == "P":
                if F.get("fallback") and F["fallback"] in self.user:
                    d = self.user[F["fallback"]]
                    if d.kind != "function":
                        return self.mul(self.user.sympy(F["fallback"]), self.single(seq), node)
                return self.prob(seq, gbase)
            if op == "sigmoid" and F.get("fallback") == "sigma" and "sigma" in self.user:
                pass
            if op in ("E", "Var") and any(sep == r"\mid" for sep, _ in self.args(seq)):
                return self.conditional_moment(op, seq, F, gbase)  # E[X | Y], Var(X | Y)
            if op == "Cov" or op == "text" or op == "N":
                vals = self.density_arguments(F, self.arg_values_loose(seq))
            else:
                vals = self.arg_values(seq, gbase)
            return self.apply_op(op, vals, F, node)
        if kind == "function":
            vals = self.arg_values_loose(seq)
            return self.call_values(F, vals, node)
        self.err("this is applied to arguments, but it is no function", node)

    def semicolon_call(self, tree, nxt):
        """``I(X; Y)``: an undeclared capital before arguments separated by a semicolon is a
        function of them (mutual information), never the identity matrix times a list.  An I
        set upright or in blackboard bold (``\\mathbb{I}(X; Y)``, ``\\operatorname{I}(X; Y)``,
        ``\\mathrm{I}``) before a semicolon is the same information, never an indicator: an
        indicator's condition holds no top-level semicolon; so is ``\\mathrm{I}[X; Y]`` in the
        square brackets that entropy sheets also write ``\\mathrm{H}[X]`` with."""
        base, posts = self.peel(tree)
        if posts or base.data not in ("letter", "text", "font"):
            return None
        name = base.children[0].value if base.data == "letter" else self.information_name(base)
        if name is None or name in self.user:
            return None
        gbase, gposts = self.peel(nxt[1])
        if gposts or gbase.data not in ("paren", "bracket"):
            return None
        args = self.args(gbase.children[0])
        if name == "I" and any(sep == ";" for sep, _ in args):
            return self.information_call(name, gbase.children[0], tree)  # I(X; Y), I[X; Y]
        if base.data != "letter" or gbase.data != "paren":
            return None
        if len(args) != 2 or args[1][0] != ";":
            return None
        return self.new_function(name, tree)(*self.arg_values_loose(gbase.children[0]))

    def information_name(self, base):
        """"I" for an I in a font or an operator name (``\\mathbb{I}``, ``\\mathrm{I}``,
        ``\\operatorname{I}``), else None: only the information's letter is read this way."""
        if base.data == "font" and base.children[0].value.lstrip("\\") == "mathbb":
            return "I" if self.raw(base.children[1]).strip("{} ") == "I" else None
        nm, bold, op = self.base_name(base)
        return "I" if nm == "I" and not bold and op is None else None

    def information_call(self, name, seq, tree):
        """``I(X; Y)``, ``I(X, Y; Z)``, ``I(X; Y \\mid Z)``: the semicolon separates the two
        groups whose shared information is meant and the comma joins variables within a group,
        so ``I(X, Y; Z)`` is I(Tuple(X, Y), Z), never a function of three variables; a bar
        conditions the pair: ``I(Given(Tuple(X, Y), Z))``."""
        groups, cond = [[]], None
        for sep, c in self.args(seq):
            if c.data == "rel_fragment" or len(c.children) != 1:
                self.err("a relation as a function's argument", c)
            if sep == r"\mid":
                if cond is not None:
                    self.err("two conditioning bars", seq)
                cond = []
            elif sep == ";":
                if cond is not None:
                    self.err("a semicolon after the conditioning bar", seq)
                groups.append([])
            (groups[-1] if cond is None else cond).append(c.children[0])

        def joint(nodes):
            vals = self.list_values(nodes)
            return vals[0] if len(vals) == 1 else sp.Tuple(*vals)

        if len(groups) != 2 or not all(groups):
            self.err("information between other than two groups of variables", seq)
        pair = [joint(g) for g in groups]
        func = self.new_function(name, tree)
        if cond is None:
            return func(*pair)
        if not cond:
            self.err("a conditioning bar with nothing after it", seq)
        return func(Given(sp.Tuple(*pair), joint(cond)))

    def conditional_call(self, tree, nxt):
        """``\\pi(a \\mid s)``, ``\\pi_*(a | s)``: an undeclared name before arguments with a
        conditioning bar is a conditional law of them (a policy), never the number pi times a
        list: ``pi(Given(a, s))``.  (p and P are probabilities, read as such elsewhere.)"""
        base, posts = self.peel(tree)
        if base.data not in ("letter", "cmd") or any(p[0] != "subscr" for p in posts) \
                or len(posts) > 1:
            return None
        nm = self.base_name(base)[0]
        if not nm or nm in ("p", "P") or nm in self.user or nm in self.bound:
            return None
        gbase, gposts = self.peel(nxt[1])
        if gposts or gbase.data != "paren" or not any(
                sep == r"\mid" for sep, _ in self.args(gbase.children[0])):
            return None
        sub = clean_subscript(self.script_raw(posts[0][1])) if posts else ""
        name = nm + ("_" + re.sub(r"^(\*|ast|star)$", "star", sub) if sub else "")
        if name in self.user:
            return None
        return self.new_function(name, tree)(*self.arg_values_loose(gbase.children[0]))

    def lone_call(self, tree, nxt):
        """``\\mu(s)``, ``\\pi(s')``, ``\\epsilon(\\hat{h})``, ``\\alpha_t(j)``: an undeclared
        Greek letter before one bracketed name is a function of it (a state distribution, a
        policy, a schedule), never a number times a name written in brackets for nothing.  Any
        other argument keeps the product: ``\\lambda(e^t - 1)``, ``\\alpha(Tf)``, ``\\pi(1)``;
        but once the letter is so applied, its other applications are calls too
        (``\\zeta(x) - \\zeta(-x) = x``)."""
        base, posts = self.peel(tree)
        if base.data != "cmd" or any(p[0] != "subscr" for p in posts) or len(posts) > 1:
            return None
        nm = command_name(base.children[0].value)
        if nm not in GREEK or nm in _NOT_FUNCTIONS or nm in self.user or nm in self.bound:
            return None
        gbase, gposts = self.peel(nxt[1])
        if gposts or gbase.data != "paren":
            return None
        args = self.args(gbase.children[0])
        if len(args) != 1 or args[0][1].data == "rel_fragment" or len(args[0][1].children) != 1:
            return None
        cmd = re.escape(base.children[0].value)
        sub = r"(_\s*(\{[^{}]*\}|\\?[A-Za-z0-9]+)\s*)?"
        called = rf"{cmd}(?![A-Za-z])\s*{sub}\("
        if re.search(rf"{cmd}(?![A-Za-z])", re.sub(called, " ", self.text)):
            return None  # the letter stands for a value elsewhere in the formula (\beta(t) + \beta)
        unit = self.simple_unit(gbase.children[0])
        lone = rf"{called}\s*(\\[A-Za-z]+|[A-Za-z])\s*('\s*)*{sub}\)"
        if not (unit is not None and self._lone_name(unit) or re.search(lone, self.text)):
            return None
        sub = clean_subscript(self.script_raw(posts[0][1])) if posts else ""
        name = nm + ("_" + sub if sub else "")
        if name in self.user or self.extra.get(name) is not None \
                and self.extra.get(name).kind != "function":
            return None
        return self.new_function(name, tree)(*self.arg_values_loose(gbase.children[0]))

    def _lone_name(self, unit) -> bool:
        """A single name: a letter or Greek letter, maybe accented, primed or subscripted."""
        base, posts = self.peel(unit)
        if any(p[0] not in ("subscr", "prime") for p in posts):
            return False
        if base.data == "accent":
            arg = base.children[1]
            if arg.data == "arg_group":
                inner = self.simple_unit(arg.children[0])
                return inner is not None and self._lone_name(inner)
            return arg.data == "arg_tok" and (arg.children[0].type == "LETTER" or command_name(
                arg.children[0].value) in GREEK)
        if base.data == "letter":
            return True
        return base.data == "cmd" and command_name(base.children[0].value) in GREEK

    def density_arguments(self, F, vals):
        """``\\mathrm{Bern}(x \\mid p)``, ``\\mathrm{Beta}(\\theta \\mid a, b)``: a named law's density
        at x given its parameters is the same function as ``\\mathrm{Beta}(\\theta; a, b)``, the
        catalog's spelling; the bar separates the point from the parameters (other named
        functions keep it: ``\\text{KL}(p \\| q)`` separates two laws)."""
        if len(vals) != 1 or not isinstance(vals[0], Given):
            return vals
        if (F.get("name") or "") not in DENSITY_NAMES:
            return vals  # \mathcal{N}(a | m, S) keeps its bar: verify's Gaussian checks read it
        point, params = vals[0].args
        return [point, *(params.args if isinstance(params, sp.Tuple) else [params])]

    def arg_values_loose(self, seq):
        """Arguments separated by , ; or | (``\\mathcal{N}(x; \\mu, \\Sigma)``, ``q(z|x)``):
        a bar makes ``Given(left, right)`` of the arguments on either side."""
        groups = [[]]
        for sep, c in self.args(seq):
            if sep == r"\mid":
                groups.append([])
            if c.data == "rel_fragment" or len(c.children) != 1:
                self.err("a relation as a function's argument", c)
            groups[-1].append(c.children[0])
        groups = [self.list_values(g) for g in groups]
        if len(groups) == 1:
            return groups[0]
        if len(groups) > 2:
            self.err("two conditioning bars", seq)
        left, right = (g[0] if len(g) == 1 else sp.Tuple(*g) for g in groups)
        return [Given(left, right)]

    def call_values(self, F, vals, node):
        if F["kind"] == "op":
            return self.apply_op(F["op"], vals, F, node)
        if F["kind"] == "compose":
            v = vals
            for h in reversed(F["funcs"]):
                v = [self.call_values(h[1], v, node)]
            return v[0]
        func = F.get("func")
        name = F["name"]
        if func is None:
            # undeclared: a function if it looks like one, else a product
            looks = (F.get("letter", name) in FUNCTION_LETTERS or name.split("_")[0] in FUNCTION_LETTERS
                     or len(vals) != 1 or F.get("primes") or isinstance(vals[0], sp.Set)
                     or F.get("called")  # the argument of \nabla (calculus.field_of_point)
                     or self.matrix_function_of_scalar(F, vals)  # \mathbf{A}(t): matrices.py
                     or self.family_member(F))  # b_t(o) beside a declared b_j(o)
            if not looks:
                sym = self.default_symbol(F["fallback"], F.get("bold"))
                return self.mul(sym, vals[0], node)
            if F.get("bold"):
                return self.bold_call(F, self.new_function(name, node), vals, node)  # calculus.py
            func = self.new_function(name, node)
        decl = F.get("decl")
        primes = F.get("primes", 0)
        if decl is not None and decl.domain == "vecfunction":
            for a in vals:  # an undeclared vector it is applied to has its input size
                d = self.extra.get(getattr(a, "name", None))
                if d is not None and d.domain == "vector" and a.shape == (DEFAULT_DIM, 1) \
                        and a.name not in self.user and dim_symbol(decl.args[1]) != DEFAULT_DIM:
                    raise Retype(a.name, f"vector({decl.args[1]})")
            v = ops.MatApply("call", dim_symbol(decl.args[0]), 1, func(*vals))
            entry = F.get("entry")  # f_i(x): entry i of f(x), never f(x) itself
            return v if entry is None else MatrixElement(v, entry - 1, 0)
        if primes:
            if len(vals) == 1 and self.entrywise_argument(vals[0]):
                if not getattr(self, "entrywise", False):
                    # f'(x)^T (y - x): sheets write the gradient so too; only beside an
                    # entrywise product is the derivative at each entry sure
                    self.err("a prime on a function of a vector, which may mean its gradient or "
                             "its derivative at each entry", node)
                return self.entrywise_derivative(func, primes, vals[0])
            if len(vals) != 1 or is_matrix(vals[0]):
                self.err("a derivative written with a prime needs one number as its argument", node)
            x = vals[0]
            if isinstance(x, sp.Symbol):
                return sp.Derivative(func(x), (x, primes))
            t = sp.Dummy("t", real=True)
            return sp.Subs(sp.Derivative(func(t), (t, primes)), t, x)
        return func(*vals)

    @staticmethod
    def entrywise_argument(x) -> bool:
        """Is x a column of numbers a scalar function's derivative can be taken entry by entry
        (``f'(\\mathbf{z}^{[l]})`` in a backprop recursion), not a matrix or a row?"""
        return is_matrix(x) and x.shape[1] == 1 and x.shape[0] != 1

    @staticmethod
    def entrywise_derivative(f, primes, x):
        """``f'(\\mathbf{z})`` of a scalar function f at a column z: the column of f'(z_i), as a
        backprop recursion ``\\delta = (W^T \\delta') \\odot f'(\\mathbf{z})`` means it (a
        gradient of a function of a vector is written with \\nabla, never a prime).  The
        derivative in a number t, taken at the column's value (``MatApply('at')``): a scalar
        function applies to each entry, and so does its derivative."""
        t = sp.Dummy("t", real=True)
        body = sp.Derivative(f(t), (t, primes))
        return ops.MatApply("at", x.shape[0], x.shape[1], body, t, x)

    def composition(self, seq):
        """``(g \\circ f)``: a function built by composition, or None."""
        expr = self._lone_product(seq)
        if expr is None:
            return None
        kids = expr.children
        if not any(isinstance(k, Token) and k.value == r"\circ" for k in kids):
            return None
        funcs = []
        for k in kids:
            if isinstance(k, Token):
                if k.value != r"\circ":
                    return None
                continue
            h = self.head(k)
            if h[0] != "func":
                self.err("\\circ composes something that is not a function", k)
            funcs.append(h)
        return {"kind": "compose", "funcs": funcs}
