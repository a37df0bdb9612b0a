"""The ``cheatsheet`` command.

Exit codes: 0 every canonical claim holds (or the command succeeded, or its reader closed the
pipe: ``cheatsheet verify | head``), 1 a canonical claim does not hold (or an example's property
failed), 2 bad usage or input.  Heavy imports (SymPy, the checkers) happen inside the commands
so that ``--help`` answers at once.  Every command names claims through the catalog's one
resolver (ids, id prefixes, topics, any case, close matches on a miss).
"""
from __future__ import annotations

import json
import os
import sys

import click

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class UsageError(click.UsageError):
    exit_code = EXIT_USAGE


def _silence_stdout():
    """After the reader of our output went away: send what is still buffered nowhere, so
    Python's final flush does not print a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


class _Main(click.Group):
    """The command group; a closed output pipe ends any command (and --help, --version)
    quietly with exit 0 (click alone would exit 1, the code for "a claim does not hold")."""

    def make_context(self, *args, **kwargs):
        return self._pipe_safe(super().make_context, *args, **kwargs)

    def invoke(self, ctx):
        return self._pipe_safe(super().invoke, ctx)

    @staticmethod
    def _pipe_safe(fn, *args, **kwargs):
        try:
            try:
                return fn(*args, **kwargs)
            finally:
                sys.stdout.flush()
        except BrokenPipeError:
            _silence_stdout()
            raise click.exceptions.Exit(EXIT_OK) from None


def _batch_process():
    """A command deciding many formulas: one BLAS thread, since the checks use many tiny
    matrices and BLAS threads only contend with the worker processes (a 40x40 eigh went from
    milliseconds to a second under load; must run before NumPy loads); and the collector's
    passes of a batch run (frozen.batch_passes), for the process and what it forks."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    from .frozen import batch_passes

    batch_passes()


def _catalog():
    from .catalog import get_catalog
    from .claims import ClaimError
    from .symbols import DeclarationError

    try:
        return get_catalog()
    except (ClaimError, DeclarationError) as exc:
        raise click.ClickException(f"the claim catalog is malformed: {exc}") from None


def _select(terms):
    from .catalog import ClaimLookupError

    try:
        return _catalog().select(list(terms))
    except ClaimLookupError as exc:
        raise UsageError(str(exc)) from None


def _sheets(names) -> list[str]:
    from .catalog import ClaimLookupError

    cat = _catalog()
    try:
        return sorted({s for n in names for s in cat.resolve_sheets(n)})
    except ClaimLookupError as exc:
        raise UsageError(str(exc)) from None


def _console():
    """A rich console whose closed output pipe is the end of the command, not an error (rich
    exits 1 there: the code that means "a claim does not hold")."""
    from rich.console import Console

    class _PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError  # _Main.invoke ends the command quietly with exit 0

    return _PipeConsole(highlight=False)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cheatsheet")
def main():
    """Check machine-learning cheat-sheet formulas, see which sheet lines are wrong and why,
    and drill the right ones.

    \b
    cheatsheet audit mysheet.md  which lines of your sheet are wrong, and why
    cheatsheet verify            decide every claim and the sheets' versions
    cheatsheet verify mgf kl     claims whose id starts with mgf or kl, or a topic
    cheatsheet verify --sheet 002 --undecided   one sheet's lines, undecided too
    cheatsheet show mgf.poisson  one claim: statement, symbols, sheet versions
    cheatsheet list --topic deriv   the catalog, or part of it
    cheatsheet example --list    worked examples run on the NumPy core
    cheatsheet quiz              spaced-repetition quiz in the terminal

    Claims are named by id, id prefix or topic, in any case (mgf, MGF.poisson, probability).
    """
    from .frozen import no_collection_at_exit

    no_collection_at_exit()  # every command: no full pass over all it loaded as it ends


_TERMS_HELP = "Claims: ids, id prefixes or topics (any case); all when none is given."


@main.command()
@click.argument("terms", nargs=-1)
@click.option("--topic", "topics", multiple=True, metavar="NAME",
              help="Only these claims (a topic, id or id prefix, as TERMS); repeatable.")
@click.option("--sheet", "sheets", multiple=True, metavar="NAME",
              help="Only the lines of this sheet (its file name or a prefix: 002); repeatable.")
@click.option("--undecided", "show_undecided", is_flag=True,
              help="Also list the sheet lines left undecided, with the reason.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the random instances (any integer); a counterexample names the "
                   "seed to rerun.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: number of CPUs).")
@click.option("--thorough", is_flag=True,
              help="Many more random trials per claim (slower; for audits).")
@click.option("--no-findings", is_flag=True, help="Do not list the refuted sheet lines.")
@click.option("--no-cache", is_flag=True,
              help="Check every claim afresh instead of reusing the results of an earlier "
                   "run with the same claims, seed and code (kept in the user cache folder; "
                   "the environment variable CHEATSHEET_NO_CACHE=1 does the same for verify "
                   "and audit; CHEATSHEET_NO_STARTUP_CACHE=1 leaves out the stored "
                   "catalog and grammar tables).")
