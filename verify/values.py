"""Evaluating a claim's sides at values a user supplies (``Claim.numeric``)."""
from __future__ import annotations

import numpy as np

from .evaluate import Evaluator, Instance, Val, _scalarize


def _plain(v: Val):
    v = _scalarize(v)
    a = v.arr[0] if v.arr.ndim and (v.nbatch >= 1) else v.arr
    return float(a) if np.ndim(a) == 0 else np.asarray(a)


def evaluate_at(claim, values: dict):
    decls = claim.declarations
    vals = {k.rstrip("_") if k.rstrip("_") in decls else k: v for k, v in values.items()}
    env: dict[str, Val] = {}
    dims: dict[str, int] = {}
    functions = {}
    for name, v in vals.items():
        if name not in decls:
            known = ", ".join(d.name for d in decls if d.kind != "index")
            raise KeyError(f"{claim.id} has no symbol {name!r} (its symbols: {known})")
        d = decls[name]
        if d.kind == "function":
            fn = v
            functions[name] = lambda *args, fn=fn: Val(np.asarray(fn(*[a.arr for a in args]),
                                                                  float))
            continue
        if d.kind == "random":
            raise ValueError(f"{name} is a random variable: its law cannot be given as a value")
        a = np.asarray(v, float)
        if d.kind == "matrix":
            if a.ndim == 1:
                a = a[:, None]
            for size, n in zip(d.shape, a.shape):
                if isinstance(size, str):
                    if dims.setdefault(size, n) != n:
                        raise ValueError(f"size {size} is {dims[size]} elsewhere but {n} for {name}")
            env[name] = Val(a[None], True)
        else:
            env[name] = Val(a.reshape(1))
    for d in decls:
        if d.kind == "dim" and d.name in env:
            dims[d.name] = int(env[d.name].arr[0])
    from cheatsheet.symbols import DISTRIBUTIONS

    from .sampling import sample_distribution

    scalars = {k: v.arr for k, v in env.items() if not v.mat}
    dists = []
    for d in decls:
        if d.domain in DISTRIBUTIONS:  # a named law is fixed by its parameters' values
            try:
                dists.append(sample_distribution(d, None, 1, scalars, dims))
            except Exception as exc:
                raise ValueError(f"give the parameters of {d.name} ~ {d.spec}: {exc}") from None
        elif d.kind == "random":
            raise ValueError(f"{d.name} is a generic random variable: its law is not a value")
    inst = Instance(values=env, dists=dists, functions=functions, dims=dims)
    ev = Evaluator(inst)
    st = claim.statement
    if not st.relations:
        return _plain(ev(st.expr))
    out = [(_plain(ev(r.lhs)), _plain(ev(r.rhs))) for r in st.relations]
    return out[0] if len(out) == 1 else out
