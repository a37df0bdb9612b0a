"""A left side calling the claim's one input by name, U(s) = ..., names the output the claim
computes, as a bare U = ... does (verify/audit/readings.py, _names_output)."""
from audit_helpers import audit_text

# (the catalog records a seed sheet's E(X) = ... for this claim: left out, as for a new sheet)
_NEW = ("002_3cc44bf5a04d8da0.txt",)

_ENERGY = ("Energy of a Hopfield network: "
           "$U(s) = -\\frac{{1}}{{2}} \\sum_{{i \\neq j}} w_{{ij}} s_i s_j {sign} \\sum_i b_i s_i$\n")


def _on_energy(sign):
    return [(f.verdict, f.claim) for f in audit_text(_ENERGY.format(sign=sign), without=_NEW)
            if f.claim == "hopfield.energy" or f.verdict == "wrong"]


def test_a_label_of_one_input_is_read_as_the_claims_output():
    assert _on_energy("-") == [("ok", "hopfield.energy")]
    assert _on_energy("+") == [("wrong", "hopfield.energy")]


def test_a_label_of_a_name_the_claim_does_not_use_stays_unread():
    # the claim's right side has no t: U(t) names something else
    found = audit_text("Energy of a Hopfield network: "
                       "$U(t) = -\\frac{1}{2} \\sum_{i \\neq j} w_{ij} s_i s_j + \\sum_i b_i s_i$\n",
                       without=_NEW)
    assert all(f.verdict != "wrong" for f in found)
