"""Sheets in another notation: what names a claim's quantity when the sheet writes it its own way.

Each mechanism has a test that fails without it (a planted typo is found) and a counterpart
showing that the correct formula in the same notation stays ok or unchecked.
"""
from __future__ import annotations

from audit_helpers import audit_text, catalog

# ------------------------------------------------------------------ column headed by a formula

HEADED = """# Laws

| Law | $\\mathbb{{E}}[X]$ | $\\operatorname{{Var}}(X)$ |
|---|---|---|
| $\\mathrm{{Exp}}(\\lambda)$, rate $\\lambda$ | {mean} | $\\dfrac{{1}}{{\\lambda^2}}$ |
"""


def test_a_column_headed_by_the_quantitys_formula_names_it():
    """$\\mathbb{E}[X]$ heads the means as "Mean" does: the cell 1/lambda^2 under it is the
    exponential's mean, which is 1/lambda."""
    found = audit_text(HEADED.format(mean="$\\dfrac{1}{\\lambda^2}$"))
    wrong = [(f.latex, f.claim) for f in found if f.verdict == "wrong"]
    assert wrong == [("\\dfrac{1}{\\lambda^2}", "exponential.mean")]


def test_a_right_cell_under_a_formula_header_is_ok():
    found = audit_text(HEADED.format(mean="$\\dfrac{1}{\\lambda}$"))
    assert not [f for f in found if f.verdict == "wrong"]
    assert {"exponential.mean", "exponential.variance"} <= {f.claim for f in found
                                                            if f.verdict == "ok"}


def test_header_formulas_that_name_a_quantity_and_those_that_do_not():
    from cheatsheet.sheets.quantity_heads import quantity_word

    said = {h: quantity_word(h) for h in (
        "E[X]", "\\mathbb{E}[X]", "\\mathsf{E}", "\\operatorname{Var}(X)", "\\mathbb{V}[X]",
        "\\textrm{Var}(X)", "M_X(t)", "\\operatorname{MGF}")}
    assert said == {"E[X]": "mean", "\\mathbb{E}[X]": "mean", "\\mathsf{E}": "mean",
                    "\\operatorname{Var}(X)": "variance", "\\mathbb{V}[X]": "variance",
                    "\\textrm{Var}(X)": "variance", "M_X(t)": "mgf",
                    "\\operatorname{MGF}": "mgf"}
    # a second moment, a characteristic function, a bare V (a value?) name none of them
    for other in ("E[X^2]", "\\psi(\\omega)", "V", "f(x)", "\\sigma^2"):
        assert quantity_word(other) is None


MGF_TABLE = """# Generating functions

| law of $W$ | $M_W(u)$ | for |
|---|---|---|
| $\\operatorname{{Poisson}}(\\rho)$ | {poisson} | all $u$ |
| $\\operatorname{{Bernoulli}}(h)$ | $1 - h + h e^{{u}}$ | all $u$ |
"""


def test_an_mgf_header_names_its_argument_with_any_letter():
    """$M_W(u)$ heads MGFs as $M_X(t)$ does: the capital below says whose generating function
    it is, so the argument may be any letter (u here, not t or s). The Poisson cell with the
    sign of u flipped inside is then the Poisson's MGF, and wrong; the right one is ok."""
    from cheatsheet.sheets.quantity_heads import quantity_word

    assert quantity_word("M_W(u)") == "mgf" and quantity_word("M_{Y}(r)") == "mgf"
    for other in ("M(x)", "m(x)", "M_k(x)"):  # a mean function, some M of an index
        assert quantity_word(other) is None
    found = audit_text(MGF_TABLE.format(poisson="$e^{\\rho(e^{-u} - 1)}$"))
    wrong = [(f.latex, f.claim) for f in found if f.verdict == "wrong"]
    assert wrong == [("e^{\\rho(e^{-u} - 1)}", "mgf.poisson")], wrong
    found = audit_text(MGF_TABLE.format(poisson="$e^{\\rho(e^{u} - 1)}$"))
    assert not [f for f in found if f.verdict == "wrong"]
    assert {"mgf.poisson", "mgf.bernoulli"} <= {f.claim for f in found if f.verdict == "ok"}


def test_the_reader_adds_the_headers_quantity_to_its_cells_words():
    from cheatsheet.sheets import read_sheet

    text = "| Law | $\\mathsf{E}$ |\n|---|---|\n| Poisson$(\\mu)$ | $\\mu$ |\n"
    cell = next(s for s in read_sheet("t.md", text).segments if s.latex.strip() == "\\mu")
    assert "mean" in cell.before.split()


# ------------------------------------------------------------------ the row's parameters


