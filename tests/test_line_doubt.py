"""An ok formula whose line also fails its very claim (unsurely) is not called ok; a neighbour
failing some other claim leaves it ok."""
from audit_helpers import catalog
from cheatsheet.verify.audit.finding import Finding
from cheatsheet.verify.audit.line_doubt import doubted_lines, failed_unsurely
from cheatsheet.verify.audit.notation import NOT_SURE

CLAIM = "genclf.logistic-posterior"


def _line(neighbour_reason: str, line: int = 4) -> list:
    held = Finding("s.md", line, "q(c=1|u) = \\sigma(a^\\top u + a_0)", "ok", "holds", claim=CLAIM)
    other = Finding("s.md", line, "q(c=1|u) = \\frac{1}{2}", "unchecked", neighbour_reason)
    elsewhere = Finding("s.md", line + 1, "r = s", "ok", "holds", claim=CLAIM)
    return [held, None, other, elsewhere]


def test_same_claim_failed_on_the_line_takes_the_ok():
    out = doubted_lines(_line(f"resembles {CLAIM} and {NOT_SURE} (a table cell)"), catalog())
    assert out[0].verdict == "unchecked" and out[0].claim is None
    assert CLAIM in out[0].reason and "\\frac{1}{2}" in out[0].reason
    assert out[1] is None and out[3].verdict == "ok"  # another line keeps its ok


def test_excused_failure_of_the_same_claim_counts_too():
    why = f"it fails {CLAIM}, but the sheet says 'c \\in \\{{0, 1\\}}' here"
    assert failed_unsurely(_line(why)[2]) == {CLAIM}
    assert doubted_lines(_line(why), catalog())[0].verdict == "unchecked"


def test_a_neighbour_failing_another_claim_leaves_the_ok():
    out = doubted_lines(_line(f"resembles gammafn.recurrence and {NOT_SURE} (many places)"),
                        catalog())
    assert out[0].verdict == "ok"
    # nor does one that merely resembles the claim without a check
    out = doubted_lines(_line(f"it resembles {CLAIM}, but cannot be read as that claim"),
                        catalog())
    assert out[0].verdict == "ok"
