"""What a sheet says in words about its matrices and its gradients (issue 8, red team 17).

Red team 17's LaTeX sheet said "$Q$ is a general square matrix (not symmetric)" and "$\\dd{Y}
f$ has the shape of $Y$", then wrote the gradient of u^T Q u as 2Qu and that of tr(BY) as B:
both were called ok, read as the symmetric case and in numerator layout. Now

- words next to a lone symbol that deny a property ("not symmetric", "need not be positive
  definite", "for a non-symmetric $K$") rule out the claims that need it, and the kinder
  reading "K symmetric positive definite" of the check on its own;
- a sentence saying a derivative has its variable's shape fixes the denominator layout for
  derivatives of scalars only (a vector's Jacobian keeps both layouts: mixed-layout sheets);
- a bold e is a vector, not Euler's number (e^T Z v was refuted as 2.718... times Z v);
- d/d of a bold name or a capital is matched as the partial derivative the catalog writes.
"""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.latex import parse
from cheatsheet.sheets.conventions import denials, gradient_shape_lines
from cheatsheet.sheets.formulas import by_array_as_partial
from cheatsheet.sheets.markdown import read_markdown


def _verdict(text: str, latex: str):
    found = next(f for f in audit_text(text) if f.latex == latex)
    return found.verdict, found.reason


DENIED = "## Quadratic forms\n\n{words}\n\n- ${latex}$\n"
TWICE = r"\nabla_{\mathbf{w}}\,\mathbf{w}^\top K\mathbf{w} = 2K\mathbf{w}"
BOTH = r"\nabla_{\mathbf{w}}\,\mathbf{w}^\top K\mathbf{w} = (K + K^\top)\mathbf{w}"


@pytest.mark.parametrize("words", ["Here $K$ need not be symmetric.",
                                   "Take $K$ to be a general square matrix (not symmetric).",
                                   "Below $K$ and $H$ are not symmetric.",
                                   "For a non-symmetric $K$:"])
def test_a_matrix_said_not_symmetric_has_no_symmetric_gradient(words):
    assert _verdict(DENIED.format(words=words, latex=TWICE), TWICE)[0] == "wrong"
    assert _verdict(DENIED.format(words=words, latex=BOTH), BOTH)[0] == "ok"


def test_without_the_words_the_symmetric_gradient_is_not_called_wrong():
    assert _verdict(DENIED.format(words="Quadratic forms of $K$.", latex=TWICE),
                    TWICE)[0] != "wrong"
    assert _verdict(DENIED.format(words="Here $K$ is symmetric.", latex=TWICE),
                    TWICE)[0] != "wrong"


def test_which_words_deny_which_property():
    sheet = read_markdown("Let $A$ be symmetric and $B$ not symmetric; $C$ is "
                          "symmetric but not positive definite.\n", "x.md")
    said = {(name, prop) for _, name, prop in denials(sheet.segments)}
    assert said == {("B", "symmetric"), ("C", "pd")}


SHAPED = ("## Gradients\n\nThe derivative $\\partial g / \\partial Z$ has the same shape as $Z$."
          "\n\n- ${latex}$\n")
TRACE = r"\frac{\partial}{\partial Z}\operatorname{tr}(CZ) = C"
TRACE_T = r"\frac{\partial}{\partial Z}\operatorname{tr}(CZ) = C^\top"
JACOBIAN = r"\frac{\partial (C\mathbf{v})}{\partial \mathbf{v}} = C"


def test_a_gradient_shaped_like_its_variable_is_read_in_denominator_layout():
    assert _verdict(SHAPED.format(latex=TRACE), TRACE)[0] != "ok"
    assert _verdict(SHAPED.format(latex=TRACE_T), TRACE_T)[0] == "ok"
    # said nothing: either layout may be meant
    plain = SHAPED.replace("The derivative $\\partial g / \\partial Z$ has the same shape as $Z$.",
                           "Gradients of traces.")
    assert _verdict(plain.format(latex=TRACE), TRACE)[0] == "ok"


def test_the_shape_words_leave_a_jacobians_layout_open():
    assert _verdict(SHAPED.format(latex=JACOBIAN), JACOBIAN)[0] != "wrong"


@pytest.mark.parametrize("text, lines", [
    ("The derivative $\\partial g / \\partial Z$ has the same shape as $Z$.\n", [1]),
    ("Here $\\nabla_Z g$ is shaped like $Z$.\n", [1]),
    ("The gradient has the shape of $Z^\\top$.\n", []),
    ("With same padding the output has the same shape as $X$.\n", []),
])
def test_which_sentences_say_a_gradient_has_its_variables_shape(text, lines):
    assert gradient_shape_lines(read_markdown(text, "x.md").segments) == lines


def test_a_bold_e_is_a_vector_not_eulers_number():
    assert "E" not in str(parse(r"\mathbf{e}^\top\mathbf{v} = 1"))
    assert str(parse(r"e^{v} = \exp(v)")) == "exp(v) = exp(v)"
    latex = r"\frac{\partial}{\partial Z}\,\mathbf{e}^\top Z\mathbf{v} = \mathbf{e}\mathbf{v}^\top"
    assert _verdict(f"## Gradients\n\n- ${latex}$\n", latex)[0] != "wrong"


def test_d_by_a_vector_or_matrix_is_the_partial_derivative():
    assert by_array_as_partial(r"\frac{d}{d\mathbf{v}} f") == r"\frac{\partial}{\partial \mathbf{v}} f"
    assert by_array_as_partial(r"\frac{dg}{dZ}") == r"\frac{\partial g}{\partial Z}"
    assert by_array_as_partial(r"\frac{d}{dt} f(t)") == r"\frac{d}{dt} f(t)"
    right = r"\frac{d}{d\mathbf{v}}\,\mathbf{v}^\top K\mathbf{v} = (K + K^\top)\mathbf{v}"
    slip = r"\frac{d}{d\mathbf{v}}\,\mathbf{v}^\top K\mathbf{v} = (K - K^\top)\mathbf{v}"
    assert _verdict(f"## Quadratic forms\n\n- ${right}$\n", right)[0] == "ok"
    assert _verdict(f"## Quadratic forms\n\n- ${slip}$\n", slip)[0] == "wrong"
