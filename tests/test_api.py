"""The Python API promised in the README: ``from cheatsheet import catalog`` and claims."""
from __future__ import annotations

import math

import pytest


def test_catalog_is_indexable_iterable_and_searchable():
    from cheatsheet import catalog

    claim = catalog["mgf.poisson"]
    assert claim.id == "mgf.poisson" and "mgf.poisson" in catalog
    assert len(catalog) == len(list(catalog)) >= 60
    assert "probability" in catalog.topics()
    with pytest.raises(KeyError) as info:
        catalog["mgf.poison"]
    assert "mgf.poisson" in str(info.value)


def test_claim_exposes_latex_sympy_numeric_and_verify():
    import sympy as sp

    from cheatsheet import catalog

    c = catalog["mgf.poisson"]
    lhs, rhs = c.sympy
    assert isinstance(rhs, sp.Expr) and "lambda" in {s.name for s in rhs.free_symbols}
    left, right = c.numeric(t=0.3, lambda_=2.0)
    assert left == pytest.approx(math.exp(2 * (math.exp(0.3) - 1)), rel=1e-9)
    assert right == pytest.approx(left, rel=1e-9)
    res = c.verify(seed=5)
    assert res.evidence.holds and res.evidence.seed == 5
    refuted = [s for s in res.sources if s.verdict == "refuted"]
    assert refuted and all(s.counterexample for s in refuted)


def test_numeric_names_unknown_symbols():
    from cheatsheet import catalog

    with pytest.raises(KeyError, match="no symbol"):
        catalog["mgf.poisson"].numeric(q=1.0)
