"""Claims in the forms public cheat sheets write them (issue 8): the dilated convolution's
output length in PyTorch's and in Dumoulin and Visin's form, the transposed convolution with
dilation and output padding, the dilated kernel's span, F1 in the names of precision and recall,
the finite geometric series, the negative binomial law (failures and trials), KL divergences
between Bernoulli, Poisson and exponential laws, receptive fields with jumps and dilations.  Each check computes its value apart from the formula; these tests
pin that value on cases known by hand, show the check refutes the slips sheets make, and run the
audit on a sheet in the guide's letters (right forms ok, slips wrong)."""
from __future__ import annotations

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.verify.check import check_version
from cheatsheet.verify.checks.conv_sizes import _dilated_len, _transposed_len_full

NEW = ["conv.output_size_dilated", "conv.output_size_dilated_span",
       "conv.transposed_output_size_full", "conv.dilated_kernel_span", "metrics.f1_words",
       "series.geometric_finite", "negbinomial.pmf", "negbinomial.mean", "negbinomial.variance",
       "negbinomial.mgf", "negbinomial_trials.pmf", "negbinomial_trials.mean", "kl.bernoulli",
       "kl.poisson", "kl.exponential", "rf.recurrence_jump", "rf.jump", "rf.recurrence_dilated",
       "rf.closed_form"]


def _verdict(claim_id, latex, seed=0):
    c = get_catalog()[claim_id]
    ev = check_version(c, latex, c.declarations, c.layout, list(c.assume), seed=seed,
                       key=("sheet-forms",), symbolic_first=False, thorough=False)
    return ev.verdict


@pytest.mark.parametrize("n,k,p,s,d,out", [(7, 3, 0, 1, 2, 3), (10, 3, 1, 2, 2, 4),
                                           (5, 2, 0, 1, 4, 1), (6, 3, 0, 1, 3, np.nan)])
def test_dilated_length_is_the_layers(n, k, p, s, d, out):
    got = _dilated_len(n, k, p, s, d)
    assert (np.isnan(got) and np.isnan(out)) or got == out


@pytest.mark.parametrize("n,k,p,s,d,op,out", [(3, 3, 0, 2, 1, 0, 7), (3, 3, 0, 2, 1, 1, 8),
                                              (4, 3, 1, 2, 2, 1, 10), (2, 2, 0, 1, 1, 1, np.nan)])
def test_output_padding_picks_a_longer_input_the_convolution_maps_back(n, k, p, s, d, op, out):
    """torch.nn.ConvTranspose1d gives the same lengths (checked by hand with its formula)."""
    got = _transposed_len_full(n, k, p, s, d, op)
    assert (np.isnan(got) and np.isnan(out)) or got == out


TYPOS = [
    ("conv.output_size_dilated", r'H_{\text{out}} = \lfloor \frac{H_{\text{in}} + 2P - D(K - 1)}{S} \rfloor + 1'),
    ("conv.output_size_dilated_span", r'H_{\text{out}} = \lfloor \frac{H_{\text{in}} + 2P - K - (K - 1)D}{S} \rfloor + 1'),
    ("conv.transposed_output_size_full", r'H_{\text{out}} = (H_{\text{in}} - 1) S - 2P + D(K - 1) + P_{\text{out}}'),
    ("conv.dilated_kernel_span", r'K_{\text{eff}} = K + (K - 1)D'),
    ("metrics.f1_words", r'F_1 = \frac{\text{Precision} + \text{Recall}}{2}'),
    ("series.geometric_finite", r'\sum_{k=0}^{n-1} r^k = \frac{1 - r^{n+1}}{1 - r}'),
    ("negbinomial.variance", r'\operatorname{Var}(X) = \frac{r(1-p)}{p}'),
    ("negbinomial.mean", r'\mathbb{E}[X] = \frac{r}{p}'),
    ("negbinomial_trials.mean", r'\mathbb{E}[X] = \frac{r(1-p)}{p}'),
    ("negbinomial.mgf", r'\mathbb{E}[e^{tX}] = \left(\frac{p e^t}{1 - (1-p) e^t}\right)^r'),
    ("kl.poisson", r'\text{KL}(\mathrm{Pois}(\lambda_1) \parallel \mathrm{Pois}(\lambda_2)) = \lambda_1 \log \frac{\lambda_1}{\lambda_2} - \lambda_2 + \lambda_1'),
    ("kl.bernoulli", r'\text{KL}(\mathrm{Bern}(p) \parallel \mathrm{Bern}(q)) = q \log \frac{q}{p} + (1 - q) \log \frac{1 - q}{1 - p}'),
    ("kl.exponential", r'\text{KL}(\mathrm{Exp}(\lambda_1) \parallel \mathrm{Exp}(\lambda_2)) = \log \frac{\lambda_2}{\lambda_1} + \frac{\lambda_1}{\lambda_2} - 1'),
    ("rf.recurrence_jump", r'R_l = R_{l-1} + (K_l - 1) J_l'),
    ("rf.closed_form", r'R_L = 1 + \sum_{l=1}^{L} (K_l - 1) \prod_{i=1}^{l} S_i'),
]


