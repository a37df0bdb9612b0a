"""Names a sheet defines for the formulas right after: ``Sigmoid $g(z) = \\frac{1}{1+e^{-z}}$
has $g'(z) = g(z)(1 - g(z))$``, ``Let $h = \\sigma(z)$. Then $\\frac{dh}{dz} = h(1-h)$``.

The second formula says nothing on its own (g is no function the reader knows); with the
definition put in it is a statement about the sigmoid. A definition reaches only the formulas
on its own line and the next one: further down a sheet reuses a letter for other things (an
example f(x) = x^3 beside the definition of convexity for any f).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .brackets import past_closing

# \operatorname{ELU}, \mathrm{GELU}, \text{Mish}: a function named by an upright word
_WORD_NAME = r"\\(?:operatorname|mathrm|text|textrm|textsf|mathsf)\s*\{[A-Za-z]{2,}\}"
# g(z) = ..., \phi(x) := ..., \psi_X(t) = ...: a one-letter (or Greek) function of one
# variable, perhaps with a subscript naming what it belongs to, or one an upright word names
_FUNCTION = re.compile(r"^\s*(\\?[A-Za-z]+|" + _WORD_NAME + r")((?:_\{?\\?[A-Za-z0-9]+\}?)?)\s*"
                       r"\(\s*([a-z]|\\[a-z]+)\s*\)\s*(?:=|:=|\\coloneqq)\s*(.+)$", re.S)
# (a subscripted density or probability, p_X(x) = ..., is as often any law as this one)
_SUBSCRIPTED_ANY = {"f", "p", "P", "E", "F", r"\log"}
# h = \sigma(z): a one-letter name for an expression that calls a function
_NAME = re.compile(r"^\s*([a-z])\s*(?:=|:=|\\coloneqq)\s*(.*\\[A-Za-z]+\s*\(.+)$", re.S)
_KNOWN = {r"\sigma", r"\exp", r"\log", r"\ln", r"\tanh", r"\sin", r"\cos", "f", "p", "P", "E",
          r"\phi", r"\psi"}  # (f, p, phi: too often any function, or the density itself)
REACH = 1  # lines after its own that a definition reaches


def _after(name: str) -> str:
    """What may stand just before a name for it to be that name: no letter nor backslash
    before a letter (h in \\phi), only no backslash before a command (\\top\\Lambda is
    \\top then \\Lambda)."""
    return r"(?<!\\)" if name.startswith("\\") else r"(?<![\\A-Za-z])"


@dataclass(frozen=True)
class Definition:
    name: str  # as written: g, \phi
    variable: str | None  # z in g(z); None for a name without argument
    body: str
    line: int


# environments whose & separates columns (an aligned block's & only aligns its rows)
_ENVIRONMENT = re.compile(r"\\(begin|end)\s*\{(?:[pbBvV]?matrix|smallmatrix|array|cases)\*?\}")


def _unaligned(latex: str) -> str:
    """The formula without an align row's alignment mark (``\\zeta(x) &= ...``). A column
    mark inside a matrix, array or cases (``\\begin{pmatrix} A & B \\\\ C & D \\end{pmatrix}``) stays:
    without it the row C & D reads as the product C D."""
    out, depth, k = [], 0, 0
    for m in _ENVIRONMENT.finditer(latex):
        piece = latex[k:m.start()]
        out.append(re.sub(r"(?<!\\)&", " ", piece) if depth == 0 else piece)
        out.append(m.group(0))
        depth = depth + 1 if m.group(1) == "begin" else max(depth - 1, 0)
        k = m.end()
    piece = latex[k:]
    out.append(re.sub(r"(?<!\\)&", " ", piece) if depth == 0 else piece)
    return "".join(out)


# words that name a law, not a function: \text{Pois}(\lambda) = e^{\lambda(e^t - 1)} gives the
# law's MGF, and X \sim \text{Pois}(\mu) further down is no call of it
_LAW_WORDS = {"be", "bern", "ber", "bernoulli", "bin", "binom", "binomial", "pois", "poi", "poisson",
              "exp", "expo", "exponential", "gam", "gamma", "beta", "unif", "uniform", "normal",
              "gauss", "gaussian", "geom", "geo", "geometric", "negbin", "nb", "cat",
              "categorical", "mult", "multinomial", "dir", "dirichlet", "laplace", "cauchy",
              "student", "lognormal", "weibull", "logistic", "hypergeom"}


def _known_word(name: str) -> bool:
    """Is the name an upright word the reader reads as a function of its own (softplus,
    ReLU, Var), or one naming a law (Pois, Bern)?"""
    from cheatsheet.latex.calls import TEXT_OPS

    word = re.fullmatch(_WORD_NAME.replace(r"\{[A-Za-z]{2,}\}", r"\{([A-Za-z]{2,})\}"), name)
    return word is not None and (word.group(1) in TEXT_OPS
                                 or word.group(1).lower() in _LAW_WORDS)


def definition_of(latex: str, line: int) -> Definition | None:
    """The definition a formula makes, or None."""
    latex = _unaligned(latex)
    m = _FUNCTION.match(latex)
    if m and _known_word(m.group(1)):
        m = None  # (\operatorname{softplus}(x) = ...: the reader knows that function itself)
    if m and (len(m.group(1)) == 1 or m.group(1).startswith("\\")) and (
            m.group(1) not in _SUBSCRIPTED_ANY if m.group(2) else m.group(1) not in _KNOWN):
        base, sub, var, body = m.groups()
        name = base + sub
        if re.search(rf"{_after(name)}{re.escape(name)}(?![A-Za-z])", body) or \
                not re.search(rf"{_after(var)}{re.escape(var)}(?![a-z])", body) or "," in body:
            return None  # (e^{tX} uses t: a capital after it is another name, times t)
        if var.startswith("\\") and not re.search(r"[A-Za-z}]\s*\(", body):
            # I(lambda) = lambda states a quantity (Fisher's information of a Poisson law);
            # I_n(theta) = n I(theta) builds one of another
            return None
        return Definition(name, var, body.strip(), line)
    m = _NAME.match(latex)
    if m:
        name, body = m.groups()
        if re.search(rf"(?<![\\A-Za-z]){name}(?![A-Za-z])", body) or "," in body:
            return None
        return Definition(name, None, body.strip(), line)
    return None


# P = ..., \mathbf{H} := ...: one letter (any font) given the value of an expression
_BARE = re.compile(r"^\s*((?:\\(?:mathbf|boldsymbol|bm|mathrm)\s*\{\s*)?\\?[A-Za-z]+\s*\}?)"
                   r"\s*(?:=|:=|\\coloneqq)\s*(.+)$", re.S)
_RELATION = re.compile(r"=|\\le|\\ge|<|>|\\approx|\\sim")


def name_given(latex: str, line: int) -> Definition | None:
    """The name a formula gives a value to (P = A(A^T A)^{-1} A^T), or None: a statement
    about that name further on is about that value, not about any matrix or number."""
    m = _BARE.match(_unaligned(latex))
    if not m:
        return None
    name, body = m.group(1).strip(), m.group(2).strip()
    letter = re.sub(r"\\(mathbf|boldsymbol|bm|mathrm)\s*\{|\}|\s", "", name)
    if len(letter.lstrip("\\")) != 1 and not letter.startswith("\\"):
        return None
    if _RELATION.search(body) or re.search(rf"{_after(letter)}{re.escape(letter)}(?![A-Za-z])",
                                            body):
        return None  # a chain or a recursion, not a definition
    return Definition(name, None, body, line)


def mentions(latex: str, d: Definition) -> bool:
    letter = re.sub(r"\\(mathbf|boldsymbol|bm|mathrm)\s*\{|\}|\s", "", d.name)
    if re.match(r"\\(?:mathcal|mathscr|mathbb)\b", d.name):
        # (a calligraphic name, \mathcal{N}_0 for a law, is looked for as written)
        return bool(re.search(rf"(?<!\\){re.escape(d.name)}(?![A-Za-z0-9_])", latex))
    return bool(re.search(rf"{_after(letter)}{re.escape(letter)}(?![A-Za-z])", latex))


# one name (mu, \sigma_0, \mathbf{x}), perhaps to a digit's power (sigma^2)
_ONE_NAME = re.compile(r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*\\?[A-Za-z]+\s*\}|\\[A-Za-z]+|[A-Za-z])"
                       r"(?:_\{?[A-Za-z0-9]+\}?)?(?P<power>\^\{?[0-9]\}?)?")


def _bracketed(body: str, before: str, after: str) -> str:
    """The value as it replaces a name: bare where it is one name (mu for nu, sigma^2 for
    omega, unless a power follows), so the formula keeps the claim's shape; else bracketed
    (as after a script mark or a command that takes it as its argument: e^v, \\sqrt v, or
    before a bracket, where the bare name would be called)."""
    one = _ONE_NAME.fullmatch(body.strip())
    # (before a bracket a bare name would become a call: a(eta) with a = b is no b(eta))
    if one and not (one.group("power") and re.match(r"\s*[\^']", after)) \
            and not re.match(r"\s*(?:\(|\\left\b|\[)", after) \
            and not re.search(r"(?:[\^_]|\\[A-Za-z]+)\s*$", before):
        return body.strip()
    return f"\\left({body}\\right)"


_PRIME = r"(?:'|\^\s*(?:\{\s*\\prime\s*\}|\\prime(?![A-Za-z])))"  # one prime, as typed


def put_in(latex: str, definitions) -> str | None:
    """The formula with the definitions in reach put in for their names (g(z) by the body,
    g'(z) by the derivative of the body, h by the body), or None when none applies."""
    out = latex
    for d in definitions:
        name = re.escape(d.name)
        # dh/dz, \partial h / \partial z: the derivative of the body
        out = re.sub(rf"\\[dt]?frac\s*\{{\s*(d|\\partial)\s*{name}\s*\}}\s*\{{\s*(d|\\partial)\s*([a-z])\s*\}}",
                     lambda m: f"\\frac{{d}}{{d{m.group(3)}}}\\left({d.body}\\right)", out)
        if d.variable is None:
            # (h(1 - h) is h times 1 - h: h names a value, not a function)
            pattern = rf"{_after(d.name)}{name}(?![A-Za-z_])"
            if not re.search(pattern, out):
                continue
            # p_Y(y) after Y = aX: a subscript naming the variable names the transform
            # (p_{aX}), where brackets would make it unreadable
            out = re.sub(rf"_\s*(?:{name}(?![A-Za-z])|\{{\s*{name}\s*\}})",
                         lambda _: f"_{{{d.body}}}", out)
            out = re.sub(pattern, lambda m: _bracketed(d.body, m.string[:m.start()],
                                                             m.string[m.end():]), out)
            continue
        var = re.escape(d.variable)  # (a Greek variable, \\theta, has a backslash)
        # g'(z), g^{\prime}(z): the derivative of the body, at the same variable only
        out = re.sub(rf"{_after(d.name)}{name}\s*{_PRIME}\s*\(\s*{var}\s*\)",
                     lambda _: f"\\frac{{d}}{{d{d.variable}}}\\left({d.body}\\right)", out)
        # (a whole left side needs no brackets: psi_X(t) = ... reads E(e^{tX}) = ...)
        out = re.sub(rf"{_after(d.name)}{name}\s*\(\s*{var}\s*\)",
                     lambda m: d.body if not m.string[:m.start()].strip() and re.match(
                         r"\s*(=|\\le|\\ge|<|>)", m.string[m.end():])
                     else f"\\left({d.body}\\right)", out)
        out = _called_elsewhere(out, d)
    return out if out != latex else None


def _called_elsewhere(latex: str, d: Definition) -> str:
    """``\\zeta(-x)`` after ``\\zeta(x) = \\log(1 + \\exp(x))``: the body with the argument
    put in for the variable (bracketed), for any argument without a comma (one variable)."""
    head = re.compile(rf"{_after(d.name)}{re.escape(d.name)}\s*(?:\\left\s*)?\(")
    var = rf"{_after(d.variable)}{re.escape(d.variable)}(?![A-Za-z])"
    out, k = [], 0
    for m in head.finditer(latex):
        if m.start() < k:
            continue
        j = past_closing(latex, m.end())
        if j is None:
            break
        arg = re.sub(r"\\right\s*$", "", latex[m.end():j - 1]).strip()
        if "," in arg or not arg:
            continue
        body = re.sub(var, lambda _: f"\\left({arg}\\right)", d.body)
        out.append(latex[k:m.start()] + f"\\left({body}\\right)")
        k = j
    return "".join(out) + latex[k:]


# "We write $a := b$ for assignment", "$x \gets y$ denotes ...": the sheet shows how it writes
# things; the formula is named, not used, and gives its letters no values
_SHOWN_BEFORE = re.compile(r"\b(?:we|I|one|you)\s+(?:will\s+)?(?:write|use|type)\s*$"
                           r"|\b(?:is|are)\s+written(?:\s+as)?\s*$|\bthe\s+notation\s*$", re.I)
_SHOWN_AFTER = re.compile(r"^\s*(?:for|to\s+mean|to\s+denote|denotes|means|stands\s+for|"
                          r"is\s+(?:our\s+)?notation)\b", re.I)


def shown_as_notation(before: str, after: str) -> bool:
    """Do the words around a formula say it shows the sheet's notation ("we write $a := b$
    for assignment") rather than define its letters?"""
    return bool(_SHOWN_BEFORE.search(before or "")) and bool(_SHOWN_AFTER.match(after or ""))
