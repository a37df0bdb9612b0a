"""Custom checks of the sequence-probability claims: the chain rule of a sequence's joint law,
perplexity and the per-token cross-entropy, decided on random joint tables of token sequences.
"""
from __future__ import annotations

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from cheatsheet import ops

from ..custom import register
from .nn import Injected, _batch, _scalar_time_fn, mval, overlong_axes, sval

def _random_joint(rng, K: int, T: int, alpha: float = 0.5) -> np.ndarray:
    """A random joint pmf over sequences in {0..K-1}^T (array of shape (K,) * T), dependent."""
    return rng.dirichlet(np.full(K ** T, alpha)).reshape((K,) * T)


def _prefix_prob(joint: np.ndarray, seq) -> float:
    """P(x_1..x_t = seq) for a prefix of length t (marginalising the later positions)."""
    tail = tuple(range(len(seq), joint.ndim))
    return float(joint.sum(axis=tail)[tuple(seq)] if tail else joint[tuple(seq)])


def _chain_factor(e):
    """A probability of the sequence x written in a chain rule, as the table it is read from:
    p(x) -> p; p(x_t | x_{<t}) -> c(t) (given the whole prefix); p(x_t | x_{t-1}) -> b(t) (the
    previous token only); p(x_t) -> m(t) (the marginal); p(x_s | x_{<t}) for s < t -> 1 (a
    token of the prefix given the prefix).  Anything else is left as written (and cannot be
    evaluated)."""
    if not (isinstance(e, ops.Prob) or (isinstance(e, AppliedUndef)
                                       and type(e).__name__ in ("p", "P"))) or len(e.args) != 1:
        return None
    (arg,) = e.args
    if isinstance(arg, sp.Symbol) and arg.name == "x":
        return sp.Symbol("p")
    if isinstance(arg, sp.Indexed) and str(arg.base) == "x" and len(arg.indices) == 1:
        return sp.Function("m")(arg.indices[0])
    if type(arg).__name__ != "Given" or len(arg.args) != 2:
        return None
    tok, cond = arg.args
    if not (isinstance(tok, sp.Indexed) and str(tok.base) == "x" and len(tok.indices) == 1):
        return None
    (t,) = tok.indices
    if isinstance(cond, sp.Symbol) and cond.name == f"x_<{t}":
        return sp.Function("c")(t)
    if isinstance(cond, sp.Symbol) and cond.name.startswith("x_<"):
        # a token of the prefix itself, given that prefix (p(x_{t-1} | x_{<t})): certain
        try:
            back = sp.sympify(cond.name[3:], locals={v.name: v for v in t.free_symbols}) - t
        except (sp.SympifyError, TypeError, SyntaxError):
            return None
        if back.is_Integer and back > 0:
            return sp.Integer(1)
    if isinstance(cond, sp.Indexed) and str(cond.base) == "x" and cond.indices == (t - 1,):
        return sp.Function("b")(t)
    return None


def _position_probs(J, x) -> dict[str, np.ndarray]:
    """At each position t of the sequence x, under the joint pmf J over sequences of its
    length: c, P(x_t | x_1..x_{t-1}); b, P(x_t | x_{t-1}) (P(x_1) at the first); m, P(x_t)."""
    n = len(x)
    out = {k: np.zeros(n) for k in "cbm"}
    for t in range(n):
        out["c"][t] = _prefix_prob(J, x[:t + 1]) / (_prefix_prob(J, x[:t]) if t else 1.0)
        marg = J.sum(axis=tuple(a for a in range(n) if a != t))
        out["m"][t] = marg[x[t]]
        if t:
            pair = J.sum(axis=tuple(a for a in range(n) if a not in (t - 1, t)))
            out["b"][t] = pair[x[t - 1], x[t]] / pair[x[t - 1]].sum()
        else:
            out["b"][t] = marg[x[t]]
    return out


def _overlong_steps(stmt, length: str, dims: dict) -> dict:
    """{table name: written range} of each sum or product over the steps of x that runs over
    more steps than x has tokens (the dimension ``length``): the tables c, b, m go one token
    further than x, but no count of x's tokens fits such a range (t = 0 to T: T + 1 steps)."""
    n = dims[length]
    got = overlong_axes(stmt, {k: (n,) for k in "cbm"}, dims)
    return {name: rng for (name, _), rng in got.items()}


