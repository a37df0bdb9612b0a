"""Issue 13 (part 2), session 15: mutation survivors shown true by an argument of their own,
recorded so that they stay shown (and their false neighbours stay refuted).

- Rademacher bounds: the complexity is nonnegative (E_sigma sup_g >= sup_g E_sigma = 0), a
  declared premise; the check computes the premise's quantity as it computes the formula's, so
  a larger factor on it is a looser bound that SymPy shows true from the canonical form.
- RNN Jacobian bounds: a product with the transpose dropped or a factor more or fewer is true by
  submultiplicativity, ||W^T|| = ||W|| and ||diag(v)|| <= ||v||_inf <= 1 (declared), shown
  symbolically (mutation/norm_bounds.py), never by searching instances.
"""
from __future__ import annotations

import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.quiz.mutate import mutations
from mutants import decide_mutant, mutation_script

CAT = get_catalog()
MS = mutation_script()
MS_NB = __import__("mutation.norm_bounds", fromlist=["norm_bound_true"])

RAD = r"\mathbb{E}[\Delta_{D_n}] \leq %s\mathbb{E}[\hat{\mathfrak{R}}_{D_n}(G)]"
ERM = r"\mathbb{E} [\mathcal{R}(\hat{h}_H)] \leq \mathcal{R}(h_H^*) + %s\mathbb{E}[\hat{\mathfrak{R}}_{D_n}(G)]"


@pytest.mark.parametrize("claim_id,form", [("rademacher.uniform-deviation", RAD),
                                           ("rademacher.erm-bound", ERM)])
def test_a_larger_factor_on_the_complexity_is_decided_and_shown_true(claim_id, form):
    looser = form % r"\frac{7}{2}"
    ev = decide_mutant(claim_id, looser)  # the premise is computed, not an unknown name
    assert ev.verdict in ("passed", "proved"), (ev.verdict, ev.detail)
    assert MS.implied(CAT[claim_id], looser)


@pytest.mark.parametrize("claim_id,form", [("rademacher.uniform-deviation", RAD),
                                           ("rademacher.erm-bound", ERM)])
def test_a_smaller_factor_is_not_shown_true_and_is_refuted(claim_id, form):
    tighter = form % r"\frac{1}{5}"
    assert not MS.implied(CAT[claim_id], tighter)
    ev = decide_mutant(claim_id, tighter)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


# -- norm bounds: submultiplicativity, transpose, diag(x) by a declared ||x||_inf bound --------
# a claim of our own in other letters: A a square matrix, u a vector function with entries
# bounded by 1 (declared), the product over q = a+1..b

def _own_claim(latex):
    from cheatsheet.claims import Claim

    return Claim(id="own.norm_product", topic="own", title="", latex=latex,
                 symbols={"A": "square(p)", "u": "vecfunction(p, 1)", "p": "dim", "a": "dim",
                          "b": "dim", "q": "index(b)"},
                 assume=["a < b", r"\|u(q)\|_\infty \leq 1"])


PROD = r"\|\prod_{q=%s}^{%s} %s \operatorname{diag}(u(q))\|_2"
OWN = PROD % ("a+1", "b", "A") + r" \leq \|A\|_2^{b-a}"


@pytest.mark.parametrize("latex", [
    PROD % ("a+1", "b", r"A^\top") + r" \leq \|A\|_2^{b-a}",          # transpose: same norm
    r"\|A\|_2 < 1 \implies " + PROD % ("a", "b", "A") + r" \leq \|A\|_2^{b-a}",  # one factor more
    PROD % ("a+2", "b", "A") + r" > 1 \implies \|A\|_2 > 1",        # contrapositive, any count
    PROD % ("a+1", "b", "A") + r" \leq 2 \|A\|_2^{b-a}",
])
def test_forms_true_by_norm_bounds_are_shown(latex):
    assert MS_NB.norm_bound_true(_own_claim(OWN), latex)


@pytest.mark.parametrize("latex", [
    PROD % ("a", "b", "A") + r" \leq \|A\|_2^{b-a}",                  # one more, ||A|| may be > 1
    r"\|A\|_2 < 1 \implies " + PROD % ("a+1", "b", "A") + r" \leq \|A\|_2^{b-a+1}",
    PROD % ("a+1", "b", "A") + r" > 1 \implies \|A\|_2 < 1",
    r"\|A\|_2 > 1 \implies " + PROD % ("a+1", "b", "A") + r" > 1",     # the converse
    PROD % ("a+1", "b", r"A^{-1}") + r" \leq \|A\|_2^{b-a}",          # no rule for an inverse
])
def test_forms_not_true_by_norm_bounds_are_not_shown(latex):
    assert not MS_NB.norm_bound_true(_own_claim(OWN), latex)


