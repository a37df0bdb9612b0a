"""The SymPy nodes the LaTeX reader builds for what SymPy has no node of its own for.

SymPy's own objects are used wherever they mean the same thing (``exp``, ``log`` (natural),
``tanh``, ``Max``, ``Abs``, ``floor``, ``binomial``, ``Sum``, ``Product``, ``Derivative`` of scalars,
``MatrixSymbol``, ``Transpose``, ``Inverse``, ``Trace``, ``Determinant``, ``HadamardProduct``).
What is left are the operators of probability and matrix calculus.  They stay unevaluated: the
numeric checker (``cheatsheet.verify.evaluate``) gives them meaning on sampled instances, and
the symbolic checker rewrites the few that have a closed form.

Scalar-valued nodes are ``sympy.Function`` subclasses.  Matrix-valued ones must be ``MatrixExpr``s,
otherwise SymPy would treat ``A Var[X] A^T`` as commutative scalars; they are all ``MatApply``
with an operator name, so there is one class to handle for every matrix-valued operator.
"""
from __future__ import annotations

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixExpr


class Op(sp.Function):
    """Base of the scalar-valued operators; never evaluates by itself."""

    is_real = True

    @classmethod
    def eval(cls, *args):
        return None

    def _sympystr(self, printer):
        return f"{self.symbol}({', '.join(printer._print(a) for a in self.args)})"

    def _pretty(self, printer):
        return printer._print_Function(self, func_name=self.symbol)

    symbol = "op"


class E(Op):
    """Expectation of a scalar expression of random variables: ``\\mathbb{E}[X]``."""

    nargs = 1
    symbol = "𝔼"


class Var(Op):
    """Variance of a scalar expression: ``\\mathrm{Var}[X]``."""

    nargs = 1
    symbol = "Var"


class Cov(Op):
    """Covariance ``\\mathrm{Cov}(X, Y)`` of two scalar expressions."""

    nargs = 2
    symbol = "Cov"


class Prob(Op):
    """Probability of an event, ``P(|X - \\mu| \\ge \\epsilon)``; the argument is a relation."""

    nargs = 1
    symbol = "P"


class Inner(Op):
    """Inner product ``\\langle u, v \\rangle`` of two column vectors (u^T v)."""

    nargs = 2
    symbol = "⟨·,·⟩"

    def _sympystr(self, printer):
        return f"<{printer._print(self.args[0])}, {printer._print(self.args[1])}>"


class Norm(Op):
    """``\\|x\\|_p``; second argument p is 1, 2, oo, the symbol F (Frobenius), or for a general
    p-norm a number >= 1 or a scalar symbol.  On matrices p = 1, 2, oo are the induced norms
    (2: the spectral norm, the largest singular value)."""

    nargs = 2
    symbol = "‖·‖"

    def _sympystr(self, printer):
        return f"||{printer._print(self.args[0])}||_{printer._print(self.args[1])}"


class Eigenvalue(Op):
    """``\\lambda_{\\max}(A)`` / ``\\lambda_{\\min}(A)``: the largest or smallest eigenvalue of a square
    matrix; the second argument is the symbol ``max`` or ``min``.  The numeric checker uses the
    symmetric eigensolver when the instance is symmetric and otherwise orders the real parts of
    the eigenvalues (``verify.evaluate.Evaluator._Eigenvalue``)."""

    nargs = 2
    symbol = "λ"

    def _sympystr(self, printer):
        return f"lambda_{printer._print(self.args[1])}({printer._print(self.args[0])})"


class Extremum(Op):
    """``Extremum(body, i, lo, hi, which)``: the largest (which = ``max``) or smallest (``min``)
    value of a scalar body over the integers i = lo..hi (``\\max_i x_i`` over a declared index
    whose range is a symbol; a range of known length is read as SymPy's ``Max`` of the terms)."""

    nargs = 5
    symbol = "max"

    def _sympystr(self, printer):
        body, i, lo, hi, which = (printer._print(a) for a in self.args)
        return f"{which}[{i}={lo}..{hi}]({body})"


class Sigmoid(Op):
    """The logistic function 1 / (1 + e^{-z}) (the default meaning of ``\\sigma(z)``)."""

    nargs = 1
    symbol = "σ"

    def fdiff(self, argindex=1):
        z = self.args[0]
        return Sigmoid(z) * (1 - Sigmoid(z))

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return 1 / (1 + sp.exp(-z))


class Partial(Op):
    """Derivative of a scalar by a vector or matrix, evaluated numerically, when the result is
    scalar-shaped (1 x 1 vectors); matrix-shaped results use ``MatApply('partial', ...)``."""

    nargs = 3
    symbol = "∂"


