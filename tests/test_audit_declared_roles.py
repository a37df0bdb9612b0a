"""A sheet may spell the claim's letters for other roles: "$z_t = \\phi(W z_{t-1} + U x_t)$ with
$W \\in \\mathbb{R}^{d \\times d}$, $U \\in \\mathbb{R}^{d \\times p}$" names the recurrent matrix W
and the input matrix U, where the claim has U and V (and a W of its own, the output
matrix). The sheet's declared sizes say which is which (verify/audit/declared_sizes.py).
Wording and sizes of our own; the course sheet with such a line is left out of the matcher."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text

WITHOUT = ("002_3cc44bf5a04d8da0.txt",)


def _finding(formula: str, w: str = "d \\times d", u: str = "d \\times p", words="Recurrence"):
    text = (f"## Sequence models\n\n{words}: ${formula}$ with $W \\in \\mathbb{{R}}^{{{w}}}$ "
            f"and $U \\in \\mathbb{{R}}^{{{u}}}$.\n")
    return audit_text(text, without=WITHOUT)[0]


def test_declared_sizes_put_the_sheets_w_and_u_in_the_claims_roles():
    found = _finding("z_t = \\phi(W z_{t-1} + U x_t)")
    assert found.verdict == "ok" and found.claim == "rnn.cell"


def test_a_typo_in_those_letters_is_wrong_under_words_naming_the_claim():
    found = _finding("z_t = \\phi(W z_{t-1} - U x_t)", words="Elman RNN state update")
    assert found.verdict == "wrong" and found.claim == "rnn.cell"
    assert "+ U" in found.expected


@pytest.mark.parametrize("w, u", [
    ("d \\times p", "d \\times p"),  # neither is square: no role of the claim fits both
    ("d \\times d", "d \\times d"),  # both square: sizes do not tell which is the input's
])
def test_declarations_that_do_not_place_the_letters_decide_nothing(w, u):
    assert _finding("z_t = \\phi(W z_{t-1} + U x_t)", w, u).verdict == "unchecked"
