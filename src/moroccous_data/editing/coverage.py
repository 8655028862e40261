"""Which sentences of each source the citations cover, and which were reviewed as stating no fact.

A sentence counts as covered when a citation of a fact record (any table but
``entities``) overlaps it: a citation that only shows how a name is spelled
does not make a sentence's facts recorded. The sentences that state nothing to record (headings, publisher boilerplate,
commentary) are listed by offsets in ``seeds/reviewed_sentences.csv`` with a
verdict, so the report can show that every sentence was looked at; the file
holds offsets, never the source's words.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ..inputs import refuse_irregular
from ..models.specs import REVIEWED_FILE
from ..sentences import Sentence, sentences

REVIEWED_COLUMNS = ["source_id", "sentence_start", "sentence_end", "verdict", "note"]
VERDICTS = ("heading", "boilerplate", "commentary", "publisher_text", "photo_caption", "no_fact")


@dataclass(frozen=True)
class Line:
    """One sentence of the report and how it is accounted for."""

    source_id: str
    sentence: Sentence
    status: str  # cited, reviewed, uncited
    verdict: str = ""


def read_reviewed(path: Path) -> dict[tuple[str, int, int], str]:
    """The reviewed sentences as ``(source_id, start, end) → verdict``."""
    refuse_irregular(path)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != REVIEWED_COLUMNS:
            raise ValueError(f"{path}:1: the columns must be {','.join(REVIEWED_COLUMNS)}")
        out = {}
        for number, row in enumerate(reader, start=2):
            if row["verdict"] not in VERDICTS:
                raise ValueError(f"{path}:{number}:verdict: {row['verdict']!r} is not one of {', '.join(VERDICTS)}")
            out[(row["source_id"], int(row["sentence_start"]), int(row["sentence_end"]))] = row["verdict"]
        return out


def report(texts: dict[str, str], spans: dict[str, list[tuple[int, int]]],
           reviewed: dict[tuple[str, int, int], str]) -> list[Line]:
    """Every sentence of every source, marked cited, reviewed or uncited."""
    lines = []
    for source_id, text in texts.items():
        cited = sorted(spans.get(source_id, []))
        for sentence in sentences(text):
            if any(s < sentence.end and e > sentence.start for s, e in cited):
                lines.append(Line(source_id, sentence, "cited"))
            elif (verdict := reviewed.get((source_id, sentence.start, sentence.end))) is not None:
                lines.append(Line(source_id, sentence, "reviewed", verdict))
            else:
                lines.append(Line(source_id, sentence, "uncited"))
    return lines
