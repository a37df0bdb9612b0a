"""A table cell stated by its row and column: ``| Poisson(λ) | ... | λ |`` under "Variance".

A cell holds no relation; on its own it is "λ", which says nothing. Its row names a law and its
column header a quantity (mean, variance, MGF, pmf or density, CDF, mode, survival function,
hazard, cumulative hazard), and together they name one
statement: Var(X) = λ for X ~ Poisson(λ). When exactly one law and one quantity are named and
the catalog has claims about that quantity of that law, the cell is read as the claim's left
side equal to the cell, in the claim's letters (the cell's own letters where they are the
claim's, else the one letter left over for the one parameter left over) and decided by the
claim's check. Anything less (two laws in the row, a header naming two quantities, letters
that do not correspond one to one) decides nothing here.
"""
from __future__ import annotations

import re

from cheatsheet.match import split_relation
from cheatsheet.match.tokens import Tok, keys, pretty, rebuild, tokenize
from .laws import claim_laws, sheet_laws, ways
from .readings import Reading

# a quantity -> the words of a column header that name it, and of a claim title
_QUANTITIES = {
    "mean": ({"mean", "expectation", "expected", "e[x]"}, ("mean",)),
    "variance": ({"variance", "var", "var(x)"}, ("variance",)),
    "mgf": ({"mgf", "generating"}, ("mgf", "moment generating")),
    "density": ({"pmf", "pdf", "density", "mass"}, ("pmf", "pdf", "density")),
    # of a lifetime law: S(t), h(t), H(t) share one shape, so a claim is told by its title
    "survival": ({"survival", "reliability"}, ("survival",)),
    "hazard": ({"hazard"}, ("hazard",)),
    "cumulative hazard": ({"cumulative hazard", "integrated hazard"}, ("cumulative hazard",)),
    "cdf": ({"cdf", "distribution function", "cumulative distribution",
             "cumulative density"}, ("cdf",)),
    "mode": ({"mode"}, ("mode",)),
}
# quantities whose statement's left side has no shape of its own (S(t) is h(t) is f(t))
_BY_TITLE = {"survival", "hazard", "cumulative hazard", "cdf"}


def quantities(words: str) -> set[str]:
    """The quantities a column header (with its row's words) names. A phrase is read before
    its words: "cumulative hazard" names no hazard, "cumulative density function" no density."""
    text = " ".join(re.findall(r"[a-z\[\]()]+", words.lower()))
    found = set()
    for phrases in (True, False):
        for q, (heads, _) in _QUANTITIES.items():
            for head in heads:
                if (" " in head) == phrases and re.search(
                        rf"(?<![a-z]){re.escape(head)}(?![a-z])", text):
                    found.add(q)
                    if phrases:
                        text = re.sub(rf"(?<![a-z]){re.escape(head)}(?![a-z])", " ", text)
    return found


def quantity(words: str) -> str | None:
    """The one quantity a column header names, or None (none, or several)."""
    found = quantities(words)
    return found.pop() if len(found) == 1 else None


def column_quantity(segment) -> str | None:
    """The one quantity a table cell's column header names, or None. Words of the row's label
    ("Normal mean, known $\\sigma^2$") name the law's setting, not what the cell holds."""
    if not segment.cell or not segment.row:
        return None
    label = set(re.findall(r"[A-Za-z]+", re.sub(r"\$[^$]*\$", " ", segment.row)))
    header = " ".join(w for w in re.findall(r"\S+", segment.before)
                      if re.sub(r"[^A-Za-z]", "", w) not in label)
    return quantity(header)


def states_another(claim, what: str) -> bool:
    """Is the claim's left side another of the quantities a column may name (Var(X) where the
    column says E[X])? Then the claim's right side is no reading of that column's cell."""
    split = split_relation(tokenize(claim.latex))
    return split is not None and any(
        _states(q, split[0]) and (q not in _BY_TITLE or _titled(q, claim.title))
        for q in _QUANTITIES if q != what)


def _titled(what: str, title: str) -> bool:
    """Does a claim's title name this quantity, and not a longer one holding its name (a
    "cumulative hazard" is no hazard)?"""
    title = title.lower()
    longer = [n for q, (_, names) in _QUANTITIES.items() if q != what for n in names
              if any(m in n and m != n for m in _QUANTITIES[what][1])]
    for n in longer:
        title = title.replace(n, " ")
    return any(n in title for n in _QUANTITIES[what][1])


