"""Compute questions (pooling, GCN, Laplacian, RNN, LSTM, softmax): the answer of every new
generator is recomputed here from the numbers its prompt shows, in plain Python (loops, math),
never through ``cheatsheet.nn`` or ``cheatsheet.formulas``; a wrong answer, and the typical
slip of each kind, are marked wrong."""
from __future__ import annotations

import math
import random
import re

import pytest
from cheatsheet.quiz import compute
from cheatsheet.quiz.compute import GENERATORS

SEEDS = range(40)
NUM = r"-?\d+(?:\.\d+)?(?:e-?\d+)?"
SUBS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def gen(gid):
    return next(g for g in GENERATORS if g.id == gid)


def nums(text):
    return [float(x) for x in re.findall(NUM, text)]


def vec(prompt, name):
    m = re.search(rf"\b{re.escape(name)} = \(([^)]*)\)", prompt)
    assert m, (name, prompt)
    return nums(m.group(1))


def mat(prompt, name):
    m = re.search(rf"\b{re.escape(name)} = \[([^\]]*)\]", prompt)
    assert m, (name, prompt)
    return [nums(row) for row in m.group(1).split(";")]


def scalar(prompt, name):
    m = re.search(rf"\b{re.escape(name)} = ({NUM})", prompt)
    assert m, (name, prompt)
    return float(m.group(1))


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


def dot(a, b):
    return sum(x * y for x, y in zip(a, b))


def graph(prompt):
    """Nodes and weighted edges of a prompt's graph ("nodes 1-M with edges 1–2 (weight 2)")."""
    m = int(re.search(r"nodes 1-(\d+)", prompt).group(1))
    part = re.search(r"with edges (.*?)(?:: entry|; node signal)", prompt).group(1)
    edges = []
    for e in part.split(", "):
        em = re.fullmatch(r"(\d+)–(\d+)(?: \(weight (\d+)\))?", e)
        assert em, (e, prompt)
        edges.append((int(em.group(1)) - 1, int(em.group(2)) - 1,
                      float(em.group(3) or 1)))
    return m, edges


def check(q, expected, slips=()):
    """The generator's value agrees with the independent one; off answers are wrong."""
    assert q.numeric and q.explanation
    assert q.is_correct(q.parse(repr(expected))), (q.prompt, q.value, expected)
    if q.rtol == 0:  # integer answers are exact
        assert float(q.value) == expected
        assert not q.is_correct(q.parse(str(int(expected) + 1)))
    else:
        assert math.isclose(q.value, expected, rel_tol=1e-9, abs_tol=1e-12)
    off = expected + max(0.05 * abs(expected), 0.05)
    assert not q.is_correct(q.parse(repr(off)))
    assert not q.is_correct(q.parse(repr(expected - max(0.05 * abs(expected), 0.05))))
    if abs(expected) > 0.01:
        assert not q.is_correct(q.parse(repr(-expected)))  # the sign matters
    for slip in slips:
        if not math.isclose(slip, expected, rel_tol=0.02, abs_tol=1e-3):
            assert not q.is_correct(q.parse(repr(slip))), (q.prompt, slip)


# -- pooling ----------------------------------------------------------------------------------

def _pool_prompt(q):
    p = q.prompt
    k = int(re.search(r"kernel (\d)×", p).group(1))
    s = int(re.search(r"stride (\d)", p).group(1))
    rows = [nums(r) for r in re.findall(r"\(([^)]*)\)", p.split("rows ")[1].split(":")[0])]
    i, j = map(int, re.search(r"\(row (\d+), column (\d+)\)", p).groups())
    window = [rows[r][c] for r in range((i - 1) * s, (i - 1) * s + k)
              for c in range((j - 1) * s, (j - 1) * s + k)]
    assert len(window) == k * k and (i - 1) * s + k <= len(rows)
    return window


@pytest.mark.parametrize("seed", SEEDS)
def test_max_pool_entry(seed):
    q = gen("pool.max_entry").make(random.Random(seed))
    assert q.prompt.startswith("Max pooling")
    w = _pool_prompt(q)
    check(q, max(w), slips=[sum(w) / len(w), min(w)])


@pytest.mark.parametrize("seed", SEEDS)
def test_avg_pool_entry(seed):
    q = gen("pool.avg_entry").make(random.Random(seed))
    assert q.prompt.startswith("Average pooling")
    w = _pool_prompt(q)
    check(q, sum(w) / len(w), slips=[max(w), sum(w)])


@pytest.mark.parametrize("seed", SEEDS)
def test_pool_output_size(seed):
    q = gen("pool.output_size").make(random.Random(seed))
    p = q.prompt
    n = int(re.search(r"over a (\d+)×", p).group(1))
    k = int(re.search(r"a (\d+)×\d+ kernel", p).group(1))
    pad = int(re.search(r"padding p = (\d+)", p).group(1))
    m = re.search(r"stride s = (\d+)", p)
    s = int(m.group(1)) if m else k  # "the default stride (= kernel size)"
    assert m or "default stride" in p
    # count the windows that fit in the padded input, one start at a time
    count, start = 0, 0
    while start + k <= n + 2 * pad:
        count += 1
        start += s
    check(q, count, slips=[n + 2 * pad - k + 1] if s > 1 else [])