class Integral(Op):
    """Definite integral ``Integral(body, t, lo, hi)`` of a scalar body over the real t from lo to
    hi (either may be infinite: ``\\int_{\\mathbb{R}} ... dt`` is lo = -oo, hi = oo).  The numeric
    checker evaluates it by quadrature (``verify.evaluate.Evaluator._Integral`` states the
    accuracy); SymPy's own ``Integral`` is not used so that nothing tries to integrate in closed form.
    """

    nargs = 4
    symbol = "∫"

    def _sympystr(self, printer):
        body, t, lo, hi = (printer._print(a) for a in self.args)
        return f"∫[{lo}, {hi}] {body} d{t}"


class Limit(Op):
    """``Limit(body, x, a, side)``: the limit of a scalar body as the real x tends to a
    (``\\lim_{x \\to a}``); side is the symbol ``both``, ``+`` (from above, ``x \\to a^+``) or ``-``
    (from below); a is ``oo`` / ``-oo`` for ``\\lim_{n \\to \\infty}`` (side ``-`` / ``+``).  The
    numeric checker evaluates the body near a and extrapolates
    (``verify.evaluate.Evaluator._limit`` states the accuracy); a matrix body is
    ``MatApply('limit', rows, cols, body, x, a, side)``, entrywise."""

    nargs = 4
    symbol = "lim"

    def _sympystr(self, printer):
        body, x, a, side = (printer._print(v) for v in self.args)
        side = "" if side == "both" else side
        return f"lim[{x}->{a}{side}]({body})"


class MatApply(MatrixExpr):
    """A matrix-valued operator application: ``MatApply('E', rows, cols, X)``.

    Operator names used by the reader: ``E`` (mean of a random vector), ``Var`` (covariance matrix
    of a random vector), ``Cov`` (cross-covariance of two random vectors), ``partial`` (derivative
    of f by x, ``MatApply('partial', rows, cols, f, x, layout)`` with the layout symbol
    ``numerator`` or ``denominator`` and the shape :func:`partial_shape` gives; two more operands
    ``left, right``: the derivative of left f right with left and right held fixed, the reader's
    ``a^T (dA/dx) g``), ``chain`` (``MatApply('chain', rows, cols, G, Y, X, layout)``: the chain
    rule through a matrix Y, sum_kl G_kl dY_kl/dX with G = dL/dY a gradient node), ``argmax`` /
    ``argmin`` (``MatApply('argmax', n, 1, body, w)``: the vector w where the body is largest),
    ``diag``
    (vector -> diagonal matrix), ``sigmoid``, ``tanh``, ``relu``, ``exp``, ``log`` (elementwise),
    ``softmax`` (of a column vector), ``col`` (``MatApply('col', d, 1, X, i)``: column i, 1-based,
    of the matrix X; the reader's ``\\mathbf{x}_i`` of a ``vectors(N, d)`` family),
    ``sum`` (``MatApply('sum', rows, cols, body, i, lo, hi)``: the sum of a matrix-valued body
    over the integer i = lo..hi, since SymPy's ``Sum`` refuses matrix bodies), ``pinv``
    (``MatApply('pinv', cols, rows, X)``: the Moore-Penrose pseudo-inverse ``X^+`` /
    ``X^\\dagger`` of a rows x cols matrix, ``numpy.linalg.pinv``), ``prod``
    (``MatApply('prod', n, n, body, i, lo, hi)``: the product of a square matrix-valued body,
    ordered left to right by increasing index, body(lo) body(lo + 1) ... body(hi); an empty
    range (hi < lo) is the n x n identity) and ``integral``
    (``MatApply('integral', rows, cols, body, t, lo, hi)``, entrywise, as :class:`Integral`) and
    ``limit`` (``MatApply('limit', rows, cols, body, x, a, side)``, entrywise, as :class:`Limit`)
    and ``at`` (``MatApply('at', rows, cols, body, u, point)``: the body with u bound to the
    point's value, the reader's df/dg taken at g(x)).
    """

    def __new__(cls, op, rows, cols, *operands):
        op = sp.Symbol(op) if isinstance(op, str) else op
        return MatrixExpr.__new__(cls, op, sp.sympify(rows), sp.sympify(cols), *operands)

    @property
    def op(self) -> str:
        return self.args[0].name

    @property
    def shape(self):
        return (self.args[1], self.args[2])

    @property
    def operands(self):
        return self.args[3:]

    @property
    def free_symbols(self):
        """As SymPy's, but the variable an ``at`` binds is no name of the formula (the body's
        dummy t of ``f'(\\mathbf{z})`` taken entry by entry), as a Derivative's is not."""
        out = super().free_symbols
        if self.op == "at":
            body, var, point = self.operands
            out = (out - {var}) | (body.free_symbols - {var}) | point.free_symbols
        return out

    def _entry(self, i, j, **kwargs):  # pragma: no cover - entries are only ever numeric
        raise NotImplementedError("MatApply has no symbolic entries")

    def _sympystr(self, printer):
        return f"{self.op}({', '.join(printer._print(a) for a in self.operands)})"

    _pretty_name = {"E": "𝔼", "Var": "Var", "Cov": "Cov", "partial": "∂", "CondE": "𝔼",
                    "CondVar": "Var"}

    def _pretty(self, printer):
        from sympy.printing.pretty.stringpict import prettyForm

        name = self._pretty_name.get(self.op, self.op)
        inner = ", ".join(printer.doprint(a) for a in self.operands)
        return prettyForm(f"{name}({inner})")


