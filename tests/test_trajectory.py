"""Members of a family along one run of a recurrence (verify/trajectory.py, issue 13): a member
written at the wrong step is refuted, a form whose indices are all shifted by the same amount
still holds, and the typos the quiz's operators make stay refuted."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.quiz.mutate import mutations
from cheatsheet.verify.check import check_version
from cheatsheet.verify.evaluate import Instance, Val
from cheatsheet.verify.trajectory import Recurrence, member, offsets_used


def _decide(claim_id, latex, seed=0):
    claim = get_catalog()[claim_id]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return check_version(claim, latex, claim.declarations, claim.layout, list(claim.assume),
                             seed=seed, key=("trajectory",), symbolic_first=False,
                             thorough=False)


# ---------------------------------------------------------------- the mechanism ----------------

def test_members_are_read_by_their_offset_from_the_step_index():
    used = offsets_used({"theta_t-1", "theta_t+1", "theta_bar_t", "theta_0", "theta_k", "eta",
                         "m_hat_t-2"}, {"theta", "theta_bar", "m_hat"})
    assert used == {"theta": {-1, 1}, "theta_bar": {0}, "m_hat": {-2}}
    assert member("theta_bar", -1) == "theta_bar_t-1" and member("x", 0, "k") == "x_k"


def _doubling():
    def step(p, k):
        p["x", k + 1] = 2 * p["x", k]
    return Recurrence(state={"x": (0,)}, lead={"x": 1}, step=step)


def test_a_run_starts_at_the_earliest_member_from_the_sampled_state():
    inst = Instance(values={"x_t": Val(np.array([1.0, 3.0]))})
    out = _doubling().members(inst, {"x_t-2", "x_t+1"})
    # x_{t-2} gets the sampled state; the members after it follow by the update
    assert np.allclose(out["x_t-2"].arr, [1, 3]) and np.allclose(out["x_t-1"].arr, [2, 6])
    assert np.allclose(out["x_t"].arr, [4, 12]) and np.allclose(out["x_t+1"].arr, [8, 24])
    # the canonical members alone: the sampled x_t stays as drawn
    out = _doubling().members(inst, {"x_t", "x_t+1"})
    assert np.allclose(out["x_t"].arr, [1, 3]) and np.allclose(out["x_t+1"].arr, [2, 6])


def test_members_too_far_apart_are_no_one_step_typo():
    inst = Instance(values={"x_t": Val(np.array([1.0]))})
    with pytest.raises(ValueError, match="too many steps apart"):
        _doubling().members(inst, {"x_t-20", "x_t"})


# ------------------------------------------------- consistently shifted forms still hold -------

SHIFTED = [
    ("gd.update", r"\theta_t = \theta_{t-1} - \eta \nabla J(\theta_{t-1})"),
    ("gd.update", r"\theta_{t+2} = \theta_{t+1} - \eta \nabla J(\theta_{t+1})"),
    ("momentum.heavy_ball",
     r"\theta_{t} = \theta_{t-1} - \eta \nabla J(\theta_{t-1}) + \beta(\theta_{t-1} - \theta_{t-2})"),
    ("momentum.nesterov", r"\bar{\theta}_{t} = \theta_{t-1} + \beta(\theta_{t-1} - \theta_{t-2}), "
                          r"\theta_{t} = \bar{\theta}_{t} - \eta \nabla J(\bar{\theta}_{t})"),
    ("adagrad.update", r"\gamma_{t-1} = \gamma_{t-2} + \nabla J(\theta_{t-1}) \odot \nabla J(\theta_{t-1}), "
                       r"\theta_{t} = \theta_{t-1} - \frac{\eta}{\sqrt{\gamma_{t-1} + \varepsilon}} \odot \nabla J(\theta_{t-1})"),
    ("adam.update", r"m_{t+1} = \beta_1 m_{t} + (1 - \beta_1) \nabla J(\theta_{t+1}), "
                    r"v_{t+1} = \beta_2 v_{t} + (1 - \beta_2) (\nabla J(\theta_{t+1}))^2, "
                    r"\hat{m}_{t+1} = \frac{m_{t+1}}{1 - \beta_1^{t+1}}, \hat{v}_{t+1} = \frac{v_{t+1}}{1 - \beta_2^{t+1}}, "
                    r"\theta_{t+2} = \theta_{t+1} - \frac{\alpha}{\sqrt{\hat{v}_{t+1}} + \epsilon} \hat{m}_{t+1}"),
    ("muon.update", r"M_{t-1} = \mu M_{t-2} + G_{t-1}, P_{t-1} = \text{orthogonalize}(M_{t-1}), "
                    r"W_{t} = W_{t-1} - \eta \sqrt{\frac{d_{\text{out}}}{d_{\text{in}}}} P_{t-1}"),
    ("perceptron.alignment_growth", r"w_{t-1}^T w^* \geq (t-1)\gamma"),
    ("perceptron.alignment_growth", r"w_{t+1}^T w^* \geq (t+1)\gamma"),
    ("perceptron.norm_growth", r"\|w_{t+1}\| \leq R\sqrt{t+1}"),
    ("perceptron.span_invariance", r"w_{t-1} = X (X^\top X)^{-1} X^\top w_{t-1}"),
    ("linreg.sgd_step", r"w_{t} = w_{t-1} + \eta (y_i - w_{t-1}^T x_i) x_i"),
    ("ddpm.posterior-variance", r"\tilde{\beta}_{t+1} = \frac{1 - \bar{\alpha}_{t}}{1 - \bar{\alpha}_{t+1}} \beta_{t+1}"),
    ("ddpm.posterior-variance", r"\tilde{\beta}_{t-1} = \frac{1 - \bar{\alpha}_{t-2}}{1 - \bar{\alpha}_{t-1}} \beta_{t-1}"),
    ("gd.rate_strongly_convex", r"\|x_{t-1} - x^*\|^2 \leq (1 - \eta\mu)^{t-1} \|x_0 - x^*\|^2"),
    ("gd.rate_strongly_convex", r"\|x_{t+1} - x^*\|^2 \leq (1 - \eta\mu)^{t+1} \|x_0 - x^*\|^2"),
    # a schedule counted from 0 (every beta one step back) is read as such
    ("ddpm.forward-step", r"q(x_t | x_{t-1}) = \mathcal{N}(x_t; \sqrt{1 - \beta_{t-1}} x_{t-1}, \beta_{t-1} I)"),
]


@pytest.mark.parametrize("claim_id,latex", SHIFTED, ids=[f"{c}#{k}" for k, (c, _) in enumerate(SHIFTED)])
@pytest.mark.parametrize("seed", [0, 7])
def test_a_consistently_shifted_form_holds(claim_id, latex, seed):
    ev = _decide(claim_id, latex, seed)
    assert ev.verdict == "passed", (ev.verdict, ev.detail)


ADAM_PAPER = (r"m_t = \beta_1 m_{t-1} + (1 - \beta_1) \nabla J(\theta_{t-1}), "
              r"v_t = \beta_2 v_{t-1} + (1 - \beta_2) (\nabla J(\theta_{t-1}))^2, "
              r"\hat{m}_t = \frac{m_t}{1 - \beta_1^t}, \hat{v}_t = \frac{v_t}{1 - \beta_2^t}, "
              r"\theta_{t} = \theta_{t-1} - \frac{\alpha}{\sqrt{\hat{v}_t} + \epsilon} \hat{m}_t")


@pytest.mark.parametrize("claim_id,latex", [
    ("adam.update", ADAM_PAPER),
    ("adam.update", r"\theta_{t} = \theta_{t-1} - \frac{\alpha}{\sqrt{\hat{v}_t} + \epsilon} \hat{m}_t"),
    ("adagrad.update", r"\gamma_t = \gamma_{t-1} + \nabla J(\theta_{t-1}) \odot \nabla J(\theta_{t-1}), "
                       r"\theta_{t} = \theta_{t-1} - \frac{\eta}{\sqrt{\gamma_t + \varepsilon}} \odot \nabla J(\theta_{t-1})"),
    ("momentum.nesterov", r"\bar{\theta}_{t} = \theta_t + \beta(\theta_t - \theta_{t-1}), "
                          r"\theta_{t+1} = \bar{\theta}_{t} - \eta \nabla J(\bar{\theta}_{t})"),
])
def test_the_other_indexing_convention_of_an_update_holds(claim_id, latex):
    """Kingma & Ba write theta_t = theta_{t-1} - ... m_t with m_t from the gradient at
    theta_{t-1}; the catalog writes theta_{t+1} from m_t at theta_t. Both index one run: the
    iterate's steps are counted one apart from the moments' (a loose family)."""
    ev = _decide(claim_id, latex)
    assert ev.verdict == "passed" and "counted one apart" in ev.detail, (ev.verdict, ev.detail)


def test_mixing_the_two_conventions_is_refuted():
    mixed = ADAM_PAPER.replace(r"\theta_{t} = \theta_{t-1}", r"\theta_{t+1} = \theta_{t}")
    assert _decide("adam.update", mixed).verdict == "refuted"


def test_a_shifted_form_with_one_member_left_behind_is_refuted():
    ev = _decide("adam.update", SHIFTED[5][1].replace(r"1 - \beta_1^{t+1}", r"1 - \beta_1^{t}"))
    assert ev.verdict == "refuted"
    ev = _decide("muon.update", SHIFTED[6][1].replace("+ G_{t-1}", "+ G_{t}"))
    assert ev.verdict == "refuted"


# ------------------------------------------------ the quiz's typos: killed, and stay killed ------
# Each was 'error' before (a family member with no value: scripts/mutation_score.py listed it as
# a survivor); each is one of the quiz's own mutants of today's canonical form.

MUTANTS = [
    ("gd.update", r"\theta_{t-1} = \theta_t - \eta \nabla J(\theta_t)"),
    ("gd.update", r"\theta_{t+1} = \theta_{t-1} - \eta \nabla J(\theta_t)"),
    ("gd.update", r"\theta_{t+1} = \theta_t - \eta \nabla J(\theta_{t-1})"),
    ("momentum.nesterov", r"\bar{\theta}_{t+1} = \theta_t + \beta(\theta_t - \theta_{t-1}), \theta_{t+1} = \bar{\theta}_{t} - \eta \nabla J(\bar{\theta}_{t+1})"),
    ("momentum.nesterov", r"\bar{\theta}_{t-1} = \theta_t + \beta(\theta_t - \theta_{t-1}), \theta_{t+1} = \bar{\theta}_{t+1} - \eta \nabla J(\bar{\theta}_{t+1})"),
    ("adagrad.update", r"\gamma_t = \gamma_{t+1} + \nabla J(\theta_t) \odot \nabla J(\theta_t), \theta_{t+1} = \theta_t - \frac{\eta}{\sqrt{\gamma_t + \varepsilon}} \odot \nabla J(\theta_t)"),
    ("adagrad.update", r"\gamma_t = \gamma_{t-1} + \nabla J(\theta_{t-1}) \odot \nabla J(\theta_t), \theta_{t+1} = \theta_t - \frac{\eta}{\sqrt{\gamma_t + \varepsilon}} \odot \nabla J(\theta_t)"),
    ("rmsprop.update", r"s_t = \beta s_{t+1} + (1-\beta)(\nabla J(\theta_t))^2, \theta_{t+1} = \theta_t - \frac{\alpha}{\sqrt{s_t} + \epsilon} \nabla J(\theta_t)"),
    ("rmsprop.update", r"s_t = \beta s_{t-1} + (1-\beta)(\nabla J(\theta_t))^2, \theta_{t+1} = \theta_{t-1} - \frac{\alpha}{\sqrt{s_t} + \epsilon} \nabla J(\theta_t)"),
    ("adam.update", r"m_t = \beta_1 m_{t+1} + (1 - \beta_1) \nabla J(\theta_t), v_t = \beta_2 v_{t-1} + (1 - \beta_2) (\nabla J(\theta_t))^2, \hat{m}_t = \frac{m_t}{1 - \beta_1^t}, \hat{v}_t = \frac{v_t}{1 - \beta_2^t}, \theta_{t+1} = \theta_t - \frac{\alpha}{\sqrt{\hat{v}_t} + \epsilon} \hat{m}_t"),
    ("adam.update", r"m_t = \beta_1 m_{t-1} + (1 - \beta_1) \nabla J(\theta_t), v_t = \beta_2 v_{t-1} + (1 - \beta_2) (\nabla J(\theta_t))^2, \hat{m}_t = \frac{m_t}{1 - \beta_1^t}, \hat{v}_t = \frac{v_t}{1 - \beta_2^t}, \theta_{t+1} = \theta_t - \frac{\alpha}{\sqrt{\hat{v}_{t-1}} + \epsilon} \hat{m}_t"),
    ("signsgd.update", r"\theta_{t+1} = \theta_t - \eta \, \text{sign}(\nabla f_{i_k}(\theta_{t-1}))"),
    ("svrg.update", r"\theta_{t+1} = \theta_{t-1} - \eta [\nabla f_i(\theta_t) - \nabla f_i(\bar{\theta}) + \nabla f(\bar{\theta})]"),
    ("muon.update", r"M_t = \mu M_{t-1} + G_{t-1}, P_t = \text{orthogonalize}(M_t), W_{t+1} = W_t - \eta \sqrt{\frac{d_{\text{out}}}{d_{\text{in}}}} P_t"),
    ("muon.update", r"M_t = \mu M_{t-1} + G_t, P_t = \text{orthogonalize}(M_t), W_{t+1} = W_{t-1} - \eta \sqrt{\frac{d_{\text{out}}}{d_{\text{in}}}} P_t"),
    # iterates of a recorded run (a perceptron, SGD on least squares)
    ("perceptron.alignment_growth", r"w_{t-1}^T w^* \geq t\gamma"),
    ("perceptron.cosine_bound", r"\frac{w_{t-1}^T w^*}{\|w^*\| \|w_t\|} \geq \frac{t\gamma}{\sqrt{t}R} = \sqrt{t} \frac{\gamma}{R} \leq 1"),
    ("perceptron.span_invariance", r"w_{t-1} = X (X^\top X)^{-1} X^\top w_t"),
    ("perceptron.span_invariance", r"w_t = X (X^\top X)^{-1} X^\top w_{t-1}"),
    ("linreg.sgd_step", r"w_{t-1} = w_t + \eta (y_i - w_t^T x_i) x_i"),
    ("linreg.sgd_step", r"w_{t+1} = w_{t-1} + \eta (y_i - w_t^T x_i) x_i"),
    ("gd.rate_strongly_convex", r"\|x_{t-1} - x^*\|^2 \leq (1 - \eta\mu)^t \|x_0 - x^*\|^2"),
    # the diffusion schedule and chain at other steps
    ("ddpm.posterior-mean", r"\tilde{\mu}_t(x_t, x_0) = \frac{1}{\sqrt{\alpha_{t-1}}} \left( x_t - \frac{1 - \alpha_t}{\sqrt{1 - \bar{\alpha}_t}} \epsilon_0 \right)"),
    ("ddpm.posterior-mean", r"\tilde{\mu}_t(x_t, x_0) = \frac{1}{\sqrt{\alpha_t}} \left( x_{t-1} - \frac{1 - \alpha_t}{\sqrt{1 - \bar{\alpha}_t}} \epsilon_0 \right)"),
    ("ddpm.posterior-variance", r"\tilde{\beta}_{t-1} = \frac{1 - \bar{\alpha}_{t-1}}{1 - \bar{\alpha}_t} \beta_t"),
    ("ddpm.posterior-variance", r"\tilde{\beta}_t = \frac{1 - \bar{\alpha}_{t+1}}{1 - \bar{\alpha}_t} \beta_t"),
    ("ddpm.posterior-variance", r"\tilde{\beta}_t = \frac{1 - \bar{\alpha}_{t-1}}{1 - \bar{\alpha}_t} \beta_{t-1}"),
    ("ddpm.forward-step", r"q(x_t | x_{t-1}) = \mathcal{N}(x_t; \sqrt{1 - \beta_{t-1}} x_{t-1}, \beta_t I)"),
    ("ddpm.forward-step", r"q(x_t | x_{t-1}) = \mathcal{N}(x_t; \sqrt{1 - \beta_t} x_{t-1}, \beta_{t-1} I)"),
    ("ddpm.sampling-step", r"x_{t-1} = \frac{1}{\sqrt{\alpha_t}} \left( x_t - \frac{1 - \alpha_t}{\sqrt{1 - \bar{\alpha}_t}} \epsilon_\theta(x_t, t) \right) + \sigma_{t-1} z"),
    ("ddpm.noise-loss-weight", r"L_{t-1} = \frac{(1 - \alpha_t)^2}{2\alpha_t(1 - \bar{\alpha}_t)\sigma_t^2} \|\epsilon_0 - \epsilon_\theta(x_{t-1}, t)\|^2"),
]


@pytest.mark.parametrize("claim_id,latex", MUTANTS, ids=[f"{c}#{k}" for k, (c, _) in enumerate(MUTANTS)])
def test_a_member_at_the_wrong_step_is_refuted(claim_id, latex):
    ev = _decide(claim_id, latex)
    assert ev.verdict == "refuted" and ev.counterexample, (claim_id, latex, ev.verdict, ev.detail)


def test_recorded_mutants_are_the_quiz_operators_own():
    cat = get_catalog()
    for claim_id, latex in MUTANTS:
        assert latex in {m.latex for m in mutations(cat[claim_id].latex)}, (claim_id, latex)


def test_a_member_at_a_numbered_step_is_read_off_the_record():
    """``v_0`` beside ``v_t``: the run's start, so a premise about it (where a run starts) can be
    checked; a numbered step past a trial's last one has no value there."""
    from cheatsheet.verify.trajectory import along

    hist = np.arange(2 * 5, dtype=float).reshape(2, 5)  # two trials, steps 0..4
    got = along({"v": hist}, np.array([3, 1]), {"v_t", "v_0", "v_4"}, last=np.array([4, 2]))
    assert got["v_0"].arr.tolist() == [0.0, 5.0]
    assert got["v_t"].arr.tolist() == [3.0, 6.0]
    assert got["v_4"].arr[0] == 4.0 and np.isnan(got["v_4"].arr[1])
