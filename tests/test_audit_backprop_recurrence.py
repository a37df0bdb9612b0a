"""The backpropagation recursion between two dense layers (issue 8, red team 17).

``\\delta^{[l]} = (W^{[l+1]})^\\top \\delta^{[l+1]} \\odot f'(z^{[l]})`` read but stayed
"no claim states this", so its common typos (the transpose dropped, f' taken at the layer
above, the weights of the wrong layer) passed unchecked.  The claim
``backprop.error_recurrence`` is decided by finite differences of a random loss through two
layers with the claim's sampled f, which needs f' of a sampled scalar function at a column
evaluated entry by entry.  The sheets below use letters of their own (r, V, g, u, k).
"""
from __future__ import annotations

import numpy as np
import pytest

from audit_helpers import audit_text
from cheatsheet.latex import parse
from cheatsheet.symbols import Declarations

SHEET = "# Backpropagation\n\n## The error signal of hidden layers\n\n$$FORMULA$$\n"

OK = [
    r"\mathbf{r}^{[k]} = (V^{[k+1]})^\top \mathbf{r}^{[k+1]} \odot g'(\mathbf{u}^{[k]})",
    r"\mathbf{r}^{[k]} = \left(V^{[k+1]\top}\mathbf{r}^{[k+1]}\right) \odot g'\left(\mathbf{u}^{[k]}\right)",
]
WRONG = [
    # f' at the layer above
    r"\mathbf{r}^{[k]} = (V^{[k+1]})^\top \mathbf{r}^{[k+1]} \odot g'(\mathbf{u}^{[k+1]})",
    # the weights of this layer for those of the layer above
    r"\mathbf{r}^{[k]} = (V^{[k]})^\top \mathbf{r}^{[k+1]} \odot g'(\mathbf{u}^{[k]})",
]


def _found(latex: str):
    return next(f for f in audit_text(SHEET.replace("FORMULA", latex)) if f.latex == latex)


@pytest.mark.parametrize("latex", OK)
def test_the_recursion_in_other_letters_holds(latex):
    said = _found(latex)
    assert said.verdict == "ok", (said.verdict, said.reason)
    assert said.claim == "backprop.error_recurrence"


@pytest.mark.parametrize("latex", WRONG)
def test_its_slips_in_other_letters_are_wrong(latex):
    said = _found(latex)
    assert said.verdict == "wrong", (said.verdict, said.reason)
    assert said.claim == "backprop.error_recurrence"


def test_prime_of_a_sampled_function_at_a_column_is_taken_entry_by_entry():
    """g'(u) of a declared, sampled scalar g at a column u is the column of g'(u_i): the
    evaluator passed the whole column to g, which takes numbers only."""
    from cheatsheet.verify.evaluate import evaluate
    from cheatsheet.verify.arrays import Val
    from cheatsheet.verify.sampling import Sampler

    decls = Declarations.from_mapping({"u": "vector(n)", "g": "function", "n": "dim"})
    rhs = parse(r"\mathbf{q} = \mathbf{1} \odot g'(\mathbf{u})", decls).relations[0].rhs
    inst = Sampler(decls).sample(np.random.default_rng(3), 5, dims={"n": 3})
    got = evaluate(rhs, inst).arr
    u, g, h = inst.values["u"].arr, inst.functions["g"], 1e-6
    want = np.stack([(g(Val(u[:, i, 0] + h)).arr - g(Val(u[:, i, 0] - h)).arr) / (2 * h)
                     for i in range(3)], axis=1)[..., None]
    assert got.shape == (5, 3, 1)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)


# The sheet's own forward pass on the formula's line fixes how its weights are laid out:
# with z = W^T a + b, the recursion carries W, not W^T (the claim's W is the sheet's W^T).
# (Other letters or another layer index than the claim's W, delta, z, a, [l] leave the match
# not sure on such a line, so these keep the claim's letters: a limit of the matcher.)
_LAYER_LINE = "# Backprop\n\nEach layer computes $FWD$, so $FORMULA$.\n"
_UNTRANSPOSED = r"\delta^{[l]} = W^{[l+1]} \delta^{[l+1]} \odot f'(z^{[l]})"
_TRANSPOSED_LAYER = r"z^{[l+1]} = (W^{[l+1]})^\top a^{[l]} + b^{[l+1]}"


def _on_the_line(forward: str, latex: str):
    text = _LAYER_LINE.replace("FWD", forward).replace("FORMULA", latex)
    return next(f for f in audit_text(text) if f.latex == latex)


def test_the_recursion_under_the_sheets_transposed_layer_is_not_called_wrong():
    said = _on_the_line(_TRANSPOSED_LAYER, _UNTRANSPOSED)
    assert said.verdict == "unchecked", (said.verdict, said.reason)
    assert "only by a transpose" in said.reason and "(W^{[l+1]})^\\top" in said.reason


def test_the_recursion_without_its_transpose_under_the_claims_layout_is_still_wrong():
    said = _on_the_line(r"z^{[l+1]} = W^{[l+1]} a^{[l]} + b^{[l+1]}", _UNTRANSPOSED)
    assert (said.verdict, said.claim) == ("wrong", "backprop.error_recurrence"), said.reason


def test_a_slip_other_than_a_transpose_stays_wrong_under_the_transposed_layer():
    # f' taken at the layer above: no layout of the weights makes that right
    slip = r"\delta^{[l]} = W^{[l+1]} \delta^{[l+1]} \odot f'(z^{[l+1]})"
    said = _on_the_line(_TRANSPOSED_LAYER, slip)
    assert said.verdict == "wrong", (said.verdict, said.reason)
