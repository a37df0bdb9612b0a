"""A sheet's own letters for a claim's, learnt from the lines the audit credits.

A student writes ``F`` and ``z`` where the catalog writes ``f`` and ``x``, or ``w`` and ``f`` for a
convolution's width and kernel. A formula read with letters renamed is sure only with words naming
the claim (confidence.py): the renaming may be the matcher's guess. But where the same sheet has
lines that hold as claims of the same topic read with the same renaming, the renaming is no guess:
it is the sheet's notation, as if its words had announced it (``Candidate.announced``).

So the audit decides in two passes. The first credits lines ok as usual; each ok line says which of
its letters it read as which of the claim's (``Finding.renamed``). The second decides again, with
the renamings other lines of the same sheet confirmed, only the formulas the first pass found
failing a claim but not surely that claim's (a gate on renamed letters may then let them through).
A renaming counts only when another line of the sheet, holding as a claim of the
candidate's topic, reads that letter the same way, and no credited line of the topic reads it as
another letter of the claims'. Likewise a claim made of several statements (Adam's moments,
corrections and step) that a formula within two lines holds as is the block's topic: the
second pass reads the failing formula as if words named that claim (``held_near``).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from cheatsheet.match import Candidate

# a formula failing a claim whose gate on the match might be renamed letters
NOT_SURE = "fails its check, but the match is not sure"

CONFIRMING_LINES = 1  # other lines of the topic that must read a letter the same way


def renamings(c: Candidate) -> tuple:
    """The (sheet letter, claim letter) pairs a held candidate reads renamed (index letters
    and announced ones aside: renaming.renamed_share does not count them either)."""
    from .renaming import _INDEX_LETTERS

    return tuple(sorted((s, f) for s, f in c.mapping.items()
                        if s != f and not (s in _INDEX_LETTERS and f in _INDEX_LETTERS)))


def kept_letters(c: Candidate, decls, reading=None) -> tuple:
    """The names the claim sizes (a matrix or vector it declares: W, z_t, h_{t-1}) that a held
    candidate writes, every letter read as the claim's own; () if it renames any letter. What
    notation.py learns from them is their size, nothing else, so a matrix counts only where
    the formula pins its size (``pins``): d tr(W^T W)/dW = 2W holds for a W of any size and
    says nothing of the sheet's W."""
    if not all(a == b for a, b in c.mapping.items()):
        return ()
    names = declared_names(c.sheet_tokens, decls)
    sized = declared_names(c.sheet_tokens, decls, matrices_only=True)
    return tuple(sorted(n for n in names
                        if n not in sized or reading is None or pins(reading, n)))


def pinned_letters(c: Candidate, claim, reading, which: str = "") -> tuple:
    """(claim letter, its declared size, sheet letter) for each matrix of the claim that a held
    candidate pins (``pins``), its letters renamed or not: K = Pi G^T (G Pi G^T + R)^{-1}
    holding as the Kalman gain says the sheet's G has the claim's H's size. A formula with a
    derivative counts only where it holds in the claim's own layout: in the other, a
    transposed matrix may fit as well (dL/dW = x delta^T holds in numerator layout with the
    claim's m x n W, and in denominator layout with the n x m W a sheet writing W^T x means)."""
    if reading is None or not reading.layouts:
        return ()
    if re.search(r"\\partial|\\nabla|\\frac\s*\{\s*d|\\mathrm\{d\}", reading.latex) and (
            claim.layout not in reading.layouts or (which and claim.layout not in which)):
        return ()
    from cheatsheet.match.tokens import tokenize

    try:
        names = declared_names(tokenize(reading.latex), claim.declarations, matrices_only=True)
    except Exception:  # noqa: BLE001 - a reading the tokeniser trips on pins nothing
        return ()
    back = {f: s for s, f in c.mapping.items()}
    out = []
    for name in sorted(names):
        letter = name.split("_")[0]
        d = claim.declarations.get(name)
        if letter in back and d is not None and pins(reading, name):
            out.append((letter, d.spec, back[letter]))
    return tuple(out)


