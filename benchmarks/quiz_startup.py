"""Quiz latency: launch to first question on screen, and answer to feedback.

    python benchmarks/quiz_startup.py [--runs 5]

- Textual: ``cheatsheet quiz`` in a pseudo-terminal; the clock runs from spawning the process
  to the first question's progress line appearing in the terminal output, then from typing an
  answer (digit + Enter) to the feedback line appearing.
- Plain: ``cheatsheet quiz --plain`` on pipes, same two figures (first ``answer (`` prompt;
  the ``Right.`` / ``Wrong.`` line after sending an answer).
- In-process: ``Session.answer`` (score, FSRS, SQLite commit) for 20 answers, and
  ``Session.rerate`` (a rating key pressed after the feedback) for each.

The Textual quiz paints its first question before Textual is imported (quiz/prepaint.py);
"app's screen up" is when Textual has painted it again with its key line (keys typed before
are kept and answer the question then).  The answer is typed ``--delays`` after the question
appears, and not before the app's screen is up.

Beside each launch figure, the CPU time (user + system) the quiz had used when its first
question appeared: the wall figure follows the machine's load, the CPU figure much less.

Bytecode is compiled first (``compileall``) for the project's packages and any --quiz-dir: a
user's Python writes it on the first run, but an environment with PYTHONDONTWRITEBYTECODE (as
here) would otherwise compile every edited module from source at every launch.

Targets: first question <= 1 s (issue 12: 0.5 s), feedback < 100 ms.  Each run uses a fresh database in a
temporary folder and the real catalog (or $CHEATSHEET_CLAIMS).

The answer is typed ``--delays`` after the question appears (run i uses delay i mod k), so that
it meets the background worker at different stages (cold imports, checks); ``--load N`` runs N
busy processes meanwhile.  The Textual figures also say how often the first question was a
typo (the benchmark answers "holds", so Wrong means typo).  ``--quiz-dir DIR`` runs the quiz
package from DIR (e.g. ``git archive REV quiz | tar -x -C /tmp/old``) for before/after runs.
"""
from __future__ import annotations

import argparse
import os
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CMD = [sys.executable, "-m", "cheatsheet.cli", "quiz"]
BOOT = ("import sys, types, cheatsheet; m = types.ModuleType('cheatsheet.quiz'); "
        "m.__path__ = [sys.argv.pop(1)]; sys.modules['cheatsheet.quiz'] = cheatsheet.quiz = m; "
        "from cheatsheet.cli import main; sys.argv[0] = 'cheatsheet'; main()")
DELAY = [0.5]


def use_quiz_dir(path: str) -> None:
    CMD[:] = [sys.executable, "-c", BOOT, str(Path(path).resolve()), "quiz"]
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b[>=]|\x1b\][^\x07]*\x07")


def _read_until(fd, pattern: bytes, timeout: float, buf: bytearray, strip=False) -> float | None:
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        r, _, _ = select.select([fd], [], [], 0.01)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return None
            if not chunk:
                return None
            buf.extend(chunk)
            text = ANSI.sub(b"", bytes(buf)) if strip else bytes(buf)
            if pattern in text:
                return time.perf_counter()
    return None


