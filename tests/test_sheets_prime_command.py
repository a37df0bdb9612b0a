"""A prime written as the command (``^{\\prime}``, ``^\\prime``) is a transpose where the sheet
says primes are, as a typed ``'`` is (sheets/primes.py). Red team 23's econometrics card wrote
its transposes ``\\boldsymbol{X}^{\\prime}\\boldsymbol{X}`` under "a prime is the transpose":
left as primes they were names of their own, and the Jacobian d(Ax)/dx' = A was called wrong
for writing an undefined x'. Here in other letters (B, h, v)."""
from __future__ import annotations

from audit_helpers import audit_text

from cheatsheet.sheets.primes import with_prime_transposes

SAID = "A prime marks the transpose.\n"


def as_read(latex: str, said: str = SAID) -> str:
    return with_prime_transposes(said + "$" + latex + "$")[len(said) + 1:-1]


def test_prime_commands_are_transposes_where_announced():
    assert as_read(r"\mathbf{h}^{\prime}\mathbf{B}\mathbf{h}") == \
        r"\mathbf{h}^{\top}\mathbf{B}\mathbf{h}"
    assert as_read(r"(\mathbf{B}\mathbf{v})^\prime \mathbf{v}") == \
        r"(\mathbf{B}\mathbf{v})^{\top} \mathbf{v}"


def test_derivative_and_double_primes_stay():
    assert as_read(r"g^{\prime}(u) = 3u^2") == r"g^{\prime}(u) = 3u^2"
    assert as_read(r"v^{\prime\prime}") == r"v^{\prime\prime}"


def test_without_the_announcement_prime_commands_stay():
    assert as_read(r"\mathbf{h}^{\prime}\mathbf{B}", said="Notes.\n") == r"\mathbf{h}^{\prime}\mathbf{B}"


JACOBIAN = (SAID + "\n- Jacobian of a linear map: "
            r"$\frac{\partial\left(\mathbf{B}\mathbf{h}\right)}{\partial \mathbf{h}^{\prime}} = \mathbf{B}$"
            "\n")


def test_an_announced_prime_command_is_read_as_the_transpose():
    (f,) = [f for f in audit_text(JACOBIAN) if "partial" in f.latex]
    assert (f.verdict, f.claim) == ("ok", "backprop.linear_jacobian"), f.reason
