"""Names a sheet defines right before a formula are put into it (cheatsheet/sheets/definitions.py)."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.sheets.definitions import definition_of, name_given, put_in


def test_a_function_or_a_name_defined_on_the_line_is_recognised():
    g = definition_of(r"g(z) = \dfrac{1}{1+e^{-z}}", 3)
    assert (g.name, g.variable, g.line) == ("g", "z", 3)
    h = definition_of(r"h = \sigma(z)", 5)
    assert (h.name, h.variable) == ("h", None)
    # not definitions: a known function, a recursion, a body without the variable, a value
    assert definition_of(r"\sigma(z) = \frac{1}{1+e^{-z}}", 1) is None
    assert definition_of(r"g(z) = z\,g(z - 1)", 1) is None
    assert definition_of(r"g(z) = 3", 1) is None
    assert definition_of(r"h = 2", 1) is None


def test_definitions_are_put_in_with_derivatives():
    g = definition_of(r"g(z) = \dfrac{1}{1+e^{-z}}", 3)
    assert put_in(r"g'(z) = g(z)(1 - g(z))", [g]) == (
        r"\frac{d}{dz}\left(\dfrac{1}{1+e^{-z}}\right) = \left(\dfrac{1}{1+e^{-z}}\right)"
        r"(1 - \left(\dfrac{1}{1+e^{-z}}\right))")
    h = definition_of(r"h = \sigma(z)", 5)
    assert put_in(r"\dfrac{dh}{dz} = h(1-h)", [h]) == (
        r"\frac{d}{dz}\left(\sigma(z)\right) = \left(\sigma(z)\right)(1-\left(\sigma(z)\right))")
    assert put_in(r"x = y", [h]) is None


def test_a_formula_after_a_definition_is_decided_with_it_and_only_nearby():
    text = ("# Logistic\n\n"
            "- Sigmoid $g(z) = \\dfrac{1}{1+e^{-z}}$ has $g'(z) = g(z)(1 + g(z))$\n"
            "- Let $h = \\sigma(z)$. Then $\\dfrac{dh}{dz} = h(1-h)$.\n\n"
            "Later on, far away:\n\n\n\n$g'(z) = g(z)(1 + g(z))$\n")
    found = audit_text(text)
    verdicts = [(f.line, f.verdict) for f in found if "'" in f.latex or "dh" in f.latex]
    assert verdicts == [(3, "wrong"), (4, "ok"), (10, "unchecked")], [f.reason for f in found]
    assert "definition just before it" in found[1].reason


def test_a_subscripted_function_name_is_a_definition_but_not_a_density():
    psi = definition_of(r"\psi_X(t) = \mathbb{E}(e^{tX})", 7)
    assert (psi.name, psi.variable, psi.body) == (r"\psi_X", "t", r"\mathbb{E}(e^{tX})")
    # a density or a probability with a subscript is any law's: no definition to carry on
    assert definition_of(r"p_X(x) = \frac{1}{2} e^{-|x|}", 1) is None
    # a whole left side is replaced without brackets, so the claim's form can be recognised
    assert put_in(r"\psi_X(t) = e^{t^2/2}", [psi]) == r"\mathbb{E}(e^{tX}) = e^{t^2/2}"


def test_a_lead_in_definition_reaches_every_item_of_its_list():
    # Wasserman writes the MGF psi_X(t), defined once above the list of laws
    text = ("# Distributions\n\n"
            "Moment generating functions $\\psi_X(t) = \\mathbb{E}(e^{tX})$:\n\n"
            "- $X \\sim N(\\mu, \\sigma^2)$: $\\psi_X(t) = \\exp(\\mu t + \\sigma^2 t^2)$\n"
            "- $Y \\sim N(\\mu, \\sigma^2)$: $\\psi_Y(t) = 1$\n"
            "- $X \\sim N(\\mu, \\sigma^2)$: $\\psi_X(t) = \\exp(\\mu t + \\sigma^2 t^2 / 2)$\n"
            "- $X \\sim \\text{Poisson}(\\lambda)$: $\\psi_X(t) = e^{\\lambda(e^t - 1)}$\n")
    found = {(f.line, f.latex.split("=")[-1].strip()): f for f in audit_text(text)
             if "psi" in f.latex}
    verdicts = {k[0]: f.verdict for k, f in found.items()}
    # the typo (sigma^2 t^2 without the half) is wrong, each right item holds; an item
    # whose name the lead-in does not define (psi_Y) is not read through it
    assert verdicts == {3: "ok", 5: "wrong", 6: "unchecked", 7: "ok", 8: "ok"}, \
        {k: f.reason for k, f in found.items()}


def test_a_function_defined_is_put_in_at_any_argument():
    """``\\zeta(-x)`` after ``\\zeta(x) = \\log(1 + \\exp(x))`` is the body at -x, bracketed;
    a call with two arguments is no call of a one-variable definition."""
    zeta = definition_of(r"\zeta(x) = \log(1 + \exp(x))", 1)
    out = put_in(r"\zeta(x) - \zeta(-x) = x", [zeta])
    assert out == (r"\left(\log(1 + \exp(x))\right) - "
                   r"\left(\log(1 + \exp(\left(-x\right)))\right) = x")
    assert put_in(r"\zeta(a, b) = 1", [zeta]) is None


def test_a_definition_in_the_row_above_of_an_align_reaches_the_next_row():
    # the DL book's softplus identity, with its sign flipped in the second sheet
    rows = ("\\documentclass{article}\n\\begin{document}\n\\begin{align*}\n"
            "\\zeta(x) &= \\log(1 + \\exp(x)) \\\\\n"
            "\\zeta(x) - \\zeta(-x) &= {}\n\\end{align*}\n\\end{document}\n")
    assert definition_of(r"\zeta(x) &= \log(1 + \exp(x))", 4).body == r"\log(1 + \exp(x))"
    right = [f for f in audit_text(rows.replace("{}", "x"), "sheet.tex") if f.line == 5]
    wrong = [f for f in audit_text(rows.replace("{}", "-x"), "sheet.tex") if f.line == 5]
    assert [f.verdict for f in right] == ["ok"], [f.reason for f in right]
    assert [f.verdict for f in wrong] == ["wrong"], [f.reason for f in wrong]
    assert "put in" in wrong[0].reason and "\\log(1 + \\exp(x))" in wrong[0].reason


def test_a_block_matrix_named_on_the_sheet_keeps_its_columns():
    # the column marks of a matrix the sheet names are no alignment marks: without them the
    # row R & S read as the product R S and a right Schur determinant was called wrong
    named = (r"Put $K = \begin{bmatrix} P & Q \\ R & S \end{bmatrix}$ with $P$ and $S$ square."
             "\n\n- when $P$ is invertible: $\\det K = \\det P \\, \\det(S SIGN R P^{-1} Q)$\n")
    k = name_given(r"K = \begin{bmatrix} P & Q \\ R & S \end{bmatrix}", 1)
    assert k.body == r"\begin{bmatrix} P & Q \\ R & S \end{bmatrix}"
    for sign, verdict in (("-", "ok"), ("+", "wrong")):
        found = audit_text("# Blocks\n\n" + named.replace("SIGN", sign))
        [f] = [f for f in found if "det" in f.latex]
        assert f.verdict == verdict, (sign, f.reason)
    # an aligned row's own marks still go
    assert definition_of(r"\eta(u) &= \log(1 + e^{u})", 1).body == r"\log(1 + e^{u})"
