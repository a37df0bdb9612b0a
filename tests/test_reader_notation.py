"""Notation of other cheat sheets (issue 8): each reading is the standard one, checked by value;
where two readings are plausible the reader refuses with a reason in plain words."""
from __future__ import annotations

import pytest
import sympy as sp

from cheatsheet.latex import LatexError, parse, parse_expr

n = sp.Symbol("n")


def _at(expr, **values):
    """The expression with sizes set and sums expanded (SymPy's doit)."""
    subs = {s: values[s.name] for s in expr.free_symbols if s.name in values}
    return sp.expand(expr.xreplace(subs).doit())


def _entries(name, *idx):
    return sp.Indexed(sp.IndexedBase(name), *idx)


# ---------------------------------------------------------------- rows of terms with dots
@pytest.mark.parametrize("latex, expected", [
    (r"x_1 + x_2 + \dots + x_n", lambda x: x(1) + x(2) + x(3) + x(4)),
    (r"x_1 + \cdots + x_n", lambda x: x(1) + x(2) + x(3) + x(4)),
    (r"x_{1} + x_{2} + \ldots + x_{n}", lambda x: x(1) + x(2) + x(3) + x(4)),
    (r"x_1^2 + \dots + x_n^2", lambda x: x(1)**2 + x(2)**2 + x(3)**2 + x(4)**2),
    (r"x_1 + \dots + x_{n-1}", lambda x: x(1) + x(2) + x(3)),
    (r"a_1 a_2 \cdots a_n", lambda x: sp.Mul(*[_entries("a", k) for k in range(1, 5)])),
    (r"a_1 \cdot a_2 \cdots a_n", lambda x: sp.Mul(*[_entries("a", k) for k in range(1, 5)])),
])
def test_a_row_of_terms_with_dots_is_the_sum_or_product_it_stands_for(latex, expected):
    got = _at(parse_expr(latex), n=4)
    assert got == sp.expand(expected(lambda k: _entries("x", k)))


def test_dots_in_a_sum_keep_the_terms_before_the_template():
    x = sp.Symbol("x", real=True)
    lhs = parse(r"1 + x + x^2 + \dots + x^n = \frac{1 - x^{n+1}}{1 - x}").relations[0].lhs
    assert sp.simplify(_at(lhs, n=4) - (1 + x + x**2 + x**3 + x**4)) == 0


def test_dots_inside_brackets_and_as_a_whole_term():
    st = parse(r"\bar{x} = \frac{1}{n}(x_1 + \dots + x_n)")
    assert _at(st.relations[0].rhs, n=2) == (_entries("x", 1) + _entries("x", 2)) / 2
    assert _at(parse_expr(r"1 + 2 + \dots + n"), n=5) == 15


def test_a_product_of_calls_with_dots():
    v = parse_expr(r"p(x_1) \cdots p(x_n)")
    assert isinstance(v, sp.Product)
    assert v.limits[0][1] == 1 and str(v.limits[0][2]) == "n"


def test_dots_over_a_declared_vector_read_its_entries():
    v = parse_expr(r"x_1 + \dots + x_n", {"x": "vector(n)", "n": "dim"})
    assert isinstance(v, sp.Sum)
    assert v.limits[0][2].name == "n"


@pytest.mark.parametrize("latex", [
    r"x_1 + y + \dots + x_n",     # the terms beside the dots are not one template
    r"1 + x + \dots",             # nothing after the dots: an infinite or unknown tail
    r"s_1 \ge s_2 \ge \dots",     # a chain of comparisons
    r"a_1 + \dots + b_n",         # two names
])
def test_rows_of_dots_that_are_not_one_template_are_refused(latex):
    with pytest.raises(LatexError, match="row of dots"):
        parse(latex)


# ---------------------------------------------------------------- sums without a written range
def _numeric(expr, mats, **ints):
    """``expr`` with integer symbols set, sums expanded, and matrix symbols and their entries
    (1-based ``A_{ij}``) replaced by the explicit matrices ``mats``."""
    e = expr.xreplace({s: ints[s.name] for s in expr.free_symbols if s.name in ints}).doit()
    e = e.replace(lambda x: isinstance(x, sp.Indexed),
                  lambda x: mats[str(x.base)][tuple(int(k) - 1 for k in x.indices)]
                  if len(x.indices) == 2 else mats[str(x.base)][int(x.indices[0]) - 1, 0])
    e = e.xreplace({sp.MatrixSymbol(k, *v.shape): sp.ImmutableMatrix(v) for k, v in mats.items()})
    return sp.simplify(sp.sympify(e.doit()))


