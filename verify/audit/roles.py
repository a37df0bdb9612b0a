"""Which letter plays which role, as the sheet's words and the claim's say.

Optimisation sheets name their constants by the property they bound: "$\\beta$-smooth and
$\\alpha$-strongly convex" (Bubeck), "$mI \\preceq \\nabla^2 f \\preceq MI$" (Boyd), "L-smooth,
mu-strongly convex" (most courses). The matcher aligns letters by position, so it may read
(1 - alpha/beta)^k with alpha as the claim's step and beta as its mu, and then call a textbook
rate a typo; or read the inverted ratio (1 - beta/alpha)^k with the roles swapped and call it
right. A letter the words bind to a role must stand for the claim's letter of that role: this
module reads the bindings on both sides and puts a candidate's correspondence right, or says
that no correspondence respects them."""

from __future__ import annotations

import re
from dataclasses import replace

# a letter as the words write it: $\beta$, $L$, \mu, mu, L (one Greek name or one Latin letter)
_GREEK = "alpha|beta|gamma|delta|lambda|Lambda|mu|nu|rho|sigma|kappa|eta|ell"
_LETTER = r"\$?\s*\\?(?<![A-Za-z])(?P<{0}>(?:" + _GREEK + r"|[A-Za-z])(?![A-Za-z]))\s*\$?"
# (before the I of "mI" a letter may touch the next one)
_TIGHT = r"\$?\s*\\?(?<![A-Za-z])(?P<{0}>" + _GREEK + r"|[A-Za-z])\s*"

_ROLE_PATTERNS = [
    # X-strongly convex, X-strong convexity
    ("strongly convex", re.compile(_LETTER.format("x") + r"\s*-\s*strong(?:ly)?[\s-]+convex")),
    # X-PL (Polyak-Lojasiewicz): the lower constant a linear rate divides by L, as mu is
    ("strongly convex", re.compile(_LETTER.format("x") + r"\s*-\s*(?:PL\b|Polyak)")),
    ("strongly convex", re.compile(r"(?:\bPL\b|Polyak\S*\s*\S*?ojasiewicz)(?:\s+condition)?\s+"
                                   r"(?:with\s+)?(?:a\s+|the\s+)?(?:parameter|constant)\s+"
                                   + _LETTER.format("x"))),
    # strongly convex with parameter / constant / modulus X
    ("strongly convex", re.compile(r"strong(?:ly)?[\s-]+convex(?:ity)?\s+(?:with\s+)?(?:a\s+|the\s+)?"
                                   r"(?:parameter|constant|modulus)\s+" + _LETTER.format("x"))),
    # X-Lipschitz gradient, gradient ... X-Lipschitz: the smoothness constant
    ("smooth", re.compile(_LETTER.format("x") + r"\s*-\s*Lipschitz\s+(?:continuous\s+)?gradient")),
    ("smooth", re.compile(r"gradients?\s+(?:is\s+|are\s+)?" + _LETTER.format("x")
                          + r"\s*-\s*Lipschitz")),
    ("smooth", re.compile(_LETTER.format("x") + r"\s*-\s*smooth")),
    ("smooth", re.compile(r"smooth(?:ness)?\s+(?:with\s+)?(?:a\s+|the\s+)?(?:parameter|constant)\s+"
                          + _LETTER.format("x"))),
    # X = lambda_max(H) (smoothness), mu = lambda_min(H) (strong convexity)
    ("smooth", re.compile(_LETTER.format("x") + r"\s*=\s*[^,;()]*\(\s*smoothness\s*\)")),
    ("strongly convex", re.compile(_LETTER.format("x") + r"\s*=\s*[^,;()]*\(\s*strong convexity\s*\)")),
]
# Boyd's m I <= Hessian <= M I: the lower constant is the strong convexity, the upper the smoothness
_SANDWICH = re.compile(_TIGHT.format("lo") + r"\s*\\?(?:mathbf\{I\}|I)\s*(?:\\preceq|\\leq?|⪯|<=)\s*"
                       r"\\nabla\s*\^\s*\{?2\}?\s*f[^$]*?(?:\\preceq|\\leq?|⪯|<=)\s*"
                       + _TIGHT.format("hi") + r"\s*\\?(?:mathbf\{I\}|I)")

# the letter a claim writes for a role when its words name the property but no letter
_DEFAULT = {"strongly convex": "mu", "smooth": "L"}
_OPTIMISATION = re.compile(r"convex|\bGD\b|gradient descent|descent lemma|\bPL\b|Polyak", re.I)
_PROPERTY = {"strongly convex": re.compile(r"strong(?:ly)?[\s-]+convex", re.I),
             "smooth": re.compile(r"\bsmooth(?:ness)?\b|Lipschitz gradient", re.I)}


