"""Habits of a whole sheet (cheatsheet.sheets.habits): lost vertical bars, superscript indices.

A transcription that dropped every ``|`` must not have its formulas called wrong for it; a sheet
that writes ``\\theta^{t+1}`` for the next iterate must not be read as taking powers. Both are
detected from the sheet's own text, so the tests check the signatures and that ordinary
formulas do not show them.
"""
from __future__ import annotations

import pytest

from cheatsheet.sheets import read_sheet
from cheatsheet.sheets.habits import (bar_sites, index_superscripts, restore_bars, sheet_habits,
                                      superscript_names)


@pytest.mark.parametrize("latex, restored", [
    (r"P(Y X) = \frac{P(X Y) P(Y)}{P(X)}", r"P(Y | X) = \frac{P(X | Y) P(Y)}{P(X)}"),
    (r"\ \mathbf{u}\ ", r"\|\mathbf{u}\|"),
    (r"\ \mathbf{u} + \mathbf{v}\  \leq \ \mathbf{u}\  + \ \mathbf{v}\ ",
     r"\|\mathbf{u} + \mathbf{v}\| \leq \|\mathbf{u}\| + \|\mathbf{v}\|"),
    (r"\mathcal{N}\left(\mathbf{a}_2 \middle  \mathbf{u}_2, \Sigma\right)",
     r"\mathcal{N}\left(\mathbf{a}_2 \middle|  \mathbf{u}_2, \Sigma\right)"),
    (r"P(\mathbf{a}_2   \mathbf{a}_1 = \mathbf{z})", r"P(\mathbf{a}_2 | \mathbf{a}_1 = \mathbf{z})"),
])
def test_lost_bars_are_seen_and_restored(latex, restored):
    assert bar_sites(latex) >= 1
    assert restore_bars(latex) == restored


@pytest.mark.parametrize("latex", [
    r"P(Y|X) = \frac{P(X|Y)P(Y)}{P(X)}", r"\|\mathbf{u}\| \geq 0", r"P(X, Y) = P(X)P(Y)",
    r"\left( a \middle| b \right)", r"\int f(x)\ dx = F(b) - F(a)", r"p(x) = \sum_y p(x, y)",
])
def test_formulas_with_their_bars_show_no_lost_bars(latex):
    assert bar_sites(latex) == 0
    assert restore_bars(latex) == latex


def test_lost_bars_are_a_habit_only_when_the_sheet_shows_them_repeatedly():
    lossy = read_sheet("s.md", "$P(Y X) = 1$\n\n$\\ \\mathbf{u}\\  \\geq 0$\n\n"
                               "$P(A B) = P(A)$\n")
    assert sheet_habits(lossy).lost_bars
    clean = read_sheet("s.md", "$P(Y|X) = 1$\n\n$\\|\\mathbf{u}\\| \\geq 0$\n\n"
                               "$P(A|B) = P(A)$\n")
    assert not sheet_habits(clean).lost_bars
    once = read_sheet("s.md", "$P(Y X) = 1$\n\n$P(A|B) = P(A)$\n")
    assert not sheet_habits(once).lost_bars


def test_superscript_names_leave_powers_and_operators_alone():
    assert superscript_names(r"\theta^{t+1} = \theta^t - \eta \nabla L(\theta^t) + x^2 + e^{t}") \
        == [r"\theta", r"\theta", r"\theta"]
    assert superscript_names(r"\sum_{i=1}^{n} x_i^2") == []
    assert superscript_names(r"w^{(k)} = w^{(k-1)} - g") == ["w", "w"]


def test_superscript_indices_are_a_habit_for_names_written_so_repeatedly_and_shifted():
    sheet = read_sheet("s.md", "$\\theta^{t+1} = \\theta^{t} - \\eta g$\n\n"
                               "$m^{t} = \\beta m^{t-1}$\n\n$\\gamma^t = 1$\n\n$x^2 = y$\n\n"
                               "$\\theta^{t} = 2$\n")
    names = sheet_habits(sheet).superscript_index
    assert names == {r"\theta", "m"}  # gamma once and never shifted, x a power


