"""A subscripted loss name is one name (issue 8, red team 17's weight-decay typo).

``\\mathbf{w} \\leftarrow (1 + \\eta\\gamma)\\mathbf{w} - \\eta\\nabla E_D(\\mathbf{w})``: the
claim writes J(theta), the sheet E_D(w). The subscript D labels the loss (its data set) and
is no symbol of the claim, so the sheet's placement of names and its right form keep E_D as
one name; before, D was "a name the correspondence does not place", the slip was not sure
and the typo stayed unchecked. Letters of our own below: C_B, rho, mu, u.
"""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.match.align import called_labels, whole_called_names
from cheatsheet.match.tokens import tokenize

SHEET = ("## Weight decay\n\nA gradient step with rate $\\rho$ on the penalised cost "
         "$NAME(\\mathbf{u}) + \\frac{\\mu}{2}\\|\\mathbf{u}\\|^2$:\n\n$$FORMULA$$\n")
STEP = r"\mathbf{u} \leftarrow (1 SIGN \rho\mu)\mathbf{u} - \rho\nabla NAME(\mathbf{u})"


def _found(name: str, sign: str):
    latex = STEP.replace("NAME", name).replace("SIGN", sign)
    text = SHEET.replace("NAME", name).replace("FORMULA", latex)
    return next(f for f in audit_text(text) if f.latex == latex)


@pytest.mark.parametrize("name", ["C_B", r"C_{B}"])
def test_the_decay_typo_on_a_labelled_cost_is_wrong(name):
    said = _found(name, "+")
    assert said.verdict == "wrong", (said.verdict, said.reason)
    assert said.claim == "sgd.weight_decay"
    assert "C_B where" not in said.reason  # the label is no slip


@pytest.mark.parametrize("name", ["C_B", r"C_{B}"])
def test_the_right_decay_step_on_a_labelled_cost_holds(name):
    said = _found(name, "-")
    assert said.verdict == "ok", (said.verdict, said.reason)


def test_only_a_subscript_that_names_nothing_of_the_claim_is_dropped():
    toks = list(tokenize(r"f_X(x) + C_B(u)"))
    # X stands for the claim's Y (a density of another variable): kept; B names nothing
    mapping = {"f": "f", "X": "Y", "x": "y", "C": "J", "u": "theta"}
    units = {"f": "f", "Y": "Y", "y": "y", "J": "J", "theta": r"\theta"}
    kept = [t.ident for t in whole_called_names(toks, mapping, units) if t.ident]
    assert kept == ["f", "X", "x", "C", "u"]
    assert [t.raw for t in called_labels(toks, mapping, units)["C"]] == ["_", "B"]
