"""Values for every member of a family a formula names, along one run of a recurrence.

A recurrence speaks of a family by its steps: ``\\theta_t``, ``\\theta_{t+1}``, ``\\theta_{t-1}``.
A check that gives values only to the members its canonical form uses cannot decide a typo that
writes ``\\theta_{t-1}`` where ``\\theta_t`` belongs (no value: 'error').  Giving each other member
an independent random value would be unsound: a sheet that shifts every index consistently
(``\\theta_t = \\theta_{t-1} - \\eta \\nabla J(\\theta_{t-1})``) would then be refuted.  The sound
reading is that every member lies on *one trajectory* of the canonical recurrence: the state is
drawn at the earliest step the formula needs, then the update runs forward to the latest member
it names.  A consistently shifted form then holds, and a member written at the wrong step is
refuted with a printed instance.

A check describes its recurrence once (:class:`Recurrence`): the families its state holds and at
which offsets, and a step function that writes the members one step produces.  The state drawn
is the sampled state of the canonical form (the values the declared members got), moved to the
earliest step, so the canonical form is decided on exactly the instances it was before.

    GD = Recurrence(state={"theta": (0,)}, lead={"theta": 1}, step=gd_step)
    values = GD.members(inst, used_names)   # {"theta_t-1": Val, "theta_t": Val, ...}
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .evaluate import Instance, Val
from .scope import family

_STEP_LIMIT = 8  # a formula naming members further apart than this is not a one-step typo


def member(fam: str, offset: int, index: str = "t") -> str:
    """The reader's name of a family member: ``member("theta_bar", -1)`` -> ``theta_bar_t-1``."""
    sub = index if offset == 0 else f"{index}{offset:+d}"
    return f"{fam}_{sub}"


def offsets_used(names, families, index: str = "t") -> dict[str, set[int]]:
    """The members of ``families`` among ``names``, as family -> offsets from the step index
    (``theta_t+1`` -> theta: {1}); names with another subscript (``theta_0``, ``theta_k``) are
    not members of the run."""
    pat = re.compile(rf"^{re.escape(index)}(?:([+-])(\d+))?$")
    out: dict[str, set[int]] = {}
    for name in names:
        fam, sub = family(name)
        if fam not in families:
            continue
        m = pat.match(sub)
        if m:
            off = int(m.group(2)) * (1 if m.group(1) == "+" else -1) if m.group(1) else 0
            out.setdefault(fam, set()).add(off)
    return out


@dataclass
class Path:
    """One run of a recurrence per trial: ``path[fam, k]`` is the member at step t + k."""

    inst: Instance
    index: str
    rng: np.random.Generator | None = None
    names: frozenset = frozenset()  # the names the formula uses (a step may choose by them)
    values: dict = field(default_factory=dict)  # (fam, k) -> array over trials

    def __getitem__(self, key):
        try:
            return self.values[key]
        except KeyError:
            fam, k = key
            raise ValueError(f"{member(fam, k, self.index)} comes before the run starts") from None

    def __setitem__(self, key, value):
        self.values[key] = np.asarray(value, float)

    def __contains__(self, key):
        return key in self.values

    def sampled(self, name: str) -> np.ndarray:
        return self.inst.values[name].arr

    def count(self, k: int) -> np.ndarray:
        """The step counter at step k (the sampled ``t`` plus k)."""
        return self.sampled(self.index) + k

    def fresh(self, fam: str, k: int) -> np.ndarray:
        """An input of step k that the run does not compute (a sampled gradient G_t): the
        canonical member's sampled value at k = 0, a standard normal draw of its shape else."""
        base = self.sampled(member(fam, 0, self.index))
        if k == 0:
            return base
        if (fam, k) not in self.values:
            self.values[(fam, k)] = self.rng.normal(size=base.shape)
        return self.values[(fam, k)]


