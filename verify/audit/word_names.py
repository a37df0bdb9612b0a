"""A left side that is a word naming the quantity: ``out = ...``, ``params = ...``.

Cribs and interview sheets name a result in words where the catalog has a letter: ``out =
floor((n + 2p - k)/s) + 1`` for a convolution's ``H_out``, ``params = (k^2 c + 1) K`` for a
layer's parameter count ``N``, ``\\text{receptive field} = ...``. Read whole, the word is a new
name, so the line "defines" it and nothing is checked. Like a table row's label or a
``Label: expr`` line, the word names the claim's left side, and the right sides are compared,
but only where the words are the claim's: each word of the name (its usual shortening
folded: out, params) is a word of the claim's title. A word naming something else (``loss =
...`` beside an output size) leaves the line read whole.
"""
from __future__ import annotations

import re

from cheatsheet.match.index import words_of

# shortenings cribs write for a quantity's name, folded to the word a title uses; only here
# (index.py's synonyms fold words everywhere, where "out" is also leave-one-out's)
_SHORT = {"out": "output", "outs": "output", "params": "parameter", "param": "parameter",
          "nparams": "parameter", "weights": "weight", "rf": ("receptive", "field"),
          "dims": "dimension", "dim": "dimension", "biases": "bias"}


def _said(name: str) -> frozenset:
    """The title words a label's name says (its shortenings folded)."""
    out = set()
    for w in name.lower().replace("_", " ").replace("#", " ").split():
        said = _SHORT.get(w, w)
        out |= set(said) if isinstance(said, tuple) else set(words_of(said))
    return frozenset(out)


def _slots(text: str, short: bool = False) -> list[frozenset]:
    """The folded words of a text in order, one set per word that says something."""
    out = []
    for w in re.findall(r"[^\W_]+(?:-[^\W_]+)*", text.lower()):
        said = _SHORT.get(w, w) if short else w
        for part in (said if isinstance(said, tuple) else (said,)):
            folded = words_of(part)
            if folded:
                out.append(folded)
    return out


def _a_phrase_of(name: str, title: str) -> bool:
    """Are the name's words, in order and one after another, a phrase of the title ("Gini
    impurity" of "Gini impurity of a decision tree node")? Words from two places of the title
    name two things: "posterior shape" under "posterior mean of the rate (prior with shape
    a)" is the posterior's shape parameter, not the posterior mean."""
    mine, theirs = _slots(name, short=True), _slots(title)
    if len(mine) <= 1:
        return True
    return any(all(m <= t for m, t in zip(mine, theirs[k:k + len(mine)]))
               for k in range(len(theirs) - len(mine) + 1))


def word_named(lhs: list, claim) -> bool:
    """Is the left side one name in words (``\\text{out}``) whose every word is a word of the
    claim's title, its words of several a phrase of the title?"""
    body = [t for t in lhs if t.norm or t.ident is not None]
    if len(body) != 1 or not body[0].norm.startswith("text:"):
        return False
    raw = body[0].raw  # (the norm drops the spaces between words)
    name = raw[raw.find("{") + 1:raw.rfind("}")] if "{" in raw else body[0].norm[5:]
    said = _said(name)
    return bool(said) and said <= words_of(claim.title) and _a_phrase_of(name, claim.title)
