"""Correspondences between two writings of a formula, and carrying a reading across them.

``correspondence`` pairs the symbol units of a sheet's formula with those of a catalog form by
aligning their streams (difflib): units at the same place in matching stretches vote, and the
best-supported one-to-one pairs win. ``rename`` rewrites the sheet's formula in the catalog's
names. ``transfer`` carries the difference between a recorded sheet version and the student's
formula over to the reading the catalog gives that version (its ``read_as``), so a typo the
student did not make, or made differently, is read the catalog's way everywhere else.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from .tokens import Tok, tokenize

CONTEXT = 3  # tokens on each side that locate an edit in the reading
# parts of a unit's name that are operators, not letters: a renaming keeps them
# names whose meaning the reader fixes (Euler's gamma function, e, pi; sigma called on
# something is the sigmoid): a sheet's psi(x + 1) renamed to Gamma(x + 1) is another function,
# not another letter for the same one
FIXED_MEANING = {"Gamma", "e", "pi"}
FIXED_WHEN_CALLED = {"sigma"}


def _fixed(toks: list[Tok], k: int) -> bool:
    """Does the unit at ``k`` have a meaning of its own that no renaming may change?"""
    name = toks[k].ident
    if name in FIXED_MEANING:
        return True
    nxt = next((t for t in toks[k + 1:] if t.norm or t.ident is not None), None)
    return name in FIXED_WHEN_CALLED and nxt is not None and nxt.norm in ("(", r"\left(")
_DECORATIONS = {"hat", "bar", "tilde", "dot", "ddot", "check", "breve", "underline", "prime",
                "star"}


def decoration(ident: str) -> tuple[str, ...]:
    """What a unit's name says beyond its letter: f'' -> (prime, prime), \\hat\\mu -> (hat,)."""
    return tuple(p for p in ident.split("_") if p in _DECORATIONS)


def _pos_keys(toks: list[Tok]) -> tuple[list[str], list[int]]:
    """Comparison keys and, for each, its index in ``toks`` (braces left out)."""
    ks, where = [], []
    for k, t in enumerate(toks):
        if t.norm or t.ident is not None:
            ks.append(t.key)
            where.append(k)
    return ks, where


@dataclass(frozen=True)
class Side:
    """What ``correspondence`` reads of one formula, read once: a sheet's formula is aligned
    with a dozen forms per look-up, and each form with many formulas (the matcher keeps its
    forms' sides)."""

    toks: list[Tok]
    names: frozenset[str]
    keys: list[str]
    where: list[int]  # each key's index in toks
    labels: frozenset[str]  # subscript_only(toks)


def side(toks: list[Tok]) -> Side:
    keys, where = _pos_keys(toks)
    return Side(toks, frozenset(t.ident for t in toks if t.ident), keys, where,
                frozenset(subscript_only(toks)))


def correspondence(sheet: list[Tok] | Side, form: list[Tok] | Side,
                   vocabulary=(), free=()) -> dict[str, str]:
    """Sheet unit -> form unit, one to one, from aligned stretches of the two streams.

    A name the sheet shares with the form, or with the claim's ``vocabulary`` (its declared and
    canonical names), means the same thing in both: a sheet that writes m where a form writes v
    while the claim has an m of its own is not renaming, it is a different formula. Only the
    other names are paired by alignment. Either side may be given as its ``Side``. ``free``:
    shared names paired by alignment all the same (the sheet's own declarations size them
    otherwise than the claim: verify/audit/declared_sizes.py)."""
    sheet = sheet if isinstance(sheet, Side) else side(sheet)
    form = form if isinstance(form, Side) else side(form)
    sheet_names, form_names = sheet.names, form.names
    families = _family_shift(sheet_names, form_names)
    # a letter only ever written inside subscripts is a label (Sigma_{ab} of blocks a, b):
    # the claim's declaring a size a does not make it the claim's a
    labels = sheet.labels - form_names
    shared = (sheet_names - set(families) - set(free)) & (form_names
                                                         | (set(vocabulary) - labels))
    a, wa = sheet.keys, sheet.where
    b, wb = form.keys, form.where
    st, ft = sheet.toks, form.toks
    votes: Counter = Counter()
    sm = SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            weight = 2 if op == "equal" else 1
            for i, j in zip(range(i1, i2), range(j1, j2)):
                s, f = st[wa[i]].ident, ft[wb[j]].ident
                if s is not None and f is not None and decoration(s) == decoration(f) \
                        and (s == f or not (_fixed(st, wa[i]) or _fixed(ft, wb[j]))):
                    votes[(s, f)] += weight
    mapping: dict[str, str] = {name: name for name in shared}
    mapping.update(families)
    used: set[str] = set(shared) | set(families.values())
    for (s, f), _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
        if s not in mapping and f not in used:
            mapping[s] = f
            used.add(f)
    mapping.update(_family_bases(st, ft, mapping, set(vocabulary), votes))
    _keep_declared_composites(st, mapping, set(vocabulary))
    _primes_follow_letters(mapping, sheet_names, form_names)
    return mapping


