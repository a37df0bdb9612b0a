"""The distribution and estimation checks' own machinery (verify/checks/distributions.py,
estimation.py): the laws' atoms reproduce SciPy's moments, probabilities are read as the law's
pmf/CDF (and a bare p(x) never as x itself), and the audit neither calls right distribution-table
lines wrong nor misses the planted typos of a sheet written in everyday notation."""
from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy import stats

from cheatsheet.latex import parse
from cheatsheet.symbols import Declarations
from cheatsheet.verify.checks import distributions as D
from cheatsheet.verify.checks.estimation import _iid_law


def _moments(atoms, probs):
    a = atoms if atoms.ndim == 2 else atoms[..., 0]
    probs = probs[..., None] if a.ndim == 3 else probs
    mean = (probs * a).sum(1)
    return mean, (probs * (a - mean[:, None]) ** 2).sum(1)


@pytest.mark.parametrize("law,params,frozen", [
    ("beta", [np.array([0.4, 2.5, 7.0]), np.array([1.3, 0.6, 3.0])],
     lambda a, b: stats.beta(a, b)),
    ("laplace", [np.array([-1.0, 0.5, 2.0]), np.array([0.3, 1.0, 2.5])],
     lambda m, b: stats.laplace(m, b)),
    ("student_t", [np.array([2.5, 5.0, 30.0])], lambda nu: stats.t(nu)),
    ("geometric", [np.array([0.05, 0.4, 0.9])], lambda p: stats.geom(p)),
    ("geometric0", [np.array([0.05, 0.4, 0.9])], lambda p: stats.geom(p, loc=-1)),
    ("discrete_uniform", [np.array([-3.0, 0.0, 2.0]), np.array([4.0, 0.0, 5.0])],
     lambda a, b: stats.randint(a, b + 1)),
])
def test_atoms_have_scipys_mean_and_variance(law, params, frozen):
    atoms, probs = LAWS_ATOMS(law, params)
    assert np.allclose(probs.sum(1), 1, atol=1e-12)
    mean, var = _moments(atoms, probs)
    for t in range(len(mean)):
        ref = frozen(*[p[t] for p in params])
        assert mean[t] == pytest.approx(ref.mean(), rel=1e-9, abs=1e-12)
        assert var[t] == pytest.approx(ref.var(), rel=1e-8)


def LAWS_ATOMS(law, params):
    return D.LAWS[law].atoms(params, len(params[0]))


def test_dirichlet_atoms_have_scipys_moments():
    alpha = np.array([[0.5, 2.0, 3.5, 1.2]])[..., None]
    atoms, probs = D.LAWS["dirichlet"].atoms([alpha], 1)
    X = atoms[0, :, :, 0]
    w = probs[0]
    ref = stats.dirichlet(alpha[0, :, 0])
    assert w.sum() == pytest.approx(1)
    assert np.allclose(w @ X, ref.mean())
    assert np.allclose(w @ (X - w @ X) ** 2, ref.var())


def test_multinomial_and_categorical_atoms():
    pi = np.array([[0.2, 0.5, 0.3]])[..., None]
    atoms, probs = D.LAWS["multinomial"].atoms([np.array([4.0]), pi], 1)
    X = atoms[0, :, :, 0]
    assert probs[0].sum() == pytest.approx(1)
    assert np.allclose(probs[0] @ X, 4 * pi[0, :, 0])
    atoms, probs = D.LAWS["categorical"].atoms([pi], 1)
    assert np.allclose(probs[0] @ atoms[0, :, :, 0], pi[0, :, 0])


def test_iid_law_is_a_product_of_identical_copies():
    law, mean, var = _iid_law(np.random.default_rng(1), 2, 3, "X")
    X = law.atoms["X"][..., 0]  # (T, m, n)
    for k in range(3):  # every copy has the same mean and variance as the one-draw law
        assert np.allclose((law.probs * X[:, :, k]).sum(1), mean)
    cross = (law.probs * (X[:, :, 0] - mean[:, None]) * (X[:, :, 1] - mean[:, None])).sum(1)
    assert np.allclose(cross, 0, atol=1e-12)  # independent copies


def _rewritten(latex, decls):
    st = parse(latex, Declarations.from_mapping(decls))
    random = {n for n, s in decls.items() if s.startswith(("rv", "Poisson", "Exponential"))}
    return D.rewrite_statement(st, lambda e: D.rewrite(e, random)).relations[0].lhs


