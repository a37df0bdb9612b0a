"""Does the formula state another quantity than the claim it resembles?

An estimate the claim's title does not name (the unbiased variance under the MLE's name), a
statistic of the law the claim does not state (the mode against the mean), a result labelled as
a particular one of the claim's (P_right), a functional or a distribution function renamed into
another (an entropy read as a probability): its check then decides another statement, and a
refutation says nothing about the sheet.
"""
from __future__ import annotations

import re

from cheatsheet.latex.names import GREEK
from cheatsheet.match import Candidate, is_bare_name, split_relation
from cheatsheet.match.tokens import group_end, tokenize
from .anchors import _outer_sides
from .explain import _plain
from .readings import FUNCTIONALS, Reading


_ESTIMATE = re.compile(r"\bestimat|\bMLE\b|maximum[- ]likelihood", re.I)


# the estimator a claim's title names: "Maximum-likelihood estimate of ...", "MAP estimate ..."
_ESTIMATOR = re.compile(r"^(?:the\s+)?((?:[\w-]+\s+){0,2}?[\w-]+)\s+estimate\b", re.I)


def estimator_named(title: str, said: str) -> bool | None:
    """Do the words beside a formula name the estimator the claim's title names (its words,
    or their initials: ML, MLE for maximum-likelihood)? None when the title names none. Other
    estimators of the same quantity (bias-corrected, unbiased, plug-in) go by the same hatted
    name, so only the title's own estimator makes a hatted formula this claim's."""
    m = _ESTIMATOR.match(title)
    if m is None:
        return None
    from cheatsheet.match.index import words_of

    phrase = m.group(1)
    letters = "".join(w[0] for w in re.findall(r"[A-Za-z]+", phrase)).lower()
    said_words = {w.lower() for w in re.findall(r"[A-Za-z]+", said)}
    short = {letters, letters + "e"} if len(letters) > 1 else set()
    return words_of(phrase) <= words_of(said) or bool(short & said_words)


# the transforms of a law: each is another function of t (E[e^{tX}], E[e^{-tX}], E[e^{itX}],
# E[t^X], log E[e^{tX}]), and one of them is the other's typo only in appearance: the Laplace
# transform of Gam(alpha, beta) is (1 + beta t)^{-alpha}, its MGF (1 - beta t)^{-alpha}
_TRANSFORMS = {
    "moment-generating function": r"moment[- ]generating|\bmgfs?\b",
    "Laplace transform": r"\blaplace[- ]+(?:stieltjes[- ]+)?transform",
    "characteristic function": r"characteristic[- ]+functions?\b|\bch\.?\s*f\.|\bcfs?\b",
    "probability-generating function": r"probability[- ]generating|\bpgfs?\b",
    "cumulant-generating function": r"cumulant[- ]generating|\bcgfs?\b",
    "Fourier transform": r"\bfourier[- ]+transform",
}


def transforms_named(text: str) -> set[str]:
    """The transforms of a law (MGF, Laplace, characteristic, ...) the words speak of."""
    return {name for name, pattern in _TRANSFORMS.items() if re.search(pattern, text, re.I)}


def transform_said_instead(title: str, said: str) -> str:
    """The transform of a law the words beside a formula speak of, where the claim's title
    states another and the words never name the claim's ('Laplace transforms' above a table
    the MGF claims resemble), or ''."""
    theirs = transforms_named(title)
    mine = transforms_named(said) if theirs else set()
    return sorted(mine)[0] if mine and not mine & theirs else ""


def _result_label(c: Candidate) -> str:
    """The words of the sheet's left side's labels (MLE in \\hat\\sigma^2_{\\text{MLE}})."""
    split = split_relation(c.sheet_tokens)
    left = "".join(t.raw for t in split[0]) if split else ""
    return " ".join(re.findall(r"\\(?:text|mathrm|textrm|operatorname)\s*\{([^{}]*)\}", left))


