"""Worked examples: each shown property holds, output is deterministic, and wrong variants
(the sheets' wrong formulas, a non-flipped kernel, no causal mask, ...) are detected."""

import pytest

from cheatsheet import examples
from cheatsheet.examples import EXAMPLES, run_example

REQUIRED = ["channels", "param-counts", "output-size-grid", "stacked-3x3", "separable", "conv-grad-rot180",
            "fourier-theorem", "attention-weights", "attention-equivariance", "attention-causal", "gcn-spectrum",
            "laplacian-spectrum", "laplacian-quadratic", "spectral-filter", "lru-stability", "ring-sampling"]


def test_registry_has_the_required_examples():
    assert set(REQUIRED) <= set(EXAMPLES)
    for name, ex in EXAMPLES.items():
        assert ex.name == name and name == name.lower() and " " not in name and ex.title


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_holds_prints_and_is_deterministic(name):
    lines1, lines2 = [], []
    assert run_example(name, out=lines1.append) == 0
    assert run_example(name, out=lines2.append) == 0
    assert lines1 == lines2 and len(lines1) >= 3 and lines1[-1] == "-> HOLDS"


@pytest.mark.parametrize("name,variant", [
    ("channels", dict(formula_stride=1)),
    ("param-counts", dict(formulas=examples.sheet_param_formulas)),
    ("output-size-grid", dict(formula=examples.sheet_002_output_size)),
    ("output-size-grid", dict(formula=lambda n, k, p, s, d: (n + 2 * p - k) // s + 1)),  # ignores dilation
    ("stacked-3x3", dict(rf_formula=lambda ks: sum(ks))),
    ("separable", dict(rank=2)),
    ("conv-grad-rot180", dict(flip=False)),
    ("fourier-theorem", dict(zero_pad=False)),
    ("attention-weights", dict(axis=0)),
    ("attention-equivariance", dict(is_causal=True)),
    ("attention-causal", dict(is_causal=False)),
    ("gcn-spectrum", dict(degree_of="A")),
    ("laplacian-spectrum", dict(normalized=False)),
    ("laplacian-quadratic", dict(factor=1.0)),
    ("spectral-filter", dict(transpose=True)),
    ("lru-stability", dict(parametrisation="naive")),
    ("ring-sampling", dict(squared=False)),
])
def test_wrong_variant_is_detected(name, variant):
    lines = []
    assert EXAMPLES[name].run(out=lines.append, seed=0, **variant) is False
    assert any(line.startswith("[FAIL]") for line in lines)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_examples_hold_for_other_seeds(seed):
    for name, ex in EXAMPLES.items():
        assert ex.run(out=lambda s: None, seed=seed), name


def test_unknown_example_raises_key_error():
    with pytest.raises(KeyError, match="known"):
        run_example("no-such-example")
