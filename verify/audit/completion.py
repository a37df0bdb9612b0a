"""When a name is undefined only because the correspondence left it unplaced.

A refutation by scope says a name of the formula is not the claim's under the letters the
matcher paired. Often the matcher simply placed no claim name on it: the sheet writes X-bar
where the claim writes X-bar_n, n where it sums to N. Such a name is completed onto the claim
name it resembles (the same letter, with the same accents; only its case or subscript
differs) that the reading does not use yet, and the claim's check is run again. Read so, a
formula that holds is no typo (it is read as the claim, trials.py); one the check refutes (by its values or sizes, never by scope
again) is then judged by the usual evidence, as any refuted match is (confidence.py).

A stray name may also be the case kin of a sheet name the alignment placed on the claim's
other case (k on T, K stray, t unused): the pair is then placed by case (case_pair_swap).
Otherwise a stray name resembling no unused claim name, or several, is left alone: which quantity it
stands for is then a guess (f_* where the claim has y_*: the noise-free value, not the noisy
one), and an undefined name says as often that the correspondence is wrong as that the
formula is. Names the sheet declares are its own quantities, not slips of the claim's; and a
completion that leaves out a quantity of the claim's statement put the name where another
belongs (N, a matrix, on the claim's size n while its B goes unused).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import product

from cheatsheet.match import Candidate, split_relation
from cheatsheet.match.tokens import Tok, rebuild, tokenize
from cheatsheet.symbols import latex_name, name_parts
from .. import scope
from ..evidence import Evidence
from ..parsing import parse_cached
from ..timelimit import CheckTimeout
from .explain import _plain
from .readings import Reading
from .scope_repair import keeps_claim_names, reading_key, strays as scope_strays

MAX_STRAYS = 2  # undefined names completed at most in one formula
MAX_TRIES = 6  # completions checked at most per formula (each is one check of the claim)


@dataclass(frozen=True)
class Completion:
    """The correspondence completed: each stray name of the sheet placed on a claim name."""

    placed: tuple[tuple[str, str], ...]  # (the sheet's name, the claim's name)
    holds: bool  # the claim's check passes so
    candidate: Candidate
    reading: Reading
    evidence: Evidence

    @property
    def said(self) -> str:
        """In words: "its X̄ read as the claim's X̄_n"."""
        return "its " + ", ".join(f"{_plain(latex_name(s))} read as the claim's "
                                  f"{_plain(latex_name(t))}" for s, t in self.placed)


def resembles(stray: str, name: str) -> bool:
    """Is ``name`` the sheet's ``stray`` but for its case or subscript (X_bar and X_bar_n,
    n and N)? Accents and marks must agree: x-hat and x are two quantities."""
    a, b = name_parts(stray), name_parts(name)
    if (a[1], a[2]) != (b[1], b[2]) or stray == name:
        return False
    if a[0] == b[0]:
        return True
    # (a Latin letter's case: sigma and Sigma are a scalar and a matrix, n and N one count)
    return len(a[0]) == 1 and a[0].isascii() and a[0].lower() == b[0].lower() and not a[3]


def stray_names(claim, reading: Reading) -> list[str] | None:
    """The names the reading uses that the claim neither declares nor binds, when undefined
    names are its only problems of scope; None otherwise."""
    st = scope_strays(claim, reading)
    if st is None:
        return None
    stray = st.names
    if not stray or len(stray) > MAX_STRAYS \
            or len(scope.problems(st.stmt, st.vocab, ignore=st.ignore)) != len(stray):
        return None
    if st.canonical is not None and set(stray) & scope.uses(st.canonical).functions:
        return None  # sigma in d sigma / dz: the claim's function written bare
    return stray


def _case_kin(a: str, b: str) -> bool:
    """Are the two names one Latin letter in its two cases, all else alike (k and K, t_w and
    T_w)? A sheet's index and its count, as the claim's t and T."""
    pa, pb = name_parts(a), name_parts(b)
    return (len(pa[0]) == 1 and pa[0].isascii() and pa[0].isalpha() and pa[0] != pb[0]
            and pa[0].lower() == pb[0].lower() and pa[1:] == pb[1:])


def case_pair_swap(strays: list[str], mapping: dict, unused: set):
    """(placed, renames) when the one stray name is the case kin of a sheet name the matcher
    placed on a claim name whose own case kin the reading leaves unused: the sheet's k and K
    are the claim's t and T, but the alignment put k on T (``\\pi k / K`` against ``t \\pi /
    T``) and left K stray. Placed by case, k on t and K on T, the pair keeps its roles (index
    and count); None otherwise."""
    if len(strays) != 1:
        return None
    s = strays[0]
    found = []
    for p, q in mapping.items():
        if p == q or not _case_kin(s, p):
            continue
        for q2 in unused:
            if _case_kin(q, q2) and p[0].isupper() == q2[0].isupper() \
                    and s[0].isupper() == q[0].isupper():
                found.append(((p, q2), (s, q)))
    if len(found) != 1:
        return None
    placed = found[0]
    (_, q2), (_, q) = placed
    return placed, {q: q2, s: q}


class Completions:
    """Completes correspondences, deciding each by the claim's own check (memoised)."""

    def __init__(self, catalog, seed: int = 0):
        self.catalog = catalog
        self.seed = seed
        self._memo: dict[tuple, Completion | None] = {}

    def resolve(self, c: Candidate, reading: Reading, ev: Evidence) -> Completion | None:
        """The one completion of a scope refutation's correspondence, checked; None when
        there is none or more than one."""
        if ev.method != "scope" or c.mode != "whole" or split_relation(c.sheet_tokens) is None:
            return None
        key = reading_key(c, reading)
        if key not in self._memo:
            self._memo[key] = self._find(c, reading)
        return self._memo[key]

    def _find(self, c: Candidate, reading: Reading) -> Completion | None:
        claim = self.catalog[c.claim_id]
        strays = stray_names(claim, reading)
        if strays is None:
            return None
        try:
            toks = tokenize(reading.latex)
        except Exception:  # noqa: BLE001 - an untokenisable reading completes nothing
            return None
        written = {t.ident for t in toks if t.ident is not None}
        sheet_names = {t.ident for t in c.sheet_tokens if t.ident is not None}
        own = dict(reading.own[1]) if reading.own else {}
        placed_on = {f for s, f in c.mapping.items() if s != f}  # (s: s keeps a name)
        for s in strays:
            # the stray must be the sheet's own name, written as one unit and unplaced, and
            # not one the sheet declares (then it is the sheet's quantity, not a slip)
            if s not in written or s not in sheet_names or s in own or s in placed_on \
                    or c.mapping.get(s, s) != s:
                return None
        stmt = parse_cached(reading.latex, reading.decls, layout=reading.layouts[0])
        used = scope.uses(stmt)
        # (as the reader names them: N_k is written, N, the claim's count, is not)
        taken = used.all_names() | set(used.bound) | placed_on
        from ..check import _canonical

        canonical = _canonical(claim)
        names = {d.name for d in reading.decls}
        if canonical is not None:
            names |= scope.uses(canonical).all_names()
        options = [[n for n in sorted(names) if n not in taken and resembles(s, n)]
                   for s in strays]
        choices = [p for p in product(*options) if len(set(p)) == len(p)]
        if len(choices) == 1:
            placed = tuple(zip(strays, choices[0]))
            renames = dict(placed)
        else:
            # (no claim name it may be, or several: which one is a guess, unless the stray
            # is one of a case pair the correspondence split, case_pair_swap)
            swap = case_pair_swap(strays, c.mapping, names - taken)
            if swap is None:
                return None
            placed, renames = swap
        swapped = [Tok(latex_name(renames[k.ident]), "", renames[k.ident])
                   if k.ident in renames else k for k in toks]
        if not keeps_claim_names(c, claim, reading, swapped):
            # (MN)^{-1} = M^{-1} N^{-1} with N read as the claim's size n: the claim's B is
            # left out, so the name was placed where another belongs
            return None
        done = replace(reading, latex=rebuild(swapped),
                       names_back={**reading.names_back, **{t: s for s, t in placed}})
        ev = self._check(claim, done)
        if ev is None:
            return None
        return Completion(placed, ev.holds, replace(c, mapping={**c.mapping, **dict(placed)}),
                          done, ev)

    def _check(self, claim, reading: Reading) -> Evidence | None:
        """The claim's check of the completed reading: the evidence it holds by, or of its
        refutation in every layout (by values or sizes, which confidence.py weighs as it
        weighs any); None when it is refuted by scope again, or undecided (the completion
        then says nothing)."""
        from ..check import check_version
        from .trials import _has_derivative

        layouts = reading.layouts if _has_derivative(reading.latex) else reading.layouts[:1]
        evs = []
        for layout in layouts[:MAX_TRIES]:
            try:
                ev = check_version(claim, reading.latex, reading.decls, layout, reading.assume,
                                   seed=self.seed, key=("audit", reading.latex, layout),
                                   symbolic_first=False, thorough=False)
            except CheckTimeout:
                raise
            except Exception:  # noqa: BLE001 - a completion the engine trips on says nothing
                return None
            if ev.holds:
                return ev
            evs.append(ev)
        if evs and all(e.verdict == "refuted" and e.counterexample
                       and e.method != "scope" for e in evs):
            return evs[0]
        return None
