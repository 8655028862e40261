"""What changed between two releases: records added, removed and changed, by id, and schema changes.

Either side may be a built data folder (with its datapackage.json) or a
release archive. Rows are compared as the text of their CSV cells, so the
comparison needs neither pyarrow nor the models, and works across versions
whose models differ.

Either side may also be hostile, so reading is bounded and honest: only
regular files inside the package folder (or under the archive's prefix) are
read, never followed out by a symlink or a ``../`` path; each file's size is
checked against the descriptor's ``bytes`` before it is read, and its sha256
against ``hash`` before anything is compared; sizes, cells and nesting are
capped, so a bomb is refused rather than read. Anything that cannot be
compared raises ``PackageError`` (the CLI's exit 2).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .integrity import CONTENT_HASH, descriptor_problem, repeated_member

MAX_DESCRIPTOR_BYTES = 8 << 20  # datapackage.json; the real one is about 150 KB
MAX_PACKAGE_BYTES = 64 << 20  # all files one descriptor names, CSV and Parquet together
MAX_CELLS = 1_000_000  # CSV cells per package (the real data has about 12,000)
_HASH = re.compile(r"^sha256:[0-9a-f]{64}$")
_CHUNK = 1 << 20


class PackageError(ValueError):
    """A path that is not a data package folder or release archive, or one that cannot be compared."""


@dataclass
class Package:
    """A data package's version, table schemas and rows (keyed by primary key)."""

    version: str
    schemas: dict[str, list[tuple[str, str]]]  # table -> [(column, type)]
    rows: dict[str, dict[tuple[str, ...], dict[str, str]]]
    replaced: dict[str, dict[str, str]] = field(default_factory=dict)  # table -> retired id -> the id replacing it
    vocabularies: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # table -> column -> allowed values


@dataclass
class TableDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # key -> column -> (old, new)
    schema: list[tuple[str, bool]] = field(default_factory=list)  # (description, breaking)
    replaced: list[tuple[str, str]] = field(default_factory=list)  # (retired id, the id replacing it)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.schema or self.replaced)


Reader = Callable[[str, int], bytes]  # (relative path, its size) -> its bytes


def _safe_name(name: Any) -> str:
    """A descriptor path that stays inside its package: relative, POSIX, no ``..``."""
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        raise PackageError(f"resource path {name!r} is not a relative file path")
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts or name.startswith("~"):
        raise PackageError(f"resource path {name!r} points outside the package")
    return str(pure)


def _read_limited(handle: Any, size: int, what: str) -> bytes:
    data = handle.read(size + 1)
    if len(data) != size:
        raise PackageError(f"{what} has {'more' if len(data) > size else len(data)} bytes, not the {size} its descriptor records")
    return data


def _folder_reader(root: Path) -> Reader:
    real_root = root.resolve()

    def read(name: str, size: int) -> bytes:
        path = root / _safe_name(name)
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            raise PackageError(f"{path}: cannot be read ({exc.__class__.__name__})") from exc
        if not real.is_relative_to(real_root):
            raise PackageError(f"{path} leads outside {root} (a symlink); refusing to read it")
        info = os.stat(real)
        if not stat.S_ISREG(info.st_mode):
            raise PackageError(f"{path} is not a regular file")
        if info.st_size != size:
            raise PackageError(f"{path} has {info.st_size} bytes, not the {size} its descriptor records")
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise PackageError(f"{path} is not a regular file")
            return _read_limited(handle, size, str(path))

    return read


def _zip_reader(archive: zipfile.ZipFile, base: str, shown: Path) -> Reader:
    def read(name: str, size: int) -> bytes:
        member = base + _safe_name(name)
        try:
            info = archive.getinfo(member)
        except KeyError:
            raise PackageError(f"{shown} has no member {member}") from None
        if stat.S_ISLNK(info.external_attr >> 16) or info.is_dir():
            raise PackageError(f"{shown}: member {member} is not a regular file")
        if info.flag_bits & 0x1:
            raise PackageError(f"{shown}: member {member} is encrypted")
        if info.file_size != size:
            raise PackageError(f"{shown}: member {member} has {info.file_size} bytes, not the {size} its descriptor records")
        with archive.open(info) as handle:
            return _read_limited(handle, size, f"{shown}: member {member}")

    return read


