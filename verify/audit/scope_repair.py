"""When a name the claim does not define is a slip for one the formula already uses.

A refutation by scope (a name of the formula is undefined under the claim's correspondence)
says as often that the letters correspond otherwise, or that the reader went astray, as that
the formula is wrong. It is sure only with a repair: the formula uses one stray name, and
putting one of the formula's own names in its place (or the stray name in that name's place:
``dt`` where the integrand speaks of x) makes the claim's check pass, with no other such name
doing so. The repaired formula then uses two names where the claim has one, so no renaming of
the sheet's letters reads the formula as written as the claim: one of the two is a slip
(``KL(p, y) = sum p log p/q``: y where q belongs). A renaming (y for q everywhere) is no
repair: the formula in other letters is right, and the match's correspondence is at fault.

The stray name must be defined nowhere the formula could take it from: not declared by the
sheet, not a function of the claim written bare (sigma in d sigma/dz), and the match must be
close (words naming the claim, or a form repeated nearly token for token). Names the section's
other formulas write are the excuses' business (a name written before is the sheet's).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from cheatsheet.latex import LatexError
from cheatsheet.latex.names import GREEK
from cheatsheet.match import Candidate, split_relation
from cheatsheet.match.align import same_after_renaming
from cheatsheet.match.tokens import Tok, pretty, tokenize
from cheatsheet.symbols import DeclarationError, Declarations
from .. import scope, undecidable
from ..evidence import Evidence
from ..parsing import parse_cached
from ..timelimit import CheckTimeout
from .explain import _plain
from .readings import Reading

CLOSE_SCORE = 0.9  # a form repeated this closely identifies the claim without words
NAMED_WORDS = 0.5  # words around naming the claim this much identify it
MAX_TRIES = 24  # repairs tried at most per formula (each is one check of the claim)
_CONSTANTS = {"e", "pi", "i", "I", "oo"}


@dataclass(frozen=True)
class Repair:
    """One name put in place of another makes the formula the claim's."""

    wrong: str  # the name as the sheet writes it where the other belongs (plain words)
    right: str  # the name that belongs there
    latex: str  # the formula repaired, in the sheet's letters
    places: int  # how many places the repair changes
    stray: str = ""  # the name no definition reaches (reader's naming scheme)
    marked: bool = False  # the two names are one letter, one of them primed (x' and x)

    @property
    def reason(self) -> str:
        return f"{self.wrong} where {self.right} belongs"

    @property
    def doubt(self) -> str:
        """Why a repair between a letter and its primed self decides nothing."""
        return (f"it holds with {self.right} where it writes {self.wrong}, but a prime on "
                "the claim's own letter is as often the sheet's notation for a second point or "
                "a transpose as a slip")


def primed_pair(a: str, b: str) -> bool:
    """Are the two reader names one letter that differs only by primes (x and x', x' and
    x'')? A sheet writes x' for a second point or a transpose as often as it slips. An accent
    (x-hat for x: estimate for truth) or a star (an optimum) names another quantity of the
    claims themselves, and stays a slip."""
    from cheatsheet.symbols import name_parts

    pa, pb = name_parts(a), name_parts(b)
    marks = set(pa[2]) | set(pb[2])
    return pa[:2] == pb[:2] and pa[3] == pb[3] and pa[2] != pb[2] and marks == {"prime"}


@dataclass(frozen=True)
class Strays:
    """A reading's scope under a claim: its names the claim neither declares nor binds."""
    stmt: object
    vocab: object
    ignore: frozenset
    uses: object
    names: list
    canonical: object


def strays(claim, reading: Reading) -> Strays | None:
    """The reading's scope under the claim (what the scope repair and the completion start
    from); None when the reading cannot be read."""
    from ..check import _canonical

    try:
        stmt = parse_cached(reading.latex, reading.decls, layout=reading.layouts[0])
    except (LatexError, ValueError, TypeError):
        return None
    canonical = _canonical(claim)
    vocab = scope.vocabulary(reading.decls, canonical, ())
    declared = {d.name for d in reading.decls}
    ignore = undecidable.asymptotic_names(reading.latex, declared)
    new = undecidable.defined_name(stmt, vocab.defines)
    if new:
        ignore = ignore | {new}
    u = scope.uses(stmt)
    bound = frozenset(u.bound)
    names = [n for n in u.values if n not in ignore and not vocab.defines(n, bound)]
    return Strays(stmt, vocab, frozenset(ignore), u, names, canonical)


