"""Matching a sheet's formula to catalog claims (cheatsheet.match).

A student's sheet uses other letters and other LaTeX for the same formula. The matcher must
find the claim and the correspondence of names (the reading renames the formula into the
claim's symbols, and the right form is written back in the student's), keep a name the claim
uses in its own meaning, and read the shorthand where a left side only names the claim's.
"""
from __future__ import annotations

import pytest

from audit_helpers import catalog, matcher
from cheatsheet.match import is_label, split_relation
from cheatsheet.match.align import correspondence, rename, same_after_renaming, unit_texts
from cheatsheet.match.tokens import keys, tokenize

POOL = "bcfghkpqruvyz"  # plain lower-case letters a renaming may use


def plain_renaming(latex: str, taken: set[str]) -> tuple[str, dict[str, str]]:
    """The formula with each plain one-letter lower-case unit (written as the bare letter
    everywhere; not d or e) renamed to a letter the claim does not use."""
    toks = tokenize(latex)
    fancy = {t.ident for t in toks if t.ident and t.raw != t.ident}
    letters = sorted({t.ident for t in toks if t.ident and len(t.ident) == 1
                      and t.ident.islower() and t.ident not in "de"} - fancy)
    free = [c for c in POOL if c not in taken]
    ren = dict(zip(letters, free))
    return " ".join(ren.get(t.ident, t.raw) if t.ident in ren else t.raw for t in toks), ren


def test_notation_does_not_change_the_comparison_stream():
    pairs = [
        (r"\dfrac{a}{b}", r"\frac{a}{b}"),
        (r"A^\top B", r"A^T B"),
        (r"\operatorname{Var}(X)", r"\text{Var}[X]"),
        (r"\mathrm{Var}(X)", r"\text{Var}(X)"),
        (r"\ln x", r"\log x"),
        (r"a \leq b", r"a \le b"),
        (r"P(A \mid B)", r"P(A | B)"),
        (r"\left( x \right)", r"(x)"),
        (r"\varepsilon", r"\epsilon"),
    ]
    for a, b in pairs:
        assert keys(tokenize(a)) == keys(tokenize(b)), (a, b)
    assert keys(tokenize(r"a + b")) != keys(tokenize(r"a - b"))
    assert keys(tokenize(r"A^T B")) != keys(tokenize(r"A B"))


def test_units_keep_font_accent_and_label_but_not_index():
    toks = tokenize(r"\hat{\boldsymbol{\mu}} + H_{\text{out}} + x_i + \theta_0 + f'")
    units = [t.ident for t in toks if t.ident]
    assert units == ["mu_hat", "H_out", "x", "i", "theta_0", "f_prime"]


def test_every_claim_renamed_consistently_is_found_with_the_renaming():
    """Each canonical form with its plain letters renamed: the claim is among the best
    candidates (ties are forms with the same structure) and maps each new letter back."""
    m = matcher()
    tried, missed = 0, []
    for claim in catalog():
        taken = set(m.index.vocabulary.get(claim.id, ()))
        renamed, ren = plain_renaming(claim.latex, taken)
        if not ren:
            continue
        tried += 1
        cands = m.candidates(renamed, claim.title)
        best = cands[0].score if cands else 0
        own = [c for c in cands if c.claim_id == claim.id and c.score >= best - 1e-9]
        if not own or any(own[0].mapping.get(new) != old for old, new in ren.items()):
            missed.append((claim.id, renamed))
    assert tried > 200
    assert not missed, missed


def test_recorded_sheet_versions_renamed_are_found_too():
    m = matcher()
    tried, missed = 0, []
    for claim in catalog():
        for src in claim.sources[:1]:
            taken = set(m.index.vocabulary.get(claim.id, ()))
            renamed, ren = plain_renaming(src.latex, taken)
            if not ren or len(tokenize(src.latex)) < 6:
                continue
            tried += 1
            cands = m.candidates(renamed, claim.title)
            best = cands[0].score if cands else 0
            if not any(c.claim_id == claim.id and c.score >= best - 1e-9 for c in cands):
                missed.append((claim.id, renamed))
    assert tried > 100
    assert len(missed) <= tried // 50, missed  # forms shared by two claims may tie elsewhere


