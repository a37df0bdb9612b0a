"""Custom checks of linear recurrences on the NumPy core: the eigendecomposition of a symmetric
recurrence, the LRU's eigenvalues and its ring initialisation, and a linear recurrence run in
its eigenbasis along one trajectory.
"""
from __future__ import annotations

import numpy as np

from cheatsheet import nn

from ..custom import register
from ..evaluate import Val
from .nn import arr, mval, sval
from .rnn_cells import names_in


@register("nn.eig_symmetric")
def _eig(stmt, ctx):
    """P, Lambda: an eigendecomposition A = P Lambda P^{-1} of the symmetric A (eigenvectors in
    the columns of P); B_tilde = P^{-1} B; z_next = A z + B x (the recurrence's next state),
    xi = P^{-1} z, xi_prime = P^{-1} z_next."""

    def extra(inst):
        A = arr(inst, "A")
        lam, P = np.linalg.eigh(A)
        Pi = np.linalg.inv(P)
        out = {"P": mval(P), "Lambda": mval(lam[..., None] * np.eye(A.shape[-1]))}
        if "B" in inst.values:
            B, z, x = arr(inst, "B"), arr(inst, "z"), arr(inst, "x")
            zn = A @ z + B @ x
            out.update({"B_tilde": mval(Pi @ B), "xi": mval(Pi @ z), "xi_prime": mval(Pi @ zn)})
        return out

    return ctx.numeric(stmt, extra=extra)


@register("nn.lru_eigenvalues")
def _lru(stmt, ctx):
    """lambda_i: the core's lru_eigenvalues(nu_i, phi_i) (complex); i is the imaginary unit."""

    def extra(inst):
        nu, phi = arr(inst, "nu_i"), arr(inst, "phi_i")
        lam = nn.lru_eigenvalues(nu, phi)
        return {"lambda_i": Val(lam, False), "i": Val(np.full(nu.shape, 1j), False)}

    return ctx.numeric(stmt, extra=extra)


@register("nn.ring_sample")
def _ring(stmt, ctx):
    """z: the core's sample_ring(1, r_1, r_2, rng) with a fresh generator per trial; u_1, u_2
    are the uniforms that generator gives (the core draws u_1 first, then u_2)."""
    seeds = ctx.rng("ring").integers(0, 2 ** 32, 10_000)

    def extra(inst):
        r1, r2 = arr(inst, "r_1"), arr(inst, "r_2")
        T = r1.shape[0]
        z, u1, u2 = np.empty(T, complex), np.empty(T), np.empty(T)
        for t in range(T):
            z[t] = nn.sample_ring(1, float(r1[t]), float(r2[t]), np.random.default_rng(seeds[t]))[0]
            g = np.random.default_rng(seeds[t])
            u1[t], u2[t] = g.random(1)[0], g.random(1)[0]
        return {"z": Val(z, False), "u_1": sval(u1), "u_2": sval(u2),
                "i": Val(np.full(T, 1j), False)}

    return ctx.numeric(stmt, extra=extra)


# -- a linear recurrence along one trajectory -----------------------------------------------------

@register("nn.linear_recurrence")
def _linear_recurrence(stmt, ctx):
    """A = P diag(lambda) P^{-1} with a random well-conditioned P and real eigenvalues
    lambda = the core's lru_eigenvalues(nu, 0) in (0, 1); z_{t+1} is the core's lru run for one
    step in the eigenbasis (h0 = P^{-1} z_t, b = P^{-1} B, c = P), i.e. mapped back by P.
    Every member of z and x the formula names has its value along one run of that recurrence
    (the same A and B at every step; verify/trajectory.py)."""
    from ..trajectory import Recurrence

    rng = ctx.rng("lru")
    walk = ctx.rng("trajectory")
    used = names_in(stmt)

    def extra(inst):
        z, B = arr(inst, "z_t")[..., 0], arr(inst, "B")
        T, m = z.shape
        A, Ps, nus = np.empty((T, m, m)), [], []
        for s in range(T):
            P = np.eye(m) + 0.4 * rng.normal(size=(m, m)) / np.sqrt(m)
            nu = rng.uniform(-3.0, 1.0, m)
            lam = nn.lru_eigenvalues(nu, np.zeros(m)).real
            A[s] = P @ np.diag(lam) @ np.linalg.inv(P)
            Ps.append(P)
            nus.append(nu)

        def step(path, k):
            zk, xk = path["z", k][..., 0], path.fresh("x", k)[..., 0]
            zn = np.empty((T, m))
            for s in range(T):
                P, Pi = Ps[s], np.linalg.inv(Ps[s])
                zn[s] = nn.lru(xk[s][None, None], nus[s], np.zeros(m), Pi @ B[s], P,
                               h0=(Pi @ zk[s])[None])[0, 0]
            path["z", k + 1] = zn[..., None]

        rec = Recurrence(state={"z": (0,)}, lead={"z": 1, "x": 0}, step=step,
                         matrix=frozenset({"z", "x"}))
        return {"A": mval(A), **rec.members(inst, used, walk)}

    return ctx.numeric(stmt, extra=extra)
