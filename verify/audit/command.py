"""The ``cheatsheet audit`` command (registered by cheatsheet/cli.py)."""
from __future__ import annotations

import sys

import click

EXIT_OK, EXIT_WRONG, EXIT_USAGE = 0, 1, 2


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (stable; see README).")
@click.option("--unchecked", "show_unchecked", is_flag=True,
              help="Also list, in line order, the formulas that could not be decided and why.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the random instances (a verdict never depends on it; the "
                   "counterexample shown may).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: number of CPUs).")
@click.option("--html", "html_path", metavar="PATH", default=None,
              help="Also write the audit as one self-contained HTML page (typeset formulas, "
                   "filters; works offline).")
def audit(files, as_json, show_unchecked, seed, jobs, html_path):
    """Check every formula of your own cheat sheet(s) against the catalog.

    FILE is Markdown (.md), LaTeX (.tex) or text with $...$ / $$...$$ / \\[...\\] math
    (.txt and others). Each formula gets one finding:

    \b
      ok         it states a catalog claim, or an identity checked on its
                 own, and holds
      wrong      it fails, and the tool is sure which formula it is: you get
                 the right form in your symbols, a counterexample and a reason
      unchecked  no sure verdict: no claim states it, the match is ambiguous,
                 the reader cannot read it, or it holds only under a condition
                 the sheet does not state (use --unchecked to see why)

    Wrong formulas are listed first. The conventions your sheet announces are honoured
    for the rest of their section ("we use the numerator layout", "log is base 2",
    "A \\in \\mathbb{R}^{n \\times n} symmetric"); where a sheet says nothing, a formula right
    in any defensible reading is not called wrong.

    Exit status: 0 nothing wrong, 1 a formula is wrong, 2 bad usage or an unreadable file.
    """
    from cheatsheet.cli import _batch_process, _catalog
    from cheatsheet.sheets import SheetError

    _batch_process()
    if html_path is not None:
        _check_html_path(html_path)
    from .run import audit_files

    catalog = _catalog()
    progress = None
    bar = None
    if not as_json and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        bar = Progress(TextColumn("auditing"), BarColumn(), MofNCompleteColumn(),
                       console=Console(stderr=True), transient=True)
    try:
        if bar is not None:
            with bar:
                task = bar.add_task("audit", total=None)
                result = audit_files(list(files), seed=seed, jobs=jobs, catalog=catalog,
                                     progress=lambda f: bar.update(task, advance=1),
                                     on_start=lambda n: bar.update(task, total=n),
                                     remember=True)
        else:
            result = audit_files(list(files), seed=seed, jobs=jobs, catalog=catalog,
                                 progress=progress, remember=True)
    except SheetError as exc:
        click.echo(f"cheatsheet audit: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    from .report import text, to_json

    click.echo(to_json(result) if as_json else text(result, show_unchecked))
    if html_path is not None:
        _write_html(html_path, result)
    sys.exit(EXIT_WRONG if any(f.verdict == "wrong" for f in result.findings) else EXIT_OK)


def _check_html_path(path: str) -> None:
    """Before the audit: a page that cannot be written is a usage error, not lost work."""
    from cheatsheet.html import PageError, check_writable

    try:
        check_writable(path)
    except PageError as exc:
        click.echo(f"cheatsheet audit: {exc}", err=True)
        sys.exit(EXIT_USAGE)


def _write_html(path: str, result) -> None:
    from cheatsheet.html import PageError, audit_page, write_page

    try:
        write_page(path, audit_page(result))
    except PageError as exc:
        click.echo(f"cheatsheet audit: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"HTML report: {path}", err=True)