@pytest.mark.parametrize("latex, claim, mapping", [
    (r"\frac{d}{du}\tanh(u) = 1 - \tanh^2(u)", "tanh.derivative", {"u": "x"}),
    (r"\mathrm{Var}[sZ + t] = s^2\,\mathrm{Var}[Z]", "var.affine",
     {"Z": "X", "s": "a", "t": "b"}),
    (r"\dfrac{\partial (V\mathbf{z})}{\partial \mathbf{z}} = V", "backprop.linear_jacobian",
     {"V": "W", "z": "x"}),
])
def test_a_renamed_formula_in_other_notation_gets_its_claim_and_correspondence(latex, claim,
                                                                             mapping):
    (best, *_) = matcher().candidates(latex)
    assert best.claim_id == claim and best.score == pytest.approx(1.0)
    assert {k: v for k, v in best.mapping.items() if k in mapping} == mapping


def test_names_the_claim_uses_keep_their_meaning():
    # var.affine writes Var[aX + b] = a^2 Var[X]: a sheet swapping a and b is not renaming
    (best, *_) = matcher().candidates(r"\text{Var}[bX + a] = b^2 \text{Var}[X]")
    assert best.claim_id == "var.affine"
    assert best.mapping["a"] == "a" and best.mapping["b"] == "b"


def test_correspondence_pairs_aligned_units_one_to_one():
    sheet = tokenize(r"\frac{p + q}{q}")
    form = tokenize(r"\frac{x + y}{y}")
    assert correspondence(sheet, form) == {"p": "x", "q": "y"}
    # a shared name stays itself even where the alignment would pair it elsewhere
    assert correspondence(tokenize("y + x"), tokenize("x + y"))["x"] == "x"


def test_renaming_a_formula_into_the_form_and_back():
    sheet, form = tokenize(r"\sigma(-s) = 1 - \sigma(s)"), tokenize(r"\sigma(-z) = 1 - \sigma(z)")
    mapping = correspondence(sheet, form)
    assert same_after_renaming(sheet, form, mapping)
    renamed = rename(sheet, mapping, unit_texts(form))
    assert [t.raw for t in renamed if t.ident] == [r"\sigma", "z", r"\sigma", "z"]
    typo = tokenize(r"\sigma(-s) = 1 + \sigma(s)")
    assert not same_after_renaming(typo, form, correspondence(typo, form))


def test_a_left_side_that_only_names_the_claim_is_a_label():
    def label(latex):
        return is_label(split_relation(tokenize(latex))[0])

    assert label(r"M_X(t) = e^{\lambda(e^t - 1)}")
    assert label(r"\psi(t) = 1")
    assert label(r"\text{Pois}(\lambda) = e^{\lambda(e^t - 1)}")
    assert not label(r"\operatorname{Var}(X) = 1")  # an operator computes
    assert not label(r"\log(x) = 1")
    assert not label(r"f(x) + 1 = 2")


@pytest.mark.parametrize("latex, mapping", [
    (r"M_X(t) = e^{\lambda(e^t - 1)}", {"lambda": "lambda", "t": "t"}),
    (r"M_Y(s) = e^{\mu(e^s - 1)}", {"mu": "lambda", "s": "t"}),
])
def test_mgf_shorthand_under_a_poisson_heading_compares_right_sides(latex, mapping):
    (best, *_) = matcher().candidates(latex, "Poisson")
    assert best.claim_id == "mgf.poisson" and best.mode == "label"
    assert best.mapping == mapping  # the left side's M, X or Y are not paired with anything


def test_a_table_cell_is_matched_by_its_right_side_and_the_row_words_count():
    named = matcher().candidates(r"e^{\mu(e^s - 1)}", "Poisson MGF M_X(s)")
    blind = matcher().candidates(r"e^{\mu(e^s - 1)}", "")
    assert named[0].claim_id == blind[0].claim_id == "mgf.poisson"
    assert named[0].mode == "label" and named[0].mapping == {"mu": "lambda", "s": "t"}
    assert named[0].words >= 0.5 > blind[0].words


