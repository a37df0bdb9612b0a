"""A limit in law or in probability is said to be one where it stays unchecked
(verify/audit/limits_in_law.py), not "states no relation"."""
from cheatsheet.verify.audit.limits_in_law import states_limit
from tests.audit_helpers import audit_text


def test_arrows_with_a_mode():
    assert states_limit(r"T_m \xrightarrow{\;\mathcal{D}\;} \chi^2_k")
    assert states_limit(r"\hat\lambda_m \overset{\mathbb{P}}{\longrightarrow} \lambda")
    assert states_limit(r"S_m / m \stackrel{a.s.}{\to} \nu")
    assert not states_limit(r"h \xrightarrow{\text{ReLU}} a")  # a network's arrow
    assert not states_limit(r"x_m \to 0")  # a plain limit says no mode


def test_reason_names_the_limit():
    sheet = "Wald: $\\sqrt{m}\\,(\\hat\\lambda_m - \\lambda) \\overset{d}{\\longrightarrow} Z$\n"
    (found,) = [f for f in audit_text(sheet, name="limit.md") if f.line == 1]
    assert found.verdict == "unchecked"
    assert "limit in law" in found.reason
