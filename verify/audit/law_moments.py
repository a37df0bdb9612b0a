"""A conditional normal law written with its moments, read as the claims that state each moment.

``p(w \\mid X, y) = \\mathcal{N}(m, S)``, ``\\theta \\mid \\mathcal{D} \\sim \\mathcal{N}(m, S)`` and
``q(z | x) = \\mathcal{N}(z; m, S)`` say that the mean of the variable given what it is
conditioned on is m and its covariance (a scalar's variance) is S.  The catalog states such
moments as equations of their own (the posterior mean of Bayesian linear regression, a GP's
predictive variance, a factor model's posterior covariance), so the law as written resembles
none of them closely.  Here each moment is put as the right side of the claims whose titles
name that moment of a posterior, conditional or predictive law, with the claim's own left side
(the shorthand a named left side is: the right sides are compared).  A moment's reading counts
only when the claim that decides it is one of those claims; the matcher's sure-match gates
apply to it as to any formula.
"""
from __future__ import annotations

import re

from cheatsheet.match import split_relation
from cheatsheet.match.tokens import rebuild, tokenize

# the law's head: p(v | c) = N(...), v | c ~ N(...)
_DENSITY = re.compile(r"^\s*[pPqQ]\s*(?:_\{?[^{}=]*\}?)?\s*(?:\\left\s*)?\(\s*(?P<var>[^()|]+?)"
                      r"\s*(?:\\mid|\||\\vert)\s*(?P<given>.+?)\s*(?:\\right\s*)?\)\s*=\s*")
_SIMILAR = re.compile(r"^\s*(?P<var>[^|~=]+?)\s*(?:\\mid|\||\\vert)\s*(?P<given>[^~=]+?)\s*"
                      r"\\sim(?![A-Za-z])\s*")
_NORMAL = re.compile(r"^(?:\\mathcal\s*\{\s*N\s*\}|\\mathcal\s*N|\\mathrm\s*\{\s*N\s*\}|"
                     r"\\text\s*\{\s*N\s*\}|N)\s*(?:\\left\s*)?\(")
# titles of claims stating a moment of a law given something
_GIVEN = re.compile(r"\b(posterior|conditional|predictive)\b", re.I)
_MEAN = re.compile(r"\bmean\b", re.I)
_SPREAD = re.compile(r"\b(covariance|variance)\b", re.I)
_NOT_A_MOMENT = re.compile(r"\b(?:precision(?! form)|sampling|step|gain|and)\b", re.I)


def _closing(text: str, start: int) -> int:
    """Index of the bracket closing the one opened just before ``start`` (-1 if none)."""
    depth = 1
    k = start
    while k < len(text):
        ch = text[k]
        if text.startswith("\\{", k) or text.startswith("\\}", k):
            k += 2
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return k
        k += 1
    return -1


def _top_split(text: str, seps: str) -> list[str]:
    out, depth, last = [], 0, 0
    for k, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch in seps and depth == 0 and text[k - 1:k] != "\\":
            out.append(text[last:k])
            last = k + 1
    out.append(text[last:])
    return [p.strip() for p in out]


def normal_moments(latex: str) -> tuple[str, str, str] | None:
    """(the variable, its mean, its covariance) of a conditional normal law written as a whole
    formula, or None.  The density's own argument may be repeated first (``N(z; m, S)``,
    ``N(z | m, S)``); a law of anything but a plain conditional is no such statement."""
    head = _DENSITY.match(latex) or _SIMILAR.match(latex)
    if head is None:
        return None
    var = head.group("var").strip()
    rest = latex[head.end():]
    law = _NORMAL.match(rest)
    if law is None:
        return None
    end = _closing(rest, law.end())
    if end < 0 or rest[end + 1:].strip(" .,;"):
        return None
    inside = re.sub(r"\\(?:mid|vert)(?![A-Za-z])", "|", rest[law.end():end])
    first = _top_split(inside, ";|")
    if len(first) == 2:  # N(z; m, S): the density's argument, then the moments
        if first[0].replace(" ", "") != var.replace(" ", ""):
            return None
        inside = first[1]
    elif len(first) > 2:
        return None
    args = _top_split(inside, ",")
    if len(args) != 2 or not all(args):
        return None
    return var, args[0], args[1]


def _left_side(claim) -> str | None:
    """The claim's left side where it names one quantity (not a precision or a ratio), or
    None."""
    try:
        split = split_relation(tokenize(claim.latex))
    except Exception:  # noqa: BLE001 - a claim the tokeniser cannot split names nothing
        return None
    if split is None or split[1][0].norm != "=":
        return None
    left = rebuild(split[0]).strip()
    if not left or re.search(r"\\frac|\^\s*\{?\s*-|,|=|\\implies", left):
        return None
    return left


def moment_claims(catalog) -> dict[str, list[tuple[str, str]]]:
    """'mean' / 'spread' -> [(claim id, its left side)] of the claims stating that moment of a
    posterior, conditional or predictive law."""
    out: dict[str, list[tuple[str, str]]] = {"mean": [], "spread": []}
    for claim in catalog:
        title = claim.title or ""
        if not _GIVEN.search(title) or _NOT_A_MOMENT.search(title):
            continue
        left = _left_side(claim)
        if left is None:
            continue
        if _MEAN.search(title) and not _SPREAD.search(title):
            out["mean"].append((claim.id, left))
        elif _SPREAD.search(title) and not _MEAN.search(title):
            out["spread"].append((claim.id, left))
    return out


def prior_of(law: str, var: str) -> bool:
    """Is the law clause (``w \\sim \\mathcal{N}(0, S)``) one of the variable the formula's
    law is conditional of: its prior?  A moment of the posterior does not contain the
    variable, so the prior cannot be imposed on the moment's check, nor is it needed: its
    parameters enter the moments as letters the match must place."""
    head = re.split(r"\\sim(?![A-Za-z])", law, maxsplit=1)[0]
    return head.replace(" ", "") == var.replace(" ", "")


def readings(latex: str, catalog) -> list[tuple[str, str, frozenset]] | None:
    """(moment, the formula read as a claim's statement of it, the claims stating that
    moment) for each moment of the law the formula writes and each left side the catalog
    states that moment with; None when the formula writes no conditional normal law."""
    found = normal_moments(latex)
    if found is None:
        return None
    _, mean, spread = found
    claims = moment_claims(catalog)
    out = []
    for moment, value in (("mean", mean), ("spread", spread)):
        ids = frozenset(claim_id for claim_id, _ in claims[moment])
        for left in dict.fromkeys(left for _, left in claims[moment]):
            out.append((moment, f"{left} = {value}", ids))
    return out


def in_the_law(latex: str, moment: str, expected: str) -> str | None:
    """The law as the formula writes it with the moment's right value (``expected``: the
    claim's equation for that moment) in its place, or None where it cannot be placed."""
    found = normal_moments(latex)
    if found is None or "=" not in expected:
        return None
    _, mean, spread = found
    right = expected.split("=", 1)[1].strip()
    end = latex.rfind(spread)
    at = latex.rfind(mean, 0, end) if moment == "mean" else end
    old = mean if moment == "mean" else spread
    if at < 0 or not right:
        return None
    return latex[:at] + right + latex[at + len(old):]
