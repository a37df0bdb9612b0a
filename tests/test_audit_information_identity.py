"""Identities of entropies and mutual informations no claim states are decided on their own,
from random joint laws (verify/audit/information_identity.py): a wrong one is wrong with a law
as counterexample; one right only for independent variables, or for one variable a function of
another, gets no verdict of its own; a side that is a number is a special case, never read."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.sheets.conventions import Conventions
from cheatsheet.verify.audit.information_identity import information_check


def test_a_wrong_information_identity_is_wrong_with_a_joint_law():
    (f,) = audit_text("## Information\n\n$I(X;Y) = H(X) + H(Y \\mid X)$\n")
    assert (f.verdict, f.claim) == ("wrong", None)
    assert "p(X, Y)" in f.counterexample["values"]
    assert f.counterexample["left"] != f.counterexample["right"]


def test_identities_that_hold_are_ok_on_their_own():
    for latex in (r"H(X, Y, Z) = H(X) + H(Y \mid X) + H(Z \mid X, Y)", r"I(X; Y) = I(Y; X)",
                  r"H(X \mid Y) \le H(X)"):
        assert information_check(latex, Conventions(), 0).verdict == "ok", latex


def test_special_laws_and_special_values_give_no_verdict():
    conv = Conventions()
    # right for independent X, Y; right when Y is a function of X
    assert information_check(r"H(X, Y) = H(X) + H(Y)", conv, 0) is None
    assert information_check(r"H(X, Y) = H(X)", conv, 0) is None
    # a side that is a number, a symbol that is no entropy
    assert information_check(r"I(X; Y) = 0", conv, 0) is None
    assert information_check(r"H(X) = \log K", conv, 0) is None
    assert information_check(r"H(X \mid Y) = H(Y \mid X)", conv, 0).verdict == "wrong"
