"""Numbered blocks of a partitioned matrix read as lettered ones (cheatsheet/match/block_labels.py):
a sheet's K_{21} K_{11}^{-1} pairs with the catalog's Sigma_{BA} Sigma_{AA}^{-1}, so the claim is
found and decided; entries of a row (a_{11}, a_{1n}) and a lone x_{12} keep their labels."""
from __future__ import annotations

from audit_helpers import audit_text, matcher
from cheatsheet.match.align import correspondence
from cheatsheet.match.token_text import compared, keys
from cheatsheet.match.tokens import tokenize

NUMBERED = r"\mathbf{K}_{2|1} = \mathbf{K}_{22} - \mathbf{K}_{21}\mathbf{K}_{11}^{-1}\mathbf{K}_{12}"
LETTERED = r"\mathbf{K}_{q|p} = \mathbf{K}_{qq} - \mathbf{K}_{qp}\mathbf{K}_{pp}^{-1}\mathbf{K}_{pq}"


def _stream(latex: str) -> list[str]:
    return compared(keys(tokenize(latex)))


def test_block_numbers_compare_as_block_letters():
    assert _stream(NUMBERED) == _stream(LETTERED)
    mapping = correspondence(tokenize(NUMBERED), tokenize(LETTERED))
    assert mapping["2"] == "q" and mapping["1"] == "p", mapping


def test_spaced_block_numbers_read_like_unspaced_ones():
    # `_{2 1}` (a space between the digits, as renamed or hand-typed forms have) is block 2, 1
    spaced = NUMBERED.replace("{22}", "{2 2}").replace("{21}", "{2 1}").replace("{12}", "{1 2}")
    assert _stream(spaced) == _stream(NUMBERED)


def test_a_vector_block_is_numbered_like_the_matrix_blocks():
    # m_2 beside K_{21}: the second block of the mean, renamed with the block numbers
    toks = tokenize(r"\mathbf{m}_{2|1} = \mathbf{m}_2 + \mathbf{K}_{21}\mathbf{K}_{11}^{-1}"
                    r"(\mathbf{v}_1 - \mathbf{m}_1)")
    assert "m_2" not in {t.ident for t in toks}
    assert [t.ident for t in toks[:1]] == ["m"]


def test_entries_and_lone_numbers_keep_their_labels():
    # a row's entries (a lettered subscript of the same base), lower-case entries, a single
    # numbered name: no blocks, the number stays part of the name
    for latex, name in [(r"\det A = A_{11}C_{11} + A_{12}C_{12} + A_{1n}C_{1n}", "A_11"),
                        (r"d = a_{11}a_{22} - a_{12}a_{21}", "a_12"),
                        (r"x_{12} = x_{1} + 2", "x_12"),
                        (r"x_1 + x_2 = S_{11}", "x_1")]:
        assert name in {t.ident for t in tokenize(latex)}, latex
    # two blocks of one matrix: its mu_1 is the first block of a vector
    assert "mu_1" not in {t.ident for t in tokenize(r"\Sigma_{12} = \Sigma_{21}^T + \mu_1")}


def test_the_lettered_claim_is_found_for_numbered_blocks():
    (best, *_) = matcher().candidates(NUMBERED, "conditional covariance of a Gaussian block")
    assert best.claim_id == "gauss.conditional-covariance", best.claim_id
    assert best.mapping.get("2") == "B" and best.mapping.get("1") == "A", best.mapping


_SHEET = ("## Conditioning a joint Gaussian\n\nThe covariance is cut into blocks by the split "
          "$(\\mathbf{v}_1, \\mathbf{v}_2)$.\n\n- given block 1: $\\mathbf{K}_{2|1} = "
          "\\mathbf{K}_{22} {SIGN} \\mathbf{K}_{21}\\mathbf{K}_{11}^{-1}\\mathbf{K}_{12}$\n")


def test_numbered_blocks_are_decided_as_the_lettered_claim():
    for sign, verdict in (("-", "ok"), ("+", "wrong")):
        found = [f for f in audit_text(_SHEET.replace("{SIGN}", sign)) if "K}_{2|1}" in f.latex]
        assert [f.verdict for f in found] == [verdict], [f.reason for f in found]
        assert found[0].claim == "gauss.conditional-covariance"


def test_a_precision_read_as_a_claims_numbered_covariance_is_not_sure():
    # the conditional law in precision form (P = Sigma^{-1}) with lettered blocks P_{yy}, P_{yx},
    # in the vectors a and means u that the numbered claim gauss.conditioning also uses: read
    # as the blocks of that claim's covariance it would be a sign and block slip, but taking
    # one matrix for another is no sure reading (test_audit_decide has the numbered case)
    text = ("# Gaussian conditioning, precision form\n\nWith the precision matrix "
            "$P = \\Sigma^{-1}$ of the joint law of $(\\mathbf{a}_x, \\mathbf{a}_y)$:\n\n"
            "- Conditioning (precision form): $p(\\mathbf{a}_y | \\mathbf{a}_x) = "
            "\\mathcal{N}(\\mathbf{a}_y | \\mathbf{u}_y - P_{yy}^{-1}P_{yx}(\\mathbf{a}_x - "
            "\\mathbf{u}_x), P_{yy}^{-1})$\n")
    last = audit_text(text)[-1]
    assert last.verdict != "wrong", last.reason
