"""The setting a claim is stated in, against the one the sheet writes beside the formula.

"Backprop through a dense layer z = Wx + b: dL/dW = delta x^T" is right for that layer. A
sheet that writes "Dense layer $z = W^\\top x + b$ ...: $dL/dW = x \\delta^\\top$" states the
right gradient of ITS layer, whose W is the claim's W^T: the claim's check, built on z = Wx + b,
refutes it, and that says only that the two set the layer up differently. Likewise a law: the
sheet's ``x \\sim N(\\mu, \\sigma^2)`` beside a claim whose x (mapped to its Z) is standard
normal. Where the sheet's own setting for a letter is not the claim's, the claim's refutation
is no sure typo; where it is the same, the typo still stands.
"""
from __future__ import annotations

import re

import sympy as sp

from cheatsheet.latex import LatexError
from cheatsheet.match.tokens import tokenize
from cheatsheet.symbols import Decl, DeclarationError

from ..parsing import parse_cached

# "a dense layer z = Wx + b", "the factor model x = mu + W z + eta": a title's setting, up to
# the end of its clause
_SETTING = re.compile(r"\b(?:layer|model|map|block|cell|unit|network)\s+([A-Za-z]\s*=\s*"
                      r"[^,:;]+?)(?=\s*(?:[,:;]|$|\s(?:with|under|the|in|where)\s))")
_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "lambda", "mu", "nu",
          "xi", "pi", "rho", "sigma", "tau", "phi", "psi", "omega", "Sigma", "Phi", "Theta"}


def title_setting(title: str) -> tuple[str, str] | None:
    """(name, LaTeX value) of the setting a claim's title states (``z = Wx + b``), or None
    where the title writes it in words the reader would misread (``phi(W x_prev + b)``)."""
    m = _SETTING.search(title)
    if not m:
        return None
    name, value = (s.strip() for s in m.group(1).split("=", 1))
    def word(m):  # mu -> \mu; Wx -> W x (a product of two letters); x_prev: unread
        w = m.group(0)
        return f"\\{w}" if w in _GREEK else " ".join(w) if len(w) == 2 else "?"

    value = re.sub(r"(?<![A-Za-z\\])[A-Za-z]{2,}(?![A-Za-z])", word, value)
    return None if "?" in value else (name, value)


def _renamed(latex: str, mapping: dict) -> list[tuple[str, str]]:
    return [(t.norm, mapping.get(t.ident, t.ident) if t.ident else "")
            for t in tokenize(latex)]


def _same_value(mine: str, theirs: str, name: str, decls) -> bool:
    """Is the sheet's value (renamed into the claim's letters) the claim's, as the claim's
    declarations read both? A value that cannot be read with them (W^T x for the claim's
    m x n W and n-vector x) is another."""
    try:
        a = parse_cached(f"{name} = {mine}", decls).relations[0].rhs
        b = parse_cached(f"{name} = {theirs}", decls).relations[0].rhs
    except (LatexError, ValueError, TypeError):
        return False
    try:
        d = sp.simplify(a - b)
    except Exception:  # noqa: BLE001 - values sympy cannot subtract are not the same
        return False
    return d == 0 or (isinstance(d, sp.MatrixBase) and d.is_zero_matrix) or (
        isinstance(d, sp.MatrixExpr) and d.is_ZeroMatrix)


def _transposed_layout(own, theirs, mapping) -> bool:
    """Is the sheet's value the claim's up to layout only: the same letters and signs, with
    a transpose added or dropped, or the factors in the other order (``h = V^T a + b`` or the
    row-vector ``h = a V + b`` for the claim's ``z = W x + b``)? Then the sheet names its
    layer's output another letter (h for z), which the formula need not write (its delta is
    dL/dh): a gradient stated for that layer uses its weights transposed, and the claim's
    refutation of it says only that the two lay the layer out differently."""
    known = set(mapping.values())

    def kept(tokens):  # a letter the formula does not write (the bias) may be named anyhow
        return [(n, x if not x or x in known else "?") for n, x in tokens]

    def unordered(tokens):
        return sorted(t for t in kept(tokens) if t[0] != "^T")
    return kept(own) != kept(theirs) and unordered(own) == unordered(theirs)