def _states(what: str, lhs: list[Tok]) -> bool:
    """Is a claim's left side the quantity itself, of one random variable (E[X], Var(X),
    E[e^{tX}], P(X = k), f(x)), rather than an estimate of it (the Gaussian MLE of a mean)?"""
    ks = [k for k in keys(lhs) if k]
    if what == "mean":
        return ks == ["E", "(", "ι", ")"]
    if what == "variance":
        return ks == ["Var", "(", "ι", ")"]
    if what == "mgf":
        return ks[:2] == ["E", "("] and "e" in ks and "^" in ks
    if what == "mode":
        return ks == ["text:mode", "(", "ι", ")"]
    if what == "cdf":  # P(X <= x), F(x)
        return ks == ["ι", "(", "ι", ")"] or (len(ks) == 6 and ks[:2] == ["ι", "("]
                                               and ks[3] in ("\\le", "<") and ks[-1] == ")")
    if what in _BY_TITLE:
        return ks == ["ι", "(", "ι", ")"]
    return len(ks) >= 4 and ks[1] == "(" and ks[-1] == ")" and ks[0] in ("ι", "P")


def cell_claims(catalog, law: str, what: str) -> list:
    """The single-statement claims about this quantity of this law."""
    out = []
    for claim in catalog:
        if claim_laws(claim.title) != {law} or not _titled(what, claim.title) \
                or _several(claim.latex):
            continue
        split = split_relation(tokenize(claim.latex))
        if split is not None and _states(what, split[0]):
            out.append(claim)
    return out


def _several(latex: str) -> bool:
    """Does the claim state several things (a comma outside every bracket: E[X] = ...,
    Var(X) = ...)? A comma inside p(x | a, b) separates arguments only."""
    depth = 0
    for ch in latex:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "," and depth == 0:
            return True
    return False


def _letters(toks: list[Tok], row_names: frozenset = frozenset()) -> list[str]:
    return list(dict.fromkeys(_unit_name(t) for t in toks
                              if t.ident is not None or _unit_name(t) in row_names))


def correspond(cell: list[Tok], claim, row: str = "",
               inverted: bool = False) -> dict[str, str] | None:
    """Sheet letter -> claim letter: the row's parameters, in the order it writes them, for the
    claim's law's (``Binomial$(m, \\pi)$`` gives m for n, pi for p); else the same letter
    where the claim has it, and the one letter left over for the one parameter left over; None
    when that is not one to one."""
    lhs = split_relation(tokenize(claim.latex))[0]
    law_args = [str(a) for d in claim.declarations if d.kind == "random" for a in d.args]
    own = [n for n in _letters(lhs)  # the claim's own variables: t of E[e^{tX}] (not S of S(t))
           if claim.declarations.get(n) is not None
           and claim.declarations[n].kind not in ("random", "function")]
    by_row = _by_position(row_args(row), law_args or declared_parameters(claim, own), inverted)
    if by_row and not law_args:  # (of parameters only declared, those the cell writes: the
        # location m of Laplace(m, b) says nothing of a variance b^2 in the claim's scale way)
        written = set(_letters(cell, frozenset(by_row)))
        by_row = {s: f for s, f in by_row.items() if s in written} or None
    if by_row is not None:
        extra = [n for n in _letters(cell, frozenset(by_row)) if n not in by_row]
        if not extra:
            return by_row
        left = [n for n in own if n not in by_row.values()]
        if len(extra) == 1 and len(left) == 1 and re.fullmatch(r"\w+", left[0]):
            # Bern(q) with the MGF's variable s: q for p by the row, s for the one left, t
            return {**by_row, extra[0]: left[0]}
    params = list(dict.fromkeys(law_args + own))
    if not law_args:  # a law the declarations do not name (geometric): its scalars
        params += [d.name for d in claim.declarations
                   if d.kind == "scalar" and d.name not in params]
    mine = _letters(cell)
    said = _named_in_row(row, claim, params)
    same = {n: n for n in mine if n in params and n not in said}
    same.update({n: f for n, f in said.items() if n in mine})
    if len(set(same.values())) < len(same):
        return None  # ("shape $\lambda$" beside the claim's own scale lambda)
    rest_mine = [n for n in mine if n not in same]
    rest_theirs = [n for n in params if n not in same.values()]
    if not rest_mine:
        return same
    if len(rest_mine) == 1 and len(rest_theirs) == 1 and re.fullmatch(r"\w+", rest_theirs[0]):
        # (a law argument written 1/beta or sigma^2 is no letter to stand for)
        return {**same, rest_mine[0]: rest_theirs[0]}
    return None


