"""The sheet's own setting beside a formula (a layer's forward pass, a letter's law) decides
which statement the formula makes; the claim's setting is not forced on it (issue 8; red team
10's false alarms FA0 and FA1). Where the sheet's setting is the claim's, its typo is caught."""
from __future__ import annotations

from audit_helpers import audit_text, catalog
from cheatsheet.sheets import read_sheet
from cheatsheet.sheets.conventions import SheetConventions
from cheatsheet.verify.audit.settings import title_setting


def _found(text: str, has: str, name: str = "sheet.md"):
    return [f for f in audit_text(text, name) if has in f.latex]


# ------------------------------------------------------------------ a layer's forward pass

_LAYER = ("- Dense layer written $z = {fwd}$ with $\\delta = \\partial L / \\partial z$: "
          "$\\dfrac{{\\partial L}}{{\\partial W}} = {grad}$\n")


def test_a_title_states_its_setting_in_latex_letters():
    title = catalog()["dense.weight_gradient_delta"].title
    assert title_setting(title) == ("z", "W x + b")
    assert title_setting("In the factor model x = mu + W z + eta the loading matrix") == \
        ("x", "\\mu + W z + \\eta")
    # words the reader would misread are no setting
    assert title_setting("Backpropagation through a layer x = phi(W x_prev + b): w") is None


def test_a_gradient_right_for_the_sheets_transposed_layer_is_not_called_wrong():
    text = _LAYER.format(fwd="W^\\top x + b", grad="x\\, \\delta^\\top")
    found = _found(text, "\\partial W}")
    assert [f.verdict for f in found] == ["unchecked"]
    assert "z = W^\\top x + b" in found[0].reason


def test_the_same_gradient_under_the_claims_own_layer_is_still_its_typo():
    text = _LAYER.format(fwd="W x + b", grad="x\\, \\delta^\\top")
    found = _found(text, "\\partial W}")
    assert [(f.verdict, f.claim) for f in found] == [("wrong", "dense.weight_gradient_delta")]
    # and written bare, with no layer beside it
    bare = "- $\\dfrac{\\partial L}{\\partial W} = x\\, \\delta^\\top$\n"
    assert [f.verdict for f in _found(bare, "\\partial W}")] == ["wrong"]


# ------------------------------------------------------------------ a letter's law

def test_a_law_in_a_side_clause_of_an_align_row_is_in_force_from_that_row():
    text = ("\\subsection*{Gaussian facts}\n\\begin{align}\n"
            "\\mathbb{E}[x] &= \\mu \\\\\n"
            "\\mathbb{E}[x^2] &= \\mu^2 + \\sigma^2 \\quad (x \\sim \\mathcal{N}(\\mu, \\sigma^2)) \\\\\n"
            "\\mathbb{E}[e^{t x}] &= 1\n\\end{align}\n")
    conv = SheetConventions(read_sheet("s.tex", text))
    assert "x" not in conv.at(3).symbols
    assert conv.at(4).symbols["x"] == "Normal(mu, sigma^2)"
    assert conv.at(5).symbols["x"] == "Normal(mu, sigma^2)"


_MGF = ("\\subsection*{Gaussian facts}\n\\begin{align}\n"
        "\\mathbb{E}[x^2] &= \\mu^2 + \\sigma^2 \\quad (x \\sim \\mathcal{N}(\\mu, \\sigma^2)) \\\\\n"
        "\\mathbb{E}[e^{t x}] &= \\exp\\left(\\mu t + HALF\\sigma^2 t^2\\right)\n"
        "\\end{align}\n")


def test_the_normal_mgf_of_a_declared_normal_letter_is_not_the_standardised_claims_typo():
    text = _MGF.replace("HALF", "\\tfrac{1}{2}")
    found = _found(text, "e^{t x}", "s.tex")
    assert [f.verdict for f in found] == ["ok"]


def test_the_normal_mgf_without_its_half_is_still_caught_under_the_declared_law():
    text = _MGF.replace("HALF", "")
    found = _found(text, "e^{t x}", "s.tex")
    assert [f.verdict for f in found] == ["wrong"]


