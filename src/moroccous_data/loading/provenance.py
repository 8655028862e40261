"""The evidence for one record in one call: its quotes, decisive ones first, with where each source was published.

Reads the shipped tables only, so it works from an installed wheel; the
source texts (in a clone's ``seeds/sources/``) are needed only to show the
sentence around each quote.
"""

from __future__ import annotations

import difflib
import warnings
from functools import cache
from typing import TYPE_CHECKING, Any

from ..errors import MoroccousDataError, UnknownTableError

if TYPE_CHECKING:
    from datetime import date

    import pandas as pd

COLUMNS = ["record_table", "record_id", "stage", "date", "role", "quote", "locator", "fingerprint", "source_id",
           "source_title", "publisher", "source_date", "url", "archived", "quote_start", "quote_end", "note"]


def wayback(url: str, accessed: "date | str") -> str:
    """The Wayback Machine's copy of ``url`` nearest the day it was read (``accessed``: a date or an ISO day;
    anything else raises ValueError)."""
    from datetime import date

    day = accessed if isinstance(accessed, date) else date.fromisoformat(str(accessed)[:10])
    return f"https://web.archive.org/web/{day:%Y%m%d}/{url}"


def archived(held: bool | None, url: str | None, accessed: "date | str | None") -> str | None:
    """The Wayback address readers follow for a source: only for a page this repository does not hold, since a
    held text is checked offline."""
    return wayback(url, accessed) if not held and url and accessed else None


_LISTED = 30  # at most this many ids are named in an error; more get the closest ones and a pointer


class UnknownRecordError(MoroccousDataError, KeyError):
    """A record id that the table does not have."""

    def __str__(self) -> str:
        return str(self.args[0])


def resolve(table: str, record_id: str) -> str:
    """The current id of a record: ``record_id`` itself, or the id that replaced it in a later release.

    Raises ``UnknownTableError`` or ``UnknownRecordError`` (naming the valid choices) when there is none.
    """
    from ..models.specs import cited_tables
    from . import loaders

    if table not in cited_tables():
        raise UnknownTableError(table, sorted(cited_tables()))
    ids = loaders.load(table, "arrow").column("id").to_pylist()
    if record_id in ids:
        return record_id
    for entry in loaders.datapackage().get("replaced_ids", []):
        if entry["resource"] == table and entry["id"] == record_id:
            warnings.warn(f"{table} id {record_id!r} was replaced by {entry['replaced_by']!r} in "
                          f"{entry['retired_in']}", stacklevel=3)
            return str(entry["replaced_by"])
    if len(ids) <= _LISTED:
        choices = ", ".join(sorted(ids))
    else:
        close = difflib.get_close_matches(record_id, ids, n=5, cutoff=0.4)
        choices = (f"closest: {', '.join(close)}; " if close else "") + \
            f"all {len(ids)} are listed by `moroccous-data show {table}`"
    raise UnknownRecordError(f"{table} has no record with id {record_id!r}; the ids are: {choices}")


@cache
def _sources_and_citations() -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], list[dict[str, Any]]]]:
    """Sources by id and citations by record, read once: the installed data does not change while it runs."""
    from . import loaders

    sources = {s["id"]: s for s in loaders.load("sources", "arrow").to_pylist()}
    cited: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for c in loaders.load("citations", "arrow").to_pylist():  # built in role order: states first
        cited.setdefault((c["record_table"], c["record_id"]), []).append(c)
    return sources, cited


def evidence_rows(table: str, record_id: str) -> list[dict[str, Any]]:
    """The citations of one record as dicts (``COLUMNS``), ``states`` first, without pandas; for a deal, then those
    of each of its stage events in the order of the deal's progress."""
    from ..models.specs import table_specs
    from . import loaders

    current = resolve(table, record_id)
    records: list[tuple[str, str, str | None, str | None]] = [(table, current, None, None)]
    if (spec := table_specs()[table].steps) is not None:
        part, key = spec
        steps = [r for r in loaders.load(part, "arrow").to_pylist() if r[key] == current]
        records += [(part, r["id"], r["stage"], r["date"]) for r in steps]  # built in deal, stage, date order
    sources, cited = _sources_and_citations()
    rows = []
    for record_table, rid, stage, when in records:
        for c in cited.get((record_table, rid), []):
            source = sources[c["source_id"]]
            rows.append({"record_table": record_table, "record_id": rid, "stage": stage, "date": when,
                         "role": c["role"], "quote": c["quote"], "locator": c.get("locator"),
                         "fingerprint": c.get("fingerprint"), "source_id": c["source_id"],
                         "source_title": source["title"], "publisher": source["publisher"],
                         "source_date": source["date"], "url": source["url"],
                         "archived": archived(source.get("held"), source.get("url"), source.get("accessed")),
                         "quote_start": c["quote_start"], "quote_end": c["quote_end"], "note": c["note"]})
    return rows


