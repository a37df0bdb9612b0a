"""Quiz fairness (issue 13, part 3): each rule removes a concrete unfair option and keeps a
fair one; the bank applies them; compute answers, rendering and comebacks are fair too."""
from __future__ import annotations

import random
import textwrap

import pytest

from cheatsheet.quiz import fairness, mutate
from cheatsheet.quiz.render import to_unicode

CLAIMS = textwrap.dedent(r"""
    topic = "fair"

    [[claims]]
    id = "fair.bilinear"
    title = "Gradient of b^T A x"
    latex = '\frac{\partial}{\partial \mathbf{x}} [\mathbf{b}^T \mathbf{A} \mathbf{x}] = \mathbf{A}^T \mathbf{b}'
    symbols = { x = "vector(n)", b = "vector(p)", A = "matrix(p, n)", n = "dim", p = "dim" }
    layout = "denominator"
    wrong = ['\frac{\partial}{\partial \mathbf{x}} [\mathbf{b}^T \mathbf{A} \mathbf{x}] = \mathbf{b}^T \mathbf{A}', '\frac{\partial}{\partial \mathbf{x}} [\mathbf{b}^T \mathbf{A} \mathbf{x}] = 2\mathbf{A}^T \mathbf{b}']

    [[claims]]
    id = "fair.piecewise"
    title = "A continuous piecewise-linear function with m pieces is a line plus m - 1 ReLUs at its knots"
    latex = 'g(x) = ax + b + \sum_{i=1}^{m-1} c_i \max\{0, x - \xi_i\}'
    symbols = { g = "function", x = "real", a = "real", b = "real", c = "vector(m)", xi = "vector(m)", m = "dim" }
    check = "leftovers.piecewise_linear"
    wrong = ['g(x) = ax + b + \sum_{i=1}^{m-1} c_i \max\{0, \xi_i - x\}', 'g(x) = ax + b + \sum_{i=1}^{m-1} c_i (x - \xi_i)']

    [[claims]]
    id = "fair.sigmoid_zero"
    title = "The logistic function at zero is 1/2"
    latex = '\sigma(0) = \frac{1}{2}'
    symbols = {}
    wrong = ['\sigma(0) = 1']

    [[claims]]
    id = "fair.condition"
    title = "Condition number"
    latex = '\kappa = \frac{L}{\mu}'
    symbols = { kappa = "real", L = "real", mu = "positive" }

    [[claims]]
    id = "fair.extrapolate"
    title = "Extrapolate, then step"
    latex = 'y = a + \beta(a - b), z = y - c'
    symbols = { y = "real", z = "real", a = "real", b = "real", c = "real", beta = "positive" }

    [[claims]]
    id = "fair.trace"
    title = "The trace is additive"
    latex = '\text{Tr}(\mathbf{A} + \mathbf{B}) = \text{Tr}(\mathbf{A}) + \text{Tr}(\mathbf{B})'
    symbols = { A = "matrix(n, n)", B = "matrix(n, n)", n = "dim" }
""")


QUADRATIC = textwrap.dedent(r"""
    [[claims]]
    id = "fair.dot"
    title = "The dot product is symmetric"
    latex = '\mathbf{x}^T \mathbf{y} = \mathbf{y}^T \mathbf{x}'
    symbols = { x = "vector(n)", y = "vector(n)", n = "dim" }
""")


@pytest.fixture(scope="module")
def claims_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("claims")
    (d / "fair.toml").write_text(CLAIMS + QUADRATIC, encoding="utf-8")
    return d


@pytest.fixture
def catalog(claims_dir, monkeypatch):
    """The claims above, as the catalog the quiz reads (``CHEATSHEET_CLAIMS``)."""
    from cheatsheet.catalog import get_catalog

    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(claims_dir))
    return get_catalog()


def _site_of(latex: str, variant: str):
    return next(m.site for m in mutate.mutations(latex) if m.latex == variant)


# -- size clash -------------------------------------------------------------------------------

def test_an_option_refuted_only_by_its_sizes_is_dropped(catalog):
    claim = catalog["fair.bilinear"]
    inverse = claim.latex.replace(r"\mathbf{b}^T", r"\mathbf{b}^{-1}")  # inverse of a vector
    ev = mutate.decide(claim, inverse)
    assert mutate.refuted(ev) and fairness.size_clash(ev)
    assert fairness.judge(claim, inverse, ev, site=_site_of(claim.latex, inverse)) \
        == "size_clash"
    signed = claim.latex.replace(r"= \mathbf{A}^T", r"= -\mathbf{A}^T")  # wrong by value
    ev = mutate.decide(claim, signed)
    assert mutate.refuted(ev) and not fairness.size_clash(ev)
    i = claim.latex.index(r"\mathbf{A}^T \mathbf{b}")
    assert fairness.judge(claim, signed, ev, site=mutate.Site(i, i, "", ("-",), "sign")) is None


