"""A formula that differs from its claim only by a transpose, on a sheet that writes that
matrix transposed in its own forward pass.

The dense-layer and backprop claims are stated for ``z = W a + b``. A sheet that writes its
layer ``z = W^T a + b`` (or with row vectors, ``z = a W + b``) has the claim's W^T where it
writes W, so every gradient it states later moves a transpose: ``delta = W delta' * f'(z)``
is right there, and the claim's check, which reads W as the claim lays it out, refutes it.
Where the sheet gives that matrix such a layout, a difference of transposes alone says only
that the two lay the layer out differently: no sure typo.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cheatsheet.match import Candidate
from cheatsheet.match.tokens import tokenize

from .explain import expected_tokens


def _visible(toks) -> list:
    return [t for t in toks if t.norm or t.ident is not None]


def transposes_only(c: Candidate, claim) -> set[str]:
    """The sheet's letters the formula and the claim's form (in the sheet's letters)
    transpose differently, when transposes are all they differ in; else the empty set."""
    try:
        mine, right = _visible(c.sheet_tokens), _visible(expected_tokens(c, claim))
    except Exception:  # noqa: BLE001 - a form that cannot be written back says nothing
        return set()
    # ((W)^T delta and W^T delta alike: brackets around one letter to transpose it)
    keys = lambda ts: [t.ident or t.key for t in ts  # noqa: E731
                       if t.norm not in ("^T", "(", ")")]
    if keys(mine) != keys(right):
        return set()
    return _transposed(mine) ^ _transposed(right)


def _transposed(toks) -> set[str]:
    """The letters written with a transpose (V^T, V_k^T, (V^{[k]})^T, V^{[k]T}): the base
    letter before each, not a letter of its script."""
    out, base, groups, script, prev = set(), None, [], 0, None
    for t in toks:
        if t.norm == "^T":
            if base is not None:
                out.add(base)
        elif script:  # inside a script's brackets: W^{[l+1]}
            script += (t.norm == "[") - (t.norm == "]")
        elif prev in ("^", "_"):
            script = int(t.norm == "[")  # a one-token script (V_k) or a bracketed one
        elif t.norm == "(":
            groups.append(None)
        elif t.norm == ")":
            first = groups.pop() if groups else None
            base = first  # (W^{[l+1]})^T transposes the group's letter
        elif t.ident is not None:
            base = t.ident
            if groups and groups[-1] is None:
                groups[-1] = t.ident
        elif t.norm not in ("^", "_"):
            base = None
        prev = t.norm
    return out


@dataclass(frozen=True)
class Layer:
    """A forward pass the sheet writes (``z = W^T x + b``): its output, its value, its line."""
    name: str
    body: str
    line: int
    variable: None = None  # (read like a definition of a name, which has no variable)


_RELATIONS = re.compile(r"\\(?:le|ge|leq|geq|neq|approx|sim|propto|in)(?![A-Za-z])|[<>]|:=")


def layer_of(latex: str, line: int) -> Layer | None:
    """The formula as a forward pass whose weights some letter carries transposed or after
    the vector it multiplies (``z^{[l]} = (W^{[l]})^T a + b``, ``h = x U + c``), or None: a
    sheet that writes its layer so lays it out that way for every gradient it states after,
    in whatever section (the forward pass under one heading, the backward under the next)."""
    if latex.count("=") != 1 or _RELATIONS.search(latex):
        return None
    name, body = (part.strip() for part in latex.split("="))
    try:
        toks = _visible(tokenize(body))
    except Exception:  # noqa: BLE001 - what the tokeniser cannot split is no layer
        return None
    if not name or not any(t.norm == "+" for t in toks):
        return None
    multiplied = any(a.ident is not None and b.ident is not None for a, b in zip(toks, toks[1:]))
    transposed = any(a.norm == "^T" and b.ident is not None for a, b in zip(toks, toks[1:]))
    return Layer(name, body, line) if multiplied or transposed else None


def layer_written_transposed(letters: set[str], conv) -> str:
    """A forward pass the sheet writes just before, earlier on the formula's line, or
    anywhere above it on the sheet (``h = V^T a + b``, ``h = a V + b``) with one of
    ``letters`` transposed or after the vector it multiplies, as the sheet writes it; ''."""
    written = [(f"{d.name} = {d.body}", d.body)
               for d in (*conv.named, *conv.definitions, *reversed(conv.layers))
               if getattr(d, "body", "")]
    if conv.line_math:  # "$z = (W)^T a + b$, so $delta = W delta' * f'(z)$" on one line
        written.append((conv.line_math, conv.line_math))
    for shown, body in written:
        try:
            toks = _visible(tokenize(body))
        except Exception:  # noqa: BLE001
            continue
        if not any(t.ident in letters for t in toks):
            continue
        after = [b.ident for a, b in zip(toks, toks[1:])
                 if a.ident is not None and b.ident in letters and a.ident not in letters]
        if _transposed(toks) & letters or after:
            return f"${shown}$"
    return ""
