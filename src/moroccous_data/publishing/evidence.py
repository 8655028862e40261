"""A record's evidence as ``moroccous-data evidence`` shows it: each quote with the sentence it stands in,
read from the source texts when they are at hand (a clone of the repository has them; a wheel does not)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..loading import loaders
from ..loading.provenance import evidence_rows
from ..seedfiles import source_text, sources_folder
from ..sentences import sentences


def evidence_in_context(table: str, record_id: str, sources: Path | None = None) -> list[dict[str, Any]]:
    """``evidence_rows`` with a ``sentence``: the source's sentence around the quote where it says more than the
    quote, else None (also when the text is not at hand)."""
    folder = sources or sources_folder(Path("seeds"))
    hashes = {s["id"]: s["sha256"] for s in loaders.load("sources", "arrow").to_pylist()}
    rows = []
    for row in evidence_rows(table, record_id):
        if row["quote"] is None:  # a page not held: its sentence is checked at the page (recheck), never copied here
            rows.append({**row, "sentence": None})
            continue
        text = source_text(folder, row["source_id"], hashes[row["source_id"]])[0]
        around = next((s for s in sentences(text) if s.start <= row["quote_start"] < s.end), None) if text else None
        rows.append({**row, "sentence": around.text if around is not None and around.text != row["quote"] else None})
    return rows
