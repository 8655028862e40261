"""What a seeds folder holds besides the tables: the ids already released and the texts the quotes are taken from.

Read by validation (which checks both), the build (which publishes the retired ids) and publishing (the
release records ids; annotations and evidence quote the texts), so it is a shared leaf, not part of any one.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from .inputs import MAX_SOURCE_BYTES, InputRefused, read_regular, refuse_irregular

RELEASED_IDS = "released_ids.csv"
RELEASED_COLUMNS = ["table", "id", "released_in", "retired_in", "replaced_by"]
SOURCES_ENV = "MOROCCOUS_SOURCES"


def read_released(path: Path) -> list[dict[str, str]]:
    """The rows of ``released_ids.csv`` (none if it does not exist yet); a wrong header raises ValueError."""
    if not path.exists():
        return []
    try:
        refuse_irregular(path)
    except InputRefused as exc:
        raise ValueError(str(exc)) from exc
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != RELEASED_COLUMNS:
            raise ValueError(f"the columns must be {','.join(RELEASED_COLUMNS)}")
        return list(reader)


def source_text(folder: Path, source_id: str, sha: str) -> tuple[str | None, str]:
    """The text of one source and, when it cannot be had, why: ``<id>.txt`` first, then any file with its sha256.

    Only a folder laid out otherwise (an override of ``MOROCCOUS_SOURCES``) pays for hashing every file.
    """
    import hashlib

    path = folder / f"{source_id}.txt"
    if path.is_file():
        try:
            data = read_regular(path, MAX_SOURCE_BYTES, "source text")
        except InputRefused as exc:
            return None, str(exc)
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha:
            return None, f"{path} has sha256 {actual}, not the one recorded here; restore the text or record its hash"
        try:
            return data.decode("utf-8"), ""
        except UnicodeDecodeError:
            return None, f"{path} is not UTF-8"
    text = source_texts(folder).get(sha) if folder.is_dir() else None
    if text is None:
        return None, f"no source text: put it at {path} (any file in {folder} with this sha256 also serves)"
    return text, ""


def source_texts(folder: Path) -> dict[str, str]:
    """The UTF-8 source texts in ``folder``, keyed by the sha256 of their bytes."""
    import hashlib

    texts = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.stat().st_size <= MAX_SOURCE_BYTES:  # a larger file is no source text
            data = path.read_bytes()
            try:
                texts[hashlib.sha256(data).hexdigest()] = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
    return texts


SOURCES_FOLDER = "sources"


def sources_folder(seeds: Path) -> Path:
    """Where the source texts are: ``MOROCCOUS_SOURCES`` if set, else the ``sources/`` folder beside the seeds."""
    override = os.environ.get(SOURCES_ENV)
    return Path(override) if override else seeds / SOURCES_FOLDER
