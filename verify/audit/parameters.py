"""Letters a sheet's words name by what they are: "success probability $\\pi$", "$m$ trials",
"rate $\\kappa$", "window q, stride u".

The matcher aligns letters by position and by name, so a binomial variance in m and pi reads
with pi as the constant 3.14... and m as anything: the check then refutes a right formula or
says nothing of a wrong one. Where the words say which parameter a letter is, and the claim's
own words (its title and note: "(shape alpha, rate beta)", "with window K and stride S") or its
law's usual letters say which of its letters that parameter is, the letter stands for that one.
Such a renaming is the sheet's notation, announced, not a guess of the matcher's: it does not
count against the match (``Candidate.announced``). Where the words name a letter the opposite
of the claim's letter it is read as ("dropped with probability q" for a claim whose p keeps),
the match is dropped.
"""
from __future__ import annotations

import re
from dataclasses import replace

from cheatsheet.match.tokens import Tok, tokenize
from .laws import claim_laws

# the sheet's words for a parameter -> one noun for it
NOUNS = {
    "success probability": "probability", "probability of success": "probability",
    "probability": "probability", "number of trials": "trials", "trials": "trials",
    "rate": "rate", "shape": "shape", "scale": "scale", "mean": "mean",
    "standard deviation": "std", "window": "kernel", "window size": "kernel",
    "kernel": "kernel", "kernel size": "kernel", "filter size": "kernel", "stride": "stride",
    "padding": "padding", "dilation": "dilation",
}
_NOUN = "|".join(sorted((re.escape(n) for n in NOUNS), key=len, reverse=True))
# a letter as words or math write it: $\pi$, $m$, q, \kappa, $H_{in}$ (one name)
_NAME = r"\$?\s*(?P<x>\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?)\s*\$?"
_BEFORE = re.compile(r"(?:(?<![A-Za-z])(?P<q>[A-Za-z]+)[ \t]+)?(?<![A-Za-z])(?P<noun>" + _NOUN
                     + r")\s+(?:=\s*)?" + _NAME + r"(?![A-Za-z(/^*_+=-])", re.I)
# words before a noun that leave it the law's own parameter ("with rate", "success
# probability"); any other makes it another one ("keep probability", "learning rate",
# "posterior mean"), told apart by that word
_PLAIN = {"with", "and", "of", "a", "an", "the", "its", "by", "for", "success", "law",
          "distribution", "parameter", "parameters", "where", "is", "has", "having"}
_AFTER = re.compile(r"\$\s*(?P<x>\\?[A-Za-z]+)\s*\$\s+(?:independent\s+)?(?P<noun>trials)\b",
                    re.I)
# a dropout's probability, said with its verb: "units are dropped with probability $q$",
# "each unit is kept with probability p" (which of the two a letter is decides the formula)
_MASKED = re.compile(r"\b(?P<verb>dropped|zeroed|kept|retained)\s+(?:out\s+)?with\s+"
                     r"probability\s+" + _NAME + r"(?![A-Za-z(/^*_+=-])", re.I)
_DROP_KEEP = {"drop": "drop probability", "dropout": "drop probability",
              "dropped": "drop probability", "zeroed": "drop probability",
              "keep": "keep probability", "kept": "keep probability",
              "retain": "keep probability", "retained": "keep probability"}
# a sheet's prose letters are one Latin letter or a Greek name ("rate lambda")
_GREEK = {"alpha", "beta", "gamma", "delta", "lambda", "mu", "nu", "rho", "sigma", "kappa",
          "theta", "vartheta", "eta", "pi", "tau", "phi", "psi", "omega", "xi", "zeta"}
# the parameters a claim's title or note names unambiguously ("kernel K", "(rate lambda)"); a
# probability, a mean or a deviation there may be another variable's (a dropout mask's), so
# those come from the law's usual letters only
_CLAIM_NOUNS = {"kernel", "stride", "padding", "dilation", "shape", "scale", "rate"}
# a law's parameters as the catalog's claims write them (used where the claim's own words
# do not say): noun -> letter
_LAW_LETTERS = {
    "binomial": {"trials": "n", "probability": "p"},
    "bernoulli": {"probability": "p", "mean": "p"},
    "geometric": {"probability": "p"},
    "poisson": {"rate": "lambda", "mean": "lambda"},
    "exponential": {"rate": "lambda"},
    "normal": {"mean": "mu", "std": "sigma"},
}


