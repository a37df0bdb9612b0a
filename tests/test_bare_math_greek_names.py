"""Plain-text cribs spell Greek letters out (``eta``, ``rho``, ``sigma``, ``eps``): the bare-math
reader (cheatsheet/sheets/bare_math.py) took them for prose words, so a formula was cut where
the first one stood (``w_k = w_{k-1} -``) or not read at all. They are math tokens now, as a
function's name is; ``eps`` is written out as ``epsilon`` so the tokeniser does not read the
product e p s. Prose that merely names a Greek letter, with no relation, stays prose."""
from __future__ import annotations

from audit_helpers import audit_text

from cheatsheet.sheets.bare_math import mark_bare_math

CRIB = ("OPTIMISER CRIB\n"
        "accumulated squares: H_k = H_{k-1} + d_k^2, w_k = w_{k-1} - eta d_k / (sqrt(H_k) + eps)\n"
        "decayed average: q_k = rho q_{k-1} + (1 - rho) d_k\n"
        "the step size eta matters more than you think\n")


def test_spelled_greek_letters_are_read_as_part_of_the_formula():
    read = [f.latex for f in audit_text(CRIB, name="crib.txt")]
    assert read == ["H_k = H_{k-1} + d_k^2",
                    "w_k = w_{k-1} - eta d_k / (sqrt(H_k) + epsilon)",
                    "q_k = rho q_{k-1} + (1 - rho) d_k"]


def test_eps_becomes_epsilon_only_as_a_whole_name_inside_math():
    marked = mark_bare_math("norm: z = u / sqrt(s2 + eps)\nsteps and eps in prose, s_reps = 3")
    assert marked.split("\n") == ["norm: $z = u / sqrt(s2 + epsilon)$",
                                  "steps and eps in prose, $s_reps = 3$"]


def test_a_greek_name_in_prose_without_a_relation_stays_prose():
    assert mark_bare_math("choose sigma and lambda by cross-validation") == \
        "choose sigma and lambda by cross-validation"
