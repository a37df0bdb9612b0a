"""Plain TeX's font switches inside a group: ``{\\rm T}``, ``{\\bf x}``, ``{\\cal N}``.

Older papers and amsart sheets write the transpose as ``A^{\\rm T}`` and vectors as
``{\\bf x}``; the switch sets the rest of its group in that font, exactly as ``\\mathrm{T}`` and
``\\mathbf{x}`` set their argument.  The group is read as that command: ``{\\rm T}`` is
``\\mathrm{T}`` (one token, as the tokenizer makes of ``\\mathrm{T}``), ``{\\bf x}`` is
``\\mathbf{x}``.  A switch not first in its group (``{x \\rm T}``) is left unread.
"""
from __future__ import annotations

import re

# switches that set upright or text-like letters (one \mathrm{...} token), and those whose
# command takes a group the grammar reads (bold, calligraphic)
_TEXTLIKE = {r"\rm": r"\mathrm", r"\it": r"\mathit", r"\sf": r"\mathsf", r"\tt": r"\mathtt",
             r"\mit": r"\mathit"}
_GROUPED = {r"\bf": r"\mathbf", r"\cal": r"\mathcal"}
SWITCHES = frozenset(_TEXTLIKE) | frozenset(_GROUPED)  # fonts, never operations


def font_switches(toks: list, like) -> list:
    """``{ \\rm T }`` -> ``\\mathrm{T}``, ``{ \\bf x }`` -> ``\\mathbf { x }``; ``like(src, text,
    last)`` makes a token standing where src (through last) stood."""
    out, i = [], 0
    while i < len(toks):
        t = toks[i]
        font = toks[i + 1] if i + 1 < len(toks) else None
        if t == "{" and (font in _TEXTLIKE or font in _GROUPED):
            end = _closing(toks, i)
            inner = toks[i + 2:end]
            if end is not None and inner:
                if font in _TEXTLIKE and all(re.fullmatch(r"[A-Za-z0-9]+", x) for x in inner):
                    out.append(like(t, f"{_TEXTLIKE[font]}{{{''.join(inner)}}}", toks[end]))
                    i = end + 1
                    continue
                if font in _GROUPED and "{" not in inner and "}" not in inner:
                    out += [like(t, _GROUPED[font], font), like(font, "{"), *inner,
                            like(toks[end], "}")]
                    i = end + 1
                    continue
        out.append(t)
        i += 1
    return out


def _closing(toks: list, i: int):
    """Index of the ``}`` closing the group opened at toks[i], or None."""
    depth = 0
    for j in range(i, len(toks)):
        depth += toks[j] == "{"
        depth -= toks[j] == "}"
        if depth == 0:
            return j
    return None
