"""The audit's driver (verify/audit/pool.py): sheets read in forked readers, the readings and
proofs stores of the user cache folder, the same findings whichever way they are computed."""
from __future__ import annotations

import pytest

from cheatsheet.sheets import SheetError
from cheatsheet.verify import parse_store, parsing, proofs
from cheatsheet.verify.audit.pool import audit_files
from audit_helpers import catalog

SHEETS = {
    "a.md": "\n\n".join([r"$\sigma(-s) = 1 - \sigma(s)$", r"$\log(uv) = \log u + \log v$",
                         r"$(PQ)^{-1} = P^{-1} Q^{-1}$", r"$e^{a + b} = e^a e^b$",
                         r"$\log(u + v) = \log u \log v$", r"$\sigma(-s) = 1 + \sigma(s)$"]),
    "b.md": "\n\n".join([r"$\mathrm{Var}[sZ + t] = s^2\,\mathrm{Var}[Z]$", r"$x$",
                         r"$\frac{d}{du}\tanh(u) = 1 + \tanh^2(u)$",
                         r"$\log(uv) = \log u + \log v$", r"$e^{a + b} = e^a e^b$",
                         r"$\sigma(-s) = 1 - \sigma(s)$", r"$(AB)^T = B^T A^T$",
                         r"$\det(2A) = 2\det A$"]),
}
pytestmark = pytest.mark.usefixtures("own_parse_memo")  # cleared below: not the worker's


def _seen(res):
    return [(f.file, f.line, f.latex, f.verdict, f.claim, f.reason, f.expected)
            for f in res.findings]


def _audit(jobs):
    parsing._parse.cache_clear()  # each run reads afresh (or from the store)
    return _seen(audit_files(list(SHEETS), texts=SHEETS, catalog=catalog(), jobs=jobs))


def test_stores_and_readers_change_no_finding(tmp_path, monkeypatch):
    """Without the cache, with an empty one and with the rows of an earlier run, serially and
    with two workers (the sheets then read in forked readers): the same findings."""
    plain = _audit(1)
    assert len(plain) == 14 and any(f[3] == "wrong" for f in plain)
    monkeypatch.delenv("CHEATSHEET_NO_CACHE", raising=False)
    monkeypatch.setenv("CHEATSHEET_CACHE_DIR", str(tmp_path))
    assert _audit(2) == plain  # the workers' new rows are written by the parent
    rows = parse_store.load(tmp_path).known
    assert len(rows) > 10
    assert _audit(2) == plain and _audit(1) == plain
    assert parse_store.active() is None and proofs.active() is None  # off after the run


