"""Macros a sheet defines for itself (``\\newcommand{\\E}{\\mathbb{E}}``,
``\\newcommand{\\KL}[2]{D(#1 \\| #2)}``, ``\\renewcommand``, ``\\providecommand``, ``\\def\\R{...}``,
``\\DeclareMathOperator{\\Var}{Var}``), expanded in the sheet's text before it is read, each in
force from the point where it is defined on.

Written here rather than with pylatexenc: its macro specs only tell its parser how many
arguments a macro takes (to build a node tree); they do not substitute a user's definition, and
the reader needs the expanded LaTeX text, not a tree.  Definitions are blanked (their line
breaks kept) and no expansion adds a line break, so every formula keeps its line number.
"""
from __future__ import annotations

import re

_DEFINERS = {"newcommand", "renewcommand", "providecommand", "DeclareMathOperator", "def"}
_WORD = re.compile(r"\\([A-Za-z]+)")
_DEPTH = 12  # nested uses (a macro defined by another); deeper is a loop, left as written


def _group(text: str, i: int) -> int | None:
    """Index after the balanced ``{...}`` starting at text[i], or None."""
    if i >= len(text) or text[i] != "{":
        return None
    depth = 0
    for j in range(i, len(text)):
        if text[j] == "\\":
            continue
        if text[j] == "{" and (j == 0 or text[j - 1] != "\\"):
            depth += 1
        elif text[j] == "}" and text[j - 1] != "\\":
            depth -= 1
            if depth == 0:
                return j + 1
    return None


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t":
        i += 1
    return i


def _bracket(text: str, i: int) -> int | None:
    """Index after ``[...]`` (braces inside balanced) starting at text[i], or None."""
    if i >= len(text) or text[i] != "[":
        return None
    depth = 0
    for j in range(i, len(text)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
        elif text[j] == "]" and depth == 0:
            return j + 1
    return None


def _definition(text: str, at: int, kind: str):
    """(end, name, n_args, default, body) of the definition whose command starts at ``at``."""
    i = at + 1 + len(kind)
    star = i < len(text) and text[i] == "*"
    i = _skip_space(text, i + star)
    if kind == "def":
        m = re.compile(r"\\([A-Za-z]+)((?:#\d)*)").match(text, i)
        if not m:
            return None
        name, n, i = m.group(1), len(m.group(2)) // 2, m.end()
        default = None
    else:
        m = re.compile(r"\{\s*\\([A-Za-z]+)\s*\}|\\([A-Za-z]+)").match(text, i)
        if not m:
            return None
        name, i = m.group(1) or m.group(2), _skip_space(text, m.end())
        n, default = 0, None
        if kind != "DeclareMathOperator":
            e = _bracket(text, i)
            if e is not None:
                if not text[i + 1:e - 1].strip().isdigit():
                    return None
                n, i = int(text[i + 1:e - 1]), _skip_space(text, e)
                e = _bracket(text, i)
                if e is not None:
                    default, i = text[i + 1:e - 1], _skip_space(text, e)
    i = _skip_space(text, i)
    end = _group(text, i)
    if end is None:
        return None
    body = text[i + 1:end - 1].replace("\n", " ")
    body = re.sub(r"\\xspace(?![A-Za-z])", "", body).strip()
    if body.startswith("\\ensuremath") and _group(body, _skip_space(body, 11)) == len(body):
        body = body[_skip_space(body, 11) + 1:-1]  # \ensuremath{...}: math either way
    if kind == "DeclareMathOperator":
        body = rf"\operatorname{'*' if star else ''}{{{body}}}"
    return end, name, n, default, body


def _argument(text: str, i: int):
    """(value, end) of one mandatory argument at text[i]: a group or a single token."""
    i = _skip_space(text, i)
    if i >= len(text) or text[i] in "}\n":
        return None
    end = _group(text, i)
    if end is not None:
        return text[i + 1:end - 1], end
    m = _WORD.match(text, i)
    if m:
        return m.group(), m.end()
    return text[i], i + 1


def _use(text: str, i: int, spec, defs: dict, depth: int):
    """(expansion, end) of the macro used with its arguments starting at text[i]."""
    n, default, body = spec
    args = []
    if n and default is not None:
        j = _skip_space(text, i)
        e = _bracket(text, j)
        if e is not None:
            args.append(text[j + 1:e - 1])
            i = e
        else:
            args.append(default)
    while len(args) < n:
        got = _argument(text, i)
        if got is None:
            return None
        args.append(got[0])
        i = got[1]
    out = re.sub(r"#(\d)", lambda m: args[int(m.group(1)) - 1]
                 if 0 < int(m.group(1)) <= len(args) else m.group(), body)
    return _expand(out, dict(defs), depth + 1), i


def _expand(text: str, defs: dict, depth: int = 0) -> str:
    if depth > _DEPTH or "\\" not in text:
        return text
    out, i = [], 0
    while i < len(text):
        j = text.find("\\", i)
        if j < 0:
            out.append(text[i:])
            break
        out.append(text[i:j])
        if text[j + 1:j + 2] and not text[j + 1].isalpha():
            out.append(text[j:j + 2])  # \\, \{, \,: no control word
            i = j + 2
            continue
        m = _WORD.match(text, j)
        if not m:
            out.append(text[j])
            i = j + 1
            continue
        name = m.group(1)
        if name in _DEFINERS:
            d = _definition(text, j, name)
            if d is not None:
                end, new, n, default, body = d
                if not (name == "providecommand" and new in defs):
                    defs[new] = (n, default, body)
                out.append(re.sub(r"[^\n]", " ", text[j:end]))  # blank, keep the lines
                i = end
                continue
        if name in defs:
            got = _use(text, m.end(), defs[name], defs, depth)
            if got is not None:
                expansion, end = got
                after = text[end:end + 1]
                # \bx y: TeX drops the space after a control word; keep words apart
                if re.search(r"\\[A-Za-z]+$", expansion) and after.isalpha():
                    expansion += " "
                out.append(expansion)
                i = end
                continue
        out.append(m.group())
        i = m.end()
    return "".join(out)


def expand_macros(text: str) -> str:
    """The sheet's text with the macros it defines expanded where they are used after their
    definitions, and the definitions blanked (line breaks kept)."""
    if not re.search(r"\\(?:newcommand|renewcommand|providecommand|DeclareMathOperator|def)"
                     r"(?![A-Za-z])", text):
        return text
    return _expand(text, {})
