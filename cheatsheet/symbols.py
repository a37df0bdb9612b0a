"""Symbol declarations: what each letter of a formula is.

A claim declares its symbols with short domain strings, because the same letter means different
things on different sheets (``\\sigma`` is a standard deviation in one formula and the sigmoid in
the next).  A declaration fixes both the SymPy object the LaTeX reader builds (scalar ``Symbol`` with
assumptions, ``MatrixSymbol`` of a declared shape, undefined ``Function``) and the distribution the
numeric checker samples from.

Domain strings (arguments are other declared names or integers):

=====================  ===================================================================
``real``               any real number (sampled in [-3, 3])
``positive``           real > 0 (log-uniform in [0.1, 10])
``nonnegative``        real >= 0
``negative``           real < 0
``prob``               probability in the open interval (0, 1)
``interval(a, b)``     real in the open interval (a, b), a and b numbers
``integer``            integer (sampled in [-5, 5])
``natural``            integer >= 1 (sampled in [1, 8])
``count``              integer >= 0 (sampled in [0, 8])
``dim``                a size used in shapes (sampled in [1, 4])
``index(n)``           a summation index running over 1..n
``vector(n)``          column vector in R^n
``posvector(n)``       column vector with positive entries
``probvec(n)``         probability vector (positive entries summing to 1)
``matrix(n, m)``       n x m real matrix
``square(n)``          n x n real matrix (invertible with probability 1)
``symmetric(n)``       symmetric n x n
``psd(n)``             symmetric positive semidefinite (rank-deficient instances included)
``pd(n)``              symmetric positive definite
``diagonal(n)``        diagonal n x n
``orthogonal(n)``      orthogonal n x n
``vectors(N, d)``      a family of N column vectors in R^d (data points): the name is the d x N
                       matrix whose columns they are, and ``\\mathbf{x}_i`` is the i-th one
                       (1-based), a d x 1 column
``rv``                 a scalar random variable with a generic (finite, random) distribution
``rv(n)``              a random vector in R^n (generic distribution); ``X_i`` is its i-th entry
``Bernoulli(p)`` ...   a named distribution: Bernoulli(p), Binomial(n, p), Poisson(lam),
                       Normal(mu, s2) (variance parameter), Gamma(k, theta) (shape, scale),
                       Exponential(lam) (rate), Uniform(a, b)
``function``           a smooth real function of one real variable
``function(n)``        a smooth real function on R^n
``convex`` / ``convex(n)``, ``strongly_convex(mu)`` / ``strongly_convex(mu, n)``,
``smooth(L)`` / ``smooth(L, n)`` (L-smooth convex), ``lipschitz(L)``
``nondecreasing_convex``  convex and non-decreasing, of one variable
``vecfunction(m, n)``  smooth map R^n -> R^m
=====================  ===================================================================

Random variables are jointly distributed (dependent) unless the claim lists them under
``independent``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

SCALAR_DOMAINS = {
    "real", "positive", "nonnegative", "negative", "prob", "interval", "integer", "natural",
    "count", "dim", "index",
}
MATRIX_DOMAINS = {
    "vector", "posvector", "probvec", "matrix", "square", "symmetric", "psd", "pd", "diagonal",
    "orthogonal", "vectors",
}
DISTRIBUTIONS = {"Bernoulli", "Binomial", "Poisson", "Normal", "Gamma", "Exponential", "Uniform"}
FUNCTION_DOMAINS = {
    "function", "convex", "strongly_convex", "smooth", "lipschitz", "nondecreasing_convex",
    "vecfunction",
}
RANDOM_DOMAINS = {"rv"} | DISTRIBUTIONS

_SPEC = re.compile(r"^\s*([A-Za-z_]+)\s*(?:\((.*)\))?\s*$")


class DeclarationError(ValueError):
    """A domain string that does not say what a symbol is."""


def _arg(text: str):
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


@dataclass(frozen=True)
class Decl:
    """One symbol's declaration: its name in the reader's naming scheme and its domain."""

    name: str
    spec: str
    domain: str = field(init=False)
    args: tuple = field(init=False)

    def __post_init__(self):
        m = _SPEC.match(self.spec)
        if not m:
            raise DeclarationError(f"symbol {self.name!r}: cannot read domain {self.spec!r}")
        domain, raw = m.group(1), m.group(2)
        args = tuple(_arg(a) for a in raw.split(",")) if raw and raw.strip() else ()
        known = SCALAR_DOMAINS | MATRIX_DOMAINS | RANDOM_DOMAINS | FUNCTION_DOMAINS
        if domain not in known:
            raise DeclarationError(
                f"symbol {self.name!r}: unknown domain {domain!r} (known: {', '.join(sorted(known))})"
            )
        object.__setattr__(self, "domain", domain)
        object.__setattr__(self, "args", args)

    # -- what kind of object ------------------------------------------------------------
    @property
    def kind(self) -> str:
        """scalar | matrix | random | function | index | dim."""
        if self.domain == "index":
            return "index"
        if self.domain == "dim":
            return "dim"
        if self.domain in SCALAR_DOMAINS:
            return "scalar"
        if self.domain in MATRIX_DOMAINS:
            return "matrix"
        if self.domain in RANDOM_DOMAINS:
            return "random"
        return "function"

    @property
    def shape(self) -> tuple:
        """Symbolic shape (rows, cols) of a matrix-like object; () for scalars."""
        d, a = self.domain, self.args
        if d in {"vector", "posvector", "probvec"}:
            return (a[0], 1)
        if d == "matrix":
            return (a[0], a[1])
        if d == "vectors":  # N vectors in R^d as the columns of a d x N matrix
            return (a[1], a[0])
        if d in MATRIX_DOMAINS:
            return (a[0], a[0])
        if d == "rv" and a:
            return (a[0], 1)
        return ()

    @property
    def is_random_vector(self) -> bool:
        return self.domain == "rv" and bool(self.args)

    @property
    def index_range(self):
        """Upper bound of a summation index (indices run from 1)."""
        return self.args[0] if self.domain == "index" else None

    @property
    def function_arity(self):
        """Dimension of a function's argument: 1 for scalar functions, n for f: R^n -> R."""
        d, a = self.domain, self.args
        if d == "vecfunction":
            return a[1]
        if d in {"function", "convex"}:
            return a[0] if a else 1
        if d in {"strongly_convex", "smooth"}:
            return a[1] if len(a) > 1 else 1
        return 1


