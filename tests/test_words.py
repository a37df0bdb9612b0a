"""A source's ``words``: the few words of its line, outside the formula, that its reading
relies on (issue 10, item 11).  They are quoted exactly, stay few, and every finding shows
them, so a note like "is not p.s.d." never rests on words the reader of the finding cannot see."""
from __future__ import annotations

import pytest

from cheatsheet.catalog import get_catalog

from conftest import SEEDS

CATALOG = get_catalog()
WITH_WORDS = [(c.id, k) for c in CATALOG for k, s in enumerate(c.sources) if s.words]


def _phrases(words):
    return [words] if isinstance(words, str) else list(words)


def test_sources_that_rely_on_words_record_them():
    assert len(WITH_WORDS) >= 40
    for cid, k in WITH_WORDS:
        phrases = _phrases(CATALOG[cid].sources[k].words)
        assert phrases and all(isinstance(p, str) and p.strip() for p in phrases), (cid, k)
        # a few words, not the sheet's prose
        assert len(phrases) <= 3 and all(len(p) <= 60 for p in phrases), (cid, k, phrases)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent: nothing to compare")
@pytest.mark.parametrize("claim_id,k", WITH_WORDS, ids=[f"{c}#{k}" for c, k in WITH_WORDS])
def test_words_occur_on_the_sheet_line(claim_id, k):
    src = CATALOG[claim_id].sources[k]
    lines = (SEEDS / src.sheet).read_text(encoding="utf-8").splitlines()
    line = lines[src.line - 1]
    for phrase in _phrases(src.words):
        assert phrase in line, f"{claim_id} {src.sheet}:{src.line}: {phrase!r} is not on the line"


def test_findings_show_the_words(monkeypatch):
    """A refuted line whose reading rests on words shows them beside the formula (text, show
    and JSON)."""
    import json

    from click.testing import CliRunner

    from cheatsheet.cli import main

    cid, k = next((c, k) for c, k in WITH_WORDS
                  if CATALOG[c].sources[k].expect == "refuted"
                  and CATALOG[c].id == "gauss.block_psd")
    src = CATALOG[cid].sources[k]
    r = CliRunner().invoke(main, ["verify", cid, "--jobs", "1"])
    assert "also says: “p.s.d.”" in r.output, r.output
    r = CliRunner().invoke(main, ["show", cid])
    assert "also says:  “p.s.d.”" in r.output
    data = json.loads(CliRunner().invoke(main, ["verify", cid, "--json", "--jobs", "1"]).output)
    shown = [s for s in data["claims"][0]["sources"]
             if s["sheet"] == src.sheet and s["line"] == src.line]
    assert shown and all(s["words"] == ["p.s.d."] for s in shown)