def _names_a_result(latex: str) -> bool:
    """Is the statement's left side a bare name (an estimate, a solution: sigma-hat^2, w^*)?"""
    from .readings import _bare_name

    try:
        split = split_relation(tokenize(latex))
    except Exception:  # noqa: BLE001
        return False
    if split is None:
        return False
    lhs = [t for t in split[0] if t.norm or t.ident is not None]
    power = [t.norm for t in lhs[1:]] in (["^", "2"], [])
    return _bare_name(split[0]) and power


def _left_operators(toks) -> set[str]:
    """The operators a statement's left side applies (text:mode, E, Var...)."""
    sides = _outer_sides(toks)
    return set() if sides is None else {t.norm for t in sides[0]
                                        if t.ident is None and t.norm in _OPERATORS}


# the quantities of a law a left side may name (a law's own name, Pois(lambda), is a label)
_OPERATORS = {"E", "P", "Var", "Cov"} | {f"text:{w}" for w in (
    "mode", "median", "mean", "var", "variance", "cov", "std", "sd", "skew", "skewness",
    "kurtosis", "entropy", "mgf")}


_STATISTICS = {f"text:{w}" for w in ("mode", "median", "skew", "skewness", "kurtosis")}


def _other_quantity(c: Candidate) -> str:
    """The operator the sheet's left side applies where the claim's has another (the mode or
    the median of X against the claim's mean): another quantity of the same law; ''."""
    mine, theirs = _left_operators(c.sheet_tokens), _left_operators(c.form_tokens)
    # (a standard deviation is a variance's root, a mean an expectation: only a statistic
    # no other one names counts)
    extra = sorted((mine - theirs) & _STATISTICS)
    return extra[0].replace("text:", "") if extra and theirs else ""


def _bare_left(c: Candidate) -> bool:
    """Is the sheet's left side one bare name (h, F^\\star), no call and no operator?"""
    split = split_relation(c.sheet_tokens)
    return split is not None and is_bare_name(split[0])


_DECORATIONS = {"hat", "bar", "tilde", "dot", "star", "prime", "ddot", "check", "vec"}


def _result_word(c: Candidate) -> str:
    """The word in the name of the sheet's result (MAP in p_MAP, MLE in sigma_hat_MLE), or
    '': a word, not an accent or an index letter."""
    sides = _outer_sides(c.sheet_tokens)
    names = [t.ident for t in sides[0] if t.ident is not None] if sides else []
    if len(names) != 1:
        return ""
    return next((w for w in names[0].split("_")[1:]
                 if re.fullmatch(r"[A-Za-z]{2,}", w) and w not in _DECORATIONS
                 and w not in GREEK), "")


# marks that make a letter another quantity beside it: its estimate or prediction (y-hat),
# an average (x-bar), a modified copy (h-tilde); a prime or a star may mean the next value or
# the optimum of the claim's own result, so they do not count here
_ESTIMATE_MARKS = {"hat", "bar", "tilde", "check"}


def ingredient_named(c: Candidate) -> str:
    """The sheet's left side is a bare name the claim's value is BUILT FROM, not the claim's
    result: the name itself, or it marked (y-hat beside the claim's y), is a letter of the
    claim's right side while the claim's left side is an expression (a derivative, an
    expectation). "y-hat = softmax(z)" under the softmax gradient defines the prediction the
    gradient is made of; read as a name for the gradient it would be refuted for lacking
    "- y". Only in the claim's own letters (a renamed reading is unsure anyway). The name as
    people read it, or ''."""
    if c.mode != "label" or not _bare_left(c):
        return ""
    mine = split_relation(c.sheet_tokens)
    theirs = _outer_sides(c.form_tokens)
    if mine is None or theirs is None or is_bare_name(theirs[0]):
        return ""
    name = next((t.ident for t in mine[0] if t.ident is not None), None)
    if name is None:
        return ""
    base, *marks = name.split("_")
    inputs = {t.ident for t in theirs[1] if t.ident is not None}
    if name in inputs or (marks and set(marks) <= _ESTIMATE_MARKS and base in inputs):
        shown = "\\" + base if base in GREEK else base
        for mark in ([] if name == base else marks):
            shown = f"\\{mark}{{{shown}}}"
        return _plain(shown)
    return ""


