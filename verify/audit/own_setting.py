"""A relation the sheet writes that is the claim's own setting, in the sheet's letters.

A heading "A dense layer $z = M a + c$, with $\\delta = \\partial J / \\partial z$" above
$\\partial J / \\partial a = M \\delta$ writes the very layer and error the claim "Backprop
through a dense layer z = Wx + b, with delta = dL/dz: dL/dx = W^T delta" is stated for: it
sets up no convention of its own, so the claim's refutation stands there as anywhere. The
relations a claim carries are those its title writes (``z = Wx + b``, ``delta = dL/dz``), its
premises (``\\eta = \\frac{1}{L}``) and its own form. The sheet's relation is one of them when
the two read token for token alike, the sheet's letters renamed one to one as the match reads
them (a letter the formula does not write, the bias c, may stand for any one the claim's
relation writes there, but two at least must be the formula's). Anything else
(``z = M^T a + c``) stays the sheet's own convention.
"""
from __future__ import annotations

import re

from cheatsheet.match import Candidate
from cheatsheet.match.tokens import tokenize

# "z = Wx + b", "delta = dL/dz": a name given a value in a title, up to the end of its clause
_RELATION = re.compile(r"(?:^|(?<=[\s,(]))([A-Za-z][A-Za-z0-9_^]*\s*=\s*[^,:;=]+?)"
                       r"(?=\s*(?:[,:;)]|$|\s(?:with|under|the|in|where|and|for)\s))")
_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "lambda", "mu", "nu",
          "xi", "pi", "rho", "sigma", "tau", "phi", "psi", "omega", "Sigma", "Phi", "Theta"}
# letters of the sheet's relation the formula itself must write (so that the match pins them):
# a bare ``u = 0`` under a heading is no one's setting in particular
_PINNED = 2
# a derivative's mark, however written (d, \partial, \mathrm{d})
_D = {"d", "\\partial", "\\mathrm{d}"}


def _plain(value: str) -> str:
    """A title's plain letters as LaTeX: mu -> \\mu; Wx -> W x (a product of two letters;
    dL stays, the tokeniser reads it as a derivative's mark and L)."""
    def word(m):
        w = m.group(0)
        if w in _GREEK:
            return f"\\{w}"
        return " ".join(w) if len(w) == 2 and w[0] != "d" else w
    return re.sub(r"(?<![A-Za-z\\])[A-Za-z]{2,}(?![A-Za-z])", word, value)


def _read_whole(relation: str) -> bool:
    """Is a title's relation read whole: its brackets closed, no words left in it (``w =
    X^+ y minimises`` ran on into the sentence; ``x = phi(W x_prev + b`` lost its end)?"""
    return relation.count("(") == relation.count(")") and not re.search(
        r"(?<![\\A-Za-z])[A-Za-z]{3,}", relation)


def claim_relations(claim) -> list[str]:
    """The relations (name = value) the claim states or assumes, as LaTeX."""
    out = [r for r in (_plain(m.group(1)) for m in _RELATION.finditer(claim.title))
           if _read_whole(r)]
    out += [a for a in claim.assume if a.count("=") == 1 and "\\neq" not in a]
    if claim.latex.count("=") == 1:
        out.append(claim.latex)
    return out


def _shape(latex: str) -> list | None:
    try:
        toks = [t for t in tokenize(latex) if t.norm or t.ident is not None]
    except Exception:  # noqa: BLE001 - what the tokeniser cannot split matches nothing
        return None
    return [("d", None) if t.norm in _D else (t.norm, t.ident) for t in toks]


def _alike(mine: list, theirs: list, mapping: dict) -> bool:
    """Token for token alike, the sheet's letters renamed one to one: as ``mapping`` reads
    a letter the formula writes, any one consistently for a letter it does not (at least
    _PINNED of them written by the formula)."""
    if len(mine) != len(theirs):
        return False
    ren, used = dict(mapping), set(mapping.values())
    if len({s for _, s in mine if s in mapping}) < _PINNED:
        return False
    for (n, s), (m, t) in zip(mine, theirs):
        if n != m or (s is None) != (t is None):
            return False
        if s is None:
            continue
        if s in ren:
            if ren[s] != t:
                return False
        elif t in used:
            return False
        else:
            ren[s] = t
            used.add(t)
    return True


def is_claims_setting(math: str, c: Candidate, claim) -> bool:
    """Is the sheet's relation ``math`` one the claim itself states or assumes, in the
    sheet's letters as the match reads them?"""
    if math.count("=") != 1:
        return False
    mine = _shape(math)
    if not mine:
        return False
    return any(_alike(mine, theirs, c.mapping)
               for theirs in map(_shape, claim_relations(claim)) if theirs)
