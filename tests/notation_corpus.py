"""Formulas written in notations other than the five course sheets', as other courses, textbooks
and students write them.  ``scripts/notation_share.py`` measures how many the reader reads;
``tests/test_latex_notation.py`` checks what the new readings mean.

Each entry is (latex, declarations or None).  Written by hand, not copied from any sheet.
"""
from __future__ import annotations

VEC = {"x": "vector(n)", "y": "vector(n)", "w": "vector(n)", "mu": "vector(n)"}
MAT = {"A": "matrix(m, n)", "B": "matrix(n, p)", "X": "matrix(m, n)", "x": "vector(n)",
       "y": "vector(m)", "w": "vector(n)"}
RV = {"X": "rv", "Y": "rv", "a": "real", "b": "real"}

CORPUS: list[tuple[str, dict | None]] = [
    # transposes
    (r"\mathbf{x}^\top \mathbf{y} = \sum_{i=1}^n x_i y_i", VEC),
    (r"\mathbf{w}^{\intercal}\mathbf{x} + b", None),
    (r"\mathbf{A}^\mathsf{T}\mathbf{A}", None),
    (r"(\mathbf{A}\mathbf{B})^\top = \mathbf{B}^\top \mathbf{A}^\top", None),
    (r"\mathbf{X}^{\mathsf{T}} \mathbf{X} \mathbf{w} = \mathbf{X}^{\mathsf{T}} \mathbf{y}", None),
    (r"\mathbf{x}ᵀ\mathbf{y} = \mathbf{y}ᵀ\mathbf{x}", None),
    (r"A^{\top} y", MAT),
    (r"\|A x\|_2^2 = x^\top A^\top A x", MAT),
    # variance, covariance
    (r"\operatorname{Var}(X) = \mathbb{E}[X^2] - \mathbb{E}[X]^2", RV),
    (r"\mathrm{Var}(aX + b) = a^2 \mathrm{Var}(X)", RV),
    (r"\mathbb{V}[X] = \mathbb{E}[(X - \mathbb{E}[X])^2]", RV),
    (r"\operatorname{Cov}(X, Y) = \mathbb{E}[XY] - \mathbb{E}[X]\mathbb{E}[Y]", RV),
    (r"\mathrm{Cov}(X, X) = \mathrm{Var}(X)", RV),
    (r"\operatorname{Var}[X + Y] = \operatorname{Var}[X] + \operatorname{Var}[Y] + 2\operatorname{Cov}[X, Y]", RV),
    (r"\mathbb{V}\left[aX\right] = a^2\,\mathbb{V}\left[X\right]", RV),
    (r"\sigma^2 = \mathbb{E}\left[(X-\mu)^2\right]", RV),
    # integrals and their differentials
    (r"\int_0^1 x^2 \,\mathrm{d}x = \frac{1}{3}", None),
    (r"\int_{-\infty}^{\infty} p(x)\, dx = 1", None),
    (r"\mathbb{E}[X] = \int_{-\infty}^{\infty} x\, p(x)\, \mathrm{d}x", None),
    (r"\int_a^b f'(x) \,dx = f(b) - f(a)", None),
    (r"\int_{0}^{\infty} e^{-x} \, \mathrm{d}x = 1", None),
    (r"\int_{0}^{1} \int_{0}^{1} x y \, \mathrm{d}x \, \mathrm{d}y = \frac{1}{4}", None),
    # expectations with their law
    (r"\mathbb{E}_{x\sim p}[f(x)] = \sum_x p(x) f(x)", None),
    (r"\mathbb{E}_{p(x)}[\log p(x)]", None),
    (r"H(p) = -\mathbb{E}_{x\sim p}\left[\log p(x)\right]", None),
    (r"\mathbb{E}_{z \sim q_\phi(z \mid x)}\left[\log p_\theta(x \mid z)\right]", None),
    (r"\mathbb{E}_{X}[X] = \mu", None),
    # divergences
    (r"D_{\mathrm{KL}}(p\,\|\,q) = \sum_x p(x) \log \frac{p(x)}{q(x)}", None),
    (r"\mathrm{KL}(p \parallel q) \ge 0", None),
    (r"D_{KL}(P \| Q) = \mathbb{E}_{P}\left[\log \frac{P(x)}{Q(x)}\right]", None),
    (r"\operatorname{KL}(q \,\|\, p) = -\mathbb{E}_q[\log p(z) - \log q(z)]", None),
    (r"KL(p || q) \geq 0", None),
    # probabilities
    (r"\Pr[X = x] = p^x (1-p)^{1-x}", None),
    (r"\Pr(A \mid B) = \frac{\Pr(B \mid A)\Pr(A)}{\Pr(B)}", None),
    (r"\mathbb{P}(X \le x) = F(x)", None),
    (r"\mathbb{P}(A, B) = \mathbb{P}(A)\mathbb{P}(B)", None),
    (r"P(Y = 1 \mid \mathbf{x}) = \sigma(\mathbf{w}^\top \mathbf{x})", None),
    (r"p(y \mid x) = \frac{p(x \mid y) p(y)}{p(x)}", None),
    (r"\Pr\left[|X - \mu| \ge k\sigma\right] \le \frac{1}{k^2}", None),
    # fractions
    (r"\sigma(z) = \dfrac{1}{1+\exp(-z)}", None),
    (r"\tfrac{1}{2}\|\mathbf{w}\|^2", None),
    (r"\dfrac{\partial}{\partial x} \tfrac{1}{2} x^2 = x", None),
    # norms
    (r"\left\lVert \mathbf{x} \right\rVert_2^2 = \sum_{i=1}^n x_i^2", VEC),
    (r"\lVert \mathbf{x} \rVert_1 = \sum_{i=1}^n |x_i|", VEC),
    (r"\|\mathbf{x}\|_\infty = \max_i |x_i|", VEC),
    (r"\left\| \mathbf{A} \right\|_F^2 = \operatorname{tr}(\mathbf{A}^\top \mathbf{A})", None),
    (r"\left\Vert x - y \right\Vert", None),
    # exp and log
    (r"\exp\{-\frac{(x-\mu)^2}{2\sigma^2}\}", None),
    (r"p(x) = \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left\{ -\frac{(x - \mu)^2}{2\sigma^2} \right\}", None),
    (r"\exp\left(-\frac{1}{2} \mathbf{x}^\top \mathbf{x}\right)", None),
    (r"\log_2 8 = 3", None),
    (r"H(X) = -\sum_{x} p(x) \log_2 p(x)", None),
    (r"\log_{10} 100 = 2", None),
    (r"\ln(xy) = \ln x + \ln y", None),
    (r"\log(ab) = \log a + \log b", None),
    (r"\log \frac{a}{b} = \log a - \log b", None),
    # indicators
    (r"\mathbb{1}[x > 0]", None),
    (r"\mathbb{1}\{y = k\}", None),
    (r"\text{ReLU}'(x) = \mathbb{1}[x > 0]", None),
    (r"\frac{1}{n}\sum_{i=1}^n \mathbb{1}[y_i \ne \hat{y}_i]", None),
    (r"\mathbb{I}[x \geq 0] + \mathbb{I}[x < 0] = 1", None),
    (r"\mathbf{1}\{x > 0\} x = \max(x, 0)", None),
    # trace, determinant
    (r"\operatorname{tr}(\mathbf{A}\mathbf{B}) = \operatorname{tr}(\mathbf{B}\mathbf{A})", None),
    (r"\mathrm{tr}(\mathbf{A}^\top \mathbf{A}) = \|\mathbf{A}\|_F^2", None),
    (r"\operatorname{Tr}(\mathbf{A} + \mathbf{B}) = \operatorname{Tr}(\mathbf{A}) + \operatorname{Tr}(\mathbf{B})", None),
    (r"\det(\mathbf{A}\mathbf{B}) = \det(\mathbf{A}) \det(\mathbf{B})", None),
    (r"|\mathbf{A}^{-1}| = \frac{1}{|\mathbf{A}|}", None),
    # arg max, sup, inf
    (r"\hat{y} = \operatorname*{arg\,max}_k p_k", None),
    (r"\hat{\theta} = \arg\max_\theta \log p(x \mid \theta)", None),
    (r"\mathbf{w}^* = \operatorname{argmin}_{\mathbf{w}} \|\mathbf{X}\mathbf{w} - \mathbf{y}\|^2", None),
    (r"\sup_{i} x_i = \max_i x_i", {"i": "index(n)", "x": "vector(n)"}),
    (r"\inf_{i} x_i \le x_1", {"i": "index(n)", "x": "vector(n)"}),
    # derivatives
    (r"\frac{\mathrm{d}}{\mathrm{d}x} x^2 = 2x", None),
    (r"\frac{\mathrm{d}f}{\mathrm{d}x}", None),
    (r"\frac{d f}{d x}(x_0) = \lim_{h \to 0} \frac{f(x_0 + h) - f(x_0)}{h}", None),
    (r"f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}", None),
    (r"\frac{d}{dx} \ln x = \frac{1}{x}", None),
    (r"\frac{\partial^2 f}{\partial x \, \partial y} = \frac{\partial^2 f}{\partial y \, \partial x}", None),
    (r"\frac{\mathrm{d}}{\mathrm{d}x}\left(f(x) g(x)\right) = f'(x) g(x) + f(x) g'(x)", None),
    (r"\nabla_{\mathbf{x}} \mathbf{x}^\top \mathbf{A} \mathbf{x} = (\mathbf{A} + \mathbf{A}^\top)\mathbf{x}", None),
    (r"\frac{\partial}{\partial \mathbf{x}} \mathbf{a}^\top \mathbf{x} = \mathbf{a}", None),
    # products written with \cdot
    (r"a \cdot (b + c) = a \cdot b + a \cdot c", None),
    (r"\mathbf{w} \cdot \mathbf{x} = \mathbf{w}^\top \mathbf{x}", None),
    (r"\sigma'(z) = \sigma(z) \cdot (1 - \sigma(z))", None),
    # unicode
    (r"Σ_{i=1}^n x_i", None),
    (r"∑_{i=1}^{n} i = \frac{n(n+1)}{2}", None),
    (r"a ≤ b", None),
    (r"x² ≥ 0", None),
    (r"σ(−x) = 1 − σ(x)", None),
    (r"‖x‖² = xᵀx", {"x": "vector(n)"}),
    (r"e^{iπ} + 1 = 0", None),
    (r"∫_0^1 x dx = 1/2", None),
    (r"ρ(X, Y) = \frac{\operatorname{Cov}(X, Y)}{σ_X σ_Y}", RV),
    (r"A⁻¹A = I", {"A": "square(n)"}),
    (r"∂f/∂x", None),
    # cases, if / otherwise
    (r"\text{ReLU}(x) = \begin{cases} x & \text{if } x > 0 \\ 0 & \text{otherwise} \end{cases}", None),
    (r"|x| = \begin{cases} x, & x \ge 0 \\ -x, & x < 0 \end{cases}", None),
    (r"f(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}", None),
    (r"\mathrm{sign}(x) = \begin{cases} 1 & \text{if } x > 0, \\ 0 & \text{if } x = 0, \\ -1 & \text{else.} \end{cases}", None),
    (r"H_\delta(a) = \begin{cases} \frac{1}{2}a^2 & \text{for } |a| \le \delta \\ \delta(|a| - \frac{1}{2}\delta) & \text{otherwise} \end{cases}", None),
    (r"\sigma'(x) = 1 \text{ if } x > 0", None),
    # conditioning bars, \mid
    (r"p(x, y) = p(x \mid y)\, p(y)", None),
    (r"\mathbb{E}[X \mid Y = y]", None),
    # other everyday forms
    (r"\binom{n}{k} p^k (1-p)^{n-k}", None),
    (r"\frac{e^{z_i}}{\sum_{j=1}^K e^{z_j}}", None),
    (r"\mathcal{N}(x \mid \mu, \sigma^2)", None),
    (r"\mathcal{L}(\theta) = -\sum_{i=1}^n \log p(y_i \mid x_i; \theta)", None),
    (r"\theta_{t+1} = \theta_t - \eta \nabla_\theta \mathcal{L}(\theta_t)", None),
    (r"\mathbf{w} \leftarrow \mathbf{w} - \eta \nabla_{\mathbf{w}} L", None),
    (r"\sqrt{\mathbf{x}^\top \mathbf{x}} = \|\mathbf{x}\|_2", None),
    (r"\mathrm{softmax}(\mathbf{z})_i = \frac{\exp(z_i)}{\sum_j \exp(z_j)}", None),
    (r"y = \mathbf{W}\mathbf{x} + \mathbf{b}", None),
    (r"\operatorname{ReLU}(x) = \max\{0, x\}", None),
    (r"\tanh(x) = \frac{e^x - e^{-x}}{e^x + e^{-x}}", None),
    (r"\mathbb{E}[aX + bY] = a\mathbb{E}[X] + b\mathbb{E}[Y]", RV),
]