def test_probabilities_become_the_laws_functions():
    decls = {"X": "Exponential(lambda)", "lambda": "positive", "x": "positive"}
    eq = _rewritten(r"P(X = x) = 1", decls)
    assert eq.func.__name__ == D.PDF and str(eq.args[0]) == "x"
    assert _rewritten(r"P(X \leq x) = 1", decls).func.__name__ == D.CDF
    above = _rewritten(r"P(X > x) = 1", decls)
    assert {type(f).__name__ for f in above.atoms(sp.core.function.AppliedUndef)} == {D.CDF}
    assert above.subs({f: 0 for f in above.atoms(sp.core.function.AppliedUndef)}) == 1
    cond = _rewritten(r"p(x \mid \lambda) = 1", decls)
    assert cond.func.__name__ == D.PDF


def test_a_bare_probability_of_a_value_has_no_value():
    """p(x) alone is not x (the engine's expectation of a constant): a sheet's F(x) renamed
    onto P once read as x and was called wrong."""
    lhs = _rewritten(r"p(x) = 1", {"x": "positive", "X": "rv"})
    assert lhs.func.__name__ == D.UNREAD


def test_law_named_call_with_a_bar_takes_its_parameters():
    decls = {"theta": "prob", "a": "positive", "b": "positive"}
    rhs = D.rewrite(parse(r"q = \mathrm{Beta}(\theta \mid a, b)",
                          Declarations.from_mapping({**decls, "q": "real"})).relations[0].rhs,
                    set())
    assert rhs.func.__name__ == "Beta" and len(rhs.args) == 3


# ------------------------------------------------------------------------------ the audit

SHEET = r"""# Distributions

| law | mean | variance |
|---|---|---|
| $\mathrm{Exp}(\lambda)$ | $1/\lambda$ | $1/\lambda^2$ |
| $\mathrm{Gamma}(\alpha, \beta)$, rate | $\alpha/\beta$ | $\alpha/\beta^2$ |

Let $X$ have $\mathbb{E}[X] = \mu$ and $\text{Var}[X] = \sigma^2$.

- quadratic model: $f(x) = \frac{1}{2} x^T Q x$
- exponential CDF: $F(x) = 1 - e^{-\lambda x}$
- Beta variance: $\operatorname{Var}(X) = \frac{\alpha\beta}{(\alpha+\beta)^2(\alpha+\beta-1)}$
- $\Gamma(x+1) = x\,\Gamma(x)$
- Normal density: $p(x \mid \mu, \sigma^2) = \frac{1}{\sqrt{2\pi\sigma}} \exp\left(-\frac{(x-\mu)^2}{2\sigma^2}\right)$
- Geometric variance: $\operatorname{Var}(X) = \frac{1-p}{p^2}$
"""


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    from cheatsheet.catalog import get_catalog
    from cheatsheet.verify.audit.run import audit_files

    path = tmp_path_factory.mktemp("sheet") / "dist.md"
    path.write_text(SHEET, encoding="utf-8")
    res = audit_files([str(path)], catalog=get_catalog())
    by_line: dict[int, set] = {}
    for f in res.findings:
        by_line.setdefault(f.line, set()).add((f.verdict, f.claim))
    return by_line


def _verdicts(by_line, line):
    return {v for v, _ in by_line.get(line, set())}


@pytest.mark.parametrize("line", [5, 6, 8, 10, 11, 13, 15])
def test_right_lines_are_never_called_wrong(audited, line):
    assert "wrong" not in _verdicts(audited, line), audited.get(line)


@pytest.mark.parametrize("line,claim", [(12, "beta.variance"), (14, "normal.pdf")])
def test_planted_typos_are_caught(audited, line, claim):
    assert ("wrong", claim) in audited.get(line, set()), audited.get(line)


def test_gamma_function_identity_is_ok(audited):
    assert ("ok", "gammafn.recurrence") in audited.get(13, set())


def test_several_free_indices_take_different_values():
    """Cov(X_i, X_j) = -n pi_i pi_j speaks of i != j: drawn equal, it would be Var(X_i)."""
    class Inst:
        dims = {"K": 2}
    rng = np.random.default_rng(0)
    for _ in range(20):
        out = D._free_indices(Inst(), {"i": "K", "j": "K"}, rng)
        assert float(out["i"].arr) != float(out["j"].arr)
