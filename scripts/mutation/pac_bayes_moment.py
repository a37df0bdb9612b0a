"""Why the PAC-Bayes bound with ln(sqrt(n)/eps) in place of ln(2 sqrt(n)/eps) is true: the
moment the Donsker-Varadhan argument needs, bounded for every n.

For 0-1 losses, a prior P fixed before the sample, Delta_f = R(f) - R_hat_n(f) and
Z = E_{f~P} exp(2n (Delta_f)_+^2): Donsker-Varadhan gives, for every posterior Q at once,
2n (E_Q Delta)^2 <= 2n E_Q (Delta)_+^2 <= KL(Q||P) + ln Z (Jensen twice), so the bound
E_Q Delta <= sqrt((KL(Q||P) + ln(sqrt(n)/eps)) / (2n)) can fail only where Z > sqrt(n)/eps.
Z >= 1, so Markov's inequality on Z - 1 gives P(Z > sqrt(n)/eps) <= eps (m(n) - 1) /
(sqrt(n) - eps) with m(n) = max_p E exp(2n (p - k/n)_+^2), k ~ Binomial(n, p) (E Z <= m(n) by
Fubini); that is <= eps whenever m(n) <= sqrt(n) + 1 - eps.  The claim declares eps < 0.3,
so m(n) <= sqrt(n) + 0.7 for every n >= 1 proves the bound:

* n <= 1000 (``moment_table``): m(n) computed exactly on a grid of p, plus twice the largest
  change between neighbouring grid points (the largest m(n) / (sqrt(n) + 0.7) is 0.90, at
  n = 1; 5 s);
* n > 1000 (``moment_tail``): Stirling's bounds give C(n, k) p^k (1-p)^(n-k) <= e^{1/(12n)}
  exp(-n kl(k/n || p)) / sqrt(2 pi k (n-k) / n) for 0 < k < n, the refined Pinsker inequality
  kl(x || p) >= 2 (x-p)^2 + (4/9) (x-p)^4 (Fedotov, Harremoes and Topsoe 2003: V^4/36 with V
  = 2|x-p|) takes the 2n (x-p)^2 away, the end terms k = 0, n are <= 1 (ln(1-p) + 2p^2 <= 0),
  and Cauchy-Schwarz splits the rest into sum_k e^{-(8/9) n (k/n-p)^4} <= 1 + 2 Gamma(5/4)
  (9/8)^{1/4} n^{3/4} and sum_k n / (2 pi k (n-k)) <= (1 + ln n) / pi; with (1 + ln n) /
  n^{1/4} falling for n > e^3, m(n) <= 2 + a sqrt(n) with a < 1 computed at n = 1000, which is
  <= sqrt(n) + 0.7 from a small n on.
"""
from __future__ import annotations

import math

EPS_MAX = 0.3  # the claim declares eps in (0.01, 0.3)
N_TABLE = 1000


def _moments(n: int, ps):
    """E exp(2n (p - k/n)_+^2) at each p of ``ps`` (k ~ Binomial(n, p))."""
    import numpy as np
    from scipy.special import gammaln

    k = np.arange(n + 1)[:, None]
    logc = gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)
    logs = logc + k * np.log(ps) + (n - k) * np.log1p(-ps) \
        + 2 * n * np.maximum(ps - k / n, 0.0) ** 2
    return np.exp(logs).sum(0)


def moment_table(n_max: int = N_TABLE, eps_max: float = EPS_MAX) -> float:
    """The largest m(n) / (sqrt(n) + 1 - eps_max) for n = 1..n_max (grid maximum widened by
    twice the largest step between grid points): below 1 proves those n."""
    import numpy as np

    ps = np.linspace(0.0, 1.0, 801)[1:-1]  # p = 0 and p = 1 give exactly 1
    worst = 0.0
    for n in range(1, n_max + 1):
        m = _moments(n, ps)
        bound = m.max() + 2 * np.abs(np.diff(m)).max()
        worst = max(worst, bound / (math.sqrt(n) + 1 - eps_max))
    return worst


def moment_tail(n0: int = N_TABLE, eps_max: float = EPS_MAX) -> bool:
    """m(n) <= sqrt(n) + 1 - eps_max for every n >= n0, by the bound of the module's
    docstring: m(n) <= 2 + e^{1/(12 n0)} sqrt(c1 c0 / pi) sqrt(n)."""
    if n0 < 21:  # (1 + ln n) / n^{1/4} falls for n > e^3
        return False
    c1 = 2 * math.gamma(1.25) * (9 / 8) ** 0.25 + n0 ** -0.75  # (1 + c n^{3/4}) <= c1 n^{3/4}
    c0 = (1 + math.log(n0)) / n0 ** 0.25  # (1 + ln n) <= c0 n^{1/4}
    a = math.exp(1 / (12 * n0)) * math.sqrt(c1 * c0 / math.pi)
    if a >= 1:
        return False
    # 2 + a sqrt(n) <= sqrt(n) + 1 - eps_max  <=>  sqrt(n) >= (1 + eps_max) / (1 - a)
    return math.sqrt(n0) >= (1 + eps_max) / (1 - a)


def refined_pinsker_holds(points: int = 2001) -> bool:
    """kl(x || p) >= 2 (x-p)^2 + (4/9) (x-p)^4 on a grid of (x, p) (the cited inequality,
    checked where it is used)."""
    import numpy as np

    g = np.linspace(0.0, 1.0, points)
    x, p = g[:, None], g[None, 1:-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        kl = np.where(x > 0, x * np.log(x / p), 0.0) + np.where(
            x < 1, (1 - x) * np.log((1 - x) / (1 - p)), 0.0)
    return bool((kl - 2 * (x - p) ** 2 - 4 / 9 * (x - p) ** 4 >= -1e-12).all())