def stray_name(claim, reading: Reading) -> str | None:
    """The one name the reading uses that the claim neither declares nor binds, when that is
    the reading's only problem of scope; None otherwise (two stray names, an index clash, an
    entry of a scalar: no single slip explains them)."""
    st = strays(claim, reading)
    if st is None or len(scope.problems(st.stmt, st.vocab, ignore=st.ignore)) != 1:
        return None
    u, vocab = st.uses, st.vocab
    if len(st.names) != 1 or u.entries and any(not vocab.defines(b) for b in u.entries
                                               if reading.decls.get(b) is None):
        return None
    name = st.names[0]
    if st.canonical is not None and name in scope.uses(st.canonical).functions:
        return None  # sigma in d sigma / dz: the claim's function written bare (a reading)
    return name


# what a reader's name may carry after "_" that is an accent, not a word of a subscript
_ACCENTS = {"hat", "bar", "tilde", "dot", "ddot", "vec", "check", "breve", "acute", "grave",
            "star", "prime", "ring", "widehat", "widetilde", "overline", "underline"}


def named_on_purpose(name: str) -> bool:
    """Is the name one a writer chooses, not one a slip of a letter makes: its subscript is a
    word of three letters or more (T_cur, n_epoch, eta_min; x_ij may be entries)?
    ``\\cos(\\pi T_{\\mathrm{cur}} / T_{\\max})`` under ``\\eta_t`` is PyTorch's cosine
    schedule in its own words, the claim's t renamed, not t mistyped."""
    parts = name.split("_")
    return any(len(p) >= 3 and p.isalpha() and p not in _ACCENTS and p not in GREEK
               for p in parts[1:])


def _idents(toks: list[Tok]) -> list[str]:
    return [t.ident for t in toks if t.ident is not None]


def _partners(c: Candidate, names: list[str], stray: str) -> list[str]:
    """The names a repair may merge with the stray one: those the sheet writes as the claim
    does (with the letters renamed, z = Wx + b "is" N = m(n + 1) once b is merged into W,
    which says nothing: a short formula renamed fits anything)."""
    sheet_names = set(_idents(c.sheet_tokens))
    return [n for n in dict.fromkeys(names) if n != stray and n not in _CONSTANTS
            and n in sheet_names and c.mapping.get(n, n) == n]


def _in_sheet_tokens(c: Candidate, wrong: str, right: str) -> list[Tok] | None:
    """The sheet's formula with ``right`` put for ``wrong``, both written as the sheet writes
    them (neither is renamed: see _partners)."""
    tok = next((t for t in c.sheet_tokens if t.ident == right), None)
    if tok is None or not any(t.ident == wrong for t in c.sheet_tokens):
        return None
    return _swap(c.sheet_tokens, wrong, tok)


def _swap(toks: list[Tok], old: str, new: Tok) -> list[Tok]:
    return [new if t.ident == old else t for t in toks]


def _shown(name: str) -> str:
    if primed_pair(name, name.split("_")[0]):  # x' as a person writes it, not x_prime
        return scope.display(name)
    return _plain(("\\" + name) if name in GREEK else name)


def reading_key(c: Candidate, reading: Reading) -> tuple:
    """What a check of this reading under this correspondence depends on (memo key)."""
    return (c.claim_id, reading.latex, tuple(sorted(c.mapping.items())), reading.layouts,
            tuple(sorted((d.name, d.spec) for d in reading.decls)), tuple(reading.assume))


