"""Two readings backprop and optimiser sheets need (issue 8, reader gaps).

* ``f'(\\mathbf{z})``, ``\\psi'(\\mathbf{s}^{(l)})``, ``\\sigma'(\\mathbf{u})``: a prime on a
  scalar function applied to a column is its derivative at each entry (the backprop
  recursion's ``\\odot f'(z)``). The reader refused an undeclared function's prime of a vector,
  and dropped the prime of a known one (``\\sigma'(\\mathbf{u})`` read as ``\\sigma(\\mathbf{u})``,
  so the right ``\\sigma'(\\mathbf{u}) = \\sigma(\\mathbf{u}) \\odot (1 - \\sigma(\\mathbf{u}))``
  under a "Jacobian" heading was called wrong).
* ``\\nabla E_D(\\mathbf{w})``, ``\\nabla C(\\mathbf{w})``: a name the gradient applies to,
  followed by its variable in parentheses, is a function of it, not the name times the
  variable (which made the gradient a matrix and the weight-decay step unreadable); and
  ``E_D(...)`` with a subscript and parentheses is a name, not the expectation ``E_x[...]``.
"""
from __future__ import annotations

import pytest
import sympy as sp

from audit_helpers import audit_text
from cheatsheet.latex import parse
from cheatsheet.match.tokens import tokenize


def _found(text: str, latex: str):
    return next(f for f in audit_text(text) if f.latex == latex)


def test_prime_of_an_undeclared_function_at_a_column_reads_entrywise():
    st = parse(r"\mathbf{r} = \mathbf{c} \odot h'(\mathbf{a}^{(k)})")
    rhs = st.relations[0].rhs
    assert rhs.shape[1] == 1  # a column, the derivative at each entry
    # the dummy variable of the entrywise derivative is no name of the formula
    assert not any(isinstance(s, sp.Dummy) for s in rhs.free_symbols)


def test_prime_of_a_known_function_at_a_column_is_kept():
    st = parse(r"\mathbf{r} = \mathbf{c} \odot \sigma'(\mathbf{u})")
    assert "Derivative" in sp.srepr(st.relations[0].rhs)


@pytest.mark.parametrize("latex", [
    r"h(\mathbf{b}) \ge h(\mathbf{a}) + h'(\mathbf{a})^\top(\mathbf{b} - \mathbf{a})",
    r"\frac{\partial \sigma(\mathbf{u})}{\partial \mathbf{u}} = \sigma'(\mathbf{u})",
])
def test_without_an_entrywise_product_a_prime_on_a_vector_is_not_guessed(latex):
    """f'(x)^T (y - x) writes the gradient with a prime, sigma'(u) may be the Jacobian: only
    beside an entrywise product is 'the derivative at each entry' the sure reading."""
    with pytest.raises(ValueError, match="gradient|Jacobian"):
        parse(latex)


def test_a_gradient_written_with_a_prime_is_not_called_wrong():
    latex = r"h(\mathbf{b}) \ge h(\mathbf{a}) + h'(\mathbf{a})^\top(\mathbf{b} - \mathbf{a})"
    text = ("## Convex functions\n\nA differentiable $h$ is convex if and only if for all "
            "$\\mathbf{a}, \\mathbf{b}$:\n\n$$FORMULA$$\n")
    said = _found(text.replace("FORMULA", latex), latex)
    assert said.verdict != "wrong", said.reason


SHEET = "## Jacobian of the elementwise nonlinearity\n\nFor a column $\\mathbf{u}$:\n\n$$FORMULA$$\n"

OK = [
    r"\sigma'(\mathbf{u}) = \sigma(\mathbf{u}) \odot (\mathbf{1} - \sigma(\mathbf{u}))",
    r"\tanh'(\mathbf{u}) = \mathbf{1} - \tanh(\mathbf{u}) \odot \tanh(\mathbf{u})",
]
WRONG = [
    r"\sigma'(\mathbf{u}) = \sigma(\mathbf{u}) \odot \sigma(\mathbf{u})",
    r"\tanh'(\mathbf{u}) = \mathbf{1} + \tanh(\mathbf{u}) \odot \tanh(\mathbf{u})",
    r"\sigma'(\mathbf{u}) = \sigma(\mathbf{u}) \odot (\mathbf{1} + \sigma(\mathbf{u}))",
]


