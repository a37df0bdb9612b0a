"""The ``cheatsheet`` command.

Exit codes: 0 every canonical claim holds (or the command succeeded), 1 a canonical claim does
not hold (or an example's property failed), 2 bad usage or input.  Heavy imports (SymPy, the
checkers) happen inside the commands so that ``--help`` answers at once.
"""
from __future__ import annotations

import json
import sys

import click

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class UsageError(click.UsageError):
    exit_code = EXIT_USAGE


def _single_threaded_blas():
    """The checks use many tiny matrices: BLAS threads only contend with the worker processes
    (a 40x40 eigh went from milliseconds to a second under load).  Must run before NumPy loads."""
    import os

    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


def _catalog():
    from .catalog import get_catalog
    from .claims import ClaimError
    from .symbols import DeclarationError

    try:
        return get_catalog()
    except (ClaimError, DeclarationError) as exc:
        raise click.ClickException(f"the claim catalog is malformed: {exc}") from None


def _select(terms):
    from .catalog import UnknownClaim

    cat = _catalog()
    try:
        return cat.select(terms)
    except UnknownClaim as exc:
        raise UsageError(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cheatsheet")
def main():
    """Check machine-learning cheat-sheet formulas, see which sheet lines are wrong and why,
    and drill the right ones.

    \b
    cheatsheet verify            decide every claim and every sheet's version of it
    cheatsheet verify mgf kl     only claims whose id starts with mgf. or kl., or a topic
    cheatsheet show mgf.poisson  one claim: statement, declarations, sheet versions
    cheatsheet list              the catalog
    cheatsheet example --list    worked examples run on the NumPy core
    cheatsheet quiz              spaced-repetition quiz in the terminal
    """


@main.command()
@click.argument("terms", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the random instances; a counterexample names the seed to rerun.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: number of CPUs).")
@click.option("--thorough", is_flag=True,
              help="Many more random trials per claim (slower; for audits).")
@click.option("--no-findings", is_flag=True, help="Do not list the refuted sheet lines.")
def verify(terms, as_json, seed, jobs, thorough, no_findings):
    """Decide claims (all, or those named by TERMS: ids, id prefixes or topics).

    Each canonical claim is proved with SymPy where that terminates quickly, otherwise tested
    on seeded random instances from its declared domains.  Every version of the formula found
    on the source sheets is decided by the same check: it holds, is refuted with a
    counterexample, or stays undecided with a reason.  Exit status 1 when a canonical claim
    does not hold; refuted sheet lines are findings, not failures.
    """
    _single_threaded_blas()
    claims = _select(terms)
    from .verify.runner import run_claims, summary
    import time

    start = time.perf_counter()
    if as_json:
        results = run_claims(claims, seed=seed, jobs=jobs, thorough=thorough)
        s = summary(results, time.perf_counter() - start)
        from .verify.report import to_json

        click.echo(to_json(results, s))
    else:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        console = Console()
        with Progress(TextColumn("verifying"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.fields[last]}"), console=console,
                      transient=True, disable=not console.is_terminal) as bar:
            task = bar.add_task("verify", total=len(claims), last="")
            results = run_claims(claims, seed=seed, jobs=jobs, thorough=thorough,
                                 progress=lambda r: bar.update(task, advance=1, last=r.id))
        s = summary(results, time.perf_counter() - start)
        from .verify.report import print_report

        print_report(console, results, s, findings=not no_findings)
    ok = all(r.verdict in ("proved", "passed") for r in results)
    sys.exit(EXIT_OK if ok else EXIT_FAIL)


@main.command(name="list")
@click.option("--topic", help="Only this topic.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_(topic, as_json):
    """List the claims of the catalog (id, topic, title, number of sheet versions)."""
    cat = _catalog()
    if topic and topic not in cat.topics():
        from .catalog import UnknownClaim

        raise UsageError(str(UnknownClaim(topic, [t for t in cat.topics()
                                                 if topic.lower() in t.lower()]
                                          or cat.topics())))
    claims = cat.by_topic(topic) if topic else list(cat)
    if as_json:
        click.echo(json.dumps([{"id": c.id, "topic": c.topic, "title": c.title,
                                "latex": c.latex, "sources": len(c.sources)} for c in claims],
                              ensure_ascii=False, indent=1))
        return
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"{len(claims)} claims" + (f" in {topic}" if topic else ""))
    for col in ("id", "topic", "title", "sheet versions"):
        t.add_column(col)
    for c in claims:
        t.add_row(c.id, c.topic, c.title, str(len(c.sources)))
    Console().print(t)


@main.command()
@click.argument("claim_id")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the verification result as JSON.")
def show(claim_id, seed, as_json):
    """Show one claim: its statement (LaTeX and Unicode), declarations, and every sheet's
    version with its verdict and counterexample."""
    from .catalog import UnknownClaim

    cat = _catalog()
    try:
        claim = cat[claim_id]
    except UnknownClaim as exc:
        raise UsageError(str(exc)) from None
    from .verify.runner import run_claims

    (res,) = run_claims([claim], seed=seed, jobs=1)
    if as_json:
        from .verify.report import _default

        click.echo(json.dumps(res.to_json(), ensure_ascii=False, indent=1, default=_default))
        sys.exit(EXIT_OK if res.evidence.holds else EXIT_FAIL)
    from rich.console import Console
    from rich.text import Text

    from .verify.report import STYLE, counterexample_lines

    con = Console()
    con.print(Text(f"{claim.id} — {claim.title}", style="bold"))
    con.print(f"topic: {claim.topic}", markup=False)
    con.print(f"LaTeX:   {claim.latex}", markup=False)
    try:
        shown = claim.statement.pretty()
        con.print("reads:" + ("\n" if "\n" in shown else "   "), markup=False)
        con.print(_indent(shown) if "\n" in shown else shown, markup=False, soft_wrap=True)
    except ValueError as exc:
        con.print(f"reads:   (unreadable: {exc})", markup=False)
    if claim.symbols:
        con.print("symbols: " + ", ".join(f"{k}: {v}" for k, v in claim.symbols.items()),
                  markup=False)
    if claim.assume:
        con.print("assuming: " + "; ".join(claim.assume), markup=False)
    if claim.note:
        con.print(f"note:    {claim.note}", markup=False)
    ev = res.evidence
    con.print(Text(f"verdict: {ev.verdict}", style=STYLE[ev.verdict]),
              Text(f"({ev.method}; {ev.detail})"))
    if ev.counterexample:
        for line in counterexample_lines(ev.counterexample):
            con.print(f"   {line}", markup=False)
    if not res.sources:
        con.print("no sheet states this formula")
    for src, r in zip(claim.sources, res.sources):
        con.print(Text(f"\n{r.sheet}:{r.line}  ", style="bold")
                  + Text(r.verdict, style=STYLE[r.verdict]))
        con.print(f"   as written: {r.latex}", markup=False)
        if src.read_as:
            con.print(f"   read as:    {src.read_as}", markup=False)
        if src.notation:
            con.print(f"   notation:   {src.notation}", markup=False)
        if r.note:
            con.print(f"   note:       {r.note}", markup=False)
        for line in counterexample_lines(r.counterexample):
            con.print(f"   {line}", markup=False)
    sys.exit(EXIT_OK if ev.holds else EXIT_FAIL)


@main.command()
@click.argument("name", required=False)
@click.option("--list", "list_only", is_flag=True, help="List the worked examples.")
@click.option("--seed", type=int, default=0, show_default=True)
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
    sys.exit(run_example(name, out=click.echo, seed=seed))


def _indent(block: str, pad: str = "   ") -> str:
    return "\n".join(pad + line for line in block.splitlines())


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


_register_quiz()
_register_audit()

if __name__ == "__main__":  # pragma: no cover
    main()
