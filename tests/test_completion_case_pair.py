"""A stray name whose case kin the matcher placed on the claim's other case (completion.py,
case_pair_swap): the sheet's j and J are the claim's t and T, but the alignment may put j on
T and leave J stray. Placed by case, the pair keeps its roles (index and count) and the
formula is decided by the claim's own check."""
from __future__ import annotations

from audit_helpers import audit_text

from cheatsheet.verify.audit.completion import case_pair_swap

_HEAD = r"Cosine annealing: $\eta_j = \eta_{\min} + \frac{1}{2}(\eta_{\max} - \eta_{\min})"


def _only(text: str):
    (f,) = audit_text(text)
    return f


def test_sign_slip_with_the_pair_split_by_the_alignment_is_caught():
    f = _only(_HEAD + r"\left(1 - \cos\frac{\pi j}{J}\right)$")
    assert f.verdict == "wrong" and f.claim == "schedule.cosine"
    assert "1 + " in f.expected  # the right form, in the sheet's letters


def test_the_right_formula_holds():
    f = _only(_HEAD + r"\left(1 + \cos\frac{\pi j}{J}\right)$")
    assert f.verdict == "ok" and f.claim == "schedule.cosine"


def test_swap_only_by_case_and_only_one_way():
    placed, renames = case_pair_swap(["J"], {"j": "T", "eta": "eta"}, {"t", "n"})
    assert set(placed) == {("j", "t"), ("J", "T")} and renames == {"T": "t", "J": "T"}
    assert case_pair_swap(["J"], {"j": "T"}, {"n"}) is None  # no kin of T left unused
    assert case_pair_swap(["J"], {"j": "t"}, {"T"}) is None  # j already on its own case
    assert case_pair_swap(["J", "m"], {"j": "T"}, {"t"}) is None  # two strays: a guess
