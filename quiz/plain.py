"""Plain mode: the quiz as line-based prompts on stdin/stdout (scripts, screen readers, tests).

Each question prints a progress line, the prompt, the formula(s) and numbered options, then
reads one line: an option number 1..k, or a number for a compute question.  An unreadable
answer is asked again; ``?`` prints help; ``q`` or end of input ends the session (exit 0),
keeping everything answered so far (each answer is committed as it is given).
"""
from __future__ import annotations

import sys
import time

import click

HELP = ("Answer with an option number (1, 2, ...), or with a number for a compute question "
        "(1e-3 and 1/3 are fine).  ? shows this help, q quits.  Every answer is saved as "
        "soon as it is given; a card you miss comes back a few questions later.")


def _formula_block(lines):
    return "\n".join("    " + line for line in lines)


def run(session, inp=None, out=click.echo) -> int:
    inp = inp or sys.stdin  # CliRunner swaps sys.stdin, so tests feed answers the same way
    out("cheatsheet quiz (plain).  " + HELP)
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
        for i, opt in enumerate(q.options, 1):
            out(f"  {i}. {opt}")
        if q.numeric and q.unit:
            out(f"  (in {q.unit})")
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
                out(HELP)
                continue
            if q.parse(text) is None:
                out(f"Unreadable answer {text!r}: {q.hint()}.")
                continue
            outcome = session.answer(q, text, time.monotonic() - start)
            out(("Right." if outcome.correct else f"Wrong.  Answer: {outcome.right}")
                + f"  [{outcome.rating}]")
            if outcome.explanation:  # (the first question's counterexamples are checked now)
                out(_formula_block(outcome.complete().splitlines()))
            session.prefetch()
            break
    out("")
    for line in session.summary_lines():
        out(line)
    return 0
