"""seeds/ → checked records → data/ (Parquet, CSV, datapackage.json), deterministically and atomically.

The same seeds always give the same bytes (rows sorted by key, fixed column
order, LF, UTF-8, no timestamps), and the output folder is replaced in one
rename, so a failed build leaves the previous data as it was.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import ValidationError

from ..publishing import catalogue
from ..publishing import croissant
from ..publishing import duckdb_views
from .. import edtf
from . import table_schemas
from ..models import timeline
from .._version import __version__
from .arrow_schema import arrow_schema
from ..atomic import MARKER, check_target, marker_text, recover, replace_file, staged_folder
from . import COMMAND
from ..validation.checks import RELEASED_IDS, Checked, check_folder, read_released, sources_folder
from ..publishing.citation import TITLE, cite
from ..models.columns import built_columns, loader_module, spec_document, table_spec
from ..publishing.dictionary import render_dictionary
from ..formats import csv_text
from ..loading.integrity import COMPANIONS, CONTENT_HASH, content_hash
from ..models import TABLES, Record
from ..validation.problem import Code, Problem, fix_table
from ..progress import Progress, silent
from ..models.specs import SPEC_FILE, ColumnSpec

TABLES_START, TABLES_END = "<!-- tables:start -->", "<!-- tables:end -->"
CODES_START, CODES_END = "<!-- codes:start -->", "<!-- codes:end -->"
PARQUET_OPTIONS: dict[str, Any] = {"compression": "zstd", "compression_level": 9, "write_statistics": True}


def derived_files(root: Path) -> dict[Path, str]:
    """Every file generated from the models alone, with its expected text."""
    files = {root / "schemas" / f"{t}.json": table_schemas.dumps(table_schemas.table_schema(t, built=False)) for t in TABLES}
    files[root / "seeds" / "datapackage.json"] = table_schemas.dumps(table_schemas.seeds_datapackage(__version__))
    files[root / "src" / "moroccous_data" / "models" / SPEC_FILE] = table_schemas.dumps(spec_document())
    files[root / "CITATION.cff"] = cite("cff")
    specs = [table_spec(t) for t in TABLES]
    files[root / "src" / "moroccous_data" / "table_loaders.py"] = loader_module(specs + [timeline.spec(specs)])
    return files


def _row(record: Record) -> dict[str, Any]:
    row = record.model_dump(mode="python")
    for name in record.edtf_fields():
        value = row[name]
        bounds = edtf.parse(value) if value is not None else None
        row[f"{name}_start"] = bounds.start if bounds else None
        row[f"{name}_end"] = bounds.end if bounds else None
        row[f"{name}_precision"] = bounds.precision if bounds else None
        row[f"{name}_kind"] = bounds.kind if bounds else None
    return row


def _array(spec: ColumnSpec, values: list[Any], type_: pa.DataType) -> pa.Array:
    if pa.types.is_dictionary(type_):
        vocabulary = list(spec.enum) if spec.kind == "enum" and spec.enum else sorted({v for v in values if v is not None})
        index = {v: i for i, v in enumerate(vocabulary)}
        codes = pa.array([None if v is None else index[v] for v in values], pa.int32())
        return pa.DictionaryArray.from_arrays(codes, pa.array(vocabulary, pa.string()), ordered=type_.ordered)
    return pa.array(values, type_)


def to_arrow(table: str, specs: list[ColumnSpec], rows: list[dict[str, Any]]) -> pa.Table:
    schema = arrow_schema(specs, table=table, version=__version__)
    columns = [_array(spec, [r[spec.name] for r in rows], schema.field(spec.name).type) for spec in specs]
    return pa.Table.from_arrays(columns, schema=schema)


def to_csv(specs: list[ColumnSpec], rows: Iterable[dict[str, Any]]) -> bytes:
    return csv_text([s.name for s in specs], rows).encode("utf-8")


def _parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, **PARQUET_OPTIONS)
    return sink.getvalue().to_pybytes()


def _file_entry(data: bytes) -> dict[str, Any]:
    return {"hash": f"sha256:{hashlib.sha256(data).hexdigest()}", "bytes": len(data)}


def to_models(checked: Checked) -> tuple[dict[str, list[Record]], list[Problem]]:
    """Model instances of every valid row; a row the models refuse is reported, never a traceback."""
    records: dict[str, list[Record]] = {}
    problems = []
    for table, model in TABLES.items():
        records[table] = []
        for number, row in zip(checked.rows[table].numbers, checked.records(table)):
            try:
                records[table].append(model.model_validate({k: v for k, v in row.items() if v is not None}))
            except ValidationError as exc:
                first = exc.errors(include_url=False)[0]
                column = first["loc"][0] if first["loc"] else "-"
                problems.append(Problem(checked.paths[table], number, str(column), Code.MODEL_MISMATCH,
                                        f"{first['msg']} (the models and the validator disagree; please report)"))
    return records, problems


Tables = dict[str, tuple[list[ColumnSpec], list[dict[str, Any]], dict[str, Any]]]


def _sort_key(row: dict[str, Any], columns: tuple[str, ...]) -> tuple[Any, ...]:
    """Text as text, numbers as numbers, enum members in the order their vocabulary declares them."""
    key: list[Any] = []
    for name in columns:
        value = row[name]
        if isinstance(value, Enum):
            key.append((list(type(value)).index(value), ""))
        elif isinstance(value, int):
            key.append((value, ""))
        else:
            key.append((0, str(value)))
    return tuple(key)


def tables_of(all_records: dict[str, list[Record]]) -> Tables:
    """Every output table: its columns, its rows in order (the key's, or the model's ``row_order``), and its resource."""
    out = {}
    for table, model in TABLES.items():
        records = all_records[table]
        order = model.row_order or model.primary_key
        rows = sorted((_row(r) for r in records), key=lambda r: _sort_key(r, order))
        schema = table_schemas.schema_for(table, built_columns(table), list(model.primary_key))
        out[table] = (built_columns(table), rows, table_schemas.resource(table_spec(table), schema))
    names = {e.id: e.name for e in all_records["entities"]}
    keys = [(c.record_table.value, c.record_id) for c in all_records["citations"]]
    spec = timeline.spec(table_spec(t) for t in TABLES)
    columns = list(spec.columns)
    schema = table_schemas.schema_for(spec.name, columns, list(spec.primary_key))
    resource = table_schemas.resource(spec, schema)
    facts = [t for t, model in TABLES.items() if model.fact]
    out[spec.name] = (columns, timeline.timeline_rows(all_records, keys, names, facts), resource)
    return out


def _sources(all_records: dict[str, list[Record]], texts: dict[str, str]) -> list[dict[str, Any]]:
    """The package's ``sources``: where each text was published, and the sha256 and size of the copy quoted."""
    out = []
    for source in sorted(all_records["sources"], key=lambda x: x.id):
        entry = {"id": source.id, "title": source.title, "publisher": source.publisher, "date": source.date,
                 "path": source.url, "sha256": source.sha256, "characters": source.characters,
                 "bytes": len(texts[source.id].encode("utf-8")) if source.id in texts else None}
        out.append({k: v for k, v in entry.items() if v is not None})
    return out