A = sp.ImmutableMatrix([[1, 2, 3], [4, 5, 6]])
B = sp.ImmutableMatrix([[1, -1], [0, 2], [3, 1]])


def test_an_index_without_range_runs_over_the_declared_matrix_it_picks_entries_of():
    st = parse(r"\|A\|_F^2 = \sum_{i,j} A_{ij}^2", {"A": "matrix(2, 3)"})
    assert _numeric(st.relations[0].rhs, {"A": A}) == sum(a**2 for a in A)
    s = parse_expr(r"\sum_k A_{ik} B_{kj}", {"A": "matrix(2, 3)", "B": "matrix(3, 2)"})
    assert s.limits[0][1:] == (1, 3)


def test_an_index_over_vectors_of_different_lengths_is_refused_with_the_reason():
    with pytest.raises(LatexError, match="different sizes"):
        parse(r"\sum_i x_i y_i", {"x": "vector(n)", "y": "vector(m)"})
    with pytest.raises(LatexError, match="neither written"):
        parse(r"\sum_k 1 = n")  # nothing says how many terms there are


# ---------------------------------------------------------------- entries of expressions
@pytest.mark.parametrize("latex", [
    r"(AB)_{ij} = \sum_k A_{ik}B_{kj}",
    r"[AB]_{ij} = \sum_k A_{ik}B_{kj}",
    r"(AB)_{i,j} = \sum_{k=1}^{3} A_{ik}B_{kj}",
])
def test_an_entry_of_a_matrix_expression_is_its_one_based_entry(latex):
    st = parse(latex, {"A": "matrix(2, 3)", "B": "matrix(3, 2)", "i": "index(2)",
                       "j": "index(2)"})
    rel = st.relations[0]
    for i in (1, 2):
        for j in (1, 2):
            left = _numeric(rel.lhs, {"A": A, "B": B}, i=i, j=j)
            assert left == (A * B)[i - 1, j - 1]
            assert _numeric(rel.rhs, {"A": A, "B": B}, i=i, j=j) == left


def test_an_entry_at_indices_nothing_declares_is_refused():
    with pytest.raises(LatexError, match="nothing declares as indices"):
        parse(r"(AB)_{kj} = 0", {"A": "matrix(2, 3)", "B": "matrix(3, 2)"})


def test_an_entry_of_a_transpose_and_of_a_column():
    st = parse(r"(A^T)_{ij} = A_{ji}", {"A": "matrix(2, 3)", "i": "index(3)", "j": "index(2)"})
    assert _numeric(st.relations[0].lhs, {"A": A}, i=3, j=1) == A[0, 2]
    st = parse(r"(A x)_i = \sum_j A_{ij} x_j", {"A": "matrix(2, 3)", "x": "vector(3)",
                                               "i": "index(2)"})
    assert st.relations[0].rhs.limits[0][1:] == (1, 3)


# ---------------------------------------------------------------- integrals without dx
def _integral_value(latex, decls=None):
    from cheatsheet import ops

    v = parse(latex, decls).relations[0].lhs if "=" in latex else parse_expr(latex, decls)
    assert isinstance(v, ops.Integral)
    body, var, lo, hi = v.args
    return sp.integrate(body, (var, lo, hi))


def test_an_integral_without_dx_is_in_its_one_variable():
    assert _integral_value(r"\int_0^1 x^2 = \frac13") == sp.Rational(1, 3)
    assert _integral_value(r"\int_0^{a} t \, dt") == sp.Symbol("a", real=True) ** 2 / 2
    x = sp.Symbol("x", real=True)
    v = parse_expr(r"\int_{-\infty}^{\infty} x^2 e^{-x^2}")
    assert v.args[1] == x


def test_an_integral_of_a_function_named_alone_is_in_its_argument():
    v = parse(r"\int_a^b f = F(b) - F(a)").relations[0].lhs
    body, var = v.args[0], v.args[1]
    assert body.func.__name__ == "f" and body.args == (var,)


