"""Chains that give a quantity a second name: the link that only names it is a definition
(verify/naming.py), the rest of the chain is matched and checked (issue 8, task h2)."""
from __future__ import annotations

from audit_helpers import audit_text

_MLE = ("# Spread of the draws\n\nThe maximum-likelihood estimate of the variance of the "
        "draws:\n\n$$\\hat\\sigma^2 = v_m^2 = \\frac{1}{m}\\sum_{j=1}^m (y_j - \\bar y)^{P}$$\n")


def _found(text: str):
    return [f for f in audit_text(text) if "v_m" in f.latex]


def test_a_squared_name_in_the_middle_of_a_chain_is_a_definition():
    """v_m^2 names the estimate: read with it as a definition, the chain is the MLE."""
    found = _found(_MLE.replace("{P}", "{2}"))
    assert [f.verdict for f in found] == ["ok"], [f.reason for f in found]
    assert found[0].claim == "mle.gaussian_variance"


def test_a_chain_with_a_wrong_last_side_is_never_ok():
    found = _found(_MLE.replace("^{P}", ""))
    assert [f.verdict for f in found] != ["ok"], [f.reason for f in found]


# ------------------------------------------------------------------ members the claim lacks

from cheatsheet.verify.audit.chains import foreign_names, members, without  # noqa: E402

_RATE = ("# Waiting times\n\nMaximum-likelihood estimate of the exponential rate from $m$ "
         "waiting times:\n\n$$\\hat\\theta = \\frac{{TOP}}{\\sum_{j=1}^m t_j} = \\frac{1}{\\bar t}$$\n")


def test_a_chain_without_one_member_states_what_the_chain_states():
    chain = members(r"a \le b = c < d")
    assert chain is not None and len(chain[0]) == 4
    assert without(chain, 1).replace(" ", "") == "a\\lec<d"
    assert without(chain, 2).replace(" ", "") == "a\\leb<d"
    assert without(chain, 3).replace(" ", "") == "a\\leb=c"
    # a <= b >= c says nothing of a and c
    assert without(members(r"a \le b \ge c"), 1) is None
    assert members(r"a = b") is None  # two members: nothing to leave out
    assert foreign_names(members(r"u = v + w = \bar w"), 2) == "w̅"


def test_the_part_of_a_chain_the_claim_states_is_checked_and_said():
    """1/t-bar is beyond the MLE's claim (it knows no t-bar): the part it states holds, and
    the finding says so instead of 'fails its check'."""
    found = [f for f in audit_text(_RATE.replace("{TOP}", "m")) if "bar t" in f.latex]
    assert [f.verdict for f in found] == ["unchecked"]
    assert "part of the chain it states holds" in found[0].reason
    assert "fails its check" not in found[0].reason


def test_a_chain_with_a_name_the_claim_does_not_know_is_never_a_false_alarm():
    # right as a whole (the sheet's own t-bar), and right as far as the claim goes
    for text in (_RATE.replace("{TOP}", "m"),
                 "# Rates\n\nRate of the waiting times:\n\n$$\\hat\\theta = \\frac{m}"
                 "{\\sum_{j=1}^m t_j} = \\frac{1}{\\bar t} = \\frac{1}{q}$$\n",
                 # a derivative set to zero: without its name only a condition is left
                 "# Rates\n\nScore of the exponential rate set to zero:\n\n$$g'(\\theta) = "
                 "\\frac{m}{\\theta} - \\sum_{j=1}^m t_j = 0$$\n"):
        assert all(f.verdict != "wrong" for f in audit_text(text)), text


def test_a_size_guessed_for_a_renamed_letter_is_never_a_false_alarm():
    """Scalar least squares read as the claim's matrix one: a, u, c renamed to X, w, y get
    the claim's sizes, which clash; as the sheet writes them they are numbers, and the line
    is right."""
    text = ("# Least squares in one variable\n\n$$\\frac{d}{du} \\frac{1}{2}(a u - c)^2 = "
            "a (a u - c)$$\n\n$$\\nabla_{\\theta} \\frac{1}{2}\\|A\\theta - c\\|^2 = "
            "A^\\top (A\\theta - c)$$\n")
    assert [f.verdict for f in audit_text(text)] == ["ok", "ok"]


_RISK = ("# Estimators\n\nThe quadratic risk of an estimator is its variance plus its squared "
         "bias:\n\n$$\\mathrm{MSE}(\\hat\\theta) = \\mathbb{E}[(\\hat\\theta - \\theta)^2] = "
         "\\operatorname{Var}(\\hat\\theta) {SIGN} (\\mathbb{E}[\\hat\\theta] - \\theta)^2 = "
         "\\mathrm{Var} + \\mathrm{Bias}^2$$\n")


def test_a_member_the_reader_cannot_read_leaves_the_rest_of_the_chain_to_check():
    """Var + Bias^2 without arguments cannot be read; the rest of the chain still states the
    claim, and its typo (a minus for the plus) is the claim's typo."""
    wrong = [f for f in audit_text(_RISK.replace("{SIGN}", "-")) if "MSE" in f.latex]
    assert [f.verdict for f in wrong] == ["wrong"], [f.reason for f in wrong]
    assert wrong[0].claim == "estimator.bias_variance"
    right = [f for f in audit_text(_RISK.replace("{SIGN}", "+")) if "MSE" in f.latex]
    assert [f.verdict for f in right] == ["unchecked"]  # (its last member is unread)
