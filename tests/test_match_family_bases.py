"""A letter family renamed as a whole (cheatsheet/match/align.py, ``_family_bases``): where a
sheet's numbered beta_0 is the claim's sigma_0, its beta_m is the claim's sigma_N, though the
claim also has a bare sigma of its own (issue 8, "a name it uses is not the claim's")."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.match.align import correspondence, inverse
from cheatsheet.match.tokens import tokenize

FORM = r"\frac{1}{\sigma_N^2} = \frac{1}{\sigma_0^2} + \frac{N}{\sigma^2}"


def test_a_family_base_goes_where_its_numbered_member_goes():
    sheet = tokenize(r"\frac{1}{\beta_m^2} = \frac{1}{\beta_0^2} + \frac{m}{s^2}")
    mapping = correspondence(sheet, tokenize(FORM))
    assert mapping["beta_0"] == "sigma_0" and mapping["beta"] == "sigma"
    assert mapping["s"] == "sigma"
    back, under = inverse(mapping, sheet)
    assert back["sigma"] == "s" and under["sigma"] == "beta"


def test_a_letter_also_written_bare_is_not_a_family_base():
    # beta stands alone too: it is a name of its own, not only the base of beta_m, so the
    # claim's sigma is not given to a second sheet name
    sheet = tokenize(r"\frac{1}{\beta_m^2} = \frac{1}{\beta_0^2} + \frac{m}{s^2} + \beta")
    mapping = correspondence(sheet, tokenize(FORM))
    assert list(mapping.values()).count("sigma") <= 1


_SHEET = ("# Normal mean, known noise\n\nPrior variance $\\beta_0^2$, noise variance $s^2$, "
          "$m$ draws:\n\n$$\\frac{1}{\\beta_m^2} = \\frac{1}{\\beta_0^2} + \\frac{{RHS}}$$\n")


def test_a_family_renamed_as_a_whole_is_decided():
    ok = [f for f in audit_text(_SHEET.replace("{RHS}", "m}{s^2")) if "beta_m" in f.latex]
    assert [f.verdict for f in ok] == ["ok"], [f.reason for f in ok]
    typo = [f for f in audit_text(_SHEET.replace("{RHS}", "s^2}{m")) if "beta_m" in f.latex]
    assert [f.verdict for f in typo] == ["wrong"], [f.reason for f in typo]
    # the right form and the counterexample speak the sheet's letters
    assert typo[0].expected.replace(" ", "").endswith(r"\frac{m}{s^2}"), typo[0].expected
    assert "β" in str(typo[0].counterexample) and "σ" not in str(typo[0].counterexample)
