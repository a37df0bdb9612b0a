"""Plain-text math (``exp(a*u + b^2*u^2/2)``) is compared with the catalog's LaTeX as the same
notation: a function typed as a word is TeX's command (``exp`` is ``\\exp``, ``ln`` is
``\\log``), and a ``*`` between two operands is a product, which LaTeX writes by juxtaposition
(cheatsheet/match/tokens.py ``_FUNCTION_WORDS``, ``compared``).  Before, every product and
every function of a plain-text line counted as a difference from the catalog's form, so a
typo there was too far from its claim to be checked at all ("no claim of the catalog states
this"), while its right form, one difference closer, just held.
"""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.match.tokens import compared, keys, tokenize


def _stream(latex: str) -> list[str]:
    return compared(keys(tokenize(latex)))


def test_a_function_typed_as_a_word_is_the_command():
    assert _stream("y = exp(a) + ln(b)") == _stream(r"y = \exp(a) + \log(b)")
    assert _stream(r"y = \mathrm{exp}(a)") == _stream(r"y = \exp(a)")
    # capitalised it names a law (the exponential law with rate r), not the function
    assert _stream(r"\mathrm{Exp}(r) = \frac{r}{r - u}") != _stream(r"\exp(r) = \frac{r}{r - u}")


def test_a_star_between_operands_is_a_product():
    assert _stream("q = a*u + b^2 * u^2") == _stream("q = a u + b^2 u^2")
    assert _stream("q = 2*(a + b)") == _stream("q = 2 (a + b)")
    # a star that ends the formula, or follows a relation, is no product
    assert "*" in _stream("q = a *")


# the normal law's MGF in letters of our own (mean m, standard deviation s, argument u)
MGF = ("GAUSSIAN LAW NOTES\n\nnormal law with mean $m$ and standard deviation $s$, its mgf: "
       "$G(u) = exp(m*u + {} * u^2 / 2)$\n")


def test_a_plain_text_mgf_typo_is_wrong_and_its_right_form_ok():
    right = audit_text(MGF.format("s^2"), name="notes.txt")
    typo = audit_text(MGF.format("s"), name="notes.txt")
    assert [(f.verdict, f.claim) for f in right][-1] == ("ok", "mgf.normal")
    assert [(f.verdict, f.claim) for f in typo][-1] == ("wrong", "mgf.normal")
