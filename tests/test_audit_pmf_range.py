"""A pmf stated with the range of its variable must add up to 1 over that range: the formula
alone may hold as one of the catalog's pmfs (the geometric law counting failures) while the
range beside it is the other convention's (trials, from 1), an off-by-one slip the claim's own
check cannot see.  Letters and wording below are our own (m for the count, q, mu for the
parameters), in words, in a second formula and in the formula's own tail."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.verify.audit.support import stated_range


def _finding(line: str, latex: str):
    (f,) = [f for f in audit_text(f"# Discrete laws\n\n{line}\n") if f.latex == latex]
    return f


@pytest.mark.parametrize("line,latex", [
    # failures-counting masses over a range that starts at 1
    (r"- geometric law (failures before the first success): $\Pr(N = m) = q(1 - q)^{m}$, valid for m = 1, 2, ...",
     r"\Pr(N = m) = q(1 - q)^{m}"),
    (r"- geometric law (failures before the first success): $\Pr(N = m) = q(1 - q)^{m}$ when $m \geq 1$", r"\Pr(N = m) = q(1 - q)^{m}"),
    # trials-counting masses over a range that starts at 0
    (r"- geometric law (trials): $\Pr(N = m) = q(1 - q)^{m - 1}$ for $m \in \{0, 1, 2, \ldots\}$",
     r"\Pr(N = m) = q(1 - q)^{m - 1}"),
    # a count of events from 1
    (r"- counts: $P(N = m) = e^{-\mu}\mu^{m}/m!, \quad m = 1, 2, \dots$",
     r"P(N = m) = e^{-\mu}\mu^{m}/m!, \quad m = 1, 2, \dots"),
])
def test_masses_that_miss_one_over_the_stated_range_are_wrong(line, latex):
    f = _finding(line, latex)
    assert f.verdict == "wrong", f.reason
    assert "add up to" in f.reason and "not 1" in f.reason
    assert f.counterexample["right"] == "1"


def test_the_right_form_is_shifted_onto_the_stated_range():
    f = _finding(r"- geometric law (failures before the first success): $\Pr(N = m) = q(1 - q)^{m}$ for $m = 1, 2, \dots$",
                 r"\Pr(N = m) = q(1 - q)^{m}")
    assert f.verdict == "wrong"
    assert "m - 1" in f.expected.replace(" ", " ") and f.expected.startswith(r"\Pr(N = m)")


@pytest.mark.parametrize("line,latex", [
    (r"- geometric law (failures before the first success): $\Pr(N = m) = q(1 - q)^{m}$, valid for m = 0, 1, 2, ...",
     r"\Pr(N = m) = q(1 - q)^{m}"),
    (r"- geometric law (trials): $\Pr(N = m) = q(1 - q)^{m - 1}$ for $m \geq 1$", r"\Pr(N = m) = q(1 - q)^{m - 1}"),
    (r"- counts: $P(N = m) = e^{-\mu}\mu^{m}/m!, \quad m = 0, 1, \dots$",
     r"P(N = m) = e^{-\mu}\mu^{m}/m!, \quad m = 0, 1, \dots"),
    (r"- successes: $P(N = m) = \binom{n}{m} q^m (1 - q)^{n - m}$ for $0 \le m \le n$",
     r"P(N = m) = \binom{n}{m} q^m (1 - q)^{n - m}"),
])
def test_masses_over_their_own_range_stay_ok(line, latex):
    f = _finding(line, latex)
    assert f.verdict == "ok", f.reason


def test_a_finite_range_that_drops_a_value_is_wrong():
    f = _finding(r"- successes: $P(N = m) = \binom{n}{m} q^m (1 - q)^{n - m}$ for "
                 r"$1 \le m \le n$", r"P(N = m) = \binom{n}{m} q^m (1 - q)^{n - m}")
    assert f.verdict == "wrong", f.reason


@pytest.mark.parametrize("text,lo,hi", [
    (r"k = 1, 2, \dots", 1, None), (r"k = 0, 1, \ldots, n", 0, "n"),
    (r"k \in \{1, 2, 3, \dots\}", 1, None), (r"k \geq 2", 2, None), (r"k > 0", 1, None),
    (r"0 \le k \le n", 0, "n"), (r"k \in \mathbb{N}_0", 0, None), (r"k \in \mathbb{N}^+", 1, None),
    ("for k = 1, 2, ...", 1, None),
])
def test_ranges_are_read(text, lo, hi):
    r = stated_range([text], "k")
    assert (r.lo, r.hi) == (lo, hi)


@pytest.mark.parametrize("text", [
    r"k \in \mathbb{N}",  # from 0 or from 1: the sheet does not say
    r"k = 1, 3, \dots",  # not a run of consecutive values
    r"j = 1, 2, \dots",  # another letter's range
])
def test_ranges_that_say_nothing_sure_are_not_read(text):
    assert stated_range([text], "k") is None


@pytest.mark.parametrize("line,latex,letter", [
    (r"- successes: $P(N = m) = \binom{n}{m} q^m (1 - q)^{n - m}$ for $0 \le m \le n$",
     r"0 \le m \le n", "m"),
    (r"- geometric law (trials): $\Pr(N = m) = q(1 - q)^{m - 1}$ for $m \geq 1$", r"m \geq 1",
     "m"),
    (r"- rate $\mu$: $g(t) = \mu e^{-\mu t}$ for $t \ge 0$", r"t \ge 0", "t"),
])
def test_a_range_beside_a_formula_says_so(line, latex, letter):
    f = _finding(line, latex)
    assert f.verdict == "unchecked"
    assert f.reason.startswith(f"says where {letter} ranges"), f.reason


def test_a_range_with_no_formula_of_its_letter_before_it_is_not_called_one():
    f = _finding(r"- with $m = 1, 2, \dots$ trials", r"m = 1, 2, \dots")
    assert "ranges" not in f.reason
