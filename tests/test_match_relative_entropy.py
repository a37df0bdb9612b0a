"""``D(p \\| q)``, Cover and Thomas' relative entropy, is the KL divergence: read as such, its
typo (the laws' roles swapped) is the catalog's recorded one (red team 10, missed typo M1)."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.match.tokens import tokenize


def test_a_bare_d_of_two_laws_parted_by_a_double_bar_is_the_kl_operator():
    assert tokenize(r"D(p \| q)")[0].norm == "KL"
    assert tokenize(r"D(p \parallel q)")[0].norm == "KL"
    assert tokenize(r"D(x) = 2x")[0].ident == "D"  # any other D is a name
    assert tokenize(r"D_f(p \| q)")[0].norm != "KL"  # an f-divergence has its label


def test_relative_entropy_written_d_is_decided_as_kl():
    text = "## Relative entropy\n- $D(p \\| q) = \\sum_{i=1}^{n} LAW_i \\log \\frac{LAW_i}{OTHER_i}$\n"
    right = text.replace("LAW", "p").replace("OTHER", "q")
    typo = text.replace("LAW", "q").replace("OTHER", "p")
    assert [(f.verdict, f.claim) for f in audit_text(right) if "D(" in f.latex] == \
        [("ok", "kl.definition")]
    assert [(f.verdict, f.claim) for f in audit_text(typo) if "D(" in f.latex] == \
        [("wrong", "kl.definition")]
