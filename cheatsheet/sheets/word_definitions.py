"""Names a sheet defines in words rather than in math: "Normal with variance $v$: ...",
"with $I_n(\\theta)$ the information of the whole sample", "with condition number $\\kappa$".

Read letter by letter, v is taken for the claim's sigma and the textbook density
1/sqrt(2 pi v) exp(-(x - mu)^2 / 2v) for a typo; the words say v IS sigma^2. These readers
turn such words into the same Definitions the math ones are (definitions.py), so the
formula can be decided with the value put in (verify/audit/defined.py).

The sheet reader hands the words without their math ("Normal with variance : its density
is"), so a parameter is paired with its name only where the words and names of the formula's
own line are kept apart: the formulas before it on the line, each with the words just before
it. A definition read here reaches the formula it stands beside, nothing further.
"""
from __future__ import annotations

import re

from .definitions import Definition

# one name: v, \tau, \Lambda, v_0, \mathbf{S} (no operator, no number)
_BARE = re.compile(r"^(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*\\?[A-Za-z]+\s*\}|\\[A-Za-z]+|[A-Za-z])"
                   r"(?:_\{?[A-Za-z0-9]+\}?)?$")
# (a command that is no name: \cdot, \in, ...)
_NOT_NAMES = {r"\cdot", r"\in", r"\sim", r"\to", r"\times", r"\infty", r"\pi", r"\ell",
              r"\log", r"\ln", r"\exp", r"\top", r"\sum", r"\prod", r"\int"}
# the law's parameter a phrase names, as the catalog's claims write it; a sample's or an
# estimate's mean or variance is another quantity than the law's
_NOT_THE_LAWS = r"(?<!sample )(?<!empirical )(?<!estimated )(?<!sample's )"
_PARAMETERS = [
    (re.compile(_NOT_THE_LAWS + r"\bvariance$", re.I), r"\sigma^2"),
    (re.compile(_NOT_THE_LAWS + r"(?:\bstandard deviation|\bstd\.?|\bs\.d\.)$", re.I), r"\sigma"),
    (re.compile(_NOT_THE_LAWS + r"\bmean$", re.I), r"\mu"),
    (re.compile(r"\bprecision matrix$", re.I), r"\Sigma^{-1}"),
    (re.compile(_NOT_THE_LAWS + r"\bcovariance(?: matrix)?$", re.I), r"\Sigma"),
]
# what may join two parameters: "with mean $m$ and variance $s$", "mean $m$, variance $s$"
_JOINER = re.compile(r"(?:\s|,|;|\band\b|\bwith\b)*$", re.I)


def is_name(latex: str) -> bool:
    latex = latex.strip()
    return bool(_BARE.match(latex)) and latex.split("_")[0] not in _NOT_NAMES


def parameters_named(line_words: str, line_math: str, line: int) -> list[Definition]:
    """The law's parameters the words name just before the names written before this formula
    on its line: "Normal with mean $m$ and variance $s$:" gives m = mu and s = sigma^2.

    ``line_math`` and ``line_words`` are the formulas before this one on its line and the
    words just before each, each joined with spaces; read from the end, each name is paired
    with the phrase that ends the words before it, as long as the names are single names
    and the words between are only joiners ("and", ",")."""
    names, words, out = line_math.split(), line_words, []
    first = True
    while names and is_name(names[-1]):
        said = words.rstrip() if first else _JOINER.sub("", words)
        first = False
        for phrase, body in _PARAMETERS:
            m = phrase.search(said)
            if m:
                break
        else:
            break
        name = names.pop()
        if not _uses(body, name):
            out.append(Definition(name, None, body, line))
        words = said[:m.start()]
    return out


def _uses(body: str, name: str) -> bool:
    """Does the value use the name itself (mean $\\mu$: nothing to put in)?"""
    bare = name.strip()
    pattern = (r"(?<!\\)" if bare.startswith("\\") else r"(?<![\\A-Za-z])") + re.escape(bare) \
        + r"(?![A-Za-z])"
    return bool(re.search(pattern, body))


