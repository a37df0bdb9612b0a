"""An arrow update whose right side uses other per-step quantities, read as a step.

Optimiser rules are written in place, ``s \\leftarrow \\rho s + (1 - \\rho) g^2``, ``w \\gets w -
\\eta \\hat m / (\\sqrt{\\hat v} + \\epsilon)``, and the catalog states them as steps, ``s_t =
\\rho s_{t-1} + (1 - \\rho) g_t^2``. ``habits.update_arrow`` indexes the updated name only, so
the gradient ``g`` and the moments ``\\hat m, \\hat v`` stay names the claim does not know and
nothing is decided. Here the other small Latin letters of the right side (not called, not already
indexed, not inside a sub- or superscript or a word) carry the step's index too: the NEW index
(m_t = beta m_{t-1} + (1 - beta) g_t, theta_t = theta_{t-1} + v_t) or the OLD one (theta_{t+1}
= theta_t - eta g_t). Sheets use either convention, so both readings are returned and a
verdict must hold for both (see verify/audit/arrow_updates.py). Greek letters stay constants
(step sizes, decays, epsilon).
"""
from __future__ import annotations

import re

from .habits import update_arrow

# a Latin letter, bare or under an accent or bold font: g, \hat m, \hat{v}, \mathbf{g},
# \hat{\mathbf{s}} (a command may end just before it: \alpha\mathbf{v})
_FONT = r"\\(?:hat|tilde|bar|mathbf|boldsymbol|bm|vec)"
_LETTER = re.compile(
    r"(?P<n>(?<!\\)" + _FONT + r"\s*\{\s*(?:" + _FONT + r"\s*\{\s*[A-Za-z]\s*\}|[A-Za-z])\s*\}"
    r"|(?<!\\)\\(?:hat|tilde|bar)\s+[A-Za-z](?![A-Za-z])|(?<![\\A-Za-z0-9])[A-Za-z](?![A-Za-z]))")
# spans no letter of which is a per-step quantity: scripts, words, a function's name
_SCRIPT = re.compile(r"[_^]\s*(?:\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9])")
_WORDS = re.compile(r"\\(?:text|mathrm|operatorname|mbox|textrm|texttt|mathtt)\s*\{[^{}]*\}")
_CONSTANT_LETTERS = {"e", "i"}  # Euler's e, the imaginary unit


def _others(rhs: str) -> list[re.Match]:
    skip = [m.span() for m in _SCRIPT.finditer(rhs)] + [m.span() for m in _WORDS.finditer(rhs)]
    out = []
    for m in _LETTER.finditer(rhs):  # (finditer: a letter inside \mathbf{v} is taken with it)
        if any(a <= m.start() < b for a, b in skip):
            continue
        after = rhs[m.end():]
        if re.match(r"\s*(?:[_('(]|\\left\s*\(|\^\s*\{?\s*\()", after):
            continue  # g_t already indexed, J(theta) called, g' a derivative, x^{(k)}
        letter = re.sub(r"\\[A-Za-z]+|[{}\s]", "", m.group("n"))
        if letter in _CONSTANT_LETTERS or letter.isupper():
            continue  # (a capital is a count or a matrix: y <- (1 - eps) y + eps / C)
        out.append(m)
    return out


def _spoken(name: str) -> str:
    """g, m-hat, s-hat: a letter as a message for people names it."""
    letter = re.sub(r"\\[A-Za-z]+|[{}\s]", "", name)
    accent = re.search(r"\\(hat|tilde|bar)", name)
    return f"{letter}-{accent.group(1)}" if accent else letter


def arrow_steps(latex: str) -> list[tuple[str, str, str]]:
    """(the step, the letters indexed, "new" or "old") for an arrow update whose right side
    has per-step letters besides the updated name: each letter with the index of the step's
    result and with the index of its start, in the frames t -> t + 1 and t - 1 -> t. Empty
    when the formula is no arrow update or has no such letter."""
    out = []
    for new, old in (("t", "t-1"), ("t+1", "t")):
        step = update_arrow(latex, new, old)
        if step is None:
            return []
        left, rhs = step.split(" = ", 1)
        found = _others(rhs)
        if not found:
            return []
        names = ", ".join(dict.fromkeys(_spoken(m.group("n")) for m in found))
        for at, index in (("new", new), ("old", old)):
            sub = index if len(index) == 1 else f"{{{index}}}"
            text, last = [], 0
            for m in found:
                text.append(rhs[last:m.end()] + f"_{sub}")
                last = m.end()
            text.append(rhs[last:])
            out.append((f"{left} = {''.join(text)}", names, at))
    return out
