"""Work an audit does once instead of many times (issue 8's 20 s): same results, fewer calls."""
from __future__ import annotations

from cheatsheet.match.index import load as load_index  # the disk cache's (conftest.py keeps
# one index per catalog in memory for the other tests: taken here before it does)
from cheatsheet.sheets import words


def test_a_text_is_folded_once_and_a_repeated_heading_translated_once(monkeypatch):
    """english() folds a text's accents once (not once per glossary stem) and remembers a
    text it has seen: a sheet repeats its headings on every segment under them."""
    text = "Função geradora de momentos da Poisson (memo test, not elsewhere)"
    folded = []
    plain = words.plain
    monkeypatch.setattr(words, "plain", lambda w: folded.append(w) or plain(w))
    words.english.cache_clear()
    first = words.english(text)
    assert folded.count(text) == 1
    calls = len(folded)
    assert words.english(text) == first and len(folded) == calls
    assert first.startswith("Moment generating function") and "Poisson" in first
    words.english.cache_clear()
    assert words.english("Mean and variance of the exponential") == \
        "Mean and variance of the exponential"


_OWN = [  # formulas in letters of our own, some with a left side that only names
    r"\operatorname{Var}(q U + r) = q^2 \operatorname{Var}(U)",
    r"G(s) = \exp(\kappa (e^{s} - 1))",
    r"\tanh'(u) = 1 - \tanh^2(u)",
    r"\log(ab) = \log a + \log b",
    r"h = \frac{1}{2} \log(2 \pi e \varsigma^2)",
    r"\mathbb{E}[U]",
]


def test_closest_forms_found_together_are_those_found_one_by_one(monkeypatch):
    """Matcher.prepare looks many formulas up in one rapidfuzz call; candidates() then gives
    exactly what it gives unprepared (same claims, forms, scores, order) without looking
    them up again."""
    from rapidfuzz import process

    from cheatsheet.catalog import get_catalog
    from cheatsheet.match import Matcher

    cat = get_catalog()
    alone, together = Matcher(cat), Matcher(cat)
    want = [[(c.claim_id, c.index, c.score, c.mode) for c in alone.candidates(f, "variance")]
            for f in _OWN]
    together.prepare(_OWN)
    calls = []
    extract = process.extract
    monkeypatch.setattr(process, "extract", lambda *a, **k: calls.append(a) or extract(*a, **k))
    got = [[(c.claim_id, c.index, c.score, c.mode) for c in together.candidates(f, "variance")]
           for f in _OWN]
    assert got == want and any(want)
    assert calls == []


def test_nearest_keeps_extract_order_on_ties_and_cutoff():
    from rapidfuzz import fuzz, process

    from cheatsheet.match.nearest import Nearest

    forms = ["ab", "abc", "ab", "xyz", "ba", "abd", "ab", "q"] * 9
    near = Nearest(forms, 40, 44)
    near.prepare(["ab", "xy"])
    for q in ("ab", "xy"):
        found = [(s, k) for _, s, k in process.extract(
            q, forms, scorer=fuzz.ratio, limit=None, score_cutoff=44)]
        # extract's order, the first 40 and those tied with the 40th
        tied = [f for f in found[40:] if f[0] >= found[39][0]] if len(found) > 40 else []
        assert near(q) == found[:40] + tied


def test_an_index_read_from_the_cache_hands_its_forms_tokens_to_the_tokeniser(tmp_path,
                                                                                monkeypatch):
    """A process that loads the index (an audit's worker) takes the forms' tokens the index
    kept instead of tokenising the forms again: the same tokens, places included."""
    from cheatsheet.catalog import Catalog, get_catalog
    from cheatsheet.latex import _pre
    from cheatsheet.match import index as index_module, tokens

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(tokens, "_HANDED", {})
    cat = Catalog([c for c in get_catalog() if c.id.startswith(("tanh.", "softplus."))])
    load_index(cat)  # built and written
    forms = [e.latex for e in index_module.build(cat).entries]
    tokens._tokenize.cache_clear()
    want = {f: [(t, getattr(t.raw, "start", None)) for t in tokens.tokenize(f)] for f in forms}
    tokens._tokenize.cache_clear()
    assert load_index(cat).loaded  # read from the cache
    split = []
    real = _pre.tokens
    monkeypatch.setattr(_pre, "tokens", lambda s: split.append(s) or real(s))
    got = {f: [(t, getattr(t.raw, "start", None)) for t in tokens.tokenize(f)] for f in forms}
    tokens._tokenize.cache_clear()
    assert got == want and len(forms) > 3
    assert split == []


def test_a_cold_audit_builds_the_matchers_index_in_a_reader(tmp_path, monkeypatch):
    """With no index in the cache and more than one job, a reader process builds and writes
    the index while the parent loads the checks; the parent reads it from the cache. The
    findings are those of the audit in one process."""
    import os

    from cheatsheet.catalog import Catalog, get_catalog
    from cheatsheet.match import index as index_module
    from cheatsheet.verify.audit.pool import audit_files

    monkeypatch.delenv("CHEATSHEET_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("CHEATSHEET_CACHE_DIR", str(tmp_path / "cs"))
    builders = tmp_path / "builders"
    real = index_module.build

    def build(catalog):
        with builders.open("a") as fh:
            fh.write(f"{os.getpid()}\n")
        return real(catalog)

    monkeypatch.setattr(index_module, "build", build)
    cat = Catalog([c for c in get_catalog() if c.id.startswith(("tanh.", "softplus."))])
    sheet = tmp_path / "mine.md"
    text = "# Squashing\n\n$\\tanh'(u) = 1 - \\tanh^2(u)$\n\n$\\tanh'(u) = 1 + \\tanh^2(u)$\n"
    sheet.write_text(text, encoding="utf-8")
    two = audit_files([str(sheet)], jobs=2, catalog=cat)
    pids = builders.read_text().split()
    assert len(pids) == 1 and int(pids[0]) != os.getpid()
    assert index_module.cached(cat)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg2"))
    one = audit_files([str(sheet)], jobs=1, catalog=cat)
    assert [(f.line, f.verdict, f.claim) for f in two.findings] == \
        [(f.line, f.verdict, f.claim) for f in one.findings]
    assert {f.verdict for f in one.findings} == {"ok", "wrong"}
