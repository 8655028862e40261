"""Where the shipped Parquet and CSV files are, as a real folder that DuckDB, pandas or a shell can open.

A normal install keeps them in the package folder. A package imported from a
zip has no such folder, so its files are copied once, checked against the
hashes in ``datapackage.json``, into a per-version folder under the user's cache.
"""

from __future__ import annotations

import hashlib
import os
from importlib.resources import files
from pathlib import Path

from .._version import __version__
from ..errors import DataIntegrityError

_DATA = "data"
PACKAGE = __name__.partition(".")[0]  # the data folder is the top package's, not this subpackage's


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "moroccous-data"


def data_dir() -> Path:
    """The folder holding every table as ``<table>.parquet`` and ``<table>.csv``, with ``datapackage.json`` and its companions."""
    folder = files(PACKAGE) / _DATA
    if isinstance(folder, Path):
        if not (folder / "datapackage.json").is_file():
            raise DataIntegrityError(f"{folder} has no datapackage.json; reinstall the package")
        return folder
    return _extracted()


def _extracted() -> Path:
    """The zipped package's data files, copied and verified into the cache (once per version and content)."""
    from ..atomic import staged_folder
    from . import loaders

    package = loaders.datapackage()
    digest = hashlib.sha256(loaders.data_file("datapackage.json")).hexdigest()
    entries = [entry for resource in package["resources"] for entry in (resource, resource["parquet"])]
    entries += package.get("companions", [])  # croissant.json and the DuckDB script, which README points to
    entries.append({"path": "datapackage.json", "hash": f"sha256:{digest}"})  # re-checked like every other file
    target = _cache_root() / f"{__version__}-{digest[:16]}"
    if _complete(target, entries):
        return target
    with staged_folder(target, "moroccous-data path") as staging:
        for entry in entries:
            (staging / entry["path"]).write_bytes(loaders.verified_bytes(entry["path"], entry["hash"]))
    return target


def _complete(folder: Path, entries: list[dict[str, str]]) -> bool:
    """Whether an earlier extraction holds every file, unchanged (else it is extracted again)."""
    def intact(entry: dict[str, str]) -> bool:
        path = folder / entry["path"]
        return path.is_file() and f"sha256:{hashlib.sha256(path.read_bytes()).hexdigest()}" == entry["hash"]

    return all(intact(e) for e in entries)


def table_path(table: str, format: str = "parquet") -> Path:
    """The installed file of one table: ``parquet`` (typed) or ``csv``."""
    from . import loaders

    resource = loaders.resource(table)
    name = resource["parquet"]["path"] if format == "parquet" else resource["path"]
    return data_dir() / name
