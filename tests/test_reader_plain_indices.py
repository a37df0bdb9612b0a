"""Plain-text math writes an index by running a number into a letter: ``s1``, ``m2``, ``x0``;
an accent as a word after the letter (``xbar``) and a sum as ``sum(...)``
(cheatsheet/latex/_plain_text.py ``plain_indices``, ``plain_words``). Read as products, ``s2 / s1`` became
``s (2/s) 1`` and no claim resembled the line; read as ``s_2 / s_1`` a plain-text KL of two
normal laws is found and decided. The name of a divergence alone as the left side
(``KL = ...``) names its value, as ``D_KL = ...`` does (cheatsheet/match/tokens.py).
"""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.latex import _pre


def _read(text: str) -> str:
    return " ".join(_pre.tokens(text))


def test_a_number_run_into_a_letter_is_its_index_in_plain_text():
    assert _read("b2 / b1") == "b _ { 2 } / b _ { 1 }"
    assert _read("(a1 - a2)^2") == "( a _ { 1 } - a _ { 2 } ) ^ 2"


def test_words_numbers_and_tex_are_left_alone():
    assert _read("log2(x)") == "l o g 2 ( x )"  # the end of a word, not a letter
    assert "_" not in _read("1e5 + 3")  # a number's exponent
    assert "_" not in _read("x2y")  # the number runs on into a letter
    assert _read(r"\Sigma_{k1} + x2") == r"\Sigma _ { k 1 } + x 2"  # TeX: not plain text


# the KL of two normal laws, in letters of our own (means a1, a2, deviations b1, b2)
KL = ("NOTES\n\nKL divergence between two normal laws: "
      "$KL = log(b2 / b1) + (b1^2 + (a1 - a2)^2) / (2 * b2^2) - 0.5$\n")


def test_a_plain_text_kl_of_normal_laws_is_read_and_holds():
    f = audit_text(KL, name="notes.txt")[-1]
    assert (f.verdict, f.claim) == ("ok", "kl.gaussians_log_ratio")


def test_its_typo_is_never_called_right():
    typo = audit_text(KL.replace("(2 * b2^2)", "(2 * b1^2)"), name="notes.txt")[-1]
    assert typo.verdict != "ok"


def test_accent_words_and_big_operators_in_plain_text():
    """``ubar``, ``muhat``: the accented letter; ``sum(...)``: the sum over the bracket's
    terms (plain_words). Not in TeX, not inside a longer word."""
    assert _read("ubar + muhat") == r"\bar { u } + \hat { \mu }"
    assert _read("sum((u_k - ubar)^2)").startswith(r"\sum ( ( u _ k - \bar { u } )")
    assert "\\sum" not in _read("summary(x)") and "\\bar" not in _read("xbarz")
    assert "\\hat" not in _read("f(x) for x that y")  # a word, not t with a hat
    assert _read(r"\bar{x} = sum(x)").endswith("s u m ( x )")


# the least-squares slope in letters of our own (points (u_k, v_k), slope c1)
SLOPE = ("FITTING A LINE\n\nleast-squares slope of v on u: "
         "$c1 = sum((u_k - ubar)*(v_k - vbar)) / sum(({} - {})^2)$\n")


def test_a_plain_text_slope_is_read_and_holds():
    right = audit_text(SLOPE.format("u_k", "ubar"), name="fit.txt")[-1]
    typo = audit_text(SLOPE.format("v_k", "vbar"), name="fit.txt")[-1]
    assert (right.verdict, right.claim) == ("ok", "linreg.simple_slope")
    assert typo.verdict != "ok"
