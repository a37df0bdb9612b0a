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
              help="Progress database (default: quiz.sqlite3 in the user data directory). "
                   "Only a quiz database is ever changed: another program's file is refused.")
@click.option("--plain", is_flag=True, help="Line-based prompts on stdin/stdout.")
@click.option("--stats", is_flag=True,
              help="Report progress instead of quizzing (reads the database, creates nothing).")
@click.option("--json", "as_json", is_flag=True, help="With --stats: one JSON object.")
@click.option("--sheet", "sheet", type=click.Path(), default=None, metavar="FILE",
              help="Drill your own sheet FILE: the claims the audit matches in it, in your "
                   "notation, and its wrong lines, as holds-or-typo questions.")
def quiz(topics, kinds, count, seed, db, plain, stats, as_json, sheet):
    """Spaced-repetition quiz on the checked catalog.

    \b
    Question kinds:
      holds    holds or typo? (the canonical form, a refuted sheet line or a
               mutation)
      pick     pick the right formula among refuted variants
      gap      fill the hidden part of a formula
      compute  a worked example with fresh numbers, typed numeric answer
    Keys (Textual): digits choose, Enter submits / continues, PageUp/PageDown,
    Up/Down, Home/End scroll, ? help, q quit.

    \b
    Rating: automatic unless you give yours.  Wrong is Again; right is Easy
    under 6 s (compute: 20 s), Hard over 30 s (compute: 120 s), else Good.
    To override it: after the feedback press 1 again, 2 hard, 3 good, 4 easy,
    or g (guessed: rated Again, the card comes back soon); with --plain put it
    after the answer (an option's number or letter) on the same line: "2 g",
    "2 hard", "b 3".  Your rating
    replaces the automatic one (still one review).

    \b
    --sheet FILE: the sheet is audited first (as cheatsheet audit FILE); each
    claim it states is one card (the same card as in the catalog quiz and on any
    other sheet), shown as your line says it, or with a typo the checker refutes;
    its wrong lines are typos to spot.  Exit status 2 when FILE cannot be read
    or no formula of it can be matched.

    Cards due now come first, then new ones; a card rated Again comes back three
    questions later; progress is saved after every answer.  Exit status 2: the
    database cannot be used (read-only, another program's file, mistyped --stats
    path), or an answer could not be saved (it is then written to a JSON file).
    """
    from . import interrupt, launch

    launch.pause_collector()  # until the first question is on screen (see launch.py)
    try:
        _quiz(topics, kinds, count, seed, db, plain, stats, as_json, sheet)
    except KeyboardInterrupt:  # before the first question (the catalog, the questions)
        click.echo("")
        click.echo("No question answered.")
        interrupt.handled()
        sys.exit(0)
    finally:
        launch.end()


def _quiz(topics, kinds, count, seed, db, plain, stats, as_json, sheet):
    from .store import Store, StoreError

    if stats:
        _stats(db, as_json)
        return
    if as_json:
        _fail("--json goes with --stats")
    try:
        store = Store(db)
    except StoreError as exc:
        _fail(str(exc))
    if store.notice:
        click.echo(f"Warning: {store.notice}", err=True)

    from cheatsheet.catalog_cache import get_catalog  # the catalog remembered across runs
    from cheatsheet.claims import ClaimError
    from cheatsheet.symbols import DeclarationError

    from .questions import Bank

    try:
        entries = list(get_catalog())
    except (ClaimError, DeclarationError) as exc:
        _fail(f"the claim catalog is malformed: {exc}")
    if sheet is not None:
        from . import launch
        from .sheet import from_command

        launch.resume_collector()  # the audit of the sheet runs for seconds: collect as usual

        bank = from_command(sheet, get_catalog(), topics, kinds, seed, _fail)
    else:
        bank = Bank(entries, kinds=kinds or KIND_CHOICES)
    if topics and sheet is None:
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
    from . import interrupt

    summary = True  # plain mode prints its own, unless interrupted
    interrupted = False
    try:
        if use_plain:
            from . import plain as plain_mode

            summary = False
            code = plain_mode.run(session)
        else:
            from .prepaint import first_question

            # the first question on screen before Textual is imported (prepaint.py)
            with first_question(session) as first:
                from .app import QuizApp

                app = QuizApp(session, first=first)
                with interrupt.asks_to_quit(app.quit_soon):
                    app.run()
            code = app.return_code or 0
    except KeyboardInterrupt:
        interrupt.handled()
        summary = interrupted = True
        code = 0
    with interrupt.ignored():  # the summary and the last save are not cut short
        if interrupted:
            click.echo("")
        for line in session.summary_lines() if summary else ():
            click.echo(line)
        lost = session.finish()  # answers the database refused: one more try, else a JSON file
        store.close()
    for line in lost:
        click.echo(f"Error: {line}", err=True)
    sys.exit(2 if lost else code)


def _stats(db, as_json: bool) -> None:
    """``--stats``: read only; a missing file is reported, never created."""
    from .store import NoDatabase, Store, StoreError

    try:
        store = Store(db, readonly=True)
    except NoDatabase as exc:
        if db is not None:  # a path the user typed: most likely mistyped
            _fail(str(exc))
        from .store import default_path

        store = None
        s = {"reviews": 0, "cards": 0, "due": 0, "accuracy": None, "by_topic": {},
             "by_kind": {}, "next_due": None, "db": str(default_path())}
        if not as_json:
            click.echo(f"No quiz progress yet ({exc}).")
            return
    except StoreError as exc:
        _fail(str(exc))
    if store is not None:
        s = store.stats()
        store.close()
    if as_json:
        click.echo(json.dumps(s, ensure_ascii=False, indent=1))
    else:
        _print_stats(s)


def _print_stats(s: dict) -> None:
    acc = f"{s['accuracy']:.0%}" if s["accuracy"] is not None else "-"
    click.echo(f"{s['reviews']} reviews, {s['cards']} cards, {s['due']} due now, "
               f"accuracy {acc}   ({s['db']})")
    for topic, t in s["by_topic"].items():
        a = f"{t['accuracy']:.0%}" if t.get("accuracy") is not None else "-"
        click.echo(f"  {topic:24s} reviews {t['reviews']:4d}  accuracy {a:>4s}  "
                   f"cards {t.get('cards', 0):3d}  due {t.get('due', 0):3d}")
    if s["next_due"]:
        from .dates import when

        click.echo(f"next due: {when(s['next_due'])}")
