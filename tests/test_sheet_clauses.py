"""Trailing clauses of a formula (cheatsheet/sheets/clauses.py, verify/audit/domain.py).

A declaration (``, V \\in \\mathbb{R}^{k \\times p}``), a law (``\\text{where } u \\sim ...``) or a
condition (``\\text{ for } s < b``) after a formula is split off before matching, so the formula
resembles its claim as closely as it does without it; a condition stays the formula's domain,
imposed on the claim's check, and a refutation outside it is none. Letters and words here are
our own, not the seed sheets'.
"""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.sheets.clauses import condition_latex, split_clauses


@pytest.mark.parametrize("latex, stated, kinds", [
    (r"h = m + S^{1/2} u, \quad \text{where } u \sim \mathcal{N}(0, I)",
     r"h = m + S^{1/2} u", ["law"]),
    (r"H' = \sigma(\hat{B} H V), V \in \mathbb{R}^{K \times P}", r"H' = \sigma(\hat{B} H V)",
     ["declaration"]),
    (r"M(s) = (1 - s/b)^{-a} \text{ for } s < b", r"M(s) = (1 - s/b)^{-a}", ["condition"]),
    (r"\ln(gh) = \ln g + \ln h, \quad g, h > 0", r"\ln(gh) = \ln g + \ln h", ["condition"]),
    (r"\|v\| \ge 0 \quad \forall v \in \mathbb{R}^k", r"\|v\| \ge 0", ["declaration"]),
    (r"K = ab^\top, a \in \mathbb{R}^r, b \in \mathbb{R}^r", r"K = ab^\top",
     ["declaration", "declaration"]),
    (r"m_2 = \nu^2 + \tau^2 \quad (y \sim N(\nu, \tau^2))", r"m_2 = \nu^2 + \tau^2", ["law"]),
])
def test_a_trailing_clause_is_split_off(latex, stated, kinds):
    head, clauses = split_clauses(latex)
    assert head == stated
    assert [c.kind for c in clauses] == kinds


@pytest.mark.parametrize("latex", [
    r"r = Qv \text{ where } Q = BC",  # a definition after "where" is no clause
    r"v^* = \arg\min_v \|v\|^2 \text{ s.t. } c_i v^\top a_i \ge 1",  # a constraint
    r"a_j = 3^j, \quad j = 1, 2, \dots",  # a range (read by the support check)
    r"\text{Pois}(\kappa) \quad e^{\kappa(e^s - 1)}",  # a named row: nothing before states
    r"q = r, s",  # a fragment, not a clause
])
def test_what_is_no_clause_stays_in_the_formula(latex):
    assert split_clauses(latex) == (latex, ())


@pytest.mark.parametrize("latex, stated, kinds", [
    # a prior stated before the posterior it conditions
    (r"\beta \sim \mathcal{N}(0, R), \quad q(\beta \mid Z, t) = \mathcal{N}(m_t, R_t)",
     r"q(\beta \mid Z, t) = \mathcal{N}(m_t, R_t)", ["law"]),
    (r"u \in \mathbb{R}^k; \; g(u) = \|u\|^2", r"g(u) = \|u\|^2", ["declaration"]),
    (r"u \in \mathbb{R}^k, B \in \mathbb{R}^{j \times k} \quad v = Bu, \text{ where } e \sim N(0, 1)",
     r"v = Bu", ["declaration", "declaration", "law"]),
])
def test_a_leading_declaration_or_law_is_split_off(latex, stated, kinds):
    head, clauses = split_clauses(latex)
    assert head == stated
    assert [c.kind for c in clauses] == kinds


@pytest.mark.parametrize("latex", [
    r"a, b > 0, \; c = a + b",  # a comparison before a formula may be a statement
    r"U \sim \text{Exp}(1), \quad V \sim \text{Exp}(2)",  # two laws: nothing is stated after
])
def test_what_leads_but_is_no_declaration_stays(latex):
    assert split_clauses(latex) == (latex, ())