@register("nn.sequence_chain_rule")
def _sequence_chain_rule(stmt, ctx):
    """A random joint pmf over token sequences of length T + 1 (vocabulary K = 2..3) and a
    sequence drawn from it; x is its first T tokens and p(x) = P(x_1..x_T) their marginal
    probability; p(x_t | x_{<t}) = P(x_t | x_1..x_{t-1}) and p(x_t | x_{t-1}) by marginalising
    the table; p(x_t) the marginal.  Each probability is read with its arguments
    (``_chain_factor``), so a condition on the wrong tokens is another number.  The tables go on
    to the token after x (t = T + 1), the one the model would really give next: a product written
    one step too far reads it (and is another number), not an index error."""
    from .theory import replace

    stmt = replace(stmt, _chain_factor)
    rng = ctx.rng("joint")
    r = ctx.rng("configs")
    dims = [{"T": T, "K": int(r.integers(2, 4))} for T in (4, 3, 2, 1, 3, 4)]

    def extra(inst):
        T, K = inst.dims["T"], inst.dims["K"]
        B = _batch(inst)
        n = T + 1
        tabs = {k: np.zeros((B, n)) for k in "cbm"}
        p = np.zeros(B)
        for s in range(B):
            J = _random_joint(rng, K, n)
            x = np.unravel_index(rng.choice(K ** n, p=J.ravel()), J.shape)
            p[s] = _prefix_prob(J, x[:T])
            for k, row in _position_probs(J, x).items():
                tabs[k][s] = row
        long = _overlong_steps(stmt, "T", inst.dims)
        for k, what in (("c", "P(x_t | x_1..x_{t-1}) from the joint table"),
                        ("b", "P(x_t | x_{t-1}) from the joint table"),
                        ("m", "P(x_t) from the joint table")):
            inst.functions[k] = _scalar_time_fn(k, what, overlong=long.get(k))({k: tabs[k]})
        return {"p": sval(p)}

    return ctx.numeric(stmt, extra=extra, dims=dims)


def _entropy_base(stmt, name="H") -> float:
    """The base a formula raises to the power of the entropy ``name`` (2 in 2^H, 10 in 10^H),
    e when it raises e or no number: perplexity is b^H with H measured in base b (bits for
    2^H), so the unit of H is the one its exponential announces."""
    import sympy as sp

    bases = set()
    for side in (e for r in stmt.relations for e in (r.lhs, r.rhs)):
        for node in sp.preorder_traversal(side):
            if isinstance(node, sp.Pow) and any(getattr(x, "name", None) == name
                                                for x in node.exp.free_symbols):
                bases.add(node.base)
            elif isinstance(node, sp.exp) and any(getattr(x, "name", None) == name
                                                  for x in node.args[0].free_symbols):
                bases.add(sp.E)
    numbers = {float(b) for b in bases if b.is_number and b.is_positive and b != 1}
    return numbers.pop() if len(numbers) == 1 else float(np.e)


@register("nn.perplexity")
def _perplexity(stmt, ctx):
    """A random autoregressive model over K = 2..3 tokens (a joint pmf over sequences of length
    N) and a sequence x of N tokens drawn from another random joint (the data); q_i =
    P_model(x_i | x_<i) by marginalising the model's table; PPL = P_model(x)^{-1/N}, the inverse
    geometric mean of the model's sequence probability; H = -log_b(P_model(x)) / N, the
    per-token cross-entropy in the base b the formula exponentiates (``_entropy_base``: nats
    for e^H, bits for 2^H), both read off the model's joint table directly."""
    base = _entropy_base(stmt)
    rng = ctx.rng("lm")
    r = ctx.rng("configs")
    dims = [{"N": N, "K": int(r.integers(2, 4))} for N in (4, 3, 2, 1, 4, 3)]

    def extra(inst):
        N, K = inst.dims["N"], inst.dims["K"]
        B = _batch(inst)
        q, ppl, H = np.zeros((B, N, 1)), np.zeros(B), np.zeros(B)
        for s in range(B):
            model, data = _random_joint(rng, K, N), _random_joint(rng, K, N)
            x = np.unravel_index(rng.choice(K ** N, p=data.ravel()), data.shape)
            for i in range(N):
                q[s, i, 0] = _prefix_prob(model, x[:i + 1]) / (_prefix_prob(model, x[:i]) if i else 1.0)
            ppl[s] = model[x] ** (-1.0 / N)
            H[s] = -np.log(model[x]) / N / np.log(base)
        return {"q": mval(q), "PPL": sval(ppl), "H": sval(H)}

    return ctx.numeric(stmt, extra=extra, dims=dims)


