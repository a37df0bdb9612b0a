"""Matrix-calculus checks: chain rules whose outer derivative is taken at the inner value.

A sheet writes the outer factor of a chain rule as ``df/dg`` or ``du(v)/dv``: the derivative of the
outer function at the point ``g(x)``.  The catalog spells that point as an auxiliary variable
(``y`` for a vector, ``s`` for a scalar) and this check sets it to the inner function's value on
every sampled instance, so both sides are evaluated at the same point and the generic numeric
comparison decides the rule (including the order of the factors under each layout).
"""
from __future__ import annotations

from cheatsheet.statement import Statement

from ..custom import CheckContext, register
from ..evaluate import Val

# auxiliary variable -> (inner function, its argument)
INNER = {"y": ("g", "x"), "s": ("v", "x")}


@register("derivatives.at_inner")
def at_inner(stmt: Statement, ctx: CheckContext):
    present = {name: spec for name, spec in INNER.items()
               if name in ctx.decls and spec[0] in ctx.decls and spec[1] in ctx.decls}

    def extra(inst) -> dict[str, Val]:
        out = {}
        for name, (fn, arg) in present.items():
            out[name] = inst.functions[fn](inst.values[arg])
        return out

    return ctx.numeric(stmt, extra=extra)
