"""A name before brackets that hold the same name as a value multiplies them: ``q(1 - q)``,
``h(1 - h)``, ``p_k(1 - p_k)``, ``\\sigma(1 - \\sigma)``.

Sheets write the Bernoulli variance ``p(1 - p)`` and the sigmoid's slope ``h(1 - h)`` so.
Read as a call, ``q(1 - q)`` would apply a function q to an expression in the value q, which no
notation means; ``p(1 - p)`` would be the probability of the number 1 - p.  Where the name
inside is itself called (``f(f^{-1}(y))``, ``F(F^{-1}(u))``) it is a function, and the call
stands.  A declared function stays a function; a primed name (``g'(1 - 2g)``) is left to the
derivative's reading.
"""
from __future__ import annotations

import re

# a superscript the name may carry before its own call inside: f^{-1}(y), F^{-1}(u), f^2(x)
_CALLED_AFTER = re.compile(r"\s*(?:\^\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+|-1))?\s*(?:\\left\s*)?[(\[]")


def _plain(text: str) -> str:
    """Spaces out, one-token subscript braces off (``p_{k}`` is ``p_k``)."""
    text = re.sub(r"\s+", "", text)
    return re.sub(r"_\{(\\?[A-Za-z0-9]+)\}", r"_\1", text)


def holds_as_value(name: str, inside: str) -> bool:
    """Does ``inside`` (a bracket's text) use ``name`` (as written, maybe subscripted) as a
    value, not only as a function it calls?"""
    name, inside = _plain(name), _plain(inside)
    if not name:
        return False
    pattern = rf"(?<![\\A-Za-z]){re.escape(name)}(?![A-Za-z0-9_'])"
    return any(not _CALLED_AFTER.match(inside, m.end()) for m in re.finditer(pattern, inside))


class SelfProductsMixin:
    def multiplies_itself(self, F, head, group) -> bool:
        """Is ``head`` (an undeclared function name, the plain p or \\sigma, F its reading) followed by
        a bracket ``group`` that uses the head's own name as a value?"""
        if F.get("primes") or F.get("bold"):
            return False
        undeclared = F.get("kind") == "function" and F.get("func") is None \
            and F.get("decl") is None and F.get("name") not in self.user
        if not (undeclared or F.get("kind") == "op" and F.get("op") in ("P", "sigmoid")):
            return False
        base, posts = self.peel(head)
        if base.data not in ("letter", "cmd") or any(p[0] != "subscr" for p in posts):
            return False
        return holds_as_value(self.raw(head), self.raw(group))