def dim_symbol(value):
    """The SymPy size a declaration argument stands for (one object per name, as in shapes)."""
    import sympy as sp

    if isinstance(value, int):
        return sp.Integer(value)
    return sp.Symbol(str(value), integer=True, positive=True)


def scalar_assumptions(domain: str) -> dict:
    """SymPy assumptions for a scalar domain (what the symbolic engine may rely on)."""
    return {
        "real": {"real": True},
        "positive": {"positive": True},
        "nonnegative": {"nonnegative": True},
        "negative": {"negative": True},
        "prob": {"positive": True},
        "interval": {"real": True},
        "integer": {"integer": True},
        "natural": {"integer": True, "positive": True},
        "count": {"integer": True, "nonnegative": True},
        "dim": {"integer": True, "positive": True},
        "index": {"integer": True, "positive": True},
        "rv": {"real": True},
    }.get(domain, {"real": True})


@dataclass
class Declarations:
    """All of a claim's declarations, with the SymPy object each name stands for."""

    decls: dict[str, Decl]

    @classmethod
    def from_mapping(cls, mapping: dict[str, str] | None) -> "Declarations":
        return cls({name: Decl(name, spec) for name, spec in (mapping or {}).items()})

    def __contains__(self, name: str) -> bool:
        return name in self.decls

    def __getitem__(self, name: str) -> Decl:
        return self.decls[name]

    def get(self, name: str):
        return self.decls.get(name)

    def __iter__(self):
        return iter(self.decls.values())

    @cached_property
    def _objects(self) -> dict:
        return {}

    def sympy(self, name: str):
        """The SymPy object for a declared name (cached so one name is one object)."""
        if name in self._objects:
            return self._objects[name]
        import sympy as sp  # here, so that loading the catalog does not import SymPy

        d = self.decls[name]
        if d.kind == "matrix" or (d.kind == "random" and d.is_random_vector):
            rows, cols = d.shape
            obj = sp.MatrixSymbol(name, dim_symbol(rows), dim_symbol(cols))
        elif d.kind == "function":
            obj = sp.Function(name, real=True)
        elif d.kind == "random":
            obj = sp.Symbol(name, real=True)
        else:
            obj = sp.Symbol(name, **scalar_assumptions(d.domain))
        self._objects[name] = obj
        return obj

    def random_names(self) -> list[str]:
        return [d.name for d in self if d.kind == "random"]


