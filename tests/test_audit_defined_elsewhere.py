"""Two false alarms of red team 29, each a name the formula does not size or define itself.

A bold capital a formula defines by an update (an accumulator S_k = S_{k-1} + g_k (.) g_k) is
a vector when its definition makes it one: the font's habit (bold capital, a matrix) made the
AdaGrad pair "ill-sized as written" and its correct step line wrong. And a derivative of a
name free of the variable (dr-hat/dv, with r-hat a softmax of v on another line) is not 0:
the formula does not write the dependence, so it is not decided on its own. Letters and
words of our own (the red-team sheets write G_t, theta, eta and y-hat, u)."""
from __future__ import annotations

from audit_helpers import audit_text

ADAGRAD = r"""# Adaptive steps

The gradient at iterate $k$ is $\mathbf{g}_k = \nabla_{\boldsymbol{\theta}} J(\boldsymbol{\theta}_k)$; squares and roots act entry by entry.

AdaGrad keeps a running sum of squared gradients (the constant $\epsilon$ sits inside the root):

$\mathbf{S}_k = \mathbf{S}_{k-1} + \mathbf{g}_k \odot \mathbf{g}_k$

$\boldsymbol{\theta}_{k+1} = \boldsymbol{\theta}_k SIGN \frac{\rho}{\sqrt{\mathbf{S}_k + \epsilon}} \odot \mathbf{g}_k$
"""


def _step(sign: str):
    found = [f for f in audit_text(ADAGRAD.replace("SIGN", sign), "adaptive.md") if f.line == 9]
    assert len(found) == 1
    return found[0]


def test_a_step_using_a_bold_capital_accumulator_is_not_wrong():
    f = _step("-")
    assert f.verdict != "wrong", f.reason


def test_the_step_with_its_sign_flipped_is_still_wrong():
    f = _step("+")
    assert (f.verdict, f.claim) == ("wrong", "adagrad.update"), f.reason


def test_defined_capitals_are_read_off_the_left_sides():
    from cheatsheet.verify.audit.as_written import _defined_capitals

    assert _defined_capitals(r"\mathbf{S}_k = \mathbf{S}_{k-1} + \mathbf{g}_k \odot "
                             r"\mathbf{g}_k") == {"S_k", "S_k-1"}
    # an align row's & before its = (a LaTeX sheet's accumulator) changes nothing
    assert _defined_capitals(r"\mathbf{S}_k &= \mathbf{S}_{k-1} + \mathbf{g}_k^2") \
        == {"S_k", "S_k-1"}
    # a capital on the left inside a product is used, not defined
    assert _defined_capitals(r"\mathbf{A}^\top \mathbf{b} = \mathbf{c}") == set()
    assert _defined_capitals(r"s_k = s_{k-1} + g_k^2") == set()  # not bold capitals


def _generic(latex: str):
    from cheatsheet.sheets.conventions import Conventions
    from cheatsheet.verify.audit.generic import generic_check

    return generic_check(latex, Conventions())


def test_a_derivative_of_a_name_defined_elsewhere_is_not_decided_on_its_own():
    assert _generic(r"\frac{\partial \hat{\mathbf{r}}}{\partial \mathbf{v}} = "
                    r"\operatorname{diag}(\hat{\mathbf{r}}) - \hat{\mathbf{r}}"
                    r"\hat{\mathbf{r}}^{\top}") is None
    assert _generic(r"\frac{\partial a}{\partial \mathbf{v}} = a(1 - a)\mathbf{v}") is None


def test_a_derivative_of_symbolic_order_does_not_break_the_check():
    # f^{(j)}: a j-th derivative, whose variables cannot be listed
    assert _generic(r"g(y) = \sum_{j=0}^{m} \frac{g^{(j)}(y_0)}{j!} (y - y_0)^j + "
                    r"\int_{y_0}^{y} \frac{g^{(m+1)}(y - s)}{m!} ds") is None


def test_a_derivative_of_an_expression_in_the_variable_is_still_decided():
    right = _generic(r"\frac{\partial \mathbf{c}^\top\mathbf{v}}{\partial \mathbf{v}} = \mathbf{c}")
    assert right is not None and right.verdict == "ok", right
    wrong = _generic(r"\frac{\partial \mathbf{c}^\top\mathbf{v}}{\partial \mathbf{v}} = "
                     r"2\mathbf{c}")
    assert wrong is not None and wrong.verdict == "wrong", wrong
