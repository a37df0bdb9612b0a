"""The first question painted before Textual starts (quiz/prepaint.py): the same content the
app shows, keys typed meanwhile answer it, the terminal is given back as it was."""
from __future__ import annotations

import asyncio
import os
import select
import sqlite3
import signal
import sys
import time
from pathlib import Path

import pytest

MINI = Path(__file__).resolve().parent / "fixtures" / "claims"


def _session(tmp_path, monkeypatch, kinds=("holds", "pick")):
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(MINI))
    from cheatsheet.catalog import get_catalog
    from cheatsheet.quiz.questions import Bank
    from cheatsheet.quiz.session import Session
    from cheatsheet.quiz.store import Store

    return Session(Bank(list(get_catalog()), kinds=kinds), Store(tmp_path / "q.db"),
                   seed=5, count=3)


def test_screen_lines_say_what_the_app_shows(tmp_path, monkeypatch):
    from cheatsheet.quiz.prepaint import screen_lines

    s = _session(tmp_path, monkeypatch)
    q = s.next_question()
    rows = [t for _, t in screen_lines(s, q, 60)]
    text = "\n".join(rows)
    assert rows[0].startswith(" question 1 of") and q.topic in text and q.prompt[:20] in text
    for i, opt in enumerate(q.options):
        assert f"{i + 1}. " in text
    assert q.hint() in text
    assert all(len(r) <= 60 for r in rows)
    s.store.close()


def test_nothing_is_painted_off_a_terminal(tmp_path, monkeypatch, capfd):
    """Without a terminal the question is only taken from the session (the app shows it)."""
    from cheatsheet.quiz.prepaint import first_question

    s = _session(tmp_path, monkeypatch)
    with first_question(s) as first:
        assert first.question is not None and first.shown_at is None
    assert s.asked == 1 and capfd.readouterr() == ("", "")
    s.store.close()


def test_app_takes_the_painted_question_and_its_time(tmp_path, monkeypatch):
    """The app asks the painted question (not the next one) and its answer time counts from
    the paint: 40 s before makes a right answer Hard, not Easy."""
    from cheatsheet.quiz.app import QuizApp
    from cheatsheet.quiz.prepaint import First

    s = _session(tmp_path, monkeypatch)
    q = s.next_question()

    async def run():
        app = QuizApp(s, first=First(q, shown_at=time.monotonic() - 40))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert app.question is q and "question 1 of" in str(app.query_one("#progress").render())
            await pilot.press(str(q.answer + 1), "enter")
            await pilot.pause()
            await pilot.press("q")

    asyncio.run(run())
    row = sqlite3.connect(s.store.path).execute(
        "select seconds, rating, correct from reviews").fetchall()
    assert len(row) == 1 and row[0][0] >= 40 and row[0][2] == 1 and row[0][1] == 2  # Hard
    s.store.close()


def _read(fd, buf: bytearray, pattern: bytes, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if select.select([fd], [], [], 0.05)[0]:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            buf.extend(chunk)
            if pattern in buf:
                return True
    return False


def _quiz_in_a_terminal(db: Path, *extra: str) -> tuple[int, int]:
    """(pid, terminal fd) of `cheatsheet quiz` started in a 100x30 pseudo-terminal."""
    import fcntl
    import pty
    import struct
    import termios

    env = dict(os.environ, CHEATSHEET_CLAIMS=str(MINI), TERM="xterm-256color")
    pid, fd = pty.fork()
    if pid == 0:  # child: Ctrl+C as a terminal gives it (a test runner's worker may ignore it)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.execve(sys.executable, [sys.executable, "-m", "cheatsheet.cli", "quiz", "--db",
                                   str(db), "--seed", "2", "--count", "2", *extra], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    return pid, fd


def _reap(pid: int, fd: int) -> int:
    """End the quiz if it still runs, close its terminal; its exit code."""
    try:
        os.kill(pid, 9)
    except OSError:
        pass
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudo-terminal test")
@pytest.mark.parametrize("kind, keys, stored", [("holds", b"1\r", "1"),
                                                ("compute", b"12\r", "12")])
