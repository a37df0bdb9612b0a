"""``cheatsheet quiz``: the click command.  Imports nothing heavy at module level (the CLI
imports this module for every command); Textual, the catalog and the checkers are imported
inside the function, and only what the chosen mode needs."""
from __future__ import annotations

import json
import sys

import click

KIND_CHOICES = ("holds", "pick", "gap", "compute")


def _fail(msg: str) -> None:
    click.echo(f"Error: {msg}", err=True)
    sys.exit(2)


@click.command()
@click.option("--topic", "topics", multiple=True,
              help="Only this topic (or claim id / id prefix); repeatable.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KIND_CHOICES),
              help="Only these question kinds; repeatable.")
@click.option("--count", type=click.IntRange(min=1), default=20, show_default=True,
              help="At most this many questions.")
@click.option("--seed", type=int, default=None, help="Make the session reproducible.")
@click.option("--db", "db", type=click.Path(), default=None,
              help="Progress database (default: quiz.sqlite3 in the user data directory).")
@click.option("--plain", is_flag=True, help="Line-based prompts on stdin/stdout.")
@click.option("--stats", is_flag=True, help="Report progress instead of quizzing.")
@click.option("--json", "as_json", is_flag=True, help="With --stats: one JSON object.")
def quiz(topics, kinds, count, seed, db, plain, stats, as_json):
    """Spaced-repetition quiz on the checked catalog.

    \b
    Question kinds:
      holds    holds or typo? (canonical form, a sheet's refuted line, or a refuted mutation)
      pick     pick the right formula among refuted variants
      gap      fill the hidden part of a formula
      compute  a worked example with fresh numbers, typed numeric answer
    Keys (Textual): digits choose, Enter submits / continues, ? help, q quit.
    Cards due now come first, then new ones; a card you miss comes back three questions
    later; progress is saved after every answer.
    """
    from .store import Store, StoreError

    try:
        store = Store(db)
    except StoreError as exc:
        _fail(str(exc))
    if store.notice:
        click.echo(f"Warning: {store.notice}", err=True)
    if stats:
        s = store.stats()
        if as_json:
            click.echo(json.dumps(s, ensure_ascii=False, indent=1))
        else:
            _print_stats(s)
        return
    if as_json:
        _fail("--json goes with --stats")

    from cheatsheet.catalog import get_catalog
    from cheatsheet.claims import ClaimError
    from cheatsheet.symbols import DeclarationError

    from .questions import Bank

    try:
        entries = list(get_catalog())
    except (ClaimError, DeclarationError) as exc:
        _fail(f"the claim catalog is malformed: {exc}")
    bank = Bank(entries, kinds=kinds or KIND_CHOICES)
    if topics:
        known = set(bank.topics) | {e.id for e in entries} | {g.id for g in bank.computes}
        prefixes = {i.split(".")[0] for i in known}
        for t in topics:
            if t not in known and t not in prefixes:
                import difflib

                pool = sorted(set(bank.topics) | prefixes)
                close = difflib.get_close_matches(t, pool, n=3, cutoff=0.5) or \
                    [p for p in pool if t.lower() in p.lower()][:3]
                hint = f" Did you mean: {', '.join(close)}?" if close else ""
                _fail(f"no topic or claim named {t!r}.{hint} Topics: {', '.join(bank.topics)}")
        bank = Bank(entries, topics=topics, kinds=kinds or KIND_CHOICES)
    if not bank.cards():
        _fail("this selection has no questions (try without --kind / --topic)")

    from .session import Session

    session = Session(bank, store, seed=seed, count=count)
    if session.total == 0:
        click.echo("Nothing is due in this selection right now; come back later.")
        for line in session.summary_lines()[1:]:
            click.echo(line)
        return
    use_plain = plain or not (sys.stdin.isatty() and sys.stdout.isatty())
    try:
        if use_plain:
            from . import plain as plain_mode

            code = plain_mode.run(session)
        else:
            from .app import QuizApp

            app = QuizApp(session)
            app.run()
            for line in session.summary_lines():
                click.echo(line)
            code = 0
    except KeyboardInterrupt:
        click.echo("")
        for line in session.summary_lines():
            click.echo(line)
        code = 0
    finally:
        store.close()
    sys.exit(code)


def _print_stats(s: dict) -> None:
    acc = f"{s['accuracy']:.0%}" if s["accuracy"] is not None else "-"
    click.echo(f"{s['reviews']} reviews, {s['cards']} cards, {s['due']} due now, "
               f"accuracy {acc}   ({s['db']})")
    for topic, t in s["by_topic"].items():
        a = f"{t['accuracy']:.0%}" if t.get("accuracy") is not None else "-"
        click.echo(f"  {topic:24s} reviews {t['reviews']:4d}  accuracy {a:>4s}  "
                   f"cards {t.get('cards', 0):3d}  due {t.get('due', 0):3d}")
    if s["next_due"]:
        click.echo(f"next due: {s['next_due']}")
