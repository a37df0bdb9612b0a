"""A comparison a sentence adds after its formula ("... for invertible $A$ with $|A| > 0$") is
a condition of that formula, never refuted on its own (verify/audit/trailing_conditions.py)."""
from __future__ import annotations

from types import SimpleNamespace as NS

from audit_helpers import audit_text
from cheatsheet.verify.audit.trailing_conditions import trailing_condition

_SHEET = "\n".join([
    "# Log-determinants",
    "",
    r"- The gradient $\nabla_{\mathbf{A}}\log|\mathbf{A}| = \mathbf{A}^{-\top}$ for invertible "
    r"$\mathbf{A}$ with $|\mathbf{A}| > 0$",
    r"- For PSD $\mathbf{A}$: $\det(\mathbf{A}) = \prod_i \lambda_i$, if $\det(\mathbf{A}) > 0$",
    r"- Every PSD matrix: $\det(\mathbf{A}) > 0$",
])


def _by_latex(findings):
    return {(f.line, f.latex): f for f in findings}


def test_a_condition_after_its_formula_is_not_called_wrong():
    found = _by_latex(audit_text(_SHEET))
    for key in ((3, r"|\mathbf{A}| > 0"), (4, r"\det(\mathbf{A}) > 0")):
        f = found[key]
        assert f.verdict == "unchecked", (key, f.reason)
        assert "condition the sheet assumes" in f.reason
    # the formulas the conditions belong to are still decided
    assert found[(3, r"\nabla_{\mathbf{A}}\log|\mathbf{A}| = \mathbf{A}^{-\top}")].verdict == "ok"
    assert found[(4, r"\det(\mathbf{A}) = \prod_i \lambda_i")].verdict == "ok"


def test_the_same_comparison_stated_on_its_own_is_still_wrong():
    found = _by_latex(audit_text(_SHEET))
    assert found[(5, r"\det(\mathbf{A}) > 0")].verdict == "wrong"


def _seg(latex, before, after=""):
    return NS(latex=latex, before=before, after=after)


def test_only_a_lone_comparison_after_a_cue_and_a_relation_is_a_condition():
    rel = r"M(s) = (1 - s/\beta)^{-k}"
    assert trailing_condition(_seg(r"s < \beta", "for"), r"s < \beta", rel) == "for"
    assert trailing_condition(_seg(r"s < \beta", "valid when", "."), r"s < \beta", rel) == "when"
    # no formula stating a relation before it on its line: it may be the line's claim
    assert trailing_condition(_seg(r"s < \beta", "for"), r"s < \beta", r"\beta") == ""
    # no cue word, or a sentence ended before it
    assert trailing_condition(_seg(r"s < \beta", "and so"), r"s < \beta", rel) == ""
    assert trailing_condition(_seg(r"s < \beta", ". Also for"), r"s < \beta", rel) == ""
    # words after it that go on ("for $s < \beta$ the tail decays"): not only a condition
    assert trailing_condition(_seg(r"s < \beta", "for", "the tail decays"), r"s < \beta",
                              rel) == ""
    # an equation, or a piece whose math goes on to state a bound after the condition
    assert trailing_condition(_seg(r"s = \beta", "for"), r"s = \beta", rel) == ""
    both = r"\eta \le 1/L, g(\theta_k) - g^* \le \frac{1}{2\eta k}\|\theta_0 - \theta^*\|^2"
    assert trailing_condition(_seg(both, "with"), r"\eta \le 1/L", rel) == ""
