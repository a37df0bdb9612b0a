"""Normalisation before the grammar sees the text.

Things an LALR grammar cannot decide by itself are settled here on a flat token list:
whether a ``|`` opens, closes or separates (``|x|`` vs ``P(Y|X)``), which ``\\|`` open a norm,
and which sizing/spacing commands carry no meaning.  The result is re-joined with spaces, so
the grammar never has to care about LaTeX's whitespace rules.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .font_switches import font_switches
from .names import command_name

_TEXT = r"\\(?:text|textrm|textbf|textit|texttt|textsf|textnormal|operatorname\*?|mbox|mathrm|mathit|mathsf|mathtt)\s*\{(?:[^{}]|\{[^{}]*\})*\}"
# \mathrm T, \mathrm d x: a text command takes one character as its argument, as TeX reads it
_TEXT_CHAR = r"\\(?:text|textrm|mathrm|mathit|mathsf|mathtt|operatorname)(?![A-Za-z])\s*[A-Za-z0-9]"
_TOKEN = re.compile(_TEXT + "|" + _TEXT_CHAR + r"|\\[A-Za-z]+\*?|\\.|\d+(?:\.\d+)?|\s+|.", re.S)
_IS_TEXT_CHAR = re.compile(_TEXT_CHAR).fullmatch  # once per raw token: compiled once
_IS_LETTER = re.compile(r"[A-Za-z]").fullmatch

# commands that only size, space or style: dropped
_DROP = {
    r"\left", r"\right", r"\middle", r"\big", r"\Big", r"\bigg", r"\Bigg", r"\bigl", r"\bigr",
    r"\Bigl", r"\Bigr", r"\biggl", r"\biggr", r"\Biggl", r"\Biggr", r"\bigm", r"\Bigm",
    r"\displaystyle", r"\textstyle", r"\scriptstyle", r"\limits", r"\nolimits", r"\,", r"\;",
    r"\:", r"\!", r"\ ", r"\mathstrut", r"\nonumber", r"\notag", r"\quad", r"\qquad",
    r"\enspace", r"\thinspace", r"\medspace", r"\thickspace",
}
_DROP_WITH_ARG = {r"\hspace", r"\vspace", r"\label", r"\tag", r"\phantom", r"\hphantom", r"\vphantom"}

# characters typed instead of commands (a value of several tokens is split at spaces)
_UNICODE = {
    "≤": r"\le", "≥": r"\ge", "≠": r"\neq", "−": "-", "×": r"\times", "·": r"\cdot", "∞": r"\infty",
    "≈": r"\approx", "∑": r"\sum", "∏": r"\prod", "√": r"\sqrt", "∈": r"\in", "∉": r"\notin",
    "→": r"\to", "↦": r"\mapsto", "←": r"\leftarrow", "⇒": r"\implies", "⟹": r"\implies",
    "⇔": r"\iff", "⊤": r"\top", "∇": r"\nabla", "∂": r"\partial", "‖": r"\|", "∥": r"\|",
    "⟨": r"\langle", "⟩": r"\rangle", "⌊": r"\lfloor", "⌋": r"\rfloor", "⌈": r"\lceil",
    "⌉": r"\rceil", "∫": r"\int", "∝": r"\propto", "⊙": r"\odot", "⊗": r"\otimes", "∘": r"\circ",
    "≡": r"\equiv", "∼": r"\sim", "∀": r"\forall", "∃": r"\exists", "⊥": r"\perp", "⊆": r"\subseteq",
    "⊂": r"\subset", "≪": r"\ll", "≫": r"\gg", "±": r"\pm", "∓": r"\mp", "÷": r"\div", "∗": "*",
    "∣": r"\mid", "…": r"\dots", "⋯": r"\cdots", "ℓ": r"\ell", "ℝ": r"\mathbb { R }",
    "ℕ": r"\mathbb { N }", "ℤ": r"\mathbb { Z }", "∅": r"\emptyset", "’": "'", "′": "'", "″": "' '",
    "≔": ":=", "ᵀ": r"^ \top", "∛": r"\sqrt [ 3 ]", "∜": r"\sqrt [ 4 ]",
    **{c: f"\\frac {{ {a} }} {{ {b} }}" for c, (a, b) in zip(
        "½⅓⅔¼¾⅕⅙⅛", ("12", "13", "23", "14", "34", "15", "16", "18"))},
    "ℒ": r"\mathcal { L }",
    **{g: "\\" + n for g, n in zip(
        "αβγδεϵζηθϑικλμνξπρστυφϕχψωΓΔΘΛΞΠΣΥΦΨΩ",
        ["alpha", "beta", "gamma", "delta", "epsilon", "epsilon", "zeta", "eta", "theta", "theta",
         "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi",
         "phi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma",
         "Upsilon", "Phi", "Psi", "Omega"])},
}
# accents typed as Unicode combining marks after a letter (β̂ = β + U+0302, x̄ = x + U+0304), or
# as one precomposed letter (ŷ, ā): the command the writer would have typed
_COMBINING = {"\u0302": r"\hat", "\u0304": r"\bar", "\u0305": r"\bar", "\u0303": r"\tilde",
              "\u0307": r"\dot", "\u0308": r"\ddot", "\u030c": r"\check", "\u0306": r"\breve",
              "\u20d7": r"\vec"}
# x², A⁻¹, xᵢ: a run of these is one script
_SUPERSCRIPT = {**dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ",
                             "0123456789+-=()abcdefghijklmnoprstuvwxyz")),
                **dict(zip("ᵝᵞᵟᵠᵡ", (r"\beta", r"\gamma", r"\delta", r"\phi", r"\chi")))}
_SUBSCRIPT = {**dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", "0123456789+-=()aehijklmnoprstuvx")),
              **dict(zip("ᵦᵧᵨᵩᵪ", (r"\beta", r"\gamma", r"\rho", r"\phi", r"\chi")))}
_MATRIX_ENVS = ("matrix", "bmatrix", "pmatrix", "Bmatrix", "vmatrix", "Vmatrix", "cases", "dcases")

# after these, a bar cannot close anything: it opens (|x|) ...
_OPENING_CONTEXT = {
    "(", "[", "{", r"\{", ",", ";", "+", "-", "=", "<", ">", "/", "*", "^", "_", ":", "&",
    r"\langle", r"\lvert", r"\lVert", r"\mid", r"\cdot", r"\times", r"\le", r"\leq", r"\ge",
    r"\geq", r"\neq", r"\approx", r"\sum", r"\prod", r"\frac", r"\sqrt", r"\implies",
    r"\Rightarrow", r"\in", r"\leqslant", r"\geqslant", r"\odot", r"\det", r"\pm", r"\propto",
    r"\sim", r"\equiv", r"\log", r"\ln", r"\exp", "\\\\",
    *(f"\\begin{{{e}}}" for e in _MATRIX_ENVS),
}
_OPEN = {"(": ")", "[": "]", "{": "}", r"\{": r"\}", r"\langle": r"\rangle", r"\lfloor": r"\rfloor",
         r"\lceil": r"\rceil", **{f"\\begin{{{e}}}": f"\\end{{{e}}}" for e in _MATRIX_ENVS}}
_CLOSE = {v: k for k, v in _OPEN.items()}
_BAR = {"|", r"\vert", r"\lvert", r"\rvert", r"\mid"}
_NORM = {r"\|", r"\Vert", r"\lVert", r"\rVert", r"\parallel"}


class PreError(ValueError):
    pass


class Tok(str):
    """A token that remembers where it stood in the formula as written (``start``, ``end``), so
    that a message can quote the writer's own LaTeX instead of the re-spaced token stream."""

    def __new__(cls, text, start, end):
        tok = str.__new__(cls, text)
        tok.start, tok.end = start, end
        return tok

    def __reduce__(self):
        # (str's default reduction calls __new__ with the text alone; a token that reaches a
        # sheet's jobs crosses to the parent process by pickle)
        return Tok, (str(self), self.start, self.end)


