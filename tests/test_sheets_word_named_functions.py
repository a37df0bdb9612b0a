"""A function named by an upright word the reader does not know (\\operatorname{Bump},
\\mathrm{Wave}) is defined like a letter function: its derivative written with a prime after
the definition is read with the body put in (cheatsheet/sheets/definitions.py)."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.sheets.definitions import definition_of, put_in

BUMP = r"\operatorname{Bump}(s) = s^{2} e^{-s}"


def test_a_word_named_function_is_a_definition():
    d = definition_of(BUMP, 4)
    assert (d.name, d.variable, d.body) == (r"\operatorname{Bump}", "s", "s^{2} e^{-s}")
    w = definition_of(r"\mathrm{Wave}(r) = r\cos(r)", 1)
    assert (w.name, w.variable) == (r"\mathrm{Wave}", "r")
    # a word the reader reads as its own function keeps that reading
    assert definition_of(r"\operatorname{softplus}(q) = \log(1 + e^{q})", 1) is None
    assert definition_of(r"\operatorname{ReLU}(q) = \max(0, q)", 1) is None
    # ... and one naming a law gives its MGF or density, it defines no function
    assert definition_of(r"\text{Pois}(\lambda) = e^{\lambda(e^{t} - 1)}", 1) is None
    assert definition_of(r"\mathrm{Bern}(p) = p^{k}(1 - p)^{1 - k}", 1) is None
    # one letter in a font is no word (\mathrm{g}(z) stays the letter case's business)
    assert definition_of(r"\mathrm{g}(z) = z^{3}", 1) is None


def test_its_primed_derivative_is_put_in():
    d = definition_of(BUMP, 4)
    assert put_in(r"\operatorname{Bump}'(s) = (2s - s^{2})e^{-s}", [d]) == (
        r"\frac{d}{ds}\left(s^{2} e^{-s}\right) = (2s - s^{2})e^{-s}")


def _last(text: str):
    return audit_text(text)[-1]


def test_a_right_derivative_of_a_word_named_function_holds():
    f = _last(f"Bump: ${BUMP}$ and $\\operatorname{{Bump}}'(s) = (2s - s^{{2}})e^{{-s}}$\n")
    assert f.verdict == "ok", f.reason
    assert "put in" in f.reason


def test_a_slip_in_that_derivative_is_caught():
    # (unreadable before: a prime on a word the reader does not know)
    f = _last(f"Bump: ${BUMP}$ and $\\operatorname{{Bump}}'(s) = (2s + s^{{2}})e^{{-s}}$\n")
    assert f.verdict == "wrong", f.reason
    g = _last("Wave: $\\mathrm{Wave}(r) = r\\cos(r)$, so "
              "$\\mathrm{Wave}'(r) = \\cos(r) + r\\sin(r)$\n")
    assert g.verdict == "wrong", g.reason


def test_a_derivative_stated_on_another_range_than_the_definition_is_not_condemned():
    found = audit_text("Ramp: $\\operatorname{Ramp}(s) = e^{s} - 1$ for $s \\le 0$ and "
                       "$\\operatorname{Ramp}'(s) = 1$ for $s > 0$\n")
    (f,) = [f for f in found if "Ramp}'" in f.latex]
    assert f.verdict != "wrong", f.reason