def _primes_follow_letters(mapping: dict, sheet_names, form_names) -> None:
    """A primed name goes where its letter goes: with u read as the form's f, u' is f', not
    whatever the alignment paired it with. A typo that swaps u'v and uv' lines the primes up
    crosswise (u' under g'), and the derivative of one function would be read as the other's.
    Only where the letter is renamed and the form writes that primed name."""
    for s in sheet_names:
        base, _, rest = s.partition("_")
        if not rest or set(rest.split("_")) != {"prime"} or base not in mapping:
            continue
        target = f"{mapping[base]}_{rest}"
        if mapping[base] == base or target not in form_names or mapping.get(s) == target:
            continue
        for other in [o for o, f in mapping.items() if f == target]:
            del mapping[other]  # (paired crosswise: it follows its own letter in turn)
        mapping[s] = target


def _keep_declared_composites(toks: list[Tok], mapping: dict, vocabulary: set) -> None:
    """A subscript letter whose every use, with its base kept, makes a name the claim declares
    (the sheet's p_z where the claim has p_z, the latent prior, beside its p_G) means that
    name: renaming z to G would make the sheet's p_z the claim's p_G, another quantity. Such
    a letter is kept (unless another sheet name already took it)."""
    taken = {b for a, b in mapping.items() if a != b}
    for name, target in list(mapping.items()):
        if target == name or name in taken:
            continue
        bases = [_subscript_base(toks, k) for k, t in enumerate(toks) if t.ident == name]
        if bases and all(b is not None and mapping.get(b, b) == b
                         and f"{b}_{name}" in vocabulary for b in bases):
            mapping[name] = name


def _subscript_base(toks: list[Tok], k: int) -> str | None:
    """The name whose plain subscript the unit at ``k`` is (p in p_z, p_{z}), or None."""
    j = k - 1
    braced = j >= 0 and toks[j].raw == "{"
    if braced:
        if k + 1 >= len(toks) or toks[k + 1].raw != "}":
            return None
        j -= 1
    if j < 1 or toks[j].norm != "_" or toks[j - 1].ident is None:
        return None
    return toks[j - 1].ident


def _subscripted_only(toks: list[Tok], name: str) -> bool:
    """Is every occurrence of ``name`` the base of a subscript (tau in tau_n), never bare?"""
    seen = False
    for k, t in enumerate(toks):
        if t.ident == name:
            nxt = toks[k + 1].norm if k + 1 < len(toks) else ""
            if nxt != "_":
                return False
            seen = True
    return seen


def _family_bases(sheet: list[Tok], form: list[Tok], mapping: dict, vocabulary: set,
                  votes: Counter) -> dict:
    """A letter family renamed as a whole: where the sheet's numbered tau_0 is the form's
    sigma_0, the sheet's tau_n (tau written only as a base under a subscript) is the form's
    sigma_N, even though the form also writes a bare sigma (the reader reads sigma_N and sigma
    as two names; the tokens share the letter). The bare sigma then stays the sheet's bare
    name that the alignment pairs with it (s^2 for the claim's sigma^2). Only a base the claim
    does not know, whose numbered members all go to one family of the form's, written there
    under a subscript too."""
    out = {}
    for name in {t.ident for t in sheet if t.ident and "_" not in t.ident}:
        if mapping.get(name, "") == name or name in vocabulary \
                or not _subscripted_only(sheet, name):
            continue
        members = [u for u in mapping if u.rpartition("_")[0] == name
                   and u.rpartition("_")[2].isdigit()]
        targets = {mapping[u].rpartition("_")[0] for u in members}
        if len(targets) != 1 or not all(mapping[u].rpartition("_")[2].isdigit()
                                        for u in members):
            continue
        base = targets.pop()
        if base == name or not any(t.ident == base and k + 1 < len(form)
                                   and form[k + 1].norm == "_" for k, t in enumerate(form)):
            continue
        if name not in mapping:
            out[name] = base
        elif mapping[name] == base:
            # the base took the form's letter: the sheet's bare name voted for it goes there
            bare = sorted(((n, s) for (s, f), n in votes.items() if f == base and s != name
                           and s not in mapping and not _subscripted_only(sheet, s)),
                          key=lambda p: (-p[0], p[1]))
            if bare:
                out[bare[0][1]] = base
    return out


