"""What changed between two releases: records added, removed and changed, by id, and schema changes.

Either side may be a built data folder (with its datapackage.json) or a
release archive. Rows are compared as the text of their CSV cells, so the
comparison needs neither pyarrow nor the models, and works across versions
whose models differ.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class PackageError(ValueError):
    """A path that is not a data package folder or release archive."""


@dataclass
class Package:
    """A data package's version, table schemas and rows (keyed by primary key)."""

    version: str
    schemas: dict[str, list[tuple[str, str]]]  # table -> [(column, type)]
    rows: dict[str, dict[tuple[str, ...], dict[str, str]]]
    replaced: dict[str, dict[str, str]] = field(default_factory=dict)  # table -> retired id -> the id replacing it


@dataclass
class TableDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # key -> column -> (old, new)
    schema: list[tuple[str, bool]] = field(default_factory=list)  # (description, breaking)
    replaced: list[tuple[str, str]] = field(default_factory=list)  # (retired id, the id replacing it)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.schema or self.replaced)


@contextmanager
def _reader(path: Path) -> Iterator[tuple[dict[str, Any], Callable[[str], bytes]]]:
    """The datapackage.json of a folder or archive, and a function reading a member by name."""
    if path.is_dir():
        descriptor = path / "datapackage.json"
        if not descriptor.is_file():
            raise PackageError(f"{path} has no datapackage.json")
        yield json.loads(descriptor.read_text(encoding="utf-8")), lambda name: (path / name).read_bytes()
    elif path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            found = [n for n in archive.namelist() if n.endswith("/data/datapackage.json") or n == "datapackage.json"]
            if not found:
                raise PackageError(f"{path} holds no datapackage.json")
            base = found[0].removesuffix("datapackage.json")
            yield json.loads(archive.read(found[0])), lambda name: archive.read(base + name)
    else:
        raise PackageError(f"{path} is neither a data package folder nor a release archive")


def load_package(path: Path) -> Package:
    try:
        with _reader(path) as (descriptor, read):
            schemas, rows = {}, {}
            for resource in descriptor["resources"]:
                fields = resource["schema"]["fields"]
                schemas[resource["name"]] = [(f["name"], f["type"]) for f in fields]
                key = resource["schema"].get("primaryKey") or [fields[0]["name"]]
                text = read(resource["path"]).decode("utf-8")
                rows[resource["name"]] = {tuple(r[k] for k in key): r for r in csv.DictReader(io.StringIO(text, newline=""))}
        replaced: dict[str, dict[str, str]] = {}
        for entry in descriptor.get("replaced_ids", []):
            replaced.setdefault(entry["resource"], {})[entry["id"]] = entry["replaced_by"]
        return Package(str(descriptor.get("version", "?")), schemas, rows, replaced)
    except (OSError, KeyError, UnicodeDecodeError, json.JSONDecodeError, zipfile.BadZipFile) as exc:
        raise PackageError(f"{path}: not a readable data package ({type(exc).__name__}: {exc})") from exc


def _schema_changes(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[tuple[str, bool]]:
    old_types, new_types = dict(old), dict(new)
    changes = [(f"column {c!r} removed", True) for c in old_types if c not in new_types]
    changes += [(f"column {c!r} added", False) for c in new_types if c not in old_types]
    changes += [(f"column {c!r} changed type {old_types[c]} → {new_types[c]}", True)
                for c in old_types if c in new_types and old_types[c] != new_types[c]]
    return changes


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
            diff.schema = _schema_changes(old.schemas[table], new.schemas[table])
        before, after = old.rows.get(table, {}), new.rows.get(table, {})
        diff.added = ["/".join(k) for k in sorted(set(after) - set(before))]
        diff.removed = ["/".join(k) for k in sorted(set(before) - set(after))]
        successors = new.replaced.get(table, {})
        diff.replaced = [(old_id, successors[old_id]) for old_id in diff.removed if old_id in successors]
        diff.removed = [k for k in diff.removed if k not in successors]
        diff.added = [k for k in diff.added if k not in {new_id for _, new_id in diff.replaced}]
        for key in sorted(set(before) & set(after)):
            changes = {c: (before[key].get(c, ""), after[key].get(c, ""))
                       for c in sorted(set(before[key]) | set(after[key])) if before[key].get(c, "") != after[key].get(c, "")}
            if changes:
                diff.changed["/".join(key)] = changes
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