# I_n(theta) with words saying it is the information of the whole sample (Wasserman,
# Casella-Berger): n times one draw's information
_SAMPLE_INFO_NAME = re.compile(r"(?<![\\A-Za-z])(I_\{?n\}?)\s*\(\s*([^(),]+?)\s*\)")
_SAMPLE_INFO_WORDS = re.compile(
    r"information\s+(?:of|in|from|contained\s+in|carried\s+by)\s+(?:the\s+|a\s+)?"
    r"(?:whole\s+|entire\s+|full\s+|i\.?i\.?d\.?\s+)?(?:sample|data\b|n\s+(?:i\.?i\.?d\.?\s+)?"
    r"(?:observations|draws|samples|points|data))"
    r"|\b(?:whole|entire|full)\s+sample(?:'s)?\s+(?:Fisher\s+)?information"
    r"|\bsample(?:'s)?\s+(?:Fisher\s+)?information", re.I)


def sample_information(latex: str, words: str, line: int) -> Definition | None:
    """I_n(theta) = n I(theta), where the formula writes I_n and its words say it is the
    whole sample's information."""
    m = _SAMPLE_INFO_NAME.search(latex)
    if m is None or not _SAMPLE_INFO_WORDS.search(words):
        return None
    name, var = m.groups()
    return Definition(name, var, f"n I({var})", line)


# "writing $\kappa$ for the ratio of $L$ to $\mu$", "$Q$, the ratio of $L$ to $\mu$": the words
# of the three names, joined, end so
_RATIO_OF = re.compile(r"\bratio\s+(?:of\s+)?to\s*$", re.I)


def ratio_named(line_words: str, line_math: str, line: int) -> Definition | None:
    """K = A/B where the formulas before this one on its line end with the names K, A, B and
    the words say "K for the ratio of A to B"."""
    names = line_math.split()
    if len(names) < 3 or not all(is_name(n) for n in names[-3:]) \
            or not _RATIO_OF.search(line_words):
        return None
    k, a, b = names[-3:]
    if k in (a, b):
        return None
    return Definition(k, None, f"{a}/{b}", line)


_CONDITION_NUMBER = re.compile(r"\bcondition(?:ing)?\s+number\b", re.I)
_RATIO = re.compile(r"\bratio\b", re.I)
_KAPPA = re.compile(r"(?<!\\)\\kappa(?![A-Za-z])")


def condition_number(latex: str, words: str, roles: dict) -> tuple[Definition | None, bool]:
    """kappa = L/mu where the formula writes kappa, the words call it the condition number
    or a ratio, and the sheet's words bind L to the smoothness and mu to the strong
    convexity ("mu-strongly convex with L-Lipschitz gradient"). The second value says
    whether the order is sure: "the condition number" is the larger over the smaller, while
    "the ratio of [L] to [mu]" reaches here without its letters, so which is on top is not
    known."""
    if not _KAPPA.search(latex):
        return None, False
    sure = bool(_CONDITION_NUMBER.search(words))
    if not sure and not _RATIO.search(words):
        return None, False
    by_role = {}
    for letter, role in roles.items():
        by_role.setdefault(role, []).append(letter)
    smooth, strong = by_role.get("smooth", []), by_role.get("strongly convex", [])
    if len(smooth) != 1 or len(strong) != 1:
        return None, False
    top, bottom = (_latex_letter(smooth[0]), _latex_letter(strong[0]))
    if _uses(latex, top) or _uses(latex, bottom):
        return None, False  # (a formula in kappa and L both: kappa may be anything)
    return Definition(r"\kappa", None, rf"{top}/{bottom}", 0), sure


def _latex_letter(letter: str) -> str:
    return letter if len(letter) == 1 else "\\" + letter
