"""Sheets that name what their letters are in words, or name the claim's left side with a
letter of their own: the words, not the letters' positions, say which claim and which of its
letters a formula speaks of (issue 8, recall on sheets in other notation; red team 9)."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.sheets.habits import power_as_exp
from cheatsheet.verify.audit.laws import sheet_laws
from cheatsheet.verify.audit.parameters import claim_named, named_by_words


def _verdicts(text: str, has: str = "=") -> list[str]:
    return [f.verdict for f in audit_text(text) if has in f.latex]


# ------------------------------------------------------------------ e^{...} read as exp(...)

def test_a_braced_power_of_e_is_read_as_the_exp_the_catalog_records(monkeypatch):
    import cheatsheet.verify.audit.decide as decide

    # (every reading of this formula is tried before the rewrite; on a loaded machine that
    # takes longer than a formula's usual limit, which is not what this test is about)
    monkeypatch.setattr(decide, "FORMULA_TIME_LIMIT", 60.0)
    assert power_as_exp(r"M(t) = e^{\mu t + \sigma^2 t^2}") == \
        r"M(t) = \exp(\mu t + \sigma^2 t^2)"
    assert power_as_exp(r"x = e^t") is None and power_as_exp(r"x = e^{a") is None
    # the normal MGF without its 1/2, labelled by the law's name before a colon
    typo = "# MGFs\n\nNormal($\\mu, \\sigma^2$): $M(t) = e^{\\mu t + \\sigma^2 t^2}$\n"
    right = "# MGFs\n\nNormal($\\mu, \\sigma^2$): $M(t) = e^{\\mu t + \\frac{1}{2}\\sigma^2 t^2}$\n"
    assert _verdicts(typo, "M(t)") == ["wrong"]
    assert _verdicts(right, "M(t)") == ["ok"]


# ------------------------------------------------------------------ a bare name as a label

def test_a_bare_name_under_words_naming_the_claim_is_read_as_its_left_side():
    typo = ("# Information\n\nDifferential entropy of $\\mathcal{N}(\\mu, \\sigma^2)$: "
            "$h = \\frac{1}{2}\\log(2\\pi e\\sigma)$\n")
    right = typo.replace("e\\sigma)", "e\\sigma^2)")
    found = [f for f in audit_text(typo) if "h =" in f.latex]
    assert [f.verdict for f in found] == ["wrong"]
    assert found[0].claim == "entropy.differential_normal"
    assert _verdicts(right, "h =") == ["ok"]


def test_a_bare_name_with_no_words_naming_a_claim_is_not_read_as_one():
    # the same formula under words that name no claim: h may be anything
    text = "# Notes\n\nA quantity: $h = \\frac{1}{2}\\log(2\\pi e\\sigma)$\n"
    assert _verdicts(text, "h =") == ["unchecked"]


def test_a_bare_name_read_with_its_letters_renamed_is_not_a_sure_typo():
    # right for a precision tau; read with tau as the claim's sigma it would fail
    text = ("# Entropy\n\nDifferential entropy of a Gaussian with precision $\\tau$: "
            "$h = \\frac{1}{2}\\log(2\\pi e / \\tau)$\n")
    assert _verdicts(text, "h =") == ["unchecked"]


# ------------------------------------------------------------------ a law named by its parameters

def test_beta_capitalised_with_parameters_names_the_law():
    assert sheet_laws("Beta with parameters :", "", r"\mathbb{V}(B) = 1", {}) == {"beta"}
    assert sheet_laws("beta with parameters", "", "x", {}) == set()  # a Greek beta in prose
    typo = ("# Laws\n\nBeta with parameters $a, b$:\n\n"
            "$$\\mathbb{V}(B) = \\frac{ab}{(a + b)^2(a + b - 1)}$$\n")
    right = typo.replace("a + b - 1", "a + b + 1")
    assert _verdicts(typo, "V") == ["wrong"]
    assert _verdicts(right, "V") == ["ok"]


# ------------------------------------------------------------------ parameters named in words

def test_the_words_name_a_letter_by_its_parameter():
    assert named_by_words("Binomial with $m$ trials and success probability $\\pi$: |") == \
        {"m": "trials", "pi": "probability"}
    assert named_by_words("max-pool, window q, stride u, no padding:") == \
        {"q": "kernel", "u": "stride"}
    assert named_by_words("the rate of convergence") == {}  # a word, not a letter
    assert named_by_words("rate $a$ and rate $b$") == {}  # a noun with two letters: no guide


def test_a_claim_says_which_of_its_letters_is_which_parameter():
    from audit_helpers import catalog

    cat = catalog()
    assert claim_named(cat["gamma.mean_rate"]) == {"shape": "alpha", "rate": "beta"}
    assert claim_named(cat["binomial.variance"]) == {"trials": "n", "probability": "p"}
    assert claim_named(cat["pool.output_size"]) == {"kernel": "K", "stride": "S"}


_BINOMIAL = ("# Discrete laws\n\nBinomial with $m$ trials and success probability $\\pi$:\n\n"
             "$$\\mathsf{{E}}(K) = m\\pi$$\n\n$$\\mathbb{{V}}(K) = {var}$$\n")


def test_a_probability_called_pi_is_the_claims_p():
    # pi is the success probability here, not 3.14...: the binomial variance with its sign
    # flipped is the claim's typo, and the right one holds
    typo = _BINOMIAL.format(var="m\\pi(1 + \\pi)")
    right = _BINOMIAL.format(var="m\\pi(1 - \\pi)")
    assert [f.verdict for f in audit_text(typo) if "=" in f.latex] == ["ok", "wrong"]
    assert [f.verdict for f in audit_text(right) if "=" in f.latex] == ["ok", "ok"]


def test_a_geometric_law_with_pi_for_its_probability():
    text = ("# Laws\n\nGeometric counting trials until the first success, success "
            "probability $\\pi$:\n\n$$\\mathsf{{E}}(T) = \\frac{{1}}{{\\pi}}$$\n\n"
            "$$\\mathbb{{V}}(T) = {var}$$\n")
    typo = text.format(var="\\frac{1 - \\pi}{\\pi}")
    right = text.format(var="\\frac{1 - \\pi}{\\pi^2}")
    assert [f.verdict for f in audit_text(typo) if "=" in f.latex] == ["ok", "wrong"]
    assert [f.verdict for f in audit_text(right) if "=" in f.latex] == ["ok", "ok"]


def test_pi_is_the_constant_where_no_words_name_it_a_parameter():
    # the same variance with no words about pi: pi is 3.14..., and no claim is sure
    text = "# Laws\n\nBinomial:\n\n$$\\mathbb{V}(K) = m\\pi(1 + \\pi)$$\n"
    assert _verdicts(text) != ["wrong"]


def test_a_laws_parameters_in_parentheses_name_its_letters():
    assert named_by_words("Fisher information of a Bernoulli( $\\pi$ ) observation: |") == \
        {"pi": "probability"}
    assert named_by_words("Normal($m, s^2$): |") == {"m": "mean", "s": "std"}
    # an exponential's one parameter is a rate in some books and a scale in others
    assert named_by_words("Exponential($\\beta$): |") == {}
    text = ("# Estimation\n\nFisher information of a Bernoulli($\\pi$) observation: "
            "$I(\\pi) = \\frac{{1}}{{{den}}}$.\n")
    assert _verdicts(text.format(den="\\pi(1 + \\pi)"), "I(") == ["wrong"]
    assert _verdicts(text.format(den="\\pi(1 - \\pi)"), "I(") == ["ok"]


def test_only_a_laws_own_parameter_is_read_by_its_noun():
    from audit_helpers import catalog

    cat = catalog()
    # a word before the noun makes it another parameter
    assert named_by_words("keep probability $q$") == {"q": "keep probability"}
    assert named_by_words("learning rate $\\alpha$") == {"alpha": "learning rate"}
    # a model's Gaussian noise sigma is no law's own parameter
    assert claim_named(cat["blr.posterior-mean"]) == {}
    assert named_by_words("Units are dropped with probability $q$; |") == \
        {"q": "drop probability"}
    assert claim_named(cat["dropout.inverted_mean"]) == {"keep probability": "p"}
    # units dropped with probability q, scaled by 1/(1 - q): right, though the claim's p keeps
    text = ("# Dropout\n\nUnits are {verb} with probability $q$; inverted dropout scales the "
            "kept ones: $\\mathbb{{E}}\\left[\\frac{{m h}}{{1 - q}}\\right] = h$\n")
    assert "wrong" not in _verdicts(text.format(verb="dropped"))
    # kept with probability q, the same formula is the claim's recorded typo
    assert _verdicts(text.format(verb="kept")) == ["wrong"]


def test_a_result_named_by_another_estimate_is_not_the_claims_typo():
    """'MAP of the Beta-Bernoulli model: p_MAP = (s + alpha - 1)/(n + alpha + beta - 2)'
    (red team 10) read through its bare name as the posterior mean's typo: the word in the
    name (MAP) says which estimate it gives, and the claim's title does not use it."""
    text = ("# Conjugate priors\n\n- MAP of the Beta-Bernoulli model: "
            "$\\hat{p}_{\\text{MAP}} = \\dfrac{s + \\alpha - 1}{n + \\alpha + \\beta - 2}$\n")
    assert audit_text(text)[0].verdict != "wrong"
