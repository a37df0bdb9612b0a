"""Evaluating a claim's sides at values a user supplies (``Claim.numeric``).

Every value is checked against its declaration before anything is computed, and every symbol
the formula needs must be given, so a mistake is a plain error naming the symbol the way the
user types it (``lambda_``) and its domain, never a NaN, a warning or an internal message.
"""
from __future__ import annotations

import keyword
import warnings

import numpy as np

from .evaluate import EvalError, Evaluator, Instance, ShapeError, Val, _scalarize


def spelling(name: str) -> str:
    """How a symbol is passed as a keyword argument: ``lambda`` -> ``lambda_`` (a Python
    keyword), a name that is no identifier -> ``**{'theta_t+1': ...}``."""
    if keyword.iskeyword(name):
        return name + "_"
    return name if name.isidentifier() else f"**{{{name!r}: ...}}"


def _describe(d) -> str:
    from cheatsheet.symbols import describe

    try:
        return describe(d)
    except Exception:  # noqa: BLE001 - the declaration string says it too
        return d.spec


def _plain(v: Val):
    v = _scalarize(v)
    a = v.arr[0] if v.arr.ndim and (v.nbatch >= 1) else v.arr
    return float(a) if np.ndim(a) == 0 else np.asarray(a)


def _names(expr) -> set[str]:
    from sympy.core.function import AppliedUndef

    return ({getattr(x, "name", str(x)) for x in expr.free_symbols}
            | {type(f).__name__ for f in expr.atoms(AppliedUndef)})


def needed(claim) -> list:
    """The declarations whose values the formula needs: the symbols it uses, the parameters of
    the laws of its random variables, and the sizes no array can tell (those read off a given
    array are not asked for)."""
    decls = claim.declarations
    st = claim.statement
    used: set[str] = set()
    for r in st.relations + st.premises:
        used |= _names(r.lhs) | _names(r.rhs)
    if st.expr is not None:
        used |= _names(st.expr)
    changed = True
    while changed:  # the parameters of laws used, and of those parameters
        changed = False
        for d in decls:
            if d.name in used and d.kind == "random":
                new = {a for a in d.args if isinstance(a, str)} - used
                if new:
                    used |= new
                    changed = True
    sized = {s for d in decls if d.name in used and d.kind == "matrix"
             for s in d.shape if isinstance(s, str)}
    return [d for d in decls if d.name in used and d.kind not in ("index", "random")
            and not (d.kind == "dim" and d.name in sized)]


def _check_scalar(d, x: float, given: dict):
    """Raise ValueError unless the number x lies in d's domain."""
    dom = d.domain
    ok = np.isfinite(x)
    if dom == "positive":
        ok &= x > 0
    elif dom == "nonnegative":
        ok &= x >= 0
    elif dom == "negative":
        ok &= x < 0
    elif dom == "prob":
        ok &= 0 < x < 1
    elif dom == "interval":
        bounds = [given.get(a, a) for a in d.args]
        if all(np.ndim(b) == 0 and isinstance(float(np.asarray(b, float)), float)
               for b in bounds if not isinstance(b, str)) and not any(
                isinstance(b, str) for b in bounds):
            lo, hi = (float(np.asarray(b, float)) for b in bounds)
            ok &= lo < x < hi
    elif dom in ("integer", "natural", "count", "dim"):
        ok &= float(x).is_integer()
        if dom in ("natural", "dim"):
            ok &= x >= 1
        elif dom == "count":
            ok &= x >= 0
    if not ok:
        raise ValueError(f"{spelling(d.name)}={x:g} is outside the domain of {d.name} "
                         f"(declared: {_describe(d)})")


def _check_matrix(d, a: np.ndarray):
    dom = d.domain
    why = ""
    if not np.all(np.isfinite(a)):
        why = "its entries must be finite numbers"
    elif dom == "posvector" and not np.all(a > 0):
        why = "its entries must be positive"
    elif dom == "probvec" and (np.any(a < 0) or not np.isclose(a.sum(), 1.0)):
        why = "its entries must be nonnegative and sum to 1"
    elif dom in ("symmetric", "psd", "pd", "diagonal", "orthogonal", "square") and (
            a.shape[0] != a.shape[1]):
        why = "it must be square"
    elif dom in ("symmetric", "psd", "pd") and not np.allclose(a, a.T):
        why = "it must be symmetric"
    elif dom in ("psd", "pd"):
        low = float(np.linalg.eigvalsh((a + a.T) / 2)[0])
        scale = 1e-10 * max(1.0, float(np.abs(a).max()))
        if (dom == "psd" and low < -scale) or (dom == "pd" and low <= scale):
            why = ("it must be positive semidefinite" if dom == "psd"
                   else "it must be positive definite")
    elif dom == "diagonal" and not np.allclose(a, np.diag(np.diag(a))):
        why = "it must be diagonal"
    elif dom == "orthogonal" and not np.allclose(a.T @ a, np.eye(a.shape[0])):
        why = "it must be orthogonal (AᵀA = I)"
    if why:
        raise ValueError(f"{spelling(d.name)} is not a {_describe(d)}: {why}")


