"""Custom checks of the unsupervised-learning claims (k-means, EM for a Gaussian mixture, PCA).

* ``unsupervised.sample_mean``: x_bar is NumPy's mean of the samples x_i.
* ``unsupervised.gmm_mstep``: the M-step of one component is the weighted maximum-likelihood
  Gaussian: mu_k and Sigma_k are NumPy's weighted mean and weighted covariance (np.average,
  np.cov with aweights = r, bias=True) of the samples, N_k = sum_i r_i.  Written with r_ik (an
  N x K matrix, rows made responsibilities), the formula is decided for each component k; pi_k maximises
  sum_i sum_k r_ik log pi_k over the simplex, found numerically (scipy, softmax parameters).
* ``unsupervised.pca``: X is centred; the eigenvalues lambda (descending) of the sample
  covariance come from np.cov and eigvalsh, the singular values s and the top right singular
  vector v_1 of the centred X from np.linalg.svd: two independent routines the formulas relate.
"""
from __future__ import annotations

import numpy as np
from scipy import optimize, special

from ..custom import register
from ..evaluate import Val


def _mval(a) -> Val:
    return Val(np.asarray(a, float), True)


def _sval(a) -> Val:
    return Val(np.asarray(a, float), False)


@register("unsupervised.sample_mean")
def _sample_mean(stmt, ctx):
    def extra(inst):
        x = inst.values["x"].arr  # (T, D, N): columns are the samples
        return {"x_bar": _mval(x.mean(axis=-1, keepdims=True))}

    return ctx.numeric(stmt, extra=extra)


def _mixture_weight(r: np.ndarray) -> np.ndarray:
    """argmax over the simplex of sum_ik r_ik log pi_k, by BFGS on softmax parameters."""
    K = r.shape[1]

    def f(theta):
        return -(r * special.log_softmax(theta)).sum()

    def grad(theta):
        return -(r.sum(axis=0) - r.sum() * special.softmax(theta))

    res = optimize.minimize(f, np.zeros(K), jac=grad, method="BFGS", options={"gtol": 1e-12})
    return special.softmax(res.x)


# sizes for a mixture of two components: (N samples, D dimensions)
_TWO_COMPONENTS = [{"K": 2, "N": n, "D": d} for n, d in ((3, 2), (5, 1), (4, 3), (6, 2))]


@register("unsupervised.gmm_mstep")
def _gmm_mstep(stmt, ctx):
    rng = ctx.rng("responsibilities")

    def extra(inst, k=None):
        out = {}
        if "x" in inst.values:
            x = inst.values["x"].arr
            if k is None:  # the responsibilities r_i of one component
                r = inst.values["r"].arr[..., 0]
            else:  # r_ik: rows made responsibilities (a softmax), column k is the component's
                R = special.softmax(2 * inst.values["r"].arr, axis=-1)
                out["r"] = _mval(R)
                out["k"] = Val(np.asarray(float(k)))
                r = R[..., k - 1]
            mus, covs = [], []
            for t in range(len(x)):
                mus.append(np.average(x[t], axis=1, weights=r[t]))
                covs.append(np.atleast_2d(np.cov(x[t], aweights=r[t], bias=True)))
            out.update({"mu_k": _mval(np.array(mus)[..., None]), "Sigma_k": _mval(np.array(covs)),
                        "N_k": _sval(r.sum(axis=-1))})
        if "pi_k" in ctx.decls:  # component 1 of K = 3 with responsibilities summing to 1
            N = np.rint(inst.values["N"].arr).astype(int)
            pis, nks = [], []
            for n in N:
                r = special.softmax(rng.normal(size=(int(n), 3)) * 2, axis=1)
                pis.append(_mixture_weight(r)[0])
                nks.append(r[:, 0].sum())
            out.update({"pi_k": _sval(pis), "N_k": _sval(nks)})
        return out

    if "k" not in ctx.decls or ctx.decls["r"].domain != "matrix":
        return ctx.numeric(stmt, extra=extra)
    # r_ik with a free component index k: decided for each k of a two-component mixture
    ev = None
    for k in (1, 2):
        ev = ctx.numeric(stmt, extra=lambda inst, k=k: extra(inst, k), dims=_TWO_COMPONENTS,
                         trials=max(8, ctx.options.trials // 2))
        if ev.verdict != "passed":
            return ev
    return ev


@register("unsupervised.pca")
def _pca(stmt, ctx):
    rng = ctx.rng("component")

    def extra(inst):
        X = inst.values["X"].arr
        Xc = X - X.mean(axis=-2, keepdims=True)
        inst.values["X"] = _mval(Xc)
        lam, s, v1, lj, sj = [], [], [], [], []
        for t in range(len(Xc)):
            ev = np.sort(np.linalg.eigvalsh(np.atleast_2d(np.cov(Xc[t], rowvar=False))))[::-1]
            _, sv, Vt = np.linalg.svd(Xc[t], full_matrices=False)
            D = Xc.shape[-1]
            sv = np.concatenate([sv, np.zeros(D - len(sv))])
            j = rng.integers(D)
            lam.append(ev)
            s.append(sv)
            v1.append(Vt[0])
            lj.append(ev[j])
            sj.append(sv[j])
        out = {"lambda": _mval(np.array(lam)[..., None]), "s": _mval(np.array(s)[..., None]),
               "v_1": _mval(np.array(v1)[..., None]), "lambda_j": _sval(lj), "s_j": _sval(sj)}
        return {k: v for k, v in out.items() if k in ctx.decls}

    return ctx.numeric(stmt, extra=extra)
