"""Markov's check draws, beside its generic nonnegative laws and the laws on {0, a} where the
bound is attained, laws on {0, 2a} with equal chances. A formula matched to Markov's claim
that is not it, Chebyshev's bound with a for a^2, is wrong at those for every a < 1 and at few
generic laws: before, in some letters (the random instances follow the names) it passed all
48 trials and was credited as Markov's inequality."""
from __future__ import annotations

from audit_helpers import audit_text


def test_chebyshev_without_its_square_is_never_credited_as_markov():
    for v, c in (("T", "c"), ("S", "c"), ("Y", "h"), ("W", "r"), ("U", "c")):
        line = (f"- $P(|{v} - \\operatorname{{E}}({v})| \\ge {c}) \\le "
                f"\\frac{{\\operatorname{{Var}}({v})}}{{{c}}}$\n")
        found = audit_text(line)[-1]
        assert found.verdict != "ok", (v, c, found.claim, found.reason)


def test_markov_and_its_consequences_still_hold():
    for line in (r"- $P(T \ge c) \le \frac{\operatorname{E}(T)}{c}$",
                 r"- $P(T \ge c) \le \frac{\operatorname{E}(T^2)}{c^2}$"):
        found = audit_text(line + "\n")[-1]
        assert (found.verdict, found.claim) == ("ok", "bound.markov"), found.reason


def test_chebyshev_in_upright_letters_without_its_square_is_not_markovs():
    line = "- $\\mathsf{P}(|V - \\mathsf{E}V| \\geq q) \\leq \\dfrac{\\operatorname{Var}(V)}{q}$\n"
    found = audit_text(line)[-1]
    assert found.verdict != "ok", found.reason
