"""What the HTML pages share: the jinja2 environment, verdict badges, counterexample tables,
prose with LaTeX fragments, and writing a page to disk.

Templates live in ``templates/`` (jinja2, autoescaped); the CSS and the small filter script
are files there too and are inlined, so a page is one file that works offline.
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from .mathml import math_html, to_mathml

# every verdict of the audit, of a claim and of a sheet version: (colour class, icon)
_BADGES = {
    "ok": ("ok", "✓"), "holds": ("ok", "✓"), "proved": ("ok", "✓"), "passed": ("ok", "✓"),
    "wrong": ("wrong", "✗"), "refuted": ("wrong", "✗"),
    "unchecked": ("unchecked", "?"), "undecided": ("unchecked", "?"),
    "error": ("unchecked", "!"), "timeout": ("unchecked", "!"),
}


def verdict_class(verdict: str) -> str:
    return _BADGES.get(verdict, ("unchecked", "?"))[0]


def badge(verdict: str, label: str | None = None) -> Markup:
    """Colour, icon and word (the verdict, or ``label``): readable without colour."""
    cls, icon = _BADGES.get(verdict, ("unchecked", "?"))
    return Markup('<span class="badge {}"><span class="icon" aria-hidden="true">{}</span> '
                  "{}</span>").format(cls, icon, verdict if label is None else label)


# -- prose that may quote LaTeX ---------------------------------------------------------------

_QUOTED = re.compile(r"`([^`]+)`")
_LATEXISH = re.compile(r"\\[A-Za-z]+|[\^_]\{")


def _balance(s: str) -> int:
    return sum(s.count(c) for c in "([{") - sum(s.count(c) for c in ")]}")


_WORD = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{3,}")


def _fragment(latex: str) -> Markup:
    """A LaTeX fragment inside a sentence: typeset inline when it converts, else code. A bare
    word in it (``Sigma^{1/2}``, plain-text notation) would be typeset as a product of letters:
    code too."""
    mathml = None if _WORD.search(re.sub(r"\\[A-Za-z]+\{[^{}]*\}", "", latex)) \
        else to_mathml(latex)
    if mathml is None:
        return Markup('<code class="latex">{}</code>').format(latex)
    return Markup('<span class="math" title="{}">').format(latex) + Markup(mathml) + \
        Markup("</span>")


def _unquoted(text: str) -> Markup:
    """Words stay words; a run of words that is LaTeX (a backslash command, ``^{``) is typeset
    or shown as code, extended over the words its brackets span."""
    if not _LATEXISH.search(text):
        return escape(text)
    words = re.split(r"(\s+)", text)
    out, plain, k = [], [], 0
    while k < len(words):
        w = words[k]
        if not _LATEXISH.search(w):
            plain.append(w)
            k += 1
            continue
        run, k = w, k + 1
        while _balance(run) > 0 and k + 1 < len(words):
            run += words[k] + words[k + 1]
            k += 2
        core = run.rstrip(".,;:")
        out += [escape("".join(plain)), _fragment(core)]
        plain = [run[len(core):]]
    out.append(escape("".join(plain)))
    return Markup("").join(out)


def prose(text) -> Markup:
    """A message for people (a reason, a note) that may quote LaTeX: quoted fragments
    (```...```) and bare LaTeX never appear as raw LaTeX in running text."""
    if not text:
        return Markup("")
    text = str(text)
    out, last = [], 0
    for m in _QUOTED.finditer(text):
        out.append(_unquoted(text[last:m.start()]))
        out.append(Markup('<code class="latex">{}</code>').format(m.group(1)))
        last = m.end()
    out.append(_unquoted(text[last:]))
    return Markup("").join(out)


# -- counterexamples --------------------------------------------------------------------------

_NAMED = re.compile(r"(\(.*?\)|\S+)\s*(.*)", re.S)
SMALL_MATRIX = 3  # rows and columns up to this are typeset; bigger ones stay words


def _cell(value, text: str) -> Markup:
    """A value of a counterexample: a small matrix typeset as one, anything else in words
    (explain.py's, which shorten big arrays)."""
    from cheatsheet.verify.explain import value_text

    rows = value if isinstance(value, list) and 0 < len(value) <= SMALL_MATRIX else None
    if rows and all(isinstance(r, list) and len(r) == len(rows[0]) and 0 < len(r) <=
                    SMALL_MATRIX and all(isinstance(x, (int, float)) and not isinstance(
                        x, bool) and math.isfinite(x) for x in r) for r in rows):
        body = r" \\ ".join(" & ".join(value_text(x) for x in r) for r in rows)
        mathml = to_mathml(r"\left[\begin{matrix} " + body + r" \end{matrix}\right]")
        if mathml is not None:
            return Markup('<span class="math" title="{}">').format(text) + Markup(mathml) + \
                Markup("</span>")
    return prose(text)


@dataclass
class Counterexample:
    why: str
    rows: list  # (name, value) pairs in plain words: the symbols' values, then both sides
    sides: list
    extra: list
    seed: int | None


def counterexample(cx: dict | None, rename: dict | None = None) -> Counterexample | None:
    """The audit's (``values``, ``left``, ``right``) and the checker's (``instance``, ``lhs``,
    ``rhs``) counterexamples as one table, in the words of verify/explain.py."""
    if not cx:
        return None
    from cheatsheet.verify.explain import bindings, plain_text, value_text

    values = cx.get("values") or cx.get("instance") or {}
    raw = {(rename or {}).get(k, k): v for k, v in values.items()}
    rows = []
    for phrase in bindings(values, rename):
        name, sep, value = phrase.partition(" = ")
        if not sep:  # "X ~ Poisson(λ)", "(X, Y) take the values ..."
            name, value = _NAMED.match(phrase).groups()
        rows.append((name, _cell(raw.get(name) if sep else None, value)))
    sides = []
    for label, keys in (("left side", ("left", "lhs")), ("right side", ("right", "rhs"))):
        present = [k for k in keys if k in cx]
        if present:
            v = cx[present[0]]
            sides.append((label, _cell(v, value_text(v, rename))))
    skip = {"values", "instance", "left", "right", "lhs", "rhs", "why", "relation", "seed"}
    extra = [(k.replace("_", " "), _cell(v, value_text(v, rename))) for k, v in cx.items()
             if k not in skip and v is not None]
    return Counterexample(plain_text(cx.get("why") or "", rename), rows, sides, extra,
                          cx.get("seed"))


# -- the environment --------------------------------------------------------------------------

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")


@lru_cache(maxsize=1)
def environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(
        ["html", "j2"], default_for_string=True), undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True)
    env.filters.update(math=math_html, prose=prose, badge=badge, verdict_class=verdict_class)
    env.globals["display_math"] = math_html  # the formula's own line; CSS sets display style
    env.globals["asset"] = _asset
    return env


@lru_cache(maxsize=None)
def _asset(name: str) -> Markup:
    """A CSS or JS file of templates/, to inline (it is ours, not user input)."""
    with open(os.path.join(TEMPLATES, name), encoding="utf-8") as fh:
        return Markup(fh.read())


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


# -- writing ----------------------------------------------------------------------------------

class PageError(OSError):
    """The page cannot be written where asked; the message is one line for people."""


def check_writable(path: str) -> None:
    """Fail before the long work when the page could not be written at the end."""
    path = os.fspath(path)
    if os.path.isdir(path):
        raise PageError(f"cannot write the HTML report to {path}: it is a directory")
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        what = "is not a folder" if os.path.exists(parent) else "does not exist"
        raise PageError(f"cannot write the HTML report to {path}: {parent} {what}")
    if os.path.exists(path) and not os.access(path, os.W_OK) or \
            not os.path.exists(path) and not os.access(parent, os.W_OK):
        raise PageError(f"cannot write the HTML report to {path}: permission denied")


def write_page(path: str, page: str) -> None:
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(page)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise PageError(f"cannot write the HTML report to {path}: {reason.lower()}") from None
