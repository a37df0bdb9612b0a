"""A labelled expression of one sample ("- Hinge: $\\max(0, 1 - y_k f(z_k))$") read without its
index, and only for a claim the label names (verify/audit/one_sample.py, Decider._one_sample).
Notation of our own: index k, input z in bold italics, bold labels."""
from __future__ import annotations

from tests.audit_helpers import audit_text
from cheatsheet.verify.audit.one_sample import without_index


def _verdicts(text: str) -> list[tuple[str, str | None]]:
    return [(f.verdict, f.claim) for f in audit_text(text)]


def test_a_sample_index_is_dropped_only_where_it_is_one_sample_s():
    assert without_index(r"\max(0, 1 - y_k f(\boldsymbol{z}_k))") == r"\max(0, 1 - y f)"
    assert without_index(r"\log(1 + e^{-t_n g(u_n)})") == r"\log(1 + e^{-t g})"
    assert without_index(r"\sum_k y_k f(z_k)") is None      # summed: not one sample
    assert without_index(r"y_k f(z_j)") is None             # the call is on another index
    assert without_index(r"y_k w(z_k)") is None             # w is not a function letter
    assert without_index(r"z_k") is None                    # one letter: a component
    assert without_index(r"a_{kj} b_j") is None
    assert without_index(r"(f(z_k) - y_k) z_k") is None     # the input outside the score
    assert without_index(r"e^{z_k} / \sum_j e^{z_j}") is None  # z_k beside z_j
    assert without_index(r"(q_a - q_b) / (1 - q_b)") is None  # a, b name, not index
    assert without_index(r"y_k = f(z_k)") is None             # a relation: not a bare value
    assert without_index(r"v \gets v + y_k z_k") is None     # an update: not a bare value


def test_a_labelled_loss_of_one_sample_is_the_claim_it_names():
    sheet = ("# Margins\n\n"
             "* **Hinge**: $\\max(0, 1 + y_k f(\\boldsymbol{z}_k))$\n"
             "* **Hinge**: $\\max(0, 1 - y_k f(\\boldsymbol{z}_k))$\n")
    (bad, good) = _verdicts(sheet)
    assert bad == ("wrong", "hinge.loss")
    assert good == ("ok", "hinge.loss")


def test_a_label_naming_no_claim_leaves_the_sample_s_expression_unchecked():
    sheet = ("# Margins\n\n"
             "* **Margin penalty**: $\\max(0, 1 + y_k f(\\boldsymbol{z}_k))$\n"
             "* **Hinge**: $\\max(0, 1 + y_k f(z_j))$\n")
    assert [v for v, _ in _verdicts(sheet)] == ["unchecked"] * 2