def evaluate_at(claim, values: dict):
    """Both sides of the claim at the given values: ``(lhs, rhs)``, a list for a chain.

    Raises KeyError for a name the claim does not declare, TypeError when a value the formula
    needs is missing, ValueError for a value outside its declared domain or sizes that clash,
    and ValueError when the formula has no finite value there."""
    decls = claim.declarations
    vals = {k.rstrip("_") if k.rstrip("_") in decls else k: v for k, v in values.items()}
    env: dict[str, Val] = {}
    dims: dict[str, int] = {}
    functions = {}
    for name, v in vals.items():
        if name not in decls:
            known = ", ".join(spelling(d.name) for d in decls if d.kind not in ("index",
                                                                               "random"))
            raise KeyError(f"{claim.id} has no symbol {name!r} (its symbols: {known})")
        d = decls[name]
        if d.kind == "function":
            fn = v
            functions[name] = lambda *args, fn=fn: Val(np.asarray(fn(*[a.arr for a in args]),
                                                                  float))
            continue
        if d.kind == "random":
            raise ValueError(f"{name} is a random variable: its law is declared "
                             f"({_describe(d)}); give the values of its parameters instead")
        a = np.asarray(v, float)
        if d.kind == "matrix":
            if a.ndim == 1:
                a = a[:, None]
            if a.ndim != 2:
                raise ValueError(f"{spelling(name)} must be a vector or a matrix, got an array "
                                 f"of {a.ndim} dimensions")
            _check_matrix(d, a)
            for size, n in zip(d.shape, a.shape):
                if isinstance(size, str):
                    if dims.setdefault(size, n) != n:
                        raise ValueError(f"size {size} is {dims[size]} elsewhere but {n} for "
                                         f"{spelling(name)}")
                elif size != n:
                    raise ValueError(f"{spelling(name)} must have {size} in that place of its "
                                     f"shape, got {a.shape[0]}×{a.shape[1]}")
            env[name] = Val(a[None], True)
        else:
            if a.ndim != 0:
                raise ValueError(f"{spelling(name)} is a {_describe(d)}: give one number")
            _check_scalar(d, float(a), vals)
            env[name] = Val(a.reshape(1))
    for d in decls:
        if d.kind == "dim" and d.name in env:
            given = int(env[d.name].arr[0])
            if dims.setdefault(d.name, given) != given:
                raise ValueError(f"{d.name}={given} but the arrays given have {d.name} = "
                                 f"{dims[d.name]}")
    missing = [d for d in needed(claim) if d.name not in env and d.name not in functions
               and not (d.kind == "dim" and d.name in dims)]
    if missing:
        asks = ", ".join(f"{spelling(d.name)}=... ({_describe(d)})" for d in missing)
        raise TypeError(f"{claim.id}.numeric() needs a value for {asks}")
    from cheatsheet.symbols import DISTRIBUTIONS

    from .sampling import sample_distribution

    scalars = {k: v.arr for k, v in env.items() if not v.mat}
    dists = []
    for d in decls:
        if d.domain in DISTRIBUTIONS:  # a named law is fixed by its parameters' values
            try:
                dists.append(sample_distribution(d, None, 1, scalars, dims))
            except Exception:  # noqa: BLE001 - say what to give, not what broke
                params = ", ".join(spelling(a) for a in d.args if isinstance(a, str))
                raise TypeError(f"{claim.id}.numeric() needs the parameters of {d.name} "
                                f"({_describe(d)}): give {params}") from None
        elif d.kind == "random":
            raise ValueError(f"{d.name} is a generic random variable: its law is not a value, "
                             "so this claim cannot be evaluated at given values")
    inst = Instance(values=env, dists=dists, functions=functions, dims=dims)
    ev = Evaluator(inst)
    st = claim.statement
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            if not st.relations:
                out = _plain(ev(st.expr))
                _finite(claim, [out])
                return out
            pairs = [(_plain(ev(r.lhs)), _plain(ev(r.rhs))) for r in st.relations]
        except (EvalError, ShapeError) as exc:
            from .explain import plain_text

            raise ValueError(f"{claim.id} cannot be evaluated at these values: "
                             f"{plain_text(str(exc))}") from None
    _finite(claim, [x for p in pairs for x in p])
    return pairs[0] if len(pairs) == 1 else pairs


def _finite(claim, values):
    if not all(np.all(np.isfinite(np.asarray(v, complex))) for v in values):
        raise ValueError(f"{claim.id} has no finite value at these values (a side is infinite "
                         "or undefined there)")