@pytest.mark.parametrize("claim_id,latex", TYPOS)
@pytest.mark.parametrize("seed", [0, 7])
def test_a_sheets_slip_is_refuted_under_any_seed(claim_id, latex, seed):
    assert _verdict(claim_id, latex, seed) == "refuted"


@pytest.mark.parametrize("claim_id", NEW)
@pytest.mark.parametrize("seed", [0, 7])
def test_the_canonical_form_holds_under_any_seed(claim_id, seed):
    assert _verdict(claim_id, get_catalog()[claim_id].latex, seed) in ("passed", "proved")


def test_the_undilated_length_is_the_case_d_1():
    """conv.output_size is the dilated claim at D = 1: the narrow form holds under its check."""
    assert _verdict("conv.output_size_dilated",
                    r'H_{\text{out}} = \lfloor \frac{H_{\text{in}} + 2P - D(K - 1) - 1}{S} \rfloor + 1')\
        == "passed"


RIGHT = r"""# Convolution arithmetic

Input size $i$, kernel size $k$, stride $s$, zero padding $p$ on each side, dilation $d$, output size $o$.

- General: $o = \left\lfloor \frac{i + 2p - k}{s} \right\rfloor + 1$
- Dilated, general: $o = \left\lfloor \frac{i + 2p - k - (k - 1)(d - 1)}{s} \right\rfloor + 1$
- PyTorch: $H_{out} = \left\lfloor \frac{H_{in} + 2P - D(K - 1) - 1}{S} \right\rfloor + 1$
- PyTorch `ConvTranspose2d`: $o = (i - 1)s - 2p + d(k - 1) + p_{\text{out}} + 1$

## Metrics

$$F_1 = \frac{2 \cdot \text{Precision} \cdot \text{Recall}}{\text{Precision} + \text{Recall}}$$
"""

SLIPS = {
    r'D(K - 1) - 1}{S}': r'D(K - 1)}{S}',
    r'$$F_1 = \frac{2 \cdot \text{Precision}': r'$$F_1 = \frac{\text{Precision}',
}


def _verdicts(text):
    from audit_helpers import audit_text

    return {f.latex: (f.verdict, f.claim) for f in audit_text(text) if f.claim}


def test_audit_calls_the_sheet_forms_ok():
    got = _verdicts(RIGHT)
    assert [v for v, _ in got.values()] == ["ok"] * 5, got
    assert {c for _, c in got.values()} >= {"conv.output_size_dilated",
                                            "conv.output_size_dilated_span",
                                            "conv.transposed_output_size_full",
                                            "metrics.f1_words"}, got


def test_audit_calls_the_slips_wrong():
    text = RIGHT
    for right, slip in SLIPS.items():
        assert right in text
        text = text.replace(right, slip)
    got = _verdicts(text)
    assert sum(v == "wrong" for v, _ in got.values()) == len(SLIPS), got


