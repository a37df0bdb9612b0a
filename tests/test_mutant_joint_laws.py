"""A joint law written with its random variables in another order is the same law (issue 13:
mi.kl_divergence's p_{YX} was a survivor the scorer could not show equivalent).  Claims of our
own in other letters: U, V, W declared random variables."""
from __future__ import annotations

from mutants import mutation_script

MS = mutation_script()


def _own(latex, symbols=None):
    from cheatsheet.claims import Claim

    return Claim(id="own.joint_law", topic="own", title="", latex=latex,
                 symbols=symbols or {"U": "rv", "V": "rv", "W": "rv"})


OWN = r"I(U; V) = D_{\mathrm{KL}}(q_{UV} \,\|\, q_U q_V)"


def test_the_joint_law_in_the_other_order_is_equivalent():
    assert MS.equivalent(_own(OWN), r"I(U; V) = D_{\mathrm{KL}}(q_{VU} \,\|\, q_U q_V)") == "sympy"
    three = r"I(U; V, W) = D_{\mathrm{KL}}(P_{UVW} \,\|\, P_U P_{VW})"
    assert MS.equivalent(_own(three), r"I(U; V, W) = D_{\mathrm{KL}}(P_{WUV} \,\|\, P_U P_{WV})") \
        == "sympy"


def test_a_law_written_as_a_function_of_the_values_in_another_order_is_equivalent():
    own = r"p(u, v) = p(u) p(v)"
    assert MS.equivalent(_own(own), r"p(v, u) = p(u) p(v)") == "sympy"


def test_other_changes_of_a_law_are_not_equivalent():
    # the divergence's arguments swapped: another number
    assert MS.equivalent(_own(OWN), r"I(U; V) = D_{\mathrm{KL}}(q_U q_V \,\|\, q_{UV})") is None
    # a repeated variable is not the joint law of two
    assert MS.equivalent(_own(OWN), r"I(U; V) = D_{\mathrm{KL}}(q_{UU} \,\|\, q_U q_V)") is None


def test_a_subscript_that_names_no_random_variables_is_not_reordered():
    import sympy as sp

    rvs = _own(OWN).declarations
    numbers = _own(r"P_{AB} = 1", {"A": "real", "B": "real"}).declarations
    # A, B numbers: P_{BA} and P_{AB} are two names; U, V random variables: one law
    assert MS.joint_laws_ordered(sp.Symbol("P_BA"), numbers) == sp.Symbol("P_BA")
    assert MS.joint_laws_ordered(sp.Symbol("P_VU"), rvs) == sp.Symbol("P_UV")
    assert MS.joint_laws_ordered(sp.Symbol("W_VU"), rvs) == sp.Symbol("W_VU")


def test_the_catalogs_mutual_information_mutant_stays_equivalent():
    from cheatsheet.catalog import get_catalog

    claim = get_catalog()["mi.kl_divergence"]
    assert MS.equivalent(claim, claim.latex.replace("p_{XY}", "p_{YX}")) == "sympy"
    assert not MS.score_claim("mi.kl_divergence")["survivors"]
