"""A word naming a kind of matrix (projection, idempotent, orthonormal, ...) narrows no claim
that declares no matrix or vector (qualifiers.py): beside a parameter count of sizes alone it
names layers, and a refuted count is wrong, not "that special case"."""
from audit_helpers import audit_text


def _verdicts(text: str) -> list[tuple[str, str | None]]:
    return [(f.verdict, f.claim) for f in audit_text(text)]


_SHEET = ("# Self-attention size\n\n| Part | Formula |\n|---|---|\n"
          "| all four projections of multi-head attention, with biases, width $m$ "
          "| ${count}$ parameters |\n")


def test_a_count_of_sizes_beside_projections_is_decided():
    # (before: "the sheet says 'projection' here, which the claim does not assume")
    assert ("wrong", "transformer.attention_parameters") in \
        _verdicts(_SHEET.format(count="3m^2 + 3m"))
    assert ("ok", "transformer.attention_parameters") in \
        _verdicts(_SHEET.format(count="4m^2 + 4m"))


def test_a_claim_with_matrices_is_still_narrowed_by_the_word():
    from cheatsheet.catalog import get_catalog
    from cheatsheet.verify.audit.qualifiers import _narrows_nothing

    catalog = get_catalog()
    sizes_only = catalog["transformer.attention_parameters"]
    with_matrix = catalog["linreg.normal_equations"]
    assert _narrows_nothing("projection", sizes_only)
    assert not _narrows_nothing("projection", with_matrix)
    # a word with a meaning for numbers too keeps narrowing any claim
    assert not _narrows_nothing("diagonal", sizes_only)
