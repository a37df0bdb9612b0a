"""A formula read through a recorded version's reading is read as the catalog reads that version:
the reading keeps the brackets that bind an operator's argument, keeps the recorded relation
where the sheet writes the same one, and shows a starred name the sheet never writes alone in the
sheet's letters."""
from audit_helpers import one

_LASSO = ("# Lasso near a minimum\n\nWith a diagonal Hessian, ${}$ holds.\n")


def test_the_diagonal_lasso_model_in_other_letters_holds():
    """diag(a)(beta - beta^*) in the recorded reading stays a matrix times a vector: read with
    the brackets dropped it was `a (beta - beta^*)`, two columns multiplied."""
    right = (r"F_{L^1}(\beta) \approx \sum_{k=1}^p \left[ \frac{a_k}{2} (\beta_k - \beta_k^*)^2"
             r" + \mu |\beta_k| \right] + \text{const}")
    assert one(_LASSO.format(right)).verdict == "ok"
    typo = right.replace(r"\frac{a_k}{2}", "a_k")
    assert one(_LASSO.format(typo)).verdict != "ok"


def test_an_approximation_the_catalog_reads_as_an_identity_is_read_so():
    """The sheet's left side only names the model (label reading): its approximation sign is
    the recorded version's own, which the catalog reads as an identity of two forms."""
    right = (r"J(w) \approx \sum_{j=1}^n \left[ \frac{c_j}{2} (w_j - w_j^*)^2 + \alpha |w_j|"
             r" \right] + \text{const}")
    assert one(_LASSO.format(right)).verdict == "ok"


def test_a_starred_name_is_shown_in_the_sheets_letters():
    """The claim's theta^* where the sheet writes w (and w_j^* only): w^*, in the right form and
    in the counterexample, never an internal name."""
    typo = (r"J_{\ell_1}(w) \approx \sum_{j=1}^n \left[ c_j (w_j - w_j^*)^2 + \alpha |w_j|"
            r" \right] + \text{const}")
    f = one(_LASSO.format(typo))
    assert f.verdict == "wrong"
    names = set((f.counterexample or {}).get("values", {}))
    assert "w*" in names and not any("star" in n or "ₛ" in n for n in names)
    assert r"\theta" not in f.expected and "w^*" in f.expected



def test_versions_read_without_words_stand_where_no_words_are_said():
    """Of one text read two ways, the version whose words are said wins; where none are said,
    the versions recorded without words stand if they agree, and readings that differ only in
    spacing are one reading."""
    from types import SimpleNamespace as NS

    from cheatsheet.verify.audit.recorded_words import _told

    sources = [NS(words="said twice"), NS(words=""), NS(words="")]
    catalog = {"c": NS(sources=sources)}

    def version(i, reading):
        return NS(claim_id="c", entry=NS(kind="source", source=i, reading=reading))

    worded, plain, spaced = version(0, "y = 2 x"), version(1, "y=x"), version(2, "y = x")
    same = [worded, plain, spaced]
    assert _told(catalog, same, NS(after="as said twice", before="")) is worded
    assert _told(catalog, same, NS(after="", before="")) is plain
    other = version(2, "y = 3x")
    assert _told(catalog, [worded, plain, other], NS(after="", before="")) is None


def test_the_words_beside_a_schedule_choose_which_recorded_reading_it_gets():
    """One schedule is recorded twice, read with the words beside it ('satisfies both' and
    'satisfies the first but not the second'): the line's own words pick the reading, so a
    schedule said to satisfy both is not credited with the other sheet's weaker claim."""
    from audit_helpers import audit_text

    def verdicts(words):
        text = f"Decay rules. Picking $\\alpha_t = \\frac{{1}}{{\\sqrt{{t}}}}$ {words}.\n"
        return [f.verdict for f in audit_text(text)]

    assert verdicts("satisfies both of them") == ["wrong"]
    assert verdicts("satisfies the first but not the second") == ["ok"]
    assert "ok" not in verdicts("is a popular choice")


def test_words_that_end_the_clause_of_the_formula_before_are_not_this_formulas():
    """'$a$ satisfies both, while $b$ satisfies ...': 'satisfies both' speaks of a, so b does
    not take the reading recorded with those words (seen with the sheet that records b's own
    words left out)."""
    from types import SimpleNamespace as NS

    from audit_helpers import audit_text
    from cheatsheet.verify.audit.recorded_words import own_before

    assert own_before(NS(before="satisfies both, while")) == ""
    assert own_before(NS(before="If both are convex then")) == "If both are convex then"
    text = ("Two decay rules: here $\\alpha_t = \\frac{1}{t}$ satisfies both, while "
            "$\\alpha_t = \\frac{1}{\\sqrt{t}}$ satisfies the first but not the second.\n")
    found = audit_text(text, without=("001_bb8d930f00e76ffa.txt",))
    assert "wrong" not in [f.verdict for f in found], [f.reason for f in found]
