"""symbols.describe: every domain documented in cheatsheet/symbols.py reads as plain words."""
from __future__ import annotations

import re

import pytest

from cheatsheet import symbols
from cheatsheet.symbols import Decl, describe, display_name, latex_name

KNOWN = (symbols.SCALAR_DOMAINS | symbols.MATRIX_DOMAINS | symbols.RANDOM_DOMAINS
         | symbols.FUNCTION_DOMAINS)


def documented_specs() -> list[str]:
    """Every domain string the module docstring documents: the ``spec`` cells of its table
    and the distributions listed in words (``Bernoulli(p), Binomial(n, p), ...``)."""
    doc = symbols.__doc__
    specs = re.findall(r"``([A-Za-z_]+(?:\([^`]*\))?)``", doc)
    specs += re.findall(r"\b(%s)(\([^)]*\))" % "|".join(symbols.DISTRIBUTIONS), doc)
    out = []
    for s in specs:
        s = "".join(s) if isinstance(s, tuple) else s
        name = s.split("(")[0]
        if name in KNOWN and s not in out:
            out.append(s)
    return out


def test_every_domain_is_documented():
    documented = {s.split("(")[0] for s in documented_specs()}
    assert documented == KNOWN, KNOWN - documented


@pytest.mark.parametrize("spec", documented_specs())
def test_documented_domain_reads_as_words(spec):
    long, short = describe(Decl("x", spec)), describe(Decl("x", spec), short=True)
    for text in (long, short):
        assert text and text == text.strip()
        assert "_" not in text  # no internal identifiers (strongly_convex, probvec...)
        assert not re.search(r"\b(posvector|probvec|vecfunction|psd|pd|rv|dim)\b", text)
    assert "(" not in spec or spec not in long  # words, not the domain string again
    if spec.split("(")[0] in symbols.MATRIX_DOMAINS | symbols.FUNCTION_DOMAINS:
        assert re.search(r"ℝ|×", long), long  # says its space or shape
    assert len(long) >= len(short)


def test_descriptions_tell_domains_apart():
    long = {describe(Decl("x", s)) for s in documented_specs()}
    assert len(long) == len(documented_specs())


def test_descriptions_say_the_declared_sizes_and_parameters():
    assert describe(Decl("x", "vector(n)")) == "vector in ℝⁿ"
    assert describe(Decl("A", "matrix(m, n)")) == "m×n matrix"
    assert describe(Decl("A", "matrix(d_out, d_in)")) == "d_out×d_in matrix"
    assert describe(Decl("x", "vector(d_k)")) == "vector in ℝ^(d_k)"
    assert describe(Decl("s", "positive")) == "positive number"
    assert describe(Decl("X", "rv")) == "random variable"
    assert describe(Decl("X", "Poisson(lambda)")) == "Poisson random variable, rate λ"
    assert describe(Decl("X", "Poisson(lambda)"), short=True) == "~ Poisson(λ)"
    assert describe(Decl("t", "interval(-1.5, 1.5)")) == "number in (−1.5, 1.5)"
    assert describe(Decl("f", "vecfunction(m, n)")) == "smooth map ℝⁿ → ℝᵐ"
    # the caller may render names as its output does
    assert describe(Decl("x", "vector(n)"), name=str.upper) == "vector in ℝᴺ"


def test_names_undo_the_readers_naming_scheme():
    assert display_name("mu_hat") == "μ\u0302"
    assert display_name("Sigma_BmidA") == "Σ_B|A"
    assert display_name("x_star") == "x*" and display_name("x_*") == "x_*"  # x^* and x_*
    assert latex_name("m_*") == "m_{*}" and latex_name("theta_t_star") == r"\theta_{t}^*"
    assert display_name("w_infty") == "w_∞"
    assert latex_name("theta_bar_t+1") == r"\bar{\theta}_{t+1}"
    assert latex_name("X_pinv") == "X_{pinv}"  # a name written X_{pinv}; X^+ is an operation
    assert latex_name("PPL") == r"\mathrm{PPL}"
    assert latex_name("x_prime") == "x'"


def test_every_catalog_declaration_is_described():
    from cheatsheet.catalog import get_catalog

    for claim in get_catalog():
        for d in claim.declarations:
            assert describe(d) and describe(d, short=True)