def test_index_superscripts_become_subscripts_for_those_names_only():
    out = index_superscripts(r"\theta^{t+1} = \theta^t - \eta g^{(k)} + x^2",
                             {r"\theta", "g"})
    assert out == r"\theta_{t+1} = \theta_{t} - \eta g_{k} + x^2"
    # a name already subscripted keeps its superscript (w_i^t is not w_{i,t} by this rule)
    assert index_superscripts(r"w_i^{t} = 1", {"w"}) == r"w_i^{t} = 1"


def test_a_derivatives_order_is_not_an_index():
    # f^{(k)}(x_0) is the k-th derivative, however often the sheet writes it
    text = "\n\n".join([r"$f(x) = \sum_k \frac{f^{(k)}(x_0)}{k!}(x - x_0)^k$",
                        r"$f^{(n+1)}(t) \le M$", r"$w^{(k+1)} = w^{(k)} - \eta g$"])
    habits = sheet_habits(read_sheet("s.md", text))
    assert "f" not in habits.superscript_index and "w" in habits.superscript_index
    assert index_superscripts(r"f^{(k)}(x_0) + w^{(k)}", {"f", "w"}) == r"f^{(k)}(x_0) + w_{k}"


# ------------------------------------------------------------------ expectations and moments


def test_an_upright_e_before_a_bare_capital_is_the_expectation():
    """\\mathsf{E}U (no brackets) is read as the blackboard E the reader knows; with brackets
    or on another name it is left as written."""
    from cheatsheet.sheets.habits import plain_expectation

    assert plain_expectation(r"|U - \mathsf{E}U|") == r"|U - \mathbb{E}U|"
    assert plain_expectation(r"\operatorname{E} X + 1") == r"\mathbb{E} X + 1"
    assert plain_expectation(r"\mathsf{E}[U]") is None  # the reader reads this one itself
    assert plain_expectation(r"\mathsf{E}UV") is None
    assert plain_expectation(r"\mathrm{E}_{p}") is None


def test_the_one_random_variables_moments_are_written_mu_and_sigma_squared():
    from cheatsheet.sheets.habits import moments_named

    assert moments_named(r"P(|X - \mathbb{E}[X]| \geq k) \leq \frac{\operatorname{Var}(X)}{k}") \
        == r"P(|X - \mu | \geq k) \leq \frac{\sigma^{2}}{k}"
    assert moments_named(r"\mathbb{P}(|U - \mathbb{E}U| \geq c) \leq \operatorname{Var}(U)^2") \
        == r"\mathbb{P}(|U - \mu | \geq c) \leq (\sigma^{2})^2"
    # moments of two variables, or a formula that names mu itself: nothing to rename
    assert moments_named(r"\operatorname{Cov}(X, Y) = \mathbb{E}[XY] - \mathbb{E}[X]\mathbb{E}[Y]") \
        is None
    assert moments_named(r"\mathbb{E}[X] = \mu") is None
    assert moments_named(r"x^2 + 1 = y") is None


def test_chebyshev_with_the_moments_by_their_operators_is_decided_like_the_catalogs_form():
    """The catalog states Chebyshev with mu and sigma^2; a sheet writing E[X] and Var(X),
    read with moments_named, is compared with it: the typo Var(X)/k is wrong, the right
    bound holds."""
    from audit_helpers import decider
    from cheatsheet.sheets.habits import moments_named, plain_expectation
    from cheatsheet.verify.audit.run import jobs_of

    text = ("# Inequalities\n\n- Chebyshev: $P(|X - E[X]| \\geq k) \\leq "
            "\\frac{\\operatorname{Var}(X)}{k}$\n- Chebyshev: $P(|X - E[X]| \\geq k) \\leq "
            "\\frac{\\operatorname{Var}(X)}{k^2}$\n")
    verdicts = []
    for job in jobs_of("s.md", text):
        latex = moments_named(plain_expectation(job.formula.reading) or job.formula.reading)
        f = decider()._decide(job.formula, job.conv, job.file, latex)
        verdicts.append((f.verdict, f.claim))
    assert verdicts == [("wrong", "bound.chebyshev"), ("ok", "bound.chebyshev")]