def _like(src, text: str, last=None):
    """``text`` standing where ``src`` (through ``last``) stood in the formula as written."""
    if not isinstance(src, Tok):
        return text
    end = last.end if isinstance(last, Tok) else src.end
    return Tok(text, src.start, end)


class Piece(str):
    """One formula as the grammar reads it (its tokens joined by spaces), with the formula as
    written (``source``) and where each token came from in it."""

    def __new__(cls, toks, source: str):
        piece = str.__new__(cls, " ".join(toks))
        piece.source, piece.toks, marks, pos = source, list(toks), [], 0
        for t in toks:
            if isinstance(t, Tok):
                marks.append((pos, pos + len(t), t.start, t.end))
            pos += len(t) + 1
        piece.marks = marks
        return piece

    def written(self, start: int, end: int) -> str | None:
        """The formula as written behind the characters ``start:end`` of this piece."""
        spans = [(a, b) for s, e, a, b in self.marks if s < end and e > start]
        if not spans:
            return None
        return self.source[min(a for a, _ in spans):max(b for _, b in spans)].strip()


def tokens(latex: str) -> list[str]:
    """The formula's tokens, a new list each time (a token is never changed once made).

    Memoised (``_tokens``): one formula is tokenised by the matcher, by the reader's pieces and
    by the side-condition test, and the audit reads each sheet formula again under every
    claim it is compared with; tokenising was ~10% of a cold audit's CPU."""
    return list(_tokens(latex))


