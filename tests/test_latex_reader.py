"""The LaTeX reader: each case checks what the result means, not only that it parses."""
from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st
from sympy.matrices.expressions.matexpr import MatrixElement

from cheatsheet import ops
from cheatsheet.latex import Given, LatexError, parse, parse_expr, symbol_name
from cheatsheet.symbols import Declarations

x, y, z, a, b, c, t = sp.symbols("x y z a b c t", real=True)
n_dim = sp.Symbol("n", integer=True, positive=True)


def same(expr, expected):
    return sp.simplify(sp.sympify(expr) - sp.sympify(expected)) == 0


def R(name):
    return sp.Symbol(name, real=True)


# ---------------------------------------------------------------- arithmetic
@pytest.mark.parametrize("latex, expected", [
    (r"x^2 + 2x + 1", (x + 1) ** 2),
    (r"3 - x \cdot y", 3 - x * y),
    (r"a \times b", a * b),
    (r"x / y / 2", x / y / 2),
    (r"\frac{1}{2} x", x / 2),
    (r"\frac12 x", x / 2),
    (r"\dfrac{a}{b} + \tfrac{b}{a}", a / b + b / a),
    (r"\sqrt{x^2}", sp.sqrt(x ** 2)),
    (r"\sqrt[3]{x}", sp.root(x, 3)),
    (r"\binom{5}{2}", 10),
    (r"4!", 24),
    (r"\left( a + b \right)^{2}", (a + b) ** 2),
    (r"\big[ a \big] \Big\{ b \Big\}", a * b),
    (r"a \, b \; c \! \quad", a * b * c),
    (r"-x^2", -x ** 2),
    (r"2^{-1}", sp.Rational(1, 2)),
    (r"0.5 x", x / 2),
    (r"e^{x} e^{-x}", 1),
    (r"\exp(x) - e^x", 0),
    (r"\log(e^{x})", x),
    (r"\ln x + \log y", sp.log(x) + sp.log(y)),
    (r"\log_2 8", 3),
    (r"\tanh(x) - \frac{\sinh x}{\cosh x}", 0),
    (r"\sin^2 x + \cos^2 x", 1),
    (r"\max(a, b) + \min(a, b)", sp.Max(a, b) + sp.Min(a, b)),
    (r"|x|", sp.Abs(x)),
    (r"\lfloor x \rfloor + \lceil y \rceil", sp.floor(x) + sp.ceiling(y)),
    (r"\operatorname{sign}(x)", sp.sign(x)),
    (r"\text{ReLU}(x)", sp.Max(0, x)),
    (r"\mathrm{ReLU}(x) + \operatorname{ReLU}(y)", sp.Max(0, x) + sp.Max(0, y)),
    (r"\sigma(z)", ops.Sigmoid(z)),
    (r"\pi r^2", sp.pi * R("r") ** 2),
])
def test_scalar_arithmetic(latex, expected):
    assert same(parse_expr(latex), expected)


def test_sigmoid_rewrites_to_the_logistic_function():
    v = parse_expr(r"\sigma(z)(1 - \sigma(z))")
    assert same(v.rewrite(sp.exp), sp.exp(-z) / (1 + sp.exp(-z)) ** 2)


def test_sigma_declared_scalar_is_a_product():
    v = parse_expr(r"\sigma(z + 1)", {"sigma": "positive"})
    s = sp.Symbol("sigma", positive=True)
    assert same(v, s * (z + 1))


def test_sigma_alone_is_a_symbol():
    assert parse_expr(r"\sigma^2") == R("sigma") ** 2


def test_declared_function_and_composition():
    f = sp.Function("f", real=True)
    g = sp.Function("g", real=True)
    d = {"f": "function", "g": "function"}
    assert parse_expr(r"g(f(x))", d) == g(f(x))
    assert parse_expr(r"(g \circ f)(x)", d) == g(f(x))


def test_prime_derivatives():
    f = sp.Function("f", real=True)
    d = {"f": "function"}
    assert parse_expr(r"f'(x)", d) == sp.Derivative(f(x), x)
    assert parse_expr(r"f''(x)", d) == sp.Derivative(f(x), (x, 2))


def test_prime_on_a_plain_symbol_is_a_name():
    assert parse_expr(r"x'") == R("x_prime")
    assert symbol_name(r"x'") == "x_prime"


# ---------------------------------------------------------------- relations
@pytest.mark.parametrize("latex, op", [
    ("a = b", "="), ("a := b", "="), ("a =: b", "="), (r"a \equiv b", "="), (r"a \neq b", "!="),
    ("a < b", "<"), ("a > b", ">"), (r"a \le b", "<="), (r"a \leq b", "<="),
    (r"a \leqslant b", "<="), (r"a \ge b", ">="), (r"a \geq b", ">="), (r"a \geqslant b", ">="),
    (r"a \approx b", "approx"),
])
def test_relation_operators(latex, op):
    st_ = parse(latex)
    assert len(st_.relations) == 1
    r = st_.relations[0]
    assert (r.lhs, r.op, r.rhs) == (a, op, b)


def test_psd_order():
    st_ = parse(r"\mathbf{A} \succeq \mathbf{B}", {"A": "symmetric(3)", "B": "symmetric(3)"})
    assert st_.relations[0].op == "succeq"
    st_ = parse(r"\mathbf{A} \preceq \mathbf{B}", {"A": "symmetric(3)", "B": "symmetric(3)"})
    assert st_.relations[0].op == "preceq"


def test_chain_shares_the_middle():
    st_ = parse(r"0 \le a \le b")
    assert [(r.lhs, r.op, r.rhs) for r in st_.relations] == [(0, "<=", a), (a, "<=", b)]
    st_ = parse(r"a = b = c")
    assert [(r.lhs, r.rhs) for r in st_.relations] == [(a, b), (b, c)]


def test_quad_separates_formulas_and_punctuation_is_dropped():
    st_ = parse(r"a = b \quad c = x, \qquad y = z.")
    assert [(r.lhs, r.rhs) for r in st_.relations] == [(a, b), (c, x), (y, z)]


def test_implication_premises():
    st_ = parse(r"a > 0 \implies a^2 > 0")
    assert st_.premises[0].op == ">" and st_.premises[0].lhs == a
    assert st_.relations[0].lhs == a ** 2
    st_ = parse(r"a = 0 \Rightarrow a b = 0")
    assert len(st_.premises) == 1 and st_.relations[0].rhs == 0


def test_leading_quantifier_is_dropped():
    st_ = parse(r"\forall u, v \in V: u + v = v + u")
    assert same(st_.relations[0].lhs - st_.relations[0].rhs, 0)
    st_ = parse(r"\forall x \in S, x^2 \geq 0")
    assert st_.relations[0].op == ">=" and st_.relations[0].lhs == x ** 2


