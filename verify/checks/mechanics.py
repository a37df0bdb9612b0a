"""Custom checks of the deep-learning mechanics claims (dense-layer backprop, batch and layer
norm, initialisation variances, parameter counts, receptive fields).

Each check computes what the formula names by an independent route and puts it in place of the
named quantity before the standard numeric comparison, so the canonical form and every sheet's
version are decided by the same computation:

* ``mechanics.dense_layer``: z is set to W x + b, so dL(z)/dz is the upstream gradient at the
  layer's output; both sides are finite differences of a random smooth L.
  ``mechanics.dense_layer_named`` reads the sheets' shorthand dL/dW = delta x^T: L and delta
  are rewritten as the loss through the layer and its gradient at z.
* ``mechanics.normalisation``: the layer output y(x) is a NumPy batch-norm layer (training-mode
  statistics with the biased variance, as torch.nn.BatchNorm1d and LayerNorm normalise), so
  ``\\frac{\\partial}{\\partial x} g^\\top y(x)`` is a finite difference of the layer itself.
* ``mechanics.init``: the weight variance that keeps the second moment of the signal (forward)
  or of the gradient (backward) constant, from E[f(z)^2] and E[f'(z)^2] under N(0, 1) by
  quadrature (scipy), and the uniform bound with that variance by root finding on scipy's law.
* ``mechanics.parameters``: parameters counted on constructed layers of ``cheatsheet.nn`` (a
  forward pass checks that the shapes fit).
* ``mechanics.receptive_field``: the input positions one output of a stack of convolutions
  depends on, followed down the stack from the definition of a strided, dilated convolution
  (the tests check it against the input-gradient support of ``cheatsheet.nn`` conv1d stacks).
"""
from __future__ import annotations

import itertools
import math
from functools import lru_cache

import numpy as np
import sympy as sp

from cheatsheet import ops
from cheatsheet.statement import Relation, Statement
from ..custom import register
from ..evaluate import Distribution, EvalError, Val
from ..functions import _p
from .theory import replace


def _mval(a) -> Val:
    return Val(np.asarray(a, float), True)


def _sval(a) -> Val:
    return Val(np.asarray(a, float), False)


def _ints(inst, name) -> np.ndarray:
    return np.rint(inst.values[name].arr).astype(int)


# -- dense layer -------------------------------------------------------------------------------

@register("mechanics.dense_layer")
def _dense(stmt, ctx):
    """z is the pre-activation W x + b of the layer on every instance."""

    def extra(inst):
        W, x, b = (inst.values[n].arr for n in ("W", "x", "b"))
        return {"z": _mval(W @ x + b)}

    return ctx.numeric(stmt, extra=extra)


@register("mechanics.dense_layer_named")
def _dense_named(stmt, ctx):
    """The sheets' shorthand: L stands for the loss L(z) of the layer's output z = W x + b and
    delta for dL/dz.  Every L(W), L(x), L(b) of the formula (the reader's reading of dL/dW,
    dL/dx, dL/db) becomes L(W x + b), delta becomes dL(z)/dz, and z is set to W x + b."""
    from cheatsheet.latex import parse
    from sympy.core.function import AppliedUndef

    def expr(latex):
        return parse(latex, ctx.decls, layout=ctx.options.layout).expr

    through = expr(r"L(W x + b)")
    delta = expr(r"\frac{\partial L(z)}{\partial z}")
    layer_args = {ctx.decls.sympy(n) for n in ("W", "x", "b")}
    delta_sym = ctx.decls.sympy("delta")

    def rule(e):
        if (isinstance(e, AppliedUndef) and type(e).__name__ == "L" and len(e.args) == 1
                and e.args[0] in layer_args):
            return through
        if e == delta_sym:
            return delta
        return None

    return _dense(replace(stmt, rule), ctx)


# -- batch norm and layer norm -----------------------------------------------------------------