@pytest.mark.parametrize("latex, reason", [
    (r"\int_0^\infty \lambda e^{-\lambda x}", "several variables"),
    (r"\int_a^b f(x) + g(x)", "whole sum or only its first term"),
    (r"\int_a^b f(x) + g(x) \, dx", "stands apart"),
    (r"\int f(x)", "without its differential"),
])
def test_an_integral_whose_variable_or_extent_is_unclear_is_refused(latex, reason):
    with pytest.raises(LatexError, match=reason):
        parse(latex)


def test_a_double_integral_over_the_plane_is_two_integrals():
    from cheatsheet import ops

    v = parse(r"\iint_{\mathbb{R}^2} p(x, y) \, dx \, dy = 1").relations[0].lhs
    assert isinstance(v, ops.Integral) and isinstance(v.args[0], ops.Integral)
    assert v.args[2:] == (-sp.oo, sp.oo)


# ---------------------------------------------------------------- arg min without brackets
@pytest.mark.parametrize("latex", [
    r"\arg\min_b \frac12(b-z)^2 + \lambda|b|",
    r"\arg\min_b \left(\frac12(b-z)^2 + \lambda|b|\right)",
    r"\operatorname*{arg\,min}_b \frac{1}{2}(b - z)^2 + \lambda |b|",
    r"\underset{b}{\arg\min} \frac12(b-z)^2 + \lambda|b|",
    r"\underset{b}{\operatorname{argmin}} \; \tfrac12(b-z)^2 + \lambda|b|",
])
def test_an_arg_min_whose_variable_occurs_in_later_terms_covers_the_whole_side(latex):
    from cheatsheet.latex import ArgExtremum

    v = parse_expr(latex)
    assert isinstance(v, ArgExtremum)
    b, z, lam = (sp.Symbol(s, real=True) for s in ("b", "z", "lambda"))
    assert sp.simplify(v.args[0] - ((b - z)**2 / 2 + lam * sp.Abs(b))) == 0


def test_an_arg_min_followed_by_a_term_without_its_variable_stays_refused():
    with pytest.raises(LatexError, match="whole sum or only its first term"):
        parse(r"\arg\min_x f(x) + c")


# ---------------------------------------------------------------- scripts in the other order
def test_a_power_written_before_the_subscript_is_the_power_of_the_subscripted_name():
    st = parse(r"\hat\sigma^2_{\mathrm{ML}} = \sigma^2_X")
    rel = st.relations[0]
    assert rel.lhs == sp.Symbol("sigma_hat_ML", real=True) ** 2
    assert rel.rhs == sp.Symbol("sigma_X", real=True) ** 2
    v = parse_expr(r"\sum_{i=1}^n x^2_i")
    assert v.function == _entries("x", v.limits[0][0]) ** 2


def test_both_orders_of_a_power_and_a_subscript_read_alike_as_tex_sets_them_alike():
    d = {"A": "matrix(2, 2)", "i": "index(2)", "j": "index(2)"}
    assert parse_expr(r"A^2_{ij}", d) == parse_expr(r"A_{ij}^2", d)
    from cheatsheet.latex import _pre

    assert _pre.tokens(r"A^T_{ij}")[:3] == ["A", "^", "T"]  # a transpose is no power: kept
    from cheatsheet.match.tokens import tokenize  # the matcher sees one name, as the reader does
    assert [t.ident for t in tokenize(r"\hat\sigma^2_{\mathrm{ML}}")][0] == "sigma_hat_ML"


def test_an_inverse_transpose_of_an_undeclared_capital_is_of_a_square_matrix():
    rhs = parse(r"\frac{\partial \log \det X}{\partial X} = X^{-\top}").relations[0].rhs
    assert isinstance(rhs, sp.Inverse) and isinstance(rhs.arg, sp.Transpose)