def test_the_rows_parameters_stand_for_the_laws_in_order():
    """Binomial$(m, \\pi)$: m is the claim's n and pi its p (pi is a parameter here, not
    3.14...), so the cell m pi^2 reads Var(X) = n p^2, which the binomial's check refutes."""
    from cheatsheet.verify.audit.cells import cell_reading, row_args
    from cheatsheet.verify.check import check_version

    claim = catalog()["binomial.variance"]
    assert row_args("Binomial$(m, \\pi)$") == [("m", False), ("pi", False)]
    verdicts = {}
    for cell in ("m\\pi^2", "m\\pi(1 - \\pi)"):
        reading, back = cell_reading(cell, claim, "Binomial$(m, \\pi)$")
        assert back == {"n": "m", "p": "\\pi"}
        ev = check_version(claim, reading.latex, reading.decls, "denominator", reading.assume,
                           seed=0, key=("test", reading.latex), symbolic_first=False,
                           thorough=False)
        verdicts[cell] = ev.verdict
    assert verdicts == {"m\\pi^2": "refuted", "m\\pi(1 - \\pi)": "passed"}
    # without the row, two letters for two parameters: no correspondence, nothing decided
    assert cell_reading("m\\pi^2", claim) is None


def test_a_rows_parameters_are_taken_only_when_they_match_the_laws_one_for_one():
    from cheatsheet.verify.audit.cells import correspond, row_args
    from cheatsheet.match.tokens import tokenize

    normal = catalog()["normal.variance"]
    # sigma (a standard deviation) is not the claim's sigma^2: no positional reading
    assert correspond(tokenize("s^2"), normal, "$\\mathcal{N}(m, s)$") is None
    assert correspond(tokenize("s^2"), normal, "$\\mathcal{N}(m, s^2)$") == \
        {"m": "mu", "s": "sigma"}
    # a rate written 1/beta in the claim's law has no letter to stand for: no reading (the
    # cell's beta was once read as "1/beta", an ill-formed reading refuted as a typo)
    gamma = catalog()["gamma.mean_rate"]
    assert correspond(tokenize("\\alpha/\\beta"), gamma, "$\\mathrm{Gamma}(\\alpha, \\beta)$") \
        is None
    # nor is a Normal's sigma^2 a letter sigma: 1/sigma^2 under a row "Normal mean, known
    # sigma^2" (a Fisher information) is not read as the Normal's mean
    assert correspond(tokenize("\\dfrac{1}{\\sigma^2}"), catalog()["normal.mean"],
                      "Normal mean, known $\\sigma^2$") is None
    assert row_args("Exponential, rate $\\rho$") == [("rho", False)]
    assert row_args("$X \\sim \\mathcal{N}(\\mu, \\sigma^2)$") == [("mu", False), ("sigma", True)]
    assert row_args("$\\mathcal{N}(0, 1)$") == []


def test_a_cells_greek_letter_is_renamed_whole():
    """rho for lambda gives \\lambda, not \\\\lambda; the s of \\boldsymbol{s}, not those of
    the command."""
    from cheatsheet.verify.audit.cells import cell_reading

    reading, _ = cell_reading("\\rho", catalog()["exponential.mean"], "Exponential, rate $\\rho$")
    assert reading.latex.endswith("= \\lambda")
    reading, back = cell_reading("\\boldsymbol{s}^2", catalog()["normal.variance"],
                                 "$\\mathcal{N}(m, \\boldsymbol{s}^2)$")
    assert "\\boldsymbol{\\sigma}" in reading.latex and back["sigma"] == "\\boldsymbol{s}"


# ------------------------------------------------------------------ a law named in \textrm

TYPED = """# Laws

| Type | Law | $E[X]$ | $\\textrm{{Var}}(X)$ |
|---|---|---|---|
| Discrete | $X \\sim \\textrm{{Po}}(\\mu)$ | $\\mu$ | {var} |
"""


def test_a_law_named_in_textrm_in_another_column_names_the_rows_law():
    """Po(mu) in \\textrm, in the row's second cell: the row is the Poisson law's, so the
    variance cell mu^2 is wrong and mu is right."""
    wrong = [(f.latex, f.claim) for f in audit_text(TYPED.format(var="$\\mu^2$"))
             if f.verdict == "wrong"]
    assert wrong == [("\\mu^2", "poisson.variance")]
    oks = {f.claim for f in audit_text(TYPED.format(var="$\\mu$")) if f.verdict == "ok"}
    assert oks == {"poisson.mean", "poisson.variance"}


BY_MEAN = """# Laws

| Law | Mean | Variance |
|---|---|---|
| Exponential$(\\mu)$ | $\\mu$ | $\\mu^2$ |
| Exponential, rate $\\rho$ | $\\rho$ | $\\dfrac{1}{\\rho^2}$ |
"""


def test_another_letter_is_a_rate_only_where_the_row_says_rate():
    """Exponential(mu) may be stated by its mean (mu, mu^2 are then right): its letter is not
    read as the catalog's rate. "rate rho" says it is: the mean cell rho is then wrong."""
    found = audit_text(BY_MEAN)
    assert [(f.line, f.latex) for f in found if f.verdict == "wrong"] == [(6, "\\rho")]
    assert [f.verdict for f in found if f.line == 5 and f.latex.startswith("\\mu")] == \
        ["unchecked", "unchecked"]
