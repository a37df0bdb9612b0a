"""A source's ``read_as`` may respell the sheet's notation, never drop what the line states.

A reading that checks one piece of a line lets the rest pass unchecked (a wrong premise beside a
correct conclusion, a wrong underbraced label).  So every relation, every premise (before
``\\implies``) and every underbraced label of the sheet's ``latex`` must still be in its
``read_as``.  Relations and premises are counted by the reader where both texts read, and
token-wise at the top level (outside brackets, scripts and ``\\text``) where the sheet's text
does not.

Readings that drop something today are listed in ``KNOWN`` (strict xfail): the catalog
reviewers fix them topic by topic, and a fixed one fails here until it leaves the list.
"""
from __future__ import annotations

import re

import pytest

from cheatsheet.catalog import get_catalog

CATALOG = get_catalog()
READ_AS = [(c.id, k) for c in CATALOG for k, s in enumerate(c.sources) if s.read_as is not None]

# (claim id, sheet prefix, line): readings that drop a relation, premise or label today
KNOWN: set[tuple[str, str, int]] = set()

_REL = re.compile(r"\\(?:leq?|geq?|neq?|ne|approx|equiv|succeq|preceq|propto|coloneqq|leqslant|"
                  r"geqslant)(?![A-Za-z])|:=|(?<![<>!\\])=|<|>")
# an implication with something before it (a leading one continues the line before)
_IMPLIES = re.compile(r"\S\s*\\(?:implies|Rightarrow|Longrightarrow)(?![A-Za-z])")
_OPEN, _CLOSE = "([{", ")]}"


def _top_level(latex: str) -> str:
    """The text outside every bracket, script group and \\text{...}."""
    latex = re.sub(r"\\(?:text\w*|operatorname|mathrm)\s*\{[^{}]*\}", " ", latex)
    latex = re.sub(r"\\left|\\right|\\big[lr]?|\\Big[lr]?", "", latex)
    latex = latex.replace(r"\{", "(").replace(r"\}", ")")
    out, depth = [], 0
    for ch in latex:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def _underbrace_labels(latex: str) -> list[str]:
    """The labels under \\underbrace{...}_{...} (and over \\overbrace{...}^{...})."""
    labels = []
    for m in re.finditer(r"\\(?:underbrace|overbrace)\s*\{", latex):
        i, depth = m.end(), 1
        while i < len(latex) and depth:
            depth += {"{": 1, "}": -1}.get(latex[i], 0)
            i += 1
        rest = latex[i:].lstrip()
        if rest[:1] in "_^":
            rest = rest[1:].lstrip()
            if rest.startswith("{"):
                j, depth = 1, 1
                while j < len(rest) and depth:
                    depth += {"{": 1, "}": -1}.get(rest[j], 0)
                    j += 1
                label = rest[1:j - 1]
            else:
                label = rest[:1]
            labels.append(" ".join(re.sub(r"\\text\w*\s*\{([^{}]*)\}", r"\1", label).split()))
    return labels


def _structure(latex: str, claim, src) -> tuple[int, int]:
    """(relations, premises) of a text: by the reader if it reads, else token-wise."""
    from cheatsheet.latex import LatexError, parse

    try:
        st = parse(latex, claim.declarations_for(src), layout=src.layout or claim.layout)
        return len(st.relations), len(st.premises)
    except (LatexError, ValueError):
        top = _top_level(latex)
        return len(_REL.findall(top)), len(_IMPLIES.findall(latex))


def dropped(claim, src) -> list[str]:
    """What the sheet's latex states that its read_as leaves out, in words."""
    out = []
    (rels, prem), (rels2, prem2) = (_structure(t, claim, src) for t in (src.latex, src.read_as))
    if rels2 + prem2 < rels + prem:  # a condition may become a premise (for all j != i: ...)
        out.append(f"the sheet states {rels + prem} relation(s) and premise(s), the reading "
                   f"{rels2 + prem2}")
    if prem2 < prem:
        out.append(f"the sheet states {prem} premise(s), the reading {prem2}")
    labels, kept = _underbrace_labels(src.latex), _underbrace_labels(src.read_as)
    for label in labels:
        if label not in kept:
            out.append(f"the underbraced label {label!r} is not in the reading")
    return out


@pytest.mark.parametrize("claim_id,k", READ_AS, ids=[f"{c}#{k}" for c, k in READ_AS])
def test_reading_keeps_what_the_line_states(claim_id, k, request):
    claim = CATALOG[claim_id]
    src = claim.sources[k]
    if (claim_id, src.sheet[:3], src.line) in KNOWN:
        request.applymarker(pytest.mark.xfail(strict=True, reason="known reading to fix"))
    missing = dropped(claim, src)
    assert not missing, (f"{claim_id} {src.sheet}:{src.line}: " + "; ".join(missing)
                         + f"\n  latex:   {src.latex}\n  read_as: {src.read_as}")


def test_the_guard_sees_dropped_relations_premises_and_labels():
    from cheatsheet.claims import Claim

    def claim_with(latex, read_as):
        return Claim.from_dict({"id": "t.g", "title": "t", "latex": "a = a",
                                "symbols": {"a": "real", "b": "real", "c": "real"},
                                "sources": [{"sheet": "s", "line": 1, "latex": latex,
                                             "read_as": read_as}]}, "t")

    for latex, read_as in [
        ("a = b = c", "a = c"),  # a relation dropped
        (r"a \le 1 \implies b \le 1", r"b \le 1"),  # a premise dropped
        (r"\underbrace{a - b}_{\text{excess}} = c", "a - b = c"),  # a label dropped
        (r"a = \frac{", "a"),  # token-wise when the sheet's text does not read
    ]:
        c = claim_with(latex, read_as)
        assert dropped(c, c.sources[0]), (latex, read_as)
    c = claim_with(r"\underbrace{a - b}_{\text{excess}} = c",
                   r"\underbrace{a - b}_{\text{excess}} = c")
    assert not dropped(c, c.sources[0])
    c = claim_with(r"\gamma[w](x) = a", "b = a")  # a respelled name is fine
    assert not dropped(c, c.sources[0])
