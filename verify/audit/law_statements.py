"""When a sheet's law statement is surely the law claim it resembles.

``C + D \\sim \\text{Poisson}(\\alpha\\beta)`` renames every letter of the claim ``X + Y \\sim
\\mathrm{Pois}(\\lambda_1 + \\lambda_2)``, and is short: by letters alone the match is not
sure. Its structure is: the same expression of variables on the left (up to renaming, each
sheet variable one claim variable), the same law named on the right, and a refutation by the
law check itself (the laws' characterising functions differ at a stated point), not by scope
or sizes. A sheet that declares the variables with other laws is caught before this (settings.
law_differs): the claim's premises are then not the sheet's.
"""
from __future__ import annotations

from cheatsheet.latex.law_statements import LAW_CHECK, named_law
from cheatsheet.match import split_relation
from cheatsheet.match.align import same_after_renaming


def _raw(toks) -> str:
    return " ".join(t.raw for t in toks)


def states_the_law(c, claim) -> bool:
    """Does the formula state the law claim's own law of the claim's own expression? (A law
    check decides any law statement about the claim's variables: -Z ~ N(0, 1) holds under
    the claim that Z^2 is chi-squared, yet it does not state that claim.) True for any other
    claim."""
    if claim.check != LAW_CHECK:
        return True
    mine, theirs = split_relation(c.sheet_tokens), split_relation(c.form_tokens)
    if mine is None or theirs is None or mine[1][0].norm != r"\sim" \
            or theirs[1][0].norm != r"\sim":
        return False
    law = named_law(_raw(mine[2]))
    if law is None or law != named_law(_raw(theirs[2])):
        return False
    mapping = dict(c.mapping)
    return len(set(mapping.values())) == len(mapping) \
        and same_after_renaming(mine[0], theirs[0], mapping)


def sure_law_statement(c, claim, ev) -> bool:
    """Is the refuted candidate ``c`` surely the law claim ``claim`` (see the module)?"""
    if claim.check != LAW_CHECK or ev is None or ev.verdict != "refuted" \
            or not ev.method.startswith(f"custom:{LAW_CHECK}") or not ev.counterexample:
        return False
    return states_the_law(c, claim)


def law_head_as_sheet(expected: list, sheet: list) -> list:
    """The right form with the law named as the sheet names it (``\\text{Expo}`` where the
    claim writes ``\\mathrm{Exp}``): two spellings of one law are no difference to report."""
    mine, theirs = split_relation(sheet), split_relation(expected)
    if mine is None or theirs is None or mine[1][0].norm != r"\sim" \
            or theirs[1][0].norm != r"\sim" or not mine[2] or not theirs[2]:
        return expected
    law = named_law(_raw(mine[2]))
    if law is None or law == "chi-squared" or law != named_law(_raw(theirs[2])):
        return expected
    if mine[2][0].raw.startswith("\\chi") or len(mine[2]) < 2 or mine[2][1].raw not in ("(", r"\left("):
        return expected
    if len(theirs[2]) < 2 or theirs[2][1].raw not in ("(", r"\left("):
        return expected
    return theirs[0] + theirs[1] + [mine[2][0]] + theirs[2][1:]