# -- graphs -----------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_gcn_entry(seed):
    q = gen("gcn.propagation_matrix").make(random.Random(seed))
    m, edges = graph(q.prompt)
    u, v = (int(x) - 1 for x in re.search(r"entry Â\[(\d+), (\d+)\]", q.prompt).groups())
    deg = [1.0] * m  # the self loop
    adj = {}
    for a, b, w in edges:
        deg[a] += w
        deg[b] += w
        adj[a, b] = adj[b, a] = w
    entry = (1.0 if u == v else 0.0) + adj.get((u, v), 0.0)
    assert entry > 0  # the question asks a non-zero entry
    expected = entry / math.sqrt(deg[u] * deg[v])
    # slips: degrees without the self loop, D^-1 on one side only
    no_loop = [d - 1 for d in deg]
    slips = [entry / deg[u]]
    if no_loop[u] > 0 and no_loop[v] > 0:
        slips.append(entry / math.sqrt(no_loop[u] * no_loop[v]))
    check(q, expected, slips)


@pytest.mark.parametrize("seed", SEEDS)
def test_laplacian_quadratic_form(seed):
    q = gen("laplacian.quadratic_form").make(random.Random(seed))
    m, edges = graph(q.prompt)
    x = vec(q.prompt, "x")
    assert len(x) == m
    # xᵀ(D − A)x from the matrix, entry by entry
    a = [[0.0] * m for _ in range(m)]
    for u, v, w in edges:
        a[u][v] = a[v][u] = w
    lap = [[(sum(a[r]) if r == c else 0.0) - a[r][c] for c in range(m)] for r in range(m)]
    expected = sum(x[r] * lap[r][c] * x[c] for r in range(m) for c in range(m))
    by_edges = sum(w * (x[u] - x[v]) ** 2 for u, v, w in edges)
    assert expected == by_edges
    # slips: xᵀ(D + A)x, and the sum over ordered pairs (twice the value)
    plus = sum(x[r] * ((sum(a[r]) if r == c else 0.0) + a[r][c]) * x[c]
               for r in range(m) for c in range(m))
    check(q, expected, slips=[plus, 2 * expected] if expected else [plus])


# -- recurrent --------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_rnn_step(seed):
    q = gen("rnn.cell").make(random.Random(seed))
    p = q.prompt
    w, u = mat(p, "W"), mat(p, "U")
    b, h, x = vec(p, "b"), vec(p, "h"), vec(p, "x")
    i = int(re.search(r"h'([₀-₉]+)\?", p).group(1).translate(SUBS)) - 1
    pre = dot(w[i], h) + dot(u[i], x) + b[i]
    # slips: tanh forgotten, the sigmoid instead of tanh
    check(q, math.tanh(pre), slips=[pre, sigmoid(pre)])


@pytest.mark.parametrize("seed", SEEDS)
def test_lstm_gate(seed):
    q = gen("lstm.cell").make(random.Random(seed))
    p = q.prompt
    x, h = vec(p, "x"), scalar(p, "h")

    def pre(g):
        return dot(vec(p, f"W_{g}"), x) + scalar(p, f"U_{g}") * h + scalar(p, f"b_{g}")

    target = re.search(r"(forget gate f|input gate i|output gate o|new cell state c')\?$",
                       p).group(1)
    if target == "new cell state c'":
        c = scalar(p, "c")
        f, i, g = sigmoid(pre("f")), sigmoid(pre("i")), math.tanh(pre("g"))
        check(q, f * c + i * g, slips=[i * c + f * g, f * c + i * sigmoid(pre("g"))])
    else:
        z = pre(target[-1])
        check(q, sigmoid(z), slips=[math.tanh(z), z])


@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_entry(seed):
    q = gen("softmax.definition").make(random.Random(seed))
    z = vec(q.prompt, "z")
    i = int(re.search(r"softmax\(z\)([₀-₉]+)\?", q.prompt).group(1).translate(SUBS)) - 1
    e = [math.exp(v) for v in z]
    check(q, e[i] / sum(e), slips=[e[i], 1 / len(z), e[i] / (sum(e) - e[i])])


def test_every_lstm_target_comes_up():
    seen = {re.search(r": ([\w ']+)\?$", gen("lstm.cell").make(random.Random(s)).prompt)
            .group(1) for s in range(60)}
    assert seen == {"forget gate f", "input gate i", "output gate o", "new cell state c'"}


def test_new_generators_link_catalog_claims():
    """Generators practising a catalog claim use its id (and so its topic); pooling has no
    claim of its own and keeps the convolution topic."""
    from cheatsheet.catalog import get_catalog

    cat = {e.id: e for e in get_catalog()}
    for gid in ("gcn.propagation_matrix", "laplacian.quadratic_form", "rnn.cell", "lstm.cell",
                "softmax.definition"):
        assert gid in cat
        assert cat[gid].topic == gen(gid).topic
    ids = [g.id for g in GENERATORS]
    assert len(ids) == len(set(ids))  # one card per generator
    topics = {g.id: g.topic for g in compute.generators({e: c.topic for e, c in cat.items()})}
    assert topics["pool.max_entry"] == topics["pool.output_size"] == "convolution"


def test_generator_topics_are_catalog_topics():
    """A generator practising no catalog claim keeps its own topic: it must be one of the
    catalog's, or ``--topic`` would miss it (and the summary would list a stray topic)."""
    from cheatsheet.catalog import get_catalog

    topics = {e.topic for e in get_catalog()}
    assert {g.topic for g in GENERATORS} <= topics