class ScopeRepairs:
    """Finds repairs, deciding each by the claim's own check (memoised per formula)."""

    def __init__(self, catalog, seed: int = 0):
        self.catalog = catalog
        self.seed = seed
        self._memo: dict[tuple, Repair | None] = {}

    def sure(self, c: Candidate, reading: Reading, ev: Evidence) -> Repair | None:
        """The repair that makes a scope refutation sure, or None."""
        if ev.method != "scope" or c.mode != "whole" or split_relation(c.sheet_tokens) is None:
            return None  # (a table cell's names are its row's and column's business)
        if c.words < NAMED_WORDS and c.score < CLOSE_SCORE:
            return None
        key = reading_key(c, reading)
        if key not in self._memo:
            self._memo[key] = self._find(c, reading)
        found = self._memo[key]
        return None if found is None or found.marked else found

    def primed(self, c: Candidate, reading: Reading, ev: Evidence) -> Repair | None:
        """The repair that would make the refutation sure but trades a letter for its own
        primed self (primed_pair): notation as often as a slip, so it decides nothing."""
        if self.sure(c, reading, ev) is not None:
            return None
        key = reading_key(c, reading)
        found = self._memo.get(key)
        return found if found is not None and found.marked else None

    def _find(self, c: Candidate, reading: Reading) -> Repair | None:
        claim = self.catalog[c.claim_id]
        stray = stray_name(claim, reading)
        if stray is None or named_on_purpose(stray):
            return None
        sheet_symbols = dict(reading.own[1]) if reading.own else {}
        try:
            toks = tokenize(reading.latex)
        except Exception:  # noqa: BLE001 - an untokenisable reading repairs nothing
            return None
        names = _idents(toks)
        # the stray name must stand in the sheet's formula as written (not renamed), and the
        # sheet must not declare it
        sheet_names = _idents(c.sheet_tokens)
        if stray not in names or stray not in sheet_names or stray in sheet_symbols \
                or c.mapping.get(stray, stray) != stray:
            return None
        # (values, bound variables and indices: a function's name put in its place says
        # nothing; the step t of x_t does, in (1 - eta mu)^k)
        used = scope.uses(parse_cached(reading.latex, reading.decls, layout=reading.layouts[0]))
        partners = [n for n in _partners(c, names, stray)
                    if n in used.values or n in used.bound or n in used.indices]
        first = {t.ident: t for t in reversed(toks) if t.ident is not None}
        found: list[tuple[int, str, str]] = []  # (places, wrong, right) in the reading's letters
        tries = 0
        for p in partners:
            # the stray name where p belongs, or p where the stray name belongs (dt for dx)
            for wrong, right in ((stray, p), (p, stray)):
                if right in used.bound and wrong in used.values:
                    # 1/N sum_{n=1}^{N} y_n with N -> n: the index would stand free beside
                    # its own sum, a capture, not a repair (the claim's count n and index i
                    # read onto the sheet's N and n)
                    continue
                if tries >= MAX_TRIES:
                    return None
                tries += 1
                if self._passes(claim, reading, _swap(toks, wrong, first[right])):
                    found.append((names.count(wrong), wrong, right))
        if len({frozenset((w, r)) for _, w, r in found}) > 1:
            # several repairs pass (a weaker bound holds too: (1 - eta mu)^eta): only one that
            # makes the formula the matched form as typed says which name is the slip
            found = [f for f in found if same_after_renaming(
                _in_sheet_tokens(c, f[1], f[2]) or [], c.form_tokens, c.mapping)]
        if len({frozenset((w, r)) for _, w, r in found}) != 1:
            return None  # no repair, or several: which name is the slip is open
        places, wrong, right = min(found)
        partner = right if wrong == stray else wrong
        if not keeps_claim_names(c, claim, reading, _swap(toks, wrong, first[right])):
            return None  # E[mu] = mu for E[X-bar] = mu: the repair drops what the claim is of
        d = reading.decls.get(partner)
        if self._passes(claim, reading, toks, free=(stray, d.spec if d is not None else "real")):
            return None  # with the stray name a quantity of its own, it holds: no slip
        found = self._in_sheet_letters(c, wrong, right, places, stray)
        if found is not None and primed_pair(wrong, right):
            found = replace(found, marked=True)
        return found

    def holds_as_sum(self, claim, reading: Reading, other: str, letter: str) -> bool:
        """Does the reading hold with its ``letter`` read as ``other + letter`` everywhere
        (the sheet's y for the claim's f + eps)? (renaming.sum_named)"""
        def written(n):
            return ("\\" + n) if n in GREEK else n

        if not all(re.fullmatch(r"[A-Za-z]+", n) for n in (other, letter)):
            return False
        try:
            toks = tokenize(reading.latex)
            summed = tokenize(f"({written(other)} + {written(letter)})")
        except Exception:  # noqa: BLE001 - what the tokeniser trips on holds nothing
            return False
        out = []
        for t in toks:
            out.extend(summed if t.ident == letter else [t])
        return self._passes(claim, reading, out)

    def _passes(self, claim, reading: Reading, toks: list[Tok], free=None) -> bool:
        """Does the reading, as ``toks`` write it, hold as the claim (with ``free``, a (name,
        domain) pair, declared as a quantity of its own)?"""
        from cheatsheet.match.tokens import rebuild

        from ..check import check_version
        from .trials import _has_derivative

        latex = rebuild(toks)
        decls = reading.decls
        if free is not None:
            try:
                decls = Declarations.from_mapping({**{d.name: d.spec for d in decls},
                                                   free[0]: free[1]})
            except DeclarationError:
                return True  # (no kind to give it: assume the worst)
        layouts = reading.layouts if _has_derivative(latex) else reading.layouts[:1]
        for layout in layouts:
            try:
                ev = check_version(claim, latex, decls, layout, reading.assume,
                                   seed=self.seed, key=("audit", latex, layout),
                                   symbolic_first=False, thorough=False)
            except CheckTimeout:
                raise
            except Exception:  # noqa: BLE001 - a repair the engine trips on repairs nothing
                continue
            if ev.holds and ev.method not in ("scope", "shapes"):
                return True
        return False

    @staticmethod
    def _in_sheet_letters(c: Candidate, wrong: str, right: str, places: int,
                          stray: str) -> Repair | None:
        """The repair in the sheet's own letters."""
        fixed = _in_sheet_tokens(c, wrong, right)
        if fixed is None:
            return None
        return Repair(_shown(wrong), _shown(right), pretty(fixed), places, stray)