# a claim about a law's own quantity: "Variance of the binomial distribution", "MGF of the
# normal distribution", "Fisher information of a Bernoulli parameter"
_ABOUT_A_LAW = re.compile(r"^[\w\s'-]{0,40}?\bof\s+(?:the|a|an)\s+(?:univariate\s+)?"
                          r"(?:bernoulli|binomial|geometric|poisson|exponential|normal|gaussian)",
                          re.I)


def _ident(name: str) -> str | None:
    """The reader's name of one letter as written (\\pi -> pi), None if it is no letter."""
    bare = name.strip().lstrip("\\")
    if name.strip().startswith("\\") and bare.split("_")[0] not in _GREEK:
        return None
    if not name.strip().startswith("\\") and len(bare.split("_")[0]) > 1 \
            and bare.split("_")[0] not in _GREEK:
        return None  # a word ("rate of convergence"), not a letter
    try:
        toks = [t for t in tokenize(("\\" + bare) if bare.split("_")[0] in _GREEK else bare)
                if t.norm or t.ident is not None]
    except Exception:  # noqa: BLE001
        return None
    if len(toks) == 1 and toks[0].ident is not None:
        return toks[0].ident
    if len(toks) == 1 and toks[0].norm == "\\pi":
        return "pi"  # (the reader's constant, a parameter's letter here)
    return None


# a law's name with its parameters in parentheses, in prose: "Bernoulli($\\pi$)",
# "Normal($m, s^2$)" (the parameters in the order the law is usually written; not an
# exponential's or a Gamma's, which books write with a rate or a scale alike)
_LAW_CALL = re.compile(r"(?<![A-Za-z])(?P<law>Bernoulli|Bern|Binomial|Binom|Bin|Geometric|Geom|"
                       r"Poisson|Pois|Normal|Gaussian)\s*\(\s*"
                       r"\$(?P<args>[^$]*)\$\s*\)")
_POSITIONS = {"bern": ("probability",), "bino": ("trials", "probability"),
              "bin": ("trials", "probability"), "geom": ("probability",),
              "pois": ("rate",),
              "norm": ("mean", "variance"), "gaus": ("mean", "variance")}
_SQUARED = re.compile(r"^(.*?)\s*\^\s*\{?\s*2\s*\}?$")


def _noun(m) -> str:
    """The parameter a match names: its noun, with the word before it where that word makes
    it another parameter (keep probability, learning rate)."""
    noun = NOUNS[m.group("noun").lower()]
    q = (m.groupdict().get("q") or "").lower()
    if noun == "probability" and q in _DROP_KEEP:
        return _DROP_KEEP[q]
    return noun if not q or q in _PLAIN else f"{q} {noun}"


def _by_position(text: str):
    """(letter, noun) of the parameters a law's name gives in parentheses."""
    for m in _LAW_CALL.finditer(text):
        law = m.group("law").lower()
        nouns = next((v for k, v in sorted(_POSITIONS.items(), key=lambda kv: -len(kv[0]))
                      if law.startswith(k)), ())
        args = [a.strip() for a in m.group("args").split(",")]
        if len(args) != len(nouns):
            continue
        for arg, noun in zip(args, nouns):
            if noun == "variance":  # N(m, s^2): s is the standard deviation
                sq = _SQUARED.match(arg)
                arg, noun = (sq.group(1), "std") if sq else (arg, noun)
            yield arg, noun


def named_by_words(text: str) -> dict[str, str]:
    """{sheet letter: parameter noun} the words say ("success probability $\\pi$" gives
    pi -> probability). A letter given two nouns, or a noun given two letters, says nothing."""
    found: dict[str, set[str]] = {}
    said = [(m.group("x"), _noun(m)) for pat in (_BEFORE, _AFTER) for m in pat.finditer(text)]
    said += [(m.group("x"), _DROP_KEEP[m.group("verb").lower()]) for m in _MASKED.finditer(text)]
    for x, noun in said + list(_by_position(text)):
        name = _ident(x)
        if name is not None:
            found.setdefault(name, set()).add(noun)
    for v in found.values():
        if "probability" in v and v & set(_OPPOSITE):
            v.discard("probability")  # ("dropped with probability q": the verb says which)
    out = {k: next(iter(v)) for k, v in found.items() if len(v) == 1}
    nouns = list(out.values())
    return {k: n for k, n in out.items() if nouns.count(n) == 1}


