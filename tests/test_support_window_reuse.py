"""verify/support.py: the symbolic reading of an infinite sum's summand (which factors confine
which term) is made once per sum and reused, while each evaluation takes the supports and the
shifts of its own instance (issue 12: it was redone at every evaluation, once per batch and
per step of a numeric derivative)."""
from __future__ import annotations

import numpy as np
import sympy as sp

from cheatsheet.latex import parse_expr
from cheatsheet.symbols import Declarations
from cheatsheet.verify import support
from cheatsheet.verify.checks.nn import Injected
from cheatsheet.verify.evaluate import Evaluator, Instance, Val

N = 3
DECLS = Declarations.from_mapping({"g": "function", "q": "function", "s": "integer",
                                   "j": "integer"})


def _seq(lo: float, size: int) -> Injected:
    """1 on lo..lo+size-1 for every trial, 0 elsewhere."""
    def fn(data, v):
        a = np.rint(np.broadcast_to(np.asarray(v.arr, float), (N,)))
        return Val(((a >= lo) & (a < lo + size)).astype(float))
    return Injected(fn, "a sequence", {}, support=(lo, lo + size - 1))


def _window(shift, g_lo, q_lo):
    inst = Instance({"s": Val(np.asarray(shift, float))},
                    functions={"g": _seq(g_lo, 4), "q": _seq(q_lo, 2)})
    body = parse_expr(r"g(2 j + 1) q(s - j) + 3 g(j - s)", DECLS)
    return support.window(Evaluator(inst), body, sp.Symbol("j", integer=True))


def _brute(shift, g_lo, q_lo):
    """The first and last j where a term can be non-zero on some trial, j tried one by one."""
    live = [j for j in range(-200, 201) for s in shift
            if (g_lo <= 2 * j + 1 <= g_lo + 3 and q_lo <= s - j <= q_lo + 1)
            or g_lo <= j - s <= g_lo + 3]
    return min(live), max(live)


def test_the_summands_reading_is_made_once_and_each_instance_keeps_its_own_window():
    support._layout.cache_clear()
    cases = [([0.0, 5.0, -7.0], 1.0, 0.0), ([10.0, 10.0, 10.0], -20.0, 9.0),
             ([-3.0, 40.0, 2.0], 6.0, -50.0)]
    for shift, g_lo, q_lo in cases:
        assert _window(shift, g_lo, q_lo) == _brute(shift, g_lo, q_lo)
    info = support._layout.cache_info()
    assert info.misses == 1 and info.hits == len(cases) - 1
