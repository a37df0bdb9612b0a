"""Which function of a law a formula states, and whether a claim states the same one.

A law has several functions of one variable: its CDF F(x) = P(X <= x), its survival function
1 - F(x), its density, its hazard, its quantile function. Each is the other's typo only in
appearance: the Weibull survival function's recorded typo 1 - e^{-(y/b)^k} is the Weibull CDF
said right, and e^{-lambda x} written as a CDF resembles the exponential density more than the
CDF. A formula whose left side calls a function (G(y), F_X(x)) and whose own words name which
function it is ("CDF:", "survival function") states that function; a claim of another one
decides another statement, and is no reading of it. Where the words name none, F is the CDF
and S the survival function by convention. A CDF is read as the probability P(X <= x) the
catalog's CDF claims state.
"""
from __future__ import annotations

import re

from cheatsheet.match import split_relation
from cheatsheet.match.tokens import group_end

# (name, pattern) in the order they are looked for: a longer name first, and its words taken
# out before the next is looked for ("cumulative hazard" is no hazard and no CDF)
_FUNCTIONS = (
    ("cumulative hazard", r"cumulative[- ]+hazard|integrated[- ]+hazard"),
    ("quantile function", r"quantile|inverse[- ]+(?:cdf|distribution function)|percent[- ]+point"),
    # (the survival function before the CDF: "complementary CDF" names no CDF)
    ("survival function", r"surviv|reliabilit(?:y|ies)(?![- ]+diagram)|\btail[- ]+"
                          r"(?:function|probabilit)|complementary[- ]+(?:cdf|cumulative|"
                          r"distribution)|\bccdf\b"),
    ("CDF", r"\bc\.?d\.?fs?\b|cumulative[- ]+distribution|(?<!probability )(?<!density )"
            r"\bdistribution[- ]+functions?\b"),
    ("hazard", r"hazard|failure[- ]+rate"),
    ("density", r"densit|\bp\.?d\.?fs?\b"),
    ("mass function", r"mass[- ]+function|\bp\.?m\.?fs?\b"),
)

# the letters that name a law's function by near-universal convention (F_bar: \bar F, the
# complementary CDF)
_LETTERS = {"F": "CDF", "S": "survival function", "F_bar": "survival function"}


def functions_named(text: str) -> set[str]:
    """The functions of a law the words speak of."""
    found, rest = set(), text
    for name, pattern in _FUNCTIONS:
        rest, n = re.subn(pattern, " ", rest, flags=re.I)
        if n:
            found.add(name)
    return found


def claim_function(claim) -> str | None:
    """The one function of a law the claim states: its title's, or the CDF where its left side
    is P(X <= x) and its title names none; None for any other claim."""
    named = functions_named(claim.title)
    if len(named) == 1:
        return next(iter(named))
    if not named and re.match(r"\s*P\s*\(\s*[A-Z]\s*\\le(?:q)?\s+[a-z]\s*\)\s*=", claim.latex):
        return "CDF"
    return None


def own_words(seg) -> str:
    """The words that say what this one formula is: its own block's words before it, or the
    label line above a display that opens its block. A table cell's are its row's and
    column's, read elsewhere (cells.py): none here."""
    if seg.cell:
        return ""
    before = re.sub(r"\$[^$]*\$", " ", seg.before or "")
    return before if re.search(r"[A-Za-z]{2}", before) else (seg.lead or "")


def called_letter(toks) -> str | None:
    """The letter a left side calls and nothing more (G(y), F_X(x), S(t)), or None; a
    probability P(...) is no function letter."""
    split = split_relation(toks)
    if split is None:
        return None
    left = [t for t in split[0] if t.norm or t.ident is not None]
    if len(left) < 3 or left[0].ident in (None, "P", "Pr"):
        return None  # (P(X > t) says itself which probability it is, whatever the words)
    k = 1
    if left[k].norm == "_":
        k = group_end(left, k + 1)
    if k >= len(left) or left[k].raw != "(" or left[-1].raw != ")":
        return None
    depth = 0
    for j in range(k, len(left)):
        depth += {"(": 1, ")": -1}.get(left[j].raw, 0)
        if depth == 0:
            return left[0].ident if j == len(left) - 1 else None
    return None


