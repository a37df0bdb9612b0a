"""Math typed without delimiters in a plain-text sheet, marked as math.

A student's plain-text crib writes ``σ′(x) = σ(x)(1 − σ(x))`` on a line of its own or after a
label (``Adam: m_t = ...``) with no ``$`` anywhere. The reader only takes what is delimited, so
such a sheet read as prose alone. Here each run of a line's tokens that holds a relation and no
word of prose is put in ``$...$``; labels, words ("for", "with", "keep probability") and runs
without a relation stay prose, so they are the formula's words as on any other sheet. Only a
sheet with no delimiter at all is read so (one that marks its math has said where it is).
"""
from __future__ import annotations

import re

from cheatsheet.latex.names import GREEK

_RELATIONS = ("=", "≤", "≥", "<", ">", "≈", "∝", "~", "≠", "∈", "←", ":=", "⇒")
# names of functions and operators a student types bare (not prose words)
_NAMES = {
    "log", "ln", "exp", "max", "min", "sup", "inf", "tanh", "sinh", "cosh", "sin", "cos",
    "tan", "softmax", "softplus", "sigmoid", "relu", "elu", "gelu", "var", "cov", "det",
    "tr", "diag", "argmax", "argmin", "kl", "elbo", "jsd", "mha", "attn", "concat", "sgn",
    "sign", "erf", "lim", "mse", "swish", "sqrt", "eps",
} | GREEK  # an ASCII crib spells its Greek letters: "s_t = rho s_{t-1} + (1 - rho) g_t^2"
# epsilon's usual short form, written out inside math so the tokeniser does not read e p s
_SHORT_GREEK = {"eps": "epsilon"}
_STOP2 = {"is", "of", "to", "at", "by", "on", "in", "or", "if", "as", "an", "so", "be", "we",
          "it", "no", "do", "up", "ie", "eg"}
_WORD = re.compile(r"^[A-Za-z][A-Za-z'’.\-]*$")
_EDGE_OPEN = "([{\"'“‘"
_EDGE_CLOSE = ")]},.;:!?\"'”’"


def _is_word(tok: str) -> bool:
    """A token of prose: letters (with a hyphen, apostrophe or dot) and no math character."""
    core = tok.lstrip(_EDGE_OPEN).rstrip(_EDGE_CLOSE)
    if not core or not _WORD.match(core):
        return False
    low = core.lower()
    if low in _NAMES or _accented(core):
        return False
    if len(core) == 1:
        return False
    if len(core) == 2:
        return low in _STOP2 or "." in core
    return True


def _accented(word: str) -> bool:
    """``xhat``, ``Xbar``, ``mutilde``: a letter and its accent, as the reader takes them (math,
    not a word of prose; "that" is a word)."""
    from cheatsheet.latex._plain_text import _ACCENT_LOOKALIKES, _ACCENT_WORDS

    accent = next((a for a in _ACCENT_WORDS if word.endswith(a)), None)
    base = word[:-len(accent)] if accent else ""
    return bool(base) and (len(base) == 1 or base in GREEK) \
        and word.lower() not in _ACCENT_LOOKALIKES


def _has_relation(text: str) -> bool:
    """A relation with something on each side (``=====`` under a heading is no formula)."""
    at = [text.find(r) for r in _RELATIONS if r in text]
    if not at:
        return False
    i = min(at)
    return bool(re.search(r"\w", text[:i])) and bool(re.search(r"\w", text[i + 1:]))


def _runs(line: str) -> list[tuple[int, int]]:
    """Spans of the line that are math: maximal runs of non-word tokens holding a relation,
    cut after a token that ends in a colon (a label's end) and trimmed of closing commas."""
    toks = [(m.start(), m.end()) for m in re.finditer(r"\S+", line)]
    spans, cur = [], []

    def close():
        if cur:
            a, b = cur[0][0], cur[-1][1]
            while b > a and line[b - 1] in ",;:.":
                b -= 1
            text = line[a:b]
            if text.startswith(_RELATIONS) and not text.startswith(("<", ">")):
                a = _named_by_words(line, toks, a)  # out = floor(...): the words name it
                text = line[a:b]
            if _has_relation(text) and _balanced(text):
                spans.append((a, b))
        cur.clear()

    for a, b in toks:
        tok = line[a:b]
        if _is_word(tok) or (tok[:-1] in GREEK and tok.endswith(",") and not _has_relation(
                line[cur[0][0] if cur else a:b - 1])):
            # ("at least 1 - delta, R(h) <= ...": a spelled letter and a comma after no
            # relation end a phrase of prose, as a word would)
            close()
            continue
        cur.append((a, b))
        if tok.endswith(":") and not tok.endswith(":="):
            close()
    close()
    return spans


# words that say something of a formula rather than name its left side ("so = ...")
_NOT_NAMES = {"is", "are", "the", "then", "so", "where", "and", "with", "gives", "get", "we",
              "thus", "hence", "becomes", "equals", "yields", "let", "set", "that", "this",
              "which", "it", "its", "our", "for", "when", "if", "note", "i.e.", "e.g."}
_MAX_NAME_WORDS = 3


def _named_by_words(line: str, toks: list, a: int) -> int:
    """Where a formula that opens with its relation starts when words name its left side:
    ``out = floor((n + 2p - k)/s) + 1``, ``receptive field = ...`` (up to three words of
    letters, after nothing but a label's colon or a comma on the line); ``a`` when none do."""
    before = [(x, y) for x, y in toks if y <= a]
    words = []
    while before and len(words) <= _MAX_NAME_WORDS:
        x, y = before[-1]
        tok = line[x:y]
        if not re.fullmatch(r"[A-Za-z]+", tok) or tok.lower() in _NOT_NAMES:
            break
        words.append((x, y))
        before.pop()
    if not words or len(words) > _MAX_NAME_WORDS:
        return a
    if before and not line[before[-1][0]:before[-1][1]].endswith((":", ",")):
        return a  # (words inside a sentence: "the size in pixels = ..." is prose)
    return words[-1][0]


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if depth < 0:
            return False
    return depth == 0


def mark_bare_math(text: str) -> str:
    """The text with each line's math runs put in ``$...$`` (lines stay where they are)."""
    out = []
    for line in text.split("\n"):
        spans = _runs(line)
        for a, b in reversed(spans):
            math = re.sub(r"(?<![A-Za-z\\])(" + "|".join(_SHORT_GREEK) + r")(?![A-Za-z])",
                          lambda m: _SHORT_GREEK[m.group(1)], line[a:b])
            line = line[:a] + "$" + math + "$" + line[b:]
        out.append(line)
    return "\n".join(out)


def has_no_delimiters(text: str) -> bool:
    """Whether the sheet marks no math at all (no dollar, no \\( or \\[)."""
    return "$" not in text and "\\(" not in text and "\\[" not in text
