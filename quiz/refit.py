"""A distractor equivalent to the canonical form up to its free coefficients is not wrong.

``g(x) = ax + b + \\sum c_i \\max\\{0, \\xi_i - x\\}`` is refuted with the canonical form's a, b,
c (the check ties them to one piecewise-linear g), yet with other coefficients it is the same
family of functions: a student writing it is right.  This applies to a representation: an
equation whose left side is a declared function applied to its variables (``g(x) = ...``).
Its free coefficients are the unconstrained real values (``real`` scalars, ``vector`` and
``matrix`` entries) it names only on its right side; the variables are the arguments of the
left side (the ``x`` of ``g(x)``).  Elsewhere the values on the right are given, not free:
``\\theta_t - \\beta(\\theta_t - \\theta_{t-1})`` with a re-fitted ``\\theta_{t-1}`` is not Nesterov's
step, and a posterior with its class means swapped is wrong.  And only a change of the
representation's functions of the variables counts (``\\max\\{0, \\xi_i - x\\}`` for
``\\max\\{0, x - \\xi_i\\}``): a change that touches the coefficients alone (``ax - b``, a
margin ``(w_j - w_y)^T x`` with the classes' weights swapped) changes what they mean.
With every other value fixed at one sampled instance and the variables sampled at many points,
the free coefficients of the distractor are fitted by least squares to the canonical right
side (SciPy's ``least_squares``, started from the canonical values); a fit that leaves no
residual means the distractor holds for some coefficients.  Without variables there is
nothing to fit against (one point is fitted by anything), so the answer is then "no".
"""
from __future__ import annotations

FREE_DOMAINS = ("real", "vector", "matrix")
POINTS = 48
TOL = 1e-7


def _names(expr) -> set[str]:
    return {getattr(s, "name", str(s)) for s in expr.free_symbols}


def _touches(canonical: str, variant: str, variables: set[str]) -> bool:
    """Whether the tokens the variant changes include a variable."""
    import difflib

    from .fairness import latex_tokens

    a, b = latex_tokens(canonical), latex_tokens(variant)
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    changed = {t for tag, i1, i2, j1, j2 in ops if tag != "equal"
               for t in a[i1:i2] + b[j1:j2]}
    return bool(changed & variables)


def _represented(lhs, by_name) -> bool:
    """Whether ``lhs`` is a declared function applied to its variables (``g(x)``)."""
    from sympy.core.function import AppliedUndef

    name = getattr(getattr(lhs, "func", None), "__name__", None)
    return (isinstance(lhs, AppliedUndef) and name in by_name
            and by_name[name].kind == "function")


def equivalent_after_refit(claim, variant: str, decls=None, layout: str | None = None,
                           seed: int = 0) -> bool:
    """Whether ``variant`` agrees with the claim's canonical form once its free coefficients
    are re-fitted (see the module docstring); False whenever that cannot be shown."""
    try:
        return _refit(claim, variant, decls if decls is not None else claim.declarations,
                      layout or claim.layout, seed)
    except Exception:  # noqa: BLE001 - an unreadable or unevaluable form is not shown equal
        return False


def _refit(claim, variant, decls, layout, seed) -> bool:
    import numpy as np
    from scipy.optimize import least_squares

    from cheatsheet.verify.evaluate import Evaluator, Val
    from cheatsheet.verify.parsing import parse_cached
    from cheatsheet.verify.sampling import Sampler, take

    canon = parse_cached(claim.latex, decls, layout=layout)
    other = parse_cached(variant, decls, layout=layout)
    pairs = list(zip(canon.relations, other.relations))
    if (not pairs or len(canon.relations) != len(other.relations)
            or any(a.lhs != b.lhs or a.op != b.op or a.op != "=" for a, b in pairs)):
        return False
    by_name = {d.name: d for d in decls}
    if not all(_represented(a.lhs, by_name) for a, _ in pairs):
        return False
    left = set().union(*(_names(a.lhs) for a, _ in pairs))
    right = set().union(*(_names(b.rhs) for _, b in pairs))
    free = sorted(n for n in right - left if n in by_name
                  and by_name[n].domain in FREE_DOMAINS and by_name[n].kind != "function")
    variables = sorted(n for n in right & left if n in by_name
                       and by_name[n].kind in ("scalar", "matrix"))
    if not free or not variables or not _touches(claim.latex, variant, set(variables)):
        return False
    rng = np.random.default_rng(seed)
    inst = Sampler(decls).sample(rng, POINTS, layout=layout)
    fixed = take(inst, np.zeros(POINTS, dtype=int))
    for n in variables:
        fixed.values[n] = inst.values[n]
    target = np.concatenate([np.ravel(Evaluator(fixed)(a.rhs).arr) for a, _ in pairs])
    start = [fixed.values[n] for n in free]
    sizes = [int(np.prod(v.arr.shape[1:])) for v in start]
    if sum(sizes) * 3 + 4 > target.size or not np.all(np.isfinite(target)):
        return False
    x0 = np.concatenate([np.ravel(v.arr[0]) for v in start])

    def residual(theta):
        k = 0
        for n, v, size in zip(free, start, sizes):
            piece = theta[k:k + size].reshape(v.arr.shape[1:])
            fixed.values[n] = Val(np.broadcast_to(piece, v.arr.shape).copy(), v.mat)
            k += size
        got = np.concatenate([np.ravel(Evaluator(fixed)(b.rhs).arr) for _, b in pairs])
        return np.nan_to_num(got - target, nan=1e6, posinf=1e6, neginf=-1e6)

    if np.sqrt(np.mean(residual(x0) ** 2)) < TOL * (1 + np.abs(target).max()):
        return False  # agrees as it stands: the checker's verdict is not about coefficients
    fit = least_squares(residual, x0, method="lm" if x0.size <= target.size else "trf",
                        max_nfev=200 * (x0.size + 1))
    rms = np.sqrt(np.mean(fit.fun ** 2))
    return bool(rms < TOL * (1 + np.abs(target).max()))
