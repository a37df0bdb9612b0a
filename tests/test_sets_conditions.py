"""Conditions are never dropped unread: a quantifier's condition, a trailing "for all", a
membership or subset condition beside a formula and both sides of an equivalence become
premises the checker applies (or the formula is refused, saying why)."""
from __future__ import annotations

import pytest
import sympy as sp

from cheatsheet.latex import LatexError, parse
from cheatsheet.latex.conditions import Provided
from cheatsheet.latex.sets import Member
from cheatsheet.symbols import Declarations
from cheatsheet.verify.custom import stream
from cheatsheet.verify.numeric import NumericOptions, check_numeric
from cheatsheet.verify.sampling import Sampler


def premises(latex, decls=None):
    return [str(r) for r in parse(latex, decls).premises]


def decide(latex, symbols):
    d = Declarations.from_mapping(symbols)
    stmt = parse(latex, d)
    return check_numeric(stmt, Sampler(d), stream(0, latex), NumericOptions(trials=60), seed=0)


# ---------------------------------------------------------------- quantifiers
def test_a_quantified_condition_is_a_premise():
    # the condition j != i used to be dropped: the line then said every J_ij is 0
    st = parse(r"\forall j \neq i: J_{ij} = 0")
    assert [str(r) for r in st.premises] == ["j ≠ i"]
    assert str(st.relations[0]) == "J_ij = 0"


def test_an_interval_membership_is_two_comparisons():
    assert premises(r"\forall \lambda \in [0, 1]: \lambda^2 \le \lambda") == ["0 ≤ lambda",
                                                                             "lambda ≤ 1"]
    assert premises(r"\forall x \in (0, 1): x^2 < x") == ["0 < x", "x < 1"]
    # several quantifiers, names listed before a membership of a named set
    assert premises(r"\forall \mathbf{x}, \mathbf{y} \in S, \forall \lambda \in [0, 1]: "
                    r"f(\lambda \mathbf{x}) \le 1") == ["0 ≤ lambda", "lambda ≤ 1"]
    assert premises(r"a, b \in [0, 1] \implies a b \le 1") == ["0 ≤ a", "a ≤ 1", "0 ≤ b", "b ≤ 1"]


def test_the_premise_decides_what_is_checked():
    # x^2 <= x holds exactly on [0, 1]: read without its condition it would be refuted
    assert decide(r"\forall x \in [0, 1]: x^2 \le x", {"x": "real"}).verdict == "passed"
    assert decide(r"x^2 \le x", {"x": "real"}).verdict == "refuted"
    assert decide(r"x^2 \le x \text{ for all } x \in [0, 1]", {"x": "real"}).verdict == "passed"


def test_names_only_and_named_sets_say_what_the_declarations_say():
    assert premises(r"\forall i: x_i \ge 0") == []
    assert premises(r"\forall \mathbf{u}, \mathbf{v} \in V: \langle \mathbf{u}, \mathbf{v} "
                    r"\rangle \leq \|\mathbf{u}\| \|\mathbf{v}\|") == []
    assert premises(r"\forall \mathbf{x}_1, \mathbf{x}_2 \in \mathbb{R}^n: \quad "
                    r"\|\mathbf{x}_1\| \geq 0") == []
    assert premises(r"X \perp Y \implies \mathbb{E}[XY] = \mathbb{E}[X]\mathbb{E}[Y]",
                    {"X": "rv", "Y": "rv"}) == []


@pytest.mark.parametrize("latex", [
    r"f_y(x) > f_j(x) \ \forall j \neq y",
    r"f_y(x) > f_j(x) \quad \forall j \neq y",
    r"f_y(x) > f_j(x) \text{ for all } j \neq y",
])
def test_a_trailing_quantifier_is_a_premise(latex):
    assert premises(latex) == ["j ≠ y"]


def test_there_exists_is_refused_with_its_reason():
    with pytest.raises(LatexError, match="exists"):
        parse(r"\exists j \neq y: \quad (w_y - w_j)^\top x \leq 0")


