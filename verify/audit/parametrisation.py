"""A law written in its other parametrisation: a rate where the claim has a scale, or back.

The exponential, Gamma and Weibull laws are each written with a rate (lambda e^{-lambda x})
or with a scale, the rate's inverse ((1/theta) e^{-x/theta}); both are right, and a sheet
often says neither. A claim stated with one refutes the other form letter for letter, which
is no typo: before a refutation by such a claim stands, the formula is decided again with
each of its parameters read as its inverse. If one reading holds, the line is right in the
other parametrisation: unchecked, with both readings said (the words may have announced the
other one, but a refutation that rests on which of two conventions is in force is not sure).
"""
from __future__ import annotations

import re

from cheatsheet.match import split_relation
from cheatsheet.match.tokens import pretty, tokenize

# claims stated in one parametrisation of their law: their title names the parameter
_PARAMETRISED = re.compile(r"\b(?:rate|scale|mean as parameter)\b", re.I)
# letters that are no parameter of a law: Euler's e, differentials, the Gamma function
_NOT_PARAMETERS = {"e", "d", "Gamma", "exp", "pi"}
_MAX_LETTERS = 4  # readings tried per refutation (a law has one to three parameters)


def parametrised(claim) -> bool:
    """Is the claim stated in one of its law's parametrisations (rate or scale)?"""
    return claim is not None and bool(_PARAMETRISED.search(claim.title))


def inverse_readings(latex: str) -> list[tuple[str, str]]:
    """(letter, the formula with that letter read as its inverse) for each letter of its
    right side that may be a law's parameter: not its left side's arguments (the variable),
    not e or a differential. ``\\lambda e^{-\\lambda x}`` with lambda inverted is
    ``(1/lambda) e^{-x/lambda}`` in effect."""
    try:
        toks = tokenize(latex)
    except Exception:  # noqa: BLE001
        return []
    split = split_relation(toks)
    if split is None:
        return []
    left, right = split[0], split[2]
    variables, given = set(), False
    for t in left:  # p(x | lambda): x is the variable, lambda a parameter
        given = given or t.raw in ("|", r"\mid", ";")
        if t.ident is not None and not given:
            variables.add(t.ident)
    if not {t.ident for t in right} & (variables - {left[0].ident if left else None}):
        return []  # h(t) = lambda, E[X] = 1/lambda: no function of the variable, no law's form
    letters = []
    for t in right:
        if t.ident and t.ident not in variables and t.ident not in _NOT_PARAMETERS \
                and t.ident not in letters and (len(t.ident) == 1 or t.raw.startswith("\\")):
            letters.append(t.ident)
    out = []
    for letter in letters[:_MAX_LETTERS]:
        raw = next(t.raw for t in right if t.ident == letter)
        inverse = tokenize(rf"{{\left(\frac{{1}}{{{raw}}}\right)}}")  # (r^a: braced)
        n = len(left) + len(split[1])
        new = list(toks[:n]) + [x for t in toks[n:]
                                for x in (inverse if t.ident == letter else [t])]
        out.append((raw, pretty(new)))
        scaled = _divided(toks, n, letter, variables)
        if scaled:
            out.append((raw, scaled))
    return out


def _divided(toks, n: int, letter: str, variables: set) -> str:
    """The formula with a rate times the variable, (rho u), written as the variable over the
    scale, (u / rho): the same inverse reading in the shape scale claims have. '' where the
    letter stands in no such bracketed product."""
    out, k, done = list(toks[:n]), n, False
    while k < len(toks):
        a, b = toks[k], toks[k + 1] if k + 1 < len(toks) else None
        before = toks[k - 1].raw if k else ""
        after = toks[k + 2].raw if k + 2 < len(toks) else ""
        pair = b is not None and {a.ident, b.ident} == {letter} | ({a.ident, b.ident} & variables)
        if pair and a.ident != b.ident and before == "(" and after == ")":
            v = b if a.ident == letter else a
            rate = a if a.ident == letter else b
            out.extend(tokenize(rf"\frac{{{v.raw}}}{{{rate.raw}}}"))
            k, done = k + 2, True
            continue
        out.append(a)
        k += 1
    return pretty(out) if done else ""


def letter_name(raw: str) -> str:
    """A letter as a person reads it (kappa, not \\kappa)."""
    from pylatexenc.latex2text import LatexNodes2Text

    try:
        return LatexNodes2Text().latex_to_text(raw).strip() or raw
    except Exception:  # noqa: BLE001
        return raw