def inverse(mapping: dict[str, str], sheet: list[Tok]) -> tuple[dict[str, str], dict[str, str]]:
    """(form name -> sheet name, form name -> the sheet's family base): the correspondence read
    backwards. A form name two sheet names go to (the sheet's sigma, and its tau renamed as a
    family into the form's sigma_N: ``_family_bases``) is the sheet's bare name where it stands
    alone and the family's base where it carries a subscript."""
    sources: dict[str, list[str]] = {}
    for s, f in mapping.items():
        sources.setdefault(f, []).append(s)
    back, under = {}, {}
    for f, names in sources.items():
        family = [s for s in names if len(names) > 1 and s != f and _subscripted_only(sheet, s)]
        alone = [s for s in names if s not in family]
        back[f] = (alone or names)[0]
        if family and alone:
            under[f] = family[0]
    return back, under


def subscript_only(toks: list[Tok]) -> set[str]:
    """Names every occurrence of which stands in a subscript (``_a``, ``_{a|b}``)."""
    inside, outside = set(), set()
    # the braces open at each token, innermost last: is each a subscript's? (a closing brace
    # with none open closes nothing; walking back to the opening from every name instead
    # made long formulas cost their length squared, ~1.5% of a cold audit)
    groups: list[bool] = []
    for k, t in enumerate(toks):
        if t.raw == "{":
            groups.append(k >= 1 and toks[k - 1].norm == "_")
        elif t.raw == "}":
            if groups:
                groups.pop()
        if t.ident is None:
            continue
        prev = toks[k - 1].norm if k else ""
        in_group = bool(groups) and groups[-1]
        (inside if prev == "_" or in_group else outside).add(t.ident)
    return inside - outside


def _family_shift(sheet_names: set, form_names: set) -> dict[str, str]:
    """Numbered families counted from another start: the sheet's mu_1, mu_2 are the form's
    mu_0, mu_1 (two Gaussians numbered 1, 2 on the sheet, 0, 1 in the claim), matched in order
    when the two families have the same size and every member of the sheet's is numbered."""
    def families(names):
        out: dict[str, list] = {}
        for n in names:
            base, _, num = n.rpartition("_")
            if base and num.isdigit():
                out.setdefault(base, []).append(int(num))
        return out

    mine, theirs = families(sheet_names), families(form_names)
    out = {}
    for base, nums in mine.items():
        other = theirs.get(base)
        if other and len(other) == len(nums) >= 2 and sorted(other) != sorted(nums):
            for a, b in zip(sorted(nums), sorted(other)):
                out[f"{base}_{a}"] = f"{base}_{b}"
    return out


def unit_texts(toks: list[Tok]) -> dict[str, str]:
    """How a formula writes each of its units (first occurrence)."""
    out: dict[str, str] = {}
    for t in toks:
        if t.ident is not None and t.ident not in out:
            out[t.ident] = t.raw
    return out


def rename(sheet: list[Tok], mapping: dict[str, str], form_units: dict[str, str]) -> list[Tok]:
    """The sheet's tokens with mapped units written as the form writes them. An unmapped unit
    keeps its name, unless another sheet unit took that name: then it gets a fresh one."""
    targets = set(mapping.values())
    fresh: dict[str, str] = {}
    out = []
    for t in sheet:
        if t.ident is None:
            out.append(t)
        elif t.ident in mapping:
            target = mapping[t.ident]
            if target == t.ident and target not in form_units:
                out.append(t)  # kept as the sheet writes it (a claim name the form lacks)
            else:
                out.append(Tok(form_units.get(target, target), "", target))
        elif t.ident in targets:
            if t.ident not in fresh:
                fresh[t.ident] = _fresh_name(set(form_units) | targets | set(fresh.values()))
            out.append(Tok(fresh[t.ident], "", fresh[t.ident].replace("{", "").replace("}", "")))
        else:
            out.append(t)
    return out


