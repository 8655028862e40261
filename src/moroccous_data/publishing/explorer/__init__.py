"""The static explorer: one folder of HTML, CSS, JavaScript and the data, opened from disk with no server.

The data is written as scripts rather than JSON, because browsers refuse to
fetch files from ``file://``. ``data.js`` holds what the first page needs (the
tables' descriptions and the timeline's events); each table's rows are in
``rows/<table>.js``, loaded only by the pages that show them, so the timeline
draws as fast with ten thousand records as with sixty. Nothing is loaded from
the network, and the download links point at copies of the shipped files.
"""

from __future__ import annotations

import hashlib
import json
import pkgutil
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ...atomic import staged_folder
from ...formats import LITERAL
from ...edtf import as_of_words, words
from ...loading import loaders
from ...models.countries import ALPHA3
from ...models.kinds import EXTENSION, KINDS
from ...models.specs import fact_tables
from ...models.timeline import TABLE as TIMELINE
from ...progress import Progress, silent
from .. import citation

ASSETS = ("index.html", "app.js", "style.css")
COMMAND = "moroccous-data site"  # named in the site folder's marker file
_WORDS = {"id": "ID", "ids": "IDs", "usd": "USD", "url": "URL", "sha256": "SHA-256", "iso3": "ISO 3166-1",
          "fy": "FY", "un": "UN", "us": "U.S."}
_UNCERTAIN = ("?", "~", "%")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _allowed(field: dict[str, Any]) -> str:
    constraints = field.get("constraints", {})
    if "enum" in constraints and len(constraints["enum"]) < 40:
        return ", ".join(constraints["enum"])
    if "enum" in constraints:
        return "ISO 3166-1 alpha-3 code"
    return ""


def column_label(name: str, ref: str | None = None) -> str:
    """A reader's name for a column: ``as_of_precision`` is "As of precision", ``system_id`` (a link) "System"."""
    words = name.split("_")
    if ref and words[-1] in ("id", "ids") and len(words) > 1:
        words = words[:-1] if words[-1] == "id" else [*words[:-1][:-1], words[-2] + "s"]
    text = " ".join(_WORDS.get(w, w) for w in words)
    return text[:1].upper() + text[1:]


def _shown_by_default(names: list[str], declared: list[str]) -> list[str]:
    """The columns a table opens with: its declared key columns. Citations are shown grouped under their record, so
    the record's columns are left out there."""
    if "quote" in names:
        return [n for n in ("role", "quote", "source_id") if n in names]
    return [n for n in declared if n in names]


def plain_text(text: str) -> list[str]:
    """A description as the page shows it: reST literals (````x````, ```x```) become code, in a list where every
    second item is code, so the page never shows the markup and never parses it."""
    parts: list[str] = []
    at = 0
    for m in LITERAL.finditer(text):
        parts += [text[at:m.start()], m[1] or m[2]]
        at = m.end()
    return [*parts, text[at:]]


def _date_shape(written: str, kind: str, precision: str) -> str:
    """How a date is drawn: a day (point), a period it lasted (span), since or until (open), or a moment somewhere within."""
    text = written.rstrip("".join(_UNCERTAIN))
    if kind == "bound":
        return "within-open" if text.endswith("..]") else "within-before" if text.startswith("[..") else "within"
    if kind == "interval":
        left, _, right = text.partition("/")
        return "since" if right == ".." else "until" if left == ".." else "span"
    return "point" if precision == "day" else "within"


def _label(table: str, row: dict[str, Any], names: dict[str, str]) -> str:
    """The record's label as the timeline would give it (the model's own), for records the timeline leaves off."""
    from ...models.registry import TABLES

    model = TABLES[table]
    record = model.model_validate({k: v for k, v in row.items() if v is not None and k in model.model_fields})
    return str(record.label(names))


