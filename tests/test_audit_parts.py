"""A formula stating a relation and, in the same chain, a set (its size) or a definition after
it: the relation is decided apart, so a wrong entry beside a right size is wrong
(verify/audit/parts.py)."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.verify.audit.parts import main_relation

INTRO = r"For $\mathbf{g}: \mathbb{R}^p \to \mathbb{R}^q$ in denominator layout, the Jacobian entry is "


def _verdicts(formula: str) -> list[str]:
    return [f.verdict for f in audit_text(f"# Jacobians\n\n{INTRO}${formula}$.\n")
            if "J}_g" in f.latex]


def test_a_wrong_entry_beside_its_size_is_wrong():
    # the entry repeats the row index (d g_k / d z_k): the size after it does not save it
    assert _verdicts(r"(\mathbf{J}_g)_{kl} = \partial g_k / \partial z_k "
                     r"\in \mathbb{R}^{p \times q}") == ["wrong"]


def test_a_right_entry_beside_its_size_is_not_wrong():
    assert "wrong" not in _verdicts(r"(\mathbf{J}_g)_{kl} = \partial g_l / \partial z_k "
                                    r"\in \mathbb{R}^{p \times q}")


def test_main_relation_cuts_a_chains_set_and_a_where_definition():
    assert main_relation(r"A_{kl} = b_l \in \mathbb{R}^{p}") == "A_{kl} = b_l"
    assert main_relation(r"(a \star b)[n] = c[n] \quad \text{where } c(t) = a(-t)") == \
        r"(a \star b)[n] = c[n]"
    # a set of a name after a comma is a clause of that name, a lone membership no chain
    assert main_relation(r"y = Mv, \quad M \in \mathbb{R}^{q \times p}") is None
    assert main_relation(r"v \in \mathbb{R}^p") is None
    assert main_relation(r"\sum_{k \in K} w_k = 1") is None