class _Normalise:
    """x -> gamma (x - mean) / sqrt(var + eps) + beta over the entries of the column x (the batch
    of one feature for BN, the features of one sample for LN); var is the biased variance.
    gamma and beta are per-trial scalars (BN of one feature) or columns (LN)."""

    def __init__(self, gamma, beta, eps, label):
        self.gamma, self.beta, self.eps, self.label = gamma, beta, eps, label

    def _param(self, p, x: Val):
        if p.ndim == 1:
            return _p(p, x, 2)
        return p.reshape((p.shape[0],) + (1,) * (x.nbatch - 1) + p.shape[1:])

    def __call__(self, x: Val) -> Val:
        a = x.arr
        mean = a.mean(axis=-2, keepdims=True)
        var = a.var(axis=-2, keepdims=True)
        xhat = (a - mean) / np.sqrt(var + _p(self.eps, x, 2))
        return Val(self._param(self.gamma, x) * xhat + self._param(self.beta, x), True)

    def take(self, keep):
        return _Normalise(self.gamma[keep], self.beta[keep], self.eps[keep], self.label)

    def describe(self, i):
        return f"the {self.label} layer with eps = {float(self.eps[i]):.4g}"


@register("mechanics.normalisation")
def _normalisation(stmt, ctx):
    """y(x) is the layer; the batch statistics from NumPy's mean and var; x_hat is the output
    of the layer with gain 1 and shift 0."""

    def extra(inst):
        x = inst.values["x"].arr
        eps = inst.values["epsilon"].arr
        g = inst.values["gamma"].arr if "gamma" in inst.values else np.ones(len(x))
        b = inst.values["beta"].arr if "beta" in inst.values else np.zeros(len(x))
        if "y" in ctx.decls:  # the layer's output as a function of its input
            inst.functions["y"] = _Normalise(g, b, eps, "batch norm")
        mean = x.mean(axis=-2)[..., 0]
        var = x.var(axis=-2)[..., 0]
        out = {}
        for mu, sigma in (("mu_B", "sigma_B"), ("mu", "sigma")):
            if mu in ctx.decls:
                out[mu] = _sval(mean)
            if sigma in ctx.decls:
                out[sigma] = _sval(np.sqrt(var))
        if "x_hat" in ctx.decls:  # the layer's output with gain 1 and shift 0
            plain = _Normalise(np.ones(len(x)), np.zeros(len(x)), eps, "")
            out["x_hat"] = plain(inst.values["x"])
        return out

    free = [d.name for d in ctx.decls if d.kind == "index" and d.name in ("i", "j")
            and "x_hat" in ctx.decls and d.name not in _bound_names(stmt)]
    if not free:
        return ctx.numeric(stmt, extra=extra)
    # an entry formula (x_hat_i = ...): decided for every entry of batches of 3
    (size,) = [d.name for d in ctx.decls if d.kind == "dim"]
    ev = None
    for k in (1, 2, 3):
        def with_index(inst, k=k):
            out = extra(inst)
            out.update({n: Val(np.asarray(float(k))) for n in free})
            return out

        ev = ctx.numeric(stmt, extra=with_index, dims=[{size: 3}], trials=max(8, ctx.options.trials // 3))
        if ev.verdict != "passed":
            return ev
    return ev


def _bound_names(stmt) -> set[str]:
    """Names bound by a sum or product of the statement."""
    out = set()
    exprs = [r.lhs for r in stmt.relations] + [r.rhs for r in stmt.relations]
    for e in exprs:
        for node in sp.preorder_traversal(e):
            if isinstance(node, (sp.Sum, sp.Product)):
                out |= {getattr(lim[0], "name", str(lim[0])) for lim in node.limits}
    return out


# -- initialisation ----------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _gauss_moment(f) -> float:
    """E[f(z)^2] for z ~ N(0, 1), by quadrature."""
    from scipy import integrate, stats

    val, _ = integrate.quad(lambda z: f(z) ** 2 * stats.norm.pdf(z), -np.inf, np.inf)
    return val


_RELU = lambda z: max(z, 0.0)  # noqa: E731
_RELU_PRIME = lambda z: 1.0 if z > 0 else 0.0  # noqa: E731
_LINEAR = lambda z: z  # noqa: E731
_LINEAR_PRIME = lambda z: 1.0  # noqa: E731


def _preserving(fan, f) -> np.ndarray:
    """The weight variance v with fan * v * E[f(z)^2] = 1: the second moment of what a layer of
    that fan passes on is kept (forward: f the activation; backward: f its derivative)."""
    return 1.0 / (fan * _gauss_moment(f))


def _xavier(n_in, n_out):
    """Glorot and Bengio's compromise: the harmonic mean of the forward-preserving (fan-in) and
    backward-preserving (fan-out) variances of a linear unit."""
    fwd, bwd = _preserving(n_in, _LINEAR), _preserving(n_out, _LINEAR_PRIME)
    return 2.0 / (1.0 / fwd + 1.0 / bwd)


@lru_cache(maxsize=None)
def _bound_of(v: float) -> float:
    """a with Var(U(-a, a)) = v, by root finding on scipy's uniform law."""
    from scipy import optimize, stats

    return optimize.brentq(lambda a: stats.uniform.var(loc=-a, scale=2 * a) - v, 1e-9, 1e3,
                           xtol=1e-14)


def _uniform_bound(var) -> np.ndarray:
    return np.array([_bound_of(float(v)) for v in np.atleast_1d(var)])


# claim id -> the variance of the scheme, from the fans
_INIT = {
    "init.he": lambda i, o: _preserving(i, _RELU),
    "init.he_uniform": lambda i, o: _preserving(i, _RELU),
    "init.lecun": lambda i, o: _preserving(i, _LINEAR),
    "init.xavier": _xavier,
    "init.xavier_uniform": _xavier,
}


def _weight_variance(e, var_sym):
    """Var(c W + d) = c^2 times the scheme's variance, for one weight W (a name of the family
    W: the matrix or any of its entries, all drawn alike) and numbers c, d; None for anything
    else, which has no value here (NaN: it decides nothing; a check that replaced every Var
    node by the variance could not tell Var(2 W_ij) from Var(W_ij))."""
    from ..scope import family

    if not isinstance(e, ops.Var):
        return None
    (arg,) = e.args if len(e.args) == 1 else (None,)
    weights = [x for x in getattr(arg, "free_symbols", ()) if family(x.name)[0] == "W"]
    if arg is None or len(weights) != 1 or arg.free_symbols != set(weights):
        return sp.nan
    (w,) = weights
    poly = sp.Poly(arg, w) if arg.is_polynomial(w) else None
    if poly is None or poly.degree() != 1:
        return sp.nan
    return poly.coeffs()[0] ** 2 * var_sym


@register("mechanics.init")
def _init(stmt, ctx):
    """Var(W_ij) is the scheme's variance (Var(c W_ij + d) c^2 times it, ``_weight_variance``);
    a is the bound of the uniform law with that variance."""
    scheme = _INIT[ctx.claim_id]
    var_sym = sp.Symbol("var_init")
    st = replace(stmt, lambda e: _weight_variance(e, var_sym))

    def extra(inst):
        n_in = inst.values["n_in"].arr
        n_out = inst.values["n_out"].arr if "n_out" in inst.values else np.ones_like(n_in)
        var = np.array([scheme(i, o) for i, o in zip(n_in, n_out)])
        out = {"var_init": _sval(var)}
        if "a" in ctx.decls:
            out["a"] = _sval(_uniform_bound(var))
        return out

    return ctx.numeric(st, extra=extra)


# -- parameter counts --------------------------------------------------------------------------

def _mha_count(d, h, rng) -> int:
    """Parameters of multi-head self-attention of width d with h heads (Q, K, V, O and biases),
    after a forward pass through ``cheatsheet.nn``."""
    from cheatsheet.nn.attention import MHAParams, multi_head_attention

    p = MHAParams.random(d, rng)
    x = rng.standard_normal((1, 3, d))
    y = multi_head_attention(x, x, x, p, h)
    y = y[0] if isinstance(y, tuple) else y
    assert y.shape == (1, 3, d)
    return sum(a.size for a in (p.w_q, p.w_k, p.w_v, p.w_o, p.b_q, p.b_k, p.b_v, p.b_o))


def _ffn_count(d, dff, rng) -> int:
    """Parameters of the position-wise feed-forward block d -> d_ff -> d (weights and biases)."""
    W1, b1 = rng.standard_normal((dff, d)), rng.standard_normal(dff)
    W2, b2 = rng.standard_normal((d, dff)), rng.standard_normal(d)
    x = rng.standard_normal(d)
    y = W2 @ np.maximum(W1 @ x + b1, 0) + b2
    assert y.shape == (d,)
    return sum(a.size for a in (W1, b1, W2, b2))


def _layernorm_count(d) -> int:
    gamma, beta = np.ones(d), np.zeros(d)
    return gamma.size + beta.size


_COUNTS = {
    "transformer.attention_parameters": lambda d, h, f, rng: _mha_count(d, h, rng),
    "transformer.ffn_parameters": lambda d, h, f, rng: _ffn_count(d, f, rng),
    "transformer.block_parameters": lambda d, h, f, rng: (
        _mha_count(d, h, rng) + _ffn_count(d, f, rng) + 2 * _layernorm_count(d)),
}


@register("mechanics.parameters")
def _parameters(stmt, ctx):
    """P: the parameters of the constructed layer; the width is d = h d_k (h heads)."""
    count = _COUNTS[ctx.claim_id]
    rng = ctx.rng("layers")

    def extra(inst):
        T = len(next(iter(inst.values.values())).arr)
        h = _ints(inst, "h") if "h" in inst.values else np.ones(T, int)
        dk = _ints(inst, "d_k") if "d_k" in inst.values else None
        if dk is not None:
            inst.values["d"] = _sval(h * dk)
        d = _ints(inst, "d")
        f = _ints(inst, "d_ff") if "d_ff" in inst.values else 4 * d
        return {"P": _sval([count(int(a), int(b), int(c), rng) for a, b, c in zip(d, h, f)])}

    return ctx.numeric(stmt, extra=extra)


# -- receptive field ---------------------------------------------------------------------------

_LARGEST_FIELD = 100_000


def _receptive_field(kernels, strides, dilations) -> float:
    """Input positions the first output of the stack depends on, from the definition of a
    (dilated, strided) convolution: output j of a layer reads inputs j s + d t, t = 0..k-1.
    The sets are followed down the stack; tests compare this with the support of the input
    gradient of a stack of ``cheatsheet.nn`` conv1d layers."""
    if math.prod(strides) * max(kernels) * max(dilations) * len(kernels) > _LARGEST_FIELD:
        return math.nan  # an instance the claim's conditions reject anyway (they are applied
        # after the values are computed): not worth sets of millions of positions
    deps = {0}
    for k, s, d in zip(reversed(kernels), reversed(strides), reversed(dilations)):
        deps = {j * s + d * t for j in deps for t in range(k)}
    return max(deps) - min(deps) + 1


def _receptive_field_conv(kernels, strides, dilations) -> int:
    """The same through the NumPy core: the support of the gradient of the first output, taken
    back through every layer with ``conv1d_backward`` (slower; used by the tests)."""
    from cheatsheet.nn.conv import conv1d, conv1d_backward

    n = 1
    for k, s, d in zip(reversed(kernels), reversed(strides), reversed(dilations)):
        n = (n - 1) * s + d * (k - 1) + 1  # an input long enough for one output, and more
    n += 3
    xs = [np.ones((1, 1, n))]
    ws = [np.ones((1, 1, k)) for k in kernels]
    for w, s, d in zip(ws, strides, dilations):
        xs.append(conv1d(xs[-1], w, stride=s, dilation=d))
    g = np.zeros_like(xs[-1])
    g[0, 0, 0] = 1.0
    for x, w, s, d in reversed(list(zip(xs[:-1], ws, strides, dilations))):
        g = conv1d_backward(g, x, w, stride=s, dilation=d)[0]
    support = np.flatnonzero(g[0, 0])
    return int(support[-1] - support[0] + 1)


@register("mechanics.receptive_field")
def _rf(stmt, ctx):
    """r of L layers with kernel k, stride s, dilation d (1 where the claim names none), or of
    two layers k_1, s_1 then k_2."""

    def extra(inst):
        T = len(next(iter(inst.values.values())).arr)
        get = lambda n, dflt: _ints(inst, n) if n in inst.values else np.full(T, dflt)  # noqa: E731
        if "k_1" in inst.values:
            k1, s1, k2 = get("k_1", 1), get("s_1", 1), get("k_2", 1)
            r = [_receptive_field((a, c), (b, 1), (1, 1)) for a, b, c in zip(k1, s1, k2)]
        else:
            L, k, s, d = get("L", 1), get("k", 1), get("s", 1), get("d", 1)
            r = [_receptive_field((kk,) * ll, (ss,) * ll, (dd,) * ll)
                 for ll, kk, ss, dd in zip(L, k, s, d)]
        return {"r": _sval(r)}

    return ctx.numeric(stmt, extra=extra)


# -- backprop recursion between two dense layers ---------------------------------------------

def _entrywise(f, Z: np.ndarray) -> np.ndarray:
    """A sampled scalar function f applied to every entry of a batch of columns (T, n, 1)."""
    out = np.empty_like(Z)
    for i in range(Z.shape[-2]):
        out[..., i, 0] = f(Val(Z[..., i, 0], False)).arr
    return out


@register("mechanics.backprop_recursion")
def _backprop_recursion(stmt, ctx):
    """Two dense layers a^{[l]} = f(z^{[l]}), z^{[l+1]} = W^{[l+1]} a^{[l]} + b^{[l+1]} with f
    the claim's sampled scalar function and a random smooth loss of z^{[l+1]} (a quadratic plus
    c^T tanh).  delta^{[l+1]} and delta^{[l]} are the loss's derivatives by z^{[l+1]} and by
    z^{[l]}, both taken by central differences through the layers, not by the recursion, so
    the formula's own f'(z^{[l]}) and W^{[l+1]} are compared with the chain rule's result."""
    from .classic_models import _fd_grad

    rng = ctx.rng("loss")

    def extra(inst):
        f = inst.functions["f"]
        W, b, z = (inst.values[n].arr for n in ("W^[l+1]", "b^[l+1]", "z^[l]"))
        T, m = W.shape[0], W.shape[-2]
        Q = rng.normal(size=(T, m, m)) / m
        c = rng.normal(size=(T, m, 1))

        def loss(Zn):  # per trial: 1/2 z^T Q^T Q z + c^T tanh(z)
            q = Q @ Zn
            return 0.5 * (q ** 2).sum(axis=(-1, -2)) + (c * np.tanh(Zn)).sum(axis=(-1, -2))

        z_next = W @ _entrywise(f, z) + b
        d_next = _fd_grad(loss, z_next)
        d_here = _fd_grad(lambda Z: loss(W @ _entrywise(f, Z) + b), z)
        return {"z^[l+1]": _mval(z_next), "delta^[l+1]": _mval(d_next),
                "delta^[l]": _mval(d_here)}

    return ctx.numeric(stmt, extra=extra)


@register("mechanics.output_error")
def _output_error(stmt, ctx):
    """The output layer a^{[L]} = f(z^{[L]}) under a loss L(a^{[L]}) (the claim's sampled
    function of a vector): delta^{[L]} = dL/dz^{[L]} is a central difference of L(f(z)) by z,
    not the chain rule, so the formula's own gradient by a, f' and product are what is tested.
    A derivative of L by z^{[L]} is the loss through the layer's, dL(f(z))/dz: that is delta."""
    from sympy.core.function import AppliedUndef
    from .classic_models import _fd_grad

    z_sym, delta = ctx.decls.sympy("z^[L]"), ctx.decls.sympy("delta^[L]")

    def by_z(e):
        if (type(e).__name__ == "MatApply" and len(e.args) >= 5 and e.args[0] == sp.Symbol("partial")
                and isinstance(e.args[3], AppliedUndef) and type(e.args[3]).__name__ == "L"
                and e.args[3].args == (z_sym,) and e.args[4] == z_sym):
            return delta
        return None

    def extra(inst):
        f, L = inst.functions["f"], inst.functions["L"]
        z = inst.values["z^[L]"].arr

        def loss(Z):
            return np.asarray(L(_mval(_entrywise(f, Z))).arr, float).reshape(Z.shape[0])

        return {"a^[L]": _mval(_entrywise(f, z)), "delta^[L]": _mval(_fd_grad(loss, z))}

    return ctx.numeric(replace(stmt, by_z), extra=extra)


# -- inverted dropout ----------------------------------------------------------------------------

def _dropout_law(p: np.ndarray, d: int, name: str) -> Distribution:
    """The exact law of a keep mask of d units, each kept (1) with probability p: all 2^d masks."""
    masks = np.array(list(itertools.product((0.0, 1.0), repeat=d)))  # (M, d)
    p = np.asarray(p, float).reshape(-1, 1, 1)
    probs = np.prod(np.where(masks[None] == 1.0, p, 1.0 - p), -1)  # (T, M)
    atoms = np.broadcast_to(masks, probs.shape + (d,))[..., None]
    return Distribution((name,), {name: np.ascontiguousarray(atoms)}, probs, {name: True})


@register("mechanics.inverted_dropout")
def _inverted_dropout(stmt, ctx):
    """a_tilde = R(m, a, p): a dropout layer's training output for the activations a and the
    keep mask m (entries i.i.d. Bernoulli(p), averaged exactly over every mask).  What makes it
    inverted dropout is checked, not its formula: each unit keeps its mean (E[a_tilde] = a, so
    the test-time layer is the identity) and a dropped unit is zero (E[m * a_tilde] =
    E[a_tilde], entrywise, which for a binary m says a_tilde is 0 where m is)."""
    from cheatsheet.latex import parse

    outs = [r.rhs for r in stmt.relations if getattr(r.lhs, "name", None) == "a_tilde"]
    if not outs or any(r.op != "=" for r in stmt.relations):
        raise EvalError("inverted dropout is checked as a_tilde = (its formula in m, a and p)")
    mean = parse(r"\mathbb{E}[\tilde{a}] = a", ctx.decls)
    kept = parse(r"\mathbb{E}[m \odot \tilde{a}] = \mathbb{E}[\tilde{a}]", ctx.decls)
    (a_tilde,) = [s for s in mean.relations[0].lhs.free_symbols if s.name == "a_tilde"]
    rels = tuple(Relation(rel.lhs.xreplace({a_tilde: out}), rel.op, rel.rhs.xreplace({a_tilde: out}))
                 for out in outs for rel in mean.relations + kept.relations)
    st = Statement(rels, None, stmt.premises, latex=stmt.latex)

    def extra(inst):
        d = inst.dims["d"]
        inst.dists[:] = [x for x in inst.dists if "m" not in x.names] + [
            _dropout_law(inst.values["p"].arr, d, "m")]
        return {}

    return ctx.numeric(st, extra=extra, dims=[{"d": 2}, {"d": 3}])
