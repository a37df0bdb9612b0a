"""An asterisk between two sequences may be a convolution or a cross-correlation (deep-learning
sheets write * for the layer's correlation, and a sheet may mean one at one asterisk and the
other at the next). A chain of such terms is wrong only when it fails on every reading of its
asterisks, each read on its own: the convolution, and the correlation as the sheet defines it
in force, or both orientations of it where the sheet defines none. Before, the reader refused
every such line (issue 8: sheet 002's "correlation at -y" line went unchecked).

Letters, wording and layout of our own (p, q, k, n, m; "matched filtering")."""
from __future__ import annotations

from audit_helpers import audit_text

from cheatsheet.verify.audit.star_readings import CONV, CORR, decide, defined_meaning

_SHEET = """# Signals

## Matched filtering

Here the sliding product of two sequences is $(q * p)[m] = \\sum_k q[k] p[m + k]$ .

{formula}

## Elsewhere

{other}
"""


def _verdicts(formula: str, other: str = "$x = 1$") -> dict:
    text = _SHEET.format(formula=formula, other=other)
    return {f.latex: f for f in audit_text(text, "signals.md")}


def test_a_chain_false_under_every_reading_is_wrong_with_the_sheets_correlation():
    found = _verdicts("$(p * q)(n) = (p(-k) * q(-k))(n)$ .")
    f = found["(p * q)(n) = (p(-k) * q(-k))(n)"]
    assert f.verdict == "wrong", f.reason
    assert "whichever operation" in f.reason
    assert f.counterexample["left"] != f.counterexample["right"]


def test_without_a_definition_the_other_orientation_may_make_it_hold():
    # (p * q)(n) read as sum_s p(n + s) q(s) on the left and as sum_s p(-s) q(-(n + s)) on
    # the right: equal, so under another heading, where the sheet defines nothing, it is no
    # sure error
    found = _verdicts("$x = 2$", other="$(p * q)(n) = (p(-k) * q(-k))(n)$ .")
    assert found["(p * q)(n) = (p(-k) * q(-k))(n)"].verdict != "wrong"


def test_a_line_right_when_its_asterisks_mean_different_things_is_not_wrong():
    # the correlation on the left, the convolution of the reversed p on the right: a reading
    # the sheet may mean, so no refutation (the line 225 kind of sheet 002)
    found = _verdicts("$(p(k) * q(k))(n) = (p(-k) * q(k))(n)$ .")
    assert found["(p(k) * q(k))(n) = (p(-k) * q(k))(n)"].verdict != "wrong"


def test_reading_the_definition():
    assert defined_meaning("(q * p)[m] = \\sum_k q[k] p[m + k]") == CORR
    assert defined_meaning("(q * p)[m] = \\sum_{k=-\\infty}^{\\infty} q[k] p[m - k]") == CONV
    assert defined_meaning("(q * p)[m] = \\sum_k q[k] r[m + k]") is None


def test_commutativity_is_decided_only_where_the_readings_agree():
    # a convolution commutes, a correlation does not: no verdict from the readings
    assert decide("(p * q)(n) = (q * p)(n)", ()) is None
    assert decide("(p * q)(n) = (q * p)(n)", (CORR,)) is None
    # a term equal to itself holds on the one reading of both sides, not on mixed ones
    assert decide("(p * q)(n) = (p * q)(n)", ()) is None
    # nothing says a and b are sequences (no argument of theirs, no sum, no definition): a
    # product of numbers, perhaps, never refuted as a convolution
    assert decide("(a * b)(n) = (a * b)(n + 1)", ()) is None
    assert decide("(a(k) * b(k))(n) = (a(k) * b(k))(n + 1)", ())[0] == "wrong"
    # not such a chain: left to the other checks
    assert decide("(p * q)(n) = \\sum_k p(k) q(n - k)", ()) is None
    assert decide("p * q = r", ()) is None


def test_a_definition_by_sums_is_checked_past_its_defined_term():
    # the asterisk defined, then two sums stated equal: a re-indexing that holds is ok, one
    # that turns the convolution into a correlation is wrong (whatever * means: the sums are
    # what it states equal)
    every = "\\sum_{k=-\\infty}^{\\infty}"
    right = f"$(a * b)[n] := {every} a[k] b[n - k] = {every} a[n - k] b[k]$"
    slip = f"$(a * b)[n] := {every} a[k] b[n - k] = {every} a[n + k] b[k]$"
    text = f"# Filters\n\n## Discrete kernels\n\n{right}\n\n{slip}\n"
    found = [f for f in audit_text(text, "filters.md")]
    assert [f.verdict for f in found] == ["ok", "wrong"], [f.reason for f in found]
    assert "it states equal differ" in found[1].reason


def test_a_chain_of_sums_after_the_asterisk_fails_whatever_it_means():
    # sum_k a(k) b(n + k) is a correlation, sum_k a(n - k) b(k) a convolution: they are never
    # equal, so the line is wrong on every reading of its asterisk
    verdict = decide("(a * b)(n) = \\sum_k a(k) b(n + k) = \\sum_k a(n - k) b(k)", ())
    assert verdict is not None and verdict[0] == "wrong"
    # the first sum defines the asterisk (a convolution), the re-indexed one agrees
    assert decide("(a * b)(n) = \\sum_k a(k) b(n - k) = \\sum_k a(n - k) b(k)", ())[0] == "ok"


def test_definitions_in_both_orders():
    assert defined_meaning("(b * a)[m] := \\sum_k a[m + k] b[k] = \\sum_k a[k] b[k - m]") == CORR
    assert defined_meaning("(b * a)[m] = \\sum_k b[m + k] a[k]") != CORR
    assert defined_meaning("(b(k) * a(k))(m) = \\sum_k b[k] a[m + k]") is None


def test_a_chain_that_spells_its_asterisk_out_by_an_integral():
    # only the convolution makes the two terms equal the integrals: the line says so itself
    right = ("(a * b)(x) = (b * a)(x) = \\int_{-\\infty}^{\\infty} a(s) b(x - s) ds "
             "= \\int_{-\\infty}^{\\infty} a(x - s) b(s) ds")
    assert decide(right, ())[0] == "ok"
    # the second integral is no re-indexing of the first: wrong whatever * means
    slip = right.replace("a(x - s) b(s)", "a(x + s) b(s)")
    assert decide(slip, ())[0] == "wrong"
    found = audit_text(f"# Kernels\n\n## Smoothing\n\n${slip}$\n", "kernels.md")
    assert [f.verdict for f in found] == ["wrong"], [f.reason for f in found]
