"""The project's LaTeX reader: cheat-sheet LaTeX -> :class:`cheatsheet.statement.Statement`.

``parse(latex, decls)`` reads one math segment.  Declared names (see :mod:`cheatsheet.symbols`)
become ``decls.sympy(name)``; undeclared ones get defaults, kept in a private Declarations so the
caller's is never changed:

* bold lowercase (``\\mathbf{x}``) -> ``vector(n)``, bold uppercase -> ``square(n)``, anything
  else a real scalar; ``e`` is Euler's number and ``\\pi`` is pi unless declared;
* ``\\sigma(z)`` is ``ops.Sigmoid`` (elementwise ``MatApply('sigmoid', ...)`` on matrices) unless
  ``sigma`` is declared; ``p(...)``/``P(...)``/``\\Pr(...)``/``\\mathbb{P}`` is ``ops.Prob``
  unless ``p``/``P`` is declared;
* an undeclared name followed by ``(...)`` is a function when it is a usual function letter
  (f g h u v q F G H L M K D Q V ... \\phi \\psi \\kappa \\ell) or has several arguments;
  otherwise it is a product (``\\lambda(e^t - 1)``).  Bold ones (``\\mathbf{f}(\\mathbf{x})``)
  are vector-valued: ``MatApply('call', rows, 1, f(x))``, as is a declared ``vecfunction(m, n)``;
* other multi-letter ``\\text{KL}``, ``\\operatorname{JSD}``, ``\\mathcal{N}`` are undefined
  SymPy Functions named by the text (a checker may substitute them);
* an undeclared plain name added to a matrix (``\\mathbf{x} - \\mu``, ``A + I``) is read again
  as a matrix of that shape;
* ``I``/``\\mathbf{I}``/``I_n`` is ``Identity`` sized by the matrix it meets (else ``n``),
  ``\\mathbf{0}`` a ``ZeroMatrix`` (or 0).

Entries: ``x_i`` of a declared ``vector``/``probvec``/``posvector``/``rv(n)`` x is
``Indexed(IndexedBase('x'), i)`` with a **1-based** index (``A_{ij}`` of a declared matrix
likewise); inside ``\\sum_i`` an undeclared ``a_i`` is ``Indexed(IndexedBase('a'), i)``.
``\\text{softmax}(z)_i`` is ``MatrixElement(softmax, i - 1, 0)`` (SymPy's 0-based entries).
Probability forms: ``P(A|B)`` -> ``Prob(Given(A, B))``; ``P(X, Y)`` -> ``Prob(Tuple(X, Y))``;
``P(X = x)`` -> ``Prob(Eq(X, x))`` (unevaluated relationals).
A 1 x 1 product ``u^T M v`` is the scalar ``ops.Inner(u, M v)``.

Further readings: ``f^{(k)}(x)`` of a function is the k-th derivative; ``\\sigma^{-1}(y)`` is the
logit and ``\\tanh^{-1}`` (``\\sin^{-1}`` ...) the inverse function, unless sigma is declared;
``\\lambda_{\\max}(A)`` / ``\\lambda_{\\min}(A)`` is ``ops.Eigenvalue`` unless declared a function;
``\\|x\\|_p`` takes a number >= 1 or a scalar p; ``\\max\\{a, b\\}``; ``\\max_i x_i`` over an index
range is ``Max`` of the terms (``ops.Extremum`` when the range is symbolic); ``\\sum x_i`` with no
index runs over the one declared index or the entries of a declared vector;
``\\nabla_\\theta J(\\theta_t)`` is the gradient of J taken at theta_t, and ``\\nabla^2 [...]`` takes the
one column vector in the expression as its variable.  A bar after an operand opens an absolute
value when an odd number of bars follow in its group, else it conditions.  ``\\iff`` is refused
(the checker decides one direction; write two ``\\implies``).  Matrices: ``\\prod`` of square
matrix bodies is ``MatApply('prod', ...)`` (left to right by increasing index); ``X^+`` /
``X^\\dagger`` the pseudo-inverse ``MatApply('pinv', ...)`` (a scalar's ``x^+`` is max(x, 0));
``\\begin{bmatrix} ... \\end{bmatrix}`` (``pmatrix``, ``matrix``, ``Bmatrix``) an ``ImmutableMatrix``
of scalars or a ``BlockMatrix`` of blocks, ``vmatrix`` its determinant.  ``\\lim_{x \\to a}`` (``a^+``,
``a^-``, ``\\infty``) takes the rest of the product as its body: ``ops.Limit``.  A premise made
only of ``\\perp``, ``\\in``, ``\\notin``, ``\\sim`` before ``\\implies`` is dropped (it is no
relation): the claim's declarations must say what it said (a domain, ``independent``).

Where each reading lives: ``_pre`` normalises the tokens (bars, spacing, environments),
``grammar.lark`` fixes the shape, and :class:`.reader.Reader` joins one module per concern:
``units`` (names, fonts, accents, scripts, defaults), ``arithmetic`` (products, powers,
fractions), ``calls`` (call or product, known functions), ``probability`` (P, E, Var, Cov),
``sums`` (sums, products, extrema), ``calculus`` (derivatives, integrals, limits) and
``matrices`` (shapes, transposes, blocks, norms); ``base`` holds what they share.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import sympy as sp
from lark import Lark
from lark.exceptions import LarkError, UnexpectedInput

from ..statement import Statement
from ..symbols import Declarations, DeclarationError
from . import _pre
from sympy.matrices.exceptions import ShapeError

from .base import LatexError, LatexShapeError, Retype
from .probability import Given
from .reader import Reader

__all__ = ["parse", "parse_expr", "LatexError", "LatexShapeError", "symbol_name", "Given"]


@lru_cache(maxsize=1)
def _parser() -> Lark:
    grammar = resources.files(__package__).joinpath("grammar.lark").read_text()
    return Lark(grammar, parser="lalr", lexer="contextual", propagate_positions=True,
                maybe_placeholders=False)


def _decls(decls) -> Declarations:
    if decls is None:
        return Declarations({})
    if isinstance(decls, Declarations):
        return decls
    try:
        return Declarations.from_mapping(dict(decls))
    except DeclarationError as e:
        raise LatexError(str(e)) from None


def _tree(text: str):
    try:
        return _parser().parse(text)
    except UnexpectedInput as e:
        pos = getattr(e, "pos_in_stream", None) or 0
        raise LatexError(f"cannot read at {pos}: {text[max(0, pos - 15):pos + 15]!r}") from None
    except LarkError as e:
        raise LatexError(f"cannot read {text[:60]!r}: {type(e).__name__}") from None


def parse(latex: str, decls=None, *, layout: str = "denominator") -> Statement:
    """Read one math segment into a Statement (relations, premises, or a bare expression)."""
    if layout not in ("numerator", "denominator"):
        raise ValueError(f"layout must be 'numerator' or 'denominator', not {layout!r}")
    d = _decls(decls)
    try:
        pieces = _pre.pieces(latex)
    except Exception as e:  # pragma: no cover - tokenizer is total
        raise LatexError(f"cannot tokenize {latex[:60]!r}") from e
    if not pieces:
        raise LatexError(f"nothing to read in {latex[:60]!r}")
    rels, prem, exprs = [], [], []
    for text in pieces:
        st = _read(text, d, layout)
        rels += st.relations
        prem += st.premises
        if not st.relations:
            exprs.append(st.expr)
    if rels:
        return Statement(tuple(rels), None, tuple(prem), latex=latex)
    expr = exprs[0] if len(exprs) == 1 else sp.Tuple(*exprs)
    return Statement((), expr, tuple(prem), latex=latex)


def _read(text, d, layout) -> Statement:
    tree = _tree(text)
    hints: dict[str, str] = {}
    try:
        for _ in range(6):
            try:
                return Reader(text, d, layout, hints).statement(tree)
            except Retype as r:
                if r.name in hints:
                    break
                hints[r.name] = r.spec
        raise LatexError(f"cannot give consistent shapes to {text[:60]!r}")
    except LatexError:
        raise
    except RecursionError:
        raise LatexError(f"too deeply nested: {text[:60]!r}") from None
    except ShapeError as e:
        raise LatexShapeError(f"sizes do not fit in {text[:60]!r}: {str(e)[:80]}") from None
    except Exception as e:  # SymPy shape/type errors on nonsense input
        raise LatexError(f"cannot build {text[:60]!r}: {type(e).__name__}: {str(e)[:80]}") from None


def parse_expr(latex: str, decls=None, *, layout: str = "denominator"):
    """Read a formula that has no relation; returns the SymPy expression."""
    st = parse(latex, decls, layout=layout)
    if st.relations:
        raise LatexError(f"expected an expression, found a relation in {latex[:60]!r}")
    return st.expr


def symbol_name(latex_symbol: str) -> str:
    """The declaration key for a symbol as written: ``\\hat{\\mu}`` -> ``mu_hat``,
    ``\\mathbf{x}_i`` -> ``x_i``, ``x_{t-1}`` -> ``x_t-1``, ``x'`` -> ``x_prime``."""
    pieces = _pre.pieces(latex_symbol)
    if len(pieces) != 1:
        raise LatexError(f"not a single symbol: {latex_symbol!r}")
    text = pieces[0]
    tree = _tree(text)
    r = Reader(text, Declarations({}), "denominator")
    try:
        unit = r.simple_unit(tree.children[0])
        if unit is None:
            raise LatexError(f"not a single symbol: {latex_symbol!r}")
        base, posts = r.peel(unit)
        nm, bold, op = r.base_name(base)
        if nm is None:
            raise LatexError(f"not a symbol: {latex_symbol!r}")
        h = r.resolve_name(nm, bold, posts, base)
    except LatexError:
        raise
    except Exception as e:
        raise LatexError(f"not a symbol: {latex_symbol!r} ({e})") from None
    if h[0] == "func":
        F = h[1]
        if F.get("kind") == "function":
            return F.get("fallback") or F["name"]
        return F.get("fallback") or nm
    if h[2:] and h[2]:
        raise LatexError(f"not a single symbol: {latex_symbol!r}")
    v = h[1]
    if isinstance(v, sp.Indexed):
        return f"{v.base}_{'_'.join(map(str, v.indices))}"
    if isinstance(v, (sp.Symbol, sp.MatrixSymbol)):
        return v.name
    if v == sp.E:
        return "e"
    if v == sp.pi:
        return "pi"
    raise LatexError(f"not a symbol: {latex_symbol!r}")
