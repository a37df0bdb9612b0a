"""Statements whose conclusion is a law: ``EXPR \\sim LAW(params)``.

The reader keeps such a line as a relation (a lone name's law stays a declaration), only the
law check decides it (cheatsheet/latex/law_statements.py, verify/checks/law_statements.py),
and the audit matches it to the law claims in a sheet's own letters. Notation of our own: other
letters and wording than the catalog's.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from audit_helpers import audit_text, catalog
from cheatsheet.latex import LatexError, parse
from cheatsheet.latex.law_statements import states_law
from cheatsheet.symbols import Declarations
from cheatsheet.verify.check import check_version


def _decide(claim_id: str, latex: str, symbols: dict, independent=()):
    """The law check's verdict on ``latex`` under declarations of our own."""
    claim = catalog()[claim_id]
    decls = Declarations.from_mapping(symbols)
    claim = replace(claim, independent=list(independent))
    return check_version(claim, latex, decls, "denominator", [], seed=0, key=("t",),
                         symbolic_first=True, thorough=False)


def test_an_expression_s_law_is_a_relation_a_name_s_law_a_declaration():
    decls = {"A": "Poisson(r)", "B": "Poisson(s)", "r": "positive", "s": "positive"}
    stmt = parse(r"A + B \sim \text{Poisson}(r + s)", decls)
    assert [r.op for r in stmt.relations] == ["sim"]
    with pytest.raises(LatexError):
        parse(r"A \sim \text{Poisson}(r)", decls)
    assert states_law(r"\max(G, H) \sim \mathrm{Beta}(2, 1)")
    assert not states_law(r"G \sim \mathrm{Beta}(2, 1)")
    assert not states_law(r"G \mid H \sim \mathcal{N}(H, 1)")
    assert not states_law(r"\mathbb{E}_{g \sim q}[g] = 0")


_POIS = {"A": "Poisson(r)", "B": "Poisson(s)", "r": "positive", "s": "positive"}
_GAUSS = {"G": "Normal(m, v^2)", "H": "Normal(k, w^2)", "m": "real", "k": "real",
          "v": "positive", "w": "positive"}


@pytest.mark.parametrize("claim_id, latex, symbols, verdicts", [
    ("law.poisson_sum", r"A + B \sim \text{Poisson}(r + s)", _POIS, ("proved", "passed")),
    ("law.poisson_sum", r"A + B \sim \text{Poisson}(r s)", _POIS, ("refuted",)),
    ("law.poisson_sum", r"A + B \sim \text{Poisson}(r + 2s)", _POIS, ("refuted",)),
    ("law.normal_sum", r"G + H \sim N(m + k, v^2 + w^2)", _GAUSS, ("proved", "passed")),
    # written with the standard deviation: holds in that convention
    ("law.normal_sum", r"G + H \sim N(m + k, \sqrt{v^2 + w^2})", _GAUSS, ("proved", "passed")),
    # wrong in both conventions
    ("law.normal_sum", r"G + H \sim N(m + k, v + w)", _GAUSS, ("refuted",)),
    ("law.normal_difference", r"G - H \sim N(m - k, v^2 - w^2)", _GAUSS, ("refuted",)),
])
def test_the_law_check_in_letters_of_our_own(claim_id, latex, symbols, verdicts):
    ev = _decide(claim_id, latex, symbols, independent=[n for n in "ABGH" if n in symbols])
    assert ev.verdict in verdicts, (ev.verdict, ev.detail)
    if ev.verdict == "refuted":
        assert ev.counterexample and "law" in ev.detail


def test_dependent_variables_are_not_decided():
    ev = _decide("law.poisson_sum", r"A + B \sim \text{Poisson}(r + s)", _POIS)
    assert ev.verdict == "undecided", (ev.verdict, ev.detail)


