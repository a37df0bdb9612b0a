"""The quiz's LaTeX-to-Unicode conversion builds pylatexenc's parser specs once per process
(quiz/render.py ``_walker_context``): rebuilt for every piece of every formula they were ~30%
of the conversion's time, and the suite converts the whole catalog several times."""
from __future__ import annotations

import pylatexenc.latexwalker as latexwalker

from cheatsheet.quiz.render import to_unicode

# formulas of our own (no claim's), each converted piece by piece (scripts, fractions, roots)
FORMS = {
    r"\zeta_{k}^{2} + \frac{\omega}{\lambda_j}": "ζₖ² + ω/λⱼ",
    r"\sqrt{\varrho^{3}} \leq \log_{2} \frac{u}{v}": "√ϱ³ ≤ log₂(u/v)",
    r"\| r_{t+1} \|^2 = s^\top s": "‖ rₜ₊₁ ‖² = sᵀ s",
}


def test_the_parser_specs_are_built_at_most_once_and_the_text_is_unchanged(monkeypatch):
    real = latexwalker.get_default_latex_context_db
    built = []
    monkeypatch.setattr(latexwalker, "get_default_latex_context_db",
                        lambda: built.append(1) or real())
    to_unicode.cache_clear()  # converted afresh, not remembered
    got = {latex: to_unicode(latex) for latex in FORMS}
    assert got == FORMS
    assert len(built) <= 1, f"the parser's specs were built {len(built)} times for 3 formulas"
