"""Primes written as commands at the end of a superscript group (``g^{[l]\\prime}``,
``f^{\\prime\\prime}``): TeX sets them as primes on what the group leaves, so the reader reads
them as ``g^{[l]}'`` and ``f''``. Before, ``\\prime`` after other script content, or twice,
was an unknown command and the line went unread.
"""
from __future__ import annotations

from cheatsheet.latex import parse
from tests.audit_helpers import audit_text


def test_primes_after_a_bracketed_layer_index_are_the_layer_function_s_derivative():
    assert str(parse(r"h^{[m]\prime}(r) = 3r^2")) == str(parse(r"h^{[m]}'(r) = 3r^2"))


def test_two_prime_commands_are_a_second_derivative():
    assert str(parse(r"q^{\prime\prime}(s) = 6s")) == str(parse(r"q''(s) = 6s"))
    # one prime alone in the group reads as before
    assert str(parse(r"q^{\prime}(s) = 3s^2")) == str(parse(r"q'(s) = 3s^2"))


def test_a_second_derivative_written_with_prime_commands_is_checked():
    text = "\n".join([
        "## Curvature of the logistic function",
        "",
        r"- $\sigma^{\prime\prime}(v) = \sigma(v)\left(1 - \sigma(v)\right)\left(1 - 2\sigma(v)\right)$",
        r"- $\sigma^{\prime\prime}(v) = \sigma(v)\left(1 - \sigma(v)\right)\left(2\sigma(v) + 1\right)$",
    ])
    verdicts = {f.line: f.verdict for f in audit_text(text)}
    assert verdicts == {3: "ok", 4: "wrong"}
