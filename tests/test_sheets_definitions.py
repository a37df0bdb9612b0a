"""Names a sheet defines right before a formula are put into it (cheatsheet/sheets/definitions.py)."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.sheets.definitions import definition_of, put_in


def test_a_function_or_a_name_defined_on_the_line_is_recognised():
    g = definition_of(r"g(z) = \dfrac{1}{1+e^{-z}}", 3)
    assert (g.name, g.variable, g.line) == ("g", "z", 3)
    h = definition_of(r"h = \sigma(z)", 5)
    assert (h.name, h.variable) == ("h", None)
    # not definitions: a known function, a recursion, a body without the variable, a value
    assert definition_of(r"\sigma(z) = \frac{1}{1+e^{-z}}", 1) is None
    assert definition_of(r"g(z) = z\,g(z - 1)", 1) is None
    assert definition_of(r"g(z) = 3", 1) is None
    assert definition_of(r"h = 2", 1) is None


def test_definitions_are_put_in_with_derivatives():
    g = definition_of(r"g(z) = \dfrac{1}{1+e^{-z}}", 3)
    assert put_in(r"g'(z) = g(z)(1 - g(z))", [g]) == (
        r"\frac{d}{dz}\left(\dfrac{1}{1+e^{-z}}\right) = \left(\dfrac{1}{1+e^{-z}}\right)"
        r"(1 - \left(\dfrac{1}{1+e^{-z}}\right))")
    h = definition_of(r"h = \sigma(z)", 5)
    assert put_in(r"\dfrac{dh}{dz} = h(1-h)", [h]) == (
        r"\frac{d}{dz}\left(\sigma(z)\right) = \left(\sigma(z)\right)(1-\left(\sigma(z)\right))")
    assert put_in(r"x = y", [h]) is None


def test_a_formula_after_a_definition_is_decided_with_it_and_only_nearby():
    text = ("# Logistic\n\n"
            "- Sigmoid $g(z) = \\dfrac{1}{1+e^{-z}}$ has $g'(z) = g(z)(1 + g(z))$\n"
            "- Let $h = \\sigma(z)$. Then $\\dfrac{dh}{dz} = h(1-h)$.\n\n"
            "Later on, far away:\n\n\n\n$g'(z) = g(z)(1 + g(z))$\n")
    found = audit_text(text)
    verdicts = [(f.line, f.verdict) for f in found if "'" in f.latex or "dh" in f.latex]
    assert verdicts == [(3, "wrong"), (4, "ok"), (10, "unchecked")], [f.reason for f in found]
    assert "definition just before it" in found[1].reason