@lru_cache(maxsize=8192)
def _tokens(latex: str) -> tuple[str, ...]:
    plain = _plain_text  # (imported below: it builds on this module's tokens)
    # (the relations and the elementwise dots after greek_words: it reads mu as \mu only in a
    # formula with no command)
    out = plain.ascii_relations(plain.leibniz(_scripts(plain.named_calls(plain.plain_names(plain.elementwise_dots(
        plain.greek_words(plain.plain_indices(plain.plain_words(font_switches(_characters(latex), _like), latex),
                                              latex)))), latex))))
    # \frac12 -> \frac{1}{2}: digits are single tokens as arguments in TeX
    fixed: list[str] = []
    for i, t in enumerate(out):
        if t == "." and fixed[-2:] == [".", "."] and fixed[-1].start == fixed[-2].end == t.start - 1:
            fixed[-2:] = [Tok(r"\dots", fixed[-2].start, t.end)]  # x_1, ..., x_n
        elif fixed and fixed[-1] in (r"\frac", r"\dfrac", r"\tfrac") and re.fullmatch(r"\d\d", t):
            fixed += [_like(t, c) for c in ("{", t[0], "}", "{", t[1], "}")]
        elif t == "=" and fixed and fixed[-1] == ":":
            fixed[-1] = _like(fixed[-1], ":=", t)
        elif t == ":" and fixed and fixed[-1] == "=":
            fixed[-1] = _like(fixed[-1], "=:", t)
        else:
            fixed.append(t)
    fixed = _plain_groups.plain_groups(fixed)  # e^(-x), √(2/n), √d_k, D*(x) as typed in plain text
    # X^{+}, 0^{-}, X^{\dagger}: a lone sign in a script group is the script itself (the grammar
    # reads ^+ but not a group holding only a sign)
    # \lim_{x \to 0+}: the sign after the point is a one-sided 0^+
    k = 0
    while k + 2 < len(fixed):
        if fixed[k] == r"\lim" and fixed[k + 1] == "_" and fixed[k + 2] == "{":
            end = _drop_arg(fixed, k + 2) - 1
            if fixed[end - 1] in ("+", "-") and fixed[end - 2] not in ("^", r"\to", r"\rightarrow"):
                fixed.insert(end - 1, _like(fixed[end - 1], "^"))
        k += 1
    k = 0
    while k + 3 < len(fixed):
        if fixed[k] in ("^", "_") and fixed[k + 1] == "{" and fixed[k + 2] in ("+", "-") \
                and fixed[k + 3] == "}":
            fixed[k + 1:k + 4] = [fixed[k + 2]]
        k += 1
    return tuple(_subscript_first(_index_then_transpose(_script_primes(fixed))))


