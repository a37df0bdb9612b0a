"""A relation that only names what the line states is a definition; the rest of the line is
checked (verify/naming.py): a leading ``\\ell(y, z) = ...``, a trailing ``=: \\mu``, a name in
the middle of a chain, a name used again later (replaced by what it names)."""
from __future__ import annotations

import pytest

from cheatsheet.claims import Claim
from cheatsheet.verify.check import check_source
from cheatsheet.verify.evidence import source_verdict

SYMBOLS = {"a": "real", "b": "real", "c": "real"}
SQUARE = "(a + b)^2 = a^2 + 2ab + b^2"


def _verdict(line: str, canonical: str = SQUARE) -> tuple[str, str]:
    claim = Claim.from_dict({"id": "t.naming", "title": "t", "latex": canonical,
                             "symbols": SYMBOLS,
                             "sources": [{"sheet": "nosheet.txt", "line": 1, "latex": line}]},
                            "t")
    ev = check_source(claim, 0)
    why = (ev.counterexample or {}).get("why") or ev.detail or ""
    return source_verdict(ev), why


@pytest.mark.parametrize("line, verdict", [
    # a leading name (a function of names the claim knows) names the square: the rest is checked
    (r"\rho(a, b) = (a + b)^2 = a^2 + 2ab + b^2", "holds"),
    (r"\rho(a, b) = (a + b)^2 = a^2 + ab + b^2", "refuted"),
    (r"u = (a + b)^2 = a^2 + 2ab + b^2", "holds"),
    (r"u = (a + b)^2 = a^2 + b^2", "refuted"),
    (r"u := (a + b)^2 = a^2 + 2ab + b^2", "holds"),
    # a trailing =: names the value after the fact
    (r"(a + b)^2 = a^2 + 2ab + b^2 =: m", "holds"),
    (r"(a + b)^2 = a^2 + 2b + b^2 =: m", "refuted"),
    # a name in the middle of a chain names the side after it
    (r"(a + b)^2 + 1 \ge m = a^2 + 2ab + b^2", "holds"),
    (r"(a + b)^2 - 1 \ge m = a^2 + 2ab + b^2", "refuted"),
    # the new name used again later stands for what it names
    (r"u = a + b, u^2 = a^2 + 2ab + b^2", "holds"),
    (r"u = a + b, u^2 = a^2 + ab + b^2", "refuted"),
])
def test_the_rest_of_a_line_with_a_naming_relation_is_checked(line, verdict):
    assert _verdict(line)[0] == verdict, (line, _verdict(line))


def test_a_line_that_only_defines_stays_undecided():
    v, why = _verdict(r"u = (a + b)^2")
    assert v == "undecided" and "defines u" in why


def test_an_undefined_name_without_the_naming_sign_is_still_refuted():
    """``= m`` at the end is not ``=: m``: m is a name the line never defines."""
    v, why = _verdict(r"(a + b)^2 = a^2 + 2ab + b^2 = m")
    assert v == "refuted" and "m is not defined" in why


def test_a_name_the_claim_knows_is_never_a_naming():
    """c is declared by the claim: ``c = ... = ...`` is a (wrong) statement about c."""
    assert _verdict(r"c = (a + b)^2 = a^2 + 2ab + b^2")[0] == "refuted"


@pytest.mark.parametrize("line, verdict", [
    # a name squared (as a variance is named) between two sides names the side after it
    (r"(a + b)^2 = q_k^2 = a^2 + 2ab + b^2", "holds"),
    (r"(a + b)^2 = q_k^2 = a^2 + ab + b^2", "refuted"),
    # ... and leading the chain
    (r"r^2 = (a + b)^2 = a^2 + 2ab + b^2", "holds"),
    (r"r^2 = (a + b)^2 = a^2 - 2ab + b^2", "refuted"),
])
def test_a_squared_name_in_a_chain_is_a_naming(line, verdict):
    assert _verdict(line)[0] == verdict, (line, _verdict(line))


def _verdict_with(line: str, symbols: dict, canonical: str = SQUARE) -> tuple[str, str]:
    claim = Claim.from_dict({"id": "t.naming", "title": "t", "latex": canonical,
                             "symbols": SYMBOLS,
                             "sources": [{"sheet": "nosheet.txt", "line": 1, "latex": line,
                                          "symbols": symbols}]}, "t")
    ev = check_source(claim, 0)
    why = (ev.counterexample or {}).get("why") or ev.detail or ""
    return source_verdict(ev), why


@pytest.mark.parametrize("line, symbols, verdict", [
    # a "where" clause: the last relation defines a name the relations before it use
    (r"(a + b)^2 = a^2 + 2m + b^2, m = ab", {}, "holds"),
    (r"(a + b)^2 = a^2 + 2m + b^2, m = a + b", {}, "refuted"),
    (r"(a + b)^2 = q(a) + 2ab + b^2, q(a) = a^2", {"q": "function"}, "holds"),
    (r"(a + b)^2 = q(a) + 2ab + b^2, q(a) = 2a", {"q": "function"}, "refuted"),
    # a premise that gives a value a name: the conclusion is checked with the name replaced
    (r"s = a + b \implies s^2 = a^2 + 2ab + b^2", {}, "holds"),
    (r"s = a + b \implies s^2 = a^2 + b^2", {}, "refuted"),
    (r"a + b = s \implies s^2 = a^2 + 2ab + b^2", {"s": "real"}, "holds"),
    (r"a + b = s \implies s^2 = a^2 + 2b + b^2", {"s": "real"}, "refuted"),
])
def test_a_where_clause_or_a_naming_premise_is_read_as_a_definition(line, symbols, verdict):
    assert _verdict_with(line, symbols)[0] == verdict, (line, _verdict_with(line, symbols))


def test_a_premise_about_a_restricted_name_stays_a_condition():
    """s declared positive: ``s = a + b`` is then a condition on the instance (only trials with
    a + b > 0), not a definition: replacing s would check sqrt((a+b)^2) = a + b everywhere."""
    v, _ = _verdict_with(r"s = a + b \implies \sqrt{s^2} = a + b", {"s": "positive"})
    assert v != "refuted"