# -- layout -----------------------------------------------------------------------------------

def test_a_derivative_right_in_the_other_layout_is_never_a_typo(catalog):
    claim = catalog["fair.bilinear"]
    numerator = claim.wrong[0]  # b^T A: the numerator-layout gradient
    ev = mutate.decide(claim, numerator, key=("wrong", 0))
    assert mutate.refuted(ev)  # wrong in the claim's denominator layout ...
    assert fairness.judge(claim, numerator, ev, decide_in=lambda lay: mutate.decide(
        claim, numerator, key=("wrong", 0), layout=lay)) == "other_layout"  # ... right in it
    signed = claim.latex.replace(r"= \mathbf{A}^T", r"= -\mathbf{A}^T")
    assert fairness.judge(claim, signed, mutate.decide(claim, signed)) is None


def test_derivative_questions_name_their_layout_and_offer_no_other_layout_typo(catalog):
    from cheatsheet.quiz.questions import Bank

    bank = Bank([catalog["fair.bilinear"]])
    ref = next(r for r in bank.cards() if r.kind == "holds")
    typos = set()
    for seed in range(12):
        q = bank.build(ref, random.Random(seed))
        assert "denominator layout" in q.prompt
        if q.answer == 1:
            typos.add(q.formulas[0])
    assert to_unicode(catalog["fair.bilinear"].wrong[0]) not in typos
    assert typos == {to_unicode(catalog["fair.bilinear"].wrong[1])}  # 2Aᵀb: wrong by value


# -- free coefficients ------------------------------------------------------------------------

def test_a_distractor_equal_up_to_free_coefficients_is_not_wrong(catalog):
    claim = catalog["fair.piecewise"]
    mirrored, linear = claim.wrong  # max{0, xi - x}: same family; c_i (x - xi): not piecewise
    for i, latex in enumerate(claim.wrong):
        assert mutate.refuted(mutate.decide(claim, latex, key=("wrong", i)))
    assert fairness.judge(claim, mirrored, None, rules=("refit",)) == "refit"
    assert fairness.judge(claim, linear, None, rules=("refit",)) is None


def test_refit_needs_a_variable_to_fit_against(catalog):
    """Without a value named on both sides, the free L fits the one point there is: that
    says nothing, so L - mu is not 'equal' to L / mu."""
    from cheatsheet.quiz.refit import equivalent_after_refit

    claim = catalog["fair.condition"]
    assert mutate.refuted(mutate.decide(claim, r"\kappa = L - \mu"))
    assert not equivalent_after_refit(claim, r"\kappa = L - \mu")


def test_refit_is_for_representations_only(catalog):
    """The values on the right of an update are given (the previous iterate), not free:
    a - beta(a - b) is not a + beta(a - b) with another b.  Only an equation g(x) = ...
    representing a declared function has free coefficients."""
    from cheatsheet.quiz.refit import equivalent_after_refit

    claim = catalog["fair.extrapolate"]
    flipped = r"y = a - \beta(a - b), z = y - c"
    assert mutate.refuted(mutate.decide(claim, flipped))
    assert not equivalent_after_refit(claim, flipped)


# -- left side, degenerate, same text ---------------------------------------------------------

def test_an_automatic_change_of_the_left_side_is_dropped(catalog):
    claim = catalog["fair.trace"]
    left = claim.latex.replace(r"\mathbf{A} + \mathbf{B})", r"\mathbf{A} - \mathbf{B})", 1)
    right = claim.latex.replace(r") + \text{Tr}", r") - \text{Tr}")
    assert fairness.judge(claim, left, None, site=_site_of(claim.latex, left),
                          rules=("left_side",)) == "left_side"
    assert fairness.judge(claim, right, None, site=_site_of(claim.latex, right),
                          rules=("left_side",)) is None
    # both sides of an inequality are its content; so is a left side equal to a constant
    assert fairness.left_sides(r"\max(f(x)) \le \lambda f(x)") == []
    assert fairness.left_sides(r"\sum_{t=1}^{\infty} \frac{1}{t^2} = \infty") == []


