"""Mutual information in the fonts textbooks set it in: ``\\mathbb{I}(X; Y)`` (Murphy),
``\\operatorname{I}(X; Y)`` and ``\\mathrm{I}(X; Y)``.  A top-level semicolon inside the call is
the information's separator, as in the plain ``I(X; Y)``.  Before, the blackboard I was an
indicator and the upright I a name times a list, so the line was not read at all."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.latex import LatexError, parse


def lhs(src: str):
    return parse(src).relations[0].lhs


@pytest.mark.parametrize("head", [r"\mathbb{I}", r"\operatorname{I}", r"\mathrm{I}", r"\text{I}"])
def test_an_upright_or_blackboard_i_before_a_semicolon_is_the_information(head):
    v = lhs(head + r"(M; N) = 0")
    assert v.func.__name__ == "I" and [str(a) for a in v.args] == ["M", "N"]
    grouped = lhs(head + r"(M, R; N) = 0")  # the comma joins M and R into one group
    assert len(grouped.args) == 2 and str(grouped.args[1]) == "N"
    cond = lhs(head + r"(M; N \mid R) = 0")
    assert cond.func.__name__ == "I" and len(cond.args) == 1  # I(Given((M, N), R))


def test_an_indicator_and_a_bold_identity_keep_their_readings():
    ind = lhs(r"\mathbb{I}(m > 0) = 1")
    assert "Piecewise" in type(ind).__name__  # no semicolon: still the indicator
    with pytest.raises(LatexError):  # a bold I is the identity matrix, never information
        parse(r"\mathbf{I}(M; N) = 0")


def test_a_blackboard_information_line_is_decided_both_ways():
    row = "- the mutual information of M and N: $\\mathbb{I}(M; N) = \\mathbb{H}(M) SIGN \\mathbb{H}(M \\mid N)$\n"
    right = audit_text(row.replace("SIGN", "-"))[-1]
    typo = audit_text(row.replace("SIGN", "+"))[-1]
    assert right.verdict == "ok" and right.claim.startswith("mi.")
    assert typo.verdict == "wrong" and typo.claim == right.claim
