"""A velocity on one line and the step that uses it on the next, in letters of our own (red
team 17: an Obsidian note's PyTorch-form momentum, b_t = nu b_{t-1} + g_t then xi_{t+1} = xi_t
+ gamma b_t, was read as a linear recurrence and its wrong sign went unchecked).

The step alone is one statement of a claim made of two, in other letters, and sheets scale
the velocity in several ways, so alone it decides nothing. With the velocity on the line
before holding as the claim's velocity in the same letters, the pair is the claim: the step
is decided with it, and its right form is told as the sheet counts its steps."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.verify.audit.pairs import agree, in_own_steps

PAIR = ("# Training\n\n## Momentum with coefficient $\\rho$\n\n"
        "$z_t = \\rho z_{t-1} + g_t$\n\n$STEP$\n")


def _step(step: str):
    findings = audit_text(PAIR.replace("STEP", step))
    return next(f for f in findings if f.latex == step)


def test_the_step_of_a_pair_is_decided_with_its_velocity():
    assert _step(r"\phi_{t+1} = \phi_t - \alpha z_t").verdict == "ok"
    slip = _step(r"\phi_{t+1} = \phi_t + \alpha z_t")
    assert slip.verdict == "wrong" and slip.claim == "momentum.sgd_velocity"
    assert slip.expected.replace(" ", "") == r"\phi_{t+1}=\phi_t-\alphaz_t"


def test_a_step_whose_velocity_is_scaled_otherwise_is_no_false_alarm():
    # the learning rate folded into the velocity: z_t = rho z_{t-1} + alpha g_t, phi - z_t
    text = ("## Momentum with coefficient $\\rho$\n\n$z_t = \\rho z_{t-1} + \\alpha g_t$\n\n"
            "$\\phi_{t+1} = \\phi_t - z_t$\n")
    assert all(f.verdict != "wrong" for f in audit_text(text))


def test_a_step_after_a_wrong_velocity_is_not_judged_by_it():
    text = ("## Momentum with coefficient $\\rho$\n\n$z_t = \\rho z_{t-1} - g_t$\n\n"
            "$\\phi_{t+1} = \\phi_t - \\alpha z_t$\n")
    assert all(f.verdict != "wrong" for f in audit_text(text))


def test_two_readings_agree_only_on_shared_letters_read_alike():
    assert agree({"z": "v", "phi": "theta"}, {"z": "v", "rho": "mu"})
    assert not agree({"z": "v", "phi": "theta"}, {"z": "M", "rho": "mu"})
    assert not agree({"t": "t", "phi": "theta"}, {"t": "t", "rho": "mu"})  # an index only
    assert not agree({"z": "v", "phi": "theta"}, {"z": "v", "psi": "theta"})


def test_the_right_form_is_told_in_the_sheet_s_count_of_steps():
    assert in_own_steps(r"\phi_t = \phi_{t - 1} - \alpha z_t", r"\phi_{t+1} = \phi_t + \alpha z_t") \
        == r"\phi_{t + 1} = \phi_t - \alpha z_t"
    assert in_own_steps(r"\phi_t = \phi_{t-1} - z_t", r"\phi_t = \phi_{t-1} + z_t") \
        == r"\phi_t = \phi_{t-1} - z_t"


def test_a_neighbour_is_looked_up_only_when_the_formula_may_be_a_statement(monkeypatch):
    # looking up and trying each neighbour of every formula was a seventh of a cold audit
    # (issue 12); only a formula with a statement of a claim made of several close to it can
    # be read as a pair, so the neighbours of other formulas are not looked at
    from cheatsheet.verify.audit.decide import Decider

    looked = []
    held = Decider._statements_held

    def counted(self, text, *args):
        looked.append(text)
        return held(self, text, *args)

    monkeypatch.setattr(Decider, "_statements_held", counted)
    rules = ("## Determinants and inverses\n\n$\\det(cQ) = c^m \\det Q$\n\n"
             "$(Q R)^{-1} = R^{-1} Q^{-1}$\n")
    audit_text(rules)
    assert looked == []
    assert _step(r"\phi_{t+1} = \phi_t + \alpha z_t").verdict == "wrong"
    assert looked  # (the step's velocity is looked at: it pairs)
