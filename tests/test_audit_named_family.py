"""Words naming a family of claims by one name ("Nesterov" names both Nesterov claims): a
formula that holds as another claim, and is one statement of a wrong form the catalog records
for one of the family, typed again, is that typo (named_instead.py); the family's other claim,
which cannot read it, leaves no doubt which is meant."""
from __future__ import annotations

from audit_helpers import audit_text

_LINE = ("# Accelerated methods\n\n{words}, velocity form: $v_k = \\mu v_{{k-1}} - \\eta "
         "\\nabla J({point}), \\quad \\theta_k = \\theta_{{k-1}} + v_k$\n")


def _first(words, point):
    f = audit_text(_LINE.format(words=words, point=point))[0]
    return f.verdict, f.claim


def test_the_heavy_ball_velocity_under_nesterovs_name_is_its_recorded_typo():
    assert _first("Nesterov's accelerated gradient", "\\theta_{k-1}") == (
        "wrong", "nesterov.velocity")


def test_the_same_formula_under_its_own_name_holds_and_nesterovs_is_never_wrong():
    assert _first("Polyak's heavy ball", "\\theta_{k-1}") == ("ok", "momentum.velocity")
    assert _first("Nesterov's accelerated gradient",
                  "\\theta_{k-1} + \\mu v_{k-1}")[0] != "wrong"
