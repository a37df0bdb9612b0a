"""A special case the words name is imposed on the check before it excuses a formula
(verify/audit/special_cases.py). Letters of our own: u, c, V, B."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.verify.audit.special_cases import in_named_case

_SHEET = ("# Quadratic forms\n\nLet $\\mathbf{{u}}$ have mean $\\mathbf{{c}}$ and covariance $V$, "
          "with $V$ positive definite.\n\n"
          "- $\\mathbb{{E}}[\\mathbf{{u}}^\\top B \\mathbf{{u}}] = {right}$\n")


def test_a_formula_failing_the_very_case_its_words_name_is_wrong():
    f = audit_text(_SHEET.format(
        right=r"\operatorname{tr}(B V^{-1}) + \mathbf{c}^\top B \mathbf{c}"))[-1]
    assert (f.verdict, f.claim) == ("wrong", "randvec.quadratic_form_mean"), f.reason
    right = r"\operatorname{tr}(B V) + \mathbf{c}^\top B \mathbf{c}"
    f = audit_text(_SHEET.format(right=right))[-1]
    assert f.verdict == "ok", f.reason


def test_a_formula_right_in_the_named_case_stays_excused():
    """2 B x is the gradient of x^T B x for a symmetric B only: under 'positive definite'
    it is right in the case named, never called wrong."""
    found = audit_text("# Gradients\n\n- For positive definite $B$: "
                       "$\\nabla_{\\mathbf{z}} (\\mathbf{z}^\\top B \\mathbf{z}) = "
                       "2B\\mathbf{z}$\n")
    assert found[-1].verdict != "wrong", found[-1].reason


def test_only_definite_words_impose_a_case():
    from dataclasses import dataclass

    from cheatsheet.symbols import Declarations

    @dataclass
    class Reading:  # (a reading's declarations, as the check gets them)
        decls: object

    mine = Reading(Declarations.from_mapping({"S": "psd(n)", "A": "matrix(n, n)",
                                              "W": "matrix(m, n)", "n": "dim", "m": "dim"}))
    specs = {d.name: d.spec for d in in_named_case("positive definite", mine).decls}
    assert specs["S"] == "pd(n)" and specs["A"] == "pd(n)" and specs["W"] == "matrix(m, n)"
    assert in_named_case("orthogonal", mine) is None


def test_a_set_written_plus_minus_one_is_imposed_like_its_two_members():
    """Spins in {\\pm 1} name the same case as {-1, +1}: a Hopfield energy whose bias enters
    with the wrong sign fails for those very spins, whichever way the set is written."""
    line = ("# Associative memory\n\nEnergy: $E(s) = -\\frac{{1}}{{2}} \\sum_{{a \\neq c}} "
            "v_{{ac}} s_a s_c {sign} \\sum_a \\theta_a s_a$, with $s_a \\in {spins}$.\n")
    for spins in (r"\{\pm 1\}", r"\{-1, +1\}"):
        f = audit_text(line.format(sign="+", spins=spins))[0]
        assert (f.verdict, f.claim) == ("wrong", "hopfield.energy"), (spins, f.reason)
        f = audit_text(line.format(sign="-", spins=spins))[0]
        assert f.verdict != "wrong", (spins, f.reason)
