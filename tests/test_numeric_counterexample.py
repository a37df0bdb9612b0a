"""A refuted numeric check describes one failing trial, the one it reports (issue 12): it keeps
up to three failing trials per batch to report the smallest, and describing each of them
(every value as plain numbers, the relation printed) cost more than deciding them."""
from __future__ import annotations

from cheatsheet.latex import parse
from cheatsheet.symbols import Declarations
from cheatsheet.verify import numeric
from cheatsheet.verify.custom import stream
from cheatsheet.verify.numeric import NumericOptions, check_numeric
from cheatsheet.verify.sampling import Sampler

# a sum's squared length without its cross term: wrong on almost every trial of every batch
DECLS = Declarations.from_mapping({"p": "vector(m)", "q": "vector(m)", "m": "dim"})
WRONG = r"\|p + q\|^2 = \|p\|^2 + \|q\|^2"


def _run(monkeypatch, seed=0):
    described = []
    real = numeric.describe_trial

    def spy(inst, i, *args):
        described.append(i)
        return real(inst, i, *args)

    monkeypatch.setattr(numeric, "describe_trial", spy)
    ev = check_numeric(parse(WRONG, DECLS), Sampler(DECLS), stream(seed, WRONG),
                       NumericOptions(), seed=seed)
    return ev, described


def test_only_the_reported_trial_is_described(monkeypatch):
    ev, described = _run(monkeypatch)
    assert ev.verdict == "refuted"
    assert "failing trial(s)" in ev.detail and not ev.detail.startswith("1 ")
    assert len(described) == 1


def test_the_reported_trial_says_what_both_sides_are(monkeypatch):
    ev, _ = _run(monkeypatch)
    cx = ev.counterexample
    assert cx["relation"] == str(parse(WRONG, DECLS).relations[0]) and cx["seed"] == 0
    m = cx["instance"]["m"]
    assert len(cx["instance"]["p"]) == len(cx["instance"]["q"]) == m
    p, q = cx["instance"]["p"], cx["instance"]["q"]
    left = sum((a + b) ** 2 for a, b in zip(p, q))
    right = sum(a * a for a in p) + sum(b * b for b in q)
    assert abs(cx["lhs"] - left) < 1e-3 * max(1.0, abs(left))
    assert abs(cx["rhs"] - right) < 1e-3 * max(1.0, abs(right))
