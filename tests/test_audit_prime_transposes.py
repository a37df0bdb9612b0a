"""A sheet that says a prime is a transpose has its primes read as transposes
(cheatsheet/sheets/primes.py), in notation of our own: Z, w, t for the design, the weights and
the targets; derivatives on the same sheet stay derivatives."""
from __future__ import annotations

from audit_helpers import audit_text

from cheatsheet.sheets.primes import with_prime_transposes

SAID = """# Regression notes

Primes denote transposes throughout.

## Fitting

- normal equations, least squares: $\\hat{\\mathbf{w}} = (Z'Z)Z'\\mathbf{t}$
- least squares: $\\hat{\\mathbf{w}} = (Z'Z)^{-1}Z'\\mathbf{t}$
"""


def _by_line(text: str) -> dict:
    return {f.line: f for f in audit_text(text, "notes.md")}


def test_primes_become_transposes_only_in_math_after_the_words_that_say_so():
    text = ("Above: $f'(x)$ and $A'$.\n\nA prime is a transpose here; the model's fit:\n"
            "$A'B$, $(\\mathbf{u} - \\mathbf{v})'\\mathbf{v}$, $\\mathbf{x}_j'\\mathbf{b}$, "
            "$h'(s) = 1$, $\\phi'(u)$, $f''(x)$, $W'(y - Wb)$\n")
    out = with_prime_transposes(text)
    assert out.count("\n") == text.count("\n")  # no line moves
    first, _, _, third = out.split("\n")[:4]
    assert first == "Above: $f'(x)$ and $A'$."  # (before the words: as written)
    assert "the model's fit" in out  # (prose apostrophes are no primes)
    assert "$A^{\\top}B$" in third
    assert "(\\mathbf{u} - \\mathbf{v})^{\\top}\\mathbf{v}" in third
    assert "\\mathbf{x}_j^{\\top}\\mathbf{b}" in third
    assert "W^{\\top}(y - Wb)" in third  # (a capital called with a bracket: a product)
    # derivatives stay: a function's prime called with an argument, and two primes
    assert "$h'(s) = 1$" in third and "\\phi'(u)" in third and "f''(x)" in third
    # ... and one on a function by name, with no argument
    assert with_prime_transposes("A prime is a transpose: $\\tanh' = 1 - \\tanh^2$") == \
        "A prime is a transpose: $\\tanh' = 1 - \\tanh^2$"


def test_without_the_words_on_a_sheet_writing_transposes_otherwise_nothing_changes():
    text = ("## Fitting\n\n$\\hat{\\mathbf{w}} = (Z'Z)^{-1}Z'\\mathbf{t}$\n"
            "score: $\\mathbf{w}^\\top\\mathbf{z}$\n")
    assert with_prime_transposes(text) == text


def test_a_dropped_inverse_under_primes_is_caught_and_the_right_form_holds():
    found = _by_line(SAID)
    assert found[7].verdict == "wrong" and found[7].claim == "blr.least-squares"
    assert found[8].verdict == "ok"


def test_the_same_lines_without_the_announcement_are_not_called_wrong():
    # (a sheet that writes its transposes with ^\top too: primes read as names of their own,
    # Z' is no transpose of Z, nothing is sure)
    found = _by_line(SAID.replace("Primes denote transposes throughout.\n", "\n")
                     + "- score: $s = \\mathbf{w}^\\top\\mathbf{z}$\n")
    assert {f.verdict for f in found.values()} <= {"unchecked", "ok"}
    assert found[7].verdict != "wrong"


def test_a_derivative_on_a_primed_sheet_is_not_called_wrong():
    text = SAID + "- logistic: $g'(u) = g(u)(1 - g(u))$ with $g(u) = 1/(1 + e^{-u})$\n"
    found = [f for f in audit_text(text, "notes.md") if f.line == 9]
    assert found and all(f.verdict != "wrong" for f in found)
