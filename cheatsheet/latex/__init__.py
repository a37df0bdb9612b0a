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

Errors: ``LatexError`` when the text cannot be read, ``LatexShapeError`` (a subclass) when it
reads but its sizes clash.  Messages (``messages``) say in plain words what the reader stumbled
on and quote the formula as the writer wrote it (``_pre`` keeps where each token came from):
``cannot read `\\dots` in `x_1, \\dots, x_n`: a row of dots stands for terms the reader cannot
expand``, ``the bracket opened at `(WQ)(` is never closed``, ```A` is 3×4 and `x` has 2 rows,
so `A x` is undefined``.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import sympy as sp
from lark import Lark
from lark.exceptions import LarkError, UnexpectedInput

from ..statement import Statement
from ..symbols import Declarations, DeclarationError
from . import _pre, messages
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
        raise LatexError(messages.grammar_message(text, e)) from None
    except LarkError:
        raise LatexError(f"cannot read {messages.q(messages.whole(text))}: the reader cannot "
                         "make out its structure") from None


def parse(latex: str, decls=None, *, layout: str = "denominator") -> Statement:
    """Read one math segment into a Statement (relations, premises, or a bare expression)."""
    if layout not in ("numerator", "denominator"):
        raise ValueError(f"layout must be 'numerator' or 'denominator', not {layout!r}")
    d = _decls(decls)
    try:
        pieces = _pre.pieces(latex)
    except Exception:  # pragma: no cover - tokenizer is total
        raise LatexError(f"cannot read {messages.q(latex)}: the reader cannot split it into "
                         "symbols") from None
    if not pieces:
        raise LatexError(f"there is no formula in {messages.q(latex)}" if latex.strip()
                         else "there is no formula: the text is empty")
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
        raise LatexError(f"cannot read {_q(text)}: no one size for each name makes its sizes "
                         "fit (a name is used as a number in one place and as a matrix in another)")
    except LatexError:
        raise
    except RecursionError:
        raise LatexError(f"cannot read {_q(text)}: it is nested too deeply") from None
    except ShapeError:
        raise LatexShapeError(f"the sizes in {_q(text)} do not fit together") from None
    except Exception:  # SymPy shape/type errors on nonsense input
        raise LatexError(f"cannot read {_q(text)}: its parts do not combine into one formula "
                         "(an expression used as a function, or a value where an operator "
                         "belongs)") from None


def _q(piece) -> str:
    return messages.q(messages.whole(piece))


def parse_expr(latex: str, decls=None, *, layout: str = "denominator"):
    """Read a formula that has no relation; returns the SymPy expression."""
    st = parse(latex, decls, layout=layout)
    if st.relations:
        raise LatexError(f"{messages.q(latex)} is a relation, where an expression was expected")
    return st.expr


def symbol_name(latex_symbol: str) -> str:
    """The declaration key for a symbol as written: ``\\hat{\\mu}`` -> ``mu_hat``,
    ``\\mathbf{x}_i`` -> ``x_i``, ``x_{t-1}`` -> ``x_t-1``, ``x'`` -> ``x_prime``."""
    pieces = _pre.pieces(latex_symbol)
    if len(pieces) != 1:
        raise LatexError(f"{messages.q(latex_symbol)} is not a single symbol")
    text = pieces[0]
    tree = _tree(text)
    r = Reader(text, Declarations({}), "denominator")
    try:
        unit = r.simple_unit(tree.children[0])
        if unit is None:
            raise LatexError(f"{messages.q(latex_symbol)} is not a single symbol")
        base, posts = r.peel(unit)
        nm, bold, op = r.base_name(base)
        if nm is None:
            raise LatexError(f"{messages.q(latex_symbol)} is not a symbol")
        h = r.resolve_name(nm, bold, posts, base)
    except LatexError:
        raise
    except Exception:
        raise LatexError(f"{messages.q(latex_symbol)} is not a symbol") from None
    if h[0] == "func":
        F = h[1]
        if F.get("kind") == "function":
            return F.get("fallback") or F["name"]
        return F.get("fallback") or nm
    if h[2:] and h[2]:
        raise LatexError(f"{messages.q(latex_symbol)} is not a single symbol")
    v = h[1]
    if isinstance(v, sp.Indexed):
        return f"{v.base}_{'_'.join(map(str, v.indices))}"
    if isinstance(v, (sp.Symbol, sp.MatrixSymbol)):
        return v.name
    if v == sp.E:
        return "e"
    if v == sp.pi:
        return "pi"
    raise LatexError(f"{messages.q(latex_symbol)} is not a symbol")
