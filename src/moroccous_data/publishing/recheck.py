"""``moroccous-data recheck``: every citation checked against its source's live page.

A quote is found when it is on the page after the fingerprint's normalisation
(pages change quote marks, dashes and spacing more often than words). A
fingerprint is found when a sentence of the page, split by the project's own
splitter, or a run of up to three consecutive sentences (a page may break a
sentence at a link or a line the curator's copy did not), has that
fingerprint. The rows are plain dicts, as the loaders or a seeds folder give
them; columns a table may not have yet (``fingerprint``, ``locator``,
``accessed``) are read with ``.get``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import MoroccousDataError
from ..inputs import read_regular
from ..loading.provenance import wayback
from ..sentences import fingerprint, normalise, sentences
from . import webpage

STATUSES = ("found", "not-found", "gone", "unreachable", "not-text")
RUN = 3  # consecutive sentences joined when looking for a fingerprint
MAX_SEED_BYTES = 64 << 20  # a seeds table read by --seeds; the real ones are well under 1 MB
Row = dict[str, Any]


class RecheckError(MoroccousDataError):
    """Nothing can be checked as asked: an unknown source, a source with no address, unreadable seeds."""


@dataclass(frozen=True)
class Check:
    """One citation's verdict against its source's page."""

    source_id: str
    url: str
    record_table: str
    record_id: str
    evidence: str  # quote or fingerprint
    status: str
    detail: str
    wayback: str | None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def installed_rows() -> tuple[list[Row], list[Row]]:
    """The sources and citations of the installed package."""
    from ..loading import loaders

    return loaders.load("sources", "arrow").to_pylist(), loaders.load("citations", "arrow").to_pylist()


def seed_rows(folder: Path) -> tuple[list[Row], list[Row]]:
    """The sources and citations of a seeds folder, so a contribution can be rechecked before it is built."""
    return (_read_seed(folder / "sources.csv", ("id", "url")),
            _read_seed(folder / "citations.csv", ("record_table", "record_id", "source_id")))


def _read_seed(path: Path, needed: tuple[str, ...]) -> list[Row]:
    """A seed CSV's rows; a FIFO, device or folder is refused without reading, and so is a file over the cap."""
    data = read_regular(path, MAX_SEED_BYTES, "seed table")
    try:
        reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        rows = list(reader)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise RecheckError(f"{path}: not a UTF-8 CSV file ({exc})") from exc
    missing = [c for c in needed if c not in (reader.fieldnames or ())]
    if missing:
        raise RecheckError(f"{path}: no column {', '.join(missing)}")
    return rows


def chosen(sources: list[Row], named: Iterable[str] = ()) -> list[Row]:
    """The sources to fetch: those named (each must exist and have an address), else every one with an address."""
    by_id = {str(s["id"]): s for s in sources}
    names = list(dict.fromkeys(named))
    unknown = [n for n in names if n not in by_id]
    if unknown:
        raise RecheckError(f"no source {', '.join(map(repr, unknown))}; the sources are: {', '.join(sorted(by_id))}")
    without = [n for n in names if not by_id[n].get("url")]
    if without:
        raise RecheckError(f"no address to fetch for {', '.join(without)} (sources.url is empty)")
    picked = [by_id[n] for n in names] or [s for s in sources if s.get("url")]
    if not picked:
        raise RecheckError("no source has an address (sources.url) to fetch")
    for source in (s for s in picked if s.get("accessed")):
        try:
            wayback(str(source["url"]), source["accessed"])
        except ValueError as exc:
            raise RecheckError(f"source {source['id']}: accessed {source['accessed']!r} is not a day (YYYY-MM-DD)") from exc
    return picked


def recheck(sources: list[Row], citations: list[Row], timeout: float = webpage.TIMEOUT,
            max_bytes: int = webpage.MAX_BYTES) -> Iterator[Check]:
    """Each citation of each of ``sources`` checked against its page, one page at a time as it is fetched."""
    for source in sources:
        cited = [c for c in citations if c["source_id"] == source["id"]]
        if cited:
            yield from _checks(source, cited, webpage.fetch(str(source["url"]), timeout, max_bytes))


def _checks(source: Row, cited: list[Row], page: webpage.Page) -> Iterator[Check]:
    url = str(source["url"])
    archived = wayback(url, source["accessed"]) if source.get("accessed") else None
    moved = f"moved to {page.url}" if page.url != url else ""
    text, prints = normalise(page.text), _fingerprints(page.text)
    for citation in cited:
        evidence, status, detail = _verdict(citation, page, text, prints)
        yield Check(str(source["id"]), url, str(citation["record_table"]), str(citation["record_id"]), evidence,
                    status, "; ".join(filter(None, (detail, moved))), archived)


def _verdict(citation: Row, page: webpage.Page, text: str, prints: set[str]) -> tuple[str, str, str]:
    """The citation's kind of evidence, its status and why, given the page's normalised text and fingerprints."""
    print_ = str(citation.get("fingerprint") or "").strip()
    evidence = "fingerprint" if print_ else "quote"
    if page.status != "ok":
        return evidence, page.status, page.detail
    if print_:
        if print_ in prints:
            return evidence, "found", ""
        where = f" (its locator: {citation['locator']})" if citation.get("locator") else ""
        return evidence, "not-found", f"no sentence, nor run of up to {RUN}, has this fingerprint{where}"
    quote = normalise(str(citation.get("quote") or ""))
    if not quote:
        return evidence, "not-found", "the citation has neither a quote nor a fingerprint"
    return (evidence, "found", "") if quote in text else (evidence, "not-found", "the quote is not on the page")


def _fingerprints(text: str) -> set[str]:
    """The fingerprint of every sentence of ``text`` and of every run of up to ``RUN`` consecutive ones."""
    found = list(sentences(text))
    return {fingerprint(text[first.start:found[last].end])
            for at, first in enumerate(found) for last in range(at, min(at + RUN, len(found)))}
