"""The reference computations behind the issue-14 model claims (linear models, kernels,
unsupervised, deep-learning mechanics) agree with values known in closed form or with a second
implementation, so a claim's verdict rests on a right truth.  That every claim holds and every
wrong variant is refuted is tested for the whole catalog in test_catalog.py."""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special

from cheatsheet.verify.checks import kernels, linear_models, mechanics, unsupervised
from cheatsheet.verify.evaluate import Val


# -- mechanics ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kernels_,strides,dilations,expected", [
    ([3], [1], [1], 3),
    ([3, 3], [1, 1], [1, 1], 5),          # two 3x3 layers see 5x5
    ([3, 3, 3], [1, 1, 1], [1, 1, 1], 7),
    ([3, 3], [1, 1], [2, 2], 9),          # dilation 2: each layer spans 5
    ([3, 3], [2, 1], [1, 1], 7),          # k_1 + (k_2 - 1) s_1
    ([7, 3, 3], [2, 2, 1], [1, 1, 1], 7 + 2 * 2 + 2 * 4),
])
def test_receptive_field_from_the_conv_stack(kernels_, strides, dilations, expected):
    assert mechanics._receptive_field(kernels_, strides, dilations) == expected
    assert mechanics._receptive_field_conv(kernels_, strides, dilations) == expected


def test_receptive_field_definition_agrees_with_the_conv_core():
    rng = np.random.default_rng(6)
    for _ in range(25):
        L = int(rng.integers(1, 4))
        ks, ss, ds = (tuple(int(v) for v in rng.integers(1, hi, L)) for hi in (6, 4, 3))
        assert mechanics._receptive_field(ks, ss, ds) == mechanics._receptive_field_conv(ks, ss, ds)


def test_initialisation_variances_from_quadrature():
    assert mechanics._gauss_moment(mechanics._RELU) == pytest.approx(0.5, rel=1e-9)
    assert mechanics._preserving(7, mechanics._RELU) == pytest.approx(2 / 7, rel=1e-9)
    assert mechanics._preserving(7, mechanics._LINEAR) == pytest.approx(1 / 7, rel=1e-9)
    assert mechanics._xavier(3, 5) == pytest.approx(2 / 8, rel=1e-9)
    # U(-a, a) has variance a^2 / 3
    assert mechanics._bound_of(0.25) == pytest.approx(math.sqrt(0.75), rel=1e-9)


def test_parameter_counts_on_constructed_layers():
    rng = np.random.default_rng(0)
    assert mechanics._mha_count(8, 2, rng) == 4 * 64 + 4 * 8
    assert mechanics._mha_count(8, 4, rng) == 4 * 64 + 4 * 8  # heads add nothing
    assert mechanics._ffn_count(4, 16, rng) == 2 * 4 * 16 + 16 + 4


def test_normalisation_layer_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x = rng.normal(size=(3, 5, 1))
    gamma, beta, eps = rng.normal(size=3), rng.normal(size=3), np.array([1e-5, 0.1, 2.0])
    got = mechanics._Normalise(gamma, beta, eps, "batch norm")(Val(x, True)).arr
    for t in range(3):  # one feature over a batch of 5
        ref = torch.nn.functional.batch_norm(
            torch.tensor(x[t, :, 0])[:, None], None, None, torch.tensor([gamma[t]]),
            torch.tensor([beta[t]]), training=True, eps=float(eps[t]))
        np.testing.assert_allclose(got[t, :, 0], ref[:, 0].numpy(), rtol=1e-10, atol=1e-12)
        ref_ln = torch.nn.functional.layer_norm(torch.tensor(x[t, :, 0]), (5,), eps=float(eps[t]))
        plain = mechanics._Normalise(np.ones(3), np.zeros(3), eps, "layer norm")(Val(x, True))
        np.testing.assert_allclose(plain.arr[t, :, 0], ref_ln.numpy(), rtol=1e-10, atol=1e-12)


# -- linear models -----------------------------------------------------------------------------

def test_logistic_nll_is_the_cross_entropy_of_the_sigmoid():
    rng = np.random.default_rng(2)
    X, w = rng.normal(size=(2, 6, 3)), rng.normal(size=(2, 3, 1))
    y = rng.integers(0, 2, size=(2, 6, 1)).astype(float)
    got = linear_models._LogisticNLL(X, y)(Val(w, True)).arr
    mu = special.expit(X @ w)
    ref = -(y * np.log(mu) + (1 - y) * np.log(1 - mu)).sum(axis=(-1, -2))
    np.testing.assert_allclose(got, ref, rtol=1e-12)


# -- kernels -----------------------------------------------------------------------------------

def test_svm_primal_and_dual_meet_the_kkt_conditions():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(8, 2))
    y = kernels._labels(rng.normal(size=8))
    C = 1.5
    w, b = kernels._svm_primal(X, y, C)
    alpha = kernels._svm_dual(X, y, C)
    margin = y * (X @ w + b)
    assert np.all(alpha >= -1e-8) and np.all(alpha <= C + 1e-8)
    assert abs(alpha @ y) < 1e-8
    assert np.all(alpha[margin > 1 + 1e-4] < 1e-5)       # outside the margin: alpha = 0
    assert np.all(alpha[margin < 1 - 1e-4] > C - 1e-5)   # inside it: alpha = C


def test_labels_always_hold_both_classes():
    assert set(kernels._labels(np.array([0.3, 0.5, 2.0]))) == {-1.0, 1.0}


def test_dual_perceptron_separates_separable_data():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(20, 2))
    y = np.where(X @ np.array([1.0, -2.0]) > 0, 1.0, -1.0)
    w, alpha = kernels._perceptron(X, y, 200)
    assert np.all(y * (X @ w) > 0)
    assert np.all(alpha >= 0) and alpha.sum() >= 1


# -- unsupervised ------------------------------------------------------------------------------

def test_mixture_weight_maximiser_is_the_mean_responsibility():
    r = special.softmax(np.random.default_rng(5).normal(size=(10, 3)), axis=1)
    np.testing.assert_allclose(unsupervised._mixture_weight(r), r.mean(axis=0), rtol=1e-6)


# -- the audit reads sheets in this notation ---------------------------------------------------

SHEET = r"""# Notes

- Eigenvalues of the covariance: $\lambda_j = \frac{s_j}{N - 1}$
- Receptive field: $r = L(k - 1)$
- Receptive field: $r = L(k - 1) + 1$
- Attention parameters: $P = 4d^2 + 4d$
"""


def test_audit_flags_the_typos_and_passes_the_right_forms(tmp_path):
    from cheatsheet.verify.audit.run import audit_files

    path = tmp_path / "notes.md"
    path.write_text(SHEET, encoding="utf-8")
    res = audit_files([str(path)], jobs=1)
    by_line = {}
    for f in res.findings:
        by_line.setdefault(f.line, set()).add(f.verdict)
    assert "wrong" in by_line[3] and "wrong" in by_line[4]
    assert "wrong" not in by_line[5] and "wrong" not in by_line[6]
