"""Sizes that clash in the sheet's own declarations (as_written.py): a gradient of a loss by
a declared vector has that vector's size, so dE/du = A g, with A declared p x q and u of
size q, is ill-sized for any size of the undeclared g. The loss E, a plain capital written
only as the numerator of the derivative, is a number, not a matrix the sheet left unsized."""
from __future__ import annotations

from cheatsheet.symbols import Declarations
from cheatsheet.verify.audit.as_written import AsWritten
from cheatsheet.verify.audit.readings import Reading

_SIZES = (("A", "matrix(p, q)"), ("p", "dim"), ("q", "dim"), ("u", "vector(q)"))


def _ill(text: str, sizes=_SIZES) -> bool:
    reading = Reading(text, Declarations.from_mapping({}), ("denominator", "numerator"), [],
                      {}, {}, (text, sizes))
    return AsWritten().ill_formed_as_written(reading)


def test_gradient_by_a_declared_vector_against_a_product_of_another_size():
    assert _ill(r"\frac{\partial E}{\partial \mathbf{u}} = \mathbf{A} \mathbf{g}")


def test_the_transposed_product_fits():
    assert not _ill(r"\frac{\partial E}{\partial \mathbf{u}} = \mathbf{A}^\top \mathbf{g}")


def test_a_capital_the_sheet_leaves_unsized_elsewhere_still_stops_it():
    # (B is a matrix of a size the sheet does not give: the clash may be the default's)
    assert not _ill(r"\frac{\partial E}{\partial \mathbf{u}} = \mathbf{B} \mathbf{g}")
