"""Compute questions: worked examples with fresh random numbers.

Every answer is computed by the project's own verified code (``cheatsheet.formulas``, each
function linked to a catalog claim, and the NumPy core ``cheatsheet.nn`` where it is
installed), never typed in by hand; the explanation shows the computation worked out.
Tolerance: relative 1e-2 for real-valued answers, exact for integer answers (sizes, counts).
A generator whose code is unavailable (``cheatsheet.nn`` missing) is simply not offered.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Callable

from .questions import Question

RTOL = 1e-2


@dataclass
class Generator:
    id: str  # the claim it practises (its topic comes from the catalog when present there)
    topic: str
    title: str
    fn: Callable[[random.Random], Question]
    needs_nn: bool = False

    def make(self, rng: random.Random) -> Question:
        return self.fn(rng)


def _q(prompt: str, value: float, explanation: str, *, integer: bool = False, unit: str = "",
       formulas=()) -> Question:
    return Question("", "", "", "", "compute", prompt, list(formulas), [], None,
                    value=float(value), rtol=0.0 if integer else RTOL,
                    atol=1e-9 if integer else 1e-4, unit=unit, explanation=explanation)


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
                  f"E[e^(tX)] = exp(λ(eᵗ − 1)) = exp({lam}·(e^{t} − 1)) = {v:.4g}")
    if which == "normal":
        mu, s2 = _r(rng, -1, 1), _r(rng, 0.5, 2)
        v = float(F.mgf_normal(t, mu, s2))
        return _q(f"MGF of N(μ = {mu}, σ² = {s2}) at t = {t}?", v,
                  f"exp(μt + σ²t²/2) = exp({mu}·{t} + {s2}·{t}²/2) = {v:.4g}")
    if which == "bernoulli":
        p = _r(rng, 0.1, 0.9)
        v = float(F.mgf_bernoulli(t, p))
        return _q(f"MGF of Bernoulli(p = {p}) at t = {t}?", v,
                  f"1 − p + p eᵗ = 1 − {p} + {p}·e^{t} = {v:.4g}")
    n, p = rng.randint(2, 6), _r(rng, 0.1, 0.9)
    v = float(F.mgf_binomial(t, n, p))
    return _q(f"MGF of Binomial(n = {n}, p = {p}) at t = {t}?", v,
              f"(1 − p + p eᵗ)ⁿ = (1 − {p} + {p}·e^{t})^{n} = {v:.4g}")


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
    lines = []
    for t, g in ((1, g1), (2, g2)):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        mh, vh = m / (1 - b1 ** t), v / (1 - b2 ** t)
        theta = theta - lr * mh / (math.sqrt(vh) + eps)
        lines.append(f"t={t}: m={m:.4g}, v={v:.4g}, m̂={mh:.4g}, v̂={vh:.4g}, θ={theta:.6g}")
    return _q(f"Adam (α = {lr}, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, m₀ = v₀ = 0) from θ₀ = {theta0}"
              f" with gradients g₁ = {g1}, g₂ = {g2}: θ₂?", theta,
              "m_t = β₁m + (1−β₁)g, v_t = β₂v + (1−β₂)g², θ ← θ − α m̂/(√v̂ + ε)\n"
              + "\n".join(lines))


GENERATORS = [
    Generator("conv.output_size", "convolution", "conv output size", conv_output_size),
    Generator("conv.parameters", "convolution", "conv parameter count", conv_params),
    Generator("attention.weights", "attention", "attention weight", attention_weight),
    Generator("kl.gaussians", "information", "KL of two Gaussians", kl_gaussians),
    Generator("vae.kl_standard_normal", "information", "VAE KL term", kl_vae),
    Generator("mgf.value", "probability", "an MGF value", mgf_value),
    Generator("entropy.definition", "information", "entropy", entropy_value),
    Generator("activation.sigmoid_derivative", "activations", "σ'", sigmoid_derivative),
    Generator("adam.update", "optimisation", "two Adam steps", adam_step),
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