def _token_fn(key, text):
    """f(token): the per-trial value data[key][:, token - 1] for tokens 1..K; the argument may carry
    the batch axes of an expectation after the trial axis."""

    def f(data, v):
        tab = data[key]
        a = np.asarray(v.arr)
        tok = np.rint(a).astype(int) - 1
        if tok.ndim == 0 or tok.shape[0] != tab.shape[0]:
            tok = np.broadcast_to(tok, (tab.shape[0],) + tok.shape[1:] if tok.ndim else (tab.shape[0],))
        rows = np.arange(tab.shape[0]).reshape((-1,) + (1,) * (tok.ndim - 1))
        return sval(tab[rows, tok])

    return lambda data: Injected(f, text, data)


@register("nn.token_cross_entropy")
def _token_cross_entropy(stmt, ctx):
    """Random token distributions p (data) and q (model) on K = 2..4 tokens (labelled 1..K);
    x ~ p one token; X = (X_1..X_N) N tokens drawn independently from p (all K^N sequences as
    atoms, exact expectation); q(.) and p(.) are the pmfs as functions of the token;
    H = -sum_k p_k ln q_k computed directly."""
    rng = ctx.rng("tokens")
    r = ctx.rng("configs")
    dims = [{"N": N, "K": int(r.integers(2, 5))} for N in (3, 2, 1, 4)]

    def extra(inst):
        import itertools

        from ..evaluate import Distribution

        N, K = inst.dims["N"], inst.dims["K"]
        B = _batch(inst)
        p = rng.dirichlet(np.ones(K), size=B)
        q = rng.dirichlet(np.ones(K), size=B)
        seqs = np.array(list(itertools.product(range(K), repeat=N)))  # (K^N, N)
        probs = np.prod(p[:, seqs], axis=-1)  # (B, K^N)
        tokens = np.broadcast_to(np.arange(1.0, K + 1), (B, K)).copy()
        atoms = np.broadcast_to((seqs + 1.0)[None, :, :, None], (B,) + seqs.shape + (1,)).copy()
        inst.dists = [d for d in inst.dists if not {"x", "X"} & set(d.names)]
        inst.dists.append(Distribution(("x",), {"x": tokens}, p.copy()))
        inst.dists.append(Distribution(("X",), {"X": atoms}, probs, vector={"X": True}))
        inst.functions["q"] = _token_fn("q", "model pmf q over the tokens")({"q": q})
        inst.functions["p"] = _token_fn("p", "data pmf p over the tokens")({"p": p})
        return {"H": sval(-(p * np.log(q)).sum(axis=-1))}

    return ctx.numeric(stmt, extra=extra, dims=dims)


@register("nn.perplexity_sequence")
def _perplexity_sequence(stmt, ctx):
    """Perplexity in one line, with the model's probabilities written as probabilities of the
    sequence: a random autoregressive model over K = 2..3 tokens (a joint pmf over sequences of
    length N) and a sequence x of N tokens drawn from another random joint (the data).  Each
    probability is read with its arguments (``_chain_factor``): p(x_i | x_{<i}) is the model's
    P(x_i | x_1..x_{i-1}), p(x_i | x_{i-1}) the model's bigram conditional, p(x_i) its marginal,
    p(x) its probability of the whole sequence; PP = P_model(x)^{-1/N}.  The tables go on to the
    token after x (the model's joint covers N + 1 tokens, x is the first N), so a sum written one
    token too far reads a real conditional probability and is another number."""
    from .theory import replace

    stmt = replace(stmt, _chain_factor)
    rng = ctx.rng("lm")
    r = ctx.rng("configs")
    dims = [{"N": N, "K": int(r.integers(2, 4))} for N in (4, 3, 2, 1, 4, 3)]

    def extra(inst):
        N, K = inst.dims["N"], inst.dims["K"]
        B = _batch(inst)
        n = N + 1
        tabs = {k: np.zeros((B, n)) for k in "cbm"}
        p, pp = np.zeros(B), np.zeros(B)
        for s in range(B):
            model, data = _random_joint(rng, K, n), _random_joint(rng, K, n)
            x = np.unravel_index(rng.choice(K ** n, p=data.ravel()), data.shape)
            p[s] = _prefix_prob(model, x[:N])
            pp[s] = p[s] ** (-1.0 / N)
            for k, row in _position_probs(model, x).items():
                tabs[k][s] = row
        long = _overlong_steps(stmt, "N", inst.dims)
        for k, what in (("c", "the model's P(x_t | x_1..x_{t-1})"),
                        ("b", "the model's P(x_t | x_{t-1})"), ("m", "the model's P(x_t)")):
            inst.functions[k] = _scalar_time_fn(k, what, overlong=long.get(k))({k: tabs[k]})
        return {"p": sval(p), "PP": sval(pp)}

    return ctx.numeric(stmt, extra=extra, dims=dims)
