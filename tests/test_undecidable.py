"""Undecided is a conclusion of the checker, with the reason it computed; each reason is shown
both ways: the line it applies to is undecided, the same line made decidable is decided."""
from __future__ import annotations

import pytest

from cheatsheet.claims import Claim, ClaimError
from cheatsheet.verify.check import check_version, verify_claim


def _claim(canonical, symbols, sources=(), **kw):
    return Claim.from_dict({"id": "t.u", "title": "t", "latex": canonical, "symbols": symbols,
                            "sources": [{"sheet": "s", "line": i + 1, "latex": s}
                                        if isinstance(s, str) else {"sheet": "s", "line": i + 1,
                                                                    **s}
                                        for i, s in enumerate(sources)], **kw}, "t")


def _decide(claim, latex):
    return check_version(claim, latex, claim.declarations, claim.layout, list(claim.assume),
                         seed=0, key=("t",), symbolic_first=False, thorough=False)


XY = {"x": "real", "y": "real", "n": "natural", "t": "natural"}


def test_a_toml_with_a_typed_undecided_fails_to_load_with_a_clear_message():
    with pytest.raises(ClaimError, match="'undecided' is no longer a field"):
        _claim("x = x", XY, [{"latex": "x = x", "undecided": "by hand"}])


@pytest.mark.parametrize("latex,says", [
    (r"x = \frac{", "the reader cannot read this line"),
    (r"x + y", "states no relation"),
    (r"O(1/t)", "asymptotic class"),
    (r"\mathcal{O}(n^2)", "asymptotic class"),
    (r"\tilde{O}(1/\sqrt{n})", "asymptotic class"),
    (r"x + y = \Theta(n)", "asymptotic class"),
    (r"x \approx x + 10^{-9}", "no stated accuracy"),
    (r"z = x + y", "defines z"),
    (r"x \leftarrow x - y", "assignment"),
    (r"\ x\  \leq y", "lost in transcription"),
    (r"\left \det x \right = y", "lost in transcription"),
    (r"E[x] = x", "expectation"),
    (r"n \leq 2 t", None),  # only sizes, but n and t are naturals, not sizes: decided
])
def test_each_reason_is_computed_for_the_line_it_applies_to(latex, says):
    claim = _claim("x + y = y + x", XY)
    ev = _decide(claim, latex)
    if says is None:
        assert ev.verdict != "undecided", ev.detail
    else:
        assert ev.verdict == "undecided" and says in ev.detail, (latex, ev.verdict, ev.detail)
        assert not any(t in ev.detail for t in ("Error", "Symbol(", "srepr"))


def test_a_declared_O_is_a_name_not_a_rate():
    claim = _claim("O(x) + 1 = 1 + O(x)", {"x": "real", "O": "function"})
    assert _decide(claim, "O(x) + 1 = 1 + O(x)").verdict == "passed"
    assert _decide(claim, "O(x) + 1 = O(x)").verdict == "refuted"


def test_an_approximation_with_a_stated_accuracy_is_decided_both_ways():
    claim = _claim(r"\sqrt{2} \approx 1.414", {}, approx_rtol=1e-3)
    assert verify_claim(claim).evidence.verdict in ("passed", "proved")
    assert _decide(claim, r"\sqrt{2} \approx 1.5").verdict == "refuted"
    loose = _claim(r"\sqrt{2} = \sqrt{2}", {})
    assert _decide(loose, r"\sqrt{2} \approx 1.414").verdict == "undecided"


def test_assignments_are_not_equations_but_a_wrong_equation_is_refuted():
    sym = {"A": "square(n)", "D": "diagonal(n)", "P": "orthogonal(n)", "Lambda": "diagonal(n)",
           "A_tilde": "symmetric(n)", "n": "dim"}
    gcn = _claim(r"\hat{A} = D^{-1} A", {**sym, "A_hat": "square(n)"})
    ev = _decide(gcn, r"\tilde{A} = D^{-\frac{1}{2}} \tilde{A} D^{-\frac{1}{2}}")
    assert ev.verdict == "undecided" and "assignment" in ev.detail
    # the claim's own equation about A, with A where Lambda belongs: an error, refuted
    eig = _claim(r"A = P \Lambda P^{-1}", sym)
    assert _decide(eig, r"A = P A P^{-1}").verdict == "refuted"


def test_sizes_alone_are_a_condition_not_a_claim():
    claim = _claim("w = w", {"w": "real", "s": "dim", "n": "dim"})
    ev = _decide(claim, r"s \leq \frac{n}{2 \log_2 n}")
    assert ev.verdict == "undecided" and "sizes" in ev.detail


def test_another_function_of_the_same_name_is_not_this_claims():
    claim = _claim("R(m) = m + 1", {"m": "natural", "L": "natural", "R": "function"})
    ev = _decide(claim, "R(m, L) = m + 1")
    assert ev.verdict == "undecided" and "R takes 2 arguments" in ev.detail


def test_an_undecidable_canonical_statement_is_an_error_of_the_catalog():
    res = verify_claim(_claim(r"x \approx y", XY))
    assert res.verdict == "error" and "cannot be decided" in res.evidence.detail


def test_the_undecided_reason_reaches_the_source_note():
    res = verify_claim(_claim("x + y = y + x", XY, ["O(1/t)"]))
    src = res.sources[0]
    assert src.verdict == "undecided" and "asymptotic class" in src.note
