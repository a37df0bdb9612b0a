"""The first question on screen before Textual is imported (issue 12: first question in 0.5 s).

Importing Textual alone takes ~0.3 s of CPU here, more than everything else up to the first
question together (interpreter, CLI, catalog, session, the question: ~0.2 s), and Textual then
needs ~0.1 s more to lay out and paint its first screen, so a launch that waits for it cannot
show the first question within 0.5 s.  Instead the command builds the first question
first (no checker, no Textual), writes it in the terminal's alternate screen where the app
will draw it, in the same places (the layout of ``app.QuizApp.CSS``), and only then imports
and starts Textual, which paints the same question over it with its colours and the key line.
The paint leaves the alternate screen just before Textual's driver enters it (so that each
restores the cursor it saved: the summary is printed where the command started), and the
app writes the rows again through its driver as it composes, so the question stays on screen
while the app lays it out (about 0.1 s).

Nothing typed meanwhile is lost or echoed over the question: the terminal is put in
non-canonical, no-echo mode with Enter kept as ``\\r`` (the keys wait in its input queue, and
the app reads them as its first key presses, once the question is on its screen), Ctrl+C still
interrupts.  The answer time of the first question counts from this paint.  The terminal's
own settings are restored when the command ends, on every path.  Only when stdin and the
app's output (stderr, like Textual's driver) are terminals; otherwise the app starts as before.
"""
from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass


def progress_line(session, q) -> str:
    return f"{session.progress()} · {q.topic} · {q.kind}"


def option_lines(q, selected: int | None = None) -> list[str]:
    return [f"{'▶ ' if selected == i else '  '}{i + 1}. {opt}" for i, opt in enumerate(q.options)]


def screen_lines(session, q, width: int) -> list[tuple[str, str]]:
    """(SGR style, text) rows as the app lays the question out at ``width`` columns: the
    screen's padding is one column, the formulas and options are indented two more."""
    import textwrap

    rows: list[tuple[str, str]] = []

    def add(text: str, style: str = "", indent: int = 1) -> None:
        room = max(width - 2 * indent, 10)
        for line in text.split("\n"):
            for part in textwrap.wrap(line, room, drop_whitespace=False) or [""]:
                rows.append((style, " " * indent + part))

    add(progress_line(session, q), "2")
    rows.append(("", ""))
    add(q.prompt, "1")
    if q.formulas:
        rows.append(("", ""))
        add("\n".join(q.formulas), "", 3)
    if q.legend:
        add(q.legend, "2", 3)
    if q.options:
        rows.append(("", ""))
        add("\n".join(option_lines(q)), "", 3)
    rows.append(("", ""))
    add(q.hint(), "2")
    return rows


@dataclass
class First:
    """The first question, already taken from the session, and when it appeared
    (``time.monotonic``), or None when it was never painted here."""
    question: object
    shown_at: float | None = None
    _screen: int | None = None  # the terminal's fd while this paint holds the alternate screen
    _rows: str = ""  # the painted rows (cursor moves and text), for ``paint_again``

    def hand_over(self) -> None:
        """Leave the alternate screen just before Textual's driver enters it again (the app's
        Load event): each enters and leaves it once, so each restores the cursor it saved
        and the summary is printed where the command started."""
        if self._screen is not None:
            fd, self._screen = self._screen, None
            try:
                os.write(fd, b"\x1b[?1049l\x1b[?25h")
            except OSError:
                pass

    def paint_again(self, write) -> None:
        """Once, through the app's own output (``write``, after its driver has entered the
        alternate screen, which clears it): the rows again, so that the question stays on
        screen until the app's first paint replaces it."""
        rows, self._rows = self._rows, ""
        if rows:
            write(rows)


def _terminal():
    """The file descriptors of the keyboard and of the screen Textual writes to, or None
    (not a terminal; Windows, whose console Textual drives another way)."""
    if sys.platform == "win32":
        return None
    try:
        inp, out = sys.__stdin__.fileno(), sys.__stderr__.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    return (inp, out) if os.isatty(inp) and os.isatty(out) else None


def _quiet(fd: int):
    """Keys wait unechoed, one at a time, Enter as \\r (as Textual reads them); the settings
    before, for the restore."""
    import termios

    try:
        before = termios.tcgetattr(fd)
        attrs = termios.tcgetattr(fd)
        attrs[0] &= ~(termios.ICRNL | termios.INLCR | termios.IGNCR | termios.IXON)
        attrs[3] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN)
        attrs[6][termios.VMIN], attrs[6][termios.VTIME] = 1, 0
        termios.tcsetattr(fd, termios.TCSANOW, attrs)
    except termios.error:
        return None
    return before


def _restore(fd: int, before) -> None:
    import termios

    try:
        termios.tcsetattr(fd, termios.TCSANOW, before)
    except termios.error:
        pass


def _paint(session, q, out: int) -> str | None:
    """The question in the alternate screen (entered, cursor hidden, cleared): the rows
    written, or None when the terminal would not take them."""
    try:
        size = os.get_terminal_size(out)
        cols, lines = size.columns or 80, size.lines or 24  # 0: unknown (as Textual assumes)
        # what fits (the app shows the top of a question taller than the screen)
        rows = "".join(f"\x1b[{i + 1};1H" + (f"\x1b[{style}m{t}\x1b[0m" if style else t)
                       for i, (style, t) in enumerate(
                           screen_lines(session, q, cols)[:max(lines - 1, 1)]))
        data = ("\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J" + rows).encode()
        while data:
            data = data[os.write(out, data):]
    except OSError:
        return None
    return rows


@contextmanager
def first_question(session):
    """Take the session's first question and paint it if the terminal allows; yields a
    ``First`` for ``QuizApp(first=...)``, whose Load event calls ``hand_over``."""
    first = First(session.next_question())
    term = _terminal() if first.question is not None else None
    before = None
    try:
        if term is not None:
            before = _quiet(term[0])
            first._screen = term[1]  # before the write: Ctrl+C right after it still leaves
            rows = _paint(session, first.question, term[1])
            if rows is None:
                first._screen = None
            else:
                first._rows, first.shown_at = rows, time.monotonic()
        yield first
    finally:
        first.hand_over()  # when the app never started (an error, Ctrl+C while importing)
        if before is not None:
            _restore(term[0], before)
