"""A transpose set in a font (``A^{\\mathsf T}``, ``A^\\mathrm{T}``, ``A^{\\rm T}``, as Strang and
the CS229 notes typeset it) is the transpose ``^\\top``: the matcher compares it as one, and the
T in a font never turns the formula's other ``^T`` into powers of a letter T."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.match.tokens import keys, tokenize


def same(a: str, b: str) -> bool:
    return keys(tokenize(a)) == keys(tokenize(b))


def test_a_transpose_in_a_font_compares_as_the_transpose():
    for written in (r"M^{\mathsf T}", r"M^\mathsf{T}", r"M^{\mathsf{T}}", r"M^{\mathrm{T}}",
                    r"M^{\rm T}", r"M^{\text{T}}"):
        assert same(written + r" N", r"M^\top N"), written
    # one T in a font no longer makes the plain ^T beside it the power of a letter T
    assert same(r"M^{\mathsf T} M q = M^T r", r"M^\top M q = M^\top r")


def test_other_superscripts_in_a_font_stay_what_they_are():
    assert not same(r"\theta^{\text{new}}", r"\theta^\top")
    assert not same(r"q^{\mathrm{T}_1}", r"q^\top")
    # beside a letter T (w_T), a plain ^T stays a power, a T in a font stays a transpose
    assert same(r"w_T + M^{\mathsf T}", r"w_T + M^\top")


def test_a_typo_in_a_sheet_that_sets_its_transposes_upright_is_caught():
    text = "## Pseudoinverse\n\nFull column rank: $M^{+} = (M^{\\mathsf T} M)^{-1} RIGHT$\n"
    right = audit_text(text.replace("RIGHT", r"M^{\mathsf T}"))
    typo = audit_text(text.replace("RIGHT", r"M^{\mathsf T} M"))
    assert [(f.verdict, f.claim) for f in right] == [("ok", "pinv.full_column_rank")]
    assert [(f.verdict, f.claim) for f in typo] == [("wrong", "pinv.full_column_rank")]