def _descriptor(data: bytes, shown: str) -> dict[str, Any]:
    try:
        descriptor = json.loads(data.decode("utf-8"))
    except RecursionError:
        raise PackageError(f"{shown} is nested too deeply to be a data package descriptor") from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise PackageError(f"{shown} is not a data package descriptor (no list of resources)")
    if CONTENT_HASH in descriptor and (problem := descriptor_problem(descriptor, shown)) is not None:
        raise PackageError(f"{problem}, so it cannot be compared")  # releases before 0.2.0 carry no content_hash
    return descriptor


@contextmanager
def _reader(path: Path) -> Iterator[tuple[dict[str, Any], Reader]]:
    """The datapackage.json of a folder or archive, and a function reading a file it names."""
    if path.is_dir():
        read = _folder_reader(path)
        descriptor = path / "datapackage.json"
        try:
            size = os.stat(descriptor).st_size
        except OSError:
            raise PackageError(f"{path} has no datapackage.json") from None
        if size > MAX_DESCRIPTOR_BYTES:
            raise PackageError(f"{descriptor} has {size} bytes; a descriptor over {MAX_DESCRIPTOR_BYTES} bytes is refused")
        yield _descriptor(read("datapackage.json", size), str(descriptor)), read
    elif path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            if (twice := repeated_member(archive)) is not None:
                raise PackageError(f"{path} holds two members named {twice}; a release archive never repeats a name")
            found = [i for i in archive.infolist()
                     if i.filename.endswith("/data/datapackage.json") or i.filename == "datapackage.json"]
            if len(found) != 1:
                raise PackageError(f"{path} holds {len(found)} datapackage.json files; a release archive holds one")
            if found[0].file_size > MAX_DESCRIPTOR_BYTES:
                raise PackageError(f"{path}: its datapackage.json has {found[0].file_size} bytes; "
                                   f"a descriptor over {MAX_DESCRIPTOR_BYTES} bytes is refused")
            base = found[0].filename.removesuffix("datapackage.json")
            read = _zip_reader(archive, base, path)
            yield _descriptor(read("datapackage.json", found[0].file_size), f"{path}: {found[0].filename}"), read
    else:
        raise PackageError(f"{path} is neither a data package folder nor a release archive")


def _file_entry(entry: Any, where: str) -> tuple[str, int, str]:
    """A resource's (or its Parquet file's) path, byte count and sha256, each checked for shape."""
    if not isinstance(entry, dict):
        raise PackageError(f"{where} is not an object")
    size, digest = entry.get("bytes"), entry.get("hash")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise PackageError(f"{where} records no byte count")
    if not isinstance(digest, str) or not _HASH.match(digest):
        raise PackageError(f"{where} records no sha256 hash")
    return _safe_name(entry.get("path")), size, digest.removeprefix("sha256:")


def _verified(read: Reader, name: str, size: int, digest: str) -> bytes:
    data = read(name, size)
    if hashlib.sha256(data).hexdigest() != digest:
        raise PackageError(f"{name} does not match the sha256 recorded in datapackage.json; "
                           "it was changed or damaged, so it cannot be compared")
    return data


def _schema(resource: dict[str, Any], where: str) -> tuple[list[tuple[str, str]], list[str]]:
    schema = resource.get("schema")
    if not isinstance(schema, dict):
        raise PackageError(f"{where} has no schema")
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields or not all(
            isinstance(f, dict) and isinstance(f.get("name"), str) and isinstance(f.get("type", "string"), str)
            for f in fields):
        raise PackageError(f"{where}: schema.fields is not a list of named fields")
    columns = [(f["name"], f.get("type", "string")) for f in fields]
    names = [name for name, _ in columns]
    key = schema.get("primaryKey") or [names[0]]
    key = [key] if isinstance(key, str) else key
    if not isinstance(key, list) or not all(isinstance(k, str) and k in names for k in key):
        raise PackageError(f"{where}: primaryKey names no field of its schema")
    return columns, key