@click.option("--html", "html_path", metavar="PATH", default=None,
              help="Also write the report as one self-contained HTML page: per topic each "
                   "claim typeset with its evidence and its sheet versions (works offline).")
def verify(terms, topics, sheets, show_undecided, as_json, seed, jobs, thorough, no_findings,
           html_path, no_cache=False):
    """Decide claims (all, or those named by TERMS: ids, id prefixes or topics).

    Each canonical claim is proved with SymPy where that terminates quickly, otherwise tested
    on seeded random instances from its declared domains.  Every version of the formula found
    on the source sheets is decided by the same check: it holds, is refuted with a
    counterexample, or stays undecided with a reason.  The findings (refuted lines) end with a
    table by sheet.  Exit status 1 when a canonical claim does not hold; refuted sheet lines
    are findings, not failures.  Results are remembered in the user cache folder and reused
    while the claim, the seed and the code are unchanged (--no-cache: check all afresh).
    """
    _batch_process()
    claims = _select(terms + topics)
    chosen_sheets = _sheets(sheets) if sheets else None
    if chosen_sheets:
        claims = [c for c in claims if any(s.sheet in chosen_sheets for s in c.sources)]
        if not claims:
            raise UsageError(f"no selected claim has a line on {', '.join(chosen_sheets)}")
    if html_path is not None:
        _html_or_exit(lambda html: html.check_writable(html_path))
    import time

    from .verify.cache import open_default
    from .verify.report import only_sheets
    from .verify.runner import run_claims, summary

    start = time.perf_counter()
    cache = None if no_cache else open_default()
    if as_json:
        results = run_claims(claims, seed=seed, jobs=jobs, thorough=thorough, cache=cache)
    else:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        console = _console()
        with Progress(TextColumn("verifying"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.fields[last]}"), console=console,
                      transient=True, disable=not console.is_terminal) as bar:
            task = bar.add_task("verify", total=len(claims), last="")
            results = run_claims(claims, seed=seed, jobs=jobs, thorough=thorough, cache=cache,
                                 progress=lambda r: bar.update(task, advance=1, last=r.id))
    ok = all(r.verdict in ("proved", "passed") for r in results)
    shown = only_sheets(results, chosen_sheets) if chosen_sheets else results
    s = summary(shown, time.perf_counter() - start)
    if as_json:
        from .verify.report import to_json

        click.echo(to_json(shown, s, claims))
    else:
        from .verify.report import print_report

        print_report(console, shown, s, findings=not no_findings,
                     undecided=show_undecided, claims=claims)
    if html_path is not None:
        named = ", ".join(terms + topics + sheets)
        title = f"Verification: {named}" if named else "Verification of the catalog"
        _html_or_exit(lambda html: html.write_page(
            html_path, html.verify_page(shown, s, claims, title=title)))
        click.echo(f"HTML report: {html_path}", err=True)
    sys.exit(EXIT_OK if ok else EXIT_FAIL)


def _html_or_exit(action):
    """Run ``action(cheatsheet.html)``; a page that cannot be written is one line, exit 2
    (checked before the run too, so no work is lost)."""
    from . import html

    try:
        action(html)
    except html.PageError as exc:
        click.echo(f"cheatsheet verify: {exc}", err=True)
        sys.exit(EXIT_USAGE)


