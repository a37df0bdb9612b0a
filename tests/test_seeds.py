"""A verdict never depends on the seed, and any integer is a seed (issue 10, items 1 and 4).

The whole catalog under 32 seeds is ``scripts/seed_sweep.py`` (run by CI); here: how a seed
becomes a stream, the mechanisms that keep checks seed-independent, and the verdicts the sweep
once found to change, each at the seed that changed it."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from click.testing import CliRunner

from cheatsheet.catalog import get_catalog
from cheatsheet.seeds import rng, seed_sequence, seed_words


# -- what a seed means ------------------------------------------------------------------------

def test_seed_words_keep_small_seeds_and_separate_every_integer():
    assert seed_words(0) == [0] and seed_words(2**32 - 1) == [2**32 - 1]
    seeds = [-1, 1, -3, 2**32 - 3, 2**32 + 7, 7, 98765432109876543210,
             98765432109876543210 % 2**32, -98765432109876543210]
    words = [tuple(seed_words(s)) for s in seeds]
    assert len(set(words)) == len(seeds)
    assert all(0 <= w < 2**32 for ws in words for w in ws)


def test_a_seed_below_2_32_gives_numpys_own_stream():
    for s in (0, 5, 2**32 - 1):
        assert rng(s).random() == np.random.default_rng(s).random()
    assert rng(-3).random() != rng(3).random()


def test_check_streams_use_the_whole_seed():
    """verify's streams were made from seed & 0xFFFFFFFF: -3 was 2**32 - 3 and a 20-digit
    seed was its last 32 bits."""
    from cheatsheet.verify.custom import stream

    a = stream(-3, "claim").generate_state(4)
    b = stream(2**32 - 3, "claim").generate_state(4)
    big = 98765432109876543210
    c = stream(big, "claim").generate_state(4)
    d = stream(big % 2**32, "claim").generate_state(4)
    assert not np.array_equal(a, b) and not np.array_equal(c, d)
    assert np.array_equal(stream(5, "x").generate_state(2),
                          np.random.SeedSequence([5, __import__("zlib").crc32(b"x")])
                          .generate_state(2))
    assert seed_sequence(-3).entropy == seed_sequence(-3).entropy


@pytest.mark.parametrize("seed", ["-3", "98765432109876543210"])
def test_example_accepts_any_integer_seed(seed):
    from cheatsheet.cli import main

    r = CliRunner().invoke(main, ["example", "channels", "--seed", seed])
    assert r.exit_code == 0, r.output
    assert "Traceback" not in r.output and "HOLDS" in r.output
    again = CliRunner().invoke(main, ["example", "channels", "--seed", seed])
    assert again.output == r.output


def test_example_seed_below_2_32_keeps_its_output():
    from cheatsheet.cli import main
    from cheatsheet.examples import run_example

    lines = []
    run_example("channels", out=lines.append, seed=7)
    r = CliRunner().invoke(main, ["example", "channels", "--seed", "7"])
    assert r.output.splitlines() == lines


# -- mechanisms -------------------------------------------------------------------------------

def _decls(mapping):
    from cheatsheet.symbols import Declarations

    return Declarations.from_mapping(mapping)


def test_size_configs_keep_size_conditions_and_vary_sizes():
    from cheatsheet.latex import parse
    from cheatsheet.verify.sampling import Sampler

    d = _decls({"X": "matrix(d, s)", "d": "dim", "s": "dim"})
    cond = parse("s < d", d).relations
    configs = Sampler(d).size_configs(cond, 6, np.random.default_rng(0))
    assert configs and all(c["s"] < c["d"] for c in configs)
    assert configs[0] == {"d": 4, "s": 3}  # the largest that keeps s < d
    d2 = _decls({"A": "matrix(m, n)", "m": "dim", "n": "dim"})
    configs = Sampler(d2).size_configs((), 4, np.random.default_rng(1))
    assert configs[0] == {"m": 4, "n": 4}
    assert any(c["m"] != c["n"] for c in configs)  # an m x n vs n x m mix-up shows
    one = Sampler(_decls({"A": "psd(n)", "n": "dim"})).size_configs((), 4,
                                                                     np.random.default_rng(2))
    assert {c["n"] for c in one} == {2, 3, 4}  # a sign (-1)^n shows for odd n
    assert Sampler(_decls({"x": "real"})).size_configs((), 4, np.random.default_rng(0)) is None


def test_conditions_on_unused_symbols_are_dropped():
    from cheatsheet.latex import parse
    from cheatsheet.verify.custom import relevant_conditions

    d = _decls({"y": "integer", "y_i": "integer", "t": "real", "k": "positive",
                "theta": "positive", "X": "Gamma(k, theta)"})
    conds = [r for a in ("y (1 - y) = 0", "y_i (1 - y_i) = 0", "t \\theta < 1")
             for r in parse(a, d).relations]
    kept = relevant_conditions(d, parse("y_i^2 = y_i", d), conds)
    assert [str(c) for c in kept] == [str(conds[1])]
    # theta enters through X's law, so the condition on t theta stays
    kept = relevant_conditions(d, parse(r"\mathbb{E}[e^{tX}] = (1 - \theta t)^{-k}", d), conds)
    assert str(conds[2]) in [str(c) for c in kept] and str(conds[0]) not in map(str, kept)


# -- verdicts the sweep found to change, at the seed that changed them -------------------------

CAT = get_catalog()


def _version(claim_id, sheet_line=None):
    c = CAT[claim_id]
    if sheet_line is None:
        return c, c.latex, c.declarations, c.layout, list(c.assume), ("canonical",)
    sheet, line = sheet_line
    k, s = next((k, s) for k, s in enumerate(c.sources)
                if s.sheet.startswith(sheet) and s.line == line and s.expect != "undecided")
    return (c, s.reader_latex, c.declarations_for(s), s.layout or c.layout,
            list(c.assume) + list(s.assume), ("source", s.sheet, s.line, k))


CASES = [  # claim, (sheet, line) or None for the canonical statement, seeds, verdict
    ("perceptron.span_invariance", None, [2, 6, 8, 9, -1], "passed"),
    ("kl.asymmetry", None, [-3], "passed"),
    ("l1.coordinate", None, [9], "passed"),
    ("ppca.posterior-mean-limit", None, [4], "passed"),
    ("residual.parameter_jacobians", None, [13, 14], "passed"),
    ("ntk.kernel", None, [17, 19], "passed"),
    ("gd.rate_strongly_convex", ("002", 142), [2**32 + 7], "refuted"),
    ("deriv.jacobian.shape", ("004", 196), [15], "refuted"),
    ("conv.separable_kernel", ("002", 234), [4], "refuted"),
    ("conv.jacobian_sparsity", ("003", 359), [18], "refuted"),
    ("cross_entropy.logistic_gradient", ("002", 64), [24], "passed"),
]


@pytest.mark.parametrize("claim_id,where,seeds,verdict", CASES,
                         ids=[f"{c[0]}@{c[2][0]}" for c in CASES])
def test_verdict_found_seed_dependent_is_not(claim_id, where, seeds, verdict):
    from cheatsheet.verify.check import check_version

    if claim_id not in CAT:
        pytest.skip(f"{claim_id} is no longer in the catalog")
    c, latex, decls, layout, assume, key = _version(claim_id, where)
    for seed in seeds:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            ev = check_version(c, latex, decls, layout, assume, seed=seed, key=key,
                               symbolic_first=False, thorough=False)
        assert ev.verdict == verdict, (claim_id, where, seed, ev.verdict, ev.detail)
