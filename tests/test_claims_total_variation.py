"""Total variation and Pinsker's inequality (facts red-team sheets state that the catalog
lacked): the information check computes TV from the sampled pmfs as half their L1 distance,
so a sheet's TV or delta(P, Q) bound is compared with the truth, never with a formula."""
from __future__ import annotations

import numpy as np
import pytest

from audit_helpers import audit_text, catalog, claim_verdict
from cheatsheet.verify.checks.information import FUNCTIONS
from cheatsheet.verify.evaluate import Val

CLAIMS = ["tv.definition", "pinsker.inequality"]


def test_total_variation_is_the_largest_gap_over_events():
    p, q = np.array([0.5, 0.3, 0.2]), np.array([0.2, 0.3, 0.5])
    as_val = lambda a: Val(a.reshape(1, 3, 1), mat=True)  # noqa: E731
    got = FUNCTIONS["TV"](as_val(p), as_val(q)).arr
    assert np.allclose(got, 0.3)  # the event {first outcome}: 0.5 - 0.2


@pytest.mark.parametrize("claim", CLAIMS)
def test_the_canonical_form_holds_and_every_recorded_wrong_form_fails(claim):
    c = catalog()[claim]
    assert claim_verdict(c.id, c.latex, seed=6) in ("passed", "proved")
    for wrong in c.wrong:
        assert claim_verdict(c.id, wrong, seed=6) == "refuted", wrong


SHEET = ("# Comparing two laws\n\n"
         "- Pinsker's inequality, divergence in nats: $PINSKER$\n"
         "- Total variation distance of two pmfs: $TVDEF$\n")


def _findings(pinsker, tv):
    text = SHEET.replace("PINSKER", pinsker).replace("TVDEF", tv)
    return {f.claim: f.verdict for f in audit_text(text) if f.claim in CLAIMS}


def test_right_lines_in_other_letters_are_ok():
    got = _findings(r"\delta(F, G) \leq \sqrt{\tfrac{1}{2} D(F \,\|\, G)}",
                    r"\mathrm{TV}(f, g) = \frac{1}{2}\sum_{j=1}^{m} |f_j - g_j|")
    assert got == {"pinsker.inequality": "ok", "tv.definition": "ok"}


def test_slips_are_wrong():
    got = _findings(r"\delta(F, G) \leq \tfrac{1}{2} D(F \,\|\, G)",
                    r"\mathrm{TV}(f, g) = \frac{1}{2}\sum_{j=1}^{m} |f_j - g_j|^2")
    assert got == {"pinsker.inequality": "wrong", "tv.definition": "wrong"}


@pytest.mark.parametrize("pinsker, tv", [
    (r"\mathrm{TV}(F, G) \leq \sqrt{\tfrac{\ln 2}{2} D(F \,\|\, G)}",  # D in bits
     r"\mathrm{TV}(f, g) = \sum_{j=1}^{m} |f_j - g_j|"),  # the norm of the signed measure
])
def test_forms_right_under_another_convention_are_never_wrong(pinsker, tv):
    assert "wrong" not in _findings(pinsker, tv).values()
