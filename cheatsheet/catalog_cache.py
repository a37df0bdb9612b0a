"""The loaded catalog remembered across runs (issue 12): reading the 22 claim files with
tomllib and validating 681 claims takes ~0.2 s, a third of the quiz's launch; unpickling the
result takes ~0.03 s.

The file is used only when it was made from the same claim files (their names and bytes) by the
same code: the source of every module of this package that loading imported or whose objects
the pickle holds (recorded beside the pickle, so a module that joins later is covered too), the
Python version and this format.  Anything else (another folder, an edited claim, an edited
``claims.py``, a damaged or unreadable file) loads the TOML as ``Catalog.load`` does and rewrites
the file.  A malformed catalog raises exactly as before and is never stored.

Same place as the other caches: the user cache folder (platformdirs), or
``CHEATSHEET_CACHE_DIR``.  Off under ``CHEATSHEET_NO_STARTUP_CACHE`` (with the grammar's tables),
not under ``CHEATSHEET_NO_CACHE``: that one turns off the remembered results (verdicts, proofs,
readings, findings), which could hide what a change does; this copy is checked against its
sources before use, so the test suite's CLI subprocesses keep it.  Storage errors only cost the
load.
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from importlib.util import find_spec
from pathlib import Path

from . import catalog as _catalog

FORMAT = 1
_ALWAYS = ("cheatsheet.catalog", "cheatsheet.claims", "cheatsheet.symbols")


STARTUP_SWITCH = "CHEATSHEET_NO_STARTUP_CACHE"


def startup_caches_off() -> bool:
    """``CHEATSHEET_NO_STARTUP_CACHE`` set: no remembered catalog, no stored grammar tables."""
    return os.environ.get(STARTUP_SWITCH, "").strip().lower() not in ("", "0", "no", "false")


def _folder() -> Path | None:
    return None if startup_caches_off() else cache_root()


def cache_root() -> Path | None:
    """The user cache folder every cache of the tool lives in (CHEATSHEET_CACHE_DIR wins)."""
    override = os.environ.get("CHEATSHEET_CACHE_DIR")
    if override:
        return Path(override)
    try:
        from platformdirs import user_cache_dir
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    return Path(user_cache_dir("cheatsheet"))


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _claim_files(directory: Path) -> dict[str, str]:
    return {p.name: _digest(p.read_bytes()) for p in sorted(Path(directory).glob("*.toml"))}


def _module_digest(name: str) -> str | None:
    try:
        spec = find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not os.path.isfile(spec.origin):
        return None
    return _digest(Path(spec.origin).read_bytes())


def _header(directory: Path, modules) -> dict:
    return {"format": FORMAT, "python": sys.version, "directory": str(Path(directory).resolve()),
            "claims": _claim_files(directory),
            "modules": {m: _module_digest(m) for m in sorted(modules)}}


class _Recorder(pickle.Pickler):
    """Notes the module of every object pickled: their classes' code is part of the key."""

    def __init__(self, fh, modules: set):
        super().__init__(fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.modules = modules

    def reducer_override(self, obj):
        self.modules.add(type(obj).__module__)
        return NotImplemented


def _path(directory: Path, folder: Path) -> Path:
    return folder / f"catalog-{_digest(str(Path(directory).resolve()).encode())}.pickle"


def _read(path: Path, directory: Path):
    try:
        header, payload = pickle.loads(path.read_bytes())
        if header != _header(directory, header.get("modules", {})):
            return None
        cat = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - a damaged or stale file is a miss
        return None
    return cat if isinstance(cat, _catalog.Catalog) else None


def _write(path: Path, directory: Path, cat, modules: set) -> None:
    buf = io.BytesIO()
    _Recorder(buf, modules).dump(cat)
    ours = {m for m in modules if m == "cheatsheet" or m.startswith("cheatsheet.")}
    blob = pickle.dumps((_header(directory, ours | set(_ALWAYS)), buf.getvalue()),
                        protocol=pickle.HIGHEST_PROTOCOL)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(blob)
        tmp.replace(path)
    except OSError:  # a read-only cache folder only costs the load next time
        pass


def load(directory: Path | None = None) -> "_catalog.Catalog":
    """``Catalog.load(directory)``, from the remembered copy when it is current."""
    directory = Path(directory or _catalog.claims_dir())
    folder = _folder()
    if folder is None:
        return _catalog.Catalog.load(directory)
    path = _path(directory, folder)
    cat = _read(path, directory) if path.is_file() else None
    if cat is not None:
        return cat
    before = set(sys.modules)
    cat = _catalog.Catalog.load(directory)
    _write(path, directory, cat, set(sys.modules) - before)
    return cat


def get_catalog() -> "_catalog.Catalog":
    """``catalog.get_catalog()``, which loads through this cache."""
    return _catalog.get_catalog()
