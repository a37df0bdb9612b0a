"""A name nothing gives a value is shown as a person writes it (verify/evaluate.py): the reader's
``Sigma_amid2`` for the sheet's Sigma_{a|2} is an internal spelling, never a message."""
from __future__ import annotations

from audit_helpers import catalog
from cheatsheet.verify.check import check_version


def test_an_undeclared_conditional_name_is_shown_as_written():
    c = catalog()["gauss.marginal-covariance-precision"]
    ev = check_version(c, r"\Sigma_{a|2} = \Lambda_{aa}^{-1}", c.declarations, c.layout,
                       list(c.assume), seed=3, key=("no-value-names",), symbolic_first=False,
                       thorough=False)
    assert "has no value here" in ev.detail, ev.detail
    assert "Σ_a|2" in ev.detail and "amid" not in ev.detail, ev.detail
