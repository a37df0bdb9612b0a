"""What a sheet says of a matrix beside a formula narrows the generic check's draws.

A formula no claim states is checked on random values of its letters. A condition on its line
("when $\\det K > 0$") is imposed on those values, so a formula that fails also where it holds
is wrong, not excused; words giving a lone letter a property ("for $R$ positive definite")
draw that letter so, so a formula right for such matrices is not called wrong. Wording and
letters are our own."""
from __future__ import annotations

from audit_helpers import catalog
from cheatsheet.verify.audit.run import audit_files


def _verdicts(text: str) -> dict[int, str]:
    res = audit_files(["m.md"], catalog=catalog(), jobs=1, texts={"m.md": text})
    return {f.line: f.verdict for f in res.findings if f.latex.startswith("\\dfrac")}


def test_a_condition_on_the_determinant_is_imposed_and_the_slip_is_wrong():
    text = ("## Log-determinants\n\n"
            "- $\\dfrac{\\partial \\ln\\det K}{\\partial K} = K^{-1}$ when $\\det K > 0$\n")
    assert _verdicts(text) == {3: "wrong"}


def test_the_right_gradient_under_the_condition_is_not_wrong():
    text = ("## Log-determinants\n\n"
            "- $\\dfrac{\\partial \\ln\\det K}{\\partial K} = K^{-\\top}$ when $\\det K > 0$\n")
    assert _verdicts(text) != {3: "wrong"}


def test_a_letter_said_positive_definite_is_drawn_so():
    text = ("## Log-determinants\n\n"
            "- $\\dfrac{\\partial \\ln\\det R}{\\partial R} = R^{-1}$ for $R$ positive "
            "definite\n")
    assert _verdicts(text) == {3: "unchecked"}


def test_without_the_words_the_general_matrix_fails():
    text = ("## Log-determinants\n\n"
            "- $\\dfrac{\\partial \\ln\\det R}{\\partial R} = R^{-1}$ for every $R$\n")
    assert _verdicts(text) == {3: "wrong"}


def test_a_condition_is_not_imposed_where_the_words_also_give_a_property():
    """'for symmetric $U$ with $\\det U > 0$': the condition imposed alone would draw a
    general U, so the words' property keeps a refutation on that line from standing."""
    from cheatsheet.verify.audit.granted import says_a_property

    assert says_a_property("for symmetric with")
    assert says_a_property("with orthogonal")
    assert not says_a_property("for every")
    assert not says_a_property("where it is not symmetric")
