"""Assignments among mutants (issue 13, part 2).  A line whose left name also occurs on its right
is an update, no equation, and stays undecided (verify/undecidable.py) -- unless the formula
then goes on to use another step of that name which nothing in it defines (``v_{t-1} = \beta
v_{t-1} + g, \theta_t = \theta_{t-1} - \alpha v_t``: an update would speak of the new value by
the name it assigns), or the claim's own equation is about that name alone (``P^{-1} = P^T``
written ``P = P^T``).  Those are the equations they write, and the claim's check refutes them.
The mutants left undecided read, as updates, exactly as the canonical form:
scripts/mutation_score.py lists them as such, not as survivors."""
from __future__ import annotations

from pathlib import Path

import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.quiz.mutate import mutations
from mutants import decide_mutant, mutation_script

ROOT = Path(__file__).resolve().parent.parent


_decide = decide_mutant


_script = mutation_script


# once 'undecided' (an assignment), now refuted by the claim's check
MUTANTS = [
    ("perm.inverse",
     r"P = P^\top"),
    ("orthogonal.inverse",
     r"\mathbf{Q} = \mathbf{Q}^T"),
    ("adagrad.update",
     r"\gamma_{t-1} = \gamma_{t-1} + \nabla J(\theta_t) \odot \nabla J(\theta_t), \theta_{t+1} = \theta_t - \frac{\eta}{\sqrt{\gamma_t + \varepsilon}} \odot \nabla J(\theta_t)"),
    ("rmsprop.update",
     r"s_{t-1} = \beta s_{t-1} + (1-\beta)(\nabla J(\theta_t))^2, \theta_{t+1} = \theta_t - \frac{\alpha}{\sqrt{s_t} + \epsilon} \nabla J(\theta_t)"),
    ("adam.update",
     r"m_{t-1} = \beta_1 m_{t-1} + (1 - \beta_1) \nabla J(\theta_t), v_t = \beta_2 v_{t-1} + (1 - \beta_2) (\nabla J(\theta_t))^2, \hat{m}_t = \frac{m_t}{1 - \beta_1^t}, \hat{v}_t = \frac{v_t}{1 - \beta_2^t}, \theta_{t+1} = \theta_t - \frac{\alpha}{\sqrt{\hat{v}_t} + \epsilon} \hat{m}_t"),
    ("adam.update",
     r"m_t = \beta_1 m_{t-1} + (1 - \beta_1) \nabla J(\theta_t), v_{t-1} = \beta_2 v_{t-1} + (1 - \beta_2) (\nabla J(\theta_t))^2, \hat{m}_t = \frac{m_t}{1 - \beta_1^t}, \hat{v}_t = \frac{v_t}{1 - \beta_2^t}, \theta_{t+1} = \theta_t - \frac{\alpha}{\sqrt{\hat{v}_t} + \epsilon} \hat{m}_t"),
    ("muon.update",
     r"M_{t-1} = \mu M_{t-1} + G_t, P_t = \text{orthogonalize}(M_t), W_{t+1} = W_t - \eta \sqrt{\frac{d_{\text{out}}}{d_{\text{in}}}} P_t"),
    ("momentum.ema",
     r"v_{t-1} = \beta v_{t-1} + (1 - \beta) \nabla J(\theta_{t-1}), \theta_t = \theta_{t-1} - \alpha v_t"),
    ("momentum.velocity",
     r"v_{t-1} = \mu v_{t-1} - \eta \nabla J(\theta_{t-1}), \theta_t = \theta_{t-1} + v_t"),
    ("momentum.sgd_velocity",
     r"v_{t-1} = \mu v_{t-1} + \nabla J(\theta_{t-1}), \theta_t = \theta_{t-1} - \eta v_t"),
    ("nesterov.velocity",
     r"v_{t-1} = \mu v_{t-1} - \eta \nabla_\theta J(\theta_{t-1} + \mu v_{t-1}), \theta_t = \theta_{t-1} + v_t"),
    ("rnn.cell",
     r"z_{t-1} = \phi(Uz_{t-1} + Vx_t), \hat{y}_t = \psi(Wz_t)"),
    ("lstm.cell",
     r"C_{t-1} = \sigma(F\tilde{x}) \odot C_{t-1} + \sigma(G\tilde{x}) \odot \tanh(V\tilde{x}), z_t = \sigma(H\tilde{x}) \odot \tanh(C_t)"),
    ("lstm.gates",
     r"f_t = \sigma(W_f x_t + U_f h_{t-1} + b_f), i_t = \sigma(W_i x_t + U_i h_{t-1} + b_i), o_t = \sigma(W_o x_t + U_o h_{t-1} + b_o), \tilde{c}_t = \tanh(W_c x_t + U_c h_{t-1} + b_c), c_{t-1} = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t, h_t = o_t \odot \tanh(c_t)"),
]


