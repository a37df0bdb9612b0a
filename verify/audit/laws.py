"""Which probability laws a formula is about, from the sheet and from a claim.

A sheet that says ``N \\sim \\mathrm{Bin}(m, q)`` and then ``\\operatorname{Var}(N) = mq^2``
speaks of a binomial; the catalog's Gamma variance ``k\\theta^2`` fits the letters after
renaming, and holds, but says nothing about the binomial. Where the sheet names a law (in its
words, in a name such as ``\\mathrm{Pois}``, or in the declared law of a symbol the formula uses)
and the claim's title names only others, the match is not that claim.
"""
from __future__ import annotations

import re

# law -> the words and abbreviations that name it (lower case, whole words)
_NAMES = {
    "bernoulli": ("bernoulli", "bern", "ber", "be"),
    "binomial": ("binomial", "bin", "binom"),
    "poisson": ("poisson", "pois", "poi", "po"),
    "geometric": ("geometric", "geom"),
    "gamma": ("gamma", "gam"),
    "beta": ("beta",),
    "normal": ("normal", "gaussian", "gaussians", "gauss", "n"),
    "exponential": ("exponential", "expo", "exp"),
    "uniform": ("uniform", "unif", "u"),
    "laplace": ("laplace",),
    "student": ("student", "student's"),
    "dirichlet": ("dirichlet", "dir"),
    "categorical": ("categorical", "cat"),
    "multinomial": ("multinomial", "mult"),
    "chi-squared": ("chi", "chisq", "chi2"),
    "negative binomial": ("negbin", "nbinom", "pascal"),
    "weibull": ("weibull",),
    "gompertz": ("gompertz",),
}
_WORD_LAW = {w: law for law, words in _NAMES.items() for w in words}
# in prose only the full names count: "be", "cat", "dir" are ordinary words there
_PROSE_LAW = {w: law for law, words in _NAMES.items() for w in words
              if len(w) > 4 or w in ("beta", "chi")}
# the laws' names in the languages of the sheets met so far (Italian, Spanish, French, German,
# Portuguese): "Esponenziale di intensità λ" names the exponential law as surely as English does
_PROSE_LAW.update({w: law for law, words in {
    "exponential": ("esponenziale", "exponencial", "exponentielle", "exponentialverteilung"),
    "geometric": ("geometrica", "geométrica", "géométrique", "geometrische"),
    "binomial": ("binomiale", "binomialverteilung"),
    "normal": ("normale", "gaussiana", "gaussienne", "normalverteilung"),
    "uniform": ("uniforme", "gleichverteilung"),
    "poisson": ("poissonverteilung",),
}.items() for w in words})
# ... unless capitalised as a law's name is ("Geom(p)", "Exp", "Pois" in a table's row)
_CAPITALISED_LAW = {w.capitalize(): _WORD_LAW[w] for w in
                    ("geom", "pois", "poi", "bern", "ber", "bin", "binom", "gam", "unif", "exp")}
_TEXT_NAME = re.compile(r"\\(?:mathrm|textrm|text|operatorname|mathcal|mathsf|textsf)\{([A-Za-z]+)\}")
# "beta" / "gamma" in prose may be a Greek parameter ("beta = 0.9"): a law only beside
# "distribution", "prior", "function" or a tilde
_GREEK_LAWS = {"beta", "gamma"}
# "normal equations", "the exponential of", "uniform deviation", "Gaussian (RBF) kernel"
_NOT_A_LAW = {"equation", "equations", "of", "deviation", "deviations", "kernel", "kernels",
              "convergence", "vector", "vectors", "form", "cone", "bound",
              "function", "functions"}  # Euler's Gamma and Beta functions are no laws


# a word before a law's name that makes it another law (log-normal, negative binomial,
# inverse-gamma, zero-truncated Poisson): one the catalog does not know, never the base law
_COMPOUND = {"log", "half", "inverse", "inv", "negative", "neg", "truncated", "inflated",
             "scaled", "multivariate", "skew", "folded", "generalised", "generalized", "beta",
             "poisson", "compound", "wrapped", "noncentral", "non", "matrix", "relaxed",
             "double"}
# ... unless the compound is another name of a law the catalog knows
_ALSO_NAMED = {("double", "exponential"): "laplace", ("negative", "binomial"): "negative binomial",
               ("neg", "binomial"): "negative binomial"}
UNKNOWN_LAW = "a law the catalog does not know"


