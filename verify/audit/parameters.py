"""Letters a sheet's words name by what they are: "success probability $\\pi$", "$m$ trials",
"rate $\\kappa$", "window q, stride u".

The matcher aligns letters by position and by name, so a binomial variance in m and pi reads
with pi as the constant 3.14... and m as anything: the check then refutes a right formula or
says nothing of a wrong one. Where the words say which parameter a letter is, and the claim's
own words (its title and note: "(shape alpha, rate beta)", "with window K and stride S") or its
law's usual letters say which of its letters that parameter is, the letter stands for that one.
Such a renaming is the sheet's notation, announced, not a guess of the matcher's: it does not
count against the match (``Candidate.announced``).
"""
from __future__ import annotations

import re
from dataclasses import replace

from cheatsheet.match.tokens import Tok, tokenize
from .laws import claim_laws

# the sheet's words for a parameter -> one noun for it
_NOUNS = {
    "success probability": "probability", "probability of success": "probability",
    "probability": "probability", "number of trials": "trials", "trials": "trials",
    "rate": "rate", "shape": "shape", "scale": "scale", "mean": "mean",
    "standard deviation": "std", "window": "kernel", "window size": "kernel",
    "kernel": "kernel", "kernel size": "kernel", "filter size": "kernel", "stride": "stride",
    "padding": "padding", "dilation": "dilation",
}
_NOUN_SET = set(_NOUNS.values())
_NOUN = "|".join(sorted((re.escape(n) for n in _NOUNS), key=len, reverse=True))
# a letter as words or math write it: $\pi$, $m$, q, \kappa, $H_{in}$ (one name)
_NAME = r"\$?\s*(?P<x>\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?)\s*\$?"
_BEFORE = re.compile(r"(?<![A-Za-z])(?P<noun>" + _NOUN + r")\s+(?:=\s*)?" + _NAME
                     + r"(?![A-Za-z(])", re.I)
_AFTER = re.compile(r"\$\s*(?P<x>\\?[A-Za-z]+)\s*\$\s+(?:independent\s+)?(?P<noun>trials)\b",
                    re.I)
# a sheet's prose letters are one Latin letter or a Greek name ("rate lambda")
_GREEK = {"alpha", "beta", "gamma", "delta", "lambda", "mu", "nu", "rho", "sigma", "kappa",
          "theta", "vartheta", "eta", "pi", "tau", "phi", "psi", "omega", "xi", "zeta"}
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
    said = [(m.group("x"), _NOUNS[m.group("noun").lower()])
            for pat in (_BEFORE, _AFTER) for m in pat.finditer(text)]
    for x, noun in said + list(_by_position(text)):
        name = _ident(x)
        if name is not None and noun in _NOUN_SET:
            found.setdefault(name, set()).add(noun)
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
        noun = _NOUNS[m.group("noun").lower()]
        if name in declared and noun not in out:
            out[noun] = name
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
            out.append(c)
            continue
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
