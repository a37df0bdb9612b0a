"""A bound the sheet says is enough ("for every step", "with step") against a claim that says
what is needed ("converges only for steps below 2/lambda_max"); a claim's own assumption
written alone; a step bound as a premise; indexed families renamed as one (issue 8; red team
10's "typos called ok")."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.sheets.model import Segment
from cheatsheet.verify.audit.caveats import premise_word
from cheatsheet.verify.audit.families import index_shift
from cheatsheet.verify.audit.sufficiency import said_sufficient

_QUAD = ("- Quadratic with Hessian eigenvalues in $[\\lambda_{\\min}, \\lambda_{\\max}]$: "
         "GD converges WORDS $0 < \\gamma < \\dfrac{2}{\\lambda_{\\WHICH}}$\n")


def _quad(words: str, which: str) -> str:
    return _QUAD.replace("WORDS", words).replace("WHICH", which)


def _verdicts(text: str, has: str):
    return [(f.verdict, f.claim) for f in audit_text(text) if has in f.latex]


def test_words_that_make_a_bound_sufficient():
    seg = lambda before: Segment("x", 1, False, before=before)  # noqa: E731
    assert said_sufficient(seg("GD converges for every step"))
    assert said_sufficient(seg("GD with step"))
    assert not said_sufficient(seg("GD converges only for steps"))
    assert not said_sufficient(seg("Stability:"))


def test_a_sufficient_bound_above_the_needed_one_is_wrong():
    text = _quad("for every step", "min")
    assert _verdicts(text, "\\gamma <") == [("wrong", "quadratic.stability")]
    found = [f for f in audit_text(text) if "\\gamma <" in f.latex][0]
    assert "lambda_{\\max}" in found.expected and found.counterexample


def test_a_sufficient_bound_at_the_needed_one_is_not_credited_nor_refuted():
    text = _quad("for every step", "max")
    assert _verdicts(text, "\\gamma <") == [("unchecked", None)]


def test_a_necessary_bound_is_still_decided_as_the_claim_states_it():
    text = _quad("only for steps", "max")
    assert _verdicts(text, "\\gamma <") == [("ok", "quadratic.stability")]


def test_a_step_bound_is_not_read_as_the_gamma_mgfs_domain():
    # the Gamma MGF's assumption t < 1/beta, restated, holds because the check samples
    # under it: it is no statement of the claim
    found = _verdicts("- GD with step $\\gamma \\le 1/L$ converges\n", "\\gamma")
    assert found and found[0][0] != "ok"


def test_a_step_bound_after_with_and_before_a_colon_is_a_premise():
    seg = Segment("x", 1, False, before="GD on a convex f with", after=": ")
    assert premise_word(seg, r"\gamma \le 1/L") == "with"
    assert premise_word(seg, r"0 < \gamma < 2/L") == "with"
    assert not premise_word(seg, r"\gamma \left(x\right) < 1")
    assert not premise_word(Segment("x", 1, False, before="Bound:", after=": "),
                            r"\gamma \le 1/L")


def test_a_correspondence_that_shifts_one_indexed_family_and_not_another():
    assert index_shift({"k_1": "k_1", "k_2": "k_2", "s_2": "s_1", "r": "r"}) == "s_2 read as s_1"
    assert index_shift({"k_2": "k_1", "k_3": "k_2", "s_2": "s_1"}) == ""  # all alike
    assert index_shift({"x_1": "x_1", "x_2": "x_2"}) == ""


def test_a_receptive_field_with_the_second_stride_is_not_credited():
    head = "Receptive field of two layers, kernels k_1, k_2 and strides s_1, s_2:\n"
    typo = head + "$r = k_1 + (k_2 - 1) s_2$\n"
    right = head + "$r = k_1 + (k_2 - 1) s_1$\n"
    shifted = ("Receptive field of two layers, kernels k_2, k_3 and strides s_2, s_3:\n"
               "$r = k_2 + (k_3 - 1) s_2$\n")
    assert [v for v, _ in _verdicts(typo, "r =")] != ["ok"]
    assert _verdicts(right, "r =") == [("ok", "rf.two_layers_strided")]
    assert _verdicts(shifted, "r =") == [("ok", "rf.two_layers_strided")]