def test_a_law_the_sheet_declares_for_a_letter_is_compared_with_the_claims():
    from types import SimpleNamespace

    from cheatsheet.match.tokens import tokenize
    from cheatsheet.verify.audit.settings import law_differs

    decls = catalog()["mgf.normal"].declarations
    c = SimpleNamespace(mapping={"x": "Z", "t": "t", "mu": "mu", "sigma": "sigma"},
                        sheet_tokens=tokenize(r"\mathbb{E}[e^{t x}] = \exp(\mu t)"))
    said = lambda spec: SimpleNamespace(symbols={"x": spec})  # noqa: E731
    assert "Normal(mu, sigma^2)" in law_differs(c, said("Normal(mu, sigma^2)"), decls)
    assert law_differs(c, said("Normal(0, 1)"), decls) == ""  # the claim's own law
    assert law_differs(c, SimpleNamespace(symbols={}), decls) == ""


def test_a_claim_fixing_only_parameters_the_formula_never_writes_keeps_its_refutation():
    # the sheet's X ~ N(mu, sigma^2), the claim's standard normal: a formula in rho alone that
    # is right for every mu and sigma is right for 0 and 1, so the claim's refutation is sure
    from types import SimpleNamespace

    from cheatsheet.match.tokens import tokenize
    from cheatsheet.verify.audit.settings import law_differs

    decls = catalog()["mgf.normal"].declarations
    said = SimpleNamespace(symbols={"x": "Normal(mu, sigma^2)"})
    alone = SimpleNamespace(mapping={"x": "Z"}, sheet_tokens=tokenize(r"\mathbb{E}[x] = \rho"))
    assert law_differs(alone, said, decls) == ""
    indexed = SimpleNamespace(mapping={"x": "Z"},
                              sheet_tokens=tokenize(r"\mathbb{E}[x] = \sigma_1 \rho"))
    assert "Normal(mu, sigma^2)" in law_differs(indexed, said, decls)


_MI = ("1. **Normal entropy**: $h(X) = \\dfrac{1}{2} \\ln(2 \\pi e \\sigma^2)$ for "
       "$X \\sim \\mathcal{N}(\\mu, \\sigma^2)$\n"
       "2. **Bivariate Gaussian with correlation $\\rho$**: $I(X; Y) = -\\dfrac{1}{2} "
       "\\ln\\left(1 - RHO\\right)$\n")


def test_a_typo_in_rho_alone_is_caught_under_a_declared_normal_with_free_parameters():
    found = _found(_MI.replace("RHO", "\\rho"), "I(X; Y)")
    assert [f.verdict for f in found] == ["wrong"]
    found = _found(_MI.replace("RHO", "\\rho^2"), "I(X; Y)")
    assert [f.verdict for f in found] == ["ok"]


# ------------------------------------------------------------------ a layer written transposed
# The sheet names its layer's output a letter the gradient does not write (s here, with
# g = dL/ds): the forward pass still fixes how its weights are laid out.

_OWN = ("# Backprop\n\nOne layer: ${fwd}$, and $g$ denotes the gradient of the loss with "
        "respect to $s$.\n\nTo the input: $\\frac{{\\partial L}}{{\\partial r}} = {grad}$.\n")


def _input_gradient(fwd: str, grad: str):
    return _found(_OWN.format(fwd=fwd, grad=grad), "\\partial r}")


def test_an_input_gradient_right_for_the_sheets_transposed_layer_is_not_called_wrong():
    # s = U^T r + c: dL/dr = U g is right there (the claim's W is the sheet's U^T)
    found = _input_gradient("s = U^\\top r + c", "U g")
    assert [f.verdict for f in found] == ["unchecked"], [(f.verdict, f.reason) for f in found]
    assert "s = U^\\top r + c" in found[0].reason


def test_an_input_gradient_under_a_row_vector_layer_is_not_called_wrong():
    # row vectors, s = r U + c: dL/dr = g U^T is right there
    found = _input_gradient("s = r U + c", "g U^\\top")
    assert all(f.verdict != "wrong" for f in found), [(f.verdict, f.reason) for f in found]


def test_the_same_gradient_under_the_claims_own_layout_is_still_its_typo():
    found = _input_gradient("s = U r + c", "U g")
    assert [(f.verdict, f.claim) for f in found] == [("wrong", "dense.input_gradient_delta")]


def test_a_forward_pass_that_is_not_the_layer_up_to_layout_excuses_nothing():
    # an activation around the layer is another quantity, no layout of z = Wx + b
    found = _input_gradient("s = \\sigma(U r + c)", "U g")
    assert [f.verdict for f in found] != ["unchecked"] or \
        "s = \\sigma" not in found[0].reason
