"""``cheatsheet export``: the checked catalog for other study tools (registered by cli.py).
Imports nothing heavy at module level: the CLI loads this module for every command."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

EXIT_FAIL, EXIT_USAGE = 1, 2


def _fail(msg: str) -> None:
    click.echo(f"cheatsheet export anki: {msg}", err=True)
    sys.exit(EXIT_USAGE)


def _writable(path: Path) -> str:
    """Why ``path`` cannot be written, or '' (checked before the minute of checking)."""
    if path.is_dir():
        return f"{path} is a directory; give a file name such as deck.apkg"
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        return f"cannot write {path}: the folder {folder} does not exist"
    if path.exists() and not os.access(path, os.W_OK):
        return f"cannot write {path}: the file is read-only"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"cannot write {path}: the folder {folder} is not writable"
    return ""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def export():
    """Export the checked formulas to other study tools (Anki)."""


@export.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-o", "--output", required=True, type=click.Path(), metavar="FILE.apkg",
              help="The deck file to write (Anki: File > Import).")
@click.option("--topic", "topics", multiple=True, metavar="NAME",
              help="Only these claims (a topic, id or id prefix, any case); repeatable.")
@click.option("--sheet", type=click.Path(), default=None, metavar="FILE",
              help="Only the claims the audit matches in your sheet FILE, with your sheet's "
                   "wrong lines beside the right form.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the random instances (the counterexamples shown may depend on "
                   "it, the verdicts never do).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: number of CPUs).")
@click.option("--no-cache", is_flag=True,
              help="Check every claim afresh (by default the results cheatsheet verify "
                   "remembers for unchanged claims and code are reused).")
def anki(output, topics, sheet, seed, jobs, no_cache):
    """Write an Anki deck: one note per checked formula.

    \b
    Front: the formula's title and what its symbols are.
    Back:  the formula (MathJax), the wrong forms the course sheets write and
           common slips, each with why it is wrong and a counterexample, and
           the claim id.
    Tags:  the topic; refuted-on-sheet when a course sheet states a version the
           checker refutes; wrong-on-my-sheet when the audit finds your --sheet
           wrong on it.

    Every wrong form shown is refuted by the checker during the export; nothing is
    marked wrong by hand.  Note ids come from the claim ids and the deck id from a
    fixed name, so importing a newer deck updates your notes (and keeps their review
    history) instead of adding copies.  With --sheet the deck is cheatsheet::<sheet
    name>; a claim is still the same note.

    The whole catalog takes minutes on two cores (every claim and two wrong variants
    per claim are checked; claims cheatsheet verify has checked before, unchanged,
    are reused from its cache).  Exit
    status 1: a claim was left out because its check did not confirm it in this
    run (it is named); 2: the output cannot be written, FILE cannot be read, or
    FILE states no formula the audit can tie to a claim.
    """
    from cheatsheet.cli import _batch_process, _catalog, _select

    _batch_process()
    path = Path(output)
    problem = _writable(path)
    if problem:
        _fail(problem)
    if path.suffix.lower() != ".apkg":
        click.echo(f"Note: Anki imports .apkg files; writing {path} anyway.", err=True)
    import time

    start = time.perf_counter()
    claims = _select(topics) if topics else list(_catalog())
    findings_by_claim = {}
    if sheet is not None:
        from cheatsheet.sheets import SheetError

        from .forms import audit_sheet, matched, no_match_message

        try:
            result = audit_sheet(sheet, catalog=_catalog(), seed=seed, jobs=jobs)
        except SheetError as exc:
            _fail(str(exc))
        findings_by_claim = matched(result.findings)
        if not findings_by_claim:
            _fail(no_match_message(sheet, result))
        order = list(findings_by_claim)
        claims = sorted((c for c in claims if c.id in findings_by_claim),
                        key=lambda c: order.index(c.id))
        if not claims:
            _fail(f"{sheet}: the claims it states ({', '.join(order)}) are outside "
                  f"--topic {' '.join(topics)}")
    from . import anki as deck
    from .forms import card_data, with_sheet

    checked = _check(claims, seed, jobs, not no_cache)
    cards, left_out = [], []
    for claim, ch in zip(claims, checked):
        if not ch.result.evidence.holds:  # only what the checker confirms now is taught
            left_out.append(f"{claim.id} ({ch.result.evidence.verdict})")
            continue
        card = card_data(claim, ch)
        if sheet is not None:
            card = with_sheet(card, findings_by_claim[claim.id], Path(sheet).name)
        cards.append(card)
    try:
        n = deck.write(cards, path, sheet)
    except OSError as exc:
        _fail(f"cannot write {path}: {exc.strerror or exc}")
    seconds = time.perf_counter() - start
    if left_out:
        click.echo(f"Warning: left out {len(left_out)} claim(s) the checker did not confirm in "
                   f"this run: {', '.join(left_out)}", err=True)
    refuted = sum(c.refuted_on_sheet for c in cards)
    mine = sum(c.wrong_on_my_sheet for c in cards)
    click.echo(f"Wrote {path}: {n} notes in deck {deck.deck_name(sheet)!r} "
               f"({refuted} tagged refuted-on-sheet"
               + (f", {mine} wrong-on-my-sheet" if sheet is not None else "")
               + f") · {seconds:.1f} s")
    sys.exit(EXIT_FAIL if left_out else 0)


def _check(claims, seed, jobs, cache):
    from .forms import check_claims

    if not sys.stderr.isatty():
        return check_claims(claims, seed=seed, jobs=jobs, cache=cache)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("check", total=2 * len(claims))
        return check_claims(claims, seed=seed, jobs=jobs, cache=cache,
                            progress=lambda: bar.update(task, advance=1))