def _declared_number(claim, name: str) -> bool:
    """Does the claim declare ``name`` a number (a scalar, not a function or a law)?"""
    decls = getattr(claim, "declarations", None)
    try:
        return decls is not None and name in decls and decls[name].kind == "scalar"
    except Exception:  # noqa: BLE001 - a declaration that cannot be read says nothing
        return False


def _labelled_result(c: Candidate) -> str:
    """The sheet's result is the claim's name with a word for a label (P_right read as the
    claim's P): a particular one of them, not the claim's quantity; its name, or ''."""
    sides = _outer_sides(c.sheet_tokens)
    names = [t.ident for t in sides[0] if t.ident is not None] if sides else []
    if len(names) != 1 or "_" not in names[0]:
        return ""
    base, label = names[0].split("_", 1)
    return names[0] if c.mapping.get(names[0]) == base and re.fullmatch(r"[A-Za-z]{2,}",
                                                                         label) else ""


def functional_renamed(c: Candidate, claim=None) -> str:
    """Why the match renames one information or probability functional into another (the
    sheet's entropy H(X, Y) read as the claim's probability P(X, Y)), or ''. Such a match
    says nothing about the formula: it states another quantity. A letter the claim declares
    a number is no functional there: its D(K - 1) (a dilation times K - 1) is a product, and
    the sheet's Delta(K - 1) in its place a renaming of a number."""
    toks = c.sheet_tokens
    for t, nxt in zip(toks, toks[1:]):
        if t.ident is None or nxt.norm not in ("(", "["):
            continue
        other = c.mapping.get(t.ident, t.ident)
        if t.ident not in FUNCTIONALS and _declared_number(claim, other):
            continue
        if other != t.ident and (t.ident in FUNCTIONALS or other in FUNCTIONALS):
            return (f"it writes {t.ident}(...) where the claim has {other}(...): another "
                    "quantity, not a typo of it")
    for k, t in enumerate(toks):
        # (subscripted by its variable, F_X(x), p_X(x): an objective F(x) is no distribution)
        if t.ident not in _DISTRIBUTION_LETTERS or not _subscripted_call(toks, k + 1):
            continue
        other = c.mapping.get(t.ident, t.ident)
        if _DISTRIBUTION_LETTERS.get(other, _DISTRIBUTION_LETTERS[t.ident]) != \
                _DISTRIBUTION_LETTERS[t.ident]:
            # F_Y(y) = F_X(g^{-1}(y)) read as the density's change of variables
            return (f"it writes {t.ident}(...) where the claim has {other}(...): a "
                    "distribution function where the claim has a density, or the reverse")
    return ""


def _shown(name: str) -> str:
    """A name as people read it (phi -> its Greek letter)."""
    return _plain("\\" + name if name in GREEK else name)


def call_read_as_product(c: Candidate) -> str:
    """Why the match reads a function the sheet applies (``h = phi(z)``, an activation) as
    one of the claim's values times the argument (``Y = alpha F``), or ''. The sheet's letter
    is one the reader calls wherever it stands before a bracket; renamed into a claim name
    that the claim never applies to anything, it becomes a number, and the check then
    decides a product the sheet never wrote."""
    from cheatsheet.latex.calls import FUNCTION_LETTERS

    called = {t.ident for t, nxt in zip(c.form_tokens, c.form_tokens[1:])
              if t.ident is not None and nxt.norm == "("}
    written = {t.ident for t in c.form_tokens if t.ident is not None}
    toks = c.sheet_tokens
    for t, nxt in zip(toks, toks[1:]):
        if t.ident not in FUNCTION_LETTERS or nxt.norm != "(":
            continue
        other = c.mapping.get(t.ident, t.ident)
        if other != t.ident and other in written and other not in called:
            return (f"it applies {_shown(t.ident)} to an argument, where the claim's "
                    f"{_shown(other)} is a value, not a function")
    return ""