def _named_in_row(row: str, claim, params: list[str]) -> dict[str, str]:
    """Sheet letter -> claim letter for the parameters the row names in words as the claim's
    title does ("Weibull with shape $m$ and scale $\eta$" for "shape k and scale lambda")."""
    from .parameters import claim_named, named_by_words

    if not row:
        return {}
    own = claim_named(claim)
    return {s: own[n] for s, n in named_by_words(row).items()
            if n in own and own[n] in params}


def declared_parameters(claim, own=()) -> list[str]:
    """The parameters of a claim's law whose declaration does not list them (X ~ Beta with
    alpha, beta declared beside it): its scalars other than its own variables, in the order
    declared, when its statement first writes them in that order too (the order a row writes
    Beta$(a, b)$ in); else []. Two orders that agree are the law's, not an accident of one."""
    params = [d.name for d in claim.declarations
              if d.kind == "scalar" and d.name not in own and d.domain not in ("index", "dim")]
    try:
        written = [t.ident for t in tokenize(claim.latex) if t.ident in params]
    except Exception:  # noqa: BLE001 - an untokenisable statement gives no order
        return []
    first = list(dict.fromkeys(written))
    return params if first == [p for p in params if p in first] else []


def names_a_parameter(cell_latex: str, row: str) -> bool:
    """Does the cell write a letter, or a parameter the row names with a constant's symbol
    (the pi of Geometric$(\\pi)$)? Otherwise it is the law at particular values."""
    row_names = {name for name, _ in row_args(row)}
    return any(t.ident is not None or _unit_name(t) in row_names
               for t in tokenize(cell_latex))


# a row's law with its parameters: the last bracket of its math (Binomial$(m, \pi)$,
# $X \sim \mathcal{N}(\mu, \sigma^2)$), or its one parameter ("Exponential, rate $\rho$")
_ROW_BRACKET = re.compile(r"\(([^()]*)\)")
_PARAM = re.compile(r"\s*(\\?[A-Za-z]+(?:\s*\{\s*\\?[A-Za-z]+\s*\})?)\s*(\^\s*\{?\s*2\s*\}?)?\s*")


def row_args(row: str) -> list[tuple[str, bool]]:
    """The law's parameters as the row writes them, in order: (name, squared), or []."""
    maths = re.findall(r"\$([^$]*)\$", row)
    brackets = _ROW_BRACKET.findall(" ".join(maths))
    if brackets:
        args = brackets[-1].split(",")
    elif len(maths) == 1:
        args = [maths[0]]
    else:
        return []
    out = []
    for arg in args:
        m = _PARAM.fullmatch(arg)
        if m is None:
            return []
        toks = tokenize(m.group(1))
        if len(toks) != 1:
            return []
        out.append((_unit_name(toks[0]), bool(m.group(2))))
    return out if all(out) else []


def _by_position(mine: list[tuple[str, bool]], law_args: list[str],
                 inverted: bool = False) -> dict[str, str] | None:
    """The row's parameters for the claim's law's, position by position, when they are as
    many and each is written the same way (sigma^2 for sigma^2)."""
    if not mine or len(mine) != len(law_args):
        return None
    out = {}
    for (name, squared), theirs in zip(mine, law_args):
        # (with ``inverted``, where the sheet says the claim's way, a scale the declaration
        # writes 1/beta is the rate beta of the claim's letters)
        m = re.fullmatch(r"(?:1/)?([A-Za-z]+)(\^2)?" if inverted else r"([A-Za-z]+)(\^2)?",
                         theirs.replace(" ", ""))
        if m is None or bool(m.group(2)) != squared or out.get(name, m.group(1)) != m.group(1):
            return None
        out[name] = m.group(1)
    return out if len(set(out.values())) == len(out) else None


def _unit_name(t: Tok) -> str:
    """A unit's name; the constant pi too, which a row may make a law's parameter."""
    if t.ident is not None:
        return t.ident
    return "pi" if t.raw == "\\pi" else ""