def test_a_self_cancelling_term_or_an_empty_sum_is_degenerate():
    canon = r"\theta_t = \theta_{t-1} - \eta g_t + \beta(\theta_{t-1} - \theta_{t-2})"
    assert fairness.degenerate(canon, canon.replace(r"\theta_{t-2}", r"\theta_{t-1}"))
    assert not fairness.degenerate(canon, canon.replace(r"- \eta", r"+ \eta"))
    total = r"P(X = x_i) = \sum_{j=1}^{J} P(X = x_i, Y = y_j)"
    assert fairness.degenerate(total, total.replace("^{J}", "^{-J}"))
    assert not fairness.degenerate(total, total.replace("^{J}", "^{J-1}"))


def test_options_that_render_alike_are_one_option():
    assert fairness.same_text(r"\text{Tr}(\mathbf{A})\text{Tr}(\mathbf{B})",
                              r"\text{Tr}(\mathbf{A}) \, \text{Tr}(\mathbf{B})")
    assert not fairness.same_text(r"\text{Tr}(\mathbf{A})", r"\text{Tr}(\mathbf{B})")


# -- gaps -------------------------------------------------------------------------------------

@pytest.mark.parametrize("latex, part, copied", [
    (r"\sum_{t=-12}^{12} f(t)h(u-t) = \sum_{t=-12}^{12} f(u-t)h(t)", "^{12}", True),
    (r"f(\lambda x + (1 - \lambda) y) \le \lambda f(x) + (1 - \lambda) f(y)", "-", True),
    (r"\|\mathbf{y} - \mathbf{h}\|^2 = \|\tilde{\mathbf{y}} - J\beta\|^2", "^2", True),
    (r"\text{Var}[X] = \mathbb{E}[X^2] - \mathbb{E}[X]^2", "^2", False),
    (r"\sigma(-z) = 1 - \sigma(z)", "-", False),
])
def test_a_gap_whose_answer_stands_beside_it_is_not_asked(latex, part, copied):
    i = latex.index(part)
    assert fairness.copied(latex, i, i + len(part)) is copied


def test_a_gap_forced_by_types_is_not_asked(catalog):
    """xᵀy = y^▢ x: every replacement of the transpose (y⁻¹, nothing) only clashes in size
    (and the gap on the left side is not asked)."""
    from cheatsheet.quiz.questions import Bank

    claim = catalog["fair.dot"]
    built = {}
    for fair in (False, True):
        bank = Bank([claim], fair=fair)
        ref = next(r for r in bank.cards() if r.kind == "gap")
        built[fair] = [bank.build(ref, random.Random(s)) for s in range(6)]
    assert any(q is not None for q in built[False])  # asked without the rules
    assert all(q is None for q in built[True])
    assert bank.removed["size_clash"] > 0


def test_sum_bounds_are_bounds_not_transposes():
    sites = mutate.sites(r"\mathcal{L} = \sum_{t=2}^{T} L_t")
    bounds = {s.original: s.alternatives for s in sites if s.what == "bound"}
    assert bounds == {"_{t=2}": ("_{t=1}", "_{t=3}"), "^{T}": ("^{T-1}", "^{T+1}")}
    assert not any(s.what == "transpose" for s in sites)


# -- titles -----------------------------------------------------------------------------------

def test_a_title_that_states_the_answer_is_cut():
    title = "The GAN value at the optimal discriminator is -log 4 when the generator matches"
    spans = fairness.title_gives_away(title, r"V(D^*, G) = -\log 4", r"V(D^*, G) = -\log 2")
    assert [title[a:b] for a, b in spans] == ["-log 4"]
    assert fairness.redact_title(title, spans) == (
        "The GAN value at the optimal discriminator is … when the generator matches")
    sgd = "Averaging r gradients sampled with replacement divides the SGD variance by r"
    assert fairness.title_gives_away(sgd, r"V_r = \frac{V}{r}", r"V_r = \frac{V}{\sqrt{r}}")
    # a title that names the formula's subject but not what the option changes stays
    assert not fairness.title_gives_away(
        "Gradient of b^T A x", r"\frac{\partial}{\partial \mathbf{x}} [\mathbf{b}^T \mathbf{A}"
        r" \mathbf{x}] = \mathbf{A}^T \mathbf{b}", r"\frac{\partial}{\partial \mathbf{x}} "
        r"[\mathbf{b}^T \mathbf{A} \mathbf{x}] = -\mathbf{A}^T \mathbf{b}")