def test_shared_relation_for_a_list():
    st_ = parse(r"\alpha, \beta \geq 0")
    assert [(r.lhs, r.op, r.rhs) for r in st_.relations] == [(R("alpha"), ">=", 0), (R("beta"), ">=", 0)]


def test_membership_is_not_a_claim():
    with pytest.raises(LatexError):
        parse(r"\mathbf{x} \in \mathbb{R}^n")


# ---------------------------------------------------------------- names
@pytest.mark.parametrize("latex, name", [
    (r"\lambda", "lambda"), (r"\Sigma", "Sigma"), (r"\epsilon", "epsilon"), (r"\varepsilon", "epsilon"),
    (r"\mathbf{x}", "x"), (r"\boldsymbol{\mu}", "mu"), (r"\bm{x}", "x"), (r"\vec{x}", "x"),
    (r"\mathrm{x}", "x"), (r"\hat{\mu}", "mu_hat"), (r"\bar{x}", "x_bar"), (r"\tilde{x}", "x_tilde"),
    (r"x_i", "x_i"), (r"\Sigma_{11}", "Sigma_11"), (r"x_{t-1}", "x_t-1"), (r"\mathbf{x}_i", "x_i"),
    (r"\lambda_{\max}", "lambda_max"), (r"x^*", "x_star"), (r"\hat{y}_i", "y_hat_i"),
])
def test_symbol_names(latex, name):
    assert symbol_name(latex) == name


def test_declared_name_is_the_declarations_object():
    d = Declarations.from_mapping({"mu_hat": "positive", "x": "vector(3)"})
    st_ = parse(r"\hat{\mu} \mathbf{x}", d)
    assert st_.expr == d.sympy("mu_hat") * d.sympy("x")


def test_full_subscripted_name_when_declared():
    d = {"x_t-1": "positive", "x": "vector(4)"}
    assert parse_expr(r"x_{t-1}", d) == sp.Symbol("x_t-1", positive=True)


def test_vector_entry_is_indexed_one_based():
    d = {"x": "vector(4)"}
    v = parse_expr(r"x_2", d)
    assert isinstance(v, sp.Indexed) and v.base.label == sp.Symbol("x") and v.indices == (2,)
    v = parse_expr(r"X_i", {"X": "rv(3)", "i": "index(3)"})
    assert isinstance(v, sp.Indexed) and v.indices == (sp.Symbol("i", integer=True, positive=True),)


def test_undeclared_subscript_is_a_scalar():
    assert parse_expr(r"x_i") == R("x_i")


def test_defaults_for_undeclared_bold():
    v = parse_expr(r"\mathbf{x}")
    assert isinstance(v, sp.MatrixSymbol) and v.shape == (n_dim, 1)
    A = parse_expr(r"\mathbf{A}")
    assert isinstance(A, sp.MatrixSymbol) and A.shape == (n_dim, n_dim)
    assert parse_expr("x").is_real


def test_callers_declarations_are_not_mutated():
    d = Declarations.from_mapping({"a": "real"})
    parse(r"\mathbf{x}^T \mathbf{x} + a + y", d)
    assert set(d.decls) == {"a"}


def test_bold_multiletter_is_a_product_with_scripts_on_the_last():
    d = {"X": "matrix(3, 2)", "A": "square(3)"}
    v = parse_expr(r"\mathbf{XX}^T", d)
    X = sp.MatrixSymbol("X", 3, 2)
    assert v == X * X.T
    assert parse_expr(r"\mathbf{AX}", d) == sp.MatrixSymbol("A", 3, 3) * X


# ---------------------------------------------------------------- linear algebra
LA = {"A": "square(3)", "B": "square(3)", "x": "vector(3)", "y": "vector(3)", "M": "matrix(3, 2)"}
A3, B3 = sp.MatrixSymbol("A", 3, 3), sp.MatrixSymbol("B", 3, 3)
x3, y3 = sp.MatrixSymbol("x", 3, 1), sp.MatrixSymbol("y", 3, 1)


@pytest.mark.parametrize("latex", [r"\mathbf{A}^T", r"A^\top", r"A^{\intercal}", r"A^{\top}"])
def test_transpose_spellings(latex):
    assert parse_expr(latex, LA) == sp.Transpose(A3)


def test_inverse_and_powers():
    assert parse_expr(r"A^{-1}", LA) == sp.Inverse(A3)
    assert parse_expr(r"A^{-T}", LA) == sp.Inverse(sp.Transpose(A3))
    v = parse_expr(r"A^{1/2}", LA)
    assert isinstance(v, sp.MatPow) and v.exp == sp.Rational(1, 2)


def test_trace_det_spellings():
    for latex in (r"\operatorname{tr}(A)", r"\text{tr}(A)", r"\text{Tr}(A)", r"\mathrm{tr}(A)"):
        assert parse_expr(latex, LA) == sp.Trace(A3)
    for latex in (r"\det(A)", r"\det A", r"|A|"):
        assert parse_expr(latex, LA) == sp.Determinant(A3)


def test_quadratic_form_is_an_inner_product():
    v = parse_expr(r"\mathbf{x}^T \mathbf{A} \mathbf{x}", LA)
    assert v == ops.Inner(x3, A3 * x3)
    assert not isinstance(v, sp.MatrixExpr)


def test_diag_hadamard_inner_norms():
    v = parse_expr(r"\operatorname{diag}(\mathbf{x})", LA)
    assert isinstance(v, ops.MatApply) and v.op == "diag" and v.shape == (3, 3)
    assert parse_expr(r"\mathbf{x} \odot \mathbf{y}", LA) == sp.HadamardProduct(x3, y3)
    assert parse_expr(r"\langle x, y \rangle", LA) == ops.Inner(x3, y3)
    assert parse_expr(r"\|x\|", LA) == ops.Norm(x3, 2)
    assert parse_expr(r"\|x\|_1", LA) == ops.Norm(x3, 1)
    assert parse_expr(r"\|x\|_\infty", LA) == ops.Norm(x3, sp.oo)
    assert parse_expr(r"\|A\|_F", LA) == ops.Norm(A3, sp.Symbol("F"))
    assert parse_expr(r"\lVert x \rVert_2^2", LA) == ops.Norm(x3, 2) ** 2


def test_identity_takes_the_size_of_its_neighbour():
    assert parse_expr(r"A + I", LA) == A3 + sp.Identity(3)
    assert parse_expr(r"\mathbf{A} - \lambda \mathbf{I}", LA) == A3 - R("lambda") * sp.Identity(3)
    assert parse_expr(r"I_n") == sp.Identity(n_dim)  # an undeclared size is a positive integer
    H = sp.MatrixSymbol("H", sp.Symbol("d", integer=True, positive=True), sp.Symbol("d", integer=True, positive=True))
    v = parse_expr(r"I_d - \eta H")  # the one undeclared capital in the product is the matrix
    assert v.atoms(sp.MatrixSymbol) == {H} and sp.Identity(H.shape[0]) in v.args