def test_keys_typed_before_textual_is_up_answer_the_painted_question(tmp_path, kind, keys,
                                                                     stored):
    """In a pseudo-terminal: the answer typed as soon as the question appears is taken (not
    lost, not echoed), the alternate screen is entered and left once each by the paint and
    once each by Textual (which gets the rows again), and the terminal's settings are as
    before."""
    import termios

    db = tmp_path / "q.db"
    pid, fd = _quiz_in_a_terminal(db, "--kind", kind)
    before = termios.tcgetattr(fd)
    buf = bytearray()
    try:
        assert _read(fd, buf, b"question 1 of", 60)
        os.write(fd, keys)  # at once: Textual is most likely still being imported
        assert _read(fd, buf, b"Enter: next question", 60)
        os.write(fd, b"q")
        _read(fd, buf, b"\x00never", 15)  # until the process closes the terminal
        after = termios.tcgetattr(fd)
    finally:
        status = _reap(pid, fd)
    assert status == 0
    raw = bytes(buf)
    assert raw.count(b"\x1b[?1049h") == raw.count(b"\x1b[?1049l") == 2
    # painted again once Textual has entered (and cleared) the alternate screen
    entered = raw.index(b"\x1b[?1049h", raw.index(b"\x1b[?1049h") + 1)
    assert b"\x1b[1;1H\x1b[2m question 1 of" in raw[entered:]
    assert after == before
    rows = sqlite3.connect(db).execute("select answer from reviews").fetchall()
    assert rows == [(stored,)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudo-terminal test")
def test_ctrl_c_over_the_painted_question_gives_the_terminal_back(tmp_path):
    """Ctrl+C while Textual is still being imported: the alternate screen is left, the
    terminal's settings are restored, the summary is printed, exit status 0."""
    import termios

    pid, fd = _quiz_in_a_terminal(tmp_path / "q.db")
    before = termios.tcgetattr(fd)
    buf = bytearray()
    try:
        assert _read(fd, buf, b"question 1 of", 60)
        os.write(fd, b"\x03")
        if not _read(fd, buf, b"No question answered", 20):
            os.write(fd, b"q")  # Textual was up already and took Ctrl+C as a key
            _read(fd, buf, b"No question answered", 20)
        _read(fd, buf, b"\x00never", 5)
        after = termios.tcgetattr(fd)
    finally:
        status = _reap(pid, fd)
    raw = bytes(buf)
    assert status == 0
    assert raw.count(b"\x1b[?1049h") == raw.count(b"\x1b[?1049l") >= 1
    assert b"No question answered" in raw and after == before


# Run as ``python -m`` (as the other pseudo-terminal tests): a meta-path finder raises the
# interrupt from code run by exec() of a string (as dataclasses make their methods, all
# through Textual's import) the first time the named module is imported, INTERRUPTS times.
_INTERRUPTER = '''
import os, runpy, signal, sys


class Interrupt:
    def __init__(self, name):
        self.name = name

    def find_spec(self, fullname, path=None, target=None):
        if fullname == self.name:
            sys.meta_path.remove(self)
            for _ in range(int(os.environ["INTERRUPTS"])):
                exec("os.kill(os.getpid(), signal.SIGINT)\\nfor _ in range(10 ** 6): pass",
                     {"os": os, "signal": signal})
        return None


if os.environ["INTERRUPT_AT"] == "textual's stop":  # as Textual leaves its screen
    from textual.drivers.linux_driver import LinuxDriver

    stop = LinuxDriver.stop_application_mode

    def stop_under_ctrl_c(self):
        for _ in range(int(os.environ["INTERRUPTS"])):
            os.kill(os.getpid(), signal.SIGINT)
        stop(self)

    LinuxDriver.stop_application_mode = stop_under_ctrl_c
else:
    sys.meta_path.insert(0, Interrupt(os.environ["INTERRUPT_AT"]))
runpy.run_module("cheatsheet.cli", run_name="__main__", alter_sys=True)
'''


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudo-terminal test")
@pytest.mark.parametrize("module, times, screens", [
    ("textual", 1, 1),  # the question painted, Textual being imported
    ("cheatsheet.quiz.session", 1, 0),  # the catalog loaded, no question yet
    ("textual.layouts.factory", 2, 2),  # twice while Textual lays its first screen out
])
def test_ctrl_c_inside_a_start_up_import_ends_the_quiz_cleanly(tmp_path, module, times,
                                                                screens):
    """Ctrl+C landing in code that an import runs through exec(): the process still ends
    with status 0 (not killed by the interrupt it handled), no traceback, each alternate
    screen entered is left and the terminal's settings restored, and a closing line
    printed."""
    import termios

    pid, fd = _interrupted_quiz(tmp_path, module, times)
    before = termios.tcgetattr(fd)
    buf = bytearray()
    try:
        _read(fd, buf, b"\x00never", 60)  # until the process closes the terminal
        after = termios.tcgetattr(fd)
    finally:
        status = _reap(pid, fd)
    raw = bytes(buf)
    assert status == 0, (raw[-600:], "SIGINT in the test process:", signal.getsignal(signal.SIGINT))
    assert b"Traceback" not in raw and b"Aborted" not in raw
    assert raw.count(b"\x1b[?1049h") == raw.count(b"\x1b[?1049l") == screens
    assert (b"question 1 of" in raw) == (screens > 0)
    assert b"No question answered" in raw and after == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudo-terminal test")
def test_ctrl_c_twice_as_textual_gives_the_terminal_back(tmp_path):
    """Ctrl+C pressed twice as the app quits (the terminal's settings are restored before
    its alternate screen is left, so Ctrl+C is a signal again): the screen is still left."""
    import termios

    pid, fd = _interrupted_quiz(tmp_path, "textual's stop", 2)
    before = termios.tcgetattr(fd)
    buf = bytearray()
    try:
        assert _read(fd, buf, b"quit", 60)  # the app's key line
        os.write(fd, b"q")
        _read(fd, buf, b"\x00never", 30)
        after = termios.tcgetattr(fd)
    finally:
        status = _reap(pid, fd)
    raw = bytes(buf)
    assert status == 0, (raw[-600:], "SIGINT in the test process:", signal.getsignal(signal.SIGINT))
    assert b"Traceback" not in raw
    assert raw.count(b"\x1b[?1049h") == raw.count(b"\x1b[?1049l") == 2
    assert b"No question answered" in raw and after == before


def _interrupted_quiz(tmp_path, module: str, times: int) -> tuple[int, int]:
    """(pid, terminal fd) of the quiz run by _INTERRUPTER in a 100x30 pseudo-terminal."""
    import fcntl
    import pty
    import struct
    import termios

    (tmp_path / "interrupter.py").write_text(_INTERRUPTER)
    env = dict(os.environ, CHEATSHEET_CLAIMS=str(MINI), TERM="xterm-256color",
               INTERRUPT_AT=module, INTERRUPTS=str(times),
               PYTHONPATH=os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]))
    pid, fd = pty.fork()
    if pid == 0:  # child: Ctrl+C as a terminal gives it (a test runner's worker may ignore it)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.execve(sys.executable, [sys.executable, "-m", "interrupter", "quiz", "--db",
                                   str(tmp_path / "q.db"), "--seed", "2", "--count", "2"],
                  env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    return pid, fd
