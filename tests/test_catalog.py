"""The catalog's promises: every claim holds, every recorded sheet version keeps its verdict,
every check can fail (its wrong variants are refuted with a counterexample), and every
reference still points at the sheet line it quotes."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.verify.report import counterexample_lines

from conftest import SEEDS

CATALOG = get_catalog()
CLAIM_IDS = CATALOG.ids()
SOURCES = [(c.id, k) for c in CATALOG for k in range(len(c.sources))]


def _quiet():
    warnings.simplefilter("ignore")
    return np.errstate(all="ignore")


@pytest.mark.parametrize("claim_id", CLAIM_IDS)
def test_claim_holds(claim_id, verified):
    res = verified(claim_id)
    ev = res.evidence
    assert ev.verdict in ("proved", "passed"), (
        f"{claim_id}: {ev.verdict} ({ev.method}) {ev.detail}\n"
        + "\n".join(counterexample_lines(ev.counterexample)))
    if ev.verdict == "passed":
        assert ev.trials > 0


@pytest.mark.parametrize("claim_id,k", SOURCES, ids=[f"{c}#{k}" for c, k in SOURCES])
def test_source_keeps_its_verdict(claim_id, k, verified):
    claim = CATALOG[claim_id]
    src = claim.sources[k]
    got = verified(claim_id).sources[k]
    assert src.expect in ("holds", "refuted", "undecided"), (
        f"{claim_id} {src.sheet}:{src.line} needs expect = holds|refuted|undecided")
    assert got.verdict == src.expect, (
        f"{claim_id} {src.sheet}:{src.line}: checker says {got.verdict}, expected {src.expect}"
        f" ({got.note})")
    if got.verdict == "refuted":
        assert got.counterexample, "a refutation always carries its counterexample"
        print(f"\n{claim_id} {src.sheet}:{src.line} refuted:",
              *counterexample_lines(got.counterexample), sep="\n  ")
    if got.verdict == "undecided":
        assert got.note, "an undecided version says why"


@pytest.mark.parametrize("claim_id", CLAIM_IDS)
def test_check_can_fail(claim_id):
    """Each claim has wrong variants (refuted sheet versions or our own), all refuted."""
    from cheatsheet.verify.check import check_version

    claim = CATALOG[claim_id]
    variants = [(s.reader_latex, claim.declarations_for(s), s.layout or claim.layout,
                 list(claim.assume) + list(s.assume), tuple(s.exists))
                for s in claim.sources if s.expect == "refuted"]
    variants += [(w, claim.declarations, claim.layout, list(claim.assume), ())
                 for w in claim.wrong]
    assert variants, f"{claim_id} has no wrong variant, so nothing shows its check can fail"
    with _quiet():
        for k, (latex, decls, layout, assume, free) in enumerate(variants):
            ev = check_version(claim, latex, decls, layout, assume, seed=0,
                               key=("wrong", k), symbolic_first=False, thorough=False,
                               free=free)
            assert ev.verdict == "refuted" and ev.counterexample, (
                f"{claim_id}: wrong variant {latex!r} was not refuted: {ev.verdict} {ev.detail}")
            print(f"\n{claim_id}: {latex}", *counterexample_lines(ev.counterexample),
                  sep="\n  ")


@pytest.mark.parametrize("claim_id", CLAIM_IDS)
def test_reader_reads_every_formula(claim_id):
    from cheatsheet.latex import LatexError, LatexShapeError
    from cheatsheet.verify import undecidable
    # the reader's own result for each input, remembered by (LaTeX, declarations, layout):
    # this claim's checks, run just before on this worker (conftest groups them), read the
    # same forms, so each is read once here, not twice
    from cheatsheet.verify.parsing import parse_cached as parse

    claim = CATALOG[claim_id]
    parse(claim.latex, claim.declarations, layout=claim.layout)
    for w in claim.wrong:
        try:
            parse(w, claim.declarations, layout=claim.layout)
        except LatexShapeError:
            pass  # an ill-sized typo (the trace of a rectangle) reads, and is refuted so
    for s in claim.sources:
        layouts = sorted(s.layouts or (claim.layout,), key=lambda lay: lay != claim.layout)
        try:
            for k, layout in enumerate(layouts):  # it reads in one of its sheet's layouts
                try:
                    parse(s.reader_latex, claim.declarations_for(s), layout=layout)
                    break
                except LatexShapeError:
                    if k == len(layouts) - 1:
                        raise
        except LatexShapeError:
            # read, but its sizes cannot fit: only a refuted version may be ill-formed, or one
            # the checker sets aside before reading (bars lost in transcription)
            lost = undecidable.lost_delimiter(s.reader_latex)
            assert s.expect == ("undecided" if lost else "refuted"), (
                f"{s.sheet}:{s.line} is ill-formed")
        except LatexError:
            # unreadable: the checker can only say undecided, with the reader's reason
            assert s.expect == "undecided", f"{s.sheet}:{s.line} cannot be read"


@pytest.mark.parametrize("claim_id", CLAIM_IDS)
def test_claim_passes_its_own_scope(claim_id):
    """Every name of the canonical form is defined (declared, or bound by an operator), and no
    wrong variant leaves an index free: a variant is refuted for its error, not for a name.
    (Claim by claim, beside the claim's other tests, whose readings it reuses: one test over
    the whole catalog read every claim again on whichever worker ran it.)"""
    from cheatsheet.verify import scope
    from cheatsheet.verify.parsing import parse_cached

    claim = CATALOG[claim_id]
    st = claim.statement
    vocab = scope.vocabulary(claim.declarations, st)
    assert scope.problems(st, vocab) == [], claim.id
    for w in claim.wrong:  # the wrong variants speak of the claim's names too
        try:  # memoised: the wrong-variant checks of this claim read them too
            wst = parse_cached(w, claim.declarations, layout=claim.layout)
        except Exception:  # noqa: BLE001 - unreadable variants are another test's business
            continue
        assert not [p for p in scope.problems(wst, vocab) if "free index" in p], (claim.id, w)


@pytest.mark.parametrize("claim_id", CLAIM_IDS)
def test_claim_readings_load_back_exactly(claim_id):
    """The brief of the reading store (verify/parse_store.py): a stored reading is the fresh
    one (== and the LaTeX); only readings that would not be are left out, and none of the
    catalog's is. (Claim by claim, beside the claim's checks, whose readings it reuses.)"""
    from cheatsheet.verify import parse_store
    from cheatsheet.verify.parsing import parse_cached

    claim = CATALOG[claim_id]
    forms = [(claim.latex, claim.declarations, claim.layout)]
    for src in claim.sources:
        try:
            decls = claim.declarations_for(src)
        except Exception:  # noqa: BLE001 - a version the checks report as undeclarable
            continue
        forms.append((src.reader_latex, decls, src.layout or claim.layout))
    refused = []
    for k, (latex, decls, layout) in enumerate(forms):
        try:
            fresh = parse_cached(latex, decls, layout=layout)
        except Exception:  # noqa: BLE001 - unreadable: nothing to store
            assert k > 0, f"{claim_id}: the canonical form does not read"
            continue
        # dump loads the pickle back and keeps it only when equal (test_parse_store.py shows
        # it refuses one that is not)
        if parse_store.dump(fresh) is None:
            refused.append(latex)
    assert refused == [], claim_id


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent: nothing to compare")
@pytest.mark.parametrize("claim_id,k", SOURCES, ids=[f"{c}#{k}" for c, k in SOURCES])
def test_source_matches_sheet(claim_id, k):
    src = CATALOG[claim_id].sources[k]
    path = SEEDS / src.sheet
    assert path.is_file(), f"no sheet {src.sheet}"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert 1 <= src.line <= len(lines), f"{src.sheet} has no line {src.line}"
    assert src.latex in lines[src.line - 1], (
        f"{claim_id}: {src.sheet}:{src.line} does not contain {src.latex!r}\n"
        f"the line is: {lines[src.line - 1][:300]!r}")


def test_ids_are_dotted_and_topics_known():
    for c in CATALOG:
        assert "." in c.id and c.id == c.id.strip().lower(), c.id
        assert c.title and c.latex


CONVENTION_IDS = [c.id for c in CATALOG if c.conventions]


@pytest.mark.parametrize("claim_id", CONVENTION_IDS)
def test_a_form_right_under_another_convention_is_never_called_wrong(claim_id):
    """A recorded convention form fails the claim's own check (so it is another statement,
    and the record is needed), yet `audit` calls it unchecked, naming the convention."""
    from cheatsheet.verify.check import check_version
    from audit_helpers import audit_text

    claim = CATALOG[claim_id]
    for k, other in enumerate(claim.conventions):
        assert set(other) == {"latex", "when"}, other
        with _quiet():
            ev = check_version(claim, other["latex"], claim.declarations, claim.layout,
                               list(claim.assume), seed=0, key=("convention", k),
                               symbolic_first=False, thorough=False)
        assert ev.verdict == "refuted", (other["latex"], ev.verdict, ev.detail)
        found = audit_text(f"# {claim.title}\n\n${other['latex']}$\n")
        assert [f.verdict for f in found] == ["unchecked"], [(f.verdict, f.reason) for f in found]
        assert other["when"] in found[0].reason