def test_zero_vector_on_one_side():
    st_ = parse(r"\mathbf{x} - \mathbf{x} = \mathbf{0}", LA)
    assert st_.relations[0].rhs == sp.ZeroMatrix(3, 1)


def test_shape_errors_are_latex_errors():
    with pytest.raises(LatexError):
        parse_expr(r"\mathbf{x} \mathbf{y}", LA)
    with pytest.raises(LatexError):
        parse_expr(r"M + A", LA)


# ---------------------------------------------------------------- sums and products
def test_sum_with_limits():
    assert same(parse_expr(r"\sum_{i=1}^{n} i").doit(), R("n") * (R("n") + 1) / 2)
    assert same(parse_expr(r"\sum_{i=1}^n i^2 + 1").doit().subs(R("n"), 3), 15)


def test_sum_to_infinity_and_product():
    v = parse_expr(r"\sum_{k=0}^{\infty} \frac{x^k}{k!}")
    assert isinstance(v, sp.Sum) and v.limits[0][2] == sp.oo
    assert same(v.doit(), sp.exp(x))
    assert parse_expr(r"\prod_{k=1}^{4} k").doit() == 24


def test_sum_over_a_declared_index_and_entries():
    d = {"i": "index(3)", "x": "vector(3)"}
    v = parse_expr(r"\sum_i x_i", d)
    i = sp.Symbol("i", integer=True, positive=True)
    assert v == sp.Sum(sp.Indexed(sp.IndexedBase("x"), i), (i, 1, 3))


def test_sum_over_undeclared_index_runs_over_an_unnamed_set():
    v = parse_expr(r"\sum_i x_i")
    assert isinstance(v, sp.Sum) and isinstance(v.limits[0][2], sp.Symbol)
    with pytest.raises(LatexError):  # its terms do not use it: the count alone, never stated
        parse_expr(r"\sum_i 3")


def test_sum_over_pairs():
    d = {"i": "index(3)", "j": "index(3)"}
    v = parse_expr(r"\sum_{i<j} a_i a_j", d)
    a_ = sp.IndexedBase("a")
    i, j = sp.symbols("i j", integer=True, positive=True)
    assert v == sp.Sum(sp.Sum(a_[i] * a_[j], (j, i + 1, 3)), (i, 1, 3))
    total = sum(v.function.subs({i: ii, j: jj}) for ii in range(1, 4) for jj in range(ii + 1, 4))
    assert same(total, a_[1] * a_[2] + a_[1] * a_[3] + a_[2] * a_[3])


def test_summand_ends_at_plus():
    v = parse_expr(r"\sum_{i=1}^{3} i + 10")
    assert same(v.doit(), 16)


# ---------------------------------------------------------------- derivatives
def test_scalar_derivatives():
    assert parse_expr(r"\frac{d}{dx} x^3").doit() == 3 * x ** 2
    assert parse_expr(r"\frac{\partial}{\partial x} (x y)").doit() == y
    f = sp.Function("f", real=True)
    assert parse_expr(r"\frac{\partial f}{\partial x}", {"f": "function"}) == sp.Derivative(f(x), x)
    assert parse_expr(r"\frac{\partial^2 f}{\partial x^2}", {"f": "function"}) == sp.Derivative(f(x), (x, 2))
    F = sp.Function("F_X", real=True)
    v = parse_expr(r"\frac{\partial}{\partial t} F_X(t)")
    assert v == sp.Derivative(F(t), t)


def test_gradient_of_declared_function():
    d = {"f": "function(3)", "x": "vector(3)"}
    v = parse_expr(r"\nabla f(x)", d)
    assert isinstance(v, ops.MatApply) and v.op == "partial" and v.shape == (3, 1)
    assert v.operands[1] == x3 and v.operands[2] == sp.Symbol("denominator")
    h = parse_expr(r"\nabla^2 f(x)", d)
    assert h.op == "hessian" and h.shape == (3, 3)


def test_gradient_transpose_times_vector_is_scalar():
    d = {"f": "function(3)", "x": "vector(3)", "y": "vector(3)"}
    st_ = parse(r"f(y) \geq f(x) + \nabla f(x)^T(y - x)", d)
    rhs = st_.relations[0].rhs
    assert not isinstance(rhs, sp.MatrixExpr)
    assert any(isinstance(s, ops.Inner) for s in sp.preorder_traversal(rhs))


def test_gradient_with_subscript_variable_and_layout():
    d = {"x": "vector(3)", "A": "square(3)"}
    v = parse_expr(r"\nabla_{x} (x^T A x)", d)
    assert v.op == "partial" and v.shape == (3, 1)
    w = parse_expr(r"\frac{\partial}{\partial \mathbf{x}} [\mathbf{x}^T \mathbf{A} \mathbf{x}]", d,
                   layout="numerator")
    assert w.shape == (1, 3) and w.operands[-1] == sp.Symbol("numerator")
    theta = sp.Symbol("theta", real=True)
    v = parse_expr(r"\nabla_\theta [\theta^2]")
    assert v.doit() == 2 * theta


def test_vector_by_vector_shape():
    d = {"x": "vector(3)", "A": "matrix(2, 3)"}
    v = parse_expr(r"\frac{\partial (A x)}{\partial x}", d)
    assert v.shape == ops.partial_shape((2, 1), (3, 1), "denominator")


# ---------------------------------------------------------------- probability
def test_expectation_variance_covariance_scalar():
    d = {"X": "rv", "Y": "rv"}
    X, Y = R("X"), R("Y")
    assert parse_expr(r"\mathbb{E}[X^2] - \mathbb{E}[X]^2", d) == ops.E(X ** 2) - ops.E(X) ** 2
    assert parse_expr(r"\mathbb{E}_{x,y}[X Y]", d) == ops.E(X * Y)
    for latex in (r"\text{Var}[X]", r"\mathrm{Var}(X)", r"\operatorname{Var}(X)", r"\mathbb{V}[X]",
                  r"\text{Cov}(X)"):
        assert parse_expr(latex, d) == ops.Var(X)
    assert parse_expr(r"\text{Cov}(X, Y)", d) == ops.Cov(X, Y)


def test_matrix_probability_operators_have_shapes():
    d = {"X": "rv(3)", "Y": "rv(2)", "A": "matrix(2, 3)"}
    v = parse_expr(r"\text{Var}[\mathbf{A}X]", d)
    assert isinstance(v, ops.MatApply) and v.op == "Var" and v.shape == (2, 2)
    c = parse_expr(r"\text{Cov}(X, Y)", d)
    assert c.op == "Cov" and c.shape == (3, 2)
    e = parse_expr(r"\mathbb{E}[X]", d)
    assert e.op == "E" and e.shape == (3, 1)


