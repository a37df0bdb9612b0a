"""A bracketed group before a slash is the argument of the name written before it: ``tan(u)/2``
is tan(u) halved, never tan(u/2); a group whose owner is unclear (a name with a subscript, a
big operator's index) is left as written. A plain-text Poisson pmf ``mu^j * exp(-mu) / j!`` was
read exp(-mu/j!) and called wrong (red team 12's ascii sheet, exposed by red team 14's fix)."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.match.tokens import rebuild, tokenize


def same(a: str, b: str) -> bool:
    return rebuild(tokenize(a)) == rebuild(tokenize(b))


def test_the_named_call_is_the_operand():
    assert same(r"\tan(u)/2", r"\frac{\tan(u)}{2}")
    assert same(r"\mathrm{Var}(W)/m", r"\frac{\mathrm{Var}(W)}{m}")
    assert same(r"q * exp(-q) / 3", r"q * \frac{\operatorname{exp}(-q)}{3}")
    assert same(r"\max(u, w)/2", r"\frac{\max(u, w)}{2}")


def test_a_group_of_unclear_owner_stays_as_written():
    assert r"\frac" not in rebuild(tokenize(r"g_\phi(u)/2"))
    assert r"\frac" not in rebuild(tokenize(r"\sum_j (w_j)/m"))
    assert same(r"u = (p + q)/2", r"u = \frac{p + q}{2}")


SHEET = "Poisson counts\n\n- poisson(mu) pmf: $P(N = j) = mu^j * exp(-mu) / j!$\n"


def test_a_plain_text_poisson_pmf_is_not_called_wrong():
    found = [f for f in audit_text(SHEET, name="s.txt") if "=" in f.latex]
    assert [f.verdict for f in found] != ["wrong"], found[0].reason


MEAN = "## Sample mean\n\nVariance of the mean of m draws: $\\mathrm{Var}(\\bar{W}) = RIGHT$\n"


def test_a_named_quantity_over_a_count_holds_and_its_typo_is_caught():
    right = [f for f in audit_text(MEAN.replace("RIGHT", "\\mathrm{Var}(W)/m")) if "=" in f.latex]
    typo = [f for f in audit_text(MEAN.replace("RIGHT", "\\mathrm{Var}(W)/m^2")) if "=" in f.latex]
    assert [f.verdict for f in right] == ["ok"], right[0].reason
    assert [(f.verdict, f.claim) for f in typo] == [("wrong", "estimator.sample_mean_variance")]
