"""A formula no claim holds firmly, under words naming one claim, typed as that claim's
recorded wrong form (verify/audit/named_instead.NamedTypo).

The slip is an adaptive optimiser's running average of the squared gradient written without
the square: by its form alone it is a right moving average of the gradient (another
optimiser's first moment, letters renamed), so no match is sure; the word naming the
optimiser says which claim is meant, and the catalog records that form as its typo. The
same line without that word, the right form under it, and words naming two optimisers stay
as they were. Notation here is our own (r, c for the average, gamma, mu for the decay, k
for the step).
"""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.verify.audit import decide as decide_module


@pytest.fixture(autouse=True)
def _patient(monkeypatch):
    # (a loaded machine must not turn a decision into "no decision within 6 s")
    monkeypatch.setattr(decide_module, "FORMULA_TIME_LIMIT", 60.0)


def _md(words: str, latex: str) -> str:
    return f"# Training\n\n- {words} ${latex}$\n"


def _plain(words: str, formula: str) -> str:
    return f"ADAPTIVE STEPS\n{words} {formula}\n"


_DROPPED = r"r_k = \gamma r_{k-1} + (1 - \gamma) g_k"
_RIGHT = r"r_k = \gamma r_{k-1} + (1 - \gamma) g_k^2"


def test_the_squared_average_without_its_square_under_its_name_is_wrong():
    f = audit_text(_md("RMSProp accumulator:", _DROPPED))[0]
    assert f.verdict == "wrong", f.reason
    assert f.claim == "rmsprop.update"


def test_a_plain_line_with_a_short_greek_decay_is_read_as_greek():
    # (mu spelled as a word of a plain formula stays the letter mu once the gradient is
    # spelled out in LaTeX, not m times u)
    f = audit_text(_plain("rms prop cache (RMSprop):", "c_k = mu c_{k-1} + (1 - mu) g_k"),
                   "notes.txt")[0]
    assert f.verdict == "wrong", f.reason
    assert f.claim == "rmsprop.update"


def test_the_same_line_without_the_name_is_not_wrong():
    f = audit_text(_md("running average:", _DROPPED))[0]
    assert f.verdict != "wrong", f.reason


def test_the_right_form_under_the_name_is_not_wrong():
    f = audit_text(_md("RMSProp accumulator:", _RIGHT))[0]
    assert f.verdict != "wrong", f.reason


def test_words_naming_two_optimisers_leave_it_open():
    f = audit_text(_md("RMSProp or Adam average:", _DROPPED))[0]
    assert f.verdict != "wrong", f.reason



@pytest.mark.parametrize("latex", [
    r"m_k = \gamma m_{k-1} + (1 - \gamma) g_k",
    r"\mu_k = \gamma \mu_{k-1} + (1 - \gamma) g_k",
])
def test_a_running_mean_named_as_a_mean_beside_the_name_is_not_wrong(latex):
    # (a first moment kept beside the optimiser, as in its centred or momentum variants: its
    # letter says it is a mean, so it is no sure typo of the squared average)
    f = audit_text(_md("RMSProp:", latex))[0]
    assert f.verdict != "wrong", f.reason
