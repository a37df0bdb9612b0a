"""Mutants that name nothing (issue 13, part 2): a summation index used outside its sum, and a
gate label or step index put where the other belongs (``f_i`` beside ``U_i``, ``U_t``).  Each
was a surviving mutant ('error': the check had no value for the name) and is now refuted as not
well-formed; the sheet habits that look alike (a term over its own sum, another entry of a
matrix, a shifted step) stay well-formed."""
from __future__ import annotations


import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.latex import parse
from cheatsheet.quiz.mutate import mutations
from cheatsheet.symbols import Declarations
from cheatsheet.verify import scope
from mutants import decide_mutant


_decide = decide_mutant


_LSTM = get_catalog()["lstm.gates"].latex
_GATES = _LSTM.split(", ")


def _lstm(k, old, new):
    """The LSTM claim with ``old`` replaced by ``new`` in its k-th equation."""
    parts = list(_GATES)
    assert old in parts[k]
    parts[k] = parts[k].replace(old, new, 1)
    return ", ".join(parts)


# (claim, mutant, the name the reason must mention)
OUTSIDE_ITS_SUM = [
    ("hopfield.energy", r"E = -\frac{1}{2} \sum_{i \neq j} w_{ij} X_i X_j - \sum_i b_{j} X_i", "j"),
    ("gmm.mstep_mean", r"\mu_k = \frac{1}{N_{i}} \sum_{i=1}^N r_{ik} x_i", "i"),
    ("gmm.mstep_covariance", r"\Sigma_k = \frac{1}{N_{i}} \sum_{i=1}^N r_{ik} (x_i - \mu_k)(x_i - \mu_k)^\top", "i"),
    ("rf.recurrence", r"R_k = R_{k-1} + (F_{i} - 1) \prod_{i=1}^{k-1} S_i", "i"),
    ("var.weighted_sum", r"\text{Var}\left[\sum_{i=1}^n a_i X_i\right] = \sum_{i=1}^n a_{j}^2 \text{Var}[X_i] + 2 \sum_{i < j} a_i a_j \text{Cov}(X_i, X_j)", "j"),
    ("graph.polynomial_layer", r"\mathbf{y}_i = \sum_{j=1}^{F} \sum_{k=0}^{K} a(i, j, k) L^k \mathbf{x}_j + \mathbf{b}_{j}", "j"),
]

MISPLACED = [
    ("lstm.gates", _lstm(0, "f_t", "f_{i}"), "f_i"),
    ("lstm.gates", _lstm(1, "U_i", "U_{t}"), "U_t"),
    ("lstm.gates", _lstm(1, "b_i", "b_{t}"), "b_t"),
    ("lstm.gates", _lstm(5, r"\tanh(c_t)", r"\tanh(c_{i})"), "c_i"),
    ("lstm.gates", _lstm(5, "h_t", "h_{i}"), "h_i"),
]


@pytest.mark.parametrize("claim_id,latex,name", OUTSIDE_ITS_SUM + MISPLACED,
                         ids=[f"{c}#{k}" for k, (c, _, _) in enumerate(OUTSIDE_ITS_SUM + MISPLACED)])
def test_a_mutant_naming_nothing_is_refuted_as_not_well_formed(claim_id, latex, name):
    ev = _decide(claim_id, latex)
    assert ev.verdict == "refuted" and ev.method == "scope", (ev.verdict, ev.detail)
    assert scope.display(name) in ev.counterexample["why"]


def test_recorded_mutants_are_the_quiz_operators_own():
    cat = get_catalog()
    for claim_id, latex, _ in OUTSIDE_ITS_SUM + MISPLACED:
        assert latex in {m.latex for m in mutations(cat[claim_id].latex)}, (claim_id, latex)


def test_the_reason_says_the_index_is_outside_its_sum():
    why = _decide(*OUTSIDE_ITS_SUM[0][:2]).counterexample["why"]
    assert "j is used outside the sum that runs over it" in why


_PQ = {"X": "rv", "Y": "rv", "Y_i": "rv", "k": "dim", "i": "index(k)"}


@pytest.mark.parametrize("latex", [
    # a term over its own sum, the index free in the numerator only (sheet 003, Bayes' rule)
    r"P(Y|X) = \frac{P(X|Y_i)P(Y_i)}{\sum_{i=1}^k P(X|Y_i)P(Y_i)}",
    # a member indexed by the sum's own variable, inside the sum (x_m of set.invariance's lines)
    r"P(Y|X) = \sum_{i=1}^k P(X|Y_i)P(Y_i)",
])
def test_an_index_used_inside_its_sum_or_over_its_own_sum_is_well_formed(latex):
    canonical = parse(r"P(Y|X) = \frac{P(X|Y)P(Y)}{\sum_{i=1}^k P(X|Y_i)P(Y_i)}", _PQ)
    vocab = scope.vocabulary(Declarations.from_mapping(_PQ), canonical)
    assert not [p for p in scope.problems(parse(latex, _PQ), vocab) if "outside" in p]


def test_the_same_index_outside_its_sum_as_a_separate_term_is_refuted():
    canonical = parse(r"P(Y|X) = \frac{P(X|Y)P(Y)}{\sum_{i=1}^k P(X|Y_i)P(Y_i)}", _PQ)
    vocab = scope.vocabulary(Declarations.from_mapping(_PQ), canonical)
    line = parse(r"P(Y|X) = P(Y_i) + \sum_{i=1}^k P(X|Y_i)P(Y_i)", _PQ)
    assert [p for p in scope.problems(line, vocab) if "outside" in p]


def test_a_free_index_of_the_claim_may_also_be_a_dummy_elsewhere():
    # softmax's i is free in the claim: reusing it as the sum's variable is sloppy, not undefined
    canonical = parse(r"s_i = \frac{e^{z_i}}{\sum_{j=1}^n e^{z_j}}",
                      {"z": "vector(n)", "s": "vector(n)", "n": "dim"})
    vocab = scope.vocabulary(Declarations.from_mapping({"z": "vector(n)", "s": "vector(n)",
                                                        "n": "dim"}), canonical)
    line = parse(r"s_j = \frac{e^{z_j}}{\sum_{j=1}^n e^{z_j}}",
                 {"z": "vector(n)", "s": "vector(n)", "n": "dim"})
    assert not [p for p in scope.problems(line, vocab) if "outside" in p]


def test_members_of_stepped_and_labelled_families_that_the_claim_allows():
    claim = get_catalog()["lstm.gates"]
    vocab = scope.vocabulary(claim.declarations, claim.statement)
    for name in ("f_t+1", "h_t-2", "W_f", "U_o", "c_tilde_t-1", "f_s"):
        assert vocab.defines(name), name  # a step of a stepped family; a known label
    for name in ("f_i", "o_c", "U_t", "b_t", "h_o"):
        assert not vocab.defines(name), name  # a label as a step, a step as a label
    # a label letter bound by the formula's own operator is an index there: sum_i h_i
    assert vocab.defines("h_i", bound=frozenset({"i"}))


def test_entries_of_an_unlabelled_matrix_take_any_index():
    claim = get_catalog()["init.he"]
    ev = _decide("init.he", r"\operatorname{Var}(W_{ji}) = \frac{2}{n_{in}}")
    assert ev.method != "scope"
    assert scope.vocabulary(claim.declarations, claim.statement).defines("W_ji")
