"""A formula that resembles claims but is neither surely right nor surely wrong says which of
three things stopped it, in words a student understands: it held as a claim only when read
loosely (letters renamed, numbered symbols shifted), the claim's check could not decide it, or
it could not be read as any claim it resembles (then no check ran at all)."""
from __future__ import annotations

from audit_helpers import audit_text


def reason(text: str) -> str:
    (f,) = [f for f in audit_text(text) if "=" in f.latex]
    assert f.verdict == "unchecked"
    assert "do not read it" not in f.reason
    return f.reason


def test_a_loose_hold_names_the_claim_and_what_was_read_otherwise():
    why = reason("## Receptive field\n\nTwo layers, kernels $q_1, q_2$, strides $u_1, u_2$: "
                 "$R = q_1 + (q_2 - 1) u_2$\n")
    assert why.startswith("it holds as rf.two_layers_strided (")
    assert "numbered symbols shifted (u_2 read as s_1)" in why and "too loose" in why


def test_a_check_that_cannot_decide_says_so_and_why():
    why = reason("## Language models\n\n$\\operatorname{PPL} = \\exp\\left(\\frac{1}{N}"
                 "\\sum_{j=1}^{N}\\log q(w_j \\mid w_{<j})\\right)$\n")
    assert why.startswith("it resembles lm.perplexity_sequence (")
    assert "whose check could not decide it: " in why


def test_a_formula_no_resembling_claim_can_read_says_no_check_ran():
    # (log sigma(u) = softplus(-u) was the example until softplus read as log(1 + e^u): it is
    # now decided on its own, and wrong)
    why = reason("## Score function\n\n$\\mathbb{E}_{q_\\lambda}\\left[\\nabla_\\lambda\\log "
                 "q_\\lambda(\\mathbf{w})\\right] = \\mathbf{0}$\n")
    assert why.startswith("it resembles logtrick.identity, but cannot be read as that claim")
    assert why.endswith("so no check was run")
