"""Custom checks of convolution as an operation on discrete signals: finitely supported random
sequences (so a sum over all integers is exact), the DFT and circular convolution, and the
gradient of a convolution layer in its kernel through the core's ``convolve``.
"""
from __future__ import annotations

import numpy as np

from cheatsheet import nn

from ..custom import register
from ..evaluate import Val
from .nn import Injected, _batch, arr, sval, with_derivatives

# -- discrete signals ---------------------------------------------------------------------------

SUPPORT = 5  # sequences live on {0, ..., 4}; a sum over all t is exact (verify/support.py)


def _sequence(sign: int):
    """x(t) (sign 1) or x_bar(t) = x(-t) (sign -1) of a per-trial sequence whose values
    data["tab"] sit at t = off .. off + SUPPORT - 1 (data["off"], 0 when absent), 0 elsewhere."""

    def f(data, v):
        tab = data["tab"]
        T = tab.shape[0]
        off = np.asarray(data.get("off", np.zeros(T)), float)
        a = np.asarray(v.arr, float)
        if a.ndim == 0 or a.shape[0] != T:
            a = np.broadcast_to(a, (T,) + (a.shape[1:] if a.ndim else ()))
        flat = a.reshape(T, -1)
        idx = sign * np.rint(flat).astype(int) - off.astype(int)[:, None]
        inside = (idx >= 0) & (idx < tab.shape[1])
        safe = np.clip(idx, 0, tab.shape[1] - 1)
        return sval(np.where(inside, np.take_along_axis(tab, safe, 1), 0.0).reshape(a.shape))
    return f


class _Sequence(Injected):
    """A finitely supported random sequence: its values and where they sit, per trial."""

    def describe(self, i):
        off = int(self.data["off"][i])
        lo, hi = (off, off + SUPPORT - 1) if self.sign > 0 else (-off - SUPPORT + 1, -off)
        vals = [round(float(x), 4) for x in self.data["tab"][i]]
        if self.sign < 0:
            vals = vals[::-1]
        return f"{self.text}: {vals} at t = {lo}..{hi}, 0 elsewhere"

    def take(self, keep):
        return _Sequence.make(self.sign, self.text, {k: v[keep] for k, v in self.data.items()})

    @classmethod
    def make(cls, sign, text, data):
        off = data["off"]
        support = (off, off + SUPPORT - 1) if sign > 0 else (-off - SUPPORT + 1, -off)
        out = cls(_sequence(sign), text, data, support=support)
        out.sign = sign
        return out


@register("nn.sequences")
def _sequences(stmt, ctx):
    """f, g, h: random real sequences on Z with 1 to 5 non-zero values at t = off..off+4 (off = 0
    in half the trials, in -20..16 in the others); f_bar, g_bar, h_bar: the same sequences
    reversed in time, x_bar[t] = x[-t].  A sum over all integers of them is exact."""
    rng = ctx.rng("sequences")

    def extra(inst):
        T = next(iter(inst.values.values())).arr.shape[0]
        for name in ("f", "g", "h"):
            if name not in ctx.decls:
                continue
            tab = rng.normal(size=(T, SUPPORT))
            tab[np.arange(SUPPORT)[None, :] >= rng.integers(1, SUPPORT + 1, T)[:, None]] = 0.0
            # where the values sit: near 0 for half the trials, anywhere in -20..20 otherwise
            off = np.where(rng.random(T) < 0.5, 0, rng.integers(-20, 17, T)).astype(float)
            data = {"tab": tab, "off": off}
            inst.functions[name] = _Sequence.make(1, "a random sequence", data)
            if f"{name}_bar" in ctx.decls:
                inst.functions[f"{name}_bar"] = _Sequence.make(
                    -1, f"{name}_bar[t] = {name}[-t]", data)
        return {}

    return ctx.numeric(stmt, extra=extra)


def _cval(a) -> Val:
    """A column of possibly complex values."""
    a = np.asarray(a)
    return Val(a if np.iscomplexobj(a) else a.astype(float), True)


def _dft(inverse: bool):
    def f(_, v):
        a = v.arr[..., 0]
        return _cval((np.fft.ifft(a, axis=-1) if inverse else np.fft.fft(a, axis=-1))[..., None])
    return f


def _circ(_, a, b):
    x, y = a.arr[..., 0], b.arr[..., 0]
    out = np.stack([nn.circular_convolve(p.real, q.real) + 1j * nn.circular_convolve(p.imag, q.real)
                    if np.iscomplexobj(p) else nn.circular_convolve(p, q) for p, q in zip(x, y)])
    return _cval(out[..., None])


