"""A plain-text crib spells its Greek letters ("E[T] = lambda"): the bare-math reader keeps a
spelled Greek letter inside the formula instead of taking it for a word of prose that ends the
formula (red team 21: "s_t = rho s_{t-1} + (1 - rho) g_t" was not read at all)."""
from __future__ import annotations

from audit_helpers import audit_text

from cheatsheet.sheets.bare_math import mark_bare_math

LAWS = ("LAWS, typed plain\n"
        "exponential law with rate lambda: E[T] = {mean}\n"
        "geometric on {{1, 2, ...}} with success prob theta: E[N] = 1 / theta\n")


def _audit(text: str):
    return audit_text(text, name="crib.txt")


def test_a_spelled_greek_letter_stays_in_the_formula():
    findings = _audit(LAWS.format(mean="lambda"))
    by_line = {f.line: f for f in findings}
    assert (by_line[2].verdict, by_line[2].claim) == ("wrong", "exponential.mean")
    assert by_line[3].verdict == "ok"


def test_the_right_mean_holds():
    findings = _audit(LAWS.format(mean="1 / lambda"))
    assert [f.verdict for f in findings if f.line == 2] == ["ok"]


def test_prose_naming_a_greek_letter_stays_prose():
    line = "we put a beta prior on theta and tune lambda by cross-validation"
    assert mark_bare_math(line) == line


def test_a_phrase_ending_in_a_spelled_letter_does_not_swallow_the_formula():
    """'... at least 1 - gamma, err(f) <= ...': the spelled letter ends the phrase at its
    comma; the formula after it is still read on its own."""
    line = "for one f, at least 1 - gamma, err(f) <= err_m(f) + sqrt(log(2/gamma) / (2m))"
    assert mark_bare_math(line).endswith("$err(f) <= err_m(f) + sqrt(log(2/gamma) / (2m))$")