def claim_named(claim) -> dict[str, str]:
    """{parameter noun: claim letter}: what the claim's title and note say ("(shape alpha,
    rate beta)", "kernel K, padding P"), else its law's usual letters, for letters it
    declares."""
    declared = set(claim.symbols or {})
    out: dict[str, str] = {}
    text = f"{claim.title or ''}. {claim.note or ''}"
    for m in _BEFORE.finditer(text):
        name = _ident(m.group("x"))
        noun = _noun(m)
        if NOUNS[m.group("noun").lower()] not in _CLAIM_NOUNS:
            continue  # ("kept with probability p", "Y has mean b": not the law's own)
        if name in declared and noun not in out:
            out[noun] = name
    for m in _MASKED.finditer(text):
        name = _ident(m.group("x"))
        if name in declared:
            out.setdefault(_DROP_KEEP[m.group("verb").lower()], name)
    if not _ABOUT_A_LAW.match(claim.title or ""):
        return out  # (a model with a Gaussian prior: sigma there is its noise, no law's own)
    for law in sorted(claim_laws(claim.title or "")):
        for noun, letter in _LAW_LETTERS.get(law, {}).items():
            if letter in declared:
                out.setdefault(noun, letter)
    return out


def _as_letter(toks: list, name: str) -> list:
    """The tokens with the reader's constant pi made a letter, where the sheet names it a
    parameter (success probability pi)."""
    if name != "pi":
        return toks
    return [Tok(t.raw, "", "pi") if t.ident is None and t.norm == "\\pi" else t for t in toks]


def _random_letter(c, claim) -> str | None:
    """The sheet's one random variable read as the claim's (K as X in V(K) = ...)."""
    randoms = {n for n, spec in (claim.symbols or {}).items()
               if isinstance(spec, str) and (spec == "rv" or re.match(r"[A-Z][a-z]+\(", spec))}
    hits = [s for s, f in c.mapping.items() if f in randoms and s != f]
    return hits[0] if len(hits) == 1 else None


_OPPOSITE = {"drop probability": "keep probability", "keep probability": "drop probability"}


def _opposed(sheet: dict, own: dict, mapping: dict) -> bool:
    """Does the correspondence read a letter the words name one thing (the probability of
    dropping) as the claim's letter of its opposite (the probability of keeping)?"""
    return any(own.get(_OPPOSITE[n]) == mapping.get(s, s) for s, n in sheet.items()
               if n in _OPPOSITE)


def in_parameters(cands: list, words: str, catalog, rescore=None) -> list:
    """The candidates with each letter the words name as a parameter read as the claim's
    letter for that parameter; a candidate that cannot be read so is dropped (read otherwise,
    it would decide the formula with the sheet's rate in the place of the claim's shape).
    ``rescore``: the matcher's similarity, for tokens that changed (pi made a letter)."""
    sheet = named_by_words(words)
    if not sheet:
        return cands
    out = []
    for c in cands:
        claim = catalog[c.claim_id]
        own = claim_named(claim)
        wanted = {s: own[n] for s, n in sheet.items() if n in own}
        toks = c.sheet_tokens
        for s in wanted:
            toks = _as_letter(toks, s)
        present = {t.ident for t in toks if t.ident is not None}
        wanted = {s: f for s, f in wanted.items() if s in present}
        if not wanted:
            if not _opposed(sheet, own, c.mapping):
                out.append(c)
            continue
        if _opposed(sheet, own, c.mapping):
            continue  # the sheet's drop probability read as the claim's keep probability
        mapping = dict(c.mapping)
        taken = {mapping[t]: t for t in mapping if t not in wanted}
        if any(f in taken for f in wanted.values()):
            # another letter of the sheet already stands for the claim's letter: the
            # words and the alignment disagree, and no reading respects both
            continue
        mapping.update(wanted)
        announced = set(wanted)
        rv = _random_letter(replace(c, mapping=mapping), claim)
        if rv is not None:
            announced.add(rv)  # (the law's variable, whatever its letter, once it is named)
        fixed = replace(c, mapping=mapping, sheet_tokens=toks, announced=frozenset(announced))
        if toks is not c.sheet_tokens and rescore is not None:
            fixed.score = rescore(fixed)  # (pi a letter now, as the claim's p is)
        out.append(fixed)
    return out
