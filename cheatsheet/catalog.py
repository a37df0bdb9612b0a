"""The catalog: every claim of ``data/claims/*.toml``, and the one resolver every command and
the Python API use to look claims up (ids, id prefixes, topics; any case; close matches on a
miss).

Loaded lazily and once: ``from cheatsheet import catalog`` costs nothing until it is used.
"""
from __future__ import annotations

import os
import sys
import types
from importlib import resources
from pathlib import Path

from .claims import Claim, ClaimError


class ClaimLookupError(KeyError):
    """A name that does not pick out what was asked for; ``str()`` is the message for people."""

    def __init__(self, name: str, suggestions: list[str] | None = None,
                 matches: list[str] | None = None):
        super().__init__(name)
        self.name = name
        self.suggestions = suggestions or []
        self.matches = matches or []


class UnknownClaim(ClaimLookupError):
    """An id, id prefix or topic that matches no claim; carries close matches, or the topics
    when nothing is close."""

    def __init__(self, name: str, suggestions: list[str] | None = None,
                 topics: list[str] | None = None):
        super().__init__(name, suggestions)
        self.topics = topics or []

    def __str__(self):
        if self.suggestions:
            hint = f" Did you mean: {', '.join(self.suggestions)}?"
        elif self.topics:
            hint = f" Topics: {', '.join(self.topics)} ('cheatsheet list' shows every id)."
        else:
            hint = ""
        return f"no claim or topic named {self.name!r}.{hint}"


class AmbiguousClaim(ClaimLookupError):
    """A prefix or topic where one claim is needed (``catalog["mgf"]``): ``matches`` are the
    claims it names; ``catalog.select(name)`` returns them all."""

    def __str__(self):
        shown = ", ".join(self.matches[:8]) + (", …" if len(self.matches) > 8 else "")
        return (f"{self.name!r} names {len(self.matches)} claims ({shown}); "
                f"catalog.select({self.name!r}) returns them all")


class UnknownSheet(ClaimLookupError):
    """A sheet name or prefix that no source version comes from."""

    def __str__(self):
        hint = f" Sheets: {', '.join(self.suggestions)}." if self.suggestions else ""
        return f"no sheet named {self.name!r}.{hint}"


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
        import tomllib  # here, not at the top: the quiz's launch reads the pickled catalog

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
    def __getitem__(self, name: str) -> Claim:
        """The claim an id names (or an id prefix, a topic, in any case, naming exactly one).

        Raises UnknownClaim (with close matches) when nothing matches and AmbiguousClaim when
        several claims do: ``select`` is the lookup that returns several."""
        hits = self.resolve(name)
        if len(hits) > 1:
            raise AmbiguousClaim(name, matches=[c.id for c in hits])
        return hits[0]

    def __contains__(self, claim_id) -> bool:
        return isinstance(claim_id, str) and claim_id.strip().lower() in self._by_id

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

    def sheets(self) -> list[str]:
        """The sheets the source versions come from."""
        return sorted({s.sheet for c in self for s in c.sources})

    # -- selection: the one resolver of the CLI and the API ------------------------------
    def resolve(self, term: str) -> list[Claim]:
        """The claims one name stands for, in catalog order, case-insensitively: an exact id;
        else a topic or an id group (``mgf`` -> ``mgf.*``); else the ids and topics it begins
        (``gauss.mle`` -> ``gauss.mle_*``, ``deriv`` -> ``deriv.*``, ``prob`` -> topic
        ``probability``).  Raises UnknownClaim with close matches when nothing matches."""
        t = str(term).strip().lower()
        if t in self._by_id:
            return [self._by_id[t]]
        hits = [c for c in self if c.topic.lower() == t or c.id.startswith(t + ".")]
        if not hits and t:
            hits = [c for c in self if c.id.startswith(t) or c.topic.lower().startswith(t)]
        if not hits:
            raise UnknownClaim(term, self.suggest(term), self.topics())
        return hits

    def select(self, terms) -> list[Claim]:
        """The claims named by any of ``terms`` (see ``resolve``), in catalog order; all
        claims when there are no terms.  A string is one term."""
        if isinstance(terms, str):
            terms = [terms]
        if not terms:
            return list(self)
        chosen = {c.id for term in terms for c in self.resolve(term)}
        return [c for c in self if c.id in chosen]

    def resolve_sheets(self, term: str) -> list[str]:
        """The sheets a sheet name or a prefix of it (``002``) names, case-insensitively."""
        t = str(term).strip().lower()
        sheets = self.sheets()
        hits = [s for s in sheets if s.lower() == t] or [s for s in sheets
                                                          if s.lower().startswith(t)]
        if not hits:
            import difflib

            raise UnknownSheet(term, difflib.get_close_matches(t, sheets, n=3, cutoff=0.3)
                               or sheets)
        return hits

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Ids, id groups and topics close to ``name`` (for "did you mean")."""
        t = str(name).strip().lower()
        groups = {c.id.rsplit(".", k)[0] for c in self for k in range(1, c.id.count(".") + 1)}
        pool = list(dict.fromkeys(self.ids() + self.topics() + sorted(groups)))
        import difflib

        close = difflib.get_close_matches(t, pool, n=n, cutoff=0.6)
        if not close:
            close = [i for i in pool if len(t) >= 3 and t in i][:n]
        return close

    def search(self, text: str) -> list[Claim]:
        t = text.lower()
        return [c for c in self if t in c.id.lower() or t in c.title.lower()]


_CATALOGS: dict[Path, Catalog] = {}


def get_catalog() -> Catalog:
    """The catalog of ``claims_dir()``, loaded once per folder, through the copy remembered
    across runs when it is current (catalog_cache.py: ~0.03 s instead of ~0.2 s)."""
    directory = claims_dir()
    if directory not in _CATALOGS:
        from .catalog_cache import load

        _CATALOGS[directory] = load(directory)
    return _CATALOGS[directory]


class _CatalogModule(types.ModuleType):
    """``from cheatsheet import catalog`` gives this module; it behaves as the loaded catalog
    (``catalog["mgf.poisson"]``, ``len(catalog)``, ``for claim in catalog``, ``catalog.ids()``,
    ``catalog.select("mgf")``), so the module name and the object users index are the same
    thing."""

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