def _replaced(released: list[dict[str, str]]) -> list[dict[str, str]]:
    """Retired ids and the ids that replaced them, so references to an old id still resolve."""
    return [{"resource": r["table"], "id": r["id"], "replaced_by": r["replaced_by"], "retired_in": r["retired_in"]}
            for r in released if r["replaced_by"]]


def render(root: Path, tables: Tables, all_records: dict[str, list[Record]], texts: dict[str, str],
           released: list[dict[str, str]], progress: Progress = silent) -> dict[str, bytes]:
    """The built data folder as file name → bytes."""
    files: dict[str, bytes] = {}
    resources = []
    for table, (specs, rows, resource) in tables.items():
        progress(f"writing {table}")
        csv_bytes = to_csv(specs, rows)
        parquet = _parquet_bytes(to_arrow(table, specs, rows))
        files[f"{table}.csv"] = csv_bytes
        files[f"{table}.parquet"] = parquet
        resource.update(_file_entry(csv_bytes))
        resource["rows"] = len(rows)
        resource["parquet"] = {"path": f"{table}.parquet", **_file_entry(parquet)}
        resources.append(resource)
    sources = sorted(all_records["sources"], key=lambda x: str(getattr(x, "id")))
    package = {
        "$schema": table_schemas.DATAPACKAGE_V2,
        "name": "moroccous-data",
        "title": TITLE,
        "version": __version__,
        **catalogue.package_metadata(root, sources),
        "licenses": table_schemas.LICENSES,
        "sources": _sources(all_records, texts),
        "replaced_ids": _replaced(released),
        "built_with": {"pyarrow": pa.__version__},
        "resources": resources,
    }
    files[croissant.FILE] = table_schemas.dumps(croissant.croissant(package, cite("bibtex"))).encode("utf-8")
    files[duckdb_views.FILE] = duckdb_views.duckdb_script(__version__, resources).encode("utf-8")
    # Files derived from the descriptor, listed after they are made so that every file it ships has a hash.
    package[COMPANIONS] = [{"path": name, **_file_entry(files[name])} for name in (croissant.FILE, duckdb_views.FILE)]
    package[CONTENT_HASH] = content_hash(package)
    files["datapackage.json"] = table_schemas.dumps(package).encode("utf-8")
    files[MARKER] = marker_text(COMMAND).encode("utf-8")
    return files


def dictionary_text(tables: Tables) -> str:
    described = {name: (specs, rows, resource["description"]) for name, (specs, rows, resource) in tables.items()}
    return render_dictionary(__version__, described)


def readme_text(current: str, tables: Tables) -> str:
    """The README with its table list (names, row counts, descriptions) rewritten from the built tables."""
    if current.count(TABLES_START) != 1 or current.count(TABLES_END) != 1:
        raise ValueError(f"the README needs one {TABLES_START} … {TABLES_END} block for the table list")
    head, rest = current.split(TABLES_START)
    tail = rest.split(TABLES_END)[1]
    lines = ["| table | rows | what one row is |", "|---|---:|---|"]
    lines += [f"| `{name}` | {len(rows)} | {resource['description']} |" for name, (_, rows, resource) in tables.items()]
    return codes_text(f"{head}{TABLES_START}\n" + "\n".join(lines) + f"\n{TABLES_END}{tail}")


