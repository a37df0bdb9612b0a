"""Which claims a formula's words name by a word of their id (named_instead.named_by_id): the
claims' distinctive id words are put in a map once, not folded again for every formula (a seed
sheet asked ~10^3 times, each time of every claim of the catalog)."""
from __future__ import annotations

from cheatsheet.verify.audit import named_instead
from cheatsheet.verify.audit.named_instead import NAME_IDF, _id_words, named_by_id


class _Catalog:
    def __init__(self, ids):
        self._ids = list(ids)

    def ids(self):
        return list(self._ids)


class _Index:
    def __init__(self, idf):
        self.idf = idf


_IDS = ["kalman.gain_update", "kalman.predict", "bandit.ucb_bonus", "misc.update",
        "bandit.thompson_draw"]
_IDF = {"kalman": NAME_IDF + 1, "gain": NAME_IDF - 2, "update": 1.0, "predict": NAME_IDF,
        "bandit": NAME_IDF - 1, "ucb": NAME_IDF + 2, "bonus": NAME_IDF + 0.5,
        "thompson": NAME_IDF + 3, "draw": 2.0, "misc": NAME_IDF + 1}


def _by_definition(ids, near):
    return [c for c in ids if any(_IDF.get(w, 0.0) >= NAME_IDF for w in _id_words(c) & near)]


def test_the_claims_named_are_those_a_distinctive_id_word_names_in_catalog_order():
    cat, index, kept = _Catalog(_IDS), _Index(_IDF), {}
    for near in ({"kalman"}, {"update", "gain"}, {"predict", "ucb"}, {"bonus", "kalman"},
                 {"draw", "bandit"}, {"thompson", "misc", "predict"}, set()):
        near = frozenset(near)
        assert named_by_id(cat, index, near, kept) == _by_definition(_IDS, near)
    assert named_by_id(cat, index, frozenset({"ucb", "kalman"}), kept) == [
        "kalman.gain_update", "kalman.predict", "bandit.ucb_bonus"]


def test_a_second_formula_folds_no_claim_id_again(monkeypatch):
    cat, index, kept = _Catalog(_IDS), _Index(_IDF), {}
    _id_words.cache_clear()
    folded = []
    real = named_instead.words_of
    monkeypatch.setattr(named_instead, "words_of", lambda text: folded.append(text) or real(text))
    named_by_id(cat, index, frozenset({"kalman"}), kept)
    first = len(folded)
    assert first == len(_IDS)  # each id's words, once
    assert named_by_id(cat, index, frozenset({"thompson"}), kept) == ["bandit.thompson_draw"]
    assert named_by_id(cat, index, frozenset({"ucb"}), kept) == ["bandit.ucb_bonus"]
    assert len(folded) == first


def test_a_catalog_with_other_claims_gets_its_own_map():
    index, kept = _Index(_IDF), {}
    assert named_by_id(_Catalog(_IDS[:2]), index, frozenset({"ucb"}), kept) == []
    assert named_by_id(_Catalog(_IDS), index, frozenset({"ucb"}), kept) == ["bandit.ucb_bonus"]
    assert named_by_id(_Catalog(_IDS), _Index({**_IDF, "ucb": 0.0}), frozenset({"ucb"}),
                       kept) == []
