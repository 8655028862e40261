"""The coverage review of a seeds folder: every sentence of each source, cited, reviewed or unaccounted for.

What ``moroccous-data coverage`` reports, apart from how it prints: valid seeds
are required (a quote crossing a sentence boundary is refused by validation
first), and a ``reviewed_sentences.csv`` row whose offsets are no longer a
sentence of its source is reported as stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import MoroccousDataError
from ..seedfiles import source_text, sources_folder
from ..validation.checks import check_folder
from .coverage import REVIEWED_FILE, Line, read_reviewed, report


@dataclass(frozen=True)
class Review:
    """Each source's sentences with their status, and the review rows that match no sentence."""

    lines: list[Line]
    sources: list[str]
    stale: list[tuple[str, int, int]]

    @property
    def complete(self) -> bool:
        return not self.stale and all(line.status != "uncited" for line in self.lines)


def review(seeds: Path, sources: Path | None = None, only: str | None = None) -> Review:
    """The coverage of every source (or ``only`` one); refuses invalid seeds and an unknown source id."""
    sources = sources or sources_folder(seeds)
    checked = check_folder(seeds, sources=sources)
    if checked.problems:
        raise MoroccousDataError(f"{len(checked.problems)} problem(s) in {seeds}; run moroccous-data validate first")
    texts = {str(s["id"]): str(source_text(sources, str(s["id"]), str(s["sha256"]))[0])
             for s in checked.records("sources") if s["sha256"] is not None}  # a page not held has no sentences here
    if only is not None:
        if only not in texts:
            raise MoroccousDataError(f"no source {only!r}; the sources are: {', '.join(sorted(texts))}")
        texts = {only: texts[only]}
    spans: dict[str, list[tuple[int, int]]] = {}
    for citation in checked.records("citations"):
        if citation["record_table"] != "entities" and citation["source_id"] in texts:
            spans.setdefault(str(citation["source_id"]), []).append(
                (int(str(citation["quote_start"])), int(str(citation["quote_end"]))))
    try:
        reviewed = read_reviewed(seeds / REVIEWED_FILE)
    except ValueError as exc:
        raise MoroccousDataError(str(exc)) from exc
    lines = report(texts, spans, reviewed)
    known = {(line.source_id, line.sentence.start, line.sentence.end) for line in lines}
    stale = sorted(k for k in set(reviewed) - known if k[0] in texts)
    return Review(lines, list(texts), stale)
