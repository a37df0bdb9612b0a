"""The legend under a formula question: what each symbol is, and for matrix calculus which
layout, in one line (``where x: vector in ℝⁿ; A: n×n matrix; σ: positive number``).

Built from the claim's declarations (``symbols.describe``), so it says what the checker
assumed when it decided the formula.  Names are rendered as the formula renders them (Greek,
accents, bold for ``\\mathbf``).  The line must fit WIDTH columns (80 minus the app's margins
and scrollbar); it is shortened in steps: compact descriptions (``∈ ℝⁿ``, ``> 0``), the short
layout note, then the least useful entries (sizes, indices) dropped behind an ellipsis.
"""
from __future__ import annotations

import re
import unicodedata

from cheatsheet.symbols import GREEK, SPECIAL, Declarations, describe, latex_name, name_parts

from .render import to_unicode

WIDTH = 72
_D = r"(?:\\(?:mathrm|operatorname)\s*\{\s*d\s*\}|d)"  # d or \\mathrm{d}
_DERIVATIVE = re.compile(  # \\partial, \\nabla, or a fraction d.../d...
    r"\\partial|\\nabla|\\frac\s*\{\s*%s[^{}]*(?:\{[^{}]*\}[^{}]*)*\}\s*\{\s*%s" % (_D, _D))
LAYOUT = {  # (long, short); y ∈ ℝᵐ, x ∈ ℝⁿ
    "denominator": ("denominator layout: ∂y/∂x is n×m for x ∈ ℝⁿ, y ∈ ℝᵐ",
                    "denominator layout"),
    "numerator": ("numerator layout: ∂y/∂x is m×n for x ∈ ℝⁿ, y ∈ ℝᵐ", "numerator layout"),
}

VARIANTS = {"varepsilon": "epsilon", "varphi": "phi", "vartheta": "theta", "varrho": "rho",
            "varsigma": "sigma", "varpi": "pi"}  # the reader names \\varphi phi, and so on


def width(text: str) -> int:
    """Terminal columns (combining accents take none)."""
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


def _bold(text: str) -> str:
    """The first letter in mathematical bold, as ``\\mathbf`` renders (``x`` -> ``𝐱``,
    ``ỹ`` -> ``𝐲̃``)."""
    text = unicodedata.normalize("NFD", text)
    ch = text[:1]
    if "A" <= ch <= "Z":
        return chr(0x1D400 + ord(ch) - ord("A")) + text[1:]
    if "a" <= ch <= "z":
        return chr(0x1D41A + ord(ch) - ord("a")) + text[1:]
    return text


def symbol(name: str, latex: str) -> str:
    """A declared name as the formula ``latex`` shows it."""
    base = name.split("_")[0]
    tex = latex_name(name)
    for variant, plain in VARIANTS.items():  # spelled as the formula spells it
        if (re.search(r"\\%s(?![A-Za-z])" % variant, latex)
                and not re.search(r"\\%s(?![A-Za-z])" % plain, latex)):
            tex = re.sub(r"\\%s(?![A-Za-z])" % plain, lambda m: "\\" + variant, tex)
    text = to_unicode(tex)
    if len(base) == 1 and re.search(r"\\mathbf\s*\{?\s*(?:\\[a-z]+\s*\{\s*)?" + base + r"\b",
                                    latex):
        text = _bold(text)
    return text


def _tokens(latex: str) -> set[str]:
    """Command names, letters, letter runs and numbers of a LaTeX string."""
    plain = re.sub(r"\\[A-Za-z]+", " ", latex)
    return (set(re.findall(r"\\([A-Za-z]+)", latex)) | set(re.findall(r"[A-Za-z]", plain))
            | set(re.findall(r"[A-Za-z]+|\d+", plain)))


def appears(name: str, latex: str, tokens: set[str] | None = None) -> bool:
    """Whether the formula shows the declared ``name``: its letter, accents, marks and
    subscript are all in it.  (A claim may declare symbols only its check uses; a legend
    listing them would confuse, and listing a symbol a wrong variant lacks gives it away.)
    Errs towards yes: the reader's own naming would need SymPy, too slow for the quiz."""
    tokens = _tokens(latex) if tokens is None else tokens
    tokens = tokens | {VARIANTS[t] for t in tokens if t in VARIANTS}
    base, accents, marks, subs = name_parts(name)
    if base not in tokens:
        return False
    wide = {"hat": "widehat", "tilde": "widetilde", "bar": "overline"}
    if any(a not in tokens and wide.get(a) not in tokens for a in accents):
        return False
    if "star" in marks and not ("*" in latex or {"ast", "star"} & tokens):
        return False
    if "prime" in marks and not ("'" in latex or "prime" in tokens):
        return False
    for p in subs:
        if p in GREEK or p in SPECIAL:
            if p not in tokens:
                return False
        elif p not in tokens and not all(t in tokens for t in re.findall(
                r"[A-Za-z]|\d+", re.sub(r"(?<=\w)mid(?=\w)", "", p))):  # BmidA: B|A
            return False
    return True


def shows_layout(decls: Declarations, latex: str, layout: str) -> bool:
    """Whether the layout matters: a derivative with a vector or matrix in it, or a claim
    stated in the numerator layout (the catalog's default is the denominator layout)."""
    if layout != "denominator":
        return True
    if not _DERIVATIVE.search(latex):
        return False
    return any(d.shape != () or d.domain == "vecfunction" or d.function_arity != 1
               for d in decls)


def legend(decls: Declarations, latex: str, layout: str = "denominator",
           width_limit: int = WIDTH) -> str:
    """One line of at most ``width_limit`` columns (WIDTH in the quiz; an Anki card has
    room for more) for the formula(s) in ``latex`` (several joined by
    spaces, as a pick question shows them) read with ``decls`` and ``layout``; '' when
    nothing needs saying."""
    used_as_size = {a for d in decls for a in d.args if isinstance(a, str)}
    tokens = _tokens(latex)
    entries = []  # (low priority, names, long, short), grouped by description
    for d in decls:
        if d.domain == "dim" and d.name in used_as_size:
            continue  # implied by the shapes that use it (ℝⁿ, n×m)
        if not appears(d.name, latex, tokens):
            continue
        long = describe(d, name=lambda n: to_unicode(latex_name(n)))
        short = describe(d, short=True, name=lambda n: to_unicode(latex_name(n)))
        low = d.domain in ("dim", "index")
        for e in entries:
            if e[2] == long:
                e[1].append(symbol(d.name, latex))
                break
        else:
            entries.append((low, [symbol(d.name, latex)], long, short))
    entries.sort(key=lambda e: e[0])  # stable: sizes and indices last
    notes = LAYOUT.get(layout, (f"{layout} layout",) * 2) \
        if shows_layout(decls, latex, layout) else ("", "")
    if not entries and not notes[0]:
        return ""

    def line(items, note, cut=False) -> str:
        parts = []
        for _, names, long, short in items:
            desc = long or short
            names_text = ", ".join(names)
            parts.append(f"{names_text} {desc}" if desc[:1] in "∈><≥≤~" else
                         f"{names_text}: {desc}")
        if cut:
            parts.append("…")
        if note:
            parts.append(note)
        return "where " + "; ".join(parts)

    shorts = [(low, names, None, short) for low, names, _, short in entries]
    tries = [line(entries, notes[0]), line(shorts, notes[0]), line(shorts, notes[1])]
    for k in range(len(shorts) - 1, 0, -1):
        tries.append(line(shorts[:k], notes[1], cut=True))
    for text in tries:
        if width(text) <= width_limit:
            return text
    text = tries[-1]
    return text[:width_limit - 1] + "…"
