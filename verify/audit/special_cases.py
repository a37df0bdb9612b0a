"""A special case the sheet names, imposed on the claim's check before it excuses a formula.

"Sigma positive definite: E[x^T A x] = Tr(A Sigma^{-1}) + m^T A m" fails the claim, which
draws Sigma positive semidefinite. The words name a special case the claim does not assume,
so the formula used to be left unchecked: it may state that case. Whether it does is decided,
not assumed: the check is run again with every square matrix of the claim made positive
definite, the strongest reading of the words whatever matrix they speak of. Refuted there too,
the formula is wrong in the very case it names; holding there, it stays excused.

A finite set pinned on one of the formula's letters ("labels $t_n \in \{-1, +1\}$" beside a
hinge loss) is imposed the same way: the claim's letter it stands for is drawn from that set
only (an assumption added to the claim's own). Often the claim already assumes it (y^2 = 1);
either way a formula refuted there is wrong for the very labels its sheet uses.
"""
from __future__ import annotations

import re
from dataclasses import replace

from cheatsheet.symbols import DeclarationError, Declarations

from .independent_case import fails_independent

# words naming a positive definite matrix
_DEFINITE = re.compile(r"positive[- ]definite|\bp\.d\.|\bspd\b|\\succ\s*0", re.I)
# a claim's square matrix: psd(n), symmetric(n), pd(n), matrix(n, n)
_SQUARE = re.compile(r"^(?:(?:psd|symmetric|pd)\((?P<n>\w+)\)|matrix\((?P<a>\w+),\s*(?P<b>\w+)\))$")


# a letter (maybe subscripted) in a finite set of numbers: t_n \in \{-1, +1\}, y \in \{0, 1\}
_FINITE_SET = re.compile(r"^\s*(?P<name>\\?[A-Za-z]+)(?:\s*_\s*(?:\{[^{}]*\}|\w))?\s*\\in\s*"
                         r"(?:\\\{|\\lbrace)(?P<items>[^{}]*?)(?:\\\}|\\rbrace)\s*$")
_NUMBER = re.compile(r"^[+-]?\d+$")
# (a real letter is never drawn exactly at a listed number: only whole-number domains)
_SCALAR_SPECS = ("integer", "natural", "count")
# a claim's vector of numbers (its entries y_i the sheet may pin): vector(N)
_VECTOR = re.compile(r"^vector\((\w+)\)$")


def _base(latex: str) -> str:
    """The letter a name is written with: t for t_n, y for y_{i}, alpha for alpha_t."""
    return re.split(r"[_^{(\s]", latex.strip().lstrip("\\"), maxsplit=1)[0]


def in_finite_set(special: str, reading):
    """The reading with the claim's letter the sheet pins to a finite set of numbers drawn
    from that set only, or None (no such set, a letter the formula does not map to a scalar
    of the claim or, written with an index (y_i), to a vector of the claim whose entries it
    names, or a set of anything but whole numbers)."""
    m = _FINITE_SET.match(special)
    if m is None:
        return None
    items = [i.strip().replace(" ", "") for i in m.group("items").split(",")]
    # (\{\pm 1\} is the set \{-1, +1\})
    items = [v for i in items for v in ((f"-{i[3:]}", f"+{i[3:]}") if i.startswith("\\pm")
                                        else (i,))]
    if not items or not all(_NUMBER.match(i) for i in items):
        return None
    letter = _base(m.group("name"))
    specs = {d.name: d.spec for d in reading.decls}

    def factors(of: str) -> str:
        return "".join(f"({of} - {int(v)})" if int(v) >= 0 else f"({of} + {-int(v)})"
                       for v in items)

    names = [claim for claim, sheet in reading.names_back.items()
             if _base(sheet) == letter and specs.get(claim, "").split("(")[0] in _SCALAR_SPECS]
    if len(names) == 1:
        (name,) = names
        return replace(reading, assume=list(reading.assume) + [f"{factors(name)} = 0"])
    # an entry written y_i of the claim's vector y (labels y in R^N): every entry in the set;
    # also y_i written yi (a heading's text that lost its underscore) where i is an index the
    # formula uses
    indices = {sheet for claim, sheet in reading.names_back.items()
               if specs.get(claim, "").startswith("index(")}
    if "_" not in special.split("\\in")[0]:
        letter = letter[:1] if letter[1:] in indices else ""
    entries = [claim for claim, sheet in reading.names_back.items()
               if letter and _base(sheet) == letter and _VECTOR.match(specs.get(claim, ""))]
    if len(entries) != 1:
        return None
    (name,) = entries
    size = _VECTOR.match(specs[name]).group(1)
    k = next(c for c in ("k", "l", "q", "r", "s") if c not in specs)
    each = factors(f"{name}_{k}")
    return replace(reading, assume=list(reading.assume) +
                   [rf"\sum_{{{k}=1}}^{{{size}}} \left({each}\right)^2 = 0"])