def _rows(text: str, name: str, names: list[str], key: list[str], budget: list[int]) -> dict[tuple[str, ...], dict[str, str]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = next(reader, None)
    if header != names:
        raise PackageError(f"{name}: the header is not the schema's fields")
    positions = [names.index(k) for k in key]
    rows: dict[tuple[str, ...], dict[str, str]] = {}
    for number, record in enumerate(reader, start=2):
        if len(record) != len(names):
            raise PackageError(f"{name}:{number}: row has {len(record)} cells, the header has {len(names)}")
        budget[0] -= len(record)
        if budget[0] < 0:
            raise PackageError(f"{name}: more than {MAX_CELLS} cells in one package; too large to compare")
        row_key = tuple(record[p] for p in positions)
        if row_key in rows:
            raise PackageError(f"{name}:{number}: key {'/'.join(row_key)} appears twice; a package's keys are unique")
        rows[row_key] = dict(zip(names, record))
    return rows


def _replaced(descriptor: dict[str, Any], path: Path) -> dict[str, dict[str, str]]:
    """Each table's retired ids and the ids replacing them, from the descriptor's ``replaced_ids``."""
    entries = descriptor.get("replaced_ids", [])
    if not isinstance(entries, list) or not all(
            isinstance(e, dict) and all(isinstance(e.get(k), str) for k in ("resource", "id", "replaced_by"))
            for e in entries):
        raise PackageError(f"{path}: replaced_ids is not a list of resource, id and replaced_by")
    replaced: dict[str, dict[str, str]] = {}
    for entry in entries:
        replaced.setdefault(entry["resource"], {})[entry["id"]] = entry["replaced_by"]
    return replaced


def load_package(path: Path) -> Package:
    """Read and verify a data package; ``PackageError`` says why one cannot be compared."""
    try:
        with _reader(path) as (descriptor, read):
            entries, seen = [], set()
            for index, resource in enumerate(descriptor["resources"]):
                where = f"{path}: resource {index}"
                if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
                    raise PackageError(f"{where} has no name")
                if resource["name"] in seen:
                    raise PackageError(f"{where}: the table {resource['name']!r} is listed twice")
                seen.add(resource["name"])
                files = [_file_entry(resource, where)]
                if "parquet" in resource:
                    files.append(_file_entry(resource["parquet"], f"{where}: parquet"))
                entries.append((resource, files))
            total = sum(size for _, files in entries for _, size, _ in files)
            if total > MAX_PACKAGE_BYTES:
                raise PackageError(f"{path}: its files hold {total} bytes; more than {MAX_PACKAGE_BYTES} is refused")
            schemas, rows, budget, vocabularies = {}, {}, [MAX_CELLS], {}
            for resource, files in entries:
                columns, key = _schema(resource, f"{path}: {resource['name']}")
                for name, size, digest in files[1:]:
                    _verified(read, name, size, digest)
                name, size, digest = files[0]
                text = _verified(read, name, size, digest).decode("utf-8")
                schemas[resource["name"]] = columns
                vocabularies[resource["name"]] = _vocabularies(resource)
                rows[resource["name"]] = _rows(text, name, [c for c, _ in columns], key, budget)
        return Package(str(descriptor.get("version", "?")), schemas, rows, _replaced(descriptor, path), vocabularies)
    except PackageError as exc:
        raise PackageError(str(exc) if str(path) in str(exc) else f"{path}: {exc}") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, zipfile.BadZipFile, zlib.error, EOFError,
            NotImplementedError, RuntimeError, csv.Error, MemoryError, OverflowError) as exc:
        raise PackageError(f"{path}: not a readable data package ({type(exc).__name__}: {exc})") from exc


def _vocabularies(resource: dict[str, Any]) -> dict[str, list[str]]:
    """Each column's allowed values, where its schema lists them (read after ``_schema`` checked the fields)."""
    out = {}
    for f in resource["schema"]["fields"]:
        allowed = (f.get("constraints") or {}).get("enum") if isinstance(f.get("constraints"), dict) else None
        if isinstance(allowed, list):
            out[f["name"]] = [str(v) for v in allowed]
    return out


def _vocabulary_changes(old: dict[str, list[str]], new: dict[str, list[str]]) -> list[tuple[str, bool]]:
    """A value a column no longer allows breaks code that filters on it; a value added does not."""
    changes = []
    for column in sorted(set(old) & set(new)):
        gone = [v for v in old[column] if v not in new[column]]
        added = [v for v in new[column] if v not in old[column]]
        if gone:
            changes.append((f"column {column!r} no longer allows {', '.join(map(repr, gone))}", True))
        if added:
            changes.append((f"column {column!r} now allows {', '.join(map(repr, added))}", False))
    return changes


