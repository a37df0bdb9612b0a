"""Reader gaps that left formulas of other sheets unread or misread (issue 8): information
quantities, names of counts in touching capitals, a Greek letter applied to one name.

Each test uses notation of its own (other letters than the sheets that showed the gap) and
fails without the reading it names.
"""
from __future__ import annotations

import sympy as sp

from cheatsheet.latex import Given, parse


def _rel(latex, decls=None, k=0):
    return parse(latex, decls).relations[k]


# -- information quantities: ';' between the two groups, ',' within one, '|' conditions ----------

def test_information_of_a_joint_group_is_one_argument_per_group():
    rel = _rel(r"I(U, V; W) = 0")
    (call,) = [a for a in rel.lhs.atoms(sp.Function) if type(a).__name__ == "I"]
    assert len(call.args) == 2
    assert isinstance(call.args[0], sp.Tuple) and [str(a) for a in call.args[0]] == ["U", "V"]
    assert str(call.args[1]) == "W"


def test_conditional_information_keeps_its_two_groups_apart():
    rel = _rel(r"I(A; B, C \mid D) = 0")
    (arg,) = rel.lhs.args
    assert isinstance(arg, Given)
    pair, cond = arg.args
    assert len(pair) == 2 and str(pair[0]) == "A" and len(pair[1]) == 2
    assert str(cond) == "D"


def test_a_plain_function_with_a_semicolon_is_unchanged():
    # f(x; a, b) keeps its three arguments (only I groups them)
    rel = _rel(r"f(x; a, b) = 1")
    assert len(rel.lhs.args) == 3


def test_the_information_check_decides_conditional_and_joint_groups():
    from cheatsheet.claims import Claim
    from cheatsheet.verify.check import verify_claim

    rv = {"X": "rv", "Y": "rv", "Z": "rv"}

    def verdict(latex):
        c = Claim.from_dict({"id": "t.i", "title": "t", "latex": latex, "symbols": rv,
                             "check": "information.joint_entropy"}, "t")
        return verify_claim(c).verdict

    assert verdict(r"I(Z; X \mid Y) = H(Z \mid Y) - H(Z \mid X, Y)") in ("passed", "proved")
    assert verdict(r"I(Y, Z; X) = I(Y; X) + I(Z; X \mid Y)") in ("passed", "proved")
    assert verdict(r"I(Z; X \mid Y) = H(Z \mid Y) + H(Z \mid X, Y)") == "refuted"
    assert verdict(r"I(Y, Z; X) = I(Y; X) + I(Z; X)") == "refuted"


# -- names of counts and statistics in touching capitals ------------------------------------------

def test_count_names_in_touching_capitals_are_one_quantity_each():
    rel = _rel(r"\mathrm{spec} = \frac{TN}{TN + FP}")
    names = {s.name for s in rel.rhs.free_symbols}
    assert names == {"TN", "FP"}


def test_a_sum_of_squares_name_reads_alone():
    rel = _rel(r"s^2 = \frac{SSE}{m - 2}")
    assert "SSE" in {s.name for s in rel.rhs.free_symbols}


def test_products_of_letters_stay_products():
    # lower-case letters, capitals that spell no such name, a two-letter name on its own, a
    # one-token script and a longer run stay products
    for latex, names in [(r"y = ab", {"a", "b"}), (r"y = QK", {"Q", "K"}),
                         (r"y = TN", {"T", "N"}), (r"y = XTPQ", {"X", "T", "P", "Q"})]:
        rel = _rel(latex)
        assert {s.name for s in rel.rhs.free_symbols} == names, latex


# -- a Greek letter applied to one name is a function of it ---------------------------------------

def test_a_greek_letter_before_one_bracketed_name_is_a_function():
    for latex in (r"\omega(t) = 1", r"\nu_k(z') = 1", r"\xi(\hat{u}) = 1"):
        lhs = _rel(latex).lhs
        assert isinstance(lhs, sp.Function) and not lhs.is_Mul, (latex, lhs)


def test_a_greek_letter_before_anything_else_stays_a_product():
    # an expression in the brackets, a number, or the letter used bare elsewhere
    for latex in (r"\omega(t - 1) = 1", r"\omega(2) = 1", r"\omega(t) + \omega = 1",
                  r"\omega(Ab) = 1"):
        lhs = _rel(latex).lhs
        assert not any(isinstance(a, sp.Function) and type(a).__name__ == "omega"
                       for a in sp.preorder_traversal(lhs)), (latex, lhs)


def test_once_applied_to_a_name_every_application_of_the_letter_is_a_call():
    lhs = _rel(r"\omega(u) - \omega(-u) = u").lhs
    calls = [a for a in sp.preorder_traversal(lhs) if type(a).__name__ == "omega"]
    assert len(calls) == 2


def test_a_declared_greek_letter_keeps_its_declaration():
    lhs = _rel(r"\omega(t) = 1", {"omega": "real", "t": "real"}).lhs
    assert lhs == sp.Symbol("omega", real=True) * sp.Symbol("t", real=True)