@main.command(name="list")
@click.argument("terms", nargs=-1)
@click.option("--topic", "topics", multiple=True, metavar="NAME",
              help="Only these claims (a topic, id or id prefix, as TERMS); repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_(terms, topics, as_json):
    """List the claims of the catalog (id, title, topic, number of sheet lines), all or those
    named by TERMS / --topic (ids, id prefixes or topics, any case)."""
    claims = _select(terms + topics)
    if as_json:
        click.echo(json.dumps([{"id": c.id, "topic": c.topic, "title": c.title,
                                "latex": c.latex, "sources": len(c.sources)} for c in claims],
                              ensure_ascii=False, indent=1))
        return
    from .verify.report import fitted_table

    console = _console()
    named = f" ({', '.join(terms + topics)})" if terms or topics else ""
    rows = [[c.id, c.title, str(len(c.sources)), c.topic] for c in claims]
    console.print(fitted_table(console, f"{len(claims)} claims{named}",
                               [("id", False), ("title", False), ("lines", True),
                                ("topic", True)], rows, wrap="title"))


@main.command()
@click.argument("name")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the random instances (any integer).")
@click.option("--json", "as_json", is_flag=True, help="Print the verification result as JSON.")
def show(name, seed, as_json):
    """Show one claim: its statement, what its symbols are, its verdict, and every sheet's
    version with its verdict and counterexample.  NAME is an id, or an id prefix or topic:
    when it names several claims they are listed."""
    claims = _select([name])
    if len(claims) > 1:
        _list_matches(name, claims, as_json)
        return
    (claim,) = claims
    from .verify.runner import run_claims

    (res,) = run_claims([claim], seed=seed, jobs=1)
    if as_json:
        from .verify.report import to_json

        data = json.loads(to_json([res], {}, [claim]))["claims"][0]
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        sys.exit(EXIT_OK if res.evidence.holds else EXIT_FAIL)
    _print_claim(_console(), claim, res)
    sys.exit(EXIT_OK if res.evidence.holds else EXIT_FAIL)


def _list_matches(name, claims, as_json):
    if as_json:
        click.echo(json.dumps({"name": name, "matches": [c.id for c in claims]}, indent=1))
        return
    from .verify.report import fitted_table

    console = _console()
    console.print(fitted_table(console, f"{name!r} names {len(claims)} claims",
                               [("id", False), ("title", False)],
                               [[c.id, c.title] for c in claims], wrap="title"))
    console.print(f"show one with: cheatsheet show {claims[0].id}", markup=False)


def _readable(latex: str) -> str:
    """A formula as people read it, in Unicode (the quiz's renderer of the LaTeX as written:
    SymPy's printer shows the reader's internal nodes)."""
    try:
        from .quiz.render import to_unicode

        return to_unicode(latex)
    except Exception:  # noqa: BLE001 - the LaTeX itself is shown beside it
        return latex


def _print_claim(con, claim, res):
    from rich.text import Text

    from .symbols import describe, display_name
    from .verify.explain import counterexample_lines, plain_reason
    from .verify.report import STYLE, display_names, words_text

    def field(label, value, indent=""):
        """A labelled value; a long one wraps under itself, not under the label."""
        from rich.table import Table

        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, min_width=len(indent) + 11 if indent else 9)
        grid.add_column(overflow="fold")
        grid.add_row(indent + label, Text(str(value)))
        con.print(grid)

    con.print(Text(f"{claim.id} — {claim.title}", style="bold"))
    field("topic:", claim.topic)
    field("formula:", _readable(claim.latex))
    field("LaTeX:", claim.latex)
    decls = [d for d in claim.declarations if d.kind != "index"]
    if decls:
        field("symbols:", "; ".join(f"{display_name(d.name)}: {describe(d)}" for d in decls))
    if claim.assume:
        field("assuming:", "; ".join(_readable(a) for a in claim.assume))
    if claim.note:
        field("note:", claim.note)
    ev = res.evidence
    con.print(Text("verdict:  ") + Text(ev.verdict, style=STYLE.get(ev.verdict, ""))
              + Text(f" ({ev.method}) {plain_reason(ev)}"))
    rename = display_names(claim.declarations)
    for line in counterexample_lines(ev.counterexample, rename):
        con.print(f"   {line}", markup=False)
    if not res.sources:
        con.print("no sheet states this formula")
    for src, r in zip(claim.sources, res.sources):
        con.print(Text(f"\n{r.sheet}:{r.line}  ", style="bold")
                  + Text(r.verdict, style=STYLE.get(r.verdict, "")))
        field("as written:", r.latex, "   ")
        field("reads:", _readable(r.latex), "   ")
        words = words_text(getattr(src, "words", ""))
        if words:
            field("also says:", words, "   ")
        if src.read_as:
            field("read as:", src.read_as, "   ")
        if src.notation:
            field("notation:", src.notation, "   ")
        if r.note:
            field("note:", r.note, "   ")
        if r.verdict == "undecided" and r.evidence is not None and r.evidence.detail:
            field("why:", plain_reason(r.evidence), "   ")
        try:
            rename = display_names(claim.declarations_for(src))
        except Exception:  # noqa: BLE001 - the check reports a declaration error itself
            rename = display_names(claim.declarations)
        for line in counterexample_lines(r.counterexample, rename):
            con.print(f"   {line}", markup=False)


@main.command()
@click.argument("name", required=False)
@click.option("--list", "list_only", is_flag=True, help="List the worked examples.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the example's random data (any integer).")
def example(name, list_only, seed):
    """Run a worked example of the sheets on the NumPy core (exit 1 if its property fails)."""
    try:
        from .examples import EXAMPLES, run_example
    except ImportError as exc:  # pragma: no cover - the core ships with the package
        raise click.ClickException(f"the worked examples are unavailable: {exc}") from None
    if list_only or not name:
        for ex in EXAMPLES.values():
            click.echo(f"{ex.name:24s} {ex.title}")
        if not name:
            return
    if name not in EXAMPLES:
        import difflib

        close = difflib.get_close_matches(name, list(EXAMPLES), n=3, cutoff=0.4)
        hint = f" Did you mean: {', '.join(close)}?" if close else " See --list."
        raise UsageError(f"no example named {name!r}.{hint}")
    sys.exit(run_example(name, out=click.echo, seed=seed))  # any integer: cheatsheet.seeds


def _register_quiz():
    """The quiz command lives with the quiz package; absent, the CLI still works."""
    try:
        from .quiz.command import quiz
    except ImportError:
        return
    main.add_command(quiz)


def _register_audit():
    """``cheatsheet audit`` lives with the audit (verify/audit/command.py)."""
    from .verify.audit.command import audit

    main.add_command(audit)


def _register_export():
    """``cheatsheet export anki`` lives with the exports (cheatsheet/export/command.py)."""
    from .export.command import export

    main.add_command(export)


_register_quiz()
_register_audit()
_register_export()

if __name__ == "__main__":  # pragma: no cover
    main()