def test_probability_of_an_event():
    v = parse_expr(r"P(|X - \mu| \geq \epsilon)")
    assert isinstance(v, ops.Prob)
    ev = v.args[0]
    assert isinstance(ev, sp.GreaterThan) and ev.lhs == sp.Abs(R("X") - R("mu"))


def test_pmf_forms():
    X, Y, Z = R("X"), R("Y"), R("Z")
    assert parse_expr(r"P(Y|X)") == ops.Prob(Given(Y, X))
    assert parse_expr(r"P(X, Y)") == ops.Prob(sp.Tuple(X, Y))
    assert parse_expr(r"P(X, Y|Z)") == ops.Prob(Given(sp.Tuple(X, Y), Z))
    v = parse_expr(r"\Pr(X = x_i)")
    assert isinstance(v.args[0], sp.Equality)


def test_p_declared_as_a_number_multiplies():
    assert same(parse_expr(r"p(1-p)", {"p": "prob"}), sp.Symbol("p", positive=True) * (1 - sp.Symbol("p", positive=True)))


def test_text_names_are_undefined_functions():
    v = parse_expr(r"\text{KL}(p \| q) + \mathcal{N}(x; \mu, \Sigma)")
    names = {type(f).__name__ for f in v.atoms(sp.Function)}
    assert {"KL", "N"} <= names


# ---------------------------------------------------------------- ML operators
def test_elementwise_operators_on_vectors():
    d = {"z": "vector(4)"}
    for latex, op in ((r"\sigma(\mathbf{z})", "sigmoid"), (r"\tanh(z)", "tanh"), (r"\exp(z)", "exp"),
                      (r"\log(z)", "log"), (r"\text{ReLU}(z)", "relu"), (r"\text{softmax}(z)", "softmax")):
        v = parse_expr(latex, d)
        assert isinstance(v, ops.MatApply) and v.op == op and v.shape == (4, 1), latex


def test_softmax_entry():
    d = {"z": "vector(4)", "i": "index(4)"}
    v = parse_expr(r"\text{softmax}(\mathbf{z})_i", d)
    assert isinstance(v, MatrixElement) and v.parent.op == "softmax"
    assert v.i == sp.Symbol("i", integer=True, positive=True) - 1


# ---------------------------------------------------------------- errors
@pytest.mark.parametrize("garbage", [
    r"\frac{1}{", r"x + ", r"(a", r"\unknowncommand{x}", r"a \pm b", "", r"\text{if this holds}",
    r"x ^", r"}{", r"\sum x",
])
def test_garbage_raises_latex_error(garbage):
    with pytest.raises(LatexError):
        parse(garbage)


def test_latex_error_is_a_value_error_with_a_snippet():
    with pytest.raises(ValueError, match="at"):
        parse(r"a + (b")


# ---------------------------------------------------------------- round trip
_atoms = st.sampled_from([x, y, z, sp.Integer(2), sp.Integer(3), sp.Rational(1, 2)])


def _exprs():
    return st.recursive(
        _atoms,
        lambda inner: st.one_of(
            st.tuples(inner, inner).map(lambda p: p[0] + p[1]),
            st.tuples(inner, inner).map(lambda p: p[0] * p[1]),
            st.tuples(inner, inner).map(lambda p: p[0] - p[1]),
            st.tuples(inner, st.integers(2, 3)).map(lambda p: p[0] ** p[1]),
            inner.map(sp.exp),
            inner.map(lambda e: sp.log(e + 5 + x ** 2)),
            st.tuples(inner, inner).map(lambda p: p[0] / (p[1] ** 2 + 1)),
        ),
        max_leaves=6,
    )


@settings(max_examples=150, deadline=None)
@given(_exprs())
def test_sympy_latex_round_trip(expr):
    back = parse_expr(sp.latex(expr))
    diff = sp.simplify(back - expr)
    if diff != 0:  # simplify can miss exp/log identities: compare numerically
        vals = {x: 0.7, y: -1.3, z: 0.4}
        assert abs(complex(sp.N(diff.subs(vals)))) < 1e-9, (sp.latex(expr), back)


def test_undeclared_name_added_to_a_matrix_becomes_a_matrix():
    v = parse_expr(r"(\mathbf{x} - \mu)^T \Sigma^{-1} (\mathbf{x} - \mu)", {"Sigma": "pd(3)", "x": "vector(3)"})
    mu = sp.MatrixSymbol("mu", 3, 1)
    assert isinstance(v, ops.Inner) and mu in v.free_symbols | set(v.atoms(sp.MatrixSymbol))


def test_prime_on_a_named_function():
    v = parse_expr(r"\tanh'(z) - (1 - \tanh^2(z))")
    assert same(v.doit(), 0)


def test_subscripted_densities_stay_distinct():
    st = parse(r"p_{\text{data}}(x) + p_G(x) = 1", {})
    names = {type(f).__name__ for f in st.relations[0].lhs.atoms(sp.core.function.AppliedUndef)}
    assert names == {"p_data", "p_G"}


def test_cdot_between_columns_is_the_dot_product():
    st = parse(r"\mathbf{u} \cdot \mathbf{v} = 1", {"n": "dim", "u": "vector(n)", "v": "vector(n)"})
    assert isinstance(st.relations[0].lhs, ops.Inner)


def test_ill_formed_products_raise_shape_errors():
    from cheatsheet.latex import LatexShapeError

    with pytest.raises(LatexShapeError):
        parse(r"\mathbf{u}\mathbf{v} = 1", {"n": "dim", "u": "vector(n)", "v": "vector(n)"})


# ---------------------------------------------------------------- helper 3: derivative orders, inverses
def test_parenthesised_superscript_is_a_derivative_order():
    f = sp.Function("f", real=True)
    k = R("k")
    assert parse_expr(r"f^{(k)}(x)") == sp.Derivative(f(x), (x, k))
    n = R("n")
    assert parse_expr(r"f^{(n+1)}(t)", {"f": "function"}) == sp.Derivative(f(t), (t, n + 1))
    v = parse_expr(r"f^{(2)}(x)", {"f": "function"})
    assert v == sp.Derivative(f(x), (x, 2))
    # the order is a real derivative: on f = sin, f^{(2)} = -sin
    assert same(v.subs(f(x), sp.sin(x)).doit(), -sp.sin(x))
    # not a function (or a function letter not called): an index, never a power
    assert parse_expr(r"x^{(2)}") == R("x^(2)")
    assert parse_expr(r"f^{(2)}") == R("f^(2)")