@register("nn.fourier")
def _fourier(stmt, ctx):
    """F: the discrete Fourier transform of a length-n sequence, G its inverse (numpy), c(f, h):
    the core's circular convolution (a complex first argument is convolved part by part)."""

    def extra(inst):
        inst.functions["F"] = Injected(_dft(False), "discrete Fourier transform (numpy fft)")
        inst.functions["G"] = Injected(_dft(True), "inverse discrete Fourier transform")
        inst.functions["c"] = Injected(_circ, "the core's circular_convolve")
        return {}

    return ctx.numeric(stmt, extra=extra)

# -- gradient of a convolution in its kernel ------------------------------------------------------

_KERNEL_HALF = 5  # kernel taps w_i for i = -5..5


@register("nn.conv_weight_gradient")
def _conv_weight_gradient(stmt, ctx):
    """f = y^{(l-1)} (the layer input) and g = dR/dy^{(l)} (the gradient at the layer output):
    random sequences on {0, ..., 4} as in ``nn.sequences``; f_bar the time reversal of f
    (rot180).  D(i) = dR/dw_i for the layer y^{(l)} = f * w (the core's true convolution
    ``convolve``, full mode, kernel taps w_{-5}..w_5) and R = sum_k g[k] y^{(l)}[k]: R is linear
    in w, so dR/dw_i is R evaluated at the unit kernel e_i, one run of the core per tap.  W(o), Y(k):
    a random kernel and the layer's output f * W through the core, for a line that states the
    layer beside its gradient."""
    rng = ctx.rng("sequences")
    P = _KERNEL_HALF

    def table(T):
        tab = rng.normal(size=(T, SUPPORT))
        tab[np.arange(SUPPORT)[None, :] >= rng.integers(1, SUPPORT + 1, T)[:, None]] = 0.0
        return tab

    def grad_fn(data, v):
        idx = np.rint(v.arr).astype(int) + P
        inside = (idx >= 0) & (idx <= 2 * P)
        safe = np.clip(idx, 0, 2 * P)
        return sval(np.where(inside, data["tab"][np.arange(len(safe)), safe], np.nan))

    def extra(inst):
        T = next(iter(inst.values.values())).arr.shape[0]
        f, g = table(T), table(T)
        D = np.full((T, 2 * P + 1), np.nan)
        taps = np.clip(np.rint(arr(inst, "i")).astype(int) + P, 0, 2 * P)  # only the tap asked for
        for t in range(T):
            for j in (taps[t],):
                e = np.zeros(2 * P + 1)
                e[j] = 1.0
                y = nn.convolve(f[t], e, mode="full")  # y[k] sits at index k + P
                D[t, j] = float(g[t] @ y[P:P + SUPPORT])
        at0 = np.zeros(T)  # the layer's signals sit at 0..4 (the core's convolve indexes so)
        inst.functions["f"] = _Sequence.make(1, "y^(l-1): a random sequence", {"tab": f, "off": at0})
        inst.functions["f_bar"] = _Sequence.make(-1, "rot180(y^(l-1))", {"tab": f, "off": at0})
        inst.functions["g"] = _Sequence.make(1, "dR/dy^(l): a random sequence", {"tab": g, "off": at0})
        inst.functions["D"] = Injected(grad_fn, "dR/dw_i through the core's convolve", {"tab": D})
        # the layer itself, for a line that states it: W(o) a random kernel (taps -P..P), Y(k) the
        # core's convolve of f with it
        w = rng.normal(size=(T, 2 * P + 1))
        y = np.stack([nn.convolve(a, b, mode="full") for a, b in zip(f, w)])  # Y(k) at k + P
        inst.functions["W"] = _signal_fn("w", P, "a random kernel, taps -5..5", 2 * P + 1)({"w": w})
        inst.functions["Y"] = _signal_fn("y", P, "f * W through the core's convolve",
                                         y.shape[1])({"y": y})
        return {}

    return ctx.numeric(stmt, extra=extra)


def _signal_fn(key, shift, text, width=None):
    """A function of integer arguments (k, i, ...) reading the per-trial signal data[key], stored
    from position -shift on: value at the first argument minus the others, 0 off the table.
    With the table's ``width``, its support -shift .. width - 1 - shift as a sequence of one
    argument, so a sum over all integers of a term holding it is exact (verify/support.py)."""

    def f(data, *args):
        tab = data[key]
        T, n = tab.shape
        pos = np.broadcast_to(np.rint(np.asarray(args[0].arr, float)).astype(int), (T,)).copy()
        for a in args[1:]:
            pos -= np.broadcast_to(np.rint(np.asarray(a.arr, float)).astype(int), (T,))
        idx = pos + shift
        inside = (idx >= 0) & (idx < n)
        return sval(np.where(inside, tab[np.arange(T), np.clip(idx, 0, n - 1)], 0.0))

    support = None if width is None else (-shift, width - 1 - shift)
    return lambda data: Injected(f, text, data, support=support)


