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