@dataclass(frozen=True)
class Recurrence:
    """A recurrence over steps t + k.

    ``state``: family -> the offsets (relative to the step) that one step reads and that are
    drawn to start a run (heavy-ball momentum: theta at 0 and -1).  ``lead``: family -> the
    offset, relative to step k, of the member step k writes (GD writes theta_{k+1}: lead 1;
    Adam writes m_k: lead 0).  ``step(path, k)`` writes those members.  ``matrix``: families
    whose members are matrices (Val with ``mat=True``)."""

    state: dict[str, tuple[int, ...]]
    lead: dict[str, int]
    step: Callable[[Path, int], None]
    index: str = "t"
    matrix: frozenset = frozenset()
    # families whose index is a convention relative to the others: Adam's theta_{t+1} made
    # from m_t (m_t from the gradient at theta_t) or Kingma & Ba's theta_t made from m_t
    # (m_t from the gradient at theta_{t-1}); a formula may use either (see ``decide``)
    loose: tuple[str, ...] = ()

    @property
    def families(self) -> set[str]:
        return set(self.state) | set(self.lead)

    def start(self, used: dict[str, set[int]]) -> int:
        """The latest step at which a run can start and still reach every member named: a
        state member is drawn at its offset from the start, any other is written by a step."""
        k0 = 0
        for fam, offs in used.items():
            low = min(self.state[fam]) if fam in self.state else self.lead[fam]
            k0 = min(k0, min(offs) - low)
        return k0

    def run(self, inst: Instance, names, rng=None, shift: int = 0) -> Path:
        used = offsets_used(names, self.families, self.index)
        for fam in self.loose:  # the formula's theta_j is the run's theta_{j + shift}
            if fam in used:
                used[fam] = {o + shift for o in used[fam]}
        k0 = self.start(used)
        path = Path(inst, self.index, rng, frozenset(names))
        for fam, offs in self.state.items():
            for s in offs:  # the canonical form's sampled state, moved to the start
                path[fam, k0 + s] = path.sampled(member(fam, s, self.index))
        last = max([0] + [o - self.lead[fam] for fam, offs in used.items() for o in offs
                          if fam in self.lead])
        if last - k0 > _STEP_LIMIT:
            raise ValueError("the formula names members of the run too many steps apart")
        for k in range(k0, last + 1):
            self.step(path, k)
        return path

    def members(self, inst: Instance, names, rng=None, shift: int = 0) -> dict[str, Val]:
        """Every member the run computed, by the reader's name (sampled ones overwritten);
        with ``shift``, the loose families named ``shift`` steps earlier than on the run."""
        path = self.run(inst, names, rng, shift)
        out = {}
        for (fam, k), arr in path.values.items():
            k = k - shift if fam in self.loose else k
            out[member(fam, k, self.index)] = Val(arr, fam in self.matrix)
        return out


def decide(rec: Recurrence, stmt, ctx, names, before=None, alternatives=()):
    """The numeric decision of ``stmt`` with every member it names on one run of ``rec``.
    A formula refuted as written is tried with the loose families indexed one step earlier
    or later (the other convention of the same algorithm), then on the runs of
    ``alternatives`` ((Recurrence, what its convention is) pairs: the same iterates with the
    velocity scaled or signed another way); if it holds on one, it holds, and the evidence says
    where.  ``before(inst)``: more values or functions a check puts in first (Muon's
    orthogonalisation)."""
    def run(r, shift):
        rng = ctx.rng("trajectory")

        def extra(inst):
            out = dict(before(inst) or {}) if before else {}
            out.update(r.members(inst, names, rng, shift))
            return out

        return ctx.numeric(stmt, extra=extra)

    ev = run(rec, 0)
    if ev.verdict != "refuted":
        return ev
    for k, (r, said) in enumerate([(rec, "")] + list(alternatives)):
        used = offsets_used(names, set(r.loose), r.index)
        shifts = [0] if k else []
        if used and len(offsets_used(names, r.families)) >= 2:
            shifts += [1, -1]
        for shift in shifts:
            alt = run(r, shift)
            if alt.verdict != "passed":
                continue
            if said:
                alt.detail += f"; it holds {said}"
            if shift:
                alt.detail += (f"; it holds with the steps of {', '.join(sorted(used))} counted "
                               "one apart from the other quantities' (the update's other "
                               "common indexing)")
            return alt
    return ev


def along(history: dict[str, np.ndarray], at: np.ndarray, names, index: str = "t",
          matrix: frozenset = frozenset(), last: np.ndarray | None = None) -> dict[str, Val]:
    """Members named in ``names`` read off a recorded run: ``history[fam]`` holds, per trial,
    the member at every step (T, steps, ...); the member at t + k is entry ``at + k`` (``at``:
    the step index per trial).  For checks that simulate a whole run (a perceptron, a sampled
    chain) rather than one step.  A member before the run or after its ``last`` step (per
    trial; by default the end of the record) is NaN there: that trial decides nothing, it is
    never given a made-up value.  A member at a numbered step (``w_0``) is the record's entry
    at that step, so a premise about where the run starts can be checked."""
    used = offsets_used(names, set(history), index)
    out = {}
    for fam, offs in used.items():
        hist = np.asarray(history[fam], float)
        end = np.full(len(hist), hist.shape[1] - 1) if last is None else np.asarray(last)
        for k in offs | {0}:
            pos = np.asarray(at, int) + k
            ok = (pos >= 0) & (pos <= end)
            got = hist[np.arange(len(hist)), np.clip(pos, 0, hist.shape[1] - 1)]
            got[~ok] = np.nan
            out[member(fam, k, index)] = Val(got, fam in matrix)
    for name in names:  # a member at a fixed step (w_0: where the run starts) is on the record too
        fam, sub = family(name)
        if fam in history and sub.isdigit():
            hist = np.asarray(history[fam], float)
            end = np.full(len(hist), hist.shape[1] - 1) if last is None else np.asarray(last)
            got = hist[:, min(int(sub), hist.shape[1] - 1)].copy()
            got[int(sub) > end] = np.nan
            out[name] = Val(got, fam in matrix)
    return out


def span(names, families, index: str = "t") -> tuple[int, int]:
    """The lowest and highest offsets (from the step index) of the members named, 0 included."""
    offs = [o for v in offsets_used(names, families, index).values() for o in v]
    return min(offs + [0]), max(offs + [0])