def layout_symbol(layout: str) -> sp.Symbol:
    if layout not in {"numerator", "denominator"}:
        raise ValueError(f"layout must be 'numerator' or 'denominator', not {layout!r}")
    return sp.Symbol(layout)


def _one(n) -> bool:
    return sp.sympify(n) == 1


def partial_kind(f_shape, x_shape) -> str:
    """What d f / d x is, from the shapes (rows, cols) of f and x (scalars ()), as declared:
    ``scalar`` (both scalars), ``gradient`` (a scalar by a vector or matrix), ``jacobian`` (a
    vector by a vector), ``by_scalar`` (a vector or matrix by a scalar) or ``tensor`` (a matrix
    by a vector, a vector or matrix by a matrix: 3 or 4 axes).  A row vector counts as a vector
    (its entries), so d a^T / d x is d a / d x."""
    f_vec = not f_shape or _one(f_shape[0]) or _one(f_shape[1])
    f_scalar = not f_shape or (_one(f_shape[0]) and _one(f_shape[1]))
    if not x_shape or (_one(x_shape[0]) and _one(x_shape[1])):
        return "scalar" if f_scalar else "by_scalar"
    if f_scalar:
        return "gradient"
    x_vec = _one(x_shape[0]) or _one(x_shape[1])
    return "jacobian" if f_vec and x_vec else "tensor"


def _size(shape):
    if not shape:
        return sp.Integer(1)
    return sp.sympify(shape[0]) * sp.sympify(shape[1])


def partial_shape(f_shape, x_shape, layout: str):
    """Shape of d f / d x under a layout convention (f and x are (rows, cols); scalars ()).

    denominator layout: d(scalar)/d(x in R^n) is n x 1, d(f in R^m)/d(x in R^n) is n x m,
    d(scalar)/d(X in R^{p x q}) is p x q.  numerator layout is the transpose of each.  A row
    vector is read by its entries, as a column.  By a scalar: a column f in R^m is m x 1
    (numerator) or 1 x m (denominator); a row or a matrix is differentiated entrywise and keeps
    its shape in either layout (d A / dt).  A 3- or 4-tensor (a matrix F in R^{m x p} by a vector
    or a matrix X in R^{n x q}, or a vector by a matrix) is laid out by vec, which stacks the
    columns: d vec(F) / d vec(X)^T is (mp) x (nq) in numerator layout, its transpose in
    denominator layout (Magnus & Neudecker).  A transposed variable (``d f / d x^T``) is
    first turned into x and a layout by :func:`by_transposed`.
    """
    kind = partial_kind(f_shape, x_shape)
    if kind == "gradient" and not (_one(x_shape[0]) or _one(x_shape[1])):
        p, q = x_shape
        return (p, q) if layout == "denominator" else (q, p)
    if kind == "by_scalar":
        if not _one(f_shape[1]):  # a row or a matrix: entrywise
            return tuple(f_shape)
        return (1, f_shape[0]) if layout == "denominator" else (f_shape[0], 1)
    m, n = _size(f_shape), _size(x_shape)
    return (n, m) if layout == "denominator" else (m, n)


def by_transposed(f_shape, var, layout: str):
    """``d f / d x^T`` as ``(x, layout)``: the derivative by x in numerator layout.

    Written with a transposed denominator, the derivative is Magnus & Neudecker's ``D f``:
    the m x n Jacobian of f in R^m (a row for a scalar f), and for a scalar f of a matrix X
    a gradient shaped like X^T.  That is the numerator layout, and in a denominator-layout
    text it is also the one reading that lays the derivative out by the shape of the
    denominator as written, so there ``d f / d x^T`` is read so.  In a numerator-layout text
    the transpose is read two ways (as emphasis, the same as ``d f / d x``, or as the flip
    that turns a numerator-layout row into a column), and a vector or matrix by a transposed
    *matrix* has no layout at all (vec of X^T permutes vec X): for these a string that says
    why, for the caller to refuse.  ``(var, layout)`` unchanged when var is not transposed."""
    if not isinstance(var, sp.Transpose):
        return var, layout
    x = var.arg
    x_shape = tuple(x.shape)
    if not (_one(x_shape[0]) or _one(x_shape[1])) and partial_kind(f_shape, x_shape) != "gradient":
        return ("a derivative of a vector or matrix by a transposed matrix: no layout defines "
                "it (write the derivative by the matrix itself)")
    if layout != "denominator":
        return ("a derivative by a transposed variable in numerator layout is read two ways "
                "(the transpose as emphasis, the same as by the variable, or as the flip to "
                "denominator layout), and which one is meant is not said")
    return x, "numerator"


SCALAR_OPS = (E, Var, Cov, Prob, Inner, Norm, Eigenvalue, Extremum, Sigmoid, Partial, Integral,
              Limit)
