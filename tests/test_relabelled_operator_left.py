"""A left side that applies an operator to one name (Var(Y), E[Y]) names no result of the
sheet's own (relabelled._named_result): a formula in letters shifted against the claim's (Y
where the claim has X, Z where it has Y) is read through its consistent pairing, and a
failure so is the claim's typo; read so, a right one still earns no credit."""
from __future__ import annotations

from audit_helpers import audit_text

from cheatsheet.match.tokens import tokenize
from cheatsheet.verify.audit.relabelled import _named_result


def _only(text: str):
    (f,) = audit_text(text)
    return f


def test_shifted_letters_under_an_operator_left_side_are_read_through_the_pairing():
    f = _only(r"- tower rule: $\mathbb{E}[Y] = \mathbb{E}[\mathbb{E}[Y \mid Z]]^2$")
    assert f.verdict == "wrong" and f.claim == "expect.total"


def test_the_right_formula_so_shifted_is_not_called_wrong():
    f = _only(r"- tower rule: $\mathbb{E}[Y] = \mathbb{E}[\mathbb{E}[Y \mid Z]]$")
    assert f.verdict != "wrong"


def test_a_bare_name_is_a_result_but_an_operator_on_it_is_not():
    assert _named_result(tokenize(r"\hat{\mu} = \frac{1}{N} \sum_n x_n")) == "mu_hat"
    assert _named_result(tokenize(r"\operatorname{Var}(Y) = s^2")) is None
