"""An asterisk beside an accented function letter (a reversed kernel \\tilde{g}) is a
convolution or a cross-correlation as between plain ones, never a product that commutes
(cheatsheet/latex/accented.py)."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.latex import LatexError, parse


@pytest.mark.parametrize("latex", [r"(\tilde{g} * f)[n] = 1", r"\bar g * f = 1",
                                   r"(f * \hat{h})(t) = 1"])
def test_an_asterisk_beside_an_accented_function_is_not_read(latex):
    with pytest.raises(LatexError, match="asterisk between two functions"):
        parse(latex)


def test_an_accented_number_times_another_is_still_a_product():
    assert str(parse(r"\bar{x} * y = y * \bar{x}")) == "x_bar*y = x_bar*y"


def test_a_reversed_kernel_on_the_wrong_side_is_not_proved():
    # (g~ * f) = (f * g~) holds only if * were a product; a sheet saying so is not ok
    text = ("# Signals\n\nFor sequences $f, g$ and the reversed $\\tilde{g}[n] = g[-n]$: "
            "$(\\tilde{g} * f)[n] = (f * \\tilde{g})[n]$.\n")
    (f,) = [f for f in audit_text(text) if "*" in f.latex]
    assert f.verdict != "ok"