def test_inverse_sigmoid_and_tanh():
    y = R("y")
    v = parse_expr(r"\sigma^{-1}(y)")
    assert same(v, sp.log(y / (1 - y)))
    assert same(ops.Sigmoid(v).rewrite(sp.exp), y)
    assert parse_expr(r"\tanh^{-1}(x)") == sp.atanh(x)
    assert parse_expr(r"\tanh^{-1} x") == sp.atanh(x)
    assert same(sp.tanh(parse_expr(r"\tanh^{-1}(x)")), x)
    # a declared sigma is a number: sigma^{-1} (y) is y / sigma
    s = sp.Symbol("sigma", positive=True)
    assert same(parse_expr(r"\sigma^{-1}(y)", {"sigma": "positive"}), y / s)
    assert parse_expr(r"\sigma^{-1}") == 1 / R("sigma")
    w = parse_expr(r"\sigma^{-1}(z)", {"z": "vector(3)"})
    assert isinstance(w, ops.MatApply) and w.op == "logit" and w.shape == (3, 1)


def _num(expr, **values):
    import numpy as np
    from cheatsheet.verify.evaluate import Instance, Val, evaluate

    vals = {k: Val(np.asarray(v, float), np.ndim(v) == 2) for k, v in values.items()}
    return evaluate(expr, Instance(values=vals)).arr


def test_extreme_eigenvalues():
    import numpy as np

    d = {"A": "symmetric(3)"}
    A = sp.MatrixSymbol("A", 3, 3)
    v = parse_expr(r"\lambda_{\max}(A)", d)
    assert v == ops.Eigenvalue(A, sp.Symbol("max"))
    assert parse_expr(r"\lambda_{min}(A)", d) == ops.Eigenvalue(A, sp.Symbol("min"))
    assert parse_expr(r"\lambda_{\text{max}}(A)", d) == v
    M = np.array([[2.0, 1, 0], [1, 3, 0], [0, 0, -1]])
    w = np.linalg.eigvalsh(M)
    gap = parse_expr(r"\lambda_{\max}(A) - \lambda_{\min}(A)", d)
    assert np.isclose(_num(gap, A=M), w[-1] - w[0])
    # not symmetric: real parts of the eigenvalues (here 1 and 2)
    B = np.array([[0.0, 1], [-2, 3]])
    assert np.isclose(_num(parse_expr(r"\lambda_{\max}(B)", {"B": "square(2)"}), B=B), 2.0)
    # an undeclared argument is read as a square matrix
    u = parse_expr(r"\frac{2}{\lambda_{\max}(Q) + \lambda_{\min}(Q)}")
    assert {type(e) for e in sp.preorder_traversal(u)} >= {ops.Eigenvalue}
    # without an argument, or declared a function, the name is what it is declared as
    assert parse_expr(r"\lambda_{\max}", {"lambda_max": "positive"}) == sp.Symbol("lambda_max", positive=True)
    f = parse_expr(r"\lambda_{\max}(A)", {"A": "symmetric(3)", "lambda_max": "function"})
    assert type(f).__name__ == "lambda_max"


def test_general_p_norm_and_spectral_norm():
    import numpy as np

    d = {"x": "vector(3)", "p": "positive", "A": "square(3)"}
    v = parse_expr(r"\|x\|_p", d)
    assert v == ops.Norm(x3, sp.Symbol("p", positive=True))
    xv = np.array([[1.0], [-3.0], [2.0]])
    assert np.isclose(_num(v, x=xv, p=3.0), 36 ** (1 / 3))
    assert np.isclose(_num(parse_expr(r"\|x\|_3", d), x=xv), 36 ** (1 / 3))
    Av = np.array([[1.0, 2, 0], [0, 1, 0], [3, 0, 1]])
    s = parse_expr(r"\|A\|_2", d)
    assert s == ops.Norm(A3, 2)
    assert np.isclose(_num(s, A=Av), np.linalg.svd(Av, compute_uv=False)[0])
    with pytest.raises(LatexError):
        parse_expr(r"\|x\|_{1/2}", d)  # not a norm


def test_max_min_of_a_braced_list():
    assert parse_expr(r"\max\{a, b\}") == sp.Max(a, b)
    assert parse_expr(r"\min\{a, b, 0\}") == sp.Min(a, b, 0)
    assert parse_expr(r"\max\left\{0, 1 - y\right\}") == sp.Max(0, 1 - R("y"))


def test_max_over_an_index():
    import numpy as np

    xb = sp.IndexedBase("x")
    v = parse_expr(r"\max_i x_i", {"i": "index(3)", "x": "vector(3)"})
    assert v == sp.Max(xb[1], xb[2], xb[3])
    w = parse_expr(r"\min_{k=0, \dots, 4} (k - 2)^2")
    assert w == 0
    assert parse_expr(r"\max_{i=1..3} i") == 3
    d = {"n": "dim", "i": "index(n)", "x": "vector(n)"}
    u = parse_expr(r"\max_i |x_i| + 1", d)
    ext = [e for e in sp.preorder_traversal(u) if isinstance(e, ops.Extremum)]
    assert len(ext) == 1 and ext[0].args[4] == sp.Symbol("max")
    from cheatsheet.verify.evaluate import Instance, Val, evaluate
    xv = np.array([[1.0], [-3.0], [2.0]])
    got = evaluate(u, Instance(values={"x": Val(xv, True)}, dims={"n": 3})).arr
    assert np.isclose(got, 4.0)
    st_ = parse(r"\|x\|_\infty = \max_{i=1, \dots, n} |x_i|", d)
    assert isinstance(st_.relations[0].rhs, ops.Extremum)


@pytest.mark.parametrize("latex, decls, expected", [
    (r"L |x_1 - x_2|", {}, R("L") * sp.Abs(R("x_1") - R("x_2"))),
    (r"\beta|a|", {}, R("beta") * sp.Abs(a)),
    (r"\sum_{i=1}^3 |c_i|^2", {}, sum(sp.Abs(sp.IndexedBase("c")[k]) ** 2 for k in (1, 2, 3))),
])
def test_bar_after_an_operand_opens_an_absolute_value(latex, decls, expected):
    v = parse_expr(latex, decls)
    assert same(v.doit(), expected)


def test_bars_inside_sums_over_a_matrix_and_conditioning_bars():
    d = {"i": "index(3)", "j": "index(3)", "A": "square(3)"}
    v = parse_expr(r"\sum_{i,j} |A_{ij}|^2", d)
    Ab = sp.IndexedBase("A")
    i, j = sp.symbols("i j", integer=True, positive=True)
    assert v == sp.Sum(sp.Abs(Ab[i, j]) ** 2, (j, 1, 3), (i, 1, 3))
    # a bar with nothing left to close it is still a conditioning bar
    X, Y, A_ = R("X"), R("Y"), R("A")
    assert parse_expr(r"P(Y|X)") == ops.Prob(Given(Y, X))
    assert parse_expr(r"P(A | |X| > 1)") == ops.Prob(Given(A_, sp.StrictGreaterThan(sp.Abs(X), 1, evaluate=False)))