# the letters sheets name a density by, where a claim applies a named law (N(x; mu, Sigma))
_DENSITY_LETTERS = frozenset({"p", "q"})


def density_letter_for_law(c: Candidate) -> str:
    """Why a sheet that calls a density by a letter (p(x), q(z)) and never names the claim's
    law is not read as that law: ``grad log p(x) = -Sigma^{-1}(x - m)`` with p the Gaussian
    named in words states the score of p, and the check, which draws p as it likes, says
    nothing about it. '' when the sheet names the law itself (or calls no such letter)."""
    laws = {t.norm for t, nxt in zip(c.form_tokens, c.form_tokens[1:])
            if t.ident is None and t.norm == "Normal" and nxt.norm == "("}
    if not laws or any(t.norm in laws for t in c.sheet_tokens):
        return ""
    toks = c.sheet_tokens
    letter = next((t.ident for t, nxt in zip(toks, toks[1:])
                   if t.ident in _DENSITY_LETTERS and nxt.norm == "("), None)
    if letter is None or _defines_density(toks):
        return ""
    return (f"it writes the density {letter}(...) where the claim has a normal law N(...): "
            "the sheet's density may be another law")


def _defines_density(toks) -> bool:
    """Is the left side just the call p(...)? Then the formula defines p by its right side
    (p(x) = the normal density written out), and a slip in it is the sheet's own."""
    split = split_relation(toks)
    left = [t for t in split[0] if t.norm or t.ident is not None] if split else []
    if len(left) < 3 or left[0].ident not in _DENSITY_LETTERS or left[1].norm != "(":
        return False
    depth = 0
    for k, t in enumerate(left[1:], 1):
        depth += {"(": 1, ")": -1}.get(t.norm, 0)
        if depth == 0:
            return k == len(left) - 1
    return False


def _subscripted_call(toks, k: int) -> bool:
    """Is the name before ``toks[k]`` subscripted and called (F_X(x), F_{X}(x))?"""
    if k >= len(toks) or toks[k].norm != "_":
        return False
    k = group_end(toks, k + 1)
    return k < len(toks) and toks[k].norm in ("(", "[")


# the letters sheets call a distribution function or a density by
_DISTRIBUTION_LETTERS = {"F": "distribution function", "p": "density", "f": "density"}


def _case_swapped(c: Candidate) -> tuple[str, str] | None:
    """(sheet letter, claim letter) of a Greek letter read as its other case (sigma as
    Sigma, lambda as Lambda): the two cases name different things, a standard deviation and
    a covariance, an eigenvalue and the diagonal of eigenvalues."""
    for s, f in c.mapping.items():
        if s != f and s.lower() == f.lower() and s.lower() in GREEK and f in GREEK \
                and s in GREEK:
            return _plain("\\" + s), _plain("\\" + f)
    return None


def _left_side_rewritten(c: Candidate, reading: Reading) -> bool:
    """Does the sheet's left side name one thing (p_k, mu-hat) while the reading's left side
    holds more than that name, renamed?"""
    mine = split_relation(c.sheet_tokens)
    try:
        theirs = split_relation(tokenize(reading.latex))
    except Exception:  # noqa: BLE001
        return False
    if mine is None or theirs is None:
        return False
    names = [t for t in mine[0] if t.ident is not None]
    bare = all(t.ident is not None or t.norm in ("_", "^", "") or t.norm.isdigit()
               for t in mine[0])
    if not names or not bare:
        return False
    allowed = {c.mapping.get(t.ident, t.ident) for t in names}
    return any((t.ident is not None and t.ident not in allowed)
               or (t.ident is None and t.norm not in ("_", "^", "") and not t.norm.isdigit())
               for t in theirs[0])