def function_clash(c, claim, words: str) -> str:
    """Why the candidate states another function of a law than the formula, or ''.

    The formula's left side calls a letter; its own words name one function of a law and the
    claim states another (a CDF read as a survival function or a density)."""
    theirs = claim_function(claim)
    letter = called_letter(c.sheet_tokens)
    if theirs is None or letter is None:
        return ""
    mine = functions_named(words)
    if not mine and _LETTERS.get(letter) not in (None, theirs):
        # F(y) = e^{-(y/b)^k} beside no word: F is by convention the CDF
        return f"it names its function {letter}, by convention the {_LETTERS[letter]}, " \
               f"where the claim states the {theirs}"
    if len(mine) != 1 or theirs in mine:
        return ""
    return f"its words call it the {next(iter(mine))}, the claim states the {theirs}"


def as_probability(latex: str, words: str) -> tuple[str, str, str] | None:
    """The formula with its CDF or survival function spelled out as the probability it is,
    the left side it replaced, and which function it is: ``F(x) = 1 - e^{-x/b}`` is
    P(X <= x) = 1 - e^{-x/b}, and ``S(t) = e^{-a t}`` under words calling it the survival
    function is P(X > t) = e^{-a t}, which the catalog's CDF claims state (a CDF whose 1 - was
    dropped resembles the density more, and the density's check says nothing about a CDF).

    A CDF where the left side calls one letter that its own words call the CDF, or F where they
    name no function of a law; a survival function where they call it that, or \\bar F (the
    complementary CDF) where they name none. S alone is not enough: a sigmoid S(x) under a
    logistic law is its CDF. X is the subscript of F_X(x), else a capital the formula does not
    use. None otherwise."""
    from cheatsheet.match.tokens import tokenize

    try:
        toks = tokenize(latex)
    except Exception:  # noqa: BLE001
        return None
    letter = called_letter(toks)
    named = functions_named(words)
    if letter is None:
        return None
    if named == {"CDF"} or (not named and letter == "F"):
        function, relation = "CDF", r"\leq"
    elif named == {"survival function"} or (not named and letter == "F_bar"):
        function, relation = "survival function", ">"
    else:
        return None
    m = re.match(r"\s*(?P<name>\\(?:bar|overline)\s*\{?\s*[A-Za-z]\s*\}?|[A-Za-z]|"
                 r"\\[A-Za-z]+)\s*(?:_\s*(?:\{\s*(?P<sub1>[A-Z])\s*\}|"
                 r"(?P<sub2>[A-Z])))?\s*\(\s*(?P<arg>[a-z])\s*\)\s*=(?!=)", latex)
    if m is None:
        return None
    rest = latex[m.end():]
    variable = m.group("sub1") or m.group("sub2") or next(
        (v for v in "XYTZ" if not re.search(rf"(?<![\\A-Za-z]){v}(?![A-Za-z])", rest)), None)
    if variable is None or "=" in rest:
        return None
    return (rf"P({variable} {relation} {m.group('arg')}) = {rest.strip()}",
            latex[:m.end() - 1].strip(), function)


def complement(right: str) -> str:
    """1 minus a right side, in the sheet's letters: 1 - e^{-a t} gives e^{-a t}, a right side
    of several terms is put in parentheses (the survival function from a CDF's right form)."""
    from cheatsheet.match.tokens import tokenize

    m = re.match(r"\s*1\s*-\s*(?P<rest>.+)$", right, re.S)
    if m is not None:
        rest = m.group("rest").strip()
        try:
            toks = tokenize(rest)
        except Exception:  # noqa: BLE001
            toks = None
        depth, top = 0, False
        for t in toks or ():
            depth += {"(": 1, "{": 1, "[": 1, ")": -1, "}": -1, "]": -1}.get(t.raw, 0)
            top = top or (depth == 0 and t.raw in ("+", "-"))
        if toks and not top:
            return rest
    return f"1 - \\left({right.strip()}\\right)"