@pytest.mark.parametrize("claim_id,latex", MUTANTS, ids=[f"{c}#{k}" for k, (c, _) in enumerate(MUTANTS)])
def test_an_equation_that_only_looks_like_an_update_is_refuted(claim_id, latex):
    ev = _decide(claim_id, latex)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


def test_recorded_mutants_are_the_quiz_operators_own():
    cat = get_catalog()
    for claim_id, latex in MUTANTS:
        assert latex in {m.latex for m in mutations(cat[claim_id].latex)}, (claim_id, latex)


@pytest.mark.parametrize("claim_id,latex", [
    ("gd.update", r"\theta_{t} = \theta_t - \eta \nabla J(\theta_t)"),
    ("momentum.ema", r"v_t = \beta v_{t-1} + (1 - \beta) \nabla J(\theta_{t-1}), \theta_t = \theta_{t} - \alpha v_t"),
])
def test_an_update_stays_undecided(claim_id, latex):
    ev = _decide(claim_id, latex)
    assert ev.verdict == "undecided" and "assignment" in ev.detail


def test_the_script_lists_updates_that_read_as_the_canonical_form():
    ms, cat = _script(), get_catalog()
    assert ms.update_reading(cat["gd.update"], r"\theta_{t} = \theta_t - \eta \nabla J(\theta_t)")
    assert ms.update_reading(cat["momentum.ema"], r"v_t = \beta v_{t-1} + (1 - \beta) \nabla J(\theta_{t-1}), \theta_t = \theta_{t} - \alpha v_t")
    # an update with a typo of its own is not the canonical form
    assert not ms.update_reading(cat["gd.update"], r"\theta_{t} = \theta_t + \eta \nabla J(\theta_t)")
    # the new value used later under a name nothing assigns: not an update (refuted above)
    assert not ms.update_reading(cat["momentum.ema"], MUTANTS[[c for c, _ in MUTANTS].index("momentum.ema")][1])


def _reason(latex):
    from cheatsheet.latex import parse
    from cheatsheet.verify import undecidable

    return undecidable.reason(parse(latex), latex, declared=set(), approx_rtol=None,
                              defined=lambda n: True, canonical=None, custom=False)


def test_an_update_used_by_its_own_name_stays_an_update():
    # the velocity updated in place, then used by the name it was assigned to
    assert "assignment" in _reason(r"v = \beta v + g, \theta_t = \theta_{t-1} - \alpha v")
    assert "assignment" in _reason(r"v_t = \beta v_t + g, \theta_t = \theta_{t-1} - \alpha v_t")
    # another step of v, which nothing in the line defines, used after it: equations
    assert _reason(r"v_{t-1} = \beta v_{t-1} + g, \theta_t = \theta_{t-1} - \alpha v_t") is None
    # ... unless the line defines that step itself
    assert "assignment" in _reason(r"v_{t-1} = \beta v_{t-1} + g, v_t = v_{t-1}, "
                                   r"\theta_t = \theta_{t-1} - \alpha v_t")
