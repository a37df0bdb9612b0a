"""A finite set of labels the formula and its claim both write only at fixed values names no
special case: a posterior P(y=1|x) refuted beside "y in {0, 1}" is wrong for those labels."""
from audit_helpers import audit_text
from cheatsheet.verify.audit.special_cases import labels_fixed

SHEET = ("## Two Gaussian classes\n\nClasses $y \\in \\{0, 1\\}$ with $p(y=1) = \\frac{1}{2}$, unit "
         "covariance: $p(y=1|v) = \\sigma((m_1 - m_0)^\\top v + \\frac{1}{2}({BIAS}))$.\n")


def _posterior(bias: str):
    (f,) = [f for f in audit_text(SHEET.replace("{BIAS}", bias)) if "sigma" in f.latex]
    return f


def test_label_set_does_not_excuse_a_wrong_posterior():
    f = _posterior("\\|m_1\\|^2 - \\|m_0\\|^2")  # the bias with its sign flipped
    assert f.verdict == "wrong" and f.claim == "genclf.logistic-posterior", f.reason


def test_right_posterior_beside_the_label_set_holds():
    assert _posterior("\\|m_0\\|^2 - \\|m_1\\|^2").verdict == "ok"


def test_only_labels_written_at_listed_values_are_fixed():
    claim = "p(y=1|x) = \\sigma(w^\\top x)"
    assert labels_fixed("y \\in \\{0, 1\\}", "p(y=1|v) = \\sigma(a^\\top v)", claim)
    # a label written bare (p(y|x)) or at a value off the set is a variable of the formula
    assert not labels_fixed("y \\in \\{0, 1\\}", "p(y|v) = \\sigma(a^\\top v)", claim)
    assert not labels_fixed("y \\in \\{0, 1\\}", "p(y=2|v) = \\sigma(a^\\top v)", claim)
    # a claim stated for any label leaves the set a case it does not state
    assert not labels_fixed("y \\in \\{0, 1\\}", "p(y=1|v) = \\sigma(a^\\top v)",
                            "p(y|x) = \\sigma(y w^\\top x)")
