"""A matrix factorisation's name is not carried to a formula that takes the name as a random
variable again (cheatsheet/sheets/name_kinds.py); nearer uses still get the value."""
from cheatsheet.sheets.definitions import Definition
from cheatsheet.sheets.name_kinds import matrix_value, still_meant, used_as_random
from tests.audit_helpers import audit_text


def test_factorisations_and_random_values():
    assert matrix_value(r"Q \Lambda Q^{\top}", {})
    assert matrix_value(r"\mathbf{W}_k \mathbf{D}_k \mathbf{W}_k^T", {})
    assert not matrix_value(r"L Z", {})  # no transposed factor: may be a random vector
    assert not matrix_value(r"(A^T A)^{-1} A^T b", {})  # an estimator, random with b
    assert not matrix_value(r"Q \Lambda Q^{\top}", {"Q": "Normal(m, s^2)"})


def test_uses_as_a_random_variable():
    assert used_as_random(r"h(M \mid N) = h(M, N) - h(N)", "M")
    assert used_as_random(r"\operatorname{Cov}(M, N) = 0", "M")
    assert used_as_random(r"M \sim \mathcal{N}(0, 1)", "M")
    assert not used_as_random(r"\|M\|_F^2 = \operatorname{tr}(M^T M)", "M")
    assert not used_as_random(r"G_{t} (M - G) = 0", "M")  # a product, no law's bracket
    assert not used_as_random(r"P(\mathcal{M}) = 1", "M")  # another letter in its font


def test_still_meant():
    d = Definition("M", None, r"Q \Lambda Q^{\top}", 3)
    assert still_meant(d, r"M^{-1} = Q \Lambda^{-1} Q^{\top}", {})
    assert not still_meant(d, r"I(M; N) = h(M) - h(M \mid N)", {})


SHEET = """# One card

Spectral form: $X = Q \\Lambda Q^{\\top}$.

Its inverse: $X^{-1} = Q \\Lambda^{-1} Q^{\\top}$.

Information: $H(X \\mid Y) = H(X, Y) + H(Y)$.
"""


def _carried(text):
    from cheatsheet.verify.audit.run import jobs_of

    return {j.formula.line: {d.name for d in j.conv.named} for j in jobs_of("kinds.md", text)}


def test_definition_carries_to_the_next_line_not_into_entropies():
    carried = _carried(SHEET)
    assert "X" in carried[5]  # the matrix's inverse: the value still holds
    assert "X" not in carried[7]  # the entropy's X is a random variable
    found = {f.line: f for f in audit_text(SHEET, name="kinds.md")}
    assert found[5].verdict == "ok"  # (with the value put in: the inverse's eigenform)
    assert "put in" not in found[7].reason
    assert found[7].verdict == "wrong"  # H(X | Y) = H(X, Y) - H(Y): read as written, caught
