"""A sheet's size declarations place its letters in the claim's roles (verify/audit/
declared_sizes.py): "$S_{PQ} \\in \\mathbb{R}^{p \\times q}$ ..." before a Gaussian conditional
mean written with S for Sigma and nu for mu says the renaming as plainly as words would.

Without it, a block typo (S_{PQ} for S_{QP}, S_{PP} for its inverse) under a heading that names
the claim only in part stayed unchecked: "most symbols would have to be renamed".
"""
from __future__ import annotations

import pytest

from audit_helpers import audit_text

HEAD = "# Gaussian conditioning\n\n"
BLOCKS = ("Blocks: $S_{PP} \\in \\mathbb{R}^{p \\times p}$, "
          "$S_{PQ} \\in \\mathbb{R}^{p \\times q}$, "
          "$S_{QP} \\in \\mathbb{R}^{q \\times p}$, $\\mathbf{x}_P, \\nu_P \\in \\mathbb{R}^p$, "
          "$\\nu_Q \\in \\mathbb{R}^q$.\n\n")
RIGHT = "\\nu_{Q|P} = \\nu_Q + S_{QP} S_{PP}^{-1} (\\mathbf{x}_P - \\nu_P)"
TYPOS = [
    "\\nu_{Q|P} = \\nu_Q + S_{PQ} S_{PP}^{-1} (\\mathbf{x}_P - \\nu_P)",  # block transposed
    "\\nu_{Q|P} = \\nu_Q + S_{QP} S_{PP} (\\mathbf{x}_P - \\nu_P)",  # inverse lost
]


def _last(text: str):
    return audit_text(text)[-1]


@pytest.mark.parametrize("typo", TYPOS)
def test_a_block_typo_with_declared_blocks_is_wrong(typo):
    f = _last(HEAD + BLOCKS + f"$${typo}$$\n")
    assert (f.verdict, f.claim) == ("wrong", "gauss.conditional-mean"), f.reason


def test_the_right_conditional_mean_with_declared_blocks_holds():
    assert _last(HEAD + BLOCKS + f"$${RIGHT}$$\n").verdict == "ok"


@pytest.mark.parametrize("typo", TYPOS)
def test_without_declarations_the_renaming_stays_a_guess(typo):
    assert _last(HEAD + f"$${typo}$$\n").verdict != "wrong"


def test_declarations_that_place_the_letters_otherwise_make_no_typo():
    """S_{PQ} declared q x p is the claim's Sigma_BA in the sheet's notation: S_{PQ} S_{PP}^{-1}
    is then well formed and right, never a transposed block."""
    blocks = BLOCKS.replace("S_{PQ} \\in \\mathbb{R}^{p \\times q}",
                            "S_{PQ} \\in \\mathbb{R}^{q \\times p}") \
        .replace("S_{QP} \\in \\mathbb{R}^{q \\times p}", "S_{QP} \\in \\mathbb{R}^{p \\times q}")
    assert _last(HEAD + blocks + f"$${TYPOS[0]}$$\n").verdict != "wrong"