# ---------------------------------------------------------------- gradients at a point
def test_gradient_by_theta_taken_at_theta_t():
    J = sp.Function("J", real=True)
    th, tt, eta, v = R("theta"), R("theta_t"), R("eta"), R("v_t")
    g = parse_expr(r"\nabla_\theta J(\theta_t)", {"J": "function"})
    # the gradient of J evaluated at theta_t, not d J(theta_t) / d theta (which is 0)
    assert same(g.replace(J, sp.Lambda(th, th ** 3)).doit(), 3 * tt ** 2)
    h = parse_expr(r"\nabla_\theta J(\theta_t - \eta v_t)", {"J": "function"})
    assert same(h.replace(J, sp.Lambda(th, th ** 3)).doit(), 3 * (tt - eta * v) ** 2)
    d = {"J": "function(3)", "theta_t": "vector(3)", "theta": "vector(3)"}
    m = parse_expr(r"\nabla_\theta J(\theta_t)", d)
    assert m.op == "partial" and m.operands[1] == sp.MatrixSymbol("theta_t", 3, 1) and m.shape == (3, 1)
    # a function whose parameter is the variable keeps its reading
    p = parse_expr(r"\nabla_{\theta} p_{\theta}(x)")
    assert isinstance(p, sp.Derivative) and p.variables == (th,)


def test_hessian_variable_inferred_from_the_one_vector():
    d = {"x": "vector(3)", "A": "square(3)"}
    H = parse_expr(r"\nabla^2 [x^T A x]", d)
    assert H.op == "hessian" and H.shape == (3, 3) and H.operands[1] == x3
    H2 = parse_expr(r"\nabla_x^2 (x^T A x)", d)
    assert H2 == H
    with pytest.raises(LatexError):
        parse_expr(r"\nabla^2 [x^T y]", {"x": "vector(3)", "y": "vector(3)"})


# ---------------------------------------------------------------- implications, implicit indices
def test_iff_between_relations_is_both_implications():
    # each direction a relation of its own (tests/test_sets_conditions.py decides them)
    assert len(parse(r"\text{KL}(p, q) = 0 \iff p = q").relations) == 2
    assert len(parse(r"a = 0 \Leftrightarrow a^2 = 0").relations) == 2
    with pytest.raises(LatexError, match="two implications"):
        parse(r"a \iff b")


def test_membership_and_independence_premises_are_dropped():
    X, Y, Z = R("X"), R("Y"), R("Z")
    st_ = parse(r"X \perp Y | Z \implies P(X | Y, Z) = P(X | Z)")
    assert st_.premises == ()
    r = st_.relations[0]
    assert (r.lhs, r.rhs) == (ops.Prob(Given(X, sp.Tuple(Y, Z))), ops.Prob(Given(X, Z)))
    st_ = parse(r"X \sim \mathcal{N}(0, 1) \implies \mathbb{E}[X] = 0")
    assert st_.premises == () and st_.relations[0].lhs == ops.E(X)
    # a relation premise is still kept, and a mixed one is not dropped
    assert len(parse(r"a > 0 \implies a^2 > 0").premises) == 1
    with pytest.raises(LatexError):
        parse(r"a > 0, x \in S \implies a x \in S")


def test_sum_without_an_index():
    i = sp.Symbol("i", integer=True)
    xb = sp.IndexedBase("x")
    assert parse_expr(r"\sum x_i", {"x": "vector(3)"}) == sp.Sum(xb[i], (i, 1, 3))
    v = parse_expr(r"\sum x_i y_i", {"n": "dim", "x": "vector(n)", "y": "vector(n)"})
    assert v == sp.Sum(xb[i] * sp.IndexedBase("y")[i], (i, 1, n_dim))
    j = sp.Symbol("j", integer=True, positive=True)
    assert parse_expr(r"\sum a_j", {"j": "index(4)"}) == sp.Sum(sp.IndexedBase("a")[j], (j, 1, 4))
    # with nothing declared, the one letter the terms are subscripted with is the index, as
    # if written \sum_i (an unnamed finite set); two such letters say nothing of which
    assert parse_expr(r"\sum x_i") == parse_expr(r"\sum_i x_i")
    with pytest.raises(LatexError, match="without an index"):
        parse_expr(r"\sum x_i y_j")


# ---------------------------------------------------------------- helper 2's additions
def test_matrix_bodied_sum_over_a_vectors_family():
    import numpy as np

    d = {"N": "dim", "d": "dim", "x": "vectors(N, d)", "i": "index(N)"}
    v = parse_expr(r"\sum_{i=1}^{N} \mathbf{x}_i \mathbf{x}_i^T", d)
    assert isinstance(v, ops.MatApply) and v.op == "sum"
    col = v.operands[0].args[0]
    assert isinstance(col, ops.MatApply) and col.op == "col"
    Xv = np.arange(6.0).reshape(2, 3) - 2  # d = 2, N = 3: the columns are the vectors
    from cheatsheet.verify.evaluate import Instance, Val, evaluate
    got = evaluate(v, Instance(values={"x": Val(Xv, True)}, dims={"N": 3, "d": 2}))
    assert got.mat and np.allclose(got.arr, Xv @ Xv.T)
    one = evaluate(parse_expr(r"\mathbf{x}_2", d), Instance(values={"x": Val(Xv, True)}, dims={"N": 3, "d": 2}))
    assert np.allclose(one.arr, Xv[:, 1:2])


def test_an_unranged_index_of_a_vectors_family_runs_over_its_vectors():
    """``\\sum_{\\mu} \\exp(x^T y_\\mu)`` with y a family vectors(N, d): the sum's range is
    not written, and the family's declaration gives it (mu = 1..N), as written in full."""
    d = {"N": "dim", "d": "dim", "x_w": "vector(d)", "y": "vectors(N, d)"}
    bare = parse_expr(r"\sum_{\mu} \exp(x_w^\top y_\mu)", d)
    full = parse_expr(r"\sum_{\mu=1}^{N} \exp(x_w^\top y_\mu)", d)
    assert bare == full and isinstance(bare, sp.Sum)
    assert str(bare.limits[0][2]) == "N"
    # a family's index is a place, not a value: still unread when nothing picks a vector
    with pytest.raises(LatexError):
        parse_expr(r"\sum_{\mu} \exp(x_w^\top x_w)", d)


@pytest.mark.parametrize("latex, value", [
    (r"\int_0^1 t^2 \, dt", 1 / 3),
    (r"\int_{0}^{\infty} e^{-t} \, dt", 1.0),
    (r"\int_{-\infty}^{0} e^{t} \, \mathrm{d}t", 1.0),
    (r"\int_{\mathbb{R}} e^{-t^2} dt", float(sp.sqrt(sp.pi))),
])
def test_integrals_over_finite_half_infinite_and_whole_ranges(latex, value):
    import numpy as np
    from cheatsheet.verify.evaluate import Instance, evaluate

    v = parse_expr(latex)
    assert isinstance(v, ops.Integral)
    assert np.isclose(evaluate(v, Instance(values={})).arr, value, rtol=1e-6)


