"""Scope: a line that speaks of a name nothing defines is refuted as not well-formed, with the
reason in words; names the claim, the sheet or an operator define are never flagged."""
from __future__ import annotations

import pytest

from cheatsheet.claims import Claim
from cheatsheet.latex import parse
from cheatsheet.verify import scope
from cheatsheet.verify.check import verify_claim


def _source_result(latex, canonical, claim_symbols, **src):
    claim = Claim.from_dict({"id": "t.scope", "title": "t", "latex": canonical,
                             "symbols": claim_symbols,
                             "sources": [{"sheet": "s", "line": 1, "latex": latex, **src}]}, "t")
    return verify_claim(claim).sources[0]


NORM = r"\|p - q\|_2 \geq 0"
PQ = {"p": "vector(n)", "q": "vector(n)", "n": "dim"}


def test_undefined_name_is_refuted_and_says_what_the_formula_speaks_of():
    res = _source_result(r"\|p - y\|_2 \geq 0", NORM, PQ)
    assert res.verdict == "refuted" and res.evidence.method == "scope"
    why = res.counterexample["why"]
    assert "y is not defined here" in why and "p and q" in why


def test_a_name_the_sheet_introduces_is_defined():
    # y declared by the source (what the sheet's words introduce): decided by the check itself
    res = _source_result(r"\|p - y\|_2 \geq 0", NORM, PQ, symbols={"y": "vector(n)"})
    assert res.verdict == "holds"


@pytest.mark.parametrize("latex", [
    r"\sum_{i=1}^n x_i = s",                  # a sum index
    r"\max_{i} x_i \geq x_1",                 # an extremum index
    r"\int_0^1 t^2 \, dt = \frac{1}{3}",      # an integration variable
    r"\lim_{h \to 0} \frac{(1 + h) - 1}{h} = 1",  # a limit variable
])
def test_names_bound_by_an_operator_are_defined(latex):
    d = {"x": "vector(n)", "n": "dim", "s": "real", "i": "index(n)"}
    st = parse(latex, d)
    vocab = scope.vocabulary(scope.Declarations.from_mapping({"x": "vector(n)", "n": "dim",
                                                              "s": "real"}), None)
    assert not [p for p in scope.problems(st, vocab) if "not defined" in p], latex


def test_a_family_defines_its_members():
    # the claim speaks of theta_t, so the sheet may speak of theta_{t+1}
    canonical = parse(r"\theta_{t} = \theta_{t-1} - g")
    vocab = scope.vocabulary(scope.Declarations.from_mapping({}), canonical)
    assert scope.problems(parse(r"\theta_{t+1} = \theta_{t} - g"), vocab) == []
    assert scope.problems(parse(r"w_{t+1} = \theta_{t} - g"), vocab)  # another object


def test_an_entry_of_a_single_value_is_refuted():
    # naive Bayes with Y_i: Y is one random variable, X the feature vector
    canonical = r"P(Y|X) = \frac{P(Y) \prod_{i=1}^k P(X_i|Y)}{P(X)}"
    res = _source_result(r"P(Y|X) = \frac{P(Y) \prod_{i=1}^k P(X_i|Y_i)}{P(X)}", canonical,
                         {"X": "rv(k)", "Y": "rv", "k": "dim"})
    assert res.verdict == "refuted"
    assert "Y_i is an entry of Y, but Y is a single value" in res.counterexample["why"]


def test_an_index_free_on_one_side_and_bound_on_the_other_is_refuted():
    d = {"x": "vector(n)", "n": "dim", "s": "vector(n)", "k": "index(n)"}
    canonical = r"s_k = \sum_{j=1}^{k} x_j"
    res = _source_result(r"s_k = \sum_{k=1}^{n} x_k", canonical, d)
    assert res.verdict == "refuted" and "k is a free index" in res.counterexample["why"]
    # a dummy that shadows a free index within one side is sloppy but has one meaning
    st = parse(r"s_k = \frac{x_k}{\sum_{k=1}^{n} x_k}", d)
    assert not scope.problems(st, scope.vocabulary(scope.Declarations.from_mapping(d), st))


def test_exists_names_a_free_choice_and_a_line_that_ignores_it_is_refuted():
    canonical = r"f(x_k) - f^* \leq c^k (f(x_0) - f^*)"
    symbols = {"f": "function", "c": "interval(0, 1)", "x_k": "real", "x_0": "real",
               "f_star": "real", "k": "natural"}
    used = _source_result(r"f(x_k) - f^* \leq b^k (f(x_0) - f^*)", canonical, symbols,
                          exists=["b"])
    assert used.verdict == "undecided" and "leaves b free" in used.note
    ignored = _source_result(r"O(\epsilon^k)", canonical, symbols, exists=["b"])
    assert ignored.verdict == "refuted"
    why = ignored.counterexample["why"]
    assert "ε is not defined here" in why and "b is introduced" in why


def test_names_are_shown_as_people_write_them():
    assert scope.display("theta_bar_t-1") == "θ̄_{t-1}"
    assert scope.display("mu_hat_k") == "μ̂_k"
    assert scope.display("f_H_star") == "f*_H"


def test_a_set_builder_binds_its_variable_and_a_perturbation_left_free_is_undefined():
    # {delta : |delta| <= eps} binds delta; a max over a set S that leaves delta free does not
    import sympy as sp

    from cheatsheet.statement import Relation, Statement

    delta, eps, R, S = sp.symbols("delta epsilon R S", real=True)
    ball = sp.ConditionSet(delta, sp.Abs(delta) <= eps, sp.S.Reals)
    vocab = scope.vocabulary(scope.Declarations.from_mapping({"epsilon": "positive",
                                                              "R": "real"}), None)
    bound = Statement((Relation(R, "=", sp.Function("Sup")(ball)),))
    assert scope.problems(bound, vocab) == []
    free = Statement((Relation(R, "=", S + delta),))
    assert any("δ is not defined" in p for p in scope.problems(free, vocab))
