"""Where a name given a value stops meaning that value: a later formula uses it as another
kind of thing than its value is.

"SVD: $X = U S V^\\top$" with U and V declared as matrices gives X the value of a matrix
product; a box on information further down writes $H(X \\mid Y)$ or $I(X; Y)$, where X is a
random variable again. Putting the product in there reads a statement about entropies as one
about a matrix, and any verdict on it speaks of nothing the sheet says. A name whose value is
a matrix factorisation (a product of capitals, one transposed) is not carried to a formula
that takes that name as a random variable: the argument of an entropy, an information or a
divergence, of an expectation, a variance or a probability, or the left of a ``\\sim``. A
value that may be random itself is carried as before (X = L Z with Z standard normal; an
estimator (X^T X)^{-1} X^T y, random with y, under Var(...)).
"""
from __future__ import annotations

import re

from cheatsheet.symbols import RANDOM_DOMAINS

_CAPITAL = (r"(?:\\(?:mathbf|bm|boldsymbol)\s*\{\s*)?(?:[A-Z]|\\(?:Sigma|Lambda|Phi|Psi|Gamma|"
            r"Theta|Omega|Delta|Pi|Xi|Upsilon))\s*\}?(?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?")
_TRANSPOSE = r"\s*\^\s*\{?\s*(?:\\top|\\intercal|T|\\mathsf\s*\{\s*T\s*\})\s*\}?"
_POWER = r"\s*\^\s*(?:\{\s*-?[0-9/]+\s*\}|-?[0-9])"
_FACTOR = rf"{_CAPITAL}(?:{_TRANSPOSE}|{_POWER})?"
# a factorisation: U S V^T, Q \Lambda Q^\top, \mathbf{U}_r \mathbf{D}_r \mathbf{V}_r^T
_FACTORISATION = re.compile(rf"^\s*{_FACTOR}(?:(?:\s|\\[,;!]|\\cdot)*{_FACTOR})+\s*$")
# heads whose argument is a random variable: entropies, information, divergences, moments,
# probabilities (the name follows the opening bracket, perhaps after other arguments)
# (a plain letter only with its bracket right after it: P_{k|k-1} (I - K H) is a product)
_RANDOM_HEADS = (r"(?<![\\A-Za-z])(?:H|h|I|D|E|P|Pr)(?:_\{?[^{}\s]*\}?)?(?=\\left|[(\[])"
                 r"|\\(?:Pr|mathbb\s*\{\s*[EPV]\s*\}|mathsf\s*\{\s*[EPV]\s*\}|operatorname\s*"
                 r"\{\s*(?:Var|Cov|var|cov|E)\s*\}|mathrm\s*\{\s*(?:Var|Cov|E)\s*\}|E|Var|Cov)")
# letters in a font that names sets or laws (\mathcal{H}, \mathbb{R}): no use of the name
_FONT_LETTER = re.compile(r"\\(?:mathcal|mathscr|mathbb|mathfrak)\s*\{[^{}]*\}")
_OPEN = r"\s*(?:\\left\s*)?[(\[]"


def matrix_value(body: str, symbols: dict) -> bool:
    """Is the value a matrix factorisation: a product of capital letters, one of them
    transposed (U S V^T, Q Lambda Q^T), none the sheet declares random? (X = L Z with Z
    standard normal is a random vector; (X^T X)^{-1} X^T y an estimator, random with y.)"""
    if not _FACTORISATION.match(body) or not re.search(_TRANSPOSE, body):
        return False
    letters = re.findall(r"\\[A-Za-z]+|[A-Za-z]", re.sub(r"\\(?:mathbf|bm|boldsymbol)", "", body))
    kinds = [symbols.get(n.lstrip("\\"), symbols.get(n, "")) for n in letters]
    return not any(k.split("(")[0] in RANDOM_DOMAINS for k in kinds)


def used_as_random(latex: str, name: str) -> bool:
    """Does the formula take ``name`` as a random variable: inside the brackets of an
    entropy, information, divergence, expectation, variance or probability, or as what a
    ``\\sim`` declares?"""
    bare = rf"(?<![\\A-Za-z]){re.escape(name)}(?![A-Za-z])"
    if re.search(bare + r"\s*(?:_\{?[^{}\s]*\}?)?\s*\\sim(?![A-Za-z])", latex):
        return True
    for m in re.finditer(rf"(?:{_RANDOM_HEADS}){_OPEN}", latex):
        if re.match(bare, m.group(0)):
            continue  # (P(I - P) = 0 after P = ...: the name's own value applied, no law)
        inside = _FONT_LETTER.sub(" ", _bracketed(latex, m.end()))
        if re.search(bare, inside):
            return True
    return False


def _bracketed(latex: str, start: int) -> str:
    """What the bracket opened just before ``start`` holds."""
    depth = 1
    for k in range(start, len(latex)):
        ch = latex[k]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return latex[start:k]
    return latex[start:]


def still_meant(d, latex: str, symbols: dict) -> bool:
    """Does the value ``d`` gives its name still hold in ``latex``: not where the formula
    takes a name whose value is a fixed matrix as a random variable."""
    if d.variable is not None:
        return True
    name = re.sub(r"\\(?:mathbf|boldsymbol|bm|mathrm)\s*\{\s*(\\?[A-Za-z]+)\s*\}", r"\1",
                  d.name).strip()
    return not (matrix_value(d.body, symbols) and used_as_random(latex, name))
