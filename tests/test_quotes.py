"""Every quote is the exact text of its source at its offsets, checked against the source files."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import moroccous_data as md
from moroccous_data.validation.checks import check_folder
from moroccous_data.validation.problem import Code
from conftest import SEEDS


def test_every_source_text_is_present_and_matches_its_hash(sources_dir: Path) -> None:
    hashes = {hashlib.sha256(p.read_bytes()).hexdigest() for p in sources_dir.iterdir() if p.is_file()}
    sources = md.load_sources()
    assert len(sources) == len(list(csv.DictReader((SEEDS / "sources.csv").open(encoding="utf-8")))) > 0
    held = sources[sources.held]
    assert len(held) and set(held["sha256"]) <= hashes
    assert sources[~sources.held].sha256.isna().all() and sources[~sources.held].url.notna().all()


def test_every_quote_matches_its_source(sources_dir: Path) -> None:
    texts = {}
    for path in sources_dir.iterdir():
        data = path.read_bytes()
        texts[hashlib.sha256(data).hexdigest()] = data.decode("utf-8")
    by_id = {row.id: texts[row.sha256] for row in md.load_sources().itertuples() if row.held}
    citations = md.load_citations()
    quoted = citations[citations.quote.notna()]
    assert len(quoted) > 0 and set(quoted.source_id) <= set(by_id), "every quote is of a held text"
    assert citations[citations.quote.isna()].fingerprint.str.fullmatch("sha256:[0-9a-f]{64}").all()
    for row in quoted.itertuples():
        assert by_id[row.source_id][row.quote_start:row.quote_end] == row.quote, (row.record_table, row.record_id)
        assert 0 < len(row.quote) <= 300


def test_the_validator_checks_quotes_too(sources_dir: Path, seeds_copy: Path) -> None:
    assert check_folder(SEEDS, sources=sources_dir).problems == []
    path = seeds_copy / "citations.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    start = rows[0].index("quote_start")
    # shift the quote by one character, keeping its length: only the text comparison can catch it
    rows[1][start] = str(int(rows[1][start]) + 1)
    rows[1][start + 1] = str(int(rows[1][start + 1]) + 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    problems = check_folder(seeds_copy, sources=sources_dir).problems
    assert [(p.row, p.column, p.code) for p in problems] == [(2, "quote", Code.QUOTE_MISMATCH)], problems
