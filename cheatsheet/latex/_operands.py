"""Where an operator written without brackets ends, settled on the token list.

``\\arg\\min_b \\frac12 (b - z)^2 + \\lambda |b|``: read term by term, the arg min would cover
only the first term and leave b free in the second, which is no formula anyone means; since its
variable occurs in the later terms, the operand runs to the end of the side, and brackets are
put around it.  Where the variable does not occur after the first term
(``\\arg\\min_x f(x) + c``), either extent is plausible and nothing is added: the reader then
refuses the formula, saying why.  ``\\underset{x}{\\arg\\min}`` is ``\\arg\\min_{x}``.
"""
from __future__ import annotations


def like(src, text):
    from ._pre import _like

    return _like(src, text)


def _brackets():
    from ._pre import _CLOSE, _OPEN

    return set(_OPEN) | {r"\lvert", r"\lVert"}, set(_CLOSE) | {r"\rvert", r"\rVert"}

# what ends a side: a relation, a list separator, a spacing command between formulas
_SIDE_END = {"=", "<", ">", ":=", "=:", r"\le", r"\leq", r"\ge", r"\geq", r"\neq", r"\ne",
             r"\approx", r"\in", r"\sim", r"\propto", r"\implies", r"\equiv", r"\to", ",", ";",
             r"\quad", r"\qquad", r"\mid", r"\iff", r"\Leftrightarrow", r"\Rightarrow",
             r"\coloneqq", r"\triangleq", r"\leqslant", r"\geqslant"}
_ARG_TEXT = {"argmin", "argmax", r"arg\,min", r"arg\,max", "arg min", "arg max", r"arg\;min",
             r"arg\;max", r"arg\!min", r"arg\!max"}


def _group_end(toks, i) -> int:
    """Index after the group opened at ``toks[i]`` (or i + 1 for a single token)."""
    from ._pre import _drop_arg

    if toks[i] != "{":
        return i + 1
    end = _drop_arg(toks, i)
    return end if end > i else len(toks)  # an unclosed group runs to the end


def _arg_operator(toks, i) -> int | None:
    """Index of the ``_`` after an arg max / arg min starting at ``toks[i]``, else None."""
    t = toks[i]
    if t == r"\arg" and i + 2 < len(toks) and toks[i + 1] in (r"\min", r"\max"):
        j = i + 2
    elif t in (r"\argmin", r"\argmax"):
        j = i + 1
    elif t.startswith(r"\operatorname") or t.startswith(r"\mathrm"):
        inner = t[t.find("{") + 1:-1].strip() if "{" in t else ""
        if inner.replace(" ", "") not in {x.replace(" ", "") for x in _ARG_TEXT}:
            return None
        j = i + 1
    else:
        return None
    return j if j < len(toks) and toks[j] == "_" else None


def _variables(script: list) -> list[list]:
    """The variables a subscript binds, as token lists (``w``, ``\\mathbf{w}``, ``w, b``;
    ``\\theta \\in \\Theta`` binds theta)."""
    body = script[1:-1] if script and script[0] == "{" else script
    cut = next((k for k, t in enumerate(body) if t in (r"\in", ":", r"\mid")), len(body))
    out, cur = [], []
    for t in body[:cut]:
        if t == ",":
            out.append(cur)
            cur = []
        else:
            cur.append(t)
    out.append(cur)
    return [v for v in out if v]


def _occurs(var: list, toks: list) -> bool:
    n = len(var)
    words = [str(t) for t in var]
    return any([str(t) for t in toks[k:k + n]] == words for k in range(len(toks) - n + 1))


def _underset(toks: list) -> list:
    """``\\underset{x}{\\arg\\min}`` (``\\underset{x}{\\min}``) -> ``\\arg\\min_{x}``."""
    out, i = [], 0
    while i < len(toks):
        if toks[i] == r"\underset" and i + 1 < len(toks) and toks[i + 1] == "{":
            a_end = _group_end(toks, i + 1)
            if a_end < len(toks) and toks[a_end] == "{":
                b_end = _group_end(toks, a_end)
                op = toks[a_end + 1:b_end - 1]
                if op and (_arg_operator(op + ["_"], 0) == len(op) or [str(t) for t in op] in (
                        [r"\min"], [r"\max"], [r"\sup"], [r"\inf"])):
                    out += op + [like(toks[i], "_")] + toks[i + 1:a_end]
                    i = b_end
                    continue
        out.append(toks[i])
        i += 1
    return out


def evaluation_bars(toks: list) -> list:
    """``\\left. BODY \\right|_{x=a}`` -> ``\\evalat_{x=a} { BODY }``, the form the reader reads
    (before the bars are classified: the bar here closes nothing)."""
    out, i = [], 0
    while i < len(toks):
        if toks[i] == r"\left" and i + 1 < len(toks) and toks[i + 1] == ".":
            depth, j = 0, i + 2
            while j < len(toks):
                if toks[j] == r"\left":
                    depth += 1
                elif toks[j] == r"\right":
                    if depth == 0:
                        break
                    depth -= 1
                j += 1
            if j + 3 < len(toks) and toks[j + 1] in ("|", r"\vert") and toks[j + 2] == "_" \
                    and toks[j + 3] == "{":
                end = _group_end(toks, j + 3)
                out += [like(toks[i], r"\evalat"), like(toks[j + 2], "_"), *toks[j + 3:end],
                        like(toks[i], "{"), *evaluation_bars(toks[i + 2:j]), like(toks[j], "}")]
                i = end
                continue
        out.append(toks[i])
        i += 1
    return out


def extend(toks: list) -> list:
    """The token list with the operand of each unbracketed arg max / arg min whose variable
    occurs in later terms bracketed to the end of its side."""
    toks = _underset(toks)
    opening, closing = _brackets()
    i = 0
    while i < len(toks):
        j = _arg_operator(toks, i)
        if j is None:
            i += 1
            continue
        start = _group_end(toks, j + 1)  # after the subscript
        variables = _variables(toks[j + 1:start])
        depth, end, first_sign = 0, len(toks), None
        for k in range(start, len(toks)):
            t = toks[k]
            if t in opening:
                depth += 1
            elif t in closing:
                depth -= 1
                if depth < 0:
                    end = k
                    break
            elif depth == 0 and t in _SIDE_END:
                end = k
                break
            elif depth == 0 and t in ("+", "-") and k > start and first_sign is None \
                    and toks[k - 1] not in ("_", "^", "{"):
                first_sign = k
        if first_sign is not None and any(_occurs(v, toks[first_sign:end]) for v in variables):
            toks = toks[:start] + [like(toks[start], "(")] + toks[start:end] \
                + [like(toks[end - 1], ")")] + toks[end:]
        i = start
    return toks
