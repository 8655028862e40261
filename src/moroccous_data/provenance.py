"""The evidence for one record in one call: its quotes, decisive ones first, with where each source was published.

Reads the shipped tables only, so it works from an installed wheel; the
source texts (in a clone's ``seeds/sources/``) are needed only to show the
sentence around each quote.
"""

from __future__ import annotations

import difflib
import warnings
from typing import TYPE_CHECKING, Any

from .errors import MoroccousDataError, UnknownTableError

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ["role", "quote", "source_id", "source_title", "publisher", "source_date", "url",
           "quote_start", "quote_end", "note"]
_LISTED = 30  # at most this many ids are named in an error; more get the closest ones and a pointer


class UnknownRecordError(MoroccousDataError, KeyError):
    """A record id that the table does not have."""

    def __str__(self) -> str:
        return str(self.args[0])


def resolve(table: str, record_id: str) -> str:
    """The current id of a record: ``record_id`` itself, or the id that replaced it in a later release.

    Raises ``UnknownTableError`` or ``UnknownRecordError`` (naming the valid choices) when there is none.
    """
    from . import loaders

    cited = set(loaders.load("citations", "arrow").column("record_table").to_pylist())
    if table not in cited:
        raise UnknownTableError(table, sorted(cited))
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


def evidence_rows(table: str, record_id: str) -> list[dict[str, Any]]:
    """The citations of one record as dicts (``COLUMNS``), ``states`` first, without pandas."""
    from . import loaders

    current = resolve(table, record_id)
    sources = {s["id"]: s for s in loaders.load("sources", "arrow").to_pylist()}
    rows = []
    for c in loaders.load("citations", "arrow").to_pylist():  # built in role order: states first
        if c["record_table"] == table and c["record_id"] == current:
            source = sources[c["source_id"]]
            rows.append({"role": c["role"], "quote": c["quote"], "source_id": c["source_id"],
                         "source_title": source["title"], "publisher": source["publisher"],
                         "source_date": source["date"], "url": source["url"],
                         "quote_start": c["quote_start"], "quote_end": c["quote_end"], "note": c["note"]})
    return rows


def evidence(table: str, record_id: str) -> "pd.DataFrame":
    """The quotes that support one record, ``states`` first: role, quote, source title, publisher, date, url, offsets.

    >>> evidence("sales", "m142-himars-fms")[["role", "quote", "url"]]  # doctest: +SKIP
    """
    import pandas as pd

    frame = pd.DataFrame(evidence_rows(table, record_id), columns=COLUMNS)
    for name in ("quote_start", "quote_end"):
        frame[name] = frame[name].astype("Int64")
    return frame
