"""The files ``moroccous-data export`` writes, as name → bytes: shipped tables as CSV, Parquet or JSON, or every
citation as W3C Web Annotations. CSV and Parquet are the shipped bytes, checked against their hashes."""

from __future__ import annotations

import json
from pathlib import Path

from ..atomic import staged_folder
from ..formats import json_default
from ..loading import loaders
from . import stata


def table_rows(table: str, limit: int | None = None) -> tuple[list[str], list[dict]]:
    """A shipped table's column names and rows as plain Python values (dates, not timestamps)."""
    arrow = loaders.load(table, format="arrow")
    if limit is not None:
        arrow = arrow.slice(0, limit)
    return arrow.column_names, arrow.to_pylist()


def json_text(rows: list[dict]) -> str:
    return json.dumps(rows, default=json_default, ensure_ascii=False, indent=1)


def table_files(names: tuple[str, ...], fmt: str) -> dict[str, bytes]:
    """Each named table (default: all) in ``fmt``, as ``<table>.<suffix>`` → bytes (``.dta`` for Stata)."""
    package = loaders.datapackage()
    resources = {r["name"]: r for r in package["resources"]}
    suffix = "dta" if fmt == "stata" else fmt
    files = {}
    for name in names or tuple(resources):
        resource = resources[name]
        if fmt == "csv":
            data = loaders.verified_bytes(resource["path"], resource["hash"])
        elif fmt == "parquet":
            data = loaders.verified_bytes(resource["parquet"]["path"], resource["parquet"]["hash"])
        elif fmt == "stata":
            data = stata.dta_bytes(resource, loaders.load(name), package["created"])
        else:
            data = (json_text(table_rows(name)[1]) + "\n").encode("utf-8")
        files[f"{name}.{suffix}"] = data
    return files


def annotation_files(sources: Path | None) -> dict[str, bytes]:
    """``annotations.jsonld``: every citation anchored in its source text (the texts must be at hand)."""
    from ..seedfiles import sources_folder
    from .annotations import FILE_NAME, annotation_page, dumps, read_texts

    source_rows = loaders.load("sources", "arrow").to_pylist()
    texts = read_texts(sources or sources_folder(Path("seeds")), source_rows)
    page = annotation_page(loaders.load("citations", "arrow").to_pylist(), source_rows, texts,
                           loaders.datapackage()["version"])
    return {FILE_NAME: dumps(page)}


def write(out: Path, files: dict[str, bytes]) -> None:
    """Replace ``out`` with ``files`` in one step; only a new or empty folder or an earlier export is replaced."""
    with staged_folder(out, "moroccous-data export") as staging:
        for name, data in files.items():
            (staging / name).write_bytes(data)
