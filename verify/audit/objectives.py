"""An optimisation problem stated bare: ``\\max_{\\boldsymbol\\alpha \\geq 0} F`` subject to ...

Sheets state a dual, a margin problem or a fit as the problem itself: what is optimised, over
which variables, and under which constraints (``\\max_{0 \\le \\lambda_n \\le C} \\sum_n
\\lambda_n - \\dots`` "subject to" ``\\sum_n \\lambda_n t_n = 0``). Read alone it states no
relation, and its subscript's constraint (an inequality between vectors) is no expression
the reader takes. What the line asserts of its objective F is that F is the function the
problem optimises: here it is read as ``\\operatorname{objective}(v) = F``, v the optimised
variables, and compared with the claims whose left side is a function of v.

Only a claim whose title says it is an objective that is maximised may decide a ``\\max``
line, and one minimised a ``\\min`` line (a minimiser's claim states an arg min, not this): ``\\min_\\alpha \\frac12 \\alpha^\\top
Q \\alpha - \\mathbf{1}^\\top\\alpha`` is the same dual with its objective negated, right as
written, and must never be compared with the function the dual maximises. The constraints
are not read here (the subscript and an ``s.t.`` clause are set aside); they are formulas
of their own when written apart.
"""
from __future__ import annotations

import re

from cheatsheet.sheets.formulas import states_relation

# \max_{...} F, \min_x F (also \operatorname*{max}, \max\limits): the sense, its subscript, F
_PROBLEM = re.compile(
    r"^\s*\\(?:operatorname\*?\{(?P<w>max|min)\}|(?P<op>max|min)(?![A-Za-z]))\s*(?:\\limits\s*)?"
    r"_\s*(?P<sub>\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}|\\[A-Za-z]+|[A-Za-z])\s*(?P<rest>.+)$",
    re.S)
# a constraint written inside the same math: "\text{s.t.} ...", "\text{subject to} ..."
_SUBJECT_TO = re.compile(r"(?:\\q?quad\s*|\\[,;:]\s*|,\s*)*\\(?:text|mathrm|textrm|mbox)\s*"
                         r"\{\s*(?:s\.\s*t\.|subject\s+to|such\s+that)\s*\}.*$", re.S | re.I)
_COMPARISON = re.compile(r"\\(?:le|leq|ge|geq|leqslant|geqslant|preceq|succeq)(?![A-Za-z])|<|>|"
                         r"≤|≥")
_IN = re.compile(r"\\in(?![A-Za-z])")
_FONT = re.compile(r"\\(?:boldsymbol|mathbf|bm|vec|mathbfit)\s*\{\s*(\\?[A-Za-z]+)\s*\}|"
                   r"\\(?:boldsymbol|mathbf|bm|vec)\s+(\\?[A-Za-z]+)")
# one variable: a letter or Greek command, maybe in bold, maybe with the index of its entries
_VARIABLE = re.compile(r"^(\\[A-Za-z]+|[A-Za-z])(?:_\s*(?:\{[^{}]*\}|\w))?(?:\^\s*\{?\*\}?)?$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_SENSE_WORDS = {"max": re.compile(r"\bmaximi[sz]"), "min": re.compile(r"\bminimi[sz]")}


def _variable(piece: str, entries: bool = False) -> str | None:
    """The variable a piece of the subscript names (``\\boldsymbol{\\alpha}``; with
    ``entries``, ``\\lambda_n`` names the vector whose entries a bound constrains), else None."""
    text = _FONT.sub(lambda m: m.group(1) or m.group(2), piece).strip()
    m = _VARIABLE.match(text)
    if m is None or m.group(1) in ("\\infty", "\\mathbf", "\\mathbb"):
        return None
    return m.group(1) if entries else text


def optimised_variables(sub: str) -> list[str] | None:
    """The variables a max's or min's subscript ranges over: ``\\alpha \\geq 0``, ``0 \\le
    \\alpha_i \\le C``, ``\\alpha \\in S``, ``w, b``; None where it cannot tell."""
    sub = sub[1:-1] if sub.startswith("{") and sub.endswith("}") else sub
    if _IN.search(sub):
        sub = _IN.split(sub, 1)[0]
    parts = [p.strip() for p in _COMPARISON.split(sub)]
    if len(parts) == 3 and _NUMBER.match(parts[0] or "x"):
        names = [_variable(parts[1], entries=True)]  # 0 <= alpha_i <= C
    elif len(parts) == 2:
        names = [_variable(p, entries=True) for p in parts[0].split(",")]  # alpha >= 0
        if not _NUMBER.match(parts[1]):
            return None  # ||delta|| <= eps, x >= y: a set the subscript defines otherwise
    elif len(parts) == 1:
        names = [_variable(p) for p in sub.split(",")]
    else:
        return None
    if not names or any(n is None for n in names):
        return None
    return list(dict.fromkeys(names))


def objective_reading(latex: str) -> tuple[str, str] | None:
    """(sense, reading) for a bare ``\\max_{v ...} F`` or ``\\min_{v ...} F``: the sense ("max"
    or "min") and ``\\operatorname{objective}(v) = F``; None for anything else (a relation
    outside the subscript, several optimisations, a subscript that names no variable)."""
    m = _PROBLEM.match(latex)
    if m is None:
        return None
    rest = _SUBJECT_TO.sub("", m.group("rest")).strip().rstrip(",.;")
    if not rest or states_relation(rest) or re.match(r"\\(?:max|min|sup|inf)(?![A-Za-z])", rest):
        return None
    names = optimised_variables(m.group("sub"))
    if names is None or not any(re.search(re.escape(n) + r"(?![A-Za-z])", rest) for n in names):
        return None
    sense = m.group("w") or m.group("op")
    return sense, rf"\operatorname{{objective}}({', '.join(names)}) = {rest}"


def as_problem(expected: str, latex: str) -> str:
    """A right form found for the objective (``\\operatorname{objective}(v) = G``) written
    back as the problem the sheet states: its own ``\\max_{...}`` before G."""
    m = _PROBLEM.match(latex)
    head = re.match(r"^\s*\\operatorname\s*\{\s*objective\s*\}\s*\([^()]*\)\s*=\s*", expected or "")
    if m is None or head is None:
        return expected
    return latex[:m.start("rest")].rstrip() + " " + expected[head.end():]


def says_sense(title: str, sense: str) -> bool:
    """Does a claim's title say its function is the objective a ``sense`` ("max" or "min")
    optimises? ("SVM dual objective, which the dual maximises"; a minimiser's claim, "the
    minimiser of ||y - Xw||^2 is ...", states the arg min, never the objective.)"""
    low = title.lower()
    return bool(re.search(r"\bobjective\b", low)) and bool(_SENSE_WORDS[sense].search(low))
