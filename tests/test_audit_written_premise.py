"""A premise the reading states (``P \\implies Q``) that the line writes as a formula of its
own before this one is no addition of the reading's (renaming._clause_added)."""
from __future__ import annotations

from types import SimpleNamespace as NS

from cheatsheet.match.tokens import tokenize
from cheatsheet.verify.audit.renaming import _clause_added

_READING = NS(latex=r"S = U D U^\top \implies r = U D^{-1} U^\top b")


def _cand(mapping):
    return NS(sheet_tokens=tokenize(r"y = P D^{-1} P^\top c"), mapping=mapping)


def test_a_premise_written_before_on_the_line_in_the_sheets_letters_is_not_added():
    c = _cand({"y": "r", "P": "U", "D": "D", "c": "b"})  # (S: a letter the formula lacks)
    assert _clause_added(c, _READING, r"S = P D P^\top") == ""
    assert _clause_added(c, _READING, r"\lambda > 0 \quad S = P D P^\top") == ""


def test_a_premise_the_line_does_not_write_is_still_added():
    c = _cand({"y": "r", "P": "U", "D": "D", "c": "b"})
    assert _clause_added(c, _READING, "") == "a consequence (implies)"
    assert _clause_added(c, _READING, r"S = P^\top D P") == "a consequence (implies)"
    assert _clause_added(c, _READING, r"S = U D U^\top") == "a consequence (implies)"


def test_a_quantifier_restricted_by_a_condition_writes_the_implication():
    """'\\forall b \\neq a: ...' is 'b != a implies ...' written as a quantifier."""
    reading = NS(latex=r"k \neq m \implies G_{mk} = 0")
    c = NS(sheet_tokens=tokenize(r"\forall b \neq a: \frac{\partial y_a}{\partial u_b} = 0"),
           mapping={})
    assert _clause_added(c, reading) == ""
    c = NS(sheet_tokens=tokenize(r"\frac{\partial y_a}{\partial u_b} = 0"), mapping={})
    assert _clause_added(c, reading) == "a consequence (implies)"


def test_a_heading_naming_one_indexed_symbol_sets_no_convention():
    """'## Dependence region of $y_a^k$' names the section's subject; a heading writing an
    expression of the formula's letters ($P = P_s + P_e$, $y^2$) still states one."""
    from cheatsheet.verify.audit.caveats import heading_defines

    def formula(title):
        return NS(latex=r"\frac{\partial y_a^k}{\partial y_b^{k-1}} = 0",
                  segment=NS(headings=[NS(title=title)]))

    assert heading_defines(formula("Dependence region of $y_a^k$")) == ""
    assert heading_defines(formula(r"Region of $\mathcal{R}_a^k$ for $y_{ab}^k$")) == ""
    assert heading_defines(formula("Squares $y^2$")) == "y"
    assert heading_defines(formula("Shift $y_b = y_a + k$")) == "a, b, k, y"