def _prose_laws(words: str) -> set[str]:
    written = re.findall(r"[A-Za-zÀ-ÖØ-öø-ÿ']+", words)
    tokens = [w.lower() for w in written]
    out = set()
    for k, w in enumerate(tokens):
        law = _PROSE_LAW.get(w) or _CAPITALISED_LAW.get(written[k])
        if law is None or set(tokens[k + 1:k + 3]) & _NOT_A_LAW:
            continue
        if k and tokens[k - 1] in _COMPOUND and tokens[k - 1] != law and not (
                tokens[k - 1] == "multivariate" and law == "normal"):  # (a normal law still)
            out.add(_ALSO_NAMED.get((tokens[k - 1], law), UNKNOWN_LAW))
            continue
        if law == "uniform" and k and tokens[k - 1] == "discrete":
            out.add("discrete uniform")  # a law of its own: 1/(b - a + 1), not 1/(b - a)
            continue
        if law in _GREEK_LAWS and not set(tokens[k + 1:k + 4]) & {
                "distribution", "distributed", "prior", "posterior", "law", "mean", "variance",
                "pdf", "density", "mgf", "rv", "distributions", "shape", "scale", "rate",
                "row", "rows"} \
                and not (written[k][0].isupper() and tokens[k + 1:k + 3] in (
                    ["with", "parameters"], ["parameters"])) \
                and not (written[k][0].isupper() and k and tokens[k - 1] in ("the", "a", "an")
                         and not (k + 1 < len(tokens) and tokens[k + 1] in _PROSE_LAW)):
            # ("Beta with parameters $a, b$:" heads a law's formulas, "rates for the
            # exponential and the Gamma" names it; a Greek beta in prose is lower case and has
            # no parameters or article of its own; "the Beta-Bernoulli model" is another law)
            continue
        out.add(law)
    return out


def _upright_greek_laws(words: str) -> set[str]:
    """The Beta or Gamma law named in upright letters among the words (a box's header keeps
    ``\\operatorname{Beta}`` of ``$Y \\sim \\operatorname{Beta}(a, b)$``): the Greek letters
    are written ``\\beta``, ``\\gamma``, ``\\Gamma``, never with a font command."""
    return {_WORD_LAW[n.lower()] for n in _TEXT_NAME.findall(words)
            if n.lower() in _GREEK_LAWS and n[0].isupper()}


def sheet_laws(near: str, headings: str, latex: str, symbols: dict) -> set[str]:
    """The laws the sheet names for a formula, nearest first: names written in the formula
    (Pois in mathrm) and the words beside it; else the laws declared on its own line for the
    symbols it uses (``symbols``: a sheet reuses X for each law, so only a declaration beside
    the formula is sure to be about it); else its headings."""
    out = _prose_laws(near) | _upright_greek_laws(near)
    for name in _TEXT_NAME.findall(latex):
        law = _WORD_LAW.get(name.lower())
        if law:
            out.add(law)
    if out:
        return out
    used = set(re.findall(r"[A-Za-z]+", latex))
    for name, spec in symbols.items():
        if name in used and isinstance(spec, str):
            head = spec.split("(", 1)[0].lower()
            if head in _NAMES:
                out.add(head)
    return out or _prose_laws(headings)


# ways of stating one law that the catalog keeps apart: a claim about the trials up to the
# first success is no reference for a formula about the failures before it. The catalog's
# laws count trials and use rates unless their title says otherwise.
_OTHER_WAY = {"failures": ("trials",), "trials": ("failures",), "scale": ("rate",),
              "rate": ("scale",), "mean": ("rate", "trials", "failures"),
              "its failure probability": ("trials", "failures")}
# "with p the probability of failure": the law's parameter is the complement of the usual one
_BY_FAILURE = re.compile(r"probability of (?:a )?failure|failure probability", re.I)
_DEFAULT_WAYS = {"rate", "trials"}
# laws whose usual parameter is their mean (a Poisson's rate, a Bernoulli's p): stated "with
# mean m", they are stated their usual way, not another
_BY_ITS_MEAN = {"normal", "poisson", "bernoulli", "laplace"}
_PLURAL = {"rates": "rate", "scales": "scale"}
_LAW_WORDS = "|".join(sorted({w for w in _PROSE_LAW} | {w.lower() for w in _CAPITALISED_LAW}))
# "mean" names the parameter only right after the law's name, or its noun: "Exponential (mean
# θ)", "Geometric(m) with mean m", "Exponential service time with mean ν"; elsewhere it is the
# quantity a formula states ("Exponential: its mean")
_BY_MEAN = re.compile(rf"\b(?:{_LAW_WORDS})\w*(?:\s+distribution)?(?:\s+[a-z]+){{0,2}}?,?\s*"
                      r"(?:\(\s*mean\b|(?:with|of|having|by)\s+(?:its\s+)?mean\b)", re.I)


