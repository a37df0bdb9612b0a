"""Issue 13 (part 2), session 11: a mutant that a reader change made readable must be decided.

The reader now keeps a name the formula differentiates by as that variable (the Leibniz
chain-rule factors of issue 9). The mutant of rnn.total_chain_rule with its left side upside
down, dw/dL, then read, and the check stopped with "L has no value here" (a survivor): the
loss was recognised only as the function L(...). dw/dL is read as the inverse function's
derivative, 1/(dL/dw), and the loss also as the name L, so the mutant is refuted."""
from __future__ import annotations

from cheatsheet.catalog import get_catalog
from mutants import decide_mutant

CAT = get_catalog()
RHS = (r"\sum_{t=1}^{T} \frac{\partial \mathcal{L}}{\partial \hat{y}_t} "
       r"\frac{\partial \hat{y}_t}{\partial z_t} \frac{d z_t}{d w}")


def test_the_chain_rule_with_its_left_side_upside_down_is_refuted():
    ev = decide_mutant("rnn.total_chain_rule", r"\frac{d w}{d \mathcal{L}} = " + RHS)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


def test_the_chain_rule_itself_still_holds():
    ev = decide_mutant("rnn.total_chain_rule", CAT["rnn.total_chain_rule"].latex)
    assert ev.verdict in ("passed", "proved"), (ev.verdict, ev.detail)
