"""Checks of the recurrent and convolution claims give a value to every member the formula
names: along one run of the cell (h_{t-2}, c_{t+1}, tilde h_{t-1}), past the sequence (v(s + 1),
the token after x), past the layers (R_{k+1}); a sum over more channels or taps than there are
is not well-formed.  A member at the wrong step is refuted with a counterexample; a form shifted
consistently, or counted from 1 consistently, still holds."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.verify.check import check_version

CATALOG = get_catalog()


def verdict(claim_id: str, latex: str):
    claim = CATALOG[claim_id]
    warnings.simplefilter("ignore")
    with np.errstate(all="ignore"):
        return check_version(claim, latex, claim.declarations, claim.layout, list(claim.assume),
                             seed=0, key=("runs",), symbolic_first=False, thorough=False, free=())


HOLDS = [
    # consistently shifted: the run starts one step earlier or goes one step further
    ("lstm.gates", r"h_{t-1} = o_{t-1} \odot \tanh(c_{t-1})"),
    ("lstm.gates", r"c_{t+1} = f_{t+1} \odot c_t + i_{t+1} \odot \tilde{c}_{t+1}"),
    ("lstm.gates", r"f_{t+1} = \sigma(W_f x_{t+1} + U_f h_t + b_f)"),
    ("gru.gates", r"h_{t+1} = (1 - z_{t+1}) \odot h_t + z_{t+1} \odot \tilde{h}_{t+1}"),
    ("gru.gates_keep", r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t"),
    ("gru.update", r"z_{t+1} = (\mathbf{1} - \Gamma_u) \odot z_{t} + \Gamma_u \odot \tilde{z}_{t+1}"),
    ("gru.update_keep_gate", r"u_{t+1} = \sigma(U\tilde{x}), z_{t+1} = u_{t+1} \odot z_{t} + "
                             r"(\mathbf{1} - u_{t+1}) \odot \tilde{z}_{t+1}"),
    ("rnn.cell", r"z_{t+1} = \phi(Uz_{t} + Vx_{t+1}), \hat{y}_{t+1} = \psi(Wz_{t+1})"),
    ("lstm.cell", r"C_{t+1} = \sigma(F\tilde{x}) \odot C_{t} + \sigma(G\tilde{x}) \odot "
                  r"\tanh(V\tilde{x}), z_{t+1} = \sigma(H\tilde{x}) \odot \tanh(C_{t+1})"),
    ("lru.linear_recurrence", r"z_{t} = Az_{t-1} + Bx_{t-1}"),
    ("lm.perplexity_sequence", r"\text{PP} = \left(\prod_{i=1}^{N} p(x_i | x_{<i})\right)^{-1/N}"),
    ("lm.perplexity_sequence", r"\text{PP} = 2^{-\frac{1}{N}\sum_{i=1}^{N} \log_2 p(x_i | x_{<i})}"),
    # taps counted from 1 throughout
    ("conv.channel_sum", r"y(r, s, t) = \sum_{u=1}^{c} \sum_{i=1}^{p} \sum_{j=0}^{q-1} "
                         r"w(r, u, i-1, j) x(u, s + i - 1, t + j)"),
]

REFUTED = [
    ("lstm.gates", r"c_t = f_t \odot c_{t-2} + i_t \odot \tilde{c}_t"),
    ("lstm.gates", r"h_t = o_t \odot \tanh(c_{t-1})"),
    ("lstm.gates", r"f_t = \sigma(W_f x_{t} + U_f h_t + b_f)"),
    ("gru.gates", r"h_t = (1 - z_t) \odot h_{t-2} + z_t \odot \tilde{h}_t"),
    ("gru.gates", r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t"),
    ("gru.gates_keep", r"h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde{h}_t"),
    ("gru.update", r"z_t = (\mathbf{1} - \Gamma_u) \odot z_{t+1} + \Gamma_u \odot \tilde{z}_t"),
    ("gru.update", r"z_t = (\mathbf{1} - \Gamma_u) \odot z_{t-1} + \Gamma_u \odot \tilde{z}_{t-1}"),
    ("gru.update_keep_gate", r"u_t = \sigma(U\tilde{x}), z_t = u_{t-1} \odot z_{t-1} + "
                             r"(\mathbf{1} - u_t) \odot \tilde{z}_t"),
    ("rnn.cell", r"z_t = \phi(Uz_{t-1} + Vx_t), \hat{y}_{t-1} = \psi(Wz_t)"),
    ("lstm.cell", r"C_t = \sigma(F\tilde{x}) \odot C_{t+1} + \sigma(G\tilde{x}) \odot "
                  r"\tanh(V\tilde{x}), z_t = \sigma(H\tilde{x}) \odot \tanh(C_t)"),
    ("lru.linear_recurrence", r"z_{t-1} = Az_t + Bx_t"),
    ("rf.recurrence", r"R_k = R_{k+1} + (F_k - 1) \prod_{i=1}^{k-1} S_i"),
    ("rf.recurrence", r"R_k = R_{k-2} + (F_k - 1) \prod_{i=1}^{k-1} S_i"),
    ("rnn.jacobian_norm_bound", r"\|\prod_{r=t+1}^{s+1} W^\top \operatorname{diag}(v(r))\|_2 "
                                r"\leq \|W\|_2^{s-t}"),
    ("rnn.gradient_flow", r"g_z = [\prod_{r=t+1}^{s+1} W^\top \operatorname{diag}(v(r))] J e, "
                          r"g_x = U^\top \operatorname{diag}(v(t)) [\prod_{r=t+1}^{s} W^\top "
                          r"\operatorname{diag}(v(r))] J e"),
    ("sequence.chain_rule", r"p(x) = \prod_{t=1}^{T+1} p(x_t | x_{<t})"),
    ("lm.perplexity_sequence", r"\text{PP} = \exp\left(-\frac{1}{N}\sum_{i=1}^{N+1} "
                               r"\log p(x_i | x_{<i})\right)"),
]

OVERLONG = [
    r"y(r, s, t) = \sum_{u=0}^{c} \sum_{i=0}^{p-1} \sum_{j=0}^{q-1} w(r, u, i, j) x(u, s + i, t + j)",
    r"y(r, s, t) = \sum_{u=1}^{c+1} \sum_{i=0}^{p-1} \sum_{j=0}^{q-1} w(r, u, i, j) x(u, s + i, t + j)",
    r"y(r, s, t) = \sum_{u=1}^{c} \sum_{i=-1}^{p-1} \sum_{j=0}^{q-1} w(r, u, i, j) x(u, s + i, t + j)",
    r"y(r, s, t) = \sum_{u=1}^{c} \sum_{i=0}^{p} \sum_{j=0}^{q-1} w(r, u, i, j) x(u, s + i, t + j)",
    r"y(r, s, t) = \sum_{u=1}^{c} \sum_{i=0}^{p-1} \sum_{j=0}^{q} w(r, u, i, j) x(u, s + i, t + j)",
]


@pytest.mark.parametrize("claim_id,latex", HOLDS)
def test_a_consistent_form_holds(claim_id, latex):
    ev = verdict(claim_id, latex)
    assert ev.verdict == "passed", (ev.verdict, ev.detail)


@pytest.mark.parametrize("claim_id,latex", REFUTED)
def test_a_member_at_the_wrong_step_is_refuted(claim_id, latex):
    ev = verdict(claim_id, latex)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


@pytest.mark.parametrize("latex", OVERLONG)
def test_a_sum_over_more_channels_or_taps_than_there_are_is_not_well_formed(latex):
    ev = verdict("conv.channel_sum", latex)
    assert ev.verdict == "refuted", (ev.verdict, ev.detail)
    assert "no way of counting them fits" in ev.counterexample["why"]


def test_a_step_outside_the_run_is_an_error_not_the_other_end():
    """t = 0 once read the last column of a per-step table."""
    from cheatsheet.verify.checks.nn import _time_fn
    from cheatsheet.verify.evaluate import EvalError, Val

    fn = _time_fn("v", "a run")({"v": np.arange(6.0).reshape(1, 3, 2, 1)})
    assert np.allclose(fn(Val(np.asarray(3.0))).arr, [[4.0], [5.0]])
    for t in (0.0, 4.0):
        with pytest.raises(EvalError, match="steps 1 to 3"):
            fn(Val(np.asarray(t)))