def _schema_changes(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[tuple[str, bool]]:
    old_types, new_types = dict(old), dict(new)
    changes = [(f"column {c!r} removed", True) for c in old_types if c not in new_types]
    changes += [(f"column {c!r} added", False) for c in new_types if c not in old_types]
    changes += [(f"column {c!r} changed type {old_types[c]} → {new_types[c]}", True)
                for c in old_types if c in new_types and old_types[c] != new_types[c]]
    return changes


def _shown(key: tuple[str, ...]) -> str:
    """A key as a reader sees it: its filled parts joined by '/' (a citation's holds an offset or a fingerprint)."""
    return "/".join(part for part in key if part)


def compare(old: Package, new: Package) -> dict[str, TableDiff]:
    """Per table, what differs between ``old`` and ``new``."""
    result: dict[str, TableDiff] = {}
    for table in sorted(set(old.rows) | set(new.rows)):
        diff = TableDiff()
        if table not in old.rows:
            diff.schema.append(("table added", False))
        elif table not in new.rows:
            diff.schema.append(("table removed", True))
        else:
            diff.schema = _schema_changes(old.schemas[table], new.schemas[table]) + _vocabulary_changes(
                old.vocabularies.get(table, {}), new.vocabularies.get(table, {}))
        before, after = old.rows.get(table, {}), new.rows.get(table, {})
        diff.added = [_shown(k) for k in sorted(set(after) - set(before))]
        diff.removed = [_shown(k) for k in sorted(set(before) - set(after))]
        successors = new.replaced.get(table, {})
        diff.replaced = [(old_id, successors[old_id]) for old_id in diff.removed if old_id in successors]
        diff.removed = [k for k in diff.removed if k not in successors]
        diff.added = [k for k in diff.added if k not in {new_id for _, new_id in diff.replaced}]
        for key in sorted(set(before) & set(after)):
            changes = {c: (before[key].get(c, ""), after[key].get(c, ""))
                       for c in sorted(set(before[key]) | set(after[key])) if before[key].get(c, "") != after[key].get(c, "")}
            if changes:
                diff.changed[_shown(key)] = changes
        if diff:
            result[table] = diff
    return result


def report(old: Package, new: Package, diffs: dict[str, TableDiff]) -> str:
    """A plain-text report: one summary line per table that differs, then its records."""
    lines = [f"moroccous-data {old.version} → {new.version}"]
    if not diffs:
        return lines[0] + ": identical\n"
    breaking = any(b for d in diffs.values() for _, b in d.schema)
    lines.append(f"schema: {'BREAKING changes' if breaking else 'no breaking change'}")
    for table, diff in diffs.items():
        lines.append(f"{table}: {len(diff.added)} added, {len(diff.removed)} removed, {len(diff.replaced)} replaced, "
                     f"{len(diff.changed)} changed")
        lines += [f"  schema: {text}{' (breaking)' if b else ''}" for text, b in diff.schema]
        lines += [f"  + {key}" for key in diff.added]
        lines += [f"  - {key}" for key in diff.removed]
        lines += [f"  > {old_id} replaced by {new_id}" for old_id, new_id in diff.replaced]
        for key, changes in diff.changed.items():
            for column, (before, after) in changes.items():
                lines.append(f"  ~ {key}: {column}: {before!r} → {after!r}")
    return "\n".join(lines) + "\n"


def report_data(old: Package, new: Package, diffs: dict[str, TableDiff]) -> dict[str, Any]:
    """The comparison as JSON-able data (``diff --format json``): versions, whether any change breaks, and per table
    the added, removed, changed and replaced ids and the schema changes."""
    return {"old": old.version, "new": new.version, "identical": not diffs,
            "breaking": any(b for d in diffs.values() for _, b in d.schema),
            "tables": {t: {"added": d.added, "removed": d.removed, "changed": d.changed,
                           "replaced": [{"id": a, "replaced_by": b} for a, b in d.replaced],
                           "schema": [{"change": c, "breaking": b} for c, b in d.schema]}
                       for t, d in diffs.items()}}
