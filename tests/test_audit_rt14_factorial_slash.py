"""A factorial binds tighter than a slash: ``a^n e^{-a}/n!`` is a^n e^{-a} over n!, never
(e^{-a}/n)!. Plain-text and Unicode sheets write the Poisson pmf with a slash; reading the
factorial as applied to the whole fraction called the correct pmf wrong (red team 14)."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.match.tokens import rebuild, tokenize


def same(a: str, b: str) -> bool:
    """Read alike, braces included (keys alone drop braces)."""
    return rebuild(tokenize(a)) == rebuild(tokenize(b))


def test_the_factorial_stays_with_its_operand_under_a_slash():
    assert same(r"c^m e^{-c}/m!", r"c^m \frac{e^{-c}}{m!}")
    assert same(r"u/(r - s)!", r"\frac{u}{(r - s)!}")
    assert same(r"r!/(s!(r - s)!)", r"\frac{r!}{s!(r - s)!}")
    assert not same(r"c^m e^{-c}/m!", r"c^m \frac{e^{-c}}{m}!")


SHEET = "## Poisson counts\n\nPoisson counts, mean mu: $P(N = j) = \\mu^j e^{RATE}/j!$\n"


def test_a_slashed_poisson_pmf_holds_and_its_sign_typo_is_caught():
    right = audit_text(SHEET.replace("RATE", "-\\mu"))
    typo = audit_text(SHEET.replace("RATE", "\\mu"))
    assert [f.verdict for f in right] == ["ok"]
    assert [(f.verdict, f.claim) for f in typo] == [("wrong", "poisson.pmf")]
