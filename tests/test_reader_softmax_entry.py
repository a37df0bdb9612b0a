"""``\\operatorname{softmax}(a)_c`` with ``a`` undeclared: only a vector has a softmax, so its
argument is read as one (red team 14: ``\\mathrm{softmax}(z)_k`` was "softmax of something that is
not a vector" on a README, so the definition and its typos went unchecked)."""
from __future__ import annotations

import pytest
from sympy.matrices.expressions.matexpr import MatrixElement

from cheatsheet.latex import parse_expr

from audit_helpers import audit_text


@pytest.mark.parametrize("face", [r"\operatorname{softmax}", r"\mathrm{softmax}", r"\text{softmax}"])
def test_an_entry_of_the_softmax_of_a_plain_letter(face):
    v = parse_expr(rf"{face}(a)_c")
    assert isinstance(v, MatrixElement)
    assert v.parent.shape[1] == 1


def test_a_declared_scalar_stays_refused():
    with pytest.raises(Exception):
        parse_expr(r"\operatorname{softmax}(a)_c", {"a": "real"})


SHEET = ("# Classifier\n\nSoftmax over $C$ classes: "
         "$\\operatorname{{softmax}}(a)_c = \\frac{{e^{{a_c}}}}{{\\sum_{{d=1}}^{{C}} {den}}}$\n")


def test_the_definition_is_read_and_its_typo_caught():
    *_, right = audit_text(SHEET.format(den="e^{a_d}"))
    assert right.verdict == "ok", right.reason
    *_, typo = audit_text(SHEET.format(den="a_d"))
    assert typo.verdict == "wrong", typo.reason
