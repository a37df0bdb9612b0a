"""An operator written without brackets takes its argument only up to the next named function:
``\\cos u \\sin v`` is cos(u) sin(v) and ``\\det P \\det Q`` is det(P) det(Q), as every reader
means them (red team 13 had ``\\det(AB) = \\det A\\,\\det B`` called wrong, read as
det(A det(B)))."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.latex import parse

SQ = {"P": "square(m)", "Q": "square(m)", "m": "dim"}


def _side(latex, decls=None):
    return parse(latex, decls).expr


def test_a_named_function_ends_the_bracketless_argument_before_it():
    assert str(_side(r"\cos u \sin v")) == "sin(v)*cos(u)"
    assert str(_side(r"\ln u\,\ln v")) == "log(u)*log(v)"
    assert str(_side(r"\exp u \tanh v")) == "exp(u)*tanh(v)"
    assert str(_side(r"\det P\,\det Q", SQ)) == "Determinant(P)*Determinant(Q)"
    assert str(_side(r"\operatorname{tr} P \det Q", SQ)) == "Determinant(Q)*Trace(P)"


def test_the_first_item_is_still_the_argument_and_plain_factors_stay_in_it():
    assert str(_side(r"\log \det P", SQ)) == "log(Determinant(P))"
    assert str(_side(r"\log u v")) == "log(u*v)"
    assert str(_side(r"\sin^2 u \cos^2 u")) == "sin(u)**2*cos(u)**2"


def test_a_product_of_determinants_is_credited_and_its_slip_still_refuted():
    ok = audit_text("# Determinants\n\n- Square $P, Q$: $\\det(PQ) = \\det P \\det Q$\n")
    assert [f.verdict for f in ok if "det" in f.latex] == ["ok"]
    bad = audit_text("# Determinants\n\n- Square $P, Q$: $\\det(PQ) = \\det P + \\det Q$\n")
    assert [f.verdict for f in bad if "det" in f.latex] == ["wrong"]


def test_a_sum_waiting_for_its_terms_keeps_the_named_function_after_it():
    """``\\ln \\sum_i \\exp(u_i)``: the sum's terms are the exp, so the log takes the whole."""
    got = str(_side(r"\ln \sum_{i=1}^{3} \exp(u_i)"))
    assert got.startswith("log(") and "exp(" in got and got.endswith(")")