def labels_fixed(special: str, latex: str, claim_latex: str) -> bool:
    """Whether a finite set pins a label that the formula and its claim both write only at
    values of that set: "$y \\in \\{0, 1\\}$" beside p(y=1|x) = ..., where the claim states
    p(y=1|x) too. The label is no variable of the check, so the case names nothing the claim
    does not already state: refuted, the formula is wrong in that very case."""
    m = _FINITE_SET.match(special)
    if m is None or "_" in m.group("name"):
        return False
    items = {i.strip().replace(" ", "").lstrip("+") for i in m.group("items").split(",")}
    if not items or not all(_NUMBER.match(i) for i in items):
        return False
    letter = re.escape(m.group("name").strip())
    anywhere = re.compile(rf"(?<![A-Za-z\\]){letter}(?![A-Za-z])")
    at_value = re.compile(rf"(?<![A-Za-z\\]){letter}\s*=\s*(-?\d+)(?![\d.])")

    def only_at_values(text: str) -> bool:
        values = at_value.findall(text)
        return bool(values) and set(values) <= items \
            and len(anywhere.findall(text)) == len(values)

    return only_at_values(latex) and only_at_values(claim_latex)


_GREEK = frozenset("alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa "
                   "lambda mu nu xi pi rho sigma tau upsilon phi varphi chi psi omega Gamma "
                   "Delta Theta Lambda Xi Pi Sigma Phi Psi Omega".split())


def under_condition(special: str, reading):
    """The reading with a condition the sheet states beside the formula (the dual's
    constraint ``\\sum_n \\lambda_n t_n = 0``) added to the claim's assumptions, written in
    the claim's letters; None unless every letter of the condition is one the formula shares
    with the claim (a letter of its own, or one whose claim name has no plain spelling, and
    the condition cannot be carried over). An assumption the claim's samples never meet
    leaves no instance, so nothing is refuted under it."""
    from cheatsheet.match.tokens import Tok, rebuild, tokenize

    if not re.search(r"(?<![<>!\\])=", special) or "\\in" in special:
        return None
    claim_of = {sheet: claim for claim, sheet in reading.names_back.items()}
    own = {_base(sheet): claim for claim, sheet in reading.names_back.items()}
    out = []
    for t in tokenize(special):
        if t.ident is None:
            out.append(t)
            continue
        claim = claim_of.get(t.raw.strip()) or claim_of.get(t.ident) or own.get(t.ident)
        if claim is None or not re.fullmatch(r"[A-Za-z]+", claim):
            return None
        out.append(Tok("\\" + claim if claim in _GREEK else claim, "", claim))
    condition = rebuild(out)
    if condition in reading.assume:
        return None
    return replace(reading, assume=list(reading.assume) + [condition])


def in_named_case(special: str, reading):
    """The reading with the case the words name imposed (every square matrix positive
    definite, a letter in a finite set), or None when the words name no case this can
    impose or nothing changes."""
    if not _DEFINITE.search(special):
        return in_finite_set(special, reading) or under_condition(special, reading)
    specs, changed = {}, False
    for d in reading.decls:
        m = _SQUARE.match(d.spec.replace(" ", ""))
        n = (m.group("n") or (m.group("a") if m.group("a") == m.group("b") else None)) \
            if m else None
        if n is not None and d.spec != f"pd({n})":
            specs[d.name], changed = f"pd({n})", True
        else:
            specs[d.name] = d.spec
    if not changed:
        return None
    try:
        return replace(reading, decls=Declarations.from_mapping(specs))
    except DeclarationError:
        return None


class SpecialCases:
    """Mixin of the Decider: does a formula fail its claim in the case its words name?"""

    def _fails_in_named_case(self, c, reading, special: str) -> bool:
        narrowed = in_named_case(special, reading)
        if narrowed is None and labels_fixed(special, reading.latex, self.catalog[c.claim_id].latex):
            narrowed = reading  # (the case is the claim's own: its check is that case's)
        if narrowed is None:
            # (independent variables: the claim's check run with each drawn on its own)
            return fails_independent(special, self.catalog[c.claim_id], reading, self.seed)
        claim = self.catalog[c.claim_id]
        ev = self._check(claim, narrowed, narrowed.layouts[0])
        return ev.verdict == "refuted" and bool(ev.counterexample) \
            and ev.method not in ("scope", "shapes")
