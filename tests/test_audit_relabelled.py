"""A formula that is a claim's form place for place, in letters that shift the claim's own.

The sheet writes its points y and v where the claim writes x and y: the matcher keeps the
sheet's y as the claim's y (a shared name), leaves v undefined and the refutation is by scope
only. Read through the formula's own consistent pairing (relabelled.py) the claim's check
decides it. A right formula in the same letters is never called wrong; a swap of the claim's
own letters is no relabelling.
"""
from __future__ import annotations

from audit_helpers import audit_text

from cheatsheet.match.tokens import tokenize
from cheatsheet.verify.audit.relabelled import consistent_pairing

SHEET = r"""Notation: $g$ is the loss and $\mathbf{v}^\star$ one of its minimisers.

## Smooth objectives

For a convex objective $g$ whose gradient is $L$-Lipschitz, the gradient is co-coercive:

$$\langle \nabla g(\mathbf{y}) - \nabla g(\mathbf{v}), \mathbf{y} - \mathbf{v} \rangle \geq FACTOR \|\nabla g(\mathbf{y}) - \nabla g(\mathbf{v})\|^2$$
"""


def _last(factor: str):
    return audit_text(SHEET.replace("FACTOR", factor))[-1]


def test_a_typo_in_shifted_letters_is_wrong():
    found = _last("L")
    assert found.verdict == "wrong"
    assert found.claim == "smooth.cocoercivity"
    # the right form is told in the sheet's own letters
    assert "\\frac{1}{L}" in found.expected and "\\mathbf{v}" in found.expected


def test_the_right_form_in_shifted_letters_is_not_wrong():
    assert _last("\\frac{1}{L}").verdict != "wrong"


def test_the_pairing_is_one_to_one_over_the_whole_formula():
    shifted = consistent_pairing(tokenize(r"h(y) \geq h(v) + h'(v)(y - v)"),
                                 tokenize(r"f(x) \geq f(y) + f'(y)(x - y)"))
    assert shifted is not None and shifted["y"] == "x" and shifted["v"] == "y"
    # y standing where the form has both x and y: no renaming reads one as the other
    assert consistent_pairing(tokenize(r"h(y) \geq h(y) + h'(v)(y - v)"),
                              tokenize(r"f(x) \geq f(y) + f'(y)(x - y)")) is None


def test_a_missing_frame_is_told_with_what_it_wraps():
    """\\frac{1}{L} for L is one insertion that opens a group around the sheet's own L: the
    reason says "L where 1/L belongs", not the bare frame "1/() is missing"."""
    from cheatsheet.verify.audit.explain import difference

    assert difference(tokenize(r"q \le M \|u\|^2"), tokenize(r"q \le \frac{1}{M} \|u\|^2")) \
        == "M where 1/M belongs"
    assert difference(tokenize(r"r = s^2 + 4"), tokenize(r"r = \sqrt{s^2 + 4}")) \
        == "s² + 4 where √(s² + 4) belongs"


MEAN = r"""\section{Fitting}
Given independent draws $\mathbf{z}_1, \dots, \mathbf{z}_N$, the maximum-likelihood estimates:
\begin{align}
  \hat{\bm{\nu}} &= \frac{1}{N}\sum_{n=1}^{N}\mathbf{z}_n
\end{align}
"""


def test_a_named_result_is_never_relabelled():
    """nu-hat = 1/N sum_n z_n pairs place for place with a recorded wrong form of the
    exponential's MLE (lambda-hat = 1/n sum_i x_i, its n shifted onto i): the sheet names its
    own result, the Gaussian mean, and is right; the pairing must not read it as the claim's."""
    assert all(f.verdict != "wrong" for f in audit_text(MEAN, name="notes.tex"))
