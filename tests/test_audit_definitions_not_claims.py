"""A formula the sheet writes to define its own object is not refuted as a claim (red team 9,
FA1, FA3, FA6), and a typo beside such a definition is still caught.

- a function the words introduce ("For $f(x) = ...$", "Let $g(x) = ...$") with a name the
  match reads as another of the claim's quantities (f as the condition number kappa);
- a refutation whose two sides are a matrix and a scalar only under the claim's reading of
  the letters (x^T Q x with x read as a matrix), not as the sheet writes them;
- a law whose parameters are bare letters the words after it name ("$\\mathcal{N}(x \\mid m,
  S)$ has mean m and covariance S"), read as a typo of Gaussian conditioning;
- a closed form that is the stationary point of the objective the sheet defines just before
  (R_n(w) := 1/n ||Xw - y||^2 + lambda ||w||^2), read against the claim's other scaling.
"""
from __future__ import annotations

import pytest

from audit_helpers import audit_text


@pytest.fixture(scope="module", autouse=True)
def _warm():
    """Load the checks these sheets use once (each formula has a time limit of its own)."""
    audit_text("# Gaussian conditioning\n\n$p(x \\mid y) = \\mathcal{N}(x \\mid m, S)$, "
               "$\\hat{w} = (X^\\top X + \\lambda I)^{-1}X^\\top y$\n")


def _at(findings, line):
    return next(f for f in findings if f.line == line)  # (its first formula)


# ------------------------------------------------------------------ FA1: definitions

def test_a_quadratic_defined_after_for_is_not_a_condition_number():
    text = ("Conjugates\n\nFor $f(x) = \\frac{1}{2} x^T Q x$ with Q positive definite, "
            "$f^*(y) = \\frac{1}{2} y^T Q^{-1} y$.\n")
    assert [f.verdict for f in audit_text(text, "sheet.txt")] == ["unchecked", "unchecked"]


def test_a_matrix_against_a_scalar_only_in_the_claims_letters_is_not_sure():
    """No word introduces it as a definition: what saves it is that the sizes clash only with
    x read as the claim's matrix H (the sheet's x^T Q x is a number)."""
    found = audit_text("# Quadratics\n\n$f(x) = \\frac{1}{2} x^T Q x$ with Q positive "
                       "definite.\n")[0]
    assert found.verdict == "unchecked" and "condition_number.eigenvalues" in found.candidates


def test_vectors_of_two_sizes_only_in_the_claims_letters_are_not_sure():
    """A multiply gate f(x, y) = xy has df/dy = x (red team 10, FA1): read as a dense layer's
    dL/db = delta, the claim's x and delta are vectors of two sizes, and the formula looked
    like "x where delta belongs". The sheet's letters are scalars: the clash is the
    renaming's (f for L, y for b), not the sheet's."""
    found = audit_text("# Backprop gates\n\n- multiply gate: "
                       "$\\frac{\\partial f}{\\partial y} = x$\n")[0]
    assert found.verdict == "unchecked"


def test_a_dense_layer_typo_in_the_claims_letters_is_still_caught():
    found = audit_text("# Dense layer backprop\n\n- Bias gradient: "
                       "$\\frac{\\partial L}{\\partial b} = W^\\top \\delta$\n")[-1]
    assert (found.verdict, found.claim) == ("wrong", "dense.bias_gradient_delta")


def test_a_function_the_words_introduce_is_the_sheets_own():
    """H is a matrix on this sheet, so the sizes clash as written too: only the words ('Let')
    say g is the sheet's own function, not the claim's kappa."""
    text = ("# Conjugates\n\nThroughout, $H \\in \\mathbb{R}^{n \\times n}$.\n\n"
            "Let $g(H) = \\frac{1}{2} H^T A H$ with A positive definite.\n")
    found = _at(audit_text(text), 5)
    assert found.verdict == "unchecked"
    assert "definition of g" in found.reason


def test_a_wrong_condition_number_is_still_caught():
    text = ("# Conditioning\n\nThe condition number of a positive definite matrix is "
            "$\\kappa(H) = \\frac{\\lambda_{\\min}}{\\lambda_{\\max}}$.\n")
    found = audit_text(text)[0]
    assert (found.verdict, found.claim) == ("wrong", "condition_number.eigenvalues")


def test_a_definition_that_keeps_the_claims_name_is_not_excused():
    from types import SimpleNamespace

    from cheatsheet.verify.audit.caveats import defines_own_function

    seg = SimpleNamespace(before="Let", after=".")
    own = SimpleNamespace(latex="g(x) = \\frac{1}{2} x^T A x", segment=seg)
    mine = SimpleNamespace(latex="\\sigma(z) = \\frac{1}{1 + e^{z}}", segment=seg)
    assert defines_own_function(own, SimpleNamespace(mapping={"g": "kappa"})) == "g"
    assert defines_own_function(mine, SimpleNamespace(mapping={"sigma": "sigma"})) == ""
    named = SimpleNamespace(latex=own.latex, segment=SimpleNamespace(before="Let",
                                                                     after="be the sigmoid."))
    assert defines_own_function(named, SimpleNamespace(mapping={"g": "kappa"})) == ""


