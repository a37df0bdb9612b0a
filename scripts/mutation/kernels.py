"""Mutants of 'a kernel's Gram form is nonnegative' shown true by the closure rules of positive
semi-definite kernels, without the claim's check: sum_i sum_j c_i c_j k(x_i, x_j) >= 0 holds
for every c and every points whenever k is built by

  a linear kernel <g(i), g(j)>, a product f(i) f(j), a nonnegative constant;
  sums and products of such kernels (Schur), whole positive powers of one;
  exp of one, or exp(-c d) for c >= 0 and d conditionally negative definite: a Euclidean
  distance ||g(i) - g(j)||^a with 0 < a <= 2, times c >= 0, or a sum of such (Schoenberg).

So (x_i^T x_j + r)^{2p} (r >= 0) and exp(-||x_i - x_j|| / 2 sigma^2) (the Laplace kernel) are
shown true; exp(+||x_i - x_j||^2) is not."""
from __future__ import annotations

from .forms import changed_relations


def _swap(e, i, j):
    import sympy as sp

    t = sp.Dummy("t", integer=True)
    return e.xreplace({i: t}).xreplace({j: i}).xreplace({t: j})


def _split(factors, i, j):
    fi, fj, both, rest = [], [], [], []
    for f in factors:
        has_i, has_j = f.has(i), f.has(j)
        (both if has_i and has_j else fi if has_i else fj if has_j else rest).append(f)
    return fi, fj, both, rest


def _psd(k, i, j) -> bool:
    """k(i, j) is a positive semi-definite kernel by the closure rules above."""
    import sympy as sp

    from cheatsheet import ops

    from .truth import _nonnegative

    if not k.has(i) and not k.has(j):
        return _nonnegative(k)
    if isinstance(k, sp.Add):
        return all(_psd(a, i, j) for a in k.args)
    if isinstance(k, sp.Mul):
        fi, fj, both, rest = _split(k.args, i, j)
        if _swap(sp.Mul(*fi), i, j) != sp.Mul(*fj):
            return False  # f(i) f(j): rank one, only when the two halves are one function
        return _nonnegative(sp.Mul(*rest)) and all(_psd(b, i, j) for b in both)
    if isinstance(k, sp.Pow):
        e = k.exp
        return bool(e.is_integer and e.is_positive) and _psd(k.base, i, j)
    if isinstance(k, sp.exp):
        arg = k.args[0]
        return _psd(arg, i, j) or _cnd(-arg, i, j)
    if isinstance(k, ops.Inner) and len(k.args) == 2:
        a, b = k.args
        return a.has(i) and not a.has(j) and _swap(a, i, j) == b
    return False


def _distance(e, i, j) -> bool:
    """e is ||g(i) - g(j)|| (Euclidean)."""
    import sympy as sp

    from cheatsheet import ops

    if not isinstance(e, ops.Norm) or (len(e.args) > 1 and e.args[1] != 2):
        return False
    d = e.args[0]
    terms = d.args if isinstance(d, (sp.Add, sp.MatAdd)) else (d,)
    if len(terms) != 2:
        return False
    for a, b in (terms, terms[::-1]):
        if a.has(i) and not a.has(j) and _swap(a, i, j) == -b:
            return True
        if isinstance(b, sp.MatMul) and b.args[0] == -1 and _swap(a, i, j) == sp.MatMul(
                *b.args[1:]) and a.has(i) and not a.has(j):
            return True
    return False


def _cnd(d, i, j) -> bool:
    """d(i, j) is conditionally negative definite: nonnegative multiples and sums of
    Euclidean distances to a power in (0, 2]."""
    import sympy as sp

    from .truth import _nonnegative

    if isinstance(d, sp.Add):
        return all(_cnd(a, i, j) for a in d.args)
    if isinstance(d, sp.Mul):
        _, _, both, rest = _split(d.args, i, j)
        return len(both) == 1 and len(rest) == len(d.args) - 1 \
            and _nonnegative(sp.Mul(*rest)) and _cnd(both[0], i, j)
    if isinstance(d, sp.Pow):
        a = d.exp
        return bool(a.is_number and 0 < a <= 2) and _distance(d.base, i, j)
    return _distance(d, i, j)


def _gram_form(side):
    """(body, i, j) of sum_i sum_j body over one range for both, else None."""
    import sympy as sp

    if not isinstance(side, sp.Sum) or len(side.limits) != 2:
        return None
    (j, lo1, hi1), (i, lo2, hi2) = side.limits
    if (lo1, hi1) != (lo2, hi2) or i == j:
        return None
    return side.function, i, j


def kernel_psd(claim, latex: str) -> bool:
    """Each relation the mutant changes states sum_i sum_j c_i c_j k(i, j) >= 0 (or 0 <= it)
    with k positive semi-definite by the closure rules; the others are the canonical ones."""
    import sympy as sp

    changed = changed_relations(claim, latex, ops=True)
    if not changed:
        return False
    for _, rm in changed:
        side = rm.lhs if rm.op == ">=" and rm.rhs == 0 else \
            rm.rhs if rm.op == "<=" and rm.lhs == 0 else None
        form = _gram_form(side) if side is not None else None
        if form is None:
            return False
        body, i, j = form
        try:
            if not _psd(sp.Mul(*sp.Mul.make_args(body)), i, j):
                return False
        except Exception:  # noqa: BLE001 - a form the rules cannot take apart shows nothing
            return False
    return True
