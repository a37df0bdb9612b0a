"""The catalog: every claim of ``data/claims/*.toml``, looked up by id, topic or text.

Loaded lazily and once: ``from cheatsheet import catalog`` costs nothing until it is used.
"""
from __future__ import annotations

import difflib
import os
import sys
import types
import tomllib
from importlib import resources
from pathlib import Path

from .claims import Claim, ClaimError


class UnknownClaim(KeyError):
    """An id or topic that is not in the catalog; carries close matches for the message."""

    def __init__(self, name: str, suggestions: list[str]):
        super().__init__(name)
        self.name = name
        self.suggestions = suggestions

    def __str__(self):
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        return f"no claim or topic named {self.name!r}.{hint}"


def claims_dir() -> Path:
    """The packaged catalog, or the folder named by $CHEATSHEET_CLAIMS (tests, own catalogs)."""
    override = os.environ.get("CHEATSHEET_CLAIMS")
    if override:
        return Path(override)
    return Path(str(resources.files("cheatsheet.data") / "claims"))


class Catalog:
    def __init__(self, claims: list[Claim]):
        self._by_id: dict[str, Claim] = {}
        for c in claims:
            if c.id in self._by_id:
                raise ClaimError(f"claim id {c.id!r} appears twice")
            self._by_id[c.id] = c

    @classmethod
    def load(cls, directory: Path | None = None) -> "Catalog":
        directory = directory or claims_dir()
        claims = []
        for path in sorted(Path(directory).glob("*.toml")):
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise ClaimError(f"{path.name}: {exc}") from None
            topic = data.get("topic", path.stem)
            for entry in data.get("claims", []):
                try:
                    claims.append(Claim.from_dict(entry, topic))
                except ClaimError as exc:
                    raise ClaimError(f"{path.name}: {exc}") from None
        return cls(claims)

    # -- mapping -------------------------------------------------------------------------
    def __getitem__(self, claim_id: str) -> Claim:
        try:
            return self._by_id[claim_id]
        except KeyError:
            raise UnknownClaim(claim_id, self.suggest(claim_id)) from None

    def __contains__(self, claim_id) -> bool:
        return claim_id in self._by_id

    def __iter__(self):
        return iter(self._by_id.values())

    def __len__(self):
        return len(self._by_id)

    def ids(self) -> list[str]:
        return list(self._by_id)

    def topics(self) -> list[str]:
        return sorted({c.topic for c in self})

    def by_topic(self, topic: str) -> list[Claim]:
        return [c for c in self if c.topic == topic]

    # -- selection -----------------------------------------------------------------------
    def select(self, terms) -> list[Claim]:
        """Claims named by ids, id prefixes (``mgf`` -> ``mgf.*``, ``gauss.mle`` ->
        ``gauss.mle_*``) or topics, in catalog order.

        Raises UnknownClaim for a term that matches nothing."""
        if not terms:
            return list(self)
        chosen: dict[str, Claim] = {}
        for term in terms:
            hits = [c for c in self if c.id == term or c.topic == term
                    or c.id.startswith(term + ".")]
            if not hits:  # a partial id: gauss.mle -> gauss.mle_mean, gauss.mle_covariance
                hits = [c for c in self if c.id.startswith(term)]
            if not hits:
                raise UnknownClaim(term, self.suggest(term))
            for c in hits:
                chosen[c.id] = c
        return [c for c in self if c.id in chosen]

    def suggest(self, name: str, n: int = 3) -> list[str]:
        pool = self.ids() + self.topics()
        close = difflib.get_close_matches(name, pool, n=n, cutoff=0.5)
        if not close:
            close = [i for i in pool if name.lower() in i.lower()][:n]
        return close

    def search(self, text: str) -> list[Claim]:
        t = text.lower()
        return [c for c in self if t in c.id.lower() or t in c.title.lower()]


_CATALOGS: dict[Path, Catalog] = {}


def get_catalog() -> Catalog:
    """The catalog of ``claims_dir()``, loaded once per folder."""
    directory = claims_dir()
    if directory not in _CATALOGS:
        _CATALOGS[directory] = Catalog.load(directory)
    return _CATALOGS[directory]


class _CatalogModule(types.ModuleType):
    """``from cheatsheet import catalog`` gives this module; it behaves as the loaded catalog
    (``catalog["mgf.poisson"]``, ``len(catalog)``, ``for claim in catalog``, ``catalog.ids()``),
    so the module name and the object users index are the same thing."""

    def __getitem__(self, claim_id):
        return get_catalog()[claim_id]

    def __contains__(self, claim_id):
        return claim_id in get_catalog()

    def __iter__(self):
        return iter(get_catalog())

    def __len__(self):
        return len(get_catalog())


def __getattr__(name):  # catalog.ids(), catalog.topics(), catalog.select(...) ...
    if name.startswith("__"):
        raise AttributeError(name)
    return getattr(get_catalog(), name)


sys.modules[__name__].__class__ = _CatalogModule
