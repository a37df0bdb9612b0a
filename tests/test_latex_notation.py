"""Notations other courses and students use: what each new reading means, the two reading
options of ``parse()``, and the notations the reader keeps refusing because they are ambiguous."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import sympy as sp

from cheatsheet import ops
from cheatsheet.latex import ArgExtremum, LatexError, parse, parse_expr

ROOT = Path(__file__).resolve().parent.parent
x, y, z, a, b, k, t = sp.symbols("x y z a b k t", real=True)
n = sp.Symbol("n", integer=True, positive=True)


def same(e1, e2) -> bool:
    return sp.simplify(sp.sympify(e1) - sp.sympify(e2)) == 0


def rel(latex, decls=None, **options):
    (r,) = parse(latex, decls, **options).relations
    return r


# ---------------------------------------------------------------- transposes, moments, integrals
@pytest.mark.parametrize("latex", [r"\mathbf{w}^\top\mathbf{x}", r"\mathbf{w}^{\intercal}\mathbf{x}",
                                   r"\mathbf{w}^\mathsf{T}\mathbf{x}", r"\mathbf{w}^{\mathsf{T}}\mathbf{x}",
                                   r"\mathbf{w}ᵀ\mathbf{x}", r"\mathbf{w}^T\mathbf{x}"])
def test_every_transpose_spelling_is_the_inner_product(latex):
    v = parse_expr(latex)
    assert isinstance(v, ops.Inner)


@pytest.mark.parametrize("latex", [r"\operatorname{Var}(X)", r"\mathrm{Var}(X)", r"\mathbb{V}[X]",
                                   r"\text{Var}[X]", r"\operatorname{Cov}(X, X)", r"\mathrm{Cov}(X, X)"])
def test_variance_spellings(latex):
    v = parse_expr(latex, {"X": "rv"})
    X = sp.Symbol("X", real=True)
    assert v in (ops.Var(X), ops.Cov(X, X))


@pytest.mark.parametrize("latex", [r"\int_0^1 x^2 \,\mathrm{d}x", r"\int_0^1 x^2\, dx",
                                   r"\int_{0}^{1} x^2 \mathrm{d} x", r"∫_0^1 x² dx"])
def test_integral_differentials(latex):
    v = parse_expr(latex)
    assert isinstance(v, ops.Integral) and v.args[1:] == (x, 0, 1)


def test_a_double_integral_pairs_each_integral_with_its_own_differential():
    v = parse_expr(r"\int_0^1 \int_0^x y \,\mathrm{d}y\, \mathrm{d}x")
    assert isinstance(v, ops.Integral) and v.args[1] == x          # outer: dx
    inner = v.args[0]
    assert isinstance(inner, ops.Integral) and inner.args[1:] == (y, 0, x)


# ---------------------------------------------------------------- probability
def test_pr_and_blackboard_p_with_mid():
    r = rel(r"\Pr(A \mid B) = \frac{\Pr(B \mid A)\Pr(A)}{\Pr(B)}")
    assert r.lhs.func is ops.Prob and r.lhs.args[0].func.__name__ == "Given"
    assert parse_expr(r"\mathbb{P}(X \le x)") == ops.Prob(sp.Le(sp.Symbol("X", real=True), x))
    assert parse_expr(r"\Pr\{X > 0\}") == ops.Prob(sp.Gt(sp.Symbol("X", real=True), 0))


def test_a_power_of_p_before_a_bracket_is_a_power_not_a_probability():
    p = sp.Symbol("p", real=True)
    assert same(parse_expr(r"p^k (1-p)^{n-k}"), p ** k * (1 - p) ** (sp.Symbol("n", real=True) - k))
    assert parse_expr(r"p(x)").func is ops.Prob


@pytest.mark.parametrize("latex", [r"D_{\mathrm{KL}}(p\,\|\,q)", r"\mathrm{KL}(p \parallel q)",
                                   r"KL(p || q)", r"\operatorname{KL}(p \| q)", r"D_{KL}\left(p \| q\right)"])
def test_kl_spellings_read_the_double_bar_as_the_divergence_separator(latex):
    v = parse_expr(latex)
    assert type(v).__name__ in ("KL", "D_KL")
    assert type(v.args[0]).__name__ == "Given"  # the checkers' reading of p || q


def test_a_double_bar_that_is_no_norm_and_no_divergence_is_refused():
    with pytest.raises(LatexError, match="neither a norm nor the separator"):
        parse(r"\mathbf{a}^T [W x_i || W x_j]")


def test_plain_letter_operator_names():
    assert parse_expr(r"KL(p, q)").func.__name__ == "KL"       # not K times L(p, q)
    assert parse_expr(r"max(a, b)") == sp.Max(a, b)
    assert parse_expr(r"exp(x)") == sp.exp(x)                  # not e x p(x)
    assert parse_expr(r"ab(x + y)") == a * b * (x + y)         # no operator name: a product


# ---------------------------------------------------------------- fractions, norms, exp, log
def test_dfrac_tfrac_and_norm_spellings():
    assert same(parse_expr(r"\dfrac{1}{1+\exp(-z)}"), 1 / (1 + sp.exp(-z)))
    xv = sp.MatrixSymbol("x", n, 1)
    assert parse_expr(r"\left\lVert \mathbf{x} \right\rVert_2^2") == ops.Norm(xv, 2) ** 2
    assert parse_expr(r"||\mathbf{x}||_2") == ops.Norm(xv, 2)


def test_exp_of_a_braced_argument():
    mu, s = sp.Symbol("mu", real=True), sp.Symbol("sigma", real=True)
    assert same(parse_expr(r"\exp\left\{ -\frac{(x-\mu)^2}{2\sigma^2} \right\}"),
                sp.exp(-(x - mu) ** 2 / (2 * s ** 2)))


def test_log_bases_and_the_log_base_option():
    assert parse_expr(r"\log_2 x") == sp.log(x, 2)
    assert parse_expr(r"\log x") == sp.log(x)                          # default: natural
    assert parse_expr(r"\log x", log_base="2") == sp.log(x, 2)
    assert parse_expr(r"\log(x)", log_base="10") == sp.log(x, 10)
    assert parse_expr(r"\ln x", log_base="2") == sp.log(x)             # \ln stays natural
    assert parse_expr(r"\log_3 x", log_base="2") == sp.log(x, 3)       # a written base wins
    xv = sp.MatrixSymbol("x", n, 1)
    assert parse_expr(r"\log_2 \mathbf{x}") == ops.MatApply("log", n, 1, xv) / sp.log(2)
    with pytest.raises(ValueError):
        parse(r"\log x", log_base="3")


# ---------------------------------------------------------------- indicators and cases
@pytest.mark.parametrize("latex", [r"\mathbb{1}[x > 0]", r"\mathbb{1}\{x > 0\}", r"\mathbb{I}[x > 0]",
                                   r"\mathbf{1}\{x > 0\}", r"\mathbb{1}_{x > 0}", r"\mathbb{1}_{\{x > 0\}}",
                                   r"\mathbb{1}\left[x > 0\right]"])
def test_indicators_are_piecewise(latex):
    v = parse_expr(latex)
    assert isinstance(v, sp.Piecewise)
    assert v.subs(x, 2) == 1 and v.subs(x, -2) == 0


def test_bold_one_without_a_condition_stays_the_ones_vector():
    v = parse_expr(r"\mathbf{1}^\top \mathbf{x}")
    assert isinstance(v, ops.Inner)


def test_cases_read_into_piecewise_with_conditions_as_written():
    r = rel(r"\text{ReLU}(x) = \begin{cases} x & \text{if } x > 0 \\ 0 & \text{otherwise} \end{cases}")
    assert isinstance(r.rhs, sp.Piecewise)
    assert r.rhs.args[0].cond == sp.Gt(x, 0) and r.rhs.args[1].cond == sp.true
    r = rel(r"|x| = \begin{cases} x, & x \ge 0 \\ -x, & x < 0. \end{cases}")
    assert [c.cond for c in r.rhs.args] == [sp.Ge(x, 0), sp.Lt(x, 0)]
    # a boundary in both cases stays visible to a checker (no simplification)
    r = rel(r"f(x) = \begin{cases} 1 & x \geq 0 \\ 0 & x \leq 0 \end{cases}")
    assert [c.cond for c in r.rhs.args] == [sp.Ge(x, 0), sp.Le(x, 0)]
    v = parse_expr(r"\begin{cases} 1 & \text{if } x > 0, \\ 0 & \text{if } x = 0, \\ -1 & \text{else.} \end{cases}")
    assert [e.expr for e in v.args] == [1, 0, -1]


def test_cases_that_cannot_be_checked_are_refused():
    with pytest.raises(LatexError, match="prose"):
        parse(r"f(x) = \begin{cases} 1 & \text{if } x \text{ is even} \\ 0 & \text{otherwise} \end{cases}")
    with pytest.raises(LatexError, match="not a comparison"):
        parse(r"f(x) = \begin{cases} 1 & \text{if } x \\ 0 & \text{otherwise} \end{cases}")
    with pytest.raises(LatexError, match="value and a condition"):
        parse(r"\begin{cases} 1 \\ 0 \end{cases}")


def test_text_if_is_a_condition_and_prose_words_are_never_names():
    st = parse(r"\sigma'(x) = 1 \text{ if } x > 0")
    assert st.premises and st.premises[0].op == ">"
    assert len(st.relations) == 1 and st.relations[0].rhs == 1
    st = parse(r"y = a x + b \text{ where } a = 2")
    assert st.premises[0].lhs == a and st.relations[0].lhs == y
    st = parse(r"0 < x \text{ and } x < 1")
    assert [r.op for r in st.relations] == ["<", "<"]
    assert parse(r"f(x) \ge 0 \text{ for all } x").relations[0].op == ">="
    with pytest.raises(LatexError, match="the word `or` is prose"):
        parse(r"x = 1 \text{ or } x = 2")   # a disjunction is not two claims
    with pytest.raises(LatexError, match="prose"):
        parse(r"\text{otherwise} = 0")


# ---------------------------------------------------------------- trace, arg max, sup / inf
def test_trace_spellings():
    A, B = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("B", n, n)
    for latex in (r"\operatorname{tr}(\mathbf{A}\mathbf{B})", r"\mathrm{tr}(\mathbf{A}\mathbf{B})",
                  r"\operatorname{Tr}(\mathbf{A}\mathbf{B})", r"tr(\mathbf{A}\mathbf{B})"):
        assert parse_expr(latex) == sp.Trace(A * B)


def test_arg_max_and_min():
    v = parse_expr(r"\operatorname*{arg\,max}_k p_k", {"k": "index(K)", "p": "probvec(K)"})
    assert isinstance(v, ArgExtremum) and v.args[2] == sp.Symbol("max")
    assert v.args[3:] == (1, sp.Symbol("K", integer=True, positive=True))
    v = parse_expr(r"\arg\min_\theta (\theta - 1)^2")
    theta = sp.Symbol("theta", real=True)
    assert v == ArgExtremum((theta - 1) ** 2, theta, sp.Symbol("min"))
    v = parse_expr(r"\operatorname{argmin}_{\mathbf{w}} \|\mathbf{w}\|^2")
    assert isinstance(v, ops.MatApply) and v.args[0] == sp.Symbol("argmin")


def test_sup_and_inf_over_an_index_are_max_and_min():
    d = {"i": "index(3)", "x": "vector(3)"}
    X = sp.IndexedBase("x")
    assert parse_expr(r"\sup_i x_i", d) == sp.Max(X[1], X[2], X[3])
    assert parse_expr(r"\inf_{i} x_i", d) == sp.Min(X[1], X[2], X[3])
    with pytest.raises(LatexError, match="supremum without its index"):
        parse(r"\sup f")


def test_an_index_range_comes_from_the_vector_it_runs_over():
    v = parse_expr(r"\max_i |x_i|", {"x": "vector(3)"})
    X = sp.IndexedBase("x")
    assert v == sp.Max(*(sp.Abs(X[j]) for j in (1, 2, 3)))
    # z undeclared: the range is an unnamed set's count, a letter the formula does not write
    (s,) = [n for n in sp.preorder_traversal(parse_expr(r"\sum_j e^{z_j}")) if isinstance(n, sp.Sum)]
    assert isinstance(s.limits[0][2], sp.Symbol) and str(s.limits[0][2]) not in ("j", "z")


# ---------------------------------------------------------------- derivatives
def test_derivative_spellings():
    f = sp.Function("f", real=True)
    assert parse_expr(r"\frac{\mathrm{d}}{\mathrm{d}x} x^2") == sp.Derivative(x ** 2, x)
    assert parse_expr(r"\frac{\mathrm{d}f}{\mathrm{d}x}") == sp.Derivative(f(x), x)
    x0 = sp.Symbol("x_0", real=True)
    assert parse_expr(r"\frac{d f}{d x}(x_0)") == sp.Subs(sp.Derivative(f(x), x), x, x0)
    assert parse_expr(r"\frac{d f}{d x}(x)") == sp.Derivative(f(x), x)
    # a compound group after the derivative is a factor, as before
    assert parse_expr(r"\frac{df}{dx}(x - a)") == sp.Derivative(f(x), x) * (x - a)
    assert parse_expr(r"f'(x)") == sp.Derivative(f(x), x)


def test_a_mixed_partial_is_of_a_function_of_both_variables():
    f = sp.Function("f", real=True)
    r = rel(r"\frac{\partial^2 f}{\partial x \, \partial y} = \frac{\partial^2 f}{\partial y \, \partial x}")
    assert r.lhs == sp.Derivative(f(x, y), x, y) and r.rhs == sp.Derivative(f(x, y), y, x)
    assert sp.simplify(r.lhs - r.rhs) == 0


def test_nabla_takes_the_product_after_it():
    A, xv = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("x", n, 1)
    r = rel(r"\nabla_{\mathbf{x}} \mathbf{x}^\top \mathbf{A} \mathbf{x} = (\mathbf{A} + \mathbf{A}^\top)\mathbf{x}")
    assert isinstance(r.lhs, ops.MatApply) and r.lhs.args[3] == ops.Inner(xv, A * xv)
    theta = sp.Symbol("theta", real=True)
    assert parse_expr(r"\nabla_\theta \log \theta") == sp.Derivative(sp.log(theta), theta)


# ---------------------------------------------------------------- superscript indices
def test_a_parenthesised_superscript_is_an_index():
    v = parse_expr(r"x^{(i)}")
    assert v == sp.Symbol("x^(i)", real=True)
    h = rel(r"h^{(l)} = \sigma(W^{(l)} h^{(l-1)})")
    assert h.lhs == sp.Symbol("h^(l)", real=True)
    assert sp.Symbol("h^(l-1)", real=True) in h.rhs.free_symbols
    v = parse_expr(r"\sum_{i=1}^n y^{(i)}")
    assert v == sp.Sum(sp.IndexedBase("y^")[sp.Symbol("i", integer=True)], (sp.Symbol("i", integer=True), 1, sp.Symbol("n", real=True)))
    f = sp.Function("f", real=True)
    assert parse_expr(r"f^{(2)}(x)") == sp.Derivative(f(x), (x, 2))  # on a function: a derivative


def test_superscript_index_option():
    r = rel(r"w^{t+1} = w^t - \eta g^t", superscript_index={"w", "g"})
    assert r.lhs == sp.Symbol("w_t+1", real=True)                 # the name w_{t+1}
    assert {s.name for s in r.rhs.free_symbols} == {"w_t", "g_t", "eta"}
    # on a declared vector, w^t is the vector at time t, not entry t of w
    r = rel(r"\mathbf{w}^{t+1} = \mathbf{w}^{(t)}", {"w_t+1": "vector(n)", "w_t": "vector(n)"},
            superscript_index={"w"})
    assert r.lhs == sp.MatrixSymbol("w_t+1", n, 1) and r.rhs == sp.MatrixSymbol("w_t", n, 1)
    # inside a sum over the index, the indexed family
    v = parse_expr(r"\sum_{t=1}^{3} \gamma^{t}", superscript_index={"gamma"})
    g = sp.IndexedBase("gamma")
    assert v == sp.Sum(g[sp.Symbol("t", integer=True)], (sp.Symbol("t", integer=True), 1, 3))
    r = rel(r"w^{t+1} = w^t")                                   # default: powers
    assert r.lhs == sp.Symbol("w", real=True) ** (t + 1)
    # a transpose stays a transpose on a listed name
    v = parse_expr(r"\mathbf{w}^T \mathbf{x}", superscript_index={"w"})
    assert isinstance(v, ops.Inner)
    with pytest.raises(ValueError):
        parse("w^t", superscript_index="w")


# ---------------------------------------------------------------- unicode
@pytest.mark.parametrize("latex, expected", [
    (r"Σ_{i=1}^{3} i", 6),
    (r"∑_{i=1}^{3} i", 6),
    (r"x² + x³", x ** 2 + x ** 3),
    (r"σ(−x) + σ(x)", 1),
    (r"α + β", sp.Symbol("alpha", real=True) + sp.Symbol("beta", real=True)),
    (r"ρ τ", sp.Symbol("rho", real=True) * sp.Symbol("tau", real=True)),
    (r"x₁ + x₂", sp.Symbol("x_1", real=True) + sp.Symbol("x_2", real=True)),
])
def test_unicode(latex, expected):
    assert same(parse_expr(latex).rewrite(sp.exp), sp.sympify(expected).rewrite(sp.exp))


def test_unicode_relations_and_inverse():
    assert rel(r"a ≤ b").op == "<=" and rel(r"a ≥ b").op == ">=" and rel(r"a ≠ b").op == "!="
    A = sp.MatrixSymbol("A", n, n)
    assert parse_expr(r"A⁻¹", {"A": "square(n)"}) == sp.Inverse(A)
    assert isinstance(parse_expr(r"\Sigma_{ij}"), sp.Symbol)  # a capital sigma with a plain index


# ---------------------------------------------------------------- ambiguous notations stay refused
@pytest.mark.parametrize("latex, why", [
    (r"(f * g)(x)", "convolution"),
    (r"\sum_x 2", "where the index x runs"),
    (r"\mathbb{E}[X \mid Y > 0]", "conditioning bar"),
    (r"\mathbf{w} \leftarrow \mathbf{w} - \eta \mathbf{g}", "not a relation"),
    (r"x = 1 \text{ or } x = 2", "prose"),
    (r"\lg x", "unknown command"),
])
def test_ambiguous_notations_are_refused_with_a_reason(latex, why):
    with pytest.raises(LatexError, match=why):
        parse(latex)


# ---------------------------------------------------------------- the corpus share
def test_the_other_notation_corpus_share_stays_above_its_floor():
    spec = importlib.util.spec_from_file_location("notation_share", ROOT / "scripts" / "notation_share.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    result = mod.measure()
    read = sum(msg is None for _, msg in result)
    assert len(result) >= 100
    assert read / len(result) >= 0.90   # measured 92.2%