def _cpu(pid: int) -> float | None:
    """CPU seconds (user + system) the process has used so far (Linux /proc): on a shared
    machine the wall figures follow the load, this one much less."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


CPU = {"textual": [], "plain": []}  # CPU seconds at the first question, per run
READY, CPU_READY = [], []  # Textual: seconds and CPU seconds until the app's screen is up


def textual_run(db: Path, seed: int) -> tuple[float | None, float | None, bool | None]:
    import fcntl
    import pty
    import struct
    import termios

    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.environ["TERM"] = "xterm-256color"
        os.execv(CMD[0], CMD + ["--db", str(db), "--seed", str(seed), "--count", "3",
                                "--kind", "holds"])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    buf = bytearray()
    try:
        t1 = _read_until(fd, b"question 1 of", 30, buf, strip=True)
        first = t1 - t0 if t1 else None
        CPU["textual"].append(_cpu(pid) if t1 else None)
        feedback = typo = None
        if t1:
            # the app's own screen: its key line (the first question may be painted before
            # Textual is up, see quiz/prepaint.py)
            t_ready = _read_until(fd, b"submit / next", 30, buf, strip=True) \
                if b"submit / next" not in ANSI.sub(b"", bytes(buf)) else t1
            READY.append(t_ready - t0 if t_ready else None)
            CPU_READY.append(_cpu(pid) if t_ready else None)
            # reading time (the worker runs meanwhile), counted from the question
            time.sleep(max(0.0, t1 + DELAY[seed % len(DELAY)] - time.perf_counter()))
            buf.clear()
            t2 = time.perf_counter()
            os.write(fd, b"1")
            os.write(fd, b"\r")
            t3 = _read_until(fd, b"Enter: next question", 10, buf, strip=True)
            feedback = t3 - t2 if t3 else None
            typo = b"Wrong." in ANSI.sub(b"", bytes(buf)) if t3 else None
        os.write(fd, b"q")
        time.sleep(0.3)
    finally:
        try:
            os.kill(pid, 9)
        except OSError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    return first, feedback, typo


def plain_run(db: Path, seed: int) -> tuple[float | None, float | None]:
    t0 = time.perf_counter()
    p = subprocess.Popen(CMD + ["--plain", "--db", str(db), "--seed", str(seed), "--count", "3"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    buf = bytearray()
    try:
        t1 = _read_until(p.stdout.fileno(), b"answer (", 30, buf)
        first = t1 - t0 if t1 else None
        CPU["plain"].append(_cpu(p.pid) if t1 else None)
        feedback = None
        if t1:
            buf.clear()
            t2 = time.perf_counter()
            p.stdin.write(b"1\n")
            p.stdin.flush()
            t3 = None
            end = time.perf_counter() + 10
            while t3 is None and time.perf_counter() < end:
                t3 = _read_until(p.stdout.fileno(), b".  ", 10, buf)
                if t3 and not (b"Right." in buf or b"Wrong." in buf or b"Unreadable" in buf):
                    t3 = None
            feedback = t3 - t2 if t3 else None
    finally:
        p.kill()
        p.wait()
    return first, feedback


def in_process(n: int = 20) -> tuple[list[float], list[float]]:
    """Seconds per ``Session.answer`` and per ``Session.rerate`` (the user's own rating after
    the feedback: FSRS again from the earlier state, the stored review rewritten)."""
    from cheatsheet.catalog import get_catalog
    from cheatsheet.quiz.questions import Bank
    from cheatsheet.quiz.session import Session
    from cheatsheet.quiz.store import Store

    with tempfile.TemporaryDirectory() as d:
        store = Store(Path(d) / "q.db")
        s = Session(Bank(list(get_catalog()), kinds=("holds", "compute")), store, seed=1, count=n)
        answers, rerates = [], []
        while (q := s.next_question()) is not None:
            t = time.perf_counter()
            out = s.answer(q, "1" if not q.numeric else str(q.value), 3.0)
            answers.append(time.perf_counter() - t)
            t = time.perf_counter()
            s.rerate(out, 2 if out.rating != "Hard" else 3)
            rerates.append(time.perf_counter() - t)
        store.close()
    return answers, rerates


def _fmt(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return "n/a"
    return (f"median {statistics.median(xs) * 1000:.0f} ms, min {min(xs) * 1000:.0f}, "
            f"max {max(xs) * 1000:.0f} ({len(xs)} runs)")


def compile_bytecode(extra) -> None:
    """Write the bytecode of the packages the command imports (see the module docstring)."""
    import compileall

    import cheatsheet

    root = Path(cheatsheet.__file__).resolve().parent.parent
    for folder in [root / "cheatsheet", root / "quiz", root / "verify", *map(Path, extra)]:
        if folder.is_dir():
            compileall.compile_dir(str(folder), quiet=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--delays", default="0.5",
                    help="seconds between a question appearing and the answer, comma-separated")
    ap.add_argument("--load", type=int, default=0, help="busy processes running meanwhile")
    ap.add_argument("--quiz-dir", default=None, help="run the quiz package from this folder")
    args = ap.parse_args()
    DELAY[:] = [float(x) for x in args.delays.split(",")]
    if args.quiz_dir:
        use_quiz_dir(args.quiz_dir)
    compile_bytecode([args.quiz_dir] if args.quiz_dir else [])
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
               for _ in range(args.load)]
    res = {"textual": ([], []), "plain": ([], [])}
    typos = []
    try:
        with tempfile.TemporaryDirectory() as d:
            for i in range(args.runs):
                a, b, typo = textual_run(Path(d) / f"textual{i}.db", seed=i)
                res["textual"][0].append(a)
                res["textual"][1].append(b)
                typos.append(typo)
                a, b = plain_run(Path(d) / f"plain{i}.db", seed=i)
                res["plain"][0].append(a)
                res["plain"][1].append(b)
    finally:
        for p in burners:
            p.kill()
            p.wait()
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.2f}, {args.load} busy "
          f"process(es), answers after {args.delays} s")
    for mode in ("textual", "plain"):
        print(f"{mode:8s} launch -> first question: {_fmt(res[mode][0])}")
        print(f"{mode:8s}   CPU used by then:       {_fmt(CPU[mode])}")
        if mode == "textual":
            print(f"textual  launch -> app's screen up:  {_fmt(READY)}")
            print(f"textual    CPU used by then:       {_fmt(CPU_READY)}")
        print(f"{mode:8s} answer -> feedback:       {_fmt(res[mode][1])}")
    seen = [t for t in typos if t is not None]
    print(f"textual  first question a typo in {sum(seen)} of {len(seen)} runs (--kind holds)")
    over = [x for x in res["textual"][1] if x is not None and x > 0.1]
    print(f"textual  feedback over 100 ms: {len(over)} of {len(res['textual'][1])} runs")
    xs, rs = in_process()
    print(f"in-process Session.answer (score + FSRS + SQLite commit): {_fmt(xs)}")
    print(f"in-process Session.rerate (own rating: FSRS + SQLite rewrite): {_fmt(rs)}")


if __name__ == "__main__":
    main()
