"""What a sheet says on a formula's line that narrows it to a special case.

"A reflection matrix $Q$ satisfies $Q^{-1} = Q$", "Zero-mean $X$: $\\operatorname{Var}(X) =
\\mathbb{E}[X^2]$", "For disjoint events: $P(A \\cup B) = P(A) + P(B)$", "For $x < 0$: $|x| = -x$":
each is right, and each fails the general claim it resembles (or any random values). The audit
cannot impose most of these conditions on its checks, so it never calls such a formula wrong:
the sheet may be stating exactly that special case.
"""
from __future__ import annotations

import re

from cheatsheet.match.spelling import british

# words that narrow a formula to a special case of a claim
_SPECIAL = re.compile(
    # (every word from its start: "that matrix" is no hat matrix)
    r"\b(?:"
    r"zero[- ]mean|mean[- ]zero|\bcent(?:red|ered)\b|standardi[sz]ed|standard normal|"
    r"positive[- ]definite|\bp\.(?:s\.)?d\.(?!\s*f)|\bp\.?s\.?d\b|\bspd\b|reflection|involut\w*|"
    r"idempotent|projection|\bdiagonal\b|unit[- ]norm|orthonormal|\bnormali[sz]ed|"
    r"disjoint|mutually exclusive|independent|uncorrelated|\bsubsets?\b|nested|"
    r"skew[- ]symmetric|nilpotent|householder|rotation|hat matrix|triangular|"
    r"hermitian|self[- ]adjoint|unitary|"
    r"\bno bias(?:es)?\b|without bias(?:es)?|bias[- ]free|ignoring bias(?:es)?|"
    r"(?:with|in) (?:the |a )?scale\b|\bscale parameter|unit vectors?|perpendicular|"
    r"\borthogonal\b|\bparallel\b|transposition|swaps? two|"
    # a letter the words redefine: "signed dual coefficients (the label folded in)"
    r"\bsigned\b|folded in|absorb(?:ed|s)? in)", re.I)
# a sign said in words right beside the formula is a domain: "For negative $x$: $|x| = -x$"
_SIGN = re.compile(r"\b(?:non-?)?(?:negative|positive)\b(?![- ](?:semi[- ]?)?definite|[- ]binomial)",
                   re.I)  # (the negative binomial is a law's name, no sign)
# the same, said in the formulas before it on the line: N(0, ...), A cap B = emptyset, B subseteq A
_SPECIAL_MATH = (
    (re.compile(r"\\mathcal\s*\{\s*N\s*\}\s*\(\s*(?:\\mathbf\{0\}|\\boldsymbol\{0\}|"
                r"\\bm\{0\}|0)\s*,"), "mean 0"),
    (re.compile(r"\\cap\s*\w+\s*=\s*\\(?:emptyset|varnothing)"), "disjoint"),
    (re.compile(r"\\subseteq|\\subset(?![a-z])"), "subset"),
    (re.compile(r"\\perp"), "independent"),
)
# a relation between a name and a number: x < 0, |x| < 1, 0 < p < 1
_DOMAIN = re.compile(r"([A-Za-z])\s*(?:<|>|\\le(?:q)?|\\ge(?:q)?|\\neq)\s*-?\d|"
                     r"-?\d\s*(?:<|>|\\le(?:q)?|\\ge(?:q)?)\s*\|?\s*([A-Za-z])")


def own_sentence(after: str) -> str:
    """The words after a formula up to the end of its sentence: "$\\det A = ...$. Projection
    onto ..." says nothing of the determinant."""
    return re.split(r"[.;!?](?:\s|$)", after, maxsplit=1)[0]


def _on_its_line(seg, conv) -> str:
    """The words beside a formula and before the other formulas of its line, and the
    sentence introducing its list ("Events $A$ and $B$ are independent." above the items)."""
    return " ".join(w for w in (seg.block, seg.before, own_sentence(seg.after), conv.line_words,
                                seg.lead,
                                seg.intro) if w)


_LEADING = {"with", "in", "the", "a", "an"}
# words narrowing a matrix (or a vector) to a kind of its own: a claim that declares none
# ("P = 4d^2 + 4d" counts parameters: sizes alone) has nothing they could narrow, so
# "multi-head projections W^Q, ..., W^O" beside it names the layers, not a projection matrix
_MATRIX_WORDS = re.compile(
    r"projection|idempotent|orthonormal|reflection|involut|householder|hat matrix|triangular|"
    r"hermitian|self[- ]adjoint|unitary|nilpotent|skew[- ]symmetric", re.I)
