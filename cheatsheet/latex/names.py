"""The naming scheme shared by the reader and the claim files' declaration keys."""
from __future__ import annotations

import re

GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi",
    "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi",
    "Psi", "Omega",
}
# variant glyphs name the same symbol: sheets switch between them freely
GREEK_ALIAS = {"varepsilon": "epsilon", "vartheta": "theta", "varphi": "phi", "varrho": "rho",
               "varsigma": "sigma", "varpi": "pi", "varkappa": "kappa"}
OTHER_SYMBOLS = {"ell": "ell", "imath": "i", "jmath": "j", "hbar": "hbar", "aleph": "aleph"}

ACCENT_SUFFIX = {
    "hat": "hat", "widehat": "hat", "bar": "bar", "overline": "bar", "tilde": "tilde",
    "widetilde": "tilde", "dot": "dot", "ddot": "ddot", "check": "check", "breve": "breve",
    "underline": "underline",
}
BOLD_FONTS = {"mathbf", "boldsymbol", "bm", "vec", "pmb", "symbf", "mathbfit", "bold"}


def command_name(cmd: str) -> str | None:
    """``\\lambda`` -> ``lambda``; None for a command that is not a letter-like symbol."""
    name = cmd.lstrip("\\")
    if name in GREEK:
        return name
    if name in GREEK_ALIAS:
        return GREEK_ALIAS[name]
    return OTHER_SYMBOLS.get(name)


_TEXTWRAP = re.compile(r"\\(?:text\w*|mathrm|mathit|mathsf|mathtt|operatorname|mathbf|boldsymbol|bm)\s*\{([^{}]*)\}")


def clean_subscript(raw: str) -> str:
    """Subscript text as it goes into a name: ``{t - 1}`` -> ``t-1``, ``\\max`` -> ``max``."""
    raw = _TEXTWRAP.sub(lambda m: m.group(1), raw)
    raw = re.sub(r"\\([A-Za-z]+)", lambda m: GREEK_ALIAS.get(m.group(1), m.group(1)), raw)
    return re.sub(r"[\s{}\\]", "", raw)


_INDEX_LETTER = re.compile(r"([A-Za-z])((?:'|\^prime)*)")


def index_letters(sub: str) -> list[str] | None:
    """``ij`` or ``i,j`` -> ``[i, j]``, ``r'c`` -> ``[r_prime, c]``: a cleaned subscript that is a run of two
    or more single letters (each may be primed), as the names of its letters; else None.  Such a
    subscript on an entry is a list of indices (``A_{ij}`` is row i, column j), never a product."""
    if sub and re.fullmatch(r"[^,]+(?:,[^,]+)+", sub):  # i,k: the same list, commas between
        parts = sub.split(",")
        if not all(_INDEX_LETTER.fullmatch(p) for p in parts):
            return None
        sub = "".join(parts)
    pieces = _INDEX_LETTER.findall(sub) if sub else []
    if len(pieces) < 2 or "".join(a + p for a, p in pieces) != sub:
        return None
    return [a + "_prime" * (p.count("'") + p.count("prime")) for a, p in pieces]
