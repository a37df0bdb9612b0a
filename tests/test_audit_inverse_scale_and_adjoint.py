"""Words that name a parametrisation or a matrix class in other fields' vocabulary (red team 13):
Stan and Wikipedia call the Gamma's rate its "inverse scale"; physics calls a matrix equal to its
adjoint "Hermitian" or "self-adjoint", and writes the adjoint A^\\dagger."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.verify.audit.laws import ways


def _verdicts(text):
    return [f.verdict for f in audit_text(text) if len(f.latex) > 2]


def test_inverse_scale_is_the_rate():
    assert ways("shape k and inverse scale theta") == {"rate"}
    assert ways("with an inverse-scale parameter") == {"rate"}
    assert ways("shape k and scale theta") == {"scale"}


def test_a_rate_form_said_with_inverse_scale_is_credited_and_a_scale_form_refuted():
    head = "# Waiting times\n\n"
    ok = head + "- Gamma law, shape $a$, inverse scale $b$: $\\operatorname{Var}(T) = a/b^2$\n"
    assert _verdicts(ok) == ["ok"]
    typo = head + "- Gamma law, shape $a$, inverse scale $b$: $\\operatorname{Var}(T) = a b^2$\n"
    assert _verdicts(typo) == ["wrong"]


def test_a_hermitian_matrix_equal_to_its_adjoint_is_no_identity_to_refute():
    for word in ("Hermitian", "Self-adjoint", "unitary"):
        text = f"# Operators\n\n- {word} $G$: $G^\\dagger = G$\n"
        assert "wrong" not in _verdicts(text), word
    # without a word naming the class, the pseudo-inverse reading is checked as before
    plain = "# Pseudo-inverses\n\n- Moore-Penrose: $G^\\dagger = G$\n"
    assert _verdicts(plain) == ["wrong"]
