"""Compute questions: worked examples with fresh random numbers.

Every answer is computed by the project's own verified code (``cheatsheet.formulas``, each
function linked to a catalog claim, and the NumPy core ``cheatsheet.nn`` where it is
installed), never typed in by hand; the explanation shows the computation worked out.
Tolerance: relative 1e-2 for real-valued answers, exact for integer answers (sizes, counts).
An answer is graded on what the question tests: a generator names the *naive* answers a
student who skips the point would give (the parameter before an Adam step, 1 for an MGF
near t = 0), and the tolerance shrinks to half the distance to the nearest of them, so none
passes; an instance where that leaves less than ``MIN_TOL`` of the answer is drawn again.
A generator whose code is unavailable (``cheatsheet.nn`` missing) is simply not offered.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Callable

from .questions import Question

RTOL = 1e-2
MIN_TOL = 1e-4  # relative: a tolerance tighter than this asks for more digits than is fair
DRAWS = 50  # instances a generator may draw before giving up on a fair one


@dataclass
class Generator:
    id: str  # the claim it practises (its topic comes from the catalog when present there)
    topic: str
    title: str
    fn: Callable[[random.Random], Question]
    needs_nn: bool = False

    def make(self, rng: random.Random) -> Question:
        """A question whose naive answers fail (see the module docstring)."""
        for _ in range(DRAWS):
            q = self.fn(rng)
            if not q.unfair:
                return q
        return q


def _q(prompt: str, value: float, explanation: str, *, integer: bool = False, unit: str = "",
       formulas=(), naive=()) -> Question:
    """A compute question; ``naive``: answers that must not pass (the tolerance shrinks to
    half the distance to the nearest; the question is marked ``unfair`` when that leaves
    too little, or when a naive answer is the answer)."""
    q = Question("", "", "", "", "compute", prompt, list(formulas), [], None,
                 value=float(value), rtol=0.0 if integer else RTOL,
                 atol=1e-9 if integer else 1e-4, unit=unit, explanation=explanation,
                 naive=tuple(float(v) for v in naive))
    gaps = [abs(float(v) - q.value) for v in naive]
    if gaps and not integer:
        tol = max(q.rtol * abs(q.value), q.atol)
        if min(gaps) / 2 < tol:
            q.rtol, q.atol = 0.0, _round_down(min(gaps) / 2)
        q.unfair = max(q.rtol * abs(q.value), q.atol) < MIN_TOL * max(abs(q.value), 1.0)
    return q


def _round_down(x: float) -> float:
    """``x`` rounded down to one significant digit (a tolerance people can read)."""
    if x <= 0:
        return 0.0
    e = math.floor(math.log10(x))
    return math.floor(x / 10 ** e) * 10 ** e


def _r(rng: random.Random, lo: float, hi: float, nd: int = 1) -> float:
    return round(rng.uniform(lo, hi), nd)


# -- convolutions -----------------------------------------------------------------------------

def conv_output_size(rng):
    from cheatsheet.formulas import conv_output_size as f

    while True:
        n, k = rng.choice([28, 32, 64, 100, 224, 227]), rng.choice([1, 3, 5, 7, 11])
        p, s, d = rng.choice([0, 1, 2, 3]), rng.choice([1, 2, 4]), rng.choice([1, 1, 1, 2])
        try:
            out = f(n, k, padding=p, stride=s, dilation=d)
            break
        except ValueError:
            continue
    try:  # confirm on the NumPy core: run the convolution and read the shape
        import numpy as np

        from cheatsheet import nn

        y = nn.conv2d(np.zeros((1, 1, n, 1)), np.zeros((1, 1, k, 1)), stride=(s, 1),
                      padding=(p, 0), dilation=(d, 1))
        assert y.shape[2] == out
        core = " (and cheatsheet.nn.conv2d gives that shape)"
    except Exception:
        core = ""
    expl = (f"⌊(n + 2p − d(k − 1) − 1) / s⌋ + 1 = ⌊({n} + 2·{p} − {d}·({k} − 1) − 1) / {s}⌋ + 1"
            f" = ⌊{n + 2 * p - d * (k - 1) - 1}/{s}⌋ + 1 = {out}{core}")
    return _q(f"A convolution over length n = {n} with kernel k = {k}, padding p = {p}, "
              f"stride s = {s}, dilation d = {d}: output length?", out, expl, integer=True)


def conv_params(rng):
    cin, cout = rng.choice([1, 3, 16, 32, 64]), rng.choice([8, 16, 32, 64, 128])
    k, bias = rng.choice([1, 3, 5]), rng.random() < 0.7
    shape = (cout, cin, k, k)
    try:
        import numpy as np

        from cheatsheet import nn

        w = np.zeros(shape)
        nn.conv2d(np.zeros((1, cin, k + 2, k + 2)), w, bias=np.zeros(cout) if bias else None)
        n_w = w.size
    except ImportError:
        n_w = math.prod(shape)
    total = n_w + (cout if bias else 0)
    expl = (f"weights C_out·C_in·k·k = {cout}·{cin}·{k}·{k} = {n_w}"
            + (f", plus {cout} biases = {total}" if bias else " (no bias)"))
    return _q(f"A Conv2d layer with C_in = {cin}, C_out = {cout}, a {k}×{k} kernel, "
              f"{'with' if bias else 'without'} bias: number of parameters?", total, expl,
              integer=True)


def attention_weight(rng):
    import numpy as np

    from cheatsheet.formulas import softmax

    d = rng.choice([2, 4])
    q = np.array([rng.choice([-2, -1, 0, 1, 2]) for _ in range(d)], float)
    keys = np.array([[rng.choice([-2, -1, 0, 1, 2]) for _ in range(d)] for _ in range(3)], float)
    scores = keys @ q / math.sqrt(d)
    try:
        from cheatsheet import nn

        w = nn.attention_weights(q[None, None, :], keys[None, :, :])[0, 0]
    except ImportError:
        w = softmax(scores)
    fmt = lambda v: "(" + ", ".join(f"{x:g}" for x in v) + ")"  # noqa: E731
    expl = (f"scores qᵀkⱼ/√d = ({', '.join(f'{s:.4g}' for s in scores)}); "
            f"softmax: e^{scores[0]:.4g} / Σⱼ e^sⱼ = {w[0]:.4g}")
    return _q(f"Scaled dot-product attention, d = {d}: query q = {fmt(q)}, keys "
              f"k₁ = {fmt(keys[0])}, k₂ = {fmt(keys[1])}, k₃ = {fmt(keys[2])}. "
              f"Attention weight on k₁?", w[0], expl)


# -- probability / information ----------------------------------------------------------------

def kl_gaussians(rng):
    import numpy as np

    from cheatsheet.formulas import kl_gaussians as f

    m0, m1 = _r(rng, -2, 2), _r(rng, -2, 2)
    s0, s1 = _r(rng, 0.5, 2.5), _r(rng, 0.5, 2.5)
    kl = float(f(np.array([m0]), np.array([[s0]]), np.array([m1]), np.array([[s1]])))
    expl = (f"½[σ₀²/σ₁² + (μ₁ − μ₀)²/σ₁² − 1 + ln(σ₁²/σ₀²)] = ½[{s0}/{s1} + ({m1} − {m0})²/{s1}"
            f" − 1 + ln({s1}/{s0})] = {kl:.4g}")
    return _q(f"KL(N(μ₀ = {m0}, σ₀² = {s0}) ‖ N(μ₁ = {m1}, σ₁² = {s1})) in nats?", kl, expl)


def kl_vae(rng):
    import numpy as np

    from cheatsheet.formulas import kl_diag_gaussian_to_standard as f

    mu = [_r(rng, -1.5, 1.5) for _ in range(2)]
    s2 = [_r(rng, 0.3, 2.0) for _ in range(2)]
    kl = float(f(np.array(mu), np.array(s2)))
    terms = " + ".join(f"({a} + {f'({m})' if m < 0 else m}² − 1 − ln {a})"
                       for m, a in zip(mu, s2))
    return _q(f"VAE KL term KL(N(μ, diag σ²) ‖ N(0, I)) with μ = ({mu[0]}, {mu[1]}), "
              f"σ² = ({s2[0]}, {s2[1]})?", kl, f"½ Σ (σᵢ² + μᵢ² − 1 − ln σᵢ²) = ½[{terms}] = "
                                                f"{kl:.4g}")


def mgf_value(rng):
    from cheatsheet import formulas as F

    which = rng.choice(["poisson", "normal", "bernoulli", "binomial"])
    t = _r(rng, -1, 1)
    if which == "poisson":
        lam = _r(rng, 0.5, 3)
        v = float(F.mgf_poisson(t, lam))
        return _q(f"MGF of Poisson(λ = {lam}) at t = {t}?", v,
                  f"E[e^(tX)] = exp(λ(eᵗ − 1)) = exp({lam}·(e^{t} − 1)) = {v:.4g}", naive=[1.0])
    if which == "normal":
        mu, s2 = _r(rng, -1, 1), _r(rng, 0.5, 2)
        v = float(F.mgf_normal(t, mu, s2))
        return _q(f"MGF of N(μ = {mu}, σ² = {s2}) at t = {t}?", v,
                  f"exp(μt + σ²t²/2) = exp({mu}·{t} + {s2}·{t}²/2) = {v:.4g}", naive=[1.0])
    if which == "bernoulli":
        p = _r(rng, 0.1, 0.9)
        v = float(F.mgf_bernoulli(t, p))
        return _q(f"MGF of Bernoulli(p = {p}) at t = {t}?", v,
                  f"1 − p + p eᵗ = 1 − {p} + {p}·e^{t} = {v:.4g}", naive=[1.0])
    n, p = rng.randint(2, 6), _r(rng, 0.1, 0.9)
    v = float(F.mgf_binomial(t, n, p))
    return _q(f"MGF of Binomial(n = {n}, p = {p}) at t = {t}?", v,
              f"(1 − p + p eᵗ)ⁿ = (1 − {p} + {p}·e^{t})^{n} = {v:.4g}", naive=[1.0])


def entropy_value(rng):
    import numpy as np

    from cheatsheet.formulas import entropy

    k = rng.choice([2, 3, 4])
    w = [rng.randint(1, 6) for _ in range(k)]
    p = np.array(w, float) / sum(w)
    h = float(entropy(p))
    ps = ", ".join(f"{x:.4g}" for x in p)
    return _q(f"Entropy (nats) of p = ({ps})?", h,
              "−Σ pᵢ ln pᵢ = " + " ".join(f"− {x:.3g}·ln {x:.3g}" for x in p) + f" = {h:.4g}")


def sigmoid_derivative(rng):
    from cheatsheet.formulas import sigmoid, sigmoid_derivative as f

    z = _r(rng, -3, 3)
    s, v = float(sigmoid(z)), float(f(z))
    return _q(f"σ'(z) for the logistic σ at z = {z}?", v,
              f"σ(z)(1 − σ(z)) = {s:.4g}·(1 − {s:.4g}) = {v:.4g}")


# -- optimisation -----------------------------------------------------------------------------

def adam_step(rng):
    """Two Adam steps on one parameter (the update of the catalog's adam.update claim)."""
    theta0 = _r(rng, -1, 1)
    g1, g2 = _r(rng, -2, 2), _r(rng, -2, 2)
    if g1 == 0:
        g1 = 0.5
    lr, b1, b2, eps = rng.choice([0.1, 0.01]), 0.9, 0.999, 1e-8
    m = v = 0.0
    theta = theta0
    lines, seen = [], [theta0]
    for t, g in ((1, g1), (2, g2)):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        mh, vh = m / (1 - b1 ** t), v / (1 - b2 ** t)
        theta = theta - lr * mh / (math.sqrt(vh) + eps)
        seen.append(theta)
        lines.append(f"t={t}: m={m:.4g}, v={v:.4g}, m̂={mh:.4g}, v̂={vh:.4g}, θ={theta:.6g}")
    return _q(f"Adam (α = {lr}, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, m₀ = v₀ = 0) from θ₀ = {theta0}"
              f" with gradients g₁ = {g1}, g₂ = {g2}: θ₂?", theta,
              "m_t = β₁m + (1−β₁)g, v_t = β₂v + (1−β₂)g², θ ← θ − α m̂/(√v̂ + ε)\n"
              + "\n".join(lines), naive=seen[:-1])


# -- pooling ----------------------------------------------------------------------------------

def _num(x: float) -> str:
    """A number as the prompts show it (ASCII minus, no trailing zeros)."""
    x = float(x)
    return f"{x:g}" if x != 0 else "0"


def _vec(v) -> str:
    return "(" + ", ".join(_num(x) for x in v) + ")"


def _sub(i: int) -> str:
    """A 1-based index as a Unicode subscript."""
    return str(i).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _lin(coeffs, values, const=None) -> str:
    """Σ cᵢ·vᵢ (+ const) written out: 0.5·(-0.2) + 0.6·0.8 − 0.2."""
    par = lambda v: f"({_num(v)})" if v < 0 else _num(v)  # noqa: E731
    out = " + ".join(f"{par(c)}·{par(v)}" for c, v in zip(coeffs, values))
    if const is not None:
        out += f" − {_num(-const)}" if const < 0 else f" + {_num(const)}"
    return out


def _mat(m) -> str:
    """A matrix row by row: [a, b; c, d]."""
    return "[" + "; ".join(", ".join(_num(x) for x in row) for row in m) + "]"


def _pool_entry(rng, kind: str):
    import numpy as np

    from cheatsheet import nn

    n = rng.choice([4, 5])
    k = rng.choice([2, 3])
    s = rng.choice([1, 2]) if k == 3 else rng.choice([1, 2, 2])
    x = np.array([[rng.randint(-3, 9) for _ in range(n)] for _ in range(n)], float)
    pool = nn.max_pool2d if kind == "max" else nn.avg_pool2d
    y = pool(x[None, None], k, stride=s)[0, 0]
    i, j = rng.randrange(y.shape[0]), rng.randrange(y.shape[1])
    win = x[i * s:i * s + k, j * s:j * s + k]
    cells = ", ".join(_num(v) for v in win.ravel())
    where = (f"output ({i + 1}, {j + 1}) covers input rows {i * s + 1}-{i * s + k}, "
             f"columns {j * s + 1}-{j * s + k}: {{{cells}}}")
    if kind == "max":
        expl = f"{where}; the maximum is {_num(y[i, j])}"
    else:
        expl = (f"{where}; their mean is {_num(win.sum())}/{k * k} = {y[i, j]:.4g}")
    expl += f" (output size ⌊({n} − {k})/{s}⌋ + 1 = {y.shape[0]} per axis)"
    name = "Max" if kind == "max" else "Average"
    rows = ", ".join(_vec(r) for r in x)
    return _q(f"{name} pooling, kernel {k}×{k}, stride {s}, no padding, on the {n}×{n} input "
              f"with rows {rows}: output entry (row {i + 1}, column {j + 1})?", y[i, j], expl)


def max_pool_entry(rng):
    return _pool_entry(rng, "max")


def avg_pool_entry(rng):
    return _pool_entry(rng, "avg")


def pool_output_size(rng):
    import numpy as np

    from cheatsheet import nn
    from cheatsheet.formulas import conv_output_size as f

    while True:
        n = rng.choice([7, 13, 14, 28, 32, 56, 64, 112, 224])
        k = rng.choice([2, 3, 3, 5])
        s = rng.choice([None, 1, 2, 2, 3])
        p = rng.randint(0, k // 2)
        if n + 2 * p >= k:
            break
    kind = rng.choice(["max", "avg"])
    stride = k if s is None else s
    out = f(n, k, padding=p, stride=stride)
    pool = nn.max_pool2d if kind == "max" else nn.avg_pool2d
    shape = pool(np.zeros((1, 1, n, 1)), (k, 1), stride=(stride, 1), padding=(p, 0)).shape
    assert shape[2] == out
    stride_text = f"stride s = {s}" if s is not None else "the default stride (= kernel size)"
    expl = ((f"stride defaults to the kernel size: s = {k}; " if s is None else "")
            + f"⌊(n + 2p − k)/s⌋ + 1 = ⌊({n} + 2·{p} − {k})/{stride}⌋ + 1 = "
            f"⌊{n + 2 * p - k}/{stride}⌋ + 1 = {out}, as for a convolution "
            f"(cheatsheet.nn.{kind}_pool2d gives that shape)")
    name = "Max" if kind == "max" else "Average"
    return _q(f"{name} pooling over a {n}×{n} input with a {k}×{k} kernel, {stride_text}, "
              f"padding p = {p}: output height (= width)?", out, expl, integer=True)


# -- graphs -----------------------------------------------------------------------------------

def _graph(rng, m: int, weights=(1,)):
    """A random undirected graph on nodes 0..m-1 with at least m - 1 edges: (A, edges)."""
    import numpy as np

    pairs = [(u, v) for u in range(m) for v in range(u + 1, m)]
    while True:
        edges = sorted(rng.sample(pairs, rng.randint(m - 1, min(len(pairs), m + 1))))
        if len({u for e in edges for u in e}) >= m - 1:
            break
    a = np.zeros((m, m))
    for u, v in edges:
        a[u, v] = a[v, u] = rng.choice(weights)
    return a, edges


def _edges_text(a, edges) -> str:
    return ", ".join(f"{u + 1}–{v + 1}" + (f" (weight {_num(a[u, v])})" if a[u, v] != 1 else "")
                     for u, v in edges)


def gcn_entry(rng):
    import numpy as np

    from cheatsheet import nn

    m = rng.choice([3, 4, 5])
    a, edges = _graph(rng, m)
    ahat = nn.normalized_adjacency(a)
    deg = a.sum(axis=1) + 1
    nz = [(u, v) for u in range(m) for v in range(m) if (u == v or a[u, v]) and u <= v]
    u, v = rng.choice(nz)
    if rng.random() < 0.5:
        u, v = v, u
    entry = (a + np.eye(m))[u, v]
    expl = (f"degrees with self loops d̃ = {_vec(deg)}; Â[{u + 1}, {v + 1}] = "
            f"(A + I)[{u + 1}, {v + 1}] / √(d̃{_sub(u + 1)} d̃{_sub(v + 1)}) = "
            f"{_num(entry)}/√({_num(deg[u])}·{_num(deg[v])}) = {ahat[u, v]:.4g}")
    return _q(f"GCN propagation matrix Â = D̃^(-1/2) (A + I) D̃^(-1/2) (D̃: degrees of A + I) for "
              f"the undirected graph on nodes 1-{m} with edges {_edges_text(a, edges)}: "
              f"entry Â[{u + 1}, {v + 1}]?", ahat[u, v], expl)


def laplacian_quadratic_form(rng):
    import numpy as np

    from cheatsheet import nn

    m = rng.choice([3, 4, 5])
    a, edges = _graph(rng, m, weights=(1, 1, 1, 2, 3))
    x = np.array([rng.randint(-3, 3) for _ in range(m)], float)
    lap = nn.laplacian(a)
    val = float(x @ lap @ x)
    par = lambda v: f"({_num(v)})" if v < 0 else _num(v)  # noqa: E731
    terms = " + ".join(f"{_num(a[u, v]) + '·' if a[u, v] != 1 else ''}({_num(x[u])} − "
                       f"{par(x[v])})²" for u, v in edges)
    expl = (f"L = D − A = {_mat(lap)}; xᵀLx = Σ over edges A_uv (x_u − x_v)² = {terms} = "
            f"{_num(round(val))}")
    return _q(f"Graph Laplacian L = D − A of the undirected graph on nodes 1-{m} with edges "
              f"{_edges_text(a, edges)}; node signal x = {_vec(x)}: xᵀLx?", round(val), expl,
              integer=True)


# -- recurrent --------------------------------------------------------------------------------

def _small(rng, *shape):
    import numpy as np

    return np.array([_r(rng, -1, 1) for _ in range(math.prod(shape))]).reshape(shape)


def rnn_step(rng):
    from cheatsheet import nn

    hid, nin = 2, rng.choice([1, 2])
    w, u, b = _small(rng, hid, hid), _small(rng, hid, nin), _small(rng, hid)
    h, x = _small(rng, hid), _small(rng, nin)
    h_new = nn.rnn_cell(x[None], h[None], u, w, b_ih=b)[0]
    i = rng.randrange(hid)
    pre = w[i] @ h + u[i] @ x + b[i]
    expl = (f"(W h + U x + b){_sub(i + 1)} = "
            + _lin(list(w[i]) + list(u[i]), list(h) + list(x), b[i])
            + f" = {pre:.4g}; h'{_sub(i + 1)} = tanh({pre:.4g}) = {h_new[i]:.4g}")
    return _q(f"One RNN step h' = tanh(W h + U x + b) with W = {_mat(w)}, U = {_mat(u)}, "
              f"b = {_vec(b)}, h = {_vec(h)}, x = {_vec(x)}: h'{_sub(i + 1)}?", h_new[i], expl)


LSTM_GATES = {"f": "forget gate f", "i": "input gate i", "o": "output gate o",
              "c": "new cell state c'"}


def lstm_gate(rng):
    """An LSTM with hidden size 1: one gate value, or the new cell state."""
    from cheatsheet import nn
    from cheatsheet.formulas import sigmoid

    nin = 2
    # torch layout, gate order i, f, g, o
    w_ih, w_hh, bias = _small(rng, 4, nin), _small(rng, 4, 1), _small(rng, 4)
    x, h, c = _small(rng, nin), _small(rng, 1), _small(rng, 1)
    target = rng.choice(list(LSTM_GATES))
    pre = w_ih @ x + w_hh @ h + bias
    gi, gf, gg, go = (float(sigmoid(pre[0])), float(sigmoid(pre[1])), math.tanh(pre[2]),
                      float(sigmoid(pre[3])))
    h_new, c_new = nn.lstm_cell(x[None], (h[None], c[None]), w_ih, w_hh, b_ih=bias)
    h_new, c_new = float(h_new[0, 0]), float(c_new[0, 0])
    # the core's cell agrees with the gates (torch order i, f, g, o)
    assert abs(gf * c[0] + gi * gg - c_new) < 1e-9 and abs(go * math.tanh(c_new) - h_new) < 1e-9
    rows = {"i": 0, "f": 1, "g": 2, "o": 3}

    def params(g):
        r = rows[g]
        return f"W_{g} = {_vec(w_ih[r])}, U_{g} = {_num(w_hh[r, 0])}, b_{g} = {_num(bias[r])}"

    def pre_text(g):
        r = rows[g]
        return (_lin(list(w_ih[r]) + [w_hh[r, 0]], list(x) + [h[0]], bias[r])
                + f") = {'tanh' if g == 'g' else 'σ'}({pre[r]:.4g}")

    gates = {"i": gi, "f": gf, "o": go}
    naive = []
    if target in gates:
        value = gates[target]
        shown = [target]
        expl = f"{target} = σ({pre_text(target)}) = {value:.4g}"
    else:
        value = c_new
        naive = [c[0]]  # the cell state before the step
        shown = ["f", "i", "g"]
        expl = (f"f = σ({pre_text('f')}) = {gf:.4g}; i = σ({pre_text('i')}) = {gi:.4g}; "
                f"g = tanh({pre_text('g')}) = {gg:.4g}; c' = f·c + i·g = {gf:.4g}·"
                f"{f'({_num(c[0])})' if c[0] < 0 else _num(c[0])}"
                f" + {gi:.4g}·({gg:.4g}) = {c_new:.4g} (cheatsheet.nn.lstm_cell)")
    eqs = "; ".join({"i": "i = σ(W_i x + U_i h + b_i)", "f": "f = σ(W_f x + U_f h + b_f)",
                     "o": "o = σ(W_o x + U_o h + b_o)",
                     "g": "g = tanh(W_g x + U_g h + b_g)"}[g] for g in shown)
    if target == "c":
        eqs += "; c' = f ⊙ c + i ⊙ g"
    state = f"x = {_vec(x)}, h = {_num(h[0])}" + (f", c = {_num(c[0])}" if target == "c" else "")
    return _q(f"LSTM cell with hidden size 1 ({eqs}): {'; '.join(params(g) for g in shown)}; "
              f"{state}: {LSTM_GATES[target]}?", value, expl, naive=naive)


# -- softmax ----------------------------------------------------------------------------------

def softmax_entry(rng):
    import numpy as np

    from cheatsheet.formulas import softmax

    n = rng.choice([3, 4])
    z = np.array([_r(rng, -2, 3) for _ in range(n)])
    p = softmax(z)
    i = rng.randrange(n)
    exps = [math.exp(v) for v in z]
    expl = (f"e^(z{_sub(i + 1)}) / Σⱼ e^(zⱼ) = e^{_num(z[i])} / ("
            + " + ".join(f"e^{_num(v)}" for v in z) + f") = {exps[i]:.4g} / ("
            + " + ".join(f"{e:.4g}" for e in exps) + f") = {p[i]:.4g}")
    return _q(f"softmax(z) for z = {_vec(z)}: softmax(z){_sub(i + 1)}?", p[i], expl)


GENERATORS = [
    Generator("conv.output_size", "convolution", "conv output size", conv_output_size),
    Generator("conv.params_conv", "convolution", "conv parameter count", conv_params),
    Generator("attention.weights_simplex", "attention", "attention weight", attention_weight),
    Generator("kl.gaussians", "information-theory", "KL of two Gaussians", kl_gaussians),
    Generator("kl.diagonal_gaussian_to_isotropic", "information-theory", "VAE KL term", kl_vae),
    Generator("mgf.value", "probability", "an MGF value", mgf_value),
    Generator("entropy.definition", "information-theory", "entropy", entropy_value),
    Generator("sigmoid.derivative", "activations", "σ'", sigmoid_derivative),
    Generator("adam.update", "optimisation", "two Adam steps", adam_step),
    Generator("pool.max_entry", "convolution", "a max-pooling output", max_pool_entry, True),
    Generator("pool.avg_entry", "convolution", "an average-pooling output", avg_pool_entry,
              True),
    Generator("pool.output_size", "convolution", "pooling output size", pool_output_size, True),
    Generator("gcn.propagation_matrix", "geometric-dl", "a GCN propagation entry", gcn_entry,
              True),
    Generator("laplacian.quadratic_form", "geometric-dl", "a Laplacian quadratic form",
              laplacian_quadratic_form, True),
    Generator("rnn.cell", "recurrent", "one RNN step", rnn_step, True),
    Generator("lstm.cell", "recurrent", "an LSTM gate", lstm_gate, True),
    Generator("softmax.definition", "activations", "a softmax entry", softmax_entry),
]


def generators(topics_by_claim: dict[str, str]) -> list[Generator]:
    """The generators whose code is importable; a generator practising a catalog claim takes
    that claim's topic."""
    import importlib.util

    have_nn = importlib.util.find_spec("cheatsheet.nn") is not None
    out = []
    for g in GENERATORS:
        if g.needs_nn and not have_nn:
            continue
        topic = topics_by_claim.get(g.id, g.topic)
        out.append(Generator(g.id, topic, g.title, g.fn, g.needs_nn))
    return out
