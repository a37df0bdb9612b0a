"""In a .tex sheet an ``\\item`` ends the block before it, as a Markdown list item does.

Red team 23's exam card listed MGFs in an itemize: the normal one ended its item and the next
item began "Laplace with location 0 and scale b"; read as one paragraph, those words were the
normal MGF's `after` words, named the Laplace claim, and its check called the right normal MGF
wrong. Here in other letters (argument r, mean c, variance w)."""
from __future__ import annotations

from cheatsheet.sheets import read_sheet

DOC = ("\\documentclass{article}\n\\begin{document}\n\\section{Transforms}\n"
       "Moment generating functions in $r$:\n"
       "\\begin{itemize}\n"
       "\\item $\\mathcal{N}(c, w)$: $G_Y(r) = \\exp\\left(c r + \\frac{w r^2}{2}\\right)$\n"
       "\\item Laplace with location $c$ and scale $h$: $G_Y(r) = \\frac{e^{c r}}{1 - h^2 r^2}$\n"
       "\\item $G_{Y+Z}(r) = G_Y(r)\\,G_Z(r)$ for independent $Y$, $Z$\n"
       "\\end{itemize}\n"
       "\\end{document}\n")


def _segment(sheet, start):
    (seg,) = [s for s in sheet.segments if s.latex.startswith(start)]
    return seg


def test_an_item_does_not_take_the_next_items_words():
    seg = _segment(read_sheet("card.tex", DOC), "G_Y(r) = \\exp")
    assert "Laplace" not in seg.after and "Laplace" not in seg.block, (seg.after, seg.block)


def test_a_later_item_opening_with_math_takes_no_lead():
    seg = _segment(read_sheet("card.tex", DOC), "G_{Y+Z}")
    assert "Laplace" not in seg.lead and "Laplace" not in seg.before, (seg.lead, seg.before)
    assert seg.lead == "", seg.lead
