"""A font command whose argument is one letter written without braces (``\\mathcal N(m, s^2)``,
``\\mathbb E X``) is valid LaTeX. The matcher's tokens keep the space, so that the formula
rebuilt from them (every renamed reading is) still reads: ``\\mathcalN`` is an unknown command
and used to leave such a line unchecked as unreadable."""
from __future__ import annotations

import pytest

from cheatsheet.latex import parse
from cheatsheet.match.tokens import pretty, rebuild, tokenize
from tests.audit_helpers import audit_text


@pytest.mark.parametrize("latex", [r"\mathcal N(a, b^2)", r"\mathbb E Z + 1",
                                   r"\mathscr L(w)", r"\mathfrak g(u)"])
def test_unbraced_font_letters_survive_a_rebuild(latex):
    toks = tokenize(latex)
    for text in (rebuild(toks), pretty(toks)):
        assert str(parse(text)) == str(parse(latex)), text


def test_a_right_gaussian_kl_with_unbraced_calligraphic_n_is_ok():
    sheet = ("## Divergences\n\nBetween two normal laws: "
             r"$\mathrm{KL}(\mathcal N(a_1, r_1^2) \| \mathcal N(a_2, r_2^2)) = "
             r"\log\frac{r_2}{r_1} + \frac{r_1^2 + (a_1 - a_2)^2}{2 r_2^2} - \frac12$" "\n")
    (f,) = audit_text(sheet)
    assert f.verdict == "ok", f.reason


def test_a_wrong_gaussian_kl_with_unbraced_calligraphic_n_is_not_ok():
    sheet = ("## Divergences\n\nBetween two normal laws: "
             r"$\mathrm{KL}(\mathcal N(a_1, r_1^2) \| \mathcal N(a_2, r_2^2)) = "
             r"\log\frac{r_1}{r_2} + \frac{r_1^2 + (a_1 - a_2)^2}{2 r_2^2} - \frac12$" "\n")
    (f,) = audit_text(sheet)
    assert f.verdict != "ok"