def test_only_the_law_check_decides_a_law_statement():
    # a claim with an ordinary check is never asked to compare laws: undecided, not refuted
    claim = catalog()["mgf.poisson"]
    ev = check_version(claim, r"X + X \sim \mathrm{Pois}(2\lambda)", claim.declarations,
                       "denominator", [], seed=0, key=("t",), symbolic_first=True,
                       thorough=False)
    assert ev.verdict == "undecided", (ev.verdict, ev.detail)


_SHEET = r"""# Waiting times and counts

Two independent counts $C \sim \text{Poisson}(\alpha)$ and $D \sim \text{Poisson}(\beta)$:

- together: $C + D \sim \text{Poisson}(\alpha + \beta)$
- together, again: $C + D \sim \text{Poisson}(\alpha\beta)$

Independent lifetimes $S \sim \mathrm{Expo}(\kappa)$ and $R \sim \mathrm{Expo}(\rho)$ fail first at

- $\min(S, R) \sim \mathrm{Expo}(\kappa + \rho)$
- $\min(S, R) \sim \mathrm{Expo}(\kappa\rho)$
"""


def test_the_audit_reads_law_statements_in_a_sheet_s_letters():
    got = {f.latex: f for f in audit_text(_SHEET)}
    right = got[r"C + D \sim \text{Poisson}(\alpha + \beta)"]
    assert (right.verdict, right.claim) == ("ok", "law.poisson_sum"), right.reason
    slip = got[r"C + D \sim \text{Poisson}(\alpha\beta)"]
    assert (slip.verdict, slip.claim) == ("wrong", "law.poisson_sum"), slip.reason
    first = got[r"\min(S, R) \sim \mathrm{Expo}(\kappa + \rho)"]
    assert (first.verdict, first.claim) == ("ok", "law.exponential_min"), first.reason
    wrong = got[r"\min(S, R) \sim \mathrm{Expo}(\kappa\rho)"]
    assert (wrong.verdict, wrong.claim) == ("wrong", "law.exponential_min"), wrong.reason
    assert r"\kappa + \rho" in wrong.expected
    # the declarations themselves state nothing to check
    assert got[r"C \sim \text{Poisson}(\alpha)"].verdict == "unchecked"


_IID = r"""# Queues

Let $T_1, \dots, T_m$ be iid $\mathrm{Exp}(\theta)$.

- total wait: $\sum_{j=1}^{m} T_j \sim \mathrm{Gamma}(m, \theta)$
- total wait, again: $\sum_{j=1}^{m} T_j \sim \mathrm{Gamma}(m, m\theta)$

Coin flips $B_1, \dots, B_r$ iid $\mathrm{Bern}(q)$: $\sum_{j=1}^{r} B_j \sim \mathrm{Bin}(r, q^r)$.
"""


def test_sums_over_an_iid_family_in_letters_of_our_own():
    got = {f.latex: f for f in audit_text(_IID)}
    right = got[r"\sum_{j=1}^{m} T_j \sim \mathrm{Gamma}(m, \theta)"]
    assert (right.verdict, right.claim) == ("ok", "law.exponential_sum_gamma"), right.reason
    for latex, claim in ((r"\sum_{j=1}^{m} T_j \sim \mathrm{Gamma}(m, m\theta)",
                          "law.exponential_sum_gamma"),
                         (r"\sum_{j=1}^{r} B_j \sim \mathrm{Bin}(r, q^r)", "law.bernoulli_sum")):
        f = got[latex]
        assert (f.verdict, f.claim) == ("wrong", claim), f.reason


@pytest.mark.parametrize("latex", [
    r"\frac{s}{G - m} \sim N(0, 1)",   # the reciprocal of a standard normal: a pole at m
    r"\left(\frac{G - m}{s}\right)^3 \sim N(0, 1)",
    r"\frac{(G - m)^2}{s^2} \sim \chi^2_2",
])
def test_other_functions_of_one_variable_are_refuted_by_their_cdf(latex):
    ev = _decide("law.standardise", latex, {"G": "Normal(m, s^2)", "m": "real", "s": "positive"})
    assert ev.verdict == "refuted", (ev.verdict, ev.detail)


