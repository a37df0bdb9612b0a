"""E[x_B | x_A] and Cov[x_B | x_A] of vectors name the claim's conditional mean mu_{B|A} and
covariance Sigma_{B|A} (verify/audit/conditional_names.py): the right sides are compared.

Without it the reader refused the left side (a conditional expectation of a vector), so the
right conditional mean stayed unchecked and a block typo in it too.
"""
from __future__ import annotations

from audit_helpers import audit_text

HEAD = "# Conditional mean and covariance of a Gaussian block given the other block\n\n"
BLOCKS = ("Blocks: $S_{PP} \\in \\mathbb{R}^{p \\times p}$, "
          "$S_{PQ} \\in \\mathbb{R}^{p \\times q}$, "
          "$S_{QP} \\in \\mathbb{R}^{q \\times p}$, $S_{QQ} \\in \\mathbb{R}^{q \\times q}$, "
          "$\\mathbf{x}_P, \\nu_P \\in \\mathbb{R}^p$, "
          "$\\mathbf{x}_Q, \\nu_Q \\in \\mathbb{R}^q$.\n\n")
MEAN = ("\\mathbb{E}[\\mathbf{x}_Q \\mid \\mathbf{x}_P] = "
        "\\nu_Q + S_{QP} S_{PP}^{-1} (\\mathbf{x}_P - \\nu_P)")
COV = "\\operatorname{Cov}[\\mathbf{x}_Q \\mid \\mathbf{x}_P] = S_{QQ} - S_{QP} S_{PP}^{-1} S_{PQ}"


def _last(formula: str):
    return audit_text(HEAD + BLOCKS + f"$${formula}$$\n")[-1]


def test_the_conditional_mean_written_as_an_expectation_holds():
    f = _last(MEAN)
    assert (f.verdict, f.claim) == ("ok", "gauss.conditional-mean"), f.reason


def test_the_conditional_covariance_written_as_cov_holds():
    f = _last(COV)
    assert (f.verdict, f.claim) == ("ok", "gauss.conditional-covariance"), f.reason


def test_a_transposed_block_in_the_conditional_mean_is_wrong():
    f = _last(MEAN.replace("S_{QP} S_{PP}", "S_{PQ} S_{PP}"))
    assert (f.verdict, f.claim) == ("wrong", "gauss.conditional-mean"), f.reason


def test_the_other_block_conditioned_names_nothing():
    """E[x_P | x_Q] is not the claim's mean of block Q given P: no reading, so no verdict
    from comparing the right sides."""
    f = _last(MEAN.replace("[\\mathbf{x}_Q \\mid \\mathbf{x}_P]",
                           "[\\mathbf{x}_P \\mid \\mathbf{x}_Q]"))
    assert f.verdict != "wrong" and f.claim != "gauss.conditional-mean", f.reason


def test_an_expectation_does_not_name_the_covariance():
    f = _last(COV.replace("\\operatorname{Cov}", "\\mathbb{E}"))
    assert f.verdict != "wrong", f.reason
    assert not (f.verdict == "ok" and f.claim == "gauss.conditional-covariance"), f.reason


def test_an_aligned_block_names_them_too():
    # the alignment mark before the relation (``&=`` in an aligned block) is no part of the
    # left side: numbered blocks (block_labels.py) in a two-line aligned block
    sheet = ("## Conditioning\n\nBlocks $\\mathbf{K}_{11}, \\mathbf{K}_{12}, \\mathbf{K}_{22}$ of "
             "the covariance of $(\\mathbf{v}_1, \\mathbf{v}_2)$:\n\n$$\n\\begin{aligned}\n"
             "\\mathbb{E}\\left[\\mathbf{v}_2 \\mid \\mathbf{v}_1\\right] &= \\boldsymbol{\\mu}_2"
             " + \\mathbf{K}_{21}\\mathbf{K}_{11}^{-1}\\left(\\mathbf{v}_1 - \\boldsymbol{\\mu}_1"
             "\\right) \\\\\n\\operatorname{Cov}\\left[\\mathbf{v}_2 \\mid \\mathbf{v}_1\\right] &= "
             "\\mathbf{K}_{22} - \\mathbf{K}_{21}\\mathbf{K}_{11}^{-1}\\mathbf{K}_{12}\n"
             "\\end{aligned}\n$$\n")
    found = [(f.verdict, f.claim) for f in audit_text(sheet) if "&=" in f.latex]
    assert found == [("ok", "gauss.conditional-mean"), ("ok", "gauss.conditional-covariance")], \
        found