# -- in plain words (quiz legends, listings) --------------------------------------------------

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
# name parts the reader makes from accents and marks (``\hat{\mu}`` -> ``mu_hat``)
ACCENTS = {"hat": ("\\hat", "\u0302"), "bar": ("\\bar", "\u0305"), "tilde": ("\\tilde", "\u0303"),
           "dot": ("\\dot", "\u0307")}
MARKS = {"star": ("^*", "*"), "prime": ("'", "′")}  # x^* and x'; x_* keeps its subscript
_SUPERSCRIPT = dict(zip("0123456789abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
                        "⁰¹²³⁴⁵⁶⁷⁸⁹ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ"))


SPECIAL = {"infty": "∞", "emptyset": "∅"}


def _mid(part: str) -> str:
    """``BmidA`` -> ``B|A`` (the reader's spelling of a conditioning bar in a subscript)."""
    return part.replace("mid", "|") if re.fullmatch(r"\w+mid\w+", part) else part


def name_parts(name: str):
    """(base, accents, marks, subscript parts) of a name in the reader's scheme:
    ``theta_hat_t_star`` -> ``("theta", ["hat"], ["star"], ["t"])``."""
    base, *rest = name.split("_")
    accents = [p for p in rest if p in ACCENTS]
    marks = [p for p in rest if p in MARKS]
    subs = [p for p in rest if p not in ACCENTS and p not in MARKS]
    return base, accents, marks, subs


def latex_name(name: str) -> str:
    """LaTeX for a declared name, undoing the reader's naming scheme (``mu_hat`` ->
    ``\\hat{\\mu}``, ``theta_t+1`` -> ``\\theta_{t+1}``, ``Sigma_BmidA`` ->
    ``\\Sigma_{B|A}``), so a legend can be rendered like the formula it explains."""
    def part(p: str) -> str:
        if p in GREEK or p in SPECIAL:
            return "\\" + p
        return _mid(p)

    base, accents, marks, subs = name_parts(name)
    tex = part(base) if base in GREEK or len(base) == 1 else f"\\mathrm{{{base}}}"
    for a in accents:
        tex = f"{ACCENTS[a][0]}{{{tex}}}"
    if subs:  # f_i_k is f_{i_k}: the reader joins a subscript's own subscript the same way
        inner = part(subs[-1])
        for p in reversed(subs[:-1]):
            inner = f"{part(p)}_{{{inner}}}"
        tex += "_{" + inner + "}"
    return tex + "".join(MARKS[m][0] for m in marks)


def display_name(name: str) -> str:
    """A declared name in plain Unicode (``mu_hat`` -> ``μ̂``, ``theta_t+1`` -> ``θ_t+1``,
    ``lambda`` -> ``λ``); integers stay as they are."""
    if not isinstance(name, str):  # a number: 1e-08, −1.5 (a minus sign, not a hyphen)
        return (f"{name:g}" if isinstance(name, float) else str(name)).replace("-", "−")
    base, accents, marks, subs = name_parts(name)
    text = GREEK.get(base, base) + "".join(ACCENTS[a][1] for a in accents)
    if subs:
        text += "_" + "_".join(GREEK.get(p) or SPECIAL.get(p) or _mid(p) for p in subs)
    return text + "".join(MARKS[m][1] for m in marks)


def _power(base: str, exponent: str) -> str:
    if exponent and all(ch in _SUPERSCRIPT for ch in exponent):
        return base + "".join(_SUPERSCRIPT[ch] for ch in exponent)
    return f"{base}^{exponent}" if len(exponent) == 1 else f"{base}^({exponent})"


DISTRIBUTION_WORDS = {  # what each parameter of a named distribution is, in order
    "Bernoulli": "Bernoulli random variable, P(X = 1) = {0}",
    "Binomial": "Binomial random variable, {0} trials, success probability {1}",
    "Poisson": "Poisson random variable, rate {0}",
    "Normal": "Normal random variable, mean {0}, variance {1}",
    "Gamma": "Gamma random variable, shape {0}, scale {1}",
    "Exponential": "Exponential random variable, rate {0}",
    "Uniform": "random variable uniform on ({0}, {1})",
}