def parametrisation_clash(words: str, title: str) -> tuple[str, str] | None:
    """(how the sheet states the law, how the claim does) when they may differ, else None:
    the sheet's way is not the claim's, and the claim says another or the sheet's is not
    the catalog's default."""
    said, own = ways(words), ways(title)
    laws = claim_laws(title)
    if laws and laws <= _BY_ITS_MEAN:  # "normal with mean nu": its usual parameter
        said -= {"mean"}
    for way in sorted(said - own):
        other = next((w for w in _OTHER_WAY[way] if w in own), None)
        if other or way not in _DEFAULT_WAYS:
            return way, other or "its usual parameters"
    return None


def stated_another_way(segment, conv, title: str, inverted: bool = False) -> bool:
    """Does the sheet state, around this formula, the law of a law's claim another way than
    the claim's title (by failures where the claim counts trials)? ``inverted``: the formula
    is read with its parameter inverted (parametrisation.py), so a rate where the claim has
    a scale, or back, is that reading's very point, no other way."""
    said = _around(segment, conv, segment.headings[-1].title if segment.headings else "")
    clash = parametrisation_clash(said, title) if claim_laws(title) else None
    return clash is not None and not (inverted and set(clash) == {"rate", "scale"})


def same_way(segment, conv, title: str) -> bool:
    """Do the words around the formula state its law's parameter the claim's way (a rate, a
    scale, a mean) in so many words? Then a reading with that parameter inverted goes
    against them (parametrisation.py)."""
    said = ways(_around(segment, conv, segment.headings[-1].title if segment.headings else ""))
    return bool(said & ways(title) & {"rate", "scale", "mean"})


def _around(segment, conv, *more: str) -> str:
    """The words that may say how a formula's law is stated: its own, its list's lead-in, its
    line's, and ``more``."""
    return " ".join(w for w in (segment.words(), segment.intro, conv.line_words, *more) if w)


def laws_stated_several_ways(titles) -> frozenset:
    """The laws the catalog states in more than one way (the exponential by rate and by mean;
    not the Laplace law, which it gives by its scale only)."""
    seen: dict[str, set] = {}
    for title in titles:
        for law in claim_laws(title):
            seen.setdefault(law, set()).update(ways(title))  # (a title naming no way adds none)
    return frozenset(law for law, found in seen.items() if len(found) > 1)


def way_unsaid(segment, conv, title: str, renamed: bool, several: frozenset) -> bool:
    """Is the claim about a law the catalog states several ways (``several``), and stated
    another way than its usual one (by its scale, its mean, its failures), read with the
    sheet's letters renamed into the claim's, where the sheet does not say that way? Its
    letters are as likely the usual parameters: "exponential mean: E[X] = lambda" is the
    rate's lambda mistaken, not the mean-parameter claim's theta."""
    own = ways(title) - _DEFAULT_WAYS
    if not own or not renamed or not claim_laws(title) & several:
        return False
    return not own <= ways(_around(segment, conv, *conv.ways))


_DENYING = {"not", "no", "never", "nor"}  # "rates, not scales", "never a scale"
# "inverse scale" (Stan's and Wikipedia's word for the Gamma's beta) is the rate
_INVERSE_SCALE = re.compile(r"\binverse[\s-]+scale(s?)\b")


def ways(words: str) -> set[str]:
    """How the words state a law's parameters: by failures, scale, mean, rate, trials (a way
    the words deny, "rates, not scales", is none of them)."""
    tokens = re.findall(r"[a-z]+", _INVERSE_SCALE.sub("rate", words.lower()))
    said = {_PLURAL.get(w, w) for k, w in enumerate(tokens)
            if _PLURAL.get(w, w) in _OTHER_WAY and not _DENYING & set(tokens[max(0, k - 2):k])}
    if _BY_FAILURE.search(words):
        said.add("its failure probability")
    return said | {"mean"} if _BY_MEAN.search(words) else said - {"mean"}


def claim_laws(title: str) -> set[str]:
    """The laws a claim's title names ("Variance of the Gamma distribution")."""
    return _prose_laws(title)  # "(shape alpha, rate beta)" names a parameter, not a law


def clash(sheet: set[str], claim: set[str]) -> bool:
    """The sheet names laws and the claim names only others."""
    return bool(sheet) and bool(claim) and not sheet & claim


def names_a_law(latex: str) -> bool:
    """Is this (a left side's head: ``\\mathrm{Pois}``, ``\\mathcal{N}``) a law's name?"""
    m = _TEXT_NAME.search(latex)
    return bool(m and m.group(1).lower() in _WORD_LAW)
