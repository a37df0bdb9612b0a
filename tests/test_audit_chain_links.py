"""A claim stated as a chain ``A = B = C`` is also compared link by link (``A = B``, ``A = C``:
cheatsheet/match/index.py ``chain_links``), since a sheet writes one link alone as often as
the whole chain. Compared with the whole chain, a typo in one link differed from it in the
missing link as much as in the typo, and stayed unchecked ("no claim of the catalog states
this"). The words "false positive rate", "false alarms" name a test's counts: they no longer
read as the sheet marking its formula as a mistake (verify/audit/caveats.py ``_MISTAKE``).
"""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.match.index import chain_links
from cheatsheet.verify.audit.caveats import not_the_rule


def test_a_chain_of_equalities_gives_its_links():
    assert chain_links(r"u = \frac{a}{a + b} = 1 - v") == [r"u = \frac{a}{a + b}", "u = 1 - v"]
    # an equality inside brackets or a sum's index is no link; a chain with another relation
    # is not split (a link of "H = ... >= 0" is no equality of the claim)
    assert chain_links(r"\sum_{i=1}^n x_i = y") == []
    assert chain_links(r"H = -\sum_i p_i \log q_i = \mathbb{E}[-\log q] \ge 0") == []


# in a layout and wording of our own: upright fonts, the rate called fall-out
FALLOUT = ("## Detection rates\n\n- fall-out (false alarm rate): "
           "$\\mathrm{FPR} = \\dfrac{\\mathrm{FP}}{\\mathrm{FP} + \\mathrm{%s}}$\n")


def test_one_link_of_a_chain_typed_wrong_is_wrong_and_right_ok():
    typo = audit_text(FALLOUT % "TP")[-1]
    right = audit_text(FALLOUT % "TN")[-1]
    assert (typo.verdict, typo.claim) == ("wrong", "metrics.fpr")
    assert (right.verdict, right.claim) == ("ok", "metrics.fpr")


def test_a_rates_name_is_no_mark_of_a_mistake():
    from types import SimpleNamespace

    seg = SimpleNamespace(before="false positive rate:", lead="", headings=[])
    assert not_the_rule(seg) == ""
    assert not_the_rule(SimpleNamespace(before="a false formula:", lead="", headings=[]))
