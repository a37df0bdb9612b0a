"""A condition said only in words beside a formula ("... when the norm exceeds $c$") makes a
refutation unsure: the rule may be stated for that case alone (verify/audit/worded_conditions.py)."""
from __future__ import annotations

from audit_helpers import audit_text

RULE = r"$\tilde g = \frac{c}{\lVert g \rVert} g$"


def _verdict(line: str) -> tuple[str, str]:
    (f,) = [f for f in audit_text(f"## Gradient clipping by norm\n\n{line}\n")
            if f.latex.startswith(r"\tilde g")]
    return f.verdict, f.reason


def test_a_rescaling_said_for_long_gradients_only_is_not_called_wrong():
    verdict, reason = _verdict(f"Rescale: {RULE} as long as the norm is larger than $c$.")
    assert verdict == "unchecked" and "as long as the norm is larger" in reason, reason
    verdict, _ = _verdict(f"For a long gradient, rescale: {RULE}, if it is longer than $c$.")
    assert verdict == "unchecked"


def test_the_same_rescaling_without_the_condition_is_still_wrong():
    assert _verdict(f"Rescale: {RULE} always.")[0] == "wrong"
    # (a condition without a comparison says nothing the check could miss)
    assert _verdict(f"Rescale: {RULE} when training a recurrent net.")[0] == "wrong"


def test_the_clause_is_found_before_or_after_the_formula():
    from types import SimpleNamespace

    from cheatsheet.verify.audit.worded_conditions import condition_in_words

    after = SimpleNamespace(before="Rescale: ", after=" whenever its length exceeds ")
    assert condition_in_words(after) == "whenever its length exceeds"
    before = SimpleNamespace(before="if the step is bigger than one, ", after=".")
    assert condition_in_words(before) == "if the step is bigger"
    assert condition_in_words(SimpleNamespace(before="Then ", after=" for every t.")) is None