@pytest.mark.parametrize("latex", OK)
def test_entrywise_derivatives_that_hold_are_ok(latex):
    said = _found(SHEET.replace("FORMULA", latex), latex)
    assert said.verdict == "ok", (said.verdict, said.reason)


@pytest.mark.parametrize("latex", WRONG)
def test_entrywise_derivatives_with_a_slip_are_wrong(latex):
    said = _found(SHEET.replace("FORMULA", latex), latex)
    assert said.verdict == "wrong", (said.verdict, said.reason)


@pytest.mark.parametrize("name", ["C", r"E_S", r"R_{\text{tr}}"])
def test_gradient_of_a_named_objective_is_a_gradient_of_a_function(name):
    st = parse(rf"\mathbf{{g}} = \nabla {name}(\mathbf{{v}})")
    rhs = st.relations[0].rhs
    assert rhs.shape[1] == 1, rhs  # a column (it was the matrix of (name * v)'s derivative)


def test_a_subscripted_e_before_parentheses_is_a_name_not_an_expectation():
    norms = [t.norm for t in tokenize(r"\nabla E_S(\mathbf{v})")]
    assert "E" not in norms
    assert "E" in [t.norm for t in tokenize(r"E_{x}[f(x)]")]


DECAY = ("## Weight decay\n\nA gradient step with rate $\\kappa$ on the penalised error "
         "$E_S(\\mathbf{v}) + \\frac{\\beta}{2}\\|\\mathbf{v}\\|^2$:\n\n$$FORMULA$$\n")


def test_weight_decay_update_on_a_named_error_is_decided():
    latex = r"\mathbf{v} \leftarrow (1 - \kappa\beta)\mathbf{v} - \kappa\nabla E_S(\mathbf{v})"
    said = _found(DECAY.replace("FORMULA", latex), latex)
    assert said.verdict == "ok", (said.verdict, said.reason)


def test_a_conditional_covariance_of_vectors_is_said_in_words():
    # Cov[p | q] of two vectors names the claim's conditional covariance (its blocks in the
    # sheet's letters): the right form holds, the sign slip is not credited; neither reason
    # shows the reader's internal names
    latex = r"\operatorname{Cov}[\mathbf{p} \mid \mathbf{q}] = K_{pp} - K_{pq}K_{qq}^{-1}K_{qp}"
    text = ("## Conditioning a joint Gaussian\n\nFor jointly Gaussian $\\mathbf{p}, \\mathbf{q}$ "
            "with covariance blocks $K_{pp}, K_{pq}, K_{qq}$:\n\n$$FORMULA$$\n")
    said = _found(text.replace("FORMULA", latex), latex)
    assert said.verdict == "ok", said.reason
    slip = latex.replace("K_{pp} - K_{pq}", "K_{pp} + K_{pq}")
    slipped = _found(text.replace("FORMULA", slip), slip)
    assert slipped.verdict != "ok", slipped.reason
    for finding in (said, slipped):
        assert "Given" not in finding.reason, finding.reason


@pytest.mark.parametrize("latex", [
    r"s = \mathbf{p}^{[j]T}\mathbf{q}^{[j]}",
    r"s = \mathbf{p}^{(j+1)\top}\mathbf{q}",
    r"s = \mathbf{p}^{(j)\intercal}\mathbf{q}^{(j)}",
])
def test_a_layer_index_and_a_transpose_in_one_superscript(latex):
    rhs = parse(latex).relations[0].rhs
    assert not getattr(rhs, "is_Matrix", False) and not hasattr(rhs, "shape"), rhs  # p^T q


def test_a_backprop_recursion_with_both_reads():
    st = parse(r"\mathbf{e}^{[j]} = \left(U^{[j+1]T}\mathbf{e}^{[j+1]}\right) \odot "
               r"\phi'\left(\mathbf{h}^{[j]}\right)")
    assert st.relations[0].rhs.shape[1] == 1