def test_a_right_function_of_one_variable_holds():
    ev = _decide("law.uniform_log", r"-\frac{\log V}{c} \sim \mathrm{Exp}(c)",
                 {"V": "Uniform(0, 1)", "c": "positive"})
    assert ev.verdict in ("proved", "passed"), (ev.verdict, ev.detail)


def test_a_law_claim_credits_only_its_own_statement():
    # -W ~ N(0, 1) holds under the claim that W^2 is chi-squared (same variable), but it does
    # not state that claim: never "ok" in that claim's name
    text = "# Symmetry\n\nFor $W \\sim N(0, 1)$: $-W \\sim N(0, 1)$ and $W^2 \\sim \\chi^2_1$.\n"
    got = {f.latex: f for f in audit_text(text)}
    assert got[r"-W \sim N(0, 1)"].claim != "law.chi_squared_one"
    assert (got[r"W^2 \sim \chi^2_1"].verdict, got[r"W^2 \sim \chi^2_1"].claim) == \
        ("ok", "law.chi_squared_one")


def test_independence_said_before_the_line_s_first_formula_counts():
    said = ("# Gaussians\n\nFor independent $G \\sim N(m, v^2)$ and $H \\sim N(k, w^2)$ we get "
            "$G + H \\sim N(m + k, v^2 + w^2)$.\n")
    f = next(f for f in audit_text(said) if f.latex.startswith("G + H"))
    assert (f.verdict, f.claim) == ("ok", "law.normal_sum"), f.reason
    unsaid = ("# Gaussians\n\nFor $G \\sim N(m, v^2)$ and $H \\sim N(k, w^2)$ we get "
              "$G + H \\sim N(m + k, v^2 + w^2)$.\n")
    f = next(f for f in audit_text(unsaid) if f.latex.startswith("G + H"))
    assert f.verdict == "unchecked" and "G, H are independent" in f.reason, f.reason


def test_a_parameter_renamed_to_a_bare_letter_may_be_the_variance_itself():
    """W_j ~ N(a_j, q_j) names the variance q_j: W_1 + W_2 ~ N(a_1 + a_2, q_1 + q_2) is right,
    though the claim's sigma_j^2 renamed to a bare q_j reads as a standard deviation (two
    readings: never a sure refutation). The claim's own sigma written bare has one reading."""
    said = ("# Independent Gaussians\nWith independent $W_j \\sim \\mathcal{N}(a_j, q_j)$:\n"
            "$W_1 + W_2 \\sim \\mathcal{N}(a_1 + a_2, q_1 + q_2)$.\n")
    (f,) = [f for f in audit_text(said) if f.latex.startswith("W_1 + W_2")]
    assert f.verdict != "wrong"
    own = ("# Independent Gaussians\nFor independent normals, "
           "$U + V \\sim \\mathcal{N}(\\mu_1 + \\mu_2, \\sigma_1 + \\sigma_2)$.\n")
    (f,) = [f for f in audit_text(own) if f.latex.startswith("U + V")]
    assert (f.verdict, f.claim) == ("wrong", "law.normal_sum")


def test_random_vectors_are_not_refuted_by_the_scalar_law_claims():
    text = ("# Gaussian vectors\nIndependent $\\mathbf{u} \\sim \\mathcal{N}(\\mathbf{a}, P)$, "
            "$\\mathbf{w} \\sim \\mathcal{N}(\\mathbf{b}, Q)$: "
            "$\\mathbf{u} + \\mathbf{w} \\sim \\mathcal{N}(\\mathbf{a} + \\mathbf{b}, P + Q)$.\n")
    assert all(f.verdict != "wrong" for f in audit_text(text))