_NAMES = re.compile(r"\\?\b([A-Za-z]|alpha|beta|gamma|lambda|mu|eta|kappa|rho)\b")


def _name(letter: str) -> str:
    return letter.lstrip("\\")


def bindings(text: str) -> dict[str, str]:
    """{letter: role} the words bind ("beta-smooth" binds beta to smooth). A letter bound to
    two roles, or a role to two letters, binds nothing: the words are then no guide."""
    found: dict[str, set[str]] = {}
    for role, pat in _ROLE_PATTERNS:
        for m in pat.finditer(text):
            found.setdefault(_name(m.group("x")), set()).add(role)
    for m in _SANDWICH.finditer(text):
        found.setdefault(_name(m.group("lo")), set()).add("strongly convex")
        found.setdefault(_name(m.group("hi")), set()).add("smooth")
    out = {k: next(iter(v)) for k, v in found.items() if len(v) == 1}
    roles = list(out.values())
    return {k: r for k, r in out.items() if roles.count(r) == 1}


def claim_bindings(claim) -> dict[str, str]:
    """{claim letter: role}: what its title, note and assumptions say, else the usual letter
    (mu, L) for a property the claim's words name and whose letter it declares."""
    text = " ".join([claim.title or "", claim.note or "", *(getattr(claim, "assume", None) or [])])
    out = bindings(text)
    declared = set(claim.symbols or {}) | set(_NAMES.findall(claim.latex or ""))
    optimisation = _OPTIMISATION.search(text)  # (a "smooth loss L" is no smoothness constant)
    for role, letter in _DEFAULT.items():
        if optimisation and role not in out.values() and letter in declared \
                and letter not in out and _PROPERTY[role].search(text):
            out[letter] = role
    return {k: r for k, r in out.items() if k in declared}


def respecting(mapping: dict[str, str], sheet: dict[str, str],
               claim: dict[str, str]) -> dict[str, str] | None:
    """The correspondence (sheet letter -> claim letter) put right so that each letter the
    sheet binds to a role stands for the claim's letter of that role; ``mapping`` itself when
    nothing needs changing; None when no such correspondence exists (two sheet letters would
    stand for one claim letter)."""
    by_role = {r: c for c, r in claim.items()}
    wanted = {s: by_role[r] for s, r in sheet.items() if r in by_role and s in mapping}
    if all(mapping[s] == c for s, c in wanted.items()):
        return None if _misread(mapping, sheet, claim) else mapping
    fixed = {**mapping, **wanted}
    # letters the bound ones gave up, for the sheet letters that held a bound one's new letter
    freed = [mapping[s] for s in wanted if mapping[s] not in wanted.values()]
    displaced = [t for t in mapping if t not in wanted and fixed[t] in wanted.values()]
    if len(displaced) > len(freed) or (displaced and len(freed) > 1):
        return None
    for t in displaced:
        fixed[t] = freed[0]
    if len(fixed) - len(set(fixed.values())) > len(mapping) - len(set(mapping.values())):
        return None
    return None if _misread(fixed, sheet, claim) else fixed


def _misread(mapping: dict[str, str], sheet: dict[str, str], claim: dict[str, str]) -> bool:
    """Is a letter the sheet binds read as a claim letter of another role (its smoothness
    constant as the strong convexity of a claim that binds only mu)?"""
    return any(claim.get(mapping.get(s), r) != r for s, r in sheet.items())


def describe(sheet: dict[str, str]) -> str:
    """'beta the smoothness constant, alpha the strong convexity constant'"""
    noun = {"smooth": "smoothness", "strongly convex": "strong convexity"}
    return ", ".join(f"{s} the {noun[r]} constant" for s, r in sheet.items())


def bound_by(latex: str, after: str) -> dict[str, str]:
    """The roles one formula and the words right after it bind: "$\\ell$-smooth",
    "$mI \\preceq \\nabla^2 f \\preceq MI$" (the sheet's words come without their math)."""
    return bindings(f"${latex}${after[:40]}")


def in_roles(cands: list, words: str, catalog, bound: dict | None = None) -> list:
    """The candidates with each correspondence put right by the roles the words bind; one
    that no correspondence can put right is dropped: read so, the formula would be decided
    with the sheet's smoothness constant in the place of the claim's strong convexity."""
    sheet = {**(bound or {}), **bindings(words)}
    if not sheet:
        return cands
    out = []
    for c in cands:
        claim = claim_bindings(catalog[c.claim_id])
        fixed = respecting(c.mapping, sheet, claim) if claim else c.mapping
        if fixed is c.mapping:
            out.append(c)
        elif fixed is not None:
            out.append(replace(c, mapping=fixed))
    return out
