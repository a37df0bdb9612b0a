"""The Textual quiz: keyboard only.

Keys: 1-9 choose an option, Enter submits (and continues after the feedback), typing a number
answers a compute question; after the answer 1-4 or g replace the automatic rating (Anki's
Again, Hard, Good, Easy; g = "I guessed", rated Again); PageUp/PageDown, Up/Down, Home/End
scroll; ? toggles help, q quits (everything answered is already saved).

The question and its feedback live in one scrolling container that has the focus whenever
the number box does not, so its scroll keys work at any terminal size (at 80x24 a pick
question's feedback is taller than the screen).

Start-up (issue 12: first question within 0.5 s): the first screen is only what the first
question needs.  The key line at the bottom is one ``Static`` written from ``BINDINGS``, not
Textual's ``Footer`` (a widget per key, 2 KB of CSS to parse); the number box (``Input``,
1.6 KB of CSS and its own imports) is mounted when the first compute question comes.
"""
from __future__ import annotations

import functools
import re
import time

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widgets import Static

from . import launch, schedule
from .prepaint import option_lines, progress_line

HELP = (
    "Keys: 1-9 choose an option · Enter submit, then next question · a compute question "
    "takes a number (1e-3, 1/3) · PageUp/PageDown, ↑/↓, Home/End scroll · ? this help · "
    "q quit.\n"
    "Your rating: after an answer the rating is automatic (wrong: Again; right: Easy under "
    "6 s, Hard over 30 s, else Good).  Press 1 again, 2 hard, 3 good, 4 easy, or g if you "
    "guessed (rated Again: the card comes back soon); your rating replaces the automatic "
    "one.\n"
    "Every answer is saved as soon as it is given; a card rated Again comes back a few "
    "questions later, and FSRS schedules the next sessions.")
RATE_KEYS = "Enter: next question · rate: 1 again 2 hard 3 good 4 easy g guessed"


@functools.cache
def _number_class():
    """The class of the number box, made when the first compute question comes (Textual's
    ``Input`` is imported then)."""
    from textual.widgets import Input

    class NumberInput(Input):
        """It lets the keys it cannot take (``?``, ``q``) through to the app's bindings:
        Textual's Input claims every printable key, so help and quit would otherwise be dead
        while a compute question is on screen."""

        def check_consume_key(self, key: str, character: str | None) -> bool:
            return (super().check_consume_key(key, character)
                    and (self.restrict is None
                         or bool(re.fullmatch(self.restrict, character))))

    return NumberInput


def number_input():
    """The answer box of a compute question."""
    # no select-on-focus: a digit typed before the box had the focus (over the painted first
    # question) is put in it, and selecting it on focus made the next key replace it
    return _number_class()(placeholder="your number, then Enter", id="number",
                           restrict=r"[0-9eE.,+\-−/ ]*", select_on_focus=False)


