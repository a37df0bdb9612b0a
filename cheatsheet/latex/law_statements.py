"""Statements whose conclusion is a law: ``X + Y \\sim \\mathrm{Pois}(\\lambda_1 + \\lambda_2)``.

``X \\sim \\mathcal{N}(\\mu, \\sigma^2)`` with a lone name on the left says what X is (the
declarations say it; the reader drops it as a condition).  With an expression on the left
(a sum, a scaled or standardised variable, a minimum, a square) it is a claim about that
expression's law, as true or false as an equation: the reader keeps it as a relation ``sim``
whose right side is :class:`LawOf` (the law's canonical name and its parameters as written).
Only a law check (``verify/checks/law_statements.py``) decides it; every other check leaves
it undecided.  A right side that names no law this table knows is not read as one.
"""
from __future__ import annotations

import re
from tokenize import TokenError

import sympy as sp
from sympy.core.symbol import Str

# written name (lower case, letters only) -> canonical law
_NAMES = {
    "poisson": "poisson", "pois": "poisson", "poi": "poisson", "po": "poisson",
    "n": "normal", "normal": "normal", "gaussian": "normal", "gauss": "normal",
    "exp": "exponential", "expo": "exponential", "exponential": "exponential",
    "gamma": "gamma", "gam": "gamma",
    "bin": "binomial", "binom": "binomial", "binomial": "binomial",
    "bern": "bernoulli", "ber": "bernoulli", "bernoulli": "bernoulli",
    "beta": "beta",
    "unif": "uniform", "uniform": "uniform", "u": "uniform",
}
# how many parameters each law takes as written
ARITY = {"poisson": 1, "normal": 2, "exponential": 1, "gamma": 2, "binomial": 2,
         "bernoulli": 1, "beta": 2, "uniform": 2, "chi-squared": 1}
_CHI = re.compile(r"^chi_\{?([A-Za-z0-9+\- ]+)\}?$")


def _degrees(text: str):
    """The degrees of freedom written as a subscript (``k``, ``n-1``, ``2k``), or None."""
    from sympy.parsing.sympy_parser import (implicit_multiplication, parse_expr,
                                            standard_transformations)
    names = {n: sp.Symbol(n) for n in re.findall(r"[A-Za-z]+", text)}
    try:
        return parse_expr(text, local_dict=names,
                          transformations=standard_transformations + (implicit_multiplication,))
    except (SyntaxError, TypeError, ValueError, TokenError):
        return None


class LawOf(sp.Function):
    """``LawOf(Str(law), p1, p2, ...)``: the law named on the right of ``\\sim``."""

    nargs = None

    @classmethod
    def eval(cls, *args):
        return None

    @property
    def law(self) -> str:
        return str(self.args[0])

    @property
    def params(self) -> tuple:
        return tuple(self.args[1:])

    def _sympystr(self, printer):
        return f"{self.law}({', '.join(printer.doprint(a) for a in self.params)})"


def law_of(expr) -> LawOf | None:
    """The law a right side of ``\\sim`` names (``Pois(a)``, ``N(m, v)``, ``\\chi^2_k``), or
    None when it names none this table knows (with the right number of parameters)."""
    if isinstance(expr, sp.Pow) and expr.exp == 2 and isinstance(expr.base, sp.Symbol):
        m = _CHI.match(expr.base.name)  # \chi^2_k reads as (chi_k)^2, \chi^2_{k-1} (chi_k-1)^2
        df = _degrees(m.group(1)) if m else None
        return LawOf(Str("chi-squared"), df) if df is not None else None
    if isinstance(expr, sp.Mul) and len(expr.args) == 2:  # \chi^2(k): chi^2 times k
        chi = [a for a in expr.args if a == sp.Symbol("chi", real=True) ** 2]
        if chi:
            df = [a for a in expr.args if a is not chi[0]]
            return LawOf(Str("chi-squared"), df[0]) if df else None
    func = getattr(expr, "func", None)
    if not isinstance(expr, sp.Function) or func is None or not hasattr(func, "__name__"):
        return None
    name = re.sub(r"[^a-z]", "", func.__name__.lower())
    law = _NAMES.get(name)
    if law is None or len(expr.args) != ARITY[law]:
        return None
    return LawOf(Str(law), *expr.args)


LAW_CHECK = "laws.of_expression"  # the custom check that decides them
# what every check but a law check says of such a statement
LAW_ONLY = ("the formula says which law an expression follows; only a claim about that law "
            "can decide it")


# a lone name, maybe bold, accented, subscripted, primed or starred: X, \mathbf{x}_i, \bar X
_LONE_NAME = re.compile(r"^(?:\\(?:mathbf|boldsymbol|bm|hat|bar|tilde|mathrm|mathit)\s*)?\{?\s*"
                        r"\\?[A-Za-z]+\s*\}?\s*(?:_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+))?\s*"
                        r"(?:'|\^\s*\{?\s*(?:\*|\\prime)\s*\}?)?\s*$")
_LAW_HEAD = re.compile(r"^\s*(?:\\(?:mathrm|text|operatorname|mathcal|textrm|mathsf)\s*\{\s*"
                       r"([A-Za-z]+)\s*\}|([A-Za-z]+))\s*(?:\\left)?\s*\(|^\s*\\chi\s*[\^_]")
_OTHER_RELATION = re.compile(r"(?<![<>!\\])=|<|>|\\(?:leq?|geq?|neq?|approx|propto|in|perp|"
                             r"implies|to|mid)(?![A-Za-z])")


def _top_level(latex: str, word: str) -> list[int]:
    depth, out, k = 0, [], 0
    while k < len(latex):
        ch = latex[k]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and latex.startswith(word, k) and not latex[k + len(word):k + len(word) + 1].isalpha():
            out.append(k)
        k += 1
    return out


def named_law(text: str) -> str | None:
    """The law a right side of ``\\sim`` names by its head (``\\mathrm{Pois}(...)``,
    ``\\chi^2_k``), canonical; None when it names none of the table's."""
    m = _LAW_HEAD.match(text)
    if not m:
        return None
    name = (m.group(1) or m.group(2) or "").lower()
    return "chi-squared" if not name else _NAMES.get(name)


def states_law(latex: str) -> bool:
    """Does the formula state the law of an expression (``X + Y \\sim \\mathrm{Pois}(a + b)``),
    as opposed to declaring a name's law (``X \\sim \\mathcal{N}(0, 1)``)?  Text only: one
    top-level ``\\sim``, no other relation, an expression on its left, a law on its right."""
    at = _top_level(latex, r"\sim")
    if len(at) != 1:
        return False
    left, right = latex[:at[0]], latex[at[0] + 4:]
    if _OTHER_RELATION.search(left) or _OTHER_RELATION.search(right) or not left.strip():
        return False
    if _LONE_NAME.match(left.strip()) or _top_level(left, ",") or "|" in left:
        # a lone name's law is a declaration; X, Y \sim ... lists names; X | Y \sim ... is a
        # conditional law, which the check does not compute
        return False
    return named_law(right) is not None


def has_law_relation(stmt) -> bool:
    return any(r.op == "sim" for r in tuple(stmt.relations) + tuple(stmt.premises))