def cell_reading(cell_latex: str, claim, row: str = "",
                 words: str = "") -> tuple[Reading, dict[str, str]] | None:
    """The cell as the claim's statement (its left side = the cell), with the correspondence
    of letters, or None. ``row``: the row's label, whose law's parameters are the claim's;
    ``words``: the table's words around ("Rates, not scales"), which may say the way too."""
    toks = tokenize(cell_latex)
    said = ways(re.sub(r"\$[^$]*\$", " ", f"{row} {words}"))
    mapping = correspond(toks, claim, row, inverted=bool(ways(claim.title))
                         and ways(claim.title) <= said)
    if mapping is None:
        return None
    if any(a != b for a, b in mapping.items()) and ways(claim.title) and \
            not ways(claim.title) <= said:
        # mu for the claim's rate lambda in an Exponential(mu) row: the row may state the law
        # by its mean (or scale); another letter is the claim's only where the row says the
        # claim's way ("rate $\rho$")
        return None
    renamed = []
    for t in toks:
        name = _unit_name(t)
        if name in mapping and mapping[name] != name and (t.ident is not None or name == "pi"):
            theirs = _latex_name(mapping[name])
            renamed.append(Tok(_renamed_raw(t, theirs), "", mapping[name]))
        else:
            renamed.append(t)
    lhs = split_relation(tokenize(claim.latex))[0]
    latex = f"{rebuild(lhs)} = {rebuild(renamed)}"
    written = {_unit_name(t): t.raw for t in toks if _unit_name(t)}
    back = {theirs: written.get(mine, _latex_name(mine)) for mine, theirs in mapping.items()}
    return Reading(latex, claim.declarations, (claim.layout or "denominator",),
                   list(claim.assume), back, {}), back


def _renamed_raw(t: Tok, theirs: str) -> str:
    """The unit's LaTeX with its letter replaced (a Greek one with its backslash; the s of
    \\boldsymbol{s}, not those of the command)."""
    if t.ident is None or "_" in t.ident:  # (a label subscript is part of the name)
        return theirs
    letter = re.escape(t.ident)
    return re.sub(rf"\\{letter}(?![A-Za-z])|(?<![A-Za-z\\]){letter}(?![A-Za-z])",
                  lambda _: theirs, t.raw, count=1)


def expected_cell(claim, back: dict[str, str]) -> str:
    """The claim's right side in the sheet's letters."""
    rhs = split_relation(tokenize(claim.latex))[2]
    return pretty([Tok(back[t.ident], "", back[t.ident])
                   if t.ident in back and back[t.ident] != _latex_name(t.ident) else t
                   for t in rhs])


def _latex_name(name: str) -> str:
    from cheatsheet.latex.names import GREEK

    return "\\" + name if name in GREEK else name


def the_law(segment, latex: str) -> str | None:
    """The one law the cell's row names (its words, a name such as mathrm{Pois}), or None."""
    near = " ".join(w for w in (segment.before, segment.after) if w)
    laws = sheet_laws(near, "", f"{latex} {near}", {})  # (near keeps a row's \mathcal{U})
    return next(iter(laws)) if len(laws) == 1 else None


def closeness(cell_latex: str, claim) -> float:
    """How alike the cell and the claim's right side are as written (notation aside)."""
    from rapidfuzz import fuzz

    rhs = split_relation(tokenize(claim.latex))[2]
    return fuzz.ratio(" ".join(keys(tokenize(cell_latex))), " ".join(keys(rhs)))


# words of a row that make its variable something other than the law's own (a transform of
# it, a sum of draws) or fix the law's parameters (the standard normal, a fair coin)
_NOT_THE_LAW = re.compile(r"\b(standard(?:i[sz]ed)?|unit|fair|of|for|sum|squared?|min(imum)?|"
                          r"max(imum)?|product|mixture|shifted|scaled|truncated|"
                          r"discreti[sz]ed|folded|log|two[- ]sided|symmetric|location|"
                          r"half|zero[- ]inflated|censored)\b", re.I)
_SCRIPT = re.compile(r"[_^]\s*(\{[^{}]*\}|\\?[A-Za-z0-9])")


def particular_row(row: str) -> str:
    """Why a table row does not state the law with its parameters free, or '': it gives
    them values or expressions (``(0, 1)``, ``(1/2)``, ``(-a, a)``, "Standard normal"), or
    its variable is a function of the law's (``2X`` for X ~ Poisson, "square of a normal")."""
    words = re.sub(r"chi[- ]?squared?", " ", re.sub(r"\$[^$]*\$", " ", row), flags=re.I)
    m = _NOT_THE_LAW.search(words)
    if m:
        return f"its row says '{m.group(0).lower()}'"
    for math in re.findall(r"\$([^$]*)\$", row):
        bare = _SCRIPT.sub("", math)
        if "\\sim" in bare and not re.fullmatch(r"\s*\\?[A-Za-z]+\s*", bare.split("\\sim")[0]):
            return "its row speaks of a function of the law's variable"
        for args in re.findall(r"[(\[]([^()\[\]]*)[)\]]", bare):
            if re.search(r"[0-9+\-/*]|\\frac|\\cdot", args):
                return "its row gives the law particular parameter values"
    return ""
