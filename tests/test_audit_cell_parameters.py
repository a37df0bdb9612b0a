"""A table row names its law's parameters, and a cell is read in them even where the catalog's
law does not list its parameters (X ~ Beta with alpha, beta declared beside it: the declared
order, when the statement writes them in that order too) or where the row writes a parameter
with a constant's symbol (Geometric$(\\pi)$): verify/audit/cells.py."""
from __future__ import annotations

from audit_helpers import audit_text, catalog
from cheatsheet.verify.audit.cells import correspond, declared_parameters, names_a_parameter
from cheatsheet.match.tokens import tokenize

_BETA = ("| family | expectation | variance |\n|---|---|---|\n"
         "| $\\mathrm{{Beta}}(u, v)$ | {mean} | $\\frac{{uv}}{{(u + v)^2(u + v + 1)}}$ |\n")
_GEOM = ("Number of tries up to the first hit.\n\n| family | mean | variance |\n|---|---|---|\n"
         "| $\\mathrm{{Geometric}}(\\pi)$ | $1/\\pi$ | {var} |\n")


def test_a_law_without_listed_parameters_takes_them_in_the_declared_order():
    beta = catalog()["beta.mean"]
    assert declared_parameters(beta) == ["alpha", "beta"]
    row = "$\\mathrm{Beta}(u, v)$"
    assert correspond(tokenize("\\frac{v}{u + v}"), beta, row) == {"u": "alpha", "v": "beta"}


def test_parameters_swapped_in_a_beta_cell_are_caught_and_the_right_cell_holds():
    right = audit_text(_BETA.format(mean="$\\frac{u}{u + v}$"))
    swapped = audit_text(_BETA.format(mean="$\\frac{v}{u + v}$"))
    cell = lambda found: next((f.verdict, f.claim) for f in found  # noqa: E731
                              if f.latex in ("\\frac{u}{u + v}", "\\frac{v}{u + v}"))
    assert cell(right) == ("ok", "beta.mean")
    assert cell(swapped) == ("wrong", "beta.mean")


def test_a_row_parameter_written_pi_is_a_parameter():
    assert names_a_parameter("\\frac{1 - \\pi}{\\pi^2}", "$\\mathrm{Geometric}(\\pi)$")
    assert not names_a_parameter("\\frac{1}{\\pi}", "$\\mathcal{N}(0, 1)$")
    var = lambda latex: next((f.verdict, f.claim)  # noqa: E731
                             for f in audit_text(_GEOM.format(var=f"${latex}$")) if f.latex == latex)
    assert var("\\frac{1 - \\pi}{\\pi^2}") == ("ok", "geometric.variance")
    assert var("\\frac{1 - \\pi}{\\pi}") == ("wrong", "geometric.variance")


def test_an_order_the_statement_does_not_share_gives_no_parameters():
    # Var of the discrete uniform writes b before a: its declared order is no evidence
    assert declared_parameters(catalog()["discrete_uniform.variance"]) == []


def test_a_declared_parameter_the_cell_does_not_write_binds_nothing():
    # Laplace(m, b): the location m, read as the claim's mu, must not make a variance cell
    # in b alone a renamed reading (which the claim's "scale" would then refuse)
    laplace = catalog()["laplace.variance"]
    assert correspond(tokenize("2b^2"), laplace, "$\\mathrm{Laplace}(m, b)$") == {"b": "b"}