def whole_called_names(sheet: list[Tok], mapping: dict[str, str],
                        form_units: dict[str, str]) -> list[Tok]:
    """A called name's subscript that names nothing of the claim is part of the name: the
    sheet's loss E_D(w) renamed onto the claim's J is J(w), not J_D(w), which is no name of
    the claim (the data set D only labels the loss). Only where the base stands for one of the
    claim's names and the subscript is neither mapped nor the claim's."""
    return [t for t, _ in _called_labels(sheet, mapping, form_units) if t is not None]


def called_labels(sheet: list[Tok], mapping: dict[str, str],
                  form_units: dict[str, str]) -> dict[str, list[Tok]]:
    """The subscripts ``whole_called_names`` drops, by the name they belong to (E: _D)."""
    return {base: lab for _, (base, lab) in _called_labels(sheet, mapping, form_units)
            if base is not None}


def _called_labels(sheet, mapping, form_units):
    """(token or None, (name, its dropped subscript tokens) or (None, None)) in order."""
    out: list = []
    k, n = 0, len(sheet)
    while k < n:
        t = sheet[k]
        out.append((t, (None, None)))
        k += 1
        target = mapping.get(t.ident) if t.ident is not None else None
        if target is None or target not in form_units \
                or k >= n or sheet[k].raw != "_":
            continue
        j = k + 1
        if j < n and sheet[j].raw == "{":
            end = j + 1
            while end < n and sheet[end].raw != "}":
                end += 1
            inner, after = sheet[j + 1:end], end + 1
        else:
            inner, after = sheet[j:j + 1], j + 1
        if inner and after < n and sheet[after].raw in ("(", r"\left(") \
                and all(u.ident is not None and u.ident not in mapping
                        and u.ident not in form_units for u in inner):
            out.append((None, (t.ident, sheet[k:after])))
            k = after  # the subscript dropped with the name it belongs to
    return out


def _fresh_name(taken: set[str]) -> str:
    for letter in "zyxwvutsrqponmlkjhgfdcba":
        name = f"{letter}_{{9}}"
        if f"{letter}_9" not in taken and name not in taken:
            return name
    return "z_{99}"


def transfer(recorded: str, reading: str, student: list[Tok]) -> list[Tok] | None:
    """The reading of ``recorded`` with the student's changes applied, or None when a change
    cannot be placed in the reading unambiguously. Brackets around a single symbol or call
    (``\\log(p(x))`` for ``\\log p(x)``) are no change."""
    rec = tokenize(recorded)
    red = tokenize(reading)
    if [t.raw for t in rec] == [t.raw for t in red]:
        return list(student)
    # alignment marks, row breaks and the environment around them are layout, not a change
    rec, red, student = (without_layout(x) for x in (rec, red, student))
    student = _continued_part(rec, student)
    as_read = red
    rec, red, student = (_unwrapped(x) for x in (rec, red, student))
    if [_cmp(t) for t in rec] == [_cmp(t) for t in student]:
        return as_read  # the recorded version itself: read word for word as the catalog does
    rk = [_cmp(t) for t in rec]
    sk = [_cmp(t) for t in student]
    dk = [_cmp(t) for t in red]
    edits = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, rk, sk, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        left = rk[max(0, i1 - CONTEXT):i1]
        mid = rk[i1:i2]
        right = rk[i2:i2 + CONTEXT]
        spots = [p for p in range(len(dk) - len(mid) + 1)
                 if dk[p:p + len(mid)] == mid
                 and dk[max(0, p - len(left)):p] == left
                 and dk[p + len(mid):p + len(mid) + len(right)] == right]
        if len(spots) != 1:
            return None
        edits.append((spots[0], spots[0] + len(mid), student[j1:j2]))
    out = list(red)
    for lo, hi, new in sorted(edits, key=lambda e: -e[0]):
        out[lo:hi] = new
    return out


_RELATIONS = {"=", "\\le", "\\ge", "<", ">", "\\approx", "\\equiv", "\\neq"}