def pinned_confirmed(notation: dict, c: Candidate, claim, line: int,
                     latex: str | None = None) -> frozenset:
    """The claim letters of ``c`` whose size another formula of the sheet pins, holding as a
    claim of the same topic that declares the letter the same size, with the same sheet letter
    in its place (any formula but the one at ``line`` written ``latex``). A pinning line that
    reads another of ``c``'s sheet letters as a different claim letter counts not: its sizes
    are the claim's only in its own renaming (dE/dV = u g^T holds as dL/dW = delta x^T with
    u read as delta and g as x, the V of a sheet writing h = V^T u; dE/du = V g, read with u as
    x and g as delta, has that V transposed)."""
    def other(at) -> bool:
        return at[0] != line or (latex is not None and at[1] != latex)

    sizes = {}
    for d in claim.declarations:
        sizes.setdefault(d.name.split("_")[0], set()).add(d.spec)
    clashing = _lines_reading_otherwise(notation, c, claim.topic)
    out = set()
    for key, targets in notation.items():
        if len(key) != 5 or key[0] != PINNED or key[1] != claim.topic:
            continue
        _, _, letter, size, sheet = key
        at = {a for a in set().union(*targets.values()) if a[0] not in clashing}
        if c.mapping.get(sheet) == letter and sizes.get(letter) == {size} and sum(
                map(other, at)) >= CONFIRMING_LINES:
            out.add(letter)
    return frozenset(out)


def _lines_reading_otherwise(notation: dict, c: Candidate, topic: str) -> set:
    """Lines holding as a claim of ``topic`` that read one of ``c``'s sheet letters as another
    claim letter than ``c`` does, and lines of any topic keeping a letter ``c`` renames."""
    out = set()
    for s, f in c.mapping.items():
        for t, lines in notation.get((topic, s), {}).items():
            if t != f:
                out |= set(lines)
        for key, targets in notation.items():
            if len(key) == 3 and key[0] == KEPT and key[2] == s and s != f:
                out |= {at[0] for at in set().union(*targets.values())}
    return out


def pins(reading, name: str) -> bool:
    """Does the formula, read with the claim's sizes, need ``name`` to have the claim's size?
    It does where giving the matrix a size of its own (fresh rows and columns) makes the
    formula ill-sized in every layout it may be read in: a product that no longer fits (the
    readout y_t = psi(W z_t): W must have z_t's length as columns) or sides of two sizes
    (dL/dW = delta x^T: W must be delta's length by x's); a formula well-formed with any size of it (tr(W^T W), 2W)
    is no evidence of the sheet's size for it."""
    from cheatsheet.latex import LatexError, LatexShapeError
    from cheatsheet.symbols import Declarations

    from ..parsing import parse_cached

    specs = {d.name: d.spec for d in reading.decls}
    rows, cols = "pinrows", "pincols"
    if rows in specs or cols in specs:
        return False  # (no fresh size to try: no evidence)
    try:
        other = Declarations.from_mapping({**specs, rows: "dim", cols: "dim",
                                           name: f"matrix({rows}, {cols})"})
    except Exception:  # noqa: BLE001 - a name the declarations cannot resize: no evidence
        return False
    for layout in reading.layouts or ("denominator",):
        try:
            st = parse_cached(reading.latex, other, layout=layout)
        except LatexShapeError:
            continue
        except (LatexError, ValueError, TypeError):
            return False  # unreadable with another size: no evidence either way
        if not any(_sides_differ(r) for r in st.relations):
            return False
    return True


def _sides_differ(relation) -> bool:
    """Are the two sides arrays of different sizes (dL/dW of W's size against delta x^T)?"""
    shapes = [getattr(side, "shape", None) for side in (relation.lhs, relation.rhs)]
    return all(s is not None for s in shapes) and tuple(shapes[0]) != tuple(shapes[1])


def declared_names(toks, decls, matrices_only: bool = False) -> set:
    """The declared sized names a formula writes, each as the claim declares it (W, W_z,
    z_{t-1} as z_t-1): a subscripted name counts as its whole, never as its bare letter
    (W_h is not the claim's W_z, nor its W)."""
    out = set()
    for k, t in enumerate(toks):
        if t.ident is None or (k and toks[k - 1].norm == "_"):
            continue
        name = t.ident
        if k + 1 < len(toks) and toks[k + 1].norm == "_":
            sub, j = _subscript(toks, k + 2)
            name = f"{t.ident}_{sub}" if sub else ""
        d = decls.get(name) if name else None
        if d is not None and d.kind == "matrix" and (
                not matrices_only or all(str(n) != "1" for n in d.shape)
                and d.domain not in ("vector", "posvector", "probvec", "rv")):
            out.add(name)
    return out


