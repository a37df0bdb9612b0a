"""Accents typed as Unicode: a combining mark after a letter (``θ̂`` is θ then U+0302, ``ū`` may be
u then U+0304) or one precomposed letter (``ŷ``) is the accent command the writer would have
typed (red team 14: ``β̂`` on a Unicode README was "not part of a formula")."""
from __future__ import annotations

import pytest

from cheatsheet.latex import parse, parse_expr

from audit_helpers import audit_text

HAT, BAR, TILDE = "\u0302", "\u0304", "\u0303"


@pytest.mark.parametrize("typed, command", [
    (f"\u03b8{HAT}", r"\hat{\theta}"), (f"u{BAR}", r"\bar{u}"), (f"q{TILDE}", r"\tilde{q}"),
    ("\u0177", r"\hat{y}"), ("\u0101", r"\bar{a}"), (f"\u03bc{BAR}", r"\bar{\mu}"),
])
def test_a_typed_accent_is_the_command(typed, command):
    assert parse_expr(f"{typed} + 1") == parse_expr(f"{command} + 1")


def test_a_typed_accent_names_the_same_symbol_in_a_statement():
    st = parse(f"u{BAR} = \\frac{{1}}{{m}}\\sum_{{i=1}}^{{m}} u_i - \\bar{{u}}")
    assert st.relations[0].lhs == parse_expr(r"\bar{u}")


def test_the_audit_reads_a_typed_hat():
    sheet = ("# Least squares\n\nNormal equations: "
             f"$\u03b8{HAT} = (A^\\top A)^{{-1}}A^\\top b$\n")
    (f,) = audit_text(sheet)
    assert "not part of a formula" not in f.reason
    assert f.verdict == "ok", f.reason
