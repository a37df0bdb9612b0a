"""How many arguments a left side's call takes, so a label reading keeps the sheet's function.

A left side read as a label (``H(X) = ...`` naming the claim's ``H(p)``) is replaced by the
claim's own left side. When the claim calls a function of the same name with another number
of arguments (a signal's ``TV(u)`` beside the claim's ``TV(p, q)``, an entropy ``H(X)`` beside
a cross-entropy ``H(p, q)``), that replacement changes which function the line speaks of: it
is no reading of the line, and the claim's check must not judge the line through it.
"""
from __future__ import annotations

from cheatsheet.match.tokens import Tok

# what separates two arguments of a call: a comma, a divergence's double bar, and the
# intersection of events (P(A \cap B) is the joint P(A, B): the same call, two arguments)
_SEPARATORS = {",", "\\|", "\\cap"}
# what sets parameters or a condition apart (N(x; mu, Sigma), p(x | theta)): sheets drop or
# add these freely (N(mu, sigma^2) names the law whose density N(x; mu, Sigma) is), so a call
# that writes one is not counted
_PARTS = {";", "|"}


def _head(t: Tok) -> str | None:
    return t.norm or t.ident or None


def call(lhs: list[Tok]) -> tuple[str, int] | None:
    """(the head's name, how many arguments) of a left side ``f(a, b)`` / ``f_k(a)``, or None
    when it is no such call or sets parameters or a condition apart."""
    body = [t for t in lhs if t.norm or t.ident is not None]
    if len(body) < 3 or body[-1].norm != ")":
        return None
    head, k = _head(body[0]), 1
    if head is None or head in ("(", ")"):
        return None
    if body[k].norm == "_":
        k += 2
    if k >= len(body) or body[k].norm != "(":
        return None
    depth, seps = 0, 0
    for j in range(k, len(body)):
        n = body[j].norm
        if n in ("(", "[", "{"):
            depth += 1
        elif n in (")", "]", "}"):
            depth -= 1
            if depth == 0 and j != len(body) - 1:
                return None  # f(x) g(y): not one call
        elif depth == 1 and n in _SEPARATORS:
            seps += 1
        elif depth == 1 and n in _PARTS:
            return None  # parameters or a condition, or a bar of |x|: not counted
    return head, 1 + seps


def changes_arity(sheet_lhs: list[Tok] | None, claim_lhs: list[Tok] | None) -> bool:
    """Whether the claim's left side calls the sheet's function by name with another number of
    arguments (reading one as the other would put the claim's arguments on the sheet's call)."""
    if not sheet_lhs or not claim_lhs:
        return False
    own, theirs = call(sheet_lhs), call(claim_lhs)
    return own is not None and theirs is not None and own[0] == theirs[0] and own[1] != theirs[1]
