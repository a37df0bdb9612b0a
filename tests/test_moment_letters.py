"""Letters a sheet declares in words for the mean and the variance (sheets/moment_letters.py):
``\\operatorname{M}X`` "denotes the expected value", ``\\operatorname{D}X`` "its variance"."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.sheets import read_sheet
from cheatsheet.sheets.moment_letters import declared_moments, with_moments

DECLARED = r"""# Moments of sums

Here $\operatorname{M}X$ denotes the expected value of $X$, and $\operatorname{D}X$ its variance.

- Second moment: $\operatorname{D}X = \operatorname{M}X^2 - (\operatorname{M}X)^2$
- Variance of an affine map of a variable, constants $c, d$: $\operatorname{D}(cX + d) = c\,\operatorname{D}X$
"""


def _sheet(tmp_path, text, name="moments.md"):
    p = tmp_path / name
    p.write_text(text)
    return read_sheet(p)


def test_declared_letters_are_found(tmp_path):
    found = dict(declared_moments(_sheet(tmp_path, DECLARED)))
    assert found == {r"\operatorname{M}": r"\mathbb{E}", r"\operatorname{D}": r"\operatorname{Var}"}


def test_a_law_beside_words_on_its_mean_declares_nothing(tmp_path):
    text = ("# Laws\n\n$N(m, s^2)$ is the normal law with mean $m$; $\\mathcal{P}(\\lambda)$ "
            "has mean $\\lambda$.\n\n$\\mathrm{Q}(t)$ has mean and variance both finite.\n")
    assert declared_moments(_sheet(tmp_path, text)) == ()


def test_only_applied_letters_are_rewritten():
    moments = ((r"\operatorname{D}", r"\operatorname{Var}"),)
    assert with_moments(r"\operatorname{D}X = 1", moments) == r"\operatorname{Var} X = 1"
    assert with_moments(r"\operatorname{D}_\theta(T) \ge 0", moments) == \
        r"\operatorname{Var} _\theta(T) \ge 0"
    assert with_moments(r"A - B\operatorname{D}^{-1}C", moments) is None


def test_declared_moments_decide_the_sheet():
    found = {f.line: f for f in audit_text(DECLARED) if "=" in f.latex}
    assert found[5].verdict == "ok", found[5].reason
    assert found[6].verdict == "wrong", found[6].reason


def test_undeclared_letters_stay_unread():
    text = DECLARED.replace("Here $\\operatorname{M}X$ denotes the expected value of $X$, and "
                            "$\\operatorname{D}X$ its variance.", "Two facts.")
    found = {f.line: f for f in audit_text(text) if "=" in f.latex}
    assert all(f.verdict == "unchecked" for f in found.values())
