"""A Beta or Gamma law written in upright letters beside a formula names the law (laws.py)."""
from audit_helpers import audit_text

from cheatsheet.verify.audit.laws import sheet_laws

CARD = """# Box 3

| Property | $V \\sim \\mathrm{Beta}(s, t)$ |
|---|---|
| Mean | $\\mathbb{E}(V) = s/(s + t)$ |
| Variance | $\\operatorname{Var}(V) = \\frac{st}{(s + t)^2(s + t + 2)}$ |
"""


def test_a_box_header_naming_the_beta_law_in_upright_letters_decides_its_rows():
    found = {f.latex: f for f in audit_text(CARD)}
    assert found["\\mathbb{E}(V) = s/(s + t)"].verdict == "ok"
    wrong = found["\\operatorname{Var}(V) = \\frac{st}{(s + t)^2(s + t + 2)}"]
    assert wrong.verdict == "wrong" and wrong.claim == "beta.variance"


def test_upright_names_are_laws_and_greek_letters_are_not():
    assert sheet_laws("Variance \\operatorname{Beta}", "", "x", {}) == {"beta"}
    assert sheet_laws("Mean \\mathrm{Gamma}", "", "x", {}) == {"gamma"}
    # the letters themselves, or a lower-case command argument, name no law
    assert sheet_laws("momentum \\beta", "", "x", {}) == set()
    assert sheet_laws("Mean \\mathrm{beta}", "", "x", {}) == set()
