"""LaTeX -> readable Unicode for the terminal (one line).

``pylatexenc`` does the conversion; this module only adds what a formula needs on top of its
text-oriented defaults: superscripts and subscripts as Unicode where every character has one
(``x^{-1}`` -> ``x⁻¹``, ``A^T`` -> ``Aᵀ``, ``x_i`` -> ``xᵢ``), ``^(…)`` / ``_(…)`` otherwise;
fractions with parentheses where a side is not a single symbol, call or bracket
(``\\frac{1}{2\\sigma^2}`` -> ``1/(2σ²)``), and the whole fraction in parentheses after an operator
name (``\\log \\frac{p}{q}`` -> ``log(p/q)``, not ``log p/q``); a root of one symbol followed
by another factor gets a ``·`` (``\\sqrt{t}R`` -> ``√t·R``, not ``√tR``); a space after operator names (``\\log p`` ->
``log p``) but none before their scripts (``log₂``); one minus sign (U+2212); binary ``+ − =``
spaced on both sides or neither; name subscripts without parentheses (``D_KL``).  Scripts are
found by matching braces; everything else is pylatexenc's.  ``script_content`` gives a gap's
options for an exponent (``zⱼ`` for ``^{z_j}``); ``clip`` cuts long explanation lines.
"""
from __future__ import annotations

import functools
import re

SUP = dict(zip("0123456789+-=()nitTkdx*",
               "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵗᵀᵏᵈˣ*"))
SUP.update(zip("abcdefghjlmoprsuvwyz", "ᵃᵇᶜᵈᵉᶠᵍʰʲˡᵐᵒᵖʳˢᵘᵛʷʸᶻ"))
SUP.update(zip("ABDEGHIJKLMNOPRUVW", "ᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵁⱽᵂ"))
SUP.update({"−": "⁻", "β": "ᵝ", "γ": "ᵞ", "θ": "ᶿ", "⊤": "ᵀ", " ": ""})
SUB = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
SUB.update({"−": "₋", "β": "ᵦ", "γ": "ᵧ", "ρ": "ᵨ", "φ": "ᵩ", "χ": "ᵪ", " ": ""})

OPERATOR_NAMES = ("log", "exp", "ln", "sin", "cos", "tan", "tanh", "sinh", "cosh", "max",
                  "min", "det", "tr", "arg", "sup", "inf", "lim", "Pr", "sgn")


def group_start(s: str, close: int) -> int:
    """Where the ``{`` opening the group closed by the ``}`` at ``close`` stands (0 when the
    braces do not balance)."""
    depth, k = 0, close
    while k >= 0:
        depth += {"}": 1, "{": -1}.get(s[k], 0)
        if depth == 0:
            break
        k -= 1
    return max(k, 0)


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
    if mark == "_" and re.fullmatch(r"[A-Za-z]{2,}", text):
        return mark + text  # a name as index: D_KL, p_data (no parentheses needed)
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
    """Whether a fraction side can go without parentheses: a number, or one symbol with its
    scripts, a call f(x) or a bracket; not a product (2σ²), a sum or anything spaced."""
    t = t.strip()
    if re.fullmatch(r"\d+(\.\d+)?", t):
        return True
    if "√" in t and not re.fullmatch(r"√(?:\((?:[^()]|\([^()]*\))*\)|[^\s(√·]+)" + _ROOT_END + "?",
                                     t):
        return False  # a root times something: √(2π)σ
    bare = t
    while True:  # drop bracketed groups, innermost first: f(x), 𝔼[X] count as one symbol
        new = re.sub(r"\([^()]*\)|\[[^\[\]]*\]|\|[^|]*\||‖[^‖]*‖", "", bare)
        if new == bare:
            break
        bare = new
    if not bare:  # brackets only: one group is atomic, (a+b)(c+d) is a product
        return bool(re.fullmatch(r"\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)|\|[^|]*\||‖[^‖]*‖",
                                 t))
    return bool(re.fullmatch(r"[^\d\s+\-−=/·,|][^\s+\-−=/·,]*", bare))


@functools.lru_cache(maxsize=1)
def _converter():
    from pylatexenc.latex2text import (LatexNodes2Text, MacroTextSpec,
                                       get_default_latex_context_db)

    def frac(n, l2tobj):
        args = n.nodeargd.argnlist if n.nodeargd else []
        if len(args) < 2:
            return "/"
        a, b = (_tidy(l2tobj.nodelist_to_text([x])) for x in args[:2])
        a = a if _atomic(a) else f"({a})"
        b = b if _atomic(b) else f"({b})"
        return f"{a}/{b} "

    def sqrt(n, l2tobj):
        args = n.nodeargd.argnlist if n.nodeargd else []
        arg = _tidy(l2tobj.nodelist_to_text([args[-1]])) if args and args[-1] else ""
        # an unbracketed root ends in a mark that ``_tidy`` makes a "·" before a factor
        return "√" + (arg + _ROOT_END if _atomic(arg) else f"({arg})")

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


_ROOT_END = "\u2063"  # invisible separator: where an unbracketed root's argument ends
_OP_FRAC = re.compile(r"\\(?:%s)(?![A-Za-z])(?:\s*_(?:\{[^{}]*\}|\w))?\s*"
                      r"(?=\\[dt]?frac(?![A-Za-z]))"
                      % "|".join(OPERATOR_NAMES))