def setting_differs(claim, c, conv, decls) -> str:
    """The sheet's own setting where it is not the claim's, in words ('' where it agrees or
    the sheet states none): a name the sheet gives a value just before (``z = W^T x + b``),
    which the claim's title sets otherwise for the name it stands for (or a forward pass
    written anywhere above on the sheet)."""
    setting = title_setting(claim.title)
    if setting is None:
        return ""
    name, value = setting
    try:
        wanted = {t.ident for t in tokenize(value) if t.ident}
    except Exception:  # noqa: BLE001
        return ""
    mapping = dict(c.mapping)
    for d in (*conv.named, *conv.definitions, *reversed(conv.layers)):
        if getattr(d, "variable", None) is not None:
            continue
        try:
            own = _renamed(d.body, mapping)
            letter = [t.ident for t in tokenize(d.name) if t.ident]
        except Exception:  # noqa: BLE001
            continue
        if len(letter) != 1 or len({x for _, x in own if x} & wanted) < 2:
            continue
        if mapping.get(letter[0], letter[0]) != name and not (
                letter[0] not in mapping and _transposed_layout(own, _renamed(value, {}), mapping)):
            continue
        if own == _renamed(value, {}):
            return ""
        mine = " ".join(x or n for n, x in own)
        if _same_value(mine, value, name, decls):
            return ""
        return (f"the sheet sets it up as ${d.name} = {d.body}$, the claim as "
                f"${name} = {value}$")
    return ""


_PARAMETER = re.compile(r"[A-Za-z]+")


def _specialised(mine, theirs, written) -> bool:
    """Does the claim fix, as numbers, only parameters of the sheet's law that the formula
    never writes (the sheet's ``X ~ N(mu, sigma^2)``, the claim's N(0, 1), a formula in rho
    alone)? Then the claim's law is one case of the sheet's: a formula right for every mu and
    sigma is right for 0 and 1, so the claim's refutation still stands."""
    if len(mine) != len(theirs):
        return False
    bases = {w.split("_")[0] for w in written}  # sigma_1 counts as writing sigma
    for a, b in zip(mine, theirs):
        if str(a) == str(b):
            continue
        if not isinstance(b, (int, float)) or isinstance(b, bool):
            return False
        if set(_PARAMETER.findall(str(a))) & bases:
            return False
    return True


_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)?")


def _renamed_parameter(text: str, mapping: dict) -> str:
    """A law's parameter with each name in it renamed (s_1^2 for sigma_1^2 when s_1 is the
    sheet's sigma_1), spaces dropped: the sheet's N(m_1, s_1^2) is the claim's N(mu_1,
    sigma_1^2)."""
    return _NAME.sub(lambda m: mapping.get(m.group(0), m.group(0)), text).replace(" ", "")


def law_differs(c, conv, decls) -> str:
    """A law the sheet declares for a letter of the formula (``x \\sim N(\\mu, \\sigma^2)``)
    where the claim reads the letter it maps it to with another law, in words; else ''."""
    mapping = dict(c.mapping)
    written = {t.ident for t in c.sheet_tokens if t.ident}
    for sheet_name, spec in (conv.symbols or {}).items():
        if sheet_name not in written or not isinstance(spec, str):
            continue
        name = mapping.get(sheet_name, sheet_name)
        theirs = decls.get(name)
        try:
            mine = Decl(name, spec)
        except DeclarationError:
            continue
        if mine.kind != "random" or theirs is None or theirs.kind != "random" \
                or theirs.domain == "rv":
            continue
        args = tuple(_renamed_parameter(str(a), mapping) for a in mine.args)
        if mine.domain == theirs.domain and (
                args == tuple(_renamed_parameter(str(a), {}) for a in theirs.args)
                or _specialised(mine.args, theirs.args, written)):
            continue
        return (f"the sheet says {sheet_name} follows {spec}, the claim reads it as "
                f"{theirs.spec}")
    return ""
