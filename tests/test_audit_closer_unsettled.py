"""A formula whose closest claim, named by its words, cannot be read or decided, stays
unchecked for THAT reason: the refusal of a less close claim it also fails is not why
(verify/audit/rivals.py, _closer_unsettled). No verdict changes, only the reason given."""
from __future__ import annotations

from types import SimpleNamespace


def _cand(cid, score, words):
    return SimpleNamespace(claim_id=cid, score=score, words=words, rank=score + 0.1 * words)


def test_the_closest_unsettled_claim_is_named():
    from cheatsheet.verify.audit.rivals import _closer_unsettled

    refused = _cand("far.claim", 0.72, 0.4)
    near = _cand("near.claim", 0.91, 0.9)
    undecided = [(near, "undecided", None, "", None), (refused, "refuted", None, "", None)]
    assert _closer_unsettled(refused, undecided, [])[0] is near
    assert "cannot decide" in _closer_unsettled(refused, undecided, [])[1]
    assert "cannot read" in _closer_unsettled(refused, [], [near])[1]


def test_a_less_close_or_unnamed_claim_is_not():
    from cheatsheet.verify.audit.rivals import _closer_unsettled

    refused = _cand("far.claim", 0.85, 0.6)
    below = _cand("below.claim", 0.75, 0.5)  # ranked under the refused one
    unnamed = _cand("loose.claim", 0.99, 0.2)  # closer, but no word names it
    assert _closer_unsettled(refused, [], [below, unnamed]) is None
