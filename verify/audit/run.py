"""Auditing files: every formula of a sheet with the conventions in force where it stands.

A missing or unreadable file stops the run before any formula is decided (SheetError). The
driver that reads the sheets and decides their formulas in worker processes is pool.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from cheatsheet.sheets import Formula, formulas_of, read_sheet
from cheatsheet.sheets.clauses import condition_latex, unread_laws
from cheatsheet.symbols import RANDOM_DOMAINS as LAWS
from cheatsheet.sheets.conventions import Conventions, SheetConventions
from cheatsheet.sheets.habits import Habits, sheet_habits
from .caveats import ASSUMING
from .finding import Finding
from .averages import decays
from .star_readings import defined_meaning
from .factor_kinds import granted_by_factorisation
from .granted import granted_before, granted_beside
from .lead_in import own_after
from .premises import consequence_of
from .roles import bound_by
from .transposed_layer import layer_of


@dataclass
class Job:
    file: str
    formula: Formula
    conv: Conventions
    habits: Habits


@dataclass
class AuditResult:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> dict:
        count = lambda v: sum(f.verdict == v for f in self.findings)  # noqa: E731
        return {"files": len(self.files), "formulas": len(self.findings), "ok": count("ok"),
                "wrong": count("wrong"), "unchecked": count("unchecked"),
                "seconds": round(self.seconds, 2)}


def jobs_of(path: str, text: str | None = None) -> list[Job]:
    """Every formula of one sheet with the conventions in force where it stands."""
    sheet = read_sheet(path, text)
    conventions = SheetConventions(sheet)
    habits = sheet_habits(sheet)
    out: list[Job] = []
    previous_lhs = ""
    from cheatsheet.sheets.definitions import REACH, definition_of, name_given, \
        shown_as_notation
    from cheatsheet.sheets.given_values import value_given
    from cheatsheet.sheets.law_names import implied_normals, law_given
    from cheatsheet.sheets.name_kinds import still_meant
    from cheatsheet.sheets.formulas import left_side

    defined: list = []  # (heading path, definition), the latest last
    given: list = []  # (heading path, name given a value), the latest last
    values: list = []  # (heading path, any name given a value, given_values.py)
    layers: list = []  # forward passes written so far anywhere on the sheet (Layer)
    on_line: dict = {}  # line -> the formulas read on it so far

    def in_reach(made: list, seg, line: int, lead: int, own: str = "",
                 wide: bool = False) -> tuple:
        """The definitions in reach of a formula: the latest of each name (a table row's g
        redefines the row above's), none of the name the formula itself defines. A list's
        lead-in on line ``lead`` ("MGFs $\psi_X(t) = E(e^{tX})$:") defines its names for
        every item."""
        latest = {}
        for path, d in made:
            if path == seg.heading_path and (d.line <= line <= d.line + REACH or d.line == lead):
                latest[d.name] = d
            elif wide and d.line < line and seg.heading_path[:len(path)] == path \
                    and re.search(r"[A-Za-z]", d.body):
                # "where f is mu-strongly convex and kappa = L/mu" opening a section: a name
                # given the value of other letters holds for the section and those below it
                # (a number, x = 3 in a worked example, does not)
                latest[d.name] = d
        return tuple(d for name, d in latest.items() if name != own)

    read = []  # (segment, its formulas), each read once
    for seg in sheet.segments:
        fs = formulas_of(seg, continues=previous_lhs)
        read.append((seg, fs))
        for f in fs:
            previous_lhs = left_side(f.reading) or previous_lhs
    lead_lines = {b.text: b.line for b in sheet.blocks}  # a list's lead-in -> its line
    by_line: dict = {}  # line -> every formula read on it
    for _, fs in read:
        for f in fs:
            by_line.setdefault(f.line, []).append(f.reading)
    lead_lines.pop("", None)
    conditions = _conditions(f for _, fs in read for f in fs)
    seen: dict = {}  # heading path -> the names its formulas wrote so far
    roles: dict = {}  # heading path -> the letters its formulas bound to roles so far
    averages: dict = {}  # heading path -> {average: decay} its formulas wrote so far
    stars: dict = {}  # heading path -> what its formulas defined an asterisk to be
    for seg, fs in read:
        layouts = conventions.layouts_for(seg)
        written = seen.setdefault(seg.heading_path, set())
        lead = lead_lines.get(seg.intro or seg.lead, -1)
        by_lead = {d.name for path, d in defined if path == seg.heading_path and d.line == lead}
        for f in fs:
            before = on_line.setdefault(f.line, [])
            made = definition_of(f.reading, f.line)
            if made is not None and made.name in by_lead and f.line != lead:
                made = None  # an item saying what the lead-in's psi_X(t) is for its law
            value = name_given(f.reading, f.line) or law_given(f.reading, f.line)
            if shown_as_notation(seg.before, seg.after):
                made = value = None  # ("we write $a := b$ for assignment": no a = b here)
            said = _said(seg, f, before, on_line.get(lead, []))
            conv = replace(conventions.at(f.line), layouts=layouts, cell=bool(seg.cell),
                           layout=layouts[0] if len(layouts) == 1 else None,
                           definitions=in_reach(defined, seg, f.line, lead,
                                                made.name if made else _restated(
                                                    f.reading, by_lead)),
                           named=in_reach(given, seg, f.line, lead,
                                          value.name if value else "", wide=True),
                           layers=tuple(layers),
                           line_math=" ".join(g.reading for g in before),
                           line_words=" ".join(g.segment.before or "" for g in before),
                           line_formulas=tuple(r for r in by_line.get(f.line, ())
                                               if r != f.reading),
                           conditions=tuple(
                               c for c in conditions.get(f.line, ()) + conditions.get(
                                   lead_lines.get(seg.lead, -1), ()) + tuple(
                                   # a section's title: "PPCA with centred data ($\mu = 0$)"
                                   c for h in seg.headings for c in conditions.get(h.line, ())
                               ) + tuple(
                                   # the sentence above a list whose items have words of
                                   # their own: only what it says of this formula's symbols
                                   c for c in conditions.get(lead_lines.get(seg.intro, -1), ())
                                   if seg.intro != seg.lead and _shares_symbol(c, f.reading))
                               if c != f.reading),
                           seen=frozenset(written),
                           roles=tuple((letter, role) for path, bound in roles.items()
                                       if seg.heading_path[:len(path)] == path
                                       for letter, role in bound.items()),
                           decays=tuple((x, b) for path, found in averages.items()
                                        if seg.heading_path[:len(path)] == path
                                        for x, b in found.items()),
                           star_meanings=tuple(m for path, found in stars.items()
                                               if seg.heading_path[:len(path)] == path
                                               for m in found),
                           said=said,
                           domain=condition_latex(f.clauses),
                           names_mgf=names_mgf(seg, said),
                           values=_values_in_force(values, seg, f.line))
            # (X = U S V^T above H(X | Y): a matrix's name taken as a random variable again)
            conv = replace(conv, **{k: tuple(d for d in getattr(conv, k)
                                             if still_meant(d, f.reading, conv.symbols))
                                    for k in ("named", "definitions", "values")})
            # (KL(N_0 || N_1) beside mu_0, Sigma_0, ...: the laws its own letters name)
            conv = replace(conv, named=conv.named + implied_normals(f.reading, conv.named))
            conv = replace(conv, unread_laws=unread_laws(
                f.clauses, {n for n, d in conv.symbols.items() if d.split("(")[0] in LAWS}))
            roles.setdefault(seg.heading_path, {}).update(bound_by(f.reading, seg.after))
            averages.setdefault(seg.heading_path, {}).update(decays(f.reading))
            meaning = defined_meaning(f.reading)
            if meaning is not None:
                stars.setdefault(seg.heading_path, []).append(meaning)
            written |= _names(f.reading)
            before.append(f)
            out.append(Job(str(path), f, conv, habits))
            if made is not None:
                defined.append((seg.heading_path, made))
            if value is not None:
                given.append((seg.heading_path, value))
            kept = value_given(f.reading, f.line)
            if kept is not None and not shown_as_notation(seg.before, seg.after):
                values.append((seg.heading_path, kept))
            layer = layer_of(f.reading, f.line)
            if layer is not None:
                layers.append(layer)
    for k, (prev, job, nxt) in enumerate(zip([None] + out[:-1], out, out[1:] + [None])):
        # ("with SVD $X = UDV^T$: ...": U, V orthogonal and D diagonal, factor_kinds.py)
        earlier = [j for j in out[:k] if j.formula.line == job.formula.line]
        job.conv = replace(job.conv, after=_said_after(job.formula, nxt and nxt.formula),
                           granted=granted_beside(job.formula, nxt and nxt.formula)
                           + granted_before(prev and prev.formula, job.formula)
                           + granted_by_factorisation(job, earlier),
                           neighbours=_neighbours(job.formula, prev, nxt),
                           consequence=consequence_of(job.formula, [
                               j.formula for j in out[k + 1:] if j.formula.line == job.formula.line]))
    return out


def _values_in_force(values: list, seg, line: int) -> tuple:
    """The latest value of each name given on an earlier line of the formula's section or
    of a section above it."""
    latest = {}
    for path, d in values:
        if d.line < line and seg.heading_path[:len(path)] == path:
            latest[d.name] = d
    return tuple(latest.values())


NEIGHBOUR_LINES = 3  # lines apart at most for two formulas to be read as a pair


def _neighbours(f, *others) -> tuple:
    """(reading, whether it comes first) of the formulas right before and after ``f`` in
    its section that stand within a few lines of it (a pair of statements: a velocity, then
    the step that uses it)."""
    return tuple((g.formula.reading, g.formula.line < f.line) for g in others
                 if g is not None and g.formula.segment.heading_path == f.segment.heading_path
                 and abs(g.formula.line - f.line) <= NEIGHBOUR_LINES
                 and g.formula.reading != f.reading)


def names_mgf(seg, said: str) -> bool:
    """Do the formula's own words (its line's and lead-in's, ``said``; a heading's alone may
    be over another transform's formula) call it the moment generating function, while no
    words in force name another transform of a law?"""
    from .other_quantity import transforms_named

    own = f"{said} {seg.after} {seg.label}"
    return transforms_named(own) == {"moment-generating function"} and \
        transforms_named(f"{own} {seg.words(block=False)}") == {"moment-generating function"}


def _said_after(f, nxt) -> tuple:
    """The words right after a formula, and the math after them on its line when few words
    lead to it ("$P(X = k) = ...$ for $k = 1, 2, \\dots$"): where a range of its variable
    is said."""
    words = own_after(f.segment)
    out = (words,)
    if nxt is not None and nxt.line == f.line and nxt.segment is not f.segment \
            and len((nxt.segment.before or "").split()) <= 3:
        out += (nxt.latex,)
    return out


# a relation pinning a symbol to a value or a set: mu = 0, \|u\|_2 = 1, y \in \{0, 1\},
# n \geq 1, 0 < p < 1, theta \in [a, b] (a type, x \in \mathbb{R}^n, pins nothing)
_CONDITION = re.compile(r"(?:=|<|>|\\le(?:q)?|\\ge(?:q)?|\\neq)\s*-?\s*[0-9]+(?:\.[0-9]+)?\s*$|"
                        r"^\s*-?[0-9]+\s*(?:<|>|\\le|\\ge)|\\in\s*(?:\\\{|\\left\s*[\[(]|[\[(]|\\lbrace)")


def _said(seg, f, before: list, lead: list) -> str:
    """The words of a formula's lead-in and of its own line up to it, with their math put
    back in: "Binomial with $m$ trials and success probability $\\pi$: | $n' = ...$" (the
    reader hands words and math apart; which letter a noun names needs both)."""
    def spoken(formulas: list, end: str) -> str:
        parts = []
        for g in formulas:
            parts += [g.segment.before or "", f"${g.reading}$"]
        return " ".join(parts + [end])

    if lead and lead[0].line != f.line:
        head = spoken(lead, lead[-1].segment.after or "")
    else:
        head = " ".join(w for w in (seg.intro, seg.lead) if w)
    return f"{head} | {spoken(before, seg.before or '')}"


def _names(latex: str) -> set:
    from cheatsheet.match.tokens import tokenize

    try:
        return {t.ident for t in tokenize(latex) if t.ident} - {"e", "i", "pi"}
    except Exception:  # noqa: BLE001 - a formula the tokeniser trips on names nothing
        return set()


def _shares_symbol(a: str, b: str) -> bool:
    return bool(_names(a) & _names(b))


# a relation between expressions (AB = BA, \|g\| > c, E[x] = \mathbf{0}): a premise of what
# follows it, unless it defines a name or declares a set or a law
_PREMISE = re.compile(r"=|<|>|\\le|\\ge|\\neq|\\perp|\\succ")
_DECLARES = re.compile(r"\\in\b|\\sim\b|\\to\b|\\mapsto|:=|\\coloneqq|\\triangleq|\\equiv")


def _premise(latex: str) -> bool:
    from cheatsheet.sheets.definitions import definition_of, name_given

    return bool(_PREMISE.search(latex)) and not _DECLARES.search(latex) \
        and definition_of(latex, 0) is None and name_given(latex, 0) is None


# words that make the formula after them an assumption: "If $AB = BA$", "When $\|g\| > c$",
# "for", "with", "let" too (a condition, though not always one the formula rests on)
_CUE = re.compile(r"(?:\b(?:" + "|".join(ASSUMING + ("for", "with", "where", "let", "whose")) +
                  r")\b[^.;:]*|\(\s*)$", re.I)


def _conditions(formulas) -> dict[int, tuple[str, ...]]:
    """Line -> the conditions its formulas state: values or sets they pin symbols to, and
    relations between expressions said as an assumption ("If $AB = BA$:")."""
    out: dict[int, tuple[str, ...]] = {}
    for f in formulas:
        if _CONDITION.search(f.reading) or (
                _premise(f.reading) and _CUE.search(f.segment.before or "")):
            out[f.line] = out.get(f.line, ()) + (f.reading,)
    return out


def decider(catalog, exclude_sheets, seed):
    """The decider the audit uses (the sheet quiz reuses it to re-read a mutated formula)."""
    from cheatsheet.match import Matcher
    from .decide import Decider

    return Decider(catalog, Matcher(catalog, exclude_sheets=exclude_sheets), seed=seed)


def _warm_up():
    from cheatsheet.latex import parse
    from .. import custom

    parse("x + 1 = 1 + x")
    custom.names()


# the driver (sheets read while the checks load, worker processes, stores): pool.py
from .pool import audit_files  # noqa: E402,F401


def _restated(latex: str, by_lead: set) -> str:
    """The function a formula gives its own value at its variable (a(eta) = eta^2/2 a row
    below a(eta) = log(1 + e^eta) in a table of laws): another row's value of it is not to
    be put in, the row restates it for its own law. A list's lead-in is the exception: its psi_X(t) is what
    each item's psi_X(t) = ... is read through."""
    from cheatsheet.sheets.formulas import left_side

    m = _CALLED.match(left_side(latex).strip())
    return "" if m is None or m.group(1) in by_lead else m.group(1)


# the whole left side is one name called on its arguments: a(\eta), \psi_X(t)
# (at a variable: H_b(1/2) = 1 uses the definition of H_b(p), it does not restate it)
_CALLED = re.compile(r"^(\\?[A-Za-z]+(?:_\{?\\?[A-Za-z0-9]+\}?)?)\s*(?:\\left\s*)?"
                     r"\(\s*\\?[A-Za-z]+\s*(?:\\right\s*)?\)\s*$")