def test_unrelated_formulas_have_no_close_candidate():
    for latex in [r"x = 1", r"\text{hello}", r"\mathbb{E}"]:
        assert all(c.score < 0.9 for c in matcher().candidates(latex))


def test_the_index_survives_its_disk_cache():
    """The index is cached on disk as a pickle; a key the reader left as its own token
    type made every load fail and the index be rebuilt (1-2 s) on every audit."""
    import pickle

    from cheatsheet.catalog import get_catalog
    from cheatsheet.match.index import build

    index = build(get_catalog())
    again = pickle.loads(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
    assert again.vocab == index.vocab and all(type(k) is str for k in again.vocab)


def test_a_named_functions_short_spelling_is_the_same_name():
    """\\operatorname{Attn} is the \\text{Attention} a recorded version writes; another word
    stays another name."""
    assert keys(tokenize(r"\operatorname{Attn}(Q, K, V)")) == \
        keys(tokenize(r"\text{Attention}(Q, K, V)"))
    assert keys(tokenize(r"\operatorname{Attr}(Q)")) != keys(tokenize(r"\text{Attention}(Q)"))


def test_an_align_rows_ampersand_is_no_change_to_carry_over():
    """A recorded version's typo is carried into its reading; the '&' of an align row
    (``Attn(Q, K, V) &= ...``) is layout, not a change the reading must place."""
    from cheatsheet.match.align import transfer

    recorded = r"\text{Attention}(Q, K, V) = \text{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V"
    reading = r"O = \text{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V"
    typo = r"\operatorname{Attn}(Q, K, V) &= \operatorname{softmax}\left(\frac{QK^T}{d_k}\right)V"
    out = transfer(recorded, reading, tokenize(typo))
    assert out is not None and "sqrt" not in "".join(t.raw for t in out)
    right = typo.replace("{d_k}", r"{\sqrt{d_k}}")
    assert "sqrt" in "".join(t.raw for t in transfer(recorded, reading, tokenize(right)))


def test_a_recorded_continuation_row_carries_the_students_chain_after_its_left_side():
    """A derivation's next display (``&= a = b \\\\ &= c``) is read with the left side it
    continues; a version the catalog records as that continuation row (inside its aligned
    environment) has no left side, so the chain is compared from its first relation, and
    the environment, row breaks and alignment marks are layout."""
    from cheatsheet.match.align import transfer

    recorded = r"\begin{aligned} &= \sum_k g_k y_{k-i} \\ &= \sum_k g_k y_{i-k} \end{aligned}"
    reading = r"D_i = \sum_{k=1}^{n} g_k y_{k-i} = \sum_{k=1}^{n} g_k y_{i-k}"
    same = r"\frac{\partial R}{\partial w_i} = \sum_k g_k y_{k-i} \\ &= \sum_k g_k y_{i-k}"
    out = transfer(recorded, reading, tokenize(same))
    assert out is not None and "".join(t.raw for t in out) == "".join(
        t.raw for t in tokenize(reading))
    changed = same.replace("y_{i-k}", "y_{i+k}")
    out = transfer(recorded, reading, tokenize(changed))
    assert out is not None and "".join(t.raw for t in out).endswith("y_{i+k}")
    # a row with a left side of its own is compared whole: its left side is a change
    assert transfer(recorded.replace("&= ", "", 1), reading, tokenize(same)) is None
    # ... and the row is the recorded version itself, as the catalog records it
    from cheatsheet.match.align import same_after_renaming

    assert same_after_renaming(tokenize(same), tokenize(recorded), {})
    assert not same_after_renaming(tokenize(changed), tokenize(recorded), {})
    assert not same_after_renaming(tokenize(same), tokenize(recorded.replace("&= ", "", 1)), {})


def test_words_that_say_a_claims_proper_name_name_it():
    """"RMSprop" beside a formula names rmsprop.update as surely as its title's words would;
    a word the claim's id shares with many claims (update, bound) is no name."""
    m = matcher()
    assert m.words_score("rmsprop.update", frozenset({"rmsprop"})) >= 0.75
    assert m.words_score("bound.chebyshev", frozenset({"chebyshev"})) >= 0.75
    assert m.words_score("rmsprop.update", frozenset({"update"})) < 0.5
    assert m.words_score("bound.chebyshev", frozenset({"bound"})) < 0.5


def test_a_right_rmsprop_step_in_other_letters_is_credited_under_its_name():
    from audit_helpers import audit_text

    right = "# Optimisers\n\n- RMSprop: $s_t = \\rho s_{t-1} + (1 - \\rho) (\\nabla J(\\theta_t))^2$\n"
    (found,) = audit_text(right)
    assert (found.verdict, found.claim) == ("ok", "rmsprop.update")
    typo = right.replace("(\\nabla J(\\theta_t))^2", "\\nabla J(\\theta_t)")
    assert audit_text(typo)[0].verdict != "ok"


def test_carrying_a_change_keeps_an_operators_brackets_where_they_bound_its_argument():
    """Brackets around one symbol are no change (\\log(q) + 1 is \\log q + 1), but the
    reading a change is carried into keeps them where dropping them would change what the
    operator applies to: \\operatorname{Diag}(w)(u - v) is not \\operatorname{Diag} w (u - v),
    and (f)(u) is no call of f."""
    from cheatsheet.match.align import transfer

    recorded = r"E(u) \approx \sum_j w_j (u_j - v_j)^2"
    reading = r"(u - v)^\top \operatorname{Diag}(w)(u - v) = \sum_j w_j (u_j - v_j)^2"
    typed = r"E(u) \approx \sum_j w_j (u_j - v_j)^3"
    raw = " ".join(t.raw for t in transfer(recorded, reading, tokenize(typed)))
    assert r"\operatorname{Diag} ( w ) ( u - v )" in raw and raw.endswith("^ 3")
    reading = r"\log(q) + (f)(u) = \sum_j w_j (u_j - v_j)^2"
    raw = " ".join(t.raw for t in transfer(recorded, reading, tokenize(typed)))
    assert raw.startswith(r"\log q + ( f ) ( u ) =")


def test_the_recorded_version_itself_is_read_word_for_word():
    """A formula that is the recorded version, brackets aside, takes the catalog's reading as
    written: no bracket of the reading is dropped, whatever it binds."""
    from cheatsheet.match.align import transfer

    recorded = r"E(u) \approx \sum_j w_j (u_j - v_j)^2"
    reading = r"\exp(q)(r) + (s) = \sum_j w_j (u_j - v_j)^2"
    same = r"E(u) \approx \sum_j w_j \left(u_j - v_j\right)^2"
    raw = " ".join(t.raw for t in transfer(recorded, reading, tokenize(same)))
    assert raw.startswith(r"\exp ( q ) ( r ) + ( s ) =")


def test_an_operators_brackets_written_on_one_side_only_still_align():
    """The recorded version writes \\ln q(z) \\nabla ..., the sheet \\ln(q(z)) \\nabla ...: the
    operator's brackets are no change, so the sheet's slip (its left side) is carried into
    the reading instead of the two failing to align (leave-one-out lost the log-derivative
    trick's typo on two sheets that way)."""
    from cheatsheet.match.align import transfer

    recorded = r"\nabla_{u} [\ln q_{u}(z)] = \ln q_{u}(z) \nabla_{u} [\ln(q_{u}(z))]"
    reading = r"\nabla_{u} q_{u}(z) = \ln q_{u}(z) \nabla_{u} [\ln q_{u}(z)]"
    typed = r"\nabla_{u} [\ln(q_{u}(z))] = \ln(q_{u}(z)) \nabla_{u} [\ln(q_{u}(z))]"
    out = transfer(recorded, reading, tokenize(typed))
    assert out is not None
    raw = " ".join(t.raw for t in out)
    assert raw.count(r"\ln") >= 2 and "=" in raw
