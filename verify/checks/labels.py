"""Underbraced labels: a term a sheet names must be the term the name stands for.

``\\underbrace{X}_{\\text{estimation error}}`` says "X is the estimation error".  The reader keeps X
and drops the label, so an equation can hold while its terms are mislabelled (a zero called the
estimation error plus the excess risk called the approximation error still add up to the excess
risk).  A claim opts in by writing its canonical statement with the same labels and by deciding
its versions with a check wrapped in :func:`with_labels`: each labelled term of a version is then
compared, by that same check, with the canonical term carrying the same label, and the version is
refuted when one of them differs.  Labels are matched without case, spacing or ``\\text``.
"""
from __future__ import annotations

import re
from dataclasses import replace

from cheatsheet.statement import Statement
from ..evidence import Evidence  # noqa: F401  (the wrapped checks return it)

_OPEN = re.compile(r"\\underbrace\s*\{")
_WRAPPERS = re.compile(r"\\(?:text|mathrm|textbf|mathbf|textit|operatorname)\s*")


def _group(text: str, start: int) -> int:
    """Index just past the brace group whose '{' is at ``start``."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    raise ValueError("unbalanced braces")


def _label_key(raw: str) -> str:
    return re.sub(r"[\s{}]", "", _WRAPPERS.sub("", raw)).lower()


def _label_text(raw: str) -> str:
    return " ".join(re.sub(r"[{}]", " ", _WRAPPERS.sub("", raw)).split())


def labelled_terms(latex: str) -> dict[str, tuple[str, str]]:
    """{normalised label: (the label as written, the LaTeX of the term under it)} for every
    underbrace that carries a label."""
    out: dict[str, tuple[str, str]] = {}
    for m in _OPEN.finditer(latex):
        try:
            end = _group(latex, m.end() - 1)
        except ValueError:
            continue
        body = latex[m.end():end - 1]
        rest = latex[end:].lstrip()
        if not rest.startswith("_"):
            continue
        rest = rest[1:].lstrip()
        if rest.startswith("{"):
            try:
                label = rest[1:_group(rest, 0) - 1]
            except ValueError:
                continue
        elif rest:
            label = rest[0]
        else:
            continue
        out.setdefault(_label_key(label), (_label_text(label), body.strip()))
    return out


def _canonical_latex(claim_id: str) -> str:
    from cheatsheet.catalog import get_catalog

    try:
        return get_catalog()[claim_id].latex
    except KeyError:
        return ""


def with_labels(check):
    """Wrap a check so that labelled terms are compared with the canonical statement's terms
    of the same label (by the same check) before the statement itself is decided."""

    def wrapped(stmt: Statement, ctx) -> Evidence:
        from cheatsheet.latex import LatexError, parse

        canon = labelled_terms(_canonical_latex(ctx.claim_id))
        mine = labelled_terms(stmt.latex)
        checked, last = [], None
        for key, (label, term) in mine.items():
            if key not in canon:
                continue
            named = canon[key][1]
            if "".join(term.split()) == "".join(named.split()):
                continue
            try:
                rel = parse(f"{term} = {named}", ctx.decls, layout=ctx.options.layout)
            except (LatexError, ValueError):
                continue  # a term the reader cannot read decides nothing
            rel = Statement(rel.relations, None, stmt.premises, latex=stmt.latex)
            ev = check(rel, replace(ctx, key=ctx.key + ("label", key)))
            if ev.verdict == "refuted":
                cx = dict(ev.counterexample or {})
                cx["why"] = f"the term labelled “{label}” is {term}; the term that label names is {named}"
                ev.counterexample = cx
                ev.detail = f"a mislabelled term ({label}); " + ev.detail
                return ev
            checked.append(label)
            last = ev
        if not stmt.relations and last is not None:
            last.detail = ("labelled terms agree with the terms their labels name ("
                           + ", ".join(checked) + "); " + last.detail)
            return last
        return check(stmt, ctx)

    wrapped.__doc__ = check.__doc__
    return wrapped