def _script_primes(toks: list[str]) -> list[str]:
    """``g^{[l]\\prime}``, ``f^{\\prime\\prime}``: primes at the end of a superscript group are
    the primes TeX sets there, on what the group leaves (``g^{[l]}'``, ``f''``); a group holding
    one prime alone is read as it is."""
    out, k = list(toks), 0
    while k + 2 < len(out):
        if out[k] == "^" and out[k + 1] == "{":
            end = _drop_arg(out, k + 1) - 1  # the group's closing brace
            first = end
            while first > k + 2 and out[first - 1] == r"\prime":
                first -= 1
            primes = [_like(t, "'") for t in out[first:end]]
            if primes and (first > k + 2 or len(primes) > 1):
                out[k:end + 1] = (out[k:first] + [_like(out[end], "}")] if first > k + 2 else []) \
                    + primes
        k += 1
    return out


_TRANSPOSE_MARKS = {r"\top", r"\intercal", "T", r"\mathsf{T}", r"\mathrm{T}", r"\text{T}"}


def _index_then_transpose(toks: list[str]) -> list[str]:
    """``W^{(l+1)\\top}``, ``\\Omega^{[l]T}``: a layer index in brackets and a transpose mark in
    one superscript are the indexed name, transposed (``W^{(l+1)}`` then ``^{\\top}``), as
    TeX sets both in one group."""
    out, k = list(toks), 0
    while k + 4 < len(out):
        if out[k] == "^" and out[k + 1] == "{" and out[k + 2] in ("(", "["):
            end = _drop_arg(out, k + 1) - 1  # the group's closing brace
            close = ")" if out[k + 2] == "(" else "]"
            if end > k + 4 and out[end - 1] in _TRANSPOSE_MARKS and out[end - 2] == close \
                    and _drop_bracket(out, k + 2) == end - 1:
                mark = out[end - 1]
                out[end - 1:end + 1] = [out[end], _like(mark, "^"), _like(mark, "{"), mark,
                                        _like(mark, "}")]
        k += 1
    return out


def _drop_bracket(toks: list[str], i: int) -> int:
    """Index after the bracket group ( ) or [ ] opening at toks[i]."""
    opener = toks[i]
    closer = ")" if opener == "(" else "]"
    depth = 0
    for j in range(i, len(toks)):
        depth += toks[j] == opener
        depth -= toks[j] == closer
        if depth == 0:
            return j + 1
    return len(toks)


def _subscript_first(toks: list[str]) -> list[str]:
    """``\\sigma^2_X``, ``x^2_i``: a number power written before the subscript is set by TeX
    exactly as ``\\sigma_X^2``, so it is read as that (the power of the subscripted name)."""
    def script_end(i):  # index after the script starting at toks[i] (a token or a group)
        return _drop_arg(toks, i) if i < len(toks) and toks[i] == "{" else i + 1

    out, i = list(toks), 0
    while i < len(out):
        if out[i] == "^" and i + 1 < len(out):
            e1 = _drop_arg(out, i + 1) if out[i + 1] == "{" else i + 2
            power = "".join(out[i + 1:e1]).strip("{}")
            if re.fullmatch(r"\d+", power) and e1 < len(out) and out[e1] == "_" \
                    and e1 + 1 < len(out):
                e2 = _drop_arg(out, e1 + 1) if out[e1 + 1] == "{" else e1 + 2
                out[i:e2] = out[e1:e2] + out[i:e1]
                i = e2
                continue
        i += 1
    return out


def _characters(latex: str) -> list[str]:
    """Raw tokens, with typed characters (≤, α, ᵀ) as the commands they stand for and ``||``
    written for a norm bar as ``\\|``."""
    out = []
    for m in _TOKEN.finditer(latex):
        t = m.group()
        if t.isspace() or t == "~":
            continue
        if t == "|" and out and out[-1] == "|" and out[-1].end == m.start():
            out[-1] = Tok(r"\|", out[-1].start, m.end())
            continue
        if _IS_TEXT_CHAR(t):
            t = f"{t[:-1].rstrip()}{{{t[-1]}}}"  # \mathrm T -> \mathrm{T}
        if t in _COMBINING and out and out[-1].end == m.start() and _accentable(out[-1]):
            base = out.pop()  # x then U+0304: \bar{x}, quoted as the two code points written
            out += [Tok(p, base.start, m.end()) for p in (_COMBINING[t], "{", base, "}")]
            continue
        composed = None if t.isascii() else _precomposed(t)
        if composed is not None:
            out += [Tok(p, m.start(), m.end()) for p in (composed[1], "{", composed[0], "}")]
            continue
        out += [Tok(p, m.start(), m.end()) for p in _UNICODE.get(t, t).split(" ")] \
            if t in _UNICODE else [Tok(t, m.start(), m.end())]
    return out