def without_layout(toks: list[Tok]) -> list[Tok]:
    """The tokens without ``&``, row breaks ``\\\\`` and ``\\begin{..}`` / ``\\end{..}`` of
    a display environment (aligned, align*, split)."""
    out, i = [], 0
    while i < len(toks):
        t = toks[i]
        if t.raw in ("\\begin", "\\end") and i + 1 < len(toks) and toks[i + 1].raw == "{":
            i = _group_after(toks, i + 1)
            continue
        if t.raw not in ("&", "\\\\"):
            out.append(t)
        i += 1
    return out


def _continued_part(recorded: list[Tok], student: list[Tok]) -> list[Tok]:
    """A recorded row that opens with a relation (``&= ...``, a derivation's next row) has no
    left side: the student's formula, read with the left side it continues, is compared from
    its first relation on (the reading names what the row continues, its own way)."""
    if not recorded or recorded[0].norm not in _RELATIONS or \
            (student and student[0].norm in _RELATIONS):
        return student
    depth = 0
    for k, t in enumerate(student):
        depth += t.raw in ("{", "(", "[") or t.norm == "\\left"
        depth -= t.raw in ("}", ")", "]") or t.norm == "\\right"
        if depth == 0 and t.norm in _RELATIONS:
            return student[k:]
    return student


def _atom_end(toks: list[Tok], i: int) -> int | None:
    """Index after one symbol with its scripts and at most one call group starting at i."""
    n = len(toks)
    if i >= n or toks[i].ident is None:
        return None
    j = i + 1
    while j < n and toks[j].raw in ("_", "^"):
        j = _group_after(toks, j + 1)
    if j < n and toks[j].raw == "(":
        j = _group_after(toks, j)
    return j


def _group_after(toks: list[Tok], i: int) -> int:
    """Index after the bracket group (or single token) at i."""
    if i >= len(toks):
        return i
    opener = toks[i].raw
    closer = {"{": "}", "(": ")", "[": "]"}.get(opener)
    if closer is None:
        return i + 1
    depth = 0
    for k in range(i, len(toks)):
        depth += toks[k].raw == opener
        depth -= toks[k].raw == closer
        if depth == 0:
            return k + 1
    return len(toks)


def _unwrap_keeps_meaning(toks: list[Tok], after: int) -> bool:
    """May the brackets of an atom ending at ``after`` go? Not where what follows would
    then read as the atom's call: \\text{diag}(h)(x - y) is no \\text{diag} h(x - y). (An
    operator's own brackets, \\log(p(x)), go as elsewhere: the recorded version may write
    \\log p(x) for the same thing, and both must align.)"""
    nxt = toks[after] if after < len(toks) else None
    return nxt is None or nxt.raw != "("


def _unwrapped(toks: list[Tok]) -> list[Tok]:
    """The tokens without round brackets that hold a single symbol or call (a call's own
    brackets, after a symbol or its scripts, stay; so do brackets whose loss would make what
    follows a call of them)."""
    out, i = [], 0
    while i < len(toks):
        called = out and (out[-1].ident is not None or out[-1].raw in ("}", ")"))
        if toks[i].raw == "(" and not called:
            end = _atom_end(toks, i + 1)
            if end is not None and end < len(toks) and toks[end].raw == ")" \
                    and _unwrap_keeps_meaning(toks, end + 1):
                out.extend(_unwrapped(toks[i + 1:end]))
                i = end + 1
                continue
        out.append(toks[i])
        i += 1
    return out


def _cmp(t: Tok) -> str:
    """Identity for transfer: the unit's name, or the normalised token (braces included)."""
    if t.ident is not None:
        return "u:" + t.ident
    return t.norm or t.raw


def same_after_renaming(sheet: list[Tok], form: list[Tok], mapping: dict[str, str]) -> bool:
    """Is the sheet's formula the form itself, up to a consistent renaming of symbols? (Layout
    aside; a form that is a derivation's continuation row is compared from the sheet's first
    relation on, as ``transfer`` compares it.)"""
    form = without_layout(form)
    renamed = _unwrapped(_continued_part(form, without_layout(
        rename(sheet, mapping, unit_texts(form)))))
    return [_cmp(t) for t in renamed if t.norm or t.ident] == \
        [_cmp(t) for t in _unwrapped(form) if t.norm or t.ident]
