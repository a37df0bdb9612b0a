"""A joint Gaussian written with its precision matrix Lambda = Sigma^{-1}, cut into blocks
(a, b): the conditional law of x_a given x_b and the marginal covariance of x_a, decided from
the covariance, never from the precision-form closed forms.

The joint covariance Sigma is a random positive definite matrix; Lambda's blocks are cut from
its inverse.  The truth comes by the covariance route: the conditional mean
mu_a + Sigma_ab Sigma_bb^{-1} (x_b - mu_b), the conditional covariance (the Schur complement)
Sigma_aa - Sigma_ab Sigma_bb^{-1} Sigma_ba, the marginal covariance the block Sigma_aa itself.
"""
from __future__ import annotations

import numpy as np
import sympy as sp
from scipy import stats

from cheatsheet.latex import Given
from cheatsheet.statement import Relation, Statement

from ..custom import register
from ..evaluate import EvalError, Val


def _law_parts(rhs):
    """(mean, covariance) of a right side N(mean, cov) or N(x_a | mean, cov), else None."""
    if not (isinstance(rhs, sp.core.function.AppliedUndef) and type(rhs).__name__ == "N"):
        return None
    if len(rhs.args) == 1 and isinstance(rhs.args[0], Given) and len(rhs.args[0].args[1]) == 2:
        return tuple(rhs.args[0].args[1])
    if len(rhs.args) == 2:
        return tuple(rhs.args)
    return None


def _joint(rng, T, e, f):
    B = rng.normal(size=(T, e + f, e + f))
    S = B @ np.swapaxes(B, -1, -2) + 0.3 * np.eye(e + f)
    return S, np.linalg.inv(S)


@register("probability.gaussian_precision_blocks")
def _precision_blocks(stmt, ctx):
    """Conditional law N(mean, cov) of x_a given x_b, and Sigma_aa, for a joint Gaussian given
    by precision blocks (module docstring)."""
    e_sym, f_sym = (ctx.decls.sympy(n) for n in ("e", "f"))
    rels = []
    for r in stmt.relations:
        parts = _law_parts(r.rhs)
        if parts is not None:  # p(x_a | x_b) = N(mean, cov): compare the two parameters
            mean, cov = parts
            rels.append(Relation(mean, "=", sp.MatrixSymbol("cond_mean", e_sym, 1)))
            rels.append(Relation(cov, "=", sp.MatrixSymbol("cond_cov", e_sym, e_sym)))
        elif isinstance(r.rhs, sp.core.function.AppliedUndef) and type(r.rhs).__name__ == "N":
            raise EvalError("expected a right side N(mean, covariance)")
        else:
            rels.append(r)
    st = Statement(tuple(rels), None, stmt.premises, latex=stmt.latex)
    rng = ctx.rng("joint")

    def extra(inst):
        e, f = inst.dims["e"], inst.dims["f"]
        T = next(v.arr.shape[0] for v in inst.values.values() if v.nbatch >= 1)
        S, P = _joint(rng, T, e, f)
        out = {"Lambda_aa": P[:, :e, :e], "Lambda_ab": P[:, :e, e:], "Lambda_ba": P[:, e:, :e],
               "Lambda_bb": P[:, e:, e:], "Sigma_aa": S[:, :e, :e], "Sigma_ab": S[:, :e, e:],
               "Sigma_ba": S[:, e:, :e], "Sigma_bb": S[:, e:, e:]}
        out = {k: Val(v, True) for k, v in out.items()}
        if "x_b" in inst.values and "mu_a" in inst.values and "mu_b" in inst.values:
            xb, ma, mb = (np.asarray(inst.values[n].arr, float) for n in ("x_b", "mu_a", "mu_b"))
            gain = S[:, :e, e:] @ np.linalg.inv(S[:, e:, e:])
            out["cond_mean"] = Val(ma + gain @ (xb - mb), True)
            out["cond_cov"] = Val(S[:, :e, :e] - gain @ S[:, e:, :e], True)
        return out

    return ctx.numeric(st, extra=extra)


@register("information.gaussian_entropy_precision")
def _entropy_precision(stmt, ctx):
    """H, the differential entropy (nats) of N(mu, Lambda^{-1}) for the instance's precision
    Lambda, computed by SciPy from the covariance Lambda^{-1}, never from a closed form in
    Lambda.  The claim declares no covariance: a sheet's precision letter can then only be read
    as the claim's precision, never as a covariance a renaming would make the sign slip right.
    Only a statement that gives the entropy a name of its own (H = ...) is decided: H[p] read
    as a product, or a left side that is anything else, is no statement of this entropy."""
    for r in stmt.relations:
        if not (isinstance(r.lhs, sp.Symbol) and r.lhs.name == "H"):
            raise EvalError("the entropy is decided only where the line names it H = ...")

    def extra(inst):
        P = np.asarray(inst.values["Lambda"].arr, float)
        P = P.reshape((-1,) + P.shape[-2:])
        h = np.array([stats.multivariate_normal(cov=np.linalg.inv(p)).entropy() for p in P])
        return {"H": Val(h)}

    return ctx.numeric(stmt, extra=extra)
