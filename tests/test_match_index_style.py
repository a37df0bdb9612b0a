"""A layer's number is written in the matched form's notation before the claim's check reads
the formula: h_{k+1} against a form with h^{[k+1]} is that name, not another."""
from audit_helpers import audit_text

from cheatsheet.match.index_style import indices_as_the_form
from cheatsheet.match.tokens import rebuild, tokenize

FORM = tokenize(r"u^{[k]} = V^{[k]} h^{[k-1]} + c^{[k]}")


def styled(latex: str) -> str:
    return rebuild(indices_as_the_form(tokenize(latex), FORM)).replace(" ", "")


def test_subscripts_and_round_brackets_take_the_forms_brackets():
    want = r"u^{[k]}=V^{[k]}h^{[k-1]}+c^{[k]}"
    assert styled(r"u_k = V_k h_{k-1} + c_k") == want
    assert styled(r"u^{(k)} = V^{(k)} h^{(k-1)} + c^{(k)}") == want
    assert styled(r"h_{k}^{\top}") == r"h^{[k]\top}"  # one superscript, as TeX requires


def test_other_indices_and_names_stay():
    assert styled(r"h_{2} + V^2 + x_k + h_{i}_{j}") == r"h_{2}+V^2+x_k+h_{i}_{j}"
    # a name the form also subscripts says nothing about how the sheet numbers it
    mixed = tokenize(r"u^{[k]} = V_k u_{k-1} + h^{[k]}")
    assert rebuild(indices_as_the_form(tokenize(r"u_k = V_k u_{k-1} + h_k"), mixed)) == \
        rebuild(tokenize(r"u_k = V_k u_{k-1} + h^{[k]}"))


def test_a_recursion_numbered_by_subscripts_is_decided():
    text = ("# Backward pass\n\n"
            "Errors $\\rho_k = \\partial J/\\partial s_k$ of the pre-activations "
            "$s_k = M_k q_{k-1} + r_k$, $q_k = \\phi(s_k)$.\n\n"
            "- through the layers: $\\rho_k = (M_{k+1})^\\top \\rho_{k+1} \\odot \\phi'(s_k)$\n"
            "- one layer back: $\\rho_k = M_{k+1} \\rho_{k+1} \\odot \\phi'(s_k)$\n")
    found = [f.verdict for f in audit_text(text) if "odot" in f.latex]
    # (the transpose left out fits square layers: unsure, never ok)
    assert found[0] == "ok" and found[1] != "ok", found
