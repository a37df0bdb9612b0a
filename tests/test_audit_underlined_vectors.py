"""A sheet that says its vectors are underlined has ``\\underline`` read as a vector's bold
(cheatsheet/sheets/underlined.py), in notation of our own (r, a, b, Z); without the words an
underline stays an accent (a lower bound, say) and nothing is read differently."""
from __future__ import annotations

import pytest
from audit_helpers import audit_text

from cheatsheet.sheets.underlined import announced, with_underlined_vectors

SAID = "# Notes\n\nVectors are underlined throughout.\n\n"
UNSAID = "# Notes\n\n"
ADAM = (r"- Adam, bias-corrected second moment at step $k$: "
        r"$\hat{\underline{r}}_k = \frac{\underline{r}_k}{1 - \rho_2%s}$" "\n")
LSQ = r"- least squares: $\hat{\underline{a}} = \left(%s\right)^{-1}Z^{\top}\underline{b}$" "\n"


@pytest.mark.parametrize("words", [
    "Conventions: vectors are underlined ($\\underline{v}$), matrices plain capitals",
    "Vectors are written with an underline.",
    "an underline marks a vector", "underlined letters are vectors",
])
def test_the_words_that_announce_it(words):
    assert announced(words) is not None


@pytest.mark.parametrize("words", [
    "the lower bound $\\underline{v}$ is underlined", "vectors are bold; key terms underlined",
    "we underline the important results",
])
def test_words_that_do_not(words):
    assert announced(words) is None


def test_only_math_after_the_words_is_rewritten():
    text = ("Before: $\\underline{v}$.\nvectors are underlined\n"
            "$\\underline{v}_k + \\underline{\\theta}$ and \\underline{a word}\n")
    out = with_underlined_vectors(text)
    assert out.count("\n") == text.count("\n")
    first, _, third = out.split("\n")[:3]
    assert first == "Before: $\\underline{v}$."
    assert third == "$\\mathbf{v}_k + \\mathbf{\\theta}$ and \\underline{a word}"
    assert with_underlined_vectors(UNSAID + "$\\underline{v}$") == UNSAID + "$\\underline{v}$"


def _decided(text: str):
    (f,) = [f for f in audit_text(text) if "=" in f.latex]
    return f


@pytest.mark.parametrize("right, slip", [(ADAM % "^k", ADAM % ""),
                                         (LSQ % r"Z^{\top}Z", LSQ % r"Z Z^{\top}")])
def test_announced_underlines_are_read_as_the_claims_vectors(right, slip):
    assert _decided(SAID + right).verdict == "ok"
    assert _decided(SAID + slip).verdict == "wrong"


def test_without_the_words_an_underlined_name_is_no_claim_name():
    assert _decided(UNSAID + ADAM % "").verdict == "unchecked"
