"""A side of a formula that agrees with the claim's side only because every one of its names
was renamed (du/dv read as the claim's dL/dx) has the claim's shape, not its content: it does
not anchor the match (verify/audit/anchors.py).  Without this rule a correct line of red team
10, the max gate's dq/dy = 0, was called a wrong dL/dx = W^T delta once the catalog grew."""
from __future__ import annotations

from types import SimpleNamespace

import sympy as sp

from cheatsheet.match.tokens import tokenize


def _candidate(mapping, form):
    return SimpleNamespace(mapping=mapping, form_tokens=tokenize(form))


def test_a_side_whose_every_name_was_renamed_does_not_anchor():
    from cheatsheet.verify.audit.anchors import _only_renamed

    L, x, W = sp.Function("L"), sp.Symbol("x"), sp.Symbol("W")
    side = sp.Derivative(L(x), x)
    form = r"\frac{\partial L}{\partial x} = W^\top \delta"
    assert _only_renamed(side, _candidate({"u": "L", "v": "x"}, form))
    # a name the sheet writes as the claim does keeps the side's agreement
    assert not _only_renamed(side, _candidate({"L": "L", "v": "x"}, form))
    assert not _only_renamed(W * x, _candidate({"u": "L", "v": "x", "W": "W"}, form))


def test_the_max_gates_local_gradient_is_not_called_wrong():
    from audit_helpers import audit_text

    sheet = ("# Gates\n\n- For $q = \\max(x, y)$ at a point where $x > y$: "
             "$\\dfrac{\\partial q}{\\partial y} = 0$\n")
    assert "wrong" not in [f.verdict for f in audit_text(sheet)]