def _accentable(tok: str) -> bool:
    """Can a typed accent sit on this token? A letter, or a Greek letter's command."""
    return bool(_IS_LETTER(tok)) or command_name(tok) is not None


def _precomposed(ch: str):
    """(letter, accent command) of one precomposed accented Latin letter (ŷ, ā, ñ), else None."""
    if len(ch) != 1 or ch.isascii():
        return None
    parts = unicodedata.normalize("NFD", ch)
    if len(parts) == 2 and parts[1] in _COMBINING:
        if re.fullmatch(r"[A-Za-z]", parts[0]):
            return parts[0], _COMBINING[parts[1]]
        if parts[0] in _UNICODE and command_name(_UNICODE[parts[0]]) is not None:
            return _UNICODE[parts[0]], _COMBINING[parts[1]]  # ᾱ: alpha with a macron
    return None


def _scripts(toks: list[str]) -> list[str]:
    """``x²`` -> ``x^{2}``, ``A⁻¹`` -> ``A^{-1}``, ``x₁`` -> ``x_{1}``; ``\\Sigma_{i=1}^n`` and
    ``Σ_{i=1}^n`` (a range under a capital sigma or pi) -> ``\\sum`` / ``\\prod``."""
    out, i = [], 0
    while i < len(toks):
        t = toks[i]
        for table, mark in ((_SUPERSCRIPT, "^"), (_SUBSCRIPT, "_")):
            if t in table:
                j = i
                while j < len(toks) and toks[j] in table and (j == i or toks[j - 1].end == toks[j].start):
                    j += 1
                out += [_like(t, c) for c in (mark, "{", *(table[u] for u in toks[i:j]), "}")]
                i = j
                break
        else:
            if t in (r"\Sigma", r"\Pi") and toks[i + 1:i + 3] == ["_", "{"]:
                end = _drop_arg(toks, i + 2)
                if "=" in toks[i + 3:end - 1]:
                    t = _like(t, r"\sum" if t == r"\Sigma" else r"\prod")
            out.append(t)
            i += 1
    return out


def _drop_arg(toks: list[str], i: int) -> int:
    """Index after a brace argument starting at toks[i] (or i if there is none)."""
    if i < len(toks) and toks[i] == "{":
        depth = 0
        for j in range(i, len(toks)):
            depth += toks[j] == "{"
            depth -= toks[j] == "}"
            if depth == 0:
                return j + 1
    return i