def test_without_the_declared_entry_bound_nothing_is_shown():
    claim = _own_claim(OWN)
    claim.assume = ["a < b"]
    assert not MS_NB.norm_bound_true(claim, PROD % ("a+1", "b", r"A^\top") + r" \leq \|A\|_2^{b-a}")


@pytest.mark.parametrize("claim_id,latex", [
    ("rnn.jacobian_norm_bound",
     r"\|\prod_{r=t+1}^{s} W \operatorname{diag}(v(r))\|_2 \leq \|W\|_2^{s-t}"),
    ("rnn.exploding_gradient_necessary",
     r"\|\prod_{r=t+1}^{s+1} W^\top \operatorname{diag}(v(r))\|_2 > 1 \implies \|W\|_2 > 1"),
])
def test_rnn_mutants_pass_their_check_and_are_shown_true(claim_id, latex):
    assert latex in {m.latex for m in mutations(CAT[claim_id].latex)}
    ev = decide_mutant(claim_id, latex)
    assert ev.verdict in ("passed", "proved"), (ev.verdict, ev.detail)
    assert MS_NB.norm_bound_true(CAT[claim_id], latex)


# -- a declared family of functions: b_j(o) declared, b_t(o) is the same family's member, called

def test_a_family_member_before_a_bracket_is_called():
    from cheatsheet.latex import parse
    from cheatsheet.symbols import Declarations

    decls = Declarations.from_mapping({"c_k": "function", "z": "real", "s": "natural",
                                       "y": "real"})
    st = parse(r"y = c_s(z + 1)", decls)
    assert "c_s(z + 1)" in str(st.relations[0].rhs), st
    # not called: the name; undeclared family: the product stays
    assert str(parse(r"y = c_s", decls).relations[0].rhs) == "c_s"
    plain = Declarations.from_mapping({"z": "real", "s": "natural", "y": "real"})
    assert "c_s(" not in str(parse(r"y = c_s(z + 1)", plain).relations[0].rhs)


def test_hmm_emission_at_the_time_index_is_refuted():
    latex = r"\beta_t(i) = \sum_{j=1}^{N} a_{ij} b_{t}(o_{t+1}) \beta_{t+1}(j)"
    assert latex in {m.latex for m in mutations(CAT["hmm.backward_recursion"].latex)}
    ev = decide_mutant("hmm.backward_recursion", latex)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


_J = r"\|\prod_{r=%s}^{%s} %s \operatorname{diag}(v(r))\|_2"
RNN_TRUE = [
    ("rnn.jacobian_norm_bound", _J % ("t+1", "s", "W") + r" \leq \|W\|_2^{s-t}"),
    ("rnn.vanishing_gradient", r"\|W\|_2 < 1 \implies " + _J % ("t", "s", r"W^\top")
     + r" \leq \|W\|_2^{s-t} < 1"),
    ("rnn.vanishing_gradient", r"\|W\|_2 < 1 \implies " + _J % ("t+1", "s+1", r"W^\top")
     + r" \leq \|W\|_2^{s-t} < 1"),
    ("rnn.vanishing_gradient", r"\|W\|_2 < 1 \implies " + _J % ("t+1", "s", "W")
     + r" \leq \|W\|_2^{s-t} < 1"),
] + [("rnn.exploding_gradient_necessary", _J % (lo, hi, w) + r" > 1 \implies \|W\|_2 > 1")
     for lo, hi, w in (("t", "s", r"W^\top"), ("t+2", "s", r"W^\top"), ("t+1", "s-1", r"W^\top"),
                       ("t+1", "s+1", r"W^\top"), ("t+1", "s", "W"))]


@pytest.mark.parametrize("claim_id,latex", RNN_TRUE)
def test_the_rnn_norm_bound_mutants_stay_shown_true(claim_id, latex):
    assert latex in {m.latex for m in mutations(CAT[claim_id].latex)}
    assert MS_NB.norm_bound_true(CAT[claim_id], latex)


@pytest.mark.parametrize("claim_id", ["rnn.jacobian_norm_bound", "rnn.vanishing_gradient",
                                      "rnn.exploding_gradient_necessary"])
def test_the_rnn_wrong_variants_are_not_shown_true(claim_id):
    for latex in CAT[claim_id].wrong:
        assert not MS_NB.norm_bound_true(CAT[claim_id], latex), latex
