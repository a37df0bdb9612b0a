"""The RNN chain rule dL/dw = sum_t dL/dy_hat_t dy_hat_t/dz_t dz_t/dw (verify/checks/bptt.py,
nn.rnn_total_chain) against its typos (issue 13, part 2).

- The run starts from a random first state: from z_0 = 0, dz_1/dw vanishes and a sum that leaves
  step 1 out passed.
- The tables run from step 0 to T + 1: the loss has no term there, so a sum written from 0 or to
  T + 1 adds vanishing terms and holds, while an output read one step off (dL/dy_hat_{t-1})
  reads a real step and is refuted (it was an evaluation error).
- An output by a later state is 0; an output by an earlier state has two readings (the immediate
  partial of y_hat_t = psi(W z_t), 0, and the total derivative through the states): refuted only
  when both readings fail, undecided and saying both when one holds.
- The mutation score no longer takes SymPy's word that two such forms are equal: SymPy reads
  dy_hat_t/dz_t, of plain names, as 0, and so every mutant of the right side came out
  'equivalent' (scripts/mutation/forms.py, opaque_derivative).
"""
from __future__ import annotations

import os
import sys
import warnings

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.quiz.mutate import mutations
from cheatsheet.verify.check import check_version
from cheatsheet.verify.evidence import Evidence

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "scripts"))

CLAIM = "rnn.total_chain_rule"
L = r"\frac{\partial \mathcal{L}}{\partial w} = \sum_{s=%s}^{%s} "
A = r"\frac{\partial \mathcal{L}}{\partial \hat{y}_{%s}} "
B = r"\frac{\partial \hat{y}_{%s}}{\partial z_{%s}} "
C = r"\frac{\partial z_{%s}}{\partial w}"


def line(first="1", last="T", a="s", b=("s", "s"), c="s"):
    return L % (first, last) + A % a + B % b + C % c


def _decide(latex, seed=0):
    claim = get_catalog()[CLAIM]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return check_version(claim, latex, claim.declarations, claim.layout, list(claim.assume),
                             seed=seed, key=("chain",), symbolic_first=False, thorough=False)


HOLDS = [
    line(),  # a sheet's own notation: partial everywhere, s for the step
    line(first="0"),  # the step-0 term: z_0 is fixed, and the loss has no output there
    line(last="T+1"),  # the output after the last: the loss does not see it
]

REFUTED = [
    line(first="2"),  # step 1 left out
    line(a="s-1"),  # the loss by the previous output
    line(b=("s-1", "s")),  # an output by a later state: 0
    line(b=("s", "s-1")),  # an output by the previous state, partial (0) or total
    line(b=("s", "s-2")),  # two steps back, both readings
    line(c="s-1"),  # the state one step behind
]


@pytest.mark.parametrize("latex", HOLDS)
def test_correct_forms_hold(latex):
    ev = _decide(latex)
    assert ev.verdict == "passed", (ev.verdict, ev.detail)


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("latex", REFUTED)
def test_typos_are_refuted_whatever_the_seed(latex, seed):
    ev = _decide(latex, seed)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


def test_the_quiz_mutants_stay_refuted():
    """The quiz's own mutants that were errors, passes or counted 'equivalent' before."""
    canon = get_catalog()[CLAIM].latex
    ms = {m.latex for m in mutations(canon)}
    killed = [canon.replace(r"\sum_{t=1}", r"\sum_{t=2}"),
              canon.replace(r"\partial \hat{y}_t} \frac", r"\partial \hat{y}_{t-1}} \frac"),
              canon.replace(r"\frac{\partial \hat{y}_t}", r"\frac{\partial \hat{y}_{t-1}}"),
              canon.replace(r"{\partial z_t}", r"{\partial z_{t-1}}")]
    for latex in killed:
        assert latex in ms, latex
        ev = _decide(latex)
        assert ev.verdict == "refuted" and ev.counterexample, (latex, ev.verdict, ev.detail)


def test_one_reading_holding_is_undecided_and_says_both():
    from cheatsheet.verify.checks.bptt import _either_reading

    passed = Evidence("passed", "numeric", seed=0)
    refuted = Evidence("refuted", "numeric", seed=0, counterexample={"t": 1})
    error = Evidence("error", "numeric", seed=0, detail="no value")
    ev = _either_reading(passed, refuted)
    assert ev.verdict == "undecided" and "total derivative" in ev.detail
    assert "partial" in ev.detail
    assert _either_reading(refuted, refuted).verdict == "refuted"
    assert _either_reading(refuted, error).verdict == "error"  # never refuted on one reading
    assert _either_reading(passed, passed).verdict == "passed"


def test_sympy_is_not_trusted_with_derivatives_of_plain_names():
    import sympy as sp
    from mutation.equivalence import equivalent
    from mutation.forms import _symbolic_equal_pair, opaque_derivative

    u, v, x = sp.symbols("u v x")
    f = sp.Function("f")
    assert opaque_derivative(sp.Derivative(u, v, evaluate=False))
    assert not opaque_derivative(sp.Derivative(f(x), x))
    # SymPy takes du/dv as 0, so these two would be "equal"
    assert not _symbolic_equal_pair(2 * sp.Derivative(u, v, evaluate=False),
                                    3 * sp.Derivative(u, v, evaluate=False))
    claim = get_catalog()[CLAIM]
    off = claim.latex.replace(r"\sum_{t=1}^{T}", r"\sum_{t=1}^{T+2}")
    assert equivalent(claim, off) is None


def test_two_readings_have_one_rule_for_every_check():
    # the RNN's and the TD error's custom checks decide their two readings through the rule
    # recorded versions with defensible readings use (verify/alternatives.over_readings)
    from cheatsheet.verify.alternatives import over_readings
    from cheatsheet.verify.checks.reinforcement import _either_table

    held = Evidence("passed", "numeric", seed=0)
    failed = Evidence("refuted", "numeric", seed=0, counterexample={"s": 2})
    open_ = Evidence("undecided", "numeric", seed=0, detail="no value")
    ev = _either_table(failed, held)
    assert ev.verdict == "undecided" and "earlier TD error" in ev.detail
    assert "current table, it holds" in ev.detail and "own step, it fails" in ev.detail
    assert _either_table(failed, open_) is open_  # never refuted on one reading
    said = over_readings("a power", failed, [("an index", held)], of="a superscript")
    assert said.detail.startswith("two defensible readings of a superscript: read as an index")
    assert over_readings("w", failed, [("v", failed)]) is failed