def _subscript(toks, j: int) -> tuple[str, int]:
    """The subscript starting at token ``j`` as a declared name writes it (t, t-1), and where
    it ends."""
    if j >= len(toks):
        return "", j
    if toks[j].raw != "{":
        return (toks[j].ident or toks[j].raw.strip()), j + 1
    parts, depth = [], 0
    for i in range(j, len(toks)):
        raw = toks[i].raw.strip()
        depth += (raw == "{") - (raw == "}")
        if depth == 0:
            return "".join(parts), i + 1
        if i > j:
            parts.append(toks[i].ident or raw)
    return "", len(toks)


KEPT = "kept"  # key of a kept letter's entry: (KEPT, claim, letter) -> {letter: lines}
# key of a pinned matrix's entry: (PINNED, topic, claim letter, size, sheet letter) ->
# {claim letter: lines}
PINNED = "pinned"
HELD = "held"  # key of a claim's entry: (HELD, claim) -> {claim: lines holding as it}
NEAR_LINES = 2  # a line this close that holds as the claim makes it the lines' topic
NEAR_WORDS = 0.5  # ... and counts as words naming the claim that well


def sheet_notation(findings, catalog) -> dict:
    """file -> {(topic, sheet letter): {claim letter: lines}} from the ok findings, and
    {(KEPT, claim, letter): {letter: lines}} for the letters they read as the claim's own."""
    out: dict = {}
    for f in findings:
        if f.verdict != "ok" or not f.claim or f.claim not in catalog:
            continue
        topic = catalog[f.claim].topic
        per = out.setdefault(f.file, {})
        for s, t in f.renamed:
            per.setdefault((topic, s), {}).setdefault(t, set()).add(f.line)
        for s in f.kept:  # (by formula: another on the same line confirms it too)
            per.setdefault((KEPT, f.claim, s), {}).setdefault(s, set()).add((f.line, f.latex))
        for letter, size, s in f.pinned:
            per.setdefault((PINNED, topic, letter, size, s), {}).setdefault(
                letter, set()).add((f.line, f.latex))
        per.setdefault((HELD, f.claim), {}).setdefault(f.claim, set()).add((f.line, f.latex))
    return {file: per for file, per in out.items() if per}


def kept_confirmed(notation: dict, claim_id: str, line: int, latex: str | None = None) -> set:
    """The letters other formulas of the sheet, holding as ``claim_id``, read as its own
    (any formula but the one at ``line`` written ``latex``; any of another line, without it)."""
    def other(at) -> bool:
        return at[0] != line or (latex is not None and at[1] != latex)

    return {key[2] for key, targets in notation.items()
            if len(key) == 3 and key[:2] == (KEPT, claim_id)
            and sum(map(other, set().union(*targets.values()))) >= CONFIRMING_LINES}


@lru_cache(maxsize=None)
def _several_statements(latex: str) -> bool:
    from cheatsheet.match.index import pieces

    return bool(pieces(latex))


def _several(claim) -> bool:
    """Does the claim make several statements (Adam's moments, corrections and step), as
    the matcher splits them into pieces? (A chain, 0 <= JSD <= log 2, is one.)"""
    return _several_statements(claim.latex)


def held_near(notation: dict, claim_id: str, line: int, latex: str | None = None) -> bool:
    """Does another formula within NEAR_LINES of ``line`` hold as ``claim_id``? Adam's
    m-hat and its step on the lines around v-hat = v / (1 - beta_2): the block states that
    claim, as a heading naming it would say (one statement of a claim made of several, in
    the claim's letters, is otherwise too short to be told from other formulas without
    words)."""
    held = notation.get((HELD, claim_id), {}).get(claim_id, set())
    return any(abs(k - line) <= NEAR_LINES and (k, text) != (line, latex)
               for k, text in held)


def confirmed(notation: dict, topic: str, line: int, ignored: frozenset = frozenset()) -> dict:
    """sheet letter -> claim letter for the renamings the sheet's other lines of ``topic``
    confirm (another line at least, and none reading the letter otherwise; lines in
    ``ignored`` confirm nothing)."""
    out = {}
    for key, targets in notation.items():
        if len(key) != 2:
            continue
        t, s = key
        if t != topic or t == HELD or len(targets) != 1:
            continue
        (target, lines), = targets.items()
        if len(lines - {line} - ignored) >= CONFIRMING_LINES:
            out[s] = target
    return out