# ---------------------------------------------------------------- conditions beside a formula
def test_a_subset_condition_beside_a_formula_is_its_premise():
    st = parse(r"\Delta_j(S) = \mathcal{Q}(S \cup \{j\}) - \mathcal{Q}(S), \quad "
               r"S \subseteq \{1, \dots, p\} - \{i\}")
    (prem,) = st.premises
    assert isinstance(prem.lhs, Member)
    assert isinstance(prem.lhs.args[1], sp.PowerSet)
    assert {s.name for s in prem.lhs.args[1].free_symbols} == {"p", "i"}


def test_a_domain_statement_alone_is_no_formula():
    with pytest.raises(LatexError, match="no formula it applies to"):
        parse(r"x \in \mathbb{R}^n")
    with pytest.raises(LatexError, match="no formula it applies to"):
        parse(r"S \subseteq \{1, ..., p\}")
    # beside a formula it is its condition, and the formula is read
    assert str(parse(r"y = Wx, \quad W \in \mathbb{R}^{m \times n}").relations[0]) == "y = W*x"


def test_subset_is_refused_where_it_is_ambiguous():
    with pytest.raises(LatexError, match="proper subset"):
        parse(r"\sum_{S \subset A} f(S) = 1")


# ---------------------------------------------------------------- equivalences
def test_an_equivalence_is_both_implications():
    st = parse(r"x > 0 \iff x^3 > 0")
    assert len(st.relations) == 2
    assert all(isinstance(r.lhs, Provided) for r in st.relations)
    assert decide(r"x > 0 \iff x^3 > 0", {"x": "real"}).verdict == "passed"
    # x^2 > 1 also for x < -1: the converse fails, and the check finds it
    bad = decide(r"x > 1 \iff x^2 > 1", {"x": "real"})
    assert bad.verdict == "refuted" and bad.counterexample["instance"]["x"] < -1


def test_an_equivalence_whose_premise_never_holds_decides_nothing():
    ev = decide(r"x = 0 \iff x^2 = 0", {"x": "real"})
    assert ev.verdict != "refuted" and ev.verdict != "passed"


def test_an_equivalence_of_other_things_is_refused():
    with pytest.raises(LatexError, match="equivalence"):
        parse(r"A \iff B")


def test_a_value_in_an_interval_is_a_claim_and_a_shape_statement_no_condition():
    # in a conclusion, a computed value's membership states two comparisons the checker decides
    st = parse(r"\sigma(z) \in (0, 1)")
    assert [r.op for r in st.relations] == ["<", "<"] and st.premises == ()
    assert decide(r"\sigma(z) \in (0, 1)", {"z": "real"}).verdict == "passed"
    assert decide(r"\tanh(z) \in (0, 1)", {"z": "real"}).verdict == "refuted"
    # a derivative's size is not where a name lives: not dropped as a condition, refused
    with pytest.raises(LatexError, match="set, not a value"):
        parse(r"\frac{\partial \mathbf{f}}{\partial \mathbf{x}} \in \mathbb{R}^{m \times n}")


@pytest.mark.parametrize("latex, premise", [
    (r"f(x) = 1 \quad \text{if } x > 0", ["x > 0"]),
    (r"\det(c A) = c^n \det(A) \quad \text{for } c \in \mathbb{R},\ A \in \mathbb{R}^{n \times n}", []),
    (r"x^2 \le x \quad \text{for all } x \in [0, 1]", ["0 ≤ x", "x ≤ 1"]),
])
def test_a_piece_led_by_a_condition_word_is_a_premise_never_a_claim(latex, premise):
    st = parse(latex)
    assert len(st.relations) == 1 and [str(r) for r in st.premises] == premise


def test_a_lone_condition_is_no_formula():
    for latex in (r"\text{if } x > 0", r"\forall j \neq y"):
        with pytest.raises(LatexError):
            parse(latex)
