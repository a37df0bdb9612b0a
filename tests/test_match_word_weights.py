"""Word weights that claims added on other subjects leave as they were.

How well the words around a formula name a claim decides whether a sure-looking reading may be
called wrong (a threshold of 0.5). With an idf counted against the catalog's size, any claim
added anywhere moved every score a little, and claims sharing only a common word ("theory")
moved it more: a line whose words named its claim at 0.50 stopped being decided when seven
claims on other subjects came in. Tested on small catalogs of our own.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from cheatsheet.match import Matcher
from cheatsheet.match.index import build, words_of


@dataclass
class _Claim:
    id: str
    title: str
    topic: str
    latex: str = "y = x"
    symbols: dict = field(default_factory=dict)
    wrong: list = field(default_factory=list)
    sources: list = field(default_factory=list)


class _Catalog:
    def __init__(self, claims):
        self._by_id = {c.id: c for c in claims}

    def __iter__(self):
        return iter(self._by_id.values())

    def __getitem__(self, claim_id):
        return self._by_id[claim_id]


_OWN = [
    _Claim("lattice.spacing_ratio", "Lattice spacing ratio of a crystal", "crystals"),
    _Claim("lattice.miller_plane", "Miller plane of a lattice", "crystals"),
    _Claim("orbit.period", "Orbital period from the semi-major axis", "celestial-theory"),
]


def _filler(k: int, words: str, topic: str) -> list[_Claim]:
    return [_Claim(f"f{k}_{i}.item", f"{words} item{k}x{i}", topic) for i in range(30)]


def _score(claims, claim_id, said):
    return Matcher(_Catalog(claims), index=build(_Catalog(claims))).words_score(
        claim_id, frozenset(said))


def test_claims_without_its_words_leave_a_claims_score_unchanged():
    before = _filler(0, "pendulum swing", "oscillators")
    after = before + _filler(1, "reservoir inflow", "hydrology")
    for said in ({"lattice", "spacing"}, {"crystal"}, {"spacing", "ratio", "crystal"}):
        assert _score(_OWN + before, "lattice.spacing_ratio", said) == \
            _score(_OWN + after, "lattice.spacing_ratio", said)


def test_mi_is_said_as_mutual_information_and_counts_once():
    # a sheet's "MI" names the claim as "mutual information" does; the claim's id "mi" is not a
    # third distinctive word beside its title's, which took a half off what the words say
    claims = _OWN + [_Claim("mi.symmetric", "Mutual information is symmetric", "crystals"),
                     _Claim("mi.bound", "Mutual information bound by an entropy", "crystals"),
                     _Claim("info.gain", "Information gain of a split", "trees")]
    said = words_of("the MI of two signals")
    assert said == words_of("the mutual information of two signals")
    assert _score(claims, "mi.symmetric", words_of("mutual information is symmetric")) == 1.0


def test_a_rare_word_shared_by_more_claims_still_tells_less():
    # the mechanism still learns from claims on the same subject: "miller" said by one claim
    # names it better than when a dozen claims say it
    alone = _score(_OWN, "lattice.miller_plane", {"miller"})
    crowd = [_Claim(f"m{i}.index", f"Miller index {i}", "crystals") for i in range(12)]
    assert _score(_OWN + crowd, "lattice.miller_plane", {"miller"}) < alone
