"""A letter with a number in a plain-text crib (``r1``, ``beta2``) reads as one indexed name on
every line, whatever the audit writes into the line to decide it (plain_as_tex.py).

In a crib of our own wording and layout (a moment a line, both corrections on one), Adam's
decays are ``b1`` and ``b2``. The audit spells ``g_t`` out as the gradient before deciding the
moment lines; that TeX turned ``b1`` into the product b * 1 in that reading only, so the first
moment held with ``b`` for beta_1 while the corrections read ``b_1``: a second correction with
``b1`` where ``b2`` belongs held (``b_1`` free to be beta_2) and was called right. Read alike everywhere, the
section's two lines binding ``r_1`` to beta_1 make that hold no hold; the right correction
stays ok. ``beta1`` in plain text is beta indexed by 1, not beta times 1.
"""
from __future__ import annotations

import pytest

from audit_helpers import catalog
from cheatsheet.latex.plain_as_tex import plain_as_tex
from cheatsheet.match.tokens import tokenize
from cheatsheet.verify.audit import decide as decide_module
from cheatsheet.verify.audit.run import audit_files


@pytest.fixture(autouse=True)
def _patient(monkeypatch):
    monkeypatch.setattr(decide_module, "FORMULA_TIME_LIMIT", 60.0)


_CRIB = """optimiser crib (Adam)
Adam 1st moment: m_t = b1 m_{{t-1}} + (1 - b1) g_t
Adam 2nd moment: v_t = b2 v_{{t-1}} + (1 - b2) g_t^2
Adam debiased moments: mhat_t = m_t / (1 - b1^t), vhat_t = v_t / (1 - {decay}^t)
"""


def _audit(text: str) -> dict:
    res = audit_files(["crib.txt"], texts={"crib.txt": text}, catalog=catalog(), jobs=1)
    return {f.latex: f for f in res.findings}


def test_a_correction_with_the_other_decay_is_not_called_right():
    found = _audit(_CRIB.format(decay="b1"))
    assert found["m_t = b1 m_{t-1} + (1 - b1) g_t"].verdict == "ok"
    assert found["mhat_t = m_t / (1 - b1^t)"].verdict == "ok"
    slip = found["vhat_t = v_t / (1 - b1^t)"]
    assert slip.verdict != "ok" and "fails" in slip.reason


def test_the_right_correction_stays_ok():
    found = _audit(_CRIB.format(decay="b2"))
    assert found["vhat_t = v_t / (1 - b2^t)"].verdict == "ok"
    assert found["v_t = b2 v_{t-1} + (1 - b2) g_t^2"].verdict == "ok"


@pytest.mark.parametrize("plain", [
    "a_t = c1 a_{t-1} + (1 - c1) g_t",
    "w = lambda1 u + lambda2 v",
    "vbar = rho v + (1 - rho) x",
    "Attn(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V",
    "p(x) = 1/sqrt(2*pi*s^2) * exp(-(x - mu)^2 / (2*s^2))",
])
def test_written_in_tex_a_plain_formula_reads_as_before(plain):
    spelled = plain_as_tex(plain)
    assert spelled != plain
    assert [(t.norm or t.ident) for t in tokenize(spelled)] == \
        [(t.norm or t.ident) for t in tokenize(plain)]


def test_a_greek_name_with_a_number_is_indexed():
    assert [t.ident for t in tokenize("m = beta1 m + (1 - beta1) g") if t.ident] == \
        ["m", "beta_1", "m", "beta_1", "g"]
    assert "beta_1" not in {t.ident for t in tokenize("y = beta12x")}
