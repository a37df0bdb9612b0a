"""A derivative's size stated beside it: ``\\frac{\\partial g}{\\partial z} \\in \\mathbb{R}^{p \\times q}``.

Sheets state the size of a Jacobian after its definition (``(\\partial g / \\partial z)_{ij} :=
\\partial g_i / \\partial z_j, \\quad \\partial g / \\partial z \\in \\mathbb{R}^{p \\times q}``). Such a
piece states no relation a claim reads, yet it is checkable once the sheet has given the
function's signature (``g: \\mathbb{R}^q \\to \\mathbb{R}^p``, a declaration in force,
sheets/conventions.py) and the layout: the engine differentiates the function as declared, in
each layout the sheet may mean (the announced one, both when it announces none), and reads off
the derivative's rows and columns. A stated size that is the derivative's size in none of them
is wrong; one the engine cannot compute, or written with anything but the declared sizes'
letters, decides nothing (nor does a square map, whose two layouts have one size).
"""
from __future__ import annotations

import re

from cheatsheet.latex import LatexError, parse_expr
from cheatsheet.latex.base import shape_of
from ..timelimit import CheckTimeout

# EXPR \in \mathbb{R}^{a \times b}, with an optional full stop after it
_STATED = re.compile(r"^(?P<expr>.+?)\s*\\in\s*\\mathbb\s*\{?\s*R\s*\}?\s*\^\s*\{\s*(?P<a>[^{}]+?)"
                     r"\s*\\times\s*(?P<b>[^{}]+?)\s*\}\s*[.,;]?\s*$")
# \frac{\partial F}{\partial X} / \frac{d F(X)}{d X}, F and X single (bold) letters
_LETTER = r"(\\mathbf\s*\{\s*[A-Za-z]\s*\}|\\boldsymbol\s*\{\s*[A-Za-z]\s*\}|[A-Za-z])"
_DERIVATIVE = re.compile(rf"^\\d?frac\s*\{{\s*(\\partial|d)\s*(?P<f>{_LETTER})\s*(\(\s*{_LETTER}\s*\))?"
                         rf"\s*\}}\s*\{{\s*(\\partial|d)\s*(?P<x>{_LETTER})\s*\}}$")
_PLAIN = re.compile(r"\\(mathbf|boldsymbol)\s*\{\s*([A-Za-z])\s*\}")


def _letter(text: str) -> str:
    return _PLAIN.sub(r"\2", text).strip()


def pieces(latex: str) -> list[str]:
    """The formula's pieces at top-level commas and ``\\quad`` spaces."""
    out, depth, start, k = [], 0, 0, 0
    while k < len(latex):
        ch = latex[k]
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth -= 1
        elif depth == 0 and (ch == "," or latex.startswith(r"\quad", k) or
                             latex.startswith(r"\qquad", k)):
            out.append(latex[start:k])
            k += 6 if latex.startswith(r"\qquad", k) else 5 if ch == "\\" else 1
            start = k
            continue
        k += 1
    out.append(latex[start:])
    return [p.strip() for p in out if p.strip()]


def stated_size_clash(latex: str, symbols: dict, layouts: tuple) -> tuple[str, str] | None:
    """(reason, the piece with the right size) for a derivative whose stated size is its size
    in none of the layouts the sheet may mean; else None."""
    try:
        return _clash(latex, symbols, layouts)
    except CheckTimeout:
        raise
    except Exception:  # noqa: BLE001 - a piece this rule cannot read decides nothing
        return None


def _clash(latex: str, symbols: dict, layouts: tuple):
    for piece in pieces(latex):
        m = _STATED.match(piece)
        d = _DERIVATIVE.match(m.group("expr").strip()) if m else None
        if d is None:
            continue
        f, a, b = _letter(d.group("f")), m.group("a").strip(), m.group("b").strip()
        if not str(symbols.get(f, "")).startswith("vecfunction("):
            continue  # the sheet gave no signature: its sizes are unknown
        if a == b or any(symbols.get(s) != "dim" for s in (a, b)):
            continue
        x = _letter(d.group("x"))
        decls = {k: v for k, v in symbols.items() if k in (f, x) or v == "dim"}
        # the variable a function is differentiated by is its argument, of its input size
        # (a plain letter would otherwise be read as a number)
        size_in = str(symbols[f])[len("vecfunction("):-1].split(",")[-1].strip()
        decls.setdefault(x, f"vector({size_in})")
        sizes = {}
        for layout in layouts:
            try:
                shape = shape_of(parse_expr(m.group("expr").strip(), decls, layout=layout))
            except (LatexError, ValueError, TypeError):
                return None
            if len(shape) != 2:
                return None
            sizes[layout] = tuple(str(s) for s in shape)
        if not sizes or (a, b) in sizes.values() or len(set(sizes.values())) > 1:
            continue  # right in a layout the sheet may mean (or two sizes to offer)
        (rows, cols), = set(sizes.values())
        if {rows, cols} != {a, b}:
            continue  # the engine's size is in other letters: nothing to compare
        said = " or ".join(f"the {k} layout" for k in sizes)
        size_out = str(symbols[f])[len("vecfunction("):].split(",")[0].strip()
        reason = (f"for {f}: ℝ^{size_in} → ℝ^{size_out}, as the sheet declares it, the "
                  f"derivative of {f} by {x} is {rows} × {cols} in {said} in force here, not "
                  f"{a} × {b} as stated")
        right = piece[:m.start("a")] + rows + piece[m.end("a"):m.start("b")] + cols + \
            piece[m.end("b"):]
        return reason, right.rstrip(" .")
    return None
