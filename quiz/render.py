"""LaTeX -> readable Unicode for the terminal (one line).

``pylatexenc`` does the conversion; this module only adds what a formula needs on top of its
text-oriented defaults: superscripts and subscripts as Unicode where every character has one
(``x^{-1}`` -> ``x⁻¹``, ``A^T`` -> ``Aᵀ``, ``x_i`` -> ``xᵢ``), ``^(…)`` / ``_(…)`` otherwise;
fractions with parentheses where a side is not atomic; a space after operator names
(``\\log p`` -> ``log p``).  Scripts are found by matching braces; everything else is
pylatexenc's.
"""
from __future__ import annotations

import functools
import re

SUP = dict(zip("0123456789+-=()nitTkdx*",
               "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵗᵀᵏᵈˣ*"))
SUP.update(zip("abcdefghjlmoprsuvwyz", "ᵃᵇᶜᵈᵉᶠᵍʰʲˡᵐᵒᵖʳˢᵘᵛʷʸᶻ"))
SUP.update({"−": "⁻", "β": "ᵝ", "γ": "ᵞ", "θ": "ᶿ", "⊤": "ᵀ", " ": ""})
SUB = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
SUB.update({"−": "₋", "β": "ᵦ", "γ": "ᵧ", "ρ": "ᵨ", "φ": "ᵩ", "χ": "ᵪ", " ": ""})

OPERATOR_NAMES = ("log", "exp", "ln", "sin", "cos", "tan", "tanh", "sinh", "cosh", "max",
                  "min", "det", "tr", "arg", "sup", "inf", "lim", "Pr", "sgn")


def _group_end(s: str, i: int) -> int:
    """Index just past the script argument starting at s[i] (a {group}, a \\command or a
    character)."""
    if i >= len(s):
        return i
    if s[i] == "{":
        depth = 0
        for j in range(i, len(s)):
            if s[j] == "{":
                depth += 1
            elif s[j] == "}":
                depth -= 1
                if depth == 0:
                    return j + 1
        return len(s)
    if s[i] == "\\":
        m = re.match(r"\\([A-Za-z]+|.)", s[i:])
        return i + m.end()
    return i + 1


def _script(text: str, table: dict, mark: str) -> str:
    text = text.strip()
    if text and all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    if len(text) == 1 or re.fullmatch(r"[0-9.]+", text):
        return mark + text
    return f"{mark}({text})"


def _scripts(s: str) -> str:
    """Replace every ^{...} and _{...} by its Unicode rendering, innermost content first."""
    out = []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s):  # keep escapes such as \_ or \^ and commands whole
            m = re.match(r"\\([A-Za-z]+|.)", s[i:])
            out.append(m.group(0))
            i += m.end()
            continue
        if ch in "^_":
            j = i + 1
            while j < len(s) and s[j] == " ":
                j += 1
            end = _group_end(s, j)
            arg = s[j:end]
            if arg.startswith("{") and arg.endswith("}"):
                arg = arg[1:-1]
            inner = _text(_scripts(arg)) if arg else ""
            if ch == "^" and inner.strip() in ("T", "⊤", "top", "ᵀ"):
                rep = "ᵀ"
            else:
                rep = _script(inner, SUP if ch == "^" else SUB, ch)
            # braces keep a preceding command's name from running into the script
            out.append("{" + rep.replace("{", "(").replace("}", ")") + "}")
            i = end
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _atomic(t: str) -> bool:
    return bool(re.fullmatch(r"[^\s+\-−=/·]+", t)) and "/" not in t


@functools.lru_cache(maxsize=1)
def _converter():
    from pylatexenc.latex2text import (LatexNodes2Text, MacroTextSpec,
                                       get_default_latex_context_db)

    def frac(n, l2tobj):
        args = n.nodeargd.argnlist if n.nodeargd else []
        if len(args) < 2:
            return "/"
        a, b = (l2tobj.nodelist_to_text([x]).strip() for x in args[:2])
        a = a if _atomic(a) else f"({a})"
        b = b if _atomic(b) else f"({b})"
        return f"{a}/{b} "

    def sqrt(n, l2tobj):
        args = n.nodeargd.argnlist if n.nodeargd else []
        arg = l2tobj.nodelist_to_text([args[-1]]).strip() if args and args[-1] else ""
        return "√" + (arg if _atomic(arg) else f"({arg})")

    macros = [MacroTextSpec(name, simplify_repl=name + " ") for name in OPERATOR_NAMES]
    macros += [
        MacroTextSpec("frac", simplify_repl=frac),
        MacroTextSpec("dfrac", simplify_repl=frac),
        MacroTextSpec("tfrac", simplify_repl=frac),
        MacroTextSpec("sqrt", simplify_repl=sqrt),
        MacroTextSpec("top", simplify_repl="ᵀ"),
        MacroTextSpec("intercal", simplify_repl="ᵀ"),
        MacroTextSpec("parallel", simplify_repl="‖"),
        MacroTextSpec("|", simplify_repl="‖"),
        MacroTextSpec("mid", simplify_repl=" | "),
        MacroTextSpec("leq", simplify_repl=" ≤ "),
        MacroTextSpec("le", simplify_repl=" ≤ "),
        MacroTextSpec("geq", simplify_repl=" ≥ "),
        MacroTextSpec("ge", simplify_repl=" ≥ "),
        MacroTextSpec("neq", simplify_repl=" ≠ "),
        MacroTextSpec("approx", simplify_repl=" ≈ "),
        MacroTextSpec("implies", simplify_repl=" ⟹ "),
        MacroTextSpec("succeq", simplify_repl=" ⪰ "),
        MacroTextSpec("preceq", simplify_repl=" ⪯ "),
        MacroTextSpec("odot", simplify_repl=" ⊙ "),
        MacroTextSpec("otimes", simplify_repl=" ⊗ "),
        MacroTextSpec("square", simplify_repl="▢"),
        MacroTextSpec("quad", simplify_repl="  "),
        MacroTextSpec("qquad", simplify_repl="   "),
        MacroTextSpec("left", simplify_repl=""),
        MacroTextSpec("right", simplify_repl=""),
    ]
    db = get_default_latex_context_db()
    db.add_context_category("cheatsheet-quiz", prepend=True, macros=macros)
    return LatexNodes2Text(latex_context=db, math_mode="text", strict_latex_spaces=False)


def _text(latex: str) -> str:
    try:
        text = _converter().latex_to_text(latex)
    except Exception:  # pylatexenc is lenient; never let a display problem end a session
        text = latex
    return re.sub(r"[ \t]{2,}", " ", text).strip()


@functools.lru_cache(maxsize=4096)
def to_unicode(latex: str) -> str:
    """One readable line for a LaTeX formula (never raises)."""
    text = _text(_scripts(latex))
    text = re.sub(r"\s+([,)\]])", r"\1", text)
    text = re.sub(r"\b(%s) (?=[(\[²ᵀ⁻])" % "|".join(OPERATOR_NAMES), r"\1", text)
    text = re.sub(r"([(\[])\s+", r"\1", text)
    return text.replace("- ", "− ").replace(" -", " −") if " - " in text else text


CLIP = 160  # characters of one explanation line (two lines of a 80-column terminal)


def clip(line: str, width: int = CLIP) -> str:
    """One explanation line cut to ``width`` characters, ending in "…" when cut."""
    line = line.rstrip()
    return line if len(line) <= width else line[:width - 1].rstrip() + "…"