def test_the_kl_of_laws_is_computed_from_their_densities():
    """The values the check compares with, against the closed forms at one point."""
    from cheatsheet.verify.evaluate import Val
    from cheatsheet.verify.checks.information import _bernoulli, _exponential, _kl, _poisson

    v = lambda x: Val(np.array([x]))  # noqa: E731
    p, q = 0.3, 0.6
    assert _kl(_bernoulli(v(p)), _bernoulli(v(q))).arr[0] == pytest.approx(
        p * np.log(p / q) + (1 - p) * np.log((1 - p) / (1 - q)))
    a, b = 2.5, 0.7
    assert _kl(_poisson(v(a)), _poisson(v(b))).arr[0] == pytest.approx(a * np.log(a / b) + b - a)
    assert _kl(_exponential(v(a)), _exponential(v(b))).arr[0] == pytest.approx(
        np.log(a / b) + b / a - 1)


def test_the_negative_binomial_atoms_give_its_moments():
    from cheatsheet.verify.checks import distributions as D

    r, p = np.array([3.0]), np.array([0.4])
    for law, mean in (("negative_binomial", 3 * 0.6 / 0.4), ("negative_binomial_trials", 3 / 0.4)):
        atoms, probs = D.LAWS[law].atoms([r, p], 1)
        assert probs.sum() == pytest.approx(1.0)
        m = (atoms * probs).sum()
        assert m == pytest.approx(mean)
        assert ((atoms - m) ** 2 * probs).sum() == pytest.approx(3 * 0.6 / 0.4 ** 2)


TABLE = r"""# Discrete laws

$q = 1 - p$ throughout.

| Distribution | PMF | Mean | MGF |
|---|---|---|---|
| Negative binomial $\operatorname{NBin}(r, p)$ (failures before the $r$-th success) | $P(X = n) = \binom{r + n - 1}{r - 1} p^r q^n$ | $E(X) = rq/p$ | $M(t) = \left(\dfrac{p}{1 - qe^t}\right)^r$ |

## Divergences

- $\mathrm{KL}(\mathrm{Pois}(\lambda_1) \,\|\, \mathrm{Pois}(\lambda_2)) = \lambda_1 \log\frac{\lambda_1}{\lambda_2} + \lambda_2 - \lambda_1$
- $D(\mathrm{Bern}(a) \| \mathrm{Bern}(b)) = a\ln\frac{a}{b} + (1 - a)\ln\frac{1 - a}{1 - b}$

## Receptive fields

Layer $l$ has kernel $k_l$ and stride $s_l$; $j_l$ is the jump and $r_l$ the receptive field.

- Jump: $j_l = j_{l-1} s_l$
- Receptive field: $r_l = r_{l-1} + (k_l - 1) j_{l-1}$
- Closed form: $r_L = 1 + \sum_{l=1}^{L}(k_l - 1)\prod_{i=1}^{l-1} s_i$
"""

TABLE_SLIPS = {
    r"p^r q^n$": r"p^n q^r$",
    r"{1 - qe^t}": r"{1 + qe^t}",
    r"+ \lambda_2 - \lambda_1$": r"- \lambda_2 + \lambda_1$",
    r"\prod_{i=1}^{l-1} s_i$": r"\prod_{i=1}^{l} s_i$",
}


def test_audit_reads_the_laws_divergences_and_receptive_fields():
    got = _verdicts(TABLE)
    assert [v for v, _ in got.values()] == ["ok"] * 8, got
    text = TABLE
    for right, slip in TABLE_SLIPS.items():
        assert right in text
        text = text.replace(right, slip)
    got = _verdicts(text)
    assert sum(v == "wrong" for v, _ in got.values()) == len(TABLE_SLIPS), got
    assert all(v != "ok" for k, (v, _) in got.items()
               if any(slip in k or slip.strip("$") in k for slip in TABLE_SLIPS.values())), got
