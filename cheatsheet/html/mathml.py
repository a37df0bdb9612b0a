"""LaTeX to MathML for the HTML report and notebooks: the one place formulas are typeset.

latex2mathml does the conversion (browsers render MathML natively, so the page needs no
script or font). Two things are ours, and why:
- a few macros the sheets use that it does not know (``\\R``, ``\\arg``, ``\\operatorname*``)
  are rewritten to ones it does, before conversion;
- its output is re-serialised from its element tree with proper escaping (latex2mathml
  unescapes everything, so ``\\text{<b>}`` would otherwise reach the page as markup).
A formula it cannot convert, or that comes out with a command it left as text (``\\foo``),
is shown as its LaTeX in a ``<code>`` element instead: never raw LaTeX in running text.
"""
from __future__ import annotations

import html
import multiprocessing as mp
import os
import re
import threading
from xml.etree.ElementTree import Element, tostring

from markupsafe import Markup

# macros rewritten before conversion: shorthand for number sets, and operator names
# latex2mathml leaves as text
_SETS = {"R": "R", "N": "N", "Z": "Z", "Q": "Q"}
_OPERATORS = ("arg", "tr", "Tr", "diag", "rank", "sgn", "sign", "softmax", "Var", "Cov",
              "Corr", "KL", "erf", "logit", "supp", "vec")
_SET_MACRO = re.compile(r"\\(" + "|".join(_SETS) + r")(?![A-Za-z])")
_OPERATOR_MACRO = re.compile(r"\\(" + "|".join(_OPERATORS) + r")(?![A-Za-z])")


_OPERATORNAME = re.compile(r"\\operatorname\*?\{([^{}]*)\}")
_SPACING = re.compile(r"\\[,;:! ]")


def _operatorname(m: re.Match) -> str:
    """latex2mathml takes only plain letters there: a thin space stays one, anything else
    is typeset as a group."""
    name = _SPACING.sub("\u2009", m.group(1))
    return "\\operatorname{" + name + "}" if "\\" not in name else "{" + name + "}"


def _prepare(latex: str) -> str:
    s = _OPERATORNAME.sub(_operatorname, latex)
    s = _SET_MACRO.sub(lambda m: "\\mathbb{" + _SETS[m.group(1)] + "}", s)
    return _OPERATOR_MACRO.sub(lambda m: "\\operatorname{" + m.group(1) + "}", s)


def _clean(el: Element) -> bool:
    """Turn latex2mathml's entity strings into characters (serialisation escapes them again);
    False when a command was left as text (a backslash in what would be shown)."""
    ok = True
    for node in el.iter():
        for attr in ("text", "tail"):
            value = getattr(node, attr)
            if value:
                value = html.unescape(value)
                setattr(node, attr, value)
                if "\\" in value:
                    ok = False
        for key, value in node.attrib.items():
            node.attrib[key] = html.unescape(value)
    return ok


_CACHE: dict[tuple[str, bool], str | None] = {}


def _convert(latex: str, display: bool) -> str | None:
    from latex2mathml.converter import convert_to_element

    if not latex or not latex.strip():
        return None
    try:
        el = convert_to_element(_prepare(latex), display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - any failure of the converter means: show the LaTeX
        return None
    if not _clean(el) or not any((n.text or "").strip() for n in el.iter()):
        return None
    return tostring(el, encoding="unicode")


def to_mathml(latex: str, display: bool = False) -> str | None:
    """The formula as a ``<math>`` element (a string of safe markup), or None when it cannot
    be typeset faithfully. Cached: sheets repeat formulas."""
    key = (latex, display)
    if key not in _CACHE:
        _CACHE[key] = _convert(latex, display)
    return _CACHE[key]


def clear_cache() -> None:
    _CACHE.clear()


def _convert_part(part: list[str]) -> list[str | None]:
    return [_convert(latex, False) for latex in part]


PARALLEL_FROM = 300  # formulas; below this, starting workers costs more than it saves


def typeset_all(formulas, jobs: int | None = None) -> None:
    """Typeset many formulas ahead of a page, in worker processes when there are many:
    latex2mathml takes 1-2 ms a formula, the full verify page has about a thousand."""
    todo = list(dict.fromkeys(f for f in formulas if (f, False) not in _CACHE))
    n = max(1, min(jobs or os.cpu_count() or 1, 8))
    # forking a process that runs other threads (a notebook kernel, a browser driver) can
    # deadlock: there, one process
    if n == 1 or len(todo) < PARALLEL_FROM or threading.active_count() > 1 or \
            "fork" not in mp.get_all_start_methods():
        for latex in todo:
            to_mathml(latex)
        return
    parts = [todo[k::n * 4] for k in range(n * 4)]
    with mp.get_context("fork").Pool(n) as pool:
        for part, out in zip(parts, pool.map(_convert_part, parts)):
            _CACHE.update(((latex, False), m) for latex, m in zip(part, out))


def math_html(latex: str, display: bool = False) -> Markup:
    """A formula for a page: MathML in a ``<span class="math">`` (its LaTeX in the title, to
    copy), or the LaTeX in ``<code class="latex">`` where it cannot be typeset."""
    mathml = to_mathml(latex or "", display)
    if mathml is None:
        return Markup('<code class="latex" title="shown as LaTeX: it could not be typeset">'
                      "{}</code>").format(latex or "")
    return Markup('<span class="math" title="{}">').format(latex) + Markup(mathml) + \
        Markup("</span>")
