"""Independence named beside a formula is imposed on the claim's check (independent_case.py):
refuted with the variables drawn independently, the formula is wrong in its own case; holding
there, it is not called wrong."""
from audit_helpers import audit_text


def _verdicts(text: str) -> list[tuple[str, str | None]]:
    return [(f.verdict, f.claim) for f in audit_text(text)]


def test_difference_of_independent_variables_subtracting_variances_is_wrong():
    # (the general claim, with its covariance, is what the words name; without the case
    # imposed the line was excused: "it may state that special case")
    text = ("# Gaps\n\n- difference of two variables (independent): "
            "$\\operatorname{Var}(U - V) = \\operatorname{Var}(U) - \\operatorname{Var}(V)$\n")
    assert ("wrong", "var.difference_two") in _verdicts(text)


def test_difference_of_independent_variables_adding_variances_is_not_wrong():
    for right in (r"\operatorname{Var}(U) + \operatorname{Var}(V)",
                  r"\operatorname{Var}(U) + \operatorname{Var}(V) - 2\operatorname{Cov}(U, V)"):
        text = ("# Gaps\n\n- difference of two variables (independent): "
                f"$\\operatorname{{Var}}(U - V) = {right}$\n")
        assert all(v != "wrong" for v, _ in _verdicts(text)), right


def test_without_the_word_the_general_claim_decides_as_before():
    from cheatsheet.catalog import get_catalog
    from cheatsheet.verify.audit.independent_case import independent_claim

    claim = get_catalog()["var.difference_two"]

    class _Decl:
        def __init__(self, name):
            self.name, self.domain = name, "rv"

    class _Reading:
        decls = [_Decl("X"), _Decl("Y")]

    assert independent_claim("zero-mean", claim, _Reading()) is None
    assert independent_claim("independent", claim, _Reading()).independent == ["X", "Y"]
    # a claim with a check of its own draws its variables itself: nothing is imposed
    custom = next(c for c in get_catalog() if c.check and "rv" in str(c.symbols.values()))
    assert independent_claim("independent", custom, _Reading()) is None


def test_a_claim_about_iid_draws_is_the_independent_case_already():
    # (the variance of the mean of n i.i.d. draws: its own check draws them independent, so
    # "independent draws" names its case and its refutation stands; before, excused)
    wrong = (r"- independent draws: $\operatorname{Var}(\bar{X}) = \frac{\sigma^2}{n^2}$")
    right = (r"- independent draws: $\operatorname{Var}(\bar{X}) = \frac{\sigma^2}{n}$")
    assert ("wrong", "estimator.sample_mean_variance") in _verdicts(f"# Averages\n\n{wrong}\n")
    assert ("ok", "estimator.sample_mean_variance") in _verdicts(f"# Averages\n\n{right}\n")