def _events(rows: dict[str, list[dict[str, Any]]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The timeline's events (records dated by their own date) and, apart, the records dated only by their source.

    A running figure's date is said with its source's "as of" ("since 2012, as of 8 April 2024").
    """
    as_of_of = {(table, r["id"]): r.get("as_of") for table in fact_tables() for r in rows.get(table, [])}
    events = []
    for row in rows.get(TIMELINE, []):
        key = (row["record_table"], row["record_id"])
        events.append({"t": key[0], "id": key[1], "label": row["label"], "date": row["date"],
                       "when": words(row["date"], as_of_of.get(key)),
                       "s": row["date_start"], "e": row["date_end"],
                       "shape": _date_shape(row["date"], row["date_kind"], row["date_precision"]),
                       "uncertain": row["date"].endswith(_UNCERTAIN), "basis": row["date_basis"]})
    names = {e["id"]: e["name"] for e in rows.get("entities", [])}
    as_of = [{"t": table, "id": r["id"], "label": _label(table, r, names), "date": r["as_of"], "when": as_of_words(r["as_of"])}
             for table in fact_tables() for r in rows.get(table, []) if not r.get("date") and r.get("as_of")]
    return events, sorted(as_of, key=lambda e: (e["date"], e["t"], e["id"]))


def _deals(rows: dict[str, list[dict[str, Any]]], events: list[dict[str, Any]],
           steps: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """Each deal with a dated step, drawn as one track: its steps (the timeline's events of its steps table, by
    their index in ``events``) in date order, each with its stage."""
    names = {e["id"]: e["name"] for e in rows.get("entities", [])}
    deals = []
    for table, step in steps.items():
        parent = {r["id"]: r[step["column"]] for r in rows[step["table"]]}
        dated: dict[str, list[int]] = {}
        for n, event in enumerate(events):
            if event["t"] == step["table"]:
                dated.setdefault(parent[event["id"]], []).append(n)
        stage = {r["id"]: r["stage"] for r in rows[step["table"]]}
        for record in rows[table]:
            if record["id"] in dated:
                deals.append({"t": table, "id": record["id"], "label": _label(table, record, names), "shape": "deal",
                              "steps": [{"event": n, "stage": stage[events[n]["id"]]} for n in
                                        sorted(dated[record["id"]], key=lambda n: (events[n]["s"] or events[n]["e"], events[n]["e"] or events[n]["s"]))]})
    return deals


def _reader(data_dir: Path | None) -> tuple[dict[str, Any], Callable[[str, str], bytes]]:
    """The datapackage and a checked byte reader: the installed package's, or a built folder's (for benchmarks)."""
    if data_dir is None:
        return loaders.datapackage(), loaders.verified_bytes

    def read(path: str, expected: str) -> bytes:
        payload = (data_dir / path).read_bytes()
        if f"sha256:{hashlib.sha256(payload).hexdigest()}" != expected:
            raise loaders.DataIntegrityError(f"{data_dir / path} does not match its hash in datapackage.json")
        return payload

    return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8")), read


def _rows(read: Callable[[str, str], bytes], resource: dict[str, Any]) -> list[dict[str, Any]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    parquet = resource["parquet"]
    table = pq.ParquetFile(pa.BufferReader(read(parquet["path"], parquet["hash"]))).read(use_threads=False)
    return [{k: _plain(v) for k, v in row.items()} for row in table.to_pylist()]


def site_data(archive: Path | None = None, data_dir: Path | None = None) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """What the page shows, as JSON-able data: the page's own data, and each table's rows apart."""
    package, read = _reader(data_dir)
    tables: dict[str, Any] = {}
    steps: dict[str, dict[str, str]] = {}
    dated: set[str] = set()
    rows: dict[str, list[dict[str, Any]]] = {}
    downloads = []
    countries: set[str] = set()
    for resource in package["resources"]:
        name = resource["name"]
        rows[name] = _rows(read, resource)
        names = [f["name"] for f in resource["schema"]["fields"]]
        if resource[EXTENSION].get("steps"):
            steps[name] = resource[EXTENSION]["steps"]
        shown = _shown_by_default(names, resource[EXTENSION]["key_columns"])
        columns = []
        for field in resource["schema"]["fields"]:
            extension = field[EXTENSION]
            ref, kind = extension.get("ref"), extension["kind"]
            if KINDS[kind].countries:
                countries.update(v for r in rows[name] for v in (r[field["name"]] or "").split("|") if v)
            if KINDS[kind].dated:
                dated.update(r[field["name"]] for r in rows[name] if r[field["name"]])
            columns.append({"name": field["name"], "label": column_label(field["name"], ref), "type": field["type"],
                            "kind": kind, "description": plain_text(field.get("description", "")),
                            "required": bool(field.get("constraints", {}).get("required")), "ref": ref,
                            "unit": extension.get("unit"), "allowed": _allowed(field),
                            "shown": shown.index(field["name"]) if field["name"] in shown else None})
        tables[name] = {"description": plain_text(resource["description"]), "noun": resource[EXTENSION]["noun"],
                        "steps": resource[EXTENSION].get("steps"),
                        "key": resource["schema"]["primaryKey"],
                        "rows": len(rows[name]), "columns": columns}
        for entry in (resource, resource["parquet"]):
            downloads.append({"path": f"data/{entry['path']}", "bytes": entry["bytes"],
                              "sha256": entry["hash"].removeprefix("sha256:")})
    if archive is not None:
        payload = archive.read_bytes()
        downloads.append({"path": f"data/{archive.name}", "bytes": len(payload), "sha256": hashlib.sha256(payload).hexdigest()})
    events, as_of = _events(rows)
    known = [d for r in rows.get("timeline", []) for d in (r["date_start"], r["date_end"]) if d]
    stages: list[str] = next((f["constraints"]["enum"] for r in package["resources"] if r["name"] in {s["table"] for s in steps.values()}
                   for f in r["schema"]["fields"] if f["name"] == "stage"), [])
    page = {
        "version": package["version"],
        "tables": tables,
        "events": events,
        "deals": _deals(rows, events, steps),
        "stages": stages,
        "dates": {text: words(text) for text in sorted(dated)},
        "report": _report(rows),
        "as_of": as_of,
        "open_until": max(known) if known else None,
        "countries": {code: ALPHA3[code] for code in sorted(countries) if code in ALPHA3},
        "downloads": downloads,
    }
    return page, rows


def _report(rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """How a reader reports a wrong fact: the issue form's path, and each record's prefilled link once the project
    has a public repository (none until then: the page then says where to open the form)."""
    links: dict[str, dict[str, str]] = {}
    for table, table_rows in rows.items():
        for row in table_rows:
            link = citation.report_link(table, row["id"]) if row.get("id") else None
            if link is not None:
                links.setdefault(table, {})[row["id"]] = link
    return {"form": f".github/ISSUE_TEMPLATE/{citation.REPORT_TEMPLATE}", "links": links}


def _script(variable: str, value: Any) -> str:
    return f"{variable} = {json.dumps(value, ensure_ascii=False, separators=(',', ':'))};\n"


def build_site(out: Path, archive: Path | None = None, progress: Progress = silent, data_dir: Path | None = None) -> None:
    """Write the explorer to ``out``, replacing it only once complete; ``archive`` is offered for download too.

    ``out`` must be new, empty or an earlier site (see :func:`~moroccous_data.atomic.check_target`);
    ``data_dir`` shows a built data folder instead of the installed package's data (the benchmarks use it).
    """
    page, rows = site_data(archive, data_dir)
    package, read = _reader(data_dir)
    with staged_folder(out, COMMAND) as staging:
        progress(f"writing the explorer to {out}")
        for asset in ASSETS:
            data = pkgutil.get_data(__name__, asset)
            if data is None:
                raise FileNotFoundError(f"explorer asset {asset} is missing from the package")
            (staging / asset).write_bytes(data)
        (staging / "data.js").write_text(_script("window.MOROCCOUS", page), encoding="utf-8")
        (staging / "rows").mkdir()
        for name, table_rows in rows.items():
            (staging / "rows" / f"{name}.js").write_text(_script(f"window.MOROCCOUS.rows[{json.dumps(name)}]", table_rows),
                                                         encoding="utf-8")
        (staging / "data").mkdir()
        for resource in package["resources"]:
            progress(f"copying {resource['name']} into {out}")
            for entry in (resource, resource["parquet"]):
                (staging / "data" / entry["path"]).write_bytes(read(entry["path"], entry["hash"]))
        (staging / "data" / "datapackage.json").write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")
        if archive is not None:
            shutil.copy(archive, staging / "data" / archive.name)
