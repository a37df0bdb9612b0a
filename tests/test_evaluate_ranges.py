"""Integrals over ranges that are empty or run backwards (issue 13 part 2: mutants such as
\\int_{-\\infty}^{-\\infty} were 'no instance' errors): they have the values the definition
gives, so a formula that writes one is decided like any other."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.latex import parse_expr
from cheatsheet.symbols import Declarations
from cheatsheet.verify.check import check_version
from cheatsheet.verify.evaluate import Evaluator, Instance, Val

DECLS = Declarations.from_mapping({"a": "real"})


@pytest.mark.parametrize("latex,want", [
    (r"\int_{-\infty}^{-\infty} e^{-x^2} dx", 0.0),
    (r"\int_{\infty}^{\infty} e^{-x^2} dx", 0.0),
    (r"\int_{0}^{-\infty} e^{x} dx", -1.0),
    (r"\int_{\infty}^{0} e^{-x} dx", -1.0),
    (r"\int_{\infty}^{-\infty} e^{-x^2} dx", -np.sqrt(np.pi)),
    (r"\int_{0}^{\infty} e^{-x} dx", 1.0),
])
def test_an_empty_or_backward_range_has_the_value_of_its_definition(latex, want):
    inst = Instance({"a": Val(np.array([0.5, 1.0]))})
    got = Evaluator(inst)(parse_expr(latex, DECLS)).arr
    assert np.allclose(got, want, atol=1e-8)


def test_a_fourier_transform_over_no_range_is_refuted():
    claim = get_catalog()["fourier.transform"]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        ev = check_version(claim, r"F = \int_{-\infty}^{-\infty} f(t) e^{-2\pi i u t} dt",
                           claim.declarations, claim.layout, list(claim.assume), seed=0,
                           key=("range",), symbolic_first=False, thorough=False)
    assert ev.verdict == "refuted" and ev.counterexample
