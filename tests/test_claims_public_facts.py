"""Standard facts of public cheat sheets the catalog did not state (issue 8, red teams 9-12):
Cayley-Hamilton for 2 x 2 matrices, the Rayleigh
quotient's bounds, the entropy's bound log n, the log-sum-exp bounds, and the false positive
rate, balanced accuracy and Matthews' coefficient of a confusion matrix; and the atoms of the
chi-squared and hypergeometric laws (in the checks, no claim yet: see the commit).  Each check computes
its value apart from the formula; these tests pin that value on cases known by hand, show the
check refutes the slips sheets make, and run the audit on a sheet in letters of its own."""
from __future__ import annotations

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.verify.check import check_version

NEW = ["cayley_hamilton.two_by_two",
       "rayleigh.bounds", "entropy.uniform_bound", "logsumexp.bounds", "metrics.fpr",
       "metrics.balanced_accuracy", "metrics.mcc"]


def _verdict(claim_id, latex, seed=0):
    c = get_catalog()[claim_id]
    ev = check_version(c, latex, c.declarations, c.layout, list(c.assume), seed=seed,
                       key=("public-facts",), symbolic_first=False, thorough=False)
    return ev.verdict


TYPOS = [
    ("cayley_hamilton.two_by_two", r'A^2 - \operatorname{tr}(A) A + \det(A) = 0'),
    ("rayleigh.bounds", r'\lambda_{\min}(A) \leq \frac{x^T A x}{x^T x} \leq \lambda_{\min}(A) + 1'),
    ("entropy.uniform_bound", r'0 \leq H(p) \leq \log(n) - 1'),
    ("logsumexp.bounds", r'\max_i x_i \leq \log \sum_{i=1}^{n} e^{x_i} \leq \max_i x_i + \log(n) - 1'),
    ("metrics.fpr", r'\text{FPR} = \frac{\text{FP}}{\text{FP} + \text{TP}} = 1 - \text{TNR}'),
    ("metrics.balanced_accuracy", r'\text{BA} = \frac{\text{TPR} + \text{TNR}}{4}'),
    ("metrics.mcc", r'\text{MCC} = \frac{\text{TP} \cdot \text{TN} - \text{FP} \cdot \text{FN}}{\sqrt{(\text{TP} + \text{FP})(\text{TP} + \text{FN})(\text{TN} + \text{FP})}}'),
]


@pytest.mark.parametrize("claim_id,latex", TYPOS)
@pytest.mark.parametrize("seed", [0, 7])
def test_a_sheets_slip_is_refuted_under_any_seed(claim_id, latex, seed):
    assert _verdict(claim_id, latex, seed) == "refuted"


@pytest.mark.parametrize("claim_id", NEW)
@pytest.mark.parametrize("seed", [0, 7])
def test_the_canonical_form_holds_under_any_seed(claim_id, seed):
    assert _verdict(claim_id, get_catalog()[claim_id].latex, seed) in ("passed", "proved")


def test_the_chi_squared_and_hypergeometric_atoms_give_their_moments():
    """Chi-squared: mean k, variance 2k (Gauss-Laguerre atoms); hypergeometric (N=10, K=4,
    n=3): mean 1.2, variance 3 * 0.4 * 0.6 * 7/9 = 0.56 (its support)."""
    from cheatsheet.verify.checks import distributions as D

    atoms, probs = D.LAWS["chi_squared"].atoms([np.array([5.0])], 1)
    assert probs.sum() == pytest.approx(1.0)
    m = (atoms * probs).sum()
    assert m == pytest.approx(5.0) and ((atoms - m) ** 2 * probs).sum() == pytest.approx(10.0)
    atoms, probs = D.LAWS["hypergeometric"].atoms([np.array([10.0]), np.array([4.0]),
                                                   np.array([3.0])], 1)
    assert probs.sum() == pytest.approx(1.0)
    m = (atoms * probs).sum()
    assert m == pytest.approx(1.2) and ((atoms - m) ** 2 * probs).sum() == pytest.approx(0.56)


def test_the_metrics_are_read_off_the_labels():
    """y = 1 1 1 0 0 0 0, y_hat = 1 1 0 1 0 0 0: TP 2, FN 1, FP 1, TN 3."""
    from cheatsheet.verify.checks.metrics import metrics_of

    m = metrics_of(np.array([1, 1, 1, 0, 0, 0, 0]), np.array([1, 1, 0, 1, 0, 0, 0]))
    assert m["fpr"] == pytest.approx(1 / 4)
    assert m["balanced_accuracy"] == pytest.approx((2 / 3 + 3 / 4) / 2)
    assert m["mcc"] == pytest.approx((2 * 3 - 1 * 1) / np.sqrt(3 * 3 * 4 * 4))


RIGHT = r"""# Matrices

- Cayley-Hamilton, $B$ of size $2 \times 2$: $B^2 - \operatorname{tr}(B)B + \det(B)I = 0$
- Rayleigh quotient of a symmetric $S$: $\lambda_{\min}(S) \le \frac{v^T S v}{v^T v} \le \lambda_{\max}(S)$

# Entropy and softmax

- Entropy of $q$ on $m$ values: $0 \le H(q) \le \log m$
- Smooth maximum: $\max_j z_j \le \log\sum_{j=1}^{m} e^{z_j} \le \max_j z_j + \log m$
"""

SLIPS = {
    r"+ \det(B)I = 0": r"- \det(B)I = 0",
}


def _verdicts(text):
    from audit_helpers import audit_text

    return {f.latex: (f.verdict, f.claim) for f in audit_text(text) if f.claim}


def test_audit_calls_the_facts_ok_in_other_letters_and_their_slips_wrong():
    got = _verdicts(RIGHT)
    assert {c for v, c in got.values() if v == "ok"} >= {
        "cayley_hamilton.two_by_two", "rayleigh.bounds",
        "entropy.uniform_bound", "logsumexp.bounds"}, got
    assert all(v == "ok" for v, _ in got.values()), got
    text = RIGHT
    for right, slip in SLIPS.items():
        assert right in text
        text = text.replace(right, slip)
    got = _verdicts(text)
    assert sum(v == "wrong" for v, _ in got.values()) == len(SLIPS), got
