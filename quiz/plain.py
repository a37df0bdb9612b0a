"""Plain mode: the quiz as line-based prompts on stdin/stdout (scripts, screen readers, tests).

Each question prints a progress line, the prompt, the formula(s), a legend of the symbols and
numbered options, then reads one line: an option number 1..k (or its letter a..), or a number
for a compute question, optionally followed by the user's own rating (``2 g``, ``2 hard``,
``b 3``, ``0.25 easy``), so that piped answers stay one line per question.  An unreadable
answer is asked again; ``?`` prints help; ``q`` or end of input ends the session (exit 0),
keeping everything answered so far (each answer is committed as it is given).
"""
from __future__ import annotations

import sys
import textwrap
import time

import click

from . import launch, schedule

HELP = ("Answer with an option number (1, 2, ...; or its letter a, b, ...), or with a number "
        "for a compute question (1e-3 and 1/3 are fine).  The rating is automatic (wrong: "
        "Again; right: Easy under 6 s, Hard over 30 s, else Good); to give your own, add it "
        f"after the answer on the same line: {schedule.RATING_HELP} (rated Again: the card "
        "comes back soon), e.g. \"2 g\" or \"2 hard\".  ? shows this help, q quits.  Every "
        "answer is saved as soon as it is given; a card you miss comes back a few questions "
        "later.")


def _formula_block(lines):
    return "\n".join("    " + line for line in lines)


def split_answer(q, text: str):
    """(answer, rating choice or None) for a line such as ``2 hard``; None when unreadable.
    A trailing rating counts only if what precedes it is an answer (``1 / 3`` is a number)."""
    parts = text.split()
    if len(parts) >= 2:
        choice = schedule.parse_rating(parts[-1])
        rest = " ".join(parts[:-1])
        if choice is not None and q.parse(rest) is not None:
            return rest, choice
    return (text, None) if q.parse(text) is not None else None


def run(session, inp=None, out=click.echo) -> int:
    inp = inp or sys.stdin  # CliRunner swaps sys.stdin, so tests feed answers the same way
    out(textwrap.fill("cheatsheet quiz (plain).  " + HELP, 79))
    quit_ = False
    while not quit_:
        q = session.next_question()
        if q is None:
            break
        out("")
        out(f"[{session.progress()} · {q.topic} · {q.kind}]")
        out(q.prompt)
        if q.formulas:
            out(_formula_block(q.formulas))
        if q.legend:
            out(_formula_block([q.legend]))
        for i, opt in enumerate(q.options, 1):
            out(f"  {i}. {opt}")
        if q.numeric and q.unit:
            out(f"  (in {q.unit})")
        launch.resume_collector()  # the first question is on screen
        start = time.monotonic()
        while True:
            out(f"answer ({q.hint()}): ", nl=False)
            line = inp.readline()
            if line == "":
                out("")
                quit_ = True
                break
            text = line.strip()
            if text.lower() in ("q", "quit", "exit"):
                quit_ = True
                break
            if text == "?":
                out(textwrap.fill(HELP, 79))
                continue
            got = split_answer(q, text)
            if got is None:
                out(f"Unreadable answer {text!r}: {q.hint()}, then optionally a rating "
                    f"({schedule.RATING_HELP}).")
                continue
            outcome = session.answer(q, got[0], time.monotonic() - start, choice=got[1])
            out(("Right." if outcome.correct else f"Wrong.  Answer: {outcome.right}")
                + f"  [{outcome.rating_line()}]")
            if outcome.warning:
                out(f"Warning: {outcome.warning}")
            if outcome.explanation:  # (the first question's counterexamples are checked now)
                out(_formula_block(outcome.complete().splitlines()))
            session.prefetch()
            break
    out("")
    for line in session.summary_lines():
        out(line)
    return 0