def normalise(toks: list[str]) -> list[str]:
    """Drop sizing/spacing, classify bars; returns the token list the grammar reads."""
    out: list[str] = []
    stack: list[str] = []   # open delimiters, including '|' and '\|'
    force = None            # 'open' / 'close' after \left / \right
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        if t in (r"\left", r"\bigl", r"\Bigl", r"\biggl", r"\Biggl"):
            force = "open"
            i += 1
            if i < n and toks[i] == ".":
                i += 1
                force = None
            continue
        if t in (r"\right", r"\bigr", r"\Bigr", r"\biggr", r"\Biggr"):
            force = "close"
            i += 1
            if i < n and toks[i] == ".":
                i += 1
                force = None
            continue
        if t == r"\middle":
            i += 1
            if i < n and toks[i] in _BAR:
                out.append(_like(toks[i], r"\mid"))
                i += 1
            continue
        if t in _DROP:
            i += 1
            continue
        if t in _DROP_WITH_ARG:
            i = _drop_arg(toks, i + 1)
            continue
        if t == r"\operatorname*":
            t = _like(t, r"\operatorname")
        prev = out[-1] if out else None
        opening_ctx = prev is None or prev in _OPENING_CONTEXT
        if prev in ("*", "+", "-", r"\ast", r"\star", r"\top") and len(out) > 1 and out[-2] in ("^", "_"):
            opening_ctx = False  # x^* |, x_+ |: the script ends an operand
        if t in _BAR:
            if t == r"\mid":
                kind = "mid"
            elif t == r"\lvert" or force == "open":
                kind = "open"
            elif t == r"\rvert" or force == "close":
                kind = "close"
            elif opening_ctx:
                kind = "open"
            elif stack and stack[-1] == "|":
                kind = "close"
            elif _bars_ahead(toks, i + 1) % 2:
                kind = "open"  # L |x - y|, \sum_i |x_i|^2: an odd number of bars follow
            else:
                kind = "mid"   # P(Y | X), p(z | x): nothing (or a pair) left to close it
            if kind == "open":
                stack.append("|")
                out.append(_like(t, r"\lvert"))
            elif kind == "close":
                if stack and stack[-1] == "|":
                    stack.pop()
                out.append(_like(t, r"\rvert"))
            else:
                out.append(_like(t, r"\mid"))
        elif t in _NORM:
            if t == r"\lVert" or force == "open":
                kind = "open"
            elif t == r"\rVert" or force == "close":
                kind = "close"
            elif stack and stack[-1] == "‖" and not opening_ctx:
                kind = "close"
            elif not opening_ctx and not _closer_ahead(toks, i + 1):
                kind = "mid"  # KL(p \| q)
            else:
                kind = "open"
            if kind == "open":
                stack.append("‖")
                out.append(_like(t, r"\lVert"))
            elif kind == "close":
                if stack and stack[-1] == "‖":
                    stack.pop()
                out.append(_like(t, r"\rVert"))
            elif _in_call(out):
                out.append(_like(t, r"\mid"))  # KL(p \| q): the separator of a divergence
            else:
                out.append(_like(t, r"\parallel"))  # [a \| b]: not a norm; left unread
        else:
            if t in _OPEN:
                stack.append(t)
            elif t in _CLOSE:
                # unclosed bars inside a group are left for the grammar to reject
                while stack and stack[-1] in ("|", "‖") and _CLOSE[t] not in stack[-1:]:
                    stack.pop()
                if stack and stack[-1] == _CLOSE[t]:
                    stack.pop()
            out.append(t)
        force = None
        i += 1
    return out


def _in_call(out: list[str]) -> bool:
    """Is the innermost open bracket a call's, ``name(`` (where a divergence separates p and q)?"""
    depth = 0
    for k in range(len(out) - 1, -1, -1):
        t = out[k]
        if t in _CLOSE or t in (r"\rvert", r"\rVert"):
            depth += 1
        elif t in _OPEN or t in (r"\lvert", r"\lVert"):
            if depth:
                depth -= 1
                continue
            if t not in ("(", "["):
                return False
            prev = out[k - 1] if k else ""
            if k > 1 and out[k - 2] in ("^", "_"):
                return False  # a^T [u \| v]: a script, not a name, before the bracket
            return bool(re.fullmatch(r"[A-Za-z]|\\[A-Za-z]+.*|}", prev)) and prev not in _OPENING_CONTEXT
    return False


def split_top(toks: list[str], seps) -> list[list[str]]:
    """Split a token list at separators that are outside every bracket."""
    parts: list[list[str]] = [[]]
    depth = 0
    for t in toks:
        if t in _OPEN or t in (r"\lvert", r"\lVert"):
            depth += 1
        elif t in _CLOSE or t in (r"\rvert", r"\rVert"):
            depth -= 1
        if depth == 0 and t in seps:
            parts.append([])
        else:
            parts[-1].append(t)
    return parts


_FLAT_ENVS = {"aligned", "align", "align*", "gathered", "gather", "split", "equation", "equation*"}


