"""Is this the data that was built? Hashes of the descriptor, of every file, and of a release archive.

What the hashes can and cannot tell: each file's sha256 sits in
``datapackage.json``, and the descriptor carries ``content_hash``, the sha256
of its own content (every other property, as canonical JSON: sorted keys, no
whitespace), so an accident or a naive edit of a data file or of the metadata
is caught. Someone who rewrites a file *and* its hash, or the metadata *and*
``content_hash``, is not: only the archive's sha256 recorded in CHANGELOG.md
(kept apart from the archive) or a signature can catch that.

Only the standard library is used, so verification stays cheap to import.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

CONTENT_HASH = "content_hash"
COMPANIONS = "companions"  # files beside the tables (catalogue descriptors, scripts): path, hash, bytes
DESCRIPTOR = "datapackage.json"
MAX_DESCRIPTOR = 16 * 1024 * 1024  # far above any real descriptor; bounds what a hostile one can cost
_CHUNK = 1 << 20


class Unreadable(ValueError):
    """Input that cannot be verified at all: not a folder or zip, no descriptor, a descriptor that is not JSON."""


def content_hash(package: dict[str, Any]) -> str:
    """``sha256:`` of the descriptor's canonical JSON, without its own ``content_hash``."""
    content = {k: v for k, v in package.items() if k != CONTENT_HASH}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return f"sha256:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


def descriptor_problem(package: dict[str, Any], name: str) -> str | None:
    """Why the descriptor ``name`` does not match its own ``content_hash``, or None when it does."""
    recorded = package.get(CONTENT_HASH)
    if not isinstance(recorded, str):
        return f"{name} has no {CONTENT_HASH}, so its metadata cannot be checked"
    actual = content_hash(package)
    if actual != recorded:
        return f"{name} has been edited: its content is {actual}, but its {CONTENT_HASH} says {recorded}"
    return None


def _sha256(handle: IO[bytes], limit: int) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while size <= limit and (chunk := handle.read(_CHUNK)):
        digest.update(chunk)
        size += len(chunk)
    return f"sha256:{digest.hexdigest()}", size


def _safe_name(name: object) -> bool:
    return isinstance(name, str) and bool(name) and "/" not in name and "\\" not in name and name not in (".", "..")


def _files(package: dict[str, Any]) -> list[tuple[str, str, int]]:
    """Every (path, hash, bytes) the descriptor lists (tables and companions); Unreadable if its shape is wrong."""
    resources = package.get("resources")
    if not isinstance(resources, list):
        raise Unreadable(f"{DESCRIPTOR} has no list of resources")
    companions = package.get(COMPANIONS, [])
    if not isinstance(companions, list):
        raise Unreadable(f"{DESCRIPTOR}: {COMPANIONS} is not a list")
    files = []
    for resource in resources + companions:
        if not isinstance(resource, dict):
            raise Unreadable(f"{DESCRIPTOR}: a resource is not an object")
        for entry in [resource] + ([resource["parquet"]] if "parquet" in resource else []):
            if not (isinstance(entry, dict) and isinstance(entry.get("path"), str) and isinstance(entry.get("hash"), str)
                    and isinstance(entry.get("bytes"), int)):
                raise Unreadable(f"{DESCRIPTOR}: every resource needs a path, a hash and bytes")
            files.append((entry["path"], entry["hash"], entry["bytes"]))
    return files


def check_files(package: dict[str, Any], present: set[str], size_of: Callable[[str], int],
                opener: Callable[[str], IO[bytes]], where: str) -> list[str]:
    """What differs between the files listed in ``package`` and those at ``where`` (sizes first, then hashes)."""
    problems = []
    listed = set()
    for path, expected, size in _files(package):
        shown = f"{where}/{path}"
        listed.add(path)
        if not _safe_name(path):
            problems.append(f"{where}: resource path {path!r} is not a file name inside the package")
        elif path not in present:
            problems.append(f"{shown}: missing")
        elif (actual_size := size_of(path)) != size:
            problems.append(f"{shown}: {actual_size} bytes, but {DESCRIPTOR} says {size}")
        else:
            try:
                with opener(path) as handle:
                    actual, _ = _sha256(handle, size)
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
                raise Unreadable(f"{shown} cannot be read ({type(exc).__name__}: {exc})") from exc
            if actual != expected:
                problems.append(f"{shown}: changed (sha256 {actual}, but {DESCRIPTOR} says {expected})")
    problems += [f"{where}/{name}: not listed in {DESCRIPTOR}" for name in sorted(present - listed - {DESCRIPTOR})]
    return problems


