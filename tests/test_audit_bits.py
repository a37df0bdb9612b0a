"""Information in bits decided as information in nats (verify/audit/bits.py).

A formula whose every term carries one base-2 logarithm or one information quantity scales as a
whole with the base, so it holds in bits exactly when it holds in nats; the catalog's claims are
in nats. Formulas with a term free of logarithms, or mixing bases, are not rescaled.
"""
from __future__ import annotations

import math

import pytest

from audit_helpers import audit_text
from cheatsheet.verify.audit.bits import in_nats, scales_alike

SHEET = r"""# Source coding, everything in bits

- Binary entropy of a coin with head probability $r$: $H_b(r) = -r\log_2 r - (1 - r)\log_2(1 - r)$
- Binary entropy, slipped: $H_b(r) = -r\log_2 r + (1 - r)\log_2(1 - r)$
- Jointly Gaussian $U, V$ with correlation $\rho$: $I(U; V) = -\frac{1}{2}\log_{2}(1 - \rho^2)$
- Gaussian entropy: $h(U) = \frac{1}{2}\lg(2\pi e s^2)$ for $U \sim \mathcal{N}(m, s^2)$
- Gaussian entropy without its e: $h(U) = \frac{1}{2}\lg(2\pi s^2)$ for $U \sim \mathcal{N}(m, s^2)$
- Binary symmetric channel with crossover $r$: $C = 1 - H_b(r)$
"""


def _by_line(text):
    out = {}
    for f in audit_text(text):
        if f.line not in out or f.verdict != "unchecked":
            out[f.line] = f
    return out


@pytest.fixture(scope="module")
def found():
    return _by_line(SHEET)


def test_right_formulas_in_bits_hold(found):
    for line, claim in ((3, "entropy.bernoulli"), (5, "mi.bivariate_gaussian"),
                        (6, "entropy.differential_normal")):
        assert found[line].verdict == "ok", found[line].reason
        assert found[line].claim == claim
        assert "in nats" in found[line].reason


def test_slips_in_bits_are_wrong_and_told_in_bits(found):
    slipped = found[4]
    assert slipped.verdict == "wrong", slipped.reason
    assert r"\log_2" in slipped.expected and r"\ln" not in slipped.expected
    r = slipped.counterexample["values"]["r"]
    bits = -r * math.log2(r) - (1 - r) * math.log2(1 - r)
    assert bits in (pytest.approx(slipped.counterexample["left"], abs=1e-4),
                    pytest.approx(slipped.counterexample["right"], abs=1e-4))
    assert found[7].verdict == "wrong", found[7].reason
    assert r"\lg" in found[7].expected


def test_a_term_without_a_logarithm_is_not_rescaled(found):
    # C = 1 - H_b(r): the 1 is one bit, ln 2 nats; nothing is decided by rescaling
    assert "in nats" not in found[8].reason


@pytest.mark.parametrize("latex, alike", [
    (r"H(X) \le \ln n", True),
    (r"D(p \| q) = p\ln\frac{p}{q} + (1 - p)\ln\frac{1 - p}{1 - q}", True),
    (r"h(x) = \frac{1}{2}\ln\left((2\pi e)^d |\Sigma|\right)", True),
    (r"L = \ln N", False),  # L is no information quantity
    (r"C = 1 - H_b(r)", False),
    (r"x = \ln y \cdot \ln z", False),
])
def test_scales_alike(latex, alike):
    assert scales_alike(latex) is alike


@pytest.mark.parametrize("latex, nats", [
    (r"H = -\sum_k q_k \lg q_k", r"H = -\sum_k q_k \ln  q_k"),
    (r"I = \log_{2} 3", r"I = \ln  3"),
    (r"H(X) = \log_2 n + \ln 2", None),  # two units on one line
    (r"P = 2^{H(X)}", None),
    (r"H(X) = \log_{10} n", None),
])
def test_in_nats(latex, nats):
    assert in_nats(latex) == nats


def test_a_line_said_to_be_in_nats_is_not_rescaled():
    # base 2 on a line that says nats mixes units: the bits reading says nothing of it
    text = ("# Coding\n\n- Binary entropy (nats) of a coin with head probability $r$: "
            "$H_b(r) = -r\\log_2 r - (1 - r)\\log_2(1 - r)$\n")
    assert not [f for f in audit_text(text) if "in nats: each" in f.reason]


def test_logarithmus_dualis_is_base_two():
    text = ("# Information (bits)\n\n- Binary entropy of a coin with head probability $r$: "
            "$H_b(r) = -r\\operatorname{ld} r - (1 - r)\\operatorname{ld}(1 + r)$\n")
    (f,) = [f for f in audit_text(text) if "H_b" in f.latex]
    assert f.verdict == "wrong", f.reason
    assert r"\operatorname{ld}" in f.expected


def test_a_line_in_bits_under_a_heading_on_nats_is_rescaled():
    text = ("# Information, natural logs (nats)\n\n- Binary entropy in bits of a coin with head "
            "probability $r$: $H_b(r) = -r\\log_2 r - (1 - r)\\log_2(1 - r)$\n")
    (f,) = [f for f in audit_text(text) if "H_b" in f.latex]
    assert f.verdict == "ok", f.reason