# letters whose use as a result names one quantity by near-universal convention, and the
# words a claim's title uses for that quantity: sigma a standard deviation (squared, a
# variance), mu a mean
_CONVENTIONAL = {
    "sigma": re.compile(r"deviation|\bstd\b|\bsd\b|scale|noise|width|\bsigma\b|volatil", re.I),
    "sigma^2": re.compile(r"variance|\bsigma\b", re.I),
    "mu": re.compile(r"\bmeans?\b|expect|average|location|centr|\bmu\b", re.I),
    # a function: F(x) = ... a CDF (a Weibull CDF 1 - e^{-(x/b)^a} is the survival
    # function's recorded typo 1 - S when F is read as the claim's S)
    "F": re.compile(r"\bcdf\b|cumulative distribution|distribution function|\bF\b", re.I),
}
_LAW_FUNCTION = re.compile(r"survival|hazard|densit|quantile|mass function|generating function",
                           re.I)
_QUANTITY = {"sigma": "a standard deviation", "sigma^2": "a variance", "mu": "a mean",
             "F": "a cumulative distribution function"}


def _squared(toks) -> bool:
    """Is the name opening ``toks`` squared, past a subscript of its own (sigma^2, sigma_t^2,
    sigma_{ij}^{2}): a variance, where sigma_t alone is a standard deviation?"""
    k = 1
    if k < len(toks) and toks[k].norm == "_":
        k = group_end(toks, k + 1)
    if k + 1 >= len(toks) or toks[k].norm != "^":
        return False
    return [t.norm or t.ident for t in toks[k + 1:group_end(toks, k + 1)]
            if t.norm or t.ident] == ["2"]


def conventional_result_renamed(c: Candidate, title: str) -> str:
    """Why a result the sheet names by a conventional letter (sigma, a standard deviation;
    sigma^2, a variance; mu, a mean) is not read as a claim's result of another name whose
    title never speaks of that quantity: 'sigma = sqrt(2 / (n_in + n_out))' (the standard
    deviation of Xavier's normal law) read as the uniform law's bound a = sqrt(6 / ...), or
    as the variance Var(W) = 2 / (...), states another quantity, and that check says nothing
    about it. '' otherwise."""
    mine, theirs = split_relation(c.sheet_tokens), split_relation(c.form_tokens)
    if mine is None or theirs is None:
        return ""
    left = [t for t in mine[0] if t.norm or t.ident is not None]
    names = [t.ident for t in left if t.ident is not None]
    # the result itself, not a letter inside it: Exp(mu) = ... names a law, not a mean
    called = len(left) >= 3 and left[1].raw == "(" and left[-1].raw == ")"
    if names[:1] == ["F"] and left[0].ident == "F" and called:
        # F(x) = ...: the function itself is the result, a CDF only beside another function
        # of a law (an objective F(z) of an optimisation claim is just a function)
        if not _LAW_FUNCTION.search(title):
            return ""
    elif not names or names[0] not in ("sigma", "mu") or left[0].ident != names[0] \
            or len(left) > 5 or (len(left) > 1 and left[1].norm not in ("^", "_")):
        return ""
    key = names[0]
    if key == "sigma" and _squared([t for t in mine[0] if t.norm or t.ident is not None
                                    or t.raw in "{}"]):
        key = "sigma^2"
    claim_names = [t.ident for t in theirs[0] if t.ident is not None]
    if (claim_names[:1] == [names[0]] and c.mapping.get(names[0], names[0]) == names[0]) \
            or _CONVENTIONAL[key].search(title):
        return ""
    shown = names[0] if key == "F" else _plain(chr(92) + names[0])
    return (f"it names its result {shown}, by convention "
            f"{_QUANTITY[key]}, where the claim states another quantity")
