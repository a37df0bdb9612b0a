"""Named Python checks, for claims that are not identities SymPy can read.

A custom check receives the parsed statement (canonical or a source version), so the same check
decides the canonical form and every sheet's variant: it supplies what the formula is compared
against (the true output size of a convolution, a simulated optimiser run...) and usually ends
in the standard numeric comparison via ``ctx.numeric(extra=...)``.

    @register("conv.output_size")
    def _(stmt, ctx):
        return ctx.numeric(stmt, extra=lambda inst: {"o": true_sizes(inst)})
"""
from __future__ import annotations

import importlib
import pkgutil
import zlib
from dataclasses import dataclass, replace
from typing import Callable

import numpy as np

from cheatsheet.seeds import seed_sequence  # any integer seed, negative or huge
from cheatsheet.statement import Statement
from cheatsheet.symbols import Declarations
from .evidence import Evidence
from .numeric import NumericOptions, check_numeric
from .sampling import Sampler

CheckFn = Callable[[Statement, "CheckContext"], Evidence]
_REGISTRY: dict[str, CheckFn] = {}
_COMPUTES: dict[str, dict[str, str]] = {}
_loaded = False


def register(name: str, computes: dict[str, str] | None = None):
    """Register a check; ``computes``: names the check gives their value itself, from its own
    model (a confusion count read off drawn labels), with the kind a claim declares them."""
    def deco(fn: CheckFn) -> CheckFn:
        if name in _REGISTRY and _REGISTRY[name] is not fn:
            raise ValueError(f"custom check {name!r} registered twice")
        _REGISTRY[name] = fn
        if computes:
            _COMPUTES[name] = dict(computes)
        return fn
    return deco


def computed_names(name: str | None) -> dict[str, str]:
    """Name -> kind of what the check ``name`` computes itself (register's ``computes``): such
    a name means the same quantity in every claim the check decides, whichever declares it."""
    if not name:
        return {}
    _load_all()
    return _COMPUTES.get(name, {})


def _load_all():
    global _loaded
    if _loaded:
        return
    from . import checks

    for mod in pkgutil.iter_modules(checks.__path__):
        importlib.import_module(f"{checks.__name__}.{mod.name}")
    _loaded = True


def get(name: str) -> CheckFn:
    _load_all()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"no custom check named {name!r}; known: {', '.join(sorted(_REGISTRY))}")


def names() -> list[str]:
    _load_all()
    return sorted(_REGISTRY)


def stream(seed: int, *keys) -> np.random.SeedSequence:
    """A reproducible random stream for (seed, claim id, version...)."""
    return seed_sequence(seed, *(zlib.crc32(str(k).encode()) for k in keys))


@dataclass
class CheckContext:
    """Everything a check needs to decide one version of a claim reproducibly."""

    claim_id: str
    decls: Declarations
    options: NumericOptions
    seed: int
    key: tuple = ()
    independent: tuple[str, ...] = ()
    thorough: bool = False

    @property
    def sampler(self) -> Sampler:
        return Sampler(self.decls, independent=self.independent)

    def rng(self, *extra) -> np.random.Generator:
        return np.random.default_rng(stream(self.seed, self.claim_id, *self.key, *extra))

    def numeric(self, stmt: Statement, **changes) -> Evidence:
        """The standard numeric decision, with options changed (e.g. ``extra=``, ``trials=``)."""
        opts = replace(self.options, **changes) if changes else self.options
        if opts.extra is None and opts.assume:  # values all sampled: only its symbols matter
            opts = replace(opts, assume=relevant_conditions(self.decls, stmt, opts.assume))
        if opts.dims is None:  # sizes that keep the conditions on sizes and vary (m != n)
            sampler = self.sampler
            count = min(16, max(4, opts.trials // 60))  # as many as the checker would draw
            configs = sampler.size_configs(tuple(opts.assume) + tuple(stmt.premises), count,
                                           self.rng("sizes"))
            if configs:
                opts = replace(opts, dims=configs)
        return check_numeric(stmt, self.sampler, stream(self.seed, self.claim_id, *self.key),
                             opts, seed=self.seed)


def _names(expr) -> set[str]:
    from sympy.core.function import AppliedUndef

    return ({getattr(x, "name", str(x)) for x in expr.free_symbols}
            | {type(f).__name__ for f in expr.atoms(AppliedUndef)})


def relevant_conditions(decls: Declarations, stmt: Statement, conditions) -> tuple:
    """The conditions that can matter to a statement whose values are all sampled: those on
    the symbols it uses, directly or through the laws, sizes and other conditions of those.
    A condition on a symbol it never uses only rejects instances: a sheet's version written
    with y_i kept the claim's y (1 - y) = 0 beside its own y_i (1 - y_i) = 0, accepted 4% of
    the draws and was left with no instance on some seeds.  A condition naming an undeclared
    symbol is kept."""
    used: set[str] = set()
    for r in stmt.relations + stmt.premises:
        used |= _names(r.lhs) | _names(r.rhs)
    if stmt.expr is not None:
        used |= _names(stmt.expr)
    declared = {d.name for d in decls}
    names = [(c, _names(c.lhs) | _names(c.rhs)) for c in conditions]
    kept: set[int] = set()
    changed = True
    while changed:
        changed = False
        for d in decls:
            new = {a for a in d.args if isinstance(a, str)} - used if d.name in used else set()
            if new:
                used |= new
                changed = True
        for k, (_, cn) in enumerate(names):
            if k not in kept and (cn & used or not cn <= declared):
                kept.add(k)
                used |= cn
                changed = True
    return tuple(c for k, (c, _) in enumerate(names) if k in kept)
