"""The static explorer: one folder of HTML, CSS, JavaScript and the data, opened from disk with no server.

The page's data is written as a script (``data.js``) rather than JSON, because
browsers refuse to fetch files from ``file://``; nothing is loaded from the
network, and the download links point at copies of the shipped files.
"""

from __future__ import annotations

import hashlib
import json
import pkgutil
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from .. import loaders
from ..atomic import staged_folder
from ..progress import Progress, silent
from ..specs import table_specs

ASSETS = ("index.html", "app.js", "style.css")
COMMAND = "moroccous-data site"  # named in the site folder's marker file


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _allowed(field: dict[str, Any]) -> str:
    constraints = field.get("constraints", {})
    if "enum" in constraints and len(constraints["enum"]) < 40:
        return ", ".join(constraints["enum"])
    if "enum" in constraints:
        return "ISO 3166-1 alpha-3 code"
    return ""


def site_data(archive: Path | None = None) -> dict[str, Any]:
    """Everything the page shows, as plain JSON-able data (with the release archive among the downloads, if given)."""
    package = loaders.datapackage()
    specs = table_specs()
    tables: dict[str, Any] = {}
    downloads = []
    for resource in package["resources"]:
        name = resource["name"]
        refs = {c.name: c.ref for c in specs[name].columns if c.ref} if name in specs else {}
        units = {c.name: c.unit for c in specs[name].columns} if name in specs else {}
        rows = [{k: _plain(v) for k, v in row.items()} for row in loaders.load(name, format="arrow").to_pylist()]
        tables[name] = {
            "description": resource["description"],
            "key": resource["schema"]["primaryKey"],
            "columns": [{"name": f["name"], "type": f["type"], "description": f.get("description", ""),
                         "required": bool(f.get("constraints", {}).get("required")), "ref": refs.get(f["name"]),
                         "unit": units.get(f["name"]), "allowed": _allowed(f)} for f in resource["schema"]["fields"]],
            "rows": rows,
        }
        for entry in (resource, resource["parquet"]):
            downloads.append({"path": f"data/{entry['path']}", "bytes": entry["bytes"],
                              "sha256": entry["hash"].removeprefix("sha256:")})
    if archive is not None:
        payload = archive.read_bytes()
        downloads.append({"path": f"data/{archive.name}", "bytes": len(payload), "sha256": hashlib.sha256(payload).hexdigest()})
    citations: dict[str, list[dict[str, Any]]] = {}
    for citation in tables["citations"]["rows"]:
        citations.setdefault(f"{citation['record_table']}/{citation['record_id']}", []).append(citation)
    timeline = tables["timeline"]["rows"]
    known = [d for r in timeline for d in (r["date_start"], r["date_end"]) if d]
    return {
        "version": package["version"],
        "tables": tables,
        "citations": citations,
        "sources": {s["id"]: s for s in tables["sources"]["rows"]},
        "timeline": timeline,
        "open_until": max(known) if known else None,
        "downloads": downloads,
    }


def build_site(out: Path, archive: Path | None = None, progress: Progress = silent) -> None:
    """Write the explorer to ``out``, replacing it only once complete; ``archive`` is offered for download too.

    ``out`` must be new, empty or an earlier site (see :func:`~moroccous_data.atomic.check_target`).
    """
    with staged_folder(out, COMMAND) as staging:
        progress(f"writing the explorer to {out}")
        for asset in ASSETS:
            data = pkgutil.get_data(__name__, asset)
            if data is None:
                raise FileNotFoundError(f"explorer asset {asset} is missing from the package")
            (staging / asset).write_bytes(data)
        document = json.dumps(site_data(archive), ensure_ascii=False, separators=(",", ":"))
        (staging / "data.js").write_text(f"window.MOROCCOUS = {document};\n", encoding="utf-8")
        (staging / "data").mkdir()
        package = loaders.datapackage()
        for resource in package["resources"]:
            progress(f"copying {resource['name']} into {out}")
            for entry in (resource, resource["parquet"]):
                (staging / "data" / entry["path"]).write_bytes(loaders.verified_bytes(entry["path"], entry["hash"]))
        (staging / "data" / "datapackage.json").write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")
        if archive is not None:
            shutil.copy(archive, staging / "data" / archive.name)