def test_integral_of_a_vector_is_entrywise():
    v = parse_expr(r"\int_0^1 t \mathbf{a} \, dt", {"a": "vector(3)"})
    assert isinstance(v, ops.MatApply) and v.op == "integral" and v.shape == (3, 1)


def test_starred_entries_index_the_starred_vector():
    d = {"d": "dim", "theta": "vector(d)", "theta_star": "vector(d)", "i": "index(d)"}
    for text in (r"\theta_i^* = \theta_i", r"\theta^*_i = \theta_i"):
        rel = parse(text, d).relations[0]
        assert str(rel.lhs.base) == "theta_star" and str(rel.rhs.base) == "theta"


# ---------------------------------------------------------------- helper 4: matrix products, pinv, matrices, limits
def _ev(expr, dims=None, **values):
    import numpy as np
    from cheatsheet.verify.evaluate import Instance, Val, evaluate

    vals = {k: Val(np.asarray(v, float), np.ndim(v) == 2 or np.ndim(v) == 3) for k, v in values.items()}
    return evaluate(expr, Instance(values=vals, dims=dims or {}))


def test_product_of_matrices_is_ordered_by_increasing_index():
    import numpy as np

    v = parse_expr(r"\prod_{r=t+1}^{s} W^\top S_r", {"W": "square(3)"})
    assert isinstance(v, ops.MatApply) and v.op == "prod" and v.shape == (3, 3)
    rng = np.random.default_rng(0)
    W, S = rng.normal(size=(3, 3)), rng.normal(size=(5, 1))
    got = _ev(v, W=W, S=S, t=1.0, s=4.0)
    assert got.mat and np.allclose(got.arr, S[1, 0] * S[2, 0] * S[3, 0] * np.linalg.matrix_power(W.T, 3))
    # an empty product is the identity of the body's size
    assert np.allclose(_ev(v, W=W, S=S, t=4.0, s=4.0).arr, np.eye(3))
    # factors that do not commute: body(1) body(2) body(3), left to right
    d = {"N": "dim", "d": "dim", "x": "vectors(N, d)"}
    u = parse_expr(r"\prod_{i=1}^{3} (I + \mathbf{x}_i \mathbf{x}_i^T)", d)
    X = rng.normal(size=(2, 3))
    f = [np.eye(2) + np.outer(X[:, k], X[:, k]) for k in range(3)]
    got = _ev(u, dims={"N": 3, "d": 2}, x=X)
    assert np.allclose(got.arr, f[0] @ f[1] @ f[2]) and not np.allclose(got.arr, f[2] @ f[1] @ f[0])
    # bounds that differ between trials: each trial multiplies its own range
    tb = np.array([1.0, 2.0, 4.0])
    Wb = np.broadcast_to(W, (3, 3, 3))
    got = _ev(v, W=Wb, S=np.ones((5, 1)), t=tb, s=4.0).arr
    for b, k in enumerate((3, 2, 0)):
        assert np.allclose(got[b], np.linalg.matrix_power(W.T, k))
    from cheatsheet.latex import LatexShapeError
    with pytest.raises(LatexShapeError):
        parse_expr(r"\prod_{i=1}^{3} M", {"M": "matrix(3, 2)"})


@pytest.mark.parametrize("latex", [r"X^+", r"X^{+}", r"X^\dagger", r"X^{\dagger}", r"\mathbf{X}^{+}"])
def test_pseudo_inverse_spellings(latex):
    import numpy as np

    d = {"X": "matrix(4, 2)"}
    v = parse_expr(latex, d)
    assert isinstance(v, ops.MatApply) and v.op == "pinv" and v.shape == (2, 4)
    Xv = np.random.default_rng(1).normal(size=(4, 2))
    assert np.allclose(_ev(v, X=Xv).arr, np.linalg.pinv(Xv))
    # full column rank: X^+ = (X^T X)^{-1} X^T
    rel = parse(latex + r" = (X^T X)^{-1} X^T", d).relations[0]
    assert np.allclose(_ev(rel.lhs, X=Xv).arr, _ev(rel.rhs, X=Xv).arr)


def test_pseudo_inverse_of_an_undeclared_capital_and_positive_part():
    v = parse_expr(r"W^\dagger")
    assert isinstance(v, ops.MatApply) and v.op == "pinv" and v.shape == (n_dim, n_dim)
    assert parse_expr(r"x^+") == sp.Max(x, 0)
    assert parse_expr(r"(a - b)^{+}") == sp.Max(a - b, 0)
    with pytest.raises(LatexError):
        parse_expr(r"x^\dagger", {"x": "real"})


@pytest.mark.parametrize("env", ["bmatrix", "pmatrix", "matrix", "Bmatrix"])
def test_explicit_matrix_of_numbers(env):
    import numpy as np

    v = parse_expr(rf"\begin{{{env}}} a & b \\ c & d \end{{{env}}} \mathbf{{x}}", {"x": "vector(2)"})
    assert v.shape == (2, 1)
    got = _ev(v, a=1.0, b=2.0, c=3.0, d=4.0, x=np.array([[1.0], [-1.0]]))
    assert np.allclose(got.arr, [[-1.0], [-1.0]])
    m = parse_expr(rf"\begin{{{env}}} 1 & x \\ 0 & 1 \\ \end{{{env}}}^{{-1}}")  # trailing \\ allowed
    assert np.allclose(_ev(m, x=np.array([2.0, 3.0])).arr, [[[1, -2], [0, 1]], [[1, -3], [0, 1]]])


def test_vmatrix_is_the_determinant():
    import numpy as np

    rel = parse(r"\begin{vmatrix} a & b \\ c & d \end{vmatrix} = a d - b c").relations[0]
    assert isinstance(rel.lhs, sp.Determinant)
    vals = dict(a=np.array([1.0, 2.0]), b=3.0, c=-1.0, d=0.5)
    assert np.allclose(_ev(rel.lhs, **vals).arr, _ev(rel.rhs, **vals).arr)


