"""A source version may carry other defensible readings (``also``): the checker decides each, a
refutation needs every reading refuted, and readings that disagree leave the line undecided,
saying both (issue 9: where two readings are both defensible, never refuted)."""
import pytest

from cheatsheet.claims import Claim, ClaimError
from cheatsheet.verify.check import verify_claim

SQUARE = "(p + q)^2 = p^2 + 2pq + q^2"


def _claim(*sources):
    return Claim.from_dict({"id": "t.square", "title": "square of a sum", "latex": SQUARE,
                            "symbols": {"p": "real", "q": "real"},
                            "sources": [dict(sheet="zz_nowhere.txt", line=k + 1, **s)
                                        for k, s in enumerate(sources)]}, "test")


def _verdicts(claim):
    return [s.verdict for s in verify_claim(claim).sources]


def test_a_reading_that_holds_beside_one_that_fails_leaves_the_line_undecided():
    claim = _claim(dict(latex="(p + q)^2 = p^2 + q^2"),
                   dict(latex="(p + q)^2 = p^2 + q^2",
                        also=[{"read_as": SQUARE, "notation": "the cross term left to the reader"}]))
    res = verify_claim(claim).sources
    assert [s.verdict for s in res] == ["refuted", "undecided"]
    assert "cross term left to the reader" in res[1].note and "fails" in res[1].note


def test_every_reading_refuted_is_a_refutation_with_the_first_counterexample():
    claim = _claim(dict(latex="(p + q)^2 = p^2 + q^2",
                        also=[{"read_as": "(p + q)^2 = p^2 - q^2", "notation": "a minus"}]))
    res = verify_claim(claim).sources[0]
    assert res.verdict == "refuted" and res.counterexample


def test_every_reading_holding_holds_and_a_failing_other_reading_unsettles_a_holding_one():
    claim = _claim(dict(latex=SQUARE, also=[{"read_as": "(q + p)^2 = q^2 + 2qp + p^2",
                                             "notation": "the other order"}]),
                   dict(latex=SQUARE, also=[{"read_as": "(p + q)^2 = p^2 + q^2",
                                             "notation": "the cross term dropped"}]))
    assert _verdicts(claim) == ["holds", "undecided"]


@pytest.mark.parametrize("also", [[{"read_as": SQUARE}], [SQUARE],
                                  [{"read_as": SQUARE, "notation": " "}],
                                  [{"read_as": SQUARE, "notation": "n", "expect": "holds"}]])
def test_another_reading_states_its_reason_and_nothing_else(also):
    with pytest.raises(ClaimError, match="also"):
        _claim(dict(latex=SQUARE, also=also))