def test_names_listed_before_one_condition_each_get_it():
    _, clauses = split_clauses(r"\ln(gh) = \ln g + \ln h, \quad g, h > 0")
    assert condition_latex(clauses) == ("g > 0", "h > 0")


def test_a_declaring_clause_holds_for_the_section():
    from cheatsheet.sheets import read_sheet
    from cheatsheet.sheets.conventions import SheetConventions
    import tempfile, os

    text = "# A\n\n$$\\|v\\| \\ge 0 \\quad \\forall v \\in \\mathbb{R}^k$$\n\nthen $y = 1$\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "s.md")
        with open(path, "w") as fh:
            fh.write(text)
        conv = SheetConventions(read_sheet(path))
    assert conv.at(5).symbols.get("v") == "vector(k)"


def _verdicts(text):
    return [(f.verdict, f.claim) for f in audit_text(text)]


def test_a_formula_with_its_domain_is_matched_and_decided_there():
    sheet = ("# Gamma law\n\n"
             "Gamma MGF: $M(s) = (1 - s/b)^{-a} \\text{ for } s < b$\n\n"
             "Gamma MGF: $M(s) = (1 - s/b)^{a} \\text{ for } s < b$\n")
    # (with the clause read as part of the formula both were unchecked: the label reading
    # took 's < b' for the relation)
    assert _verdicts(sheet) == [("ok", "mgf.gamma_rate"), ("wrong", "mgf.gamma_rate")]


def test_a_condition_is_imposed_on_the_claims_check():
    # true only where the sheet says: positive arguments of the rectifier
    sheet = "# Activations\n\nReLU: $\\mathrm{ReLU}(r) = r \\text{ for } r > 0$\n"
    assert _verdicts(sheet) == [("ok", "relu.definition")]
    wrong = "# Activations\n\nReLU: $\\mathrm{ReLU}(r) = r \\text{ for } r < 0$\n"
    assert _verdicts(wrong)[0][0] != "ok"


def test_a_refutation_outside_the_stated_domain_is_none():
    from types import SimpleNamespace

    from cheatsheet.symbols import Declarations
    from cheatsheet.verify.audit.domain import within_domain
    from cheatsheet.verify.evidence import Evidence

    cand = SimpleNamespace(mapping={"g": "z"}, form_tokens=[])
    reading = SimpleNamespace(decls=Declarations.from_mapping({"z": "real"}), assume=[])
    outside = Evidence("refuted", "custom:x", counterexample={"instance": {"z": -1.5}})
    inside = Evidence("refuted", "custom:x", counterexample={"instance": {"z": 2.0}})
    unknown = Evidence("refuted", "custom:x", counterexample={"instance": {"w": 2.0}})
    got = within_domain((cand, "refuted", outside, "", reading), cand, ("g > 0",))
    assert got[1] == "undecided" and "outside" in got[3]
    assert within_domain((cand, "refuted", inside, "", reading), cand, ("g > 0",))[1] \
        == "refuted"
    assert within_domain((cand, "refuted", unknown, "", reading), cand, ("g > 0",))[1] \
        == "undecided"
    # a letter the claim lacks: the condition cannot be imposed, so nothing fails
    assert within_domain((cand, "refuted", inside, "", reading), cand, ("q > 0",))[1] \
        == "undecided"


def test_a_law_the_check_cannot_impose_makes_no_refutation():
    # with u ~ N(0, S) the sum m + u is N(m, S): right, though the claim's noise is standard
    sheet = ("# VAE\n\nReparameterisation trick: "
             "$h = m + u, \\quad \\text{where } u \\sim \\mathcal{N}(0, S)$\n")
    assert _verdicts(sheet)[0][0] != "wrong"
    # the standard normal is the claim's own noise: S where S^{1/2} belongs is a typo
    typo = ("# VAE\n\nReparameterisation trick: "
            "$h = m + S u, \\quad \\text{where } u \\sim \\mathcal{N}(0, I)$\n")
    assert _verdicts(typo) == [("wrong", "vae.reparameterisation")]