def test_block_matrices():
    import numpy as np
    from cheatsheet.latex import LatexShapeError

    d = {"Sigma_11": "matrix(2, 2)", "Sigma_12": "matrix(2, 3)", "Sigma_21": "matrix(3, 2)",
         "Sigma_22": "matrix(3, 3)"}
    v = parse_expr(r"\begin{bmatrix} \Sigma_{11} & \Sigma_{12} \\ \Sigma_{21} & \Sigma_{22} \end{bmatrix}", d)
    assert isinstance(v, sp.BlockMatrix) and v.shape == (5, 5)
    rng = np.random.default_rng(2)
    S = rng.normal(size=(5, 5))
    vals = dict(Sigma_11=S[:2, :2], Sigma_12=S[:2, 2:], Sigma_21=S[2:, :2], Sigma_22=S[2:, 2:])
    assert np.allclose(_ev(v, **vals).arr, S)
    # a stacked column, as a product with a matrix
    d2 = {"a_1": "vector(2)", "a_2": "vector(3)", "M": "matrix(4, 5)"}
    w = parse_expr(r"M \begin{bmatrix} \mathbf{a}_1 \\ \mathbf{a}_2 \end{bmatrix}", d2)
    assert w.shape == (4, 1)
    M, a1, a2 = rng.normal(size=(4, 5)), rng.normal(size=(2, 1)), rng.normal(size=(3, 1))
    assert np.allclose(_ev(w, M=M, a_1=a1, a_2=a2).arr, M @ np.vstack([a1, a2]))
    # 0 and I take the sizes of their block row and column; a scalar is a 1 x 1 block
    u = parse_expr(r"\begin{bmatrix} A & 0 \\ C & 2 I \end{bmatrix}", {"A": "square(2)", "C": "matrix(3, 2)"})
    A, C = rng.normal(size=(2, 2)), rng.normal(size=(3, 2))
    assert np.allclose(_ev(u, A=A, C=C).arr, np.block([[A, np.zeros((2, 3))], [C, 2 * np.eye(3)]]))
    aug = parse_expr(r"\begin{bmatrix} \mathbf{x} \\ 1 \end{bmatrix}", {"x": "vector(3)"})
    xb = rng.normal(size=(4, 3, 1))  # a batch of 4 instances
    got = _ev(aug, x=xb).arr
    assert got.shape == (4, 4, 1) and np.allclose(got[:, :3], xb) and np.allclose(got[:, 3], 1)
    # sizes that do not fit
    bad = dict(d, Sigma_21="matrix(3, 3)")
    with pytest.raises(LatexShapeError):
        parse_expr(r"\begin{bmatrix} \Sigma_{11} & \Sigma_{12} \\ \Sigma_{21} & \Sigma_{22} \end{bmatrix}", bad)
    with pytest.raises(LatexShapeError):
        parse_expr(r"\begin{bmatrix} \mathbf{x} & 1 \end{bmatrix}", {"x": "vector(3)"})
    with pytest.raises(LatexShapeError):
        parse_expr(r"\begin{bmatrix} a & b \\ c \end{bmatrix}")
    with pytest.raises(LatexError):
        parse_expr(r"\begin{bmatrix} A & 0 \\ 0 & I \end{bmatrix}", {"A": "square(2)"})  # I of no size


@pytest.mark.parametrize("latex, value", [
    (r"\lim_{x \to 0} \frac{\sin x}{x}", 1.0),
    (r"\lim_{x \to 0} \frac{1 - \cos x}{x^2}", 0.5),
    (r"\lim_{x \to 2} \frac{x^2 - 4}{x - 2}", 4.0),
    (r"\lim_{x \to 0^+} x \log(x)", 0.0),
    (r"\lim_{x \rightarrow 0+} x \log(x)", 0.0),
    (r"\lim_{x \to 0^{+}} x^x", 1.0),
    (r"\lim_{x \to 0^-} \frac{|x|}{x}", -1.0),
    (r"\lim_{x \to 0^+} \frac{|x|}{x}", 1.0),
    (r"\lim_{n \to \infty} \left(1 + \frac{1}{n}\right)^n", float(sp.E)),
    (r"\lim_{n \to \infty} n^{1/n}", 1.0),
    (r"\lim_{x \to -\infty} e^{x}", 0.0),
    (r"\lim_{x \to 0} (1 + x)^{1/x}", float(sp.E)),
])
def test_limits_evaluate_numerically(latex, value):
    import numpy as np

    v = parse_expr(latex)
    assert isinstance(v, ops.Limit)
    assert np.isclose(_ev(v).arr, value, rtol=1e-7, atol=1e-9)


def test_limit_sides_points_and_failures():
    import numpy as np
    from cheatsheet.verify.evaluate import EvalError

    v = parse_expr(r"\lim_{x \to 0^+} \sqrt{x}")
    assert v.args[1:] == (x, 0, sp.Symbol("+"))
    assert parse_expr(r"\lim_{n \to \infty} \frac{1}{n}").args[2:] == (sp.oo, sp.Symbol("-"))
    # the point may be a sampled value: the derivative of sin at a batch of points
    rel = parse(r"\lim_{h \to 0} \frac{\sin(x + h) - \sin x}{h} = \cos x").relations[0]
    xv = np.linspace(-2, 2, 7)
    assert np.allclose(_ev(rel.lhs, x=xv).arr, np.cos(xv), atol=1e-9)
    # a matrix body is entrywise: the Moore-Penrose limit
    rel = parse(r"X^+ = \lim_{\delta \rightarrow 0} (X^T X + \delta I)^{-1} X^T", {"X": "matrix(4, 2)"}).relations[0]
    assert isinstance(rel.rhs, ops.MatApply) and rel.rhs.op == "limit" and rel.rhs.shape == (2, 4)
    Xv = np.random.default_rng(3).normal(size=(4, 2))
    assert np.allclose(_ev(rel.rhs, X=Xv).arr, np.linalg.pinv(Xv))
    # no limit: a jump, an oscillation, sides that diverge apart, no steady growth
    for latex in (r"\lim_{x \to 0} \frac{|x|}{x}", r"\lim_{x \to 0} \sin(1/x)", r"\lim_{x \to 0} \frac{1}{x}",
                  r"\lim_{n \to \infty} \log n", r"\lim_{n \to \infty} \sin n"):
        with pytest.raises(EvalError):
            _ev(parse_expr(latex))
    # a divergence is the value +-inf, marked as one (not an overflow)
    for latex, inf in ((r"\lim_{x \to 0^+} \frac{1}{x}", np.inf), (r"\lim_{n \to \infty} n", np.inf),
                       (r"\lim_{n \to \infty} (-n^2)", -np.inf)):
        v = _ev(parse_expr(latex))
        assert v.exact_inf and np.all(v.arr == inf), (latex, v)
    with pytest.raises(LatexError):
        parse_expr(r"\lim_{x} x")
    with pytest.raises(LatexError):
        parse_expr(r"\lim_{x \to 0}")


def test_a_word_with_a_label_subscript_is_one_name():
    # \text{MSE}_{\text{train}} was "a subscript on an expression": a word's label is part of
    # its name, as a letter's is (L_{data})
    from cheatsheet.latex import parse

    assert str(parse(r"J = \text{MSE}_{\text{train}} + 1").relations[0].rhs) == "MSE_train + 1"
    assert str(parse(r"J = \mathrm{err}_{test}").relations[0].rhs) == "err_test"
    # (a call keeps its arguments after the label)
    assert "MSE_train(w)" in str(parse(r"J = \text{MSE}_{\text{train}}(w)").relations[0].rhs)