# (not the words with a meaning for numbers too: a diagonal Gaussian, normalised, unit norm,
# orthogonal, parallel, a rotation angle, positive definite for a variance)


def _narrows_nothing(one: str, claim) -> bool:
    """Is the word one about matrices or vectors, where the claim declares neither (only
    numbers and sizes)?"""
    if not _MATRIX_WORDS.match(one.strip()):
        return False
    try:
        kinds = {d.kind for d in claim.declarations}
    except Exception:  # noqa: BLE001 - a claim whose symbols cannot be read narrows as before
        return False
    return bool(kinds) and kinds <= {"scalar", "dim", "index"}


def special_case(seg, conv, claim=None) -> str:
    """What the words on a formula's line (or a law with mean 0, disjoint events, a subset
    stated in a formula before it there) narrow it to; '' when nothing does, or when the
    claim's own title and assumptions say it too."""
    said = _on_its_line(seg, conv)
    found = [m.group(0) for m in _SPECIAL.finditer(said)] or [
        m.group(0) for m in _SIGN.finditer(f"{seg.before} {own_sentence(seg.after)} "
                                           f"{conv.line_words}")]
    found = found or [what for pattern, what in _SPECIAL_MATH if pattern.search(conv.line_math)]
    if claim is None:
        return found[0] if found else ""
    # (not its note, which may say "need not be disjoint")
    own = " ".join([claim.title, " ".join(claim.assume or ())]).lower()
    own = re.sub(r"[a-z]+", lambda m: british(m.group(0)), own)  # normalized is normalised
    for one in found:  # "a rotation matrix (orthogonal)": orthogonal is the claim's, rotation not
        # (the word that says it, not a preposition before it: "with scale" says scale)
        said = [w for w in one.lower().split() if w not in _LEADING] or one.lower().split()
        word = british(said[0].split("-")[0].rstrip("."))
        if _narrows_nothing(one, claim):
            continue
        if re.match(r"zero|mean|cent", one, re.I):  # the claim would say so too
            if not re.search(r"zero[- ]mean|mean[- ]zero|cent(?:red|ered)", own):
                return one
        elif word not in own:
            return one
    return ""


# an interval or half-line written on the line, which the formula's variables may live in
_INTERVAL = re.compile(r"[(\[]\s*-?(?:\d+|\\infty)\s*,\s*-?(?:\d+|\\infty)\s*[)\]]|"
                       r"\\mathbb\s*\{\s*R\s*\}\s*_\s*\{?\s*(?:\+|>\s*0|\\geq?\s*0)")


def restricted_here(latex: str, conv) -> str:
    """A restriction of one of the formula's letters written just before it on the line
    ("For $x < 0$: $|x| = -x$"), as written; else ''."""
    for m in _DOMAIN.finditer(conv.line_math):
        name = m.group(1) or m.group(2)
        if re.search(rf"(?<![\\A-Za-z]){name}(?![A-Za-z])", latex):
            return m.group(0).strip()
    m = _INTERVAL.search(conv.line_math)  # "x -> 1/x is convex on (0, infty): E[1/X] >= ..."
    return m.group(0).strip() if m else ""


# words that name the opposite case of a claim's (Jensen for a concave g is the reverse
# inequality): a formula holding as the claim under such words is the claim, not the sheet's
# (the word said, its pattern, the opposite's pattern): concave and concavity are one case
_OPPOSITES = (("concave", r"concav\w*", r"convex\w*"), ("convex", r"convex\w*", r"concav\w*"),
              ("decreasing", "decreasing", "increasing"), ("increasing", "increasing", "decreasing"),
              ("maximum", "maximum", "minimum"), ("minimum", "minimum", "maximum"),
              ("lower bound", "lower bound", "upper bound"),
              ("upper bound", "upper bound", "lower bound"),
              # another method or estimator than the claim's: a step uphill, Bessel's
              # correction beside the MLE, a plug-in estimate beside the Bayesian one
              ("ascent", r"ascent|uphill|maximi[sz]\w*", r"descent"),
              ("unbiased", r"unbiased|bessel\w*", r"maximum[- ]likelihood|biased|\bmle\b"),
              ("plug-in", r"plug-?in|ignoring the prior", r"posterior predictive"),
              ("no centring", r"rms ?norm|no cent(?:r|er)ing|without cent(?:r|er)ing|uncent\w*",
               r"layer norm\w*|batch norm\w*"),
              ("negative semidefinite", r"negative[- ](?:semi[- ]?)?definite|\bnsd\b",
               r"positive[- ](?:semi[- ]?)?definite|\bpsd\b|\bp\.s\.d\b"),
              # an L-smooth function's upper bounds beside a strongly convex one's lower
              ("smooth", r"smooth", r"strongly[- ]convex"))


