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


# -- issue 10: one lookup; numeric() that says what to pass ------------------------------------

def test_lookup_matches_the_cli():
    """``catalog[name]`` resolves like every command: an id in any case, or a prefix naming one
    claim; a prefix or topic naming several raises a KeyError that lists them and points to
    ``catalog.select``, which returns them."""
    from cheatsheet import catalog
    from cheatsheet.catalog import AmbiguousClaim, UnknownClaim

    assert catalog["MGF.Poisson"].id == "mgf.poisson"
    with pytest.raises(AmbiguousClaim) as info:
        catalog["mgf"]
    assert isinstance(info.value, KeyError)
    assert "mgf.poisson" in str(info.value) and "catalog.select('mgf')" in str(info.value)
    mgfs = catalog.select("mgf")
    assert len(mgfs) >= 5 and all(c.id.startswith("mgf.") for c in mgfs)
    assert [c.id for c in catalog.select(["MGF"])] == [c.id for c in mgfs]
    deriv = catalog.select("deriv")
    assert deriv and all(c.id.startswith("deriv") or c.topic.startswith("deriv") for c in deriv)
    assert {c.id for c in catalog.select("probability")} == {
        c.id for c in catalog if c.topic == "probability"}
    with pytest.raises(UnknownClaim) as info:
        catalog.select("probabilty")
    assert "probability" in str(info.value)


def test_numeric_names_the_missing_symbols_as_they_are_passed():
    from cheatsheet import catalog

    with pytest.raises(TypeError) as info:
        catalog["mgf.poisson"].numeric(t=0.3)
    assert "lambda_=" in str(info.value) and "'lambda'" not in str(info.value)


def test_numeric_refuses_values_outside_their_domain():
    import warnings

    from cheatsheet import catalog

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning, no nan
        with pytest.raises(ValueError) as info:
            catalog["mgf.poisson"].numeric(t=0.3, lambda_=-2)
    msg = str(info.value)
    assert "lambda_=-2" in msg and "domain" in msg
    with pytest.raises(ValueError, match="one number"):
        catalog["mgf.poisson"].numeric(t=[0.1, 0.2], lambda_=2)


def test_numeric_checks_matrices_against_their_declaration():
    import numpy as np

    from cheatsheet import catalog

    c = catalog["kl.gaussians_multivariate"]
    with pytest.raises(ValueError, match="positive definite"):
        c.numeric(mu_0=[0, 0], mu_1=[1, 0], Sigma_0=-np.eye(2), Sigma_1=np.eye(2))
    with pytest.raises(ValueError, match="size n"):
        c.numeric(mu_0=[0, 0, 0], mu_1=[1, 0], Sigma_0=np.eye(2), Sigma_1=np.eye(2))
