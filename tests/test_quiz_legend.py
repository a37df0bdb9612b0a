"""The legend under every formula question: what each symbol is, the layout for matrix
calculus, one line that fits 80 columns."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from cheatsheet.quiz.legend import WIDTH, legend, width
from cheatsheet.symbols import Declarations

MINI = Path(__file__).resolve().parent / "fixtures" / "claims"


def decls(**specs) -> Declarations:
    return Declarations.from_mapping(specs)


def test_legend_says_what_each_symbol_is():
    d = decls(n="dim", x="vector(n)", A="square(n)", sigma="positive")
    text = legend(d, r"\sigma \mathbf{x}^T A \mathbf{x}")
    assert text == "where 𝐱: vector in ℝⁿ; A: n×n matrix; σ: positive number"
    # the names read as the formula shows them (bold, accents, Greek, subscripts)
    d = decls(mu_hat="real", theta_t="real", G="matrix(m, T)", S="matrix(m, T)")
    text = legend(d, r"\hat{\mu} + \theta_t + G \odot S")
    assert "μ̂" in text and "θₜ" in text and "G, S: m×T matrix" in text


def test_legend_leaves_out_symbols_the_formula_does_not_show():
    """A check may declare symbols of its own; and a typo that drops a symbol must not be
    given away by a legend still listing it."""
    d = decls(n="dim", x="vector(n)", A="square(n)", sigma="positive")
    text = legend(d, r"\mathbf{x}^T A \mathbf{x}")
    assert "σ" not in text and "A: n×n matrix" in text


def test_layout_is_shown_for_matrix_calculus_only():
    d = decls(n="dim", m="dim", x="vector(n)", A="matrix(m, n)")
    deriv = r"\frac{\partial A\mathbf{x}}{\partial \mathbf{x}} = A^T"
    assert "denominator layout" in legend(d, deriv, "denominator")
    assert "numerator layout" in legend(d, deriv, "numerator")
    leibniz = r"\frac{d A\mathbf{x}}{d\mathbf{x}} = A^T"
    assert "denominator layout" in legend(d, leibniz, "denominator")
    assert "layout" not in legend(decls(z="real"), r"\frac{d}{dz} z^2 = 2z")
    assert "layout" not in legend(d, r"A\mathbf{x} = A\mathbf{x}")


def test_long_legends_are_shortened_to_one_line():
    many = {f"x_{i}": "vector(n)" for i in range(8)} | {f"A_{i}": "pd(n)" for i in range(8)}
    many |= {f"s_{i}": "interval(0.001, 0.3)" for i in range(8)} | {"n": "dim"}
    latex = " + ".join(many)
    text = legend(decls(**many), latex)
    assert width(text) <= WIDTH and "\n" not in text
    assert text.endswith("…") or "…;" in text
    shorter = legend(decls(n="dim", x="vector(n)", A="pd(n)", s="positive", t="prob",
                           u="interval(0, 1)", v="natural"), "x A s t u v")
    assert width(shorter) <= WIDTH and "p.d. n×n" in shorter  # compact forms before cutting


def test_every_catalog_claim_has_a_legend_that_fits():
    from cheatsheet.catalog import get_catalog

    empty = []
    for claim in get_catalog():
        text = legend(claim.declarations, claim.latex, claim.layout)
        assert width(text) <= WIDTH and "\n" not in text, (claim.id, text)
        if claim.declarations.decls and not text:
            empty.append(claim.id)
    assert len(empty) < 20, empty  # only formulas without a declared symbol in sight


def test_the_issues_example_defines_g_and_s():
    from cheatsheet.catalog import get_catalog

    claim = get_catalog()["rnn.bptt"]
    text = legend(claim.declarations, claim.latex, claim.layout)
    assert "G" in text and "S" in text and "m×T" in text


@pytest.fixture
def bank(monkeypatch):
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(MINI))
    from cheatsheet.catalog import get_catalog
    from cheatsheet.quiz.questions import Bank

    return Bank(list(get_catalog()), kinds=("holds", "pick", "gap"))


def test_every_formula_question_carries_its_legend(bank):
    kinds = set()
    for seed in range(3):
        for ref in bank.cards():
            q = bank.build(ref, random.Random(seed))
            if q is None:
                continue
            kinds.add(q.kind)
            assert q.legend.startswith("where ") and width(q.legend) <= WIDTH, q.legend
            if q.claim_id == "mini.var_ax":
                assert "𝐀: m×n matrix" in q.legend and "𝐗: random vector in ℝⁿ" in q.legend
    assert kinds == {"holds", "pick", "gap"}


def test_versions_read_in_another_layout_are_never_shown():
    """A sheet version refuted under the numerator layout may hold under the claim's
    denominator layout: shown under the claim's legend it would be a false alarm, and with
    its own legend the layout would give the answer away."""
    from cheatsheet.catalog import get_catalog
    from cheatsheet.quiz.questions import Bank

    cat = get_catalog()
    claims = [c for c in cat if any((s.layout or c.layout) != c.layout for s in c.sources)]
    assert claims
    bank = Bank(claims)
    for claim in claims:
        for own in (False, True):
            for cand in bank._candidates(claim, random.Random(0), own_reading=own):
                decls_, layout = cand[4]
                assert layout == claim.layout
                if own:
                    assert decls_ is claim.declarations