def _bracket_fractions(latex: str) -> str:
    """``\\log \\frac{p}{q}`` -> ``\\log (\\frac{p}{q})``: an operator name applies to the
    whole fraction, which ``log p/q`` would not say."""
    out, last = [], 0
    for m in _OP_FRAC.finditer(latex):
        i = m.end()
        if i < last:
            continue
        j = re.match(r"\\[dt]?frac", latex[i:]).end() + i
        for _ in range(2):
            while j < len(latex) and latex[j] == " ":
                j += 1
            j = _group_end(latex, j)
        out.append(latex[last:i] + "(" + latex[i:j] + ")")
        last = j
    return "".join(out) + latex[last:]


@functools.lru_cache(maxsize=1)
def _walker_context():
    """The macro and environment specs pylatexenc's parser reads a formula with, built once.

    ``LatexNodes2Text.latex_to_text`` builds a parser whose default specs it rebuilds on every
    call (~40 categories of specs), and a formula is converted piece by piece (each script
    again): building them was ~30% of the conversion's time (the catalog's 3658 forms: 3.5 ->
    2.5 s CPU, the same text).  The specs are the same each time and parsing only reads them."""
    from pylatexenc.latexwalker import get_default_latex_context_db

    return get_default_latex_context_db()


def _text(latex: str) -> str:
    from pylatexenc.latexwalker import LatexWalker

    try:
        nodes = LatexWalker(latex, latex_context=_walker_context()).get_latex_nodes()[0]
        text = _converter().nodelist_to_text(nodes)
    except Exception:  # pylatexenc is lenient; never let a display problem end a session
        text = latex
    return re.sub(r"[ \t]{2,}", " ", text).strip()


_SCRIPT_CHARS = "".join(sorted((set(SUP.values()) | set(SUB.values()) | {"^", "_"}) - {"", " "}))
_OPS = "|".join(OPERATOR_NAMES)


def _tidy(text: str) -> str:
    """Spacing and signs of a converted formula: one Unicode minus (−) for every minus (a
    hyphen between two letters is a word's and stays), spaces around + and − either on both
    sides or on none, no space between an operator name and its scripts (log₂, not log ₂) or
    its parenthesis, none inside brackets."""
    text = re.sub(r"[ \t]{2,}", " ", text).strip()
    text = re.sub(_ROOT_END + r"\s*(?=[\w(])", "·", text).replace(_ROOT_END, "")
    text = re.sub(r"(?<![A-Za-z]{2})-|-(?![A-Za-z]{2})", "−", text)
    text = re.sub(r"\b(%s) +(?=[%s(\[])" % (_OPS, re.escape(_SCRIPT_CHARS)), r"\1", text)
    text = re.sub(r"\b((?:%s)[%s]+) +(?=\()" % (_OPS, re.escape(_SCRIPT_CHARS)), r"\1", text)
    text = re.sub(r"(?<=\S)( ?)([+−=])( ?)(?=\S)", _binary_spacing, text)
    text = re.sub(r"\s+([,)\]])", r"\1", text)
    text = re.sub(r"([(\[])\s+", r"\1", text)
    return re.sub(r"[ \t]{2,}", " ", text)


def _binary_spacing(m) -> str:
    """A binary +, − or = spaced on one side only gets the space on both (μ+ σ -> μ + σ,
    δ= −b -> δ = −b); a unary sign (after an opening bracket, a comma or a relation) and a
    tight a+b are left alone."""
    left, op, right = m.group(1), m.group(2), m.group(3)
    if bool(left) == bool(right):
        return m.group(0)
    before = m.string[:m.start()].rstrip()
    if not before or before[-1] in "([{,=<>≤≥≠≈^_" or (op == "−" and left and not right
                                                     and before[-1] in "+−·"):
        return m.group(0)
    return f" {op} "


@functools.lru_cache(maxsize=4096)
def to_unicode(latex: str) -> str:
    """One readable line for a LaTeX formula (never raises)."""
    return _tidy(_text(_scripts(_bracket_fractions(latex))))


def script_content(latex: str) -> str | None:
    """The readable content of a script fragment (``^{z_j}`` -> ``zⱼ``, ``^T`` -> ``T``,
    ``""`` -> ``(nothing)``), or None when ``latex`` is not a lone script: how a gap's options
    read when the formula shows the script's mark (``e^▢``)."""
    t = latex.strip()
    if not t:
        return "(nothing)"
    if t[0] not in "^_":
        return None
    j = 1
    while j < len(t) and t[j] == " ":
        j += 1
    end = _group_end(t, j)
    if end != len(t):
        return None
    arg = t[j:end]
    if arg.startswith("{") and arg.endswith("}"):
        arg = arg[1:-1].strip()
    if arg in ("T", "\\top", "\\intercal", "\\mathsf{T}"):
        return "T"
    return to_unicode(arg)

CLIP = 160  # characters of one explanation line (two lines of a 80-column terminal)


def clip(line: str, width: int = CLIP) -> str:
    """One explanation line cut to ``width`` characters, ending in "…" when cut."""
    line = line.rstrip()
    return line if len(line) <= width else line[:width - 1].rstrip() + "…"