def test_a_title_that_would_be_mostly_cut_drops_the_option():
    title = "kappa = L / mu"
    spans = fairness.title_gives_away(title, r"\kappa = \frac{L}{\mu}", r"\kappa = L - \mu")
    assert spans and fairness.redact_title(title, spans) is None


def test_the_bank_cuts_the_title_of_a_question_it_gives_away(catalog):
    from cheatsheet.quiz.questions import Bank

    bank = Bank([catalog["fair.sigmoid_zero"]])
    ref = next(r for r in bank.cards() if r.kind == "holds")
    questions = [bank.build(ref, random.Random(s)) for s in range(10)]
    assert {q.answer for q in questions} == {0, 1}  # the canonical form and the typo σ(0) = 1
    # the same cut title for both: a title cut only for typos would say "typo" itself
    assert {q.prompt for q in questions} == {"Holds or typo?  (The logistic function at zero "
                                             "is …)"}


# -- compute ----------------------------------------------------------------------------------

def test_an_adam_step_is_not_passed_by_the_parameter_before_it():
    import re

    from cheatsheet.quiz.compute import GENERATORS

    gen = next(g for g in GENERATORS if g.id == "adam.update")
    for seed in range(40):
        q = gen.make(random.Random(seed))
        theta0 = float(re.search(r"θ₀ = (-?[\d.]+)", q.prompt).group(1))
        assert q.is_correct(q.value) and not q.is_correct(theta0)
        assert all(not q.is_correct(v) for v in q.naive)
        assert q.hint() != "type a number (exact)"


def test_naive_answers_shrink_the_tolerance_and_an_answer_equal_to_one_is_drawn_again():
    from cheatsheet.quiz.compute import _q

    q = _q("θ₂?", 0.70, "", naive=[0.702])  # 1% would pass the naive 0.702
    assert q.is_correct(0.7005) and not q.is_correct(0.702) and q.hint() == \
        "type a number (within 0.001)"
    assert _q("M(0)?", 1.0, "", naive=[1.0]).unfair
    assert not _q("M(0.8)?", 2.2, "", naive=[1.0]).unfair


# -- rendering --------------------------------------------------------------------------------

@pytest.mark.parametrize("latex, text", [
    (r"\sum_i p_i \log \frac{p_i}{q_i}", "∑ᵢ pᵢ log(pᵢ/qᵢ)"),
    (r"\frac{t\gamma}{\sqrt{t}R}", "tγ/(√t·R)"),
    (r"\log_2 \frac{1}{p}", "log₂(1/p)"),
    (r"\frac{1}{\sqrt{2\pi}\sigma}", "1/(√(2π)σ)"),
    (r"\sqrt{x} + 1", "√x + 1"),
])
def test_fractions_render_unambiguously(latex, text):
    assert to_unicode(latex) == text


# -- the fair bank on the real catalog --------------------------------------------------------

def test_no_fair_question_offers_an_option_a_rule_removes():
    """Questions of the real catalog, built with the rules on: no wrong option is one a rule
    removes (each rule run on its own on each option)."""
    from cheatsheet.catalog import get_catalog
    from cheatsheet.quiz.questions import Bank

    cat = get_catalog()
    bank = Bank(list(cat))
    cards = [r for r in bank.cards() if r.kind != "compute"]
    random.Random(7).shuffle(cards)
    judged = 0
    for ref in cards[:40]:
        q = bank.build(ref, random.Random(ref.card))
        if q is None:
            continue
        claim = cat[q.claim_id]
        for i, part in q.parts.items():
            others = [p["latex"] for j, p in q.parts.items() if j != i]
            decls, layout = part["reading"]
            for rule in fairness.RULES:
                if rule == "title":
                    continue  # a giveaway is cut from the title, not removed
                assert fairness.judge(claim, part["latex"], part["evidence"], site=part["site"],
                                      decls=decls, layout=layout, others=others,
                                      rules=(rule,), gap=q.kind == "gap",
                                      decide_in=part["decide_in"]) is None, (q.card, rule)
            judged += 1
    assert judged > 20


def test_refit_is_about_the_functions_of_the_variables_not_the_coefficients(catalog):
    """ax - b for ax + b only changes what b means (the first piece's intercept): still a
    typo; the knots' side of the ReLU is a change of the functions of x."""
    from cheatsheet.quiz.refit import equivalent_after_refit

    claim = catalog["fair.piecewise"]
    assert equivalent_after_refit(claim, claim.wrong[0])
    assert not equivalent_after_refit(claim, claim.latex.replace("+ b", "- b"))
