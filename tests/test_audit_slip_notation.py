"""One slip written in another notation (verify/audit/slip_notation.py, slips.py): a slash where
the claim writes \\frac, the result named by another letter, and a slip in the claim's very
letters under words that name the claim only in part."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.match.tokens import tokenize
from cheatsheet.verify.audit.explain import _edits
from cheatsheet.verify.audit.slip_notation import quotients_alike, result_renamed

_ATTENTION = "## Transformer block\n\n- self-attention output: $O = \\mathrm{{softmax}}(Q K^\\top / {scale})\\, V$\n"
_GATED = "## Gated recurrent memory\n\n- exposed state: $h_t = o_t \\odot \\tanh({cell})$\n"


def _edit_count(sheet: str, right: str) -> int:
    a, b = quotients_alike(tokenize(sheet), tokenize(right))
    return len(_edits(a, b)[2])


def test_a_slash_and_its_brackets_are_the_notation_of_a_quotient():
    right = "r = g\\left(\\frac{u v^\\top}{\\sqrt{u + w}}\\right)"
    assert _edit_count("r = g(u v^\\top / (u + w))", right) == 1  # the root left out
    assert _edit_count("r = g(u v^\\top / \\sqrt{u + w})", right) == 0


def test_a_quotient_written_or_left_out_is_still_an_edit():
    # two quotients against one: the notation is not taken out, the slash stays an edit
    a, b = tokenize("r = g(u v / w / x)"), tokenize("r = g(\\frac{u v}{w x})")
    assert quotients_alike(a, b) == (a, b)
    # brackets around one factor of the numerator are the formula's own, not the slash's
    kept = quotients_alike(tokenize("r = g(v^\\top (u + w) / x)"),
                           tokenize("r = g(\\frac{v^\\top (u + w)}{x})"))
    assert [t.ident or t.key for t in kept[0] if t.norm or t.ident][2:] == \
        ["g", "(", "v", "^T", "(", "u", "+", "w", ")", "x", ")"]


def test_a_result_named_by_a_letter_the_sheet_never_writes_compares_right_sides():
    sheet, right = tokenize("Z(a, b) = a b^\\top"), tokenize("Y = a b^\\top")
    assert [t.ident or t.key for t in result_renamed(sheet, right, {"Z", "a", "b"})[1]] \
        == ["a", "b", "^T"]
    # a left side the sheet writes is the sheet's own statement: compared whole
    assert result_renamed(sheet, right, {"Y", "a", "b"}) == (sheet, right)


def _last(text):
    found = audit_text(text)[-1]
    return found.verdict, found.claim


def test_a_root_left_out_of_an_inline_quotient_is_caught():
    assert _last(_ATTENTION.format(scale="d_k")) == ("wrong", "attention.scaled_dot_product")
    assert _last(_ATTENTION.format(scale="\\sqrt{d_k}")) == ("ok", "attention.scaled_dot_product")


def test_a_slip_in_the_claims_own_letters_needs_fewer_words():
    assert _last(_GATED.format(cell="c_{t-1}")) == ("wrong", "lstm.gates")
    assert _last(_GATED.format(cell="c_t")) == ("ok", "lstm.gates")


def test_in_letters_of_its_own_or_under_unrelated_words_it_stays_unchecked():
    renamed = "## Gated recurrent memory\n\n- exposed state: $s_t = g_t \\odot \\tanh(m_{t-1})$\n"
    assert _last(renamed)[0] != "wrong"
    unrelated = "## Odds and ends\n\n- $h_t = o_t \\odot \\tanh(c_{t-1})$\n"
    assert _last(unrelated)[0] != "wrong"


def test_a_convention_one_slip_from_the_claim_stays_unchecked():
    # eigenvalues of a covariance taken with 1/N: one "- 1" from the claim's form, in its
    # letters, under words naming it in part; right in that convention, so never wrong
    line = "## Principal directions\n\n- spread along direction $j$: $\\lambda_j = s_j^2 / N$\n"
    assert _last(line)[0] != "wrong"


_UPSAMPLING = ("## Upsampling layers\n\n- transposed convolution, input $u$, kernel $g$, "
               "stride $v$, padding $z$: $w = v \\cdot (u - 1) + g {sign} 2z$\n")


def test_a_sign_slip_in_terms_of_another_order_is_caught():
    assert _last(_UPSAMPLING.format(sign="+")) == ("wrong", "conv.transposed_output_size")
    assert _last(_UPSAMPLING.format(sign="-")) == ("ok", "conv.transposed_output_size")


def test_without_the_term_comparison_the_reordered_slip_stays_unchecked(monkeypatch):
    from cheatsheet.verify.audit import confidence

    monkeypatch.setattr(confidence, "one_term_slip", lambda *a: False)
    assert _last(_UPSAMPLING.format(sign="+"))[0] == "unchecked"


def test_one_term_apart():
    import sympy as sp

    from cheatsheet.verify.audit.term_slip import sides_one_term_apart

    a, b, q = sp.symbols("a b q")
    right = (a - 1) * b - 2 * q + 3
    assert sides_one_term_apart(right, 3 + 2 * q + b * (a - 1))  # a sign, in another order
    assert sides_one_term_apart(right, a * b - 2 * q + 3)  # the b of (a - 1)b left out
    # a term whose letters stand nowhere else is another formula's (no padding), as are two
    # changed terms
    assert not sides_one_term_apart(right, (a - 1) * b + 3)
    assert not sides_one_term_apart(right, (a - 1) * b + 2 * q - 3)


def test_the_claims_very_letters_allow_an_index_letter_of_the_sheets_own():
    from audit_helpers import matcher
    from cheatsheet.verify.audit.slips import claims_letters

    def cand(latex, words, claim_id):
        found = [c for c in matcher().candidates(latex, words, toks=tokenize(latex))
                 if c.claim_id == claim_id]
        assert found
        return found[0]

    # the sheet's H for the claim's M: a letter of another function, whatever confirms it
    assert not claims_letters(cand("\\mathbb{E}[X] = H_X'(1)", "mean", "mgf.first_moment"))
    # d_j for the claim's d_k: only an index
    assert claims_letters(cand("O = \\mathrm{softmax}\\left(\\frac{Q K^\\top}{d_j}\\right) V",
                               "attention", "attention.scaled_dot_product"))
