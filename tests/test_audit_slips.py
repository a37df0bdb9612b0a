"""A formula one slip away from the claim's right form in the sheet's own letters (a "+ 1" left
out, a sign flipped), under words naming the claim, is its typo even where most
of its letters are the sheet's own (verify/audit/slips.py); a right formula stays ok, and one
without words naming the claim stays unchecked."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text

_CONV = ("## Sizes (input length $u$, window $g$, step $v$, zero padding $z$ on each side)\n\n"
         "- {words}$u_{{\\text{{out}}}} = \\left\\lfloor \\dfrac{{u + 2z - g}}{{v}} "
         "\\right\\rfloor{tail}$\n")
_TRANSPOSED = ("## Sizes (input length $u$, window $g$, step $v$, zero padding $z$ on each "
               "side)\n\n- {words}$u_{{\\text{{out}}}} = (u - 1)v {sign} 2z + g$\n")


def _last(text):
    found = audit_text(text)[-1]
    return found.verdict, found.claim


@pytest.mark.parametrize("tail, verdict", [(" + 1", "ok"), ("", "wrong")])
def test_an_output_size_without_its_plus_one_is_caught_in_other_letters(tail, verdict):
    assert _last(_CONV.format(words="Convolution output length: ", tail=tail)) == (
        verdict, "conv.output_size")


@pytest.mark.parametrize("sign, verdict", [("-", "ok"), ("+", "wrong")])
def test_a_sign_slip_is_caught_in_other_letters(sign, verdict):
    words = "Transposed convolution output length: "
    assert _last(_TRANSPOSED.format(words=words, sign=sign)) == (
        verdict, "conv.transposed_output_size")


def test_without_the_slip_evidence_these_stay_unchecked(monkeypatch):
    from cheatsheet.verify.audit import confidence

    monkeypatch.setattr(confidence, "SLIP_EVIDENCE", 0.0)
    words = "Transposed convolution output length: "
    assert _last(_TRANSPOSED.format(words=words, sign="+"))[0] == "unchecked"
    assert _last(_CONV.format(words="Convolution output length: ", tail=""))[0] == "unchecked"


def test_an_alignment_marker_is_no_part_of_the_slip():
    # the & of an align row is layout: the row is still one slip from the right form
    from audit_helpers import audit_text as audit

    row = ("\\section*{{Sizes (input length $u$, window $g$, step $v$, zero padding $z$)}}\n"
           "Transposed convolution output length:\n\\begin{{align}}\n"
           "u_{{\\text{{out}}}} &= (u - 1)v {sign} 2z + g\n\\end{{align}}\n")
    found = [audit(row.format(sign=s), "sheet.tex")[-1] for s in ("+", "-")]
    assert [(f.verdict, f.claim) for f in found] == [
        ("wrong", "conv.transposed_output_size"), ("ok", "conv.transposed_output_size")]
    assert "should not be there" not in found[0].reason


def test_without_words_naming_the_claim_a_slip_is_not_sure():
    bare = "## More formulas\n\n- $u_{\\text{out}} = (u - 1)v + 2z + g$\n"
    assert _last(bare)[0] != "wrong"


def test_a_name_brought_in_is_no_slip():
    # x_{k+1} = x_k - 1/L grad f(x_k): the step eta given a value, not a typo of the update
    from audit_helpers import matcher
    from cheatsheet.match.tokens import tokenize
    from cheatsheet.verify.audit.slips import one_slip
    from audit_helpers import catalog

    latex = "x_{k+1} = x_k - \\frac{1}{L}\\nabla f(x_k)"
    cands = [c for c in matcher().candidates(latex, "gradient descent step", toks=tokenize(latex))
             if c.claim_id == "gd.update"]
    assert cands and not any(one_slip(c, catalog()["gd.update"]) for c in cands)
