"""A law written with its parameters on the formula's line ("Differential entropy,
$\\mathcal{N}(m, v^2)$: $h = ...$") places the sheet's letters in the claim's law's parameters,
as words naming them would (verify/audit/law_places.py): a slip in that notation is caught, the
right formula is ok, and a letter the line does not place (a precision tau) stays unsure."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text

_LINE = "## Continuous laws\n\n- Differential entropy, {law}: $h = \\tfrac{{1}}{{2}}\\log({inside})$\n"


def _last(law, inside):
    found = audit_text(_LINE.format(law=law, inside=inside))[-1]
    return found.verdict, found.claim


@pytest.mark.parametrize("inside, verdict", [("2\\pi e v^2", "ok"), ("2\\pi v^2", "wrong")])
def test_a_law_on_the_line_places_its_letters(inside, verdict):
    assert _last("$\\mathcal{N}(m, v^2)$", inside) == (verdict, "entropy.differential_normal")


def test_without_the_law_on_the_line_the_letter_is_not_placed(monkeypatch):
    from cheatsheet.verify.audit import decide

    monkeypatch.setattr(decide, "announce_law_places", lambda cands, *_: cands)
    assert _last("$\\mathcal{N}(m, v^2)$", "2\\pi v^2")[0] != "wrong"


def test_a_law_written_another_way_places_nothing():
    from audit_helpers import catalog, matcher
    from cheatsheet.match.tokens import tokenize
    from cheatsheet.verify.audit.law_places import placed

    latex = "h = \\tfrac{1}{2}\\log(2\\pi v^2)"
    claim = catalog()["entropy.differential_normal"]
    cands = [c for c in matcher().candidates(latex, "differential entropy", toks=tokenize(latex))
             if c.claim_id == claim.id]
    assert cands
    assert placed(cands[0], claim, "\\mathcal{N}(m, v^2)") == {"v"}
    # the variance written bare where the claim squares sigma: no place by position
    assert placed(cands[0], claim, "\\mathcal{N}(m, v)") == frozenset()
    assert placed(cands[0], claim, "\\mathrm{Laplace}(m, v)") == frozenset()  # another law


def test_a_law_in_another_parametrisation_places_nothing_unless_the_words_say_so():
    # Gamma(a, lambda) of a rate table: lambda is in the place of the scale claim's theta
    from audit_helpers import catalog, matcher
    from cheatsheet.match.tokens import tokenize
    from cheatsheet.verify.audit.law_places import placed

    claim = catalog()["gamma.mean_scale"]
    latex = "E(X) = a\\lambda"
    cands = [c for c in matcher().candidates(latex, "mean", toks=tokenize(latex))
             if c.claim_id == claim.id]
    assert cands
    law = "\\operatorname{Gamma}(a, \\lambda)"
    assert placed(cands[0], claim, law) == frozenset()
    assert placed(cands[0], claim, law, "with scale lambda") != frozenset()


# a plain-text sheet writes the law as it writes its formulas, without a font
_PLAIN = "differential entropy of {law}: h = {value}\n"


def _plain(law, value):
    found = audit_text(_PLAIN.format(law=law, value=value), "laws.txt")[-1]
    return found.verdict, found.claim


def test_a_law_in_plain_text_on_the_line_places_its_letters():
    assert _plain("N(a, b^2)", "log(2 pi e b^2)") == ("wrong", "entropy.differential_normal")
    assert _plain("N(a, b^2)", "(1/2) log(2 pi e b^2)") == ("ok", "entropy.differential_normal")


@pytest.mark.parametrize("law", ["N(a, 1/t)", "a normal law", "Laplace(a, b)"])
def test_a_plain_law_that_does_not_place_the_letter_leaves_it_unsure(law):
    # a precision in the variance's place, no parameters written, or another law
    value = "log(2 pi e / t)" if "1/t" in law else "log(2 pi e b^2)"
    assert _plain(law, value)[0] != "wrong"


def test_plain_calls_are_read_from_the_formulas_own_words_only():
    from cheatsheet.verify.audit.law_places import _calls

    said = "Gamma(k) is a function here | entropy of N(a, b^2), with $\\mathcal{U}(0, 1)$ noise:"
    assert _calls("", said) == [("\\mathrm{N}", "a, b^2")]
    assert _calls("", "no lead-in words given") == []