_EXTREMES = r"""# Lifetimes

Let $L_1, \ldots, L_q$ be iid $\mathrm{Exp}(\kappa)$.

- first failure: $\min(L_1, L_2, \ldots, L_q) \sim \mathrm{Exp}(q\kappa)$
- first failure, again: $\min(L_1, \ldots, L_q) \sim \mathrm{Exp}(\kappa^q)$

Draw $G_1, \ldots, G_s$ iid $\mathrm{Unif}(0, 1)$.

- top draw: $\max\left(G_1, \ldots, G_s\right) \sim \mathrm{Beta}(s, 1)$
- bottom draw: $\min(G_1, \ldots, G_s) \sim \mathrm{Beta}(s, 1)$
- bottom draw, again: $\min(G_1, \ldots, G_s) \sim \mathrm{Beta}(1, s)$
"""


def test_extremes_of_an_iid_family_written_with_dots_in_letters_of_our_own():
    got = {f.latex: f for f in audit_text(_EXTREMES)}
    for latex, claim in ((r"\min(L_1, L_2, \ldots, L_q) \sim \mathrm{Exp}(q\kappa)",
                          "law.exponential_min_iid"),
                         (r"\max\left(G_1, \ldots, G_s\right) \sim \mathrm{Beta}(s, 1)",
                          "law.uniform_max_beta"),
                         (r"\min(G_1, \ldots, G_s) \sim \mathrm{Beta}(1, s)",
                          "law.uniform_min_beta")):
        f = got[latex]
        assert (f.verdict, f.claim) == ("ok", claim), (latex, f.verdict, f.reason)
    for latex in (r"\min(L_1, \ldots, L_q) \sim \mathrm{Exp}(\kappa^q)",
                  r"\min(G_1, \ldots, G_s) \sim \mathrm{Beta}(s, 1)"):
        f = got[latex]
        assert f.verdict == "wrong", (latex, f.verdict, f.reason)
        assert f.counterexample


def test_a_list_with_dots_is_an_extremum_only_when_it_is_one_row():
    from cheatsheet.ops import Extremum

    decls = {"Q_i": "Exponential(c)", "c": "positive", "p": "dim", "i": "index(p)",
             "h": "real"}
    stmt = parse(r"\max(Q_1, Q_2, \dots, Q_p) \sim \mathrm{Exp}(c)", decls)
    lhs = stmt.relations[0].lhs
    assert isinstance(lhs, Extremum) and str(lhs.args[4]) == "max" and lhs.args[3].name == "p"
    with pytest.raises(LatexError):  # another entry before the row: not read as the row
        parse(r"\min(h, Q_1, \dots, Q_p) \sim \mathrm{Exp}(c)", decls)


@pytest.mark.parametrize("latex, verdicts", [
    (r"\min(Q_1, \dots, Q_p) \sim \mathrm{Exp}(p c)", ("proved", "passed")),
    (r"\min(Q_1, \dots, Q_p) \sim \mathrm{Exp}(c)", ("refuted",)),
    (r"\max(Q_1, \dots, Q_p) \sim \mathrm{Exp}(p c)", ("refuted",)),
])
def test_the_law_check_decides_the_minimum_of_a_family(latex, verdicts):
    decls = {"Q_i": "Exponential(c)", "c": "positive", "p": "dim", "i": "index(p)"}
    ev = _decide("law.exponential_min_iid", latex, decls)
    assert ev.verdict in verdicts, (ev.verdict, ev.detail)


def test_the_matcher_reads_a_row_from_its_first_entry():
    from cheatsheet.match.tokens import tokenize

    def raw(latex):
        return [t.norm for t in tokenize(latex) if t.norm]
    assert raw(r"g(a_1, a_2, \dots, a_r)") == raw(r"g(a_1, \dots, a_r)")
    assert raw(r"g(a_1, a_3, \dots, a_r)") != raw(r"g(a_1, \dots, a_r)")


def test_a_law_parameter_the_sheet_writes_as_pi_is_not_refuted_as_the_number():
    """A sheet may call a success probability pi; read as 3.14..., Bin(w, pi) would be 'pi
    where p belongs'. A parameter of the claim's law the sheet does not write: not sure."""
    text = ("# Counting successes\nLet $F_1, \\dots, F_w$ be iid $\\mathrm{Bern}(\\pi)$. Then "
            "$\\sum_{j=1}^{w} F_j \\sim \\mathrm{Bin}(w, \\pi)$.\n")
    assert all(f.verdict != "wrong" for f in audit_text(text))