# ---------------------------------------------------------------- sums over a variable's values
def test_a_sum_over_x_of_a_declared_vector_called_at_x_runs_over_its_places():
    d = {"p": "probvec(K)", "q": "probvec(K)"}
    st = parse(r"D_{KL}(p \| q) = \sum_x p(x) \log \frac{p(x)}{q(x)}", d)
    rhs = st.relations[0].rhs
    p_, q_ = [1, 2, 1], [2, 1, 1]
    val = _at(rhs, K=3).replace(
        lambda e: isinstance(e, sp.Indexed),
        lambda e: sp.Rational((p_ if str(e.base) == "p" else q_)[int(e.indices[0]) - 1], 4))
    want = sum(sp.Rational(a, 4) * sp.log(sp.Rational(a, b)) for a, b in zip(p_, q_))
    assert sp.simplify(val - want) == 0


def test_a_sum_over_x_that_also_uses_x_as_a_number_is_refused():
    with pytest.raises(LatexError, match="values it takes are not stated"):
        parse(r"\mathbb{E}[X] = \sum_x x \, p(x)", {"p": "probvec(K)"})


# ---------------------------------------------------------------- proportionality
def test_a_proportionality_is_read_with_the_variable_its_left_side_names():
    from cheatsheet.latex.proportional import Proportional

    st = parse(r"p(\theta \mid x) \propto p(x \mid \theta) p(\theta)")
    assert not st.relations  # no equation: a checker that does not know it decides nothing
    v = st.expr
    assert isinstance(v, Proportional) and v.args[2].name == "theta"
    assert parse_expr(r"\eta_k \propto \frac{1}{k}").args[2].name == "k"
    assert parse_expr(r"f(x) \propto e^{-x^2/2}").args[2].name == "x"
    assert parse_expr(r"a \propto b").args[2] == sp.S.false  # in which variable: not said


def test_a_chained_proportionality_is_refused():
    with pytest.raises(LatexError, match="chained"):
        parse(r"a \propto b \propto c")


# ---------------------------------------------------------------- density notation
@pytest.mark.parametrize("bar, semicolon", [
    (r"\mathrm{Bern}(x \mid p)", r"\mathrm{Bern}(x; p)"),
    (r"\mathrm{Beta}(\mu \mid a, b)", r"\mathrm{Beta}(\mu; a, b)"),
    (r"\operatorname{Dir}(\pi \mid \alpha)", r"\operatorname{Dir}(\pi; \alpha)"),
])
def test_a_named_law_with_a_bar_is_its_density_as_with_a_semicolon(bar, semicolon):
    assert parse_expr(bar) == parse_expr(semicolon)


def test_a_bar_in_other_named_functions_stays_a_bar():
    from cheatsheet.latex import Given

    assert isinstance(parse_expr(r"\text{KL}(p \| q)").args[0], Given)
    assert isinstance(parse_expr(r"\mathcal{N}(x \mid \mu, \Sigma)").args[0], Given)


# ---------------------------------------------------------------- diag, bold sigma and p
def test_diag_of_an_entry_with_a_free_index_is_diag_of_the_column_of_those_entries():
    from cheatsheet import ops

    st = parse(r"S = \operatorname{diag}(\mu_i (1 - \mu_i))", {"mu": "vector(3)", "S": "square(3)"})
    d = st.relations[0].rhs
    assert isinstance(d, ops.MatApply) and str(d.op) == "diag"
    seq = d.operands[0]
    assert str(seq.op) == "seq" and seq.shape == (3, 1)
    body, k = seq.operands[0], seq.operands[1]
    mu = sp.IndexedBase("mu")
    assert sp.expand(body.subs(k, 2) - mu[2] * (1 - mu[2])) == 0
    with pytest.raises(LatexError, match="not a column vector"):
        parse(r"S = \operatorname{diag}(\mu_i (1 - \mu_i))")  # how many mu_i: not said


def test_bold_sigma_and_bold_p_not_called_are_vectors():
    assert parse_expr(r"\operatorname{diag}(\boldsymbol{\sigma})").shape[0] == parse_expr(
        r"\operatorname{diag}(\mathbf{p})").shape[0]
    rhs = parse(r"H = \operatorname{diag}(\mathbf{p}) - \mathbf{p}\mathbf{p}^\top").relations[0].rhs
    assert rhs.shape[0] == rhs.shape[1]
    assert "Sigmoid" in sp.srepr(parse_expr(r"\sigma(z)"))  # a plain sigma called stays sigmoid


