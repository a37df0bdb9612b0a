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
range is ``Max`` of the terms (``ops.Extremum`` when the range is symbolic; an index nobody
ranged runs over an unnamed set, as under ``\\sum_i``); ``\\sum x_i`` with no
index runs over the one declared index or the entries of a declared vector;
``\\nabla_\\theta J(\\theta_t)`` is the gradient of J taken at theta_t (``\\nabla f(x + t d)``, no
variable written, f's derivative at the point, as ``f'(x + t d)``), and ``\\nabla^2 [...]`` takes the
one column vector in the expression as its variable.  A bar after an operand opens an absolute
value when an odd number of bars follow in its group, else it conditions.  ``A \\iff B`` between
comparisons is both implications, each a relation that speaks only where its premise holds
(``conditions.Provided``).  Matrices: ``\\prod`` of square
matrix bodies is ``MatApply('prod', ...)`` (left to right by increasing index); ``X^+`` /
``X^\\dagger`` the pseudo-inverse ``MatApply('pinv', ...)`` (a scalar's ``x^+`` is max(x, 0));
``\\begin{bmatrix} ... \\end{bmatrix}`` (``pmatrix``, ``matrix``, ``Bmatrix``) an ``ImmutableMatrix``
of scalars or a ``BlockMatrix`` of blocks, ``vmatrix`` its determinant.  ``\\lim_{x \\to a}`` (``a^+``,
``a^-``, ``\\infty``) takes the rest of the product as its body: ``ops.Limit``.

Conditions are never dropped unread: ``\\forall j \\neq i: ...`` (and a trailing ``\\forall j \\neq
y``, ``\\text{for all } x \\in [0, 1]``, a piece beside the formula that only states a condition,
``\\quad S \\subseteq A``) is a premise; a membership is read by ``sets``: an interval is two
comparisons, a set the checker can list a ``Member`` premise, and a named set (``x \\in
\\mathbb{R}^n``, ``u, v \\in V``), like ``\\perp`` and ``\\sim``, says what the names are, which the
claim's declarations must say (a domain, ``independent``); ``\\sim`` with an expression on its
left and a known law on its right (``X + Y \\sim \\mathrm{Pois}(a + b)``) is a statement, the
relation ``sim`` (``law_statements``), which only the law check decides.  ``\\exists`` is refused.  Sets
(``sets``): ``\\{1, \\dots, p\\}``, ``\\{j\\}``, ``\\emptyset``, ``\\cup``, ``\\cap``, ``\\setminus`` and
``-`` between sets, ``|S|``, set-builders (``ConditionSet``, ``ImageSet``), and subscripts that
range over a set (``\\sum_{S \\subseteq N \\setminus \\{i\\}}``, ``\\max_{\\|\\delta\\| \\le
\\epsilon}``, ``\\sup_{g \\in G}``, ``\\sup_{Q: ...}``) binding their variable.  A plain ``E[X]`` and
``E_Q[X]`` are expectations (``E(X)`` too, of a declared random variable, and in any upright or
bold face: ``E(X)^2`` is (E[X])^2), ``E[g^2]_t`` a name (a subscript after the bracket), and
``\\mathbb{E}_{z \\sim p}[...]`` binds z (``probability.ExpectOver``).  A number plus a vector is
the all-ones vector times it (``1 - \\mathbf{z}``); a number plus a matrix is refused (I or the
all-ones matrix?).  ``x_1, \\dots, x_n`` in an argument list is one column (the declared x
itself when it is all of x); ``\\Delta x`` with Delta undeclared is the name ``Delta_x`` of a step
in x, with x's shape.

Other notations: transposes ``^\\top``, ``^{\\intercal}``, ``^\\mathsf{T}``, ``ᵀ``; ``\\operatorname{Var}``,
``\\mathrm{Cov}``, ``\\mathbb{V}``; ``\\Pr[...]``, ``\\Pr\\{...\\}``; ``\\exp\\{...\\}``; ``\\log_b``
(an unmarked ``\\log`` is natural unless ``parse(..., log_base="2"|"10")``; ``\\ln`` always is);
``\\mathbb{1}[c]`` / ``\\mathbb{1}\\{c\\}`` / ``\\mathbb{I}[c]`` / ``\\mathbf{1}\\{c\\}`` / ``\\mathbb{1}_{c}`` /
``\\mathbb{1}_{[c]}`` / a plain ``1\\{c\\}``, ``1(c)``, ``1_{\\{c\\}}`` (c a comparison) and
``\\begin{cases}`` rows ``value & condition`` are ``Piecewise`` (conditions as written,
``\\text{otherwise}`` the rest); ``A \\text{ if } B`` (``when``, ``where``, ``with``) reads as
``B \\implies A``, ``\\text{and}`` joins two formulas, a trailing ``\\text{for all } x`` goes, and
any other prose word (``or``, ``else``...) is refused, never read as a name;
``\\operatorname*{arg\\,max}_k`` / ``\\arg\\min_\\theta`` is ``ArgExtremum`` (a vector variable:
``MatApply('argmax', ...)``); ``\\sup_i`` / ``\\inf_i`` over an index are max / min; an index without
a written range runs over the declared vector it picks entries of (``\\max_i |x_i|``), else,
under a sum or product, over an unnamed finite set: the places 1..N of one count N per formula
(``\\sum_{s', r} p(s', r \\mid s, a)\\,r``: a primed index binds the primed letter, and an index
used as a number stands for an entry of one list of N arbitrary values); ``\\pi(a \\mid s)`` of an
undeclared name is a conditional law ``pi(Given(a, s))``; a transpose on an undeclared lower-case
name, or a lower-case name after a row, makes it a column vector;
``\\frac{df}{dx}(x_0)`` is the derivative at x_0 (a compound group after it stays a factor);
``\\frac{\\partial \\mathbf{f}}{\\partial \\mathbf{g}}`` of declared functions (a chain rule's
outer factor) is f's derivative taken at g's value where the formula applies g
(``MatApply('at', ...)``); ``X \\in \\mathbb{R}^{m \\times n}`` of a matrix value in a conclusion
states its rows and columns (``matrices.SizeOf``), sizes being numbers or declared names;
``\\frac{\\partial^2 f}{\\partial x \\partial y}`` is of ``f(x, y)``; ``\\nabla_x`` before a value takes the
product up to the next written operation; ``\\partial f_i / \\partial x_j`` on one line is a derivative,
and f_i of a vector-valued f is entry i of f(x); derivatives of a matrix or by a matrix are laid out
by vec, or held between fixed factors (``a^T (dA/dx) g``), as :mod:`.calculus` says; a bold capital
of scalars (``\\mathbf{A}(t)``) is a square matrix-valued function; nested integrals pair with their
own differentials;
``KL(p || q)``, ``tr(A)``, ``max(a, b)`` in plain letters are those operators; unicode (``Σ_{i=1}^n``,
``≤``, ``x²``, ``A⁻¹``, ``x₁``, Greek letters).  ``x^{(i)}`` on a name that is not a function is the
indexed name ``x^(i)`` (a power is never written so), and ``parse(..., superscript_index={"w"})``
makes every superscript on w but a transpose, star, dagger or inverse an index (``w^{t+1}`` is
the name ``w_{t+1}``).  Kept refused, each with its reason: ``f * g`` between functions (a
convolution, or a cross-correlation where a sheet writes * for it, as sheet 002 does), a sum
over an unwritten range, ``\\mathbb{E}[X \\mid Y]``, ``\\leftarrow``, ``or``, ``\\lg``, ``[a \\| b]``,
``\\exists``, ``\\subset`` where it binds (a subset or a proper one?).

Notation of other sheets (issue 8): ``x_1 + x_2 + \\dots + x_n`` and ``a_1 a_2 \\cdots a_n`` are
the sum and product they stand for when the terms beside the dots are one template (``_runs``);
an index without a range runs over the declared vectors or matrices it picks entries of
(``A_{ik}``: i over A's rows, k over its columns) or the places of a declared vector called at it
(``\\sum_x p(x) \\log p(x)``; refused when x is also used as a number); ``(AB)_{ij}``,
``[A]_{ij}`` are entries of the expression (at declared or bound indices); ``\\int_a^b f`` and
``\\int_0^1 x^2`` without dx integrate in the function's argument or the body's one variable;
``\\iint_{\\mathbb{R}^2}`` is two integrals; ``\\left. g \\right|_{x=a}`` is ``Subs``; an unbracketed
``\\arg\\min_b`` whose variable occurs in later terms covers the whole side, and
``\\underset{x}{\\arg\\min}`` is ``\\arg\\min_x`` (``_operands``); ``A \\propto B`` is
``proportional.Proportional`` (no relation: no checker decides it yet); ``x^2_i`` is ``(x_i)^2``;
``X^{-\\top}``; ``\\mathrm{Bern}(x \\mid p)`` is ``\\mathrm{Bern}(x; p)``; ``\\otimes`` between
matrices is the Kronecker product; ``I(X; Y)`` a function of two variables; a bold sigma or p
not called is a vector; ``\\operatorname{diag}(\\mu_i (1 - \\mu_i))`` the diagonal of those entries.
``I(X, Y; Z)`` is I of the two groups (Tuple(X, Y), Z) and ``I(X; Y \\mid Z)`` I(Given(Tuple(X, Y), Z));
touching capitals that spell a count or statistic (``TP``, ``RSS``: ``_plain_text``) are one
name; an undeclared Greek letter before one bracketed name (``\\mu(s)``) is a function of it;
``\\operatorname{vec}`` stacks columns, and vec and ``\\otimes`` make plain capitals matrices;
``\\mathrm T`` takes one character; a tail that only says where the formula holds
(``\\quad a, b > 0``, ``k = 1, 2, \\dots``) is its premise (``_side_conditions``), and
``A \\text{ if } C \\text{ else } B`` a definition by cases (``_words_piecewise``).

Where each reading lives: ``_pre`` normalises the tokens (bars, spacing, environments),
``grammar.lark`` fixes the shape, and :class:`.reader.Reader` joins one module per concern:
``units`` (names, fonts, accents, scripts, defaults), ``arithmetic`` (products, powers,
fractions), ``calls`` (call or product, known functions), ``probability`` (P, E, Var, Cov),
``sums`` (sums, products, extrema, arg max), ``calculus`` (derivatives, integrals, limits),
``matrices`` (shapes, transposes, blocks, norms), ``conditions`` (cases, indicators, premises,
equivalences) and ``sets`` (sets, operators over a set, memberships, lists with dots); ``base``
holds what they share.

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
from . import _pre, _statements, messages
from sympy.matrices.exceptions import ShapeError

from ..verify.timelimit import CheckTimeout

from .base import LatexError, LatexShapeError, Retype
from .probability import Given
from .sums import ArgExtremum
from .reader import Reader

__all__ = ["parse", "parse_expr", "LatexError", "LatexShapeError", "symbol_name", "Given",
           "ArgExtremum"]


@lru_cache(maxsize=1)
def _parser() -> Lark:
    grammar = resources.files(__package__).joinpath("grammar.lark").read_text()
    return Lark(grammar, parser="lalr", lexer="contextual", propagate_positions=True,
                maybe_placeholders=False, cache=_tables_file())


def _tables_file() -> str | bool:
    """Where lark keeps the grammar's analysed tables between processes (issue 12: building them
    is ~0.2 s of every start, loading them 0.02 s), like Python's bytecode: in the user cache
    folder, or ``CHEATSHEET_CACHE_DIR``; none under ``CHEATSHEET_NO_STARTUP_CACHE`` (as the
    remembered catalog, catalog_cache.py; not ``CHEATSHEET_NO_CACHE``).  Lark stores a hash
    of the grammar, its options and its own version in the file and rebuilds (and rewrites)
    whenever they differ or the file cannot be read, so a stale or damaged file is never used."""
    import os

    if os.environ.get("CHEATSHEET_NO_STARTUP_CACHE", "").strip().lower() not in (
            "", "0", "no", "false"):
        return False
    folder = os.environ.get("CHEATSHEET_CACHE_DIR")
    if not folder:
        try:
            from platformdirs import user_cache_dir
        except ImportError:  # pragma: no cover - a declared dependency
            return False
        folder = user_cache_dir("cheatsheet")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return False
    return os.path.join(folder, "latex-grammar.lark-tables")


def _decls(decls) -> Declarations:
    if decls is None:
        return Declarations({})
    if isinstance(decls, Declarations):
        return decls
    try:
        return Declarations.from_mapping(dict(decls))
    except DeclarationError as e:
        raise LatexError(str(e)) from None


@lru_cache(maxsize=4096)
def _parsed(text: str):
    """The grammar's tree for a normalised piece; the reader never changes a tree, so one tree
    serves every reading of the same text (an audit or a check reads a formula many times)."""
    return _parser().parse(text)


def _tree(text: str):
    try:
        return _parsed(str(text))
    except UnexpectedInput as e:
        raise LatexError(messages.grammar_message(text, e)) from None
    except LarkError:
        raise LatexError(f"cannot read {messages.q(messages.whole(text))}: the reader cannot "
                         "make out its structure") from None


_LOG_BASES = {"e": None, "2": sp.Integer(2), "10": sp.Integer(10)}


def parse(latex: str, decls=None, *, layout: str = "denominator", log_base: str = "e",
          superscript_index=()) -> Statement:
    """Read one math segment into a Statement (relations, premises, or a bare expression).

    ``layout``: how a derivative by a vector is laid out ("numerator" or "denominator").
    ``log_base``: what an unmarked ``\\log`` means on the sheet: "e" (natural), "2" or "10";
    ``\\ln`` is always natural and ``\\log_b`` always base b.
    ``superscript_index``: names the sheet writes with a superscript time or iteration index
    (``w^{t+1}``, ``\\theta^t``): for them a superscript is an index, not a power, read as the
    subscript it stands for (``w^{t+1}`` is the name ``w_{t+1}``, never an entry of a vector w).  A parenthesised superscript on any name that is not a
    function, ``x^{(i)}``, is always an index (a power is never written that way; on a function,
    ``f^{(k)}`` is the k-th derivative).
    A prime is a name's own mark (``x'``) or a derivative (``f'(x)``); a sheet that says primes
    are transposes has them rewritten before it is read (cheatsheet/sheets/primes.py)."""
    if layout not in ("numerator", "denominator"):
        raise ValueError(f"layout must be 'numerator' or 'denominator', not {layout!r}")
    if str(log_base) not in _LOG_BASES:
        raise ValueError(f"log_base must be 'e', '2' or '10', not {log_base!r}")
    if isinstance(superscript_index, str):
        raise ValueError("superscript_index is a collection of names, not one string")
    options = {"log_base": _LOG_BASES[str(log_base)],
               "superscript_index": frozenset(superscript_index)}
    d = _decls(decls)
    try:
        pieces = _statements.pieces(latex)
    except CheckTimeout:
        raise
    except Exception:  # pragma: no cover - tokenizer is total
        raise LatexError(f"cannot read {messages.q(latex)}: the reader cannot split it into "
                         "symbols") from None
    if not pieces:
        raise LatexError(f"there is no formula in {messages.q(latex)}" if latex.strip()
                         else "there is no formula: the text is empty")
    rels, prem, exprs = [], [], []
    for text in pieces:
        st = _read(text, d, layout, options)
        rels += st.relations
        prem += st.premises
        if not st.relations:
            exprs.append(st.expr)
    if rels:
        return Statement(tuple(rels), None, tuple(prem), latex=latex)
    expr = exprs[0] if len(exprs) == 1 else sp.Tuple(*exprs)
    return Statement((), expr, tuple(prem), latex=latex)


def _read(text, d, layout, options) -> Statement:
    tree = _tree(text)
    hints: dict[str, str] = {}
    try:
        for _ in range(6):
            try:
                return Reader(text, d, layout, hints, **options).statement(tree)
            except Retype as r:
                if r.name in hints:
                    break
                hints[r.name] = r.spec
        raise LatexError(f"cannot read {_q(text)}: no one size for each name makes its sizes "
                         "fit (a name is used as a number in one place and as a matrix in another)")
    except (LatexError, CheckTimeout):
        # (a time limit that fires while reading is the caller's, not a fault of the text:
        # read as one, it would be remembered as "cannot read" for the rest of the run)
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


def parse_expr(latex: str, decls=None, *, layout: str = "denominator", **options):
    """Read a formula that has no relation; returns the SymPy expression (options as
    :func:`parse`)."""
    st = parse(latex, decls, layout=layout, **options)
    if st.relations:
        raise LatexError(f"{messages.q(latex)} is a relation, where an expression was expected")
    return st.expr


def symbol_name(latex_symbol: str) -> str:
    """The declaration key for a symbol as written: ``\\hat{\\mu}`` -> ``mu_hat``,
    ``\\mathbf{x}_i`` -> ``x_i``, ``x_{t-1}`` -> ``x_t-1``, ``x'`` -> ``x_prime``."""
    pieces = _statements.pieces(latex_symbol)
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