def _flatten_environments(toks: list[str]) -> list[str]:
    """``\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}``: rows become separate formulas.
    A matrix environment (``bmatrix``, ``pmatrix``, ...) stays: ``\\begin{bmatrix}`` and
    ``\\end{bmatrix}`` become single tokens, and its ``&`` and ``\\\\`` separate the cells."""
    out, i = [], 0
    depth = 0  # open matrix environments
    while i < len(toks):
        t = toks[i]
        if t in (r"\begin", r"\end") and i + 1 < len(toks) and toks[i + 1] == "{":
            j = _drop_arg(toks, i + 1)
            env = "".join(toks[i + 2:j - 1])
            if env in _FLAT_ENVS:
                i = j
                continue
            if env in _MATRIX_ENVS:
                if t == r"\end" and env in ("cases", "dcases"):
                    _drop_punctuation(out)
                out.append(_like(t, f"{t}{{{env}}}", toks[j - 1]))
                depth += 1 if t == r"\begin" else -1
                i = j
                continue
        if t == "&" and depth <= 0:
            i += 1
            continue
        if t in ("&", "\\\\") and depth > 0:
            _drop_punctuation(out)  # x, & x > 0 \\ ... 0 & \text{otherwise}.
        out.append(t)
        i += 1
    return out


def _drop_punctuation(out: list[str]) -> None:
    """A comma or full stop that ends a cell (``x, & x > 0``) is punctuation, not maths."""
    while out and out[-1] in (",", ".", ";"):
        out.pop()


def _closer_ahead(toks: list[str], i: int) -> bool:
    """Is there another norm bar later at the same bracket depth?"""
    depth = 0
    for t in toks[i:]:
        if t in _OPEN:
            depth += 1
        elif t in _CLOSE:
            depth -= 1
            if depth < 0:
                return False
        elif depth == 0 and t in _NORM:
            return True
    return False


def _bars_ahead(toks: list[str], i: int) -> int:
    """How many single bars follow at the same bracket depth, before the group closes.  An
    absolute value needs its closing bar there; a conditioning bar leaves an even count."""
    depth, count = 0, 0
    for t in toks[i:]:
        if t in _OPEN:
            depth += 1
        elif t in _CLOSE:
            depth -= 1
            if depth < 0:
                break
        elif depth == 0 and t in ("|", r"\vert", r"\lvert", r"\rvert"):
            count += 1
    return count


_RANGE_OPS = {r"\sum", r"\prod", r"\max", r"\min"}
_DOTS = ([",", ".", ".", ".", ","], [",", r"\dots", ","], [",", r"\ldots", ","],
         [",", r"\cdots", ","], [".", ".", "."], [".", "."], [r"\dots"], [r"\ldots"])


def _ranges(toks: list[str]) -> list[str]:
    """``\\max_{i=1..n}``, ``\\sum_{i=1, \\dots, n}``: the range written in the subscript becomes
    ``_{i=1}^{n}``, the form the reader reads (only when no superscript follows)."""
    out, i = [], 0
    while i < len(toks):
        if toks[i] in _RANGE_OPS and toks[i + 1:i + 3] == ["_", "{"]:
            end = _drop_arg(toks, i + 2)
            body = toks[i + 3:end - 1]
            if "=" in body and (end >= len(toks) or toks[end] != "^"):
                k = body.index("=")
                for dots in _DOTS:
                    m = next((j for j in range(k + 2, len(body) - len(dots))
                              if body[j:j + len(dots)] == dots), None)
                    if m is not None:
                        lo, hi = body[k + 1:m], body[m + len(dots):]
                        out += [toks[i], "_", "{", *body[:k + 1], *lo, "}", "^", "{", *hi, "}"]
                        i = end
                        break
                else:
                    out.append(toks[i])
                    i += 1
                continue
        out.append(toks[i])
        i += 1
    return out


_DELIMS = {**_OPEN, r"\lvert": r"\rvert", r"\lVert": r"\rVert", r"\langle": r"\rangle"}
_CLOSERS = {v: k for k, v in _DELIMS.items()}


def unbalanced(toks: list[str]):
    """The first bracket that does not pair up: ('open', i) for one never closed, ('close', i)
    for a closer with nothing open, ('mismatch', i, j) for an opener i closed by j; else None."""
    stack: list[int] = []
    for j, t in enumerate(toks):
        if t in _DELIMS:
            stack.append(j)
        elif t in _CLOSERS:
            if not stack:
                return ("close", j)
            i = stack.pop()
            if _DELIMS[toks[i]] != t:
                return ("mismatch", i, j)
    return ("open", stack[-1]) if stack else None


from . import _plain_groups, _plain_text  # noqa: E402 - plain-text spellings, built on the above
