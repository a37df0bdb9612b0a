"""Habits of a whole sheet that change how its formulas must be read.

* Lost vertical bars: some transcriptions drop every ``|`` (``P(Y X)`` for ``P(Y|X)``,
  ``\\ \\mathbf{u}\\ `` for ``\\|\\mathbf{u}\\|``, ``\\middle`` with nothing after it). Such a sheet's
  formulas are not the author's errors where a bar could have stood: they are read with the bars
  restored and never called wrong.
* Superscript indices: a sheet that writes ``\\theta^{t+1}``, ``\\theta^t``, ``w^{(k)}`` uses
  superscripts as time or iteration indices for those names; they are read as indices. Another
  name with such a superscript on that sheet (``\\gamma^{t-1}``) could be either, so both
  readings are tried.

Both are detected from the sheet's own text, never listed by hand.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from cheatsheet.latex.plain_as_tex import plain_as_tex

from .brackets import past_closing
from .model import Sheet
from .moment_letters import declared_moments

_NAME = r"(?:\\(?:mathbf|boldsymbol|bm|vec|hat|bar|tilde)\s*\{\s*\\?[A-Za-z]+\s*\}|\\[A-Za-z]+|[A-Za-z])"
_INDEX = r"(?:t|k|i|j|l|n|s|\\tau)"
# x^{t+1}, x^t, x^{(k)}, x^{(t-1)}
_SUPER_INDEX = re.compile(
    r"(?<![_\\A-Za-z])(?P<name>" + _NAME + r")\s*\^\s*(?P<sup>\{\s*\(?\s*" + _INDEX + r"\s*(?:[+-]\s*\d+)?\s*\)?\s*\}"
    r"|" + _INDEX + r"(?![A-Za-z]))")
_OPERATORS = {r"\sum", r"\prod", r"\int", r"\max", r"\min", r"\lim", r"\exp", r"\log", r"\sup",
              r"\inf", r"\bigcup", r"\bigcap", "e"}
# P(Y X): two variables side by side inside a probability, with no bar between
_VAR = r"(?:\\mathbf\s*\{\s*[A-Za-z]\s*\}|[A-Z])(?:_\{?\w+\}?)?"
_JUXTAPOSED = re.compile(r"\b[Pp]\s*\(\s*(?P<a>" + _VAR + r"(?:\s*,\s*" + _VAR + r")*)"
                         r"\s+(?P<b>" + _VAR + r"(?:\s*,\s*" + _VAR + r")*(?:\s*=\s*" + _VAR + r")?)\s*\)")
_SPACE_BAR = re.compile(r"(?<!\\)\\ (?=\s|\\|[A-Za-z(_^.]|$)")  # "\ " standing where "\|" was
_MIDDLE = re.compile(r"\\middle(?!\s*(\||\\\||\\vert|\\Vert|/|\\backslash|\\mid|\.))")


@dataclass(frozen=True)
class Habits:
    lost_bars: bool = False
    superscript_index: frozenset = field(default_factory=frozenset)  # names (as written)
    # letters declared in words for the mean or the variance (moment_letters.py):
    # (head as written, operator) pairs
    moments: tuple = ()


def _base(name: str) -> str:
    m = re.search(r"\{\s*(\\?[A-Za-z]+)\s*\}", name)
    return m.group(1) if m else name


def _index_matches(latex: str):
    """The index-like superscripts of a formula, but not a derivative's order: ``f^{(k)}(x)``
    (a parenthesised superscript on a name called with an argument) is the k-th derivative."""
    for m in _SUPER_INDEX.finditer(latex):
        if "(" in m.group("sup") and latex[m.end():].lstrip().startswith("("):
            continue
        yield m


def superscript_names(latex: str) -> list[str]:
    """Names written with an index-like superscript in one formula (letters as written)."""
    out = []
    for m in _index_matches(latex):
        name = _base(m.group("name"))
        if name not in _OPERATORS:
            out.append(name)
    return out


def bar_sites(latex: str) -> int:
    """How many places in a formula look like a vertical bar was lost there."""
    spaces = len(_SPACE_BAR.findall(latex))
    return (len(_JUXTAPOSED.findall(latex)) + (spaces // 2 if spaces % 2 == 0 else 0)
            + len(_MIDDLE.findall(latex)))


# an update rule written with a superscript step: w^{t+1} = ..., \theta^{(k+1)} := ...
_UPDATE = re.compile(r"(?:^|[,;&]|\\\\)\s*(?P<name>" + _NAME + r")\s*\^\s*\{\s*\(?\s*" + _INDEX +
                     r"\s*\+\s*1\s*\)?\s*\}\s*&?\s*(=|:=|\\leftarrow|\\gets)")


_TIME_STEP = re.compile(r"(?<![_\\A-Za-z])(?P<name>" + _NAME + r")\s*\^\s*(?:\{\s*\(?\s*(?:t|\\tau)"
                        r"\s*(?P<shift>[+-]\s*1)?\s*\)?\s*\}|(?:t|\\tau)(?![A-Za-z]))")


def sheet_habits(sheet: Sheet) -> Habits:
    """Lost bars (three signatures or more), and the names the sheet writes with superscript
    steps: those of an update rule written as w^{t+1} = ... (a power series x^{k+1} is never
    on the left of such a rule), of a formula relating w^t and w^{t-1}, or with a
    parenthesised superscript used more than once."""
    sites = sum(bar_sites(s.latex) for s in sheet.segments)
    updated: set[str] = set()
    parenthesised: Counter = Counter()
    for s in sheet.segments:
        for m in _UPDATE.finditer(s.latex):
            name = _base(m.group("name"))
            if name not in _OPERATORS:
                updated.add(name)
        steps: dict[str, set] = {}  # w^t and w^{t-1} in one formula: consecutive time steps
        for m in _TIME_STEP.finditer(s.latex):
            steps.setdefault(_base(m.group("name")), set()).add(m.group("shift") or "")
        updated |= {n for n, shifts in steps.items() if len(shifts) >= 2 and n not in _OPERATORS}
        for m in _index_matches(s.latex):
            name = _base(m.group("name"))
            if name not in _OPERATORS and "(" in m.group("sup"):
                parenthesised[name] += 1  # w^{(k)}: an index, never a power
    names = frozenset(updated | {n for n, k in parenthesised.items() if k >= 2})
    return Habits(lost_bars=sites >= 3, superscript_index=names,
                  moments=declared_moments(sheet))


def restore_bars(latex: str) -> str:
    """The formula with its lost bars put back where the signatures show them."""
    out = _JUXTAPOSED.sub(lambda m: f"P({m.group('a')} | {m.group('b')})", latex)
    spaces = _SPACE_BAR.findall(out)
    if spaces and len(spaces) % 2 == 0:  # norm bars come in pairs
        out = _SPACE_BAR.sub(lambda m: "\\|", out)
    out = _MIDDLE.sub(r"\\middle|", out)
    return out


def index_superscripts(latex: str, names) -> str:
    """``\\theta^{t+1}`` -> ``\\theta_{t+1}`` for the names that carry superscript indices (a
    name already subscripted keeps its superscript)."""
    def sub(m):
        name = m.group("name")
        if _base(name) not in names:
            return m.group(0)
        end = m.end()
        if end < len(latex) and latex[end:end + 1] == "_":
            return m.group(0)
        sup = m.group("sup")
        inner = sup.strip()
        if inner.startswith("{"):
            inner = inner[1:-1].strip()
        inner = inner.strip("()").strip()
        return f"{name}_{{{inner}}}"

    def sub_unless_order(m):
        if "(" in m.group("sup") and latex[m.end():].lstrip().startswith("("):
            return m.group(0)  # f^{(k)}(x): a derivative's order
        return sub(m)

    return _SUPER_INDEX.sub(sub_unless_order, latex)


_BY = re.compile(r"(\\partial\s*)(\\mathbf\s*\{\s*)?([A-Za-z])(\s*\})?")


def swapped_derivative_variable(latex: str) -> str | None:
    """``\\frac{\\partial}{\\partial \\mathbf{x}} [\\mathbf{a}^T \\mathbf{X} \\mathbf{b}]``: a
    derivative by a letter the formula never uses otherwise, while it uses the same letter in
    the other case, was most likely meant by that one (a lost capital). The formula with the
    derivative taken by it, or None when there is no such letter."""
    by = {m.group(3) for m in _BY.finditer(latex)}
    if not by:
        return None
    rest = _BY.sub(" ", latex)
    letters = set(re.findall(r"(?<![\\A-Za-z])[A-Za-z](?![A-Za-z])", re.sub(r"\\[A-Za-z]+", " ", rest)))
    swap = {v: v.swapcase() for v in by if v not in letters and v.swapcase() in letters}
    if not swap:
        return None
    return _BY.sub(lambda m: m.group(0).replace(m.group(3), swap.get(m.group(3), m.group(3))),
                   latex)


# \prod_{j=t}^{i+1}: a bare name below, that name's neighbour plus an offset above
_DESCENDING = re.compile(r"(\\prod|\\sum)(\s*_\s*\{\s*([a-z])\s*=\s*([A-Za-z])\s*\}\s*\^\s*\{\s*"
                         r"([A-Za-z])\s*\+\s*(\d)\s*\})")


def descending_bounds(latex: str) -> str | None:
    """``\\prod_{j=t}^{i+1}`` (i < t) is an empty product by the rule, but sheets write it for
    the product running down from t to i+1. The formula with such bounds written upward, or
    None when it has none."""
    if not _DESCENDING.search(latex):
        return None
    return _DESCENDING.sub(lambda m: f"{m.group(1)}_{{{m.group(3)}={m.group(5)}+{m.group(6)}}}"
                                     f"^{{{m.group(4)}}}", latex)


# M_X(t), M_{X+Y}(t), M_{\bar X}(s): a moment generating function, called at one point
_MGF = re.compile(r"(?<![\\A-Za-z])M_\s*(\{(?:[^{}]|\{[^{}]*\})*\}|[A-Z])\s*\(\s*([^()]+?)\s*\)")


def mgf_calls(latex: str) -> str | None:
    """``M_X(t)`` written for the moment generating function of X is E[e^{tX}] (what the
    catalog's MGF claims state): the formula with each such call spelled out, or None when it
    has none. A subscript must name random variables (capitals): M_k(t) is some other M."""
    def spell(m):
        inner = m.group(1).strip("{}").strip()
        if not re.search(r"[A-Z]", re.sub(r"\\[A-Za-z]+", "", inner)):
            return m.group(0)
        return rf"\mathbb{{E}}[e^{{({m.group(2)}) ({inner})}}]"

    out = _MGF.sub(spell, latex)
    return out if out != latex else None


# g_t, g_{t}, g_k: the gradient at step t (or k), as optimiser sheets write it
GRADIENT = re.compile(r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*g\s*\}|(?<![\\A-Za-z])g)\s*_\s*"
                      r"(?:\{\s*(?P<i>[tk])\s*\}|(?P<j>[tk]))(?![A-Za-z0-9])")
_PARAMETER = (r"(\\theta|\\mathbf\s*\{\s*w\s*\}|w|\\mathbf\s*\{\s*x\s*\}|x)_\s*(\{\s*@\s*\}|@)"
              r"(?![A-Za-z0-9+-])")


def _step_index(latex: str) -> str | None:
    """The step index of the formula's g_t / g_k: t always (the common shorthand), k only
    where the formula steps some name from k - 1 or to k + 1 (r_k = rho r_{k-1} + ... g_k), so
    that a g_k of a sum or a sequence elsewhere is not read as a gradient."""
    found = {m.group("i") or m.group("j") for m in GRADIENT.finditer(latex)}
    if "t" in found:
        return "t"
    if "k" in found and re.search(r"_\s*\{\s*k\s*[+-]\s*1\s*\}", latex):
        return "k"
    return None


def gradient_shorthand(latex: str) -> str | None:
    """``g_t`` for the gradient at the current iterate, as optimiser sheets write it (m_t =
    beta m_{t-1} + (1 - beta) g_t; g_k where the formula steps in k): the formula with g_t
    spelled out as the gradient of the objective at the iterate it names (theta_t, w_t or x_t,
    in its font; theta_t when it names none, which may not fit its sizes: a finding that rests
    on sizes is then not trusted), or None when it has no g_t."""
    i = _step_index(latex)
    if i is None:
        return None
    stepped = re.match(_STEPPED.replace("@", i), latex)
    m = re.search(_PARAMETER.replace("@", i), latex)
    param = stepped.group("n") if stepped else m.group(1) if m else r"\theta"
    at = f"{{{i}-1}}" if stepped and stepped.group("back") else i  # phi_t = phi_{t-1} - ... g_t
    # a plain formula reads rho as a Greek letter and b1 as b indexed; the LaTeX put in would
    # make them products of letters (r h o, b * 1), so they are written as TeX first
    latex = plain_as_tex(latex)
    return GRADIENT.sub(lambda g: rf"\nabla J({param}_{at})" if (g.group("i") or g.group("j")) == i
                        else g.group(0), latex)



# a step of the parameters in any letter: xi_{t+1} = xi_t - ..., phi_t = phi_{t-1} - ...
# (@ stands for the step index)
_STEPPED = (r"^\s*(?P<n>" + _NAME + r")\s*_\s*(?:\{\s*@\s*\+\s*1\s*\}|\{\s*@\s*\}|@)\s*=\s*"
            r"(?P=n)\s*_\s*(?:\{\s*@\s*(?P<back>-\s*1\s*)?\}|@)\s*-")


# \frac{\eta g_t}{\sqrt{s_t} + \epsilon}: a step size and a gradient over one denominator
_GRADIENT_OVER = re.compile(
    r"\\[dt]?frac\s*\{\s*(?P<rate>\\?[A-Za-z]+(?:\s*_\s*(?:\{[^{}]*\}|\w))?)\s*(?:\\[,;:! ]\s*)*"
    r"(?P<grad>(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*g\s*\}|g)\s*_\s*(?:\{[^{}]*\}|\w)"
    r"|\\nabla\s*(?:_\s*(?:\{[^{}]*\}|\\?[A-Za-z]+)\s*)?\\?[A-Za-z]+(?:_\w|_\{[^{}]*\})?\s*"
    r"\((?:[^()]|\([^()]*\))*\))\s*\}\s*\{(?P<den>(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}")


def gradient_out_of_fraction(latex: str) -> str | None:
    """The same step with its gradient written after the fraction, as the catalog states
    optimiser updates (eta g_t / (sqrt(s_t) + eps) as eta / (sqrt(s_t) + eps) g_t): an equal
    formula, so a reading of it is a reading of the sheet's; None when it has no such
    fraction."""
    out = _GRADIENT_OVER.sub(lambda m: rf"\frac{{{m.group('rate')}}}{{{m.group('den')}}} "
                                       rf"{m.group('grad')}", latex)
    return out if out != latex else None


# E[X], E_{x \sim p}[f(x)], E\left[...\right]: an italic E followed by a bracket is the
# expectation on most sheets that do not typeset it as \mathbb{E}
_PLAIN_E = re.compile(r"E(?=\s*(?:_\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|\w)\s*)?"
                      r"(?:\[|\\left\s*\[|\\big\s*\[|\\Big\s*\[))")


# \mathsf{E} U, \operatorname{E} X: an upright E applied to a bare capital, without brackets
_UPRIGHT_E = re.compile(r"\\(?:mathsf|mathrm|operatorname|mathbf|textsf|textrm)\s*\{\s*E\s*\}"
                        r"(?=\s*(?:\\mathbf\s*\{\s*)?[A-Za-z](?![A-Za-z{(\[]))")


def plain_expectation(latex: str) -> str | None:
    """The formula with an italic E before a bracket written as the expectation (also in
    aE[X], a times it), and an upright E before a bare capital (\\mathsf{E} U) as the
    blackboard one the reader knows, or None when it has neither. (Only where the sheet
    declares no E.)"""
    latex_in = latex
    latex = _UPRIGHT_E.sub(lambda _: r"\mathbb{E}", latex)
    def expectation(m: re.Match) -> str:
        before = latex[:m.start()]
        word = re.search(r"\\?[A-Za-z]*$", before).group(0)
        if word.startswith("\\") or re.search(r"\\(math[a-z]*|text[a-z]*|operatorname|bm|"
                                                r"boldsymbol)\s*\{\s*$", before):
            return m.group(0)  # \BigE, \mathrm{E}: written as the author means it
        return r"\mathbb{E}"

    out = _PLAIN_E.sub(expectation, latex)
    return out if out != latex_in else None


# theta <- theta - alpha grad J(theta), w := w - eta g: an update of a name by itself
# (or Q(S_t, A_t) <- Q(S_t, A_t) + ...: an update of a function's value at its arguments)
_ARROW = re.compile(r"^\s*(?P<name>" + _NAME + r")\s*(?P<args>\((?:[^()]|\([^()]*\))*\))?\s*&?\s*"
                    r"(?:\\leftarrow|\\gets|\\longleftarrow|:=|"
                    r"\\coloneqq)(?![A-Za-z])\s*(?P<rhs>.+)$", re.S)


def update_arrow(latex: str, new: str = "t+1", old: str = "t") -> str | None:
    """An update written with an arrow (theta <- theta - alpha grad J(theta)) as the step it
    is, theta_{t+1} = theta_t - alpha grad J(theta_t); a function's value updated at its
    arguments (V(S_t) <- V(S_t) + alpha delta_t) likewise, V_{t+1}(S_t) = V_t(S_t) + alpha
    delta_t, the function before the step being V_t wherever the right side calls it; None
    when the formula is no update of a name by itself."""
    m = _ARROW.match(latex)
    if not m:
        return None
    name, rhs = m.group("name"), m.group("rhs")
    # (a command name may follow another command's last letter: \lVert\mathbf{g})
    before = r"(?<!\\)" if name.startswith("\\") else r"(?<![\\A-Za-z_])"
    bare = before + re.escape(name) + r"(?![A-Za-z_'])"
    if not re.search(bare, rhs):
        return None  # a definition, not an update
    rhs = re.sub(r"\\nabla\s*_\s*\{?\s*" + re.escape(name) + r"\s*\}?", r"\\nabla ", rhs)
    was = old if len(old) == 1 else f"{{{old}}}"
    rhs = re.sub(r"(?<!\\partial )" + bare, lambda _: f"{name}_{was}", rhs)
    return f"{name}_{{{new}}}{m.group('args') or ''} = {rhs}"


# \nabla_\theta J(\theta_t): the gradient in theta, taken at theta_t
_GRADIENT_AT = re.compile(r"\\nabla\s*_\s*(?:\{\s*(?P<a>" + _NAME + r")\s*\}|(?P<b>" + _NAME +
                          r"))\s*(?P<f>\\?[A-Za-z]+(?:_\s*\{[^{}]*\}|_\w)?)\s*\(\s*(?P<arg>[^()]*)\)")


def gradient_at(latex: str) -> str | None:
    """nabla_theta J(theta_t) as nabla J(theta_t), the gradient at the point, where the
    argument is the variable with an index; None when there is none."""
    def at(m: re.Match) -> str:
        var = m.group("a") or m.group("b")
        arg = m.group("arg").strip()
        if not re.fullmatch(re.escape(var) + r"\s*_\s*(\{[^{}]*\}|\w)", arg):
            return m.group(0)
        return rf"\nabla {m.group('f')}({arg})"

    out = _GRADIENT_AT.sub(at, latex)
    return out if out != latex else None


# \sum_x, \sum_{x}, \sum_{x \in \mathcal{X}}, \sum_{\mathbf{x}}: a sum over the values of a
# variable, with no range written
_SUPPORT_SUM = re.compile(r"\\sum\s*_\s*(?:\{\s*(?P<a>" + _NAME + r")\s*(?:\\in\s*[^{}]*"
                          r"(?:\{[^{}]*\}[^{}]*)*)?\}|(?P<b>[A-Za-z]))(?!\s*\^)")
_CALL = r"(?P<f>(?<![\\A-Za-z])[A-Za-z])\s*(?:\\left)?\(\s*{var}\s*(?:\\right)?\)"


# E_{x ~ p}[...], \mathbb{E}_{x \sim P(x)}\left[...\right]: an expectation under a law the
# sheet writes as a function of the variable
_EXPECTATION_UNDER = re.compile(r"\\mathbb\s*\{?\s*E\s*\}?\s*_\s*\{\s*(?P<var>[a-z])\s*\\sim\s*"
                                r"(?P<law>[A-Za-z])(?:\s*\(\s*(?P=var)\s*\))?\s*\}\s*(?:\\left\s*)?\[")


def _expectations_as_sums(latex: str) -> str:
    """``\\mathbb{E}_{x \\sim P}[g(x)]`` as ``\\sum_x P(x) \\left[g(x)\\right]``: the
    expectation under a law on a finite support is the sum over that support."""
    out, k = [], 0
    for m in _EXPECTATION_UNDER.finditer(latex):
        if m.start() < k:
            continue
        j = past_closing(latex, m.end(), "[", "]")
        if j is None:
            return latex
        body = re.sub(r"\\right\s*$", "", latex[m.end():j - 1])
        var, law = m.group("var"), m.group("law")
        out.append(f"{latex[k:m.start()]}\\sum_{{{var}}} {law}({var}) \\left[{body}\\right]")
        k = j
    return "".join(out) + latex[k:]


def support_sums(latex: str) -> str | None:
    """A sum over the values of a variable (``\\sum_x p(x) \\log q(x)``, the sum over a
    distribution's finite support) as a sum over the n points of that support, the
    function values at them entries (``\\sum_{x=1}^{n} p_x \\log q_x``): how the catalog
    states such sums. An expectation under such a law (``\\mathbb{E}_{x \\sim p}[...]``) is
    that sum too. None when the formula has no such sum, or uses its variable other
    than as the one argument of a function (``\\sum_x x\\,p(x)`` needs the values)."""
    latex = _expectations_as_sums(latex)
    sums = list(_SUPPORT_SUM.finditer(latex))
    if not sums:
        return None
    used = set(re.findall(r"[A-Za-z]+", latex))
    size = next((n for n in ("n", "N", "m", "K") if n not in used), None)
    if size is None:
        return None
    pieces, end = [], len(latex)
    for m in reversed(sums):  # each sum's body runs to the next such sum
        var = m.group("a") or m.group("b")
        call = re.compile(_CALL.format(var=re.escape(var)))
        body = latex[m.end():end]
        if not call.search(body) or re.search(r"(?<![\\A-Za-z])" + re.escape(var) +
                                              r"(?![A-Za-z])", call.sub("", body)):
            return None  # the variable's value itself is used (x p(x)) or it indexes more
        plain = re.sub(r"\\(?:mathbf|boldsymbol|bm)\s*\{\s*([A-Za-z]+)\s*\}", r"\1", var)
        pieces.append(f"\\sum_{{{plain}=1}}^{{{size}}} " +
                      call.sub(lambda c: f"{c.group('f')}_{{{plain}}}", body).lstrip())
        end = m.start()
    out = latex[:end] + "".join(reversed(pieces))
    return out


# the mean and variance of one random variable written by their operators
# (\mathbb{E}, or an upright E as \mathsf{E}[X] and \operatorname{E}(X) write it)
_EXPECTATION = (r"(?:\\mathbb\s*\{?\s*E\s*\}?|"
                r"\\(?:mathsf|mathrm|operatorname|textsf|textrm)\s*\{\s*E\s*\})")
_MEAN_OF = re.compile(_EXPECTATION + r"\s*(?:\[\s*(?P<a>[A-Z])\s*\]|\(\s*(?P<b>[A-Z])\s*\)|"
                      r"\s*(?P<c>[A-Z])(?![A-Za-z_{(\[]))")
_VARIANCE_OF = re.compile(r"(?:\\(?:operatorname|mathrm|text|textrm)\s*\{\s*Var\s*\}|"
                          r"\\mathbb\s*\{?\s*V\s*\}?)\s*(?:\[\s*(?P<a>[A-Z])\s*\]|"
                          r"\(\s*(?P<b>[A-Z])\s*\))")


def moments_named(latex: str) -> str | None:
    """The formula with the mean and variance of its one random variable written mu and
    sigma^2, as the catalog states facts about "X with mean mu and variance sigma^2"
    (Chebyshev: P(|X - mu| >= eps) <= sigma^2 / eps^2); None when it writes no such moment,
    speaks of several random variables, or already uses mu or sigma. (Expects the sheet's
    expectation as \\mathbb{E}, as plain_expectation leaves it.)"""
    if re.search(r"\\(mu|sigma)(?![A-Za-z])", latex):
        return None
    found = [m for rx in (_MEAN_OF, _VARIANCE_OF) for m in rx.finditer(latex)]
    variables = {m.group("a") or m.group("b") or m.groupdict().get("c") for m in found}
    inside = set(re.findall(r"(?:" + _EXPECTATION + r"|Var\s*\}?|\\mathbb\s*\{?\s*V\s*\}?)"
                            r"\s*[\[(]([^\])]*)[\])]", latex))
    capitals = {c for text in inside for c in re.findall(r"(?<![\\A-Za-z])[A-Z](?![A-Za-z])", text)}
    if len(variables) != 1 or capitals - variables:
        return None  # none, or moments of several variables (E[X] E[Y], E[XY])
    out = _MEAN_OF.sub(lambda _: "\\mu ", latex)
    # (bracketed only where a power follows: Var(X)^2)
    out = _VARIANCE_OF.sub(lambda m: "(\\sigma^{2})" if out[m.end():].lstrip().startswith("^")
                           else "\\sigma^{2}", out)
    return out


# \exp(...), \exp\left(...\right), \exp\big(...\big): the exponential written as a call
_EXP_CALL = re.compile(r"\\exp\s*(\\left|\\big|\\Big|\\bigg|\\Bigg)?\s*\(")


def exp_as_power(latex: str) -> str | None:
    """``\\exp(x)`` as ``e^{x}``, the way most of the catalog writes it: the two are one
    function, but a typo is recognised only in the form it is recorded in. None when the
    formula has no such call."""
    out, pos, changed = [], 0, False
    for m in _EXP_CALL.finditer(latex):
        if m.start() < pos:
            continue
        k = past_closing(latex, m.end())
        if k is None:
            return None  # unbalanced: leave the formula as it is
        inner = latex[m.end():k - 1]
        sized = m.group(1)
        if sized:  # drop the matching \right / \big before the closing bracket
            inner = re.sub(r"\\(?:right|big|Big|bigg|Bigg)\s*$", "", inner)
        out.append(latex[pos:m.start()] + f"e^{{{inner.strip()}}}")
        pos, changed = k, True
    if not changed:
        return None
    return "".join(out) + latex[pos:]


# e raised to a braced power: e^{...} (a lone e^t is as often a base written plainly)
_EXP_POWER = re.compile(r"(?<![A-Za-z\\])e\s*\^\s*\{")


def power_as_exp(latex: str) -> str | None:
    """``e^{x}`` as ``\\exp(x)``, the other way the catalog writes it (the normal MGF
    ``\\exp(\\mu t + \\sigma^2 t^2 / 2)``): the two are one function, but a typo is recognised
    only in the form it is recorded in. None when the formula has no braced power of e."""
    out, pos, changed = [], 0, False
    for m in _EXP_POWER.finditer(latex):
        if m.start() < pos:
            continue
        k = past_closing(latex, m.end(), "{", "}")
        if k is None:
            return None  # unbalanced: leave the formula as it is
        inner = latex[m.end():k - 1].strip()
        if not inner:
            return None
        out.append(latex[pos:m.start()] + f"\\exp({inner})")
        pos, changed = k, True
    if not changed:
        return None
    return "".join(out) + latex[pos:]

