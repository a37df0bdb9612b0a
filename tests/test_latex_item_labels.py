"""A LaTeX list item's label names the bare value after it, as a Markdown item's does
(latexdoc.py through row_labels.item_name): "\\item receptive field: $n(k - 1) + 1$"."""
from audit_helpers import audit_text

_DOC = ("\\documentclass{article}\n\\begin{document}\n\\section{Layer sizes}\n"
        "\\begin{itemize}\n\\item %s\n\\end{itemize}\n\\end{document}\n")


def _verdicts(item: str) -> list[tuple[str, str | None]]:
    return [(f.verdict, f.claim) for f in audit_text(_DOC % item, name="sizes.tex")]


def test_a_labelled_bare_value_in_a_latex_item_is_read_with_its_label():
    # (before: "states no relation", the label's words were not read as its left side)
    assert ("ok", "rf.stacked_stride_one") in _verdicts(r"receptive field: $n(k - 1) + 1$")
    assert ("ok", "conv.params_square_kernel") in _verdicts(r"parameters: $(F^2 C + 1)\,K$")


def test_the_label_is_read_for_the_item_it_opens_only():
    from cheatsheet.sheets import read_sheet

    items = "receptive field: $n(k - 1) + 1$\n\\item $n(k - 1) + 1$ grows with the depth"
    sheet = read_sheet("sizes.tex", _DOC % items)
    assert [s.item_named for s in sheet.segments] == [r"\operatorname{receptive field}", ""]