def with_notation(cands: list[Candidate], notation: dict, catalog, line: int,
                  latex: str | None = None) -> list:
    """The candidates with the letters the sheet's notation confirms counted as announced."""
    if not notation:
        return cands
    out = []
    for c in cands:
        topic = catalog[c.claim_id].topic
        # (a line reading another of its letters otherwise holds in a renaming of its own)
        known = confirmed(notation, topic, line,
                          frozenset(_lines_reading_otherwise(notation, c, topic)))
        more = frozenset(s for s, f in c.mapping.items() if s != f and known.get(s) == f)
        kept = frozenset()
        if all(a == b for a, b in c.mapping.items()):
            # a matrix of this formula that another formula holding as the claim writes so
            kept = frozenset(kept_confirmed(notation, c.claim_id, line, latex)
                             & declared_names(c.sheet_tokens,
                                              catalog[c.claim_id].declarations, True))
        pinned = pinned_confirmed(notation, c, catalog[c.claim_id], line, latex)
        if more or kept or pinned:
            c = replace(c, announced=c.announced | more, confirmed_kept=kept,
                        confirmed_pinned=pinned)
        if c.words < NEAR_WORDS and _several(catalog[c.claim_id]) \
                and held_near(notation, c.claim_id, line, latex):
            # (only a statement of a claim made of several: a claim of one statement the
            # line beside already holds as is not this line's too)
            c = replace(c, words=NEAR_WORDS)
        out.append(c)
    return out


def _worth_a_look(f, job, notation: dict, catalog) -> bool:
    """Does the formula write a letter that other lines confirm for the topic of a claim it
    was compared with? Only such a formula can be read otherwise the second time (deciding
    again costs as much as the first time, in one process: 5 s on the five sheets when every
    formula writing any confirmed letter was tried)."""
    from cheatsheet.match.tokens import tokenize

    if any(held_near(notation, c, f.line, f.latex) and _several(catalog[c])
           for c in f.candidates if c in catalog):
        return True
    letters = set()
    for topic in {catalog[c].topic for c in f.candidates if c in catalog}:
        letters |= set(confirmed(notation, topic, f.line))
    for claim_id in f.candidates:
        letters |= kept_confirmed(notation, claim_id, f.line, f.latex)
    if not letters:
        return False
    for text in (job.formula.latex, job.formula.reading):
        try:
            if any(t.ident in letters for t in tokenize(text)):
                return True
        except Exception:  # noqa: BLE001 - a formula the tokeniser trips on reads no letter
            continue
    return False


def second_looks(findings: list, jobs: list, catalog) -> list[tuple[int, dict]]:
    """The formulas worth a second look, each as (its place in ``findings``, the renamings
    its sheet's ok lines confirm): they are decided again under those (``second_pass``; in
    the audit's workers, pool.py)."""
    notation = sheet_notation(findings, catalog)
    out = []
    for k, (f, j) in enumerate(zip(findings, jobs)):
        if f is None or f.verdict != "unchecked" or NOT_SURE not in f.reason:
            continue
        mine = notation.get(f.file)
        if mine and _worth_a_look(f, j, mine, catalog):
            out.append((k, _near(mine, f.line)))
    return out


def _near(notation: dict, line: int) -> dict:
    """The sheet's notation with only the held lines within NEAR_LINES of ``line`` (all that
    ``held_near`` asks of them): a second look is remembered under its notation, which an edit
    far away must not change."""
    out = {}
    for key, targets in notation.items():
        if key[0] == HELD:
            targets = {c: {(k, t) for k, t in held if abs(k - line) <= NEAR_LINES}
                       for c, held in targets.items()}
            targets = {c: held for c, held in targets.items() if held}
            if not targets:
                continue
        out[key] = targets
    return out


def second_found(findings: list, found: dict) -> list:
    """The findings with the second looks' ``found`` (place -> finding) put in where they are
    wrong: a formula is never credited ok by a second look."""
    out = list(findings)
    for k, f in found.items():
        if f.verdict == "wrong":
            out[k] = f
    return out


def second_pass(findings: list, jobs: list, decider=None, *, catalog=None, again=None) -> list:
    """The findings with the formulas worth a second look decided again under the renamings
    the sheet's ok lines confirm (same order; ``jobs[k]`` made ``findings[k]``).  ``again(job,
    notation)``, if given, decides one of them; else ``decider`` does, with
    ``decider.notation`` set."""
    catalog = decider.catalog if catalog is None else catalog
    found = {}
    for k, mine in second_looks(findings, jobs, catalog):
        j = jobs[k]
        if again is not None:
            found[k] = again(j, mine)
            continue
        decider.notation = mine
        try:
            found[k] = decider.decide(j.formula, j.conv, j.file, j.habits)
        finally:
            decider.notation = {}
    return second_found(findings, found)