# ---------------------------------------------------------------- evaluation bar
def test_an_evaluation_bar_is_the_body_at_the_point():
    lhs = parse(r"\left. \frac{d}{dx} x^3 \right|_{x = 2} = 12").relations[0].lhs
    assert isinstance(lhs, sp.Subs) and lhs.doit() == 12
    v = parse_expr(r"\left. x^2 + y \right|_{x=1}")
    assert v.doit() == 1 + sp.Symbol("y", real=True)


def test_an_evaluation_bar_without_its_point_is_refused():
    with pytest.raises(LatexError, match="x = a"):
        parse(r"\left. x^2 \right|_{x}")


# ---------------------------------------------------------------- Kronecker product
def test_otimes_between_matrices_is_the_kronecker_product_binding_looser_than_juxtaposition():
    d = {"A": "matrix(2, 2)", "B": "matrix(3, 3)", "C": "matrix(2, 2)", "D": "matrix(3, 3)"}
    st = parse(r"(A \otimes B)(C \otimes D) = AC \otimes BD", d)
    rhs = st.relations[0].rhs
    assert isinstance(rhs, sp.KroneckerProduct) and rhs.shape == (6, 6)
    assert isinstance(rhs.args[0], sp.MatMul)  # (AC) \otimes (BD), not ((AC) \otimes B) D
    with pytest.raises(LatexError, match="not both matrices"):
        parse(r"a \otimes b")


def test_a_capital_called_with_a_semicolon_is_a_function_not_the_identity():
    v = parse(r"I(X; Y) = H(X) - H(X \mid Y)").relations[0].lhs
    assert v.func.__name__ == "I" and len(v.args) == 2


# ---------------------------------------------------------------- a prime is not a transpose
def test_the_reader_takes_a_prime_as_a_name_mark_or_a_derivative():
    # (a sheet that says primes transpose is rewritten before reading: sheets/primes.py)
    d = {"x": "vector(n)", "A": "square(n)"}
    assert "Transpose" not in sp.srepr(parse_expr(r"x' A x", d))
    v = parse(r"f'(x) = 2x").relations[0].lhs
    assert isinstance(v, sp.Derivative)


# ---------------------------------------------------------------- max / min over a variable
def test_a_max_over_a_real_variable_is_the_body_at_its_arg_max():
    from cheatsheet.latex import ArgExtremum

    v = parse(r"Q(s,a) = r + \gamma \max_{b} Q(s', b)").relations[0].rhs
    arg = next(iter(v.atoms(ArgExtremum)))
    assert str(arg.args[1]) == "b" and str(arg.args[2]) == "max"
    outside = v.xreplace({arg: sp.Integer(0)})  # b only inside the arg max: it is bound
    assert "b" not in {str(s) for s in outside.free_symbols}
    w = parse_expr(r"\min_{\mathbf{w}} \|X\mathbf{w} - \mathbf{y}\|^2")
    assert "argmin" in str(w)


@pytest.mark.parametrize("latex, decls, reason", [
    # i declared a real number, yet it picks entries: an index with no range (undeclared, it
    # ranges over an unnamed set as under \sum_i: tests/test_latex_open_notations.py)
    (r"\max_i x_i", {"i": "real"}, "where the index i runs"),
    (r"\max_x f(x) + g(x)", None, "whole sum or only its first term"),
])
def test_a_max_over_a_variable_that_is_unclear_is_refused(latex, decls, reason):
    with pytest.raises(LatexError, match=reason):
        parse(latex, decls)


# ---------------------------------------------------------------- layer indices in brackets
def test_a_bracketed_superscript_is_a_layer_index_never_a_power():
    st = parse(r"z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}")
    rel = st.relations[0]
    assert str(rel.lhs) == "z^[l]" and not rel.rhs.has(sp.Pow)
    call = parse(r"a^{[l]} = g^{[l]}(z^{[l]})").relations[0].rhs
    assert call.func.__name__ == "g^[l]" and str(call.args[0]) == "z^[l]"  # g^{[l]} is called
    d = parse(r"\frac{\partial J}{\partial W^{[l]}} = \delta^{[l]}").relations[0].lhs
    assert isinstance(d, sp.Derivative)
    assert parse_expr(r"x^{2}") == sp.Symbol("x", real=True) ** 2  # a plain power stays one
