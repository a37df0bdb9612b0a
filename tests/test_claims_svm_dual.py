"""The SVM dual as public sheets state it (issue 8): the problem itself, ``\\max`` over the
multipliers of the dual objective, "subject to" the equality constraint.  The claim
svm.dual_objective is decided as the Lagrange dual function (the infimum of the primal's
Lagrangian over the weights, found numerically at feasible multipliers), never from the closed
form; the audit reads a bare max-problem as what it says of its objective, and a condition
stated beside a formula (the constraint, a label set in the heading) is imposed on the check
before it may excuse a refutation.  Sheets in notation of our own: lambda for alpha, t_n for
the labels, n and m for the indices, "such that" for "subject to"."""
from __future__ import annotations

import numpy as np
import pytest

from audit_helpers import assert_canonical_holds_and_wrong_forms_fail, audit_text
from cheatsheet.verify.audit.objectives import objective_reading, optimised_variables, says_sense
from cheatsheet.verify.checks.kernels import lagrangian_infimum

_RIGHT = (r"\sum_{n=1}^{N}\lambda_n - \frac{1}{2}\sum_{n=1}^{N}\sum_{m=1}^{N}\lambda_n\lambda_m "
          r"t_n t_m \mathbf{x}_n^\top \mathbf{x}_m")
_NO_HALF = (r"\sum_{n=1}^{N}\lambda_n - \sum_{n=1}^{N}\sum_{m=1}^{N}\lambda_n\lambda_m "
            r"t_n t_m \mathbf{x}_n^\top \mathbf{x}_m")
_PLUS = _RIGHT.replace(r"\lambda_n - \frac", r"\lambda_n + \frac")
_CONSTRAINT = r"$\sum_{n=1}^{N}\lambda_n t_n = 0$"


def _sheet(objective: str, under: str = r"0 \le \lambda_n \le C",
           heading: str = "Kernel machines") -> str:
    return (f"# Margin classifiers\n\n## {heading}\n\n"
            f"- dual: $\\max_{{{under}}} {objective}$ such that {_CONSTRAINT}\n")


def _problem(text: str):
    return next(f for f in audit_text(text) if "max" in f.latex or "min" in f.latex)


def test_the_dual_function_is_the_lagrangian_infimum_worked_by_hand():
    # two samples, one per class, alpha feasible (sum alpha_i y_i = 0): w = sum alpha_i y_i x_i
    X = np.array([[1.0, 2.0], [-1.0, 0.5]])
    y = np.array([1.0, -1.0])
    a = np.array([0.3, 0.3])
    w = (a * y) @ X
    assert lagrangian_infimum(X, y, a) == pytest.approx(a.sum() - 0.5 * w @ w, abs=1e-8)


def test_the_canonical_form_holds_and_every_recorded_wrong_form_fails():
    assert_canonical_holds_and_wrong_forms_fail("svm.dual_objective", seed=3)


@pytest.mark.parametrize("sub, names", [
    (r"{\boldsymbol{\lambda} \geq 0}", [r"\lambda"]), (r"{0 \le \lambda_n \le C}", [r"\lambda"]),
    (r"{\mathbf{v}, c_0}", ["v", "c_0"]), (r"\theta", [r"\theta"]),
    (r"{\|\delta\| \leq \epsilon}", None), (r"{x \geq y}", None)])
def test_the_optimised_variables_are_read_off_the_subscript(sub, names):
    assert optimised_variables(sub) == names


def test_a_bare_problem_reads_as_its_objective_and_a_relation_is_left_alone():
    sense, reading = objective_reading(r"\max_{\boldsymbol{\lambda} \geq 0} " + _RIGHT
                                       + r" \quad \text{s.t. } \lambda^\top t = 0")
    assert sense == "max" and reading == r"\operatorname{objective}(\lambda) = " + _RIGHT
    assert objective_reading(r"\max_i x_i \leq \log \sum_i e^{x_i}") is None
    assert objective_reading(r"\min_G \max_D V(D, G)") is None
    assert says_sense("Dual objective, which the dual maximises", "max")
    assert not says_sense("Dual objective, which the dual maximises", "min")
    assert not says_sense("Least squares: the minimiser of ||y - Xw||^2", "min")


def test_the_right_dual_problem_holds_in_notation_of_our_own():
    f = _problem(_sheet(_RIGHT))
    assert (f.verdict, f.claim) == ("ok", "svm.dual_objective")


@pytest.mark.parametrize("typo", [_NO_HALF, _PLUS])
def test_a_slip_in_the_dual_objective_is_wrong(typo):
    f = _problem(_sheet(typo))
    assert (f.verdict, f.claim) == ("wrong", "svm.dual_objective")
    assert f.expected.startswith(r"\max_{0 \le \lambda_n \le C}")  # the problem, put right


def test_a_label_set_in_the_heading_and_the_constraint_beside_do_not_excuse_the_slip():
    # the check draws the labels from {-1, +1} and the multipliers with sum lambda_n t_n = 0:
    # the very case the sheet states, so refuted there the line is wrong in that case
    f = _problem(_sheet(_NO_HALF, heading=r"Kernel machines ($t_n \in \{-1, 1\}$)"))
    assert (f.verdict, f.claim) == ("wrong", "svm.dual_objective")


def test_the_negated_dual_under_min_is_never_compared_with_what_the_max_optimises():
    negated = (r"\frac{1}{2}\sum_{n=1}^{N}\sum_{m=1}^{N}\lambda_n\lambda_m t_n t_m "
               r"\mathbf{x}_n^\top \mathbf{x}_m - \sum_{n=1}^{N}\lambda_n")
    text = ("# Margin classifiers\n\n## Kernel machines\n\n"
            f"- as a minimisation: $\\min_{{\\boldsymbol{{\\lambda}} \\geq 0}} {negated}$\n")
    assert _problem(text).verdict != "wrong"


def test_the_kernel_form_is_not_refuted():
    kernel = _RIGHT.replace(r"\mathbf{x}_n^\top \mathbf{x}_m", r"k(\mathbf{x}_n, \mathbf{x}_m)")
    assert _problem(_sheet(kernel)).verdict != "wrong"