def keeps_claim_names(c: Candidate, claim, reading: Reading, toks) -> bool:
    """Does the repaired (or completed, completion.py) reading still speak of every quantity
    of the claim's statement (its sizes and indices aside)? One that leaves one out proves
    only a truism, or was put where another claim name belongs."""
    from cheatsheet.match.tokens import rebuild

    from .confidence import _statement

    try:
        canon = parse_cached(_statement(c, claim), reading.decls, layout=claim.layout)
        mine = parse_cached(rebuild(toks), reading.decls, layout=reading.layouts[0])
    except (LatexError, ValueError, TypeError):
        return False
    u, v = scope.uses(canon), scope.uses(mine)
    needed = (set(u.values) | set(u.entries) | u.functions) - {
        d.name for d in reading.decls if d.kind in ("index", "dim")}
    return needed <= set(v.values) | set(v.entries) | v.functions | set(v.bound)


def _names(latex: str) -> set:
    try:
        return {t.ident for t in tokenize(latex) if t.ident is not None}
    except Exception:  # noqa: BLE001 - what the tokeniser trips on names nothing
        return set()


def sheet_gives(repair: Repair, conv) -> str:
    """The stray name, when the sheet gives it a meaning where the formula stands: declared
    in force there, introduced on its line, defined or given a value just before, or written
    in a formula before it on its line; ''. Then it may be the sheet's own quantity (a_t
    defined as 1 - b_t), and the formula right about it."""
    name = repair.stray
    given = {n for d in (*conv.definitions, *conv.named) for n in _names(d.name)}
    if name in conv.symbols or name in conv.introduced_here or name in given \
            or name in _names(conv.line_math):
        return _shown(name)
    return ""