def test_remembered_readings_are_used(tmp_path, monkeypatch):
    """A second run reads only what the store could not keep (formulas the reader rejects)."""
    import cheatsheet.latex as latex

    monkeypatch.delenv("CHEATSHEET_NO_CACHE", raising=False)
    monkeypatch.setenv("CHEATSHEET_CACHE_DIR", str(tmp_path))
    calls = []
    real = latex.parse
    monkeypatch.setattr(latex, "parse", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    first = _audit(1)
    read_first = len(calls)
    assert _audit(1) == first
    assert read_first - (len(calls) - read_first) >= len(parse_store.load(tmp_path).known) > 10


def test_an_unreadable_sheet_stops_the_parallel_run(tmp_path):
    with pytest.raises(SheetError):
        audit_files([str(tmp_path / "missing.md"), "a.md"], texts={"a.md": SHEETS["a.md"]},
                    catalog=catalog(), jobs=2)


# Adam in letters of our own (w for theta, r for the second moment v), written right twice so
# the sheet's notation is confirmed, and two slips of it left for a second look under it
_STEP = r"w_t = w_{t-1} - \eta\,\dfrac{\hat{m}_t}{\sqrt{\hat{r}_t} + \epsilon}"
_SECOND_LOOKS = "## Updates\n\n" + "\n\n".join(f"$${r}$$" for r in [
    _STEP, r"w_t = w_{t-1} - \eta\left(\dfrac{\hat{m}_t}{\sqrt{\hat{r}_t} + \epsilon} - "
    r"\lambda\,w_{t-1}\right)", _STEP.replace("+ \\epsilon", "- \\epsilon"),
    _STEP.replace("- \\eta", "+ \\eta"), r"\log(pq) = \log p + \log q", r"e^{x + y} = e^x e^y",
    r"(CD)^T = D^T C^T", r"\log(p + q) = \log p \log q", r"(CD)^{-1} = C^{-1} D^{-1}"]) + "\n"


def test_second_looks_are_decided_in_the_workers(tmp_path, monkeypatch):
    """With two jobs, the formulas decided again under the sheet's confirmed letters are
    decided by the workers of the first pass (not one by one in the parent after them), and
    the findings are those of one job."""
    import os

    from cheatsheet.verify.audit import decide

    log = tmp_path / "second_looks"
    real = decide.Decider.decide

    def decide_logged(self, *args, **kwargs):
        if self.notation:  # (set only for a second look)
            with open(log, "a") as fh:
                fh.write(f"{os.getpid()}\n")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(decide.Decider, "decide", decide_logged)
    texts = {"s.md": _SECOND_LOOKS}
    serial = _seen(audit_files(["s.md"], texts=texts, catalog=catalog(), jobs=1))
    assert len(log.read_text().split()) >= 2 and "ok" in {f[3] for f in serial}
    log.unlink()
    assert _seen(audit_files(["s.md"], texts=texts, catalog=catalog(), jobs=2)) == serial
    pids = log.read_text().split()
    assert len(pids) >= 2 and str(os.getpid()) not in pids


class _Unloadable:
    """A result the parent cannot load (its reduction calls a loader that fails)."""

    def __reduce__(self):
        return (_refuse, ())


def _refuse():
    raise TypeError("cannot be loaded")


def _unloadable_jobs(path, text):
    return [_Unloadable()]


def test_a_result_the_parent_cannot_load_stops_the_run_instead_of_hanging(monkeypatch):
    # A worker's result that fails to load used to kill the pool's result thread, and the
    # audit then waited for it forever (hours, at 100% CPU); now the error reaches the caller
    import threading

    from cheatsheet.verify.audit import run

    monkeypatch.setattr(run, "jobs_of", _unloadable_jobs)
    parsing._parse.cache_clear()
    outcome = {}

    def go():
        try:
            audit_files(list(SHEETS), texts=SHEETS, catalog=catalog(), jobs=2)
        except Exception as exc:  # noqa: BLE001 (the test asks which error arrives)
            outcome["error"] = exc

    t = threading.Thread(target=go, daemon=True)
    t.start()
    t.join(120)
    assert not t.is_alive(), "the audit hung on a result it could not load"
    assert isinstance(outcome.get("error"), TypeError), outcome


def test_jobs_of_numbered_gaussian_blocks_cross_processes():
    # block numbers conditioned on each other (mu_{2|1}) once left the reader's position-
    # carrying tokens in a sheet's notation, which could not be loaded in the parent
    import pickle

    from cheatsheet.latex._pre import Tok
    from cheatsheet.verify.audit import run

    text = ("## Conditioning\n\n$\\mu_{2|1} = \\mu_2 + \\Sigma_{21}\\Sigma_{11}^{-1}"
            "(x_1 - \\mu_1)$\n\n$\\Sigma_{2|1} = \\Sigma_{22} - \\Sigma_{21}\\Sigma_{11}^{-1}"
            "\\Sigma_{12}$\n")
    jobs = run.jobs_of("blocks.md", text)
    assert jobs and pickle.loads(pickle.dumps(jobs))
    tok = pickle.loads(pickle.dumps(Tok("x", 3, 4)))
    assert (tok, tok.start, tok.end) == ("x", 3, 4)