# ------------------------------------------------------------------ FA3: parameters named

HEAD = "# Gaussian conditioning and the Kalman filter\n\n"


@pytest.mark.parametrize("words", ["has mean m and covariance S.",
                                   "has mean $m$ and covariance $S$.",
                                   # (the formulas after it say what they are)
                                   "has\n\n$$S = (\\Lambda + A^\\top L A)^{-1}$$\n\n"
                                   "$$m = S\\left(A^\\top L (y - b) + \\Lambda \\mu\\right)$$"])
def test_a_law_whose_parameters_the_words_name_is_not_conditioning(words):
    text = HEAD + f"The posterior $p(x \\mid y) = \\mathcal{{N}}(x \\mid m, S)$ {words}\n"
    found = _at(audit_text(text), 3)
    assert found.verdict == "unchecked"
    assert "names the law's parameters m, S" in found.reason


@pytest.mark.parametrize("words", [".", ", with mean $\\mu_2$ and covariance $\\Sigma_{22}$."])
def test_the_marginal_given_as_the_conditional_is_still_caught(words):
    text = HEAD + ("The conditional $p(x_2 \\mid x_1) = \\mathcal{N}(x_2 \\mid \\mu_2, "
                   f"\\Sigma_{{22}})${words}\n")
    found = _at(audit_text(text), 3)
    assert (found.verdict, found.claim) == ("wrong", "gauss.conditioning")


# ------------------------------------------------------------------ FA6: objective defined

def _ridge(objective: str, closed_form: str) -> str:
    return (f"## Ridge\n\nWe define ${objective}$; its minimiser is\n\n"
            f"$${closed_form}$$\n")


@pytest.mark.parametrize("objective, closed_form", [
    ("R_n(w) := \\frac{1}{n}\\|Xw - y\\|_2^2 + \\lambda\\|w\\|_2^2",
     "\\hat{w} = (X^\\top X + n\\lambda I)^{-1}X^\\top y"),
    ("L(w) := \\|Xw - y\\|_2^2 + \\frac{\\lambda}{2}\\|w\\|_2^2",
     "w^* = (X^\\top X + \\frac{\\lambda}{2} I)^{-1}X^\\top y"),
])
def test_the_minimiser_of_the_objective_the_sheet_defines_is_not_wrong(objective, closed_form):
    found = _at(audit_text(_ridge(objective, closed_form)), 5)
    assert found.verdict == "unchecked"
    assert "as the sheet defines it just before" in found.reason


@pytest.mark.parametrize("objective, closed_form", [
    # X X^T for X^T X: no objective's minimiser
    ("R_n(w) := \\frac{1}{n}\\|Xw - y\\|_2^2 + \\lambda\\|w\\|_2^2",
     "\\hat{w} = (X X^\\top + n\\lambda I)^{-1}X^\\top y"),
    # an n the sheet's own objective does not have
    ("R(w) := \\|Xw - y\\|_2^2 + \\lambda\\|w\\|_2^2",
     "\\hat{w} = (X^\\top X + n\\lambda I)^{-1}X^\\top y"),
    # lambda/2 where the averaged objective needs n lambda
    ("R_n(w) := \\frac{1}{n}\\|Xw - y\\|_2^2 + \\lambda\\|w\\|_2^2",
     "\\hat{w} = (X^\\top X + \\frac{\\lambda}{2} I)^{-1}X^\\top y"),
])
def test_a_closed_form_wrong_for_the_defined_objective_is_still_caught(objective, closed_form):
    assert _at(audit_text(_ridge(objective, closed_form)), 5).verdict == "wrong"


def test_a_size_clash_with_the_sheets_own_letters_is_still_sure():
    """The equivariance typo f(X, A) = P f(PX, P A P^T), read with every letter as the claim
    writes it, clashes in size under the claim's declarations: the sheet's f is the claim's
    f, so the clash is the sheet's, not the renaming's (only a renamed letter excuses it)."""
    from audit_helpers import audit_text

    text = ("# Graph neural networks\n\nPermutation equivariance of a graph function: "
            "$f(X, A) = Pf(PX, PAP^\\top), \\forall P \\in \\Pi_M$.\n")
    last = audit_text(text, without=("002_3cc44bf5a04d8da0.txt",))[-1]
    assert last.verdict == "wrong" and last.claim.startswith("graph.")