def describe(decl: Decl, short: bool = False, name=display_name) -> str:
    """What a declared symbol is, in plain words: ``vector in ℝⁿ``, ``n×m matrix``,
    ``positive number``, ``Poisson random variable, rate λ``.

    ``short`` gives a compact form for tight spaces (``∈ ℝⁿ``, ``n×m``, ``> 0``,
    ``~ Poisson(λ)``): a form starting with a relation (∈ > ≥ < ~) reads after the symbol
    (``σ > 0``), the others after a colon (``A: n×m``).  ``name`` renders the declared
    names used as arguments (sizes, parameters): plain Unicode by default."""
    d = decl.domain
    a = [name(x) if isinstance(x, str) else display_name(x) for x in decl.args]
    R = "ℝ"

    def space(n):
        return _power(R, a[n]) if len(a) > n else R

    def sq(what: str, abbr: str) -> str:
        return f"{abbr} {a[0]}×{a[0]}" if short else f"{what} {a[0]}×{a[0]} matrix"

    if d in DISTRIBUTIONS:
        if short:
            return f"~ {d}({', '.join(a)})"
        try:
            return DISTRIBUTION_WORDS[d].format(*a)
        except IndexError:  # fewer parameters than the distribution has
            return f"{d}({', '.join(a)}) random variable"
    scalar = {
        "real": ("real number", "∈ ℝ"),
        "positive": ("positive number", "> 0"),
        "nonnegative": ("number ≥ 0", "≥ 0"),
        "negative": ("negative number", "< 0"),
        "prob": ("probability in (0, 1)", "∈ (0, 1)"),
        "integer": ("integer", "∈ ℤ"),
        "natural": ("integer ≥ 1", "integer ≥ 1"),
        "count": ("count (integer ≥ 0)", "integer ≥ 0"),
        "dim": ("size (a dimension)", "size"),
    }
    if d in scalar:
        return scalar[d][short]
    if d == "interval":
        lo, hi = a if len(a) == 2 else ("?", "?")
        return f"∈ ({lo}, {hi})" if short else f"number in ({lo}, {hi})"
    if d == "index":
        return f"∈ 1..{a[0]}" if short else f"index running over 1..{a[0]}"
    if d == "vector":
        return f"∈ {space(0)}" if short else f"vector in {space(0)}"
    if d == "posvector":
        return f"∈ {space(0)}, > 0" if short else f"vector in {space(0)}, positive entries"
    if d == "probvec":
        return f"prob. vector in {space(0)}" if short else \
            f"probability vector in {space(0)} (entries > 0, sum 1)"
    if d == "matrix":
        return f"{a[0]}×{a[1]}" if short else f"{a[0]}×{a[1]} matrix"
    if d == "square":
        return f"{a[0]}×{a[0]}" if short else f"{a[0]}×{a[0]} matrix"
    if d in ("symmetric", "psd", "pd", "diagonal", "orthogonal"):
        what = {"symmetric": ("symmetric", "sym."), "psd": ("positive semidefinite", "p.s.d."),
                "pd": ("positive definite", "p.d."), "diagonal": ("diagonal", "diag."),
                "orthogonal": ("orthogonal", "orth.")}[d]
        return sq(*what)
    if d == "vectors":
        return (f"{a[0]} points in {space(1)}" if short else
                f"{a[0]} vectors in {space(1)} (the columns of a {a[1]}×{a[0]} matrix)")
    if d == "rv":
        if a:
            return f"random ∈ {space(0)}" if short else f"random vector in {space(0)}"
        return "random var." if short else "random variable"
    # functions
    if d in ("function", "convex"):
        arrow = f"{space(0)} → {R}"
    elif d in ("strongly_convex", "smooth"):
        arrow = f"{space(1)} → {R}"
    elif d == "vecfunction":
        arrow = f"{space(1)} → {space(0)}"
    else:
        arrow = f"{R} → {R}"
    if d == "function":
        return arrow if short else f"smooth function {arrow}"
    if d == "vecfunction":
        return arrow if short else f"smooth map {arrow}"
    if d == "convex":
        return f"convex {arrow}" if short else f"convex function {arrow}"
    if d == "strongly_convex":
        return (f"{a[0]}-strongly convex" if short else
                f"{a[0]}-strongly convex function {arrow}")
    if d == "smooth":
        return (f"{a[0]}-smooth convex" if short else
                f"convex, {a[0]}-smooth function {arrow} (gradient {a[0]}-Lipschitz)")
    if d == "lipschitz":
        return f"{a[0]}-Lipschitz" if short else f"{a[0]}-Lipschitz function {arrow}"
    if d == "nondecreasing_convex":
        return "convex, nondecreasing" if short else f"convex, nondecreasing function {arrow}"
    raise DeclarationError(f"symbol {decl.name!r}: no description for domain {d!r}")
