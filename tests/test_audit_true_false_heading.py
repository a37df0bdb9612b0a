"""A true-or-false quiz's heading names both answers: it does not make a formula under it a
mistake shown as such. The line's own answer does: "False: ..." may show the false
statement, so a failure there is no typo of the sheet; "True: ..." states a rule."""
from audit_helpers import audit_text


def _tanh_lines(text: str):
    return [f.verdict for f in audit_text(text) if "tanh" in f.latex]


SLIP = r"\frac{d}{dv}\tanh(v) = 1 + \tanh^2(v)"


def test_a_true_answer_under_a_true_or_false_heading_is_decided():
    for heading in ("Quiz 3: true or false?", "Warm-up (T/F)", "Section B, False / True"):
        text = f"# {heading}\n\n1. True: ${SLIP}$ for every real $v$.\n"
        assert _tanh_lines(text) == ["wrong"], heading


def test_a_false_answer_still_shows_a_mistake():
    text = f"# Quiz 3: true or false?\n\n1. False: ${SLIP}$ for every real $v$.\n"
    assert _tanh_lines(text) == ["unchecked"]
