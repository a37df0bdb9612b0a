"""Math typed in plain text and Unicode (no LaTeX) reads as the LaTeX its writer means.

cheatsheet/latex/_plain_groups.py and the Unicode tables of _pre: a parenthesised exponent
(``e^(−2u)``), a root over a group or a subscripted name (``√(1 + q)``, ``√q_j``, ``∛``), a star
marking an optimum (``Q*(s, a)``), a word as a subscript (``c_out``), a precomposed Greek letter
with an accent (``ῡ``) and subscript signs (``ₖ₌₁``). Before, each was refused or misread
(``c_out`` as c_o times u times t). And ``diag(1 − qₛ²)``: diag takes a column, so its one
undeclared name is a vector (a plain-text sheet has no bold). Letters here are our own, not red team 19's.
"""
from __future__ import annotations

import pytest
import sympy as sp

from cheatsheet.latex import LatexError, parse

SAME = [
    ("g = e^(−2u)", r"g = e^{-2u}"),
    ("g = 3^(a + b)", r"g = 3^{a + b}"),
    ("z = u^(k) + 1", r"z = u^{(k)} + 1"),          # a lone letter: an index, not a power
    ("z = e^(s−1) w", r"z = e^{s-1} w"),
    ("r = √(1 + q)", r"r = \sqrt{1 + q}"),
    ("r = √q_j + 1", r"r = \sqrt{q_j} + 1"),
    ("r = 2/√ŵ_k", r"r = 2/\sqrt{\hat{w}_k}"),
    ("c = ∛(a + b)", r"c = \sqrt[3]{a + b}"),
    ("c = ∛u_j", r"c = \sqrt[3]{u_j}"),
    ("Q*(s, a) = r", r"Q^*(s, a) = r"),
    ("L(F*, H) = 0", r"L(F^*, H) = 0"),
    ("c_out = 2 c_in", r"c_{out} = 2 c_{in}"),
    ("ῡ_k = 1 − ῠ", r"\bar{\upsilon}_k = 1 - \breve{\upsilon}"),
    ("S = ∑ₖ₌₁ⁿ k²", r"S = \sum_{k=1}^{n} k^2"),
    ("P = ∏ᵣ₌₁ˢ (1 − bᵣ)", r"P = \prod_{r=1}^{s} (1 - b_r)"),   # letters beyond i j k n t
    ("y = uᵦ + eᵃ", r"y = u_{\beta} + e^{a}"),
    ("v = ¾(u² + ⅓)", r"v = \frac{3}{4}(u^2 + \frac{1}{3})"),       # vulgar fractions
    # a function TeX spells as a command, typed bare and spaced from its argument
    ("g = ln u + log q(v) − exp ω", r"g = \ln u + \log q(v) - \exp \omega"),
    ("c = cosh u", r"c = \cosh u"),
    # diag takes a column: its one undeclared name is a vector, as if typed in bold
    ("J = diag(1 − qₛ²) W", r"J = \operatorname{diag}(1 - \mathbf{q}_s^2) W"),
    ("S = diag(ν²)", r"S = \operatorname{diag}(\boldsymbol{\nu}^2)"),
    ("J = ∏_{s=1}^{m} diag(1 − uₛ) V", r"J = \prod_{s=1}^{m} \operatorname{diag}(1 - \mathbf{u}_s) V"),
]


@pytest.mark.parametrize("plain, latex", SAME)
def test_plain_text_reads_as_the_latex_meant(plain, latex):
    assert parse(plain) == parse(latex)


def test_a_parenthesised_exponent_is_a_power():
    rel = parse("g = e^(−2u)").relations[0]
    (u,) = rel.rhs.free_symbols
    assert rel.rhs == sp.exp(-2 * u)


def test_a_word_subscript_is_one_name_not_a_product():
    rel = parse("v = 2/(n_up + n_dn)").relations[0]
    assert {s.name for s in rel.rhs.free_symbols} == {"n_up", "n_dn"}


def test_diag_of_two_undeclared_names_is_not_guessed():
    with pytest.raises(LatexError):
        parse("S = diag(a + b)")


def test_touching_subscripted_names_stay_a_product():
    assert parse("s = a_ib_i") == parse(r"s = a_i b_i")


def test_letters_that_touch_a_function_name_stay_letters():
    """``blog`` and ``xlog x`` are no logarithm: the name must stand on its own."""
    assert "log" not in str(parse("y = blog").relations[0].rhs)
    assert "log" not in str(parse("y = xlog u").relations[0].rhs)


def test_a_derivative_with_a_bracketed_differential_is_a_derivative():
    """``d/(d u)`` as typst writes it: read as d over d times u it made the right
    ``d/(d u) e^(k u) = k e^(k u)`` a false alarm."""
    assert parse("d/(d u) e^(k u) = k e^(k u)") == parse(r"\frac{d}{du} e^{k u} = k e^{k u}")
    assert parse("d/(d u) ln u = 1/u") == parse(r"\frac{d}{du} \ln u = 1/u")


def test_a_product_with_a_star_keeps_its_star():
    """``a*(b + c)`` is a product (a compound argument), not a starred function."""
    assert parse("y = a*(b + c)") == parse("y = a (b + c)")


@pytest.mark.parametrize("plain", ["g = e^(−2u", "r = √", "r = √(1 + q",
                                   "z = h^(s−1) w"])  # a power or a time index: not guessed
def test_unfinished_groups_are_refused_not_misread(plain):
    with pytest.raises(LatexError):
        parse(plain)


CARD = ("NEURAL NET CARD\n"
        "logistic sigmoid: g(v) = 1/(1 + e^(−v))\n"
        "logistic sigmoid: g(v) = 1/(1 − e^(−v))\n"
        "scaled dot-product attention: Z = softmax(A Bᵀ/√d_b) C\n"
        "scaled dot-product attention: Z = softmax(A Bᵀ √d_b) C\n"
        "optimal discriminator: C*(u) = p_data(u)/(p_data(u) + p_g(u))\n")


def test_a_bare_card_in_plain_text_is_decided_by_the_claims():
    """Each line was unreadable before (a parenthesised exponent, a root of a subscripted
    name, a starred name with word subscripts); now the right forms hold and the typos
    (a sign in the logistic's denominator, the root multiplied instead of divided) are wrong."""
    from audit_helpers import audit_text

    found = [(f.line, f.verdict, f.claim) for f in audit_text(CARD, name="card.txt")]
    assert found == [(2, "ok", "sigmoid.definition"), (3, "wrong", "sigmoid.definition"),
                     (4, "ok", "attention.scaled_dot_product"),
                     (5, "wrong", "attention.scaled_dot_product"),
                     (6, "ok", "gan.optimal-discriminator")]


@pytest.mark.parametrize("touching, spaced", [
    (r"\sum_jq(y_j) = 1", r"\sum_j q(y_j) = 1"),
    (r"G = -\sum_yq(y)\log q(y)", r"G = -\sum_y q(y)\log q(y)"),
    (r"\mathbb{E}_yg(y) = c", r"\mathbb{E}_y g(y) = c"),
    (r"\max_mg(z_m) = c", r"\max_m g(z_m) = c"),
])
def test_after_an_operator_the_subscript_is_its_variable_not_a_word(touching, spaced):
    """TeX reads \\sum_jq(y_j) as the sum over j of q(y_j); a word subscript (n_in) belongs to
    a plain name only, or a sum's variable and its summand would merge into one subscript."""
    assert str(parse(touching)) == str(parse(spaced))
