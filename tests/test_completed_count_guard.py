"""A count written in the sheet's own letter (n where the claim writes N) and placed on the
claim's count by a completion renames no quantity: a kind clash that remains (a scalar
x^T x for a covariance matrix) is the formula's, not the renaming's (confidence.py,
_renames_quantities; excuses.py, _count_placed)."""
from __future__ import annotations

from types import SimpleNamespace

from audit_helpers import audit_text

EM = ("# EM for mixtures of Gaussians\n\nE-step weights $r_{{ik}}$; soft counts\n\n"
      "$$N_k = \\sum_{{i=1}}^{{n}} r_{{ik}}$$\n\nM-step covariance:\n\n"
      "$$\\Sigma_k = \\frac{{1}}{{N_k}} \\sum_{{i=1}}^{{n}} r_{{ik}} {body}$$\n")


def test_an_inner_product_for_the_covariance_is_wrong_with_the_count_renamed():
    f = audit_text(EM.format(body="(x_i - \\mu_k)^{\\top} (x_i - \\mu_k)"))[-1]
    assert (f.verdict, f.claim) == ("wrong", "gmm.mstep_covariance"), f.reason


def test_the_outer_product_with_the_count_renamed_is_not_wrong():
    f = audit_text(EM.format(body="(x_i - \\mu_k)(x_i - \\mu_k)^{\\top}"))[-1]
    assert f.verdict == "ok", f.reason


def test_only_renamings_onto_quantities_count():
    from cheatsheet.symbols import Declarations
    from cheatsheet.verify.audit.confidence import _renames_quantities

    decls = Declarations.from_mapping({"N": "dim", "i": "index(N)", "H": "matrix(N, N)"})
    reading = SimpleNamespace(decls=decls)

    def renames(mapping):
        return _renames_quantities(SimpleNamespace(mapping=mapping), reading)

    assert not renames({"n": "N", "j": "i", "H": "H"})  # a count and an index
    assert renames({"n": "N", "x": "H"})  # the sheet's x read as the claim's matrix
    assert renames({"y": "z"})  # onto a name the claim does not declare: assume the worst


def test_a_precision_written_for_the_covariance_stays_unflagged():
    """Lambda_k^{-1} and nu_k for the claim's Sigma_k and mu_k, with the count n: right,
    and the renaming of quantities, not the count, is what the check trips on."""
    text = EM.replace("\\Sigma_k", "\\Lambda_k^{{-1}}").replace("\\mu_k", "\\nu_k")
    f = audit_text(text.format(body="(x_i - \\nu_k)(x_i - \\nu_k)^{\\top}"))[-1]
    assert f.verdict != "wrong", f.reason