def _load_descriptor(data: bytes, shown: str) -> dict[str, Any]:
    try:
        package = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise Unreadable(f"{shown} is not valid JSON ({exc})") from exc
    if not isinstance(package, dict):
        raise Unreadable(f"{shown} is not a data package descriptor")
    return package


def _verify_folder(folder: Path) -> tuple[dict[str, Any], list[str]]:
    def regular(path: Path) -> bool:
        return stat.S_ISREG(os.lstat(path).st_mode)

    descriptor = folder / DESCRIPTOR
    if not descriptor.exists() or not regular(descriptor):
        raise Unreadable(f"{folder} holds no {DESCRIPTOR} (as a regular file)")
    if descriptor.stat().st_size > MAX_DESCRIPTOR:
        raise Unreadable(f"{descriptor} is larger than any data package descriptor")
    package = _load_descriptor(descriptor.read_bytes(), str(descriptor))
    present = {p.name for p in folder.iterdir() if not p.name.startswith(".")}
    irregular = sorted(n for n in present if not regular(folder / n))
    problems = [f"{folder / n}: not a regular file" for n in irregular]
    problems += check_files(package, present - set(irregular), lambda n: (folder / n).stat().st_size,
                            lambda n: (folder / n).open("rb"), str(folder))
    return package, problems


def _verify_zip(path: Path) -> tuple[dict[str, Any], list[str]]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise Unreadable(f"{path} is not a readable zip archive ({exc})") from exc
    with archive:
        if (twice := repeated_member(archive)) is not None:
            raise Unreadable(f"{path} holds two members named {twice}; a release archive never repeats a name")
        infos = {info.filename: info for info in archive.infolist()}
        found = [n for n in infos if re.fullmatch(rf"[^/]+/data/{re.escape(DESCRIPTOR)}", n)]
        if len(found) != 1:
            raise Unreadable(f"{path} does not hold exactly one <folder>/data/{DESCRIPTOR}")
        base = found[0].removesuffix(DESCRIPTOR)
        if infos[found[0]].file_size > MAX_DESCRIPTOR:
            raise Unreadable(f"{path}: {found[0]} is larger than any data package descriptor")
        try:
            raw = archive.read(found[0])
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
            raise Unreadable(f"{path}: {found[0]} cannot be read ({type(exc).__name__}: {exc})") from exc
        package = _load_descriptor(raw, f"{path}:{found[0]}")
        present = {n.removeprefix(base) for n in infos if n.startswith(base) and n != base}
        nested = sorted(n for n in present if "/" in n)
        problems = [f"{path}:{base}{n}: not listed in {DESCRIPTOR}" for n in nested]
        problems += check_files(package, present - set(nested), lambda n: infos[base + n].file_size,
                                lambda n: archive.open(base + n), f"{path}:{base.rstrip('/')}")
        return package, problems


def repeated_member(archive: zipfile.ZipFile) -> str | None:
    """A member name the archive holds twice: readers disagree on which copy is "the" file, so none is trusted."""
    seen: set[str] = set()
    for info in archive.infolist():
        if info.filename in seen:
            return info.filename
        seen.add(info.filename)
    return None


def recorded_archive_sha256(changelog: str, version: str) -> str | None:
    """The archive sha256 that CHANGELOG.md records for ``version``, if any."""
    match = re.search(rf"^- {re.escape(version)}: `[^`]+`, sha256 `([0-9a-f]{{64}})`(?:, commit `[0-9a-f]{{40}}`)?$", changelog, re.MULTILINE)
    return match.group(1) if match else None


def verify(path: Path, changelog: str | None = None) -> tuple[list[str], str | None]:
    """Check a release archive or a built data folder: ([what differs], the archive's sha256 if a zip).

    With ``changelog`` (CHANGELOG.md's text), the archive's sha256 is also
    compared with the one recorded for its version. Raises :class:`Unreadable`
    when ``path`` cannot be verified at all.
    """
    if path.is_symlink() or not (path.is_dir() or path.is_file()):
        raise Unreadable(f"{path} is not a folder or a zip archive")
    if path.is_dir():
        package, problems = _verify_folder(path)
        digest = None
    else:
        package, problems = _verify_zip(path)
        with path.open("rb") as handle:
            digest = _sha256(handle, path.stat().st_size)[0].removeprefix("sha256:")
    if (problem := descriptor_problem(package, DESCRIPTOR)) is not None:
        problems.insert(0, problem)
    if changelog is not None and digest is not None:
        version = str(package.get("version"))
        recorded = recorded_archive_sha256(changelog, version)
        if recorded is None:
            problems.append(f"CHANGELOG.md records no archive sha256 for version {version}")
        elif recorded != digest:
            problems.append(f"{path}: sha256 {digest}, but CHANGELOG.md records {recorded} for version {version}")
    return problems, digest