_DOTTED = r"""# Queues

Let $R_1, \ldots, R_q$ be iid $\mathrm{Exp}(\kappa)$ and $B_1, \ldots, B_s$ iid $\mathrm{Bern}(\tau)$.

- total wait: $R_1 + R_2 + \cdots + R_q \sim \mathrm{Gamma}(q, \kappa)$
- total wait, slipped: $R_1 + \ldots + R_q \sim \mathrm{Gamma}(q, q\kappa)$
- hits: $B_1 + \dots + B_s \sim \mathrm{Bin}(s, \tau)$
"""


def test_a_law_of_a_sum_written_with_dots_is_read_as_the_sum():
    # the claims write \sum_{i=1}^{n} X_i; the line as written pairs R_1 with the index, so
    # the law statement is also read with its row as the sum it stands for
    got = {f.latex: f for f in audit_text(_DOTTED)}
    for latex, claim in ((r"R_1 + R_2 + \cdots + R_q \sim \mathrm{Gamma}(q, \kappa)",
                          "law.exponential_sum_gamma"),
                         (r"B_1 + \dots + B_s \sim \mathrm{Bin}(s, \tau)", "law.bernoulli_sum")):
        f = got[latex]
        assert (f.verdict, f.claim) == ("ok", claim), (latex, f.verdict, f.reason)
    f = got[r"R_1 + \ldots + R_q \sim \mathrm{Gamma}(q, q\kappa)"]
    assert (f.verdict, f.claim) == ("wrong", "law.exponential_sum_gamma"), f.reason


def test_only_a_law_statement_s_left_row_is_rewritten():
    from cheatsheet.verify.audit.dotted_sums import rewritten

    assert rewritten(r"c_1 + \dots + c_r \sim \mathrm{Poisson}(r\nu)") == \
        r"\sum_{k=1}^{r} c _ { k } \sim \mathrm{Poisson}(r\nu)"
    assert rewritten(r"M_{Z_1 + \dots + Z_m}(u) = M_Z(u)^m") is None  # no law statement
    assert rewritten(r"c_1 + c_3 + \dots + c_r \sim \mathrm{Poisson}(r\nu)") is None  # no row
    assert rewritten(r"Y \sim \mathrm{Bin}(a_1 + \dots + a_r, p)") is None  # right of \sim


def test_a_law_whose_values_differ_at_one_point_is_not_simplified(monkeypatch):
    """Before SymPy tries to simplify the difference of the two characterising functions
    (most of a wrong form's check, up to 1 s a reading), they are compared at one point: a
    form that takes another value there cannot simplify to 0.  The right forms are still
    proved by SymPy, and the wrong ones refuted with their counterexample as before."""
    from cheatsheet.verify.checks import law_statements as laws

    tried = []
    real = laws._symbolic
    monkeypatch.setattr(laws, "_symbolic", lambda *args: tried.append(args) or real(*args))
    waits = {"U": "Exponential(g)", "V": "Exponential(h)", "g": "positive", "h": "positive"}
    for claim_id, latex in [  # a survival function (the minimum), a CDF (the maximum), an MGF
            ("law.exponential_min", r"\min(U, V) \sim \mathrm{Exp}(g + 2h)"),
            ("law.exponential_min", r"\max(U, V) \sim \mathrm{Exp}(g + h)"),
            ("law.gamma_sum", r"U + V \sim \mathrm{Gamma}(2, g + h)")]:
        ev = _decide(claim_id, latex, waits, independent="UV")
        assert ev.verdict == "refuted" and ev.counterexample, (latex, ev.verdict, ev.detail)
        assert tried == [], latex
    right = _decide("law.exponential_min", r"\min(V, U) \sim \mathrm{Exp}(h + g)", waits,
                    independent="UV")
    assert right.verdict == "proved" and tried, (right.verdict, right.detail)
