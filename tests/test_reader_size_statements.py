"""A value's size stated by membership, ``\\frac{\\partial f}{\\partial x} \\in \\mathbb{R}^{n \\times m}``,
is a claim about its rows and columns (``SizeOf``), decided on the value the checker computes
in the line's layout.  Before, such a line was unreadable ("a set, not a value")."""
from __future__ import annotations

import pytest

from cheatsheet.latex import LatexError, parse
from cheatsheet.latex.matrices import SizeOf
from cheatsheet.symbols import Declarations
from cheatsheet.verify.custom import stream
from cheatsheet.verify.numeric import NumericOptions, check_numeric
from cheatsheet.verify.sampling import Sampler

JAC = {"f": "vecfunction(m, n)", "x": "vector(n)", "m": "dim", "n": "dim"}
DFDX = r"\frac{\partial \mathbf{f}}{\partial \mathbf{x}} \in \mathbb{R}^"


def decide(latex, symbols, layout):
    d = Declarations.from_mapping(symbols)
    stmt = parse(latex, d, layout=layout)
    return check_numeric(stmt, Sampler(d), stream(0, latex), NumericOptions(trials=48, layout=layout),
                         seed=0).verdict


@pytest.mark.parametrize("sizes, layout, verdict", [
    ("{m \\times n}", "numerator", "passed"),
    ("{n \\times m}", "numerator", "refuted"),  # the numerator-layout Jacobian has m rows
    ("{n \\times m}", "denominator", "passed"),
    ("{m \\times n}", "denominator", "refuted"),
])
def test_a_jacobian_size_is_decided_in_the_layout(sizes, layout, verdict):
    st = parse(DFDX + sizes, Declarations.from_mapping(JAC), layout=layout)
    assert len(st.relations) == 2 and all(isinstance(r.lhs, SizeOf) for r in st.relations)
    assert decide(DFDX + sizes, JAC, layout) == verdict


def test_a_product_size_and_fixed_numbers():
    sym = {"A": "matrix(3, 2)", "B": "matrix(2, 4)"}
    assert decide(r"A B \in \mathbb{R}^{3 \times 4}", sym, "numerator") == "passed"
    assert decide(r"A B \in \mathbb{R}^{2 \times 4}", sym, "numerator") == "refuted"


@pytest.mark.parametrize("latex", [
    DFDX + "{m \\times T}",  # T is named by nothing: what size it stands for is unknown
    r"\frac{\partial f}{\partial x} \in \mathbb{R}^{m \times n}",  # undeclared: still refused
])
def test_an_unknown_size_is_not_read(latex):
    d = Declarations.from_mapping(JAC) if "T" in latex else None
    with pytest.raises(LatexError):
        parse(latex, d)


def test_a_membership_in_a_premise_stays_a_condition():
    st = parse(r"y = W x, \quad W \in \mathbb{R}^{m \times n}",
               Declarations.from_mapping({"W": "matrix(m, n)", "x": "vector(n)", "m": "dim",
                                          "n": "dim"}))
    assert len(st.relations) == 1


@pytest.mark.parametrize("sep", [", ", r", \quad "])
def test_a_size_beside_another_formula_is_not_read(sep):
    """(df/dx)_ij := df_i/dx_j, df/dx in R^{n x m}: a check of the entries (decided on square
    sizes) would pass the size too; the size is read only on its own."""
    with pytest.raises(LatexError):
        parse(r"\mathbf{y} = \mathbf{f}(\mathbf{x})" + sep + DFDX + "{m \\times n}",
              Declarations.from_mapping({**JAC, "y": "vector(m)"}), layout="numerator")