def codes_text(current: str) -> str:
    """The README with its table of problem codes and their fixes rewritten from ``problem.Code``."""
    if current.count(CODES_START) != 1 or current.count(CODES_END) != 1:
        raise ValueError(f"the README needs one {CODES_START} … {CODES_END} block for the problem codes")
    head, rest = current.split(CODES_START)
    return f"{head}{CODES_START}\n{fix_table()}{CODES_END}{rest.split(CODES_END)[1]}"


def write_atomically(files: dict[str, bytes], out: Path, *, work: Path | None = None,
                     protected: Iterable[Path] = (), beside: dict[Path, bytes] | None = None) -> None:
    """Write ``files`` into a staging folder, then swap it in for ``out`` (and write ``beside``) in one commit."""
    with staged_folder(out, COMMAND, work=work, protected=protected, beside=beside) as staging:
        for name, data in files.items():
            (staging / name).write_bytes(data)


def differences(files: dict[str, bytes], out: Path) -> list[str]:
    """Files in ``out`` that differ from what the seeds build to (Parquet compared by content)."""
    stale = []
    present = {p.name for p in out.iterdir()} if out.is_dir() else set()
    for name, data in files.items():
        path = out / name
        if not path.exists():
            stale.append(f"{path}: missing")
        elif name.endswith(".parquet"):
            try:
                same = pq.read_table(pa.BufferReader(data)).equals(pq.read_table(path)) and \
                    pq.read_schema(pa.BufferReader(data)).metadata == pq.read_schema(path).metadata
            except pa.ArrowInvalid:
                same = False  # not a Parquet file any more: stale like any other difference
            if not same:
                stale.append(f"{path}: content differs")
        elif name == "datapackage.json":
            if _comparable(json.loads(data)) != _comparable(json.loads(path.read_bytes())):
                stale.append(f"{path}: differs")
        elif path.read_bytes() != data:
            stale.append(f"{path}: differs")
    stale.extend(f"{out / name}: not produced by the build" for name in sorted(present - set(files)) if not name.startswith("__"))
    return stale


def _comparable(package: dict[str, Any]) -> dict[str, Any]:
    """A data package without what legitimately varies with the pyarrow version (Parquet bytes)."""
    package = json.loads(json.dumps(package))
    package.pop("built_with", None)
    package.pop(CONTENT_HASH, None)
    package.pop(COMPANIONS, None)  # croissant.json embeds Parquet hashes too; the file itself is compared
    for resource in package.get("resources", []):
        resource.get("parquet", {}).pop("hash", None)
        resource.get("parquet", {}).pop("bytes", None)
    return package


def build(root: Path, seeds: Path, out: Path, *, check: bool = False, dictionary: Path | None = None,
          readme: Path | None = None, work: Path | None = None, progress: Progress = silent) -> list[str]:
    """Regenerate the model-derived schemas, then validate the seeds and write the data.

    With ``check``, compare instead of writing. ``dictionary`` and ``readme``, when given, are the
    data dictionary and the README whose table list is rewritten (the repository's, not an ``--out``
    build's), replaced together with the data; ``work`` is where the new data is staged (default:
    beside ``out``). Returns the problems found, one ``path:row:column: message`` per line; the data
    is written only when there are none. An ``out`` that is not ours to replace raises
    :class:`~moroccous_data.atomic.OutputRefused` before anything is read or written.
    """
    protected = (root, seeds)
    if not check:
        check_target(out, COMMAND, protected)
        recover(out, work)  # even if these seeds fail, an interrupted earlier build is completed
    derived = derived_files(root)
    stale = [path for path, text in derived.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
    if check and stale:
        return [f"{path}: differs from what the models generate" for path in stale]
    for path in stale:
        replace_file(path, derived[path].encode("utf-8"))
    checked = check_folder(seeds, sources=sources_folder(seeds), progress=progress)
    if checked.problems:
        return [str(p) for p in checked.problems]
    records, problems = to_models(checked)
    if problems:
        return [str(p) for p in problems]
    tables = tables_of(records)
    files = render(root, tables, records, checked.texts, read_released(seeds / RELEASED_IDS), progress)
    documents = {dictionary: dictionary_text(tables)} if dictionary is not None else {}
    if readme is not None:
        current = readme.read_text(encoding="utf-8")
        try:
            documents[readme] = readme_text(current, tables)
        except ValueError as exc:
            return [f"{readme}: {exc}"]
    if check:
        return differences(files, out) + [f"{path}: differs" for path, text in documents.items()
                                          if not path.exists() or path.read_text(encoding="utf-8") != text]
    beside = {path: text.encode("utf-8") for path, text in documents.items()} or None
    write_atomically(files, out, work=work, protected=protected, beside=beside)
    return []
