"""A result the sheet names by its own letter (beta for the claim's w-hat, m for H_out) is the
claim's, for a refutation, only where the formula's own words name the claim
(verify/audit/result_named.py); else the gate holds and a refuted match stays unchecked."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text, one
from cheatsheet.match.tokens import rebuild, tokenize


def test_own_result_letter_under_naming_words_is_wrong():
    f = one(r"- Solving the normal equations: $\beta = (AA^\top)^{-1}A^\top b$")
    assert f.verdict == "wrong"
    assert f.claim == "blr.least-squares"
    # the right form keeps the sheet's own name for the result
    assert f.expected.replace(" ", "").startswith(r"\beta=(A^\topA)^{-1}")


def test_right_form_with_own_result_letter_is_not_wrong():
    f = one(r"- Solving the normal equations: $\beta = (A^\top A)^{-1}A^\top b$")
    assert f.verdict == "ok"


@pytest.mark.parametrize("text", [
    # no word of the formula names the claim: beta may be any quantity
    r"- Solution: $\beta = (AA^\top)^{-1}A^\top b$",
    # the sheet's S is a letter the claim uses for its stride
    r"- Pooling with window k and stride s: $S = \lfloor (L - k)/s \rfloor$",
])
def test_gate_holds_without_naming_words_or_with_a_claim_letter(text):
    assert one(text).verdict == "unchecked"


def test_pooling_size_in_own_letters_missing_one_is_wrong():
    f = one(r"- Average pooling with window k and stride s: $m = \lfloor (L - k)/s \rfloor$")
    assert f.verdict == "wrong"
    assert f.claim == "pool.output_size"
    assert "1" in f.reason


@pytest.mark.parametrize("text", [
    r"- Average pooling with window k and stride s: $m = \lfloor (L - k)/s \rfloor + 1$",
    r"- Max-pool output with padding p, window k, stride s: "
    r"$m = \lfloor (L + 2p - k)/s \rfloor + 1$",
    r"- Max-pool in ceil mode, window k, stride s: $m = \lceil (L - k)/s \rceil + 1$",
    r"- Max-pool, window k, stride s, dilation d: $m = \lfloor (L - d(k-1) - 1)/s \rfloor + 1$",
])
def test_right_pooling_sizes_in_own_letters_are_not_wrong(text):
    (f,) = audit_text(text)
    assert f.verdict != "wrong", f.reason


def test_floor_and_ceiling_open_a_group_for_a_slash():
    assert rebuild(tokenize(r"r = \lceil (a - b)/c \rceil")) == \
        rebuild(tokenize(r"r = \lceil \frac{a - b}{c} \rceil"))
    # (a slash inside, not after the group, stays as it was)
    assert rebuild(tokenize(r"r = \lfloor a - b/c \rfloor")) == \
        rebuild(tokenize(r"r = \lfloor a - \frac{b}{c} \rfloor"))
