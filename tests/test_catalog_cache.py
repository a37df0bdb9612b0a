"""The catalog remembered across runs (cheatsheet/catalog_cache.py): the same claims as a fresh
load, and never a stale copy (edited claim file, edited code, damaged file)."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from cheatsheet import catalog_cache
from cheatsheet.catalog import Catalog
from cheatsheet.claims import ClaimError

FIXTURE = Path(__file__).parent / "fixtures" / "claims"
REAL = Path(catalog_cache._catalog.claims_dir())


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.delenv("CHEATSHEET_NO_STARTUP_CACHE", raising=False)
    monkeypatch.setenv("CHEATSHEET_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _claims(cat) -> list[dict]:
    return [dataclasses.asdict(c) for c in cat]


def _forbid_toml(monkeypatch):
    def refuse(cls, directory=None):
        raise AssertionError("the TOML was read although the remembered catalog is current")

    monkeypatch.setattr(Catalog, "load", classmethod(refuse))


def test_second_load_is_the_first_without_reading_toml(cache, monkeypatch):
    first = catalog_cache.load(REAL)
    assert list(cache.glob("catalog-*.pickle"))
    _forbid_toml(monkeypatch)
    second = catalog_cache.load(REAL)
    assert _claims(second) == _claims(first)
    assert second.ids() == first.ids() and len(second) == len(first) > 600


def test_same_claims_as_a_fresh_load(cache):
    catalog_cache.load(REAL)
    assert _claims(catalog_cache.load(REAL)) == _claims(Catalog.load(REAL))


def test_an_edited_claim_file_is_read_again(cache, tmp_path):
    folder = tmp_path / "claims"
    shutil.copytree(FIXTURE, folder)
    before = catalog_cache.load(folder)
    path = folder / "mini.toml"
    first = before.ids()[0]
    title = before[first].title
    path.write_text(path.read_text().replace(title, title + " (edited)", 1))
    assert catalog_cache.load(folder)[first].title == title + " (edited)"


def test_edited_code_is_read_again(cache, tmp_path, monkeypatch):
    folder = tmp_path / "claims"
    shutil.copytree(FIXTURE, folder)
    catalog_cache.load(folder)
    real = catalog_cache._module_digest
    monkeypatch.setattr(catalog_cache, "_module_digest",
                        lambda name: "edited" if name == "cheatsheet.claims" else real(name))
    calls = []
    load = Catalog.load.__func__

    def counting(cls, directory=None):
        calls.append(directory)
        return load(cls, directory)

    monkeypatch.setattr(Catalog, "load", classmethod(counting))
    catalog_cache.load(folder)
    assert calls, "a catalog made by other code of claims.py was used"


def test_a_damaged_file_is_a_miss(cache, tmp_path):
    folder = tmp_path / "claims"
    shutil.copytree(FIXTURE, folder)
    expected = _claims(catalog_cache.load(folder))
    for f in cache.glob("catalog-*.pickle"):
        f.write_bytes(b"not a pickle")
    assert _claims(catalog_cache.load(folder)) == expected


def test_a_malformed_catalog_raises_and_is_not_stored(cache, tmp_path):
    folder = tmp_path / "claims"
    folder.mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "claims_broken.toml", folder)
    with pytest.raises(ClaimError):
        catalog_cache.load(folder)
    assert not list(cache.glob("catalog-*.pickle")) if cache.exists() else True


def test_results_switch_keeps_the_checked_copy(cache, monkeypatch, tmp_path):
    """``CHEATSHEET_NO_CACHE`` (the test suite's, inherited by the CLI it starts) turns off the
    remembered verdicts only: the catalog copy, checked against its sources, is still used."""
    monkeypatch.setenv("CHEATSHEET_NO_CACHE", "1")
    folder = tmp_path / "claims"
    shutil.copytree(FIXTURE, folder)
    first = catalog_cache.load(folder)
    assert list(cache.glob("catalog-*.pickle"))
    _forbid_toml(monkeypatch)
    assert _claims(catalog_cache.load(folder)) == _claims(first)


def test_startup_switch_writes_nothing(cache, monkeypatch, tmp_path):
    monkeypatch.setenv("CHEATSHEET_NO_STARTUP_CACHE", "1")
    folder = tmp_path / "claims"
    shutil.copytree(FIXTURE, folder)
    assert len(catalog_cache.load(folder)) > 0
    assert not cache.exists()


def test_every_command_loads_the_catalog_through_the_cache(cache, tmp_path, monkeypatch):
    """``catalog.get_catalog`` (the CLI, the API, verify) reads the remembered copy: a second
    process would not read the TOML."""
    from cheatsheet import catalog as catalog_module

    folder = tmp_path / "claims"
    shutil.copytree(FIXTURE, folder)
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(folder))
    monkeypatch.setattr(catalog_module, "_CATALOGS", {})
    first = catalog_module.get_catalog()
    assert list(cache.glob("catalog-*.pickle")), "get_catalog did not go through the cache"
    monkeypatch.setattr(catalog_module, "_CATALOGS", {})  # as in a new process
    _forbid_toml(monkeypatch)
    assert _claims(catalog_module.get_catalog()) == _claims(first)
    assert catalog_cache.get_catalog() is catalog_module.get_catalog()
