"""A layer's or a step's number written as the claim's form writes it.

Sheets number layers as subscripts (``\\delta_l``, ``W_{l+1}``) or as superscripts in brackets
(``\\delta^{(l)}``, ``W^{[l+1]}``); a claim declares its names in one of these notations, so a
sheet's ``\\delta_{l+1}`` renamed onto the claim's letters is still no name of the claim's
``\\delta^{[l+1]}``, and its check fails for notation alone. Once a formula is matched, the
names the form numbers in brackets are numbered so on the sheet's side too: the bracket and the
index are the form's, the index expression the sheet's.
"""
from __future__ import annotations

from .tokens import Tok

_OPEN = {"[": "]", "(": ")"}


def _bracketed(toks: list[Tok], k: int) -> tuple[int, str, list[Tok]] | None:
    """(end, opening bracket, index tokens) of ``^{[...]}`` / ``^{(...)}`` at ``toks[k]``."""
    if k + 2 >= len(toks) or toks[k].raw != "^" or toks[k + 1].raw != "{" \
            or toks[k + 2].raw not in _OPEN:
        return None
    close = _OPEN[toks[k + 2].raw]
    for j in range(k + 3, len(toks) - 1):
        if toks[j].raw == close and toks[j + 1].raw == "}":
            inner = toks[k + 3:j]
            return (j + 2, toks[k + 2].raw, inner) if _index(inner) else None
        if toks[j].raw in ("{", "}", "^", "_"):
            return None
    return None


def _index(inner: list[Tok]) -> bool:
    """A layer or step number: a letter, maybe plus or minus a number (l, l+1, t-1)."""
    if not inner or inner[0].ident is None:
        return False
    rest = [t.raw for t in inner[1:]]
    return rest == [] or (len(rest) == 2 and rest[0] in ("+", "-") and rest[1].isdigit())


def bracketed_names(form: list[Tok]) -> dict[str, str]:
    """The names the form numbers by a bracketed superscript, with its opening bracket, but
    for a name it also subscripts (a form writing both says nothing about that name)."""
    out: dict[str, str] = {}
    for k in range(1, len(form)):
        got = _bracketed(form, k)
        if got is not None and form[k - 1].ident is not None \
                and not (k >= 2 and form[k - 2].raw == "_"):  # (M_X^{(k)}: an order of M_X)
            out[form[k - 1].ident] = got[1]
    subscripted = {form[k - 1].ident for k in range(1, len(form)) if form[k].raw == "_"}
    return {name: o for name, o in out.items() if name not in subscripted}


def indices_as_the_form(sheet: list[Tok], form: list[Tok]) -> list[Tok]:
    """The sheet's tokens (renamed onto the form's names) with each index of a name the form
    numbers in brackets written in the form's brackets: ``\\delta_{l+1}`` and
    ``\\delta^{(l+1)}`` become ``\\delta^{[l+1]}`` against a form with ``\\delta^{[l]}``. A
    name of the form's that the sheet indexes otherwise (a power, an entry) is left alone."""
    names = bracketed_names(form)
    if not names:
        return sheet
    out: list[Tok] = []
    k = 0
    while k < len(sheet):
        t = sheet[k]
        out.append(t)
        k += 1
        opening = names.get(t.ident) if t.ident is not None else None
        if opening is None or k >= len(sheet):
            continue
        inner, end = None, k
        if sheet[k].raw == "_":
            if k + 1 < len(sheet) and sheet[k + 1].raw == "{":
                close = next((j for j in range(k + 2, len(sheet)) if sheet[j].raw == "}"), None)
                if close is not None:
                    inner, end = sheet[k + 2:close], close + 1
            elif k + 1 < len(sheet):
                inner, end = sheet[k + 1:k + 2], k + 2
        else:
            got = _bracketed(sheet, k)
            if got is not None:
                end, _, inner = got
        if inner is None or not _index(inner) or (end < len(sheet) and sheet[end].raw == "_"):
            continue  # (x_{i}_{j}: not a layer's number)
        mark = []  # delta_l^\top: the transpose joins the index's superscript (delta^{[l]\top})
        if end < len(sheet) and sheet[end].raw.startswith("^") and sheet[end].ident is None \
                and len(sheet[end].raw) > 1:
            text = sheet[end].raw[1:].strip()
            text = text[1:-1].strip() if text.startswith("{") and text.endswith("}") else text
            mark, end = [Tok(text, text)], end + 1
        out += [Tok("^", "^"), Tok("{", ""), Tok(opening, opening), *inner,
                Tok(_OPEN[opening], _OPEN[opening]), *mark, Tok("}", "")]
        k = end
    return out