def opposite_case(seg, conv, claim, either: bool = False) -> str:
    """The word on the formula's line that names the opposite of what the claim's title is
    about (the sheet says concave, the claim is about convex functions); else ''.
    ``either``: also where the line names the claim's case too ("ascent on l is descent on
    -l"), which leaves the case open: enough to doubt a refutation, not a formula that holds."""
    # (and its section's title: "# RMSNorm (no centring)" above a mean square)
    said = " ".join([_on_its_line(seg, conv)] + [h.title for h in seg.headings[-1:]]).lower()
    title = claim.title.lower()
    for word, mine, theirs in _OPPOSITES:
        if re.search(rf"\b(?:{mine})\b", said) and re.search(rf"\b(?:{theirs})\b", title) \
                and not re.search(rf"\b(?:{mine})\b", title) \
                and (either or not re.search(rf"\b(?:{theirs})\b", said)):
            return word
    return ""


# what a kinder reading of the generic check assumes -> how a sheet says it
_SAID = {"symmetric positive definite": r"positive[- ]definite|\bp\.d\.|\bspd\b|\\succ\s*0",
         "positive": r"\bpositive\b|> ?0",
         "independent": r"independen|\bi\.?i\.?d\b|\\perp"}


def said_so(reason: str, seg, conv) -> bool:
    """Does the formula's line say what the generic check's kinder reading assumed ("holds
    only with A symmetric positive definite" beside "for a positive definite A")?"""
    m = re.match(r"holds only with (.*?);", reason)
    if not m:
        return False
    what = m.group(1)
    said = f"{_on_its_line(seg, conv)} {conv.line_math}"
    needed = [pattern for key, pattern in _SAID.items() if key in what]
    if "symmetric positive definite" in what:  # (its "positive" is part of the phrase)
        needed = [_SAID["symmetric positive definite"]] + \
            [_SAID[k] for k in ("independent",) if k in what]
    return bool(needed) and all(re.search(p, said, re.I) for p in needed)


def pinned(latex: str, conv, special_only: bool = False) -> str:
    """A condition in reach (on the formula's line, or in the sentence introducing its list)
    on one of its symbols, as written; ''. ``special_only``: only those pinning a value or a
    finite set (mu = 0, y in {0, 1}), which narrow a claim to a special case; a range
    (t < lambda) is usually the claim's own domain; any of these counts, whatever it pins
    (no noise, Psi = 0, may be the term the formula leaves out, which the claim calls Sigma)."""
    from cheatsheet.match.tokens import tokenize

    mine = {t.ident for t in tokenize(latex) if t.ident} - {"e", "i", "pi"}
    for cond in conv.conditions:
        shares = bool(mine & {t.ident for t in tokenize(cond) if t.ident})
        if special_only and (not _VALUE_PIN.search(cond) or _STATEMENT.search(cond)):
            # (f_y = f_j \iff m_j = 0 states when m_j vanishes, a fact beside the formula: it
            # pins m_j to no value, and narrows no claim to a case)
            # (an assumption between expressions, \|w\|_2 <= eps, may be the very typo: the
            # claim's check is not excused by it)
            continue
        if special_only or shares:
            return cond  # (a value pinned beside a claim's typo may be the dropped term's)
    return ""


# an equivalence or implication between conditions: a statement, not a case
_STATEMENT = re.compile(r"\\(?:Leftrightarrow|iff|Longleftrightarrow|leftrightarrow|implies|"
                        r"Rightarrow|Longrightarrow)(?![A-Za-z])")
# a name pinned to a number, a zero vector or a finite set: mu = 0, E[x] = \mathbf{0}
_VALUE_PIN = re.compile(r"(?<![<>])=\s*-?(?:\d+(?:\.\d+)?|\\(?:mathbf|boldsymbol|bm|vec)\s*\{?\s*0"
                        r"\s*\}?)\s*$|\\in\s*(?:\\\{|\\lbrace)")