class QuizApp(App):
    TITLE = "cheatsheet quiz"
    CSS = """
    Screen { padding: 0 1; }
    #progress { color: $text-muted; height: 1; }
    #prompt { text-style: bold; margin-top: 1; }
    #formula { margin: 1 2 0 2; }
    #legend { margin: 0 2; color: $text-muted; }
    #options { margin: 1 2 0 2; }
    #number { margin: 1 2; width: 40; }
    #feedback { margin: 1 0; }
    #help { border: round $accent; padding: 0 1; }
    #keys { dock: bottom; height: 1; padding: 0 1; color: $footer-foreground;
            background: $footer-background; }
    .hidden { display: none; }
    """
    BINDINGS = [
        Binding("q", "quit_quiz", "quit", priority=True),
        Binding("question_mark", "toggle_help", "help", priority=True),
        Binding("enter", "submit", "submit / next"),
    ]

    def __init__(self, session, clock=time.monotonic, first=None):
        """``first``: the first question, already taken from the session and maybe already
        on screen (``prepaint.First``)."""
        super().__init__()
        self.session = session
        self.clock = clock
        self._first = first
        self.question = None
        self.selected: int | None = None
        self.state = "question"  # question | feedback | done
        self.started = 0.0
        self.last_outcome = None
        self._up = False  # on_mount has shown the first question
        self._quit_asked = False  # Ctrl+C came before that

    def compose(self) -> ComposeResult:
        driver = getattr(self, "_driver", None)  # Textual's (private): the screen's writer
        if self._first is not None and driver is not None:
            self._first.paint_again(driver.write)  # until the first paint (prepaint.py)
        with VerticalScroll(id="body"):
            yield Static("", id="progress")
            yield Static("", id="prompt")
            yield Static("", id="formula")
            yield Static("", id="legend")
            yield Static("", id="options")
            yield Static("", id="feedback")
            yield Static(HELP, id="help", classes="hidden")
        yield Static(self._key_line(), id="keys")

    def _key_line(self) -> Text:
        """The bindings shown at the bottom (what Textual's Footer would list)."""
        line = Text()
        keys = [(b.key_display or {"question_mark": "?", "enter": "⏎"}.get(b.key, b.key),
                 b.description) for b in self.BINDINGS if b.show]
        if self.ENABLE_COMMAND_PALETTE:
            keys.append(("^p", "palette"))
        for key, what in keys:
            line.append(f" {key} ", style="bold").append(f"{what} ")
        return line

    def _number(self, numeric: bool):
        """The number box, mounted before the feedback on the first compute question (None
        while there has been none)."""
        found = self.query("#number")
        if found:
            return found.first()
        if not numeric:
            return None
        box = number_input()
        self.query_one("#body", VerticalScroll).mount(box, before="#feedback")
        return box

    def on_load(self) -> None:
        if self._first is not None:
            self._first.hand_over()  # the question painted before Textual started

    def on_mount(self) -> None:
        # background checks wait until the first question is painted, then build the next
        # question (and check the first one's variants) while it is read
        self.session.hold()
        self.show_next()
        self.call_after_refresh(self._background)
        self._up = True
        if self._quit_asked:
            self.exit()

    def quit_soon(self) -> None:
        """Ctrl+C as a signal while Textual starts or stops (interrupt.asks_to_quit): quit as
        q does, once the first screen is up (quitting before would tear it down under
        on_mount)."""
        self._quit_asked = True
        if self._up:
            self.exit()

    def _background(self, outcome=None) -> None:
        """After a paint: let background checks run again, and start the worker."""
        launch.resume_collector()  # the first question is on screen
        self.session.release()
        self.run_worker(lambda: self._work(outcome), thread=True, exclusive=True,
                        group="prefetch")

    def _work(self, outcome) -> None:  # in a worker thread
        if outcome is not None and outcome.pending:
            outcome.complete()  # the first question's counterexamples, checked now
            self.call_from_thread(self._show_feedback, outcome)
        self.session.prefetch()

    # -- screens ------------------------------------------------------------------------------
    def show_next(self) -> None:
        self.session.release()  # never build a question with background checks held
        first, self._first = self._first, None
        q = self.session.next_question() if first is None else first.question
        self.question, self.selected = q, None
        number = self._number(q is not None and q.numeric)
        body = self.query_one("#body", VerticalScroll)
        body.scroll_home(animate=False)
        if q is None:
            self.state = "done"
            if number is not None:
                number.add_class("hidden")
            self.query_one("#progress", Static).update("session over")
            self.query_one("#prompt", Static).update("Summary")
            self.query_one("#formula", Static).add_class("hidden")
            self.query_one("#legend", Static).add_class("hidden")
            self.query_one("#options", Static).update(
                Text("\n".join(self.session.summary_lines())))
            self.query_one("#feedback", Static).update(Text("Enter or q to leave."))
            body.focus()
            return
        self.state = "question"
        self.query_one("#progress", Static).update(Text(progress_line(self.session, q)))
        self.query_one("#prompt", Static).update(Text(q.prompt))
        self.query_one("#formula", Static).update(Text("\n".join(q.formulas)))
        self.query_one("#formula", Static).set_class(not q.formulas, "hidden")
        self.query_one("#legend", Static).update(Text(q.legend))
        self.query_one("#legend", Static).set_class(not q.legend, "hidden")
        self._render_options()
        self.query_one("#feedback", Static).update(Text(q.hint(), style="dim"))
        if q.numeric:
            number.value = ""
            number.remove_class("hidden")
            number.focus()
        else:
            if number is not None:
                number.add_class("hidden")
            body.focus()
        # the first question's time counts from when it appeared (prepaint.py)
        self.started = self.clock() if first is None or first.shown_at is None \
            else first.shown_at

    def _render_options(self) -> None:
        q = self.question
        t = Text()
        for i, line in enumerate(option_lines(q, self.selected)):
            t.append(f"{line}\n", style="bold reverse" if self.selected == i else "")
        self.query_one("#options", Static).update(t)

    # -- input --------------------------------------------------------------------------------
    def on_key(self, event) -> None:
        q = self.question
        if self.state == "feedback" and event.character:
            choice = schedule.parse_rating(event.character)
            if choice is not None and self.last_outcome is not None:
                self.session.rerate(self.last_outcome, choice)
                self._show_feedback(self.last_outcome)
                event.stop()
            return
        if self.state != "question" or q is None:
            return
        if q.numeric:
            # a key the box would take but did not (it reached the app: typed before the box
            # was ready, e.g. over the painted first question): into the box all the same
            box = self._number(True)
            if event.character and box.check_consume_key(event.key, event.character):
                box.insert(event.character, len(box.value))  # (in the order typed)
                box.focus()
                event.stop()
            return
        if event.character and event.character.isdigit():
            k = int(event.character)
            if 1 <= k <= len(q.options):
                self.session.hold()  # an answer is coming: the key path goes first
                self.selected = k - 1
                self._render_options()
                self.call_after_refresh(self.session.release)
            event.stop()

    def on_input_submitted(self, event) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        if self.state == "feedback":
            self.show_next()
            return
        if self.state == "done":
            self.exit()
            return
        q = self.question
        text = (self.query_one("#number").value if q.numeric
                else "" if self.selected is None else str(self.selected + 1))
        if q.parse(text) is None:
            self.query_one("#feedback", Static).update(
                Text(f"Unreadable answer: {q.hint()}.", style="yellow"))
            return
        # the answer path has priority: background checks wait until the feedback is painted
        self.session.hold()
        outcome = self.session.answer(q, text, self.clock() - self.started)
        self.last_outcome = outcome
        self.state = "feedback"
        self._show_feedback(outcome)
        self.query_one("#body", VerticalScroll).focus()  # rating keys and scrolling
        self.call_after_refresh(self._reveal_feedback)
        self.call_after_refresh(self._background, outcome)

    def _reveal_feedback(self) -> None:
        """Scroll just enough to show the feedback's first lines (verdict, rating, keys):
        the question may fill the screen."""
        r = self.query_one("#feedback", Static).virtual_region
        self.query_one("#body", VerticalScroll).scroll_to_region(
            Region(r.x, r.y, r.width, min(r.height, 5)), animate=False)

    def _show_feedback(self, outcome) -> None:
        if self.last_outcome is not outcome or self.state != "feedback":
            return  # a late counterexample for feedback no longer on screen
        head = Text("Right." if outcome.correct else f"Wrong. Answer: {outcome.right}",
                    style="bold green" if outcome.correct else "bold red")
        head.append(f"\nRated {outcome.rating_line()}\n{RATE_KEYS}", style="dim")
        if outcome.warning:
            head.append(f"\n{outcome.warning}", style="bold yellow")
        body = Text("\n" + outcome.explanation) if outcome.explanation else Text()
        self.query_one("#feedback", Static).update(head + body)

    def action_toggle_help(self) -> None:
        help_box = self.query_one("#help", Static)
        help_box.toggle_class("hidden")
        if not help_box.has_class("hidden"):
            self.call_after_refresh(help_box.scroll_visible, animate=False)

    def action_quit_quiz(self) -> None:
        self.exit()
