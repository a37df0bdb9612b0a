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
from cheatsheet.match import split_relation, tokenize
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


def law_unsure(c, claim) -> str:
    """Why a law statement refuted under the law claim ``claim`` is not surely that claim's
    typo ('' when nothing says so): random vectors where the claim has scalars, a parameter
    of the claim's law the sheet does not write (a sheet's \\pi for p is read as the number),
    or a power of the claim's (a variance) renamed to a letter the sheet writes bare."""
    if claim.check != LAW_CHECK:
        return ""
    # (the canonical form: the candidate's form may be a recorded typo, sigma_1 + sigma_2)
    mine, theirs = split_relation(c.sheet_tokens), split_relation(tokenize(claim.latex))
    if mine is None or theirs is None:
        return ""
    if _vectors(mine[0]):
        return "it states the law of random vectors; the claim is about numbers"
    left_out = sorted({t.ident for t in theirs[2] if t.ident}
                      - set(dict(c.mapping).values()))
    if left_out:  # (Bin(w, \pi) for Bin(n, p): \pi may be the sheet's name for p)
        some = "a parameter" if len(left_out) == 1 else "parameters"
        return (f"it leaves out {', '.join(left_out)}, {some} of the claim's law (the sheet "
                "may name it otherwise)")
    if _power_named(mine[2], theirs[2], dict(c.mapping)):
        return ("a letter it writes plainly stands for a square in the claim (it may name the "
                "variance itself)")
    return ""


_BOLD = ("\\mathbf", "\\boldsymbol", "\\bm", "\\vec")


def _vectors(lhs) -> bool:
    """Bold variables on the left: a statement about random vectors, while the law claims and
    their check are about scalar variables (z_1 + z_2 ~ N(m_1 + m_2, C_1 + C_2) is right)."""
    return any(t.raw.startswith(_BOLD) for t in lhs)


def _power_named(mine, theirs, mapping: dict) -> bool:
    """Does the sheet write bare, under another letter, a parameter the claim's law takes as a
    power (v_1 + v_2 where the claim has sigma_1^2 + sigma_2^2)? The sheet may name the power
    itself (v the variance, as its own premise N(m_i, v_i) may say): two readings, so the
    refutation (v where v^2 belongs) is not sure. The claim's own letter written bare
    (sigma_1 + sigma_2) has one reading and stays a sure typo."""
    def idents(toks, powered):
        return {t.ident for k, t in enumerate(toks) if t.ident and powered == (
            k + 1 < len(toks) and toks[k + 1].norm == "^")}

    claim_powered, sheet_bare = idents(theirs, True), idents(mine, False)
    return any(s != f and f in claim_powered and s in sheet_bare for s, f in mapping.items())


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