def _one_offset(stmt, names):
    """Each call s(k, i, ...) of a signal in ``names`` as s(k - i - ...), the one position it
    reads (``_signal_fn``): a factor of one argument with a finite support confines a sum over
    all k (verify/support.py), so sum_k dR/dy_i dy_k/dw_i is summed exactly, not left
    unevaluated."""
    import sympy as sp

    from cheatsheet.statement import Relation, Statement

    def swap(e):
        reps = {c: sp.Function(type(c).__name__)(c.args[0] - sp.Add(*c.args[1:]))
                for c in e.atoms(sp.core.function.AppliedUndef)
                if type(c).__name__ in names and len(c.args) > 1}
        return e.xreplace(reps)

    rel = lambda r: Relation(swap(r.lhs), r.op, swap(r.rhs))  # noqa: E731
    return Statement(tuple(rel(r) for r in stmt.relations),
                     None if stmt.expr is None else swap(stmt.expr),
                     tuple(rel(r) for r in stmt.premises), latex=stmt.latex)


@register("nn.conv_weight_chain")
def _conv_weight_chain(stmt, ctx):
    """The layer y = f * w of the core (true convolution ``convolve``, kernel taps w_{-5}..w_5,
    f a random sequence on {0..4}) and R = sum_k g_k y_k (g a random sequence on {0..4}).  The
    derivatives the formula names, as functions of the integer positions: dR/dw_i = sum_k g_k
    f_{k-i}, dR/dy_k = g_k, dy_k/dw_i = f_{k-i}, and dc_k/dw_i = y_{k-i} for c = y * w, the
    filter applied once more to the layer's output y (held fixed); f and f_bar (rot180) are the
    layer input itself, for a derivation that goes on to write the gradient with it."""
    rng = ctx.rng("sequences")
    P = _KERNEL_HALF
    stmt = _one_offset(with_derivatives(stmt, {("R", "w"): "dR_dw", ("R", "y"): "dR_dy",
                                               ("y", "w"): "dy_dw", ("c", "w"): "dc_dw"},
                                        calls=True), ("dR_dw", "dR_dy", "dy_dw", "dc_dw"))

    def extra(inst):
        T = _batch(inst)
        f = rng.normal(size=(T, SUPPORT)) * (np.arange(SUPPORT) < rng.integers(1, SUPPORT + 1, (T, 1)))
        g = rng.normal(size=(T, SUPPORT))
        w = rng.normal(size=(T, 2 * P + 1))
        y = np.stack([nn.convolve(a, b, mode="full") for a, b in zip(f, w)])  # y_k at index k + P
        # dR/dw_i at index i + P is R at the unit kernel e_i: the layer with every unit kernel at
        # once (one batched conv1d of the core; flipped kernels and full padding make it convolve)
        units = np.eye(2 * P + 1)[:, None, ::-1]
        ys = nn.conv1d(f[:, None, :], units, padding=2 * P)  # (T, taps, SUPPORT + 2P)
        grad = np.einsum("tk,tjk->tj", g, ys[:, :, P:P + SUPPORT])
        fns = {"dR_dw": ("grad", P, "dR/dw_i through the core's convolve", grad),
               "dR_dy": ("g", 0, "dR/dy_k: a random sequence on {0..4}", g),
               "dy_dw": ("f", 0, "dy_k/dw_i = f_{k-i}, f a random sequence on {0..4}", f),
               "dc_dw": ("y", P, "dc_k/dw_i = y_{k-i}, y = f * w from the core", y)}
        for name, (key, shift, text, tab) in fns.items():
            inst.functions[name] = _signal_fn(key, shift, text, tab.shape[1])({key: tab})
        at0 = np.zeros(T)  # the layer's input itself, for a derivation that writes it out
        inst.functions["f"] = _Sequence.make(1, "y^(l-1): a random sequence", {"tab": f, "off": at0})
        inst.functions["f_bar"] = _Sequence.make(-1, "rot180(y^(l-1))", {"tab": f, "off": at0})
        return {}

    return ctx.numeric(stmt, extra=extra)