def evidence(table: str, record_id: str) -> "pd.DataFrame":
    """The quotes that support one record, ``states`` first: role, quote, source title, publisher, date, url, offsets.

    For a deal (``sales``), the quotes of each of its stage events follow, in stage order, with the stage and date.

    >>> evidence("sales", "m142-himars-fms")[["role", "quote", "url"]]  # doctest: +SKIP
    """
    import pandas as pd

    frame = pd.DataFrame(evidence_rows(table, record_id), columns=COLUMNS)
    for name in ("quote_start", "quote_end"):
        frame[name] = frame[name].astype("Int64")
    return frame


PAIRED_KINDS = ("disagreement", "not_comparable")
COLUMNS_DISAGREEMENTS = ["note_id", "kind", "table_a", "id_a", "value_a", "sources_a", "table_b", "id_b", "value_b",
                         "sources_b", "note", "written", "correction"]


def disagreement_rows(kinds: tuple[str, ...] = PAIRED_KINDS) -> list[dict[str, Any]]:
    """The records the source notes of ``kinds`` bear on, with their values and sources.

    A note that sets records side by side (``disagreement``, ``not_comparable``, ``corroboration``) gives one row
    per pair; any other kind (``error``, ``ambiguity``: a source wrong or unclear) one row per record it names,
    with the ``b`` side empty. Each row carries the note's ``written`` words and its ``correction``.
    """
    from itertools import combinations

    from . import loaders

    stating: dict[tuple[str, str], list[str]] = {}
    for c in loaders.load("citations", "arrow").to_pylist():
        if c["role"] == "states":
            found = stating.setdefault((c["record_table"], c["record_id"]), [])
            if c["source_id"] not in found:
                found.append(c["source_id"])
    records: dict[str, dict[str, dict[str, Any]]] = {}

    def value(table: str, record_id: str) -> str:
        if table not in records:
            records[table] = {r["id"]: r for r in loaders.load(table, "arrow").to_pylist()}
        row = records[table][record_id]
        return str(row.get("statement") or row.get("name") or row.get("written") or record_id)

    def side(ref: tuple[str, str] | None, letter: str) -> dict[str, Any]:
        if ref is None:
            return {f"table_{letter}": None, f"id_{letter}": None, f"value_{letter}": None, f"sources_{letter}": None}
        table, record_id = ref
        return {f"table_{letter}": table, f"id_{letter}": record_id, f"value_{letter}": value(table, record_id),
                f"sources_{letter}": "|".join(stating.get((table, record_id), []))}

    out = []
    for note in loaders.load("source_notes", "arrow").to_pylist():
        if note["kind"] not in kinds or not note["record_refs"]:
            continue
        refs = [tuple(ref.partition(":")[::2]) for ref in note["record_refs"].split("|")]
        paired = note["kind"] in PAIRED_KINDS + ("corroboration",)
        pairs = combinations(refs, 2) if paired else ((ref, None) for ref in refs)
        for ref_a, ref_b in pairs:
            out.append({"note_id": note["id"], "kind": note["kind"], **side(ref_a, "a"), **side(ref_b, "b"),
                        "note": note["note"], "written": note["written"], "correction": note["correction"]})
    return out


def disagreements(include_corroborations: bool = False, kinds: tuple[str, ...] | None = None) -> "pd.DataFrame":
    """One row per pair of records that sources set against each other (``disagreement``, ``not_comparable``).

    With ``include_corroborations``, pairs where two sources state the same fact are listed too. ``kinds`` chooses
    the note kinds instead, e.g. ``("error", "ambiguity")`` (where a source is wrong or unclear),
    which give one row per record the note bears on, its ``b`` side empty.
    """
    import pandas as pd

    from ..models.vocab import NoteKind

    if kinds is None:
        kinds = PAIRED_KINDS + (("corroboration",) if include_corroborations else ())
    unknown = sorted(set(kinds) - {str(k) for k in NoteKind})
    if unknown:
        raise ValueError(f"unknown source note kind(s) {', '.join(unknown)}; the kinds are {', '.join(NoteKind)}")
    return pd.DataFrame(disagreement_rows(tuple(kinds)), columns=COLUMNS_DISAGREEMENTS)
